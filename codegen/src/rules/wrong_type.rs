//! Reports a field whose value has the wrong JSON type (a string where a number is expected, an
//! object where a list of retriers is expected, ...).

use crate::diagnostic::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ASL003",
    name: "wrong-type",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A field's value has the wrong JSON type.",
    fix: "Give the field a value of the type the message names.",
    notes: None,
};
