//! Reports, in an EXPRESS state machine, a Task that uses an integration pattern Express
//! executions do not support: the job-run pattern (`.sync`, `.sync:2`), the callback pattern
//! (`.waitForTaskToken`) or an activity. Resources are read through the Task resource parser, so
//! integration ARNs with the region and account filled in and SDK integrations
//! (`aws-sdk:...waitForTaskToken`) count too. Checked only when the workflow type is known.
//! States in a Distributed Map's child executions are left to ASL604, which knows their type.

use crate::diagnostic::{Rule, Severity};
use crate::model::StateType;
use crate::rules::map_common::{express_unsupported, runner, ExpressUnsupported, Runner};
use crate::rules::{Ctx, WorkflowType};

pub static RULE: Rule = Rule {
    code: "ASL602",
    name: "express-unsupported-integration",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "An EXPRESS state machine uses .sync, .waitForTaskToken or an activity, which Express executions do not support.",
    fix: "Use a STANDARD state machine, or call the service with the request-response pattern (drop the suffix) and poll or react to an event instead.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    if cx.options.workflow_type != Some(WorkflowType::Express) {
        return;
    }
    let mut found = Vec::new();
    for s in &cx.states {
        if s.state.kind != Some(StateType::Task) {
            continue;
        }
        let Some(res) = s.state.resource.as_deref() else {
            continue;
        };
        let Some(unsupported) = express_unsupported(res) else {
            continue;
        };
        if runner(cx, s.scope) != Runner::Machine {
            continue;
        }
        let mut d = RULE.at(
            s.path.key("Resource"),
            format!(
                "Task state \"{}\" uses \"{res}\", {}, which EXPRESS state machines do not support.",
                s.name,
                unsupported.describe()
            ),
        );
        if unsupported == ExpressUnsupported::Activity {
            d = d.with_hint("Use a STANDARD state machine, or do the work in a Lambda function or an HTTP task instead of an activity.");
        }
        found.push(d);
    }
    for d in found {
        cx.report(d);
    }
}
