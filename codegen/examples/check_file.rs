//! Reads a definition file, validates it (`check_str`) and emits it (`emit::to_pretty`), printing
//! sizes, diagnostic counts and timings. Used to measure peak memory from outside the process:
//!
//! ```text
//! cargo build --release -p sfn-codegen --example check_file
//! /usr/bin/time -v target/release/examples/check_file big.asl.json   # "Maximum resident set size"
//! ```
//!
//! Also generates benchmark inputs (see `benches/common/gen.rs`):
//!
//! ```text
//! check_file --generate-states 5000 out.asl.json   # about 5,000 states
//! check_file --generate-bytes 1048576 out.asl.json # the largest generated definition that fits
//! check_file [--express] FILE                      # validate + emit FILE
//! ```
//!
//! The library does no I/O; this example does it for it.

use std::process::ExitCode;
use std::time::Instant;

use sfn_codegen::{check_str, emit, Options, WorkflowType};

#[path = "../benches/common/gen.rs"]
mod gen;

fn usage() -> ExitCode {
    eprintln!(
        "usage: check_file [--express] FILE\n       check_file --generate-states N OUT\n       check_file --generate-bytes N OUT"
    );
    ExitCode::from(2)
}

fn write(out: &str, text: &str) -> ExitCode {
    match std::fs::write(out, text) {
        Ok(()) => {
            println!("wrote {out}: {} bytes", text.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{out}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["--generate-states", n, out] => match n.parse() {
            Ok(n) => write(out, &gen::definition(n)),
            Err(_) => usage(),
        },
        ["--generate-bytes", n, out] => match n.parse() {
            Ok(n) => write(out, &gen::definition_of_size(n)),
            Err(_) => usage(),
        },
        [file] => check(file, None),
        ["--express", file] => check(file, Some(WorkflowType::Express)),
        _ => usage(),
    }
}

fn check(file: &str, workflow_type: Option<WorkflowType>) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let options = Options {
        workflow_type,
        ..Options::default()
    };
    let start = Instant::now();
    let report = check_str(&text, &options);
    let checked = start.elapsed();
    let start = Instant::now();
    let emitted = report.machine.as_ref().map(emit::to_pretty);
    let emit_time = start.elapsed();
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    println!(
        "{file}: {} bytes, {} errors, {} warnings; check_str {:.2} ms, emit {:.2} ms ({} bytes)",
        text.len(),
        errors,
        warnings,
        checked.as_secs_f64() * 1e3,
        emit_time.as_secs_f64() * 1e3,
        emitted.as_ref().map_or(0, String::len)
    );
    for d in report.diagnostics.iter().take(20) {
        println!(
            "  {} {} {} {}",
            d.severity.as_str(),
            d.code(),
            d.path,
            d.message
        );
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
