//! Blocks more than one resource has: `encryption_configuration` and `timeouts`.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tf_provider::{AttributePath, Diagnostics};

use crate::aws::api::Encryption;
use crate::enums::ENCRYPTION_TYPE;
use crate::model::parse_duration;
use crate::model::{maybe, text, Blocks, Number, Value};

/// `encryption_configuration { type, kms_key_id, kms_data_key_reuse_period_seconds }`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EncryptionBlock {
    #[serde(rename = "type")]
    pub kind: Value<String>,
    pub kms_key_id: Value<String>,
    pub kms_data_key_reuse_period_seconds: Value<Number>,
}

/// What the block asks AWS for (`None` without the block).
pub fn encryption_from(b: &Blocks<EncryptionBlock>) -> Option<Encryption> {
    let e = b.first()?;
    Some(Encryption {
        kind: text(&e.kind)
            .and_then(|k| ENCRYPTION_TYPE.canonical(k))
            .unwrap_or("AWS_OWNED_KEY")
            .to_string(),
        kms_key_id: text(&e.kms_key_id).map(str::to_string),
        kms_data_key_reuse_period_seconds: e
            .kms_data_key_reuse_period_seconds
            .as_ref_option()
            .and_then(|n| n.whole_in(i64::MIN, i64::MAX)),
    })
}

/// The block for what AWS reports, keeping the configuration's spelling of the type and leaving
/// out AWS's reuse period of 0 for AWS-owned keys (not a value anyone set).
pub fn encryption_block(e: &Encryption, prior: Option<&EncryptionBlock>) -> EncryptionBlock {
    let kind = match prior.and_then(|p| text(&p.kind)) {
        Some(p) if ENCRYPTION_TYPE.same(p, &e.kind) => p.to_string(),
        _ => e.kind.clone(),
    };
    let reuse = match e.kms_data_key_reuse_period_seconds {
        Some(0) if e.kind == "AWS_OWNED_KEY" => None,
        other => other,
    };
    EncryptionBlock {
        kind: Value::Value(kind),
        kms_key_id: maybe(e.kms_key_id.as_deref()),
        kms_data_key_reuse_period_seconds: match (reuse, prior) {
            // The configured number, exactly as written, when it is the same value.
            (Some(v), Some(p))
                if p.kms_data_key_reuse_period_seconds
                    .as_ref_option()
                    .and_then(|n| n.whole_in(v, v))
                    .is_some() =>
            {
                p.kms_data_key_reuse_period_seconds.clone()
            }
            (Some(v), _) => Value::Value(Number::from_i64(v)),
            (None, _) => Value::Null,
        },
    }
}

/// The block as state: present when configured, or when AWS has a customer-managed key.
pub fn encryption_state(
    remote: Option<&Encryption>,
    prior: &Blocks<EncryptionBlock>,
) -> Blocks<EncryptionBlock> {
    match remote {
        Some(e) if prior.first().is_some() || e.kind != "AWS_OWNED_KEY" => {
            Blocks::one(encryption_block(e, prior.first()))
        }
        _ => Blocks::default(),
    }
}

/// Whether two encryption settings are the same (no block = an AWS-owned key).
pub fn same_encryption(a: Option<&Encryption>, b: Option<&Encryption>) -> bool {
    let norm = |e: Option<&Encryption>| {
        let mut e = e.cloned().unwrap_or(Encryption {
            kind: "AWS_OWNED_KEY".into(),
            ..Encryption::default()
        });
        if e.kind == "AWS_OWNED_KEY" {
            e.kms_data_key_reuse_period_seconds = None;
            e.kms_key_id = None;
        }
        e
    };
    norm(a) == norm(b)
}

