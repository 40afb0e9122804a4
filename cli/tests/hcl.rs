//! `sfn-asl hcl`: exit codes, names, output file, and refusals.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_sfn-asl"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        stderr,
    )
}

#[test]
fn converts_with_a_name_from_the_file_or_the_option() {
    let (code, out, _) = run_in(&data(), &["hcl", "valid.json"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# Generated from valid.json by `sfn-asl hcl`.\n\n"));
    assert!(out.contains("data \"sfn_workflow\" \"valid\" {\n"), "{out}");
    assert!(out.contains("  task \"Validate\" {\n"), "{out}");
    assert!(out.contains("  choice \"Is valid?\" {\n"), "{out}");

    let (code, out, _) = run_in(&data(), &["hcl", "valid.json", "--name", "orders"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("data \"sfn_workflow\" \"orders\" {\n"),
        "{out}"
    );
}

#[test]
fn writes_the_output_file() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sfn-asl-hcl-output");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("main.tf");
    let source = data().join("valid.json");
    let (code, out, _) = run_in(&dir, &["hcl", source.to_str().unwrap(), "-o", "main.tf"]);
    assert_eq!(code, 0);
    assert!(out.is_empty());
    let written = std::fs::read_to_string(target).unwrap();
    assert!(
        written.contains("data \"sfn_workflow\" \"valid\""),
        "{written}"
    );
}

#[test]
fn refuses_what_does_not_parse_or_cannot_be_written() {
    let (code, out, err) = run_in(&data(), &["hcl", "syntax.json"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("not converted"), "{err}");

    let (code, _, err) = run_in(&data(), &["hcl", "unknown-field.json"]);
    assert_eq!(code, 1, "{err}");

    let (code, _, err) = run_in(&data(), &["hcl", "valid.json", "--name", "9 lives"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not a valid Terraform name"), "{err}");

    let (code, _, err) = run_in(&data(), &["hcl", "missing.json"]);
    assert_eq!(code, 2, "{err}");
}
