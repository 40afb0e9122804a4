//! The `sfn` provider: its configuration and the resources and data sources it serves.
//! The AWS client is created lazily, on first use by a resource, so that plans which only use
//! `sfn_workflow` need no credentials and no network.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use tf_provider::schema::{
    Attribute, AttributeConstraint, AttributeType, Block, Description, NestedBlock, Schema,
};
use tf_provider::{Diagnostics, Provider};

use crate::aws::api::SfnApi;
use crate::tfvalue::{Raw, Tf};
use crate::workflow::{decode_config, WorkflowDataSource};

/// The provider block as configured.
#[derive(Debug, Clone, Default)]
pub struct ProviderConfig {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint: Option<String>,
    pub max_retries: Option<u32>,
    /// Per-attempt HTTP timeout (`attempt_timeout`); `None` is the default.
    pub attempt_timeout: Option<std::time::Duration>,
    pub default_tags: Vec<(String, String)>,
    pub assume_role: Option<AssumeRole>,
}

#[derive(Debug, Clone, Default)]
pub struct AssumeRole {
    pub role_arn: String,
    pub session_name: Option<String>,
    pub external_id: Option<String>,
}

/// What resources share: the provider configuration and the AWS client, created on first use.
#[derive(Default)]
pub struct Shared {
    pub config: Mutex<ProviderConfig>,
    api: tokio::sync::OnceCell<Arc<dyn SfnApi>>,
}

impl Shared {
    /// For tests: a provider whose API is the given implementation.
    #[cfg(test)]
    pub fn with_api(api: Arc<dyn SfnApi>, config: ProviderConfig) -> Shared {
        Shared {
            config: Mutex::new(config),
            api: tokio::sync::OnceCell::new_with(Some(api)),
        }
    }

    pub fn config(&self) -> ProviderConfig {
        self.config.lock().map(|c| c.clone()).unwrap_or_default()
    }

    pub fn default_tags(&self) -> Vec<(String, String)> {
        self.config().default_tags
    }

    /// The Step Functions API, built from the provider configuration the first time a resource
    /// needs it: a plan that only compiles workflows never loads credentials.
    pub async fn api(&self, _diags: &mut Diagnostics) -> Option<Arc<dyn SfnApi>> {
        let api = self
            .api
            .get_or_init(|| async {
                let cfg = self.config();
                let client = crate::aws::sdk::client(&cfg).await;
                Arc::new(crate::aws::sdk::SdkApi { client }) as Arc<dyn SfnApi>
            })
            .await;
        Some(api.clone())
    }
}

#[derive(Default)]
pub struct SfnProvider {
    pub shared: Arc<Shared>,
}

fn attr(ty: AttributeType, doc: &str) -> Attribute {
    Attribute {
        attr_type: ty,
        description: Description::markdown(doc),
        constraint: AttributeConstraint::Optional,
        sensitive: false,
        deprecated: false,
    }
}

