//! Expectations on a run (status, output, path, error, cause) and how a run misses them. The
//! CLI reads them from an expectations file (`sfn-asl test --expect`), the Terraform data source
//! from HCL; both check them here.
//!
//! The expectations file holds one entry per test case of the mock configuration:
//!
//! ```json
//! {"TestCases": {"HappyPath": {"Input": {"id": 1}, "Status": "SUCCEEDED",
//!                              "Output": {"ok": true}, "Path": ["Charge", "Done"]}}}
//! ```

use crate::diagnostic::Path;
use crate::json::Json;

use super::history::clip;
use super::mocks::MockProblem;
use super::{Execution, Status};

/// What a test case expects; unset fields are not checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expectation {
    /// The execution input (default `{}`).
    pub input: Option<Json>,
    pub status: Option<Status>,
    /// Compared as JSON: key order does not matter, numbers compare by value.
    pub output: Option<Json>,
    /// Every state entered, in order.
    pub path: Option<Vec<String>>,
    pub error: Option<String>,
    pub cause: Option<String>,
}

/// One expectation a run missed.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// `status`, `output`, `path`, `error` or `cause`.
    pub field: &'static str,
    pub expected: String,
    pub actual: String,
    /// Where they first differ: a JSON pointer into the output, or the path's index.
    pub at: Option<String>,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: expected {}, got {}",
            self.field, self.expected, self.actual
        )?;
        if let Some(at) = &self.at {
            write!(f, " (first difference at {at})")?;
        }
        Ok(())
    }
}

/// Where two values first differ, as a JSON pointer (`None` when equal).
pub fn first_difference(expected: &Json, actual: &Json) -> Option<String> {
    fn walk(e: &Json, a: &Json, at: &Path) -> Option<Path> {
        match (e, a) {
            (Json::Object(em), Json::Object(am)) => {
                for (k, ev) in em {
                    match am.iter().find(|(ak, _)| ak == k) {
                        Some((_, av)) => {
                            if let Some(p) = walk(ev, av, &at.key(k)) {
                                return Some(p);
                            }
                        }
                        None => return Some(at.key(k)),
                    }
                }
                am.iter()
                    .find(|(k, _)| !em.iter().any(|(ek, _)| ek == k))
                    .map(|(k, _)| at.key(k))
            }
            (Json::Array(ea), Json::Array(aa)) => {
                for (i, (ev, av)) in ea.iter().zip(aa).enumerate() {
                    if let Some(p) = walk(ev, av, &at.index(i)) {
                        return Some(p);
                    }
                }
                (ea.len() != aa.len()).then(|| at.index(ea.len().min(aa.len())))
            }
            _ => (!e.semantic_eq(a)).then(|| at.clone()),
        }
    }
    walk(expected, actual, &Path::root()).map(|p| p.to_string())
}

fn quoted(s: &Option<String>) -> String {
    s.as_ref()
        .map_or_else(|| "none".to_string(), |v| format!("{v:?}"))
}

fn path_text(p: &[String]) -> String {
    format!("[{}]", p.join(" → "))
}

impl Expectation {
    /// Every expectation `e` misses.
    pub fn check(&self, e: &Execution) -> Vec<Mismatch> {
        let mut out = Vec::new();
        if let Some(status) = self.status {
            if status != e.status {
                let mut actual = e.status.as_str().to_string();
                if let Some(err) = &e.error {
                    actual.push_str(&format!(" ({err}"));
                    if let Some(c) = &e.cause {
                        actual.push_str(&format!(": {}", clip(c)));
                    }
                    actual.push(')');
                }
                out.push(Mismatch {
                    field: "status",
                    expected: status.as_str().into(),
                    actual,
                    at: None,
                });
            }
        }
        if let Some(expected) = &self.output {
            match &e.output {
                Some(actual) if expected.semantic_eq(actual) => {}
                Some(actual) => out.push(Mismatch {
                    field: "output",
                    expected: clip(&expected.to_compact()),
                    actual: clip(&actual.to_compact()),
                    at: first_difference(expected, actual),
                }),
                None => out.push(Mismatch {
                    field: "output",
                    expected: clip(&expected.to_compact()),
                    actual: format!("no output (the execution {})", e.status.as_str()),
                    at: None,
                }),
            }
        }
        if let Some(expected) = &self.path {
            if *expected != e.path {
                let at = expected
                    .iter()
                    .zip(&e.path)
                    .position(|(a, b)| a != b)
                    .unwrap_or(expected.len().min(e.path.len()));
                out.push(Mismatch {
                    field: "path",
                    expected: path_text(expected),
                    actual: path_text(&e.path),
                    at: Some(format!("step {}", at + 1)),
                });
            }
        }
        for (field, expected, actual) in [
            ("error", &self.error, &e.error),
            ("cause", &self.cause, &e.cause),
        ] {
            if expected.is_some() && expected != actual {
                out.push(Mismatch {
                    field,
                    expected: quoted(expected),
                    actual: quoted(actual),
                    at: None,
                });
            }
        }
        out
    }
}

