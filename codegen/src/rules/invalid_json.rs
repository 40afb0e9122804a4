//! Reports a definition that is not strict JSON (comments, trailing commas, single quotes and
//! other JSON5 extensions included), with the line and column where parsing stopped.

use crate::diagnostic::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ASL001",
    name: "invalid-json",
    severity: Severity::Error,
    aws_code: Some("INVALID_JSON_DESCRIPTION"),
    summary: "The definition is not valid JSON.",
    fix: "Fix the JSON syntax at the reported line and column; comments, trailing commas and single-quoted strings are not allowed.",
    notes: None,
};
