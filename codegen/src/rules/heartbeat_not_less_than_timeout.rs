//! Reports a Task whose literal `HeartbeatSeconds` is not smaller than its literal
//! `TimeoutSeconds`: the heartbeat could never fire before the timeout.

use crate::diagnostic::{Rule, Severity};
use crate::model::StateType;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL206",
    name: "heartbeat-not-less-than-timeout",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Task's HeartbeatSeconds is greater than or equal to its TimeoutSeconds.",
    fix: "Make HeartbeatSeconds smaller than TimeoutSeconds (or raise TimeoutSeconds).",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let st = s.state;
        if st.kind != Some(StateType::Task) {
            continue;
        }
        let (Some(heartbeat), Some(timeout)) = (
            st.heartbeat_seconds.as_ref().and_then(|v| v.num()),
            st.timeout_seconds.as_ref().and_then(|v| v.num()),
        ) else {
            continue;
        };
        let (h, t) = (heartbeat.as_f64(), timeout.as_f64());
        if h.is_nan() || t.is_nan() || h < t {
            continue;
        }
        found.push(RULE.at(
            s.path.key("HeartbeatSeconds"),
            format!(
                "Task state \"{}\" has HeartbeatSeconds {heartbeat}, which is not less than its TimeoutSeconds {timeout}.",
                s.name
            ),
        ));
    }
    for d in found {
        cx.report(d);
    }
}
