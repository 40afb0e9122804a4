//! `sfn-asl run` and `sfn-asl test`: execute a definition offline with codegen's interpreter,
//! taking every integration's result from a Step Functions Local mock configuration.
//!
//! Exit codes, as for `validate`: 0 the run succeeded (every test case passed); 1 it did not
//! (the execution failed or timed out, an expectation was missed, or the definition has
//! errors); 2 a file could not be read or understood, or the run could not be completed (a Task
//! without a mock).

use clap::{Args, ValueEnum};
use sfn_codegen::interp::expect::{Expectation, Expectations};
use sfn_codegen::interp::{self, Execution, MockConfig, RunOptions, Status, Stopped, TestCase};
use sfn_codegen::lines::LineIndex;
use sfn_codegen::{rules, source, Diagnostic, Json, Options, StateMachine, WorkflowType};

use crate::input::{self, Loaded, Source};
use crate::{render, stderr, stdout, Status as Exit};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Standard,
    Express,
}

/// Settings `run` and `test` share.
#[derive(Args)]
pub struct Common {
    /// Seed for every random value of the run (UUIDs, MathRandom, retry jitter).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Workflow type: EXPRESS runs have no history quota.
    #[arg(long = "type", value_enum, ignore_case = true)]
    workflow_type: Option<Kind>,
    /// The state machine in the mock configuration (default: its only one, or the one named
    /// like the definition file).
    #[arg(long, value_name = "NAME")]
    state_machine: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Rule control for the validation that precedes a run, as for `validate`.
    #[command(flatten)]
    rules: crate::RuleFlags,
}

