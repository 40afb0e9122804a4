//! Warns about a state machine name with characters other than letters, digits, `-` and `_`:
//! AWS accepts it, but CloudWatch Logs logging cannot be enabled for it. Checked by
//! [`crate::names::check_name`].

use crate::diagnostic::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ASL606",
    name: "name-not-logging-safe",
    severity: Severity::Warning,
    aws_code: None,
    summary: "A state machine name has characters that CloudWatch Logs logging does not accept.",
    fix: "Use only letters, digits, '-' and '_' in the name if the state machine is to log to CloudWatch Logs.",
    notes: None,
};
