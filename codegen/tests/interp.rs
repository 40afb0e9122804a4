//! The interpreter over the reference workflows (`examples/asl/`): with every integration
//! mocked, each runs to an end (never stops for a reason of the interpreter's own), on fixed and
//! on random inputs and mocked responses, and the same seed always gives the same execution,
//! history included.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use sfn_codegen::interp::{self, MockedResponse, Response, RunOptions, StopReason, TestCase};
use sfn_codegen::model::{StateType, Workflow};
use sfn_codegen::{Json, Num, Options, StateMachine, WorkflowType};

fn examples() -> Vec<(String, StateMachine)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/asl");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".asl.json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            let report = sfn_codegen::check_str(&text, &Options::default());
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            (name, report.machine.unwrap_or_default())
        })
        .collect()
}

/// The states that take mocked responses: Tasks, and Distributed Maps that read items.
fn mocked_states(w: &Workflow, out: &mut Vec<(String, bool)>) {
    for (name, s) in &w.states {
        if s.kind == Some(StateType::Task) {
            out.push((name.clone(), false));
        }
        if s.kind == Some(StateType::Map) && s.item_reader.is_some() {
            out.push((name.clone(), true));
        }
        for (_, child) in s.children() {
            mocked_states(child, out);
        }
    }
}

fn every_invocation(name: &str, r: Response) -> MockedResponse {
    let mut m = MockedResponse::new(name);
    let _ = m.add(0, u64::MAX, r);
    m
}

fn options(file: &str, seed: u64) -> RunOptions {
    RunOptions {
        seed,
        workflow_type: if file.contains("express") {
            WorkflowType::Express
        } else {
            WorkflowType::Standard
        },
        max_transitions: 20_000,
        ..RunOptions::default()
    }
}

#[test]
fn every_reference_workflow_runs_to_an_end_when_mocked() {
    let all = examples();
    assert!(all.len() >= 14, "{}", all.len());
    let input = Json::object(vec![
        ("orderId", Json::String("o-1".into())),
        ("amount", Json::Number(Num::from_i64(5))),
        (
            "items",
            Json::Array(vec![Json::object(vec![("id", Json::String("i".into()))])]),
        ),
    ]);
    for (file, machine) in &all {
        let mut states = Vec::new();
        mocked_states(machine, &mut states);
        let mut tc = TestCase::new("all");
        for (name, reader) in &states {
            let result = if *reader {
                Json::Array(vec![Json::object(vec![(
                    "n",
                    Json::Number(Num::from_i64(1)),
                )])])
            } else {
                Json::object(vec![
                    ("Payload", Json::object(vec![("isValid", Json::Bool(true))])),
                    ("StatusCode", Json::Number(Num::from_i64(200))),
                ])
            };
            tc.mock(
                name.clone(),
                every_invocation(name, Response::Return(result)),
            );
        }
        let e = interp::run(machine, &input, &tc, &options(file, 0))
            .unwrap_or_else(|s| panic!("{file}: stopped: {}", s.reason));
        assert!(!e.path.is_empty(), "{file}");
        assert_eq!(
            e.history.first().map(|ev| ev.kind),
            Some("ExecutionStarted"),
            "{file}"
        );
        let last = e.history.last().map(|ev| ev.kind).unwrap_or_default();
        assert!(
            ["ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut"].contains(&last),
            "{file}: {last}"
        );
        assert!(
            e.history
                .windows(2)
                .all(|w| w[0].timestamp <= w[1].timestamp),
            "{file}: history in time order"
        );
        assert!(
            e.history.iter().all(|ev| ev.previous_event_id < ev.id),
            "{file}"
        );
    }
}

fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        (-1000i64..1000).prop_map(|n| Json::Number(Num::from_i64(n))),
        "[a-z]{0,6}".prop_map(Json::String),
        Just(Json::String("2024-01-01T00:00:00Z".into())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("isValid".to_string()),
                        Just("Payload".to_string()),
                        Just("items".to_string()),
                        Just("amount".to_string()),
                        "[a-z]{1,5}"
                    ],
                    inner
                ),
                0..4
            )
            .prop_map(|m| {
                let mut seen = std::collections::HashSet::new();
                Json::Object(
                    m.into_iter()
                        .filter(|(k, _)| seen.insert(k.clone()))
                        .collect(),
                )
            }),
        ]
    })
}

