//! terraform-provider-sfn as a library: the provider, its resources and data sources, and the
//! AWS seam. The binary (`main.rs`) only serves it; the docs generator reads its schemas.

pub mod aws;
pub mod codes;
pub mod config;
pub mod diags;
pub mod docs;
pub mod enums;
pub mod errors;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod logging;
pub mod model;
pub mod plugin;
pub mod provider;
pub mod resources;
pub mod rule_control;
pub mod schema;
pub mod session;
pub mod tags;
pub mod tfvalue;
pub mod workflow;
pub mod workflow_test;

#[cfg(test)]
mod layers {
    //! The modules import one way (ARCHITECTURE.md, "Invariants"): each may use only the modules
    //! of the layers before its own, so no two import each other.

    use std::collections::BTreeSet;
    use std::path::Path;

    /// Bottom first. Modules in one layer do not use each other.
    const LAYERS: &[&[&str]] = &[
        &["model", "tfvalue", "codes", "logging", "diags", "enums"],
        &["schema", "plugin", "rule_control"],
        &["tags"],
        &["config"],
        &["aws"],
        &["errors"],
        &["session", "workflow", "workflow_test"],
        &["resources"],
        &["provider", "docs", "fuzzing"],
    ];

    fn layer(module: &str) -> Option<usize> {
        LAYERS.iter().position(|l| l.contains(&module))
    }

    /// The `crate::<module>` paths in a file or under a folder.
    fn uses(path: &Path, out: &mut BTreeSet<String>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
                uses(&entry.path(), out);
            }
            return;
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            out.insert(name);
        }
    }

    #[test]
    fn modules_import_one_way() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut modules = 0;
        for entry in std::fs::read_dir(&src).into_iter().flatten().flatten() {
            let file = entry.file_name().to_string_lossy().to_string();
            let module = file.trim_end_matches(".rs").to_string();
            if matches!(module.as_str(), "lib" | "main") {
                continue;
            }
            let Some(own) = layer(&module) else {
                panic!("src/{file}: add the module to LAYERS");
            };
            modules += 1;
            let mut used = BTreeSet::new();
            uses(&entry.path(), &mut used);
            for u in used.iter().filter(|u| **u != module) {
                let Some(theirs) = layer(u) else { continue };
                assert!(
                    theirs < own,
                    "src/{file} uses crate::{u}, which is not below it (see LAYERS)"
                );
            }
        }
        assert!(modules >= 15, "read {modules} modules");
    }
}
