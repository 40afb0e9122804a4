//! Reports a `ResultPath` (of a state or a catcher) that is not a reference path. A reference
//! path names a single place to put the result: `$`, dot and bracket names and non-negative
//! indexes only, with no wildcards, filters, slices, deep scans, functions, context paths or
//! variables.

use crate::diagnostic::{Rule, Severity};
use crate::jsonpath;
use crate::model::QueryLanguage;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL402",
    name: "invalid-reference-path",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A `ResultPath` is not a valid reference path.",
    fix: "Use a reference path such as `$`, `$.result` or `$.results['step one']`, or null to discard the result.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.query_language != QueryLanguage::JsonPath {
            continue;
        }
        // (catcher index, reference path); locations and wording are built only when reported.
        let mut fields = Vec::new();
        if let Some(p) = s.state.result_path.as_ref().and_then(|r| r.path()) {
            fields.push((None, p));
        }
        for (i, c) in s.state.catch.iter().flatten().enumerate() {
            if let Some(p) = c.result_path.as_ref().and_then(|r| r.path()) {
                fields.push((Some(i), p));
            }
        }
        for (catcher, value) in fields {
            if let Err(e) = jsonpath::check_reference_path(value) {
                let (path, whose) = match catcher {
                    None => (s.path.key("ResultPath"), String::new()),
                    Some(i) => (
                        s.path.key("Catch").index(i).key("ResultPath"),
                        format!(" (catcher {i})"),
                    ),
                };
                found.push(RULE.at(
                    path,
                    format!(
                        "ResultPath \"{value}\" of state \"{}\"{whose} is not a valid reference path: {} (at character {}).",
                        s.name, e.message, e.offset
                    ),
                ));
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
