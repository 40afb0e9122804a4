//! Data source `sfn_alias`: an alias of a state machine by its exact name (every page of
//! ListStateMachineAliases: `prod` never matches `preprod`).

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tf_provider::schema::{AttributeType, Schema};
use tf_provider::{AttributePath, Diagnostics};

use super::lifecycle::Ctx;
use super::lookup::Lookup;
use crate::aws::api::SfnApi;
use crate::errors::aws_error;
use crate::model::{known, maybe, text, Number, Value};
use crate::schema::*;

pub fn route_type() -> AttributeType {
    AttributeType::List(Box::new(AttributeType::Object(
        [
            (
                "state_machine_version_arn".to_string(),
                AttributeType::String,
            ),
            ("weight".to_string(), AttributeType::Number),
        ]
        .into(),
    )))
}

pub fn schema() -> Schema {
    let b = block(
        "Looks up an alias of a state machine by its exact name, to route to its versions or start executions through it from another configuration.",
        vec![
            ("state_machine_arn", required(AttributeType::String, "The ARN of the state machine the alias belongs to.")),
            ("name", required(AttributeType::String, "The exact name of the alias (case-sensitive).")),
            ("id", computed(AttributeType::String, "The alias ARN.")),
            ("arn", computed(AttributeType::String, "The alias ARN.")),
            ("description", computed(AttributeType::String, "The alias's description.")),
            ("creation_date", computed(AttributeType::String, "When the alias was created (RFC 3339).")),
            ("routing_configuration", computed(route_type(), "The routes: each a `state_machine_version_arn` and its `weight` (percent).")),
        ],
    );
    Schema {
        version: 1,
        block: b,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RouteObject {
    pub state_machine_version_arn: Value<String>,
    pub weight: Value<Number>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AliasLookup {
    pub state_machine_arn: Value<String>,
    pub name: Value<String>,
    pub id: Value<String>,
    pub arn: Value<String>,
    pub description: Value<String>,
    pub creation_date: Value<String>,
    pub routing_configuration: Value<Vec<RouteObject>>,
}

pub struct AliasData;

#[async_trait]
impl Lookup for AliasData {
    type State = AliasLookup;

    fn schema(&self) -> Schema {
        schema()
    }

    async fn read(
        &self,
        _ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        cfg: AliasLookup,
        diags: &mut Diagnostics,
    ) -> Option<AliasLookup> {
        let machine = text(&cfg.state_machine_arn)?.to_string();
        let name = text(&cfg.name)?.to_string();
        let all = match api.list_aliases(&machine).await {
            Ok(all) => all,
            Err(e) if e.is_not_found() => {
                diags.error(
                    format!("SFN030 state-machine-not-found: no state machine {machine}"),
                    "Check the ARN, the region and the account the provider uses.",
                    AttributePath::new("state_machine_arn"),
                );
                return None;
            }
            Err(e) => {
                aws_error(diags, "ListStateMachineAliases", &e, None);
                return None;
            }
        };
        let Some(item) = all.iter().find(|a| a.name == name) else {
            let names: Vec<&str> = all.iter().map(|a| a.name.as_str()).collect();
            diags.error(
                format!("SFN065 alias-not-found: {machine} has no alias named \"{name}\""),
                format!(
                    "Names match exactly (case-sensitive). Its aliases: {}.{}",
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    },
                    sfn_codegen::suggest::hint(&name, names.iter().copied())
                ),
                AttributePath::new("name"),
            );
            return None;
        };
        let a = match api.describe_alias(&item.arn).await {
            Ok(a) => a,
            Err(e) => {
                aws_error(diags, "DescribeStateMachineAlias", &e, None);
                return None;
            }
        };
        Some(AliasLookup {
            id: known(&a.arn),
            arn: known(&a.arn),
            description: maybe(a.description.as_deref()),
            creation_date: known(&a.creation_date),
            routing_configuration: Value::Value(
                a.routes
                    .iter()
                    .map(|r| RouteObject {
                        state_machine_version_arn: known(&r.version_arn),
                        weight: Value::Value(Number::from_i64(r.weight)),
                    })
                    .collect(),
            ),
            ..cfg
        })
    }
}
