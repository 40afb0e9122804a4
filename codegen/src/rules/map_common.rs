//! Helpers shared by the Map rules (ASL5xx) and the workflow-type rules (ASL6xx): JSONata
//! expression detection, Step Functions resource ARNs, the Parameters/Arguments payload of an
//! `ItemReader` or `ResultWriter`, and which kind of execution runs a scope's states. Not a rule.

use crate::diagnostic::{Diagnostic, Path, Rule};
use crate::json::Json;
use crate::model::{QueryLanguage, ScopeKind};
use crate::rules::Ctx;

/// A JSONata expression string, `{% ... %}`. Lenient about surrounding whitespace: callers use it
/// to skip values that cannot be checked before run time.
pub fn is_expr(s: &str) -> bool {
    let t = s.trim();
    t.len() >= 4 && t.starts_with("{%") && t.ends_with("%}")
}

/// True for a partition name such as `aws`, `aws-cn`, `aws-us-gov` or `aws-iso-b`.
fn is_partition(p: &str) -> bool {
    p.starts_with("aws")
        && p.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The `<service>:<action>` of an optimised integration, `arn:<partition>:states:::<service>:<action>`
/// (the action keeps any `.sync` or `.waitForTaskToken` suffix).
pub fn integration(resource: &str) -> Option<(&str, &str)> {
    let rest = resource.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    if !is_partition(partition) {
        return None;
    }
    let rest = rest.strip_prefix("states:::")?;
    let (service, action) = rest.split_once(':')?;
    if service.is_empty() || action.is_empty() {
        return None;
    }
    Some((service, action))
}

/// The action of an `arn:<partition>:states:::s3:<action>` resource.
pub fn s3_action(resource: &str) -> Option<&str> {
    match integration(resource)? {
        ("s3", action) => Some(action),
        _ => None,
    }
}

/// True for a Step Functions activity ARN, `arn:<partition>:states:<region>:<account>:activity:<name>`.
pub fn is_activity(resource: &str) -> bool {
    let parts: Vec<&str> = resource.splitn(7, ':').collect();
    parts.len() == 7
        && parts[0] == "arn"
        && is_partition(parts[1])
        && parts[2] == "states"
        && !parts[3].is_empty()
        && !parts[4].is_empty()
        && parts[5] == "activity"
        && !parts[6].is_empty()
}

/// The integration pattern a Task resource asks for when Express executions cannot run it:
/// `.sync`, `.sync:2`, `.waitForTaskToken` or an activity.
pub fn express_unsupported(resource: &str) -> Option<&'static str> {
    if is_activity(resource) {
        return Some("an activity");
    }
    let (_, action) = integration(resource)?;
    if action.ends_with(".waitForTaskToken") {
        Some("a callback integration (.waitForTaskToken)")
    } else if action.ends_with(".sync") || action.ends_with(".sync:2") {
        Some("a job-run integration (.sync)")
    } else {
        None
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
    fn integrations() {
        assert_eq!(
            integration("arn:aws:states:::s3:getObject"),
            Some(("s3", "getObject"))
        );
        assert_eq!(
            s3_action("arn:aws-us-gov:states:::s3:listObjectsV2"),
            Some("listObjectsV2")
        );
        assert_eq!(s3_action("arn:aws:states:::lambda:invoke"), None);
        assert_eq!(s3_action("arn:aws:states:us-east-1::s3:getObject"), None);
        assert_eq!(s3_action("s3:getObject"), None);
        assert_eq!(integration("arn:aws:states:::s3:"), None);
    }

    #[test]
    fn express_patterns() {
        assert!(express_unsupported("arn:aws:states:::ecs:runTask.sync").is_some());
        assert!(express_unsupported("arn:aws:states:::states:startExecution.sync:2").is_some());
        assert!(express_unsupported("arn:aws:states:::sqs:sendMessage.waitForTaskToken").is_some());
        assert!(
            express_unsupported("arn:aws:states:eu-west-1:123456789012:activity:Approve").is_some()
        );
        assert!(express_unsupported("arn:aws:states:::lambda:invoke").is_none());
        assert!(
            express_unsupported("arn:aws:lambda:eu-west-1:123456789012:function:sync").is_none()
        );
        assert!(express_unsupported("arn:aws:states:eu-west-1:123456789012:activity:").is_none());
    }

    #[test]
    fn keys() {
        let p = Json::Object(vec![("Bucket.$".into(), Json::String("$.b".into()))]);
        assert_eq!(has_key(&p, "Bucket"), Some(true));
        assert_eq!(has_key(&p, "Key"), Some(false));
        assert_eq!(has_key(&Json::String("{% $x %}".into()), "Bucket"), None);
    }
}
