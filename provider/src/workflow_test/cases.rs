//! Running the test cases of an `sfn_workflow_test`: the definition is validated, each test case
//! becomes mocks, an input and expectations, and runs on codegen's interpreter. A test case that
//! depends on a value not yet known is skipped (it runs when the value is known), never failed.

use sfn_codegen::diagnostic::Path;
use sfn_codegen::interp::expect::Expectation;
use sfn_codegen::interp::history::clip;
use sfn_codegen::interp::{
    self, Execution, MockConfig, MockProblem, RunOptions, StopReason, TestCase,
};
use sfn_codegen::model::Workflow;
use sfn_codegen::{suggest, Json, Options, WorkflowType};
use tf_provider::{AttributePath, Diagnostics};

use crate::diags;
use crate::tfvalue::Tf;

/// One test case's outcome, as `results` reports it.
#[derive(Debug, Clone)]
pub struct Row {
    pub passed: bool,
    pub skipped: bool,
    pub execution: Option<Execution>,
}

impl Row {
    fn skipped() -> Row {
        Row {
            passed: false,
            skipped: true,
            execution: None,
        }
    }
}

fn case_path(name: &str) -> AttributePath {
    AttributePath::new("test_case").key(name.to_string())
}

fn invalid(diags: &mut Diagnostics, at: AttributePath, summary: String, detail: String) {
    diags.error(
        format!("SFN081 invalid-workflow-test: {summary}"),
        detail,
        at,
    );
}

