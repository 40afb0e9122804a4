//! Reports a JSONPath payload template (`Parameters`, `ResultSelector`, `ItemSelector`,
//! `Credentials`, `Assign`, ItemReader/ResultWriter `Parameters`, ItemBatcher `BatchInput`) with
//! a key ending in `.$` whose value is not a string, or is a string that is neither a valid path,
//! context path, variable reference nor intrinsic call (intrinsic calls are checked by ASL404).
//! Nested objects and arrays are walked.

use crate::dataflow;
use crate::diagnostic::{Rule, Severity};
use crate::intrinsics;
use crate::json::Json;
use crate::jsonpath;
use crate::model::QueryLanguage;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL403",
    name: "invalid-payload-template",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A payload template key ending in `.$` does not hold a path, context path, variable or intrinsic call.",
    fix: "Give a key ending in `.$` a string value such as `$.order.id`, `$$.Execution.Id`, `$myVariable` or `States.Format('{}', $.id)`; for a literal value, drop the `.$` from the key.",
    notes: Some("Whitespace before a path or an intrinsic call is an error (AWS rejects both); whitespace after one is accepted, as Jayway trims it after a path and AWS's behaviour after a call is not recorded."),
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.query_language != QueryLanguage::JsonPath {
            continue;
        }
        for f in dataflow::jsonpath_templates(s.state, &s.path) {
            dataflow::for_each_member(&f.value, &f.at.loc(), |path, key, value| {
                if !key.ends_with(".$") {
                    return;
                }
                let text = match value {
                    Json::String(t) => t,
                    other => {
                        found.push(RULE.at(
                            path.to_path(),
                            format!(
                                "\"{key}\" in the {} of state \"{}\" ends in \".$\", so its value must be a string (a path or an intrinsic call), not {}.",
                                f.name, s.name, other.type_name()
                            ),
                        ));
                        return;
                    }
                };
                if intrinsics::has_leading_whitespace(text) {
                    found.push(
                        RULE.at(
                            path.to_path(),
                            format!(
                                "\"{key}\" in the {} of state \"{}\": {text:?} starts with whitespace, which Step Functions does not accept before a path or an intrinsic call.",
                                f.name, s.name
                            ),
                        )
                        .with_hint(format!("Remove the leading whitespace: \"{}\".", text.trim_start())),
                    );
                    return;
                }
                if intrinsics::looks_like_intrinsic(text) {
                    return;
                }
                if text.starts_with('$') {
                    if let Err(e) = jsonpath::check_any(text) {
                        found.push(RULE.at(
                            path.to_path(),
                            format!(
                                "\"{key}\" in the {} of state \"{}\": \"{text}\" is not a valid path: {} (at character {}).",
                                f.name, s.name, e.message, e.offset
                            ),
                        ));
                    }
                    return;
                }
                let mut d = RULE.at(
                    path.to_path(),
                    format!(
                        "\"{key}\" in the {} of state \"{}\" ends in \".$\", but \"{text}\" is not a path, context path, variable or intrinsic call.",
                        f.name, s.name
                    ),
                );
                if text.starts_with("{%") {
                    d = d.with_hint("JSONata expressions are evaluated only in JSONata states: set \"QueryLanguage\": \"JSONata\" and use Arguments/Output, or write a JSONPath path here.");
                } else {
                    d = d.with_hint(format!(
                        "For the literal string, name the key \"{}\"; for a value from the input, write a path such as \"$.{}\".",
                        key.trim_end_matches(".$"),
                        key.trim_end_matches(".$")
                    ));
                }
                found.push(d);
            });
        }
    }
    for d in found {
        cx.report(d);
    }
}
