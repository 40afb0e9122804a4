//! Whole runs: definitions from the ASL specification and the developer guide with the results
//! they document, and each construct's behaviour through a complete execution (history, path,
//! clock, mocks).

use super::*;
use crate::source::parse_json;

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

// ---- the developer guide's input and output processing ------------------------------------

#[test]
fn documented_input_result_and_output_paths() {
    let def = r#"{
      "Comment": "A Hello World example of the Amazon States Language using an AWS Lambda function",
      "StartAt": "HelloWorld",
      "States": {"HelloWorld": {
        "Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction",
        "InputPath": "$.lambda", "ResultPath": "$.data.lambdaresult", "OutputPath": "$.data",
        "End": true}}}"#;
    let input = r#"{"comment": "An input comment.", "data": {"val1": 23, "val2": 17}, "extra": "foo", "lambda": {"who": "AWS Step Functions"}}"#;
    let e = exec(
        def,
        input,
        r#"{"HelloWorld": {"0": {"Return": "Hello, AWS Step Functions!"}}}"#,
    );
    assert_eq!(
        output(&e),
        r#"{"val1":23,"val2":17,"lambdaresult":"Hello, AWS Step Functions!"}"#
    );
    assert_eq!(
        kinds(&e),
        vec![
            "ExecutionStarted",
            "TaskStateEntered",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    // The function receives only the lambda node.
    let scheduled = details(&e, "LambdaFunctionScheduled");
    assert_eq!(
        scheduled[0].get("input"),
        Some(&Json::String(r#"{"who":"AWS Step Functions"}"#.into()))
    );
    assert_eq!(e.path, vec!["HelloWorld"]);
    let ids: Vec<(u64, u64)> = e
        .history
        .iter()
        .map(|ev| (ev.id, ev.previous_event_id))
        .collect();
    assert_eq!(
        ids,
        vec![(1, 0), (2, 1), (3, 2), (4, 3), (5, 4), (6, 5), (7, 6)]
    );
}

#[test]
fn documented_result_selector() {
    let def = r#"{"StartAt": "Create Cluster", "States": {"Create Cluster": {
        "Type": "Task", "Resource": "arn:aws:states:::elasticmapreduce:createCluster.sync",
        "Parameters": {"Name": "c"},
        "ResultSelector": {"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"},
        "ResultPath": "$.EMROutput", "End": true}}}"#;
    let result = r#"{"resourceType": "elasticmapreduce", "resource": "createCluster.sync", "output": {"SdkHttpMetadata": {"HttpStatusCode": 200}, "SdkResponseMetadata": {"RequestId": "1234-5678-9012"}, "ClusterId": "AKIAIOSFODNN7EXAMPLE"}}"#;
    let e = exec(
        def,
        r#"{"OtherDataFromInput": {}}"#,
        &format!(r#"{{"Create Cluster": {{"0": {{"Return": {result}}}}}}}"#),
    );
    assert_eq!(
        output(&e),
        r#"{"OtherDataFromInput":{},"EMROutput":{"ClusterId":"AKIAIOSFODNN7EXAMPLE","ResourceType":"elasticmapreduce"}}"#
    );
    let scheduled = details(&e, "TaskScheduled");
    assert_eq!(
        scheduled[0].get("resourceType"),
        Some(&Json::String("elasticmapreduce".into()))
    );
    assert_eq!(
        scheduled[0].get("resource"),
        Some(&Json::String("createCluster.sync".into()))
    );
    assert_eq!(
        scheduled[0].get("parameters"),
        Some(&Json::String(r#"{"Name":"c"}"#.into()))
    );
}

#[test]
fn documented_map_context_object() {
    let def = r#"{"StartAt": "ExampleMapState", "States": {"ExampleMapState": {
        "Type": "Map",
        "Parameters": {"ContextIndex.$": "$$.Map.Item.Index", "ContextValue.$": "$$.Map.Item.Value"},
        "Iterator": {"StartAt": "TestPass", "States": {"TestPass": {"Type": "Pass", "End": true}}},
        "End": true}}}"#;
    let e = exec(
        def,
        r#"[{"who": "bob"}, {"who": "meg"}, {"who": "joe"}]"#,
        "{}",
    );
    assert_eq!(
        output(&e),
        r#"[{"ContextIndex":0,"ContextValue":{"who":"bob"}},{"ContextIndex":1,"ContextValue":{"who":"meg"}},{"ContextIndex":2,"ContextValue":{"who":"joe"}}]"#
    );
    assert_eq!(
        details(&e, "MapStateStarted")[0].to_compact(),
        r#"{"length":3}"#
    );
    assert_eq!(
        details(&e, "MapIterationStarted")
            .iter()
            .map(|d| d.to_compact())
            .collect::<Vec<_>>(),
        vec![
            r#"{"name":"ExampleMapState","index":0}"#,
            r#"{"name":"ExampleMapState","index":1}"#,
            r#"{"name":"ExampleMapState","index":2}"#
        ]
    );
}

