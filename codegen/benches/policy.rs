//! Cost of deriving the IAM policy (`policy::derive` + the pretty document), the work
//! `sfn_workflow` adds to every read for `iam_policy_json`:
//! - `policy/<n>_states`: the generated definitions of the validate bench (every Task calls the
//!   same function through `lambda:invoke`: few statements, the walk dominates);
//! - `policy/<n>_functions`: a chain of `n` Tasks each invoking its own function (`n`
//!   statements: merging, naming and writing dominate);
//! - `policy/1MiB`: the largest definition Step Functions accepts.
//!
//! Run: `cargo bench -p sfn-codegen --bench policy` (or `scripts/bench.sh`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sfn_codegen::model::StateMachine;
use sfn_codegen::{parse_str, policy};

#[path = "common/gen.rs"]
mod gen;

/// `n` Tasks, each invoking a function of its own.
fn functions(n: usize) -> String {
    let states: Vec<String> = (0..n)
        .map(|i| {
            let next = if i + 1 == n {
                r#""End": true"#.to_string()
            } else {
                format!(r#""Next": "S{}""#, i + 1)
            };
            format!(
                r#""S{i}": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {{"FunctionName": "fn-{i}", "Payload.$": "$"}}, {next}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"StartAt": "S0", "States": {{{}}}}}"#,
        states.join(", ")
    )
}

fn bench(c: &mut Criterion) {
    let input = policy::Input {
        machine_name: Some("bench".into()),
        region: Some("eu-west-1".into()),
        account: Some("111122223333".into()),
        ..policy::Input::default()
    };
    let mut cases: Vec<(String, String)> = Vec::new();
    for n in [1_000, 5_000, 10_000] {
        cases.push((format!("{n}_states"), gen::definition(n)));
    }
    for n in [100, 1_000] {
        cases.push((format!("{n}_functions"), functions(n)));
    }
    cases.push(("1MiB".into(), gen::definition_of_size(1_048_576)));
    let mut group = c.benchmark_group("policy");
    for (label, text) in &cases {
        let machine: StateMachine = parse_str(text).machine.unwrap_or_default();
        let report = policy::derive(&machine, &input);
        let statements = report.policy.as_ref().map_or(0, |p| p.statements.len());
        eprintln!(
            "note: {label}: {} bytes, {statements} statements",
            text.len()
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("derive_pretty", label),
            &machine,
            |b, m| {
                b.iter(|| {
                    let report = policy::derive(black_box(m), &input);
                    report.policy.map(|p| p.to_pretty())
                })
            },
        );
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
