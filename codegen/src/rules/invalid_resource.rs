//! Reports a Task `Resource` that is not a resource ARN Step Functions can run:
//! - an integration, `arn:<partition>:states:::<service>:<action>` with an optional `.sync`,
//!   `.sync:2` or `.waitForTaskToken` (`arn:aws:states:::http:invoke` included);
//! - an AWS SDK integration, `arn:<partition>:states:::aws-sdk:<service>:<action>` (optionally
//!   `.waitForTaskToken`; SDK integrations have no `.sync`);
//! - a Lambda function, `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`;
//! - an activity, `arn:<partition>:states:<region>:<account>:activity:<name>`.
//!
//! JSONata expressions and template placeholders (`${...}`) are skipped.

use crate::diagnostic::{Rule, Severity};
use crate::model::StateType;
use crate::rules::{value_out_of_range::is_expression, Ctx};

pub static RULE: Rule = Rule {
    code: "ASL211",
    name: "invalid-resource",
    severity: Severity::Error,
    aws_code: Some("INVALID_RESOURCE"),
    summary: "A Task Resource that is not an integration, Lambda function or activity ARN.",
    fix: "Use an integration ARN such as arn:aws:states:::lambda:invoke, arn:aws:states:::sqs:sendMessage.waitForTaskToken or arn:aws:states:::aws-sdk:s3:listBuckets, a Lambda function ARN or an activity ARN.",
    notes: None,
};

fn is_partition(s: &str) -> bool {
    s.strip_prefix("aws")
        .is_some_and(|rest| rest.bytes().all(|b| b == b'-' || b.is_ascii_lowercase()))
}