#[test]
fn documented_map_items_path_and_parameters() {
    // The ASL specification's Map example: each parcel with its courier, results in place.
    let def = r#"{"StartAt": "Validate-All", "States": {"Validate-All": {
        "Type": "Map", "InputPath": "$.detail", "ItemsPath": "$.shipped", "MaxConcurrency": 0,
        "Parameters": {"parcel.$": "$$.Map.Item.Value", "courier.$": "$.delivery-partner"},
        "Iterator": {"StartAt": "Validate", "States": {"Validate": {
          "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:ship-val", "End": true}}},
        "ResultPath": "$.detail.shipped", "End": true}}}"#;
    let input = r#"{"ship-date": "2016-03-14T01:59:00Z", "detail": {"delivery-partner": "UQS", "shipped": [
        {"prod": "R31", "dest-code": 9511, "quantity": 1344},
        {"prod": "S39", "dest-code": 9511, "quantity": 40}]}}"#;
    let e = exec(def, input, r#"{"Validate": {"0-1": {"Return": "ok"}}}"#);
    assert_eq!(
        output(&e),
        r#"{"ship-date":"2016-03-14T01:59:00Z","detail":{"delivery-partner":"UQS","shipped":["ok","ok"]}}"#
    );
    let sent: Vec<String> = details(&e, "LambdaFunctionScheduled")
        .iter()
        .filter_map(|d| d.get("input").and_then(Json::as_str).map(str::to_string))
        .collect();
    assert_eq!(
        sent,
        vec![
            r#"{"parcel":{"prod":"R31","dest-code":9511,"quantity":1344},"courier":"UQS"}"#,
            r#"{"parcel":{"prod":"S39","dest-code":9511,"quantity":40},"courier":"UQS"}"#
        ]
    );
    assert_eq!(e.path, vec!["Validate-All", "Validate", "Validate"]);
}

#[test]
fn documented_choice_routing() {
    let def = r#"{"StartAt": "ChoiceStateX", "States": {
      "ChoiceStateX": {"Type": "Choice", "Choices": [
        {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
        {"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
        {"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}], "Next": "ValueInTwenties"}],
        "Default": "DefaultState"},
      "Public": {"Type": "Pass", "End": true},
      "ValueIsZero": {"Type": "Pass", "End": true},
      "ValueInTwenties": {"Type": "Pass", "End": true},
      "DefaultState": {"Type": "Fail", "Cause": "No Matches!"}}}"#;
    let e = exec(def, r#"{"type": "Private", "value": 22}"#, "{}");
    assert_eq!(e.path, vec!["ChoiceStateX", "ValueInTwenties"]);
    let e = exec(def, r#"{"type": "Private", "value": 50}"#, "{}");
    assert_eq!(e.status, Status::Failed);
    assert_eq!(
        (e.error.as_deref(), e.cause.as_deref()),
        (None, Some("No Matches!"))
    );
    assert_eq!(kinds(&e).last(), Some(&"ExecutionFailed"));
    // Without $.type the execution fails, as the guide says.
    let e = exec(def, r#"{"value": 22}"#, "{}");
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
    assert!(
        e.cause
            .as_deref()
            .is_some_and(|c| c.contains("ChoiceStateX") && c.contains("$.type")),
        "{:?}",
        e.cause
    );
}

// ---- retries and catches ---------------------------------------------------------------------

/// The specification's retrier example: errors ErrorA, ErrorB, ErrorC, ErrorB. The first two
/// match the first retrier (waits of 1 and 2 seconds), the third the second retrier (5
/// seconds); the fourth matches the first retrier again, whose two attempts are used up, so the
/// catcher sends the execution to Z.
#[test]
fn documented_retrier_counts_and_backoff() {
    let def = r#"{"StartAt": "X", "States": {
      "X": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:X", "Next": "Y",
        "Retry": [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 2},
                  {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}]},
      "Y": {"Type": "Succeed"},
      "Z": {"Type": "Pass", "End": true}}}"#;
    let e = exec(
        def,
        "{}",
        r#"{"X": {"0": {"Throw": {"Error": "ErrorA"}}, "1": {"Throw": {"Error": "ErrorB"}}, "2": {"Throw": {"Error": "ErrorC"}}, "3": {"Throw": {"Error": "ErrorB", "Cause": "again"}}}}"#,
    );
    assert_eq!(e.path, vec!["X", "Z"]);
    assert_eq!(times(&e, "ActivityScheduled"), vec![0, 1000, 3000, 8000]);
    assert_eq!(output(&e), r#"{"Error":"ErrorB","Cause":"again"}"#);
    assert_eq!(details(&e, "ActivityFailed").len(), 4);
}

#[test]
fn retry_wildcards_and_the_guides_timeout_example() {
    // The guide: retry any error except States.Timeout.
    let def = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"]}],
        "End": true}}}"#;
    let timeout = exec(
        def,
        "{}",
        r#"{"T": {"0": {"Throw": {"Error": "States.Timeout", "Cause": "slow"}}}}"#,
    );
    assert_eq!(
        (timeout.status, timeout.error.as_deref()),
        (Status::Failed, Some("States.Timeout"))
    );
    assert_eq!(
        details(&timeout, "TaskTimedOut").len(),
        1,
        "a mocked timeout is a timed-out task"
    );
    let other = exec(
        def,
        "{}",
        r#"{"T": {"0-2": {"Throw": {"Error": "Lambda.Unknown"}}, "3": {"Return": {"Payload": 1}}}}"#,
    );
    assert_eq!(output(&other), r#"{"Payload":1}"#);
    assert_eq!(times(&other, "TaskScheduled"), vec![0, 1000, 3000, 7000]);
    // States.TaskFailed matches anything but a timeout.
    let def = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Failed"}, {"ErrorEquals": ["States.Timeout"], "ResultPath": "$.timeout", "Next": "TimedOut"}],
        "End": true},
        "Failed": {"Type": "Succeed"}, "TimedOut": {"Type": "Succeed"}}}"#;
    let e = exec(
        def,
        r#"{"a": 1}"#,
        r#"{"T": {"0": {"Throw": {"Error": "States.HeartbeatTimeout"}}}}"#,
    );
    assert_eq!(e.path, vec!["T", "TimedOut"]);
    assert_eq!(
        output(&e),
        r#"{"a":1,"timeout":{"Error":"States.HeartbeatTimeout","Cause":""}}"#
    );
    let e = exec(def, "{}", r#"{"T": {"0": {"Throw": {"Error": "Custom"}}}}"#);
    assert_eq!(e.path, vec!["T", "Failed"]);
}