pub fn provider_schema() -> Schema {
    let mut b = Block {
        description: Description::markdown(
            "The `sfn` provider manages AWS Step Functions. Every setting is optional: credentials and region come from the AWS SDK's standard chain (environment, shared config and SSO, web identity, instance metadata). The AWS client is created only when a resource needs it, so plans that use only `sfn_workflow` need no credentials.",
        ),
        ..Block::default()
    };
    let a = &mut b.attributes;
    a.insert("region".into(), attr(AttributeType::String, "AWS region, such as `eu-west-1`. Defaults to the SDK chain (`AWS_REGION`, the profile's region)."));
    a.insert(
        "profile".into(),
        attr(
            AttributeType::String,
            "Named profile from the shared AWS config and credentials files.",
        ),
    );
    a.insert("endpoint".into(), attr(AttributeType::String, "Custom Step Functions endpoint URL: a VPC endpoint, LocalStack or moto (`http://127.0.0.1:5000`)."));
    a.insert("max_retries".into(), attr(AttributeType::Number, "Maximum attempts for each AWS call that fails with a retryable error (throttling, 5xx, dropped connections, attempts past `attempt_timeout`), with exponential backoff and jitter between them. Default 5. See the [retries guide](guides/retries.md)."));
    a.insert("attempt_timeout".into(), attr(AttributeType::String, "How long one attempt of an AWS call may take, as a duration from `1s` to `15m` (`30s`, `2m`). An attempt without an answer by then is abandoned and retried within `max_retries`. Default `30s`; connecting is limited to 10 seconds within it. A resource's `timeouts` bound a whole create or update, retries included."));
    a.insert("default_tags".into(), attr(AttributeType::Map(Box::new(AttributeType::String)), "Tags added to every resource that supports tags; a resource's own `tags` win on conflicts."));
    let mut ar = Block {
        description: Description::markdown("Assume this IAM role (STS AssumeRole) with the credentials found by the standard chain."),
        ..Block::default()
    };
    ar.attributes.insert(
        "role_arn".into(),
        Attribute {
            constraint: AttributeConstraint::Required,
            ..attr(AttributeType::String, "ARN of the role to assume.")
        },
    );
    ar.attributes.insert(
        "session_name".into(),
        attr(
            AttributeType::String,
            "Session name recorded in CloudTrail. Default `terraform-provider-sfn`.",
        ),
    );
    ar.attributes.insert(
        "external_id".into(),
        attr(
            AttributeType::String,
            "External ID the role's trust policy requires.",
        ),
    );
    b.blocks
        .insert("assume_role".into(), NestedBlock::Optional(ar));
    Schema {
        version: 1,
        block: b,
    }
}

/// The bounds of `attempt_timeout`.
pub const ATTEMPT_TIMEOUT_MIN: std::time::Duration = std::time::Duration::from_secs(1);
pub const ATTEMPT_TIMEOUT_MAX: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// What is wrong with a Step Functions endpoint URL, if anything: the SDK takes any string and
/// fails only at the first call, with an error that does not name the setting.
pub fn endpoint_problem(endpoint: &str) -> Option<String> {
    let Some(rest) = endpoint
        .strip_prefix("https://")
        .or_else(|| endpoint.strip_prefix("http://"))
    else {
        return Some(format!(
            "\"{}\" does not start with https:// or http://",
            endpoint.escape_debug()
        ));
    };
    if let Some(c) = endpoint
        .chars()
        .find(|c| c.is_whitespace() || c.is_control())
    {
        return Some(format!(
            "\"{}\" contains '{}'",
            endpoint.escape_debug(),
            c.escape_debug()
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((h, "")) => (h, None),
            Some((h, p)) if p.starts_with(':') => (h, Some(&p[1..])),
            _ => return Some(format!("\"{endpoint}\" has an unclosed IPv6 address")),
        },
        None => match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        },
    };
    if host.is_empty() {
        return Some(format!("\"{endpoint}\" has no host"));
    }
    match port {
        Some(p) if p.parse::<u16>().is_err() => {
            Some(format!("\"{endpoint}\" has an invalid port \"{p}\""))
        }
        _ => None,
    }
}

fn check_endpoint_and_region(c: &ProviderConfig, diags: &mut Diagnostics) {
    if let Some(problem) = c.endpoint.as_deref().and_then(endpoint_problem) {
        diags.error(
            format!("SFN058 invalid-endpoint: {problem}"),
            "Set endpoint to the Step Functions URL, such as https://states.eu-west-1.amazonaws.com or http://127.0.0.1:5000 for a local emulator, or remove it to use the region's endpoint.",
            tf_provider::AttributePath::new("endpoint"),
        );
    }
    if let Some(region) = &c.region {
        let ok = !region.is_empty()
            && region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !region.starts_with('-')
            && !region.ends_with('-');
        if !ok {
            diags.error(
                format!("SFN059 invalid-region: \"{}\" is not an AWS region name", region.escape_debug()),
                "Use a region code such as eu-west-1 or us-east-1 (lowercase letters, digits and hyphens).",
                tf_provider::AttributePath::new("region"),
            );
        }
    }
}

