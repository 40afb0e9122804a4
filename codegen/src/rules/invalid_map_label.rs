//! Reports a Map `Label` that AWS rejects: empty, longer than 40 characters, or containing
//! whitespace, one of `? * < > { } [ ] : ; , \ | ^ ~ $ # % & ` "`, or a control character.

use crate::diagnostic::{Rule, Severity};
use crate::model::StateType;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL507",
    name: "invalid-map-label",
    severity: Severity::Error,
    aws_code: Some("INVALID_LABEL_NAME"),
    summary: "A Map state Label is empty, longer than 40 characters, or contains whitespace or a special character.",
    fix: "Use a Label of 1 to 40 letters, digits, '-', '_' or '.'.",
    notes: None,
};

pub const MAX_LEN: usize = 40;

/// Characters a label may not contain, besides whitespace and control characters.
pub const FORBIDDEN: &[char] = &[
    '?', '*', '<', '>', '{', '}', '[', ']', ':', ';', ',', '\\', '|', '^', '~', '$', '#', '%', '&',
    '`', '"',
];

/// What is wrong with a label, if anything.
pub fn problem(label: &str) -> Option<String> {
    let len = label.chars().count();
    if len == 0 {
        return Some("is empty".into());
    }
    if len > MAX_LEN {
        return Some(format!("has {len} characters; the limit is {MAX_LEN}"));
    }
    let bad = label.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || ('\u{7f}'..='\u{9f}').contains(c)
            || FORBIDDEN.contains(c)
    })?;
    Some(if bad.is_whitespace() {
        "contains whitespace".into()
    } else if bad.is_control() {
        format!("contains the control character {bad:?}")
    } else {
        format!("contains the character '{bad}'")
    })
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.state.kind != Some(StateType::Map) {
            continue;
        }
        let Some(label) = &s.state.label else {
            continue;
        };
        if let Some(what) = problem(label) {
            found.push(RULE.at(
                s.path.key("Label"),
                format!("The Label {label:?} of Map state \"{}\" {what}.", s.name),
            ));
        }
    }
    for d in found {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(problem("Ingest-2024_v1.2"), None);
        assert_eq!(problem(&"a".repeat(40)), None);
        assert!(problem(&"a".repeat(41)).is_some());
        assert!(problem("").is_some());
        assert!(problem("two words").is_some());
        assert!(problem("tab\there").is_some());
        assert!(problem("a\u{85}b").is_some());
        for c in FORBIDDEN {
            assert!(problem(&format!("x{c}y")).is_some(), "{c}");
        }
        assert_eq!(problem("it's"), None);
    }
}
