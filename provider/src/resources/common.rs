//! Shared pieces of the resources: schema helpers, building state objects, tags, timeouts,
//! and AWS errors as diagnostics.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tf_provider::schema::{
    Attribute, AttributeConstraint, AttributeType, Block, Description, NestedBlock,
};
use tf_provider::{AttributePath, Diagnostics};

use crate::aws::api::{ApiError, Encryption, SfnApi};
use crate::aws::retry::parse_duration;
use crate::provider::Shared;
use crate::tfvalue::{Raw, Tf};

pub fn attr(ty: AttributeType, constraint: AttributeConstraint, doc: &str) -> Attribute {
    Attribute {
        attr_type: ty,
        description: Description::markdown(doc),
        constraint,
        sensitive: false,
        deprecated: false,
    }
}

pub fn required(ty: AttributeType, doc: &str) -> Attribute {
    attr(ty, AttributeConstraint::Required, doc)
}

pub fn optional(ty: AttributeType, doc: &str) -> Attribute {
    attr(ty, AttributeConstraint::Optional, doc)
}

pub fn computed(ty: AttributeType, doc: &str) -> Attribute {
    attr(ty, AttributeConstraint::Computed, doc)
}

pub fn optional_computed(ty: AttributeType, doc: &str) -> Attribute {
    attr(ty, AttributeConstraint::OptionalComputed, doc)
}

pub fn string_map() -> AttributeType {
    AttributeType::Map(Box::new(AttributeType::String))
}

pub fn block(doc: &str, attributes: Vec<(&str, Attribute)>) -> Block {
    Block {
        version: 1,
        attributes: attributes
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        blocks: Default::default(),
        description: Description::markdown(doc),
        deprecated: false,
    }
}

pub fn timeouts_block(ops: &[(&str, &str)]) -> NestedBlock {
    NestedBlock::Optional(block(
        "How long each operation may take, as a duration such as `30s`, `5m` or `1h`, including retries while IAM and KMS permissions propagate.",
        ops.iter()
            .map(|(op, default)| (*op, optional(AttributeType::String, &format!("Default `{default}`."))))
            .collect(),
    ))
}

/// A state object under construction: every attribute and block of the schema is present
/// (null or empty) so Terraform can decode it; callers fill in what they know.
pub struct Obj(pub BTreeMap<String, rmpv::Value>);

impl Obj {
    pub fn empty(schema: &Block) -> Obj {
        let mut m = BTreeMap::new();
        for name in schema.attributes.keys() {
            m.insert(name.clone(), rmpv::Value::Nil);
        }
        for (name, b) in &schema.blocks {
            let empty = match b {
                NestedBlock::Single(_) | NestedBlock::Group(_) => rmpv::Value::Nil,
                NestedBlock::Map(_) => rmpv::Value::Map(Vec::new()),
                _ => rmpv::Value::Array(Vec::new()),
            };
            m.insert(name.clone(), empty);
        }
        Obj(m)
    }

    /// Starts from a value Terraform sent (plan or prior state), keeping everything in it.
    pub fn from_raw(schema: &Block, raw: &Raw) -> Obj {
        let mut obj = Obj::empty(schema);
        if let rmpv::Value::Map(members) = &raw.0 {
            for (k, v) in members {
                if let Some(key) = k.as_str() {
                    obj.0.insert(key.to_string(), v.clone());
                }
            }
        }
        obj
    }

    pub fn set(&mut self, key: &str, v: rmpv::Value) {
        self.0.insert(key.to_string(), v);
    }

    pub fn set_str(&mut self, key: &str, v: Option<&str>) {
        self.set(
            key,
            v.map_or(rmpv::Value::Nil, |s| rmpv::Value::String(s.into())),
        );
    }

    pub fn raw(self) -> Raw {
        Raw(rmpv::Value::Map(
            self.0
                .into_iter()
                .map(|(k, v)| (rmpv::Value::String(k.into()), v))
                .collect(),
        ))
    }
}

pub fn string_map_value(pairs: &[(String, String)]) -> rmpv::Value {
    let mut sorted: Vec<_> = pairs.to_vec();
    sorted.sort();
    rmpv::Value::Map(
        sorted
            .into_iter()
            .map(|(k, v)| (rmpv::Value::String(k.into()), rmpv::Value::String(v.into())))
            .collect(),
    )
}

pub fn tf_string_map(v: &Tf) -> Vec<(String, String)> {
    match v {
        Tf::Object(m) => m
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
            .collect(),
        _ => Vec::new(),
    }
}

/// The provider's `default_tags` with the resource's own tags on top.
pub fn merge_tags(
    defaults: &[(String, String)],
    own: &[(String, String)],
) -> Vec<(String, String)> {
    let mut all: BTreeMap<String, String> = defaults.iter().cloned().collect();
    for (k, v) in own {
        all.insert(k.clone(), v.clone());
    }
    all.into_iter().collect()
}

