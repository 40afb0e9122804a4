//! Reports a Distributed-Map-only field on a Map state that runs inline: `ItemReader`,
//! `ItemBatcher`, `ResultWriter`, `ToleratedFailurePercentage(Path)`, `ToleratedFailureCount(Path)`
//! and `Label` need `ProcessorConfig.Mode: DISTRIBUTED` on the item processor (`ItemProcessor`, or
//! the legacy `Iterator`, which AWS also runs in Distributed mode). Also warns about a
//! `ProcessorConfig.ExecutionType` on an inline Map, where it has no effect.

use crate::diagnostic::{Rule, Severity};
use crate::model::StateType;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL501",
    name: "distributed-only-field",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Map state that runs inline uses a field that only a Distributed Map accepts.",
    fix: "Set ItemProcessor.ProcessorConfig to {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"} (or EXPRESS), or remove the field.",
    notes: Some("A legacy `Iterator` with `ProcessorConfig.Mode: DISTRIBUTED` is a Distributed Map like an `ItemProcessor`: AWS creates and runs such definitions as Map Runs."),
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let st = s.state;
        if st.kind != Some(StateType::Map) {
            continue;
        }
        // Without a processor the mode is unknown; the missing ItemProcessor is reported alone.
        if st.is_distributed_map() || st.processor().is_none() {
            continue;
        }
        let fields: [(&str, bool); 8] = [
            ("ItemReader", st.item_reader.is_some()),
            ("ItemBatcher", st.item_batcher.is_some()),
            ("ResultWriter", st.result_writer.is_some()),
            (
                "ToleratedFailurePercentage",
                st.tolerated_failure_percentage.is_some(),
            ),
            (
                "ToleratedFailurePercentagePath",
                st.tolerated_failure_percentage_path.is_some(),
            ),
            (
                "ToleratedFailureCount",
                st.tolerated_failure_count.is_some(),
            ),
            (
                "ToleratedFailureCountPath",
                st.tolerated_failure_count_path.is_some(),
            ),
            ("Label", st.label.is_some()),
        ];
        for (field, present) in fields {
            if present {
                found.push(RULE.at(
                    s.path.key(field),
                    format!(
                        "Map state \"{}\" runs inline, but \"{field}\" is only supported by a Distributed Map.",
                        s.name
                    ),
                ));
            }
        }
        let processor_key = if st.item_processor.is_some() {
            "ItemProcessor"
        } else {
            "Iterator"
        };
        if let Some(et) = st
            .processor()
            .and_then(|p| p.processor_config.as_ref())
            .and_then(|c| c.execution_type.as_deref())
        {
            found.push(
                RULE.at(
                    s.path
                        .key(processor_key)
                        .key("ProcessorConfig")
                        .key("ExecutionType"),
                    format!(
                        "Map state \"{}\" runs inline, so ExecutionType {et} has no effect: inline iterations run inside the parent execution.",
                        s.name
                    ),
                )
                .with_severity(Severity::Warning)
                .with_hint("Remove ExecutionType, or set Mode to DISTRIBUTED to run each item as a child execution of that type."),
            );
        }
    }
    for d in found {
        cx.report(d);
    }
}
