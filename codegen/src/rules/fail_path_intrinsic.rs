//! Reports a Fail state `ErrorPath` or `CausePath` that calls an intrinsic function not
//! returning a string. Only `States.Format`, `States.JsonToString`, `States.ArrayGetItem`,
//! `States.Base64Encode`, `States.Base64Decode`, `States.Hash` and `States.UUID` are allowed there.

use crate::dataflow;
use crate::diagnostic::{Rule, Severity};
use crate::intrinsics;
use crate::model::QueryLanguage;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL410",
    name: "fail-path-intrinsic",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Fail state's `ErrorPath` or `CausePath` calls an intrinsic function that does not return a string.",
    fix: "Use a path, or one of States.Format, States.JsonToString, States.ArrayGetItem, States.Base64Encode, States.Base64Decode, States.Hash or States.UUID.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.query_language != QueryLanguage::JsonPath {
            continue;
        }
        for (path, field, text) in dataflow::fail_paths(s.state, &s.path) {
            if !intrinsics::looks_like_intrinsic(text) || intrinsics::has_leading_whitespace(text) {
                continue;
            }
            let Ok(call) = intrinsics::parse(text) else {
                continue;
            };
            let Some(spec) = intrinsics::function(&call.name) else {
                continue;
            };
            if !spec.returns_string {
                found.push(RULE.at(
                    path.path(),
                    format!(
                        "{field} of Fail state \"{}\" calls States.{}, which does not return a string.",
                        s.name, spec.name
                    ),
                ));
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
