//! AWS SDK integrations (`arn:aws:states:::aws-sdk:<service>:<action>`) and the IAM actions they
//! need. The IAM action is the SDK action with its first letter capitalised under the service's
//! IAM prefix (`aws-sdk:ec2:describeInstances` -> `ec2:DescribeInstances`), except for the services
//! whose IAM prefix is not their SDK name ([`PREFIXES`], from the Service Authorization
//! Reference) and the few actions authorized by another IAM action ([`ACTIONS`]). Calls on
//! DynamoDB tables, S3 objects and buckets, SQS queues, SNS topics, Lambda functions, state
//! machines and event buses get the resources their request names ([`resources`]).

use super::catalogue::Param;

/// SDK service name (as written after `aws-sdk:`) -> IAM prefix, where they differ. Sorted.
pub static PREFIXES: &[(&str, &str)] = &[
    ("acmpca", "acm-pca"),
    ("amp", "aps"),
    ("apigatewayv2", "apigateway"),
    ("appconfigdata", "appconfig"),
    ("appintegrations", "app-integrations"),
    ("applicationautoscaling", "application-autoscaling"),
    ("applicationdiscovery", "discovery"),
    ("backupgateway", "backup-gateway"),
    ("bedrockagent", "bedrock"),
    ("bedrockagentruntime", "bedrock"),
    ("bedrockruntime", "bedrock"),
    ("chimesdkidentity", "chime"),
    ("chimesdkmediapipelines", "chime"),
    ("chimesdkmeetings", "chime"),
    ("chimesdkmessaging", "chime"),
    ("cloudcontrol", "cloudformation"),
    ("cloudwatchevents", "events"),
    ("cloudwatchlogs", "logs"),
    ("codeguruprofiler", "codeguru-profiler"),
    ("codegurureviewer", "codeguru-reviewer"),
    ("codestarconnections", "codestar-connections"),
    ("codestarnotifications", "codestar-notifications"),
    ("cognitoidentity", "cognito-identity"),
    ("cognitoidentityprovider", "cognito-idp"),
    ("cognitosync", "cognito-sync"),
    ("computeoptimizer", "compute-optimizer"),
    ("costandusagereport", "cur"),
    ("costexplorer", "ce"),
    ("databasemigration", "dms"),
    ("devopsguru", "devops-guru"),
    ("directory", "ds"),
    ("dynamodbstreams", "dynamodb"),
    ("ec2instanceconnect", "ec2-instance-connect"),
    ("ecrpublic", "ecr-public"),
    ("efs", "elasticfilesystem"),
    ("elasticinference", "elastic-inference"),
    ("elasticloadbalancingv2", "elasticloadbalancing"),
    ("elasticsearch", "es"),
    ("emr", "elasticmapreduce"),
    ("emrcontainers", "emr-containers"),
    ("emrserverless", "emr-serverless"),
    ("eventbridge", "events"),
    ("forecastquery", "forecast"),
    ("iot1clickprojects", "iot1click"),
    ("ioteventsdata", "iotevents"),
    ("iotjobsdataplane", "iotjobsdata"),
    ("keyspaces", "cassandra"),
    ("kinesisanalyticsv2", "kinesisanalytics"),
    ("kinesisvideoarchivedmedia", "kinesisvideo"),
    ("kinesisvideomedia", "kinesisvideo"),
    ("kinesisvideosignaling", "kinesisvideo"),
    ("lexmodelbuilding", "lex"),
    ("lexmodelsv2", "lex"),
    ("lexruntime", "lex"),
    ("lexruntimev2", "lex"),
    ("marketplacecatalog", "aws-marketplace"),
    ("marketplaceentitlement", "aws-marketplace"),
    ("marketplacemetering", "aws-marketplace"),
    ("mediapackagevod", "mediapackage-vod"),
    ("migrationhub", "mgh"),
    ("migrationhubconfig", "mgh"),
    ("migrationhubstrategy", "migrationhub-strategy"),
    ("mturk", "mechanicalturk"),
    ("mwaa", "airflow"),
    ("networkfirewall", "network-firewall"),
    ("opensearch", "es"),
    ("opensearchserverless", "aoss"),
    ("opsworkscm", "opsworks-cm"),
    ("personalizeevents", "personalize"),
    ("personalizeruntime", "personalize"),
    ("pinpoint", "mobiletargeting"),
    ("pinpointemail", "ses"),
    ("pinpointsmsvoice", "sms-voice"),
    ("qldbsession", "qldb"),
    ("rdsdata", "rds-data"),
    ("redshiftdata", "redshift-data"),
    ("resourcegroups", "resource-groups"),
    ("resourcegroupstaggingapi", "tag"),
    ("s3control", "s3"),
    ("s3outposts", "s3-outposts"),
    ("sagemakera2iruntime", "sagemaker"),
    ("sagemakeredge", "sagemaker"),
    ("sagemakerfeaturestoreruntime", "sagemaker"),
    ("sagemakerruntime", "sagemaker"),
    ("serverlessapplicationrepository", "serverlessrepo"),
    ("servicecatalogappregistry", "servicecatalog"),
    ("sesv2", "ses"),
    ("sfn", "states"),
    ("ssmcontacts", "ssm-contacts"),
    ("ssmincidents", "ssm-incidents"),
    ("ssoadmin", "sso"),
    ("ssooidc", "sso-oauth"),
    ("timestreamquery", "timestream"),
    ("timestreamwrite", "timestream"),
    ("workspacesweb", "workspaces-web"),
];