pub fn parse_config(cfg: &Tf, diags: &mut Diagnostics) -> ProviderConfig {
    let s = |k: &str| cfg.get(k).as_str().map(str::to_string);
    let mut c = ProviderConfig {
        region: s("region"),
        profile: s("profile"),
        endpoint: s("endpoint"),
        ..ProviderConfig::default()
    };
    check_endpoint_and_region(&c, diags);
    crate::resources::common::check_tags(cfg.get("default_tags"), "default_tags", diags);
    if let Some(n) = cfg.get("max_retries").as_num() {
        match n.as_i64() {
            Some(v) if (1..=100).contains(&v) => c.max_retries = Some(v as u32),
            _ => diags.error(
                "SFN002 invalid-max-retries: max_retries must be a whole number from 1 to 100",
                "Set max_retries to the number of attempts per AWS call, for example 5.",
                tf_provider::AttributePath::new("max_retries"),
            ),
        }
    }
    if let Some(text) = cfg.get("attempt_timeout").as_str() {
        match crate::aws::retry::parse_duration(text) {
            Some(d) if (ATTEMPT_TIMEOUT_MIN..=ATTEMPT_TIMEOUT_MAX).contains(&d) => {
                c.attempt_timeout = Some(d)
            }
            Some(_) => diags.error(
                format!("SFN040 invalid-attempt-timeout: attempt_timeout \"{text}\" is outside 1s to 15m"),
                "Set attempt_timeout to how long one attempt of an AWS call may take, for example 30s: too short abandons calls AWS is still answering, too long hangs on a dead connection.",
                tf_provider::AttributePath::new("attempt_timeout"),
            ),
            None => diags.error(
                format!("SFN040 invalid-attempt-timeout: \"{text}\" is not a duration"),
                "Write a duration such as 30s, 2m or 1m30s.",
                tf_provider::AttributePath::new("attempt_timeout"),
            ),
        }
    }
    if let Tf::Object(tags) = cfg.get("default_tags") {
        c.default_tags = tags
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
            .collect();
    }
    if let Some(ar) = cfg.get("assume_role").items().first() {
        if let Some(role_arn) = ar.get("role_arn").as_str() {
            c.assume_role = Some(AssumeRole {
                role_arn: role_arn.to_string(),
                session_name: ar.get("session_name").as_str().map(str::to_string),
                external_id: ar.get("external_id").as_str().map(str::to_string),
            });
        }
    }
    c
}

#[async_trait]
impl Provider for SfnProvider {
    type Config<'a> = Raw;
    type MetaState<'a> = Raw;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(provider_schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Raw) -> Option<()> {
        let cfg = decode_config(diags, &config)?;
        parse_config(&cfg, diags);
        Some(())
    }

    async fn configure<'a>(
        &self,
        diags: &mut Diagnostics,
        _terraform_version: String,
        config: Raw,
    ) -> Option<()> {
        let cfg = decode_config(diags, &config)?;
        let parsed = parse_config(&cfg, diags);
        if let Ok(mut guard) = self.shared.config.lock() {
            *guard = parsed;
        }
        Some(())
    }
}

