//! Reports two Map states in one machine with the same `Label`: labels name the Map Runs and must
//! be unique across the whole definition, nested workflows included.

use std::collections::HashMap;

use crate::diagnostic::{Rule, Severity};
use crate::model::StateType;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL508",
    name: "duplicate-map-label",
    severity: Severity::Error,
    aws_code: Some("DUPLICATE_LABEL_NAME"),
    summary: "Two Map states share a Label.",
    fix: "Give each Map state its own Label, or remove one: without a Label, AWS derives one from the state name.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut found = Vec::new();
    for (i, s) in cx.states.iter().enumerate() {
        if s.state.kind != Some(StateType::Map) {
            continue;
        }
        let Some(label) = s.state.label.as_deref() else {
            continue;
        };
        match first.get(label) {
            None => {
                first.insert(label, i);
            }
            Some(&j) => found.push(RULE.at(
                s.path.key("Label"),
                format!(
                    "Map state \"{}\" uses the Label \"{label}\", already used by Map state \"{}\".",
                    s.name, cx.states[j].name
                ),
            )),
        }
    }
    for d in found {
        cx.report(d);
    }
}
