//! Reports a Task inside a Distributed Map whose child executions are EXPRESS
//! (`ProcessorConfig.ExecutionType: EXPRESS`) that uses `.sync`, `.sync:2`, `.waitForTaskToken` or
//! an activity: each child execution is an Express workflow, which cannot use those patterns.

use crate::diagnostic::{Rule, Severity};
use crate::model::StateType;
use crate::rules::map_common::{express_unsupported, runner, Runner};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL604",
    name: "distributed-map-express-child-sync",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Distributed Map with EXPRESS child executions runs a Task that uses .sync, .waitForTaskToken or an activity.",
    fix: "Set the Distributed Map's ProcessorConfig.ExecutionType to STANDARD, or call the service with the request-response pattern.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
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
        let Runner::Child {
            map,
            execution_type: Some("EXPRESS"),
        } = runner(cx, s.scope)
        else {
            continue;
        };
        found.push(RULE.at(
            s.path.key("Resource"),
            format!(
                "Task state \"{}\" uses \"{res}\", {}, but it runs in the EXPRESS child executions of Distributed Map state \"{}\", which do not support it.",
                s.name,
                unsupported.describe(),
                cx.states[map].name
            ),
        ));
    }
    for d in found {
        cx.report(d);
    }
}
