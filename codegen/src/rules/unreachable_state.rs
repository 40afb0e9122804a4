//! Reports a state that no path from its workflow's `StartAt` reaches.

use crate::diagnostic::{Rule, Severity};
use crate::json::Json;
use crate::model::{is_written_as, State};
use crate::rules::{Ctx, Follow};

pub static RULE: Rule = Rule {
    code: "ASL104",
    name: "unreachable-state",
    severity: Severity::Error,
    aws_code: Some("MISSING_TRANSITION_TARGET"),
    summary: "A state that can never run: no transition leads to it from StartAt.",
    fix: "Add a transition to the state (Next, a Choice rule, Default or a catcher) or remove it.",
    notes: None,
};

/// For each state, whether it is reachable from its scope's StartAt: `Some(true)` certainly,
/// `Some(false)` certainly not, `None` when it cannot be told: the scope's StartAt is missing or
/// wrong (reported elsewhere; everything would look unreachable), or a reachable state's
/// transition leads somewhere not known yet ([`Follow::Anywhere`]: partial knowledge) that could
/// make it reachable. A misspelt name is followed to the state it was meant to be.
pub fn reachable(cx: &Ctx) -> Vec<Option<bool>> {
    let mut out = vec![None; cx.states.len()];
    for (scope_id, scope) in cx.scopes.iter().enumerate() {
        let Some(start) = scope.workflow.start_at.as_deref() else {
            continue;
        };
        // A misspelt StartAt is followed to the state it surely names; otherwise nothing can
        // be told (everything would look unreachable).
        let Follow::States(starts) = cx.follow(scope_id, start) else {
            continue;
        };
        for (i, _) in cx.states_in(scope_id) {
            out[i] = Some(false);
        }
        let mut uncertain = false;
        let mut stack = starts.to_vec();
        while let Some(i) = stack.pop() {
            if out[i] == Some(true) {
                continue;
            }
            out[i] = Some(true);
            let misspelt = misspelt_next(cx.states[i].state);
            for target in cx
                .transitions(i)
                .into_iter()
                .map(|(_, t)| t)
                .chain(misspelt)
            {
                match cx.follow(scope_id, target) {
                    Follow::States(js) => stack.extend_from_slice(js),
                    // May lead to any state, which goes on from there.
                    Follow::Anywhere => uncertain = true,
                    Follow::Missing => {}
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

/// The target of a `Next` written under a misspelt key (`"Nxt": "Done"`, reported by the
/// parser): followed as if spelt right, so that the states after it are not reported as
/// unreachable too.
pub fn misspelt_next(s: &State) -> Option<&str> {
    if s.next.is_some() {
        return None;
    }
    s.unknown.iter().find_map(|(k, v)| match v {
        Json::String(target) if is_written_as(k, &["Next"]) => Some(target.as_str()),
        _ => None,
    })
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
