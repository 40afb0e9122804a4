//! The parser of Task `Resource` strings: shape only. Whether an optimized integration exists and
//! supports the pattern, and which patterns SDK integrations support, is the catalogue's question
//! ([`super::catalogue::check`], [`super::catalogue::check_sdk`]); SDK service and action names
//! are checked for shape only, since AWS adds SDK services and actions all the time.
//!
//! Forms (the partition is `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, ...):
//! - `arn:<partition>:states:<region>:<account>:<service>:<action>[<pattern>]`, an optimized
//!   integration; region and account are usually empty (`arn:aws:states:::lambda:invoke`) and AWS
//!   accepts them filled in. Either may be empty on its own: AWS's behaviour for a half-filled
//!   ARN is not documented, so it is accepted;
//! - the same with `aws-sdk:<service>:<action>`, an SDK integration, and `http:invoke`, an HTTP
//!   Task;
//! - `arn:<partition>:lambda:<region>:<account>:function:<name>[:<version or alias>]`;
//! - `arn:<partition>:states:<region>:<account>:activity:<name>`.
//!
//! The caller skips values that are not literal: JSONata expressions and `${...}` template
//! placeholders ([`is_literal`]).

use super::Pattern;

/// What a Task `Resource` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskResource<'a> {
    /// `arn:aws:states:::<service>:<action>`, a service integration Step Functions optimizes.
    Optimized(Integration<'a>),
    /// `arn:aws:states:::aws-sdk:<service>:<action>`.
    Sdk(Integration<'a>),
    /// `arn:aws:states:::http:invoke`.
    Http(Integration<'a>),
    /// A Lambda function ARN used directly as the resource.
    LambdaFunction(LambdaFunction<'a>),
    /// An activity ARN.
    Activity(Activity<'a>),
}

/// A service integration: `arn:<partition>:states:<region>:<account>:<service>:<action><pattern>`
/// (for SDK integrations `service` and `action` are those after `aws-sdk:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Integration<'a> {
    pub partition: &'a str,
    /// `None` when the ARN leaves it empty (it is then the machine's own).
    pub region: Option<&'a str>,
    pub account: Option<&'a str>,
    pub service: &'a str,
    pub action: &'a str,
    pub pattern: Pattern,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LambdaFunction<'a> {
    pub partition: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub name: &'a str,
    /// A version number, an alias or `$LATEST`.
    pub qualifier: Option<&'a str>,
}

impl LambdaFunction<'_> {
    /// The function's ARN as written (with its qualifier).
    pub fn arn(&self) -> String {
        let mut s = format!(
            "arn:{}:lambda:{}:{}:function:{}",
            self.partition, self.region, self.account, self.name
        );
        if let Some(q) = self.qualifier {
            s.push(':');
            s.push_str(q);
        }
        s
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity<'a> {
    pub partition: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub name: &'a str,
}

impl<'a> TaskResource<'a> {
    pub fn partition(&self) -> &'a str {
        match self {
            TaskResource::Optimized(i) | TaskResource::Sdk(i) | TaskResource::Http(i) => {
                i.partition
            }
            TaskResource::LambdaFunction(f) => f.partition,
            TaskResource::Activity(a) => a.partition,
        }
    }

    pub fn region(&self) -> Option<&'a str> {
        match self {
            TaskResource::Optimized(i) | TaskResource::Sdk(i) | TaskResource::Http(i) => i.region,
            TaskResource::LambdaFunction(f) => Some(f.region),
            TaskResource::Activity(a) => Some(a.region),
        }
    }

    pub fn account(&self) -> Option<&'a str> {
        match self {
            TaskResource::Optimized(i) | TaskResource::Sdk(i) | TaskResource::Http(i) => i.account,
            TaskResource::LambdaFunction(f) => Some(f.account),
            TaskResource::Activity(a) => Some(a.account),
        }
    }

    /// The integration pattern: request-response for Lambda function ARNs; activities wait
    /// for a worker, like a callback.
    pub fn pattern(&self) -> Pattern {
        match self {
            TaskResource::Optimized(i) | TaskResource::Sdk(i) | TaskResource::Http(i) => i.pattern,
            TaskResource::LambdaFunction(_) => Pattern::RequestResponse,
            TaskResource::Activity(_) => Pattern::WaitForTaskToken,
        }
    }

    pub fn integration(&self) -> Option<&Integration<'a>> {
        match self {
            TaskResource::Optimized(i) | TaskResource::Sdk(i) | TaskResource::Http(i) => Some(i),
            _ => None,
        }
    }

    pub fn is_activity(&self) -> bool {
        matches!(self, TaskResource::Activity(_))
    }
}

