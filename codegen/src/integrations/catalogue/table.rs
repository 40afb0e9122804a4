//! The data: every optimized service and action with its patterns and IAM grants, and the
//! grants of what is not a Task integration (Distributed Map, `Credentials`, logging, tracing).

use super::{ActionSpec, Cond, Grant, Param, Res, ServiceSpec};
use crate::integrations::Patterns;

const RR: Patterns = Patterns::RR;
const SYNC: Patterns = Patterns::SYNC;
const SYNC2: Patterns = Patterns::SYNC2;
const TOKEN: Patterns = Patterns::TOKEN;
const RS: Patterns = RR.with(SYNC);
const RT: Patterns = RR.with(TOKEN);
const RST: Patterns = RS.with(TOKEN);
/// Request-response and callback: the call itself.
const CALL: Patterns = RT;
const ANY_PATTERN: Patterns = Patterns::ALL;

const SYNC_RULE: [&str; 3] = ["events:PutTargets", "events:PutRule", "events:DescribeRule"];

const fn grant(
    when: Patterns,
    actions: &'static [&'static str],
    resources: &'static [Res],
) -> Grant {
    Grant {
        when,
        actions,
        resources,
        condition: Cond::None,
    }
}

const fn on(param: Param) -> Res {
    Res::Param(param)
}

const fn action(name: &'static str, patterns: Patterns, grants: &'static [Grant]) -> ActionSpec {
    ActionSpec {
        name,
        patterns,
        grants,
    }
}

/// Not covered by the generated policy (IAM004 says so).
const fn uncovered(name: &'static str, patterns: Patterns) -> ActionSpec {
    ActionSpec {
        name,
        patterns,
        grants: &[],
    }
}

const ATHENA_S3: [&str; 8] = [
    "s3:GetBucketLocation",
    "s3:GetObject",
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
    "s3:ListMultipartUploadParts",
    "s3:AbortMultipartUpload",
    "s3:CreateBucket",
    "s3:PutObject",
];

const ATHENA_GLUE: [&str; 19] = [
    "glue:CreateDatabase",
    "glue:GetDatabase",
    "glue:GetDatabases",
    "glue:UpdateDatabase",
    "glue:DeleteDatabase",
    "glue:CreateTable",
    "glue:UpdateTable",
    "glue:GetTable",
    "glue:GetTables",
    "glue:DeleteTable",
    "glue:BatchDeleteTable",
    "glue:BatchCreatePartition",
    "glue:CreatePartition",
    "glue:UpdatePartition",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
    "glue:DeletePartition",
    "glue:BatchDeletePartition",
];

const ATHENA_GLUE_RESOURCES: [Res; 4] = [
    Res::Arn("arn:{partition}:glue:{region}:{account}:catalog"),
    Res::Arn("arn:{partition}:glue:{region}:{account}:database/*"),
    Res::Arn("arn:{partition}:glue:{region}:{account}:table/*"),
    Res::Arn("arn:{partition}:glue:{region}:{account}:userDefinedFunction/*"),
];

const ATHENA_QUERY: [Grant; 5] = [
    grant(
        RR,
        &["athena:StartQueryExecution", "athena:GetDataCatalog"],
        &[
            on(Param::AthenaWorkGroup),
            Res::Arn("arn:{partition}:athena:{region}:{account}:datacatalog/*"),
        ],
    ),
    grant(
        SYNC,
        &[
            "athena:StartQueryExecution",
            "athena:StopQueryExecution",
            "athena:GetQueryExecution",
            "athena:GetDataCatalog",
        ],
        &[
            on(Param::AthenaWorkGroup),
            Res::Arn("arn:{partition}:athena:{region}:{account}:datacatalog/*"),
        ],
    ),
    grant(RS, &ATHENA_S3, &[Res::Arn("arn:{partition}:s3:::*")]),
    grant(RS, &ATHENA_GLUE, &ATHENA_GLUE_RESOURCES),
    grant(RS, &["lakeformation:GetDataAccess"], &[Res::Any]),
];