fn response() -> impl Strategy<Value = Response> {
    prop_oneof![
        json_value().prop_map(Response::Return),
        prop_oneof![
            Just("States.Timeout"),
            Just("States.HeartbeatTimeout"),
            Just("Lambda.ServiceException"),
            Just("Custom.Error"),
            Just("States.TaskFailed"),
        ]
        .prop_map(|e| Response::Throw {
            error: e.to_string(),
            cause: Some("c".into())
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_inputs_and_mocks_end_deterministically(
        which in 0usize..64,
        input in json_value(),
        responses in prop::collection::vec(response(), 1..6),
        seed in any::<u64>(),
    ) {
        let all = examples();
        let (file, machine) = &all[which % all.len()];
        let mut states = Vec::new();
        mocked_states(machine, &mut states);
        let mut tc = TestCase::new("random");
        for (i, (name, _)) in states.iter().enumerate() {
            let mut m = MockedResponse::new(name.clone());
            for (k, r) in responses.iter().enumerate() {
                let k = ((k + i) % responses.len()) as u64;
                let _ = m.add(k, k, r.clone());
            }
            let _ = m.add(responses.len() as u64, u64::MAX, responses[i % responses.len()].clone());
            tc.mock(name.clone(), m);
        }
        let opts = options(file, seed);
        let a = interp::run(machine, &input, &tc, &opts);
        let b = interp::run(machine, &input, &tc, &opts);
        match (a, b) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.to_json(true).to_compact(), b.to_json(true).to_compact()),
            (Err(a), Err(b)) => {
                prop_assert!(
                    matches!(a.reason, StopReason::TransitionLimit(_) | StopReason::HistoryLimit(_)),
                    "{}: {}", file, a.reason
                );
                prop_assert_eq!(a.reason, b.reason);
            }
            _ => prop_assert!(false, "{}: two runs with one seed differ", file),
        }
    }
}

// ---- scenarios on the reference workflows ---------------------------------------------------

fn j(text: &str) -> Json {
    sfn_codegen::source::parse_json(text, &mut Vec::new())
        .unwrap_or_else(|| panic!("bad JSON {text}"))
}

fn scenario(file: &str, input: &str, mocks: &str) -> interp::Execution {
    let (_, machine) = examples()
        .into_iter()
        .find(|(f, _)| f == file)
        .unwrap_or_else(|| panic!("no {file}"));
    let mut tc = TestCase::new(file);
    let problems = tc.add_compact(&j(mocks), &sfn_codegen::Path::root());
    assert!(problems.is_empty(), "{problems:?}");
    interp::run(&machine, &j(input), &tc, &options(file, 7))
        .unwrap_or_else(|s| panic!("{file}: {}", s.reason))
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn saga_runs_its_compensations_in_reverse_order() {
    let e = scenario(
        "saga-compensation.asl.json",
        r#"{"orderId": "o-1", "amount": 30, "sku": "sku-1", "quantity": 2}"#,
        r#"{
          "ChargePayment": [{"error": "Lambda.TooManyRequestsException"}, {"result": {"Payload": {"chargeId": "ch-1"}}}],
          "ReserveStock": {"result": {}},
          "ShipOrder": {"error": "Carrier.Unavailable", "cause": "no carrier"},
          "ReleaseStock": {"result": {}},
          "RefundPayment": {"result": {"Payload": {"refunded": true}}}
        }"#,
    );
    assert_eq!(
        e.path,
        strs(&[
            "ChargePayment",
            "ReserveStock",
            "ShipOrder",
            "ReleaseStock",
            "RefundPayment",
            "OrderCompensated"
        ])
    );
    assert_eq!(e.error.as_deref(), Some("OrderSagaCompensated"));
    // The refund is sent the charge kept by ResultSelector and ResultPath.
    let refund = e
        .history
        .iter()
        .filter(|ev| ev.kind == "TaskScheduled")
        .filter_map(|ev| ev.details.as_ref())
        .filter_map(|(_, d)| d.get("parameters").and_then(Json::as_str))
        .find(|p| p.contains("saga-refund-payment"))
        .unwrap_or_default();
    assert!(
        refund.contains(r#""Payload":{"orderId":"o-1","chargeId":"ch-1"}"#),
        "{refund}"
    );
    // The charge's idempotency key is the execution name from the context object.
    let charge = e
        .history
        .iter()
        .filter_map(|ev| ev.details.as_ref())
        .filter_map(|(_, d)| d.get("parameters").and_then(Json::as_str))
        .find(|p| p.contains("saga-charge-payment"))
        .unwrap_or_default();
    assert!(charge.contains(r#""idempotencyKey":"test""#), "{charge}");
}

#[test]
fn jsonata_variables_price_the_order() {
    let input = r#"{"orderId": "o-9", "customerId": "c-1", "card": "tok", "lines": [{"price": 60, "quantity": 2}, {"price": 5.5, "quantity": 1}]}"#;
    let mocks = r#"{
      "LoadCustomer": {"result": {"Item": {"tier": {"S": "GOLD"}}}},
      "ChargeCard": {"result": {"Payload": {"chargeId": "ch-9"}}},
      "NotifyCustomer": {"result": {"MessageId": "m"}}
    }"#;
    let e = scenario("jsonata-order-variables.asl.json", input, mocks);
    // GOLD and a subtotal of 125.5: 10 % off.
    assert_eq!(
        e.output.map(|o| o.to_compact()),
        Some(r#"{"orderId":"o-9","total":112.95,"chargeId":"ch-9"}"#.into())
    );
    let message = e
        .history
        .iter()
        .filter_map(|ev| ev.details.as_ref())
        .filter_map(|(_, d)| d.get("parameters").and_then(Json::as_str))
        .find(|p| p.contains("order-receipts"))
        .unwrap_or_default();
    assert!(
        message.contains("Order o-9 charged 112.95 (GOLD tier)."),
        "{message}"
    );
    let declined = scenario(
        "jsonata-order-variables.asl.json",
        input,
        r#"{"LoadCustomer": {"result": {}}, "ChargeCard": {"error": "Card.Declined", "cause": "insufficient funds"}}"#,
    );
    assert_eq!(
        declined.path,
        strs(&[
            "LoadCustomer",
            "ChooseDiscount",
            "PriceOrder",
            "ChargeCard",
            "ChargeDeclined"
        ])
    );
    assert_eq!(
        declined.cause.as_deref(),
        Some("Charging order o-9 failed: Card.Declined")
    );
}

#[test]
fn distributed_map_imports_a_csv_in_batches() {
    let mut csv = String::from("id,email\n");
    for i in 0..250 {
        csv.push_str(&format!("{i},u{i}@example.com\n"));
    }
    let mocks = format!(
        r#"{{"ImportCustomers": {{"result": {}}}, "UpsertCustomers": {{"result": {{"Payload": {{"upserted": 100}}}}}}, "ReportImport": {{"result": {{}}}}}}"#,
        Json::String(csv).to_compact()
    );
    let e = scenario(
        "distributed-map-csv.asl.json",
        r#"{"csvKey": "in.csv", "importId": "imp-1"}"#,
        &mocks,
    );
    assert_eq!(
        e.path,
        strs(&[
            "ImportCustomers",
            "UpsertCustomers",
            "UpsertCustomers",
            "UpsertCustomers",
            "ReportImport"
        ])
    );
    let out = e.output.unwrap_or(Json::Null);
    let key = out
        .get("importResult")
        .and_then(|r| r.get("ResultWriterDetails"))
        .and_then(|d| d.get("Key"))
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_string();
    assert!(
        key.starts_with("customers/") && key.ends_with("/manifest.json"),
        "{key}"
    );
    let report = e
        .history
        .iter()
        .filter_map(|ev| ev.details.as_ref())
        .filter_map(|(_, d)| d.get("parameters").and_then(Json::as_str))
        .find(|p| p.contains("data-imports"))
        .unwrap_or_default();
    assert!(
        report.contains(&format!(
            "Import imp-1 finished; results are in s3://example-import-results-123456789012/{key}."
        )),
        "{report}"
    );
}

#[test]
fn parallel_checks_route_a_rejection() {
    let input =
        r#"{"applicant": {"firstName": "Jane", "lastName": "Doe", "address": "1 Main St"}}"#;
    let e = scenario(
        "parallel-account-checks.asl.json",
        input,
        r#"{"CheckName": {"error": "NameMismatch", "cause": "Jane Doe is not on record"}, "NotifyRejection": {"result": {}}}"#,
    );
    assert_eq!(
        e.path,
        strs(&[
            "VerifyApplicant",
            "CheckName",
            "NotifyRejection",
            "ApplicationRejected"
        ])
    );
    let ok = scenario(
        "parallel-account-checks.asl.json",
        input,
        r#"{"CheckName": {"result": {"Payload": {"ok": true}}},
            "CheckAddress": [{"error": "AddressServiceUnavailable"}, {"result": {"Payload": {"ok": true}}}],
            "OpenNewAccount": {"result": {"Payload": {"accountId": "acc-1"}}}}"#,
    );
    assert_eq!(
        ok.output.map(|o| o.to_compact()),
        Some(r#"{"accountId":"acc-1"}"#.into())
    );
    // The address check waited 30 seconds before its retry.
    assert_eq!(ok.stop_millis - ok.start_millis, 30_000);
}
