//! Whole runs: definitions from the ASL specification and the developer guide with the results
//! they document, and each construct's behaviour through a complete execution (history, path,
//! clock, mocks).

use super::*;
use crate::source::parse_json;

mod constructs;
mod documented;
mod runs;

fn j(s: &str) -> Json {
    parse_json(s, &mut Vec::new()).unwrap_or_else(|| panic!("bad test JSON {s}"))
}

/// A test case from `{"State": {"0": {"Return": ...}}, ...}`: each state mocked by the mocked
/// response of the same name, as a Step Functions Local file would say it.
fn mocks(states: &str) -> TestCase {
    let responses = j(states);
    let names: Vec<(String, Json)> = responses
        .as_object()
        .unwrap_or_default()
        .iter()
        .map(|(k, _)| (k.clone(), Json::String(k.clone())))
        .collect();
    let config = Json::Object(vec![
        (
            "StateMachines".into(),
            Json::Object(vec![(
                "M".into(),
                Json::Object(vec![(
                    "TestCases".into(),
                    Json::Object(vec![("T".into(), Json::Object(names))]),
                )]),
            )]),
        ),
        ("MockedResponses".into(), responses),
    ]);
    MockConfig::from_json(&config)
        .and_then(|c| c.test_case("M", "T").map_err(|e| panic!("{e}")))
        .unwrap_or_else(|p| panic!("{p:?}"))
}

fn machine(def: &str) -> StateMachine {
    let report = crate::check_str(def, &crate::Options::default());
    let errors: Vec<String> = report.errors().map(|d| d.to_string()).collect();
    assert!(
        errors.is_empty(),
        "the test definition is invalid: {errors:#?}"
    );
    report.machine.unwrap_or_default()
}

fn run_with(def: &str, input: &str, states: &str, options: &RunOptions) -> Execution {
    let m = machine(def);
    run(&m, &j(input), &mocks(states), options).unwrap_or_else(|s| panic!("stopped: {}", s.reason))
}

fn exec(def: &str, input: &str, states: &str) -> Execution {
    run_with(def, input, states, &RunOptions::default())
}

fn output(e: &Execution) -> String {
    assert_eq!(e.status, Status::Succeeded, "{:?} {:?}", e.error, e.cause);
    e.output.as_ref().map(Json::to_compact).unwrap_or_default()
}

fn kinds(e: &Execution) -> Vec<&'static str> {
    e.history.iter().map(|ev| ev.kind).collect()
}

fn details<'a>(e: &'a Execution, kind: &str) -> Vec<&'a Json> {
    e.history
        .iter()
        .filter(|ev| ev.kind == kind)
        .filter_map(|ev| ev.details.as_ref().map(|(_, d)| d))
        .collect()
}

fn times(e: &Execution, kind: &str) -> Vec<i64> {
    e.history
        .iter()
        .filter(|ev| ev.kind == kind)
        .map(|ev| ev.timestamp - e.start_millis)
        .collect()
}