fn problems_text(problems: &[MockProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("- {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every state name of a workflow, nested ones included.
fn state_names(w: &Workflow, out: &mut Vec<String>) {
    for (name, s) in &w.states {
        out.push(name.clone());
        for (_, child) in s.children() {
            state_names(child, out);
        }
    }
}

/// The mock configuration: absent, not yet known, or read.
enum Config {
    None,
    Unknown,
    Known(Box<MockConfig>, Option<String>),
}

struct Setup {
    machine: Workflow,
    names: Vec<String>,
    config: Config,
    options: RunOptions,
}

/// Runs every test case; `None` when the data source itself is misconfigured (reported).
/// Test cases are returned in name order.
pub fn run_all(cfg: &Tf, diags: &mut Diagnostics) -> Option<Vec<(String, Row)>> {
    let cases: Vec<(String, &Tf)> = match cfg.get("test_case") {
        Tf::Object(m) => m.iter().map(|(k, v)| (k.clone(), v)).collect(),
        _ => Vec::new(),
    };
    let Some(setup) = setup(cfg, diags)? else {
        return Some(
            cases
                .into_iter()
                .map(|(n, _)| (n, Row::skipped()))
                .collect(),
        );
    };
    let mut out = Vec::with_capacity(cases.len());
    let mut ok = true;
    for (name, block) in cases {
        match run_case(&setup, &name, block, diags) {
            Some(row) => out.push((name, row)),
            None => ok = false,
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    ok.then_some(out)
}

/// What the test cases share. `Some(None)`: the definition is not known yet.
fn setup(cfg: &Tf, diags: &mut Diagnostics) -> Option<Option<Setup>> {
    let definition = match cfg.get("definition") {
        Tf::String(s) => s,
        Tf::Unknown => return Some(None),
        _ => return None,
    };
    let mut options = RunOptions::default();
    let mut check = Options::default();
    let mut bad = false;
    match cfg.get("workflow_type") {
        Tf::String(t) => match WorkflowType::parse(t) {
            Some(wt) => {
                options.workflow_type = wt;
                check.workflow_type = Some(wt);
            }
            None => {
                bad = true;
                invalid(
                    diags,
                    AttributePath::new("workflow_type"),
                    format!("\"{t}\" is not a workflow type"),
                    "Use STANDARD or EXPRESS.".into(),
                )
            }
        },
        Tf::Unknown => return Some(None),
        _ => {}
    }
    match cfg.get("seed") {
        Tf::Number(n) => match n.as_i64() {
            Some(s) => options.seed = s as u64,
            None => {
                bad = true;
                invalid(
                    diags,
                    AttributePath::new("seed"),
                    format!("seed {n} is not a whole number"),
                    "Give the seed as an integer, such as 42.".into(),
                )
            }
        },
        Tf::Unknown => return Some(None),
        _ => {}
    }
    let report = sfn_codegen::check_str(definition, &check);
    let mut failed = false;
    for d in report.errors() {
        failed = true;
        diags::push(
            diags,
            d,
            AttributePath::new("definition"),
            "Location in the definition",
        );
    }
    let machine = report.machine.filter(|_| !failed)?;
    let config = match cfg.get("mock_config") {
        Tf::Unknown => Config::Unknown,
        Tf::String(text) => Config::Known(Box::new(mock_config(text, diags)?), None),
        _ => Config::None,
    };
    let config = match config {
        Config::Known(c, _) => {
            let machines: Vec<&str> = c.machines().collect();
            let chosen = match cfg.get("state_machine") {
                Tf::String(s) if machines.contains(&s.as_str()) => Some(s.clone()),
                Tf::String(s) => {
                    invalid(
                        diags,
                        AttributePath::new("state_machine"),
                        format!("mock_config has no state machine \"{s}\""),
                        format!(
                            "It has: {}.{}",
                            machines.join(", "),
                            suggest::hint(s, machines.iter().copied())
                        ),
                    );
                    return None;
                }
                _ => match machines.as_slice() {
                    [only] => Some(only.to_string()),
                    _ => None,
                },
            };
            if let Some(sm) = &chosen {
                options.state_machine_name = sm.clone();
            }
            Config::Known(c, chosen)
        }
        other => other,
    };
    if bad {
        return None;
    }
    let mut names = Vec::new();
    state_names(&machine, &mut names);
    Some(Some(Setup {
        machine,
        names,
        config,
        options,
    }))
}

fn mock_config(text: &str, diags: &mut Diagnostics) -> Option<MockConfig> {
    let mut parse_diags = Vec::new();
    let json = sfn_codegen::source::parse_json(text, &mut parse_diags);
    sfn_codegen::source::locate(text, &mut parse_diags);
    if let Some(d) = parse_diags.first() {
        let at = d
            .position
            .map(|p| format!(" (line {}, column {})", p.line, p.column))
            .unwrap_or_default();
        invalid(
            diags,
            AttributePath::new("mock_config"),
            "mock_config is not JSON".into(),
            format!("{}{at}", d.message),
        );
        return None;
    }
    match MockConfig::from_json(&json?) {
        Ok(c) => Some(c),
        Err(problems) => {
            invalid(
                diags,
                AttributePath::new("mock_config"),
                "mock_config is not a valid Step Functions Local mock configuration".into(),
                problems_text(&problems),
            );
            None
        }
    }
}

/// The mocks of one test case, or `Err(true)` when they depend on a value not known yet and
/// `Err(false)` when they are wrong (reported).
fn mocks(setup: &Setup, name: &str, block: &Tf, diags: &mut Diagnostics) -> Result<TestCase, bool> {
    let at = case_path(name);
    let mut tc = TestCase::new(name);
    match block.get("mock_test_case") {
        Tf::Unknown => return Err(true),
        Tf::String(base) => match &setup.config {
            Config::Unknown => return Err(true),
            Config::None => {
                invalid(diags, at.attribute("mock_test_case"), format!("test case \"{name}\" names mock_test_case \"{base}\" but there is no mock_config"), "Set mock_config to the mock configuration file's text (file(\"MockConfigFile.json\")), or remove mock_test_case.".into());
                return Err(false);
            }
            Config::Known(c, sm) => {
                let Some(sm) = sm else {
                    let machines: Vec<&str> = c.machines().collect();
                    invalid(
                        diags,
                        AttributePath::new("state_machine"),
                        "mock_config has several state machines".into(),
                        format!(
                            "Choose the one to test with state_machine: {}.",
                            machines.join(", ")
                        ),
                    );
                    return Err(false);
                };
                match c.test_case(sm, base) {
                    Ok(t) => {
                        tc = t;
                        tc.name = name.to_string();
                    }
                    Err(why) => {
                        let known = c.test_cases(sm).unwrap_or_default();
                        invalid(
                            diags,
                            at.attribute("mock_test_case"),
                            why.clone(),
                            format!(
                                "Test cases of \"{sm}\": {}.{}",
                                known.join(", "),
                                suggest::hint(base, known.iter().copied())
                            ),
                        );
                        return Err(false);
                    }
                }
            }
        },
        _ => {}
    }
    let spec = block.get("mocks");
    if spec.has_unknown() {
        return Err(true);
    }
    if !spec.is_null() {
        let problems = tc.add_compact(&spec.to_json(), &Path::root());
        if !problems.is_empty() {
            invalid(
                diags,
                at.attribute("mocks"),
                format!("test case \"{name}\": the mocks are not valid"),
                problems_text(&problems),
            );
            return Err(false);
        }
    }
    let unknown_states: Vec<String> = tc
        .states()
        .filter(|s| !setup.names.iter().any(|n| n == s))
        .map(str::to_string)
        .collect();
    for s in &unknown_states {
        invalid(
            diags,
            at.clone().attribute("mocks"),
            format!("test case \"{name}\" mocks \"{s}\", which is not a state of the definition"),
            format!(
                "Mocks are keyed by state name.{}",
                suggest::hint(s, setup.names.iter().map(String::as_str))
            ),
        );
    }
    if unknown_states.is_empty() {
        Ok(tc)
    } else {
        Err(false)
    }
}

fn run_case(setup: &Setup, name: &str, block: &Tf, diags: &mut Diagnostics) -> Option<Row> {
    let at = case_path(name);
    let input = block.get("input");
    let expect = block.get("expect");
    if input.has_unknown() || expect.has_unknown() {
        return Some(Row::skipped());
    }
    let tc = match mocks(setup, name, block, diags) {
        Ok(tc) => tc,
        Err(true) => return Some(Row::skipped()),
        Err(false) => return None,
    };
    let expectation = match expect {
        Tf::Null => Expectation::default(),
        Tf::Object(_) => {
            let json = expect.to_json();
            let mut problems = Vec::new();
            let e = Expectation::from_fields(
                json.as_object().unwrap_or_default(),
                &Path::root(),
                false,
                &mut problems,
            );
            if !problems.is_empty() {
                invalid(
                    diags,
                    at.attribute("expect"),
                    format!("test case \"{name}\": expect is not valid"),
                    problems_text(&problems),
                );
                return None;
            }
            e
        }
        other => {
            invalid(diags, at.attribute("expect"), format!("test case \"{name}\": expect is an object such as {{ status = \"SUCCEEDED\", path = [...] }}"), format!("It is {}.", other.to_json().type_name()));
            return None;
        }
    };
    let input = if input.is_null() {
        Json::Object(Vec::new())
    } else {
        input.to_json()
    };
    let options = RunOptions {
        execution_name: name.to_string(),
        ..setup.options.clone()
    };
    match interp::run(&setup.machine, &input, &tc, &options) {
        Ok(e) => {
            let missed = expectation.check(&e);
            if !missed.is_empty() {
                report_failure(diags, name, &missed, &e);
            }
            Some(Row {
                passed: missed.is_empty(),
                skipped: false,
                execution: Some(e),
            })
        }
        Err(stopped) if stopped.reason == StopReason::NotYetKnown => Some(Row::skipped()),
        Err(stopped) => {
            report_stop(diags, name, block, &stopped);
            Some(Row {
                passed: false,
                skipped: false,
                execution: None,
            })
        }
    }
}

/// A run that could not finish: a problem of the test setup (a Task without a mock, an input
/// over the quota, a loop without an exit), reported at the attribute that can fix it.
fn report_stop(diags: &mut Diagnostics, name: &str, block: &Tf, stopped: &interp::Stopped) {
    let (candidates, hint): (&[&str], &str) = match stopped.reason {
        StopReason::Unmocked { .. } | StopReason::NoInvocation { .. } => (
            &["mocks", "mock_test_case"],
            "\n\nEvery Task (and Distributed Map reader) needs a mocked result for each invocation: add it to mocks, as { result = ... } or { error = \"...\", cause = \"...\" }.",
        ),
        StopReason::InputTooLarge(_) => (&["input"], ""),
        _ => (&["expect", "mocks", "mock_test_case", "input"], ""),
    };
    // Terraform points at attributes, not at blocks: the first of those that is set.
    let attr = candidates
        .iter()
        .copied()
        .find(|a| !block.get(a).is_null())
        .unwrap_or(candidates[0]);
    diags.error(
        format!(
            "SFN080 workflow-test-failed: test case \"{name}\": the run stopped: {}",
            stopped.reason
        ),
        format!("Path taken: {}{hint}", path_text(&stopped.path)),
        case_path(name).attribute(attr),
    );
}

fn path_text(path: &[String]) -> String {
    if path.is_empty() {
        "(no state)".into()
    } else {
        path.join(" → ")
    }
}

fn report_failure(
    diags: &mut Diagnostics,
    name: &str,
    missed: &[interp::expect::Mismatch],
    e: &Execution,
) {
    let mut detail = String::new();
    for m in missed {
        detail.push_str(&format!("- {m}\n"));
    }
    detail.push_str(&format!("\nPath taken: {}\n", path_text(&e.path)));
    detail.push_str(&format!("Status: {}\n", e.status.as_str()));
    if let Some(err) = &e.error {
        detail.push_str(&format!("Error: {err}\n"));
    }
    if let Some(c) = &e.cause {
        detail.push_str(&format!("Cause: {c}\n"));
    }
    if let Some(o) = &e.output {
        detail.push_str(&format!("Output: {}\n", clip(&o.to_compact())));
    }
    diags.error(
        format!(
            "SFN080 workflow-test-failed: test case \"{name}\": {}",
            missed[0]
        ),
        detail,
        case_path(name).attribute("expect"),
    );
}
