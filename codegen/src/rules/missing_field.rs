//! Reports a required field that is missing: `StartAt` and `States` (non-empty) in every workflow,
//! `Type` in every state (reported by the parser), `Resource` in a Task, `Choices` in a Choice, `Branches` in a Parallel,
//! `ItemProcessor` in a Map, `ErrorEquals` in retriers and catchers, `Next` in catchers.

use crate::diagnostic::{Rule, Severity};
use crate::model::StateType;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL006",
    name: "missing-field",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A required field is missing or empty.",
    fix: "Add the field named in the message.",
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for scope in &cx.scopes {
        let w = scope.workflow;
        if w.start_at.is_none() {
            found.push(RULE.at(
                scope.path.key("StartAt"),
                "Every workflow needs \"StartAt\", the name of its first state.",
            ));
        }
        if w.states.is_empty() && !w.open {
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
        let mut need = |present: bool, field: &str, what: &str| {
            if !present {
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
            StateType::Map => need(st.processor().is_some(), "ItemProcessor", ""),
            _ => {}
        }
        for (i, r) in st.retry.iter().flatten().enumerate() {
            if r.error_equals.as_ref().is_none_or(|e| e.is_empty()) {
                found.push(RULE.at(
                    s.path.key("Retry").index(i).key("ErrorEquals"),
                    "A retrier needs a non-empty \"ErrorEquals\" list.",
                ));
            }
        }
        for (i, c) in st.catch.iter().flatten().enumerate() {
            let p = || s.path.key("Catch").index(i);
            if c.error_equals.as_ref().is_none_or(|e| e.is_empty()) {
                found.push(RULE.at(
                    p().key("ErrorEquals"),
                    "A catcher needs a non-empty \"ErrorEquals\" list.",
                ));
            }
            if c.next.is_none() {
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