#[test]
fn max_delay_jitter_and_retry_count_in_the_context() {
    let def = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"attempt.$": "$$.State.RetryCount"},
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "BackoffRate": 3, "MaxAttempts": 4, "MaxDelaySeconds": 60}],
        "End": true}}}"#;
    let states = r#"{"T": {"0-3": {"Throw": {"Error": "E"}}, "4": {"Return": 0}}}"#;
    let e = exec(def, "{}", states);
    assert_eq!(
        times(&e, "TaskScheduled"),
        vec![0, 10_000, 40_000, 100_000, 160_000]
    );
    let attempts: Vec<String> = details(&e, "TaskScheduled")
        .iter()
        .filter_map(|d| {
            d.get("parameters")
                .and_then(Json::as_str)
                .map(str::to_string)
        })
        .collect();
    assert_eq!(
        attempts,
        vec![
            r#"{"attempt":0}"#,
            r#"{"attempt":1}"#,
            r#"{"attempt":2}"#,
            r#"{"attempt":3}"#,
            r#"{"attempt":4}"#
        ]
    );
    let jittered = def.replace(
        r#""MaxDelaySeconds": 60"#,
        r#""MaxDelaySeconds": 60, "JitterStrategy": "FULL""#,
    );
    let a = exec(&jittered, "{}", states);
    let b = exec(&jittered, "{}", states);
    let ta = times(&a, "TaskScheduled");
    assert_eq!(
        ta,
        times(&b, "TaskScheduled"),
        "the same seed gives the same jitter"
    );
    let gaps: Vec<i64> = ta.windows(2).map(|w| w[1] - w[0]).collect();
    for (gap, cap) in gaps.iter().zip([10_000, 30_000, 60_000, 60_000]) {
        assert!((0..=cap).contains(gap), "{gaps:?}");
    }
    assert_ne!(gaps, vec![10_000, 30_000, 60_000, 60_000]);
    let other_seed = RunOptions {
        seed: 99,
        ..RunOptions::default()
    };
    assert_ne!(
        times(
            &run_with(&jittered, "{}", states, &other_seed),
            "TaskScheduled"
        ),
        ta
    );
}

