//! `sfn-asl`: validate, format, draw and convert Amazon States Language definitions, and derive
//! their IAM policy. The binary
//! (`main.rs`) calls [`main`]; [`run_captured`] runs a command line on given standard input and
//! returns what it printed (the fuzz targets and tests use it).
//!
//! Exit codes: 0 success; 1 a definition has errors (or, for `fmt --check`, is not canonical;
//! for `run` and `test`, the execution did not succeed or an expectation was missed);
//! 2 an input could not be read or an output could not be written (other inputs are still
//! processed), or the command line was wrong.

pub mod input;
mod policy;
pub mod render;
pub mod report;
pub mod run;
pub mod schema;

use std::cell::RefCell;
use std::io::Write as _;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use sfn_codegen::lines::LineIndex;
use sfn_codegen::{
    control, emit, hcl, mermaid, rules, Diagnostic, Json, Level, Options, Overrides, Rule,
    Severity, WorkflowType,
};

use input::{Loaded, Source};

#[derive(Parser)]
#[command(name = "sfn-asl", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate definitions offline and report every problem with its location.
    Validate {
        /// Definition files; `-` reads standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        /// Workflow type, to check the restrictions of EXPRESS machines.
        #[arg(long = "type", value_enum, ignore_case = true)]
        workflow_type: Option<TypeArg>,
        /// `human`; `json`; `sarif` (SARIF 2.1.0, for code scanning); `github` (GitHub Actions
        /// annotations on the changed lines).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Human format: print only errors, and no summary for files without errors.
        #[arg(short, long)]
        quiet: bool,
        #[command(flatten)]
        rules: RuleFlags,
    },
    /// Rewrite definitions in canonical form (key order, flow order, two-space indentation).
    Fmt {
        /// Definition files; `-` reads standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        /// Rewrite the files in place (only those that change) instead of printing them.
        #[arg(short, long, conflicts_with = "check")]
        write: bool,
        /// Print nothing but the files that are not canonical; exit 1 if there is any.
        #[arg(long)]
        check: bool,
        /// Compact JSON (no insignificant whitespace) instead of pretty JSON.
        #[arg(long)]
        compact: bool,
    },
    /// Draw a definition as a Mermaid flowchart (a definition that does not parse is refused).
    Graph {
        /// Definition file; `-` reads standard input.
        #[arg(value_name = "FILE")]
        file: String,
        /// Write the diagram to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<String>,
    },
    /// Convert a definition into typed HCL: a `data "sfn_workflow"` block for the Terraform
    /// provider, formatted as `terraform fmt` formats it.
    Hcl {
        /// Definition file; `-` reads standard input.
        #[arg(value_name = "FILE")]
        file: String,
        /// Name of the data source (default: from the file name, `orders.asl.json` -> `orders`).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Write the HCL to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<String>,
    },
    /// Run a definition offline with mocked integrations (Step Functions Local mock files);
    /// exit 0 when the execution succeeds, 1 when it fails or times out.
    Run(run::RunArgs),
    /// Run every test case of a mock configuration and check its expectations.
    Test(run::TestArgs),
    /// Print a JSON Schema of Amazon States Language (every state type and field, per query
    /// language, with descriptions) for editors to validate and complete `.asl.json` files.
    Schema {
        /// Write the schema to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<String>,
    },
    /// Print the least-privilege IAM policy the state machine's execution role needs, derived
    /// from the definition (the same document as `sfn_workflow.iam_policy_json`). Warnings
    /// (where the policy grants more than the definition shows, and how to narrow it) go to
    /// standard error.
    Policy(policy::Args),
    /// List every validation rule.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
}

