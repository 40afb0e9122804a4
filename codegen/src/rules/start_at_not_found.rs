//! Reports a `StartAt` that names no state of its own workflow (the machine, a branch or an item
//! processor).

use crate::diagnostic::{Rule, Severity};
use crate::model::is_unknown_name;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL101",
    name: "start-at-not-found",
    severity: Severity::Error,
    aws_code: Some("MISSING_TRANSITION_TARGET"),
    summary: "`StartAt` names a state that does not exist in its workflow.",
    fix: "Set StartAt to the name of one of the states listed under States in the same workflow.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for (id, scope) in cx.scopes.iter().enumerate() {
        let Some(start) = scope.workflow.start_at.as_deref() else {
            continue;
        };
        // An open scope may hold the state; an unknown StartAt may name any state.
        if scope.workflow.states.is_empty()
            || scope.workflow.open
            || is_unknown_name(start)
            || cx.lookup(id, start).is_some()
        {
            continue;
        }
        let mut d = RULE.at(
            scope.path.key("StartAt"),
            format!("StartAt names \"{start}\", which is not a state of this workflow."),
        );
        if let Some(close) = cx.suggestion_text(id, start) {
            d.message.push_str(&format!(" Did you mean {close}?"));
            d = d.with_hint(format!(
                "Set StartAt to {close} (state names are case-sensitive)."
            ));
        }
        found.push(d);
    }
    for d in found {
        cx.report(d);
    }
}