#[test]
fn documented_catch_result_path() {
    let def = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "NextTask", "ResultPath": "$.error"}], "End": true},
        "NextTask": {"Type": "Pass", "End": true}}}"#;
    let e = exec(
        def,
        r#"{"foo": "bar"}"#,
        r#"{"T": {"0": {"Throw": {"Error": "Error here", "Cause": "why"}}}}"#,
    );
    assert_eq!(
        output(&e),
        r#"{"foo":"bar","error":{"Error":"Error here","Cause":"why"}}"#
    );
    assert_eq!(
        kinds(&e),
        vec![
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "TaskStateExited",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn runtime_and_data_limit_errors_are_never_caught() {
    let def = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"x.$": "$.missing"},
        "Retry": [{"ErrorEquals": ["States.ALL"]}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
        "Caught": {"Type": "Succeed"}}}"#;
    let e = exec(def, "{}", r#"{"T": {"0": {"Return": 1}}}"#);
    assert_eq!(
        (e.status, e.error.as_deref()),
        (Status::Failed, Some("States.Runtime"))
    );
    assert_eq!(
        e.cause.as_deref(),
        Some("An error occurred while executing the state 'T'. The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{}'")
    );
    assert_eq!(e.path, vec!["T"]);
    let big = format!(
        r#"{{"T": {{"0": {{"Return": "{}"}}}}}}"#,
        "x".repeat(MAX_PAYLOAD_BYTES)
    );
    let def = def.replace(r#""Parameters": {"x.$": "$.missing"},"#, "");
    let e = exec(&def, "{}", &big);
    assert_eq!(e.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(e.path, vec!["T"]);
}

// ---- time ----------------------------------------------------------------------------------

#[test]
fn wait_moves_the_simulated_clock_and_the_execution_can_time_out() {
    let def = r#"{"StartAt": "Hour", "States": {
      "Hour": {"Type": "Wait", "Seconds": 3600, "Next": "Until"},
      "Until": {"Type": "Wait", "TimestampPath": "$.at", "Next": "Past"},
      "Past": {"Type": "Wait", "Timestamp": "2000-01-01T00:00:00Z", "Next": "Dynamic"},
      "Dynamic": {"Type": "Wait", "SecondsPath": "$.pause", "Next": "Stamp"},
      "Stamp": {"Type": "Pass", "Parameters": {"entered.$": "$$.State.EnteredTime", "started.$": "$$.Execution.StartTime"}, "End": true}}}"#;
    let e = exec(def, r#"{"at": "2024-01-01T02:00:00Z", "pause": 30}"#, "{}");
    assert_eq!(
        output(&e),
        r#"{"entered":"2024-01-01T02:00:30.000Z","started":"2024-01-01T00:00:00.000Z"}"#
    );
    assert_eq!(e.stop_millis - e.start_millis, 7_230_000);
    assert_eq!(
        times(&e, "WaitStateExited"),
        vec![3_600_000, 7_200_000, 7_200_000, 7_230_000]
    );
    let timed = def.replacen("{\"StartAt\"", "{\"TimeoutSeconds\": 4000, \"StartAt\"", 1);
    let e = exec(
        &timed,
        r#"{"at": "2024-01-01T02:00:00Z", "pause": 30}"#,
        "{}",
    );
    assert_eq!(
        (e.status, e.error.as_deref()),
        (Status::TimedOut, Some("States.Timeout"))
    );
    assert_eq!(e.stop_millis - e.start_millis, 4_000_000);
    assert_eq!(kinds(&e).last(), Some(&"ExecutionTimedOut"));
    let e = exec(def, r#"{"at": "not a time", "pause": 30}"#, "{}");
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
}

// ---- Parallel and Map ------------------------------------------------------------------------

#[test]
fn parallel_branches_start_together_and_fail_with_the_branch_error() {
    let def = r#"{"StartAt": "Checks", "States": {"Checks": {"Type": "Parallel",
        "Branches": [
          {"StartAt": "CheckName", "States": {"CheckName": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"Payload.$": "$.name"}, "OutputPath": "$.Payload", "End": true}}},
          {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 5, "Next": "CheckAddress"},
             "CheckAddress": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "End": true}}}],
        "ResultSelector": {"name.$": "$[0]", "address.$": "$[1]"},
        "Catch": [{"ErrorEquals": ["NameRejected"], "ResultPath": "$.rejected", "Next": "Rejected"}],
        "Next": "Open"},
      "Open": {"Type": "Succeed"},
      "Rejected": {"Type": "Fail", "ErrorPath": "$.rejected.Error", "CausePath": "States.Format('{} is not a name', $.name)"}}}"#;
    let ok = r#"{"CheckName": {"0": {"Return": {"Payload": "name ok"}}}, "CheckAddress": {"0": {"Return": {"Payload": "address ok"}}}}"#;
    let e = exec(def, r#"{"name": "Jane"}"#, ok);
    assert_eq!(output(&e), r#"{"name":"name ok","address":"address ok"}"#);
    assert_eq!(
        e.path,
        vec!["Checks", "CheckName", "Slow", "CheckAddress", "Open"]
    );
    assert_eq!(e.stop_millis - e.start_millis, 5000);
    // Both branches start at 0; the history is in time order.
    let order: Vec<&str> = kinds(&e);
    let pos = |k: &str| order.iter().position(|x| *x == k).unwrap_or(usize::MAX);
    assert_eq!(times(&e, "TaskScheduled"), vec![0, 5000]);
    assert_eq!(times(&e, "WaitStateEntered"), vec![0]);
    assert!(e
        .history
        .windows(2)
        .all(|w| w[0].timestamp <= w[1].timestamp));
    assert_eq!(pos("ParallelStateSucceeded"), order.len() - 5);
    let succeeded = &e.history[pos("ParallelStateSucceeded")];
    assert_eq!(
        e.history[succeeded.previous_event_id as usize - 1].kind,
        "TaskStateExited",
        "the Parallel state follows its last branch event"
    );
    let bad = r#"{"CheckName": {"0": {"Throw": {"Error": "NameRejected", "Cause": "no"}}}}"#;
    let e = exec(def, r#"{"name": "J4ne"}"#, bad);
    assert_eq!(
        e.path,
        vec!["Checks", "CheckName", "Rejected"],
        "the branch after the failing one does not run"
    );
    assert_eq!(
        (e.error.as_deref(), e.cause.as_deref()),
        (Some("NameRejected"), Some("J4ne is not a name"))
    );
    assert!(kinds(&e).contains(&"ParallelStateFailed"));
}

#[test]
fn map_concurrency_on_the_simulated_clock() {
    let def = |c: u32| {
        format!(
            r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", "MaxConcurrency": {c},
            "ItemProcessor": {{"ProcessorConfig": {{"Mode": "INLINE"}}, "StartAt": "W", "States": {{"W": {{"Type": "Wait", "SecondsPath": "$", "End": true}}}}}},
            "End": true}}}}}}"#
        )
    };
    let input = "[10, 10, 10, 5]";
    assert_eq!(
        exec(&def(1), input, "{}").stop_millis - time::DEFAULT_START_MILLIS,
        35_000
    );
    assert_eq!(
        exec(&def(2), input, "{}").stop_millis - time::DEFAULT_START_MILLIS,
        20_000
    );
    let all = exec(&def(0), input, "{}");
    assert_eq!(all.stop_millis - all.start_millis, 10_000);
    assert_eq!(output(&all), "[10,10,10,5]");
    assert!(all
        .history
        .windows(2)
        .all(|w| w[0].timestamp <= w[1].timestamp));
}

