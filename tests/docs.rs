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

#[test]
fn every_rule_and_every_schema_attribute_is_documented() {
    let pages: BTreeMap<String, String> = generate().into_iter().collect();
    let rules = &pages["rules.md"];
    for rule in sfn_codegen::rules::ALL {
        assert!(
            rules.contains(&format!("## {}", rule.code)),
            "{} missing from rules.md",
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

/// The retries guide is written by hand (the generator leaves `docs/guides/` alone): it must
/// exist, be linked from the README, and state the defaults the code uses.
#[test]
fn the_retries_guide_matches_the_code() {
    use terraform_provider_sfn::aws::sdk;
    let root = repo_root();
    let guide = std::fs::read_to_string(root.join("docs/guides/retries.md"))
        .unwrap_or_else(|e| panic!("docs/guides/retries.md: {e}"));
    assert!(
        generate().iter().all(|(p, _)| !p.starts_with("guides/")),
        "the generator must not own the guides"
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
    ] {
        assert!(
            guide.contains(&fact),
            "the retries guide does not say {fact:?}"
        );
    }
    let bounds = (
        terraform_provider_sfn::provider::ATTEMPT_TIMEOUT_MIN.as_secs(),
        terraform_provider_sfn::provider::ATTEMPT_TIMEOUT_MAX.as_secs(),
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
    assert!(readme.contains("(docs/iam-policy-coverage.md)"));
    for rule in sfn_codegen::policy::rules::ALL {
        let entry = format!("**{} {}**", rule.code, rule.name);
        assert!(guide.contains(&entry), "the guide does not explain {entry}");
    }
    let pages: BTreeMap<String, String> = generate().into_iter().collect();
    assert!(pages["data-sources/workflow.md"].contains("(../guides/iam-policy.md)"));
    assert!(pages["iam-policy-coverage.md"].contains("(guides/iam-policy.md)"));
    assert!(guide.contains("(../iam-policy-coverage.md)"));
}
