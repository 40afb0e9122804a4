//! `sfn_workflow_test` on decoded configurations: passing, failing and skipped test cases, and
//! each kind of misconfiguration, with the diagnostic's code, attribute and detail.

use sfn_codegen::{Json, Num};
use tf_provider::{AttributePath, Diagnostics};

use super::cases::run_all;
use crate::tfvalue::Tf;

fn s(v: &str) -> Tf {
    Tf::String(v.into())
}

/// JSON text as a Terraform value (objects, lists, strings, numbers, booleans).
fn tf(json: &str) -> Tf {
    fn conv(v: &Json) -> Tf {
        match v {
            Json::Null => Tf::Null,
            Json::Bool(b) => Tf::Bool(*b),
            Json::Number(n) => Tf::Number(n.clone()),
            Json::String(s) => Tf::String(s.clone()),
            Json::Array(a) => Tf::List(a.iter().map(conv).collect()),
            Json::Object(m) => Tf::Object(m.iter().map(|(k, v)| (k.clone(), conv(v))).collect()),
        }
    }
    conv(&sfn_codegen::source::parse_json(json, &mut Vec::new()).unwrap_or(Json::Null))
}

const ORDERS: &str = r#"{"StartAt": "Validate", "States": {
  "Validate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "Next": "IsVip"},
  "IsVip": {"Type": "Choice", "Choices": [{"Variable": "$.vip", "BooleanEquals": true, "Next": "FastLane"}], "Default": "Standard"},
  "FastLane": {"Type": "Pass", "Result": "fast", "End": true},
  "Standard": {"Type": "Pass", "Result": "standard", "End": true}}}"#;

fn config(cases: Vec<(&str, Tf)>, extra: Vec<(&str, Tf)>) -> Tf {
    let mut m = vec![
        ("definition".to_string(), s(ORDERS)),
        (
            "test_case".to_string(),
            Tf::Object(cases.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
        ),
    ];
    m.extend(extra.into_iter().map(|(k, v)| (k.to_string(), v)));
    Tf::Object(m)
}

fn case(input: &str, mocks: &str, expect: &str) -> Tf {
    Tf::Object(vec![
        ("input".into(), tf(input)),
        ("mocks".into(), tf(mocks)),
        ("expect".into(), tf(expect)),
        ("mock_test_case".into(), Tf::Null),
    ])
}

const VIP_MOCK: &str = r#"{"Validate": {"result": {"Payload": {"vip": true}}}}"#;

#[test]
fn passing_and_failing_test_cases() {
    let cfg = config(
        vec![
            (
                "vip",
                case(
                    "{}",
                    VIP_MOCK,
                    r#"{"status": "SUCCEEDED", "output": "fast", "path": ["Validate", "IsVip", "FastLane"]}"#,
                ),
            ),
            (
                "wrong",
                case(
                    "{}",
                    VIP_MOCK,
                    r#"{"output": "standard", "path": ["Validate", "IsVip", "Standard"]}"#,
                ),
            ),
        ],
        vec![],
    );
    let mut d = Diagnostics::default();
    let rows = run_all(&cfg, &mut d).unwrap_or_default();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].1.passed && !rows[0].1.skipped, "{rows:?}");
    assert!(!rows[1].1.passed);
    assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
    let e = &d.errors[0];
    assert_eq!(
        e.summary,
        r#"SFN080 workflow-test-failed: test case "wrong": output: expected "standard", got "fast" (first difference at /)"#
    );
    assert_eq!(
        e.attribute,
        AttributePath::new("test_case")
            .key("wrong")
            .attribute("expect")
    );
    for part in [
        "- path: expected [Validate → IsVip → Standard], got [Validate → IsVip → FastLane] (first difference at step 3)",
        "Path taken: Validate → IsVip → FastLane",
        "Status: SUCCEEDED\nOutput: \"fast\"",
    ] {
        assert!(e.detail.contains(part), "{part}\n{}", e.detail);
    }
}