#[test]
fn inline_map_iteration_failure_fails_the_map() {
    let def = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
        "ItemSelector": {"n.$": "$$.Map.Item.Value"},
        "ItemProcessor": {"StartAt": "Check", "States": {"Check": {"Type": "Choice",
          "Choices": [{"Variable": "$.n", "NumericGreaterThan": 2, "Next": "TooBig"}], "Default": "Fine"},
          "TooBig": {"Type": "Fail", "Error": "TooBig", "Cause": "item over 2"}, "Fine": {"Type": "Pass", "End": true}}},
        "Catch": [{"ErrorEquals": ["TooBig"], "Next": "Handled"}], "End": true},
      "Handled": {"Type": "Pass", "Result": "handled", "End": true}}}"#;
    let e = exec(def, r#"{"items": [1, 3, 2]}"#, "{}");
    assert_eq!(output(&e), r#""handled""#);
    assert_eq!(
        e.path,
        vec!["M", "Check", "Fine", "Check", "TooBig", "Handled"]
    );
    assert!(kinds(&e).contains(&"MapIterationFailed") && kinds(&e).contains(&"MapStateFailed"));
    let e = exec(def, r#"{"items": "nope"}"#, "{}");
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
}

const DISTRIBUTED: &str = r#"{"StartAt": "Process", "States": {"Process": {
    "Type": "Map", "Label": "orders", "MaxConcurrency": 100,
    "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
      "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 5},
      "Parameters": {"Bucket": "in", "Key": "orders.csv"}},
    "ItemSelector": {"order.$": "$$.Map.Item.Value", "batch.$": "$.batch"},
    "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"source": "csv"}},
    "ToleratedFailureCount": 1,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
      "StartAt": "Charge", "States": {"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"Payload.$": "$"}, "OutputPath": "$.Payload", "End": true}}},
    "End": true}}}"#;

