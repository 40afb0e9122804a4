//! The optimized integrations, as data from AWS's Step Functions developer guide: the table
//! "Optimized integrations in Step Functions", each service's page (its supported APIs and the
//! patterns each API supports) and the IAM policy templates on those pages. Where the guide
//! contradicts itself about a pattern (the service table and a service page disagree), the
//! pattern is listed as supported: the validator must never block a definition AWS accepts.
//!
//! `grants` are the IAM statements the guide gives for an action, per pattern; an action with no
//! grants is not covered by the generated policy (the policy says so with IAM004). Resources are
//! templates ([`Res`]): fixed ARNs with `{partition}`, `{region}` and `{account}`, or values the
//! policy derives from the Task's parameters ([`Param`]), each with the widest correct resource
//! for a value known only at run time.

mod table;

pub use table::{
    CREDENTIALS, DISTRIBUTED_MAP, KMS, KMS_LOG_DELIVERY, LAMBDA_FUNCTION_RESOURCE, LOGGING,
    SERVICES, TRACING,
};

use super::resource::Integration;
use super::{Pattern, Patterns};

/// One service under `arn:aws:states:::<name>:...`.
#[derive(Debug)]
pub struct ServiceSpec {
    /// As written in the ARN: `dynamodb`, `elasticmapreduce`, `states`.
    pub name: &'static str,
    pub title: &'static str,
    /// The developer guide page (`https://docs.aws.amazon.com/step-functions/latest/dg/<page>.html`).
    pub page: &'static str,
    /// The AWS SDK integration's service name, for "call it through aws-sdk" hints.
    pub sdk: Option<&'static str>,
    /// Only valid as a Distributed Map `ItemReader`/`ResultWriter` resource (S3).
    pub map_only: bool,
    pub actions: &'static [ActionSpec],
}

#[derive(Debug)]
pub struct ActionSpec {
    pub name: &'static str,
    pub patterns: Patterns,
    /// The IAM statements for this action; empty when the policy does not cover it.
    pub grants: &'static [Grant],
}

/// One IAM statement template.
#[derive(Debug)]
pub struct Grant {
    /// The patterns it applies to.
    pub when: Patterns,
    /// IAM actions (`lambda:InvokeFunction`).
    pub actions: &'static [&'static str],
    pub resources: &'static [Res],
    pub condition: Cond,
}

