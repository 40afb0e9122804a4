//! The converter's unit tests.

use super::text::{columns, escape_template, object_key};
use super::*;
use crate::emit;
use crate::json::Json;
use crate::json::Num;
use crate::model::fields::FIELDS;

fn machine(text: &str) -> StateMachine {
    let report = crate::parse_str(text);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    report.machine.unwrap_or_default()
}

fn hcl_of(text: &str) -> String {
    to_hcl(&machine(text), "w").unwrap_or_else(|p| panic!("{p:?}"))
}

/// A workflow with one Pass state whose Result is `result`.
fn pass_with(result: &str) -> String {
    format!(
        r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Pass", "Result": {result}, "End": true}}}}}}"#
    )
}

#[test]
fn field_hcl_names_are_snake_case_of_asl_names() {
    for f in FIELDS {
        assert_eq!(snake(f.name), f.hcl, "{}", f.name);
    }
    assert_eq!(
        snake("NumericLessThanEqualsPath"),
        "numeric_less_than_equals_path"
    );
    assert_eq!(snake("CSVHeaderLocation"), "csv_header_location");
    assert_eq!(snake("CSVHeaders"), "csv_headers");
    assert_eq!(snake("IsPresent"), "is_present");
    for t in StateType::ALL {
        assert_eq!(block_name(t), snake(t.as_str()));
    }
}

#[test]
fn conventions() {
    assert_eq!(path_to_hcl(&PathOrNull::Null), "null");
    assert_eq!(path_from_hcl("null"), PathOrNull::Null);
    assert_eq!(path_from_hcl("$.a"), PathOrNull::Path("$.a".into()));
    assert!(is_dynamic("parameters") && !is_dynamic("resource"));
    assert_eq!(
        name_from_file("dir/order-processing.asl.json"),
        "order_processing"
    );
    assert_eq!(name_from_file("9lives.json"), "_9lives");
    assert_eq!(name_from_file("Weird Name.v2.json"), "weird_name_v2");
    assert!(is_valid_name("a-b_1") && !is_valid_name("1a") && !is_valid_name(""));
}

#[test]
fn strings_are_escaped_for_hcl_templates() {
    assert_eq!(quote("plain"), "\"plain\"");
    assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    assert_eq!(quote("l1\nl2\r\tx"), "\"l1\\nl2\\r\\tx\"");
    assert_eq!(quote("${x} %{if} $ % {}"), "\"$${x} %%{if} $ % {}\"");
    assert_eq!(quote("$${x}"), "\"$$${x}\"");
    assert_eq!(quote("{% $x %}"), "\"{% $x %}\"");
    assert_eq!(quote("\u{1}é✓"), "\"\\u0001é✓\"");
    assert_eq!(escape_template("a ${b} %{c} \\n"), "a $${b} %%{c} \\n");
}

#[test]
fn object_keys_are_quoted_unless_plain_identifiers() {
    assert_eq!(object_key("FunctionName"), "FunctionName");
    assert_eq!(object_key("_x1"), "_x1");
    assert_eq!(object_key("Payload.$"), "\"Payload.$\"");
    assert_eq!(object_key("a-b"), "\"a-b\"");
    assert_eq!(object_key("1st"), "\"1st\"");
    assert_eq!(object_key(""), "\"\"");
    assert_eq!(object_key("for"), "\"for\"");
    assert_eq!(object_key("null"), "\"null\"");
    assert_eq!(object_key("${x}"), "\"$${x}\"");
}

#[test]
fn equals_signs_align_like_terraform_fmt() {
    let text = hcl_of(
        r#"{"Comment": "c", "StartAt": "T", "States": {"T": {
                "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "f", "Payload.$": "$", "Nested": {"a": [{"b": 1}]}, "x": 1, "yy": 2},
                "ResultPath": null, "TimeoutSeconds": 30, "End": true}}}"#,
    );
    let want = r#"data "sfn_workflow" "w" {
  comment  = "c"
  start_at = "T"

  task "T" {
    resource = "arn:aws:states:::lambda:invoke"
    parameters = {
      FunctionName = "f"
      "Payload.$"  = "$"
      Nested = {
        a = [
          { b = 1 },
        ]
      }
      x  = 1
      yy = 2
    }
    result_path     = "null"
    timeout_seconds = 30
    end             = true
  }
}
"#;
    assert_eq!(text, want);
}