/// What changed between two tag sets: (to set, to remove).
pub fn tag_changes(
    old: &[(String, String)],
    new: &[(String, String)],
) -> (Vec<(String, String)>, Vec<String>) {
    let set = new.iter().filter(|t| !old.contains(t)).cloned().collect();
    let remove = old
        .iter()
        .filter(|(k, _)| !new.iter().any(|(k2, _)| k2 == k))
        .map(|(k, _)| k.clone())
        .collect();
    (set, remove)
}

/// The tags the configuration owns, from what AWS reports: defaults that the configuration does
/// not override are left out, so they never show as drift in `tags`.
pub fn own_tags(
    remote: &[(String, String)],
    defaults: &[(String, String)],
    prior_own: &[(String, String)],
) -> Vec<(String, String)> {
    remote
        .iter()
        .filter(|(k, v)| {
            prior_own.iter().any(|(pk, _)| pk == k)
                || !defaults.iter().any(|(dk, dv)| dk == k && dv == v)
        })
        .cloned()
        .collect()
}

pub fn timeout(cfg: &Tf, op: &str, default: Duration) -> Duration {
    cfg.get("timeouts")
        .items()
        .first()
        .and_then(|t| t.get(op).as_str())
        .and_then(parse_duration)
        .unwrap_or(default)
}

pub fn check_timeouts(cfg: &Tf, diags: &mut Diagnostics) {
    let Some(Tf::Object(members)) = cfg.get("timeouts").items().first() else {
        return;
    };
    for (op, v) in members {
        let Some(s) = v.as_str() else { continue };
        if parse_duration(s).is_none() {
            diags.error(
                format!("SFN010 invalid-timeout: \"{s}\" is not a duration"),
                "Write a duration such as 30s, 5m or 1h30m.",
                AttributePath::new("timeouts")
                    .index(0)
                    .attribute(op.clone()),
            );
        }
    }
}

pub fn encryption_from(tf: &Tf) -> Option<Encryption> {
    let e = tf.items().first()?;
    Some(Encryption {
        kind: e
            .get("type")
            .as_str()
            .unwrap_or("AWS_OWNED_KEY")
            .to_string(),
        kms_key_id: e.get("kms_key_id").as_str().map(str::to_string),
        kms_data_key_reuse_period_seconds: e
            .get("kms_data_key_reuse_period_seconds")
            .as_num()
            .and_then(|n| n.as_i64()),
    })
}

pub fn encryption_block() -> NestedBlock {
    NestedBlock::Optional(block(
        "Encryption at rest. Without this block AWS uses an AWS-owned key.",
        vec![
            ("type", required(AttributeType::String, "`AWS_OWNED_KEY` or `CUSTOMER_MANAGED_KMS_KEY`.")),
            ("kms_key_id", optional(AttributeType::String, "KMS key ARN, alias or ID, for `CUSTOMER_MANAGED_KMS_KEY`.")),
            ("kms_data_key_reuse_period_seconds", optional(AttributeType::Number, "How long (60 to 900 seconds) a data key is reused before calling KMS again. Default 300.")),
        ],
    ))
}

pub fn encryption_value(e: &Encryption, prior: Option<&Encryption>) -> rmpv::Value {
    // AWS reports a reuse period of 0 for AWS-owned keys; that is "not set", not a value.
    let reuse = match (
        e.kms_data_key_reuse_period_seconds,
        prior.and_then(|p| p.kms_data_key_reuse_period_seconds),
    ) {
        (Some(0), _) if e.kind == "AWS_OWNED_KEY" => None,
        (Some(v), _) => Some(v),
        (None, _) => None,
    };
    rmpv::Value::Map(vec![
        ("type".into(), rmpv::Value::String(e.kind.clone().into())),
        (
            "kms_key_id".into(),
            e.kms_key_id
                .clone()
                .map_or(rmpv::Value::Nil, |k| rmpv::Value::String(k.into())),
        ),
        (
            "kms_data_key_reuse_period_seconds".into(),
            reuse.map_or(rmpv::Value::Nil, rmpv::Value::from),
        ),
    ])
}

pub fn check_encryption(cfg: &Tf, diags: &mut Diagnostics) {
    let Some(e) = cfg.get("encryption_configuration").items().first() else {
        return;
    };
    let at = |a: &str| {
        AttributePath::new("encryption_configuration")
            .index(0)
            .attribute(a.to_string())
    };
    if let Some(kind) = e.get("type").as_str() {
        match kind {
            "AWS_OWNED_KEY" => {
                if e.get("kms_key_id").as_str().is_some() {
                    diags.error(
                        "SFN011 invalid-encryption: kms_key_id needs type CUSTOMER_MANAGED_KMS_KEY",
                        "Set type = \"CUSTOMER_MANAGED_KMS_KEY\" to use your key, or remove kms_key_id.",
                        at("kms_key_id"),
                    );
                }
            }
            "CUSTOMER_MANAGED_KMS_KEY" => {
                if e.get("kms_key_id").is_null() {
                    diags.error(
                        "SFN011 invalid-encryption: CUSTOMER_MANAGED_KMS_KEY needs kms_key_id",
                        "Set kms_key_id to the KMS key's ARN, alias or ID.",
                        at("kms_key_id"),
                    );
                }
            }
            other => diags.error(
                format!("SFN011 invalid-encryption: \"{other}\" is not an encryption type"),
                "Use AWS_OWNED_KEY or CUSTOMER_MANAGED_KMS_KEY.",
                at("type"),
            ),
        }
    }
    if let Some(n) = e.get("kms_data_key_reuse_period_seconds").as_num() {
        if !n.as_i64().is_some_and(|v| (60..=900).contains(&v)) {
            diags.error(
                format!("SFN011 invalid-encryption: kms_data_key_reuse_period_seconds {n} is outside 60 to 900"),
                "Use a whole number of seconds from 60 to 900.",
                at("kms_data_key_reuse_period_seconds"),
            );
        }
    }
}

