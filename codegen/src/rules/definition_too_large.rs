//! Reports a definition larger than the 1 MiB (1,048,576 characters) Step Functions accepts.

use crate::diagnostic::{Diagnostic, Path, Rule, Severity};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL601",
    name: "definition-too-large",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "The definition is larger than 1 MiB (1,048,576 characters).",
    fix: "Shrink the definition: move large static payloads to S3 or parameters, or split it into several state machines.",
    notes: None,
};

pub const MAX_CHARS: usize = 1_048_576;

fn message(chars: usize) -> String {
    format!("The definition has {chars} characters; Step Functions accepts at most {MAX_CHARS}.")
}

/// The compact form is the smallest the definition can be sent as. The limit counts characters,
/// not UTF-8 bytes; they are counted as the form is written, without keeping it.
pub fn check(cx: &mut Ctx) {
    let chars = crate::emit::compact_chars(cx.machine);
    if chars > MAX_CHARS {
        cx.report(RULE.at(Path::root(), message(chars)));
    }
}

/// Raw text is sent as is, so its own length counts (once, if the compact form did not already).
pub fn check_text(text: &str, diags: &mut Vec<Diagnostic>) {
    if text.len() <= MAX_CHARS || diags.iter().any(|d| d.rule.code == RULE.code) {
        return;
    }
    let chars = text.chars().count();
    if chars > MAX_CHARS {
        diags.push(RULE.at(Path::root(), message(chars)));
    }
}
