//! `sfn_alias`: a name that routes executions to one or two versions of a state machine, with
//! weights (canary releases). Every routing rule is checked at plan time. An alias belongs to
//! one machine (its ARN is the machine's plus its name) and AWS deletes it with the machine, so a
//! plan that replaces the machine replaces the alias too.

use std::time::SystemTime;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sfn_codegen::names::NameKind;
use tf_provider::schema::{AttributeType, NestedBlock, Schema};
use tf_provider::{AttributePath, Diagnostics};

use super::lifecycle::{deleted, Ctx, Lifecycle, Planned, Refreshed};
use super::ownership;
use crate::aws::api::{Alias as RemoteAlias, ApiError, Route, SfnApi};
use crate::errors::aws_error;
use crate::model::{known, maybe, text, Blocks, Number, Value};
use crate::schema::*;

pub fn schema() -> Schema {
    let b = block(
        "A state machine alias: routes executions started through it to one version, or splits them between two versions by weight for a canary release. Point a route at `sfn_state_machine.<name>.state_machine_version_arn` and the alias follows each newly published version in the same apply. A plan that replaces the state machine replaces its aliases with it.",
        vec![
            ("id", computed(AttributeType::String, "The alias ARN.")),
            ("arn", computed(AttributeType::String, "The alias ARN.")),
            ("name", required(AttributeType::String, "The alias name, such as `prod`: 1 to 80 letters, digits, `-`, `_` or `.`, not only digits. Changing it replaces the alias.")),
            ("description", optional(AttributeType::String, "A description of the alias.")),
            ("creation_date", computed(AttributeType::String, "When the alias was created (RFC 3339).")),
            ("state_machine_arn", computed(AttributeType::String, "The state machine the alias belongs to: the one whose versions it routes to.")),
        ],
    );
    let b = with_blocks(
        b,
        vec![(
            "routing_configuration",
            NestedBlock::List(block(
                "A route: one or two, to versions of the same state machine, with weights summing to 100.",
                vec![
                    ("state_machine_version_arn", required(AttributeType::String, "The version ARN (`arn:aws:states:<region>:<account>:stateMachine:<name>:<version>`).")),
                    ("weight", required(AttributeType::Number, "Percentage of executions routed to this version: a whole number from 0 to 100.")),
                ],
            )),
        )],
    );
    Schema {
        version: 1,
        block: b,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AliasState {
    pub id: Value<String>,
    pub arn: Value<String>,
    pub name: Value<String>,
    pub description: Value<String>,
    pub creation_date: Value<String>,
    pub state_machine_arn: Value<String>,
    pub routing_configuration: Blocks<RouteBlock>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RouteBlock {
    pub state_machine_version_arn: Value<String>,
    pub weight: Value<Number>,
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

impl AliasState {
    fn routes(&self) -> Vec<Route> {
        self.routing_configuration
            .items()
            .iter()
            .map(|r| Route {
                version_arn: text(&r.state_machine_version_arn)
                    .unwrap_or_default()
                    .to_string(),
                weight: r
                    .weight
                    .as_ref_option()
                    .and_then(|n| n.whole_in(0, 100))
                    .unwrap_or(0),
            })
            .collect()
    }

    /// The machine the routes point at, when every route is known and they agree.
    fn routed_machine(&self) -> Value<String> {
        if self.routing_configuration.is_unknown() {
            return Value::Unknown;
        }
        let mut machine: Option<&str> = None;
        for r in self.routing_configuration.items() {
            let arn = match &r.state_machine_version_arn {
                Value::Value(a) => a,
                Value::Unknown => return Value::Unknown,
                Value::Null => return Value::Null,
            };
            let Some((m, _)) = split_version_arn(arn) else {
                return Value::Null;
            };
            if machine.is_some_and(|prev| prev != m) {
                return Value::Null;
            }
            machine = Some(m);
        }
        maybe(machine)
    }

    /// The machine the alias belongs to, from state (older states derive it from the ARN).
    fn owner(&self) -> Option<String> {
        text(&self.state_machine_arn)
            .map(str::to_string)
            .or_else(|| Some(text(&self.arn)?.rsplit_once(':')?.0.to_string()))
    }
}

fn check_routes(cfg: &AliasState, diags: &mut Diagnostics) {
    let routes = &cfg.routing_configuration;
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
        match &r.weight {
            // Exactly: 100.00000000000000000001 and 1e400 arrive as strings, not as 100.
            Value::Value(n) => {
                match n.whole_in(0, 100) {
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
        let arn = match &r.state_machine_version_arn {
            Value::Value(a) => a,
            Value::Unknown => continue,
            Value::Null => {
                diags.error(
                    "SFN022 alias-version-arn: state_machine_version_arn has no value",
                    "The version it refers to does not exist: an sfn_state_machine's state_machine_version_arn is null until the machine publishes (publish = true), and an apply that turns publish on publishes one.",
                    at(i, "state_machine_version_arn"),
                );
                continue;
            }
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

/// The state for what AWS reports; the configured order of routes is kept when they match.
fn remote_state(prior: &AliasState, a: &RemoteAlias) -> AliasState {
    let prior_routes = prior.routes();
    let same =
        prior_routes.len() == a.routes.len() && prior_routes.iter().all(|r| a.routes.contains(r));
    let routing_configuration = if same {
        prior.routing_configuration.clone()
    } else {
        Blocks::Known(
            a.routes
                .iter()
                .map(|r| RouteBlock {
                    state_machine_version_arn: known(&r.version_arn),
                    weight: Value::Value(Number::from_i64(r.weight)),
                })
                .collect(),
        )
    };
    AliasState {
        id: known(&a.arn),
        arn: known(&a.arn),
        name: known(&a.name),
        description: maybe(
            a.description
                .as_deref()
                .filter(|d| !d.is_empty() || !prior.description.is_null()),
        ),
        creation_date: known(&a.creation_date),
        state_machine_arn: maybe(a.arn.rsplit_once(':').map(|(m, _)| m)),
        routing_configuration,
    }
}

/// Whether AWS's alias has the configured description and routes.
fn matches(a: &RemoteAlias, description: Option<&str>, routes: &[Route]) -> bool {
    a.description.as_deref().unwrap_or_default() == description.unwrap_or_default()
        && a.routes.len() == routes.len()
        && routes.iter().all(|r| a.routes.contains(r))
}

pub struct Alias;

impl Alias {
    async fn created(
        &self,
        api: &dyn SfnApi,
        planned: AliasState,
        alias_arn: &str,
        result: Result<(String, String), ApiError>,
        started: SystemTime,
        diags: &mut Diagnostics,
    ) -> Option<AliasState> {
        let name = text(&planned.name).unwrap_or_default().to_string();
        let routes = planned.routes();
        let description = text(&planned.description).map(str::to_string);
        let (arn, date) = match result {
            Ok((arn, date)) => {
                if let Some(why) = ownership::made_before(api, &date, started) {
                    // An idempotent answer with an alias someone else made.
                    ownership::name_taken(diags, "state machine alias", &name, &arn, &[why]);
                    return None;
                }
                (arn, date)
            }
            Err(e) => {
                let found = match e.answer_may_be_lost() {
                    true => api.describe_alias(alias_arn).await.ok().filter(|a| {
                        matches(a, description.as_deref(), &routes)
                            && ownership::made_before(api, &a.creation_date, started).is_none()
                    }),
                    false => None,
                };
                let Some(a) = found else {
                    aws_error(
                        diags,
                        "CreateStateMachineAlias",
                        &e,
                        Some(route_attribute(&routes, &e.message)),
                    );
                    return None;
                };
                ownership::adopted(
                    diags,
                    "CreateStateMachineAlias",
                    &e,
                    "state machine alias",
                    &a.arn,
                );
                (a.arn, a.creation_date)
            }
        };
        Some(AliasState {
            id: known(&arn),
            arn: known(&arn),
            creation_date: known(date),
            state_machine_arn: maybe(arn.rsplit_once(':').map(|(m, _)| m)),
            ..planned
        })
    }
}

#[async_trait]
impl Lifecycle for Alias {
    type State = AliasState;

    fn schema(&self) -> Schema {
        schema()
    }

    fn noun(&self) -> &'static str {
        "alias"
    }

    fn check(&self, _ctx: &Ctx<'_>, cfg: &AliasState, diags: &mut Diagnostics) {
        check_name_attribute(NameKind::Alias, &cfg.name, diags);
        check_routes(cfg, diags);
    }

    async fn plan(
        &self,
        ctx: &Ctx<'_>,
        prior: Option<&AliasState>,
        proposed: AliasState,
        _cfg: &AliasState,
        _diags: &mut Diagnostics,
    ) -> Option<Planned<AliasState>> {
        let mut p = proposed;
        let routed = p.routed_machine();
        let Some(prior) = prior else {
            p.id = Value::Unknown;
            p.arn = Value::Unknown;
            p.creation_date = Value::Unknown;
            p.state_machine_arn = if routed.is_null() {
                Value::Unknown
            } else {
                routed
            };
            return Some(Planned::keep(p));
        };
        let mut replace = Vec::new();
        if p.name != prior.name {
            replace.push(AttributePath::new("name"));
        }
        let owner = prior.owner();
        let moves = match (&routed, &owner) {
            (Value::Value(m), Some(o)) => m != o,
            // Routes not yet known: a new version of the same machine, unless this plan
            // replaces the machine (AWS deletes the alias with it).
            (Value::Unknown, Some(o)) => ctx.session.replaces(o),
            _ => false,
        };
        if moves {
            replace.push(AttributePath::new("routing_configuration"));
        }
        p.state_machine_arn = match owner {
            Some(o) => known(o),
            None => Value::Unknown,
        };
        Some(Planned { state: p, replace })
    }

    async fn create(
        &self,
        _ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        planned: AliasState,
        _cfg: &AliasState,
        diags: &mut Diagnostics,
    ) -> Option<AliasState> {
        let name = text(&planned.name).unwrap_or_default().to_string();
        let routes = planned.routes();
        let machine = text(&planned.routed_machine())
            .map(str::to_string)
            .unwrap_or_default();
        let alias_arn = format!("{machine}:{name}");
        if let Ok(a) = api.describe_alias(&alias_arn).await {
            ownership::existed(
                diags,
                "state machine alias",
                &name,
                &a.arn,
                &a.creation_date,
            );
            return None;
        }
        let started = SystemTime::now();
        let result = api
            .create_alias(&name, text(&planned.description), &routes)
            .await;
        self.created(api, planned, &alias_arn, result, started, diags)
            .await
    }

    async fn read(
        &self,
        _ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        prior: AliasState,
        diags: &mut Diagnostics,
    ) -> Refreshed<AliasState> {
        match api.describe_alias(arn).await {
            Ok(a) => Refreshed::Found(remote_state(&prior, &a)),
            Err(e) if e.is_not_found() => Refreshed::Gone,
            Err(e) => {
                aws_error(diags, "DescribeStateMachineAlias", &e, None);
                Refreshed::Kept(prior)
            }
        }
    }

    async fn update(
        &self,
        _ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        prior: AliasState,
        planned: AliasState,
        _cfg: &AliasState,
        diags: &mut Diagnostics,
    ) -> AliasState {
        let routes = planned.routes();
        if let (Value::Value(m), Some(owner)) = (planned.routed_machine(), prior.owner()) {
            if m != owner {
                diags.error(
                    "SFN064 alias-machine-changed: the routes now point at versions of another state machine",
                    format!("The alias belongs to {owner}; its routes point at versions of {m}. An alias cannot move to another machine: replace it (terraform apply -replace=<address>)."),
                    AttributePath::new("routing_configuration").index(0).attribute("state_machine_version_arn"),
                );
                return prior;
            }
        }
        let description = text(&planned.description);
        match api.update_alias(arn, description, &routes).await {
            Ok(()) => {}
            Err(e)
                if e.answer_may_be_lost()
                    && api
                        .describe_alias(arn)
                        .await
                        .is_ok_and(|a| matches(&a, description, &routes)) =>
            {
                diags.warning(
                    format!("SFN043 update-answer-lost: AWS {}: UpdateStateMachineAlias's answer was lost; the alias has the new routes", e.code),
                    format!("{} DescribeStateMachineAlias shows the new description and routes, so they are saved in state.", e.message),
                    AttributePath::root(),
                );
            }
            Err(e) => {
                aws_error(
                    diags,
                    "UpdateStateMachineAlias",
                    &e,
                    Some(route_attribute(&routes, &e.message)),
                );
                return prior;
            }
        }
        let owner = prior.owner();
        AliasState {
            id: prior.id,
            arn: prior.arn,
            creation_date: prior.creation_date,
            state_machine_arn: maybe(owner.as_deref()),
            ..planned
        }
    }

    async fn delete(
        &self,
        _ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        _prior: AliasState,
        diags: &mut Diagnostics,
    ) -> bool {
        let result = api.delete_alias(arn).await;
        deleted(
            "DeleteStateMachineAlias",
            arn,
            result,
            || api.describe_alias(arn),
            diags,
        )
        .await
    }

    fn arn(state: &AliasState) -> Option<&str> {
        text(&state.arn)
    }

    fn import_seed(&self, id: &str, diags: &mut Diagnostics) -> Option<AliasState> {
        let ok = id.starts_with("arn:")
            && id.split(':').count() == 8
            && id.split(':').nth(5) == Some("stateMachine")
            && !id
                .rsplit(':')
                .next()
                .unwrap_or_default()
                .chars()
                .all(|c| c.is_ascii_digit());
        if !ok {
            diags.root_error(
                format!("SFN018 invalid-import-id: \"{id}\" is not a state machine alias ARN"),
                "Import with the alias ARN: terraform import sfn_alias.<name> arn:aws:states:<region>:<account>:stateMachine:<machine>:<alias>",
            );
            return None;
        }
        Some(AliasState {
            id: known(id),
            arn: known(id),
            ..AliasState::default()
        })
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