impl SfnProvider {
    /// Everything the plugin serves: one registration line per resource and data source.
    pub fn registry(self) -> crate::plugin::Registry {
        let shared = self.shared.clone();
        crate::plugin::Registry {
            name: "sfn".into(),
            resources: vec![
                (
                    "state_machine",
                    Box::new(crate::resources::state_machine::StateMachine {
                        shared: shared.clone(),
                    }),
                ),
                (
                    "alias",
                    Box::new(crate::resources::alias::Alias {
                        shared: shared.clone(),
                    }),
                ),
                (
                    "activity",
                    Box::new(crate::resources::activity::Activity {
                        shared: shared.clone(),
                    }),
                ),
            ],
            data_sources: vec![
                ("workflow", Box::new(WorkflowDataSource)),
                (
                    "state_machine",
                    Box::new(crate::resources::state_machine_data::StateMachineData { shared }),
                ),
            ],
            provider: Box::new(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tf_provider::AttributePath;

    fn parse(fields: &[(&str, Tf)]) -> (ProviderConfig, Diagnostics) {
        let cfg = Tf::Object(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        );
        let mut d = Diagnostics::default();
        let c = parse_config(&cfg, &mut d);
        (c, d)
    }

    #[test]
    fn attempt_timeout_is_a_bounded_duration() {
        let (c, d) = parse(&[]);
        assert!(d.errors.is_empty());
        assert_eq!(c.attempt_timeout, None);
        for (text, secs) in [
            ("1s", 1),
            ("30s", 30),
            ("2m", 120),
            ("15m", 900),
            ("45", 45),
        ] {
            let (c, d) = parse(&[("attempt_timeout", Tf::String(text.into()))]);
            assert!(d.errors.is_empty(), "{text}: {:?}", d.errors);
            assert_eq!(
                c.attempt_timeout,
                Some(std::time::Duration::from_secs(secs))
            );
        }
        for (text, why) in [
            ("0s", "outside 1s to 15m"),
            ("16m", "outside 1s to 15m"),
            ("1h", "outside 1s to 15m"),
            ("soon", "is not a duration"),
            ("30 s", "is not a duration"),
            ("", "is not a duration"),
        ] {
            let (c, d) = parse(&[("attempt_timeout", Tf::String(text.into()))]);
            assert_eq!(d.errors.len(), 1, "{text}");
            let e = &d.errors[0];
            assert!(
                e.summary.starts_with("SFN040 invalid-attempt-timeout") && e.summary.contains(why),
                "{text}: {}",
                e.summary
            );
            assert_eq!(e.attribute, AttributePath::new("attempt_timeout"));
            assert_eq!(c.attempt_timeout, None);
        }
        // Unknown at plan time (from a variable not yet known): nothing to check yet.
        let (_, d) = parse(&[("attempt_timeout", Tf::Unknown)]);
        assert!(d.errors.is_empty());
    }
}

#[cfg(test)]
mod config_tests {
    use super::*;

    #[test]
    fn endpoints_and_regions_are_checked_at_plan() {
        for ok in [
            "https://states.eu-west-1.amazonaws.com",
            "http://127.0.0.1:5000",
            "http://localhost:4566/",
            "https://[::1]:8443",
            "https://vpce-1.states.eu-west-1.vpce.amazonaws.com/path",
        ] {
            assert_eq!(endpoint_problem(ok), None, "{ok}");
        }
        for (bad, what) in [
            ("", "does not start with"),
            ("not a url", "does not start with"),
            ("ftp://127.0.0.1:1", "does not start with"),
            ("http://", "no host"),
            ("http://:5000", "no host"),
            ("http://127.0.0.1:port", "invalid port"),
            ("http://127.0.0.1:99999", "invalid port"),
            ("http://[::1", "unclosed IPv6"),
            ("http://local host", "contains ' '"),
            ("http://h\u{7}", "contains"),
        ] {
            let problem = endpoint_problem(bad).unwrap_or_default();
            assert!(problem.contains(what), "{bad}: {problem}");
        }
        let cfg = |k: &str, v: &str| Tf::Object(vec![(k.to_string(), Tf::String(v.to_string()))]);
        let mut d = Diagnostics::default();
        parse_config(&cfg("endpoint", "not a url"), &mut d);
        assert!(
            d.errors[0].summary.starts_with("SFN058 invalid-endpoint"),
            "{:?}",
            d.errors
        );
        assert_eq!(
            d.errors[0].attribute,
            tf_provider::AttributePath::new("endpoint")
        );
        let mut d = Diagnostics::default();
        parse_config(&cfg("region", "EU West 1"), &mut d);
        assert!(
            d.errors[0].summary.starts_with("SFN059 invalid-region"),
            "{:?}",
            d.errors
        );
        let mut d = Diagnostics::default();
        parse_config(&cfg("region", "eu-west-1"), &mut d);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let mut d = Diagnostics::default();
        parse_config(
            &Tf::Object(vec![(
                "default_tags".into(),
                Tf::Object(vec![("aws:x".into(), Tf::String("v".into()))]),
            )]),
            &mut d,
        );
        assert!(
            d.errors[0].summary.starts_with("SFN050 invalid-tag"),
            "{:?}",
            d.errors
        );
    }
}