impl Expectation {
    /// Reads `{"Status", "Output", "Path", "Error", "Cause"}` (and `Input` when `with_input`);
    /// names match in any case, so HCL's `status` is `Status`.
    pub fn from_fields(
        fields: &[(String, Json)],
        at: &Path,
        with_input: bool,
        problems: &mut Vec<MockProblem>,
    ) -> Expectation {
        let mut e = Expectation::default();
        let mut problem =
            |path: Path, message: String| problems.push(MockProblem { path, message });
        for (f, fv) in fields {
            let fat = at.key(f);
            let text = || fv.as_str().map(str::to_string);
            match f.to_ascii_lowercase().as_str() {
                "input" if with_input => e.input = Some(fv.clone()),
                "output" => e.output = Some(fv.clone()),
                "status" => match fv.as_str().and_then(Status::parse) {
                    Some(s) => e.status = Some(s),
                    None => problem(
                        fat,
                        format!(
                            "{f} is SUCCEEDED, FAILED or TIMED_OUT, not {}",
                            fv.to_compact()
                        ),
                    ),
                },
                "path" => match fv {
                    Json::Array(items) if items.iter().all(|i| i.as_str().is_some()) => {
                        e.path = Some(
                            items
                                .iter()
                                .filter_map(|i| i.as_str().map(str::to_string))
                                .collect(),
                        )
                    }
                    _ => problem(fat, format!("{f} is a list of state names")),
                },
                "error" => match text() {
                    Some(s) => e.error = Some(s),
                    None => problem(fat, format!("{f} is a string")),
                },
                "cause" => match text() {
                    Some(s) => e.cause = Some(s),
                    None => problem(fat, format!("{f} is a string")),
                },
                _ => {
                    let known = if with_input {
                        "Input, Status, Output, Path, Error, Cause"
                    } else {
                        "status, output, path, error, cause"
                    };
                    problem(fat, format!("unknown field \"{f}\" (expected {known})"))
                }
            }
        }
        e
    }
}

/// A parsed expectations file: test case name -> expectation, in file order.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    pub state_machine: Option<String>,
    pub test_cases: Vec<(String, Expectation)>,
}

impl Expectations {
    pub fn get(&self, test_case: &str) -> Option<&Expectation> {
        self.test_cases
            .iter()
            .find(|(n, _)| n == test_case)
            .map(|(_, e)| e)
    }

