//! Reports an `Assign` object whose JSON text is larger than 256 KiB, or a single assigned value
//! larger than 256 KiB (the Step Functions limits per Assign and per variable). Sizes are of the
//! values as written; values computed at run time are not known here.

use crate::dataflow;
use crate::diagnostic::{Rule, Severity};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL414",
    name: "assign-too-large",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "An `Assign` object or one of its variables is larger than 256 KiB.",
    fix: "Keep each variable and each Assign under 256 KiB: store large data in Amazon S3 and assign its location instead.",
    notes: None,
};

const LIMIT: usize = 256 * 1024;

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        for (base, _, _, assign) in dataflow::assigns(s.state, &s.path) {
            let total = assign.compact_len();
            if total > LIMIT {
                found.push(RULE.at(
                    base.path(),
                    format!(
                        "The Assign of state \"{}\" is {total} bytes of JSON, more than the 256 KiB ({LIMIT} bytes) limit.",
                        s.name
                    ),
                ));
            }
            for (key, value) in assign.as_object().unwrap_or_default() {
                let size = value.compact_len();
                if size > LIMIT {
                    found.push(RULE.at(
                        base.path().key(key),
                        format!(
                            "Variable \"{key}\" assigned by state \"{}\" is {size} bytes of JSON, more than the 256 KiB ({LIMIT} bytes) limit per variable.",
                            s.name
                        ),
                    ));
                }
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