#[derive(Args)]
pub struct RunArgs {
    /// Definition file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    file: String,
    /// The execution input: JSON text, or @FILE to read it from a file (default `{}`).
    #[arg(long, value_name = "JSON|@FILE")]
    input: Option<String>,
    /// A Step Functions Local mock configuration file (MockConfigFile.json).
    #[arg(long, value_name = "FILE")]
    mocks: Option<String>,
    /// The test case whose mocked responses to use (default: the only one).
    #[arg(long, value_name = "NAME", requires = "mocks")]
    test_case: Option<String>,
    /// Print the event history, in the shape of Step Functions' execution history.
    #[arg(long)]
    history: bool,
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
pub struct TestArgs {
    /// Definition file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    file: String,
    /// A Step Functions Local mock configuration file (MockConfigFile.json).
    #[arg(long, value_name = "FILE")]
    mocks: String,
    /// Expectations per test case: {"TestCases": {"Name": {"Input", "Status", "Output",
    /// "Path", "Error", "Cause"}}}. Without it, each test case must just run to its end.
    #[arg(long, value_name = "FILE")]
    expect: Option<String>,
    /// Run only this test case (repeatable).
    #[arg(long = "test-case", value_name = "NAME")]
    test_cases: Vec<String>,
    #[command(flatten)]
    common: Common,
}

/// A failure to start, already worded; the exit status goes with it.
struct Problem(Exit, String);

fn unreadable(message: String) -> Problem {
    Problem(Exit::Unreadable, message)
}

fn fail(p: Problem) -> Exit {
    stderr(&format!("error: {}\n", p.1));
    p.0
}

/// Loads and validates the definition; errors are printed and refuse the run.
fn definition(file: &str, common: &Common) -> Result<StateMachine, Problem> {
    let rules = common.rules.overrides().map_err(unreadable)?;
    let options = Options {
        workflow_type: match common.workflow_type {
            Some(Kind::Express) => Some(WorkflowType::Express),
            Some(Kind::Standard) => Some(WorkflowType::Standard),
            None => None,
        },
        rules,
    };
    let source = Source::new(file);
    let name = source.display().to_string();
    let text = match input::load(&source) {
        Ok(Loaded::Text(text)) => text,
        Ok(Loaded::Rejected(text, d)) => {
            let mut out = String::new();
            render::human(&mut out, &name, &LineIndex::new(&text), &d);
            stderr(&out);
            return Err(Problem(
                Exit::Failed,
                format!("{name}: not run: it is not JSON text"),
            ));
        }
        Err(message) => return Err(unreadable(message)),
    };
    let report = sfn_codegen::check_str(&text, &options);
    let errors: Vec<&Diagnostic> = report.errors().collect();
    if !errors.is_empty() {
        let mut out = String::new();
        let lines = LineIndex::new(&text);
        for d in &errors {
            render::human(&mut out, &name, &lines, d);
            out.push('\n');
        }
        stderr(&out);
        let what = if errors.len() == 1 { "error" } else { "errors" };
        return Err(Problem(
            Exit::Failed,
            format!(
                "{name}: not run: the definition has {} {what} (see `sfn-asl validate`)",
                errors.len()
            ),
        ));
    }
    report
        .machine
        .ok_or_else(|| Problem(Exit::Failed, format!("{name}: not run: no definition")))
}

/// Reads a JSON file, reporting a parse problem with its line and column.
fn json_file(arg: &str, what: &str) -> Result<(Json, String), Problem> {
    let source = Source::new(arg);
    let name = source.display().to_string();
    let text = match input::load(&source) {
        Ok(Loaded::Text(text)) => text,
        Ok(Loaded::Rejected(_, d)) => {
            return Err(unreadable(format!("{what} {name}: {}", d.message)))
        }
        Err(message) => return Err(unreadable(message)),
    };
    let json = json_text(&text)
        .map_err(|(line, col, m)| unreadable(format!("{what} {name}:{line}:{col}: {m}")))?;
    Ok((json, text))
}

fn json_text(text: &str) -> Result<Json, (usize, usize, String)> {
    let mut diags = Vec::new();
    let json = source::parse_json(text, &mut diags);
    source::locate(text, &mut diags);
    match (json, diags.first()) {
        (Some(j), None) => Ok(j),
        (_, Some(d)) => {
            let p = d
                .position
                .unwrap_or(sfn_codegen::Position { line: 1, column: 1 });
            Err((p.line, p.column, d.message.clone()))
        }
        (None, None) => Err((1, 1, "not JSON".into())),
    }
}

/// Problems in a mock or expectations file, each with its line and column.
fn file_problems(name: &str, text: &str, problems: &[interp::MockProblem]) -> Problem {
    let mut diags: Vec<Diagnostic> = problems
        .iter()
        .map(|p| rules::invalid_json::RULE.at(p.path.clone(), p.message.clone()))
        .collect();
    source::locate(text, &mut diags);
    let lines: Vec<String> = diags
        .iter()
        .map(|d| match d.position {
            Some(p) => format!("{name}:{}:{}: {}: {}", p.line, p.column, d.path, d.message),
            None => format!("{name}: {}: {}", d.path, d.message),
        })
        .collect();
    unreadable(lines.join("\nerror: "))
}

fn load_mocks(arg: &str) -> Result<MockConfig, Problem> {
    let (json, text) = json_file(arg, "mock configuration")?;
    MockConfig::from_json(&json).map_err(|p| file_problems(Source::new(arg).display(), &text, &p))
}

/// The state machine of the mock configuration the definition is tested as.
fn machine_name(config: &MockConfig, file: &str, wanted: Option<&str>) -> Result<String, Problem> {
    let known: Vec<&str> = config.machines().collect();
    if let Some(w) = wanted {
        return if known.contains(&w) {
            Ok(w.to_string())
        } else {
            Err(unreadable(format!(
                "the mock configuration has no state machine \"{w}\" (it has: {})",
                known.join(", ")
            )))
        };
    }
    if let [only] = known.as_slice() {
        return Ok(only.to_string());
    }
    let stem = file_stem(file);
    known
        .iter()
        .find(|m| **m == stem)
        .map(|m| m.to_string())
        .ok_or_else(|| {
            unreadable(format!(
                "the mock configuration has several state machines ({}): choose one with --state-machine",
                known.join(", ")
            ))
        })
}

fn file_stem(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    base.strip_suffix(".asl.json")
        .or_else(|| base.strip_suffix(".json"))
        .unwrap_or(base)
        .to_string()
}

fn options(common: &Common, machine: &str) -> RunOptions {
    RunOptions {
        seed: common.seed,
        state_machine_name: if machine.is_empty() || machine == "-" {
            "StateMachine".into()
        } else {
            machine.to_string()
        },
        workflow_type: match common.workflow_type {
            Some(Kind::Express) => WorkflowType::Express,
            _ => WorkflowType::Standard,
        },
        ..RunOptions::default()
    }
}

fn parse_input(arg: Option<&str>) -> Result<Json, Problem> {
    match arg {
        None => Ok(Json::Object(Vec::new())),
        Some(a) => match a.strip_prefix('@') {
            Some(file) => json_file(file, "input").map(|(j, _)| j),
            None => json_text(a)
                .map_err(|(_, col, m)| unreadable(format!("--input: character {col}: {m}"))),
        },
    }
}

pub(crate) fn run(args: RunArgs) -> Exit {
    match run_inner(&args) {
        Ok(status) => status,
        Err(p) => fail(p),
    }
}

fn run_inner(args: &RunArgs) -> Result<Exit, Problem> {
    let machine = definition(&args.file, &args.common)?;
    let input = parse_input(args.input.as_deref())?;
    let (case, sm) = match &args.mocks {
        Some(m) => {
            let config = load_mocks(m)?;
            let sm = machine_name(&config, &args.file, args.common.state_machine.as_deref())?;
            let cases = config.test_cases(&sm).unwrap_or_default();
            let name = match (&args.test_case, cases.as_slice()) {
                (Some(n), _) => n.clone(),
                (None, [only]) => only.to_string(),
                (None, _) => {
                    return Err(unreadable(format!(
                    "state machine \"{sm}\" has {} test cases ({}): choose one with --test-case",
                    cases.len(),
                    cases.join(", ")
                )))
                }
            };
            (config.test_case(&sm, &name).map_err(unreadable)?, sm)
        }
        None => (
            TestCase::new("(no mocks: pass --mocks)"),
            file_stem(&args.file),
        ),
    };
    let opts = options(&args.common, &sm);
    let name = Source::new(&args.file).display().to_string();
    match interp::run(&machine, &input, &case, &opts) {
        Ok(e) => {
            match args.common.format {
                OutputFormat::Json => stdout(&format!("{}\n", e.to_json(args.history).to_pretty())),
                OutputFormat::Human => stdout(&human(&name, &e, args.history)),
            }
            Ok(if e.status == Status::Succeeded {
                Exit::Ok
            } else {
                Exit::Failed
            })
        }
        Err(stopped) => {
            if args.common.format == OutputFormat::Json {
                stdout(&format!("{}\n", stopped_json(&stopped).to_pretty()));
            }
            Err(unreadable(format!(
                "{name}: the run stopped after {}: {}",
                path_text(&stopped.path),
                stopped.reason
            )))
        }
    }
}

fn stopped_json(s: &Stopped) -> Json {
    Json::Object(vec![
        ("status".into(), Json::String("ERROR".into())),
        ("reason".into(), Json::String(s.reason.to_string())),
        (
            "path".into(),
            Json::Array(s.path.iter().cloned().map(Json::String).collect()),
        ),
    ])
}

fn path_text(path: &[String]) -> String {
    if path.is_empty() {
        "no state".into()
    } else {
        path.join(" → ")
    }
}

fn seconds(ms: i64) -> String {
    if ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{:.3}s", ms as f64 / 1000.0)
    }
}

