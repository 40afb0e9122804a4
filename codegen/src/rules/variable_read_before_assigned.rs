//! Warns about a state reading a variable that a visible scope assigns, but only in states that
//! cannot have run before it: on no path from the workflow's start to the reading state does any
//! state assign the variable first (flow order, not only scope). At run time the read fails
//! (`States.QueryEvaluationError` in JSONata, a path failure in JSONPath).
//!
//! The analysis is conservative ("may have been assigned"): one path that assigns it before is
//! enough to stay quiet, loops count their later iterations, a state's own `Assign` is not
//! visible to its other fields, and a Parallel or Map state's nested workflows start with what
//! was assigned before the Parallel or Map state. It stays quiet wherever partial knowledge could
//! make the read right: an open scope (states not known yet) or an enclosing one, a transition
//! to a state not known yet, an `Assign` whose value is not known (not an object). Variables
//! assigned nowhere it can see are undefined-variable's (ASL413).

use std::collections::HashSet;

use crate::dataflow;
use crate::diagnostic::{Rule, Severity};
use crate::json::Json;
use crate::model::{QueryLanguage, State};
use crate::rules::variable_scope::VarIndex;
use crate::rules::{unreachable_state, Ctx, Follow};

pub static RULE: Rule = Rule {
    code: "ASL416",
    name: "variable-read-before-assigned",
    severity: Severity::Warning,
    aws_code: None,
    summary: "A state reads a variable before any state on the way to it has assigned it.",
    fix: "Assign the variable in a state that runs earlier (for example the first state), or read it only after the state that assigns it.",
    notes: Some("A warning: Step Functions accepts the definition and the read fails at run time. Quiet wherever one path assigns the variable first, or where values not yet known (an open scope, an unknown transition, an `Assign` that is not known) could."),
};

/// The variables that may have been assigned when a state starts; `all` when anything may have
/// been (an `Assign` whose value is not known).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Assigned<'a> {
    names: HashSet<&'a str>,
    all: bool,
}

impl<'a> Assigned<'a> {
    /// Adds `other`; true when something was new.
    fn absorb(&mut self, other: &Assigned<'a>) -> bool {
        let before = (self.names.len(), self.all);
        self.all |= other.all;
        self.names.extend(other.names.iter().copied());
        before != (self.names.len(), self.all)
    }

    fn has(&self, name: &str) -> bool {
        self.all || self.names.contains(name)
    }
}

/// What a state assigns: its names, and whether one of its `Assign` values is not an object
/// (not known yet in a Terraform plan; a type error in text, reported elsewhere).
fn assigns(st: &State, ql: QueryLanguage) -> Assigned<'_> {
    let all = dataflow::assign_values(st).any(|v| !matches!(v, Json::Object(_)));
    Assigned {
        names: dataflow::assigned_by(st, ql).into_iter().collect(),
        all,
    }
}

/// For every state, what may have been assigned when it starts; `None` where that cannot be
/// told (unreachable, or partial knowledge in its scope or around it).
fn before_each<'a>(cx: &Ctx<'a>) -> Vec<Option<Assigned<'a>>> {
    let n = cx.states.len();
    let mut before: Vec<Option<Assigned<'a>>> = vec![None; n];
    let reach = unreachable_state::reachable(cx);
    // Scopes are indexed parents first, so an owner's set is known before its nested scopes.
    for (scope_id, scope) in cx.scopes.iter().enumerate() {
        let entry = match scope.owner {
            _ if scope.workflow.open => continue,
            None => Assigned::default(),
            // A Distributed Map's child executions see no outer variables at all.
            Some(_) if VarIndex::is_distributed_root(cx, scope_id) => Assigned::default(),
            Some(owner) => match &before[owner] {
                Some(b) => b.clone(),
                None => continue,
            },
        };
        let Some(Follow::States(starts)) = scope
            .workflow
            .start_at
            .as_deref()
            .map(|s| cx.follow(scope_id, s))
        else {
            continue;
        };
        let members: Vec<usize> = cx.states_in(scope_id).map(|(i, _)| i).collect();
        let mut sets: Vec<Option<Assigned<'a>>> = vec![None; members.len()];
        let local = |i: usize| i - scope.states.start;
        let mut uncertain = false;
        let mut work = starts.to_vec();
        for &start in starts {
            sets[local(start)] = Some(entry.clone());
        }
        while let Some(i) = work.pop() {
            let Some(mut out) = sets[local(i)].clone() else {
                continue;
            };
            let st = &cx.states[i];
            out.absorb(&assigns(st.state, st.query_language));
            let misspelt = unreachable_state::misspelt_next(st.state);
            let targets: Vec<&str> = cx
                .transitions(i)
                .into_iter()
                .map(|(_, t)| t)
                .chain(misspelt)
                .collect();
            for target in targets {
                let next: Vec<usize> = match cx.follow(scope_id, target) {
                    Follow::States(js) => js.to_vec(),
                    // May lead anywhere in the scope, with what was assigned so far.
                    Follow::Anywhere => {
                        uncertain = true;
                        members.clone()
                    }
                    Follow::Missing => Vec::new(),
                };
                for j in next {
                    let slot = &mut sets[local(j)];
                    let grew = match slot {
                        Some(s) => s.absorb(&out),
                        None => {
                            *slot = Some(out.clone());
                            true
                        }
                    };
                    if grew {
                        work.push(j);
                    }
                }
            }
        }
        for (k, &i) in members.iter().enumerate() {
            // Not for unreachable states (reported as such); those only a transition to a state
            // not known yet reaches (`uncertain`) have what that transition carries.
            if reach[i] == Some(true) || (uncertain && reach[i].is_none()) {
                before[i] = sets[k].take();
            }
        }
    }
    before
}

pub fn check(cx: &mut Ctx) {
    let before = before_each(cx);
    let index = VarIndex::new(cx);
    let mut found = Vec::new();
    for (i, s) in cx.states.iter().enumerate() {
        let Some(assigned) = &before[i] else { continue };
        let (visible, _) = VarIndex::visible(cx, s.scope);
        for read in dataflow::reads(s.state, &s.path, s.query_language) {
            if assigned.has(&read.name) {
                continue;
            }
            // Assigned nowhere it can see: undefined-variable's (ASL413).
            let Some(by) = index.assigned_in(&visible, &read.name) else {
                continue;
            };
            let by = cx.states[by].name;
            let after = if by == s.name {
                "only by this state's own Assign, which takes effect after all of the state's fields (that Assign included) are evaluated"
                    .to_string()
            } else {
                format!("only in state \"{by}\", which cannot have run before it")
            };
            found.push(RULE.at(
                read.path,
                format!(
                    "State \"{}\" reads variable \"${}\" before any state on the way to it assigns it: it is assigned {after}.",
                    s.name, read.name
                ),
            ));
        }
    }
    for d in found {
        cx.report(d);
    }
}
