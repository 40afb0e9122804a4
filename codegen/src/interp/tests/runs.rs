//! Mocks (Step Functions Local's example file, unmocked Tasks) and the run itself
//! (determinism, limits, Fail and Succeed, unknown parts of a plan).

use super::*;

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
