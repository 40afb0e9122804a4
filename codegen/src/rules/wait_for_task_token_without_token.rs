//! Reports a `.waitForTaskToken` Task whose payload (`Parameters` or `Arguments`) never passes
//! the task token on (`$$.Task.Token` in JSONPath, `$states.context.Task.Token` in JSONata):
//! nobody can then call SendTaskSuccess, and the task waits until it times out.

use crate::diagnostic::{Rule, Severity};
use crate::integrations::{self, Pattern};
use crate::json::Json;
use crate::model::{QueryLanguage, StateType};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL212",
    name: "wait-for-task-token-without-token",
    severity: Severity::Warning,
    aws_code: None,
    summary: "A .waitForTaskToken Task that never passes the task token on, so nothing can complete it.",
    fix: "Pass the token in the payload, e.g. \"TaskToken.$\": \"$$.Task.Token\" (JSONPath) or \"TaskToken\": \"{% $states.context.Task.Token %}\" (JSONata).",
    notes: None,
};

/// An integration (optimized, SDK or HTTP) with the callback pattern; activities get their
/// token from the worker's GetActivityTask, not from the payload.
fn is_callback(resource: &str) -> bool {
    integrations::parse(resource).is_ok_and(|r| {
        r.integration()
            .is_some_and(|i| i.pattern == Pattern::WaitForTaskToken)
    })
}

/// Whether any string (or key) in the payload mentions the task token.
fn mentions_token(v: &Json) -> bool {
    let hit =
        |s: &str| s.contains("Task.Token") || s.contains("['Token']") || s.contains("[\"Token\"]");
    match v {
        Json::String(s) => hit(s),
        Json::Array(items) => items.iter().any(mentions_token),
        Json::Object(members) => members.iter().any(|(k, v)| hit(k) || mentions_token(v)),
        _ => false,
    }
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let st = s.state;
        if st.kind != Some(StateType::Task) || !st.resource.as_deref().is_some_and(is_callback) {
            continue;
        }
        if [&st.parameters, &st.arguments]
            .into_iter()
            .flatten()
            .any(mentions_token)
        {
            continue;
        }
        let (field, token) = match s.query_language {
            QueryLanguage::JsonPath => ("Parameters", "$$.Task.Token"),
            QueryLanguage::Jsonata => ("Arguments", "$states.context.Task.Token"),
        };
        let present = match s.query_language {
            QueryLanguage::JsonPath => st.parameters.is_some(),
            QueryLanguage::Jsonata => st.arguments.is_some(),
        };
        let path = if present {
            s.path.key(field)
        } else {
            s.path.key("Resource")
        };
        found.push(RULE.at(
            path,
            format!(
                "Task state \"{}\" waits for a task token, but its {field} never pass the token ({token}) on, so nothing can report the task's result.",
                s.name
            ),
        ));
    }
    for d in found {
        cx.report(d);
    }
}
