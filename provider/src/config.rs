//! The provider block: its schema, its typed model, and the checked [`ProviderConfig`] the rest of
//! the provider reads. This module depends on nothing but values, tags and the schema builders, so the AWS client
//! (`aws::sdk`), the session and the resources can all use it.
//!
//! A new setting is a schema attribute, a field of [`ProviderBlock`], a field of
//! [`ProviderConfig`] and its check in [`parse`]. Rule control (`rules = { ASL302 = "off" }`, a
//! default for every definition) goes here the same way.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tf_provider::schema::{AttributeType, NestedBlock, Schema};
use tf_provider::{AttributePath, Diagnostics};

use crate::model::{known_pairs, text, Blocks, Number, Tags, Value};
use crate::schema::{block, optional, required, string_map, with_blocks};

/// The bounds of `attempt_timeout`.
pub const ATTEMPT_TIMEOUT_MIN: Duration = Duration::from_secs(1);
pub const ATTEMPT_TIMEOUT_MAX: Duration = Duration::from_secs(15 * 60);
/// The bounds of `max_retries`.
pub const MAX_RETRIES_MIN: i64 = 1;
pub const MAX_RETRIES_MAX: i64 = 100;

/// The provider block as Terraform sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderBlock {
    pub region: Value<String>,
    pub profile: Value<String>,
    pub endpoint: Value<String>,
    pub sts_endpoint: Value<String>,
    pub max_retries: Value<Number>,
    pub attempt_timeout: Value<String>,
    pub default_tags: Tags,
    pub allowed_account_ids: Value<Vec<Value<String>>>,
    pub forbidden_account_ids: Value<Vec<Value<String>>>,
    pub assume_role: Blocks<AssumeRoleBlock>,
    pub rules: Tags,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssumeRoleBlock {
    pub role_arn: Value<String>,
    pub session_name: Value<String>,
    pub external_id: Value<String>,
}

