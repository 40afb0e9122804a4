//! The resources (and condition values) a grant names, derived from a Task's request: the
//! narrowest ARN when the value is written in the definition; the widest resource that is still
//! correct for that integration (with the reason, for a warning) when it is computed at run
//! time; unknown when Terraform does not know it yet.

use std::collections::BTreeSet;

use super::args::{Args, Text, Value};
use super::arns::{self, Arn, Env};
use super::document::{condition, Condition};
use crate::diagnostic::Path;
use crate::integrations::catalogue::{Cond, Param};
use crate::integrations::resource::is_region;
use crate::model::ReaderConfig;

/// Where a grant applies: one Task (or Map state) and its request.
pub struct Site<'a> {
    pub state: &'a str,
    /// The request (`Parameters`/`Arguments`, of the ItemReader or ResultWriter for those).
    pub args: Args<'a>,
    /// The integration's action (`createTrainingJob`).
    pub action: &'a str,
    /// A Lambda function ARN given as the Task's `Resource`.
    pub function: Option<String>,
    /// The `Credentials` of the Task.
    pub credentials: Option<Args<'a>>,
    /// The `ReaderConfig` of an ItemReader.
    pub reader: Option<&'a ReaderConfig>,
}

impl<'a> Site<'a> {
    /// A site with a request and nothing else.
    pub fn new(state: &'a str, args: Args<'a>) -> Site<'a> {
        Site {
            state,
            args,
            action: "",
            function: None,
            credentials: None,
            reader: None,
        }
    }

    /// The same state with another request (an element of `Entries`, the `Credentials`).
    fn with_args(&self, args: Args<'a>) -> Site<'a> {
        Site {
            action: self.action,
            ..Site::new(self.state, args)
        }
    }
}

/// Why a grant names more than the workflow shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The value is computed at run time: the field and how it is computed.
    Dynamic { field: String, how: String },
    /// The value is written but is not what the field takes (the call would fail).
    Malformed { field: String, value: String },
    /// Roles the workflow does not show.
    Unseen(String),
}

/// A grant's resources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Exact(BTreeSet<String>),
    /// Wider than the workflow needs, at the location of the value, and why.
    Wider {
        resources: BTreeSet<String>,
        at: Path,
        why: Why,
    },
    /// Some resources exact, some wider (several fields, one computed).
    Mixed {
        exact: BTreeSet<String>,
        wider: BTreeSet<String>,
        at: Path,
        why: Why,
    },
    /// A value not yet known: the policy is unknown.
    Unknown(Path),
    /// Nothing to grant (an API Gateway call without IAM authorization).
    Nothing,
}

fn one(s: String) -> BTreeSet<String> {
    BTreeSet::from([s])
}

fn field(keys: &[&str]) -> String {
    keys.join(".")
}

/// A resource from one string value: `build` for a written value, `widest` otherwise.
fn from_text(
    site: &Site,
    keys: &[&str],
    widest: impl FnOnce() -> String,
    build: impl FnOnce(&str) -> Option<String>,
) -> Resolved {
    match site.args.text(keys) {
        Text::Literal(v) => match build(v) {
            Some(r) => Resolved::Exact(one(r)),
            None => Resolved::Wider {
                resources: one(widest()),
                at: site.args.path_of(keys),
                why: Why::Malformed {
                    field: field(keys),
                    value: v.to_string(),
                },
            },
        },
        Text::Dynamic { at, how } => Resolved::Wider {
            resources: one(widest()),
            at,
            why: Why::Dynamic {
                field: field(keys),
                how: how.to_string(),
            },
        },
        Text::Unknown(at) => Resolved::Unknown(at),
        Text::Absent | Text::NotText(_) => Resolved::Wider {
            resources: one(widest()),
            at: site.args.path_of(keys),
            why: Why::Malformed {
                field: field(keys),
                value: "(missing)".into(),
            },
        },
    }
}

