//! Warns about a Pass state `Result` that contains keys ending in `.$` or values that look like
//! paths or intrinsic calls: `Result` is a fixed value, never evaluated.

use crate::dataflow;
use crate::diagnostic::{Loc, Rule, SegRef, Severity};
use crate::intrinsics;
use crate::jsonpath;
use crate::model::StateType;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL409",
    name: "pass-result-is-static",
    severity: Severity::Warning,
    aws_code: Some("PASS_RESULT_IS_STATIC"),
    summary: "A Pass state's `Result` contains paths or `.$` keys, which are not evaluated.",
    fix: "Move the template to `Parameters` (JSONPath) or `Output` (JSONata) to evaluate it; `Result` is always passed on as written.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.state.kind != Some(StateType::Pass) {
            continue;
        }
        let Some(result) = &s.state.result else {
            continue;
        };
        let base = s.path.key("Result");
        let base = Loc::At(&base);
        dataflow::for_each_member(result, &base, |path, key, _| {
            if key.ends_with(".$") {
                found.push(RULE.at(
                    path.to_path(),
                    format!(
                        "The Result of Pass state \"{}\" has the key \"{key}\", but Result is never evaluated: the key keeps its \".$\" and its value is passed on as written.",
                        s.name
                    ),
                ));
            }
        });
        dataflow::for_each_string(result, &base, |path, text| {
            let dollar_key = matches!(path.last(), Some(SegRef::Key(k)) if k.ends_with(".$"));
            if dollar_key {
                return;
            }
            if jsonpath::looks_like_path(text) || intrinsics::looks_like_intrinsic(text) {
                found.push(RULE.at(
                    path.to_path(),
                    format!(
                        "The Result of Pass state \"{}\" holds \"{text}\", which looks like a path or intrinsic call but is passed on as literal text.",
                        s.name
                    ),
                ));
            }
        });
    }
    for d in found {
        cx.report(d);
    }
}
