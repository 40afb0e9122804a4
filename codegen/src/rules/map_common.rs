//! Helpers shared by the Map rules (ASL5xx) and the workflow-type rules (ASL6xx): JSONata
//! expression detection, Step Functions resource ARNs, the Parameters/Arguments payload of an
//! `ItemReader` or `ResultWriter`, and which kind of execution runs a scope's states. Not a rule.

use crate::diagnostic::{Diagnostic, Path, Rule};
use crate::integrations::{self, Pattern, TaskResource};
use crate::json::Json;
use crate::model::{QueryLanguage, ScopeKind};
use crate::rules::Ctx;

/// A JSONata expression string, `{% ... %}`. Lenient about surrounding whitespace: callers use it
/// to skip values that cannot be checked before run time.
pub fn is_expr(s: &str) -> bool {
    let t = s.trim();
    t.len() >= 4 && t.starts_with("{%") && t.ends_with("%}")
}

/// The action of an S3 resource of an `ItemReader` or `ResultWriter`,
/// `arn:<partition>:states:::s3:<action>` (region and account may be filled in), read through
/// the Task resource parser.
pub fn s3_action(resource: &str) -> Option<&str> {
    match integrations::parse(resource).ok()? {
        TaskResource::Optimized(i)
            if i.service == "s3" && i.pattern == Pattern::RequestResponse =>
        {
            Some(i.action)
        }
        _ => None,
    }
}

/// Why Express executions cannot run a Task resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpressUnsupported {
    Activity,
    /// `.sync` or `.sync:2`.
    JobRun,
    /// `.waitForTaskToken`.
    Callback,
}

impl ExpressUnsupported {
    pub fn describe(self) -> &'static str {
        match self {
            ExpressUnsupported::Activity => "an activity",
            ExpressUnsupported::JobRun => "a job-run integration (.sync)",
            ExpressUnsupported::Callback => "a callback integration (.waitForTaskToken)",
        }
    }
}

/// What about a Task resource Express executions cannot run: an activity, or an integration
/// (optimized, SDK or HTTP; region and account may be filled in) with the job-run or callback
/// pattern. Resources that do not parse are ASL211's.
pub fn express_unsupported(resource: &str) -> Option<ExpressUnsupported> {
    let parsed = integrations::parse(resource).ok()?;
    if parsed.is_activity() {
        return Some(ExpressUnsupported::Activity);
    }
    parsed.integration()?;
    match parsed.pattern() {
        Pattern::RequestResponse => None,
        Pattern::Sync | Pattern::Sync2 => Some(ExpressUnsupported::JobRun),
        Pattern::WaitForTaskToken => Some(ExpressUnsupported::Callback),
    }
}

/// True when `payload` is an object with `key` or `key.$`. `None` when it cannot be known
/// (the payload is an expression or not an object).
pub fn has_key(payload: &Json, key: &str) -> Option<bool> {
    let members = payload.as_object()?;
    let dollar = format!("{key}.$");
    Some(members.iter().any(|(k, _)| k == key || *k == dollar))
}

/// Checks that an `ItemReader` or `ResultWriter` carries `Parameters` (JSONPath) or `Arguments`
/// (JSONata), not both and not the other language's, and returns the payload to check further
/// with the key it sits under.
pub fn payload<'j>(
    rule: &'static Rule,
    parameters: Option<&'j Json>,
    arguments: Option<&'j Json>,
    ql: QueryLanguage,
    path: &Path,
    what: &str,
    found: &mut Vec<Diagnostic>,
) -> Option<(&'static str, &'j Json)> {
    let named_p = parameters.map(|j| ("Parameters", j));
    let named_a = arguments.map(|j| ("Arguments", j));
    match (parameters, arguments, ql) {
        (Some(_), Some(_), _) => {
            let (keep, drop) = match ql {
                QueryLanguage::JsonPath => ("Parameters", "Arguments"),
                QueryLanguage::Jsonata => ("Arguments", "Parameters"),
            };
            found.push(
                rule.at(
                    path.key(drop),
                    format!("{what} has both Parameters and Arguments."),
                )
                .with_hint(format!(
                    "Keep only \"{keep}\": the state uses {}.",
                    ql.as_str()
                )),
            );
            match ql {
                QueryLanguage::JsonPath => named_p,
                QueryLanguage::Jsonata => named_a,
            }
        }
        (Some(_), None, QueryLanguage::Jsonata) => {
            found.push(
                rule.at(
                    path.key("Parameters"),
                    format!("{what} uses Parameters, but the state uses JSONata."),
                )
                .with_hint("Rename \"Parameters\" to \"Arguments\" (JSONata states take Arguments; values may be {% %} expressions)."),
            );
            named_p
        }
        (None, Some(_), QueryLanguage::JsonPath) => {
            found.push(
                rule.at(
                    path.key("Arguments"),
                    format!("{what} uses Arguments, but the state uses JSONPath."),
                )
                .with_hint("Rename \"Arguments\" to \"Parameters\" (JSONPath states take Parameters; use \"Key.$\" for paths), or set QueryLanguage to JSONata."),
            );
            named_a
        }
        _ => named_p.or(named_a),
    }
}