pub fn check_encryption(b: &Blocks<EncryptionBlock>, diags: &mut Diagnostics) {
    let Some(e) = b.first() else { return };
    let at = |a: &str| {
        AttributePath::new("encryption_configuration")
            .index(0)
            .attribute(a.to_string())
    };
    if let Some(kind) = text(&e.kind) {
        match ENCRYPTION_TYPE.canonical(kind) {
            Some("AWS_OWNED_KEY") if !e.kms_key_id.is_null() && !e.kms_key_id.is_unknown() => {
                diags.error(
                    "SFN011 invalid-encryption: kms_key_id needs type CUSTOMER_MANAGED_KMS_KEY",
                    "Set type = \"CUSTOMER_MANAGED_KMS_KEY\" to use your key, or remove kms_key_id.",
                    at("kms_key_id"),
                )
            }
            Some("CUSTOMER_MANAGED_KMS_KEY") if e.kms_key_id.is_null() => diags.error(
                "SFN011 invalid-encryption: CUSTOMER_MANAGED_KMS_KEY needs kms_key_id",
                "Set kms_key_id to the KMS key's ARN, alias or ID.",
                at("kms_key_id"),
            ),
            Some(_) => {}
            None => {
                let (summary, hint) = ENCRYPTION_TYPE.problem(kind);
                diags.error(format!("SFN011 invalid-encryption: {summary}"), hint, at("type"));
            }
        }
    }
    if let Some(n) = e.kms_data_key_reuse_period_seconds.as_ref_option() {
        // Exactly: 1e400 or 300.00000000000000000001 are not whole numbers of seconds.
        if n.whole_in(60, 900).is_none() {
            diags.error(
                format!("SFN011 invalid-encryption: kms_data_key_reuse_period_seconds {n} is not a whole number from 60 to 900"),
                "Use a whole number of seconds from 60 to 900.",
                at("kms_data_key_reuse_period_seconds"),
            );
        }
    }
}

/// The duration a `timeouts` attribute sets, or the default.
pub fn timeout(v: Option<&Value<String>>, default: Duration) -> Duration {
    v.and_then(text).and_then(parse_duration).unwrap_or(default)
}

/// Each `timeouts` value that is set must be a duration.
pub fn check_timeouts(ops: &[(&str, &Value<String>)], diags: &mut Diagnostics) {
    for (op, v) in ops {
        let Some(s) = text(v) else { continue };
        if parse_duration(s).is_none() {
            diags.error(
                format!("SFN010 invalid-timeout: \"{s}\" is not a duration"),
                "Write a duration such as 30s, 5m or 1h30m.",
                AttributePath::new("timeouts")
                    .index(0)
                    .attribute(op.to_string()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::known;
    use sfn_codegen::Num;

    #[test]
    fn encryption_is_checked_exactly_and_in_any_case() {
        let block = |kind: &str, key: Option<&str>, reuse: Option<&str>| {
            Blocks::one(EncryptionBlock {
                kind: known(kind),
                kms_key_id: maybe(key),
                kms_data_key_reuse_period_seconds: reuse.map_or(Value::Null, |r| {
                    Value::Value(Number(Num::parse(r).unwrap()))
                }),
            })
        };
        let key = Some("arn:aws:kms:us-east-1:123456789012:key/k");
        for (b, errors) in [
            (block("CUSTOMER_MANAGED_KMS_KEY", key, Some("300")), 0),
            (block("customer_managed_kms_key", key, Some("60")), 0),
            (block("AWS_OWNED_KEY", None, None), 0),
            (block("AWS_OWNED_KEY", key, None), 1),
            (block("CUSTOMER_MANAGED_KMS_KEY", None, None), 1),
            (block("CUSTOM", key, None), 1),
            (block("CUSTOMER_MANAGED_KMS_KEY", key, Some("59")), 1),
            (block("CUSTOMER_MANAGED_KMS_KEY", key, Some("1e400")), 1),
            (
                block(
                    "CUSTOMER_MANAGED_KMS_KEY",
                    key,
                    Some("300.00000000000000000001"),
                ),
                1,
            ),
        ] {
            let mut d = Diagnostics::default();
            check_encryption(&b, &mut d);
            assert_eq!(d.errors.len(), errors, "{b:?}: {:?}", d.errors);
            for e in &d.errors {
                assert!(
                    e.summary.starts_with("SFN011 invalid-encryption"),
                    "{}",
                    e.summary
                );
            }
        }
        let e = encryption_from(&block("customer_managed_kms_key", key, Some("120")));
        assert_eq!(
            e.as_ref().map(|e| e.kind.as_str()),
            Some("CUSTOMER_MANAGED_KMS_KEY")
        );
        // State keeps the configured spelling when AWS reports the same value.
        let prior = block("customer_managed_kms_key", key, Some("120"));
        let st = encryption_state(e.as_ref(), &prior);
        assert_eq!(st, prior);
    }
}
