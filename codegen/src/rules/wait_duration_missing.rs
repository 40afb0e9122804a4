//! Reports a Wait state that says neither how long nor until when to wait: it has none of
//! `Seconds`, `SecondsPath`, `Timestamp` and `TimestampPath`.

use crate::diagnostic::{Rule, Severity};
use crate::model::{written, QueryLanguage, StateType};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL205",
    name: "wait-duration-missing",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Wait state with none of Seconds, SecondsPath, Timestamp and TimestampPath.",
    fix: "Add exactly one of Seconds, Timestamp, SecondsPath or TimestampPath.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let st = s.state;
        if st.kind != Some(StateType::Wait)
            || st.seconds.is_some()
            || st.seconds_path.is_some()
            || st.timestamp.is_some()
            || st.timestamp_path.is_some()
            || written(
                &st.unknown,
                &["Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
            )
        {
            continue;
        }
        let hint = match s.query_language {
            QueryLanguage::JsonPath => "Add exactly one of \"Seconds\" (e.g. 30), \"Timestamp\" (e.g. \"2026-03-14T01:59:00Z\"), \"SecondsPath\" or \"TimestampPath\" (paths into the state input).",
            QueryLanguage::Jsonata => "Add \"Seconds\" or \"Timestamp\", as a literal or a {% %} expression (e.g. \"Seconds\": \"{% $states.input.delay %}\").",
        };
        found.push(
            RULE.at(
                s.path.clone(),
                format!(
                    "Wait state \"{}\" says neither how long nor until when to wait.",
                    s.name
                ),
            )
            .with_hint(hint),
        );
    }
    for d in found {
        cx.report(d);
    }
}
