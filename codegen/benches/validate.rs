//! Throughput of parsing + validation (`check_str`) and canonical emission (`emit::to_pretty`),
//! on generated definitions (see `common/gen.rs`):
//! - `scaling/*`: 1k, 2k, 5k and 10k states, to show time grows linearly with size (compare the
//!   reported bytes/second across sizes);
//! - `one_mebibyte/*`: the largest definition Step Functions accepts (just under 1,048,576 bytes).
//!
//! Run: `cargo bench -p sfn-codegen --bench validate` (or `scripts/bench.sh`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sfn_codegen::{check_str, emit, parse_str, Options};

#[path = "common/gen.rs"]
mod gen;

fn bench_text(c: &mut Criterion, group_name: &str, cases: &[(String, String)]) {
    let options = Options::default();
    let mut group = c.benchmark_group(group_name);
    for (label, text) in cases {
        let report = check_str(text, &options);
        let errors: Vec<_> = report.errors().map(|d| d.code()).collect();
        if !errors.is_empty() {
            eprintln!("note: generated {label} definition has errors: {errors:?}");
        }
        let machine = parse_str(text).machine.unwrap_or_default();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("check_str", label), text, |b, t| {
            b.iter(|| check_str(black_box(t), &options))
        });
        group.bench_with_input(BenchmarkId::new("emit_pretty", label), &machine, |b, m| {
            b.iter(|| emit::to_pretty(black_box(m)))
        });
        group.bench_with_input(
            BenchmarkId::new("check_str_then_emit", label),
            text,
            |b, t| {
                b.iter(|| {
                    let report = check_str(black_box(t), &options);
                    report.machine.as_ref().map(emit::to_pretty)
                })
            },
        );
    }
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let cases: Vec<(String, String)> = [1_000, 2_000, 5_000, 10_000]
        .into_iter()
        .map(|n| (format!("{n}_states"), gen::definition(n)))
        .collect();
    bench_text(c, "scaling", &cases);
}

fn one_mebibyte(c: &mut Criterion) {
    let text = gen::definition_of_size(1_048_576);
    bench_text(c, "one_mebibyte", &[("1MiB".to_string(), text)]);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = scaling, one_mebibyte
}
criterion_main!(benches);
