//! Reports a state inside a Parallel branch or Map item processor that declares
//! `QueryLanguage: JSONPath` in a state machine whose top level uses JSONata: there, no state can
//! go back to JSONPath. (The same for a state at the top level is query-language-downgrade,
//! ASL203.) Under a JSONPath top level, a state inside a JSONata Map or Parallel may declare
//! JSONPath: AWS accepts it, since its ban is against a JSONata top level only.

use crate::diagnostic::{Rule, Severity};
use crate::model::{QueryLanguage, ScopeKind};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL510",
    name: "processor-query-language",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A state nested in a Parallel or Map state of a JSONata state machine declares QueryLanguage JSONPath.",
    fix: "Remove \"QueryLanguage\": \"JSONPath\" and write the state in JSONata (Arguments, Output, {% %} expressions), or make the state machine JSONPath and opt individual states into JSONata.",
    notes: Some("Not reported under a JSONPath top level: a state inside a JSONata Map or Parallel may declare `QueryLanguage: JSONPath` there (AWS accepts such definitions; its ban on going back to JSONPath is against a JSONata top level only)."),
};

pub fn check(cx: &mut Ctx) {
    if cx.machine.query_language != Some(QueryLanguage::Jsonata) {
        return;
    }
    let mut found = Vec::new();
    for s in &cx.states {
        if s.state.query_language != Some(QueryLanguage::JsonPath) {
            continue;
        }
        let scope = &cx.scopes[s.scope];
        if scope.kind == ScopeKind::Machine {
            continue; // query-language-downgrade's
        }
        let Some(owner) = scope.owner else { continue };
        let o = &cx.states[owner];
        let kind = o.state.kind.map(|k| k.as_str()).unwrap_or("enclosing");
        found.push(RULE.at(
            s.path.key("QueryLanguage"),
            format!(
                "State \"{}\" (inside {kind} state \"{}\") declares QueryLanguage JSONPath, but the state machine uses JSONata; no state can switch back to JSONPath.",
                s.name, o.name
            ),
        ));
    }
    for d in found {
        cx.report(d);
    }
}
