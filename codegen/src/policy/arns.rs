//! ARNs: reading the ones a workflow names, and building the ones a policy grants, in the
//! machine's partition, region and account ([`Env`]).

use std::cell::Cell;

use crate::integrations::resource::{is_account, is_partition, is_region};

/// The parts of an ARN, `arn:<partition>:<service>:<region>:<account>:<resource>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    pub fn parse(s: &'a str) -> Option<Arn<'a>> {
        let mut parts = s.strip_prefix("arn:")?.splitn(5, ':');
        let arn = Arn {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        };
        (is_partition(arn.partition)
            && !arn.service.is_empty()
            && (arn.region.is_empty() || is_region(arn.region))
            && (arn.account.is_empty() || is_account(arn.account))
            && !arn.resource.is_empty())
        .then_some(arn)
    }
}

/// The partition a region belongs to.
pub fn partition_of_region(region: &str) -> &'static str {
    const PREFIXES: &[(&str, &str)] = &[
        ("cn-", "aws-cn"),
        ("us-gov-", "aws-us-gov"),
        ("us-isob-", "aws-iso-b"),
        ("us-isof-", "aws-iso-f"),
        ("us-iso-", "aws-iso"),
        ("eu-isoe-", "aws-iso-e"),
        ("eusc-", "aws-eusc"),
    ];
    PREFIXES
        .iter()
        .find(|(p, _)| region.starts_with(p))
        .map_or("aws", |(_, partition)| partition)
}

/// Where the machine runs, as far as the policy knows: from the policy's inputs, else from the
/// ARNs the workflow names. An unknown region or account is `*` in the ARNs the policy builds;
/// whether that happened is recorded so the policy can say so once.
#[derive(Debug)]
pub struct Env {
    pub partition: String,
    /// The state machine's customer managed KMS key, when it has one.
    pub kms_key: Option<String>,
    region: Option<String>,
    account: Option<String>,
    machine: Option<String>,
    pub(crate) region_used: Cell<bool>,
    pub(crate) account_used: Cell<bool>,
    pub(crate) machine_used: Cell<bool>,
}

impl Env {
    pub fn new(
        partition: String,
        region: Option<String>,
        account: Option<String>,
        machine: Option<String>,
    ) -> Env {
        Env {
            partition,
            kms_key: None,
            region,
            account,
            machine,
            region_used: Cell::new(false),
            account_used: Cell::new(false),
            machine_used: Cell::new(false),
        }
    }

    /// The machine's region, or `*`.
    pub fn region(&self) -> &str {
        self.region.as_deref().unwrap_or_else(|| {
            self.region_used.set(true);
            "*"
        })
    }

    /// The machine's account, or `*`.
    pub fn account(&self) -> &str {
        self.account.as_deref().unwrap_or_else(|| {
            self.account_used.set(true);
            "*"
        })
    }

    /// The state machine's name, or `*`.
    pub fn machine(&self) -> &str {
        self.machine.as_deref().unwrap_or_else(|| {
            self.machine_used.set(true);
            "*"
        })
    }

    pub fn has_machine(&self) -> bool {
        self.machine.is_some()
    }

    /// A template with `{partition}`, `{region}` and `{account}` filled in.
    pub fn expand(&self, template: &str) -> String {
        let mut out = template.replace("{partition}", &self.partition);
        if out.contains("{region}") {
            out = out.replace("{region}", self.region());
        }
        if out.contains("{account}") {
            out = out.replace("{account}", self.account());
        }
        out
    }

    /// An ARN in the machine's partition, region and account.
    pub fn arn(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:{}:{service}:{}:{}:{resource}",
            self.partition,
            self.region(),
            self.account()
        )
    }

    /// The machine's own ARN (`stateMachine:<name>`).
    pub fn machine_arn(&self) -> String {
        let name = self.machine().to_string();
        self.arn("states", &format!("stateMachine:{name}"))
    }
}

/// A Lambda function's ARN from a `FunctionName` (a name, `name:qualifier`, a partial ARN
/// `account:function:name` or a full ARN) and an optional `Qualifier`.
pub fn lambda_function(env: &Env, function_name: &str, qualifier: Option<&str>) -> Option<String> {
    let (partition, region, account, rest) = if let Some(arn) = Arn::parse(function_name) {
        if arn.service != "lambda" {
            return None;
        }
        (
            arn.partition.to_string(),
            arn.region.to_string(),
            arn.account.to_string(),
            arn.resource.strip_prefix("function:")?,
        )
    } else if let Some((account, rest)) = function_name
        .split_once(":function:")
        .filter(|(a, _)| is_account(a))
    {
        (
            env.partition.clone(),
            env.region().to_string(),
            account.to_string(),
            rest,
        )
    } else {
        (
            env.partition.clone(),
            env.region().to_string(),
            env.account().to_string(),
            function_name,
        )
    };
    let (name, written_qualifier) = match rest.split_once(':') {
        Some((n, q)) => (n, Some(q)),
        None => (rest, None),
    };
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    let mut arn = format!("arn:{partition}:lambda:{region}:{account}:function:{name}");
    if let Some(q) = written_qualifier.or(qualifier) {
        arn.push(':');
        arn.push_str(q);
    }
    Some(arn)
}

