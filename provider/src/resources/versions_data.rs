//! Data source `sfn_state_machine_versions`: a machine's published versions, newest first, so a
//! module can route an alias to a chosen one (the previous release, the one with a given
//! description).

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tf_provider::schema::{AttributeType, Schema};
use tf_provider::{AttributePath, Diagnostics};

use super::lifecycle::Ctx;
use super::lookup::Lookup;
use super::state_machine::versions::{number, Versions};
use crate::aws::api::SfnApi;
use crate::errors::aws_error;
use crate::model::{known, maybe, text, Number, Value};
use crate::schema::*;

/// Versions listed when `limit` is not set.
pub const DEFAULT_LIMIT: i64 = 25;
/// AWS keeps at most 1000 versions of a machine.
pub const MAX_LIMIT: i64 = 1000;

fn version_type() -> AttributeType {
    AttributeType::List(Box::new(AttributeType::Object(
        [
            ("arn".to_string(), AttributeType::String),
            ("version".to_string(), AttributeType::Number),
            ("description".to_string(), AttributeType::String),
            ("creation_date".to_string(), AttributeType::String),
        ]
        .into(),
    )))
}

pub fn schema() -> Schema {
    let b = block(
        "The published versions of a state machine, newest first: `versions[0]` is the newest, `versions[1]` the one before. Route an `sfn_alias` to a chosen one, such as the version whose `description` names a release.",
        vec![
            ("state_machine_arn", required(AttributeType::String, "The state machine's ARN.")),
            ("limit", optional(AttributeType::Number, &format!("How many of the newest versions to list, a whole number from 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}). Each is described to get its description."))),
            ("id", computed(AttributeType::String, "The state machine's ARN.")),
            ("versions", computed(version_type(), "The versions, newest first: each with its `arn`, its `version` number, its `description` (null when it has none) and `creation_date`.")),
            ("latest_version_arn", computed(AttributeType::String, "The newest version's ARN; null when the machine has none.")),
        ],
    );
    Schema {
        version: 1,
        block: b,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VersionObject {
    pub arn: Value<String>,
    pub version: Value<Number>,
    pub description: Value<String>,
    pub creation_date: Value<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VersionsLookup {
    pub state_machine_arn: Value<String>,
    pub limit: Value<Number>,
    pub id: Value<String>,
    pub versions: Value<Vec<VersionObject>>,
    pub latest_version_arn: Value<String>,
}

pub struct VersionsData;

#[async_trait]
impl Lookup for VersionsData {
    type State = VersionsLookup;

    fn schema(&self) -> Schema {
        schema()
    }

    fn check(&self, cfg: &VersionsLookup, diags: &mut Diagnostics) {
        if let Some(n) = cfg.limit.as_ref_option() {
            if n.whole_in(1, MAX_LIMIT).is_none() {
                diags.error(
                    format!("SFN067 invalid-limit: limit {n} is not a whole number from 1 to {MAX_LIMIT}"),
                    "Set limit to how many of the newest versions to list.",
                    AttributePath::new("limit"),
                );
            }
        }
    }

    async fn read(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        cfg: VersionsLookup,
        diags: &mut Diagnostics,
    ) -> Option<VersionsLookup> {
        let machine = text(&cfg.state_machine_arn)?.to_string();
        let limit = cfg
            .limit
            .as_ref_option()
            .and_then(|n| n.whole_in(1, MAX_LIMIT))
            .unwrap_or(DEFAULT_LIMIT);
        if let Err(e) = api.describe_state_machine(&machine).await {
            if e.is_not_found() {
                diags.error(
                    format!("SFN030 state-machine-not-found: no state machine {machine}"),
                    "Check the ARN, the region and the account the provider uses.",
                    AttributePath::new("state_machine_arn"),
                );
            } else {
                aws_error(diags, "DescribeStateMachine", &e, None);
            }
            return None;
        }
        let listing = Versions {
            api,
            session: ctx.session,
        };
        let listed = match listing
            .list(&machine, usize::try_from(limit).unwrap_or(25))
            .await
        {
            Ok(v) => v,
            Err(e) => {
                aws_error(diags, "ListStateMachineVersions", &e, None);
                return None;
            }
        };
        let mut versions = Vec::with_capacity(listed.len());
        for v in &listed {
            let described = match api.describe_state_machine(&v.arn).await {
                Ok(d) => d,
                // Deleted since it was listed.
                Err(e) if e.is_not_found() => continue,
                Err(e) => {
                    aws_error(diags, "DescribeStateMachine", &e, None);
                    return None;
                }
            };
            let n = number(&v.arn)
                .and_then(|n| i64::try_from(n).ok())
                .unwrap_or_default();
            versions.push(VersionObject {
                arn: known(&v.arn),
                version: Value::Value(Number::from_i64(n)),
                description: maybe(described.description.as_deref().filter(|d| !d.is_empty())),
                creation_date: known(if v.creation_date.is_empty() {
                    &described.creation_date
                } else {
                    &v.creation_date
                }),
            });
        }
        Some(VersionsLookup {
            id: known(&machine),
            latest_version_arn: versions.first().map_or(Value::Null, |v| v.arn.clone()),
            versions: Value::Value(versions),
            ..cfg
        })
    }
}
