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

/// The attribute named by an AWS validation message such as `1 validation error detected: Value
/// 'x y' at 'name' failed to satisfy constraint`, for the request fields a configuration sets.
fn attribute_in_message(message: &str) -> Option<AttributePath> {
    let (_, rest) = message.split_once(" at '")?;
    let (field, _) = rest.split_once('\'')?;
    let top = field.split(['.', '[']).next().unwrap_or_default();
    let name = match top {
        "name" => "name",
        "definition" => "definition",
        "roleArn" => "role_arn",
        "type" => "type",
        "tags" => "tags",
        "loggingConfiguration" => "logging_configuration",
        "tracingConfiguration" => "tracing_configuration",
        "encryptionConfiguration" => "encryption_configuration",
        "versionDescription" => "version_description",
        "description" => "description",
        "routingConfiguration" => "routing_configuration",
        _ => return None,
    };
    Some(AttributePath::new(name))
}

/// The stable code of an AWS error: what kind of problem it is, and so what to do about it.
pub fn aws_error_code(code: &str) -> &'static str {
    match code {
        "AccessDeniedException"
        | "AccessDenied"
        | "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "ExpiredTokenException"
        | "KmsAccessDeniedException" => "SFN051 aws-access-denied",
        "ResourceNotFound"
        | "StateMachineDoesNotExist"
        | "ActivityDoesNotExist"
        | "ExecutionDoesNotExist" => "SFN053 aws-not-found",
        "StateMachineDeleting"
        | "StateMachineAlreadyExists"
        | "ActivityAlreadyExists"
        | "ConflictException"
        | "ServiceQuotaExceededException"
        | "StateMachineLimitExceeded"
        | "ActivityLimitExceeded" => "SFN054 aws-conflict",
        "ThrottlingException"
        | "KmsThrottlingException"
        | "NetworkError"
        | "TimeoutError"
        | "InternalFailure"
        | "InternalServerError"
        | "ServiceUnavailable" => "SFN055 aws-unavailable",
        c if c.starts_with("Invalid")
            || c.starts_with("Kms")
            || c.starts_with("TooMany")
            || c.starts_with("MissingRequired")
            || c == "ValidationException"
            || c == "StateMachineTypeNotSupported" =>
        {
            "SFN052 aws-invalid-request"
        }
        _ => "SFN056 aws-error",
    }
}

/// Reports an AWS error: the summary has the stable code, the operation and the AWS error code.
pub fn aws_error(
    diags: &mut Diagnostics,
    op: &str,
    e: &ApiError,
    attribute: Option<AttributePath>,
) {
    let (summary, detail, attribute) = aws_error_parts(op, e, attribute);
    diags.error(summary, detail, attribute);
}

/// The summary, detail and attribute of an AWS error diagnostic.
pub fn aws_error_parts(
    op: &str,
    e: &ApiError,
    attribute: Option<AttributePath>,
) -> (String, String, AttributePath) {
    let role_propagation = e.code == "AccessDeniedException" && e.is_eventual_consistency();
    let machine_call = op.starts_with("CreateStateMachine ")
        || op == "CreateStateMachine"
        || op == "UpdateStateMachine";
    let attribute = attribute.unwrap_or_else(|| {
        if role_propagation || (e.code == "InvalidArn" && machine_call) {
            // Step Functions could not assume (or parse) the machine's role: the role is the problem.
            AttributePath::new("role_arn")
        } else {
            attribute_in_message(&e.message).unwrap_or_else(|| attribute_for(&e.code))
        }
    });
    let hint = match e.code.as_str() {
        "AccessDeniedException" if role_propagation => {
            "Check that role_arn exists and that its trust policy allows states.amazonaws.com to assume it (sts:AssumeRole). A role created in the same apply can take a minute to propagate: raise timeouts if it keeps failing."
        }
        "AccessDeniedException" | "AccessDenied" | "UnrecognizedClientException" => {
            "Check the credentials the provider uses (environment, profile, assume_role) and that they allow this Step Functions action."
        }
        "NetworkError" => {
            "Check the region and the `endpoint` setting, and that the Step Functions API is reachable. Every attempt failed (see `max_retries`)."
        }
        "TimeoutError" => {
            "Every attempt went unanswered: check that the Step Functions API is reachable, or raise `attempt_timeout` (per attempt, in the provider block) or `timeouts` (per operation, retries included). See the retries guide."
        }
        "ThrottlingException" => "The call was throttled even after retries; raise `max_retries` or lower `-parallelism`.",
        "StateMachineDeleting" => "The state machine is being deleted; wait for the delete to finish (or raise timeouts), then apply again.",
        "InvalidArn" if machine_call => "Check role_arn: it must be a full IAM role ARN, such as arn:aws:iam::123456789012:role/orders-sfn.",
        "InvalidArn" => "The ARN in state is not valid for this call: check the region and account the provider uses, or import the resource again.",
        "ResourceNotFound" | "StateMachineDoesNotExist" | "ActivityDoesNotExist" => "Check that the object exists in the region and account the provider uses.",
        "StateMachineAlreadyExists" | "ActivityAlreadyExists" => "Another object already has this name: choose another name, or import the existing one with terraform import.",
        "InvalidDefinition" => "Fix the definition as AWS describes; `sfn_workflow` and the offline validation point at most such problems at plan time.",
        "ValidationException" => "Fix the value AWS names in the message.",
        "TooManyTags" => "AWS allows at most 50 tags on a resource, default_tags included: remove some.",
        _ => "",
    };
    let message = if e.message.is_empty() {
        "AWS gave no message.".to_string()
    } else {
        e.message.clone()
    };
    let detail = if hint.is_empty() {
        message
    } else {
        format!("{message}\n\n{hint}")
    };
    (
        format!("{}: {op} failed: AWS {}", aws_error_code(&e.code), e.code),
        detail,
        attribute,
    )
}