/// The human report of one execution.
fn human(name: &str, e: &Execution, with_history: bool) -> String {
    let mut out = format!(
        "{name}: {} after {} (simulated), {} state{}\n",
        e.status.as_str(),
        seconds(e.stop_millis - e.start_millis),
        e.path.len(),
        if e.path.len() == 1 { "" } else { "s" }
    );
    out.push_str(&format!("  path: {}\n", path_text(&e.path)));
    if let Some(o) = &e.output {
        out.push_str(&format!("  output: {}\n", o.to_compact()));
    }
    if let Some(err) = &e.error {
        out.push_str(&format!("  error: {err}\n"));
    }
    if let Some(c) = &e.cause {
        out.push_str(&format!("  cause: {c}\n"));
    }
    if with_history {
        out.push_str("  history:\n");
        for ev in &e.history {
            let detail = event_summary(ev);
            let line = format!(
                "    {:>4}  +{:<9} {:<28}{detail}",
                ev.id,
                seconds(ev.timestamp - e.start_millis),
                ev.kind,
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

/// The one-line gist of an event's details.
fn event_summary(ev: &interp::Event) -> String {
    let Some((_, d)) = &ev.details else {
        return String::new();
    };
    let s = |k: &str| d.get(k).and_then(Json::as_str).map(str::to_string);
    if let Some(name) = s("name") {
        return match d.get("index") {
            Some(i) => format!("{name} [{}]", i.to_compact()),
            None => name,
        };
    }
    if let Some(error) = s("error") {
        return match s("cause") {
            Some(c) => format!("{error}: {}", interp::history::clip(&c)),
            None => error,
        };
    }
    if let (Some(t), Some(r)) = (s("resourceType"), s("resource")) {
        return format!("{t}:{r}");
    }
    if let Some(r) = s("resource").or_else(|| s("mapRunArn")) {
        return r;
    }
    if let Some(n) = d.get("length") {
        return format!("{} item(s)", n.to_compact());
    }
    String::new()
}

pub(crate) fn test(args: TestArgs) -> Exit {
    match test_inner(&args) {
        Ok(status) => status,
        Err(p) => fail(p),
    }
}

fn test_inner(args: &TestArgs) -> Result<Exit, Problem> {
    let machine = definition(&args.file, &args.common)?;
    let config = load_mocks(&args.mocks)?;
    let expectations = match &args.expect {
        Some(f) => {
            let (json, text) = json_file(f, "expectations")?;
            Expectations::from_json(&json)
                .map_err(|p| file_problems(Source::new(f).display(), &text, &p))?
        }
        None => Expectations::default(),
    };
    let wanted = args
        .common
        .state_machine
        .as_deref()
        .or(expectations.state_machine.as_deref());
    let sm = machine_name(&config, &args.file, wanted)?;
    let mut names: Vec<String> = config
        .test_cases(&sm)
        .unwrap_or_default()
        .into_iter()
        .map(str::to_string)
        .collect();
    for (n, _) in &expectations.test_cases {
        if !names.contains(n) {
            names.push(n.clone());
        }
    }
    if !args.test_cases.is_empty() {
        for n in &args.test_cases {
            if !names.contains(n) {
                return Err(unreadable(format!(
                    "state machine \"{sm}\" has no test case \"{n}\" (it has: {})",
                    names.join(", ")
                )));
            }
        }
        names.retain(|n| args.test_cases.contains(n));
    }
    let opts = options(&args.common, &sm);
    let file = Source::new(&args.file).display().to_string();
    let mut out = String::new();
    let mut reports = Vec::new();
    let mut failed = 0;
    for name in &names {
        // A test case only in the expectations has no mocks (a workflow without Tasks).
        let case = match config.test_case(&sm, name) {
            Ok(c) => c,
            Err(_)
                if config
                    .test_cases(&sm)
                    .unwrap_or_default()
                    .iter()
                    .all(|c| c != name) =>
            {
                TestCase::new(name.clone())
            }
            Err(e) => return Err(unreadable(e)),
        };
        let expectation = expectations.get(name).cloned().unwrap_or_default();
        let input = expectation
            .input
            .clone()
            .unwrap_or(Json::Object(Vec::new()));
        let (problems, execution) = outcome(&machine, &input, &case, &opts, &expectation);
        if !problems.is_empty() {
            failed += 1;
        }
        match args.common.format {
            OutputFormat::Human => {
                let verdict = if problems.is_empty() { "ok" } else { "FAILED" };
                let status = execution.as_ref().map_or("ERROR", |e| e.status.as_str());
                out.push_str(&format!(
                    "{file}: test case {name} ... {verdict} ({status})\n"
                ));
                for p in &problems {
                    out.push_str(&format!("    {p}\n"));
                }
                if !problems.is_empty() {
                    if let Some(e) = &execution {
                        out.push_str(&format!("    path taken: {}\n", path_text(&e.path)));
                    }
                }
            }
            OutputFormat::Json => reports.push(Json::Object(vec![
                ("testCase".into(), Json::String(name.clone())),
                ("passed".into(), Json::Bool(problems.is_empty())),
                (
                    "problems".into(),
                    Json::Array(problems.iter().cloned().map(Json::String).collect()),
                ),
                (
                    "execution".into(),
                    execution.map_or(Json::Null, |e| e.to_json(false)),
                ),
            ])),
        }
    }
    match args.common.format {
        OutputFormat::Human => {
            out.push_str(&format!(
                "{file}: {} test case{}, {} passed, {failed} failed\n",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                names.len() - failed
            ));
            stdout(&out);
        }
        OutputFormat::Json => stdout(&format!("{}\n", Json::Array(reports).to_pretty())),
    }
    Ok(if failed == 0 { Exit::Ok } else { Exit::Failed })
}

/// What is wrong with one test case's run (nothing when it passes), and the execution.
fn outcome(
    machine: &StateMachine,
    input: &Json,
    case: &TestCase,
    opts: &RunOptions,
    expectation: &Expectation,
) -> (Vec<String>, Option<Execution>) {
    match interp::run(machine, input, case, opts) {
        Ok(e) => (
            expectation
                .check(&e)
                .iter()
                .map(|m| m.to_string())
                .collect(),
            Some(e),
        ),
        Err(s) => (
            vec![format!(
                "the run stopped after {}: {}",
                path_text(&s.path),
                s.reason
            )],
            None,
        ),
    }
}
