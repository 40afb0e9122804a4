//! Reports a state name that is empty, longer than 80 characters, or contains control characters.

use crate::diagnostic::{Rule, Severity};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL107",
    name: "invalid-state-name",
    severity: Severity::Error,
    aws_code: Some("INVALID_STATE_NAME"),
    summary:
        "A state name that is empty, longer than 80 characters or contains control characters.",
    fix: "Use a name of 1 to 80 printable characters.",
    notes: None,
};

pub const MAX_LEN: usize = 80;

pub fn problem(name: &str) -> Option<String> {
    let len = name.chars().count();
    if len == 0 {
        Some("A state name cannot be empty.".into())
    } else if len > MAX_LEN {
        Some(format!(
            "State name \"{name}\" has {len} characters; the limit is {MAX_LEN}."
        ))
    } else if name.chars().any(char::is_control) {
        Some(format!("State name {name:?} contains a control character."))
    } else {
        None
    }
}

pub fn check(cx: &mut Ctx) {
    let found: Vec<_> = cx
        .states
        .iter()
        .filter_map(|s| problem(s.name).map(|m| RULE.at(s.path.clone(), m)))
        .collect();
    for d in found {
        cx.report(d);
    }
}