#[test]
fn long_collections_go_over_several_lines() {
    let long = "x".repeat(60);
    let text = hcl_of(&pass_with(&format!(
        r#"{{"list": ["{long}", "{long}"], "short": [1, 2], "empty": {{}}, "none": []}}"#
    )));
    assert!(
        text.contains(&format!(
            "      list = [\n        \"{long}\",\n        \"{long}\",\n      ]\n"
        )),
        "{text}"
    );
    assert!(
        text.contains("      short = [1, 2]\n      empty = {}\n      none  = []\n"),
        "{text}"
    );
}

#[test]
fn blocks_rules_and_retries() {
    let text = hcl_of(
        r#"{"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [
                {"Not": {"Variable": "$.a", "IsPresent": true}, "Next": "T"},
                {"And": [{"Variable": "$.n", "NumericGreaterThan": 1.5}, {"Variable": "$.s", "StringEqualsPath": "$.t"}], "Next": "T"}
              ], "Default": "T"},
              "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                "Retry": [{"ErrorEquals": ["States.Timeout"], "BackoffRate": 1.5, "JitterStrategy": "FULL"}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": null, "Next": "F"}]},
              "F": {"Type": "Fail", "Error": "E"}}}"#,
    );
    for part in [
            "  choice \"C\" {\n    default = \"T\"\n\n    rule {\n      next = \"T\"\n\n      not {\n        variable   = \"$.a\"\n        is_present = true\n      }\n    }\n",
            "      and {\n        variable             = \"$.n\"\n        numeric_greater_than = 1.5\n      }\n",
            "string_equals_path = \"$.t\"",
            "    retry {\n      error_equals    = [\"States.Timeout\"]\n      backoff_rate    = 1.5\n      jitter_strategy = \"FULL\"\n    }\n",
            "    catch {\n      error_equals = [\"States.ALL\"]\n      result_path  = \"null\"\n      next         = \"F\"\n    }\n",
            "  fail \"F\" {\n    error = \"E\"\n  }\n",
        ] {
            assert!(text.contains(part), "missing:\n{part}\nin:\n{text}");
        }
}

/// A Parallel state nesting `levels` levels of branches, the innermost holding `inner`.
fn nested_branches(levels: usize, inner: &str) -> String {
    let mut w = inner.to_string();
    for i in 0..levels {
        w = format!(
            r#"{{"StartAt": "L{i}", "States": {{"L{i}": {{"Type": "Parallel", "Branches": [{w}], "End": true}}}}}}"#
        );
    }
    w
}

#[test]
fn nested_workflows_give_their_states_as_objects_at_any_depth() {
    let inner = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"b": "${x}", "a": 1}, "End": true}}}"#;
    let m = machine(&nested_branches(6, inner));
    let c = convert(&m, "w").unwrap();
    assert!(c.fallbacks.is_empty(), "{}", c.text);
    // The top state is a block; every nested workflow lists its states in `states`.
    assert!(c.text.contains("  parallel \"L5\" {\n"), "{}", c.text);
    assert!(
        c.text
            .contains("    branch {\n      start_at = \"L4\"\n      states = {\n"),
        "{}",
        c.text
    );
    assert!(c.text.contains("type = \"parallel\""), "{}", c.text);
    assert!(
        c.text.contains("b = \"$${x}\""),
        "template sequences escaped"
    );
    assert_eq!(
        c.text.matches("type = \"parallel\"").count(),
        5,
        "{}",
        c.text
    );
}

