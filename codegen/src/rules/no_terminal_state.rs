//! Reports a workflow in which no path from `StartAt` ever ends: no reachable Succeed or Fail
//! state and no reachable state with `End: true` (a pure cycle).

use crate::diagnostic::{Rule, Severity};
use crate::model::{written, StateType};
use crate::rules::{unreachable_state, Ctx, Follow};

pub static RULE: Rule = Rule {
    code: "ASL105",
    name: "no-terminal-state",
    severity: Severity::Error,
    aws_code: Some("MISSING_END_STATE"),
    summary: "A workflow with no reachable terminal state: every path loops forever.",
    fix: "Give the workflow an exit: a state with End set to true, a Succeed state or a Fail state, reachable from StartAt.",
    notes: None,
};

/// True for a state that ends its workflow, or may have been meant to: a state of unknown type,
/// one with neither `Next` nor `End`, or an `End` or `Next` that
/// was written but could not be read (wrong type, misspelt key; reported as the cause) is given
/// the benefit of the doubt, unless the misspelt `Next` names a state to follow.
pub fn is_terminal(s: &crate::model::State) -> bool {
    // A state whose Type is missing or unknown (reported by the parser) may be meant to end.
    matches!(
        s.kind,
        None | Some(StateType::Succeed) | Some(StateType::Fail)
    ) || s.end == Some(true)
        || (s.end.is_none() && written(&s.unknown, &["End"]))
        // Neither Next nor End (next-xor-end's finding): it may have been meant to end.
        || (s.kind.is_some_and(StateType::takes_next_or_end) && s.next.is_none() && s.end.is_none())
        || (s.next.is_none()
            && written(&s.unknown, &["Next"])
            && unreachable_state::misspelt_next(s).is_none())
}

/// A transition of state `i` may lead somewhere not known ([`Follow::Anywhere`], partial
/// knowledge) or names a missing state ([`Follow::Missing`], reported as the cause), either of
/// which may end the workflow.
pub fn leads_to_unknown(cx: &Ctx, scope: usize, i: usize) -> bool {
    cx.transitions(i)
        .iter()
        .any(|(_, target)| !matches!(cx.follow(scope, target), Follow::States(_)))
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