/// Rule control: each flag is repeatable and takes a code (`ASL302`), a rule name
/// (`reserved-error-name`) or a comma-separated list of them.
#[derive(clap::Args, Default)]
pub(crate) struct RuleFlags {
    /// Turn a rule off: its diagnostics are not reported.
    #[arg(long = "ignore", value_name = "CODE", value_delimiter = ',', value_parser = rule_code)]
    ignore: Vec<&'static Rule>,
    /// Report a rule as a warning, which never fails validation.
    #[arg(long = "warn", value_name = "CODE", value_delimiter = ',', value_parser = rule_code)]
    warn: Vec<&'static Rule>,
    /// Report a rule as an error, which fails validation (for example a warning rule).
    #[arg(long = "error", value_name = "CODE", value_delimiter = ',', value_parser = rule_code)]
    error: Vec<&'static Rule>,
}

/// Parses a rule code for the command line: an unknown one is a usage error (exit 2) with the
/// closest code suggested.
fn rule_code(s: &str) -> Result<&'static Rule, String> {
    control::find_rule(s.trim()).ok_or_else(|| control::unknown_rule(s.trim()).message)
}

impl RuleFlags {
    /// The overrides, or the usage error for a rule given two levels or one that cannot be
    /// relaxed.
    pub(crate) fn overrides(&self) -> Result<Overrides, String> {
        let mut out = Overrides::new();
        let mut given: Vec<(&'static str, &'static str)> = Vec::new();
        let flags = [
            ("--ignore", Level::Off, &self.ignore),
            ("--warn", Level::Warning, &self.warn),
            ("--error", Level::Error, &self.error),
        ];
        for (flag, level, rules) in flags {
            for rule in rules {
                if let Some((_, other)) = given
                    .iter()
                    .find(|(code, other)| *code == rule.code && *other != flag)
                {
                    return Err(format!(
                        "{} ({}) is given to both {other} and {flag}; give each rule one level",
                        rule.code, rule.name
                    ));
                }
                given.push((rule.code, flag));
                out.set(rule.code, level).map_err(|e| e.message)?;
            }
        }
        Ok(out)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum TypeArg {
    Standard,
    Express,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Markdown,
    Text,
}

/// The outcome of a command, the worst one wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Status {
    Ok = 0,
    Failed = 1,
    Unreadable = 2,
}

/// The command line of the process, run.
pub fn main() -> ExitCode {
    ExitCode::from(run(Cli::parse()) as u8)
}

/// What a command printed, and the standard input it was given.
#[derive(Debug, Default)]
pub struct Captured {
    pub stdin: Vec<u8>,
    pub stdout: String,
    pub stderr: String,
}

thread_local! {
    /// Set by [`run_captured`]: standard input and output for this thread's command.
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Runs `args` (starting with the program name) with `stdin` as standard input, capturing what
/// it prints. Returns the exit code (2 for a command line clap refuses) and the output.
pub fn run_captured(args: &[&str], stdin: &[u8]) -> (u8, Captured) {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let captured = Captured {
                stdin: stdin.to_vec(),
                stderr: e.to_string(),
                ..Captured::default()
            };
            return (2, captured);
        }
    };
    CAPTURE.with(|c| {
        *c.borrow_mut() = Some(Captured {
            stdin: stdin.to_vec(),
            ..Captured::default()
        })
    });
    let status = run(cli);
    let captured = CAPTURE.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (status as u8, captured)
}

/// Standard input for this thread: the captured bytes under [`run_captured`].
pub(crate) fn captured_stdin() -> Option<Vec<u8>> {
    CAPTURE.with(|c| c.borrow().as_ref().map(|c| c.stdin.clone()))
}

