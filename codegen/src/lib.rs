//! `sfn-codegen`: the Amazon States Language as a library.
//!
//! - [`model`]: ASL as data, permissive enough to hold wrong definitions so all problems are found.
//! - [`check_str`]: raw JSON text -> model + every diagnostic, each with a JSON pointer and a line
//!   and column.
//! - [`validate`]: model -> diagnostics (used by the Terraform provider on HCL-built models).
//! - [`emit`]: model -> canonical JSON, byte-identical for the same model.
//! - [`integrations`]: the optimized integrations as data, and the parser of Task resources.
//!
//! Pure: no I/O, no Terraform, no AWS. See `ARCHITECTURE.md`.

pub mod control;
pub mod dataflow;
pub mod diagnostic;
pub mod emit;
pub mod hcl;
pub mod integrations;
pub mod intrinsics;
pub mod json;
pub mod jsonata;
pub mod jsonpath;
pub mod lines;
pub mod mermaid;
pub mod model;
pub mod names;
pub mod parse;
pub mod policy;
pub mod rules;
pub mod source;
pub mod suggest;

pub use control::{Level, Overrides};
pub use diagnostic::{Diagnostic, Path, Position, Rule, Seg, Severity};
pub use json::{Json, Num};
pub use model::StateMachine;
pub use rules::{Options, WorkflowType};

/// A parsed (and possibly validated) definition.
#[derive(Debug, Clone)]
pub struct Report {
    /// `None` when the text was not JSON or its root was not an object.
    pub machine: Option<StateMachine>,
    /// Sorted: by position (text) or location, then code.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }
}

/// Parses definition text into the model, reporting only what parsing itself finds (syntax,
/// types, unknown fields). Use [`check_str`] to validate as well.
pub fn parse_str(text: &str) -> Report {
    let mut diagnostics = Vec::new();
    let machine = source::parse_json(text, &mut diagnostics)
        .and_then(|json| parse::from_json(json, &mut diagnostics));
    source::locate(text, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    Report {
        machine,
        diagnostics,
    }
}

/// Parses and validates definition text: every problem, each with its JSON pointer and its line and
/// column, in a stable order.
pub fn check_str(text: &str, options: &Options) -> Report {
    let mut diagnostics = Vec::new();
    let mut parsed = false;
    let machine = source::parse_json(text, &mut diagnostics).and_then(|json| {
        parsed = true;
        parse::from_json(json, &mut diagnostics)
    });
    if let Some(m) = &machine {
        diagnostics.extend(rules::run(m, options));
    }
    rules::definition_too_large::check_text(text, &mut diagnostics);
    options.rules.apply(&mut diagnostics);
    if parsed {
        source::locate_parsed(text, &mut diagnostics);
    } else {
        source::locate(text, &mut diagnostics);
    }
    diagnostic::sort(&mut diagnostics);
    Report {
        machine,
        diagnostics,
    }
}

/// Validates a model (built by [`parse_str`] or by hand, as the provider does from HCL).
pub fn validate(machine: &StateMachine, options: &Options) -> Vec<Diagnostic> {
    let mut diagnostics = rules::run(machine, options);
    options.rules.apply(&mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    diagnostics
}
