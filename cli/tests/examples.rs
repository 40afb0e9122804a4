//! The generated HCL examples stay in step with the converter: `examples/workflows/<name>/main.tf`
//! must be exactly what `sfn-asl hcl examples/asl/<name>.asl.json` prints now.

use std::path::{Path, PathBuf};
use std::process::Command;

const REGENERATE: &str = "scripts/gen-examples.sh";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn names_in(dir: &Path, suffix: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if suffix.is_empty() {
                e.path().is_dir().then_some(name)
            } else {
                name.strip_suffix(suffix).map(str::to_string)
            }
        })
        .collect();
    out.sort();
    out
}

#[test]
fn examples_are_fresh() {
    let root = root();
    let sources = names_in(&root.join("examples/asl"), ".asl.json");
    assert!(!sources.is_empty(), "no examples/asl/*.asl.json");
    let generated = names_in(&root.join("examples/workflows"), "");
    assert_eq!(
        generated, sources,
        "examples/workflows/ must hold one directory per examples/asl/*.asl.json: run {REGENERATE} (and delete directories without a source)"
    );
    let mut stale = Vec::new();
    for stem in &sources {
        let source = format!("examples/asl/{stem}.asl.json");
        let output = Command::new(env!("CARGO_BIN_EXE_sfn-asl"))
            .args(["hcl", &source])
            .current_dir(&root)
            .output()
            .unwrap_or_else(|e| panic!("sfn-asl: {e}"));
        assert!(
            output.status.success(),
            "sfn-asl hcl {source} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let fresh = String::from_utf8_lossy(&output.stdout);
        let committed_path = root.join(format!("examples/workflows/{stem}/main.tf"));
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        assert!(
            fresh.starts_with(&format!("# Generated from {source} by `sfn-asl hcl`.")),
            "{fresh}"
        );
        if committed != fresh {
            stale.push(format!("examples/workflows/{stem}/main.tf"));
        }
    }
    assert!(
        stale.is_empty(),
        "these generated examples differ from what the converter produces now: {}\nregenerate them with:\n    {REGENERATE}",
        stale.join(", ")
    );
}
