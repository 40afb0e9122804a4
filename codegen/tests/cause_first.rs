//! One problem, one message, cause first: a typo or a wrongly typed field is reported once, with a
//! "did you mean" where a close name exists, and not again through its symptoms (the intended
//! target unreachable, the workflow never ending, a required field "missing").

use sfn_codegen::{check_str, Options};

/// (code, pointer, message) of every diagnostic.
fn found(text: &str) -> Vec<(String, String, String)> {
    check_str(text, &Options::default())
        .diagnostics
        .iter()
        .map(|d| (d.code().to_string(), d.path.to_string(), d.message.clone()))
        .collect()
}

fn only(text: &str, code: &str, at: &str, says: &str) {
    let f = found(text);
    assert_eq!(f.len(), 1, "expected one diagnostic, got {f:#?}");
    let (c, p, m) = &f[0];
    assert_eq!((c.as_str(), p.as_str()), (code, at), "{f:#?}");
    assert!(m.contains(says), "{m}");
}

#[test]
fn a_typo_in_next_is_one_error_with_the_intended_name() {
    only(
        r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "Chekc"},
            "Check": {"Type": "Pass", "Next": "Done"},
            "Done": {"Type": "Succeed"}}}"#,
        "ASL102",
        "/States/A/Next",
        "Did you mean \"Check\"?",
    );
}

#[test]
fn typos_in_every_kind_of_transition() {
    let base = |transition: &str| {
        format!(
            r#"{{"StartAt": "Route", "States": {{
                "Route": {{"Type": "Choice", {transition}}},
                "Approved": {{"Type": "Succeed"}},
                "Rejected": {{"Type": "Fail", "Error": "Rejected"}}}}}}"#
        )
    };
    only(
        &base(
            r#""Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Aproved"}], "Default": "Rejected""#,
        ),
        "ASL102",
        "/States/Route/Choices/0/Next",
        "Did you mean \"Approved\"?",
    );
    only(
        &base(
            r#""Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Approved"}], "Default": "rejected""#,
        ),
        "ASL102",
        "/States/Route/Default",
        "Did you mean \"Rejected\"?",
    );
    only(
        r#"{"StartAt": "Work", "States": {
            "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                     "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recovr"}], "End": true},
            "Recover": {"Type": "Succeed"}}}"#,
        "ASL102",
        "/States/Work/Catch/0/Next",
        "Did you mean \"Recover\"?",
    );
}

#[test]
fn a_typo_inside_a_branch() {
    only(
        r#"{"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "One", "States": {"One": {"Type": "Pass", "Next": "Tow"}, "Two": {"Type": "Succeed"}}}
            ]}}}"#,
        "ASL102",
        "/States/P/Branches/0/States/One/Next",
        "Did you mean \"Two\"?",
    );
}

#[test]
fn a_typo_in_start_at() {
    only(
        r#"{"StartAt": "Frist", "States": {"First": {"Type": "Pass", "Next": "Last"}, "Last": {"Type": "Succeed"}}}"#,
        "ASL101",
        "/StartAt",
        "Did you mean \"First\"?",
    );
}

#[test]
fn a_missing_target_without_a_close_name_still_reports_real_orphans() {
    let f = found(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Somewhere"}, "Orphan": {"Type": "Succeed"}}}"#,
    );
    let codes: Vec<&str> = f.iter().map(|(c, ..)| c.as_str()).collect();
    // Not ASL105: the broken Next may have been meant as the way out.
    assert_eq!(codes, ["ASL102", "ASL104"], "{f:#?}");
}

#[test]
fn misspelt_or_wrongly_typed_fields_do_not_also_go_missing() {
    // "Nxt": the unknown field, with its suggestion, and nothing about Next/End or reachability.
    only(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Nxt": "B"}, "B": {"Type": "Succeed"}}}"#,
        "ASL004",
        "/States/A/Nxt",
        "\"Nxt\" is not a field",
    );
    // "End": "true": the wrong type only.
    only(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": "true"}}}"#,
        "ASL003",
        "/States/A/End",
        "Expected a boolean",
    );
    // "Resource": 5: the wrong type only, not also a missing Resource.
    only(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": 5, "End": true}}}"#,
        "ASL003",
        "/States/A/Resource",
        "Expected a string",
    );
    // "type": the unknown field, not also a missing Type.
    only(
        r#"{"StartAt": "A", "States": {"A": {"type": "Succeed"}}}"#,
        "ASL004",
        "/States/A/type",
        "\"type\"",
    );
    // A misspelt operator: not also "a rule with no comparison".
    only(
        r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "StringEqual": "x", "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}"#,
        "ASL004",
        "/States/C/Choices/0/StringEqual",
        "\"StringEqual\"",
    );
    // A misspelt Seconds: not also a Wait without a duration.
    only(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Second": 5, "End": true}}}"#,
        "ASL004",
        "/States/W/Second",
        "\"Second\"",
    );
}

#[test]
fn suggestions_for_operators_values_and_functions() {
    let report = check_str(
        r#"{"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericGreaterThen": 1, "Next": "P"}], "Default": "P"},
            "P": {"Type": "Pass", "Parameters": {"id.$": "States.Fromat('{}', $.id)"}, "Next": "M"},
            "M": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTD", "ExecutionType": "STANDARD"},
                  "StartAt": "X", "States": {"X": {"Type": "Succeed"}}}, "End": true}}}"#,
        &Options::default(),
    );
    let text: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{} {} {}", d.code(), d.message, d.hint()))
        .collect();
    let has = |s: &str| text.iter().any(|t| t.contains(s));
    assert!(has("Did you mean \"NumericGreaterThan\"?"), "{text:#?}");
    assert!(has("did you mean States.Format?"), "{text:#?}");
    assert!(has("Did you mean \"DISTRIBUTED\"?"), "{text:#?}");
}

#[test]
fn suggestions_for_variables_and_jsonata_functions() {
    let report = check_str(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
            "Init": {"Type": "Pass", "Assign": {"orderTotal": 1}, "Next": "Use"},
            "Use": {"Type": "Pass", "Output": {"a": "{% $ordertotal %}", "b": "{% $uppercse('x') %}"}, "End": true}}}"#,
        &Options::default(),
    );
    let text: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        text.iter()
            .any(|m| m.contains("Did you mean \"$orderTotal\"?")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|m| m.contains("Did you mean the function \"$uppercase\"?")),
        "{text:#?}"
    );
}

#[test]
fn an_ambiguous_typo_names_every_candidate_and_follows_them_all() {
    // "Dispense0" is one edit from three states: no symptom about any of them.
    only(
        r#"{"StartAt": "Dispense50", "States": {
            "Dispense50": {"Type": "Pass", "Next": "Dispense0"},
            "Dispense20": {"Type": "Pass", "Next": "Dispense10"},
            "Dispense10": {"Type": "Pass", "Next": "Done"},
            "Done": {"Type": "Succeed"}}}"#,
        "ASL102",
        "/States/Dispense50/Next",
        "Did you mean \"Dispense50\", \"Dispense20\" or \"Dispense10\"?",
    );
}
