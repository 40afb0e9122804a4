//! The ASL specification's and the developer guide's examples, with the results they
//! document: input and output processing, Choice routing, retriers and catchers.

use super::*;

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
    // States that do no work have the same quota on their output.
    let wait = r#"{"QueryLanguage": "JSONata", "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1,
        "Output": "{% $pad('', 300000, 'x') %}", "End": true}}}"#;
    let e = exec(wait, "{}", "{}");
    assert_eq!(e.error.as_deref(), Some("States.DataLimitExceeded"));
    assert!(
        e.cause
            .as_deref()
            .is_some_and(|c| c.contains("'W'") && c.contains("state output")),
        "{:?}",
        e.cause
    );
}
