//! Data source `sfn_activity`: an activity by its exact name (every page of ListActivities) or by
//! its ARN.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tf_provider::schema::{AttributeType, Schema};
use tf_provider::{AttributePath, Diagnostics};

use super::lifecycle::Ctx;
use super::lookup::Lookup;
use super::tagging;
use crate::aws::api::SfnApi;
use crate::errors::aws_error;
use crate::model::{known, maybe, tags_value, text, Number, Tags, Value};
use crate::schema::*;

pub fn encryption_type() -> AttributeType {
    AttributeType::List(Box::new(AttributeType::Object(
        [
            ("type".to_string(), AttributeType::String),
            ("kms_key_id".to_string(), AttributeType::String),
            (
                "kms_data_key_reuse_period_seconds".to_string(),
                AttributeType::Number,
            ),
        ]
        .into(),
    )))
}

pub fn schema() -> Schema {
    let b = block(
        "Looks up an activity by its exact name or its ARN (set one of them), for example to give a worker its ARN or to refer to it in a workflow.",
        vec![
            ("name", optional_computed(AttributeType::String, "The exact name of the activity (case-sensitive). Set `name` or `arn`.")),
            ("arn", optional_computed(AttributeType::String, "The activity ARN. Set `name` or `arn`.")),
            ("id", computed(AttributeType::String, "The activity ARN.")),
            ("creation_date", computed(AttributeType::String, "When the activity was created (RFC 3339).")),
            ("encryption_configuration", computed(encryption_type(), "Its encryption: `type`, and for a customer-managed key `kms_key_id` and `kms_data_key_reuse_period_seconds`.")),
            ("tags", computed(string_map(), "The activity's tags.")),
        ],
    );
    Schema {
        version: 1,
        block: b,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EncryptionObject {
    #[serde(rename = "type")]
    pub kind: Value<String>,
    pub kms_key_id: Value<String>,
    pub kms_data_key_reuse_period_seconds: Value<Number>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityLookup {
    pub name: Value<String>,
    pub arn: Value<String>,
    pub id: Value<String>,
    pub creation_date: Value<String>,
    pub encryption_configuration: Value<Vec<EncryptionObject>>,
    pub tags: Tags,
}

pub struct ActivityData;

#[async_trait]
impl Lookup for ActivityData {
    type State = ActivityLookup;

    fn schema(&self) -> Schema {
        schema()
    }

    fn check(&self, cfg: &ActivityLookup, diags: &mut Diagnostics) {
        let set = |v: &Value<String>| !v.is_null();
        if set(&cfg.name) == set(&cfg.arn) {
            diags.error(
                "SFN012 conflicting-arguments: set exactly one of name and arn",
                "Look the activity up by its name, or by its ARN.",
                AttributePath::new(if set(&cfg.name) { "arn" } else { "name" }),
            );
        }
    }

    async fn read(
        &self,
        _ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        cfg: ActivityLookup,
        diags: &mut Diagnostics,
    ) -> Option<ActivityLookup> {
        let arn = match (text(&cfg.name), text(&cfg.arn)) {
            (_, Some(arn)) => arn.to_string(),
            (Some(name), None) => {
                let all = match api.list_activities().await {
                    Ok(all) => all,
                    Err(e) => {
                        aws_error(diags, "ListActivities", &e, None);
                        return None;
                    }
                };
                let Some((_, arn)) = all.into_iter().find(|(n, _)| n == name) else {
                    diags.error(
                        format!("SFN066 activity-not-found: no activity is named \"{name}\""),
                        "Names match exactly (case-sensitive). Check the name, the region and the account the provider uses.",
                        AttributePath::new("name"),
                    );
                    return None;
                };
                arn
            }
            (None, None) => return None,
        };
        let a = match api.describe_activity(&arn).await {
            Ok(a) => a,
            Err(e) if e.is_not_found() => {
                diags.error(
                    format!("SFN066 activity-not-found: no activity {arn}"),
                    "Check the ARN, the region and the account the provider uses.",
                    AttributePath::new("arn"),
                );
                return None;
            }
            Err(e) => {
                aws_error(diags, "DescribeActivity", &e, None);
                return None;
            }
        };
        let tags = tagging::read(api, &arn, diags).await?;
        let encryption = a.encryption.clone().unwrap_or(crate::aws::api::Encryption {
            kind: "AWS_OWNED_KEY".into(),
            ..Default::default()
        });
        Some(ActivityLookup {
            name: known(&a.name),
            arn: known(&a.arn),
            id: known(&a.arn),
            creation_date: known(&a.creation_date),
            encryption_configuration: Value::Value(vec![EncryptionObject {
                kms_key_id: maybe(encryption.kms_key_id.as_deref()),
                kms_data_key_reuse_period_seconds: match encryption
                    .kms_data_key_reuse_period_seconds
                {
                    Some(v) if !(v == 0 && encryption.kind == "AWS_OWNED_KEY") => {
                        Value::Value(Number::from_i64(v))
                    }
                    _ => Value::Null,
                },
                kind: known(encryption.kind),
            }]),
            tags: tags_value(&tags),
        })
    }
}
