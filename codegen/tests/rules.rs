//! Every rule is tested both ways from fixtures under `tests/data/rules/<CODE>/`:
//! - `trigger*.json` must produce a diagnostic with that code (and the rendered diagnostics are
//!   snapshot-tested, so message, location and line/column changes are reviewed);
//! - `near-miss*.json` must produce no diagnostic with that code and no error at all.
//!
//! A fixture may start with a first line `//type: EXPRESS` to validate as that workflow type; the
//! line is blanked (not removed) so line numbers stay true.
//!
//! Fixtures that would be huge or unreadable as files (a definition over 1 MiB, 21 levels of
//! nesting) are built in code by [`generated`] and count like files of the same name.
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
    load_text(raw)
}

fn load_text(raw: String) -> (String, Options) {
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
        for r in &d.related {
            let pos = r
                .position
                .map(|p| format!("{}:{}", p.line, p.column))
                .unwrap_or_default();
            out.push_str(&format!("  related {} {} {}\n", r.path, pos, r.message));
        }
    }
    out
}

/// A definition nesting `levels` Parallel states, each inside the previous one's only branch.
fn nested_parallels(levels: usize) -> String {
    let mut inner =
        r#"{"StartAt": "Leaf", "States": {"Leaf": {"Type": "Pass", "End": true}}}"#.to_string();
    for level in (1..=levels).rev() {
        inner = format!(
            r#"{{"StartAt": "Level{level}", "States": {{"Level{level}": {{"Type": "Parallel", "Branches": [{inner}], "End": true}}}}}}"#
        );
    }
    inner
}

/// A definition whose one Pass state carries a `Result` string of `chars` copies of `fill`.
fn big_pass(fill: char, chars: usize) -> String {
    let text: String = std::iter::repeat_n(fill, chars).collect();
    format!(
        r#"{{"StartAt": "Big", "States": {{"Big": {{"Type": "Pass", "Result": {{"blob": "{text}"}}, "End": true}}}}}}"#
    )
}

/// Pads `def` with trailing spaces to exactly `chars` characters.
fn padded(def: String, chars: usize) -> String {
    let n = def.chars().count();
    assert!(n <= chars, "{n} > {chars}");
    format!("{def}{}", " ".repeat(chars - n))
}

/// Fixtures built in code: (name, definition text), named like files (`trigger-*`, `near-miss-*`).
fn generated(code: &str) -> Vec<(String, String)> {
    const MIB: usize = 1_048_576;
    let skeleton = big_pass('x', 0).chars().count();
    match code {
        "ASL108" => vec![
            ("trigger-21-levels".into(), nested_parallels(21)),
            ("near-miss-20-levels".into(), nested_parallels(20)),
        ],
        "ASL601" => vec![
            // 1.1 MiB of payload in one Pass state.
            ("trigger-big-result".into(), big_pass('x', MIB + MIB / 10)),
            // One character over: the text as sent is what counts.
            (
                "trigger-one-over".into(),
                padded(big_pass('x', 1000), MIB + 1),
            ),
            // Exactly at the limit.
            ("near-miss-at-limit".into(), big_pass('x', MIB - skeleton)),
            // 1.2 MB of UTF-8 but 600,000 characters: the limit counts characters.
            ("near-miss-multibyte".into(), big_pass('é', 600_000)),
        ],
        _ => Vec::new(),
    }
}

/// Every fixture of a rule whose name starts with `prefix`: (name, text, options).
fn cases(code: &str, prefix: &str) -> Vec<(String, String, Options)> {
    let mut out: Vec<(String, String, Options)> = fixtures(&data_dir().join(code), prefix)
        .into_iter()
        .map(|p| {
            let (text, options) = load(&p);
            (p.display().to_string(), text, options)
        })
        .collect();
    for (name, raw) in generated(code) {
        if name.starts_with(prefix) {
            let (text, options) = load_text(raw);
            out.push((format!("{code}/{name} (generated)"), text, options));
        }
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
        let triggers = cases(rule.code, "trigger");
        let misses = cases(rule.code, "near-miss");
        if triggers.is_empty() || misses.is_empty() {
            failures.push(format!(
                "{} ({}): needs trigger*.json and near-miss*.json in {}",
                rule.code,
                rule.name,
                data_dir().join(rule.code).display()
            ));
            continue;
        }
        for (name, text, options) in &triggers {
            let report = check_str(text, options);
            if !report.diagnostics.iter().any(|d| d.code() == rule.code) {
                failures.push(format!(
                    "{name}: expected {} but got:\n{}",
                    rule.code,
                    render(&report)
                ));
            }
        }
        for (name, text, options) in &misses {
            let report = check_str(text, options);
            if report.has_errors() || report.diagnostics.iter().any(|d| d.code() == rule.code) {
                failures.push(format!(
                    "{name}: expected no {} and no error but got:\n{}",
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
        for (name, raw) in generated(rule.code) {
            if name.starts_with("trigger") {
                let (text, options) = load_text(raw);
                let report = check_str(&text, &options);
                insta::assert_snapshot!(format!("{}-{name}", rule.code), render(&report));
            }
        }
    }
}

#[test]
fn generated_fixtures_have_the_intended_size() {
    let sizes: Vec<(String, usize, usize)> = generated("ASL601")
        .into_iter()
        .map(|(n, t)| (n, t.chars().count(), t.len()))
        .collect();
    let get = |name: &str| {
        sizes
            .iter()
            .find(|(n, ..)| n == name)
            .map(|(_, c, b)| (*c, *b))
    };
    assert_eq!(get("near-miss-at-limit").map(|s| s.0), Some(1_048_576));
    assert_eq!(get("trigger-one-over").map(|s| s.0), Some(1_048_577));
    assert!(get("near-miss-multibyte").is_some_and(|(c, b)| c < 1_048_576 && b > 1_048_576));
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