#[test]
fn what_neither_form_says_falls_back_to_json_in_the_innermost_branch() {
    // An exponent number has no HCL form: its branch is written as JSON, the rest as HCL.
    let inner = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"b": "${x}", "n": 1e3}, "End": true}}}"#;
    let m = machine(&nested_branches(3, inner));
    let c = convert(&m, "w").unwrap();
    assert_eq!(c.fallbacks.len(), 1, "{}", c.text);
    assert_eq!(
        c.fallbacks[0].path.to_string(),
        "/States/L2/Branches/0/States/L1/Branches/0/States/L0/Branches/0"
    );
    assert!(
        c.text
            .contains("# As JSON: the number 1e3 is in exponent form"),
        "{}",
        c.text
    );
    assert!(c.text.contains("json = <<-EOT\n"), "{}", c.text);
    assert!(
        c.text.contains("\"b\": \"$${x}\""),
        "template sequences escaped in heredocs"
    );
    // Inside JSON, payload key order is kept; elsewhere Terraform sorts keys.
    assert_eq!(emit::to_pretty(&c.terraform_model), emit::to_pretty(&m));
}

#[test]
fn terraform_model_sorts_payload_keys_outside_json() {
    let m = machine(&pass_with(
        r#"{"b": {"z": 1, "y": 2}, "a": [{"d": 1, "c": 2}]}"#,
    ));
    let c = convert(&m, "w").unwrap();
    let result = c.terraform_model.states[0].1.result.clone().unwrap();
    assert_eq!(
        result.to_compact(),
        r#"{"a":[{"c":2,"d":1}],"b":{"y":2,"z":1}}"#
    );
}

#[test]
fn deep_rules_and_empty_lists_become_states_objects() {
    let rule = r#"{"And": [{"Or": [{"Not": {"Variable": "$.a", "IsPresent": true, "Comment": "n"}}]}], "Next": "S"}"#;
    let text = format!(
        r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", "End": true, "ItemProcessor": {{
                "ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}},
                "StartAt": "C", "States": {{"C": {{"Type": "Choice", "Choices": [{rule}], "Default": "S"}}, "S": {{"Type": "Succeed"}}}}}}}}}}}}"#
    );
    let c = convert(&machine(&text), "w").unwrap();
    assert!(c.fallbacks.is_empty(), "{}", c.text);
    assert!(
        c.text.contains(
            "      mode           = \"DISTRIBUTED\"\n      execution_type = \"EXPRESS\"\n"
        ),
        "{}",
        c.text
    );
    assert!(!c.text.contains("ProcessorConfig"), "{}", c.text);
    // At the top, the one state blocks cannot hold goes in `states`; the others stay blocks.
    let top = format!(
        r#"{{"StartAt": "C", "States": {{"C": {{"Type": "Choice", "Choices": [{rule}], "Default": "S"}}, "S": {{"Type": "Succeed", "Comment": "x"}}, "T": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [], "Catch": [], "End": true}}}}}}"#
    );
    let m = machine(&top);
    let c = convert(&m, "w").unwrap();
    assert!(c.fallbacks.is_empty(), "{}", c.text);
    assert!(c.text.contains("  succeed \"S\" {\n"), "{}", c.text);
    assert!(
        c.text.contains("    C = {\n      type    = \"choice\""),
        "{}",
        c.text
    );
    assert!(
        c.text
            .contains("not = { comment = \"n\", variable = \"$.a\", is_present = true }"),
        "{}",
        c.text
    );
    assert!(c.text.contains("retry    = []"), "{}", c.text);
    assert!(c.text.contains("catch    = []"), "{}", c.text);
    assert_eq!(emit::to_pretty(&c.terraform_model), emit::to_pretty(&m));
}