/// A resource template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Res {
    /// `*`: the action has no resource-level permissions (as the guide documents).
    Any,
    /// A fixed ARN with `{partition}`, `{region}` and `{account}` placeholders.
    Arn(&'static str),
    /// The EventBridge rule Step Functions manages for a `.sync` integration, in the machine's
    /// region and account.
    Rule(&'static str),
    /// Derived from the Task's parameters (or the machine's own name).
    Param(Param),
}

/// A condition block a grant carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    None,
    /// `StringEquals: { iam:PassedToService: <service> }`.
    PassedToService(&'static str),
    /// `StringLike: { iam:AWSServiceName: <service> }` (service-linked roles).
    AwsServiceName(&'static str),
    /// `StringEquals: { states:HTTPMethod }` and `StringLike: { states:HTTPEndpoint }`, from the
    /// HTTP Task's `Method` and `ApiEndpoint`.
    HttpRequest,
    /// `StringLike: { s3:prefix }` from the `Prefix` of an S3 listing.
    S3Prefix,
    /// `StringEquals: { emr-containers:ExecutionRoleArn }` from the job's `ExecutionRoleArn`.
    EmrContainersExecutionRole,
    /// `StringEquals: { kms:EncryptionContext:aws:states:stateMachineArn: <the machine> }`.
    KmsStateMachine,
    /// `StringLike: { kms:EncryptionContext:SourceArn: arn:<partition>:logs:<region>:<account>:* }`.
    KmsLogDelivery,
}

/// Resources derived from a Task's parameters. Each has a template (for a value written in the
/// definition) and the widest resource that is still correct for a value known only at run time;
/// [`Param::template`] gives both for the coverage table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Param {
    /// `FunctionName` (name, partial or full ARN, with a version or alias) and `Qualifier`.
    LambdaFunction,
    /// `QueueUrl`, turned into the queue's ARN.
    SqsQueue,
    /// `TopicArn`; `TargetArn` and `PhoneNumber` need `*`.
    SnsTopic,
    /// `TableName` (name or ARN).
    DynamoTable,
    /// The indexes of `TableName` (`table/<name>/index/*`), for queries and scans.
    DynamoIndexes,
    /// `TaskDefinition` (family, `family:revision` or ARN).
    EcsTaskDefinition,
    /// The task and execution roles passed to ECS (`Overrides.TaskRoleArn`/`ExecutionRoleArn`,
    /// else those of the task definition, which the workflow does not show).
    EcsPassRoles,
    /// `WorkGroup` (default `primary`).
    AthenaWorkGroup,
    /// `ClusterId`.
    EmrCluster,
    /// `ServiceRole`, `JobFlowRole` and `AutoScalingRole` of a new EMR cluster.
    EmrPassRoles,
    /// `VirtualClusterId`.
    EmrContainersVirtualCluster,
    /// The job runs of `VirtualClusterId`.
    EmrContainersJobRuns,
    /// `ApplicationId` of EMR Serverless.
    EmrServerlessApplication,
    /// The job runs of `ApplicationId`.
    EmrServerlessJobRuns,
    /// `ApplicationId` and `JobRunId`.
    EmrServerlessJobRun,
    /// `ExecutionRoleArn` passed to EMR Serverless.
    EmrServerlessRole,
    /// `StateMachineArn`.
    StateMachine,
    /// The executions of `StateMachineArn`.
    StateMachineExecutions,
    /// The state machine itself (its name is an input of the policy).
    OwnMachine,
    /// The machine's own executions, Map Run child executions included.
    OwnExecutions,
    /// The machine's Map Run child executions.
    OwnMapRunExecutions,
    /// `ProjectName` of a CodeBuild build.
    CodeBuildProject,
    /// `ReportArns` of `batchGetReports`.
    CodeBuildReportGroups,
    /// `Entries[].EventBusName` (default bus when absent).
    EventBuses,
    /// `Name` of a DataBrew job.
    DataBrewJob,
    /// `ApiEndpoint`, `Stage`, `Method` and `Path` of an API Gateway call.
    ApiGatewayRoute,
    /// `TrainingJobName` / `TransformJobName` of a SageMaker job (a prefix: `name*`).
    SageMakerJob,
    /// `RoleArn` passed to SageMaker.
    SageMakerRole,
    /// `Authentication.ConnectionArn` (or `InvocationConfig.ConnectionArn`) of an HTTP Task.
    HttpConnection,
    /// The Secrets Manager secret EventBridge keeps for that connection.
    HttpConnectionSecret,
    /// The object an `ItemReader` reads (`Bucket`, `Key`).
    S3ReaderObject,
    /// The data files an S3 inventory manifest lists.
    S3ManifestData,
    /// The bucket an `ItemReader` lists (`Bucket`).
    S3ListBucket,
    /// The objects under the listed prefix (`Bucket`, `Prefix`).
    S3ListedObjects,
    /// The objects a `ResultWriter` writes (`Bucket`, `Prefix`).
    S3WriterObjects,
    /// `Credentials.RoleArn`.
    CredentialsRole,
    /// The customer managed KMS key of the state machine (an input of the policy).
    KmsKey,
}

impl Param {
    /// (the resource for a value written in the definition, the resource for a value known
    /// only at run time), for the coverage table.
    pub fn template(self) -> (&'static str, &'static str) {
        match self {
            Param::LambdaFunction => (
                "`arn:{partition}:lambda:{region}:{account}:function:<FunctionName>[:<Qualifier>]`",
                "`arn:{partition}:lambda:{region}:{account}:function:*` (the function's versions and aliases `function:<name>:*` when only `Qualifier` is dynamic)",
            ),
            Param::DynamoIndexes => (
                "`arn:{partition}:dynamodb:{region}:{account}:table/<TableName>/index/*`",
                "`arn:{partition}:dynamodb:{region}:{account}:table/*`",
            ),
            Param::SqsQueue => (
                "`arn:{partition}:sqs:<region>:<account>:<queue>` from `QueueUrl`",
                "`arn:{partition}:sqs:{region}:{account}:*`",
            ),
            Param::SnsTopic => (
                "`TopicArn`; `*` for `TargetArn` and `PhoneNumber` (as the guide documents)",
                "`arn:{partition}:sns:{region}:{account}:*` (`*` for `TargetArn`)",
            ),
            Param::DynamoTable => (
                "`arn:{partition}:dynamodb:{region}:{account}:table/<TableName>`",
                "`arn:{partition}:dynamodb:{region}:{account}:table/*`",
            ),
            Param::EcsTaskDefinition => (
                "`arn:{partition}:ecs:{region}:{account}:task-definition/<family>:<revision>` (`<family>:*` without a revision)",
                "`arn:{partition}:ecs:{region}:{account}:task-definition/*`",
            ),
            Param::EcsPassRoles => (
                "`Overrides.TaskRoleArn` and `Overrides.ExecutionRoleArn` when both are given",
                "`arn:{partition}:iam::{account}:role/*` passed to `ecs-tasks.amazonaws.com` (the task definition's roles are not in the workflow)",
            ),
            Param::AthenaWorkGroup => (
                "`arn:{partition}:athena:{region}:{account}:workgroup/<WorkGroup>` (`primary` by default)",
                "`arn:{partition}:athena:{region}:{account}:workgroup/*`",
            ),
            Param::EmrCluster => (
                "`arn:{partition}:elasticmapreduce:{region}:{account}:cluster/<ClusterId>`",
                "`arn:{partition}:elasticmapreduce:{region}:{account}:cluster/*`",
            ),
            Param::EmrPassRoles => (
                "`arn:{partition}:iam::{account}:role/<role>` for `ServiceRole`, `JobFlowRole` and `AutoScalingRole`",
                "`arn:{partition}:iam::{account}:role/*`",
            ),
            Param::EmrContainersVirtualCluster => (
                "`arn:{partition}:emr-containers:{region}:{account}:/virtualclusters/<VirtualClusterId>`",
                "`arn:{partition}:emr-containers:{region}:{account}:/virtualclusters/*`",
            ),
            Param::EmrContainersJobRuns => (
                "`arn:{partition}:emr-containers:{region}:{account}:/virtualclusters/<VirtualClusterId>/jobruns/*`",
                "`arn:{partition}:emr-containers:{region}:{account}:/virtualclusters/*`",
            ),
            Param::EmrServerlessApplication => (
                "`arn:{partition}:emr-serverless:{region}:{account}:/applications/<ApplicationId>`",
                "`arn:{partition}:emr-serverless:{region}:{account}:/applications/*`",
            ),
            Param::EmrServerlessJobRuns => (
                "`arn:{partition}:emr-serverless:{region}:{account}:/applications/<ApplicationId>/jobruns/*`",
                "`arn:{partition}:emr-serverless:{region}:{account}:/applications/*`",
            ),
            Param::EmrServerlessJobRun => (
                "`arn:{partition}:emr-serverless:{region}:{account}:/applications/<ApplicationId>/jobruns/<JobRunId>`",
                "`arn:{partition}:emr-serverless:{region}:{account}:/applications/*`",
            ),
            Param::EmrServerlessRole => (
                "`ExecutionRoleArn`, passed to `emr-serverless.amazonaws.com`",
                "`arn:{partition}:iam::{account}:role/*` passed to `emr-serverless.amazonaws.com`",
            ),
            Param::StateMachine => (
                "`StateMachineArn`",
                "`arn:{partition}:states:{region}:{account}:stateMachine:*`",
            ),
            Param::StateMachineExecutions => (
                "`arn:{partition}:states:<region>:<account>:execution:<name>:*` of `StateMachineArn`",
                "`arn:{partition}:states:{region}:{account}:execution:*`",
            ),
            Param::OwnMachine => (
                "`arn:{partition}:states:{region}:{account}:stateMachine:<machine name>` and its versions and aliases (`:<machine name>:*`)",
                "`arn:{partition}:states:{region}:{account}:stateMachine:*` without the machine name",
            ),
            Param::OwnExecutions => (
                "`arn:{partition}:states:{region}:{account}:execution:<machine name>:*` and the Map Run child executions `execution:<machine name>/*`",
                "`arn:{partition}:states:{region}:{account}:execution:*` without the machine name",
            ),
            Param::OwnMapRunExecutions => (
                "`arn:{partition}:states:{region}:{account}:execution:<machine name>/*`",
                "`arn:{partition}:states:{region}:{account}:execution:*` without the machine name",
            ),
            Param::CodeBuildProject => (
                "`arn:{partition}:codebuild:{region}:{account}:project/<ProjectName>`",
                "`arn:{partition}:codebuild:{region}:{account}:project/*`",
            ),
            Param::CodeBuildReportGroups => (
                "`arn:{partition}:codebuild:{region}:{account}:report-group/*`",
                "`arn:{partition}:codebuild:{region}:{account}:report-group/*`",
            ),
            Param::EventBuses => (
                "`arn:{partition}:events:{region}:{account}:event-bus/<EventBusName>` (`default` when absent)",
                "`arn:{partition}:events:{region}:{account}:event-bus/*`",
            ),
            Param::DataBrewJob => (
                "`arn:{partition}:databrew:{region}:{account}:job/<Name>`",
                "`arn:{partition}:databrew:{region}:{account}:job/*`",
            ),
            Param::ApiGatewayRoute => (
                "`arn:{partition}:execute-api:<region>:{account}:<api id>/<Stage>/<Method>/<Path>` from `ApiEndpoint`",
                "`arn:{partition}:execute-api:{region}:{account}:*`",
            ),
            Param::SageMakerJob => (
                "`arn:{partition}:sagemaker:{region}:{account}:<training-job or transform-job>/<name>*`",
                "`arn:{partition}:sagemaker:{region}:{account}:<training-job or transform-job>/*`",
            ),
            Param::SageMakerRole => (
                "`RoleArn`, passed to `sagemaker.amazonaws.com`",
                "`arn:{partition}:iam::{account}:role/*` passed to `sagemaker.amazonaws.com`",
            ),
            Param::HttpConnection => (
                "`Authentication.ConnectionArn`",
                "`arn:{partition}:events:{region}:{account}:connection/*`",
            ),
            Param::HttpConnectionSecret => (
                "`arn:{partition}:secretsmanager:<region>:<account>:secret:events!connection/<connection name>/*`",
                "`arn:{partition}:secretsmanager:{region}:{account}:secret:events!connection/*`",
            ),
            Param::S3ReaderObject => (
                "`arn:{partition}:s3:::<Bucket>/<Key>`",
                "`arn:{partition}:s3:::<Bucket>/*`, or `arn:{partition}:s3:::*` when the bucket is dynamic",
            ),
            Param::S3ManifestData => (
                "the inventory's data files, `arn:{partition}:s3:::<Bucket>/<inventory prefix>/data/*`; other manifests list objects anywhere: `arn:{partition}:s3:::*`",
                "`arn:{partition}:s3:::*`",
            ),
            Param::S3ListBucket => (
                "`arn:{partition}:s3:::<Bucket>`, with `s3:prefix` from `Prefix`",
                "`arn:{partition}:s3:::*`",
            ),
            Param::S3ListedObjects => (
                "`arn:{partition}:s3:::<Bucket>/<Prefix>*`",
                "`arn:{partition}:s3:::<Bucket>/*`, or `arn:{partition}:s3:::*`",
            ),
            Param::S3WriterObjects => (
                "`arn:{partition}:s3:::<Bucket>/<Prefix>/*`",
                "`arn:{partition}:s3:::<Bucket>/*`, or `arn:{partition}:s3:::*`",
            ),
            Param::CredentialsRole => ("`Credentials.RoleArn`", "`*`"),
            Param::KmsKey => (
                "the key's ARN",
                "`arn:{partition}:kms:{region}:{account}:key/*` when the key is given as an alias or ID",
            ),
        }
    }
}

/// The service names as written in ARNs, sorted.
pub fn service_names() -> impl Iterator<Item = &'static str> {
    SERVICES.iter().map(|s| s.name)
}