fn run(cli: Cli) -> Status {
    match cli.command {
        Command::Validate {
            files,
            workflow_type,
            format,
            quiet,
            rules,
        } => {
            let overrides = match rules.overrides() {
                Ok(o) => o,
                Err(message) => {
                    stderr(&usage_error("validate", message));
                    return Status::Unreadable;
                }
            };
            let options = Options {
                workflow_type: workflow_type.map(|t| match t {
                    TypeArg::Standard => WorkflowType::Standard,
                    TypeArg::Express => WorkflowType::Express,
                }),
                rules: overrides,
            };
            validate(&files, &options, format, quiet)
        }
        Command::Fmt {
            files,
            write,
            check,
            compact,
        } => fmt(&files, write, check, compact),
        Command::Graph { file, output } => graph(&file, output.as_deref()),
        Command::Hcl { file, name, output } => hcl(&file, name.as_deref(), output.as_deref()),
        Command::Run(args) => run::run(args),
        Command::Test(args) => run::test(args),
        Command::Schema { output } => write_output(output.as_deref(), &schema::text()),
        Command::Policy(args) => policy::run(args),
        Command::Rules { format } => {
            stdout(&list_rules(format));
            Status::Ok
        }
    }
}

/// Writes `text` to the file, or to standard output.
fn write_output(path: Option<&str>, text: &str) -> Status {
    match path {
        Some(path) => match std::fs::write(path, text.as_bytes()) {
            Ok(()) => Status::Ok,
            Err(e) => {
                stderr(&format!("error: cannot write {path}: {e}\n"));
                Status::Unreadable
            }
        },
        None => {
            stdout(text);
            Status::Ok
        }
    }
}

/// A usage error in clap's words, with the subcommand's usage line.
fn usage_error(subcommand: &str, message: String) -> String {
    let mut cli = Cli::command();
    cli.build();
    let kind = clap::error::ErrorKind::ArgumentConflict;
    let e = match cli.find_subcommand_mut(subcommand) {
        Some(sub) => sub.error(kind, message),
        None => cli.error(kind, message),
    };
    e.render().to_string()
}

