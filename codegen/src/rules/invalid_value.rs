//! Reports a value outside a fixed set: a state `Type`, a `QueryLanguage`, a `JitterStrategy`, a
//! processor `Mode`, a reader `InputType`, ...

use crate::diagnostic::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ASL005",
    name: "invalid-value",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A value that is not one of the values the field allows.",
    fix: "Use one of the allowed values listed in the message (they are case-sensitive).",
    notes: None,
};
