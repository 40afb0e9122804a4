//! Reports variables used across scopes in ways Step Functions forbids: (a) a state inside a
//! Parallel branch or Map item processor assigning a variable that an enclosing scope also
//! assigns (inner scopes may read outer variables but not assign or shadow them); (b) a state
//! inside a Distributed Map item processor reading a variable that is assigned only outside the
//! processor (child executions cannot see outer variables).

use std::collections::HashMap;

use crate::dataflow;
use crate::diagnostic::{Rule, Severity};
use crate::model::ScopeKind;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL412",
    name: "variable-scope",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A variable is assigned in an inner scope that an outer scope also assigns, or read in a Distributed Map from outside it.",
    fix: "Give variables assigned inside a Parallel branch or Map iteration their own names; pass outer values into a Distributed Map through ItemSelector instead of variables.",
    notes: Some("The Parallel or Map state's own `Assign` and its catchers' `Assign` are not counted as the enclosing scope's for the states inside it: AWS accepts a branch state assigning a variable that the Parallel's own Catch also assigns (recorded). For the state's own `Assign` AWS's behaviour is not recorded; it is accepted the same way."),
};

/// Where variables are assigned: scope -> name -> the states (ids into `Ctx::states`) that
/// assign it there, in order.
pub(crate) struct VarIndex {
    pub assigned: Vec<HashMap<String, Vec<usize>>>,
    /// Scopes with an `Assign` whose value is not an object (not known yet in a plan): it may
    /// assign any name.
    pub assigns_unknown: Vec<bool>,
}

impl VarIndex {
    pub fn new(cx: &Ctx) -> VarIndex {
        let mut assigned: Vec<HashMap<String, Vec<usize>>> =
            (0..cx.scopes.len()).map(|_| HashMap::new()).collect();
        let mut assigns_unknown = vec![false; cx.scopes.len()];
        for (id, s) in cx.states.iter().enumerate() {
            let st = s.state;
            let values = st
                .assign
                .iter()
                .chain(
                    st.choices
                        .iter()
                        .flatten()
                        .filter_map(|r| r.assign.as_ref()),
                )
                .chain(st.catch.iter().flatten().filter_map(|c| c.assign.as_ref()));
            if values.into_iter().any(|v| v.as_object().is_none()) {
                assigns_unknown[s.scope] = true;
            }
            for name in dataflow::assigned_by(s.state, s.query_language) {
                if let Some(map) = assigned.get_mut(s.scope) {
                    let states = map.entry(name.to_string()).or_default();
                    if states.last() != Some(&id) {
                        states.push(id);
                    }
                }
            }
        }
        VarIndex {
            assigned,
            assigns_unknown,
        }
    }

    /// The Parallel and Map states around a scope, innermost first: their own `Assign` and
    /// catchers run in the enclosing scope after (or instead of) the nested workflows.
    pub fn owners(cx: &Ctx, scope: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = scope;
        while let Some(owner) = cx.scopes[cur].owner {
            out.push(owner);
            cur = cx.states[owner].scope;
        }
        out
    }

    /// The first state, in `scopes` and not in `except`, that assigns `name`.
    pub fn assigner(&self, scopes: &[usize], name: &str, except: &[usize]) -> Option<usize> {
        scopes.iter().find_map(|s| {
            self.assigned
                .get(*s)
                .and_then(|m| m.get(name))
                .and_then(|ids| ids.iter().copied().find(|id| !except.contains(id)))
        })
    }

    /// True when this scope is the item processor of a Distributed Map.
    pub fn is_distributed_root(cx: &Ctx, scope: usize) -> bool {
        let sc = &cx.scopes[scope];
        sc.kind == ScopeKind::Processor
            && sc
                .owner
                .is_some_and(|o| cx.states[o].state.is_distributed_map())
    }

    /// The scopes whose variables a state in `scope` can see: itself and its ancestors, up to
    /// and including a Distributed Map processor. The second value is the Distributed Map
    /// processor scope where visibility stopped, if any.
    pub fn visible(cx: &Ctx, scope: usize) -> (Vec<usize>, Option<usize>) {
        let mut out = Vec::new();
        let mut cur = Some(scope);
        while let Some(id) = cur {
            out.push(id);
            if Self::is_distributed_root(cx, id) {
                return (out, Some(id));
            }
            cur = cx.scopes[id].parent;
        }
        (out, None)
    }

    pub fn assigned_in(&self, scopes: &[usize], name: &str) -> Option<usize> {
        self.assigner(scopes, name, &[])
    }

    /// Every scope strictly above `scope` (all ancestors, ignoring Distributed boundaries).
    pub fn ancestors(cx: &Ctx, scope: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = cx.scopes[scope].parent;
        while let Some(id) = cur {
            out.push(id);
            cur = cx.scopes[id].parent;
        }
        out
    }
}

pub fn check(cx: &mut Ctx) {
    let index = VarIndex::new(cx);
    let mut found = Vec::new();
    for s in &cx.states {
        let (visible, boundary) = VarIndex::visible(cx, s.scope);
        // (a) assigning an outer variable. The enclosing Parallel or Map state's own Assign and
        // catchers do not count: AWS accepts a branch assigning a variable that the Parallel's
        // Catch also assigns.
        let outer: Vec<usize> = visible.iter().copied().skip(1).collect();
        if !outer.is_empty() {
            let owners = VarIndex::owners(cx, s.scope);
            for (base, _, _, assign) in dataflow::assigns(s.state, &s.path) {
                for (name, path) in dataflow::assigned_names(assign, &base.path(), s.query_language)
                {
                    if let Some(other) = index.assigner(&outer, name, &owners) {
                        let other = cx.states[other].name;
                        found.push(RULE.at(
                            path,
                            format!(
                                "State \"{}\" assigns variable \"{name}\", which the enclosing scope also assigns (in state \"{other}\"); a Parallel branch or Map iteration can read outer variables but not assign them.",
                                s.name
                            ),
                        ));
                    }
                }
            }
        }
        // (b) reading, inside a Distributed Map, a variable assigned only outside it.
        let Some(boundary) = boundary else { continue };
        let beyond = VarIndex::ancestors(cx, boundary);
        for read in dataflow::reads(s.state, &s.path, s.query_language) {
            if index.assigned_in(&visible, &read.name).is_some() {
                continue;
            }
            if let Some(other) = index.assigned_in(&beyond, &read.name) {
                let other = cx.states[other].name;
                let map = cx.scopes[boundary]
                    .owner
                    .map(|o| cx.states[o].name)
                    .unwrap_or_default();
                found.push(RULE.at(
                    read.path,
                    format!(
                        "State \"{}\" reads variable \"${}\", which is assigned outside Distributed Map \"{map}\" (in state \"{other}\"); its child executions cannot see outer variables.",
                        s.name, read.name
                    ),
                ));
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
