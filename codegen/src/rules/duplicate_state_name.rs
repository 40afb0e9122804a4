//! Reports a state name used twice anywhere in the machine. Names must be unique across the whole
//! definition, including every Parallel branch and Map item processor.

use std::collections::HashMap;

use crate::diagnostic::{Rule, Severity};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL106",
    name: "duplicate-state-name",
    severity: Severity::Error,
    aws_code: Some("DUPLICATE_STATE_NAME"),
    summary: "Two states share a name, possibly in different branches or processors.",
    fix: "Rename one of the states; names are unique across the whole machine, nested workflows included.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut found = Vec::new();
    for (i, s) in cx.states.iter().enumerate() {
        match first.get(s.name) {
            None => {
                first.insert(s.name, i);
            }
            Some(&j) => {
                let first = &cx.states[j];
                let kind = |s: &crate::rules::StateRef| {
                    s.state
                        .kind
                        .map_or(String::new(), |k| format!("{} ", k.as_str()))
                };
                let (this, other) = (kind(s), kind(first));
                found.push(
                    RULE.at(
                        s.path.clone(),
                        format!(
                            "State name \"{}\" is used twice: by this {this}state and by the {other}state at {}.",
                            s.name, first.path
                        ),
                    )
                    .with_related(
                        first.path.clone(),
                        format!("the other {other}state named \"{}\"", s.name),
                    ),
                );
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
