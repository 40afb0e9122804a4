//! Reports a state that no path from its workflow's `StartAt` reaches.

use crate::diagnostic::{Rule, Severity};
use crate::model::is_unknown_name;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL104",
    name: "unreachable-state",
    severity: Severity::Error,
    aws_code: Some("MISSING_TRANSITION_TARGET"),
    summary: "A state that can never run: no transition leads to it from StartAt.",
    fix: "Add a transition to the state (Next, a Choice rule, Default or a catcher) or remove it.",
};

/// For each state, whether it is reachable from its scope's StartAt: `Some(true)` certainly,
/// `Some(false)` certainly not, `None` when it cannot be told: the scope's StartAt is missing or
/// wrong (reported elsewhere; everything would look unreachable), or partial knowledge (an unknown
/// StartAt, an unknown transition from a reachable state, or an open scope that a reachable state
/// may lead into) could make it reachable.
pub fn reachable(cx: &Ctx) -> Vec<Option<bool>> {
    let mut out = vec![None; cx.states.len()];
    for (scope_id, scope) in cx.scopes.iter().enumerate() {
        let Some(start) = scope
            .workflow
            .start_at
            .as_deref()
            .and_then(|s| cx.lookup(scope_id, s))
        else {
            continue;
        };
        for (i, _) in cx.states_in(scope_id) {
            out[i] = Some(false);
        }
        let mut uncertain = false;
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            if out[i] == Some(true) {
                continue;
            }
            out[i] = Some(true);
            for (_, target) in cx.transitions(i) {
                match cx.lookup(scope_id, target) {
                    Some(j) => stack.push(j),
                    // May lead to any state: an unknown target, or (in an open scope) a state
                    // that is not listed and goes on from there.
                    None => uncertain |= is_unknown_name(target) || scope.workflow.open,
                }
            }
        }
        if uncertain {
            for (i, _) in cx.states_in(scope_id) {
                if out[i] == Some(false) {
                    out[i] = None;
                }
            }
        }
    }
    out
}

pub fn check(cx: &mut Ctx) {
    let reach = reachable(cx);
    let found: Vec<_> = cx
        .states
        .iter()
        .zip(reach)
        .filter(|(_, r)| *r == Some(false))
        .map(|(s, _)| {
            RULE.at(
                s.path.clone(),
                format!("State \"{}\" is not reachable from StartAt.", s.name),
            )
        })
        .collect();
    for d in found {
        cx.report(d);
    }
}
