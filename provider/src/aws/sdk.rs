//! [`SfnApi`] over `aws-sdk-sfn`, and the client built from the provider configuration.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::BehaviorVersion;
use aws_sdk_sfn::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sfn::types as t;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::date_time::Format;

use super::api::*;
use super::clock::ServerClock;
use crate::config::ProviderConfig;

/// Attempts per AWS call when the provider block does not set `max_retries`.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;

/// How long one HTTP attempt may take (connect, send, wait for and read the answer) when the
/// provider block does not set `attempt_timeout`. An attempt that runs out is retried like a
/// throttled one, within `max_retries`.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long opening the TCP (and TLS) connection may take, within the attempt timeout.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The SDK's backoff between retries of one call: full jitter over `initial * 2^n`, capped.
pub const INITIAL_BACKOFF: Duration = Duration::from_millis(200);
pub const MAX_BACKOFF: Duration = Duration::from_secs(20);

/// Records the `Date` header of every answer in the shared [`ServerClock`].
#[derive(Debug)]
struct DateHeaders(Arc<ServerClock>);

impl Intercept for DateHeaders {
    fn name(&self) -> &'static str {
        "DateHeaders"
    }

    fn read_before_deserialization(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(date) = context.response().headers().get("date") {
            self.0.observe(date, SystemTime::now());
        }
        Ok(())
    }
}

/// Builds the SDK clients (Step Functions, and STS for the caller's identity). Credentials and
/// region come from the standard chain (environment, shared config and SSO, web identity,
/// container and instance metadata), overridden by the provider block. Nothing is contacted
/// here: credentials are resolved on the first call.
pub async fn client(cfg: &ProviderConfig) -> SdkApi {
    // Throttling, 5xx, transient network errors and attempts that time out are retried by the
    // SDK's standard strategy: exponential backoff with full jitter, `max_retries` attempts in
    // all (see `retry` for the whole policy).
    let retry = RetryConfig::standard()
        .with_max_attempts(cfg.max_retries.unwrap_or(DEFAULT_MAX_ATTEMPTS))
        .with_initial_backoff(INITIAL_BACKOFF)
        .with_max_backoff(MAX_BACKOFF);
    // Without an attempt timeout a server that accepts the connection and never answers hangs
    // the apply; with it the attempt fails as a timeout and is retried.
    let attempt = cfg.attempt_timeout.unwrap_or(DEFAULT_ATTEMPT_TIMEOUT);
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT.min(attempt))
        .operation_attempt_timeout(attempt)
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(retry)
        .timeout_config(timeouts);
    if let Some(region) = &cfg.region {
        loader = loader.region(aws_config::Region::new(region.clone()));
    }
    if let Some(profile) = &cfg.profile {
        loader = loader.profile_name(profile);
    }
    let base = loader.load().await;
    // STS (assume_role, the account check) at its own endpoint, if one is set.
    let sts_base = match &cfg.sts_endpoint {
        Some(url) => base.to_builder().endpoint_url(url).build(),
        None => base.clone(),
    };
    let clock = Arc::new(ServerClock::default());
    let mut builder =
        aws_sdk_sfn::config::Builder::from(&base).interceptor(DateHeaders(clock.clone()));
    if let Some(endpoint) = &cfg.endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    let mut sts = aws_sdk_sts::config::Builder::from(&sts_base);
    tracing::info!(
        region = ?cfg.region,
        profile = ?cfg.profile,
        endpoint = ?cfg.endpoint,
        sts_endpoint = ?cfg.sts_endpoint,
        assume_role = ?cfg.assume_role.as_ref().map(|a| &a.role_arn),
        "building the Step Functions client"
    );
    if let Some(ar) = &cfg.assume_role {
        let mut provider = aws_config::sts::AssumeRoleProvider::builder(ar.role_arn.clone())
            .session_name(
                ar.session_name
                    .clone()
                    .unwrap_or_else(|| "terraform-provider-sfn".into()),
            );
        if let Some(id) = &ar.external_id {
            crate::logging::register_secret(id);
            provider = provider.external_id(id.clone());
        }
        let provider = aws_credential_types::provider::SharedCredentialsProvider::new(
            provider.configure(&sts_base).build().await,
        );
        builder = builder.credentials_provider(provider.clone());
        sts = sts.credentials_provider(provider);
    }
    let region = base.region().map(|r| r.to_string());
    SdkApi {
        client: aws_sdk_sfn::Client::from_conf(builder.build()),
        sts: aws_sdk_sts::Client::from_conf(sts.build()),
        clock,
        region,
    }
}

