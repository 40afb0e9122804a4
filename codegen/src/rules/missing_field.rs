//! Reports a required field that is missing: `StartAt` and `States` (non-empty) in every workflow,
//! `Type` in every state (reported by the parser), `Resource` in a Task, `Choices` in a Choice, `Branches` in a Parallel,
//! `ItemProcessor` in a Map, `ErrorEquals` in retriers and catchers, `Next` in catchers, and
//! `RoleArn` (or `RoleArn.$`) in a Task's `Credentials` (an empty `Credentials` too).

use crate::diagnostic::{Rule, Severity};
use crate::json::Json;
use crate::model::{is_written_as, written, QueryLanguage, StateType};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL006",
    name: "missing-field",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A required field is missing or empty.",
    fix: "Add the field named in the message.",
    notes: Some("In `Credentials`, keys other than `RoleArn`/`RoleArn.$` are not reported (whether AWS refuses them is not recorded); a misspelt `RoleArn` is, since the role is then missing."),
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for scope in &cx.scopes {
        let w = scope.workflow;
        if w.start_at.is_none() && !written(&w.unknown, &["StartAt"]) {
            found.push(RULE.at(
                scope.path.key("StartAt"),
                "Every workflow needs \"StartAt\", the name of its first state.",
            ));
        }
        if w.states.is_empty() && !w.open && !written(&w.unknown, &["States"]) {
            found.push(RULE.at(
                scope.path.key("States"),
                "\"States\" must contain at least one state.",
            ));
        }
    }
    for s in &cx.states {
        let st = s.state;
        // A missing or unknown `Type` is reported by the parser, which sees the raw object.
        let Some(kind) = st.kind else { continue };
        if let (Some(Json::String(_)), QueryLanguage::JsonPath) =
            (&st.credentials, s.query_language)
        {
            found.push(crate::rules::wrong_type::RULE.at(
                s.path.key("Credentials"),
                format!("{} state \"{}\" uses JSONPath, where \"Credentials\" must be an object with \"RoleArn\" (or \"RoleArn.$\"), not a string.", kind.as_str(), s.name),
            ));
        }
        if let Some(Json::Object(members)) = &st.credentials {
            let has = |k: &str| k == "RoleArn" || k == "RoleArn.$";
            if !members.iter().any(|(k, _)| has(k)) {
                // Credentials is a payload, so no other rule names a misspelt key in it.
                let misspelt = members
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .find(|k| is_written_as(k, &["RoleArn", "RoleArn.$"]));
                let found_instead = match (misspelt, members.is_empty()) {
                    (Some(k), _) => format!(" (found \"{k}\": did you mean \"RoleArn\"?)"),
                    (None, true) => " (the object is empty)".to_string(),
                    (None, false) => String::new(),
                };
                found.push(
                    RULE.at(
                        s.path.key("Credentials").key("RoleArn"),
                        format!(
                            "{} state \"{}\": \"Credentials\" needs \"RoleArn\", the role the task assumes{found_instead}.",
                            kind.as_str(),
                            s.name,
                        ),
                    )
                    .with_hint(match s.query_language {
                        QueryLanguage::JsonPath => "Give \"RoleArn\": \"arn:aws:iam::123456789012:role/name\", or \"RoleArn.$\" with a path to it; or remove Credentials to run the task as the state machine's role.",
                        QueryLanguage::Jsonata => "Give \"RoleArn\": \"arn:aws:iam::123456789012:role/name\" (or a {% %} expression); or remove Credentials to run the task as the state machine's role.",
                    }),
                );
            }
        }
        let mut need = |present: bool, field: &str, what: &str| {
            if !present && !written(&st.unknown, &[field]) {
                found.push(RULE.at(
                    s.path.key(field),
                    format!(
                        "{} state \"{}\" needs \"{field}\"{what}.",
                        kind.as_str(),
                        s.name
                    ),
                ));
            }
        };
        match kind {
            StateType::Task => need(st.resource.is_some(), "Resource", ""),
            StateType::Choice => need(
                st.choices.as_ref().is_some_and(|c| !c.is_empty()),
                "Choices",
                " with at least one rule",
            ),
            StateType::Parallel => need(
                st.branches.as_ref().is_some_and(|b| !b.is_empty()),
                "Branches",
                " with at least one branch",
            ),
            StateType::Map => need(
                st.processor().is_some() || written(&st.unknown, &["Iterator"]),
                "ItemProcessor",
                "",
            ),
            _ => {}
        }
        for (i, r) in st.retry.iter().flatten().enumerate() {
            if r.error_equals.as_ref().is_none_or(|e| e.is_empty())
                && !written(&r.unknown, &["ErrorEquals"])
            {
                found.push(RULE.at(
                    s.path.key("Retry").index(i).key("ErrorEquals"),
                    "A retrier needs a non-empty \"ErrorEquals\" list.",
                ));
            }
        }
        for (i, c) in st.catch.iter().flatten().enumerate() {
            let p = || s.path.key("Catch").index(i);
            if c.error_equals.as_ref().is_none_or(|e| e.is_empty())
                && !written(&c.unknown, &["ErrorEquals"])
            {
                found.push(RULE.at(
                    p().key("ErrorEquals"),
                    "A catcher needs a non-empty \"ErrorEquals\" list.",
                ));
            }
            if c.next.is_none() && !written(&c.unknown, &["Next"]) {
                found.push(RULE.at(
                    p().key("Next"),
                    "A catcher needs \"Next\", the state to go to when it matches.",
                ));
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
