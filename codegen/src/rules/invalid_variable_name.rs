//! Reports an `Assign` key (of a state, a Choice rule or a catcher, in either query language)
//! that is not a valid variable name: 1 to 80 characters, ASCII letters, digits and `_`, not
//! starting with a digit, and not the reserved `states`. In JSONPath states a trailing `.$` is
//! not part of the name.

use crate::dataflow;
use crate::diagnostic::{Rule, Severity};
use crate::jsonpath;
use crate::model::QueryLanguage;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL411",
    name: "invalid-variable-name",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "An `Assign` key is not a valid variable name.",
    fix: "Name variables with 1 to 80 ASCII letters, digits and underscores, starting with a letter or underscore (not `states`).",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        for (base, _, _, assign) in dataflow::assigns(s.state, &s.path) {
            for (name, path) in dataflow::assigned_names(assign, &base.path(), s.query_language) {
                let problem = if name == "states" {
                    "\"states\" is reserved for $states".to_string()
                } else if jsonpath::is_valid_variable_name(name) {
                    continue;
                } else if name.is_empty() {
                    "the name is empty".to_string()
                } else if name.chars().count() > 80 {
                    format!("it has {} characters, more than 80", name.chars().count())
                } else if name.starts_with(|c: char| c.is_ascii_digit()) {
                    "it starts with a digit".to_string()
                } else {
                    let bad: String = name
                        .chars()
                        .filter(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
                        .take(1)
                        .collect();
                    format!("it contains \"{bad}\"; only ASCII letters, digits and _ are allowed")
                };
                let mut d = RULE.at(
                    path,
                    format!(
                        "State \"{}\" assigns a variable named \"{name}\", which is not a valid name: {problem}.",
                        s.name
                    ),
                );
                if s.query_language == QueryLanguage::Jsonata && name.ends_with(".$") {
                    d = d.with_hint("In JSONata states, Assign keys are plain variable names; write the value as a {% %} expression instead of using a .$ key.");
                }
                found.push(d);
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
