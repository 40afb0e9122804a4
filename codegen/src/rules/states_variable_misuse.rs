//! Reports JSONata uses of `$states` fields where they do not exist: `$states.errorOutput`
//! outside a catcher's `Output` or `Assign`, and `$states.result` where there is no result yet
//! (a Task or Parallel `Arguments`, or fields evaluated before the work runs such as `Items`,
//! `ItemSelector`, `Credentials` or `TimeoutSeconds`) or at all (Pass, Wait, Choice, Succeed and
//! Fail states).

use crate::dataflow::{self, Role};
use crate::diagnostic::{Rule, Severity};
use crate::jsonata;
use crate::model::{QueryLanguage, StateType};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL415",
    name: "states-variable-misuse",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A JSONata expression uses `$states.result` or `$states.errorOutput` where it does not exist.",
    fix: "Use `$states.errorOutput` only in a catcher's Output or Assign, and `$states.result` only in the Output or Assign of a Task, Parallel or Map state; use `$states.input` for the state input.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.query_language != QueryLanguage::Jsonata {
            continue;
        }
        let no_result_state = matches!(
            s.state.kind,
            Some(
                StateType::Pass
                    | StateType::Wait
                    | StateType::Choice
                    | StateType::Succeed
                    | StateType::Fail
            )
        );
        for f in dataflow::jsonata_values(s.state, &s.path) {
            dataflow::for_each_string(&f.value, &f.at.loc(), |path, text| {
                let Some(Ok(expr)) = jsonata::parse_value(text) else {
                    return;
                };
                let fields = expr.states_fields();
                let in_catcher = matches!(f.role, Role::CatcherOutput | Role::CatcherAssign);
                if fields.iter().any(|x| x == "errorOutput") && !in_catcher {
                    found.push(RULE.at(
                        path.to_path(),
                        format!(
                            "The {} of state \"{}\" uses $states.errorOutput, which exists only in a catcher's Output and Assign.",
                            f.name, s.name
                        ),
                    ));
                }
                if !fields.iter().any(|x| x == "result") || in_catcher {
                    return;
                }
                let why = if no_result_state {
                    format!(
                        "{} states produce no result",
                        s.state.kind.map(|k| k.as_str()).unwrap_or_default()
                    )
                } else if matches!(f.role, Role::Arguments | Role::Before) {
                    format!("the {} is evaluated before the state runs", f.name)
                } else {
                    return;
                };
                found.push(RULE.at(
                    path.to_path(),
                    format!(
                        "The {} of state \"{}\" uses $states.result, which does not exist there: {why}.",
                        f.name, s.name
                    ),
                ).with_hint("Use $states.input for the state input; $states.result is available in the Output and Assign of Task, Parallel and Map states."));
            });
        }
    }
    for d in found {
        cx.report(d);
    }
}
