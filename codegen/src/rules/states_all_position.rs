//! Reports `States.ALL` used together with other error names in one `ErrorEquals`, or in a
//! retrier or catcher that is not the last one: it matches every error, so nothing after it
//! could ever be used.

use crate::diagnostic::{Path, Rule, Severity};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL301",
    name: "states-all-position",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "States.ALL shares its ErrorEquals with other names, or is not in the last retrier or catcher.",
    fix: "Put States.ALL alone in the ErrorEquals of the last retrier or catcher, after the specific errors.",
    notes: None,
};

pub const ALL: &str = "States.ALL";

fn check_list<'a>(
    name: &str,
    field: &str,
    lists: impl ExactSizeIterator<Item = Option<&'a Vec<String>>>,
    state: &Path,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
) {
    let count = lists.len();
    for (i, errors) in lists.enumerate() {
        let Some(errors) = errors else { continue };
        let Some(at) = errors.iter().position(|e| e == ALL) else {
            continue;
        };
        // Built only when reported: `States.ALL` alone in the last entry is the common case.
        let p = || state.key(field).index(i).key("ErrorEquals").index(at);
        if errors.len() > 1 {
            out.push(RULE.at(
                p(),
                format!("State \"{name}\", {field}[{i}]: \"States.ALL\" must be the only error name in its ErrorEquals."),
            ).with_hint(format!("Move the other error names to an earlier {} entry, or remove them: States.ALL already matches them.", field)));
        }
        if i + 1 < count {
            let what = if field == "Retry" {
                "retrier"
            } else {
                "catcher"
            };
            out.push(RULE.at(
                p(),
                format!("State \"{name}\", {field}[{i}]: \"States.ALL\" may only appear in the last {what}; the {what}s after it could never be used."),
            ).with_hint(format!("Move this {what} to the end of {field}.")));
        }
    }
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if let Some(retry) = &s.state.retry {
            check_list(
                s.name,
                "Retry",
                retry.iter().map(|r| r.error_equals.as_ref()),
                &s.path,
                &mut found,
            );
        }
        if let Some(catch) = &s.state.catch {
            check_list(
                s.name,
                "Catch",
                catch.iter().map(|c| c.error_equals.as_ref()),
                &s.path,
                &mut found,
            );
        }
    }
    for d in found {
        cx.report(d);
    }
}