pub fn service(name: &str) -> Option<&'static ServiceSpec> {
    SERVICES.iter().find(|s| s.name == name)
}

impl ServiceSpec {
    pub fn action(&self, name: &str) -> Option<&'static ActionSpec>
    where
        Self: 'static,
    {
        self.actions.iter().find(|a| a.name == name)
    }

    /// "getItem, putItem, updateItem and deleteItem".
    pub fn action_list(&self) -> String {
        let names: Vec<&str> = self.actions.iter().map(|a| a.name).collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => one.to_string(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
}

impl ActionSpec {
    /// The grants that apply to a pattern.
    pub fn grants_for(&self, pattern: Pattern) -> impl Iterator<Item = &'static Grant> + '_ {
        let grants: &'static [Grant] = self.grants;
        grants.iter().filter(move |g| g.when.contains(pattern))
    }

    pub fn is_covered(&self) -> bool {
        !self.grants.is_empty()
    }
}

/// Names people write for optimized services under other names.
const SERVICE_ALIASES: &[(&str, &str)] = &[
    ("sfn", "states"),
    ("stepfunctions", "states"),
    ("step-functions", "states"),
    ("emr", "elasticmapreduce"),
    ("emrcontainers", "emr-containers"),
    ("emr-on-eks", "emr-containers"),
    ("emrserverless", "emr-serverless"),
    ("eventbridge", "events"),
    ("ddb", "dynamodb"),
    ("fargate", "ecs"),
    ("api-gateway", "apigateway"),
    ("execute-api", "apigateway"),
    ("gluedatabrew", "databrew"),
    ("glue-databrew", "databrew"),
    ("https", "http"),
];

/// Why an optimized integration ARN names nothing Step Functions runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No optimized integration has this service name.
    UnknownService {
        /// The optimized service it probably means.
        suggestion: Option<&'static str>,
    },
    /// The service has no optimized action of this name.
    UnknownAction {
        service: &'static ServiceSpec,
        /// An optimized action of the service it probably means.
        suggestion: Option<&'static str>,
    },
    /// The action exists but not with this pattern.
    UnsupportedPattern {
        service: &'static ServiceSpec,
        action: &'static ActionSpec,
    },
}

impl PartialEq for ServiceSpec {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for ServiceSpec {}

impl PartialEq for ActionSpec {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for ActionSpec {}

/// Looks an optimized integration (or an HTTP Task) up in the catalogue.
pub fn check(i: &Integration) -> Result<(&'static ServiceSpec, &'static ActionSpec), Problem> {
    let Some(service) = service(i.service) else {
        let suggestion = SERVICE_ALIASES
            .iter()
            .find(|(alias, _)| *alias == i.service)
            .map(|(_, name)| *name)
            .or_else(|| crate::suggest::did_you_mean(i.service, service_names()));
        return Err(Problem::UnknownService { suggestion });
    };
    let Some(action) = service.action(i.action) else {
        let names: Vec<&'static str> = service.actions.iter().map(|a| a.name).collect();
        let suggestion =
            crate::suggest::did_you_mean(i.action, names.iter().copied()).or_else(|| {
                // `invokeFunction` for `invoke`: the SDK's name for the same call.
                names
                    .iter()
                    .find(|n| n.len() >= 4 && i.action.starts_with(**n))
                    .copied()
            });
        return Err(Problem::UnknownAction {
            service,
            suggestion,
        });
    };
    if !action.patterns.contains(i.pattern) {
        return Err(Problem::UnsupportedPattern { service, action });
    }
    Ok((service, action))
}

/// The patterns AWS SDK integrations support: no Run a Job.
pub const SDK_PATTERNS: Patterns = Patterns::RR.with(Patterns::TOKEN);

/// An AWS SDK integration with a pattern SDK integrations do not support (`.sync`): the error
/// message, and a hint toward the optimized integration of the same call when it has the
/// pattern (`aws-sdk:glue:startJobRun.sync` -> `glue:startJobRun.sync`).
pub fn check_sdk(i: &Integration) -> Result<(), (String, String)> {
    if SDK_PATTERNS.contains(i.pattern) {
        return Ok(());
    }
    let message = format!(
        "AWS SDK integrations do not support the {} pattern; they support {}",
        i.pattern.name(),
        SDK_PATTERNS.describe()
    );
    let optimized = SERVICES.iter().find_map(|s| {
        let a = s.action(i.action)?;
        (s.sdk == Some(i.service) && a.patterns.contains(i.pattern)).then_some((s, a))
    });
    let hint = match optimized {
        Some((s, a)) => format!(
            "Did you mean the optimized integration {}?",
            rewrite(i, s.name, a.name, i.pattern)
        ),
        None => format!(
            "Call {}:{} with request-response (drop \"{}\") and poll for the result, or use .waitForTaskToken if the call can pass a task token on.",
            i.service,
            i.action,
            i.pattern.suffix()
        ),
    };
    Err((message, hint))
}

/// The integration ARN with another service, action or pattern, keeping the partition, region
/// and account as written.
pub fn rewrite(i: &Integration, service: &str, action: &str, pattern: Pattern) -> String {
    format!(
        "arn:{}:states:{}:{}:{service}:{action}{}",
        i.partition,
        i.region.unwrap_or_default(),
        i.account.unwrap_or_default(),
        pattern.suffix()
    )
}

impl Problem {
    /// What is wrong, as a clause after "is not ...": for the diagnostic's message.
    pub fn message(&self, i: &Integration) -> String {
        match self {
            Problem::UnknownService { .. } => format!(
                "Step Functions has no optimized integration for \"{}\" (the optimized services are {})",
                i.service,
                service_names().collect::<Vec<_>>().join(", ")
            ),
            Problem::UnknownAction { service, .. } => format!(
                "\"{}\" is not an optimized {} action: {} {}",
                i.action,
                service.title,
                if service.actions.len() == 1 {
                    "the only optimized action is"
                } else {
                    "the optimized actions are"
                },
                service.action_list()
            ),
            Problem::UnsupportedPattern { service, action } => format!(
                "{}:{} does not support the {} pattern; it supports {}",
                service.name,
                action.name,
                i.pattern.name(),
                action.patterns.describe()
            ),
        }
    }

