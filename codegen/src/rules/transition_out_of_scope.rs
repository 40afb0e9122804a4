//! Reports a transition that leaves its workflow: a state in a Parallel branch or Map item
//! processor naming a state outside it, or a state outside naming one inside.

use crate::diagnostic::{Rule, Severity};
use crate::model::ScopeKind;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL103",
    name: "transition-out-of-scope",
    severity: Severity::Error,
    aws_code: Some("MISSING_TRANSITION_TARGET"),
    summary: "A transition crosses the boundary of a Parallel branch or Map item processor.",
    fix: "Transitions stay inside their own workflow: end the branch or processor with End or a Succeed state and continue from the Parallel or Map state's Next.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for (id, s) in cx.states.iter().enumerate() {
        for (via, target) in cx.transitions(id) {
            if cx.lookup(s.scope, target).is_some() {
                continue;
            }
            let Some(other) = cx.scopes.iter().find(|sc| sc.by_name.contains_key(target)) else {
                continue;
            };
            let place = match other.kind {
                ScopeKind::Machine => "the top level of the machine".to_string(),
                ScopeKind::Branch => format!("the Parallel branch at {}", other.path),
                ScopeKind::Processor => format!("the Map item processor at {}", other.path),
            };
            found.push(RULE.at(
                via.path(&s.path),
                format!(
                    "State \"{}\" transitions to \"{target}\", which belongs to {place}, not to this workflow.",
                    s.name
                ),
            ));
        }
    }
    for d in found {
        cx.report(d);
    }
}
