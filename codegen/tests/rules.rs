//! Every rule is tested both ways from fixtures under `tests/data/rules/<CODE>/`:
//! - `trigger*.json` must produce a diagnostic with that code (and the rendered diagnostics are
//!   snapshot-tested, so message, location and line/column changes are reviewed);
//! - `near-miss*.json` must produce no diagnostic with that code and no error at all.
//!
//! A fixture may start with a first line `//type: EXPRESS` to validate as that workflow type; the
//! line is blanked (not removed) so line numbers stay true.

use std::path::{Path, PathBuf};

use sfn_codegen::{check_str, rules, Options, Report, WorkflowType};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rules")
}

fn load(path: &Path) -> (String, Options) {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut options = Options::default();
    if let Some(rest) = raw.strip_prefix("//type: ") {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        options.workflow_type = WorkflowType::parse(rest[..line_end].trim());
        let blank = " ".repeat("//type: ".len() + line_end);
        return (format!("{blank}{}", &rest[line_end..]), options);
    }
    (raw, options)
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let pos = d
            .position
            .map(|p| format!("{}:{}", p.line, p.column))
            .unwrap_or_default();
        out.push_str(&format!(
            "{} {} {} {} {}\n  hint: {}\n",
            d.severity.as_str(),
            d.code(),
            d.path,
            pos,
            d.message,
            d.hint()
        ));
    }
    out
}

fn fixtures(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".json"))
    });
    out.sort();
    out
}

#[test]
fn every_rule_triggers_and_has_a_near_miss() {
    let mut failures = Vec::new();
    for rule in rules::ALL {
        let dir = data_dir().join(rule.code);
        let triggers = fixtures(&dir, "trigger");
        let misses = fixtures(&dir, "near-miss");
        if triggers.is_empty() || misses.is_empty() {
            failures.push(format!(
                "{} ({}): needs trigger*.json and near-miss*.json in {}",
                rule.code,
                rule.name,
                dir.display()
            ));
            continue;
        }
        for t in &triggers {
            let (text, options) = load(t);
            let report = check_str(&text, &options);
            if !report.diagnostics.iter().any(|d| d.code() == rule.code) {
                failures.push(format!(
                    "{}: expected {} but got:\n{}",
                    t.display(),
                    rule.code,
                    render(&report)
                ));
            }
        }
        for m in &misses {
            let (text, options) = load(m);
            let report = check_str(&text, &options);
            if report.has_errors() || report.diagnostics.iter().any(|d| d.code() == rule.code) {
                failures.push(format!(
                    "{}: expected no {} and no error but got:\n{}",
                    m.display(),
                    rule.code,
                    render(&report)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn trigger_diagnostics_snapshots() {
    for rule in rules::ALL {
        for t in fixtures(&data_dir().join(rule.code), "trigger") {
            let (text, options) = load(&t);
            let report = check_str(&text, &options);
            let name = format!(
                "{}-{}",
                rule.code,
                t.file_stem().and_then(|s| s.to_str()).unwrap_or_default()
            );
            insta::assert_snapshot!(name, render(&report));
        }
    }
}