/// The function part of a Lambda function ARN with `:*` for its versions and aliases.
pub fn lambda_versions(function_arn: &str) -> String {
    // arn:p:lambda:r:a:function:name[:qualifier]
    let base: Vec<&str> = function_arn.splitn(8, ':').take(7).collect();
    format!("{}:*", base.join(":"))
}

/// The ARN of an SQS queue from its URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`,
/// the legacy `https://<region>.queue.amazonaws.com/...` and `https://queue.amazonaws.com/...`
/// forms, FIPS, dual-stack and VPC endpoint hosts).
pub fn sqs_queue(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    let mut segments = path.trim_end_matches('/').split('/');
    let (Some(account), Some(name), None) = (segments.next(), segments.next(), segments.next())
    else {
        return None;
    };
    if !is_account(account) || name.is_empty() {
        return None;
    }
    let region = host
        .split('.')
        .find(|label| is_region(label))
        .or_else(|| (host == "queue.amazonaws.com").then_some("us-east-1"))?;
    Some(format!(
        "arn:{}:sqs:{region}:{account}:{name}",
        partition_of_region(region)
    ))
}

/// A resource given by name or ARN (`TableName`, `ProjectName`, ...): the ARN, when given,
/// else `<prefix><name>` in the machine's region and account.
pub fn named(env: &Env, value: &str, service: &str, prefix: &str) -> String {
    match Arn::parse(value) {
        Some(arn) if arn.service == service => value.to_string(),
        _ => env.arn(service, &format!("{prefix}{value}")),
    }
}

/// An IAM role's ARN from a name or ARN.
pub fn role(env: &Env, value: &str) -> String {
    match Arn::parse(value) {
        Some(arn) if arn.service == "iam" => value.to_string(),
        _ => format!("arn:{}:iam::{}:role/{value}", env.partition, env.account()),
    }
}

/// An ECS task definition's ARN from a family, `family:revision` or an ARN; without a
/// revision, every revision of the family (`family:*`).
pub fn task_definition(env: &Env, value: &str) -> String {
    let with_revision = |s: &str| {
        if s.contains(':') {
            s.to_string()
        } else {
            format!("{s}:*")
        }
    };
    match Arn::parse(value) {
        Some(arn) if arn.service == "ecs" => match arn.resource.strip_prefix("task-definition/") {
            Some(family) => format!(
                "arn:{}:ecs:{}:{}:task-definition/{}",
                arn.partition,
                arn.region,
                arn.account,
                with_revision(family)
            ),
            None => value.to_string(),
        },
        _ => env.arn("ecs", &format!("task-definition/{}", with_revision(value))),
    }
}

/// The name of a state machine from its ARN (`stateMachine:<name>[:<version or alias>]`) and
/// the ARN of its executions (`execution:<name>:*`).
pub fn state_machine_executions(arn: &str) -> Option<String> {
    let parsed = Arn::parse(arn)?;
    let name = parsed.resource.strip_prefix("stateMachine:")?;
    let name = name.split(':').next()?;
    Some(format!(
        "arn:{}:states:{}:{}:execution:{name}:*",
        parsed.partition, parsed.region, parsed.account
    ))
}

