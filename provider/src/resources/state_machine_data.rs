//! Data source `sfn_state_machine`: looks a machine up by its exact name (every page of the
//! listing: `prod` never matches `preprod`) and exports its attributes.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tf_provider::schema::{AttributeType, Schema};
use tf_provider::{AttributePath, Diagnostics};

use super::lifecycle::Ctx;
use super::lookup::Lookup;
use super::tagging;
use crate::aws::api::SfnApi;
use crate::errors::aws_error;
use crate::model::{known, maybe, tags_value, text, Tags, Value};
use crate::schema::*;

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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MachineLookup {
    pub name: Value<String>,
    pub id: Value<String>,
    pub arn: Value<String>,
    pub definition: Value<String>,
    pub role_arn: Value<String>,
    #[serde(rename = "type")]
    pub kind: Value<String>,
    pub status: Value<String>,
    pub creation_date: Value<String>,
    pub revision_id: Value<String>,
    pub logging_level: Value<String>,
    pub logging_include_execution_data: Value<bool>,
    pub logging_destination: Value<String>,
    pub tracing_enabled: Value<bool>,
    pub encryption_type: Value<String>,
    pub kms_key_id: Value<String>,
    pub tags: Tags,
}

pub struct StateMachineData;

#[async_trait]
impl Lookup for StateMachineData {
    type State = MachineLookup;

    fn schema(&self) -> Schema {
        schema()
    }

    async fn read(
        &self,
        _ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        cfg: MachineLookup,
        diags: &mut Diagnostics,
    ) -> Option<MachineLookup> {
        let name = text(&cfg.name)?.to_string();
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
        let tags = tagging::read(api, arn, diags).await?;
        let logging = m.logging.clone().unwrap_or_default();
        Some(MachineLookup {
            id: known(&m.arn),
            arn: known(&m.arn),
            definition: known(&m.definition),
            role_arn: known(&m.role_arn),
            kind: known(&m.kind),
            status: known(&m.status),
            creation_date: known(&m.creation_date),
            revision_id: maybe(m.revision_id.as_deref()),
            logging_level: known(if logging.level.is_empty() {
                "OFF"
            } else {
                &logging.level
            }),
            logging_include_execution_data: Value::Value(logging.include_execution_data),
            logging_destination: maybe(logging.destinations.first().map(String::as_str)),
            tracing_enabled: Value::Value(m.tracing),
            encryption_type: known(
                m.encryption
                    .as_ref()
                    .map_or("AWS_OWNED_KEY", |e| e.kind.as_str()),
            ),
            kms_key_id: maybe(m.encryption.as_ref().and_then(|e| e.kms_key_id.as_deref())),
            tags: tags_value(&tags),
            ..cfg
        })
    }
}
