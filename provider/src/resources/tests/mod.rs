//! The resources and data sources against [`FakeSfn`]: the AWS behaviours the local emulator
//! cannot reproduce (IAM and KMS propagation errors, lost answers, DELETING, versions, idempotent
//! replays of creates, remote validation, paging, the caller's account).
//!
//! Methods are called as Terraform would, through tf-provider's `Resource` and `DataSource`
//! traits: `plan_create` then `create` with the planned state, `plan_update` with a proposed
//! state built like Terraform's, then `update`; successful applies are checked against their
//! plan (every known planned value must come back unchanged, nothing unknown remains).

mod activity;
mod alias;
mod data_sources;
mod ownership;
mod state_machine;
mod versions;

use std::sync::{Arc, Once};

use serde::de::DeserializeOwned;
use serde::Serialize;
use tf_provider::schema::{AttributeConstraint, Block};
use tf_provider::{AttributePath, DataSource, Diagnostics, Resource};

use super::lifecycle::{Lifecycle, Managed};
use super::lookup::{Lookup, Served};
use super::state_machine::{MachineState, StateMachine};
use crate::aws::api::*;
use crate::aws::fake::FakeSfn;
use crate::config::ProviderConfig;
use crate::model::{known, tags_value, Tags, Value};
use crate::session::Session;
use crate::tfvalue::Raw;

pub const DEF: &str = r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
pub const DEF_PRETTY: &str =
    "{\n  \"States\": {\n    \"A\": { \"Type\": \"Succeed\" }\n  },\n  \"StartAt\": \"A\"\n}";
pub const DEF2: &str = r#"{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}"#;
pub const DEF3: &str = r#"{"StartAt":"C","States":{"C":{"Type":"Pass","End":true}}}"#;
pub const ROLE: &str = "arn:aws:iam::123456789012:role/orders-sfn";
pub const LOGS: &str =
    "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*";

/// Waits shrink a thousandfold (see `retry::scale`). Environment variables are process-wide:
/// every test that may wait calls this first, and nothing else sets it.
fn setup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| std::env::set_var("SFN_PROVIDER_WAIT_SCALE", "1000"));
}

// ---- values ----

pub fn tags(pairs: &[(&str, &str)]) -> Tags {
    tags_value(
        &pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>(),
    )
}

pub fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// An `sfn_state_machine` configuration: name `orders`, [`DEF`], [`ROLE`], then `f`.
pub fn sm_config(f: impl FnOnce(&mut MachineState)) -> MachineState {
    let mut c = MachineState {
        name: known("orders"),
        definition: known(DEF),
        role_arn: known(ROLE),
        ..MachineState::default()
    };
    f(&mut c);
    c
}

/// A typed model as the MessagePack tree Terraform would send.
pub fn tree<T: Serialize>(t: &T) -> rmpv::Value {
    let bytes = rmp_serde::to_vec_named(t).unwrap_or_default();
    rmpv::decode::read_value(&mut bytes.as_slice()).unwrap_or(rmpv::Value::Nil)
}

pub fn from_tree<T: DeserializeOwned>(v: &rmpv::Value) -> T {
    let mut bytes = Vec::new();
    rmpv::encode::write_value(&mut bytes, v).unwrap_or_default();
    rmp_serde::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}: {v}"))
}

fn member<'a>(v: &'a rmpv::Value, key: &str) -> &'a rmpv::Value {
    static NIL: rmpv::Value = rmpv::Value::Nil;
    match v {
        rmpv::Value::Map(m) => m
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map_or(&NIL, |(_, v)| v),
        _ => &NIL,
    }
}

fn has_unknown(v: &rmpv::Value) -> bool {
    match v {
        rmpv::Value::Ext(..) => true,
        rmpv::Value::Array(a) => a.iter().any(has_unknown),
        rmpv::Value::Map(m) => m.iter().any(|(_, v)| has_unknown(v)),
        _ => false,
    }
}