pub struct SdkApi {
    client: aws_sdk_sfn::Client,
    sts: aws_sdk_sts::Client,
    clock: Arc<ServerClock>,
    region: Option<String>,
}

/// "No credentials were found", from anywhere in an error's chain of causes: the SDK reports a
/// chain that found nothing as a request that could not be sent, like a network error.
fn credentials_problem(e: &(dyn std::error::Error + 'static)) -> Option<(&'static str, String)> {
    use aws_credential_types::provider::error::CredentialsError;
    let mut next = Some(e);
    while let Some(cur) = next {
        if let Some(c) = cur.downcast_ref::<CredentialsError>() {
            let code = match c {
                CredentialsError::CredentialsNotLoaded(_) => "NoCredentials",
                _ => "CredentialsError",
            };
            return Some((code, causes(c)));
        }
        next = cur.source();
    }
    None
}

fn err<E, R>(e: SdkError<E, R>) -> ApiError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    if let Some((code, message)) = credentials_problem(&e) {
        return ApiError::new(code, message);
    }
    match &e {
        SdkError::ServiceError(se) => {
            let inner = se.err();
            ApiError {
                code: inner.code().unwrap_or("Unknown").to_string(),
                message: inner.message().unwrap_or_default().to_string(),
                http_status: None,
            }
        }
        SdkError::TimeoutError(_) => ApiError::new(
            "TimeoutError",
            "no answer within the attempt timeout (`attempt_timeout`), on every attempt",
        ),
        SdkError::DispatchFailure(d) => {
            let what = if d.is_timeout() {
                "connecting timed out"
            } else if d.is_io() {
                "the connection failed or was closed before an answer"
            } else {
                "the request could not be sent"
            };
            let cause = d
                .as_connector_error()
                .map(|c| causes(c))
                .unwrap_or_default();
            ApiError::new(
                "NetworkError",
                format!("no answer from the Step Functions API: {what} ({cause})"),
            )
        }
        SdkError::ResponseError(_) => {
            ApiError::new("ResponseError", "the response could not be read")
        }
        SdkError::ConstructionFailure(_) => ApiError::new("ConfigurationError", format!("{e}")),
        _ => ApiError::new("Unknown", format!("{e}")),
    }
}

/// An error and its sources, as one line: `client error (SendRequest): connection closed ...`.
fn causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut next = e.source();
    while let Some(s) = next {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        next = s.source();
    }
    out
}

fn date(d: &aws_smithy_types::DateTime) -> String {
    d.fmt(Format::DateTime).unwrap_or_default()
}

fn logging_to_sdk(l: &Logging) -> t::LoggingConfiguration {
    let mut b = t::LoggingConfiguration::builder()
        .level(t::LogLevel::from(l.level.as_str()))
        .include_execution_data(l.include_execution_data);
    for d in &l.destinations {
        b = b.destinations(
            t::LogDestination::builder()
                .cloud_watch_logs_log_group(
                    t::CloudWatchLogsLogGroup::builder()
                        .log_group_arn(d)
                        .build(),
                )
                .build(),
        );
    }
    b.build()
}

