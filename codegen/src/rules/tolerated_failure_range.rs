//! Reports a literal `ToleratedFailurePercentage` outside 0 to 100 (fractions are allowed) and a
//! literal `ToleratedFailureCount` that is not a whole number of at least 0.

use crate::diagnostic::{Rule, Severity};
use crate::model::{NumOrExpr, StateType};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL506",
    name: "tolerated-failure-range",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Distributed Map tolerated failure threshold is out of range.",
    fix: "Use a ToleratedFailurePercentage from 0 to 100 and a ToleratedFailureCount that is a whole number of at least 0.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let st = s.state;
        if st.kind != Some(StateType::Map) {
            continue;
        }
        if let Some(NumOrExpr::Num(n)) = &st.tolerated_failure_percentage {
            let v = n.as_f64();
            if !(0.0..=100.0).contains(&v) {
                found.push(RULE.at(
                    s.path.key("ToleratedFailurePercentage"),
                    format!(
                        "Map state \"{}\" has ToleratedFailurePercentage {n}; it must be from 0 to 100.",
                        s.name
                    ),
                ));
            }
        }
        if let Some(NumOrExpr::Num(n)) = &st.tolerated_failure_count {
            if n.as_i64().is_none_or(|v| v < 0) {
                found.push(RULE.at(
                    s.path.key("ToleratedFailureCount"),
                    format!(
                        "Map state \"{}\" has ToleratedFailureCount {n}; it must be a whole number of at least 0.",
                        s.name
                    ),
                ));
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