/// Several results as one: exact only if all are.
fn all(parts: Vec<Resolved>) -> Resolved {
    let mut exact = BTreeSet::new();
    let mut wider = BTreeSet::new();
    let mut reason = None;
    for p in parts {
        match p {
            Resolved::Exact(r) => exact.extend(r),
            Resolved::Wider { resources, at, why } => {
                wider.extend(resources);
                reason.get_or_insert((at, why));
            }
            Resolved::Mixed {
                exact: e,
                wider: w,
                at,
                why,
            } => {
                exact.extend(e);
                wider.extend(w);
                reason.get_or_insert((at, why));
            }
            Resolved::Unknown(at) => return Resolved::Unknown(at),
            Resolved::Nothing => {}
        }
    }
    match reason {
        None if exact.is_empty() => Resolved::Nothing,
        None => Resolved::Exact(exact),
        Some((at, why)) if exact.is_empty() => Resolved::Wider {
            resources: wider,
            at,
            why,
        },
        Some((at, why)) => Resolved::Mixed {
            exact,
            wider,
            at,
            why,
        },
    }
}

pub fn resolve(param: Param, site: &Site, env: &Env) -> Resolved {
    match param {
        Param::LambdaFunction => lambda_function(site, env),
        Param::SqsQueue => from_text(site, &["QueueUrl"], || env.arn("sqs", "*"), arns::sqs_queue),
        Param::SnsTopic => sns_topic(site, env),
        Param::DynamoTable => from_text(
            site,
            &["TableName"],
            || env.arn("dynamodb", "table/*"),
            |v| Some(arns::named(env, v, "dynamodb", "table/")),
        ),
        Param::DynamoIndexes => from_text(
            site,
            &["TableName"],
            || env.arn("dynamodb", "table/*"),
            |v| {
                Some(format!(
                    "{}/index/*",
                    arns::named(env, v, "dynamodb", "table/")
                ))
            },
        ),
        Param::EcsTaskDefinition => from_text(
            site,
            &["TaskDefinition"],
            || env.arn("ecs", "task-definition/*"),
            |v| Some(arns::task_definition(env, v)),
        ),
        Param::EcsPassRoles => ecs_pass_roles(site, env),
        Param::AthenaWorkGroup => match site.args.text(&["WorkGroup"]) {
            Text::Absent => Resolved::Exact(one(env.arn("athena", "workgroup/primary"))),
            _ => from_text(
                site,
                &["WorkGroup"],
                || env.arn("athena", "workgroup/*"),
                |v| Some(env.arn("athena", &format!("workgroup/{v}"))),
            ),
        },
        Param::EmrCluster => from_text(
            site,
            &["ClusterId"],
            || env.arn("elasticmapreduce", "cluster/*"),
            |v| Some(env.arn("elasticmapreduce", &format!("cluster/{v}"))),
        ),
        Param::EmrPassRoles => emr_pass_roles(site, env),
        Param::EmrContainersVirtualCluster => from_text(
            site,
            &["VirtualClusterId"],
            || env.arn("emr-containers", "/virtualclusters/*"),
            |v| Some(env.arn("emr-containers", &format!("/virtualclusters/{v}"))),
        ),
        Param::EmrContainersJobRuns => from_text(
            site,
            &["VirtualClusterId"],
            || env.arn("emr-containers", "/virtualclusters/*"),
            |v| Some(env.arn("emr-containers", &format!("/virtualclusters/{v}/jobruns/*"))),
        ),
        Param::EmrServerlessApplication => from_text(
            site,
            &["ApplicationId"],
            || env.arn("emr-serverless", "/applications/*"),
            |v| Some(env.arn("emr-serverless", &format!("/applications/{v}"))),
        ),
        Param::EmrServerlessJobRuns => from_text(
            site,
            &["ApplicationId"],
            || env.arn("emr-serverless", "/applications/*"),
            |v| Some(env.arn("emr-serverless", &format!("/applications/{v}/jobruns/*"))),
        ),
        Param::EmrServerlessJobRun => {
            let every = || env.arn("emr-serverless", "/applications/*");
            match site.args.text(&["ApplicationId"]) {
                Text::Literal(app) => from_text(site, &["JobRunId"], every, |run| {
                    Some(env.arn(
                        "emr-serverless",
                        &format!("/applications/{app}/jobruns/{run}"),
                    ))
                }),
                _ => from_text(site, &["ApplicationId"], every, |_| None),
            }
        }
        Param::EmrServerlessRole => from_text(
            site,
            &["ExecutionRoleArn"],
            || arns::role(env, "*"),
            |v| Some(arns::role(env, v)),
        ),
        Param::StateMachine => from_text(
            site,
            &["StateMachineArn"],
            || env.arn("states", "stateMachine:*"),
            |v| {
                Arn::parse(v)
                    .filter(|a| a.service == "states" && a.resource.starts_with("stateMachine:"))
                    .map(|_| v.to_string())
            },
        ),
        Param::StateMachineExecutions => from_text(
            site,
            &["StateMachineArn"],
            || env.arn("states", "execution:*"),
            arns::state_machine_executions,
        ),
        Param::OwnMachine => {
            let machine = env.machine_arn();
            if env.has_machine() {
                Resolved::Exact(BTreeSet::from([format!("{machine}:*"), machine]))
            } else {
                Resolved::Exact(one(machine))
            }
        }
        Param::OwnExecutions => {
            let name = env.machine().to_string();
            if env.has_machine() {
                Resolved::Exact(BTreeSet::from([
                    env.arn("states", &format!("execution:{name}:*")),
                    env.arn("states", &format!("execution:{name}/*")),
                ]))
            } else {
                Resolved::Exact(one(env.arn("states", "execution:*")))
            }
        }
        Param::OwnMapRunExecutions => {
            let name = env.machine().to_string();
            if env.has_machine() {
                Resolved::Exact(one(env.arn("states", &format!("execution:{name}/*"))))
            } else {
                Resolved::Exact(one(env.arn("states", "execution:*")))
            }
        }
        Param::CodeBuildProject => codebuild_project(site, env),
        Param::CodeBuildReportGroups => {
            Resolved::Exact(one(env.arn("codebuild", "report-group/*")))
        }
        Param::EventBuses => event_buses(site, env),
        Param::DataBrewJob => from_text(
            site,
            &["Name"],
            || env.arn("databrew", "job/*"),
            |v| Some(env.arn("databrew", &format!("job/{v}"))),
        ),
        Param::ApiGatewayRoute => api_gateway_route(site, env),
        Param::SageMakerJob => {
            let (kind, key) = match site.action {
                "createTransformJob" => ("transform-job", "TransformJobName"),
                _ => ("training-job", "TrainingJobName"),
            };
            from_text(
                site,
                &[key],
                || env.arn("sagemaker", &format!("{kind}/*")),
                |v| Some(env.arn("sagemaker", &format!("{kind}/{v}*"))),
            )
        }
        Param::SageMakerRole => from_text(
            site,
            &["RoleArn"],
            || arns::role(env, "*"),
            |v| Some(arns::role(env, v)),
        ),
        Param::HttpConnection => connection(site, env, false),
        Param::HttpConnectionSecret => connection(site, env, true),
        Param::S3ReaderObject => s3_object(site, env, &["Key"], S3Kind::Object),
        Param::S3ManifestData => match site.reader.and_then(|r| r.input_type.as_deref()) {
            Some("MANIFEST") => manifest_data(site, env),
            _ => Resolved::Nothing,
        },
        Param::S3ListBucket => bucket(site, env),
        Param::S3ListedObjects => s3_object(site, env, &["Prefix"], S3Kind::Listed),
        Param::S3WriterObjects => s3_object(site, env, &["Prefix"], S3Kind::Written),
        Param::KmsKey => match env.kms_key.as_deref() {
            Some(key) if Arn::parse(key).is_some_and(|a| a.resource.starts_with("key/")) => {
                Resolved::Exact(one(key.to_string()))
            }
            Some(key) => {
                let every = match Arn::parse(key) {
                    Some(a) => format!("arn:{}:kms:{}:{}:key/*", a.partition, a.region, a.account),
                    None => env.arn("kms", "key/*"),
                };
                Resolved::Wider {
                    resources: one(every),
                    at: Path::root(),
                    why: Why::Malformed {
                        field: "the KMS key".into(),
                        value: key.to_string(),
                    },
                }
            }
            None => Resolved::Nothing,
        },
        Param::CredentialsRole => match &site.credentials {
            Some(creds) => {
                let s = site.with_args(creds.clone());
                from_text(
                    &s,
                    &["RoleArn"],
                    || "*".into(),
                    |v| {
                        Arn::parse(v)
                            .filter(|a| a.service == "iam")
                            .map(|_| v.to_string())
                    },
                )
            }
            None => Resolved::Nothing,
        },
    }
}

