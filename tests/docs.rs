//! The registry docs under `docs/` are generated from the schemas' descriptions, the examples
//! under `examples/` and the rule registry. This test fails when the committed pages are stale;
//! `scripts/gen-docs.sh` (SFN_BLESS=1) rewrites them.

use std::collections::BTreeMap;
use std::path::Path;

use sfn_tests::repo_root;

fn read_tree(dir: &Path, base: &Path, out: &mut BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            read_tree(&p, base, out);
        } else if let (Ok(rel), Ok(text)) = (p.strip_prefix(base), std::fs::read_to_string(&p)) {
            out.insert(rel.to_string_lossy().into_owned(), text);
        }
    }
}

fn generate() -> Vec<(String, String)> {
    let root = repo_root();
    let mut examples = BTreeMap::new();
    read_tree(
        &root.join("examples"),
        &root.join("examples"),
        &mut examples,
    );
    let mut rule_examples = BTreeMap::new();
    for rule in sfn_codegen::rules::ALL {
        let file = root
            .join("codegen/tests/data/rules")
            .join(rule.code)
            .join("trigger.json");
        if let Ok(text) = std::fs::read_to_string(file) {
            // Fixtures may start with a `//type:` directive for the test harness.
            let text = text
                .lines()
                .filter(|l| !l.starts_with("//type:"))
                .collect::<Vec<_>>()
                .join("\n");
            rule_examples.insert(rule.code.to_string(), text);
        }
    }
    terraform_provider_sfn::docs::pages(&examples, &rule_examples)
}

