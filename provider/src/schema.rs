//! Schema builders for the provider block, the resources and the data sources, and the check of
//! the `name` they share.

use sfn_codegen::names::{check_name, NameKind};
use tf_provider::schema::{
    Attribute, AttributeConstraint, AttributeType, Block, Description, NestedBlock,
};
use tf_provider::{AttributePath, Diagnostics};

use crate::model::{text, Value};

/// AWS's rules for the `name` of a machine, alias or activity (when known), reported on `name`.
pub fn check_name_attribute(kind: NameKind, name: &Value<String>, diags: &mut Diagnostics) {
    if let Some(d) = text(name).and_then(|n| check_name(kind, n)) {
        crate::diags::push(diags, &d, AttributePath::new("name"), "Rule");
    }
}

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

/// A block with its nested blocks.
pub fn with_blocks(mut b: Block, blocks: Vec<(&str, NestedBlock)>) -> Block {
    for (k, v) in blocks {
        b.blocks.insert(k.to_string(), v);
    }
    b
}

pub fn timeouts_block(ops: &[(&str, &str)]) -> NestedBlock {
    NestedBlock::Optional(block(
        "How long each operation may take, as a duration such as `30s`, `5m` or `1h`, including retries while IAM and KMS permissions propagate.",
        ops.iter()
            .map(|(op, default)| (*op, optional(AttributeType::String, &format!("Default `{default}`."))))
            .collect(),
    ))
}

pub fn encryption_block() -> NestedBlock {
    NestedBlock::Optional(block(
        "Encryption at rest. Without this block AWS uses an AWS-owned key.",
        vec![
            ("type", required(AttributeType::String, "`AWS_OWNED_KEY` or `CUSTOMER_MANAGED_KMS_KEY` (any letter case).")),
            ("kms_key_id", optional(AttributeType::String, "KMS key ARN, alias or ID, for `CUSTOMER_MANAGED_KMS_KEY`.")),
            ("kms_data_key_reuse_period_seconds", optional(AttributeType::Number, "How long (a whole number of seconds, 60 to 900) a data key is reused before calling KMS again. Default 300.")),
        ],
    ))
}
