//! `sfn_alias`: a name that routes executions to one or two versions of a state machine, with
//! weights (canary releases). Every routing rule is checked at plan time.

use async_trait::async_trait;
use sfn_codegen::names::{check_name, NameKind};
use tf_provider::schema::{AttributeType, NestedBlock, Schema};
use tf_provider::{AttributePath, Diagnostics, Resource};

use super::common::*;
use crate::aws::api::Route;
use crate::diags;
use crate::tfvalue::{Raw, Tf};
use crate::workflow::decode_config;

pub struct Alias {
    pub shared: SharedRef,
}

pub fn schema() -> Schema {
    let mut b = block(
        "A state machine alias: routes executions started through it to one version, or splits them between two versions by weight for a canary release. Point a route at `sfn_state_machine.<name>.state_machine_version_arn` and the alias follows each newly published version in the same apply.",
        vec![
            ("id", computed(AttributeType::String, "The alias ARN.")),
            ("arn", computed(AttributeType::String, "The alias ARN.")),
            ("name", required(AttributeType::String, "The alias name, such as `prod`: 1 to 80 letters, digits, `-`, `_` or `.`, not only digits. Changing it replaces the alias.")),
            ("description", optional(AttributeType::String, "A description of the alias.")),
            ("creation_date", computed(AttributeType::String, "When the alias was created (RFC 3339).")),
        ],
    );
    b.blocks.insert(
        "routing_configuration".into(),
        NestedBlock::List(block(
            "A route: one or two, to versions of the same state machine, with weights summing to 100.",
            vec![
                ("state_machine_version_arn", required(AttributeType::String, "The version ARN (`arn:aws:states:<region>:<account>:stateMachine:<name>:<version>`).")),
                ("weight", required(AttributeType::Number, "Percentage of executions routed to this version, 0 to 100.")),
            ],
        )),
    );
    Schema {
        version: 1,
        block: b,
    }
}

/// `arn:...:stateMachine:<machine>:<version>` -> (machine ARN, version).
pub fn split_version_arn(arn: &str) -> Option<(&str, &str)> {
    let (machine, version) = arn.rsplit_once(':')?;
    let ok = arn.starts_with("arn:")
        && machine.contains(":states:")
        && machine.split(':').nth(5) == Some("stateMachine")
        && machine.split(':').count() == 7
        && !version.is_empty()
        && version.chars().all(|c| c.is_ascii_digit());
    ok.then_some((machine, version))
}

/// The route an AWS error is about: the one whose version ARN the message names, else the first.
/// Terraform shows a path into a block list only down to an attribute.
pub fn route_attribute(routes: &[Route], message: &str) -> AttributePath {
    let i = routes
        .iter()
        .position(|r| !r.version_arn.is_empty() && message.contains(&r.version_arn))
        .unwrap_or(0);
    AttributePath::new("routing_configuration")
        .index(i as i64)
        .attribute("state_machine_version_arn")
}

fn routes_from(tf: &Tf) -> Vec<Route> {
    tf.get("routing_configuration")
        .items()
        .iter()
        .map(|r| Route {
            version_arn: r
                .get("state_machine_version_arn")
                .as_str()
                .unwrap_or_default()
                .to_string(),
            weight: r
                .get("weight")
                .as_num()
                .and_then(|n| n.as_i64())
                .unwrap_or(0),
        })
        .collect()
}

fn routes_value(routes: &[Route]) -> rmpv::Value {
    rmpv::Value::Array(
        routes
            .iter()
            .map(|r| {
                rmpv::Value::Map(vec![
                    (
                        "state_machine_version_arn".into(),
                        rmpv::Value::String(r.version_arn.clone().into()),
                    ),
                    ("weight".into(), rmpv::Value::from(r.weight)),
                ])
            })
            .collect(),
    )
}

