//! Reports an `ItemBatcher` without a batch limit (`MaxItemsPerBatch(Path)` or
//! `MaxInputBytesPerBatch(Path)`), a limit given both literally and as a path, and a literal limit
//! that is not a whole number above 0 or, for bytes, above 256 KiB (262,144 bytes).

use crate::diagnostic::{Rule, Severity};
use crate::model::{NumOrExpr, StateType};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL504",
    name: "item-batcher-config",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Distributed Map ItemBatcher has no batch limit, a limit given twice, or a limit out of range.",
    fix: "Give MaxItemsPerBatch (a whole number above 0) and/or MaxInputBytesPerBatch (1 to 262144), each either literally or as a *Path, not both.",
    notes: None,
};

/// The largest batch input AWS accepts: 256 KiB.
pub const MAX_BYTES: i64 = 262_144;

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let st = s.state;
        if st.kind != Some(StateType::Map) {
            continue;
        }
        let Some(b) = &st.item_batcher else { continue };
        let p = s.path.key("ItemBatcher");
        let name = s.name;
        let limits = [
            (
                "MaxItemsPerBatch",
                &b.max_items_per_batch,
                b.max_items_per_batch_path.is_some(),
                i64::MAX,
            ),
            (
                "MaxInputBytesPerBatch",
                &b.max_input_bytes_per_batch,
                b.max_input_bytes_per_batch_path.is_some(),
                MAX_BYTES,
            ),
        ];
        if limits.iter().all(|(_, v, path, _)| v.is_none() && !path) {
            found.push(RULE.at(
                p.clone(),
                format!(
                    "The ItemBatcher of Map state \"{name}\" sets no limit: give MaxItemsPerBatch, MaxInputBytesPerBatch, or both."
                ),
            ));
        }
        for (field, value, has_path, max) in limits {
            if value.is_some() && has_path {
                found.push(
                    RULE.at(
                        p.key(&format!("{field}Path")),
                        format!(
                            "The ItemBatcher of Map state \"{name}\" has both {field} and {field}Path."
                        ),
                    )
                    .with_hint(format!("Keep only one of {field} and {field}Path.")),
                );
            }
            let Some(NumOrExpr::Num(n)) = value else {
                continue;
            };
            let ok = n.as_i64().is_some_and(|v| v >= 1 && v <= max);
            if !ok {
                let range = if max == i64::MAX {
                    "a whole number of at least 1".to_string()
                } else {
                    format!("a whole number from 1 to {max} (256 KiB)")
                };
                found.push(RULE.at(
                    p.key(field),
                    format!(
                        "The ItemBatcher of Map state \"{name}\" has {field} {n}; it must be {range}."
                    ),
                ).with_hint(format!("Set {field} to {range}.")));
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