#[test]
fn distributed_map_reads_batches_and_tolerates_failures() {
    let csv = "id,total\n1,10\n2,20\n3,30\n4,40\n5,50\n6,60\n";
    let states = format!(
        r#"{{"Process": {{"0": {{"Return": {}}}}}, "Charge": {{"0": {{"Return": {{"Payload": "a"}}}}, "1": {{"Throw": {{"Error": "Declined"}}}}, "2": {{"Return": {{"Payload": "c"}}}}}}}}"#,
        Json::String(csv.into()).to_compact()
    );
    let e = exec(DISTRIBUTED, r#"{"batch": 7}"#, &states);
    assert_eq!(output(&e), r#"["a",{"Error":"Declined","Cause":""},"c"]"#);
    // Five items (MaxItems) in batches of two; the child histories are not the parent's.
    assert_eq!(e.path, vec!["Process", "Charge", "Charge", "Charge"]);
    assert_eq!(
        kinds(&e),
        vec![
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapRunStarted",
            "MapRunSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
    let run = details(&e, "MapRunStarted")[0]
        .get("mapRunArn")
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_string();
    assert!(
        run.starts_with("arn:aws:states:us-east-1:123456789012:mapRun:StateMachine/orders:"),
        "{run}"
    );
    let strict = DISTRIBUTED.replace(r#""ToleratedFailureCount": 1,"#, "");
    let e = exec(&strict, r#"{"batch": 7}"#, &states);
    assert_eq!(
        e.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
    assert_eq!(e.path, vec!["Process", "Charge", "Charge"]);
    assert!(kinds(&e).contains(&"MapRunFailed"));
    // What the children receive: the selected items in batches.
    let echo = DISTRIBUTED.replace(
        r#""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"Payload.$": "$"}, "OutputPath": "$.Payload", "End": true"#,
        r#""Type": "Pass", "End": true"#,
    );
    let e = exec(
        &echo,
        r#"{"batch": 7}"#,
        &format!(
            r#"{{"Process": {{"0": {{"Return": {}}}}}}}"#,
            Json::String(csv.into()).to_compact()
        ),
    );
    assert_eq!(
        output(&e),
        r#"[{"BatchInput":{"source":"csv"},"Items":[{"order":{"id":"1","total":"10"},"batch":7},{"order":{"id":"2","total":"20"},"batch":7}]},{"BatchInput":{"source":"csv"},"Items":[{"order":{"id":"3","total":"30"},"batch":7},{"order":{"id":"4","total":"40"},"batch":7}]},{"BatchInput":{"source":"csv"},"Items":[{"order":{"id":"5","total":"50"},"batch":7}]}]"#
    );
}

#[test]
fn distributed_map_result_writer_and_reader_errors() {
    let def = r#"{"StartAt": "P", "States": {"P": {"Type": "Map",
        "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "in"}},
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "runs/"}},
        "ToleratedFailurePercentage": 50,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
          "StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}},
        "End": true}}}"#;
    let e = exec(
        def,
        "{}",
        r#"{"P": {"0": {"Return": [{"Key": "a"}, {"Key": "b"}]}}}"#,
    );
    let out = e.output.clone().unwrap_or(Json::Null);
    let details = out
        .get("ResultWriterDetails")
        .cloned()
        .unwrap_or(Json::Null);
    assert_eq!(details.get("Bucket"), Some(&Json::String("out".into())));
    let key = details
        .get("Key")
        .and_then(Json::as_str)
        .unwrap_or_default();
    assert!(
        key.starts_with("runs/") && key.ends_with("/manifest.json"),
        "{key}"
    );
    assert!(out
        .get("MapRunArn")
        .and_then(Json::as_str)
        .is_some_and(|a| a.contains(":mapRun:")));
    let e = exec(
        def,
        "{}",
        r#"{"P": {"0": {"Throw": {"Error": "S3.NoSuchKey", "Cause": "gone"}}}}"#,
    );
    assert_eq!(e.error.as_deref(), Some("S3.NoSuchKey"));
}

// ---- variables and JSONata -------------------------------------------------------------------

#[test]
fn jsonpath_variables_are_assigned_together_and_scoped() {
    let def = r#"{"StartAt": "Init", "States": {
      "Init": {"Type": "Pass", "Assign": {"count": 1, "name.$": "$.name"}, "Next": "Bump"},
      "Bump": {"Type": "Pass", "Assign": {"count.$": "States.MathAdd($count, 1)", "was.$": "$count"}, "Next": "Fan"},
      "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "Read", "States": {"Read": {"Type": "Pass",
          "Parameters": {"seen.$": "$count", "who.$": "$name"}, "Assign": {"inner": true}, "End": true}}}],
        "Next": "Report"},
      "Report": {"Type": "Pass", "Parameters": {"count.$": "$count", "was.$": "$was", "branch.$": "$[0]"}, "End": true}}}"#;
    let e = exec(def, r#"{"name": "Ana"}"#, "{}");
    assert_eq!(
        output(&e),
        r#"{"count":2,"was":1,"branch":{"seen":2,"who":"Ana"}}"#
    );
    let exited = details(&e, "PassStateExited");
    assert_eq!(
        exited[0].get("assignedVariables").map(Json::to_compact),
        Some(r#"{"count":"1","name":"\"Ana\""}"#.into())
    );
    let leaked = def.replace(r#""branch.$": "$[0]""#, r#""inner.$": "$inner""#);
    let e = exec(&leaked, r#"{"name": "Ana"}"#, "{}");
    assert_eq!(
        e.error.as_deref(),
        Some("States.Runtime"),
        "a branch's variables end with the branch"
    );
}

#[test]
fn jsonata_states_end_to_end() {
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "Price", "States": {
      "Price": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "price", "Payload": {"items": "{% $states.input.items %}"}},
        "Assign": {"total": "{% $states.result.Payload.total %}", "orderId": "{% $states.input.id %}"},
        "Output": "{% $states.result.Payload %}",
        "Catch": [{"ErrorEquals": ["States.ALL"], "Output": {"failed": "{% $states.errorOutput.Error %}", "input": "{% $states.input.id %}"}, "Next": "Failed"}],
        "Next": "Big?"},
      "Big?": {"Type": "Choice", "Choices": [{"Condition": "{% $total > 100 %}", "Next": "Review", "Assign": {"route": "review"}}],
        "Default": "Ship", "Assign": {"route": "ship"}},
      "Review": {"Type": "Wait", "Seconds": "{% $total %}", "Next": "Ship"},
      "Ship": {"Type": "Pass", "Output": {"order": "{% $orderId %}", "route": "{% $route %}", "at": "{% $now() %}", "total": "{% $total %}"}, "End": true},
      "Failed": {"Type": "Fail", "Error": "{% 'Pricing.' & $states.input.failed %}", "Cause": "{% $string($states.input.input) %}"}}}"#;
    let e = exec(
        def,
        r#"{"id": "o-1", "items": [1, 2]}"#,
        r#"{"Price": {"0": {"Return": {"Payload": {"total": 150}}}}}"#,
    );
    assert_eq!(
        output(&e),
        r#"{"order":"o-1","route":"review","at":"2024-01-01T00:02:30.000Z","total":150}"#
    );
    assert_eq!(e.path, vec!["Price", "Big?", "Review", "Ship"]);
    let params = details(&e, "TaskScheduled")[0]
        .get("parameters")
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        params,
        r#"{"FunctionName":"price","Payload":{"items":[1,2]}}"#
    );
    let small = exec(
        def,
        r#"{"id": "o-2", "items": []}"#,
        r#"{"Price": {"0": {"Return": {"Payload": {"total": 5}}}}}"#,
    );
    assert_eq!(small.path, vec!["Price", "Big?", "Ship"]);
    assert!(output(&small).contains(r#""route":"ship""#));
    let failed = exec(
        def,
        r#"{"id": "o-3", "items": []}"#,
        r#"{"Price": {"0": {"Throw": {"Error": "Lambda.Unknown", "Cause": "boom"}}}}"#,
    );
    assert_eq!(
        (failed.error.as_deref(), failed.cause.as_deref()),
        (Some("Pricing.Lambda.Unknown"), Some("o-3"))
    );
    let bad = exec(
        def,
        r#"{"items": []}"#,
        r#"{"Price": {"0": {"Return": {"Payload": {"total": 5}}}}}"#,
    );
    assert_eq!(
        bad.error.as_deref(),
        Some("States.QueryEvaluationError"),
        "$orderId undefined: {:?}",
        bad.cause
    );
}

#[test]
fn jsonata_map_and_parallel() {
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "Each", "States": {
      "Each": {"Type": "Map", "Items": "{% $states.input.orders %}",
        "ItemSelector": {"id": "{% $states.context.Map.Item.Value.id %}", "pos": "{% $states.context.Map.Item.Index %}"},
        "ItemProcessor": {"StartAt": "Both", "States": {"Both": {"Type": "Parallel",
          "Arguments": "{% $states.input %}",
          "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.id %}", "End": true}}},
                       {"StartAt": "B", "States": {"B": {"Type": "Pass", "Output": "{% $states.input.pos * 10 %}", "End": true}}}],
          "Output": "{% $join([$states.result[0], $string($states.result[1])], ':') %}", "End": true}}},
        "Output": "{% $states.result %}", "End": true}}}"#;
    let e = exec(def, r#"{"orders": [{"id": "x"}, {"id": "y"}]}"#, "{}");
    assert_eq!(output(&e), r#"["x:0","y:10"]"#);
}

// ---- mocks -----------------------------------------------------------------------------------

#[test]
fn unmocked_tasks_stop_the_run_naming_the_state() {
    let def = r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}], "Next": "B"},
        "B": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}}"#;
    let m = machine(def);
    let stop = run(
        &m,
        &j("{}"),
        &mocks(r#"{"A": {"0": {"Return": 1}}}"#),
        &RunOptions::default(),
    )
    .expect_err("B is not mocked");
    assert_eq!(
        stop.reason,
        StopReason::Unmocked {
            state: "B".into(),
            test_case: "T".into()
        }
    );
    assert!(stop.reason.to_string().contains("\"B\""));
    assert_eq!(stop.path, vec!["A", "B"]);
    let stop = run(
        &m,
        &j("{}"),
        &mocks(r#"{"A": {"0-1": {"Throw": {"Error": "E"}}}}"#),
        &RunOptions::default(),
    )
    .expect_err("third invocation not mocked");
    assert_eq!(
        stop.reason,
        StopReason::NoInvocation {
            state: "A".into(),
            invocation: 2,
            response: "A".into(),
            defined: "0-1".into()
        }
    );
    assert!(
        stop.reason.to_string().contains("3rd time"),
        "{}",
        stop.reason
    );
}

/// The state machine the Step Functions Local documentation tests with its example mock file
/// (LambdaState, then SQSState), and that file's RetryPath test case: three failures, then
/// success on the fourth invocation.
#[test]
fn step_functions_local_example_file() {
    let def = r#"{"StartAt": "LambdaState", "States": {
      "LambdaState": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"Payload.$": "$", "FunctionName": "HelloWorldFunction"},
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
        "Next": "SQSState"},
      "SQSState": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue", "MessageBody.$": "$"}, "End": true}}}"#;
    let file = r#"{"StateMachines": {"LambdaSQSIntegration": {"TestCases": {
        "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
        "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"},
        "HybridPath": {"LambdaState": "MockedLambdaSuccess"}}}},
      "MockedResponses": {
        "MockedLambdaSuccess": {"0": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}},
        "MockedSQSSuccess": {"0": {"Return": {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}},
        "MockedLambdaRetry": {
          "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}},
          "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
          "3": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}}}}"#;
    let config = MockConfig::from_json(&j(file)).unwrap_or_else(|p| panic!("{p:?}"));
    let m = machine(def);
    let case = |name: &str| {
        config
            .test_case("LambdaSQSIntegration", name)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let retry = run(
        &m,
        &j(r#"{"k": 1}"#),
        &case("RetryPath"),
        &RunOptions::default(),
    )
    .unwrap_or_else(|s| panic!("{}", s.reason));
    assert_eq!(retry.status, Status::Succeeded);
    assert_eq!(
        times(&retry, "TaskScheduled"),
        vec![0, 2000, 6000, 14_000, 14_000]
    );
    assert_eq!(details(&retry, "TaskFailed").len(), 3);
    assert_eq!(
        output(&retry),
        r#"{"MD5OfMessageBody":"3bcb6e8e-7h85-4375-b0bc-1a59812c6e51","MessageId":"3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}"#
    );
    let happy = run(&m, &j("{}"), &case("HappyPath"), &RunOptions::default())
        .unwrap_or_else(|s| panic!("{}", s.reason));
    assert_eq!(happy.path, vec!["LambdaState", "SQSState"]);
    let sent = details(&happy, "TaskScheduled")[1]
        .get("parameters")
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_string();
    assert!(
        sent.contains(r#""MessageBody":{"StatusCode":200,"Payload""#),
        "{sent}"
    );
    let hybrid = run(&m, &j("{}"), &case("HybridPath"), &RunOptions::default())
        .expect_err("SQSState is not mocked");
    assert!(matches!(&hybrid.reason, StopReason::Unmocked { state, .. } if state == "SQSState"));
}

// ---- the run itself --------------------------------------------------------------------------

#[test]
fn runs_are_deterministic_for_a_seed() {
    let def = r#"{"StartAt": "Ids", "States": {"Ids": {"Type": "Pass",
        "Parameters": {"id.$": "States.UUID()", "n.$": "States.MathRandom(1, 1000000)", "token.$": "$$.Execution.Id"}, "End": true}}}"#;
    let a = exec(def, "{}", "{}");
    let b = exec(def, "{}", "{}");
    let history = |e: &Execution| e.to_json(true).to_compact();
    assert_eq!(history(&a), history(&b));
    let c = run_with(
        def,
        "{}",
        "{}",
        &RunOptions {
            seed: 1,
            ..RunOptions::default()
        },
    );
    assert_ne!(output(&a), output(&c));
    assert!(output(&a).contains(
        r#""token":"arn:aws:states:us-east-1:123456789012:execution:StateMachine:test""#
    ));
}

