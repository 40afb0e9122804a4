//! The seam between the resources and Step Functions: plain request/response types and one trait.
//! The real implementation calls `aws-sdk-sfn`; tests use an in-process fake for what the local
//! API cannot reproduce (DELETING, IAM propagation errors, versions, validation).

use std::time::{Duration, SystemTime};

use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Logging {
    /// `ALL`, `ERROR`, `FATAL` or `OFF`.
    pub level: String,
    pub include_execution_data: bool,
    /// CloudWatch Logs log group ARNs (ending in `:*`).
    pub destinations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Encryption {
    /// `AWS_OWNED_KEY` or `CUSTOMER_MANAGED_KMS_KEY`.
    pub kind: String,
    pub kms_key_id: Option<String>,
    pub kms_data_key_reuse_period_seconds: Option<i64>,
}

/// Everything CreateStateMachine takes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MachineSpec {
    pub name: String,
    pub definition: String,
    pub role_arn: String,
    /// `STANDARD` or `EXPRESS`.
    pub kind: String,
    pub logging: Option<Logging>,
    pub tracing: Option<bool>,
    pub encryption: Option<Encryption>,
    pub tags: Vec<(String, String)>,
    pub publish: bool,
    pub version_description: Option<String>,
}

/// What UpdateStateMachine changes; `None` leaves a setting as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MachineUpdate {
    pub definition: Option<String>,
    pub role_arn: Option<String>,
    pub logging: Option<Logging>,
    pub tracing: Option<bool>,
    pub encryption: Option<Encryption>,
    pub publish: bool,
    pub version_description: Option<String>,
}

impl MachineUpdate {
    pub fn changes_something(&self) -> bool {
        self.changes_something_besides_publishing() || self.publish
    }

