//! Each construct through a whole run: the clock, Parallel, inline and Distributed Map,
//! variables and JSONata.

use super::*;

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
