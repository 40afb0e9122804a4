//! Reports a loop the execution can enter but never leave: a reachable state from which no path
//! (transitions and catchers included) leads to a state that ends the workflow (`End: true`, a
//! Succeed or a Fail state). Once there, the execution can only go round until it fails or times
//! out. Workflows with no reachable end at all are `no-terminal-state`'s business.

use crate::diagnostic::{Rule, Severity};
use crate::rules::{no_terminal_state, unreachable_state, Ctx, Follow};

pub static RULE: Rule = Rule {
    code: "ASL110",
    name: "inescapable-loop",
    severity: Severity::Warning,
    aws_code: None,
    summary: "A reachable loop with no way out: no path from it reaches End, a Succeed or a Fail state.",
    fix: "Give the loop an exit: a Choice rule or Default that leads out of it, or a catcher to a state that ends the workflow.",
    notes: None,
};

/// How many trapped state names a message lists before "...".
const MAX_NAMES: usize = 5;

pub fn check(cx: &mut Ctx) {
    let reach = unreachable_state::reachable(cx);
    let mut found = Vec::new();
    for scope_id in 0..cx.scopes.len() {
        // Global state ids of this scope; everything below is indexed locally (0..n).
        let members: Vec<usize> = cx.states_in(scope_id).map(|(i, _)| i).collect();
        let n = members.len();
        let reached: Vec<bool> = members.iter().map(|&i| reach[i] == Some(true)).collect();
        if !(0..n)
            .any(|k| reached[k] && no_terminal_state::is_terminal(cx.states[members[k]].state))
        {
            continue; // no reachable end at all: no-terminal-state reports the workflow
        }
        // A scope's states are contiguous in `cx.states`, so local index = global - first.
        let range = cx.scopes[scope_id].states.clone();
        let local = |j: usize| range.contains(&j).then(|| j - range.start);
        // A state counts as a way out when it ends the workflow, when its type is unknown, when it
        // has no transition (a dead end, reported by next-xor-end or missing-field) or when a
        // transition names no state of this scope (reported by transition-target-not-found or
        // transition-out-of-scope): we cannot tell where it goes, so no alarm.
        let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut exit = vec![false; n];
        for (k, &i) in members.iter().enumerate() {
            let s = cx.states[i].state;
            let transitions = cx.transitions(i);
            exit[k] =
                no_terminal_state::is_terminal(s) || s.kind.is_none() || transitions.is_empty();
            for (_, target) in transitions {
                match cx.follow(scope_id, target) {
                    Follow::States(js) => {
                        for &j in js {
                            match local(j) {
                                Some(j) => succ[k].push(j),
                                None => exit[k] = true,
                            }
                        }
                    }
                    Follow::Anywhere | Follow::Missing => exit[k] = true,
                }
            }
        }
        // Backwards from the exits: which states can get out.
        let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, targets) in succ.iter().enumerate() {
            for &j in targets {
                pred[j].push(k);
            }
        }
        let mut escapes = vec![false; n];
        let mut stack: Vec<usize> = (0..n).filter(|&k| exit[k]).collect();
        while let Some(k) = stack.pop() {
            if !escapes[k] {
                escapes[k] = true;
                stack.extend(pred[k].iter().copied().filter(|&p| !escapes[p]));
            }
        }
        // Report each trapped state entered from a reachable state that can still get out.
        for k in 0..n {
            if !reached[k] || escapes[k] || !pred[k].iter().any(|&p| reached[p] && escapes[p]) {
                continue;
            }
            let mut seen = vec![false; n];
            let mut stack = vec![k];
            while let Some(m) = stack.pop() {
                if !seen[m] {
                    seen[m] = true;
                    stack.extend(succ[m].iter().copied());
                }
            }
            let names: Vec<String> = (0..n)
                .filter(|&m| seen[m])
                .map(|m| format!("\"{}\"", cx.states[members[m]].name))
                .collect();
            let mut list = names[..names.len().min(MAX_NAMES)].join(", ");
            if names.len() > MAX_NAMES {
                list.push_str(", ...");
            }
            let s = &cx.states[members[k]];
            found.push(RULE.at(
                s.path.clone(),
                format!(
                    "Once the execution reaches state \"{}\", no path leads to an end (End: true, a Succeed or a Fail state): it can only loop through {list} until it fails or times out.",
                    s.name
                ),
            ));
        }
    }
    for d in found {
        cx.report(d);
    }
}
