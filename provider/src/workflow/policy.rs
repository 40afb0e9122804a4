//! `iam_policy_json` of `sfn_workflow`: the least-privilege policy of the state machine's
//! execution role, derived by codegen from the compiled workflow, with the inputs the workflow
//! cannot show in the optional `iam_policy` block. Its warnings (where the policy grants more
//! than the workflow shows, and how to narrow it) are reported only when that block is present:
//! workflows that do not use the policy get no noise from it.

use std::collections::HashMap;

use sfn_codegen::integrations::resource::{is_account, is_region};
use sfn_codegen::{policy, StateMachine};
use tf_provider::schema::{
    Attribute, AttributeConstraint, AttributeType, Block, Description, NestedBlock,
};
use tf_provider::{AttributePath, Diagnostics};

use super::translate::{Translation, BLOCK_ITSELF};
use crate::diags;
use crate::tfvalue::{self, Tf};

pub const ATTR: &str = "iam_policy_json";
pub const BLOCK: &str = "iam_policy";

fn optional(ty: AttributeType, doc: &str) -> Attribute {
    Attribute {
        attr_type: ty,
        description: Description::markdown(doc),
        constraint: AttributeConstraint::Optional,
        sensitive: false,
        deprecated: false,
    }
}

/// Adds `iam_policy_json` and the `iam_policy` block to the data source's schema.
pub fn add_schema(b: &mut Block) {
    b.attributes.insert(
        ATTR.into(),
        Attribute {
            attr_type: AttributeType::String,
            description: Description::markdown(
                "The least-privilege IAM policy the state machine's execution role needs to run this workflow, as a policy document ready for `aws_iam_role_policy.policy`: one statement per service and resource, the narrowest actions and resources AWS documents for each integration, in a stable order. Unknown until every value it depends on is known. See the [IAM policy guide](../guides/iam-policy.md) and [what it covers](../guides/iam-policy-coverage.md).",
            ),
            constraint: AttributeConstraint::Computed,
            sensitive: false,
            deprecated: false,
        },
    );
    let mut inputs = Block {
        version: 1,
        attributes: HashMap::new(),
        blocks: HashMap::new(),
        description: Description::markdown(
            "What `iam_policy_json` needs and cannot see in the workflow. With this block, the policy's warnings (resources computed at run time, integrations it does not cover, inputs it lacks) are reported at the attributes that cause them.",
        ),
        deprecated: false,
    };
    let a = &mut inputs.attributes;
    a.insert("state_machine_name".into(), optional(AttributeType::String,
        "The state machine's name: a Distributed Map starts child executions of its own machine, and HTTP Tasks and a KMS key's condition name it. Without it those statements use `stateMachine:*`."));
    a.insert(
        "region".into(),
        optional(
            AttributeType::String,
            "The machine's region (default: the one region the workflow's ARNs name, else `*`).",
        ),
    );
    a.insert("account".into(), optional(AttributeType::String,
        "The machine's account ID (default: the one account the workflow's ARNs name, else `*`)."));
    a.insert("logging".into(), optional(AttributeType::Bool,
        "The machine logs to CloudWatch Logs (`logging_configuration` of `sfn_state_machine`): adds the log delivery permissions."));
    a.insert("tracing".into(), optional(AttributeType::Bool,
        "The machine has X-Ray tracing on (`tracing_configuration`): adds the X-Ray permissions."));
    a.insert("kms_key_arn".into(), optional(AttributeType::String,
        "The ARN of the customer managed KMS key in the machine's `encryption_configuration`: adds `kms:Decrypt` and `kms:GenerateDataKey` on it, scoped to this machine."));
    b.blocks.insert(BLOCK.into(), NestedBlock::Optional(inputs));
}

fn input_path(name: &str) -> AttributePath {
    AttributePath::new(BLOCK)
        .index(0)
        .attribute(name.to_string())
}

/// The inputs from the configuration; `None` (with errors) when one is malformed.
fn inputs(diags: &mut Diagnostics, block: &Tf, tr: &Translation) -> Option<policy::Input> {
    let text = |name: &str| block.get(name).as_str().map(str::to_string);
    let mut ok = true;
    let mut check = |name: &str, valid: fn(&str) -> bool, what: &str| {
        let v = text(name);
        if let Some(v) = v.as_deref().filter(|v| !valid(v)) {
            diags.error(
                format!("SFN085 invalid-iam-policy-input: \"{v}\" is not {what}"),
                format!(
                    "Set `{name}` to {what}, or leave it out to take it from the workflow's ARNs."
                ),
                input_path(name),
            );
            ok = false;
        }
        v
    };
    let region = check("region", is_region, "a region code such as eu-west-1");
    let account = check("account", is_account, "a 12-digit account ID");
    ok.then(|| policy::Input {
        machine_name: text("state_machine_name"),
        region,
        account,
        logging: block.get("logging").as_bool().unwrap_or(false),
        tracing: block.get("tracing").as_bool().unwrap_or(false),
        kms_key: text("kms_key_arn"),
        unknown: tr.unknown.clone(),
    })
}

/// The value of `iam_policy_json` for a compiled workflow: the document, unknown while a value
/// it depends on is, or null when it cannot be derived (an error when `iam_policy` is given).
pub fn value(
    diags: &mut Diagnostics,
    cfg: &Tf,
    machine: &StateMachine,
    tr: &Translation,
) -> rmpv::Value {
    let block = cfg.get(BLOCK).items().first();
    let configured = block.is_some();
    let empty = Tf::Null;
    let block = block.unwrap_or(&empty);
    // States not known yet (open scopes) are handled by the derivation itself.
    if block.has_unknown() {
        return tfvalue::unknown();
    }
    let Some(input) = inputs(diags, block, tr) else {
        return rmpv::Value::Nil;
    };
    let report = policy::derive(machine, &input);
    if report.unknown.is_some() {
        return tfvalue::unknown();
    }
    if configured {
        for d in &report.diagnostics {
            let target = if d.path.segments().is_empty() {
                super::translate::Target {
                    attribute: AttributePath::new(BLOCK).index(0).attribute(BLOCK_ITSELF),
                    within: None,
                    shown: BLOCK.to_string(),
                }
            } else {
                tr.target(&d.path)
            };
            diags::push_within(
                diags,
                d,
                target.attribute,
                target.within.as_deref(),
                "Location in the generated definition",
            );
        }
    }
    match report.policy {
        Some(p) => tfvalue::string(&p.to_pretty()),
        None => rmpv::Value::Nil,
    }
}
