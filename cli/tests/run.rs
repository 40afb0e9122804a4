//! `sfn-asl run` and `sfn-asl test` through the built binary: exit codes, the human and JSON
//! reports, the history, and every kind of bad input (definition, input, mock file,
//! expectations, missing mocks).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sfn_codegen::Json;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/run")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_with_stdin(args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sfn-asl"))
        .args(args)
        .current_dir(data())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("sfn-asl: {e}"));
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        use std::io::Write as _;
        pipe.write_all(text.as_bytes())
            .unwrap_or_else(|e| panic!("stdin: {e}"));
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("sfn-asl: {e}"));
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn run(args: &[&str]) -> Run {
    run_with_stdin(args, None)
}

fn json(text: &str) -> Json {
    sfn_codegen::source::parse_json(text, &mut Vec::new())
        .unwrap_or_else(|| panic!("not JSON: {text}"))
}

/// `sfn-asl run orders.asl.json --input INPUT --mocks MockConfigFile.json --test-case CASE`,
/// then `extra`.
fn run_orders(input: &str, case: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "run",
        "orders.asl.json",
        "--input",
        input,
        "--mocks",
        "MockConfigFile.json",
        "--test-case",
        case,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

const VIP: &str = r#"{"orderId": "o-1", "total": 250, "customer": {"tier": "VIP"}}"#;

#[test]
fn run_reports_status_path_and_output() {
    let r = run_orders(VIP, "VipFastLane", &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout,
        "orders.asl.json: SUCCEEDED after 0s (simulated), 4 states\n  path: Validate → IsVip → FastLane → Charge\n  output: {\"charged\":true,\"receipt\":\"r-1\"}\n"
    );
    let r = run_orders(VIP, "VipFastLane", &["--format", "json"]);
    assert_eq!(r.code, 0);
    let v = json(&r.stdout);
    assert_eq!(v.get("status"), Some(&Json::String("SUCCEEDED".into())));
    assert_eq!(
        v.get("output").map(Json::to_compact),
        Some(r#"{"charged":true,"receipt":"r-1"}"#.into())
    );
    assert_eq!(v.get("error"), Some(&Json::Null));
    assert_eq!(
        v.get("path").map(Json::to_compact),
        Some(r#"["Validate","IsVip","FastLane","Charge"]"#.into())
    );
    assert_eq!(v.get("history"), None);
}

#[test]
fn run_failures_exit_1_with_error_and_cause() {
    let input = r#"{"orderId": "o-3", "total": 20, "customer": {"tier": "basic"}}"#;
    let r = run_orders(input, "ThrottledThenRefund", &["--history"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .starts_with("orders.asl.json: FAILED after 3s (simulated), 5 states\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("  error: ChargeFailed\n  cause: The payment could not be taken; the order was refunded.\n"), "{}", r.stdout);
    // The history shows the retries and their backoff on the simulated clock.
    for line in [
        "TaskFailed                  Payments.Throttled: slow down",
        "+1s        TaskScheduled               lambda:invoke",
        "+3s        TaskScheduled               lambda:invoke",
        "FailStateEntered            ChargeFailed",
        "ExecutionFailed             ChargeFailed: The payment could not be taken",
    ] {
        assert!(r.stdout.contains(line), "{line}\n{}", r.stdout);
    }
    let r = run_orders(
        input,
        "ThrottledThenRefund",
        &["--history", "--format", "json"],
    );
    let v = json(&r.stdout);
    let Some(Json::Array(events)) = v.get("history") else {
        panic!("no history: {}", r.stdout)
    };
    assert_eq!(
        events.first().and_then(|e| e.get("type")),
        Some(&Json::String("ExecutionStarted".into()))
    );
    assert_eq!(
        events.last().and_then(|e| e.get("type")),
        Some(&Json::String("ExecutionFailed".into()))
    );
    assert_eq!(
        events.last().and_then(|e| e.get("executionFailedEventDetails")).map(Json::to_compact),
        Some(r#"{"error":"ChargeFailed","cause":"The payment could not be taken; the order was refunded."}"#.into())
    );
}

#[test]
fn run_inputs_from_files_and_stdin() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sfn-asl-run-input");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("input.json");
    std::fs::write(&file, VIP).unwrap_or_else(|e| panic!("{e}"));
    let at = format!("@{}", file.display());
    let r = run_orders(&at, "VipFastLane", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let def = std::fs::read_to_string(data().join("orders.asl.json")).unwrap_or_default();
    let r = run_with_stdin(
        &[
            "run",
            "-",
            "--input",
            VIP,
            "--mocks",
            "MockConfigFile.json",
            "--state-machine",
            "orders",
            "--test-case",
            "Standard",
        ],
        Some(&def),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("<stdin>: SUCCEEDED"), "{}", r.stdout);
    let r = run_orders("{\"a\": ", "Standard", &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: --input: character"),
        "{}",
        r.stderr
    );
    let r = run(&["run", "orders.asl.json", "--input", "@missing.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cannot read missing.json"),
        "{}",
        r.stderr
    );
}

#[test]
fn unmocked_tasks_and_bad_mock_files_exit_2() {
    let r = run(&["run", "orders.asl.json", "--input", VIP]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("state \"Validate\" calls an integration")
            && r.stderr.contains("--mocks"),
        "{}",
        r.stderr
    );
    let r = run_orders(VIP, "Invalid", &["--format", "json"]);
    // The Invalid test case rejects the order before anything else is called: it runs.
    assert_eq!(r.code, 1, "{}", r.stderr);
    let r = run_orders(VIP, "Nope", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("has no test case \"Nope\" (it has: VipFastLane, Standard, ThrottledThenRefund, Invalid)"), "{}", r.stderr);
    let r = run(&[
        "run",
        "orders.asl.json",
        "--input",
        VIP,
        "--mocks",
        "MockConfigFile.json",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("choose one with --test-case"),
        "{}",
        r.stderr
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sfn-asl-run-mocks");
    let _ = std::fs::create_dir_all(&dir);
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\n  \"StateMachines\": {},\n  \"MockedResponses\": {\"R\": {\"zero\": {\"Return\": 1}}}\n}\n").unwrap_or_else(|e| panic!("{e}"));
    let r = run(&[
        "run",
        "orders.asl.json",
        "--mocks",
        &bad.display().to_string(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(":3:")
            && r.stderr
                .contains("/MockedResponses/R/zero: \"zero\" is not an invocation number"),
        "{}",
        r.stderr
    );
    std::fs::write(&bad, "{\"StateMachines\": ").unwrap_or_else(|e| panic!("{e}"));
    let r = run(&[
        "run",
        "orders.asl.json",
        "--mocks",
        &bad.display().to_string(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("mock configuration"), "{}", r.stderr);
}

#[test]
fn invalid_definitions_are_not_run() {
    let r = run_with_stdin(
        &["run", "-"],
        Some(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#),
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("ASL102") && r.stderr.contains("not run: the definition has 1 error"),
        "{}",
        r.stderr
    );
    // A Choice rule reading a field the input lacks fails the execution, as in Step Functions.
    let input = r#"{"orderId": "o-3", "total": 20, "customer": {}}"#;
    let r = run_orders(input, "Standard", &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("error: States.Runtime") && r.stdout.contains("$.customer.tier"),
        "{}",
        r.stdout
    );
}

#[test]
fn test_checks_every_test_case_against_its_expectations() {
    let r = run(&[
        "test",
        "orders.asl.json",
        "--mocks",
        "MockConfigFile.json",
        "--expect",
        "expectations.json",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout,
        "orders.asl.json: test case VipFastLane ... ok (SUCCEEDED)\n\
         orders.asl.json: test case Standard ... ok (SUCCEEDED)\n\
         orders.asl.json: test case ThrottledThenRefund ... ok (FAILED)\n\
         orders.asl.json: test case Invalid ... ok (FAILED)\n\
         orders.asl.json: 4 test cases, 4 passed, 0 failed\n"
    );
    let r = run(&[
        "test",
        "orders.asl.json",
        "--mocks",
        "MockConfigFile.json",
        "--expect",
        "expectations.json",
        "--test-case",
        "Invalid",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0);
    let v = json(&r.stdout);
    let Json::Array(reports) = &v else {
        panic!("{}", r.stdout)
    };
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].get("passed"), Some(&Json::Bool(true)));
}

#[test]
fn missed_expectations_show_expected_actual_and_the_path() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sfn-asl-test-expect");
    let _ = std::fs::create_dir_all(&dir);
    let wrong = dir.join("wrong.json");
    // A basic customer goes to Charge directly, not through the fast lane.
    std::fs::write(
        &wrong,
        r#"{"TestCases": {"Standard": {"Input": {"orderId": "o-2", "total": 500, "customer": {"tier": "basic"}},
            "Path": ["Validate", "IsVip", "FastLane", "Charge"], "Output": {"charged": false}}}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let r = run(&[
        "test",
        "orders.asl.json",
        "--mocks",
        "MockConfigFile.json",
        "--expect",
        &wrong.display().to_string(),
        "--test-case",
        "Standard",
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("test case Standard ... FAILED (SUCCEEDED)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(r#"output: expected {"charged":false}, got {"charged":true,"receipt":"r-1"} (first difference at /charged)"#), "{}", r.stdout);
    assert!(r.stdout.contains("path: expected [Validate → IsVip → FastLane → Charge], got [Validate → IsVip → Charge] (first difference at step 3)"), "{}", r.stdout);
    assert!(
        r.stdout.contains("1 test case, 0 passed, 1 failed"),
        "{}",
        r.stdout
    );
    std::fs::write(&wrong, r#"{"TestCases": {"Standard": {"Status": "DONE"}}}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(&[
        "test",
        "orders.asl.json",
        "--mocks",
        "MockConfigFile.json",
        "--expect",
        &wrong.display().to_string(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("/TestCases/Standard/Status: Status is SUCCEEDED, FAILED or TIMED_OUT"),
        "{}",
        r.stderr
    );
    // Without expectations, each test case must run to its end: here they all do.
    let r = run(&["test", "orders.asl.json", "--mocks", "MockConfigFile.json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

/// The commands the testing guide shows, on the order-processing example.
#[test]
fn the_guides_commands_work_on_the_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let ex = |p: &str| root.join(p).display().to_string();
    let definition = ex("examples/asl/order-processing.asl.json");
    let mocks = ex("examples/workflows/order-processing/MockConfigFile.json");
    let expect = ex("examples/workflows/order-processing/expectations.json");
    let r = run(&["test", &definition, "--mocks", &mocks, "--expect", &expect]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.ends_with(": 2 test cases, 2 passed, 0 failed\n"),
        "{}",
        r.stdout
    );
    let input = r#"{"orderId": "o-1", "customerId": "c-1", "amount": 42.5, "currency": "EUR"}"#;
    let r = run(&[
        "run",
        &definition,
        "--mocks",
        &mocks,
        "--test-case",
        "PaymentDeclined",
        "--input",
        input,
        "--history",
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains(": FAILED after 14s (simulated), 6 states\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "+14s       TaskFailed                  Payments.CardDeclined: The card was declined."
        ),
        "{}",
        r.stdout
    );
}
