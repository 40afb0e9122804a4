//! Warns where an Express execution is certain to run out of time: an EXPRESS state machine's
//! top-level `TimeoutSeconds` above 300 (Express executions stop after 5 minutes, so it never
//! applies), and a Wait state with a literal `Seconds` above 300 in an EXPRESS machine or in the
//! EXPRESS child executions of a Distributed Map (the execution times out while waiting).

use crate::diagnostic::{Rule, Severity};
use crate::model::{NumOrExpr, StateType};
use crate::rules::map_common::{runner, Runner};
use crate::rules::{Ctx, WorkflowType};

pub static RULE: Rule = Rule {
    code: "ASL603",
    name: "express-duration",
    severity: Severity::Warning,
    aws_code: None,
    summary: "An Express execution is given, or made to wait, longer than its 5-minute limit.",
    fix: "Express executions run for at most 300 seconds: shorten the wait or timeout, or use a STANDARD workflow (up to one year).",
    notes: None,
};

/// The longest an Express execution runs, in seconds.
pub const EXPRESS_MAX_SECONDS: f64 = 300.0;

pub fn check(cx: &mut Ctx) {
    let machine_express = cx.options.workflow_type == Some(WorkflowType::Express);
    let mut found = Vec::new();
    if machine_express {
        if let Some(NumOrExpr::Num(n)) = &cx.machine.timeout_seconds {
            if n.as_f64() > EXPRESS_MAX_SECONDS {
                found.push(RULE.at(
                    crate::diagnostic::Path::root().key("TimeoutSeconds"),
                    format!(
                        "TimeoutSeconds is {n}, but an EXPRESS execution stops after 300 seconds whatever the timeout."
                    ),
                ).with_hint("Set TimeoutSeconds to 300 or less, or deploy the machine as STANDARD."));
            }
        }
    }
    for s in &cx.states {
        if s.state.kind != Some(StateType::Wait) {
            continue;
        }
        let Some(NumOrExpr::Num(n)) = &s.state.seconds else {
            continue;
        };
        if n.as_f64() <= EXPRESS_MAX_SECONDS {
            continue;
        }
        let place = match runner(cx, s.scope) {
            Runner::Machine if machine_express => "an EXPRESS state machine".to_string(),
            Runner::Child {
                map,
                execution_type: Some("EXPRESS"),
            } => format!(
                "the EXPRESS child executions of Distributed Map state \"{}\"",
                cx.states[map].name
            ),
            _ => continue,
        };
        found.push(RULE.at(
            s.path.key("Seconds"),
            format!(
                "Wait state \"{}\" waits {n} seconds in {place}, which times out after 300 seconds.",
                s.name
            ),
        ));
    }
    for d in found {
        cx.report(d);
    }
}