    pub fn from_json(v: &Json) -> Result<Expectations, Vec<MockProblem>> {
        let mut problems = Vec::new();
        let mut out = Expectations::default();
        let root = Path::root();
        let problem = |problems: &mut Vec<MockProblem>, path: Path, message: String| {
            problems.push(MockProblem { path, message })
        };
        let Json::Object(members) = v else {
            return Err(vec![MockProblem {
                path: root,
                message: format!("the expectations must be an object, not {}", v.type_name()),
            }]);
        };
        for (k, v) in members {
            let at = root.key(k);
            match (k.as_str(), v) {
                ("StateMachine", Json::String(s)) => out.state_machine = Some(s.clone()),
                ("TestCases", Json::Object(cases)) => {
                    for (name, case) in cases {
                        let cat = at.key(name);
                        let Json::Object(fields) = case else {
                            problem(
                                &mut problems,
                                cat,
                                "a test case's expectations are an object".into(),
                            );
                            continue;
                        };
                        let e = Expectation::from_fields(fields, &cat, true, &mut problems);
                        out.test_cases.push((name.clone(), e));
                    }
                }
                ("StateMachine" | "TestCases", other) => problem(
                    &mut problems,
                    at,
                    format!("{k} has the wrong type ({})", other.type_name()),
                ),
                _ => problem(
                    &mut problems,
                    at,
                    format!("unknown field \"{k}\" (expected StateMachine and TestCases)"),
                ),
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse_json;

    fn j(s: &str) -> Json {
        parse_json(s, &mut Vec::new()).unwrap_or_else(|| panic!("bad test JSON {s}"))
    }

    fn execution(status: Status, output: Option<&str>, path: &[&str]) -> Execution {
        Execution {
            status,
            output: output.map(j),
            error: (status == Status::Failed).then(|| "Lambda.Unknown".to_string()),
            cause: (status == Status::Failed).then(|| "boom".to_string()),
            path: path.iter().map(|s| s.to_string()).collect(),
            history: Vec::new(),
            start_millis: 0,
            stop_millis: 0,
        }
    }

    #[test]
    fn checks_each_expectation() {
        let e = Expectation {
            status: Some(Status::Succeeded),
            output: Some(j(r#"{"a": 1, "b": [1, 2]}"#)),
            path: Some(vec!["A".into(), "B".into()]),
            ..Expectation::default()
        };
        assert!(e
            .check(&execution(
                Status::Succeeded,
                Some(r#"{"b": [1, 2.0], "a": 1}"#),
                &["A", "B"]
            ))
            .is_empty());
        let m = e.check(&execution(
            Status::Succeeded,
            Some(r#"{"a": 1, "b": [1, 3]}"#),
            &["A", "C"],
        ));
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].at.as_deref(), Some("/b/1"));
        assert_eq!(
            m[1].to_string(),
            "path: expected [A → B], got [A → C] (first difference at step 2)"
        );
        let m = e.check(&execution(Status::Failed, None, &["A"]));
        assert_eq!(
            m[0].to_string(),
            "status: expected SUCCEEDED, got FAILED (Lambda.Unknown: boom)"
        );
        assert!(m[1].actual.contains("no output"));
        let err = Expectation {
            error: Some("States.Timeout".into()),
            ..Expectation::default()
        };
        assert_eq!(
            err.check(&execution(Status::Failed, None, &[]))[0].to_string(),
            r#"error: expected "States.Timeout", got "Lambda.Unknown""#
        );
    }

    #[test]
    fn differences() {
        assert_eq!(first_difference(&j("1"), &j("1.0")), None);
        assert_eq!(first_difference(&j("1"), &j("2")).as_deref(), Some("/"));
        assert_eq!(
            first_difference(&j(r#"{"a":{"b":1}}"#), &j(r#"{"a":{}}"#)).as_deref(),
            Some("/a/b")
        );
        assert_eq!(
            first_difference(&j(r#"{"a":1}"#), &j(r#"{"a":1,"z":2}"#)).as_deref(),
            Some("/z")
        );
        assert_eq!(
            first_difference(&j("[1,2]"), &j("[1]")).as_deref(),
            Some("/1")
        );
    }

    #[test]
    fn reads_files() {
        let x = Expectations::from_json(&j(r#"{"StateMachine": "M", "TestCases": {"T": {"Input": {"a": 1}, "Status": "FAILED", "Error": "E", "Path": ["A"]}}}"#))
            .unwrap_or_default();
        assert_eq!(x.state_machine.as_deref(), Some("M"));
        let t = x.get("T").cloned().unwrap_or_default();
        assert_eq!(
            (t.status, t.error.as_deref(), t.path.map(|p| p.len())),
            (Some(Status::Failed), Some("E"), Some(1))
        );
        let bad = Expectations::from_json(&j(
            r#"{"TestCases": {"T": {"Status": "DONE", "Path": [1], "Nope": 1}}, "Other": 1}"#,
        ))
        .expect_err("bad");
        let text: Vec<String> = bad.iter().map(|p| p.to_string()).collect();
        assert_eq!(text.len(), 4, "{text:?}");
        assert!(text[0].starts_with("/TestCases/T/Status: Status is SUCCEEDED"));
        let mut problems = Vec::new();
        let hcl = j(r#"{"status": "SUCCEEDED", "path": ["A"], "input": 1}"#);
        let e = Expectation::from_fields(
            hcl.as_object().unwrap_or_default(),
            &Path::root(),
            false,
            &mut problems,
        );
        assert_eq!((e.status, problems.len()), (Some(Status::Succeeded), 1));
        assert!(
            problems[0].message.contains("expected status, output"),
            "{problems:?}"
        );
    }
}
