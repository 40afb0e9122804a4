//! Reports a transition (`Next`, a Choice rule's `Next`, `Default`, a catcher's `Next`) to a state
//! name that exists nowhere in the machine.

use crate::diagnostic::{Rule, Severity};
use crate::model::is_unknown_name;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL102",
    name: "transition-target-not-found",
    severity: Severity::Error,
    aws_code: Some("MISSING_TRANSITION_TARGET"),
    summary: "A transition names a state that does not exist.",
    fix:
        "Point the transition at an existing state of the same workflow, or add the missing state.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for (id, s) in cx.states.iter().enumerate() {
        for (via, target) in cx.transitions(id) {
            // An unknown target may be any state; an open scope may hold the target.
            if is_unknown_name(target)
                || cx.scopes[s.scope].workflow.open
                || cx.lookup(s.scope, target).is_some()
            {
                continue;
            }
            if cx.scopes.iter().any(|sc| sc.by_name.contains_key(target)) {
                continue; // exists elsewhere: transition-out-of-scope reports it
            }
            let mut d = RULE.at(
                via.path(&s.path),
                format!(
                    "State \"{}\" transitions to \"{target}\", which does not exist.",
                    s.name
                ),
            );
            if let Some(close) = cx.suggestion_text(s.scope, target) {
                d.message.push_str(&format!(" Did you mean {close}?"));
                d = d.with_hint(format!(
                    "Change the transition to {close} (state names are case-sensitive), or add a state named \"{target}\"."
                ));
            }
            found.push(d);
        }
    }
    for d in found {
        cx.report(d);
    }
}
