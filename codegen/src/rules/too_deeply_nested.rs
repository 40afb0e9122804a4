//! Reports Parallel and Map states nested more deeply than Step Functions accepts.

use crate::diagnostic::{Rule, Severity};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL108",
    name: "too-deeply-nested",
    severity: Severity::Error,
    aws_code: Some("TOO_DEEPLY_NESTED"),
    summary: "Parallel and Map states nested more than 20 levels deep.",
    fix: "Flatten the workflow, or move the inner part into a separate state machine started with a states:startExecution task.",
    notes: None,
};

/// Nesting levels of branches and item processors allowed below the top level.
pub const MAX_DEPTH: usize = 20;

pub fn check(cx: &mut Ctx) {
    let found: Vec<_> = cx
        .scopes
        .iter()
        .filter(|s| s.depth == MAX_DEPTH + 1)
        .map(|s| {
            RULE.at(
                s.path.clone(),
                format!(
                    "This workflow is nested {} levels deep; the limit is {MAX_DEPTH}.",
                    s.depth
                ),
            )
        })
        .collect();
    for d in found {
        cx.report(d);
    }
}
