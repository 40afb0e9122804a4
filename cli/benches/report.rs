//! Reporting is linear in the number of problems: `sfn-asl validate` on definitions with 1,250,
//! 2,500 and 5,000 problems (each state transitions to a state that does not exist, so every
//! state gives one ASL102 with its source line), both pretty-printed (one state per line) and
//! minified (the whole definition on one line, where a per-diagnostic rescan of the line would be
//! quadratic). Compare the time per problem across sizes: it should stay flat.
//!
//! Run: `cargo bench -p sfn-asl --bench report` (or `scripts/bench.sh`).

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// `n` states, each `Next` pointing at a name that exists nowhere: `n` errors.
fn definition(n: usize, pretty: bool) -> String {
    let sep = if pretty { ",\n    " } else { "," };
    let states: Vec<String> = (0..n)
        .map(|i| format!(r#""S{i}": {{"Type": "Pass", "Next": "Gone{i}x"}}"#))
        .collect();
    let body = states.join(sep);
    if pretty {
        format!("{{\n  \"StartAt\": \"S0\",\n  \"States\": {{\n    {body}\n  }}\n}}\n")
    } else {
        format!(r#"{{"StartAt":"S0","States":{{{body}}}}}"#)
    }
}

fn validate(text: &str) -> usize {
    let (code, out) = sfn_asl::run_captured(&["sfn-asl", "validate", "-"], text.as_bytes());
    assert_eq!(code, 1);
    out.stdout.len()
}

fn bench_report(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    for pretty in [true, false] {
        for n in [1250, 2500, 5000] {
            let text = definition(n, pretty);
            let layout = if pretty { "pretty" } else { "one-line" };
            // One plain timing first, so the figure prints even with a criterion filter.
            let start = Instant::now();
            let printed = validate(&text);
            let took = start.elapsed();
            println!(
                "{layout} {n} problems: {:.1} ms, {:.1} us per problem, {printed} bytes printed",
                took.as_secs_f64() * 1e3,
                took.as_secs_f64() * 1e6 / n as f64
            );
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new(layout, n), &text, |b, t| {
                b.iter(|| validate(black_box(t)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_report);
criterion_main!(benches);
