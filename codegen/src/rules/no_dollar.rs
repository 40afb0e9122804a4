//! Warns about a value in a JSONPath payload template that looks like a path (`$.x`, `$$.x`) or
//! an intrinsic call (`States.Format(...)`) under a key that does not end in `.$`: it is passed
//! on as a literal string, not evaluated.

use crate::dataflow;
use crate::diagnostic::{Rule, Severity};
use crate::intrinsics;
use crate::json::Json;
use crate::jsonpath;
use crate::model::QueryLanguage;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL407",
    name: "no-dollar",
    severity: Severity::Warning,
    aws_code: Some("NO_DOLLAR"),
    summary: "A payload value looks like a path or intrinsic call, but its key does not end in `.$`, so it is not evaluated.",
    fix: "End the key with `.$` (`\"orderId.$\": \"$.order.id\"`) to evaluate the value.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.query_language != QueryLanguage::JsonPath {
            continue;
        }
        for f in dataflow::jsonpath_templates(s.state, &s.path) {
            dataflow::for_each_member(&f.value, &f.at.loc(), |path, key, value| {
                let Json::String(text) = value else { return };
                if key.ends_with(".$") {
                    return;
                }
                let what = if jsonpath::looks_like_path(text) {
                    "a path"
                } else if intrinsics::looks_like_intrinsic(text) {
                    "an intrinsic call"
                } else {
                    return;
                };
                found.push(
                    RULE.at(
                        path.to_path(),
                        format!(
                            "\"{key}\" in the {} of state \"{}\" holds {what}, \"{text}\", but the key does not end in \".$\", so the text is passed on literally.",
                            f.name, s.name
                        ),
                    )
                    .with_hint(format!("Rename the key to \"{key}.$\" to evaluate the value.")),
                );
            });
        }
    }
    for d in found {
        cx.report(d);
    }
}
