//! Reports an object key given twice in the same object (a state name, a field): JSON parsers keep
//! only one of them, so the other is silently lost.

use crate::diagnostic::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ASL002",
    name: "duplicate-key",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "The same key appears twice in one JSON object.",
    fix: "Remove or rename one of the two keys.",
};
