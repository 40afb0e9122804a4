//! Reports a JSONPath `*Path` field whose value is not a valid path: `InputPath`, `OutputPath`,
//! `ItemsPath`, `SecondsPath`, `TimestampPath`, `TimeoutSecondsPath`, `HeartbeatSecondsPath`,
//! `MaxConcurrencyPath`, `ToleratedFailurePercentagePath`, `ToleratedFailureCountPath`,
//! ItemReader `MaxItemsPath`, ItemBatcher `MaxItemsPerBatchPath`/`MaxInputBytesPerBatchPath`,
//! Choice rule `Variable` and `...Path` operands, and Fail `ErrorPath`/`CausePath` when they are
//! not intrinsic calls (those are checked by ASL404). Context paths (`$$.Execution.Id`) and
//! variable references (`$order.id`) are accepted.

use crate::dataflow;
use crate::diagnostic::{Rule, Severity};
use crate::intrinsics;
use crate::jsonpath;
use crate::model::QueryLanguage;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL401",
    name: "invalid-path",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A `*Path` field or Choice `Variable` is not a valid JSONPath path.",
    fix: "Write a path starting with `$` (state input), `$$` (context object) or `$name` (a variable), such as `$.order.items[0]` or `$['field name']`.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.query_language != QueryLanguage::JsonPath {
            continue;
        }
        let mut fields = dataflow::path_fields(s.state, &s.path);
        for f in dataflow::fail_paths(s.state, &s.path) {
            if !intrinsics::looks_like_intrinsic(f.2) || intrinsics::has_leading_whitespace(f.2) {
                fields.push(f);
            }
        }
        for (path, field, value) in fields {
            if intrinsics::has_leading_whitespace(value) {
                found.push(
                    RULE.at(
                        path.path(),
                        format!(
                            "{field} {value:?} of state \"{}\" starts with whitespace, which Step Functions does not accept before a path or an intrinsic call.",
                            s.name
                        ),
                    )
                    .with_hint(format!("Remove the leading whitespace: \"{}\".", value.trim_start())),
                );
                continue;
            }
            // A Choice operand that is not a path at all is comparison-operand-type's (ASL210)
            // finding; one problem gets one diagnostic.
            let in_choice = path.has_key("Choices");
            if in_choice && !value.starts_with('$') {
                continue;
            }
            if let Err(e) = jsonpath::check_any(value) {
                found.push(RULE.at(
                    path.path(),
                    format!(
                        "{field} \"{value}\" of state \"{}\" is not a valid path: {} (at character {}).",
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