fn logging_from_sdk(l: &t::LoggingConfiguration) -> Logging {
    Logging {
        level: l
            .level()
            .map(|v| v.as_str().to_string())
            .unwrap_or_else(|| "OFF".into()),
        include_execution_data: l.include_execution_data(),
        destinations: l
            .destinations()
            .iter()
            .filter_map(|d| {
                d.cloud_watch_logs_log_group()
                    .and_then(|g| g.log_group_arn())
                    .map(str::to_string)
            })
            .collect(),
    }
}

fn encryption_to_sdk(e: &Encryption) -> Result<t::EncryptionConfiguration, ApiError> {
    let mut b =
        t::EncryptionConfiguration::builder().r#type(t::EncryptionType::from(e.kind.as_str()));
    if let Some(k) = &e.kms_key_id {
        b = b.kms_key_id(k);
    }
    if let Some(p) = e.kms_data_key_reuse_period_seconds {
        b = b.kms_data_key_reuse_period_seconds(p as i32);
    }
    b.build()
        .map_err(|e| ApiError::new("ValidationException", e.to_string()))
}

fn encryption_from_sdk(e: &t::EncryptionConfiguration) -> Encryption {
    Encryption {
        kind: e.r#type().as_str().to_string(),
        kms_key_id: e.kms_key_id().map(str::to_string),
        kms_data_key_reuse_period_seconds: e.kms_data_key_reuse_period_seconds().map(i64::from),
    }
}

fn tags_to_sdk(tags: &[(String, String)]) -> Vec<t::Tag> {
    tags.iter()
        .map(|(k, v)| t::Tag::builder().key(k).value(v).build())
        .collect()
}

fn routes_to_sdk(routes: &[Route]) -> Result<Vec<t::RoutingConfigurationListItem>, ApiError> {
    routes
        .iter()
        .map(|r| {
            t::RoutingConfigurationListItem::builder()
                .state_machine_version_arn(&r.version_arn)
                .weight(r.weight as i32)
                .build()
                .map_err(|e| ApiError::new("ValidationException", e.to_string()))
        })
        .collect()
}

#[async_trait]
impl SfnApi for SdkApi {
    async fn create_state_machine(&self, s: &MachineSpec) -> ApiResult<Created> {
        let mut req = self
            .client
            .create_state_machine()
            .name(&s.name)
            .definition(&s.definition)
            .role_arn(&s.role_arn)
            .r#type(t::StateMachineType::from(s.kind.as_str()))
            .publish(s.publish)
            .set_tags(Some(tags_to_sdk(&s.tags)));
        if let Some(l) = &s.logging {
            req = req.logging_configuration(logging_to_sdk(l));
        }
        if let Some(enabled) = s.tracing {
            req = req
                .tracing_configuration(t::TracingConfiguration::builder().enabled(enabled).build());
        }
        if let Some(e) = &s.encryption {
            req = req.encryption_configuration(encryption_to_sdk(e)?);
        }
        if let Some(d) = &s.version_description {
            req = req.version_description(d);
        }
        let out = req.send().await.map_err(err)?;
        Ok(Created {
            arn: out.state_machine_arn().to_string(),
            creation_date: date(out.creation_date()),
            version_arn: out.state_machine_version_arn().map(str::to_string),
        })
    }

    async fn describe_state_machine(&self, arn: &str) -> ApiResult<Machine> {
        let out = self
            .client
            .describe_state_machine()
            .state_machine_arn(arn)
            .send()
            .await
            .map_err(err)?;
        Ok(Machine {
            arn: out.state_machine_arn().to_string(),
            name: out.name().to_string(),
            status: out
                .status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_else(|| "ACTIVE".into()),
            definition: out.definition().to_string(),
            role_arn: out.role_arn().to_string(),
            kind: out.r#type().as_str().to_string(),
            creation_date: date(out.creation_date()),
            logging: out.logging_configuration().map(logging_from_sdk),
            tracing: out.tracing_configuration().is_some_and(|t| t.enabled()),
            encryption: out.encryption_configuration().map(encryption_from_sdk),
            revision_id: out.revision_id().map(str::to_string),
            description: out.description().map(str::to_string),
        })
    }

