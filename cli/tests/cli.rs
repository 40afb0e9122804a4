//! Runs the built `sfn-asl` binary over the fixtures in `tests/data/` and checks exit codes,
//! output (snapshots for the human formats), `fmt` idempotence and standard input.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use sfn_codegen::{rules, Json};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("sfn-asl-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn finish(output: Output) -> Run {
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// Runs the binary in `dir` so file names in the output are the relative ones given.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_sfn-asl"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    finish(output)
}

fn run(args: &[&str]) -> Run {
    run_in(&data(), args)
}

fn run_stdin(args: &[&str], input: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sfn-asl"))
        .args(args)
        .current_dir(data())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    finish(child.wait_with_output().unwrap())
}

fn read(name: &str) -> String {
    std::fs::read_to_string(data().join(name)).unwrap()
}

// ---------------------------------------------------------------- validate

#[test]
fn validate_valid_files_exit_0() {
    let r = run(&["validate", "valid.json", "nested.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "valid.json: valid\nnested.json: valid\n");
    assert_eq!(r.stderr, "");
    let r = run(&["validate", "--type", "express", "valid.json"]);
    assert_eq!(r.code, 0);
    let r = run(&["validate", "--type", "STANDARD", "valid.json"]);
    assert_eq!(r.code, 0);
}

#[test]
fn validate_errors_exit_1_human_output() {
    let r = run(&[
        "validate",
        "invalid.json",
        "syntax.json",
        "unknown-field.json",
        "empty.json",
        "binary.bin",
        "valid.json",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "");
    insta::assert_snapshot!("validate_human", r.stdout);
}

#[test]
fn validate_unreadable_exit_2_and_goes_on() {
    let r = run(&["validate", "missing.json", "invalid.json", "valid.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: cannot read missing.json: "),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("invalid.json: 2 errors\n"));
    assert!(r.stdout.ends_with("valid.json: valid\n"));
    // A directory cannot be read as a definition either.
    let r = run(&["validate", "."]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: cannot read .: "),
        "{}",
        r.stderr
    );
}

#[test]
fn validate_quiet_prints_only_files_with_errors() {
    let r = run(&["validate", "--quiet", "valid.json", "invalid.json"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("valid.json: valid"));
    assert!(r.stdout.ends_with("invalid.json: 2 errors\n"));
    let r = run(&["validate", "-q", "valid.json"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

fn parse_json(text: &str) -> Json {
    let mut diags = Vec::new();
    let json = sfn_codegen::source::parse_json(text, &mut diags);
    assert!(diags.is_empty(), "output is not JSON: {diags:?}\n{text}");
    json.unwrap()
}

fn array(j: &Json) -> &[Json] {
    match j {
        Json::Array(a) => a,
        other => panic!("expected an array, found {other:?}"),
    }
}

#[test]
fn validate_json_output() {
    let r = run(&[
        "validate",
        "--format",
        "json",
        "invalid.json",
        "valid.json",
        "missing.json",
    ]);
    assert_eq!(r.code, 2);
    let doc = parse_json(&r.stdout);
    let files = array(&doc);
    assert_eq!(files.len(), 3);

    let invalid = &files[0];
    assert_eq!(
        invalid.get("path"),
        Some(&Json::String("invalid.json".into()))
    );
    assert_eq!(invalid.get("valid"), Some(&Json::Bool(false)));
    let diags = array(invalid.get("diagnostics").unwrap());
    assert_eq!(diags.len(), 2);
    let orphan = diags
        .iter()
        .find(|d| d.get("code").and_then(Json::as_str) == Some("ASL104"))
        .expect("ASL104 reported");
    let field = |k: &str| orphan.get(k).cloned().unwrap_or(Json::Null);
    assert_eq!(field("pointer"), Json::String("/States/Orphan".into()));
    assert_eq!(field("name"), Json::String("unreachable-state".into()));
    assert_eq!(field("severity"), Json::String("error".into()));
    assert_eq!(
        field("aws_code"),
        Json::String("MISSING_TRANSITION_TARGET".into())
    );
    assert_eq!(field("line").to_compact(), "8");
    assert_eq!(field("column").to_compact(), "2");
    assert!(field("message").as_str().unwrap().contains("\"Orphan\""));
    assert!(!field("hint").as_str().unwrap().is_empty());

    let valid = &files[1];
    assert_eq!(valid.get("valid"), Some(&Json::Bool(true)));
    assert_eq!(valid.get("diagnostics"), Some(&Json::Array(vec![])));

    let missing = &files[2];
    assert_eq!(missing.get("valid"), Some(&Json::Bool(false)));
    assert!(missing
        .get("error")
        .and_then(Json::as_str)
        .is_some_and(|e| e.starts_with("cannot read missing.json")));
}

#[test]
fn validate_json_output_for_unparsable_input() {
    let r = run(&["validate", "--format", "json", "syntax.json", "binary.bin"]);
    assert_eq!(r.code, 1);
    let doc = parse_json(&r.stdout);
    for file in array(&doc) {
        let diags = array(file.get("diagnostics").unwrap());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].get("code").and_then(Json::as_str), Some("ASL001"));
        assert_eq!(diags[0].get("pointer").and_then(Json::as_str), Some(""));
    }
}

#[test]
fn validate_stdin() {
    let r = run_stdin(&["validate", "-"], read("valid.json").as_bytes());
    assert_eq!((r.code, r.stdout.as_str()), (0, "<stdin>: valid\n"));
    let r = run_stdin(&["validate", "-"], read("invalid.json").as_bytes());
    assert_eq!(r.code, 1);
    assert!(r
        .stdout
        .contains("<stdin>:8:2: error[ASL104] /States/Orphan: "));
    let r = run_stdin(&["validate", "-"], b"");
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("<stdin>:1:1: error[ASL001]"));
}

// ---------------------------------------------------------------- fmt

#[test]
fn fmt_prints_canonical_json_and_is_idempotent() {
    let r = run(&["fmt", "valid.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, read("canonical.json"));
    // fmt of fmt output is unchanged, pretty and compact.
    let again = run_stdin(&["fmt", "-"], r.stdout.as_bytes());
    assert_eq!((again.code, &again.stdout), (0, &r.stdout));
    let compact = run(&["fmt", "--compact", "valid.json"]);
    assert_eq!(compact.code, 0);
    assert_eq!(compact.stdout.lines().count(), 1);
    assert!(compact.stdout.ends_with("}\n"));
    let again = run_stdin(&["fmt", "--compact", "-"], compact.stdout.as_bytes());
    assert_eq!(again.stdout, compact.stdout);
    // Compact and pretty describe the same definition.
    let back = run_stdin(&["fmt", "-"], compact.stdout.as_bytes());
    assert_eq!(back.stdout, r.stdout);
}

#[test]
fn fmt_check() {
    let r = run(&["fmt", "--check", "canonical.json"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    let r = run(&["fmt", "--check", "canonical.json", "valid.json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "valid.json: not canonical\n");
    let r = run(&["fmt", "--check", "--compact", "canonical.json"]);
    assert_eq!(r.code, 1);
    // --check and --write do not go together.
    let r = run(&["fmt", "--check", "--write", "canonical.json"]);
    assert_eq!(r.code, 2);
}

#[test]
fn fmt_write_rewrites_only_changed_files() {
    let dir = scratch("fmt-write");
    std::fs::copy(data().join("valid.json"), dir.join("a.json")).unwrap();
    std::fs::copy(data().join("canonical.json"), dir.join("b.json")).unwrap();
    // Date b.json back, to see that it is not rewritten.
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(dir.join("b.json"))
        .unwrap()
        .set_modified(old)
        .unwrap();

    let r = run_in(&dir, &["fmt", "--write", "a.json", "b.json"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let canonical = read("canonical.json");
    assert_eq!(
        std::fs::read_to_string(dir.join("a.json")).unwrap(),
        canonical
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("b.json")).unwrap(),
        canonical
    );
    let modified = std::fs::metadata(dir.join("b.json"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(modified, old, "an unchanged file was rewritten");

    let r = run_in(&dir, &["fmt", "--check", "a.json", "b.json"]);
    assert_eq!(r.code, 0);
}

#[test]
fn fmt_refuses_parse_errors_but_not_validation_errors() {
    let r = run(&["fmt", "syntax.json", "unknown-field.json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    insta::assert_snapshot!("fmt_refused", r.stderr);

    // Unreachable states and dangling transitions are for `validate`; fmt still formats.
    let r = run(&["fmt", "invalid.json"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "");
    assert!(r.stdout.starts_with("{\n  \"StartAt\": \"Start\","));

    let dir = scratch("fmt-refused");
    std::fs::copy(data().join("syntax.json"), dir.join("s.json")).unwrap();
    let r = run_in(&dir, &["fmt", "-w", "s.json"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        std::fs::read_to_string(dir.join("s.json")).unwrap(),
        read("syntax.json")
    );

    for bad in ["empty.json", "binary.bin"] {
        let r = run(&["fmt", bad]);
        assert_eq!(r.code, 1, "{bad}");
        assert!(r.stderr.contains("error[ASL001]"), "{bad}: {}", r.stderr);
    }
    let r = run(&["fmt", "missing.json", "valid.json"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, read("canonical.json"));
}

// ---------------------------------------------------------------- graph

#[test]
fn graph_snapshot() {
    let r = run(&["graph", "nested.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("graph_nested", r.stdout);
}

#[test]
fn graph_output_file_and_stdin() {
    let dir = scratch("graph");
    let out = dir.join("valid.mmd");
    let r = run(&["graph", "valid.json", "--output", out.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("flowchart TD\n"));

    let r = run_stdin(&["graph", "-"], read("valid.json").as_bytes());
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, written);
}

#[test]
fn graph_of_broken_definitions() {
    // Validation errors: still drawn, dangling transitions to a "not found" node.
    let r = run(&["graph", "invalid.json"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("m0[/\"Missing<br/>not found\"/]"),
        "{}",
        r.stdout
    );
    // Parse errors: refused like fmt and hcl, exit 1, the errors on standard error.
    let r = run(&["graph", "unknown-field.json"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(r.stderr.contains("error[ASL004]"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error: unknown-field.json: not drawn: the definition has 1 parse error"),
        "{}",
        r.stderr
    );
    // No model at all: refused.
    for bad in ["syntax.json", "empty.json", "binary.bin"] {
        let r = run(&["graph", bad]);
        assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{bad}");
        assert!(r.stderr.contains("error[ASL001]"), "{bad}: {}", r.stderr);
    }
    let r = run(&["graph", "missing.json"]);
    assert_eq!(r.code, 2);
}

// ---------------------------------------------------------------- rule control

#[test]
fn rule_flags_turn_rules_off_and_down() {
    // invalid.json: ASL102 (Missing) and ASL104 (Orphan).
    let r = run(&["validate", "invalid.json"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("error[ASL104]"), "{}", r.stdout);
    // Off: not reported; the rest still fail.
    let r = run(&["validate", "--ignore", "ASL104", "invalid.json"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("ASL104"), "{}", r.stdout);
    assert!(r.stdout.contains("error[ASL102]"), "{}", r.stdout);
    // Everything off or down to a warning: valid, exit 0, warnings still printed.
    let r = run(&[
        "validate",
        "--ignore",
        "ASL104",
        "--warn",
        "asl102,no-terminal-state",
        "invalid.json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("warning[ASL102]"), "{}", r.stdout);
    assert!(
        r.stdout.ends_with("invalid.json: valid, 1 warning\n"),
        "{}",
        r.stdout
    );
    // The JSON format says the same.
    let r = run(&[
        "validate",
        "--format",
        "json",
        "--warn",
        "ASL102",
        "--warn",
        "ASL104",
        "invalid.json",
    ]);
    assert_eq!(r.code, 0);
    let doc = parse_json(&r.stdout);
    let file = &array(&doc)[0];
    assert_eq!(file.get("valid"), Some(&Json::Bool(true)));
    for d in array(file.get("diagnostics").unwrap()) {
        assert_eq!(d.get("severity"), Some(&Json::String("warning".into())));
    }
}

#[test]
fn rule_flags_raise_a_warning_to_an_error() {
    let dir = scratch("raise");
    // A Pass state whose Result has a `.$` key: only a warning (the Result is not evaluated).
    std::fs::write(
        dir.join("w.json"),
        r#"{"StartAt": "F", "States": {"F": {"Type": "Pass", "Result": {"a.$": "x"}, "End": true}}}"#,
    )
    .unwrap();
    let plain = run_in(&dir, &["validate", "w.json"]);
    let warned: Vec<&str> = plain
        .stdout
        .lines()
        .filter(|l| l.contains(": warning["))
        .collect();
    assert_eq!(plain.code, 0, "{}", plain.stdout);
    assert!(!warned.is_empty(), "{}", plain.stdout);
    let code = warned[0]
        .split("warning[")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap();
    let r = run_in(&dir, &["validate", "--error", code, "w.json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains(&format!("error[{code}]")), "{}", r.stdout);
}

#[test]
fn unknown_or_conflicting_rule_flags_are_usage_errors() {
    let r = run(&["validate", "--ignore", "ASL320", "valid.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("\"ASL320\" is not a rule code. Did you mean ASL302 (reserved-error-name)?"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
    let r = run(&[
        "validate",
        "--ignore",
        "ASL104",
        "--warn",
        "asl104",
        "valid.json",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("given to both --ignore and --warn"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("sfn-asl validate"), "{}", r.stderr);
    let r = run(&["validate", "--ignore", "ASL001", "syntax.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot be turned off"), "{}", r.stderr);
    // The same code twice at one level is no conflict.
    let r = run(&[
        "validate",
        "--ignore",
        "ASL104",
        "--ignore",
        "ASL104",
        "valid.json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn related_places_are_printed_with_their_lines() {
    let dir = scratch("related");
    std::fs::write(
        dir.join("dup.json"),
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Succeed\"},\n    \"A\": {\"Type\": \"Succeed\"}\n  }\n}\n",
    )
    .unwrap();
    let r = run_in(&dir, &["validate", "dup.json"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("dup.json:5:5: error[ASL002]"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("dup.json:4:5: note: \"A\" is first given here\n  |\n4 |     \"A\": {\"Type\": \"Succeed\"},\n  |     ^\n"), "{}", r.stdout);
    let r = run_in(&dir, &["validate", "--format", "json", "dup.json"]);
    let doc = parse_json(&r.stdout);
    let d = &array(array(&doc)[0].get("diagnostics").unwrap())[0];
    let related = array(d.get("related").unwrap());
    assert_eq!(related.len(), 1);
    assert_eq!(
        related[0].get("line"),
        Some(&Json::Number(sfn_codegen::Num::from_i64(4)))
    );
}

// ---------------------------------------------------------------- rules

#[test]
fn rules_lists_every_rule() {
    let text = run(&["rules"]);
    let markdown = run(&["rules", "--format", "markdown"]);
    assert_eq!((text.code, markdown.code), (0, 0));
    assert_eq!(markdown.stdout.lines().count(), rules::ALL.len() + 2);
    assert!(markdown
        .stdout
        .starts_with("| Code | Name | Severity | AWS code | Summary | Fix |\n"));
    for rule in rules::ALL {
        let head = format!("{} {} ({}", rule.code, rule.name, rule.severity.as_str());
        assert!(text.stdout.contains(&head), "{head}");
        assert!(text.stdout.contains(rule.fix));
        assert!(markdown
            .stdout
            .contains(&format!("| {} | `{}` |", rule.code, rule.name)));
    }
}

#[test]
fn top_level_help_lists_every_command() {
    let r = run(&["--help"]);
    assert_eq!(r.code, 0);
    let cli = sfn_asl_commands();
    assert!(!cli.is_empty());
    for name in cli {
        assert!(
            r.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{name} "))),
            "{name} missing from:\n{}",
            r.stdout
        );
    }
    // With no command at all, the same list is printed (as a usage error).
    let r = run(&[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("validate") && r.stderr.contains("graph"),
        "{}",
        r.stderr
    );
}

/// Every subcommand the binary knows, from its own `help` subcommand listing.
fn sfn_asl_commands() -> Vec<String> {
    let r = run(&["help"]);
    r.stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).code, 2);
    assert_eq!(run(&["validate"]).code, 2);
    assert_eq!(run(&["validate", "--format", "xml", "valid.json"]).code, 2);
    assert_eq!(run(&["frobnicate"]).code, 2);
}

#[test]
fn policy_prints_the_document_and_warns_on_stderr() {
    let r = run(&["policy", "policy.asl.json", "--machine-name", "orders"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = parse_json(&r.stdout);
    let statements = array(doc.get("Statement").unwrap_or(&Json::Null));
    let find = |sid: &str| {
        statements
            .iter()
            .find(|s| s.get("Sid").and_then(Json::as_str) == Some(sid))
            .map(|s| s.to_compact())
    };
    // The region and account come from the topic's ARN, the only ones the definition names.
    assert_eq!(
        find("LambdaFunctionCharge").as_deref(),
        Some(
            r#"{"Sid":"LambdaFunctionCharge","Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["arn:aws:lambda:eu-west-1:111122223333:function:charge"]}"#
        )
    );
    assert_eq!(
        find("LambdaFunctionAll").as_deref(),
        Some(
            r#"{"Sid":"LambdaFunctionAll","Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["arn:aws:lambda:eu-west-1:111122223333:function:*"]}"#
        )
    );
    assert!(find("SnsOrders").is_some(), "{}", r.stdout);
    assert_eq!(statements.len(), 3, "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "policy.asl.json:20:22: warning[IAM001] /States/Plugin/Parameters/FunctionName.$"
        ),
        "{}",
        r.stderr
    );
    // The same input, the same bytes.
    assert_eq!(
        run(&["policy", "policy.asl.json", "--machine-name", "orders"]).stdout,
        r.stdout
    );
}

#[test]
fn policy_inputs_output_file_and_errors() {
    let dir = scratch("policy");
    std::fs::copy(data().join("policy.asl.json"), dir.join("in.json")).unwrap();
    let r = run_in(
        &dir,
        &[
            "policy",
            "in.json",
            "--region",
            "us-gov-west-1",
            "--account",
            "444455556666",
            "--tracing",
            "-o",
            "policy.json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let written = std::fs::read_to_string(dir.join("policy.json")).unwrap();
    assert!(
        written.contains("arn:aws-us-gov:lambda:us-gov-west-1:444455556666:function:charge"),
        "{written}"
    );
    assert!(written.contains("xray:PutTraceSegments"), "{written}");
    // Bad inputs are usage errors.
    let r = run(&["policy", "policy.asl.json", "--region", "Europe"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is not a region"), "{}", r.stderr);
    let r = run(&["policy", "policy.asl.json", "--account", "12"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    // No policy for an invalid definition.
    let r = run(&["policy", "invalid.json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("no policy: the definition has"),
        "{}",
        r.stderr
    );
    let r = run(&["policy", "missing.json"]);
    assert_eq!(r.code, 2);
    // Standard input.
    let r = run_stdin(&["policy", "-"], read("policy.asl.json").as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("<stdin>:20:22: warning[IAM001]"),
        "{}",
        r.stderr
    );
}
