//! Reports a field on a state type that does not accept it, whatever the query language: `Next`
//! or `End` on a Choice, Succeed or Fail state, `Resource` on a Pass state, `Retry` or `Catch`
//! on a Pass, Wait or Choice state, `TimeoutSeconds` on anything but a Task, ... Which types accept
//! which fields is [`crate::model::fields::FIELDS`].

use crate::diagnostic::{Rule, Severity};
use crate::emit::present_fields;
use crate::model::StateType;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL201",
    name: "field-not-allowed",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A field that this state type does not accept.",
    fix: "Remove the field, or change the state's Type to one that accepts it.",
    notes: None,
};

fn hint(field: &str, kind: StateType, accepted_by: &[StateType]) -> String {
    use StateType::*;
    let ends = matches!(kind, Succeed | Fail);
    match field {
        "Next" | "End" if kind == Choice => format!(
            "A Choice state moves on through the Next of its Choices rules and its Default; remove \"{field}\"."
        ),
        "Next" | "End" if ends => format!(
            "A {} state ends its workflow by itself; remove \"{field}\".",
            kind.as_str()
        ),
        "TimeoutSeconds" | "TimeoutSecondsPath" => format!(
            "Only Task states time out; remove \"{field}\" (to limit the whole execution, set TimeoutSeconds at the top level of the state machine)."
        ),
        _ => {
            let missing: Vec<&str> = StateType::ALL
                .iter()
                .filter(|t| !accepted_by.contains(t))
                .map(|t| t.as_str())
                .collect();
            if let [only] = missing.as_slice() {
                return format!(
                    "\"{field}\" is accepted by every state type except {only}; remove it here."
                );
            }
            let names: Vec<&str> = accepted_by.iter().map(|t| t.as_str()).collect();
            let list = match names.as_slice() {
                [one] => format!("{one} states"),
                [init @ .., last] => format!("{} and {last} states", init.join(", ")),
                [] => "no state".to_string(),
            };
            format!("\"{field}\" is accepted only by {list}; remove it here.")
        }
    }
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let Some(kind) = s.state.kind else { continue };
        for f in present_fields(s.state) {
            if f.allowed_in(kind) {
                continue;
            }
            found.push(
                RULE.at(
                    s.path.key(f.name),
                    format!(
                        "{} state \"{}\" cannot have \"{}\".",
                        kind.as_str(),
                        s.name,
                        f.name
                    ),
                )
                .with_hint(hint(f.name, kind, f.states)),
            );
        }
    }
    for d in found {
        cx.report(d);
    }
}