/// (SDK service, SDK action) -> the IAM actions that authorize it, where it is not the
/// capitalised action name. Sorted.
pub static ACTIONS: &[((&str, &str), &[&str])] = &[
    (("bedrockruntime", "converse"), &["bedrock:InvokeModel"]),
    (
        ("bedrockruntime", "converseStream"),
        &["bedrock:InvokeModelWithResponseStream"],
    ),
    (("lambda", "invoke"), &["lambda:InvokeFunction"]),
    (("lambda", "invokeAsync"), &["lambda:InvokeFunction"]),
    (("s3", "completeMultipartUpload"), &["s3:PutObject"]),
    (("s3", "copyObject"), &["s3:GetObject", "s3:PutObject"]),
    (("s3", "createMultipartUpload"), &["s3:PutObject"]),
    (("s3", "deleteObjects"), &["s3:DeleteObject"]),
    (
        ("s3", "getObjectAttributes"),
        &["s3:GetObject", "s3:GetObjectAttributes"],
    ),
    (("s3", "headBucket"), &["s3:ListBucket"]),
    (("s3", "headObject"), &["s3:GetObject"]),
    (("s3", "listBuckets"), &["s3:ListAllMyBuckets"]),
    (
        ("s3", "listMultipartUploads"),
        &["s3:ListBucketMultipartUploads"],
    ),
    (("s3", "listObjectVersions"), &["s3:ListBucketVersions"]),
    (("s3", "listObjects"), &["s3:ListBucket"]),
    (("s3", "listObjectsV2"), &["s3:ListBucket"]),
    (("s3", "listParts"), &["s3:ListMultipartUploadParts"]),
    (("s3", "uploadPart"), &["s3:PutObject"]),
    (("s3", "uploadPartCopy"), &["s3:GetObject", "s3:PutObject"]),
];