#[test]
fn unknown_values_skip_test_cases_never_fail_them() {
    let mut unknown_input = case("{}", VIP_MOCK, r#"{"output": "nope"}"#);
    if let Tf::Object(m) = &mut unknown_input {
        m[0].1 = Tf::Object(vec![("id".into(), Tf::Unknown)]);
    }
    let mut unknown_mock = case("{}", VIP_MOCK, r#"{"output": "nope"}"#);
    if let Tf::Object(m) = &mut unknown_mock {
        m[1].1 = Tf::Object(vec![("Validate".into(), Tf::Unknown)]);
    }
    let cfg = config(vec![("a", unknown_input), ("b", unknown_mock)], vec![]);
    let mut d = Diagnostics::default();
    let rows = run_all(&cfg, &mut d).unwrap_or_default();
    assert!(d.errors.is_empty(), "{:?}", d.errors);
    assert!(rows.iter().all(|(_, r)| r.skipped), "{rows:?}");
    let mut cfg = config(
        vec![("a", case("{}", VIP_MOCK, r#"{"output": "nope"}"#))],
        vec![],
    );
    if let Tf::Object(m) = &mut cfg {
        m[0].1 = Tf::Unknown;
    }
    let mut d = Diagnostics::default();
    let rows = run_all(&cfg, &mut d).unwrap_or_default();
    assert!(d.errors.is_empty() && rows[0].1.skipped);
    let cfg = config(
        vec![(
            "a",
            Tf::Object(vec![("mock_test_case".into(), s("HappyPath"))]),
        )],
        vec![("mock_config", Tf::Unknown)],
    );
    let mut d = Diagnostics::default();
    assert!(run_all(&cfg, &mut d).is_some_and(|r| r[0].1.skipped) && d.errors.is_empty());
}

#[test]
fn stopped_runs_and_invalid_definitions() {
    let cfg = config(vec![("nomock", case("{}", "{}", "{}"))], vec![]);
    let mut d = Diagnostics::default();
    let rows = run_all(&cfg, &mut d).unwrap_or_default();
    assert!(!rows[0].1.passed);
    assert!(
        d.errors[0].summary.starts_with("SFN080 workflow-test-failed: test case \"nomock\": the run stopped: state \"Validate\" calls an integration"),
        "{:?}",
        d.errors
    );
    assert_eq!(
        d.errors[0].attribute,
        AttributePath::new("test_case")
            .key("nomock")
            .attribute("mocks")
    );
    assert!(
        d.errors[0]
            .detail
            .starts_with("Path taken: Validate\n\nEvery Task"),
        "{}",
        d.errors[0].detail
    );
    // An input over the payload quota is reported at the input, without the advice on mocks.
    let big = format!(
        r#"{{"s": "{}"}}"#,
        "x".repeat(sfn_codegen::interp::MAX_PAYLOAD_BYTES)
    );
    let cfg = config(vec![("big", case(&big, VIP_MOCK, "{}"))], vec![]);
    let mut d = Diagnostics::default();
    run_all(&cfg, &mut d);
    assert!(
        d.errors[0]
            .summary
            .contains("the run stopped: the execution input is"),
        "{:?}",
        d.errors
    );
    assert_eq!(
        d.errors[0].attribute,
        AttributePath::new("test_case")
            .key("big")
            .attribute("input")
    );
    assert!(
        d.errors[0].detail.starts_with("Path taken: (no state)")
            && !d.errors[0].detail.contains("mocked result"),
        "{}",
        d.errors[0].detail
    );
    let mut cfg = config(vec![], vec![]);
    if let Tf::Object(m) = &mut cfg {
        m[0].1 = s(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}"#);
    }
    let mut d = Diagnostics::default();
    assert!(run_all(&cfg, &mut d).is_none());
    assert!(
        d.errors
            .iter()
            .any(|e| e.summary.starts_with("ASL102")
                && e.attribute == AttributePath::new("definition")),
        "{:?}",
        d.errors
    );
}

#[test]
fn misconfigurations_are_coded_at_their_attribute() {
    let typo = case("{}", r#"{"Validat": {"result": 1}}"#, "{}");
    let bad_mock = case("{}", r#"{"Validate": {"result": 1, "error": "E"}}"#, "{}");
    let bad_expect = case("{}", VIP_MOCK, r#"{"state": "SUCCEEDED"}"#);
    let cfg = config(
        vec![
            ("typo", typo),
            ("bad_mock", bad_mock),
            ("bad_expect", bad_expect),
        ],
        vec![],
    );
    let mut d = Diagnostics::default();
    assert!(run_all(&cfg, &mut d).is_none());
    let find = |p: &str| {
        d.errors
            .iter()
            .find(|e| e.summary.contains(p))
            .unwrap_or_else(|| panic!("{p}: {:?}", d.errors))
    };
    let e = find("mocks \"Validat\", which is not a state");
    assert!(
        e.summary.starts_with("SFN081 invalid-workflow-test")
            && e.detail.contains("Did you mean \"Validate\"?"),
        "{e:?}"
    );
    assert_eq!(
        e.attribute,
        AttributePath::new("test_case")
            .key("typo")
            .attribute("mocks")
    );
    let e = find("test case \"bad_mock\": the mocks are not valid");
    assert!(
        e.detail
            .contains("/Validate: a mocked response has either result or error"),
        "{e:?}"
    );
    let e = find("test case \"bad_expect\": expect is not valid");
    assert!(e.detail.contains("unknown field \"state\""), "{e:?}");
    let cfg = config(
        vec![("a", Tf::Object(vec![("mock_test_case".into(), s("Nope"))]))],
        vec![],
    );
    let mut d = Diagnostics::default();
    assert!(run_all(&cfg, &mut d).is_none());
    assert!(
        d.errors[0].summary.contains("there is no mock_config"),
        "{:?}",
        d.errors
    );
    for (extra, expected) in [
        (
            vec![("workflow_type", s("FAST"))],
            "\"FAST\" is not a workflow type",
        ),
        (
            vec![(
                "seed",
                Tf::Number(Num::parse("1.5").unwrap_or(Num::from_i64(0))),
            )],
            "seed 1.5 is not a whole number",
        ),
        (vec![("mock_config", s("{"))], "mock_config is not JSON"),
        (
            vec![("mock_config", s(r#"{"MockedResponses": {"R": {"x": {}}}}"#))],
            "not a valid Step Functions Local mock configuration",
        ),
    ] {
        let mut d = Diagnostics::default();
        assert!(
            run_all(&config(vec![], extra), &mut d).is_none(),
            "{expected}"
        );
        assert!(
            d.errors.iter().any(|e| e.summary.contains(expected)),
            "{expected}: {:?}",
            d.errors
        );
    }
}

#[test]
fn test_cases_from_a_step_functions_local_file() {
    let file = r#"{"StateMachines": {"orders": {"TestCases": {"Vip": {"Validate": "VipOk"}}}},
        "MockedResponses": {"VipOk": {"0": {"Return": {"Payload": {"vip": true}}}}}}"#;
    let base = |name: &str| {
        Tf::Object(vec![
            ("mock_test_case".into(), s(name)),
            (
                "expect".into(),
                tf(r#"{"path": ["Validate", "IsVip", "FastLane"]}"#),
            ),
        ])
    };
    // HCL mocks override the file's per state.
    let mut overridden = base("Vip");
    if let Tf::Object(m) = &mut overridden {
        m.push((
            "mocks".into(),
            tf(r#"{"Validate": {"result": {"Payload": {"vip": false}}}}"#),
        ));
        m[1].1 = tf(r#"{"output": "standard"}"#);
    }
    let cfg = config(
        vec![("from_file", base("Vip")), ("overridden", overridden)],
        vec![("mock_config", s(file))],
    );
    let mut d = Diagnostics::default();
    let rows = run_all(&cfg, &mut d).unwrap_or_default();
    assert!(d.errors.is_empty(), "{:?}", d.errors);
    assert!(rows.iter().all(|(_, r)| r.passed), "{rows:?}");
    let cfg = config(vec![("x", base("Vpi"))], vec![("mock_config", s(file))]);
    let mut d = Diagnostics::default();
    assert!(run_all(&cfg, &mut d).is_none());
    assert!(
        d.errors[0].detail.contains("Did you mean \"Vip\"?"),
        "{:?}",
        d.errors
    );
    let cfg = config(
        vec![],
        vec![("mock_config", s(file)), ("state_machine", s("order"))],
    );
    let mut d = Diagnostics::default();
    assert!(run_all(&cfg, &mut d).is_none());
    assert!(
        d.errors[0].summary.contains("no state machine \"order\"")
            && d.errors[0].detail.contains("Did you mean \"orders\"?"),
        "{:?}",
        d.errors
    );
}