const ATHENA_WORKGROUPS: Res = Res::Arn("arn:{partition}:athena:{region}:{account}:workgroup/*");

const ECS_RUN_TASK: [Grant; 4] = [
    grant(RST, &["ecs:RunTask"], &[on(Param::EcsTaskDefinition)]),
    grant(SYNC, &["ecs:StopTask", "ecs:DescribeTasks"], &[Res::Any]),
    grant(
        SYNC,
        &SYNC_RULE,
        &[Res::Rule("StepFunctionsGetEventsForECSTaskRule")],
    ),
    Grant {
        when: RST,
        actions: &["iam:PassRole"],
        resources: &[on(Param::EcsPassRoles)],
        condition: Cond::PassedToService("ecs-tasks.amazonaws.com"),
    },
];

const EMR_CREATE_CLUSTER: [Grant; 4] = [
    grant(RS, &["elasticmapreduce:RunJobFlow"], &[Res::Any]),
    grant(
        SYNC,
        &[
            "elasticmapreduce:DescribeCluster",
            "elasticmapreduce:TerminateJobFlows",
        ],
        &[Res::Any],
    ),
    grant(RS, &["iam:PassRole"], &[on(Param::EmrPassRoles)]),
    grant(
        SYNC,
        &SYNC_RULE,
        &[Res::Rule("StepFunctionsGetEventForEMRRunJobFlowRule")],
    ),
];

const STATES_START: [Grant; 3] = [
    grant(
        ANY_PATTERN,
        &["states:StartExecution"],
        &[on(Param::StateMachine)],
    ),
    grant(
        SYNC.with(SYNC2),
        &["states:DescribeExecution", "states:StopExecution"],
        &[on(Param::StateMachineExecutions)],
    ),
    grant(
        SYNC.with(SYNC2),
        &SYNC_RULE,
        &[Res::Rule(
            "StepFunctionsGetEventsForStepFunctionsExecutionRule",
        )],
    ),
];

/// A SageMaker job API: create (with the role it passes), and for `.sync` describe, stop and
/// the managed rule.
const fn sagemaker_job(
    create: &'static [&'static str],
    describe_stop: &'static [&'static str],
    rule: &'static [Res],
) -> [Grant; 5] {
    const JOB: [Res; 1] = [Res::Param(Param::SageMakerJob)];
    const ROLE: [Res; 1] = [Res::Param(Param::SageMakerRole)];
    [
        grant(RST, create, &JOB),
        grant(SYNC, describe_stop, &JOB),
        grant(RST, &["sagemaker:ListTags"], &[Res::Any]),
        Grant {
            when: RST,
            actions: &["iam:PassRole"],
            resources: &ROLE,
            condition: Cond::PassedToService("sagemaker.amazonaws.com"),
        },
        grant(SYNC, &SYNC_RULE, rule),
    ]
}

const SAGEMAKER_TRAINING: [Grant; 5] = sagemaker_job(
    &["sagemaker:CreateTrainingJob"],
    &["sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"],
    &[Res::Rule(
        "StepFunctionsGetEventsForSageMakerTrainingJobsRule",
    )],
);

const SAGEMAKER_TRANSFORM: [Grant; 5] = sagemaker_job(
    &["sagemaker:CreateTransformJob"],
    &[
        "sagemaker:DescribeTransformJob",
        "sagemaker:StopTransformJob",
    ],
    &[Res::Rule(
        "StepFunctionsGetEventsForSageMakerTransformJobsRule",
    )],
);

const EMR_SERVERLESS_APP_RULE: [Res; 1] = [Res::Rule(
    "StepFunctionsGetEventsForEMRServerlessApplicationRule",
)];