fn validate_config(cfg: &Tf, diags: &mut Diagnostics) {
    if let Some(name) = cfg.get("name").as_str() {
        if let Some(d) = check_name(NameKind::Alias, name) {
            diags::push(diags, &d, AttributePath::new("name"), "Rule");
        }
    }
    let routes = cfg.get("routing_configuration");
    if routes.is_unknown() {
        return;
    }
    let items = routes.items();
    if items.is_empty() || items.len() > 2 {
        diags.error(
            format!(
                "SFN020 alias-route-count: an alias routes to 1 or 2 versions, not {}",
                items.len()
            ),
            "Give one routing_configuration block (weight 100), or two for a canary split.",
            AttributePath::new("routing_configuration"),
        );
    }
    let at = |i: usize, a: &str| {
        AttributePath::new("routing_configuration")
            .index(i as i64)
            .attribute(a.to_string())
    };
    let mut total = Some(0i64);
    for (i, r) in items.iter().enumerate() {
        match r.get("weight") {
            Tf::Number(n) => {
                match n.as_i64().filter(|w| (0..=100).contains(w)) {
                    Some(w) => total = total.map(|t| t + w),
                    None => {
                        diags.error(
                        format!("SFN021 alias-weights: weight {n} is not a whole number from 0 to 100"),
                        "Weights are whole percentages.",
                        at(i, "weight"),
                    );
                        total = None;
                    }
                }
            }
            _ => total = None,
        }
    }
    if let Some(t) = total {
        if t != 100 && !items.is_empty() {
            diags.error(
                format!("SFN021 alias-weights: the weights add up to {t}, not 100"),
                "Make the weights of the routes sum to exactly 100, such as 90 and 10.",
                AttributePath::new("routing_configuration"),
            );
        }
    }
    let mut machines = Vec::new();
    for (i, r) in items.iter().enumerate() {
        let Some(arn) = r.get("state_machine_version_arn").as_str() else {
            continue;
        };
        match split_version_arn(arn) {
            Some((machine, version)) => machines.push((i, machine.to_string(), version.to_string())),
            None => diags.error(
                format!("SFN022 alias-version-arn: \"{arn}\" is not a state machine version ARN"),
                "Use a version ARN, arn:aws:states:<region>:<account>:stateMachine:<name>:<version>, such as sfn_state_machine.<name>.state_machine_version_arn (with publish = true).",
                at(i, "state_machine_version_arn"),
            ),
        }
    }
    if let [(_, m1, v1), (j, m2, v2)] = machines.as_slice() {
        if m1 != m2 {
            diags.error(
                "SFN023 alias-mixed-machines: the two routes point at versions of different state machines",
                format!("An alias belongs to one state machine; {m1} and {m2} differ."),
                at(*j, "state_machine_version_arn"),
            );
        } else if v1 == v2 {
            diags.error(
                "SFN024 alias-same-version: both routes point at the same version",
                "Use one route with weight 100, or point the second route at another version.",
                at(*j, "state_machine_version_arn"),
            );
        }
    }
}

impl Alias {
    async fn refresh(&self, diags: &mut Diagnostics, state: Raw) -> Option<Raw> {
        let prior = decode_config(diags, &state)?;
        let arn = prior.get("arn").as_str()?.to_string();
        let api = api(&self.shared, diags).await?;
        let a = match api.describe_alias(&arn).await {
            Ok(a) => a,
            Err(e) if e.is_not_found() => return Some(Raw(rmpv::Value::Nil)),
            Err(e) => {
                aws_error(diags, "DescribeStateMachineAlias", &e, None);
                return Some(state);
            }
        };
        let mut obj = Obj::from_raw(&schema().block, &state);
        obj.set("id", value_str(&a.arn));
        obj.set("arn", value_str(&a.arn));
        obj.set("name", value_str(&a.name));
        obj.set_str(
            "description",
            a.description
                .as_deref()
                .filter(|d| !d.is_empty() || !prior.get("description").is_null()),
        );
        obj.set("creation_date", value_str(&a.creation_date));
        // AWS may list the routes in another order: keep the configured order when they match.
        let prior_routes = routes_from(&prior);
        let same = prior_routes.len() == a.routes.len()
            && prior_routes.iter().all(|r| a.routes.contains(r));
        obj.set(
            "routing_configuration",
            routes_value(if same { &prior_routes } else { &a.routes }),
        );
        Some(obj.raw())
    }
}

