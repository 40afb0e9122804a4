//! Data source `sfn_state_machine`: looks a machine up by its exact name (every page of the
//! listing: `prod` never matches `preprod`) and exports its attributes.

use async_trait::async_trait;
use tf_provider::schema::{AttributeType, Schema};
use tf_provider::{AttributePath, DataSource, Diagnostics};

use super::common::*;
use crate::tfvalue::Raw;
use crate::workflow::decode_config;

pub struct StateMachineData {
    pub shared: SharedRef,
}

pub fn schema() -> Schema {
    let b = block(
        "Looks up an existing state machine by exact name.",
        vec![
            (
                "name",
                required(
                    AttributeType::String,
                    "The exact name of the state machine.",
                ),
            ),
            ("id", computed(AttributeType::String, "The ARN.")),
            ("arn", computed(AttributeType::String, "The ARN.")),
            (
                "definition",
                computed(AttributeType::String, "The definition, as stored."),
            ),
            (
                "role_arn",
                computed(AttributeType::String, "The execution role."),
            ),
            (
                "type",
                computed(AttributeType::String, "`STANDARD` or `EXPRESS`."),
            ),
            (
                "status",
                computed(AttributeType::String, "`ACTIVE` or `DELETING`."),
            ),
            (
                "creation_date",
                computed(AttributeType::String, "When it was created (RFC 3339)."),
            ),
            (
                "revision_id",
                computed(AttributeType::String, "The current revision."),
            ),
            (
                "logging_level",
                computed(
                    AttributeType::String,
                    "The log level, `OFF` without logging.",
                ),
            ),
            (
                "logging_include_execution_data",
                computed(AttributeType::Bool, "Whether execution data is logged."),
            ),
            (
                "logging_destination",
                computed(AttributeType::String, "The log group ARN, if any."),
            ),
            (
                "tracing_enabled",
                computed(AttributeType::Bool, "Whether X-Ray tracing is on."),
            ),
            (
                "encryption_type",
                computed(
                    AttributeType::String,
                    "`AWS_OWNED_KEY` or `CUSTOMER_MANAGED_KMS_KEY`.",
                ),
            ),
            (
                "kms_key_id",
                computed(AttributeType::String, "The customer managed key, if any."),
            ),
            ("tags", computed(string_map(), "The machine's tags.")),
        ],
    );
    Schema {
        version: 1,
        block: b,
    }
}

#[async_trait]
impl DataSource for StateMachineData {
    type State<'a> = Raw;
    type ProviderMetaState<'a> = Raw;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema())
    }

    async fn read<'a>(&self, diags: &mut Diagnostics, config: Raw, _meta: Raw) -> Option<Raw> {
        let cfg = decode_config(diags, &config)?;
        let name = cfg.get("name").as_str()?.to_string();
        let api = api(&self.shared, diags).await?;
        let all = match api.list_state_machines().await {
            Ok(all) => all,
            Err(e) => {
                aws_error(diags, "ListStateMachines", &e, None);
                return None;
            }
        };
        let Some((_, arn)) = all.iter().find(|(n, _)| *n == name) else {
            diags.error(
                format!("SFN030 state-machine-not-found: no state machine is named \"{name}\""),
                "Names match exactly (case-sensitive). Check the name, the region and the account the provider uses.",
                AttributePath::new("name"),
            );
            return None;
        };
        let m = match api.describe_state_machine(arn).await {
            Ok(m) => m,
            Err(e) => {
                aws_error(diags, "DescribeStateMachine", &e, None);
                return None;
            }
        };
        let tags = api.list_tags(arn).await.unwrap_or_default();
        let mut obj = Obj::from_raw(&schema().block, &config);
        let s = |v: &str| rmpv::Value::String(v.into());
        obj.set("id", s(&m.arn));
        obj.set("arn", s(&m.arn));
        obj.set("definition", s(&m.definition));
        obj.set("role_arn", s(&m.role_arn));
        obj.set("type", s(&m.kind));
        obj.set("status", s(&m.status));
        obj.set("creation_date", s(&m.creation_date));
        obj.set_str("revision_id", m.revision_id.as_deref());
        let logging = m.logging.clone().unwrap_or_default();
        obj.set(
            "logging_level",
            s(if logging.level.is_empty() {
                "OFF"
            } else {
                &logging.level
            }),
        );
        obj.set(
            "logging_include_execution_data",
            rmpv::Value::Boolean(logging.include_execution_data),
        );
        obj.set_str(
            "logging_destination",
            logging.destinations.first().map(String::as_str),
        );
        obj.set("tracing_enabled", rmpv::Value::Boolean(m.tracing));
        obj.set(
            "encryption_type",
            s(m.encryption
                .as_ref()
                .map_or("AWS_OWNED_KEY", |e| e.kind.as_str())),
        );
        obj.set_str(
            "kms_key_id",
            m.encryption.as_ref().and_then(|e| e.kms_key_id.as_deref()),
        );
        obj.set("tags", string_map_value(&tags));
        Some(obj.raw())
    }
}