/// Writes to standard output, ignoring a closed pipe (`sfn-asl rules | head`).
pub(crate) fn stdout(text: &str) {
    if CAPTURE
        .with(|c| c.borrow_mut().as_mut().map(|c| c.stdout.push_str(text)))
        .is_some()
    {
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

pub(crate) fn stderr(text: &str) {
    if CAPTURE
        .with(|c| c.borrow_mut().as_mut().map(|c| c.stderr.push_str(text)))
        .is_some()
    {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

fn validate(files: &[String], options: &Options, format: Format, quiet: bool) -> Status {
    let mut status = Status::Ok;
    let mut entries = Vec::new();
    let mut results = Vec::new();
    for arg in files {
        let source = Source::new(arg);
        let name = source.display();
        let (text, diagnostics) = match input::load(&source) {
            Ok(Loaded::Text(text)) => {
                let report = sfn_codegen::check_str(&text, options);
                (text, report.diagnostics)
            }
            Ok(Loaded::Rejected(text, d)) => (text, vec![*d]),
            Err(message) => {
                stderr(&format!("error: {message}\n"));
                status = status.max(Status::Unreadable);
                match format {
                    Format::Json => entries.push(render::file_json(name, &[], Some(&message))),
                    Format::Sarif | Format::Github => results.push(report::FileResult {
                        name: name.to_string(),
                        diagnostics: Vec::new(),
                        unreadable: Some(message),
                    }),
                    Format::Human => {}
                }
                continue;
            }
        };
        let has_errors = diagnostics.iter().any(Diagnostic::is_error);
        if has_errors {
            status = status.max(Status::Failed);
        }
        match format {
            Format::Json => entries.push(render::file_json(name, &diagnostics, None)),
            Format::Sarif | Format::Github => results.push(report::FileResult {
                name: name.to_string(),
                diagnostics,
                unreadable: None,
            }),
            Format::Human => {
                let mut out = String::new();
                let lines = LineIndex::new(&text);
                for d in &diagnostics {
                    if quiet && d.severity != Severity::Error {
                        continue;
                    }
                    render::human(&mut out, name, &lines, d);
                    out.push('\n');
                }
                if !quiet || has_errors {
                    out.push_str(&render::summary(name, &diagnostics));
                    out.push('\n');
                }
                stdout(&out);
            }
        }
    }
    match format {
        Format::Json => {
            let mut doc = Json::Array(entries).to_pretty();
            doc.push('\n');
            stdout(&doc);
        }
        Format::Sarif => {
            let mut doc = report::sarif(&results, env!("CARGO_PKG_VERSION")).to_pretty();
            doc.push('\n');
            stdout(&doc);
        }
        Format::Github => {
            let mut out = String::new();
            for r in &results {
                report::github(&mut out, r);
            }
            stdout(&out);
        }
        Format::Human => {}
    }
    status
}

/// Parses for `fmt` and `graph`: the text, the model and the number of parse errors; or, when
/// there is no model (or there are parse errors and `refuse_errors`), the status to exit with,
/// the parse diagnostics having been printed to standard error. `verb` says what was not done.
fn parse_for_output(
    source: &Source,
    refuse_errors: bool,
    verb: &str,
) -> Result<(String, sfn_codegen::StateMachine, usize), Status> {
    let name = source.display();
    let text = match input::load(source) {
        Ok(Loaded::Text(text)) => text,
        Ok(Loaded::Rejected(text, d)) => {
            let mut out = String::new();
            render::human(&mut out, name, &LineIndex::new(&text), &d);
            stderr(&out);
            return Err(Status::Failed);
        }
        Err(message) => {
            stderr(&format!("error: {message}\n"));
            return Err(Status::Unreadable);
        }
    };
    let report = sfn_codegen::parse_str(&text);
    let errors = report.errors().count();
    match report.machine {
        Some(machine) if errors == 0 || !refuse_errors => Ok((text, machine, errors)),
        _ => {
            let mut out = String::new();
            let lines = LineIndex::new(&text);
            for d in report.errors() {
                render::human(&mut out, name, &lines, d);
                out.push('\n');
            }
            let what = if errors == 1 { "error" } else { "errors" };
            out.push_str(&format!(
                "error: {name}: not {verb}: the definition has {errors} parse {what}\n"
            ));
            stderr(&out);
            Err(Status::Failed)
        }
    }
}

fn fmt(files: &[String], write: bool, check: bool, compact: bool) -> Status {
    let mut status = Status::Ok;
    for arg in files {
        let source = Source::new(arg);
        let name = source.display();
        let (text, machine, _) = match parse_for_output(&source, true, "formatted") {
            Ok(parsed) => parsed,
            Err(s) => {
                status = status.max(s);
                continue;
            }
        };
        let mut formatted = if compact {
            emit::to_compact(&machine)
        } else {
            emit::to_pretty(&machine)
        };
        formatted.push('\n');
        let canonical = formatted == text;
        if check {
            if !canonical {
                stdout(&format!("{name}: not canonical\n"));
                status = status.max(Status::Failed);
            }
        } else if write && !source.is_stdin() {
            if !canonical {
                if let Err(e) = std::fs::write(&source.arg, formatted.as_bytes()) {
                    stderr(&format!("error: cannot write {name}: {e}\n"));
                    status = status.max(Status::Unreadable);
                }
            }
        } else {
            stdout(&formatted);
        }
    }
    status
}

fn graph(file: &str, output: Option<&str>) -> Status {
    let source = Source::new(file);
    // Like fmt and hcl: a definition that does not parse is refused (exit 1), with its errors.
    let (_, machine, _) = match parse_for_output(&source, true, "drawn") {
        Ok(parsed) => parsed,
        Err(s) => return s,
    };
    let diagram = mermaid::render(&machine);
    write_output(output, &diagram)
}

/// The header of generated HCL: where it came from.
fn hcl_header(source: &Source) -> String {
    let from = if source.is_stdin() {
        "standard input".to_string()
    } else {
        source.arg.replace('\\', "/")
    };
    format!("# Generated from {from} by `sfn-asl hcl`.\n\n")
}

fn hcl(file: &str, name: Option<&str>, output: Option<&str>) -> Status {
    let source = Source::new(file);
    let shown = source.display().to_string();
    let (_, machine, _) = match parse_for_output(&source, true, "converted") {
        Ok(parsed) => parsed,
        Err(s) => return s,
    };
    let name = name.map_or_else(
        || {
            if source.is_stdin() {
                "workflow".to_string()
            } else {
                hcl::name_from_file(&source.arg)
            }
        },
        str::to_string,
    );
    let conversion = match hcl::convert(&machine, &name) {
        Ok(c) => c,
        Err(problems) => {
            let mut out = String::new();
            for p in &problems {
                out.push_str(&format!("error: {shown}: {p}\n"));
            }
            let what = if problems.len() == 1 {
                "problem"
            } else {
                "problems"
            };
            out.push_str(&format!(
                "error: {shown}: not converted: {} {what} cannot be written in HCL\n",
                problems.len()
            ));
            stderr(&out);
            return Status::Failed;
        }
    };
    let mut notes = String::new();
    for f in &conversion.fallbacks {
        notes.push_str(&format!(
            "note: {shown}: {} is written as JSON (`json` attribute): {}\n",
            f.path, f.message
        ));
    }
    for n in &conversion.notes {
        notes.push_str(&format!("warning: {shown}: {n}\n"));
    }
    if emit::to_pretty(&conversion.terraform_model) != emit::to_pretty(&machine) {
        notes.push_str(&format!(
            "note: {shown}: Terraform sorts the keys of HCL object values, so payload objects in the compiled JSON will have their keys in sorted order (same meaning)\n"
        ));
    }
    let errors = sfn_codegen::validate(&machine, &Options::default())
        .into_iter()
        .filter(Diagnostic::is_error)
        .count();
    if errors > 0 {
        let what = if errors == 1 { "error" } else { "errors" };
        notes.push_str(&format!(
            "warning: {shown}: the definition has {errors} validation {what}; `terraform plan` will report them (see `sfn-asl validate`)\n"
        ));
    }
    stderr(&notes);
    let text = format!("{}{}", hcl_header(&source), conversion.text);
    write_output(output, &text)
}

fn list_rules(format: RulesFormat) -> String {
    let mut out = String::new();
    match format {
        RulesFormat::Markdown => {
            out.push_str("| Code | Name | Severity | AWS code | Summary | Fix |\n");
            out.push_str("| --- | --- | --- | --- | --- | --- |\n");
            let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
            for r in rules::ALL {
                out.push_str(&format!(
                    "| {} | `{}` | {} | {} | {} | {} |\n",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.aws_code.map_or("".to_string(), |c| format!("`{c}`")),
                    cell(r.summary),
                    cell(r.fix),
                ));
            }
        }
        RulesFormat::Text => {
            for r in rules::ALL {
                out.push_str(&format!(
                    "{} {} ({}{})\n    {}\n    fix: {}\n",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.aws_code.map_or(String::new(), |c| format!(", AWS {c}")),
                    r.summary,
                    r.fix,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::run_captured;

    #[test]
    fn captured_runs_read_the_given_stdin_and_return_the_output() {
        let def = br#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
        let (code, out) = run_captured(&["sfn-asl", "fmt", "-"], def);
        assert_eq!(code, 0, "{out:?}");
        assert!(out.stdout.starts_with("{\n  \"StartAt\": \"A\""), "{out:?}");
        let (code, out) = run_captured(&["sfn-asl", "validate", "-"], b"{");
        assert_eq!(code, 1, "{out:?}");
        assert!(out.stdout.contains("<stdin>:1:1: error[ASL001]"), "{out:?}");
        let (code, out) = run_captured(&["sfn-asl", "bogus"], b"");
        assert_eq!(code, 2);
        assert!(out.stderr.contains("unrecognized subcommand"), "{out:?}");
    }
}
