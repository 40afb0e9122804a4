//! Reports an invalid intrinsic function call in a JSONPath payload template value (key ending
//! in `.$`) or in a Fail state's `ErrorPath`/`CausePath`: unknown function, wrong number of
//! arguments, a literal argument of the wrong type or value (a `States.Hash` algorithm, the
//! `States.JsonMerge` flag, `States.Format` placeholders), unbalanced quotes or parentheses, or
//! calls nested more than 10 deep. Intrinsic functions exist in JSONPath states only.

use crate::dataflow;
use crate::diagnostic::{Diagnostic, Path, Rule, Severity};
use crate::intrinsics;
use crate::json::Json;
use crate::model::QueryLanguage;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL404",
    name: "invalid-intrinsic",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "An intrinsic function call is malformed, unknown, or has wrong arguments.",
    fix: "Call one of the 18 `States.*` intrinsic functions with the arguments it takes, quoting strings with single quotes and escaping `'`, `{`, `}` and `\\` with a backslash.",
    notes: None,
};

fn invalid(
    path: Path,
    where_: impl std::fmt::Display,
    state: &str,
    e: &intrinsics::IntrinsicError,
    text: &str,
) -> Diagnostic {
    RULE.at(
        path,
        format!(
            "Invalid intrinsic call in {where_} of state \"{state}\": {} (at character {} of \"{text}\").",
            e.message, e.offset
        ),
    )
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.query_language != QueryLanguage::JsonPath {
            continue;
        }
        for f in dataflow::jsonpath_templates(s.state, &s.path) {
            dataflow::for_each_member(&f.value, &f.at.loc(), |path, key, value| {
                if let (true, Json::String(text)) = (key.ends_with(".$"), value) {
                    // Leading whitespace is invalid-payload-template's finding.
                    if intrinsics::looks_like_intrinsic(text)
                        && !intrinsics::has_leading_whitespace(text)
                    {
                        if let Err(e) = intrinsics::check(text) {
                            let where_ = format_args!("\"{key}\" in the {}", f.name);
                            found.push(invalid(path.to_path(), where_, s.name, &e, text));
                        }
                    }
                }
            });
        }
        for (path, field, text) in dataflow::fail_paths(s.state, &s.path) {
            if intrinsics::looks_like_intrinsic(text) && !intrinsics::has_leading_whitespace(text) {
                if let Err(e) = intrinsics::check(text) {
                    found.push(invalid(path.path(), field, s.name, &e, text));
                }
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
