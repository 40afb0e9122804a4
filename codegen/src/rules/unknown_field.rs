//! Reports a field that the Amazon States Language does not define at that place, usually a typo
//! (`Nxt`, `Resultpath`). The field is kept in the output, never silently dropped.

use crate::diagnostic::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ASL004",
    name: "unknown-field",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A field that the Amazon States Language does not define here.",
    fix: "Check the spelling (field names are case-sensitive) or remove the field.",
    notes: None,
};
