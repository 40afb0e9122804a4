//! Reports a top-level state that sets `QueryLanguage: JSONPath` in a state machine whose top
//! level uses JSONata. States may opt into JSONata under a JSONPath machine, never the reverse.
//! (Nested states: processor-query-language, ASL510.)

use crate::diagnostic::{Rule, Severity};
use crate::model::QueryLanguage;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL203",
    name: "query-language-downgrade",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A state selects JSONPath while the state machine's top level uses JSONata.",
    fix: "Remove QueryLanguage from the state and write it in JSONata, or make the state machine JSONPath and opt individual states into JSONata.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    if cx.machine.query_language != Some(QueryLanguage::Jsonata) {
        return;
    }
    let found: Vec<_> = cx
        .states
        .iter()
        // Nested states are processor-query-language's (ASL510): one message each.
        .filter(|s| s.scope == 0 && s.state.query_language == Some(QueryLanguage::JsonPath))
        .map(|s| {
            RULE.at(
                s.path.key("QueryLanguage"),
                format!("State \"{}\" sets QueryLanguage to JSONPath, but the state machine uses JSONata; a state cannot switch back to JSONPath.", s.name),
            )
        })
        .collect();
    for d in found {
        cx.report(d);
    }
}
