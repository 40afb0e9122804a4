//! `sfn-asl policy`: the least-privilege IAM policy of a raw ASL file, the same document the
//! provider's `sfn_workflow.iam_policy_json` gives for the same workflow and inputs.

use sfn_codegen::integrations::resource::{is_account, is_region};
use sfn_codegen::{policy, source, Diagnostic};

use crate::input::{self, Loaded, Source};
use crate::{render, stderr, stdout, Status};

/// The policy's inputs as given on the command line.
#[derive(clap::Args)]
pub struct Args {
    /// Definition file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The state machine's name (Distributed Map child executions, HTTP Tasks and a KMS key's
    /// condition name it; `*` otherwise).
    #[arg(long, value_name = "NAME")]
    pub machine_name: Option<String>,
    /// The machine's region (default: the one region the definition's ARNs name, else `*`).
    #[arg(long, value_name = "REGION", value_parser = region)]
    pub region: Option<String>,
    /// The machine's account (default: the one account the definition's ARNs name, else `*`).
    #[arg(long, value_name = "ACCOUNT", value_parser = account)]
    pub account: Option<String>,
    /// The machine logs to CloudWatch Logs.
    #[arg(long)]
    pub logging: bool,
    /// The machine has X-Ray tracing on.
    #[arg(long)]
    pub tracing: bool,
    /// The ARN of the customer managed KMS key the machine is encrypted with.
    #[arg(long, value_name = "ARN")]
    pub kms_key: Option<String>,
    /// Write the policy to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
}

/// `--region`: a region name.
pub fn region(s: &str) -> Result<String, String> {
    if is_region(s) {
        Ok(s.to_string())
    } else {
        Err(format!("\"{s}\" is not a region (such as eu-west-1)"))
    }
}

/// `--account`: a 12-digit account ID.
pub fn account(s: &str) -> Result<String, String> {
    if is_account(s) {
        Ok(s.to_string())
    } else {
        Err(format!("\"{s}\" is not a 12-digit account ID"))
    }
}

fn print_diagnostics(name: &str, text: &str, diagnostics: &[Diagnostic]) {
    let mut out = String::new();
    let lines = sfn_codegen::lines::LineIndex::new(text);
    for d in diagnostics {
        render::human(&mut out, name, &lines, d);
        out.push('\n');
    }
    stderr(&out);
}

pub fn run(args: Args) -> Status {
    let source = Source::new(&args.file);
    let name = source.display().to_string();
    let text = match input::load(&source) {
        Ok(Loaded::Text(text)) => text,
        Ok(Loaded::Rejected(text, d)) => {
            print_diagnostics(&name, &text, &[*d]);
            return Status::Failed;
        }
        Err(message) => {
            stderr(&format!("error: {message}\n"));
            return Status::Unreadable;
        }
    };
    // The policy of an invalid definition would describe a machine AWS refuses to create.
    let report = sfn_codegen::check_str(&text, &Default::default());
    let machine = match report.machine {
        Some(m) if !report.diagnostics.iter().any(Diagnostic::is_error) => m,
        _ => {
            let errors: Vec<Diagnostic> = report
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
            print_diagnostics(&name, &text, &errors);
            let n = errors.len();
            stderr(&format!(
                "error: {name}: no policy: the definition has {n} {} (see `sfn-asl validate`)\n",
                if n == 1 { "error" } else { "errors" }
            ));
            return Status::Failed;
        }
    };
    let input = policy::Input {
        machine_name: args.machine_name,
        region: args.region,
        account: args.account,
        logging: args.logging,
        tracing: args.tracing,
        kms_key: args.kms_key,
        unknown: Vec::new(),
    };
    let mut derived = policy::derive(&machine, &input);
    source::locate(&text, &mut derived.diagnostics);
    print_diagnostics(&name, &text, &derived.diagnostics);
    let Some(document) = derived.policy else {
        stderr(&format!("error: {name}: the policy cannot be derived\n"));
        return Status::Failed;
    };
    let mut json = document.to_pretty();
    json.push('\n');
    match args.output {
        Some(path) => match std::fs::write(&path, json.as_bytes()) {
            Ok(()) => Status::Ok,
            Err(e) => {
                stderr(&format!("error: cannot write {path}: {e}\n"));
                Status::Unreadable
            }
        },
        None => {
            stdout(&json);
            Status::Ok
        }
    }
}
