//! Warns, in JSONPath states, about a literal field whose value looks like a path and that has a
//! `...Path` twin: Fail `Error`/`Cause` (`ErrorPath`/`CausePath`), Wait `Timestamp`
//! (`TimestampPath`) and Choice comparisons such as `StringEquals` (`StringEqualsPath`). The value
//! is used as literal text, not looked up.

use crate::dataflow;
use crate::diagnostic::{Rule, Severity};
use crate::json::Json;
use crate::jsonpath;
use crate::model::operators::OperandKind;
use crate::model::{Operator, QueryLanguage};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL408",
    name: "no-path",
    severity: Severity::Warning,
    aws_code: Some("NO_PATH"),
    summary: "A literal field holds a value that looks like a path; it is not looked up.",
    fix: "Use the field's `...Path` twin (for example `ErrorPath` instead of `Error`) to read the value from the input.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.query_language != QueryLanguage::JsonPath {
            continue;
        }
        let st = s.state;
        let literal = [
            ("Error", "ErrorPath", st.error.as_deref()),
            ("Cause", "CausePath", st.cause.as_deref()),
        ];
        // Timestamps are not here: a path there is not a valid timestamp, an error that
        // invalid-timestamp (ASL208) reports with the same advice.
        for (field, twin, value) in literal {
            let Some(v) = value else { continue };
            if jsonpath::looks_like_path(v) {
                found.push(
                    RULE.at(
                        s.path.key(field),
                        format!(
                            "{field} \"{v}\" of state \"{}\" looks like a path, but {field} is used literally.",
                            s.name
                        ),
                    )
                    .with_hint(format!("Use \"{twin}\": \"{v}\" to read the value from the input.")),
                );
            }
        }
        for (path, rule) in dataflow::choice_rules(st, &s.path) {
            for (op, operand) in &rule.comparisons {
                let Json::String(v) = operand else { continue };
                if op.is_path()
                    || !jsonpath::looks_like_path(v)
                    || op.operand() == OperandKind::Timestamp
                {
                    continue;
                }
                let twin = format!("{}Path", op.as_str());
                if Operator::parse(&twin).is_none() {
                    continue;
                }
                found.push(
                    RULE.at(
                        path.key(op.as_str()).path(),
                        format!(
                            "{} \"{v}\" in a Choice rule of state \"{}\" compares with the literal text \"{v}\", not the value at that path.",
                            op.as_str(),
                            s.name
                        ),
                    )
                    .with_hint(format!("Use \"{twin}\": \"{v}\" to compare with the value at that path.")),
                );
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