/// What runs the states of a scope, as far as integrations and durations go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runner<'a> {
    /// The state machine's own executions (its type is `Options::workflow_type`).
    Machine,
    /// The child executions of the nearest enclosing Distributed Map (the state index) with
    /// its `ProcessorConfig.ExecutionType`, if given.
    Child {
        map: usize,
        execution_type: Option<&'a str>,
    },
}

/// Which executions run the states of `scope`: the machine's, or the child executions of the
/// nearest enclosing Distributed Map.
pub fn runner<'a>(cx: &Ctx<'a>, mut scope: usize) -> Runner<'a> {
    loop {
        let sc = &cx.scopes[scope];
        if sc.kind == ScopeKind::Processor {
            if let Some(owner) = sc.owner {
                let st = cx.states[owner].state;
                if st.is_distributed_map() {
                    let execution_type = st
                        .processor()
                        .and_then(|p| p.processor_config.as_ref())
                        .and_then(|c| c.execution_type.as_deref());
                    return Runner::Child {
                        map: owner,
                        execution_type,
                    };
                }
            }
        }
        match sc.parent {
            Some(p) => scope = p,
            None => return Runner::Machine,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions() {
        assert!(is_expr("{% $states.input.items %}"));
        assert!(is_expr(" {%x%} "));
        assert!(!is_expr("{%}"));
        assert!(!is_expr("$.items"));
    }

    #[test]
    fn s3_actions() {
        assert_eq!(
            s3_action("arn:aws:states:::s3:getObject"),
            Some("getObject")
        );
        assert_eq!(
            s3_action("arn:aws-us-gov:states:::s3:listObjectsV2"),
            Some("listObjectsV2")
        );
        // Region and account filled in, as AWS accepts for integrations.
        assert_eq!(
            s3_action("arn:aws:states:us-east-1:123456789012:s3:putObject"),
            Some("putObject")
        );
        assert_eq!(s3_action("arn:aws:states:::lambda:invoke"), None);
        assert_eq!(s3_action("arn:aws:states:::aws-sdk:s3:getObject"), None);
        assert_eq!(s3_action("arn:aws:states:::s3:getObject.sync"), None);
        assert_eq!(s3_action("s3:getObject"), None);
        assert_eq!(s3_action("arn:aws:states:::s3:"), None);
    }

    #[test]
    fn express_patterns() {
        use ExpressUnsupported::*;
        for (r, want) in [
            ("arn:aws:states:::ecs:runTask.sync", Some(JobRun)),
            (
                "arn:aws:states:::states:startExecution.sync:2",
                Some(JobRun),
            ),
            (
                "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                Some(Callback),
            ),
            (
                "arn:aws:states:us-east-1:123456789012:sqs:sendMessage.waitForTaskToken",
                Some(Callback),
            ),
            (
                "arn:aws:states:::aws-sdk:sfn:startExecution.waitForTaskToken",
                Some(Callback),
            ),
            (
                "arn:aws:states:eu-west-1:123456789012:activity:Approve",
                Some(Activity),
            ),
            ("arn:aws:states:::lambda:invoke", None),
            ("arn:aws:lambda:eu-west-1:123456789012:function:sync", None),
            ("arn:aws:states:eu-west-1:123456789012:activity:", None),
            ("{% $states.input.resource %}", None),
        ] {
            assert_eq!(express_unsupported(r), want, "{r}");
        }
    }

    #[test]
    fn keys() {
        let p = Json::Object(vec![("Bucket.$".into(), Json::String("$.b".into()))]);
        assert_eq!(has_key(&p, "Bucket"), Some(true));
        assert_eq!(has_key(&p, "Key"), Some(false));
        assert_eq!(has_key(&Json::String("{% $x %}".into()), "Bucket"), None);
    }
}
