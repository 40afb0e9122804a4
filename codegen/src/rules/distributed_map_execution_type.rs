//! Reports a Distributed Map whose `ItemProcessor.ProcessorConfig` has no `ExecutionType`. AWS
//! requires it in Distributed mode: `STANDARD` or `EXPRESS`, the type of the child executions.

use crate::diagnostic::{Rule, Severity};
use crate::model::StateType;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL502",
    name: "distributed-map-execution-type",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Distributed Map does not say which execution type its child executions use.",
    fix: "Add \"ExecutionType\": \"STANDARD\" (up to a year, exactly once, all integrations) or \"EXPRESS\" (up to 5 minutes, no .sync or callbacks) to ProcessorConfig.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let st = s.state;
        if st.kind != Some(StateType::Map) {
            continue;
        }
        // The processor under either name: a legacy Iterator runs in Distributed mode too.
        let (key, processor) = match (&st.item_processor, &st.iterator) {
            (Some(p), _) => ("ItemProcessor", p),
            (None, Some(p)) => ("Iterator", p),
            (None, None) => continue,
        };
        let Some(config) = &processor.processor_config else {
            continue;
        };
        if config.mode.as_deref() == Some("DISTRIBUTED") && config.execution_type.is_none() {
            found.push(RULE.at(
                s.path
                    .key(key)
                    .key("ProcessorConfig")
                    .key("ExecutionType"),
                format!(
                    "Distributed Map state \"{}\" has no ProcessorConfig.ExecutionType; it is required in Distributed mode.",
                    s.name
                ),
            ));
        }
    }
    for d in found {
        cx.report(d);
    }
}