    /// Whether a setting changes (UpdateStateMachine needs one, even to publish).
    pub fn changes_something_besides_publishing(&self) -> bool {
        self.definition.is_some()
            || self.role_arn.is_some()
            || self.logging.is_some()
            || self.tracing.is_some()
            || self.encryption.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Machine {
    pub arn: String,
    pub name: String,
    /// `ACTIVE` or `DELETING`.
    pub status: String,
    pub definition: String,
    pub role_arn: String,
    pub kind: String,
    /// RFC 3339.
    pub creation_date: String,
    pub logging: Option<Logging>,
    pub tracing: bool,
    pub encryption: Option<Encryption>,
    pub revision_id: Option<String>,
    /// For a version ARN: the version's description.
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Created {
    pub arn: String,
    pub creation_date: String,
    pub version_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Updated {
    pub revision_id: Option<String>,
    pub version_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Route {
    pub version_arn: String,
    pub weight: i64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Alias {
    pub arn: String,
    pub name: String,
    pub description: Option<String>,
    pub routes: Vec<Route>,
    pub creation_date: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Activity {
    pub arn: String,
    pub name: String,
    pub creation_date: String,
    pub encryption: Option<Encryption>,
}

/// One entry of ListStateMachineVersions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VersionItem {
    pub arn: String,
    /// RFC 3339.
    pub creation_date: String,
}

/// One entry of ListStateMachineAliases.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AliasItem {
    pub name: String,
    pub arn: String,
    pub creation_date: String,
}

/// Who the credentials are (STS GetCallerIdentity).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    pub account: String,
    /// The caller's ARN, such as `arn:aws:sts::123456789012:assumed-role/deployer/ci`.
    pub arn: String,
}

impl Identity {
    /// The partition of the caller's ARN (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn partition(&self) -> &str {
        self.arn
            .split(':')
            .nth(1)
            .filter(|p| !p.is_empty())
            .unwrap_or("aws")
    }
}

/// An RFC 3339 date as AWS and the SDK write it (`2024-05-01T12:00:00.123Z`).
pub fn parse_time(s: &str) -> Option<SystemTime> {
    let d = aws_smithy_types::DateTime::from_str(s, aws_smithy_types::date_time::Format::DateTime)
        .ok()?;
    SystemTime::try_from(d).ok()
}

/// An RFC 3339 date with milliseconds, as [`parse_time`] reads it.
pub fn format_time(t: SystemTime) -> String {
    aws_smithy_types::DateTime::from(t)
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default()
}

/// The SigV4 limit on clock skew: without any measurement of the server's clock, a time on ours
/// is at most this far ahead of AWS's.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteDiagnostic {
    /// `ERROR` or `WARNING`.
    pub severity: String,
    pub code: String,
    pub message: String,
    pub location: Option<String>,
}

/// An error from the API, reduced to what decisions need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The AWS error code (`StateMachineDoesNotExist`, `AccessDeniedException`, ...), or
    /// `NetworkError`/`TimeoutError` when no response arrived.
    pub code: String,
    pub message: String,
    pub http_status: Option<u16>,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            code: code.to_string(),
            message: message.into(),
            http_status: None,
        }
    }

    /// The object does not exist (any more).
    pub fn is_not_found(&self) -> bool {
        matches!(
            self.code.as_str(),
            "StateMachineDoesNotExist" | "ResourceNotFound" | "ActivityDoesNotExist"
        ) || (self.code == "InvalidArn" && self.message.contains("does not exist"))
    }

    /// Errors AWS returns while something it depends on is still propagating: a role created in
    /// the same apply that Step Functions cannot assume yet, a log group or KMS key policy not yet
    /// visible, a machine of the same name still being deleted. They clear up within seconds to
    /// minutes, so creates and updates retry them until their timeout.
    pub fn is_eventual_consistency(&self) -> bool {
        let m = self.message.to_ascii_lowercase();
        match self.code.as_str() {
            "AccessDeniedException" => {
                m.contains("assume the provided role") || m.contains("not authorized to assume")
            }
            "InvalidLoggingConfiguration" => {
                m.contains("not authorized to access the log destination")
                    || m.contains("not authorized")
            }
            "KmsAccessDeniedException" | "KmsThrottlingException" => true,
            "StateMachineDeleting" => true,
            _ => false,
        }
    }

    /// No answer came back: the call may or may not have been applied.
    pub fn answer_may_be_lost(&self) -> bool {
        matches!(
            self.code.as_str(),
            "NetworkError" | "TimeoutError" | "ResponseError"
        )
    }

    pub fn summary(&self) -> String {
        format!("{}: {}", self.code, self.message)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[async_trait]
pub trait SfnApi: Send + Sync {
    async fn create_state_machine(&self, spec: &MachineSpec) -> ApiResult<Created>;
    async fn describe_state_machine(&self, arn: &str) -> ApiResult<Machine>;
    async fn update_state_machine(&self, arn: &str, update: &MachineUpdate) -> ApiResult<Updated>;
    async fn delete_state_machine(&self, arn: &str) -> ApiResult<()>;
    /// Every state machine (all pages): (name, ARN).
    async fn list_state_machines(&self) -> ApiResult<Vec<(String, String)>>;
    async fn list_tags(&self, arn: &str) -> ApiResult<Vec<(String, String)>>;
    async fn tag(&self, arn: &str, tags: &[(String, String)]) -> ApiResult<()>;
    async fn untag(&self, arn: &str, keys: &[String]) -> ApiResult<()>;
    async fn validate_definition(
        &self,
        definition: &str,
        kind: &str,
    ) -> ApiResult<Vec<RemoteDiagnostic>>;
    /// The versions of a state machine, newest first (ListStateMachineVersions, all pages).
    async fn list_versions(&self, arn: &str) -> ApiResult<Vec<VersionItem>>;
    /// The aliases of a state machine (ListStateMachineAliases, all pages).
    async fn list_aliases(&self, machine_arn: &str) -> ApiResult<Vec<AliasItem>>;

    async fn create_alias(
        &self,
        name: &str,
        description: Option<&str>,
        routes: &[Route],
    ) -> ApiResult<(String, String)>;
    async fn describe_alias(&self, arn: &str) -> ApiResult<Alias>;
    async fn update_alias(
        &self,
        arn: &str,
        description: Option<&str>,
        routes: &[Route],
    ) -> ApiResult<()>;
    async fn delete_alias(&self, arn: &str) -> ApiResult<()>;

    async fn create_activity(
        &self,
        name: &str,
        tags: &[(String, String)],
        encryption: Option<&Encryption>,
    ) -> ApiResult<(String, String)>;
    async fn describe_activity(&self, arn: &str) -> ApiResult<Activity>;
    async fn delete_activity(&self, arn: &str) -> ApiResult<()>;
    /// Every activity (all pages): (name, ARN).
    async fn list_activities(&self) -> ApiResult<Vec<(String, String)>>;

    /// STS GetCallerIdentity.
    async fn caller_identity(&self) -> ApiResult<Identity>;
    /// The region calls go to, if known.
    fn region(&self) -> Option<String>;
    /// A time on the API's clock no later than the API's time when ours read `local`: measured
    /// from its answers (the HTTP `Date` header), or `local - MAX_CLOCK_SKEW` before any answer.
    /// Used to tell whether an object was created before a call began.
    fn server_time_floor(&self, local: SystemTime) -> SystemTime;
}
