//! `sfn-asl schema` against real definitions: every valid example (the reference workflows in
//! `examples/asl/`, and every near-miss rule fixture the validator passes without an error)
//! validates against the schema, and definitions with the kinds of mistakes the schema is for
//! (an unknown field, a field of the other query language, a wrong type, a missing `Next`) do
//! not: the schema neither blocks what the validator accepts nor accepts those.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn schema_from_the_binary() -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sfn-asl"))
        .arg("schema")
        .output()
        .unwrap_or_else(|e| panic!("run sfn-asl schema: {e}"));
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("schema is not JSON: {e}"))
}

fn validator() -> jsonschema::Validator {
    let schema = schema_from_the_binary();
    assert!(
        jsonschema::meta::is_valid(&schema),
        "the schema is not a valid JSON Schema"
    );
    jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("schema: {e}"))
}

/// Fixture text without the test harness's `//type:` directive.
fn load(path: &Path) -> (String, sfn_codegen::Options) {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut options = sfn_codegen::Options::default();
    if let Some(rest) = raw.strip_prefix("//type: ") {
        let end = rest.find('\n').unwrap_or(rest.len());
        options.workflow_type = sfn_codegen::WorkflowType::parse(rest[..end].trim());
        return (rest[end..].to_string(), options);
    }
    (raw, options)
}

fn files(dir: &Path, keep: &dyn Fn(&str) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, keep, out);
        } else if p.file_name().and_then(|n| n.to_str()).is_some_and(keep) {
            out.push(p);
        }
    }
}

fn errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_valid_definition_validates_against_the_schema() {
    let v = validator();
    let root = repo();
    let mut paths = Vec::new();
    files(
        &root.join("examples/asl"),
        &|n| n.ends_with(".json"),
        &mut paths,
    );
    let examples = paths.len();
    files(
        &root.join("codegen/tests/data/rules"),
        &|n| n.starts_with("near-miss") && n.ends_with(".json"),
        &mut paths,
    );
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in &paths {
        let (text, options) = load(path);
        let report = sfn_codegen::check_str(&text, &options);
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        if report.diagnostics.iter().any(|d| d.is_error()) {
            // A near-miss of one rule may still break another (the fixtures test one code
            // each); only definitions the validator passes must pass the schema.
            continue;
        }
        checked += 1;
        let problems = errors(&v, &doc);
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", path.display(), problems.join("\n  ")));
        }
    }
    assert!(examples >= 10, "only {examples} examples found");
    assert!(
        checked >= examples + 50,
        "only {checked} valid definitions checked"
    );
    assert!(
        failures.is_empty(),
        "{} valid definitions fail the schema:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{checked} valid definitions validate against the schema");
}

#[test]
fn mistakes_editors_should_flag_fail_the_schema() {
    let v = validator();
    let cases = [
        (
            "unknown field",
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Nexxt":"B"}}}"#,
        ),
        (
            "JSONata field in a JSONPath state",
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Output":{}}}}"#,
        ),
        (
            "JSONPath field in a JSONata machine",
            r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","End":true,"ResultPath":"$.x"}}}"#,
        ),
        (
            "JSONPath state under a JSONata machine",
            r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}}}"#,
        ),
        (
            "JSONPath state nested in a JSONata machine's Map",
            r#"{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}}}}}}"#,
        ),
        (
            "JSONPath field inside a JSONata state's branch",
            r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","QueryLanguage":"JSONata","End":true,"Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"InputPath":"$"}}}]}}}"#,
        ),
        (
            "neither Next nor End",
            r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke"}}}"#,
        ),
        (
            "wrong type",
            r#"{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":"ten","End":true}}}"#,
        ),
        ("no States", r#"{"StartAt":"A"}"#),
        (
            "unknown state type",
            r#"{"StartAt":"A","States":{"A":{"Type":"Sleep","End":true}}}"#,
        ),
        (
            "retrier field misspelt",
            r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"x","End":true,"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempt":2}]}}}"#,
        ),
        (
            "choice operator value of the wrong type",
            r#"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":"1","Next":"D"}]},"D":{"Type":"Succeed"}}}"#,
        ),
        (
            "enum value",
            r#"{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"ProcessorConfig":{"Mode":"PARALLEL"},"StartAt":"A","States":{"A":{"Type":"Succeed"}}}}}}"#,
        ),
    ];
    for (what, text) in cases {
        let doc: serde_json::Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            !errors(&v, &doc).is_empty(),
            "{what}: the schema accepts {text}"
        );
        // The validator agrees these are errors: the schema is no stricter than it.
        let report = sfn_codegen::check_str(text, &Default::default());
        assert!(
            report.diagnostics.iter().any(|d| d.is_error()),
            "{what}: the validator accepts {text}"
        );
    }
    // And the same machines, fixed, pass.
    for text in [
        r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}}"#,
        r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Output":"{% $states.input %}"}}}"#,
        r#"{"StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONata","End":true,"Output":{}}}}"#,
        r#"{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":10,"End":true}}}"#,
        // In a JSONPath machine a state inside a JSONata Map may go back to JSONPath.
        r#"{"StartAt":"M","States":{"M":{"Type":"Map","QueryLanguage":"JSONata","End":true,"ItemProcessor":{"StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONPath","InputPath":"$.x","End":true}}}}}}"#,
    ] {
        let doc: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        assert_eq!(errors(&v, &doc), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn schema_writes_to_a_file_too() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sfn-asl-schema");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("asl.schema.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sfn-asl"))
        .args(["schema", "-o"])
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success() && out.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(written, schema_from_the_binary());
}