/// The attribute an AWS error is about, so Terraform can point at it.
pub fn attribute_for(code: &str) -> AttributePath {
    match code {
        "InvalidDefinition" => AttributePath::new("definition"),
        "InvalidName" | "StateMachineAlreadyExists" | "ActivityAlreadyExists" => {
            AttributePath::new("name")
        }
        "InvalidLoggingConfiguration" => AttributePath::new("logging_configuration"),
        "InvalidTracingConfiguration" => AttributePath::new("tracing_configuration"),
        "InvalidEncryptionConfiguration"
        | "KmsAccessDeniedException"
        | "KmsInvalidStateException" => AttributePath::new("encryption_configuration"),
        "TooManyTags" => AttributePath::new("tags"),
        "StateMachineTypeNotSupported" => AttributePath::new("type"),
        _ => AttributePath::root(),
    }
}

/// Reports an AWS error: the summary names the operation and the AWS error code.
pub fn aws_error(
    diags: &mut Diagnostics,
    op: &str,
    e: &ApiError,
    attribute: Option<AttributePath>,
) {
    let role_propagation = e.code == "AccessDeniedException" && e.is_eventual_consistency();
    let attribute = attribute.unwrap_or_else(|| {
        if role_propagation {
            // Step Functions could not assume the machine's role: the role is the problem.
            AttributePath::new("role_arn")
        } else {
            attribute_for(&e.code)
        }
    });
    let hint = match e.code.as_str() {
        "AccessDeniedException" if role_propagation => {
            "\n\nCheck that role_arn exists and that its trust policy allows states.amazonaws.com to assume it (sts:AssumeRole). A role created in the same apply can take a minute to propagate: raise timeouts if it keeps failing."
        }
        "AccessDeniedException" | "AccessDenied" | "UnrecognizedClientException" => {
            "\n\nCheck the credentials the provider uses (environment, profile, assume_role) and that they allow this Step Functions action."
        }
        "NetworkError" => {
            "\n\nCheck the region and the `endpoint` setting, and that the Step Functions API is reachable. Every attempt failed (see `max_retries`)."
        }
        "TimeoutError" => {
            "\n\nEvery attempt went unanswered: check that the Step Functions API is reachable, or raise `attempt_timeout` (per attempt, in the provider block) or `timeouts` (per operation, retries included). See the retries guide."
        }
        "ThrottlingException" => "\n\nThe call was throttled even after retries; raise `max_retries` or lower `-parallelism`.",
        _ => "",
    };
    diags.error(
        format!("AWS {}: {op} failed", e.code),
        format!("{}{hint}", e.message),
        attribute,
    );
}

/// The provider's shared AWS access, for resources.
pub type SharedRef = Arc<Shared>;

pub async fn api(shared: &Shared, diags: &mut Diagnostics) -> Option<Arc<dyn SfnApi>> {
    shared.api(diags).await
}

pub fn value_str(s: &str) -> rmpv::Value {
    rmpv::Value::String(s.into())
}

/// The planned `tags_all`: `default_tags` with the configured tags on top, unknown while any
/// configured tag is.
pub fn tags_all_plan(cfg: &Tf, defaults: &[(String, String)]) -> rmpv::Value {
    if cfg.get("tags").has_unknown() {
        return crate::tfvalue::unknown();
    }
    string_map_value(&merge_tags(defaults, &tf_string_map(cfg.get("tags"))))
}

/// Brings the tags on `arn` from `old` to `new`: removals first, then additions. Returns false
/// (after reporting on `tags`) when a call fails; the tags are then only partly applied.
pub async fn sync_tags(
    api: &dyn SfnApi,
    arn: &str,
    old: &[(String, String)],
    new: &[(String, String)],
    diags: &mut Diagnostics,
) -> bool {
    let (set, remove) = tag_changes(old, new);
    if !remove.is_empty() {
        if let Err(e) = api.untag(arn, &remove).await {
            aws_error(diags, "UntagResource", &e, Some(AttributePath::new("tags")));
            return false;
        }
    }
    if !set.is_empty() {
        if let Err(e) = api.tag(arn, &set).await {
            aws_error(diags, "TagResource", &e, Some(AttributePath::new("tags")));
            return false;
        }
    }
    true
}

/// The state an import starts from: the schema's empty object with `id` and `arn` set, ready for
/// the resource's refresh.
pub fn import_seed(schema: &Block, id: &str) -> Raw {
    let mut obj = Obj::empty(schema);
    obj.set("id", value_str(id));
    obj.set("arn", value_str(id));
    obj.raw()
}