/// Terraform's proposed new state: the configuration, with computed attributes (and optional
/// computed ones the configuration leaves null) taken from the prior state.
pub fn proposed<T: Serialize + DeserializeOwned>(schema: &Block, prior: &T, config: &T) -> T {
    let (prior, config) = (tree(prior), tree(config));
    let rmpv::Value::Map(members) = &config else {
        panic!("config is not an object")
    };
    let merged = members
        .iter()
        .map(|(k, v)| {
            let name = k.as_str().unwrap_or_default();
            let from_prior = match schema.attributes.get(name).map(|a| &a.constraint) {
                Some(AttributeConstraint::Computed) => true,
                Some(AttributeConstraint::OptionalComputed) => v.is_nil(),
                _ => false,
            };
            let v = if from_prior {
                member(&prior, name).clone()
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect();
    from_tree(&rmpv::Value::Map(merged))
}

/// Every value known in the plan must come back unchanged from the apply; nothing stays unknown.
pub fn assert_conforms<T: Serialize>(planned: &T, new: &T) {
    let (p, n) = (tree(planned), tree(new));
    let rmpv::Value::Map(members) = &p else {
        panic!("planned state is not an object")
    };
    for (k, v) in members {
        let key = k.as_str().unwrap_or_default();
        if has_unknown(v) {
            assert!(
                !has_unknown(member(&n, key)),
                "{key} is still unknown after apply"
            );
        } else {
            assert_eq!(
                v,
                member(&n, key),
                "{key}: planned {v}, applied {}",
                member(&n, key)
            );
        }
    }
}

// ---- diagnostics ----

pub fn no_errors(d: &Diagnostics) {
    assert!(d.errors.is_empty(), "unexpected errors: {:#?}", d.errors);
}

pub fn the_error(d: &Diagnostics) -> &tf_provider::Diagnostic {
    assert_eq!(d.errors.len(), 1, "expected one error: {:#?}", d.errors);
    &d.errors[0]
}

pub fn has(list: &[tf_provider::Diagnostic], code: &str, at: &AttributePath) -> bool {
    list.iter()
        .any(|d| d.summary.starts_with(code) && d.attribute == *at)
}

pub fn path(a: &str) -> AttributePath {
    AttributePath::new(a.to_string())
}

// ---- errors AWS returns ----

pub fn role_not_assumable() -> ApiError {
    ApiError::new(
        "AccessDeniedException",
        "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.",
    )
}

pub fn caller_denied(action: &str) -> ApiError {
    ApiError::new(
        "AccessDeniedException",
        format!("User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:{action} because no identity-based policy allows the states:{action} action"),
    )
}

pub fn server_error() -> ApiError {
    ApiError {
        code: "InternalServerError".into(),
        message: "We encountered an internal error. Please try again.".into(),
        http_status: Some(500),
    }
}

pub fn lost(code: &str) -> ApiError {
    ApiError::new(code, "connection reset by peer")
}

// ---- the provider around a fake ----

pub struct Env {
    pub fake: Arc<FakeSfn>,
    pub session: Arc<Session>,
}

pub fn env() -> Env {
    env_with(ProviderConfig::default())
}

pub fn env_with(config: ProviderConfig) -> Env {
    setup();
    let fake = Arc::new(FakeSfn::new());
    let session = Arc::new(Session::with_api(fake.clone(), config));
    Env { fake, session }
}

/// A resource of the env, driven as Terraform drives it.
pub struct Driver<L> {
    pub r: Managed<L>,
}

impl Env {
    pub fn resource<L: Lifecycle>(&self, l: L) -> Driver<L> {
        Driver {
            r: Managed::new(l, self.session.clone()),
        }
    }

    pub fn sm(&self) -> Driver<StateMachine> {
        self.resource(StateMachine)
    }

    pub fn data<L: Lookup>(&self, l: L) -> Served<L> {
        Served::new(l, self.session.clone())
    }

    /// A state machine created through the resource, with `f` applied to the configuration.
    pub async fn machine(&self, f: impl FnOnce(&mut MachineState)) -> MachineState {
        self.sm().created(sm_config(f)).await
    }
}

impl<L: Lifecycle> Driver<L> {
    pub async fn validate(&self, cfg: &L::State) -> Diagnostics {
        let mut d = Diagnostics::default();
        self.r.validate(&mut d, Value::Value(cfg.clone())).await;
        d
    }

    pub async fn plan_create(&self, cfg: &L::State) -> (Diagnostics, Option<L::State>) {
        let mut d = Diagnostics::default();
        let planned = self
            .r
            .plan_create(
                &mut d,
                Value::Value(cfg.clone()),
                Value::Value(cfg.clone()),
                Raw::default(),
            )
            .await
            .and_then(|(s, _)| s.as_option());
        (d, planned)
    }

    /// plan_create then create; a clean apply must match its plan.
    pub async fn create(&self, cfg: L::State) -> (Diagnostics, Option<L::State>) {
        let (mut d, planned) = self.plan_create(&cfg).await;
        no_errors(&d);
        let planned = planned.unwrap_or_else(|| panic!("plan_create returned nothing"));
        let state = self
            .r
            .create(
                &mut d,
                Value::Value(planned.clone()),
                Value::Value(cfg),
                Raw::default(),
                Raw::default(),
            )
            .await
            .and_then(|(s, _)| s.as_option());
        if let (Some(st), true) = (&state, d.errors.is_empty()) {
            assert_conforms(&planned, st);
        }
        (d, state)
    }

    pub async fn created(&self, cfg: L::State) -> L::State {
        let (d, state) = self.create(cfg).await;
        no_errors(&d);
        state.unwrap_or_else(|| panic!("created"))
    }

    pub async fn plan_update(
        &self,
        prior: &L::State,
        cfg: &L::State,
    ) -> (Diagnostics, L::State, Vec<AttributePath>) {
        let mut d = Diagnostics::default();
        let block = self.r.lifecycle.schema().block;
        let prop = proposed(&block, prior, cfg);
        let (planned, _, replace) = self
            .r
            .plan_update(
                &mut d,
                Value::Value(prior.clone()),
                Value::Value(prop),
                Value::Value(cfg.clone()),
                Raw::default(),
                Raw::default(),
            )
            .await
            .unwrap_or_else(|| panic!("plan_update returned nothing: {d:?}"));
        (
            d,
            planned.as_option().unwrap_or_else(|| panic!("no plan")),
            replace,
        )
    }

    /// plan_update (which must not replace) then update; a clean apply must match its plan.
    pub async fn update(
        &self,
        prior: &L::State,
        cfg: L::State,
    ) -> (Diagnostics, L::State, L::State) {
        let (mut d, planned, replace) = self.plan_update(prior, &cfg).await;
        assert!(replace.is_empty(), "unexpected replacement: {replace:?}");
        no_errors(&d);
        let state = self.apply_update(prior, &planned, cfg, &mut d).await;
        if d.errors.is_empty() {
            assert_conforms(&planned, &state);
        }
        (d, planned, state)
    }

    pub async fn apply_update(
        &self,
        prior: &L::State,
        planned: &L::State,
        cfg: L::State,
        d: &mut Diagnostics,
    ) -> L::State {
        self.r
            .update(
                d,
                Value::Value(prior.clone()),
                Value::Value(planned.clone()),
                Value::Value(cfg),
                Raw::default(),
                Raw::default(),
            )
            .await
            .and_then(|(s, _)| s.as_option())
            .unwrap_or_else(|| panic!("update returns a state"))
    }

    /// The refreshed state; `None` when the object is gone.
    pub async fn read(&self, state: &L::State) -> (Diagnostics, Option<L::State>) {
        let mut d = Diagnostics::default();
        let (new, _) = self
            .r
            .read(
                &mut d,
                Value::Value(state.clone()),
                Raw::default(),
                Raw::default(),
            )
            .await
            .unwrap_or_else(|| panic!("read returned nothing"));
        (d, new.as_option())
    }

    pub async fn destroy(&self, state: &L::State) -> (Diagnostics, Option<()>) {
        let mut d = Diagnostics::default();
        let r = self
            .r
            .destroy(
                &mut d,
                Value::Value(state.clone()),
                Raw::default(),
                Raw::default(),
            )
            .await;
        (d, r)
    }

    pub async fn import(&self, id: &str) -> (Diagnostics, Option<L::State>) {
        let mut d = Diagnostics::default();
        let r = self
            .r
            .import(&mut d, id.to_string())
            .await
            .and_then(|(s, _)| s.as_option());
        (d, r)
    }
}

/// A data source's read.
pub async fn lookup<L: Lookup>(data: &Served<L>, cfg: L::State) -> (Diagnostics, Option<L::State>) {
    let mut d = Diagnostics::default();
    data.validate(&mut d, Value::Value(cfg.clone())).await;
    if !d.errors.is_empty() {
        return (d, None);
    }
    let r = data
        .read(&mut d, Value::Value(cfg), Raw::default())
        .await
        .and_then(|s| s.as_option());
    (d, r)
}

pub fn spec(name: &str, definition: &str) -> MachineSpec {
    MachineSpec {
        name: name.into(),
        definition: definition.into(),
        role_arn: ROLE.into(),
        kind: "STANDARD".into(),
        ..MachineSpec::default()
    }
}

pub fn s(v: &Value<String>) -> &str {
    crate::model::text(v).unwrap_or_default()
}

/// A machine made directly in the fake with `n` published versions ("v1" .. "vn").
pub async fn machine_with_versions(env: &Env, n: usize) -> String {
    let mut sp = spec("orders", DEF);
    sp.publish = true;
    sp.version_description = Some("v1".into());
    let arn = env.fake.create_state_machine(&sp).await.unwrap().arn;
    for i in 2..=n {
        let u = MachineUpdate {
            definition: Some(format!(
                r#"{{"StartAt":"S{i}","States":{{"S{i}":{{"Type":"Succeed"}}}}}}"#
            )),
            publish: true,
            version_description: Some(format!("v{i}")),
            ..MachineUpdate::default()
        };
        env.fake.update_state_machine(&arn, &u).await.unwrap();
    }
    arn
}

/// The keys a model serialises, nested blocks included, against a schema block.
fn assert_model_matches(what: &str, block: &Block, model: &rmpv::Value) {
    let rmpv::Value::Map(members) = model else {
        panic!("{what}: the model is not an object")
    };
    let keys: std::collections::BTreeSet<&str> =
        members.iter().filter_map(|(k, _)| k.as_str()).collect();
    let schema: std::collections::BTreeSet<&str> = block
        .attributes
        .keys()
        .chain(block.blocks.keys())
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys, schema,
        "{what}: the model and the schema name different attributes"
    );
}

#[test]
fn every_model_has_exactly_its_schema_attributes() {
    use crate::resources::state_machine::model::{LoggingBlock, Timeouts, TracingBlock};
    use crate::resources::{
        activity, activity_data, alias, alias_data, state_machine, state_machine_data,
        versions_data,
    };
    let sm = state_machine::schema().block;
    assert_model_matches("sfn_state_machine", &sm, &tree(&MachineState::default()));
    for (name, model) in [
        ("logging_configuration", tree(&LoggingBlock::default())),
        ("tracing_configuration", tree(&TracingBlock::default())),
        (
            "encryption_configuration",
            tree(&crate::resources::blocks::EncryptionBlock::default()),
        ),
        ("timeouts", tree(&Timeouts::default())),
    ] {
        let nested = match &sm.blocks[name] {
            tf_provider::schema::NestedBlock::Optional(b)
            | tf_provider::schema::NestedBlock::List(b) => b,
            _ => panic!("{name}"),
        };
        assert_model_matches(name, nested, &model);
    }
    assert_model_matches(
        "sfn_alias",
        &alias::schema().block,
        &tree(&alias::AliasState::default()),
    );
    assert_model_matches(
        "sfn_activity",
        &activity::schema().block,
        &tree(&activity::ActivityState::default()),
    );
    assert_model_matches(
        "data sfn_state_machine",
        &state_machine_data::schema().block,
        &tree(&state_machine_data::MachineLookup::default()),
    );
    assert_model_matches(
        "data sfn_alias",
        &alias_data::schema().block,
        &tree(&alias_data::AliasLookup::default()),
    );
    assert_model_matches(
        "data sfn_activity",
        &activity_data::schema().block,
        &tree(&activity_data::ActivityLookup::default()),
    );
    assert_model_matches(
        "data sfn_state_machine_versions",
        &versions_data::schema().block,
        &tree(&versions_data::VersionsLookup::default()),
    );
    assert_model_matches(
        "provider",
        &crate::config::schema().block,
        &tree(&crate::config::ProviderBlock::default()),
    );
    // Every resource and data source in the registry has a page's worth of schema.
    let (resources, data_sources) = crate::resources::schemas();
    assert_eq!(
        resources.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        ["state_machine", "alias", "activity"]
    );
    assert_eq!(
        data_sources.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        [
            "workflow",
            "workflow_test",
            "state_machine",
            "alias",
            "activity",
            "state_machine_versions"
        ]
    );
}
