//! Reports a workflow in which no path from `StartAt` ever ends: no reachable Succeed or Fail
//! state and no reachable state with `End: true` (a pure cycle).

use crate::diagnostic::{Rule, Severity};
use crate::model::{is_unknown_name, StateType};
use crate::rules::{unreachable_state, Ctx};

pub static RULE: Rule = Rule {
    code: "ASL105",
    name: "no-terminal-state",
    severity: Severity::Error,
    aws_code: Some("MISSING_END_STATE"),
    summary: "A workflow with no reachable terminal state: every path loops forever.",
    fix: "Give the workflow an exit: a state with End set to true, a Succeed state or a Fail state, reachable from StartAt.",
};

pub fn is_terminal(s: &crate::model::State) -> bool {
    matches!(s.kind, Some(StateType::Succeed) | Some(StateType::Fail)) || s.end == Some(true)
}

/// Partial knowledge: a transition of state `i` may lead to a state not known yet (an unknown
/// target, or a missing one in an open scope), which may end the workflow.
pub fn leads_to_unknown(cx: &Ctx, scope: usize, i: usize) -> bool {
    cx.transitions(i).iter().any(|(_, target)| {
        is_unknown_name(target)
            || (cx.scopes[scope].workflow.open && cx.lookup(scope, target).is_none())
    })
}

pub fn check(cx: &mut Ctx) {
    let reach = unreachable_state::reachable(cx);
    let mut found = Vec::new();
    for (scope_id, scope) in cx.scopes.iter().enumerate() {
        let mut any_reached = false;
        let mut terminal = false;
        for (i, s) in cx.states_in(scope_id) {
            match reach[i] {
                Some(true) => {
                    any_reached = true;
                    terminal |= is_terminal(s.state) || leads_to_unknown(cx, scope_id, i);
                }
                // Partial knowledge: a path may lead to states not known yet, which may end.
                None => terminal = true,
                Some(false) => {}
            }
        }
        if any_reached && !terminal {
            found.push(RULE.at(
                scope.path.key("States"),
                "No state reachable from StartAt ends this workflow, so it can never finish.",
            ));
        }
    }
    for d in found {
        cx.report(d);
    }
}