#[test]
fn endless_loops_and_long_histories_stop() {
    let def = r#"{"StartAt": "Again", "States": {
      "Again": {"Type": "Pass", "Next": "Loop"},
      "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}], "Default": "Again"},
      "Done": {"Type": "Succeed"}}}"#;
    let m = machine(def);
    let opts = RunOptions {
        max_transitions: 1000,
        max_history_events: Some(usize::MAX),
        ..RunOptions::default()
    };
    let stop = run(&m, &j("{}"), &TestCase::default(), &opts).expect_err("endless");
    assert_eq!(stop.reason, StopReason::TransitionLimit(1000));
    let stop =
        run(&m, &j("{}"), &TestCase::default(), &RunOptions::default()).expect_err("endless");
    assert_eq!(
        stop.reason,
        StopReason::HistoryLimit(STANDARD_HISTORY_EVENTS)
    );
    let big = format!(r#"{{"s": "{}"}}"#, "x".repeat(MAX_PAYLOAD_BYTES));
    let stop =
        run(&m, &j(&big), &TestCase::default(), &RunOptions::default()).expect_err("too big");
    assert!(matches!(stop.reason, StopReason::InputTooLarge(_)));
}

#[test]
fn fail_and_succeed_states() {
    let def = r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.code", "CausePath": "States.JsonToString($.detail)"}}}"#;
    let e = exec(def, r#"{"code": "Bad", "detail": {"a": 1}}"#, "{}");
    assert_eq!(
        (e.error.as_deref(), e.cause.as_deref()),
        (Some("Bad"), Some(r#"{"a":1}"#))
    );
    assert_eq!(
        kinds(&e),
        vec!["ExecutionStarted", "FailStateEntered", "ExecutionFailed"]
    );
    let e = exec(
        r#"{"StartAt": "S", "States": {"S": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}}}"#,
        r#"{"a": {"b": 3}}"#,
        "{}",
    );
    assert_eq!(output(&e), "3");
    assert_eq!(
        e.to_json(false).to_compact(),
        r#"{"status":"SUCCEEDED","output":3,"error":null,"cause":null,"path":["S"]}"#
    );
}

#[test]
fn unknown_parts_of_a_plan_stop_the_run_as_not_yet_known() {
    let mut m = machine(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#,
    );
    if let Some((_, a)) = m.states.first_mut() {
        a.next = Some(crate::model::unknown_name(0));
    }
    let stop =
        run(&m, &j("{}"), &TestCase::default(), &RunOptions::default()).expect_err("unknown");
    assert_eq!(stop.reason, StopReason::NotYetKnown);
    if let Some((_, a)) = m.states.first_mut() {
        a.next = Some("NotListed".into());
    }
    m.open = true;
    let stop = run(&m, &j("{}"), &TestCase::default(), &RunOptions::default()).expect_err("open");
    assert_eq!(stop.reason, StopReason::NotYetKnown);
}