    /// The fix, with a "did you mean" toward the right form where there is one.
    pub fn hint(&self, i: &Integration) -> String {
        let sdk = |sdk: &str| {
            format!(
                "arn:{}:states:{}:{}:aws-sdk:{sdk}:{}{}",
                i.partition,
                i.region.unwrap_or_default(),
                i.account.unwrap_or_default(),
                i.action,
                match i.pattern {
                    Pattern::WaitForTaskToken => ".waitForTaskToken",
                    _ => "",
                }
            )
        };
        match self {
            Problem::UnknownService {
                suggestion: Some(name),
            } => format!("Did you mean {}?", rewrite(i, name, i.action, i.pattern)),
            Problem::UnknownService { suggestion: None } => format!(
                "Call the service through the AWS SDK integration, e.g. {}.",
                sdk(i.service)
            ),
            Problem::UnknownAction {
                service,
                suggestion: Some(name),
            } => format!(
                "Did you mean {}? Action names are case-sensitive.",
                rewrite(i, service.name, name, i.pattern)
            ),
            Problem::UnknownAction {
                service,
                suggestion: None,
            } => match service.sdk {
                Some(s) => format!(
                    "Did you mean {}? Other {} actions are called through the AWS SDK integration.",
                    sdk(s),
                    service.title
                ),
                None => format!("Use one of {}.", service.action_list()),
            },
            Problem::UnsupportedPattern { service, action } => {
                let supported = action.patterns;
                let better = match i.pattern {
                    Pattern::Sync if supported.contains(Pattern::Sync2) => Pattern::Sync2,
                    Pattern::Sync2 if supported.contains(Pattern::Sync) => Pattern::Sync,
                    _ => Pattern::RequestResponse,
                };
                format!(
                    "Did you mean {}? {}:{} supports {}.",
                    rewrite(i, service.name, action.name, better),
                    service.name,
                    action.name,
                    supported.describe()
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrations::resource::{parse, TaskResource};

    fn integration(r: &str) -> Integration<'_> {
        match parse(r) {
            Ok(TaskResource::Optimized(i) | TaskResource::Http(i)) => i,
            other => panic!("{r}: {other:?}"),
        }
    }

    fn problem(r: &str) -> (String, String) {
        let i = integration(r);
        match check(&i) {
            Err(p) => (p.message(&i), p.hint(&i)),
            Ok((s, a)) => panic!("{r}: accepted as {}:{}", s.name, a.name),
        }
    }

    #[test]
    fn the_table_is_sorted_unique_and_consistent() {
        for pair in SERVICES.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} then {}",
                pair[0].name,
                pair[1].name
            );
        }
        for s in SERVICES {
            let mut names: Vec<&str> = s.actions.iter().map(|a| a.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), s.actions.len(), "{}: duplicate action", s.name);
            for a in s.actions {
                assert!(
                    a.patterns.contains(Pattern::RequestResponse),
                    "{}:{}",
                    s.name,
                    a.name
                );
                for g in a.grants {
                    // A grant for a pattern the action does not support is dead data.
                    assert!(
                        g.when.iter().all(|p| a.patterns.contains(p)),
                        "{}:{}: grant {:?} for an unsupported pattern",
                        s.name,
                        a.name,
                        g.actions
                    );
                    assert!(!g.actions.is_empty() && !g.resources.is_empty());
                    for action in g.actions {
                        let (prefix, name) = action.split_once(':').unwrap_or_default();
                        assert!(
                            !prefix.is_empty()
                                && name.chars().next().is_some_and(|c| c.is_ascii_uppercase()),
                            "{action}"
                        );
                    }
                }
                // Every supported pattern of a covered action has at least one grant.
                if a.is_covered() {
                    for p in a.patterns.iter() {
                        assert!(
                            a.grants_for(p).next().is_some(),
                            "{}:{} {p:?}",
                            s.name,
                            a.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn documented_integrations_are_found() {
        for (r, service, action) in [
            ("arn:aws:states:::dynamodb:getItem", "dynamodb", "getItem"),
            (
                "arn:aws:states:::states:startExecution.sync:2",
                "states",
                "startExecution",
            ),
            (
                "arn:aws:states:::ecs:runTask.waitForTaskToken",
                "ecs",
                "runTask",
            ),
            (
                "arn:aws:states:::glue:startJobRun.sync",
                "glue",
                "startJobRun",
            ),
            (
                "arn:aws:states:::elasticmapreduce:addStep.sync",
                "elasticmapreduce",
                "addStep",
            ),
            (
                "arn:aws:states:::emr-serverless:startJobRun.sync",
                "emr-serverless",
                "startJobRun",
            ),
            ("arn:aws:states:::http:invoke", "http", "invoke"),
            ("arn:aws:states:::eks:call", "eks", "call"),
            (
                "arn:aws:states:::bedrock:invokeModel",
                "bedrock",
                "invokeModel",
            ),
            (
                "arn:aws:states:us-east-1:123456789012:sqs:sendMessage",
                "sqs",
                "sendMessage",
            ),
        ] {
            let i = integration(r);
            let found = check(&i).map(|(s, a)| (s.name, a.name));
            assert_eq!(found, Ok((service, action)), "{r}");
        }
    }

    #[test]
    fn a_non_optimized_action_points_to_the_sdk_integration() {
        let (message, hint) = problem("arn:aws:states:::dynamodb:query");
        assert_eq!(
            message,
            "\"query\" is not an optimized Amazon DynamoDB action: the optimized actions are getItem, putItem, updateItem and deleteItem"
        );
        assert_eq!(
            hint,
            "Did you mean arn:aws:states:::aws-sdk:dynamodb:query? Other Amazon DynamoDB actions are called through the AWS SDK integration."
        );
        let (_, hint) = problem("arn:aws:states:::elasticmapreduce:listClusters");
        assert!(hint.contains("aws-sdk:emr:listClusters"), "{hint}");
        // The region and account are kept as written.
        let (_, hint) = problem("arn:aws-cn:states:cn-north-1:123456789012:sqs:receiveMessage");
        assert!(
            hint.contains("arn:aws-cn:states:cn-north-1:123456789012:aws-sdk:sqs:receiveMessage"),
            "{hint}"
        );
    }

    #[test]
    fn a_misspelt_action_or_service_gets_a_did_you_mean() {
        let (_, hint) = problem("arn:aws:states:::dynamodb:GetItem");
        assert_eq!(
            hint,
            "Did you mean arn:aws:states:::dynamodb:getItem? Action names are case-sensitive."
        );
        let (_, hint) = problem("arn:aws:states:::lambda:invokeFunction.waitForTaskToken");
        assert!(
            hint.contains("arn:aws:states:::lambda:invoke.waitForTaskToken"),
            "{hint}"
        );
        let (message, hint) = problem("arn:aws:states:::sfn:startExecution.sync");
        assert!(
            message.contains("no optimized integration for \"sfn\""),
            "{message}"
        );
        assert_eq!(
            hint,
            "Did you mean arn:aws:states:::states:startExecution.sync?"
        );
        let (_, hint) = problem("arn:aws:states:::dynamdb:putItem");
        assert_eq!(hint, "Did you mean arn:aws:states:::dynamodb:putItem?");
        let (_, hint) = problem("arn:aws:states:::ssm:getParameter");
        assert_eq!(
            hint,
            "Call the service through the AWS SDK integration, e.g. arn:aws:states:::aws-sdk:ssm:getParameter."
        );
    }

    #[test]
    fn sdk_job_runs_point_to_the_optimized_integration() {
        let sdk = |r: &'static str| match parse(r) {
            Ok(TaskResource::Sdk(i)) => check_sdk(&i),
            other => panic!("{r}: {other:?}"),
        };
        assert_eq!(sdk("arn:aws:states:::aws-sdk:s3:getObject"), Ok(()));
        assert_eq!(
            sdk("arn:aws:states:::aws-sdk:sfn:startExecution.waitForTaskToken"),
            Ok(())
        );
        let Err((message, hint)) = sdk("arn:aws:states:::aws-sdk:glue:startJobRun.sync") else {
            panic!("accepted")
        };
        assert_eq!(
            message,
            "AWS SDK integrations do not support the Run a Job (.sync) pattern; they support request-response and .waitForTaskToken"
        );
        assert_eq!(
            hint,
            "Did you mean the optimized integration arn:aws:states:::glue:startJobRun.sync?"
        );
        let Err((_, hint)) = sdk("arn:aws:states:::aws-sdk:sfn:startExecution.sync:2") else {
            panic!("accepted")
        };
        assert!(
            hint.contains("arn:aws:states:::states:startExecution.sync:2"),
            "{hint}"
        );
        let Err((_, hint)) = sdk("arn:aws:states:::aws-sdk:s3:listObjectsV2.sync") else {
            panic!("accepted")
        };
        assert!(
            hint.starts_with("Call s3:listObjectsV2 with request-response"),
            "{hint}"
        );
    }

    #[test]
    fn an_unsupported_pattern_suggests_a_supported_one() {
        let (message, hint) = problem("arn:aws:states:::lambda:invoke.sync");
        assert_eq!(
            message,
            "lambda:invoke does not support the Run a Job (.sync) pattern; it supports request-response and .waitForTaskToken"
        );
        assert_eq!(
            hint,
            "Did you mean arn:aws:states:::lambda:invoke? lambda:invoke supports request-response and .waitForTaskToken."
        );
        let (_, hint) = problem("arn:aws:states:::dynamodb:putItem.waitForTaskToken");
        assert!(
            hint.starts_with("Did you mean arn:aws:states:::dynamodb:putItem?"),
            "{hint}"
        );
        let (_, hint) = problem("arn:aws:states:::batch:submitJob.sync:2");
        assert!(
            hint.starts_with("Did you mean arn:aws:states:::batch:submitJob.sync?"),
            "{hint}"
        );
        let (_, hint) = problem("arn:aws:states:::http:invoke.waitForTaskToken");
        assert!(
            hint.starts_with("Did you mean arn:aws:states:::http:invoke?"),
            "{hint}"
        );
    }
}