fn lambda_function(site: &Site, env: &Env) -> Resolved {
    if let Some(f) = &site.function {
        return Resolved::Exact(one(f.clone()));
    }
    let every = || env.arn("lambda", "function:*");
    match site.args.text(&["FunctionName"]) {
        Text::Literal(name) => match site.args.text(&["Qualifier"]) {
            Text::Literal(q) => from_text(site, &["FunctionName"], every, |_| {
                arns::lambda_function(env, name, Some(q))
            }),
            Text::Absent => from_text(site, &["FunctionName"], every, |_| {
                arns::lambda_function(env, name, None)
            }),
            Text::Unknown(at) => Resolved::Unknown(at),
            Text::Dynamic { at, how } => match arns::lambda_function(env, name, None) {
                // Every version and alias of the one function.
                Some(f) => Resolved::Wider {
                    resources: one(arns::lambda_versions(&f)),
                    at,
                    why: Why::Dynamic {
                        field: "Qualifier".into(),
                        how: how.to_string(),
                    },
                },
                None => from_text(site, &["FunctionName"], every, |_| None),
            },
            Text::NotText(_) => from_text(site, &["FunctionName"], every, |_| {
                arns::lambda_function(env, name, None)
            }),
        },
        _ => from_text(site, &["FunctionName"], every, |_| None),
    }
}