/// AWS's tag rules: a key of 1 to 128 and a value of up to 256 Unicode letters, digits, spaces
/// and `_ . : / = + - @`; keys starting with `aws:` are reserved; at most 50 tags. Unknown keys and
/// values are skipped.
pub fn check_tags(tags: &Tf, attribute: &str, diags: &mut Diagnostics) {
    let Tf::Object(members) = tags else { return };
    let allowed = |c: char| {
        c.is_alphanumeric()
            || c == ' '
            || "_.:/=+-@".contains(c)
            || (c.is_whitespace() && !c.is_control())
    };
    let shown = |s: &str| s.escape_debug().to_string();
    for (k, v) in members {
        let at = AttributePath::new(attribute.to_string()).key(k.clone());
        let key_problem = if k.is_empty() {
            Some("is empty".to_string())
        } else if k.chars().count() > 128 {
            Some(format!(
                "has {} characters, more than 128",
                k.chars().count()
            ))
        } else if k.to_ascii_lowercase().starts_with("aws:") {
            Some("starts with aws:, which AWS reserves for its own tags".to_string())
        } else {
            k.chars().find(|c| !allowed(*c)).map(|c| {
                format!(
                    "contains '{}', which AWS does not allow in tags",
                    c.escape_debug()
                )
            })
        };
        if let Some(p) = key_problem {
            diags.error(
                format!("SFN050 invalid-tag: tag key \"{}\" {p}", shown(k)),
                "Tag keys have 1 to 128 characters (letters, digits, spaces and _ . : / = + - @) and cannot start with aws:.",
                at.clone(),
            );
        }
        if let Some(val) = v.as_str() {
            let value_problem = if val.chars().count() > 256 {
                Some(format!(
                    "has {} characters, more than 256",
                    val.chars().count()
                ))
            } else {
                val.chars().find(|c| !allowed(*c)).map(|c| {
                    format!(
                        "contains '{}', which AWS does not allow in tags",
                        c.escape_debug()
                    )
                })
            };
            if let Some(p) = value_problem {
                diags.error(
                    format!("SFN050 invalid-tag: the value of tag \"{}\" {p}", shown(k)),
                    "Tag values have up to 256 characters: letters, digits, spaces and _ . : / = + - @.",
                    at,
                );
            }
        }
    }
    if members.len() > 50 {
        diags.error(
            format!(
                "SFN050 invalid-tag: {} tags, more than the 50 AWS allows",
                members.len()
            ),
            "Remove tags (default_tags count too) to have at most 50.",
            AttributePath::new(attribute.to_string()),
        );
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tfvalue::Tf;

    fn only_error(d: &Diagnostics) -> &tf_provider::Diagnostic {
        assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
        &d.errors[0]
    }

    #[test]
    fn every_aws_error_is_coded_and_points_at_an_attribute() {
        let cases = [
            (
                "CreateStateMachine",
                "InvalidDefinition",
                "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET'",
                "SFN052 aws-invalid-request",
                AttributePath::new("definition"),
            ),
            (
                "CreateStateMachine",
                "InvalidArn",
                "Invalid Arn: 'Resource type not valid in this context: user'",
                "SFN052 aws-invalid-request",
                AttributePath::new("role_arn"),
            ),
            (
                "DescribeStateMachine",
                "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix'",
                "SFN052 aws-invalid-request",
                AttributePath::root(),
            ),
            (
                "CreateStateMachine",
                "ValidationException",
                "1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint",
                "SFN052 aws-invalid-request",
                AttributePath::new("name"),
            ),
            (
                "UpdateStateMachine",
                "ValidationException",
                "Value at 'loggingConfiguration.destinations' failed",
                "SFN052 aws-invalid-request",
                AttributePath::new("logging_configuration"),
            ),
            (
                "UpdateStateMachine",
                "StateMachineDeleting",
                "being deleted",
                "SFN054 aws-conflict",
                AttributePath::root(),
            ),
            (
                "DeleteStateMachine",
                "AccessDeniedException",
                "not authorized to perform states:DeleteStateMachine",
                "SFN051 aws-access-denied",
                AttributePath::root(),
            ),
            (
                "DescribeStateMachine",
                "ResourceNotFound",
                "",
                "SFN053 aws-not-found",
                AttributePath::root(),
            ),
            (
                "ListStateMachines",
                "ThrottlingException",
                "Rate exceeded",
                "SFN055 aws-unavailable",
                AttributePath::root(),
            ),
            (
                "ListStateMachines",
                "SomethingNew",
                "?",
                "SFN056 aws-error",
                AttributePath::root(),
            ),
        ];
        for (op, code, message, sfn, at) in cases {
            let mut d = Diagnostics::default();
            aws_error(&mut d, op, &ApiError::new(code, message), None);
            let e = only_error(&d);
            assert_eq!(e.summary, format!("{sfn}: {op} failed: AWS {code}"));
            assert_eq!(e.attribute, at, "{op} {code}");
            assert!(e.detail.len() > 10, "{op} {code}: {}", e.detail);
        }
    }

    #[test]
    fn tags_follow_the_aws_rules() {
        let tags = |pairs: &[(&str, &str)]| {
            Tf::Object(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), Tf::String(v.to_string())))
                    .collect(),
            )
        };
        let mut d = Diagnostics::default();
        check_tags(
            &tags(&[
                ("team", "payments"),
                ("café ü", "naïve: a/b=c+d-e@f_g."),
                ("Owner", ""),
            ]),
            "tags",
            &mut d,
        );
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        for (k, v, what) in [
            ("bell\u{7}", "v", "contains '\\u{7}'"),
            ("aws:owner", "v", "starts with aws:"),
            ("AWS:Owner", "v", "starts with aws:"),
            ("", "v", "is empty"),
            ("k", "line\nbreak", "contains '\\n'"),
            ("k", "semi;colon", "contains ';'"),
        ] {
            let mut d = Diagnostics::default();
            check_tags(&tags(&[(k, v)]), "tags", &mut d);
            let e = only_error(&d);
            assert!(e.summary.starts_with("SFN050 invalid-tag"), "{}", e.summary);
            assert!(e.summary.contains(what), "{}", e.summary);
            assert_eq!(e.attribute, AttributePath::new("tags").key(k.to_string()));
        }
        let long = "k".repeat(129);
        let mut d = Diagnostics::default();
        check_tags(
            &tags(&[(&long, "v"), ("v", &"x".repeat(257))]),
            "tags",
            &mut d,
        );
        assert_eq!(d.errors.len(), 2, "{:?}", d.errors);
        let many: Vec<(String, String)> = (0..51).map(|i| (format!("k{i}"), "v".into())).collect();
        let many: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut d = Diagnostics::default();
        check_tags(&tags(&many), "tags", &mut d);
        assert!(only_error(&d).summary.contains("51 tags"));
        // Unknown values are skipped.
        let mut d = Diagnostics::default();
        check_tags(&Tf::Object(vec![("k".into(), Tf::Unknown)]), "tags", &mut d);
        assert!(d.errors.is_empty());
    }
}
