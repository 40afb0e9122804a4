//! `sfn-asl validate --format sarif|github`: the outputs CI systems read, from the built binary
//! over the fixtures in `tests/data/`: exit codes as for the human format, every diagnostic with
//! its file, line, column and code, unreadable inputs reported, valid files silent.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sfn_codegen::Json;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sfn-asl"))
        .args(args)
        .current_dir(data())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run sfn-asl: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn parse(text: &str) -> Json {
    let mut diags = Vec::new();
    sfn_codegen::source::parse_json(text, &mut diags)
        .unwrap_or_else(|| panic!("not JSON: {diags:?}\n{text}"))
}

fn arr(j: Option<&Json>) -> &[Json] {
    match j {
        Some(Json::Array(items)) => items,
        _ => &[],
    }
}

fn int(j: Option<&Json>) -> i64 {
    match j {
        Some(Json::Number(n)) => n.as_i64().unwrap_or(-1),
        _ => -1,
    }
}

fn str_at<'a>(j: &'a Json, path: &[&str]) -> Option<&'a str> {
    let mut cur = j;
    for key in path {
        cur = cur.get(key)?;
    }
    cur.as_str()
}

/// How many diagnostics `--format json` reports for the file: the CI formats carry exactly those.
fn json_count(file: &str) -> usize {
    let (_, stdout, stderr) = run(&["validate", "--format", "json", file]);
    let doc = parse(&stdout);
    let n = arr(arr(Some(&doc))[0].get("diagnostics")).len();
    assert!(
        n >= 2,
        "{file} should have several diagnostics: {stdout}{stderr}"
    );
    n
}

#[test]
fn sarif_has_a_result_per_diagnostic_with_its_region_and_rule() {
    let (code, stdout, stderr) = run(&[
        "validate",
        "--format",
        "sarif",
        "invalid.json",
        "valid.json",
        "missing.json",
    ]);
    assert_eq!(code, 2, "{stderr}");
    let log = parse(&stdout);
    assert_eq!(log.get("version").and_then(Json::as_str), Some("2.1.0"));
    let runs = arr(log.get("runs"));
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(str_at(run, &["tool", "driver", "name"]), Some("sfn-asl"));
    let rules = arr(run
        .get("tool")
        .and_then(|t| t.get("driver"))
        .and_then(|d| d.get("rules")));
    assert_eq!(rules.len(), sfn_codegen::rules::ALL.len());
    let results = arr(run.get("results"));
    // The JSON format's diagnostics for invalid.json, none for valid.json.
    assert_eq!(results.len(), json_count("invalid.json"), "{stdout}");
    for r in results {
        let id = r.get("ruleId").and_then(Json::as_str).unwrap_or_default();
        let index = usize::try_from(int(r.get("ruleIndex"))).unwrap_or(usize::MAX);
        assert_eq!(rules[index].get("id").and_then(Json::as_str), Some(id));
        let loc = &arr(r.get("locations"))[0];
        assert_eq!(
            str_at(loc, &["physicalLocation", "artifactLocation", "uri"]),
            Some("invalid.json")
        );
        assert!(matches!(
            r.get("level").and_then(Json::as_str),
            Some("error" | "warning")
        ));
    }
    let orphan = results
        .iter()
        .find(|r| r.get("ruleId").and_then(Json::as_str) == Some("ASL104"))
        .unwrap_or_else(|| panic!("ASL104 missing: {stdout}"));
    let loc = &arr(orphan.get("locations"))[0];
    let region = loc.get("physicalLocation").and_then(|p| p.get("region"));
    assert_eq!(int(region.and_then(|r| r.get("startLine"))), 8);
    assert_eq!(int(region.and_then(|r| r.get("startColumn"))), 2);
    assert_eq!(
        arr(loc.get("logicalLocations"))[0]
            .get("fullyQualifiedName")
            .and_then(Json::as_str),
        Some("/States/Orphan")
    );
    // The missing file: a failed execution with a notification, not a result.
    let inv = &arr(run.get("invocations"))[0];
    assert_eq!(inv.get("executionSuccessful"), Some(&Json::Bool(false)));
    let notes = arr(inv.get("toolExecutionNotifications"));
    assert_eq!(notes.len(), 1);
    assert!(str_at(&notes[0], &["message", "text"])
        .unwrap_or_default()
        .contains("missing.json"));
}

#[test]
fn sarif_of_valid_files_has_no_results_and_exits_0() {
    let (code, stdout, _) = run(&["validate", "--format", "sarif", "valid.json", "nested.json"]);
    assert_eq!(code, 0);
    let log = parse(&stdout);
    let run = &arr(log.get("runs"))[0];
    assert!(arr(run.get("results")).is_empty());
    let inv = &arr(run.get("invocations"))[0];
    assert_eq!(inv.get("executionSuccessful"), Some(&Json::Bool(true)));
}

#[test]
fn github_annotations_one_line_per_diagnostic() {
    let (code, stdout, _) = run(&[
        "validate",
        "--format",
        "github",
        "invalid.json",
        "valid.json",
    ]);
    assert_eq!(code, 1);
    let annotations: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), json_count("invalid.json"), "{stdout}");
    assert!(
        annotations.iter().any(|l| l.starts_with(
            "::error file=invalid.json,line=8,col=2,title=ASL104 unreachable-state::/States/Orphan: "
        )),
        "{stdout}"
    );
    for l in &annotations {
        assert!(
            l.starts_with("::error ") || l.starts_with("::warning "),
            "{l}"
        );
        // Each annotation is one line: the hint travels escaped.
        assert!(l.contains("%0Ahint: "), "{l}");
    }
    assert!(stdout.contains("\ninvalid.json: "), "{stdout}");
    assert!(stdout.ends_with("valid.json: valid\n"), "{stdout}");
    let (code, stdout, _) = run(&["validate", "--format", "github", "missing.json"]);
    assert_eq!(code, 2);
    assert!(stdout.starts_with("::error file=missing.json,title=sfn-asl::cannot read missing.json"));
}