/// The resources of an SDK call whose request names them as an optimized integration's does:
/// (request key that must be present, the resources it gives). Other calls, and requests
/// without that key, get `*`.
pub fn resources(service: &str, action: &str) -> Option<(&'static str, &'static [Param])> {
    const TABLE: &[Param] = &[Param::DynamoTable];
    const TABLE_INDEXES: &[Param] = &[Param::DynamoTable, Param::DynamoIndexes];
    const OBJECT: &[Param] = &[Param::S3ReaderObject];
    const BUCKET: &[Param] = &[Param::S3ListBucket];
    const QUEUE: &[Param] = &[Param::SqsQueue];
    const TOPIC: &[Param] = &[Param::SnsTopic];
    const FUNCTION: &[Param] = &[Param::LambdaFunction];
    const MACHINE: &[Param] = &[Param::StateMachine];
    const BUSES: &[Param] = &[Param::EventBuses];
    // S3 calls on objects (a `Key`), and on buckets.
    const OBJECT_CALLS: &[&str] = &[
        "abortMultipartUpload",
        "completeMultipartUpload",
        "createMultipartUpload",
        "deleteObject",
        "deleteObjectTagging",
        "getObject",
        "getObjectAcl",
        "getObjectAttributes",
        "getObjectTagging",
        "headObject",
        "listParts",
        "putObject",
        "putObjectAcl",
        "putObjectTagging",
        "restoreObject",
        "uploadPart",
    ];
    const BUCKET_CALLS: &[&str] = &[
        "getBucketLocation",
        "getBucketTagging",
        "getBucketVersioning",
        "headBucket",
        "listMultipartUploads",
        "listObjectVersions",
        "listObjects",
        "listObjectsV2",
    ];
    match (service, action) {
        ("dynamodb", "query" | "scan") => Some(("TableName", TABLE_INDEXES)),
        ("dynamodb", _) => Some(("TableName", TABLE)),
        ("s3", a) if OBJECT_CALLS.contains(&a) => Some(("Key", OBJECT)),
        ("s3", a) if BUCKET_CALLS.contains(&a) => Some(("Bucket", BUCKET)),
        ("sqs", _) => Some(("QueueUrl", QUEUE)),
        ("sns", _) => Some(("TopicArn", TOPIC)),
        ("lambda", "invoke" | "invokeAsync" | "invokeWithResponseStream") => {
            Some(("FunctionName", FUNCTION))
        }
        ("sfn", "startExecution" | "startSyncExecution") => Some(("StateMachineArn", MACHINE)),
        ("eventbridge", "putEvents") => Some(("Entries", BUSES)),
        _ => None,
    }
}

/// The IAM prefix of an SDK service.
pub fn iam_prefix(service: &str) -> &str {
    PREFIXES
        .binary_search_by(|(s, _)| (*s).cmp(service))
        .map(|i| PREFIXES[i].1)
        .unwrap_or(service)
}

/// The IAM actions an SDK integration call needs.
pub fn iam_actions(service: &str, action: &str) -> Vec<String> {
    if let Ok(i) = ACTIONS.binary_search_by(|((s, a), _)| (*s, *a).cmp(&(service, action))) {
        return ACTIONS[i].1.iter().map(|a| a.to_string()).collect();
    }
    let mut chars = action.chars();
    let capitalised: String = match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    };
    vec![format!("{}:{capitalised}", iam_prefix(service))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for pair in PREFIXES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?} then {:?}", pair[0], pair[1]);
        }
        for pair in ACTIONS.windows(2) {
            assert!(
                pair[0].0 < pair[1].0,
                "{:?} then {:?}",
                pair[0].0,
                pair[1].0
            );
        }
    }

    #[test]
    fn iam_actions_from_sdk_actions() {
        assert_eq!(
            iam_actions("ec2", "describeInstances"),
            ["ec2:DescribeInstances"]
        );
        assert_eq!(
            iam_actions("sfn", "startSyncExecution"),
            ["states:StartSyncExecution"]
        );
        assert_eq!(
            iam_actions("cloudwatchlogs", "putLogEvents"),
            ["logs:PutLogEvents"]
        );
        assert_eq!(
            iam_actions("efs", "describeFileSystems"),
            ["elasticfilesystem:DescribeFileSystems"]
        );
        assert_eq!(
            iam_actions("emr", "listClusters"),
            ["elasticmapreduce:ListClusters"]
        );
        assert_eq!(iam_actions("s3", "listObjectsV2"), ["s3:ListBucket"]);
        assert_eq!(
            iam_actions("s3", "copyObject"),
            ["s3:GetObject", "s3:PutObject"]
        );
        assert_eq!(iam_actions("lambda", "invoke"), ["lambda:InvokeFunction"]);
        assert_eq!(iam_actions("dynamodb", "query"), ["dynamodb:Query"]);
    }
}