/// An EMR Serverless application API: the call itself, and for `.sync` the calls that watch
/// (and undo) it and the managed rule.
const fn emr_serverless_application(
    call: &'static [&'static str],
    watched: &'static [&'static str],
) -> [Grant; 3] {
    const APP: [Res; 1] = [Res::Param(Param::EmrServerlessApplication)];
    [
        grant(RR, call, &APP),
        grant(SYNC, watched, &APP),
        grant(SYNC, &SYNC_RULE, &EMR_SERVERLESS_APP_RULE),
    ]
}

const EMR_SERVERLESS_CREATE: [Grant; 4] = [
    grant(
        RS,
        &["emr-serverless:CreateApplication"],
        &[Res::Arn("arn:{partition}:emr-serverless:{region}:{account}:/*")],
    ),
    Grant {
        when: RS,
        actions: &["iam:CreateServiceLinkedRole"],
        resources: &[Res::Arn("arn:{partition}:iam::{account}:role/aws-service-role/ops.emr-serverless.amazonaws.com/AWSServiceRoleForAmazonEMRServerless*")],
        condition: Cond::AwsServiceName("ops.emr-serverless.amazonaws.com"),
    },
    grant(
        SYNC,
        &[
            "emr-serverless:GetApplication",
            "emr-serverless:DeleteApplication",
        ],
        &[Res::Arn(
            "arn:{partition}:emr-serverless:{region}:{account}:/applications/*",
        )],
    ),
    grant(SYNC, &SYNC_RULE, &EMR_SERVERLESS_APP_RULE),
];

const EMR_SERVERLESS_JOB: [Grant; 4] = [
    grant(
        RS,
        &["emr-serverless:StartJobRun"],
        &[on(Param::EmrServerlessApplication)],
    ),
    Grant {
        when: RS,
        actions: &["iam:PassRole"],
        resources: &[on(Param::EmrServerlessRole)],
        condition: Cond::PassedToService("emr-serverless.amazonaws.com"),
    },
    grant(
        SYNC,
        &["emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"],
        &[on(Param::EmrServerlessJobRuns)],
    ),
    grant(
        SYNC,
        &SYNC_RULE,
        &[Res::Rule("StepFunctionsGetEventsForEMRServerlessJobRule")],
    ),
];