/// The provider configuration, checked.
#[derive(Debug, Clone, Default)]
pub struct ProviderConfig {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint: Option<String>,
    /// STS endpoint, for `assume_role` and the account check.
    pub sts_endpoint: Option<String>,
    pub max_retries: Option<u32>,
    /// Per-attempt HTTP timeout (`attempt_timeout`); `None` is the default.
    pub attempt_timeout: Option<Duration>,
    pub default_tags: Vec<(String, String)>,
    /// The rule control every workflow and definition starts from.
    pub rules: sfn_codegen::control::Overrides,
    pub assume_role: Option<AssumeRole>,
    /// The only accounts the credentials may belong to (empty: any).
    pub allowed_account_ids: Vec<String>,
    /// Accounts the credentials must not belong to.
    pub forbidden_account_ids: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AssumeRole {
    pub role_arn: String,
    pub session_name: Option<String>,
    pub external_id: Option<String>,
}

impl ProviderConfig {
    /// Whether the caller's account must be checked before any call.
    pub fn checks_account(&self) -> bool {
        !self.allowed_account_ids.is_empty() || !self.forbidden_account_ids.is_empty()
    }
}

pub fn schema() -> Schema {
    let ids = || AttributeType::Set(Box::new(AttributeType::String));
    let b = block(
        "The `sfn` provider manages AWS Step Functions. Every setting is optional: credentials and region come from the AWS SDK's standard chain (environment, shared config and SSO, web identity, instance metadata). The AWS client is created only when a resource needs it, so plans that use only `sfn_workflow` need no credentials.",
        vec![
            ("region", optional(AttributeType::String, "AWS region, such as `eu-west-1`. Defaults to the SDK chain (`AWS_REGION`, the profile's region).")),
            ("profile", optional(AttributeType::String, "Named profile from the shared AWS config and credentials files.")),
            ("endpoint", optional(AttributeType::String, "Custom Step Functions endpoint URL: a VPC endpoint, LocalStack or moto (`http://127.0.0.1:5000`).")),
            ("sts_endpoint", optional(AttributeType::String, "Custom STS endpoint URL, used by `assume_role` and by the account check of `allowed_account_ids` / `forbidden_account_ids` (default: the region's STS endpoint, or `AWS_ENDPOINT_URL_STS`).")),
            ("max_retries", optional(AttributeType::Number, "Maximum attempts for each AWS call that fails with a retryable error (throttling, 5xx, dropped connections, attempts past `attempt_timeout`), with exponential backoff and jitter between them. A whole number from 1 to 100; default 5. See the [retries guide](guides/retries.md).")),
            ("attempt_timeout", optional(AttributeType::String, "How long one attempt of an AWS call may take, as a duration from `1s` to `15m` (`30s`, `2m`). An attempt without an answer by then is abandoned and retried within `max_retries`. Default `30s`; connecting is limited to 10 seconds within it. A resource's `timeouts` bound a whole create or update, retries included.")),
            (crate::rule_control::ATTR, optional(string_map(), "Rule control for every `sfn_workflow`, `sfn_state_machine` and inline `workflow`: a map of rule code (such as `ASL302`) to `\"off\"`, `\"warning\"` or `\"error\"`; their own `rules` win. See [the rules](guides/rules.md).")),
            ("default_tags", optional(string_map(), "Tags added to every resource that supports tags; a resource's own `tags` win on conflicts. AWS's limit of 50 tags applies to the merged set.")),
            ("allowed_account_ids", optional(ids(), "The only AWS account IDs the credentials may belong to. Checked (with STS GetCallerIdentity) before the first call to Step Functions, so a plan against the wrong account fails before anything is read or changed. Conflicts with `forbidden_account_ids`.")),
            ("forbidden_account_ids", optional(ids(), "AWS account IDs the credentials must not belong to, checked like `allowed_account_ids`. Conflicts with it.")),
        ],
    );
    let assume_role = block(
        "Assume this IAM role (STS AssumeRole) with the credentials found by the standard chain.",
        vec![
            (
                "role_arn",
                required(AttributeType::String, "ARN of the role to assume."),
            ),
            (
                "session_name",
                optional(
                    AttributeType::String,
                    "Session name recorded in CloudTrail. Default `terraform-provider-sfn`.",
                ),
            ),
            (
                "external_id",
                optional(
                    AttributeType::String,
                    "External ID the role's trust policy requires.",
                ),
            ),
        ],
    );
    Schema {
        version: 1,
        block: with_blocks(b, vec![("assume_role", NestedBlock::Optional(assume_role))]),
    }
}

/// What is wrong with an endpoint URL, if anything: the SDK takes any string and fails only at
/// the first call, with an error that does not name the setting.
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

fn check_endpoint(name: &str, value: Option<&str>, diags: &mut Diagnostics) {
    if let Some(problem) = value.and_then(endpoint_problem) {
        diags.error(
            format!("SFN058 invalid-endpoint: {problem}"),
            format!("Set {name} to the service's URL, such as https://states.eu-west-1.amazonaws.com (https://sts.eu-west-1.amazonaws.com for sts_endpoint) or http://127.0.0.1:5000 for a local emulator, or remove it to use the region's endpoint."),
            AttributePath::new(name.to_string()),
        );
    }
}

fn check_region(region: &str, diags: &mut Diagnostics) {
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
            AttributePath::new("region"),
        );
    }
}

/// Account IDs: twelve digits each. Unknown elements are skipped.
fn account_ids(v: &Value<Vec<Value<String>>>, name: &str, diags: &mut Diagnostics) -> Vec<String> {
    let mut out = Vec::new();
    for id in v.as_ref_option().into_iter().flatten() {
        let Some(id) = id.as_ref_option() else {
            continue;
        };
        if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
            diags.error(
                format!("SFN063 invalid-account-id: \"{}\" is not an AWS account ID", id.escape_debug()),
                "An account ID has exactly 12 digits, such as 123456789012 (quote it: a number would lose leading zeros).",
                AttributePath::new(name.to_string()),
            );
            continue;
        }
        out.push(id.clone());
    }
    out
}