fn sns_topic(site: &Site, env: &Env) -> Resolved {
    match site.args.get(&["TopicArn"]) {
        Value::Absent => {}
        _ => {
            return from_text(
                site,
                &["TopicArn"],
                || env.arn("sns", "*"),
                |v| {
                    Arn::parse(v)
                        .filter(|a| a.service == "sns")
                        .map(|_| v.to_string())
                },
            )
        }
    }
    // TargetArn (a topic, or an endpoint of a platform application) and PhoneNumber (SMS)
    // need `*`, as the SNS page documents.
    for key in ["TargetArn", "PhoneNumber"] {
        match site.args.get(&[key]) {
            Value::Unknown(at) => return Resolved::Unknown(at),
            Value::Absent => continue,
            _ => return Resolved::Exact(one("*".into())),
        }
    }
    from_text(site, &["TopicArn"], || env.arn("sns", "*"), |_| None)
}

fn ecs_pass_roles(site: &Site, env: &Env) -> Resolved {
    let every = || arns::role(env, "*");
    let roles: Vec<Text> = ["TaskRoleArn", "ExecutionRoleArn"]
        .into_iter()
        .map(|k| site.args.text(&["Overrides", k]))
        .collect();
    let mut found = BTreeSet::new();
    for r in &roles {
        match r {
            Text::Literal(v) => {
                found.insert(arns::role(env, v));
            }
            Text::Unknown(at) => return Resolved::Unknown(at.clone()),
            Text::Dynamic { at, how } => {
                return Resolved::Wider {
                    resources: one(every()),
                    at: at.clone(),
                    why: Why::Dynamic {
                        field: "Overrides".into(),
                        how: how.to_string(),
                    },
                }
            }
            Text::Absent | Text::NotText(_) => {}
        }
    }
    if found.len() == roles.len() {
        return Resolved::Exact(found);
    }
    Resolved::Wider {
        resources: one(every()),
        at: site.args.path_of(&["TaskDefinition"]),
        why: Why::Unseen(
            "the task definition's task and execution roles are not in the workflow".into(),
        ),
    }
}

fn emr_pass_roles(site: &Site, env: &Env) -> Resolved {
    let mut parts = Vec::new();
    for key in ["ServiceRole", "JobFlowRole", "AutoScalingRole"] {
        let required = key != "AutoScalingRole";
        match site.args.text(&[key]) {
            Text::Absent if !required => {}
            Text::Literal(v) if key == "JobFlowRole" => parts.push(Resolved::Wider {
                resources: one(arns::role(env, v)),
                at: site.args.path_of(&[key]),
                why: Why::Unseen(format!(
                    "JobFlowRole names an instance profile; the policy assumes its role is also named \"{v}\", as EMR's default roles are"
                )),
            }),
            _ => parts.push(from_text(
                site,
                &[key],
                || arns::role(env, "*"),
                |v| Some(arns::role(env, v)),
            )),
        }
    }
    all(parts)
}

