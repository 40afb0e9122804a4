//! Reports a state inside a Parallel branch or Map item processor that declares
//! `QueryLanguage: JSONPath` while the Parallel or Map state around it uses JSONata. A state may
//! opt into JSONata, never back into JSONPath. (The same at the top level of a JSONata machine is
//! reported by the rule on query-language downgrades.)

use crate::diagnostic::{Rule, Severity};
use crate::model::{QueryLanguage, ScopeKind};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL510",
    name: "processor-query-language",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A state nested in a JSONata Parallel or Map state declares QueryLanguage JSONPath.",
    fix: "Remove \"QueryLanguage\": \"JSONPath\" and write the state in JSONata (Arguments, Output, {% %} expressions), or make the enclosing Parallel or Map state JSONPath.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.state.query_language != Some(QueryLanguage::JsonPath) {
            continue;
        }
        let scope = &cx.scopes[s.scope];
        if scope.kind == ScopeKind::Machine || scope.query_language != QueryLanguage::Jsonata {
            continue;
        }
        let Some(owner) = scope.owner else { continue };
        let o = &cx.states[owner];
        let kind = o.state.kind.map(|k| k.as_str()).unwrap_or("enclosing");
        found.push(RULE.at(
            s.path.key("QueryLanguage"),
            format!(
                "State \"{}\" declares QueryLanguage JSONPath inside {kind} state \"{}\", which uses JSONata; a nested state cannot switch back to JSONPath.",
                s.name, o.name
            ),
        ));
    }
    for d in found {
        cx.report(d);
    }
}
