//! Reports a Task `Resource` that is not a resource ARN Step Functions can run:
//! - an optimized integration, `arn:<partition>:states:::<service>:<action>` with an optional
//!   `.sync`, `.sync:2` or `.waitForTaskToken`, that is not in the catalogue of optimized
//!   integrations (`dynamodb:query` exists only as `aws-sdk:dynamodb:query`), or with a pattern
//!   the action does not support (`lambda:invoke.sync`); the hint gives the right form;
//! - a malformed AWS SDK integration, `arn:<partition>:states:::aws-sdk:<service>:<action>`
//!   (optionally `.waitForTaskToken`; SDK integrations have no `.sync`). SDK names are checked
//!   for shape only: AWS adds SDK services and actions all the time;
//! - a malformed Lambda function ARN, `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`,
//!   or activity ARN, `arn:<partition>:states:<region>:<account>:activity:<name>`.
//!
//! Integration ARNs with the region and account filled in
//! (`arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject`) are accepted, as AWS accepts
//! them. Where AWS's behaviour is not documented the rule accepts: an integration ARN with only
//! one of region and account, a pattern that one page of the developer guide lists and another
//! does not (Glue, EKS, Bedrock and SageMaker callbacks), and the S3 resources of a Distributed
//! Map's `ItemReader`/`ResultWriter` used in a Task. See [`crate::integrations`].
//!
//! JSONata expressions and template placeholders (`${...}`) are skipped.

use crate::diagnostic::{Rule, Severity};
use crate::integrations::{catalogue, resource, TaskResource};
use crate::model::StateType;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL211",
    name: "invalid-resource",
    severity: Severity::Error,
    aws_code: Some("INVALID_RESOURCE"),
    summary: "A Task Resource that is not an integration, Lambda function or activity ARN.",
    fix: "Use an integration ARN such as arn:aws:states:::lambda:invoke, arn:aws:states:::sqs:sendMessage.waitForTaskToken or arn:aws:states:::aws-sdk:s3:listBuckets, a Lambda function ARN or an activity ARN.",
    notes: None,
};

/// What is wrong with a Task resource, if anything: (message clause, specific hint).
pub fn resource_problem(r: &str) -> Option<(String, Option<String>)> {
    match resource::parse(r) {
        Err(problem) => Some((problem, None)),
        Ok(TaskResource::Optimized(i) | TaskResource::Http(i)) => catalogue::check(&i)
            .err()
            .map(|p| (p.message(&i), Some(p.hint(&i)))),
        Ok(TaskResource::Sdk(i)) => catalogue::check_sdk(&i)
            .err()
            .map(|(message, hint)| (message, Some(hint))),
        Ok(_) => None,
    }
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.state.kind != Some(StateType::Task) {
            continue;
        }
        let Some(r) = &s.state.resource else { continue };
        if !resource::is_literal(r) {
            continue;
        }
        if let Some((problem, hint)) = resource_problem(r) {
            let mut d = RULE.at(
                s.path.key("Resource"),
                format!(
                    "Task state \"{}\": Resource {r:?} is not a valid resource: {problem}.",
                    s.name
                ),
            );
            if let Some(hint) = hint {
                d = d.with_hint(hint);
            }
            found.push(d);
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
            "arn:aws:states:::aws-sdk:madeupservice:madeUpAction",
            "arn:aws-cn:states:::dynamodb:putItem",
            "arn:aws-us-gov:states:::sns:publish",
            "arn:aws:lambda:us-east-1:123456789012:function:Charge",
            "arn:aws:lambda:eu-west-3:123456789012:function:Charge:prod",
            "arn:aws:lambda:us-gov-west-1:123456789012:function:charge_v2:$LATEST",
            "arn:aws:states:us-east-1:123456789012:activity:ManualReview",
            "arn:aws-iso-b:states:::batch:submitJob.sync",
            "arn:aws:states:eu-west-1:123456789012:activity:review.v2(manual)",
            // Region and account filled in, as AWS accepts.
            "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject",
            "arn:aws:states:us-east-1:123456789012:lambda:invoke",
            "arn:aws:states:us-east-1:123456789012:states:startExecution.sync:2",
            // Patterns only one page of the guide documents: accepted.
            "arn:aws:states:::glue:startJobRun.waitForTaskToken",
            "arn:aws:states:::sagemaker:createTrainingJob.waitForTaskToken",
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
            "arn:aws:states:us-east-1:bad:aws-sdk:s3:getObject",
        ] {
            assert!(resource_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn rejects_integrations_that_do_not_exist_with_a_did_you_mean() {
        for (bad, hint) in [
            (
                "arn:aws:states:::dynamodb:query",
                "Did you mean arn:aws:states:::aws-sdk:dynamodb:query?",
            ),
            (
                "arn:aws:states:us-east-1:123456789012:dynamodb:scan",
                "Did you mean arn:aws:states:us-east-1:123456789012:aws-sdk:dynamodb:scan?",
            ),
            (
                "arn:aws:states:::lambda:invoke.sync",
                "Did you mean arn:aws:states:::lambda:invoke?",
            ),
            (
                "arn:aws:states:::sns:publish.sync",
                "Did you mean arn:aws:states:::sns:publish?",
            ),
            (
                "arn:aws:states:::dynamodb:getItem.waitForTaskToken",
                "Did you mean arn:aws:states:::dynamodb:getItem?",
            ),
            (
                "arn:aws:states:::sqs:SendMessage",
                "Did you mean arn:aws:states:::sqs:sendMessage?",
            ),
            (
                "arn:aws:states:::stepfunctions:startExecution",
                "Did you mean arn:aws:states:::states:startExecution?",
            ),
        ] {
            let Some((_, Some(got))) = resource_problem(bad) else {
                panic!("{bad}: accepted or no hint")
            };
            assert!(got.starts_with(hint), "{bad}: {got}");
        }
    }
}