fn codebuild_project(site: &Site, env: &Env) -> Resolved {
    let every = || env.arn("codebuild", "project/*");
    // A build or batch id is `<project>:<uuid>` (or the build's ARN).
    let project_of = |id: &str| -> Option<String> {
        let id = Arn::parse(id)
            .and_then(|a| a.resource.split_once('/').map(|(_, id)| id))
            .unwrap_or(id);
        let (project, _) = id.split_once(':')?;
        Some(env.arn("codebuild", &format!("project/{project}")))
    };
    if !matches!(site.args.get(&["ProjectName"]), Value::Absent) {
        return from_text(site, &["ProjectName"], every, |v| {
            Some(arns::named(env, v, "codebuild", "project/"))
        });
    }
    if !matches!(site.args.get(&["Id"]), Value::Absent) {
        return from_text(site, &["Id"], every, project_of);
    }
    match site.args.items(&["Ids"]) {
        Ok(items) if !items.is_empty() => all(items
            .iter()
            .map(|item| {
                let s = site.with_args(item.clone());
                from_text(&s, &[], every, project_of)
            })
            .collect()),
        Err(Value::Unknown(at)) => Resolved::Unknown(at),
        _ => from_text(site, &["ProjectName"], every, |_| None),
    }
}

fn event_buses(site: &Site, env: &Env) -> Resolved {
    let every = || env.arn("events", "event-bus/*");
    match site.args.items(&["Entries"]) {
        Ok(entries) if !entries.is_empty() => all(entries
            .iter()
            .map(|entry| {
                let s = site.with_args(entry.clone());
                match s.args.text(&["EventBusName"]) {
                    Text::Absent => Resolved::Exact(one(env.arn("events", "event-bus/default"))),
                    _ => from_text(&s, &["EventBusName"], every, |v| {
                        Some(arns::named(env, v, "events", "event-bus/"))
                    }),
                }
            })
            .collect()),
        Err(Value::Unknown(at)) => Resolved::Unknown(at),
        Err(Value::Dynamic { at, how }) => Resolved::Wider {
            resources: one(every()),
            at,
            why: Why::Dynamic {
                field: "Entries".into(),
                how: how.to_string(),
            },
        },
        _ => from_text(site, &["Entries"], every, |_| None),
    }
}

/// `execute-api:Invoke` is needed only when the call is signed (`AuthType` `IAM_ROLE` or
/// `RESOURCE_POLICY`); the default, `NO_AUTH`, needs nothing.
fn api_gateway_route(site: &Site, env: &Env) -> Resolved {
    let every = || env.arn("execute-api", "*");
    match site.args.text(&["AuthType"]) {
        Text::Absent => return Resolved::Nothing,
        Text::Literal("NO_AUTH") => return Resolved::Nothing,
        Text::Unknown(at) => return Resolved::Unknown(at),
        Text::Dynamic { at, how } => {
            return Resolved::Wider {
                resources: one(every()),
                at,
                why: Why::Dynamic {
                    field: "AuthType".into(),
                    how: how.to_string(),
                },
            }
        }
        _ => {}
    }
    // `<api id>.execute-api.<region>.amazonaws.com`
    let api = match site.args.text(&["ApiEndpoint"]) {
        Text::Literal(host) => {
            let host = host
                .trim_start_matches("https://")
                .split('/')
                .next()
                .unwrap_or_default();
            let labels: Vec<&str> = host.split('.').collect();
            match labels.as_slice() {
                [id, "execute-api", region, ..] if is_region(region) => {
                    Some((id.to_string(), region.to_string()))
                }
                _ => None,
            }
        }
        Text::Unknown(at) => return Resolved::Unknown(at),
        _ => None,
    };
    let Some((id, region)) = api else {
        return from_text(site, &["ApiEndpoint"], every, |_| None);
    };

    let mut route = format!(
        "arn:{}:execute-api:{region}:{}:{id}",
        arns::partition_of_region(&region),
        env.account()
    );
    for key in ["Stage", "Method", "Path"] {
        match site.args.text(&[key]) {
            Text::Literal(v) if !v.trim_matches('/').is_empty() => {
                route.push('/');
                route.push_str(v.trim_matches('/'));
            }
            Text::Unknown(at) => return Resolved::Unknown(at),
            Text::Dynamic { at, how } => {
                route.push_str("/*");
                return Resolved::Wider {
                    resources: one(route),
                    at,
                    why: Why::Dynamic {
                        field: key.into(),
                        how: how.to_string(),
                    },
                };
            }
            _ => {
                route.push_str("/*");
                return Resolved::Exact(one(route));
            }
        }
    }
    Resolved::Exact(one(route))
}

