//! What AWS accepts must pass (no error; warnings allowed), and what AWS rejects must fail with
//! the right code at the right place, for each class of issue 11 and its siblings (other fields,
//! other state types, other nesting, both query languages).

use sfn_codegen::{check_str, Options, Report};

fn check(text: &str) -> Report {
    check_str(text, &Options::default())
}

/// A machine with one state `S` (its JSON members given), in the query language `ql`.
fn one(ql: &str, state: &str) -> String {
    format!(r#"{{"QueryLanguage": "{ql}", "StartAt": "S", "States": {{"S": {{{state}}}}}}}"#)
}

fn task(ql: &str, more: &str) -> String {
    let args = if ql == "JSONPath" {
        r#""Parameters": {"FunctionName": "f"}"#
    } else {
        r#""Arguments": {"FunctionName": "f"}"#
    };
    one(
        ql,
        &format!(
            r#""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", {args}, {more}, "End": true"#
        ),
    )
}

#[track_caller]
fn accepted(name: &str, text: &str) {
    let r = check(text);
    let errors: Vec<String> = r.errors().map(|d| d.to_string()).collect();
    assert!(
        errors.is_empty(),
        "{name}: AWS accepts this, got {errors:#?}"
    );
}

#[track_caller]
fn rejected(name: &str, text: &str, code: &str, at: &str) {
    let r = check(text);
    let hit = r
        .errors()
        .any(|d| d.code() == code && d.path.to_string() == at);
    let all: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(hit, "{name}: expected error {code} at {at}, got {all:#?}");
}

// ------------------------------------------------------------------ Assign must be an object

#[test]
fn assign_that_is_not_an_object_is_rejected_everywhere() {
    for ql in ["JSONPath", "JSONata"] {
        for value in ["[1]", r#""x""#, "1", "true", "null"] {
            rejected(
                "state Assign",
                &one(
                    ql,
                    &format!(r#""Type": "Pass", "Assign": {value}, "End": true"#),
                ),
                "ASL003",
                "/States/S/Assign",
            );
            rejected(
                "catcher Assign",
                &task(
                    ql,
                    &format!(
                        r#""Catch": [{{"ErrorEquals": ["States.ALL"], "Assign": {value}, "Next": "S"}}]"#
                    ),
                ),
                "ASL003",
                "/States/S/Catch/0/Assign",
            );
        }
    }
    let choice = |assign: &str| {
        format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "C", "States": {{
                "C": {{"Type": "Choice", "Choices": [{{"Condition": "{{% true %}}", "Assign": {assign}, "Next": "D"}}]}},
                "D": {{"Type": "Succeed"}}}}}}"#
        )
    };
    rejected(
        "Choice rule Assign",
        &choice("[]"),
        "ASL003",
        "/States/C/Choices/0/Assign",
    );
    accepted("Choice rule Assign object", &choice(r#"{"x": 1}"#));
    accepted(
        "JSONPath Assign object",
        &one(
            "JSONPath",
            r#""Type": "Pass", "Assign": {"a": 1, "b.$": "$.b", "c": {"d.$": "$$.Execution.Id"}}, "End": true"#,
        ),
    );
    accepted(
        "JSONata Assign object",
        &one(
            "JSONata",
            r#""Type": "Pass", "Assign": {"a": "{% $states.input.a %}", "b": [1, 2]}, "End": true"#,
        ),
    );
}

// ------------------------------------------------------------------ Credentials need a RoleArn

#[test]
fn credentials_need_a_role_arn() {
    for ql in ["JSONPath", "JSONata"] {
        rejected(
            "empty Credentials",
            &task(ql, r#""Credentials": {}"#),
            "ASL006",
            "/States/S/Credentials/RoleArn",
        );
        rejected(
            "Credentials without RoleArn",
            &task(
                ql,
                r#""Credentials": {"Role": "arn:aws:iam::123456789012:role/x"}"#,
            ),
            "ASL006",
            "/States/S/Credentials/RoleArn",
        );
        rejected(
            "misspelt RoleArn",
            &task(
                ql,
                r#""Credentials": {"RoleARN": "arn:aws:iam::123456789012:role/x"}"#,
            ),
            "ASL006",
            "/States/S/Credentials/RoleArn",
        );
        rejected(
            "RoleArn not a string",
            &task(ql, r#""Credentials": {"RoleArn": 5}"#),
            "ASL003",
            "/States/S/Credentials/RoleArn",
        );
        rejected(
            "Credentials not an object",
            &task(ql, r#""Credentials": ["arn:aws:iam::123456789012:role/x"]"#),
            "ASL003",
            "/States/S/Credentials",
        );
        accepted(
            "RoleArn",
            &task(
                ql,
                r#""Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/x"}"#,
            ),
        );
    }
    rejected(
        "Credentials string in JSONPath",
        &task("JSONPath", r#""Credentials": "{% $role %}""#),
        "ASL003",
        "/States/S/Credentials",
    );
    accepted(
        "RoleArn.$",
        &task("JSONPath", r#""Credentials": {"RoleArn.$": "$.role"}"#),
    );
    accepted(
        "RoleArn expression",
        &task(
            "JSONata",
            r#""Credentials": {"RoleArn": "{% $states.input.role %}"}"#,
        ),
    );
}

// ------------------------------------------------------------------ intrinsic string escapes

#[test]
fn illegal_escapes_in_intrinsic_strings_are_rejected_in_every_field() {
    // In JSON text `\\n` is a backslash and an n: an escape the intrinsic parser must refuse.
    let bad = r#"States.Format('line\\nnext {}', $.x)"#;
    let cases = [
        (
            "Parameters",
            format!(r#""Type": "Pass", "Parameters": {{"m.$": "{bad}"}}, "End": true"#),
            "/States/S/Parameters/m.$",
        ),
        (
            "Assign",
            format!(r#""Type": "Pass", "Assign": {{"m.$": "{bad}"}}, "End": true"#),
            "/States/S/Assign/m.$",
        ),
        (
            "nested payload",
            format!(r#""Type": "Pass", "Parameters": {{"a": [{{"m.$": "{bad}"}}]}}, "End": true"#),
            "/States/S/Parameters/a/0/m.$",
        ),
        (
            "nested call",
            r#""Type": "Pass", "Parameters": {"m.$": "States.JsonToString(States.Format('\\t{}', $.x))"}, "End": true"#.to_string(),
            "/States/S/Parameters/m.$",
        ),
        (
            "CausePath",
            format!(r#""Type": "Fail", "Error": "E", "CausePath": "{bad}""#),
            "/States/S/CausePath",
        ),
    ];
    for (name, state, at) in cases {
        rejected(name, &one("JSONPath", &state), "ASL404", at);
    }
    rejected(
        "ResultSelector",
        &task(
            "JSONPath",
            r#""ResultSelector": {"m.$": "States.Format('\\\"quoted\\\" {}', $.x)"}"#,
        ),
        "ASL404",
        "/States/S/ResultSelector/m.$",
    );
    accepted(
        "the four escapes",
        &one(
            "JSONPath",
            r#""Type": "Pass", "Parameters": {"m.$": "States.Format('it\\'s \\{\\} {} \\\\', $.x)"}, "End": true"#,
        ),
    );
}

// ------------------------------------------------------------------ JSONata in JSONPath states

#[test]
fn jsonata_expressions_in_typed_jsonpath_fields_are_rejected() {
    let expr = "{% $states.input.v %}";
    let wait = |field: &str| {
        one(
            "JSONPath",
            &format!(r#""Type": "Wait", "{field}": "{expr}", "End": true"#),
        )
    };
    rejected(
        "Wait Timestamp",
        &wait("Timestamp"),
        "ASL208",
        "/States/S/Timestamp",
    );
    rejected(
        "Wait Seconds",
        &wait("Seconds"),
        "ASL207",
        "/States/S/Seconds",
    );
    for field in ["TimeoutSeconds", "HeartbeatSeconds"] {
        rejected(
            field,
            &task("JSONPath", &format!(r#""{field}": "{expr}""#)),
            "ASL207",
            &format!("/States/S/{field}"),
        );
    }
    let map = |more: &str| {
        format!(
            r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", {more},
                "ItemReader": {{"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {{"Bucket": "b"}}, "ReaderConfig": {{"MaxItems": 10}}}},
                "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}},
                  "StartAt": "X", "States": {{"X": {{"Type": "Succeed"}}}}}}, "End": true}}}}}}"#
        )
    };
    for (more, at) in [
        (
            format!(r#""MaxConcurrency": "{expr}""#),
            "/States/M/MaxConcurrency",
        ),
        (
            format!(r#""ToleratedFailurePercentage": "{expr}""#),
            "/States/M/ToleratedFailurePercentage",
        ),
        (
            format!(r#""ToleratedFailureCount": "{expr}""#),
            "/States/M/ToleratedFailureCount",
        ),
        (
            format!(r#""ItemBatcher": {{"MaxItemsPerBatch": "{expr}"}}"#),
            "/States/M/ItemBatcher/MaxItemsPerBatch",
        ),
    ] {
        rejected(at, &map(&more), "ASL207", at);
    }
    accepted("a number", &map(r#""ToleratedFailurePercentage": 5"#));
    // The same expressions are what a JSONata state takes.
    let jsonata_wait = one(
        "JSONata",
        &format!(r#""Type": "Wait", "Timestamp": "{expr}", "End": true"#),
    );
    accepted("JSONata Wait Timestamp", &jsonata_wait);
    accepted(
        "JSONPath state in a JSONata-opted Map with TimestampPath",
        &one(
            "JSONPath",
            r#""Type": "Wait", "TimestampPath": "$.when", "End": true"#,
        ),
    );
    // Free text and payloads keep the expression as literal text: a warning only.
    let fail = one("JSONPath", &format!(r#""Type": "Fail", "Error": "{expr}""#));
    accepted("Fail Error", &fail);
    assert!(check(&fail).warnings().any(|d| d.code() == "ASL406"));
}

// ------------------------------------------------------------------ whitespace before intrinsics

#[test]
fn whitespace_before_an_intrinsic_is_rejected_like_before_a_path() {
    for (value, what) in [(" States.UUID()", "intrinsic"), (" $.id", "path")] {
        for (field, at) in [
            ("Parameters", "/States/S/Parameters/v.$"),
            ("Assign", "/States/S/Assign/v.$"),
        ] {
            rejected(
                what,
                &one(
                    "JSONPath",
                    &format!(r#""Type": "Pass", "{field}": {{"v.$": "{value}"}}, "End": true"#),
                ),
                "ASL403",
                at,
            );
        }
    }
    rejected(
        "ErrorPath",
        &one(
            "JSONPath",
            r#""Type": "Fail", "ErrorPath": "\tStates.Format('E{}', $.code)""#,
        ),
        "ASL401",
        "/States/S/ErrorPath",
    );
    let r = check(&one(
        "JSONPath",
        r#""Type": "Pass", "Parameters": {"v.$": " States.UUID()"}, "End": true"#,
    ));
    assert_eq!(r.errors().count(), 1, "one problem, one message");
    accepted(
        "no whitespace",
        &one(
            "JSONPath",
            r#""Type": "Pass", "Parameters": {"v.$": "States.UUID()"}, "End": true"#,
        ),
    );
}

// ------------------------------------------------------------------ JSONata syntax errors

#[test]
fn jsonata_syntax_errors_carry_awss_code() {
    let r = check(&one(
        "JSONata",
        r#""Type": "Pass", "Output": "{% $states.input.a + %}", "End": true"#,
    ));
    let d = r
        .errors()
        .find(|d| d.code() == "ASL405")
        .expect("an ASL405 error");
    assert_eq!(d.rule.aws_code, Some("INVALID_JSONATA_EXPRESSION"));
}

// ------------------------------------------------------------------ false alarms

#[test]
fn jsonpath_states_inside_jsonata_map_or_parallel_under_a_jsonpath_machine() {
    let inner = r#"{"StartAt": "Get", "States": {"Get": {"Type": "Pass", "QueryLanguage": "JSONPath", "Parameters": {"id.$": "$.id"}, "End": true}}}"#;
    accepted(
        "Parallel",
        &format!(
            r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Parallel", "QueryLanguage": "JSONata", "Branches": [{inner}], "End": true}}}}}}"#
        ),
    );
    accepted(
        "Map in a Parallel",
        &format!(
            r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Parallel", "QueryLanguage": "JSONata", "End": true, "Branches": [
                {{"StartAt": "M", "States": {{"M": {{"Type": "Map", "Items": "{{% $states.input.xs %}}", "ItemProcessor": {inner}, "End": true}}}}}}]}}}}}}"#
        ),
    );
    // Under a JSONata top level it stays an error, once.
    let r = check(&format!(
        r#"{{"QueryLanguage": "JSONata", "StartAt": "P", "States": {{"P": {{"Type": "Parallel", "Branches": [{inner}], "End": true}}}}}}"#
    ));
    let codes: Vec<&str> = r.errors().map(|d| d.code()).collect();
    assert_eq!(codes, ["ASL510"], "{:?}", r.diagnostics);
}

#[test]
fn custom_states_prefixed_errors_are_warnings() {
    let text = r#"{"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                 "Retry": [{"ErrorEquals": ["States.MyRetryable"]}],
                 "Catch": [{"ErrorEquals": ["States.MyError"], "Next": "Fail"}], "End": true},
        "Fail": {"Type": "Fail", "Error": "States.MyError", "Cause": "custom"}}}"#;
    accepted("custom States. names", text);
    assert_eq!(
        check(text)
            .warnings()
            .filter(|d| d.code() == "ASL302")
            .count(),
        3
    );
}

#[test]
fn a_legacy_distributed_iterator_is_a_distributed_map() {
    let text = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 10,
        "Iterator": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                     "StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}},
        "ItemBatcher": {"MaxItemsPerBatch": 10}, "Label": "Batch", "End": true}}}"#;
    accepted("legacy Iterator in Distributed mode", text);
    // Its ExecutionType is still required, as for an ItemProcessor.
    rejected(
        "no ExecutionType",
        &text.replace(r#", "ExecutionType": "STANDARD""#, ""),
        "ASL502",
        "/States/M/Iterator/ProcessorConfig/ExecutionType",
    );
}