#[test]
fn docs_are_generated_and_fresh() {
    let docs = repo_root().join("docs");
    let bless = std::env::var("SFN_BLESS").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (path, content) in generate() {
        let file = docs.join(&path);
        let current = std::fs::read_to_string(&file).unwrap_or_default();
        if current != content {
            if bless {
                if let Some(parent) = file.parent() {
                    std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
                }
                std::fs::write(&file, content).unwrap_or_else(|e| panic!("{e}"));
            } else {
                stale.push(path);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated docs are stale: {stale:?}\nregenerate them with scripts/gen-docs.sh and commit the result"
    );
}

/// Every file under `docs/` is a generated page or a hand-written guide, and sits where the
/// registry publishes (`index.md`, `resources/`, `data-sources/`, `guides/`): a page the
/// generator no longer writes (one that moved) does not linger, and none is left unpublished.
#[test]
fn docs_hold_only_generated_pages_and_guides() {
    let root = repo_root();
    let mut files = BTreeMap::new();
    read_tree(&root.join("docs"), &root.join("docs"), &mut files);
    let generated: BTreeMap<String, String> = generate().into_iter().collect();
    for guide in [
        "guides/rules.md",
        "guides/diagnostics.md",
        "guides/iam-policy-coverage.md",
    ] {
        assert!(generated.contains_key(guide), "{guide} is not generated");
    }
    let published = |path: &str| {
        path == "index.md"
            || ["resources/", "data-sources/", "guides/"]
                .iter()
                .any(|dir| path.starts_with(dir) && !path[dir.len()..].contains('/'))
    };
    for path in files.keys().chain(generated.keys()) {
        assert!(
            published(path) && path.ends_with(".md"),
            "docs/{path} is outside the folders the registry publishes"
        );
    }
    for path in files.keys() {
        assert!(
            generated.contains_key(path) || path.starts_with("guides/"),
            "docs/{path} is neither generated nor a guide: remove it, or move it to docs/guides/"
        );
    }
    // Relative links between the pages resolve.
    for (path, text) in &files {
        let dir = Path::new(path).parent().unwrap_or(Path::new(""));
        for link in text.split("](").skip(1) {
            let target = link.split(')').next().unwrap_or_default();
            let target = target.split('#').next().unwrap_or_default();
            if target.is_empty() || target.contains("://") || !target.ends_with(".md") {
                continue;
            }
            let resolved = root.join("docs").join(dir).join(target);
            assert!(
                resolved.is_file(),
                "docs/{path} links to {target}, which does not exist"
            );
        }
    }
}

#[test]
fn every_rule_and_every_schema_attribute_is_documented() {
    let pages: BTreeMap<String, String> = generate().into_iter().collect();
    let rules = &pages["guides/rules.md"];
    for rule in sfn_codegen::rules::ALL {
        assert!(
            rules.contains(&format!("## {}", rule.code)),
            "{} missing from guides/rules.md",
            rule.code
        );
    }
    let sm = &pages["resources/state_machine.md"];
    for attr in [
        "definition",
        "role_arn",
        "state_machine_version_arn",
        "log_destination",
        "kms_data_key_reuse_period_seconds",
    ] {
        assert!(
            sm.contains(&format!("`{attr}`")),
            "{attr} missing from the state machine page"
        );
    }
    let wf = &pages["data-sources/workflow.md"];
    for attr in [
        "numeric_greater_than_equals_path",
        "item_reader",
        "backoff_rate",
        "max_delay_seconds",
        "query_language",
    ] {
        assert!(
            wf.contains(&format!("`{attr}`")),
            "{attr} missing from the workflow page"
        );
    }
}

/// The retries guide is written by hand (the generator owns only the rules and diagnostics
/// guides): it must exist, be linked from the README, and state the defaults the code uses.
#[test]
fn the_retries_guide_matches_the_code() {
    use terraform_provider_sfn::aws::{retry, sdk};
    use terraform_provider_sfn::resources::state_machine as sm;
    let root = repo_root();
    let guide = std::fs::read_to_string(root.join("docs/guides/retries.md"))
        .unwrap_or_else(|e| panic!("docs/guides/retries.md: {e}"));
    assert!(
        generate().iter().all(|(p, _)| p != "guides/retries.md"),
        "the generator must not own the hand-written guides"
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap_or_default();
    assert!(readme.contains("(docs/guides/retries.md)"));
    for fact in [
        format!("default {}", sdk::DEFAULT_MAX_ATTEMPTS),
        format!("default `{}s`", sdk::DEFAULT_ATTEMPT_TIMEOUT.as_secs()),
        format!("limited to {} seconds", sdk::CONNECT_TIMEOUT.as_secs()),
        format!(
            "{} ms × 2^(n−1), {} s",
            sdk::INITIAL_BACKOFF.as_millis(),
            sdk::MAX_BACKOFF.as_secs()
        ),
        "`1s` to `15m`".to_string(),
        "SFN040 invalid-attempt-timeout".into(),
        "SFN041 create-answer-lost".into(),
        "SFN042 name-taken".into(),
        "SFN043 update-answer-lost".into(),
        "SFN044 delete-unconfirmed".into(),
        "SFN061 no-credentials".into(),
        format!(
            "min({} s × 2^(n−1), {} s)",
            retry::PROPAGATION_BASE.as_secs(),
            retry::PROPAGATION_CAP.as_secs()
        ),
        format!(
            "comes {} ms before it",
            (retry::PROPAGATION_BASE / 2).as_millis()
        ),
        format!(
            "create `{}m`, update `{}m`, delete `{}m`; activity: create `{}m`",
            sm::CREATE_TIMEOUT.as_secs() / 60,
            sm::UPDATE_TIMEOUT.as_secs() / 60,
            sm::DELETE_TIMEOUT.as_secs() / 60,
            terraform_provider_sfn::resources::activity::CREATE_TIMEOUT.as_secs() / 60
        ),
        format!(
            "among the {} newest",
            ["zero", "one", "two", "three", "four", "five", "six"][sm::versions::SEARCH_DEPTH]
        ),
    ] {
        assert!(
            guide.contains(&fact),
            "the retries guide does not say {fact:?}"
        );
    }
    let bounds = (
        terraform_provider_sfn::config::ATTEMPT_TIMEOUT_MIN.as_secs(),
        terraform_provider_sfn::config::ATTEMPT_TIMEOUT_MAX.as_secs(),
    );
    assert_eq!(bounds, (1, 15 * 60), "update the guide's `1s` to `15m`");
}

/// The IAM policy guide is written by hand: it must exist, be linked from the README and the
/// generated pages, and explain every code the policy reports.
#[test]
fn the_iam_policy_guide_matches_the_code() {
    let root = repo_root();
    let guide = std::fs::read_to_string(root.join("docs/guides/iam-policy.md"))
        .unwrap_or_else(|e| panic!("docs/guides/iam-policy.md: {e}"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap_or_default();
    assert!(readme.contains("(docs/guides/iam-policy.md)"));
    assert!(readme.contains("(docs/guides/iam-policy-coverage.md)"));
    for rule in sfn_codegen::policy::rules::ALL {
        let entry = format!("**{} {}**", rule.code, rule.name);
        assert!(guide.contains(&entry), "the guide does not explain {entry}");
    }
    let pages: BTreeMap<String, String> = generate().into_iter().collect();
    assert!(pages["data-sources/workflow.md"].contains("(../guides/iam-policy.md)"));
    assert!(pages["data-sources/workflow.md"].contains("(../guides/iam-policy-coverage.md)"));
    assert!(pages["guides/iam-policy-coverage.md"].contains("(iam-policy.md)"));
    assert!(guide.contains("(iam-policy-coverage.md)"));
}

/// The CI and Atlantis guide is written by hand: it is linked from the README, and every
/// `scripts/release.sh` option and `sfn-asl validate --format` it shows exists.
#[test]
fn the_ci_guide_matches_the_tools() {
    let root = repo_root();
    let guide = std::fs::read_to_string(root.join("docs/guides/ci-atlantis.md"))
        .unwrap_or_else(|e| panic!("docs/guides/ci-atlantis.md: {e}"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap_or_default();
    assert!(readme.contains("(docs/guides/ci-atlantis.md)"));
    let release = std::fs::read_to_string(root.join("scripts/release.sh")).unwrap_or_default();
    let usage: String = release
        .lines()
        .take_while(|l| !l.starts_with("set -euo"))
        .collect::<Vec<_>>()
        .join("\n");
    // Options shown in section 1 (building a release): on lines that run release.sh, and in
    // `--option ...` code spans of its prose.
    let section = guide.split("\n## 2.").next().unwrap_or_default();
    let mut shown = Vec::new();
    for line in section.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if line.contains("release.sh") || line.trim_start().starts_with("--") {
            shown.extend(
                words
                    .iter()
                    .filter(|w| w.starts_with("--"))
                    .map(|w| w.to_string()),
            );
        }
        for span in line.split('`').skip(1).step_by(2) {
            if let Some(first) = span
                .split_whitespace()
                .next()
                .filter(|w| w.starts_with("--"))
            {
                shown.push(first.to_string());
            }
        }
    }
    let mut options = 0;
    for word in shown {
        let word: String = word
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        // `--x`, not a Markdown rule or front-matter fence.
        if !word[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        options += 1;
        assert!(
            usage.contains(&format!("#   {word} ")) && release.contains(&format!("{word})")),
            "the guide shows release.sh {word}, which release.sh does not take"
        );
    }
    assert!(options >= 3, "no release.sh options found in the guide");
    let cli = std::fs::read_to_string(root.join("cli/src/lib.rs")).unwrap_or_default();
    for format in ["human", "github", "sarif", "json"] {
        assert!(
            guide.contains(&format!("`{format}`")),
            "the guide omits --format {format}"
        );
        let variant = format!("    {}{},", &format[..1].to_uppercase(), &format[1..]);
        assert!(cli.contains(&variant), "sfn-asl has no --format {format}");
    }
    for needle in [
        "filesystem_mirror",
        "network_mirror",
        "SSL_CERT_FILE",
        "sfn-asl schema",
        "cargo install --path cli",
    ] {
        assert!(guide.contains(needle), "the guide does not say {needle}");
    }
}
