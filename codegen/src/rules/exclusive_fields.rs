//! Reports fields of which at most one may be given: a Wait's `Seconds`, `SecondsPath`,
//! `Timestamp` and `TimestampPath`; a Fail's `Error`/`ErrorPath` and `Cause`/`CausePath`; a Task's
//! `TimeoutSeconds`/`TimeoutSecondsPath` and `HeartbeatSeconds`/`HeartbeatSecondsPath`; a Map's
//! `MaxConcurrency`, `ToleratedFailurePercentage` and `ToleratedFailureCount` and their `...Path`
//! twins, `ItemProcessor`/`Iterator`, `ItemSelector`/`Parameters` and `Items`/`ItemsPath`.

use crate::diagnostic::{Rule, Severity};
use crate::emit::has_field;
use crate::model::StateType;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL204",
    name: "exclusive-fields",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "Two fields of which at most one may be given, such as Seconds and Timestamp, or TimeoutSeconds and TimeoutSecondsPath.",
    fix: "Keep only one of the fields named in the message.",
    notes: None,
};

/// Groups of fields of which at most one may be present, per state type.
pub const GROUPS: &[(StateType, &[&str])] = &[
    (
        StateType::Wait,
        &["Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
    ),
    (StateType::Fail, &["Error", "ErrorPath"]),
    (StateType::Fail, &["Cause", "CausePath"]),
    (StateType::Task, &["TimeoutSeconds", "TimeoutSecondsPath"]),
    (
        StateType::Task,
        &["HeartbeatSeconds", "HeartbeatSecondsPath"],
    ),
    (StateType::Map, &["MaxConcurrency", "MaxConcurrencyPath"]),
    (
        StateType::Map,
        &[
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
        ],
    ),
    (
        StateType::Map,
        &["ToleratedFailureCount", "ToleratedFailureCountPath"],
    ),
    (StateType::Map, &["ItemProcessor", "Iterator"]),
    (StateType::Map, &["ItemSelector", "Parameters"]),
    (StateType::Map, &["Items", "ItemsPath"]),
];

fn hint(group: &[&str], first: &str, extra: &str) -> String {
    match group {
        ["ItemProcessor", "Iterator"] => {
            "Iterator is the legacy name of ItemProcessor: keep ItemProcessor only.".to_string()
        }
        ["ItemSelector", "Parameters"] => {
            "Parameters is the legacy name of ItemSelector in a Map state: keep ItemSelector only."
                .to_string()
        }
        [_, _] => format!("Remove either \"{first}\" or \"{extra}\"."),
        _ => format!(
            "Keep exactly one of {}.",
            group
                .iter()
                .map(|f| format!("\"{f}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let Some(kind) = s.state.kind else { continue };
        for (_, group) in GROUPS.iter().filter(|(t, _)| *t == kind) {
            let present: Vec<&str> = group
                .iter()
                .copied()
                .filter(|f| has_field(s.state, f))
                .collect();
            let Some((first, extras)) = present.split_first() else {
                continue;
            };
            for extra in extras {
                found.push(
                    RULE.at(
                        s.path.key(extra),
                        format!(
                            "{} state \"{}\" has both \"{first}\" and \"{extra}\"; at most one of them may be given.",
                            kind.as_str(),
                            s.name
                        ),
                    )
                    .with_hint(hint(group, first, extra)),
                );
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
