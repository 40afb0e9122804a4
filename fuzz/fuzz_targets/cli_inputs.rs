//! Arbitrary file contents through every `sfn-asl` subcommand that reads a definition (on
//! standard input, captured): validate (human, JSON, express), fmt (pretty, compact, check),
//! graph and hcl. Checks: exit codes are 0, 1 or 2; a file that validates without errors also
//! formats, draws and converts; fmt output is canonical (fmt of it changes nothing, and
//! `fmt --check` accepts it); JSON output is JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sfn_asl::run_captured;

fn run(args: &[&str], stdin: &[u8]) -> (u8, sfn_asl::Captured) {
    let mut argv = vec!["sfn-asl"];
    argv.extend_from_slice(args);
    let (code, out) = run_captured(&argv, stdin);
    assert!(code <= 2, "{args:?}: exit {code}");
    // Input comes from memory: nothing is unreadable.
    assert_ne!(code, 2, "{args:?}: {}", out.stderr);
    (code, out)
}

fuzz_target!(|data: &[u8]| {
    let (valid, _) = run(&["validate", "-"], data);
    run(&["validate", "--type", "express", "-q", "-"], data);
    let (_, json) = run(&["validate", "--format", "json", "-"], data);
    assert!(
        serde_json_like(&json.stdout),
        "validate --format json printed invalid JSON:\n{}",
        json.stdout
    );
    let (fmt, pretty) = run(&["fmt", "-"], data);
    let (compact_code, compact) = run(&["fmt", "--compact", "-"], data);
    assert_eq!(fmt, compact_code, "fmt and fmt --compact disagree");
    let (graph, _) = run(&["graph", "-"], data);
    let (hcl, _) = run(&["hcl", "-"], data);
    if valid == 0 {
        assert_eq!(fmt, 0, "valid but not formatted");
        assert_eq!(graph, 0, "valid but not drawn");
        let _ = hcl; // may refuse names HCL cannot express
    }
    if fmt == 0 {
        let (again, out) = run(&["fmt", "-"], pretty.stdout.as_bytes());
        assert_eq!(again, 0);
        assert_eq!(out.stdout, pretty.stdout, "fmt is not idempotent");
        let (check, out) = run(&["fmt", "--check", "-"], pretty.stdout.as_bytes());
        assert_eq!(check, 0, "fmt --check refuses fmt output: {}", out.stdout);
        let (again, out) = run(&["fmt", "--compact", "-"], compact.stdout.as_bytes());
        assert_eq!(again, 0);
        assert_eq!(
            out.stdout, compact.stdout,
            "fmt --compact is not idempotent"
        );
    }
});

/// The JSON report parses as JSON (through codegen's strict reader: it is an array, so it is
/// not a state machine, but syntax errors are ASL001).
fn serde_json_like(text: &str) -> bool {
    let report = sfn_codegen::parse_str(text);
    !report.diagnostics.iter().any(|d| d.code() == "ASL001")
}
