//! Reports a Task, Pass, Wait, Parallel or Map state that has both `Next` and `End: true`, or
//! neither.

use crate::diagnostic::{Rule, Severity};
use crate::model::written;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL109",
    name: "next-xor-end",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A state that must either continue or end has both `Next` and `End`, or neither.",
    fix: "Give the state exactly one of Next (the state to run next) or End: true.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let Some(kind) = s.state.kind else { continue };
        if !kind.takes_next_or_end() {
            continue;
        }
        let ends = s.state.end == Some(true);
        match (&s.state.next, ends) {
            (Some(_), true) => found.push(RULE.at(
                s.path.key("End"),
                format!("State \"{}\" has both Next and End: true.", s.name),
            )),
            (None, false) if !written(&s.state.unknown, &["Next", "End"]) => found.push(RULE.at(
                s.path.clone(),
                format!(
                    "{} state \"{}\" has neither Next nor End: true.",
                    kind.as_str(),
                    s.name
                ),
            )),
            _ => {}
        }
    }
    for d in found {
        cx.report(d);
    }
}
