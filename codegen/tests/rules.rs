//! Every rule is tested both ways from fixtures under `tests/data/rules/<CODE>/`:
//! - `trigger*.json` must produce a diagnostic with that code (and the rendered diagnostics are
//!   snapshot-tested, so message, location and line/column changes are reviewed);
//! - `near-miss*.json` must produce no diagnostic with that code and no error at all.
//!
//! A fixture may start with a first line `//type: EXPRESS` to validate as that workflow type; the
//! line is blanked (not removed) so line numbers stay true.
//!
//! Rules about resource names (not part of a definition) are listed in [`NAME_RULES`] and tested
//! the same two ways through `names::check_name`, with a bad name and a near-miss name.

use std::path::{Path, PathBuf};

use sfn_codegen::names::{check_name, NameKind};
use sfn_codegen::{check_str, rules, Diagnostic, Options, Report, WorkflowType};

/// Rules checked on resource names rather than definitions: (code, kind, a name that must
/// trigger the rule, a near-miss name that must produce no error and not that code).
const NAME_RULES: &[(&str, NameKind, &str, &str)] = &[
    (
        "ASL605",
        NameKind::StateMachine,
        "order processing",
        "order-processing",
    ),
    ("ASL605", NameKind::Alias, "2024", "v2024"),
    (
        "ASL605",
        NameKind::Activity,
        "approve/reject",
        "approve-or-reject",
    ),
    ("ASL606", NameKind::StateMachine, "orders.v2", "orders-v2"),
];

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
    render_diagnostics(&report.diagnostics)
}

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
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
        let named: Vec<_> = NAME_RULES.iter().filter(|r| r.0 == rule.code).collect();
        if !named.is_empty() {
            for &&(code, kind, bad, near) in &named {
                let got = check_name(kind, bad);
                if got.as_ref().map(|d| d.code()) != Some(code) {
                    failures.push(format!("{code}: {kind:?} name {bad:?} gave {got:?}"));
                }
                let got = check_name(kind, near);
                if got
                    .as_ref()
                    .is_some_and(|d| d.is_error() || d.code() == code)
                {
                    failures.push(format!(
                        "{code}: near-miss {kind:?} name {near:?} gave {got:?}"
                    ));
                }
            }
            continue;
        }
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

#[test]
fn name_rule_snapshots() {
    for (i, &(code, kind, bad, _)) in NAME_RULES.iter().enumerate() {
        let diagnostics: Vec<Diagnostic> = check_name(kind, bad).into_iter().collect();
        insta::assert_snapshot!(
            format!("{code}-name-{i}"),
            format!("{kind:?} {bad:?}\n{}", render_diagnostics(&diagnostics))
        );
    }
}