/// `us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, ...
fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_service(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

fn is_action(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn is_name(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Activity names: 1 to 80 characters, no whitespace, control characters or any of
/// `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /`.
fn is_activity_name(s: &str) -> bool {
    let n = s.chars().count();
    (1..=80).contains(&n)
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c))
}

/// Splits `startExecution.sync:2` into the action and its integration pattern suffix.
fn split_suffix(s: &str) -> (&str, &str) {
    match s.find('.') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

/// What is wrong with a Task resource, if anything.
pub fn resource_problem(r: &str) -> Option<String> {
    let Some(rest) = r.strip_prefix("arn:") else {
        return Some("a Task resource is an ARN, starting with \"arn:\"".into());
    };
    let Some((partition, rest)) = rest.split_once(':') else {
        return Some("it is not a complete ARN".into());
    };
    if !is_partition(partition) {
        return Some(format!(
            "\"{partition}\" is not an AWS partition (aws, aws-cn, aws-us-gov, ...)"
        ));
    }
    let Some((service, rest)) = rest.split_once(':') else {
        return Some("it is not a complete ARN".into());
    };
    match service {
        "states" => {
            if let Some(integration) = rest.strip_prefix("::") {
                return integration_problem(integration);
            }
            let parts: Vec<&str> = rest.split(':').collect();
            match parts.as_slice() {
                [region, account, "activity", name] => {
                    if !is_region(region) {
                        Some(format!("\"{region}\" is not a region"))
                    } else if !is_account(account) {
                        Some(format!("\"{account}\" is not a 12-digit account ID"))
                    } else if !is_activity_name(name) {
                        Some(format!("\"{name}\" is not a valid activity name"))
                    } else {
                        None
                    }
                }
                _ => Some("a states ARN is either an integration (arn:aws:states:::service:action) or an activity (arn:aws:states:region:account:activity:name)".into()),
            }
        }
        "lambda" => {
            let parts: Vec<&str> = rest.split(':').collect();
            let (region, account, kind, name, qualifier) = match parts.as_slice() {
                [r, a, k, n] => (*r, *a, *k, *n, None),
                [r, a, k, n, q] => (*r, *a, *k, *n, Some(*q)),
                _ => {
                    return Some("a Lambda function ARN has the form arn:aws:lambda:region:account:function:name".into())
                }
            };
            if kind != "function" {
                Some(format!(
                    "a Lambda resource must be a function ARN (\":function:\"), not \":{kind}:\""
                ))
            } else if !is_region(region) {
                Some(format!("\"{region}\" is not a region"))
            } else if !is_account(account) {
                Some(format!("\"{account}\" is not a 12-digit account ID"))
            } else if !is_name(name, 64) {
                Some(format!("\"{name}\" is not a valid Lambda function name"))
            } else if qualifier.is_some_and(|q| q != "$LATEST" && !is_name(q, 128)) {
                Some("the function qualifier must be a version number or an alias name".into())
            } else {
                None
            }
        }
        other => Some(format!(
            "a Task runs a Step Functions integration (arn:aws:states:::...), a Lambda function or an activity, not a \"{other}\" ARN; call {other} through an integration such as arn:aws:states:::aws-sdk:{other}:<action>"
        )),
    }
}

fn integration_problem(integration: &str) -> Option<String> {
    if let Some(sdk) = integration.strip_prefix("aws-sdk:") {
        let Some((service, call)) = sdk.split_once(':') else {
            return Some(
                "an AWS SDK integration has the form arn:aws:states:::aws-sdk:service:action"
                    .into(),
            );
        };
        let (action, suffix) = split_suffix(call);
        if !is_service(service) {
            return Some(format!("\"{service}\" is not an AWS SDK service name"));
        }
        if !is_action(action) {
            return Some(format!("\"{call}\" is not an action name"));
        }
        return match suffix {
            "" | ".waitForTaskToken" => None,
            ".sync" | ".sync:2" => Some(format!(
                "AWS SDK integrations do not support \"{suffix}\" (Run a Job); use the optimized integration arn:aws:states:::{service}:{action}{suffix} if there is one"
            )),
            other => Some(format!(
                "\"{other}\" is not an integration pattern (use .waitForTaskToken or nothing)"
            )),
        };
    }
    let Some((service, call)) = integration.split_once(':') else {
        return Some(
            "an integration has the form arn:aws:states:::service:action, e.g. arn:aws:states:::lambda:invoke"
                .into(),
        );
    };
    let (action, suffix) = split_suffix(call);
    if !is_service(service) {
        return Some(format!("\"{service}\" is not a service name"));
    }
    if !is_action(action) {
        return Some(format!("\"{call}\" is not an action name"));
    }
    match suffix {
        "" | ".sync" | ".sync:2" | ".waitForTaskToken" => None,
        other => Some(format!(
            "\"{other}\" is not an integration pattern (use .sync, .sync:2, .waitForTaskToken or nothing)"
        )),
    }
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.state.kind != Some(StateType::Task) {
            continue;
        }
        let Some(r) = &s.state.resource else { continue };
        if is_expression(r) || r.contains("${") {
            continue;
        }
        if let Some(problem) = resource_problem(r) {
            found.push(RULE.at(
                s.path.key("Resource"),
                format!(
                    "Task state \"{}\": Resource {r:?} is not a valid resource: {problem}.",
                    s.name
                ),
            ));
        }
    }
    for d in found {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_resource_form() {
        for ok in [
            "arn:aws:states:::lambda:invoke",
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "arn:aws:states:::ecs:runTask.sync",
            "arn:aws:states:::states:startExecution.sync:2",
            "arn:aws:states:::http:invoke",
            "arn:aws:states:::emr-serverless:startJobRun.sync",
            "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            "arn:aws:states:::aws-sdk:dynamodb:getItem.waitForTaskToken",
            "arn:aws-cn:states:::dynamodb:putItem",
            "arn:aws-us-gov:states:::sns:publish",
            "arn:aws:lambda:us-east-1:123456789012:function:Charge",
            "arn:aws:lambda:eu-west-3:123456789012:function:Charge:prod",
            "arn:aws:lambda:us-gov-west-1:123456789012:function:charge_v2:$LATEST",
            "arn:aws:states:us-east-1:123456789012:activity:ManualReview",
            "arn:aws-iso-b:states:::batch:submitJob.sync",
            "arn:aws:states:eu-west-1:123456789012:activity:review.v2(manual)",
        ] {
            assert_eq!(resource_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn rejects_malformed_resources() {
        for bad in [
            "",
            "lambda:invoke",
            "arn:aws:states:::lambda",
            "arn:aws:states:::lambda:invoke.sync:3",
            "arn:aws:states:::lambda:invoke.waitfortasktoken",
            "arn:aws:states:::aws-sdk:s3:listBuckets.sync",
            "arn:aws:states:::aws-sdk:s3",
            "arn:amazon:states:::lambda:invoke",
            "arn:aws:states:us-east-1:123456789012:stateMachine:Child",
            "arn:aws:lambda:us-east-1:123456789012:layer:Shared",
            "arn:aws:lambda:us-east-1:1234:function:Charge",
            "arn:aws:lambda:useast1:123456789012:function:Charge",
            "arn:aws:lambda:us-east-1:123456789012:function:Charge:prod:extra",
            "arn:aws:sqs:us-east-1:123456789012:queue",
            "arn:aws:states::: lambda:invoke",
            "arn:aws:states:eu-west-1:123456789012:activity:manual review",
        ] {
            assert!(resource_problem(bad).is_some(), "{bad}");
        }
    }
}