/// The Secrets Manager secret EventBridge keeps for a connection
/// (`connection/<name>/<id>` -> `secret:events!connection/<name>/*`).
pub fn connection_secret(connection_arn: &str) -> Option<String> {
    let arn = Arn::parse(connection_arn)?;
    let rest = arn.resource.strip_prefix("connection/")?;
    let name = rest.split('/').next().filter(|n| !n.is_empty())?;
    Some(format!(
        "arn:{}:secretsmanager:{}:{}:secret:events!connection/{name}/*",
        arn.partition, arn.region, arn.account
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Env {
        Env::new(
            "aws".into(),
            Some("eu-west-1".into()),
            Some("111122223333".into()),
            Some("orders".into()),
        )
    }

    #[test]
    fn lambda_function_names() {
        let e = env();
        let f = |n, q| lambda_function(&e, n, q);
        assert_eq!(
            f("charge", None).as_deref(),
            Some("arn:aws:lambda:eu-west-1:111122223333:function:charge")
        );
        assert_eq!(
            f("charge:prod", None).as_deref(),
            Some("arn:aws:lambda:eu-west-1:111122223333:function:charge:prod")
        );
        assert_eq!(
            f("charge", Some("7")).as_deref(),
            Some("arn:aws:lambda:eu-west-1:111122223333:function:charge:7")
        );
        assert_eq!(
            f("444455556666:function:charge", None).as_deref(),
            Some("arn:aws:lambda:eu-west-1:444455556666:function:charge")
        );
        assert_eq!(
            f(
                "arn:aws-cn:lambda:cn-north-1:444455556666:function:charge:$LATEST",
                None
            )
            .as_deref(),
            Some("arn:aws-cn:lambda:cn-north-1:444455556666:function:charge:$LATEST")
        );
        assert_eq!(f("arn:aws:sqs:eu-west-1:444455556666:q", None), None);
        assert_eq!(f("not a name", None), None);
        assert_eq!(
            lambda_versions("arn:aws:lambda:eu-west-1:111122223333:function:charge:prod"),
            "arn:aws:lambda:eu-west-1:111122223333:function:charge:*"
        );
    }

    #[test]
    fn queue_urls() {
        for (url, arn) in [
            (
                "https://sqs.us-east-2.amazonaws.com/123456789012/orders",
                "arn:aws:sqs:us-east-2:123456789012:orders",
            ),
            (
                "https://eu-west-1.queue.amazonaws.com/123456789012/orders.fifo",
                "arn:aws:sqs:eu-west-1:123456789012:orders.fifo",
            ),
            (
                "https://queue.amazonaws.com/123456789012/orders",
                "arn:aws:sqs:us-east-1:123456789012:orders",
            ),
            (
                "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/orders",
                "arn:aws-cn:sqs:cn-north-1:123456789012:orders",
            ),
            (
                "https://sqs-fips.us-gov-west-1.amazonaws.com/123456789012/orders",
                "arn:aws-us-gov:sqs:us-gov-west-1:123456789012:orders",
            ),
            (
                "https://vpce-0a1b-2c3d.sqs.eu-central-1.vpce.amazonaws.com/123456789012/orders",
                "arn:aws:sqs:eu-central-1:123456789012:orders",
            ),
        ] {
            assert_eq!(sqs_queue(url).as_deref(), Some(arn), "{url}");
        }
        assert_eq!(sqs_queue("orders"), None);
        assert_eq!(sqs_queue("https://example.com/123456789012/orders"), None);
    }

    #[test]
    fn other_resources() {
        let e = env();
        assert_eq!(
            task_definition(&e, "settle"),
            "arn:aws:ecs:eu-west-1:111122223333:task-definition/settle:*"
        );
        assert_eq!(
            task_definition(&e, "settle:3"),
            "arn:aws:ecs:eu-west-1:111122223333:task-definition/settle:3"
        );
        assert_eq!(
            task_definition(
                &e,
                "arn:aws:ecs:us-east-1:444455556666:task-definition/settle"
            ),
            "arn:aws:ecs:us-east-1:444455556666:task-definition/settle:*"
        );
        assert_eq!(
            role(&e, "ecsTaskRole"),
            "arn:aws:iam::111122223333:role/ecsTaskRole"
        );
        assert_eq!(
            named(&e, "orders", "dynamodb", "table/"),
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
        );
        assert_eq!(
            state_machine_executions(
                "arn:aws:states:us-east-1:444455556666:stateMachine:child:prod"
            )
            .as_deref(),
            Some("arn:aws:states:us-east-1:444455556666:execution:child:*")
        );
        assert_eq!(
            connection_secret("arn:aws:events:us-east-2:123456789012:connection/stripe/0b1c")
                .as_deref(),
            Some("arn:aws:secretsmanager:us-east-2:123456789012:secret:events!connection/stripe/*")
        );
        assert_eq!(partition_of_region("us-isob-east-1"), "aws-iso-b");
        assert_eq!(partition_of_region("eu-west-1"), "aws");
    }

    #[test]
    fn unknown_region_and_account_are_wildcards_and_recorded() {
        let e = Env::new("aws".into(), None, None, None);
        assert!(!e.region_used.get());
        assert_eq!(
            e.expand("arn:{partition}:events:{region}:{account}:rule/R"),
            "arn:aws:events:*:*:rule/R"
        );
        assert!(e.region_used.get() && e.account_used.get());
        assert_eq!(e.machine_arn(), "arn:aws:states:*:*:stateMachine:*");
        assert!(e.machine_used.get());
    }
}
