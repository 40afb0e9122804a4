//! Reports an object key given twice in the same object (a state name, a field): JSON parsers keep
//! only one of them, so the other is silently lost.

use crate::diagnostic::{Diagnostic, Loc, Path, Rule, Seg, Severity};

pub static RULE: Rule = Rule {
    code: "ASL002",
    name: "duplicate-key",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "The same key appears twice in one JSON object.",
    fix: "Remove or rename one of the two keys.",
    notes: None,
};

/// The diagnostic for `key` given twice in the object at `object`, naming the first occurrence
/// too (the parser places both, see `source::parse_json`).
pub fn duplicate(object: &Loc<'_>, key: &str) -> Diagnostic {
    let object = object.to_path();
    let path = object.key(key);
    let message = if is_states_object(&object) {
        format!("State \"{key}\" is defined twice in the same States object; only the last definition would be used.")
    } else {
        format!("The key \"{key}\" appears more than once in the same object; only the last value would be used.")
    };
    RULE.at(path.clone(), message)
        .with_related(path, format!("\"{key}\" is first given here"))
}

/// True for the `States` object of the machine, a Parallel branch or a Map item processor.
fn is_states_object(path: &Path) -> bool {
    let segs = path.segments();
    let Some((Seg::Key(last), parent)) = segs.split_last() else {
        return false;
    };
    if last != "States" {
        return false;
    }
    match parent {
        [] => true,
        [.., Seg::Key(states), Seg::Key(_), Seg::Key(field)] if states == "States" => {
            field == "ItemProcessor" || field == "Iterator"
        }
        [.., Seg::Key(states), Seg::Key(_), Seg::Key(branches), Seg::Index(_)] => {
            states == "States" && branches == "Branches"
        }
        _ => false,
    }
}
