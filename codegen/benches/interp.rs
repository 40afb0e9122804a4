//! Throughput of the interpreter (`interp::run`, history included):
//! - `chain/1000_states`: a chain of 1,000 states (Pass with `Parameters` and `ResultPath`,
//!   Choice, Task with a mocked result), in JSONPath and in JSONata;
//! - `map/10000_items`: a Map over 10,000 items whose iteration shapes the item (an
//!   `ItemSelector` with `$$.Map.Item` and a Task), as a Distributed Map (children keep their own
//!   histories) and inline (one history of about 50,000 events, past Standard's 25,000-event
//!   quota, so the limit is lifted for the measurement).
//!
//! Run: `cargo bench -p sfn-codegen --bench interp` (or `scripts/bench.sh`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sfn_codegen::interp::{self, RunOptions, TestCase};
use sfn_codegen::{Json, Path};

fn machine(text: &str) -> sfn_codegen::StateMachine {
    let report = sfn_codegen::check_str(text, &sfn_codegen::Options::default());
    let errors: Vec<String> = report.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    report.machine.unwrap_or_default()
}

fn json(text: &str) -> Json {
    sfn_codegen::source::parse_json(text, &mut Vec::new()).unwrap_or(Json::Null)
}

/// `n` states: every third a Task, every third a Choice, the rest Pass states.
fn chain(n: usize, jsonata: bool) -> String {
    let mut states = Vec::new();
    for i in 0..n {
        let next = if i + 1 == n {
            r#""Next": "Done""#.to_string()
        } else {
            format!(r#""Next": "S{}""#, i + 1)
        };
        let body = match (i % 3, jsonata) {
            (0, false) => format!(
                r#""Type": "Pass", "Parameters": {{"step": {i}, "order.$": "$.order", "seen.$": "$.seen"}}, "ResultPath": "$", {next}"#
            ),
            (0, true) => format!(
                r#""Type": "Pass", "Output": {{"step": {i}, "order": "{{% $states.input.order %}}", "seen": "{{% $states.input.seen %}}"}}, {next}"#
            ),
            (1, false) => format!(
                r#""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {{"Payload.$": "$.order"}}, "ResultSelector": {{"ok.$": "$.Payload.ok"}}, "ResultPath": "$.seen", {next}"#
            ),
            (1, true) => format!(
                r#""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {{"Payload": "{{% $states.input.order %}}"}}, "Output": {{"step": {i}, "order": "{{% $states.input.order %}}", "seen": "{{% $states.result.Payload.ok %}}"}}, {next}"#
            ),
            (_, false) => {
                let target = if i + 1 == n {
                    "Done".to_string()
                } else {
                    format!("S{}", i + 1)
                };
                format!(
                    r#""Type": "Choice", "Choices": [{{"Variable": "$.order.total", "NumericGreaterThan": 100, "Next": "{target}"}}], "Default": "{target}""#
                )
            }
            (_, true) => {
                let target = if i + 1 == n {
                    "Done".to_string()
                } else {
                    format!("S{}", i + 1)
                };
                format!(
                    r#""Type": "Choice", "Choices": [{{"Condition": "{{% $states.input.order.total > 100 %}}", "Next": "{target}"}}], "Default": "{target}""#
                )
            }
        };
        states.push(format!(r#""S{i}": {{{body}}}"#));
    }
    states.push(r#""Done": {"Type": "Succeed"}"#.into());
    let ql = if jsonata {
        r#""QueryLanguage": "JSONata", "#
    } else {
        ""
    };
    format!(
        r#"{{{ql}"StartAt": "S0", "States": {{{}}}}}"#,
        states.join(",")
    )
}

fn task_mocks(states: &str) -> TestCase {
    let mut tc = TestCase::new("bench");
    let problems = tc.add_compact(&json(states), &Path::root());
    assert!(problems.is_empty(), "{problems:?}");
    tc
}

fn bench_chain(c: &mut Criterion) {
    let mut group = c.benchmark_group("chain");
    group.throughput(Throughput::Elements(1000));
    let mut mocks = String::from("{");
    for i in (1..1000).step_by(3) {
        if i > 1 {
            mocks.push(',');
        }
        mocks.push_str(&format!(
            r#""S{i}": {{"result": {{"Payload": {{"ok": true}}}}}}"#
        ));
    }
    mocks.push('}');
    let tc = task_mocks(&mocks);
    let input = json(r#"{"order": {"id": "o-1", "total": 250, "lines": [1, 2, 3]}, "seen": null}"#);
    for (label, jsonata) in [
        ("jsonpath_1000_states", false),
        ("jsonata_1000_states", true),
    ] {
        let m = machine(&chain(1000, jsonata));
        let e = interp::run(&m, &input, &tc, &RunOptions::default())
            .unwrap_or_else(|s| panic!("{}", s.reason));
        assert_eq!(e.status, interp::Status::Succeeded, "{:?}", e.cause);
        eprintln!(
            "note: {label}: {} states entered, {} events",
            e.path.len(),
            e.history.len()
        );
        group.bench_function(label, |b| {
            b.iter(|| interp::run(black_box(&m), &input, &tc, &RunOptions::default()))
        });
    }
    group.finish();
}

fn bench_map(c: &mut Criterion) {
    let mut group = c.benchmark_group("map");
    group.throughput(Throughput::Elements(10_000));
    group.sample_size(10);
    // Inline: the items are in the input (10,000 numbers fit the 256 KiB payload quota).
    // Distributed: 10,000 objects from the mocked ItemReader, as a real import would read them.
    let numbers: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
    let input = json(&format!(
        r#"{{"batch": "b-1", "items": [{}]}}"#,
        numbers.join(",")
    ));
    let rows: Vec<String> = (0..10_000)
        .map(|i| format!(r#"{{"id": {i}, "sku": "sku-{}"}}"#, i % 97))
        .collect();
    let reader_mock = format!(r#"{{"result": [{}]}}"#, rows.join(","));
    let price = r#""Price": {"result": {"Payload": {"price": 9.5}}}"#;
    for (label, source, mode, mocks) in [
        (
            "distributed_10000_items",
            r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket": "b", "Key": "items.json"}}"#,
            "DISTRIBUTED",
            format!(r#"{{"Each": {reader_mock}, {price}}}"#),
        ),
        (
            "inline_10000_items",
            r#""ItemsPath": "$.items""#,
            "INLINE",
            format!("{{{price}}}"),
        ),
    ] {
        let def = format!(
            r#"{{"StartAt": "Each", "States": {{"Each": {{"Type": "Map", {source}, "MaxConcurrency": 100,
              "ItemSelector": {{"index.$": "$$.Map.Item.Index", "item.$": "$$.Map.Item.Value", "batch.$": "$.batch"}},
              "ItemProcessor": {{"ProcessorConfig": {{"Mode": "{mode}", "ExecutionType": "EXPRESS"}}, "StartAt": "Price",
                "States": {{"Price": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {{"Payload.$": "$"}}, "ResultSelector": {{"price.$": "$.Payload.price"}}, "ResultPath": "$.price", "OutputPath": "$.price.price", "End": true}}}}}},
              "ResultSelector": {{"count.$": "States.ArrayLength($)"}}, "End": true}}}}}}"#
        );
        let m = machine(&def);
        let tc = task_mocks(&mocks);
        let opts = RunOptions {
            max_history_events: Some(usize::MAX),
            ..RunOptions::default()
        };
        let e = interp::run(&m, &input, &tc, &opts).unwrap_or_else(|s| panic!("{}", s.reason));
        assert_eq!(
            e.output.as_ref().map(Json::to_compact),
            Some(r#"{"count":10000}"#.into())
        );
        eprintln!(
            "note: {label}: {} states entered, {} events",
            e.path.len(),
            e.history.len()
        );
        group.bench_function(label, |b| {
            b.iter(|| interp::run(black_box(&m), &input, &tc, &opts))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_chain, bench_map);
criterion_main!(benches);