#[test]
fn what_hcl_cannot_say_falls_back_or_is_reported() {
    let cases: &[(&str, &str)] = &[
        (r#""Result": null"#, "Result is null"),
        (r#""Result": {"n": 1e3}"#, "exponent form"),
        (r#""ResultPath": "null""#, "reserves for ASL's null"),
        (r#""Resource": "arn:x""#, "not a field of a Pass state"),
    ];
    for (field, why) in cases {
        let state = format!(r#"{{"Type": "Pass", {field}, "End": true}}"#);
        // At the top: an error.
        let top = format!(r#"{{"StartAt": "P", "States": {{"P": {state}}}}}"#);
        let report = crate::parse_str(&top);
        let m = report.machine.unwrap();
        let problems = to_hcl(&m, "w").unwrap_err();
        assert!(
            problems.iter().any(|p| p.message.contains(why)),
            "{field}: {problems:?}"
        );
        // In a branch: JSON.
        let nested = format!(
            r#"{{"StartAt": "Par", "States": {{"Par": {{"Type": "Parallel", "End": true, "Branches": [{top}]}}}}}}"#
        );
        let c = convert(&crate::parse_str(&nested).machine.unwrap(), "w").unwrap();
        assert_eq!(c.fallbacks.len(), 1, "{field}");
        assert!(
            c.fallbacks[0].message.contains(why),
            "{field}: {:?}",
            c.fallbacks
        );
    }
}

#[test]
fn unknown_fields_and_legacy_iterator() {
    let report = crate::parse_str(
        r#"{"StartAt": "P", "Extra": 1, "States": {"P": {"Type": "Pass", "Bogus": true, "End": true}}}"#,
    );
    let problems = to_hcl(&report.machine.unwrap(), "w").unwrap_err();
    let paths: Vec<String> = problems.iter().map(|p| p.path.to_string()).collect();
    assert_eq!(paths, ["/Extra", "/States/P/Bogus"]);
    // Unknown fields stay problems inside JSON too.
    let report = crate::parse_str(
        r#"{"StartAt": "Par", "States": {"Par": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Bogus": true, "Result": null, "End": true}}}]}}}"#,
    );
    let problems = to_hcl(&report.machine.unwrap(), "w").unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("\"Bogus\""));
    // Iterator: written as item_processor, with a comment saying so; Terraform's model has the
    // current name, and the rest of the workflow is the same.
    let map = r#"{"Type": "Map", "Iterator": {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}, "End": true}"#;
    let top = format!(r#"{{"StartAt": "M", "States": {{"M": {map}}}}}"#);
    let m = machine(&top);
    let c = convert(&m, "w").unwrap();
    assert!(
        c.text
            .contains("    item_processor {\n      # Iterator in the original definition"),
        "{}",
        c.text
    );
    let mut renamed = m.clone();
    let s = &mut renamed.states[0].1;
    s.item_processor = s.iterator.take();
    assert_eq!(
        emit::to_pretty(&c.terraform_model),
        emit::to_pretty(&renamed)
    );
}

#[test]
fn combining_characters_are_noted() {
    let c = convert(&machine(&pass_with(r#"{"k": "e\u0301"}"#)), "w").unwrap();
    assert_eq!(c.notes.len(), 1);
    assert_eq!(c.notes[0].path.to_string(), "/States/P/Result/k");
    let c = convert(&machine(&pass_with(r#"{"k": "é ü ✓ 日本"}"#)), "w").unwrap();
    assert!(c.notes.is_empty());
}

#[test]
fn columns_count_graphemes_roughly() {
    assert_eq!(columns("abc"), 3);
    assert_eq!(columns("\"äé\""), 4);
    assert_eq!(columns("👍🏽"), 1);
    assert_eq!(columns("🇫🇷🇩🇪"), 2);
    assert_eq!(columns("👨‍👩‍👧"), 1);
}

#[test]
fn bad_names_are_refused() {
    let m = machine(&pass_with("1"));
    let problems = to_hcl(&m, "my workflow").unwrap_err();
    assert!(problems[0].message.contains("not a valid Terraform name"));
}

mod generated {
    use super::*;
    use proptest::prelude::*;

    fn json() -> impl Strategy<Value = Json> {
        let leaf = prop_oneof![
            Just(Json::Null),
            any::<bool>().prop_map(Json::Bool),
            prop_oneof![
                any::<i64>().prop_map(|n| n.to_string()),
                "-?[0-9]{1,3}(\\.[0-9]{1,3})?(e-?[0-9])?".prop_map(String::from),
            ]
            .prop_filter_map("number", |s| Num::parse(&s).map(Json::Number)),
            "[ -~\\n\\t\\u{e9}\\u{301}{}$%\"\\\\]{0,12}".prop_map(Json::String),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
                prop::collection::vec(("[a-zA-Z$. ]{0,6}", inner), 0..4).prop_map(Json::Object),
            ]
        })
    }

    fn rule() -> impl Strategy<Value = ChoiceRule> {
        let leaf = (
            prop::option::of("[$.a-z]{1,6}"),
            prop::sample::select(Operator::ALL.to_vec()),
            json(),
            prop::option::of("[A-C]"),
        )
            .prop_map(|(variable, op, v, next)| ChoiceRule {
                variable,
                comparisons: vec![(op, v)],
                next,
                ..ChoiceRule::default()
            });
        leaf.prop_recursive(4, 12, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(|v| ChoiceRule {
                    and: Some(v),
                    ..ChoiceRule::default()
                }),
                inner.clone().prop_map(|r| ChoiceRule {
                    not: Some(Box::new(r)),
                    next: Some("A".into()),
                    ..ChoiceRule::default()
                }),
                (inner, json()).prop_map(|(r, j)| ChoiceRule {
                    or: Some(vec![r]),
                    assign: Some(j),
                    ..ChoiceRule::default()
                }),
            ]
        })
    }

    fn state(children: BoxedStrategy<Workflow>) -> impl Strategy<Value = State> {
        (
            prop::option::of(prop::sample::select(StateType::ALL.to_vec())),
            prop::option::of(json()),
            prop::option::of(json()),
            prop::option::of(prop_oneof![
                Just(PathOrNull::Null),
                "[$.a-z]{0,5}".prop_map(PathOrNull::Path)
            ]),
            prop::option::of(prop::collection::vec(rule(), 0..3)),
            prop::option::of(prop::collection::vec(children.clone(), 0..2)),
            prop::option::of(children),
            (prop::option::of("[A-C]"), prop::option::of(any::<bool>())),
            prop::collection::vec(("[A-Z][a-z]{0,4}", json()), 0..2),
        )
            .prop_map(
                |(
                    kind,
                    parameters,
                    result,
                    result_path,
                    choices,
                    branches,
                    proc,
                    (next, end),
                    unknown,
                )| {
                    State {
                        kind,
                        parameters,
                        result,
                        result_path,
                        choices,
                        branches,
                        item_processor: proc,
                        next,
                        end,
                        retry: Some(vec![Retrier {
                            error_equals: Some(vec!["States.ALL".into()]),
                            backoff_rate: Num::parse("1.5"),
                            ..Retrier::default()
                        }]),
                        unknown,
                        ..State::default()
                    }
                },
            )
    }

    fn workflow() -> impl Strategy<Value = Workflow> {
        let leaf = Just(Workflow::default()).boxed();
        leaf.prop_recursive(5, 16, 3, |inner| {
            (
                prop::option::of("[A-C]"),
                prop::collection::vec(("[A-C]{1,2}", state(inner)), 0..4),
                prop::option::of(prop_oneof![Just("INLINE"), Just("DISTRIBUTED")]),
            )
                .prop_map(|(start_at, states, mode)| Workflow {
                    start_at,
                    states,
                    processor_config: mode.map(|m| ProcessorConfig {
                        mode: Some(m.into()),
                        ..ProcessorConfig::default()
                    }),
                    ..Workflow::default()
                })
                .boxed()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn conversion_never_panics(w in workflow(), name in "[a-z_ ]{0,6}") {
            match convert(&w, &name) {
                Ok(c) => {
                    let well_framed = c.text.starts_with("data \"sfn_workflow\" ")
                        && c.text.ends_with("}\n");
                    prop_assert!(well_framed, "{}", c.text);
                    let opens = c.text.matches("<<-EOT").count();
                    let closes = c.text.lines().filter(|l| l.trim() == "EOT").count();
                    prop_assert_eq!(opens, closes);
                }
                Err(problems) => prop_assert!(!problems.is_empty()),
            }
        }
    }
}
