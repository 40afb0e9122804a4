//! The example workflows under `examples/asl/` (the workflows our users build, see
//! `/work/shared/reference/workflows.md`) must be genuinely correct ASL:
//! - each parses and validates with no diagnostic at all, neither error nor warning, as an EXPRESS
//!   machine when its file name contains `express` and as a STANDARD machine otherwise;
//! - each is stored in canonical form: the file is exactly `emit::to_pretty(parse(file))` plus a
//!   final newline;
//! - the ones that do not use callbacks are also valid as EXPRESS machines, and the ones that wait
//!   for a task token are rejected as EXPRESS machines.
//!
//! To rewrite the files in canonical form after editing them, run
//! `SFN_BLESS=1 cargo test -p sfn-codegen --test workflows`.

use std::path::{Path, PathBuf};

use sfn_codegen::{check_str, emit, parse_str, Options, Report, WorkflowType};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/asl")
}

fn examples() -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(examples_dir())
        .unwrap_or_else(|e| panic!("{}: {e}", examples_dir().display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".asl.json"))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, text)
        })
        .collect()
}

fn options(workflow_type: WorkflowType) -> Options {
    Options {
        workflow_type: Some(workflow_type),
        ..Options::default()
    }
}

fn declared_type(name: &str) -> WorkflowType {
    if name.contains("express") {
        WorkflowType::Express
    } else {
        WorkflowType::Standard
    }
}

fn render(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let pos = d
                .position
                .map(|p| format!("{}:{}", p.line, p.column))
                .unwrap_or_default();
            format!(
                "  {} {} {} {} {}\n",
                d.severity.as_str(),
                d.code(),
                d.path,
                pos,
                d.message
            )
        })
        .collect()
}

/// Files that wait for a task token (callbacks), which EXPRESS machines cannot do.
fn uses_callbacks(text: &str) -> bool {
    text.contains(".waitForTaskToken") || text.contains(".sync")
}

#[test]
fn there_are_examples_for_every_workflow() {
    let names: Vec<String> = examples().into_iter().map(|(n, _)| n).collect();
    for wanted in [
        "order-processing",
        "saga-compensation",
        "parallel-account-checks",
        "human-approval",
        "loan-approval",
        "map-items",
        "distributed-map-csv",
        "express-event-enrichment",
        "simple-pass-succeed",
        "simple-task-chain",
        "simple-wait",
        "simple-fail",
        "jsonata-order-variables",
        "jsonata-map-items",
    ] {
        assert!(
            names.iter().any(|n| n == &format!("{wanted}.asl.json")),
            "missing examples/asl/{wanted}.asl.json"
        );
    }
    assert!(names.iter().filter(|n| n.starts_with("jsonata-")).count() >= 2);
}

#[test]
fn every_example_is_valid_with_no_diagnostics() {
    let mut failures = Vec::new();
    for (name, text) in examples() {
        let report = check_str(&text, &options(declared_type(&name)));
        if report.machine.is_none() || !report.diagnostics.is_empty() {
            failures.push(format!("{name}:\n{}", render(&report)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_example_is_stored_in_canonical_form() {
    let bless = std::env::var_os("SFN_BLESS").is_some();
    let mut failures = Vec::new();
    for (name, text) in examples() {
        let report = parse_str(&text);
        let Some(machine) = report.machine else {
            failures.push(format!("{name}: does not parse:\n{}", render(&report)));
            continue;
        };
        let canonical = format!("{}\n", emit::to_pretty(&machine));
        if canonical != text {
            if bless {
                let path = examples_dir().join(&name);
                std::fs::write(&path, &canonical)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            } else {
                failures.push(format!(
                    "{name}: not in canonical form (run with SFN_BLESS=1 to rewrite it)"
                ));
            }
        }
        // Canonical text is a fixed point of parse + emit.
        let again = parse_str(&canonical)
            .machine
            .map(|m| format!("{}\n", emit::to_pretty(&m)));
        if again.as_deref() != Some(canonical.as_str()) {
            failures.push(format!("{name}: emit is not a fixed point"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn examples_without_callbacks_are_valid_express_machines() {
    let mut failures = Vec::new();
    for (name, text) in examples() {
        if uses_callbacks(&text) {
            continue;
        }
        let report = check_str(&text, &options(WorkflowType::Express));
        if report.has_errors() {
            failures.push(format!("{name}:\n{}", render(&report)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Depends on the EXPRESS integration rule (ASL602): `.waitForTaskToken` is not available in
/// EXPRESS machines.
#[test]
fn callback_examples_are_rejected_as_express_machines() {
    let mut checked = 0;
    for (name, text) in examples() {
        if !uses_callbacks(&text) {
            continue;
        }
        checked += 1;
        let report = check_str(&text, &options(WorkflowType::Express));
        assert!(
            report.has_errors(),
            "{name} waits for a task token and must be rejected as an EXPRESS machine, but got:\n{}",
            render(&report)
        );
    }
    assert!(
        checked >= 2,
        "human-approval and loan-approval use callbacks"
    );
}
