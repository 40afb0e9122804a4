//! The definition of a state machine, in one place: its offline validation, and its comparison
//! (the same JSON, formatting and key order aside, is the same definition; the text the
//! configuration wrote is kept in state while AWS holds the same JSON).

use sfn_codegen::control::Overrides;
use sfn_codegen::{Options, WorkflowType};
use tf_provider::{AttributePath, Diagnostics};

use crate::diags;

/// Two definitions are the same when they are the same JSON (formatting and key order aside).
pub fn same(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let mut d = Vec::new();
    match (
        sfn_codegen::source::parse_json(a, &mut d),
        sfn_codegen::source::parse_json(b, &mut d),
    ) {
        (Some(x), Some(y)) => x.semantic_eq(&y),
        _ => false,
    }
}

/// The text to keep in state for what AWS has: the prior text when it is the same JSON.
pub fn kept(prior: Option<&str>, remote: &str) -> String {
    match prior {
        Some(p) if same(p, remote) => p.to_string(),
        _ => remote.to_string(),
    }
}

/// Whether the planned definition differs from the prior one (unknown counts as a change).
pub fn changed(prior: Option<&str>, planned: Option<&str>) -> bool {
    match (prior, planned) {
        (Some(a), Some(b)) => !same(a, b),
        _ => true,
    }
}

/// The offline validation: every finding of the rules, at `definition`, with the JSON pointer
/// and line in the detail. `workflow_type` is `None` while the machine's type is unknown (the
/// Express-only checks wait for it).
pub fn check(
    text: &str,
    workflow_type: Option<WorkflowType>,
    rules: &Overrides,
    diags: &mut Diagnostics,
) {
    let report = sfn_codegen::check_str(
        text,
        &Options {
            workflow_type,
            rules: rules.clone(),
        },
    );
    for d in &report.diagnostics {
        diags::push(
            diags,
            d,
            AttributePath::new("definition"),
            "Location in the definition",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_compare_as_json() {
        assert!(same(
            r#"{"a":1,"b":[1,2]}"#,
            "{\n  \"b\": [1, 2.0],\n  \"a\": 1\n}"
        ));
        assert!(!same(r#"{"a":1}"#, r#"{"a":2}"#));
        assert!(!same(r#"{"a":1}"#, "not json"));
        assert_eq!(kept(Some("{ \"a\": 1 }"), r#"{"a":1}"#), "{ \"a\": 1 }");
        assert_eq!(kept(Some("{ \"a\": 2 }"), r#"{"a":1}"#), r#"{"a":1}"#);
        assert!(changed(None, Some("{}")));
        assert!(!changed(Some("{}"), Some("{ }")));
    }
}