/// Whether a `Resource` value is a literal that can be parsed: not a JSONata expression and not
/// a `${...}` template placeholder (substituted before the definition reaches AWS).
pub fn is_literal(resource: &str) -> bool {
    !crate::jsonata::is_expression(resource.trim()) && !resource.contains("${")
}

/// `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, `aws-eusc`, ...
pub fn is_partition(s: &str) -> bool {
    s == "aws"
        || s.strip_prefix("aws-").is_some_and(|rest| {
            !rest.is_empty()
                && !rest.ends_with('-')
                && rest
                    .bytes()
                    .all(|b| b == b'-' || b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`, ...
pub fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && (2..=4).contains(&parts[0].len())
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

pub fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_service(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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

/// Splits `startExecution.sync:2` into the action and its pattern suffix (`.sync:2`).
fn split_suffix(s: &str) -> (&str, &str) {
    match s.find('.') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

/// Parses a Task `Resource`. The error says what is wrong, as a clause that fits after
/// "is not a valid resource: ".
pub fn parse(r: &str) -> Result<TaskResource<'_>, String> {
    let Some(rest) = r.strip_prefix("arn:") else {
        return Err("a Task resource is an ARN, starting with \"arn:\"".into());
    };
    let mut parts = rest.splitn(5, ':');
    let (Some(partition), Some(service), Some(region), Some(account), Some(tail)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err("it is not a complete ARN".into());
    };
    if !is_partition(partition) {
        return Err(format!(
            "\"{partition}\" is not an AWS partition (aws, aws-cn, aws-us-gov, ...)"
        ));
    }
    match service {
        "states" => parse_states(partition, region, account, tail),
        "lambda" => parse_lambda(partition, region, account, tail),
        other => Err(format!(
            "a Task runs a Step Functions integration (arn:aws:states:::...), a Lambda function or an activity, not a \"{other}\" ARN; call {other} through an integration such as arn:aws:states:::aws-sdk:{other}:<action>"
        )),
    }
}

fn region_account<'a>(
    region: &'a str,
    account: &'a str,
) -> Result<(Option<&'a str>, Option<&'a str>), String> {
    let region = match region {
        "" => None,
        r if is_region(r) => Some(r),
        r => return Err(format!("\"{r}\" is not a region")),
    };
    let account = match account {
        "" => None,
        a if is_account(a) => Some(a),
        a => return Err(format!("\"{a}\" is not a 12-digit account ID")),
    };
    Ok((region, account))
}

fn parse_states<'a>(
    partition: &'a str,
    region: &'a str,
    account: &'a str,
    tail: &'a str,
) -> Result<TaskResource<'a>, String> {
    if let Some(name) = tail.strip_prefix("activity:") {
        let (Some(region), Some(account)) = region_account(region, account)? else {
            return Err(
                "an activity ARN has a region and an account: arn:aws:states:region:account:activity:name"
                    .into(),
            );
        };
        if !is_activity_name(name) {
            return Err(format!("\"{name}\" is not a valid activity name"));
        }
        return Ok(TaskResource::Activity(Activity {
            partition,
            region,
            account,
            name,
        }));
    }
    if ["stateMachine:", "execution:", "express:", "mapRun:"]
        .iter()
        .any(|p| tail.starts_with(p))
    {
        return Err("a states ARN is either an integration (arn:aws:states:::service:action) or an activity (arn:aws:states:region:account:activity:name); start another state machine with arn:aws:states:::states:startExecution".into());
    }
    let (region, account) = region_account(region, account)?;
    let integration = |(service, action, pattern)| Integration {
        partition,
        region,
        account,
        service,
        action,
        pattern,
    };
    if let Some(sdk) = tail.strip_prefix("aws-sdk:") {
        // Which patterns SDK integrations support is the catalogue's question (no `.sync`).
        return service_call(sdk, Syntax::Sdk).map(|c| TaskResource::Sdk(integration(c)));
    }
    let call = service_call(tail, Syntax::Optimized)?;
    Ok(if call.0 == "http" {
        TaskResource::Http(integration(call))
    } else {
        TaskResource::Optimized(integration(call))
    })
}

/// The two spellings of `<service>:<action><pattern>`.
#[derive(Clone, Copy)]
enum Syntax {
    Optimized,
    Sdk,
}

/// `<service>:<action><pattern>` checked for shape.
fn service_call(text: &str, syntax: Syntax) -> Result<(&str, &str, Pattern), String> {
    let (form, what, patterns) = match syntax {
        Syntax::Optimized => (
            "an integration has the form arn:aws:states:::service:action, e.g. arn:aws:states:::lambda:invoke",
            "a service name",
            ".sync, .sync:2, .waitForTaskToken or nothing",
        ),
        Syntax::Sdk => (
            "an AWS SDK integration has the form arn:aws:states:::aws-sdk:service:action",
            "an AWS SDK service name",
            ".waitForTaskToken or nothing",
        ),
    };
    let Some((service, call)) = text.split_once(':') else {
        return Err(form.into());
    };
    let (action, suffix) = split_suffix(call);
    if !is_service(service) {
        return Err(format!("\"{service}\" is not {what}"));
    }
    if !is_action(action) {
        return Err(format!("\"{call}\" is not an action name"));
    }
    let Some(pattern) = Pattern::from_suffix(suffix) else {
        return Err(format!(
            "\"{suffix}\" is not an integration pattern (use {patterns})"
        ));
    };
    Ok((service, action, pattern))
}

fn parse_lambda<'a>(
    partition: &'a str,
    region: &'a str,
    account: &'a str,
    tail: &'a str,
) -> Result<TaskResource<'a>, String> {
    let parts: Vec<&str> = tail.split(':').collect();
    let (kind, name, qualifier) =
        match parts.as_slice() {
            [k, n] => (*k, *n, None),
            [k, n, q] => (*k, *n, Some(*q)),
            _ => return Err(
                "a Lambda function ARN has the form arn:aws:lambda:region:account:function:name"
                    .into(),
            ),
        };
    if kind != "function" {
        return Err(format!(
            "a Lambda resource must be a function ARN (\":function:\"), not \":{kind}:\""
        ));
    }
    if !is_region(region) {
        return Err(format!("\"{region}\" is not a region"));
    }
    if !is_account(account) {
        return Err(format!("\"{account}\" is not a 12-digit account ID"));
    }
    if !is_name(name, 64) {
        return Err(format!("\"{name}\" is not a valid Lambda function name"));
    }
    if qualifier.is_some_and(|q| q != "$LATEST" && !is_name(q, 128)) {
        return Err("the function qualifier must be a version number or an alias name".into());
    }
    Ok(TaskResource::LambdaFunction(LambdaFunction {
        partition,
        region,
        account,
        name,
        qualifier,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn integration(r: &str) -> Integration<'_> {
        match parse(r) {
            Ok(TaskResource::Optimized(i) | TaskResource::Sdk(i) | TaskResource::Http(i)) => i,
            other => panic!("{r}: {other:?}"),
        }
    }

    #[test]
    fn optimized_integrations_with_their_parts() {
        let i = integration("arn:aws:states:::states:startExecution.sync:2");
        assert_eq!(
            (
                i.partition,
                i.region,
                i.account,
                i.service,
                i.action,
                i.pattern
            ),
            (
                "aws",
                None,
                None,
                "states",
                "startExecution",
                Pattern::Sync2
            )
        );
        let i = integration(
            "arn:aws-cn:states:cn-north-1:123456789012:sqs:sendMessage.waitForTaskToken",
        );
        assert_eq!(
            (i.partition, i.region, i.account, i.pattern),
            (
                "aws-cn",
                Some("cn-north-1"),
                Some("123456789012"),
                Pattern::WaitForTaskToken
            )
        );
        assert!(matches!(
            parse("arn:aws:states:::dynamodb:getItem"),
            Ok(TaskResource::Optimized(_))
        ));
        assert!(matches!(
            parse("arn:aws:states:::http:invoke"),
            Ok(TaskResource::Http(_))
        ));
    }

    #[test]
    fn sdk_integrations_with_region_and_account() {
        let r = parse("arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject");
        let Ok(TaskResource::Sdk(i)) = r else {
            panic!("{r:?}")
        };
        assert_eq!(
            (i.region, i.account, i.service, i.action, i.pattern),
            (
                Some("us-east-1"),
                Some("123456789012"),
                "s3",
                "getObject",
                Pattern::RequestResponse
            )
        );
        let i = integration("arn:aws:states:::aws-sdk:sfn:sendTaskSuccess.waitForTaskToken");
        assert_eq!(i.pattern, Pattern::WaitForTaskToken);
        // Half-filled: AWS's behaviour is not documented, so accepted.
        assert!(parse("arn:aws:states:us-east-1::aws-sdk:s3:getObject").is_ok());
    }

    #[test]
    fn lambda_functions_and_activities() {
        let r = parse("arn:aws:lambda:eu-west-3:123456789012:function:Charge:prod");
        let Ok(TaskResource::LambdaFunction(f)) = r else {
            panic!("{r:?}")
        };
        assert_eq!(
            (f.region, f.account, f.name, f.qualifier),
            ("eu-west-3", "123456789012", "Charge", Some("prod"))
        );
        assert_eq!(
            f.arn(),
            "arn:aws:lambda:eu-west-3:123456789012:function:Charge:prod"
        );
        let r = parse("arn:aws-us-gov:states:us-gov-west-1:123456789012:activity:Review");
        let Ok(TaskResource::Activity(a)) = r else {
            panic!("{r:?}")
        };
        assert_eq!(
            (a.partition, a.region, a.name),
            ("aws-us-gov", "us-gov-west-1", "Review")
        );
        assert!(parse("arn:aws:states:::activity:Review").is_err());
    }

    #[test]
    fn every_form_is_accepted() {
        for ok in [
            "arn:aws:states:::lambda:invoke",
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "arn:aws:states:::ecs:runTask.sync",
            "arn:aws:states:::emr-serverless:startJobRun.sync",
            "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            "arn:aws-iso-b:states:::batch:submitJob.sync",
            "arn:aws-eusc:states:::sns:publish",
            "arn:aws:lambda:us-gov-west-1:123456789012:function:charge_v2:$LATEST",
            "arn:aws:states:eu-west-1:123456789012:activity:review.v2(manual)",
            "arn:aws:states:eusc-de-east-1:123456789012:activity:review",
            "arn:aws:states:us-east-1:123456789012:lambda:invoke",
        ] {
            assert!(parse(ok).is_ok(), "{ok}: {:?}", parse(ok));
        }
    }

    #[test]
    fn malformed_resources_are_rejected() {
        for bad in [
            "",
            "lambda:invoke",
            "arn:aws:states",
            "arn:aws:states:::lambda",
            "arn:aws:states:::lambda:invoke.sync:3",
            "arn:aws:states:::lambda:invoke.waitfortasktoken",
            "arn:aws:states:::aws-sdk:s3",
            "arn:amazon:states:::lambda:invoke",
            "arn:aws-:states:::lambda:invoke",
            "arn:aws:states:us-east-1:123456789012:stateMachine:Child",
            "arn:aws:states:useast1::lambda:invoke",
            "arn:aws:states::1234:lambda:invoke",
            "arn:aws:lambda:us-east-1:123456789012:layer:Shared",
            "arn:aws:lambda:us-east-1:1234:function:Charge",
            "arn:aws:lambda:useast1:123456789012:function:Charge",
            "arn:aws:lambda:us-east-1:123456789012:function:Charge:prod:extra",
            "arn:aws:sqs:us-east-1:123456789012:queue",
            "arn:aws:states::: lambda:invoke",
            "arn:aws:states:eu-west-1:123456789012:activity:manual review",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn literals() {
        assert!(is_literal("arn:aws:states:::lambda:invoke"));
        assert!(!is_literal("{% $states.input.resource %}"));
        assert!(!is_literal("${ChargeFunctionArn}"));
    }
}