/// The table. Services in ARN-name order; actions in the order of their service's page.
pub static SERVICES: &[ServiceSpec] = &[
    ServiceSpec {
        name: "apigateway",
        title: "Amazon API Gateway",
        page: "connect-api-gateway",
        sdk: None,
        map_only: false,
        actions: &[action(
            "invoke",
            RT,
            &[grant(CALL, &["execute-api:Invoke"], &[on(Param::ApiGatewayRoute)])],
        )],
    },
    ServiceSpec {
        name: "athena",
        title: "Amazon Athena",
        page: "connect-athena",
        sdk: Some("athena"),
        map_only: false,
        actions: &[
            action("startQueryExecution", RS, &ATHENA_QUERY),
            action(
                "stopQueryExecution",
                RR,
                &[grant(RR, &["athena:StopQueryExecution"], &[ATHENA_WORKGROUPS])],
            ),
            action(
                "getQueryExecution",
                RR,
                &[grant(RR, &["athena:GetQueryExecution"], &[ATHENA_WORKGROUPS])],
            ),
            action(
                "getQueryResults",
                RR,
                &[
                    grant(RR, &["athena:GetQueryResults"], &[ATHENA_WORKGROUPS]),
                    grant(RR, &["s3:GetObject"], &[Res::Arn("arn:{partition}:s3:::*")]),
                ],
            ),
        ],
    },
    ServiceSpec {
        name: "batch",
        title: "AWS Batch",
        page: "connect-batch",
        sdk: Some("batch"),
        map_only: false,
        actions: &[action(
            "submitJob",
            RS,
            &[
                grant(RR, &["batch:SubmitJob"], &[Res::Any]),
                grant(
                    SYNC,
                    &["batch:SubmitJob", "batch:DescribeJobs", "batch:TerminateJob"],
                    &[Res::Any],
                ),
                grant(SYNC, &SYNC_RULE, &[Res::Rule("StepFunctionsGetEventsForBatchJobsRule")]),
            ],
        )],
    },
    ServiceSpec {
        name: "bedrock",
        title: "Amazon Bedrock",
        page: "connect-bedrock",
        sdk: Some("bedrock"),
        map_only: false,
        // The service table lists .waitForTaskToken for Bedrock without saying for which API.
        actions: &[
            uncovered("invokeModel", RT),
            uncovered("createModelCustomizationJob", RST),
        ],
    },
    ServiceSpec {
        name: "codebuild",
        title: "AWS CodeBuild",
        page: "connect-codebuild",
        sdk: Some("codebuild"),
        map_only: false,
        actions: &[
            action(
                "startBuild",
                RS,
                &[
                    grant(RR, &["codebuild:StartBuild"], &[on(Param::CodeBuildProject)]),
                    grant(
                        SYNC,
                        &[
                            "codebuild:StartBuild",
                            "codebuild:StopBuild",
                            "codebuild:BatchGetBuilds",
                        ],
                        &[on(Param::CodeBuildProject)],
                    ),
                    grant(
                        SYNC,
                        &SYNC_RULE,
                        &[Res::Rule("StepFunctionsGetEventForCodeBuildStartBuildRule")],
                    ),
                ],
            ),
            action(
                "stopBuild",
                RR,
                &[grant(RR, &["codebuild:StopBuild"], &[on(Param::CodeBuildProject)])],
            ),
            action(
                "batchDeleteBuilds",
                RR,
                &[grant(
                    RR,
                    &["codebuild:BatchDeleteBuilds"],
                    &[on(Param::CodeBuildProject)],
                )],
            ),
            action(
                "batchGetReports",
                RR,
                &[grant(
                    RR,
                    &["codebuild:BatchGetReports"],
                    &[on(Param::CodeBuildReportGroups)],
                )],
            ),
            action(
                "startBuildBatch",
                RS,
                &[
                    grant(RR, &["codebuild:StartBuildBatch"], &[on(Param::CodeBuildProject)]),
                    grant(
                        SYNC,
                        &[
                            "codebuild:StartBuildBatch",
                            "codebuild:StopBuildBatch",
                            "codebuild:BatchGetBuildBatches",
                        ],
                        &[on(Param::CodeBuildProject)],
                    ),
                    grant(
                        SYNC,
                        &SYNC_RULE,
                        &[Res::Rule("StepFunctionsGetEventForCodeBuildStartBuildBatchRule")],
                    ),
                ],
            ),
            action(
                "stopBuildBatch",
                RR,
                &[grant(RR, &["codebuild:StopBuildBatch"], &[on(Param::CodeBuildProject)])],
            ),
            action(
                "retryBuildBatch",
                RS,
                &[
                    grant(RR, &["codebuild:RetryBuildBatch"], &[on(Param::CodeBuildProject)]),
                    grant(
                        SYNC,
                        &[
                            "codebuild:RetryBuildBatch",
                            "codebuild:StopBuildBatch",
                            "codebuild:BatchGetBuildBatches",
                        ],
                        &[on(Param::CodeBuildProject)],
                    ),
                ],
            ),
            action(
                "deleteBuildBatch",
                RR,
                &[grant(RR, &["codebuild:DeleteBuildBatch"], &[on(Param::CodeBuildProject)])],
            ),
        ],
    },
    ServiceSpec {
        name: "databrew",
        title: "AWS Glue DataBrew",
        page: "connect-databrew",
        sdk: Some("databrew"),
        map_only: false,
        actions: &[action(
            "startJobRun",
            RS,
            &[
                grant(RR, &["databrew:StartJobRun"], &[on(Param::DataBrewJob)]),
                grant(
                    SYNC,
                    &[
                        "databrew:StartJobRun",
                        "databrew:ListJobRuns",
                        "databrew:StopJobRun",
                    ],
                    &[on(Param::DataBrewJob)],
                ),
            ],
        )],
    },
    ServiceSpec {
        name: "dynamodb",
        title: "Amazon DynamoDB",
        page: "connect-ddb",
        sdk: Some("dynamodb"),
        map_only: false,
        actions: &[
            action(
                "getItem",
                RR,
                &[grant(RR, &["dynamodb:GetItem"], &[on(Param::DynamoTable)])],
            ),
            action(
                "putItem",
                RR,
                &[grant(RR, &["dynamodb:PutItem"], &[on(Param::DynamoTable)])],
            ),
            action(
                "updateItem",
                RR,
                &[grant(RR, &["dynamodb:UpdateItem"], &[on(Param::DynamoTable)])],
            ),
            action(
                "deleteItem",
                RR,
                &[grant(RR, &["dynamodb:DeleteItem"], &[on(Param::DynamoTable)])],
            ),
        ],
    },
    ServiceSpec {
        name: "ecs",
        title: "Amazon ECS/AWS Fargate",
        page: "connect-ecs",
        sdk: Some("ecs"),
        map_only: false,
        actions: &[action("runTask", RST, &ECS_RUN_TASK)],
    },
    ServiceSpec {
        name: "eks",
        title: "Amazon EKS",
        page: "connect-eks",
        sdk: Some("eks"),
        map_only: false,
        // The service table lists .waitForTaskToken for EKS (the service page does not):
        // accepted for every API.
        actions: &[
            uncovered("createCluster", RST),
            uncovered("deleteCluster", RST),
            uncovered("createFargateProfile", RST),
            uncovered("deleteFargateProfile", RST),
            uncovered("createNodegroup", RST),
            uncovered("deleteNodegroup", RST),
            uncovered("runJob", RST),
            uncovered("call", RT),
        ],
    },
    ServiceSpec {
        name: "elasticmapreduce",
        title: "Amazon EMR",
        page: "connect-emr",
        sdk: Some("emr"),
        map_only: false,
        actions: &[
            action("createCluster", RS, &EMR_CREATE_CLUSTER),
            action(
                "setClusterTerminationProtection",
                RR,
                &[grant(
                    RR,
                    &["elasticmapreduce:SetTerminationProtection"],
                    &[on(Param::EmrCluster)],
                )],
            ),
            action(
                "terminateCluster",
                RS,
                &[
                    grant(
                        RS,
                        &[
                            "elasticmapreduce:TerminateJobFlows",
                            "elasticmapreduce:DescribeCluster",
                        ],
                        &[on(Param::EmrCluster)],
                    ),
                    grant(
                        SYNC,
                        &SYNC_RULE,
                        &[Res::Rule("StepFunctionsGetEventForEMRTerminateJobFlowsRule")],
                    ),
                ],
            ),
            action(
                "addStep",
                RS,
                &[
                    grant(RR, &["elasticmapreduce:AddJobFlowSteps"], &[on(Param::EmrCluster)]),
                    grant(
                        SYNC,
                        &[
                            "elasticmapreduce:AddJobFlowSteps",
                            "elasticmapreduce:DescribeStep",
                            "elasticmapreduce:CancelSteps",
                        ],
                        &[on(Param::EmrCluster)],
                    ),
                    grant(
                        SYNC,
                        &SYNC_RULE,
                        &[Res::Rule("StepFunctionsGetEventForEMRAddJobFlowStepsRule")],
                    ),
                ],
            ),
            action(
                "cancelStep",
                RR,
                &[grant(RR, &["elasticmapreduce:CancelSteps"], &[on(Param::EmrCluster)])],
            ),
            action(
                "modifyInstanceFleetByName",
                RR,
                &[grant(
                    RR,
                    &[
                        "elasticmapreduce:ModifyInstanceFleet",
                        "elasticmapreduce:ListInstanceFleets",
                    ],
                    &[on(Param::EmrCluster)],
                )],
            ),
            action(
                "modifyInstanceGroupByName",
                RR,
                &[grant(
                    RR,
                    &[
                        "elasticmapreduce:ModifyInstanceGroups",
                        "elasticmapreduce:ListInstanceGroups",
                    ],
                    &[on(Param::EmrCluster)],
                )],
            ),
        ],
    },
    ServiceSpec {
        name: "emr-containers",
        title: "Amazon EMR on EKS",
        page: "connect-emr-eks",
        sdk: Some("emrcontainers"),
        map_only: false,
        actions: &[
            action(
                "createVirtualCluster",
                RR,
                &[
                    grant(RR, &["emr-containers:CreateVirtualCluster"], &[Res::Any]),
                    Grant {
                        when: RR,
                        actions: &["iam:CreateServiceLinkedRole"],
                        resources: &[Res::Arn("arn:{partition}:iam::{account}:role/aws-service-role/emr-containers.amazonaws.com/AWSServiceRoleForAmazonEMRContainers")],
                        condition: Cond::AwsServiceName("emr-containers.amazonaws.com"),
                    },
                ],
            ),
            action(
                "deleteVirtualCluster",
                RS,
                &[
                    grant(
                        RR,
                        &["emr-containers:DeleteVirtualCluster"],
                        &[on(Param::EmrContainersVirtualCluster)],
                    ),
                    grant(
                        SYNC,
                        &[
                            "emr-containers:DeleteVirtualCluster",
                            "emr-containers:DescribeVirtualCluster",
                        ],
                        &[on(Param::EmrContainersVirtualCluster)],
                    ),
                ],
            ),
            action(
                "startJobRun",
                RS,
                &[
                    Grant {
                        when: RS,
                        actions: &["emr-containers:StartJobRun"],
                        resources: &[on(Param::EmrContainersVirtualCluster)],
                        condition: Cond::EmrContainersExecutionRole,
                    },
                    grant(
                        SYNC,
                        &[
                            "emr-containers:DescribeJobRun",
                            "emr-containers:CancelJobRun",
                        ],
                        &[on(Param::EmrContainersJobRuns)],
                    ),
                ],
            ),
        ],
    },
    ServiceSpec {
        name: "emr-serverless",
        title: "Amazon EMR Serverless",
        page: "connect-emr-serverless",
        sdk: Some("emrserverless"),
        map_only: false,
        actions: &[
            action("createApplication", RS, &EMR_SERVERLESS_CREATE),
            action(
                "startApplication",
                RS,
                &emr_serverless_application(
                    &["emr-serverless:StartApplication"],
                    &[
                        "emr-serverless:StartApplication",
                        "emr-serverless:GetApplication",
                        "emr-serverless:StopApplication",
                    ],
                ),
            ),
            action(
                "stopApplication",
                RS,
                &emr_serverless_application(
                    &["emr-serverless:StopApplication"],
                    &[
                        "emr-serverless:StopApplication",
                        "emr-serverless:GetApplication",
                    ],
                ),
            ),
            action(
                "deleteApplication",
                RS,
                &emr_serverless_application(
                    &["emr-serverless:DeleteApplication"],
                    &[
                        "emr-serverless:DeleteApplication",
                        "emr-serverless:GetApplication",
                    ],
                ),
            ),
            action("startJobRun", RS, &EMR_SERVERLESS_JOB),
            action(
                "cancelJobRun",
                RS,
                &[
                    grant(
                        RR,
                        &["emr-serverless:CancelJobRun"],
                        &[on(Param::EmrServerlessJobRun)],
                    ),
                    grant(
                        SYNC,
                        &["emr-serverless:CancelJobRun", "emr-serverless:GetJobRun"],
                        &[on(Param::EmrServerlessJobRun)],
                    ),
                    grant(
                        SYNC,
                        &SYNC_RULE,
                        &[Res::Rule("StepFunctionsGetEventsForEMRServerlessJobRule")],
                    ),
                ],
            ),
        ],
    },
    ServiceSpec {
        name: "events",
        title: "Amazon EventBridge",
        page: "connect-eventbridge",
        sdk: Some("eventbridge"),
        map_only: false,
        actions: &[action(
            "putEvents",
            RT,
            &[grant(CALL, &["events:PutEvents"], &[on(Param::EventBuses)])],
        )],
    },
    ServiceSpec {
        name: "glue",
        title: "AWS Glue",
        page: "connect-glue",
        sdk: Some("glue"),
        map_only: false,
        // The Glue IAM page documents a callback policy; the service table does not list it.
        actions: &[action(
            "startJobRun",
            RST,
            &[
                grant(CALL, &["glue:StartJobRun"], &[Res::Any]),
                grant(
                    SYNC,
                    &[
                        "glue:StartJobRun",
                        "glue:GetJobRun",
                        "glue:GetJobRuns",
                        "glue:BatchStopJobRun",
                    ],
                    &[Res::Any],
                ),
            ],
        )],
    },
    ServiceSpec {
        name: "http",
        title: "HTTP Task (HTTPS APIs)",
        page: "call-https-apis",
        sdk: None,
        map_only: false,
        actions: &[action(
            "invoke",
            RR,
            &[
                Grant {
                    when: RR,
                    actions: &["states:InvokeHTTPEndpoint"],
                    resources: &[on(Param::OwnMachine)],
                    condition: Cond::HttpRequest,
                },
                grant(
                    RR,
                    &["events:RetrieveConnectionCredentials"],
                    &[on(Param::HttpConnection)],
                ),
                grant(
                    RR,
                    &["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    &[on(Param::HttpConnectionSecret)],
                ),
            ],
        )],
    },
    ServiceSpec {
        name: "lambda",
        title: "AWS Lambda",
        page: "connect-lambda",
        sdk: Some("lambda"),
        map_only: false,
        actions: &[action(
            "invoke",
            RT,
            &[grant(CALL, &["lambda:InvokeFunction"], &[on(Param::LambdaFunction)])],
        )],
    },
    ServiceSpec {
        name: "mediaconvert",
        title: "AWS Elemental MediaConvert",
        page: "connect-mediaconvert",
        sdk: Some("mediaconvert"),
        map_only: false,
        actions: &[uncovered("createJob", RS)],
    },
    ServiceSpec {
        name: "s3",
        title: "Amazon S3 (Distributed Map ItemReader and ResultWriter)",
        page: "input-output-itemreader",
        sdk: Some("s3"),
        map_only: true,
        actions: &[
            action(
                "getObject",
                RR,
                &[
                    grant(RR, &["s3:GetObject"], &[on(Param::S3ReaderObject)]),
                    grant(RR, &["s3:GetObject"], &[on(Param::S3ManifestData)]),
                ],
            ),
            action(
                "listObjectsV2",
                RR,
                &[
                    Grant {
                        when: RR,
                        actions: &["s3:ListBucket"],
                        resources: &[on(Param::S3ListBucket)],
                        condition: Cond::S3Prefix,
                    },
                    grant(RR, &["s3:GetObject"], &[on(Param::S3ListedObjects)]),
                ],
            ),
            action(
                "putObject",
                RR,
                &[grant(
                    RR,
                    &[
                        "s3:PutObject",
                        "s3:GetObject",
                        "s3:ListMultipartUploadParts",
                        "s3:AbortMultipartUpload",
                    ],
                    &[on(Param::S3WriterObjects)],
                )],
            ),
        ],
    },
    ServiceSpec {
        name: "sagemaker",
        title: "Amazon SageMaker AI",
        page: "connect-sagemaker",
        sdk: Some("sagemaker"),
        map_only: false,
        // The SageMaker IAM page documents callback policies for its job APIs.
        actions: &[
            uncovered("createEndpoint", RR),
            uncovered("createEndpointConfig", RR),
            uncovered("createHyperParameterTuningJob", RST),
            uncovered("createLabelingJob", RST),
            uncovered("createModel", RR),
            uncovered("createProcessingJob", RST),
            action("createTrainingJob", RST, &SAGEMAKER_TRAINING),
            action("createTransformJob", RST, &SAGEMAKER_TRANSFORM),
            uncovered("updateEndpoint", RR),
        ],
    },
    ServiceSpec {
        name: "sns",
        title: "Amazon SNS",
        page: "connect-sns",
        sdk: Some("sns"),
        map_only: false,
        actions: &[action(
            "publish",
            RT,
            &[grant(CALL, &["sns:Publish"], &[on(Param::SnsTopic)])],
        )],
    },
    ServiceSpec {
        name: "sqs",
        title: "Amazon SQS",
        page: "connect-sqs",
        sdk: Some("sqs"),
        map_only: false,
        actions: &[action(
            "sendMessage",
            RT,
            &[grant(CALL, &["sqs:SendMessage"], &[on(Param::SqsQueue)])],
        )],
    },
    ServiceSpec {
        name: "states",
        title: "AWS Step Functions",
        page: "connect-stepfunctions",
        sdk: Some("sfn"),
        map_only: false,
        actions: &[action("startExecution", ANY_PATTERN, &STATES_START)],
    },
];

/// What a Distributed Map needs: starting and watching the child executions of its own machine,
/// and redriving a failed Map Run ("IAM policies for using Distributed Map states").
pub static DISTRIBUTED_MAP: &[Grant] = &[
    grant(RR, &["states:StartExecution"], &[on(Param::OwnMachine)]),
    grant(
        RR,
        &["states:DescribeExecution"],
        &[on(Param::OwnExecutions)],
    ),
    grant(
        RR,
        &["states:RedriveExecution"],
        &[on(Param::OwnMapRunExecutions)],
    ),
];

/// A Lambda function ARN given directly as the Task's `Resource`.
pub static LAMBDA_FUNCTION_RESOURCE: &[Grant] = &[grant(
    RR,
    &["lambda:InvokeFunction"],
    &[on(Param::LambdaFunction)],
)];

/// A Task's `Credentials`: the execution role assumes the given role, and the Task's own call
/// is made with that role's permissions.
pub static CREDENTIALS: &[Grant] = &[grant(
    RR,
    &["sts:AssumeRole"],
    &[on(Param::CredentialsRole)],
)];

/// Logging to CloudWatch Logs ("IAM policies for logging to CloudWatch Logs"): log deliveries
/// have no resource-level permissions.
pub static LOGGING: &[Grant] = &[grant(
    RR,
    &[
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutLogEvents",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
    ],
    &[Res::Any],
)];

/// AWS X-Ray tracing.
pub static TRACING: &[Grant] = &[grant(
    RR,
    &[
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
    ],
    &[Res::Any],
)];

/// A customer managed KMS key on the state machine ("Data at rest encryption"): executions
/// encrypt and decrypt their data with it, scoped to the machine by the encryption context.
pub static KMS: &[Grant] = &[Grant {
    when: RR,
    actions: &["kms:Decrypt", "kms:GenerateDataKey"],
    resources: &[on(Param::KmsKey)],
    condition: Cond::KmsStateMachine,
}];

/// The same key with logging on: CloudWatch Logs' delivery encrypts the log data with it.
pub static KMS_LOG_DELIVERY: &[Grant] = &[Grant {
    when: RR,
    actions: &["kms:GenerateDataKey"],
    resources: &[on(Param::KmsKey)],
    condition: Cond::KmsLogDelivery,
}];