fn connection(site: &Site, env: &Env, secret: bool) -> Resolved {
    let keys: &[&str] = match site.args.get(&["InvocationConfig", "ConnectionArn"]) {
        Value::Absent => &["Authentication", "ConnectionArn"],
        _ => &["InvocationConfig", "ConnectionArn"],
    };
    if secret {
        from_text(
            site,
            keys,
            || env.arn("secretsmanager", "secret:events!connection/*"),
            arns::connection_secret,
        )
    } else {
        from_text(
            site,
            keys,
            || env.arn("events", "connection/*"),
            |v| {
                Arn::parse(v)
                    .filter(|a| a.service == "events" && a.resource.starts_with("connection/"))
                    .map(|_| v.to_string())
            },
        )
    }
}

enum S3Kind {
    /// The object at `Key`.
    Object,
    /// The objects under `Prefix*`.
    Listed,
    /// The objects written under `Prefix/`.
    Written,
}

/// The `Bucket` of a request: written, not yet known, or anything else.
enum Bucket<'a> {
    Named(&'a str),
    Unknown(Path),
    Other,
}

fn bucket_name<'a>(site: &Site<'a>) -> Bucket<'a> {
    match site.args.text(&["Bucket"]) {
        Text::Literal(b) => Bucket::Named(b),
        Text::Unknown(at) => Bucket::Unknown(at),
        _ => Bucket::Other,
    }
}

fn bucket(site: &Site, env: &Env) -> Resolved {
    let every = || format!("arn:{}:s3:::*", env.partition);
    from_text(site, &["Bucket"], every, |b| {
        Some(format!("arn:{}:s3:::{b}", env.partition))
    })
}

fn s3_object(site: &Site, env: &Env, keys: &[&str], kind: S3Kind) -> Resolved {
    let every = format!("arn:{}:s3:::*", env.partition);
    let bucket = match bucket_name(site) {
        Bucket::Named(b) => b,
        Bucket::Other => return from_text(site, &["Bucket"], || every, |_| None),
        Bucket::Unknown(at) => return Resolved::Unknown(at),
    };
    let in_bucket = format!("arn:{}:s3:::{bucket}/*", env.partition);
    let absent = matches!(site.args.text(keys), Text::Absent);
    if absent && !matches!(kind, S3Kind::Object) {
        // No prefix: the whole bucket.
        return Resolved::Exact(one(in_bucket));
    }
    from_text(
        site,
        keys,
        || in_bucket.clone(),
        |v| {
            let v = v.trim_start_matches('/');
            Some(match kind {
                S3Kind::Object => format!("arn:{}:s3:::{bucket}/{v}", env.partition),
                S3Kind::Listed => format!("arn:{}:s3:::{bucket}/{v}*", env.partition),
                S3Kind::Written => format!(
                    "arn:{}:s3:::{bucket}/{}/*",
                    env.partition,
                    v.trim_end_matches('/')
                ),
            })
        },
    )
}

/// An S3 inventory manifest (`<prefix>/<source bucket>/<config>/<date>/manifest.json`) lists
/// data files under `<prefix>/<source bucket>/<config>/data/`; other manifests (Athena's, CSV)
/// list objects anywhere.
fn manifest_data(site: &Site, env: &Env) -> Resolved {
    let every = format!("arn:{}:s3:::*", env.partition);
    let bucket = match bucket_name(site) {
        Bucket::Named(b) => b,
        Bucket::Other => return from_text(site, &["Bucket"], || every, |_| None),
        Bucket::Unknown(at) => return Resolved::Unknown(at),
    };
    let inventory = site.reader.is_none_or(|r| r.manifest_type.is_none());
    from_text(
        site,
        &["Key"],
        || every.clone(),
        |key| {
            let dir = key.strip_suffix("/manifest.json").filter(|_| inventory)?;
            let (config, _date) = dir.rsplit_once('/')?;
            Some(format!(
                "arn:{}:s3:::{bucket}/{config}/data/*",
                env.partition
            ))
        },
    )
}

