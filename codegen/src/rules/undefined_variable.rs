//! Warns about a state reading a variable (`$name` in a JSONPath value, or a free variable of a
//! JSONata expression) that no `Assign` it can see sets: assigned nowhere in the machine, or only
//! in a scope it cannot see (a nested branch or iteration, or a sibling one). `$states`,
//! JSONata's built-in functions, lambda parameters and `:=` bindings are not variables.

use crate::dataflow;
use crate::diagnostic::{Rule, Severity};
use crate::jsonata;
use crate::model::QueryLanguage;
use crate::rules::variable_scope::VarIndex;
use crate::rules::Ctx;
use crate::suggest;

pub static RULE: Rule = Rule {
    code: "ASL413",
    name: "undefined-variable",
    severity: Severity::Warning,
    aws_code: None,
    summary: "A state reads a variable that no visible `Assign` sets.",
    fix: "Assign the variable in an earlier state of the same or an enclosing scope, or fix the name.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let index = VarIndex::new(cx);
    let mut found = Vec::new();
    for s in &cx.states {
        let (visible, boundary) = VarIndex::visible(cx, s.scope);
        let beyond = boundary
            .map(|b| VarIndex::ancestors(cx, b))
            .unwrap_or_default();
        // States not known yet, or an Assign not known yet (partial knowledge), may assign
        // anything this state can see.
        if visible
            .iter()
            .chain(&beyond)
            .any(|&sc| cx.scopes[sc].workflow.open || index.assigns_unknown[sc])
        {
            continue;
        }
        for read in dataflow::reads(s.state, &s.path, s.query_language) {
            if index.assigned_in(&visible, &read.name).is_some()
                || index.assigned_in(&beyond, &read.name).is_some()
            {
                // Visible, or ASL412's Distributed Map case.
                continue;
            }
            let elsewhere = (0..cx.scopes.len()).find_map(|sc| {
                index
                    .assigned_in(&[sc], &read.name)
                    .map(|st| cx.states[st].name.to_string())
            });
            let mut message = match elsewhere {
                Some(other) => format!(
                    "State \"{}\" reads variable \"${}\", which is assigned only in state \"{other}\", in a Parallel branch or Map iteration this state cannot see.",
                    s.name, read.name
                ),
                None => format!(
                    "State \"{}\" reads variable \"${}\", which no state assigns.",
                    s.name, read.name
                ),
            };
            // A misspelt variable it can see, or (JSONata) a misspelt built-in function.
            let names: Vec<&str> = visible
                .iter()
                .chain(&beyond)
                .filter_map(|sc| index.assigned.get(*sc))
                .flat_map(|m| m.keys().map(String::as_str))
                .collect();
            if let Some(close) = suggest::did_you_mean(&read.name, names) {
                message.push_str(&format!(" Did you mean \"${close}\"?"));
            } else if s.query_language == QueryLanguage::Jsonata {
                if let Some(f) =
                    suggest::did_you_mean(&read.name, jsonata::BUILTINS.iter().copied())
                {
                    message.push_str(&format!(" Did you mean the function \"${f}\"?"));
                }
            }
            found.push(RULE.at(read.path, message));
        }
    }
    for d in found {
        cx.report(d);
    }
}