#[async_trait]
impl Resource for Alias {
    type State<'a> = Raw;
    type PrivateState<'a> = Raw;
    type ProviderMetaState<'a> = Raw;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Raw) -> Option<()> {
        let cfg = decode_config(diags, &config)?;
        validate_config(&cfg, diags);
        Some(())
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        state: Raw,
        private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        Some((self.refresh(diags, state).await?, private))
    }

    async fn plan_create<'a>(
        &self,
        _diags: &mut Diagnostics,
        proposed: Raw,
        _config: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        let mut obj = Obj::from_raw(&schema().block, &proposed);
        for k in ["id", "arn", "creation_date"] {
            obj.set(k, crate::tfvalue::unknown());
        }
        Some((obj.raw(), Raw::default()))
    }

    async fn plan_update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior_state: Raw,
        proposed: Raw,
        _config: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw, Vec<AttributePath>)> {
        let prior = decode_config(diags, &prior_state)?;
        let planned = decode_config(diags, &proposed)?;
        let replace = if prior.get("name") != planned.get("name") {
            vec![AttributePath::new("name")]
        } else {
            vec![]
        };
        Some((proposed, Raw::default(), replace))
    }

    async fn plan_destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<Raw> {
        Some(Raw::default())
    }

    async fn create<'a>(
        &self,
        diags: &mut Diagnostics,
        planned: Raw,
        config: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        let cfg = decode_config(diags, &config)?;
        let api = api(&self.shared, diags).await?;
        let name = cfg.get("name").as_str().unwrap_or_default().to_string();
        let routes = routes_from(&cfg);
        let (arn, created) = match api
            .create_alias(&name, cfg.get("description").as_str(), &routes)
            .await
        {
            Ok(v) => v,
            Err(e) => {
                aws_error(
                    diags,
                    "CreateStateMachineAlias",
                    &e,
                    Some(route_attribute(&routes, &e.message)),
                );
                return None;
            }
        };
        let mut obj = Obj::from_raw(&schema().block, &planned);
        obj.set("id", value_str(&arn));
        obj.set("arn", value_str(&arn));
        obj.set("creation_date", value_str(&created));
        Some((obj.raw(), Raw::default()))
    }

    async fn update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: Raw,
        planned: Raw,
        config: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        let cfg = decode_config(diags, &config)?;
        let prior_tf = decode_config(diags, &prior)?;
        let arn = prior_tf.get("arn").as_str()?.to_string();
        let api = api(&self.shared, diags).await?;
        let routes = routes_from(&cfg);
        if let Err(e) = api
            .update_alias(&arn, cfg.get("description").as_str(), &routes)
            .await
        {
            aws_error(
                diags,
                "UpdateStateMachineAlias",
                &e,
                Some(route_attribute(&routes, &e.message)),
            );
            return Some((prior, Raw::default()));
        }
        let mut obj = Obj::from_raw(&schema().block, &planned);
        for k in ["id", "arn", "creation_date"] {
            if let rmpv::Value::Map(m) = &prior.0 {
                if let Some((_, v)) = m.iter().find(|(key, _)| key.as_str() == Some(k)) {
                    obj.set(k, v.clone());
                }
            }
        }
        Some((obj.raw(), Raw::default()))
    }

    async fn destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<()> {
        let tf = decode_config(diags, &prior)?;
        let arn = tf.get("arn").as_str()?.to_string();
        let api = api(&self.shared, diags).await?;
        match api.delete_alias(&arn).await {
            Ok(()) => Some(()),
            Err(e) if e.is_not_found() => Some(()),
            Err(e) => {
                // Terraform names no resource in a destroy's diagnostics: the ARN says which one.
                aws_error(
                    diags,
                    &format!("DeleteStateMachineAlias of {arn}"),
                    &e,
                    None,
                );
                None
            }
        }
    }

    async fn import<'a>(&self, diags: &mut Diagnostics, id: String) -> Option<(Raw, Raw)> {
        let state = self
            .refresh(diags, import_seed(&schema().block, &id))
            .await?;
        if state.0.is_nil() {
            diags.root_error(
                format!("SFN019 import-not-found: no alias {id}"),
                "Import with the alias ARN.",
            );
            return None;
        }
        Some((state, Raw::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_arns() {
        let arn = "arn:aws:states:us-east-1:123456789012:stateMachine:orders:7";
        assert_eq!(
            split_version_arn(arn),
            Some((
                "arn:aws:states:us-east-1:123456789012:stateMachine:orders",
                "7"
            ))
        );
        for bad in [
            "arn:aws:states:us-east-1:123456789012:stateMachine:orders",
            "arn:aws:states:us-east-1:123456789012:stateMachine:orders:prod",
            "arn:aws:lambda:us-east-1:123456789012:function:f:1",
        ] {
            assert_eq!(split_version_arn(bad), None, "{bad}");
        }
    }
}