    async fn list_versions(&self, arn: &str) -> ApiResult<Vec<VersionItem>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .client
                .list_state_machine_versions()
                .state_machine_arn(arn)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(err)?;
            for v in page.state_machine_versions() {
                out.push(VersionItem {
                    arn: v.state_machine_version_arn().to_string(),
                    creation_date: date(v.creation_date()),
                });
            }
            match page.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => return Ok(out),
            }
        }
    }

    async fn list_aliases(&self, machine_arn: &str) -> ApiResult<Vec<AliasItem>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .client
                .list_state_machine_aliases()
                .state_machine_arn(machine_arn)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(err)?;
            for a in page.state_machine_aliases() {
                let arn = a.state_machine_alias_arn().to_string();
                out.push(AliasItem {
                    name: arn.rsplit(':').next().unwrap_or_default().to_string(),
                    arn,
                    creation_date: date(a.creation_date()),
                });
            }
            match page.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => return Ok(out),
            }
        }
    }

    async fn update_state_machine(&self, arn: &str, u: &MachineUpdate) -> ApiResult<Updated> {
        let mut req = self.client.update_state_machine().state_machine_arn(arn);
        if let Some(d) = &u.definition {
            req = req.definition(d);
        }
        if let Some(r) = &u.role_arn {
            req = req.role_arn(r);
        }
        if let Some(l) = &u.logging {
            req = req.logging_configuration(logging_to_sdk(l));
        }
        if let Some(enabled) = u.tracing {
            req = req
                .tracing_configuration(t::TracingConfiguration::builder().enabled(enabled).build());
        }
        if let Some(e) = &u.encryption {
            req = req.encryption_configuration(encryption_to_sdk(e)?);
        }
        if u.publish {
            req = req.publish(true);
            if let Some(d) = &u.version_description {
                req = req.version_description(d);
            }
        }
        let out = req.send().await.map_err(err)?;
        Ok(Updated {
            revision_id: out.revision_id().map(str::to_string),
            version_arn: out.state_machine_version_arn().map(str::to_string),
        })
    }

    async fn delete_state_machine(&self, arn: &str) -> ApiResult<()> {
        self.client
            .delete_state_machine()
            .state_machine_arn(arn)
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn list_state_machines(&self) -> ApiResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        let mut pages = self.client.list_state_machines().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(err)?;
            for m in page.state_machines() {
                out.push((m.name().to_string(), m.state_machine_arn().to_string()));
            }
        }
        Ok(out)
    }

    async fn list_tags(&self, arn: &str) -> ApiResult<Vec<(String, String)>> {
        let out = self
            .client
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .map_err(err)?;
        Ok(out
            .tags()
            .iter()
            .map(|t| {
                (
                    t.key().unwrap_or_default().to_string(),
                    t.value().unwrap_or_default().to_string(),
                )
            })
            .collect())
    }

    async fn tag(&self, arn: &str, tags: &[(String, String)]) -> ApiResult<()> {
        self.client
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(tags_to_sdk(tags)))
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn untag(&self, arn: &str, keys: &[String]) -> ApiResult<()> {
        self.client
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(keys.to_vec()))
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn validate_definition(
        &self,
        definition: &str,
        kind: &str,
    ) -> ApiResult<Vec<RemoteDiagnostic>> {
        let out = self
            .client
            .validate_state_machine_definition()
            .definition(definition)
            .r#type(t::StateMachineType::from(kind))
            .severity(t::ValidateStateMachineDefinitionSeverity::Warning)
            .max_results(100)
            .send()
            .await
            .map_err(err)?;
        Ok(out
            .diagnostics()
            .iter()
            .map(|d| RemoteDiagnostic {
                severity: d.severity().as_str().to_string(),
                code: d.code().to_string(),
                message: d.message().to_string(),
                location: d.location().map(str::to_string),
            })
            .collect())
    }

    async fn create_alias(
        &self,
        name: &str,
        description: Option<&str>,
        routes: &[Route],
    ) -> ApiResult<(String, String)> {
        let out = self
            .client
            .create_state_machine_alias()
            .name(name)
            .set_description(description.map(str::to_string))
            .set_routing_configuration(Some(routes_to_sdk(routes)?))
            .send()
            .await
            .map_err(err)?;
        Ok((
            out.state_machine_alias_arn().to_string(),
            date(out.creation_date()),
        ))
    }

    async fn describe_alias(&self, arn: &str) -> ApiResult<Alias> {
        let out = self
            .client
            .describe_state_machine_alias()
            .state_machine_alias_arn(arn)
            .send()
            .await
            .map_err(err)?;
        Ok(Alias {
            arn: out.state_machine_alias_arn().unwrap_or(arn).to_string(),
            name: out.name().unwrap_or_default().to_string(),
            description: out.description().map(str::to_string),
            routes: out
                .routing_configuration()
                .iter()
                .map(|r| Route {
                    version_arn: r.state_machine_version_arn().to_string(),
                    weight: i64::from(r.weight()),
                })
                .collect(),
            creation_date: out.creation_date().map(date).unwrap_or_default(),
        })
    }

    async fn update_alias(
        &self,
        arn: &str,
        description: Option<&str>,
        routes: &[Route],
    ) -> ApiResult<()> {
        self.client
            .update_state_machine_alias()
            .state_machine_alias_arn(arn)
            .description(description.unwrap_or_default())
            .set_routing_configuration(Some(routes_to_sdk(routes)?))
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn delete_alias(&self, arn: &str) -> ApiResult<()> {
        self.client
            .delete_state_machine_alias()
            .state_machine_alias_arn(arn)
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn create_activity(
        &self,
        name: &str,
        tags: &[(String, String)],
        encryption: Option<&Encryption>,
    ) -> ApiResult<(String, String)> {
        let mut req = self
            .client
            .create_activity()
            .name(name)
            .set_tags(Some(tags_to_sdk(tags)));
        if let Some(e) = encryption {
            req = req.encryption_configuration(encryption_to_sdk(e)?);
        }
        let out = req.send().await.map_err(err)?;
        Ok((out.activity_arn().to_string(), date(out.creation_date())))
    }

    async fn describe_activity(&self, arn: &str) -> ApiResult<Activity> {
        let out = self
            .client
            .describe_activity()
            .activity_arn(arn)
            .send()
            .await
            .map_err(err)?;
        Ok(Activity {
            arn: out.activity_arn().to_string(),
            name: out.name().to_string(),
            creation_date: date(out.creation_date()),
            encryption: out.encryption_configuration().map(encryption_from_sdk),
        })
    }

    async fn delete_activity(&self, arn: &str) -> ApiResult<()> {
        self.client
            .delete_activity()
            .activity_arn(arn)
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn list_activities(&self) -> ApiResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        let mut pages = self.client.list_activities().into_paginator().send();
        while let Some(page) = pages.next().await {
            for a in page.map_err(err)?.activities() {
                out.push((a.name().to_string(), a.activity_arn().to_string()));
            }
        }
        Ok(out)
    }

    async fn caller_identity(&self) -> ApiResult<Identity> {
        let out = self.sts.get_caller_identity().send().await.map_err(err)?;
        Ok(Identity {
            account: out.account().unwrap_or_default().to_string(),
            arn: out.arn().unwrap_or_default().to_string(),
        })
    }

    fn region(&self) -> Option<String> {
        self.region.clone()
    }

    fn server_time_floor(&self, local: SystemTime) -> SystemTime {
        self.clock.floor(local)
    }
}