fn attempt_timeout(text: &str, diags: &mut Diagnostics) -> Option<Duration> {
    let at = AttributePath::new("attempt_timeout");
    match crate::model::parse_duration(text) {
        Some(d) if (ATTEMPT_TIMEOUT_MIN..=ATTEMPT_TIMEOUT_MAX).contains(&d) => Some(d),
        Some(_) => {
            diags.error(
                format!("SFN040 invalid-attempt-timeout: attempt_timeout \"{text}\" is outside 1s to 15m"),
                "Set attempt_timeout to how long one attempt of an AWS call may take, for example 30s: too short abandons calls AWS is still answering, too long hangs on a dead connection.",
                at,
            );
            None
        }
        None => {
            diags.error(
                format!("SFN040 invalid-attempt-timeout: \"{text}\" is not a duration"),
                "Write a duration such as 30s, 2m or 1m30s.",
                at,
            );
            None
        }
    }
}

/// Checks the provider block and returns the configuration. Values not yet known are skipped.
pub fn parse(b: &ProviderBlock, diags: &mut Diagnostics) -> ProviderConfig {
    let own = |v: &Value<String>| text(v).map(str::to_string);
    let mut c = ProviderConfig {
        region: own(&b.region),
        profile: own(&b.profile),
        endpoint: own(&b.endpoint),
        sts_endpoint: own(&b.sts_endpoint),
        ..ProviderConfig::default()
    };
    check_endpoint("endpoint", c.endpoint.as_deref(), diags);
    check_endpoint("sts_endpoint", c.sts_endpoint.as_deref(), diags);
    if let Some(region) = &c.region {
        check_region(region, diags);
    }
    crate::tags::check_tags(&b.default_tags, "default_tags", diags);
    crate::tags::check_count(&b.default_tags, &[], "default_tags", diags);
    c.default_tags = known_pairs(&b.default_tags);
    c.rules = crate::rule_control::from_map(
        &b.rules,
        &AttributePath::new(crate::rule_control::ATTR),
        diags,
    );
    if let Some(n) = b.max_retries.as_ref_option() {
        // Exactly: 1e400 or 3.0000000000000000001 arrive as strings and are not whole numbers.
        match n.whole_in(MAX_RETRIES_MIN, MAX_RETRIES_MAX) {
            Some(v) => c.max_retries = u32::try_from(v).ok(),
            None => diags.error(
                format!("SFN002 invalid-max-retries: max_retries {n} is not a whole number from 1 to 100"),
                "Set max_retries to the number of attempts per AWS call, for example 5.",
                AttributePath::new("max_retries"),
            ),
        }
    }
    if let Some(t) = text(&b.attempt_timeout) {
        c.attempt_timeout = attempt_timeout(t, diags);
    }
    c.allowed_account_ids = account_ids(&b.allowed_account_ids, "allowed_account_ids", diags);
    c.forbidden_account_ids = account_ids(&b.forbidden_account_ids, "forbidden_account_ids", diags);
    let set = |v: &Value<Vec<Value<String>>>| !v.is_null();
    if set(&b.allowed_account_ids) && set(&b.forbidden_account_ids) {
        diags.error(
            "SFN012 conflicting-arguments: allowed_account_ids and forbidden_account_ids cannot both be set",
            "Keep allowed_account_ids to name the only accounts to use, or forbidden_account_ids to exclude some.",
            AttributePath::new("forbidden_account_ids"),
        );
    }
    if let Some(ar) = b.assume_role.first() {
        if let Some(role_arn) = text(&ar.role_arn) {
            c.assume_role = Some(AssumeRole {
                role_arn: role_arn.to_string(),
                session_name: own(&ar.session_name),
                external_id: own(&ar.external_id),
            });
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{known, tags_value};
    use sfn_codegen::Num;

    fn parse_block(b: ProviderBlock) -> (ProviderConfig, Diagnostics) {
        let mut d = Diagnostics::default();
        let c = parse(&b, &mut d);
        (c, d)
    }

    #[test]
    fn attempt_timeout_is_a_bounded_duration() {
        let (c, d) = parse_block(ProviderBlock::default());
        assert!(d.errors.is_empty());
        assert_eq!(c.attempt_timeout, None);
        for (text, secs) in [
            ("1s", 1),
            ("30s", 30),
            ("2m", 120),
            ("15m", 900),
            ("45", 45),
        ] {
            let (c, d) = parse_block(ProviderBlock {
                attempt_timeout: known(text),
                ..ProviderBlock::default()
            });
            assert!(d.errors.is_empty(), "{text}: {:?}", d.errors);
            assert_eq!(c.attempt_timeout, Some(Duration::from_secs(secs)));
        }
        for (text, why) in [
            ("0s", "outside 1s to 15m"),
            ("16m", "outside 1s to 15m"),
            ("1h", "outside 1s to 15m"),
            ("soon", "is not a duration"),
            ("30 s", "is not a duration"),
            ("", "is not a duration"),
        ] {
            let (c, d) = parse_block(ProviderBlock {
                attempt_timeout: known(text),
                ..ProviderBlock::default()
            });
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
        let (_, d) = parse_block(ProviderBlock {
            attempt_timeout: Value::Unknown,
            ..ProviderBlock::default()
        });
        assert!(d.errors.is_empty());
    }

    #[test]
    fn max_retries_is_checked_exactly() {
        for (text, ok) in [
            ("5", Some(5)),
            ("1", Some(1)),
            ("100", Some(100)),
            ("100.0", Some(100)),
            ("0", None),
            ("101", None),
            ("2.5", None),
            ("1e400", None),
            ("3.0000000000000000001", None),
            ("100.00000000000000000001", None),
        ] {
            let (c, d) = parse_block(ProviderBlock {
                max_retries: Value::Value(Number(Num::parse(text).unwrap())),
                ..ProviderBlock::default()
            });
            assert_eq!(c.max_retries, ok, "{text}");
            assert_eq!(d.errors.is_empty(), ok.is_some(), "{text}: {:?}", d.errors);
            if ok.is_none() {
                assert!(
                    d.errors[0].summary.starts_with("SFN002"),
                    "{}",
                    d.errors[0].summary
                );
                assert!(
                    d.errors[0].summary.contains(text),
                    "{}",
                    d.errors[0].summary
                );
            }
        }
    }

    #[test]
    fn endpoints_regions_tags_and_accounts_are_checked() {
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
        let (_, d) = parse_block(ProviderBlock {
            sts_endpoint: known("not a url"),
            ..ProviderBlock::default()
        });
        assert!(d.errors[0].summary.starts_with("SFN058 invalid-endpoint"));
        assert_eq!(d.errors[0].attribute, AttributePath::new("sts_endpoint"));
        let (_, d) = parse_block(ProviderBlock {
            region: known("EU West 1"),
            ..ProviderBlock::default()
        });
        assert!(d.errors[0].summary.starts_with("SFN059 invalid-region"));
        let (_, d) = parse_block(ProviderBlock {
            default_tags: tags_value(&[("aws:x".into(), "v".into())]),
            ..ProviderBlock::default()
        });
        assert!(d.errors[0].summary.starts_with("SFN050 invalid-tag"));
        let ids = |v: &[&str]| Value::Value(v.iter().map(|s| known(*s)).collect());
        let (c, d) = parse_block(ProviderBlock {
            allowed_account_ids: ids(&["123456789012", "12345", "0123456789ab"]),
            ..ProviderBlock::default()
        });
        assert_eq!(c.allowed_account_ids, vec!["123456789012".to_string()]);
        assert_eq!(d.errors.len(), 2, "{:?}", d.errors);
        assert!(d.errors[0].summary.starts_with("SFN063 invalid-account-id"));
        assert!(c.checks_account());
        let (_, d) = parse_block(ProviderBlock {
            allowed_account_ids: ids(&["123456789012"]),
            forbidden_account_ids: ids(&["210987654321"]),
            ..ProviderBlock::default()
        });
        assert!(d.errors[0]
            .summary
            .starts_with("SFN012 conflicting-arguments"));
    }
}
