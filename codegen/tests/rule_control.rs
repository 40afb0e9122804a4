//! Rule control through the public API: `Options::rules` is applied by both `check_str` (parse
//! diagnostics included) and `validate`, and warnings never count as errors.

use sfn_codegen::{check_str, parse_str, validate, Level, Options, Overrides, Severity};

/// A dangling `Next` (ASL102), an unknown field (ASL004, from parsing) and an unreachable state
/// (ASL104).
const TEXT: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "Nowhere", "Bogus": 1},
    "Orphan": {"Type": "Succeed"}
  }
}"#;

fn codes(options: &Options) -> Vec<(String, Severity)> {
    check_str(TEXT, options)
        .diagnostics
        .iter()
        .map(|d| (d.code().to_string(), d.severity))
        .collect()
}

fn with(pairs: &[(&str, &str)]) -> Options {
    Options {
        rules: Overrides::from_pairs(pairs.iter().copied()).expect("known codes"),
        ..Options::default()
    }
}

#[test]
fn check_str_applies_overrides_to_parse_and_rule_diagnostics() {
    let all = codes(&Options::default());
    for code in ["ASL004", "ASL102", "ASL104"] {
        assert!(all.iter().any(|(c, _)| c == code), "{all:?}");
    }
    let options = with(&[("ASL004", "off"), ("ASL104", "off"), ("ASL102", "warning")]);
    let report = check_str(TEXT, &options);
    let got: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code(), d.severity))
        .collect();
    // ASL105 (no terminal state) is not reported: the dangling Next may lead anywhere.
    assert!(
        got.iter()
            .all(|(c, s)| *s == Severity::Warning && *c != "ASL004" && *c != "ASL104"),
        "{got:?}"
    );
    assert!(got.contains(&("ASL102", Severity::Warning)), "{got:?}");
    assert!(!report.has_errors());
}

#[test]
fn validate_applies_overrides_too() {
    let machine = parse_str(TEXT).machine.expect("a model");
    let mut options = Options::default();
    options.rules.set("unreachable-state", Level::Off).unwrap();
    options.rules.set("ASL102", Level::Error).unwrap();
    let found = validate(&machine, &options);
    assert!(!found.iter().any(|d| d.code() == "ASL104"), "{found:?}");
    assert!(found.iter().any(|d| d.code() == "ASL102" && d.is_error()));
}

#[test]
fn a_warning_rule_raised_to_error_fails() {
    let text = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id": "$.id"}, "End": true}}}"#;
    let plain = check_str(text, &Options::default());
    assert!(!plain.has_errors());
    assert!(plain.diagnostics.iter().any(|d| d.code() == "ASL407"));
    let strict = check_str(text, &with(&[("ASL407", "error")]));
    assert!(strict.has_errors());
}