/// The condition a grant carries, with the place and reason it is wider than needed.
pub fn condition_for(
    cond: Cond,
    site: &Site,
    env: &Env,
) -> Result<(Condition, Option<(Path, Why)>), Path> {
    let mut wider = None;
    let mut note = |at: Path, key: &str, how: &str| {
        wider.get_or_insert((
            at,
            Why::Dynamic {
                field: key.to_string(),
                how: how.to_string(),
            },
        ));
    };
    let c = match cond {
        Cond::None => Condition::new(),
        Cond::PassedToService(s) => {
            condition("StringEquals", "iam:PassedToService", [s.to_string()])
        }
        Cond::AwsServiceName(s) => condition("StringLike", "iam:AWSServiceName", [s.to_string()]),
        Cond::HttpRequest => {
            let mut c = Condition::new();
            match site.args.text(&["Method"]) {
                Text::Literal(m) => c.extend(condition(
                    "StringEquals",
                    "states:HTTPMethod",
                    [m.to_string()],
                )),
                Text::Dynamic { at, how } => note(at, "Method", how),
                Text::Unknown(at) => return Err(at),
                _ => {}
            }
            let endpoint = match site.args.text(&["ApiEndpoint"]) {
                Text::Literal(e) => Some(format!("{e}*")),
                Text::Dynamic { at, how } => {
                    note(at, "ApiEndpoint", how);
                    endpoint_prefix(how).map(|p| format!("{p}*"))
                }
                Text::Unknown(at) => return Err(at),
                _ => None,
            };
            if let Some(e) = endpoint {
                c.entry("StringLike".into())
                    .or_default()
                    .insert("states:HTTPEndpoint".into(), BTreeSet::from([e]));
            }
            c
        }
        Cond::S3Prefix => match site.args.text(&["Prefix"]) {
            Text::Literal(p) if !p.is_empty() => {
                condition("StringLike", "s3:prefix", [format!("{p}*")])
            }
            Text::Dynamic { at, how } => {
                note(at, "Prefix", how);
                Condition::new()
            }
            Text::Unknown(at) => return Err(at),
            _ => Condition::new(),
        },
        Cond::KmsStateMachine => {
            let machine = env.machine_arn();
            // A `*` in the ARN (name, region or account not known) needs StringLike.
            let op = if machine.contains('*') {
                "StringLike"
            } else {
                "StringEquals"
            };
            condition(
                op,
                "kms:EncryptionContext:aws:states:stateMachineArn",
                [machine],
            )
        }
        Cond::KmsLogDelivery => condition(
            "StringLike",
            "kms:EncryptionContext:SourceArn",
            [env.arn("logs", "*")],
        ),
        Cond::EmrContainersExecutionRole => match site.args.text(&["ExecutionRoleArn"]) {
            Text::Literal(r) => condition(
                "StringEquals",
                "emr-containers:ExecutionRoleArn",
                [r.to_string()],
            ),
            Text::Dynamic { at, how } => {
                note(at, "ExecutionRoleArn", how);
                Condition::new()
            }
            Text::Unknown(at) => return Err(at),
            _ => Condition::new(),
        },
    };
    Ok((c, wider))
}

/// The fixed start of a computed endpoint: `States.Format('https://api.example.com/{}', ...)`
/// or `{% 'https://api.example.com/' & ... %}` -> `https://api.example.com/`. Only a prefix
/// that names a host and a path separator narrows anything.
fn endpoint_prefix(how: &str) -> Option<String> {
    let text = how.trim();
    let literal = if let Some(rest) = text.strip_prefix("States.Format(") {
        let rest = rest.trim_start().strip_prefix('\'')?;
        let end = rest.find(['\'', '{'])?;
        rest[..end].to_string()
    } else if let Some(rest) = text.strip_prefix("{%") {
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
        let rest = &rest[1..];
        let end = rest.find(quote)?;
        rest[..end].to_string()
    } else {
        return None;
    };
    let after_scheme = literal.strip_prefix("https://")?;
    (after_scheme.contains('/') && !literal.contains(['*', '?'])).then_some(literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_prefixes() {
        assert_eq!(
            endpoint_prefix("States.Format('https://api.example.com/v1/orders/{}', $.id)")
                .as_deref(),
            Some("https://api.example.com/v1/orders/")
        );
        assert_eq!(
            endpoint_prefix("{% 'https://api.example.com/v1/' & $states.input.path %}").as_deref(),
            Some("https://api.example.com/v1/")
        );
        assert_eq!(endpoint_prefix("$.endpoint"), None);
        assert_eq!(endpoint_prefix("States.Format('https://{}', $.host)"), None);
        assert_eq!(endpoint_prefix("{% $states.input.url %}"), None);
    }
}
