//! Warns about an error name starting with `States.` that Step Functions does not define, in a
//! retrier's or catcher's `ErrorEquals` or in a Fail state's literal `Error`: the prefix belongs
//! to the predefined errors, and such a name is most often a misspelt one (`States.Timout`),
//! which would never match. A warning, not an error: AWS accepts these names, and deployed AWS
//! samples raise custom `States.`-prefixed errors from Fail states and catch them.

use crate::diagnostic::{Path, Rule, Severity};
use crate::model::StateType;
use crate::rules::{value_out_of_range::is_expression, Ctx};
use crate::suggest;

pub static RULE: Rule = Rule {
    code: "ASL302",
    name: "reserved-error-name",
    severity: Severity::Warning,
    aws_code: None,
    summary: "An error name with the States. prefix that is not one of the predefined errors, often a misspelt one.",
    fix: "Use one of the predefined States.* errors, or a name of your own without the States. prefix (e.g. Order.PaymentDeclined).",
    notes: Some("A warning only: Step Functions accepts custom names with the `States.` prefix (AWS's own samples raise them from Fail states and catch them), so a definition using them deliberately is never blocked. Turn the rule off (`ASL302 = \"off\"`) if you name errors this way on purpose."),
};

/// The error names Step Functions defines.
pub const PREDEFINED: &[&str] = &[
    "States.ALL",
    "States.BranchFailed",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
];

/// HTTP Task errors carry the status code: `States.Http.StatusCode.404`.
const HTTP_STATUS: &str = "States.Http.StatusCode.";

pub fn is_reserved_but_unknown(name: &str) -> bool {
    name.starts_with("States.")
        && !PREDEFINED.contains(&name)
        && name.strip_prefix(HTTP_STATUS).is_none_or(str::is_empty)
}

fn diagnostic(path: Path, name: &str, where_: String) -> crate::diagnostic::Diagnostic {
    let d = RULE.at(
        path,
        format!("{where_}: \"{name}\" is not a predefined error; names starting with \"States.\" are meant for those."),
    );
    let close = PREDEFINED
        .iter()
        .find(|p| {
            p.replace('.', "")
                .eq_ignore_ascii_case(&name.replace('.', ""))
        })
        .copied()
        .or_else(|| suggest::did_you_mean(name, PREDEFINED.iter().copied()));
    match close {
        Some(p) => d.with_hint(format!(
            "Did you mean \"{p}\"? Error names are case-sensitive. If \"{name}\" is an error of your own, a name without the States. prefix cannot be mistaken for a predefined one."
        )),
        None => d,
    }
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let lists = s
            .state
            .retry
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, r)| ("Retry", i, r.error_equals.as_ref()))
            .chain(
                s.state
                    .catch
                    .iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, c)| ("Catch", i, c.error_equals.as_ref())),
            );
        for (field, i, errors) in lists {
            for (j, e) in errors.into_iter().flatten().enumerate() {
                if is_reserved_but_unknown(e) {
                    found.push(diagnostic(
                        s.path.key(field).index(i).key("ErrorEquals").index(j),
                        e,
                        format!("State \"{}\", {field}[{i}]", s.name),
                    ));
                }
            }
        }
        if s.state.kind == Some(StateType::Fail) {
            if let Some(e) = &s.state.error {
                if !is_expression(e) && is_reserved_but_unknown(e) {
                    found.push(diagnostic(
                        s.path.key("Error"),
                        e,
                        format!("Fail state \"{}\"", s.name),
                    ));
                }
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
