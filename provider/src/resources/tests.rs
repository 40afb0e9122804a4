//! The resources against [`FakeSfn`]: the AWS behaviours the local emulator cannot reproduce
//! (IAM propagation errors, lost responses, DELETING, versions, remote validation, paging).
//!
//! Methods are called as Terraform would: `plan_create` then `create` with the planned state,
//! `plan_update` with a proposed state built like Terraform's, then `update`; successful applies
//! are checked against their plan (every known planned value must come back unchanged).

use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

use tf_provider::schema::{AttributeConstraint, Block};
use tf_provider::{AttributePath, DataSource, Diagnostics, Resource};

use super::alias::Alias;
use super::common::Obj;
use super::state_machine::StateMachine;
use super::state_machine_data::StateMachineData;
use super::{activity, alias, state_machine, state_machine_data};
use crate::aws::api::*;
use crate::aws::fake::{self, FakeSfn, Op};
use crate::provider::{ProviderConfig, Shared};
use crate::tfvalue::{unknown, Raw, Tf};
use crate::workflow::decode_config;

const DEF: &str = r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
const DEF_PRETTY: &str =
    "{\n  \"States\": {\n    \"A\": { \"Type\": \"Succeed\" }\n  },\n  \"StartAt\": \"A\"\n}";
const DEF2: &str = r#"{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}"#;
const DEF3: &str = r#"{"StartAt":"C","States":{"C":{"Type":"Pass","End":true}}}"#;
const ROLE: &str = "arn:aws:iam::123456789012:role/orders-sfn";
const LOGS: &str = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*";

/// Waits shrink a thousandfold (see `retry::scale`). Environment variables are process-wide:
/// every test that may wait calls this first, and nothing else sets it.
fn setup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| std::env::set_var("SFN_PROVIDER_WAIT_SCALE", "1000"));
}

// ---- values ----

fn s(v: &str) -> rmpv::Value {
    rmpv::Value::String(v.into())
}

fn b(v: bool) -> rmpv::Value {
    rmpv::Value::Boolean(v)
}

fn map(pairs: &[(&str, &str)]) -> rmpv::Value {
    rmpv::Value::Map(pairs.iter().map(|(k, v)| (s(k), s(v))).collect())
}

fn timeouts(ops: &[(&str, &str)]) -> rmpv::Value {
    let mut m = vec![
        (s("create"), rmpv::Value::Nil),
        (s("update"), rmpv::Value::Nil),
        (s("delete"), rmpv::Value::Nil),
    ];
    for (op, d) in ops {
        if let Some(slot) = m.iter_mut().find(|(k, _)| k.as_str() == Some(op)) {
            slot.1 = s(d);
        }
    }
    rmpv::Value::Array(vec![rmpv::Value::Map(m)])
}

fn logging(level: &str, dest: &str) -> rmpv::Value {
    rmpv::Value::Array(vec![rmpv::Value::Map(vec![
        (s("level"), s(level)),
        (s("include_execution_data"), b(false)),
        (s("log_destination"), s(dest)),
    ])])
}

/// A configuration with every attribute of the schema (null or empty), then `fields`.
fn config(schema: &Block, fields: &[(&str, rmpv::Value)]) -> Raw {
    let mut o = Obj::empty(schema);
    for (k, v) in fields {
        assert!(o.0.contains_key(*k), "{k} is not in the schema");
        o.set(k, v.clone());
    }
    o.raw()
}

/// An `sfn_state_machine` configuration: name `orders`, [`DEF`], [`ROLE`], then `fields`.
fn sm_config(fields: &[(&str, rmpv::Value)]) -> Raw {
    let mut all = vec![
        ("name", s("orders")),
        ("definition", s(DEF)),
        ("role_arn", s(ROLE)),
    ];
    all.extend(fields.iter().cloned());
    config(&state_machine::schema().block, &all)
}

fn get(raw: &Raw, key: &str) -> rmpv::Value {
    match &raw.0 {
        rmpv::Value::Map(m) => m
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v.clone())
            .unwrap_or(rmpv::Value::Nil),
        _ => rmpv::Value::Nil,
    }
}

fn get_str(raw: &Raw, key: &str) -> String {
    get(raw, key).as_str().unwrap_or_default().to_string()
}

fn tf(raw: &Raw) -> Tf {
    let mut d = Diagnostics::default();
    let v = decode_config(&mut d, raw);
    assert!(d.errors.is_empty(), "{d:?}");
    v.unwrap_or(Tf::Null)
}

fn with(raw: &Raw, fields: &[(&str, rmpv::Value)]) -> Raw {
    let mut o = Obj::from_raw(&state_machine::schema().block, raw);
    for (k, v) in fields {
        o.set(k, v.clone());
    }
    o.raw()
}

/// Terraform's proposed new state: the configuration, with computed attributes (and optional
/// computed ones the configuration leaves null) taken from the prior state.
fn proposed(schema: &Block, prior: &Raw, config: &Raw) -> Raw {
    let mut o = Obj::from_raw(schema, config);
    for (name, a) in &schema.attributes {
        let from_prior = match a.constraint {
            AttributeConstraint::Computed => true,
            AttributeConstraint::OptionalComputed => get(config, name).is_nil(),
            _ => false,
        };
        if from_prior {
            o.set(name, get(prior, name));
        }
    }
    o.raw()
}

/// Every value known in the plan must come back unchanged from the apply.
fn assert_conforms(planned: &Raw, new: &Raw) {
    let (p, n) = (tf(planned), tf(new));
    let Tf::Object(members) = &p else {
        panic!("planned state is not an object: {p:?}")
    };
    for (k, v) in members {
        if !v.has_unknown() {
            assert_eq!(v, n.get(k), "{k}: planned {v:?}, applied {:?}", n.get(k));
        }
    }
    for (k, v) in members {
        if v.is_unknown() {
            assert!(!n.get(k).is_unknown(), "{k} is still unknown after apply");
        }
    }
}

// ---- diagnostics ----

fn no_errors(d: &Diagnostics) {
    assert!(d.errors.is_empty(), "unexpected errors: {:#?}", d.errors);
}

fn the_error(d: &Diagnostics) -> &tf_provider::Diagnostic {
    assert_eq!(d.errors.len(), 1, "expected one error: {:#?}", d.errors);
    &d.errors[0]
}

fn has(list: &[tf_provider::Diagnostic], code: &str, at: &AttributePath) -> bool {
    list.iter()
        .any(|d| d.summary.starts_with(code) && d.attribute == *at)
}

fn path(a: &str) -> AttributePath {
    AttributePath::new(a.to_string())
}

fn route_path(i: i64, a: &str) -> AttributePath {
    AttributePath::new("routing_configuration")
        .index(i)
        .attribute(a.to_string())
}

// ---- errors AWS returns ----

fn role_not_assumable() -> ApiError {
    ApiError::new(
        "AccessDeniedException",
        "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.",
    )
}

fn log_destination_denied() -> ApiError {
    ApiError::new(
        "InvalidLoggingConfiguration",
        "The state machine IAM Role is not authorized to access the Log Destination",
    )
}

fn caller_denied(action: &str) -> ApiError {
    ApiError::new(
        "AccessDeniedException",
        format!("User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:{action} on resource: arn:aws:states:us-east-1:123456789012:stateMachine:orders because no identity-based policy allows the states:{action} action"),
    )
}

fn server_error() -> ApiError {
    ApiError {
        code: "InternalServerError".into(),
        message: "We encountered an internal error. Please try again.".into(),
        http_status: Some(500),
    }
}

// ---- the provider around a fake ----

struct Env {
    fake: Arc<FakeSfn>,
    shared: Arc<Shared>,
}

fn env() -> Env {
    env_with(ProviderConfig::default())
}

fn env_with(config: ProviderConfig) -> Env {
    setup();
    let fake = Arc::new(FakeSfn::new());
    let shared = Arc::new(Shared::with_api(fake.clone(), config));
    Env { fake, shared }
}

impl Env {
    fn sm(&self) -> StateMachine {
        StateMachine {
            shared: self.shared.clone(),
        }
    }

    fn alias(&self) -> Alias {
        Alias {
            shared: self.shared.clone(),
        }
    }

    /// plan_create then create, as Terraform runs them; a clean apply must match its plan.
    async fn create(&self, cfg: Raw) -> (Diagnostics, Option<Raw>) {
        let mut d = Diagnostics::default();
        let (planned, _) = self
            .sm()
            .plan_create(&mut d, cfg.clone(), cfg.clone(), Raw::default())
            .await
            .expect("plan_create");
        no_errors(&d);
        let state = self
            .sm()
            .create(&mut d, planned.clone(), cfg, Raw::default(), Raw::default())
            .await
            .map(|(s, _)| s);
        if let (Some(st), true) = (&state, d.errors.is_empty()) {
            assert_conforms(&planned, st);
        }
        (d, state)
    }

    async fn created(&self, cfg: Raw) -> Raw {
        let (d, state) = self.create(cfg).await;
        no_errors(&d);
        state.expect("created")
    }

    async fn plan_update(&self, prior: &Raw, cfg: &Raw) -> (Diagnostics, Raw) {
        let mut d = Diagnostics::default();
        let prop = proposed(&state_machine::schema().block, prior, cfg);
        let (planned, _, replace) = self
            .sm()
            .plan_update(
                &mut d,
                prior.clone(),
                prop,
                cfg.clone(),
                Raw::default(),
                Raw::default(),
            )
            .await
            .expect("plan_update");
        assert!(replace.is_empty(), "unexpected replacement: {replace:?}");
        (d, planned)
    }

    /// plan_update then update; a clean apply must match its plan.
    async fn update(&self, prior: &Raw, cfg: Raw) -> (Diagnostics, Raw, Raw) {
        let (mut d, planned) = self.plan_update(prior, &cfg).await;
        no_errors(&d);
        let (state, _) = self
            .sm()
            .update(
                &mut d,
                prior.clone(),
                planned.clone(),
                cfg,
                Raw::default(),
                Raw::default(),
            )
            .await
            .expect("update returns a state");
        if d.errors.is_empty() {
            assert_conforms(&planned, &state);
        }
        (d, planned, state)
    }

    async fn read(&self, state: &Raw) -> (Diagnostics, Raw) {
        let mut d = Diagnostics::default();
        let (new, _) = self
            .sm()
            .read(&mut d, state.clone(), Raw::default(), Raw::default())
            .await
            .expect("read");
        (d, new)
    }

    async fn destroy(&self, state: &Raw) -> (Diagnostics, Option<()>) {
        let mut d = Diagnostics::default();
        let r = self
            .sm()
            .destroy(&mut d, state.clone(), Raw::default(), Raw::default())
            .await;
        (d, r)
    }

    async fn import(&self, id: &str) -> (Diagnostics, Option<Raw>) {
        let mut d = Diagnostics::default();
        let r = self
            .sm()
            .import(&mut d, id.to_string())
            .await
            .map(|(s, _)| s);
        (d, r)
    }
}

fn spec(name: &str, definition: &str) -> MachineSpec {
    MachineSpec {
        name: name.into(),
        definition: definition.into(),
        role_arn: ROLE.into(),
        kind: "STANDARD".into(),
        ..MachineSpec::default()
    }
}

// ---- create ----

#[tokio::test]
async fn create_retries_while_the_role_and_log_permissions_propagate() {
    let env = env();
    env.fake
        .fail(Op::CreateStateMachine, 2, role_not_assumable());
    env.fake
        .fail(Op::CreateStateMachine, 1, log_destination_denied());
    let state = env
        .created(sm_config(&[(
            "logging_configuration",
            logging("ALL", LOGS),
        )]))
        .await;
    assert_eq!(get_str(&state, "arn"), fake::machine_arn("orders"));
    assert_eq!(get_str(&state, "id"), fake::machine_arn("orders"));
    assert_eq!(get_str(&state, "status"), "ACTIVE");
    assert_eq!(env.fake.count(Op::CreateStateMachine), 4);
    assert_eq!(env.fake.machines().len(), 1);
    // A refresh right after the create finds nothing to change.
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    assert_eq!(tf(&read), tf(&state));
}

#[tokio::test]
async fn create_reports_a_propagation_error_that_outlasts_the_timeout() {
    let env = env();
    env.fake
        .fail(Op::CreateStateMachine, 1_000_000, role_not_assumable());
    let started = Instant::now();
    let (d, state) = env
        .create(sm_config(&[("timeouts", timeouts(&[("create", "2s")]))]))
        .await;
    let took = started.elapsed();
    assert!(state.is_none(), "nothing was created: no state");
    assert!(
        took >= Duration::from_millis(1500) && took < Duration::from_secs(10),
        "{took:?}"
    );
    let e = the_error(&d);
    assert!(e.summary.contains("AccessDeniedException"), "{}", e.summary);
    assert!(e.summary.contains("CreateStateMachine"), "{}", e.summary);
    assert!(e.detail.contains("still failing after"), "{}", e.detail);
    assert!(e.detail.contains("trust policy"), "{}", e.detail);
    assert_eq!(e.attribute, path("role_arn"));
    assert!(env.fake.count(Op::CreateStateMachine) > 3);
    assert!(env.fake.machines().is_empty());
}

#[tokio::test]
async fn create_reports_a_log_permission_error_on_the_logging_block() {
    let env = env();
    env.fake
        .fail(Op::CreateStateMachine, 1_000_000, log_destination_denied());
    let (d, state) = env
        .create(sm_config(&[
            ("logging_configuration", logging("ERROR", LOGS)),
            ("timeouts", timeouts(&[("create", "1s")])),
        ]))
        .await;
    assert!(state.is_none());
    let e = the_error(&d);
    assert!(e.summary.contains("InvalidLoggingConfiguration"));
    assert_eq!(e.attribute, path("logging_configuration"));
}

#[tokio::test]
async fn an_access_denial_that_is_not_about_propagation_fails_at_once() {
    let env = env();
    env.fake.fail(
        Op::CreateStateMachine,
        5,
        caller_denied("CreateStateMachine"),
    );
    let (d, state) = env.create(sm_config(&[])).await;
    assert!(state.is_none());
    assert_eq!(env.fake.count(Op::CreateStateMachine), 1);
    assert_eq!(env.fake.pending_faults(Op::CreateStateMachine), 4);
    let e = the_error(&d);
    assert!(e.summary.contains("AccessDeniedException"));
    assert!(e.detail.contains("credentials"), "{}", e.detail);
}

#[tokio::test]
async fn a_create_whose_answer_was_lost_is_adopted_not_duplicated() {
    let env = env();
    env.fake.fail_after_apply(
        Op::CreateStateMachine,
        ApiError::new("NetworkError", "connection reset by peer"),
    );
    let (d, state) = env
        .create(sm_config(&[("tags", map(&[("team", "payments")]))]))
        .await;
    let state = state.expect("the machine exists: its state is kept");
    // Recorded without an error: an error would taint the machine and replace it next apply.
    assert!(d.errors.is_empty(), "{:#?}", d.errors);
    assert_eq!(d.warnings.len(), 1, "{:#?}", d.warnings);
    let w = &d.warnings[0];
    assert!(
        w.summary.starts_with("SFN041 create-answer-lost"),
        "{}",
        w.summary
    );
    assert!(w.summary.contains("NetworkError"), "{}", w.summary);
    assert!(w.summary.contains("answer was lost"), "{}", w.summary);
    assert_eq!(get_str(&state, "arn"), fake::machine_arn("orders"));
    assert_eq!(get_str(&state, "id"), fake::machine_arn("orders"));
    assert_eq!(env.fake.machines().len(), 1);
    assert_eq!(env.fake.count(Op::CreateStateMachine), 1);
    // The adopted state matches AWS: a refresh changes nothing that matters.
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    for k in ["arn", "name", "definition", "role_arn", "type", "tags_all"] {
        assert_eq!(tf(&read).get(k), tf(&state).get(k), "{k}");
    }
}

#[tokio::test]
async fn a_lost_create_that_published_records_its_version() {
    let env = env();
    env.fake.fail_after_apply(
        Op::CreateStateMachine,
        ApiError::new("TimeoutError", "the request timed out"),
    );
    let (d, state) = env.create(sm_config(&[("publish", b(true))])).await;
    let state = state.expect("adopted");
    assert!(d.errors.is_empty(), "{:#?}", d.errors);
    assert!(d.warnings[0].summary.contains("answer was lost"));
    let arn = fake::machine_arn("orders");
    assert_eq!(
        get_str(&state, "state_machine_version_arn"),
        format!("{arn}:1")
    );
    assert_eq!(env.fake.list_versions(&arn).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_lost_create_is_not_confused_with_a_machine_being_deleted() {
    let env = env();
    let old = env.created(sm_config(&[])).await;
    env.fake.set_deleting_describes(100);
    env.fake.delete_outside(&get_str(&old, "arn"));
    // The create is refused (the name is still taken) and its answer is lost besides.
    env.fake.fail(
        Op::CreateStateMachine,
        1,
        ApiError::new("NetworkError", "connection reset by peer"),
    );
    let (d, state) = env
        .create(sm_config(&[("timeouts", timeouts(&[("create", "1s")]))]))
        .await;
    assert!(state.is_none(), "a DELETING machine is not adopted");
    assert!(the_error(&d).summary.contains("NetworkError"));
}

#[tokio::test]
async fn a_generated_name_uses_the_prefix() {
    let env = env();
    let cfg = config(
        &state_machine::schema().block,
        &[
            ("name_prefix", s("orders-")),
            ("definition", s(DEF)),
            ("role_arn", s(ROLE)),
        ],
    );
    let state = env.created(cfg).await;
    let name = get_str(&state, "name");
    assert!(
        name.starts_with("orders-") && name.len() == 7 + 26,
        "{name}"
    );
    assert_eq!(get_str(&state, "arn"), fake::machine_arn(&name));
}

#[tokio::test]
async fn encryption_and_tracing_round_trip() {
    let env = env();
    let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let enc = rmpv::Value::Array(vec![rmpv::Value::Map(vec![
        (s("type"), s("CUSTOMER_MANAGED_KMS_KEY")),
        (s("kms_key_id"), s(key)),
        (
            s("kms_data_key_reuse_period_seconds"),
            rmpv::Value::from(120),
        ),
    ])]);
    let tracing = rmpv::Value::Array(vec![rmpv::Value::Map(vec![(s("enabled"), b(true))])]);
    let state = env
        .created(sm_config(&[
            ("encryption_configuration", enc),
            ("tracing_configuration", tracing),
            ("type", s("EXPRESS")),
        ]))
        .await;
    let m = env
        .fake
        .describe_state_machine(&get_str(&state, "arn"))
        .await
        .unwrap();
    assert!(m.tracing);
    assert_eq!(m.kind, "EXPRESS");
    assert_eq!(
        m.encryption.and_then(|e| e.kms_key_id).as_deref(),
        Some(key)
    );
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    assert_eq!(tf(&read), tf(&state));
    // Back to defaults: the blocks are removed and AWS is told so.
    let (d, _, after) = env
        .update(&state, sm_config(&[("type", s("EXPRESS"))]))
        .await;
    no_errors(&d);
    let m = env
        .fake
        .describe_state_machine(&get_str(&after, "arn"))
        .await
        .unwrap();
    assert!(!m.tracing);
    assert_eq!(
        m.encryption.map(|e| e.kind).as_deref(),
        Some("AWS_OWNED_KEY")
    );
    let (d, read) = env.read(&after).await;
    no_errors(&d);
    assert_eq!(tf(&read), tf(&after));
}

#[tokio::test]
async fn an_update_whose_answer_was_lost_but_applied_is_recorded_with_a_warning() {
    let env = env();
    let prior = env.created(sm_config(&[])).await;
    env.fake.fail_after_apply(
        Op::UpdateStateMachine,
        ApiError::new("NetworkError", "connection reset by peer"),
    );
    let cfg = sm_config(&[("definition", s(DEF2))]);
    let (d, _, state) = env.update(&prior, cfg.clone()).await;
    assert!(d.errors.is_empty(), "{:#?}", d.errors);
    assert!(
        d.warnings[0]
            .summary
            .starts_with("SFN043 update-answer-lost"),
        "{:#?}",
        d.warnings
    );
    assert_eq!(get_str(&state, "definition"), DEF2);
    // The state is what AWS has: the refresh agrees, and the next plan has nothing to do.
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    assert_eq!(get_str(&read, "definition"), DEF2);
    let (d, planned) = env.plan_update(&read, &cfg).await;
    no_errors(&d);
    assert_eq!(tf(&planned), tf(&read));
}

#[tokio::test]
async fn an_update_that_failed_without_an_answer_and_was_not_applied_claims_nothing() {
    let env = env();
    let prior = env.created(sm_config(&[])).await;
    env.fake.fail(
        Op::UpdateStateMachine,
        1,
        ApiError::new("TimeoutError", "no answer"),
    );
    let (d, _, state) = env
        .update(&prior, sm_config(&[("definition", s(DEF2))]))
        .await;
    assert!(the_error(&d)
        .summary
        .contains("UpdateStateMachine failed: AWS TimeoutError"));
    assert_eq!(tf(&state), tf(&prior));
}

#[tokio::test]
async fn a_lost_update_that_publishes_is_an_error_and_the_refresh_catches_up() {
    let env = env();
    let prior = env.created(sm_config(&[("publish", b(true))])).await;
    env.fake.fail_after_apply(
        Op::UpdateStateMachine,
        ApiError::new("NetworkError", "connection reset by peer"),
    );
    let cfg = sm_config(&[("definition", s(DEF2)), ("publish", b(true))]);
    let (d, _, state) = env.update(&prior, cfg.clone()).await;
    assert!(the_error(&d).summary.contains("UpdateStateMachine"));
    assert_eq!(tf(&state), tf(&prior));
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    assert_eq!(get_str(&read, "definition"), DEF2);
}

#[tokio::test]
async fn a_delete_whose_answer_was_lost_waits_for_deleting_and_succeeds() {
    let env = env();
    let state = env.created(sm_config(&[])).await;
    env.fake.set_deleting_describes(2);
    env.fake.fail_after_apply(
        Op::DeleteStateMachine,
        ApiError::new("NetworkError", "connection reset by peer"),
    );
    let (d, done) = env.destroy(&state).await;
    no_errors(&d);
    assert!(done.is_some());
    assert!(env.fake.machines().is_empty());
}

#[tokio::test]
async fn a_delete_that_failed_without_an_answer_and_was_not_applied_is_an_error() {
    let env = env();
    let state = env.created(sm_config(&[])).await;
    env.fake.fail(
        Op::DeleteStateMachine,
        1,
        ApiError::new("NetworkError", "connection reset by peer"),
    );
    let (d, done) = env.destroy(&state).await;
    assert!(done.is_none());
    assert!(the_error(&d).summary.contains("failed: AWS NetworkError"));
    assert_eq!(env.fake.machines().len(), 1);
}

#[tokio::test]
async fn a_delete_accepted_whose_wait_cannot_read_leaves_the_state_with_a_warning() {
    let env = env();
    let state = env.created(sm_config(&[])).await;
    env.fake.fail(
        Op::DescribeStateMachine,
        1,
        ApiError::new("ThrottlingException", "Rate exceeded"),
    );
    let (d, done) = env.destroy(&state).await;
    assert!(d.errors.is_empty(), "{:#?}", d.errors);
    assert!(done.is_some());
    assert!(d.warnings[0]
        .summary
        .starts_with("SFN044 delete-unconfirmed"));
}

#[tokio::test]
async fn a_name_taken_by_another_definition_is_an_error_on_name() {
    let env = env();
    let other = env
        .fake
        .create_state_machine(&spec("orders", DEF2))
        .await
        .unwrap();
    let (d, state) = env.create(sm_config(&[])).await;
    assert!(state.is_none(), "someone else's machine is not adopted");
    let e = the_error(&d);
    assert!(
        e.summary.contains("StateMachineAlreadyExists"),
        "{}",
        e.summary
    );
    assert_eq!(e.attribute, path("name"));
    let m = env.fake.describe_state_machine(&other.arn).await.unwrap();
    assert_eq!(m.definition, DEF2);
    assert_eq!(env.fake.machines().len(), 1);
}

#[tokio::test]
async fn a_create_answered_with_a_machine_of_another_role_does_not_claim_it() {
    // AWS's idempotent CreateStateMachine ignores the role: the same name and definition with
    // another role returns the existing machine as if it had been created.
    let env = env();
    let mut existing = spec("orders", DEF);
    existing.role_arn = "arn:aws:iam::123456789012:role/someone-else".into();
    let other = env.fake.create_state_machine(&existing).await.unwrap();
    let (d, state) = env.create(sm_config(&[])).await;
    assert!(
        state.is_none(),
        "someone else's machine is not claimed: {state:?}"
    );
    let e = the_error(&d);
    assert!(e.summary.starts_with("SFN042 name-taken"), "{}", e.summary);
    assert!(e.summary.contains("role_arn"), "{}", e.summary);
    assert!(e.detail.contains(&other.arn), "{}", e.detail);
    assert_eq!(e.attribute, path("name"));
    let m = env.fake.describe_state_machine(&other.arn).await.unwrap();
    assert_eq!(m.role_arn, existing.role_arn);
    assert_eq!(env.fake.machines().len(), 1);
    // A lost answer is not taken for this create either: the role differs.
    env.fake.fail_after_apply(
        Op::CreateStateMachine,
        ApiError::new("NetworkError", "connection reset by peer"),
    );
    let (d, state) = env.create(sm_config(&[])).await;
    assert!(state.is_none());
    assert!(the_error(&d).summary.contains("NetworkError"));
}

#[tokio::test]
async fn a_name_taken_by_the_same_definition_with_other_settings_is_not_adopted() {
    let env = env();
    let mut existing = spec("orders", DEF);
    existing.logging = Some(Logging {
        level: "ALL".into(),
        include_execution_data: true,
        destinations: vec![LOGS.into()],
    });
    env.fake.create_state_machine(&existing).await.unwrap();
    let (d, state) = env.create(sm_config(&[])).await;
    assert!(
        state.is_none(),
        "a machine whose settings differ from the configuration is not ours: {state:?}"
    );
    let e = the_error(&d);
    assert!(e.summary.contains("StateMachineAlreadyExists"));
    assert_eq!(e.attribute, path("name"));
}

#[tokio::test]
async fn create_waits_for_a_machine_of_the_same_name_to_finish_deleting() {
    let env = env();
    let state = env.created(sm_config(&[])).await;
    env.fake.set_deleting_describes(3);
    env.fake.delete_outside(&get_str(&state, "arn"));
    // The refresh sees DELETING and drops the machine, so Terraform plans a create.
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    assert!(read.0.is_nil());
    env.fake.clear_calls();
    let again = env.created(sm_config(&[])).await;
    assert_eq!(get_str(&again, "arn"), fake::machine_arn("orders"));
    assert_eq!(
        env.fake.status(&fake::machine_arn("orders")).as_deref(),
        Some("ACTIVE")
    );
    assert!(env.fake.count(Op::CreateStateMachine) > 1);
}

#[tokio::test]
async fn default_tags_are_applied_but_not_owned() {
    let env = env_with(ProviderConfig {
        default_tags: vec![("owner".into(), "platform".into())],
        ..ProviderConfig::default()
    });
    let state = env
        .created(sm_config(&[("tags", map(&[("team", "payments")]))]))
        .await;
    let arn = get_str(&state, "arn");
    assert_eq!(
        env.fake.tags_of(&arn),
        vec![
            ("owner".to_string(), "platform".to_string()),
            ("team".to_string(), "payments".to_string())
        ]
    );
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    assert_eq!(tf(&read), tf(&state));
}

// ---- destroy ----

#[tokio::test]
async fn destroy_waits_until_the_machine_is_gone() {
    let env = env();
    let state = env.created(sm_config(&[])).await;
    env.fake.set_deleting_describes(3);
    env.fake.clear_calls();
    let (d, r) = env.destroy(&state).await;
    no_errors(&d);
    assert_eq!(r, Some(()));
    assert_eq!(env.fake.count(Op::DeleteStateMachine), 1);
    // Three describes see DELETING, the fourth finds nothing.
    assert_eq!(env.fake.count(Op::DescribeStateMachine), 4);
    assert!(env.fake.machines().is_empty());
}

#[tokio::test]
async fn destroy_past_its_timeout_is_an_error_and_keeps_the_state() {
    let env = env();
    let state = env
        .created(sm_config(&[("timeouts", timeouts(&[("delete", "1s")]))]))
        .await;
    env.fake.set_deleting_describes(u32::MAX);
    let (d, r) = env.destroy(&state).await;
    assert_eq!(r, None, "the caller keeps the state");
    let e = the_error(&d);
    assert!(e.summary.contains("DeleteTimeout"), "{}", e.summary);
    assert!(e.detail.contains("DELETING"), "{}", e.detail);
    assert_eq!(e.attribute, path("timeouts"));
    assert_eq!(
        env.fake.status(&get_str(&state, "arn")).as_deref(),
        Some("DELETING")
    );
}

#[tokio::test]
async fn destroy_of_a_machine_already_gone_succeeds() {
    let env = env();
    let state = env.created(sm_config(&[])).await;
    env.fake.set_deleting_describes(0);
    env.fake.delete_outside(&get_str(&state, "arn"));
    let (d, r) = env.destroy(&state).await;
    no_errors(&d);
    assert_eq!(r, Some(()));
}

#[tokio::test]
async fn destroy_that_aws_refuses_is_an_error() {
    let env = env();
    let state = env.created(sm_config(&[])).await;
    env.fake.fail(
        Op::DeleteStateMachine,
        1,
        caller_denied("DeleteStateMachine"),
    );
    let (d, r) = env.destroy(&state).await;
    assert_eq!(r, None);
    assert!(the_error(&d).summary.contains("AccessDeniedException"));
    assert_eq!(
        env.fake.status(&get_str(&state, "arn")).as_deref(),
        Some("ACTIVE")
    );
}

// ---- read ----

#[tokio::test]
async fn read_drops_a_machine_deleted_outside_terraform() {
    let env = env();
    let state = env.created(sm_config(&[])).await;
    env.fake.set_deleting_describes(0);
    env.fake.delete_outside(&get_str(&state, "arn"));
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    assert!(read.0.is_nil(), "{read:?}");
}

#[tokio::test]
async fn read_drops_a_machine_that_is_deleting() {
    let env = env();
    let state = env.created(sm_config(&[])).await;
    env.fake.set_deleting_describes(10);
    env.fake.delete_outside(&get_str(&state, "arn"));
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    assert!(read.0.is_nil(), "{read:?}");
}

#[tokio::test]
async fn read_keeps_the_configured_text_of_the_same_json() {
    let env = env();
    let state = env.created(sm_config(&[])).await;
    let arn = get_str(&state, "arn");
    env.fake.set_definition_outside(&arn, DEF_PRETTY);
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    assert_eq!(get_str(&read, "definition"), DEF);
    env.fake.set_definition_outside(&arn, DEF2);
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    assert_eq!(get_str(&read, "definition"), DEF2);
}

#[tokio::test]
async fn read_errors_keep_the_prior_state() {
    let env = env();
    let state = env.created(sm_config(&[])).await;
    env.fake.fail(
        Op::DescribeStateMachine,
        1,
        caller_denied("DescribeStateMachine"),
    );
    let (d, read) = env.read(&state).await;
    assert!(the_error(&d).summary.contains("AccessDeniedException"));
    assert_eq!(read, state);
}

// ---- update ----

#[tokio::test]
async fn a_failed_update_claims_nothing() {
    let env = env();
    let prior = env
        .created(sm_config(&[("tags", map(&[("team", "payments")]))]))
        .await;
    env.fake.fail(
        Op::UpdateStateMachine,
        1,
        ApiError::new(
            "InvalidArn",
            "Invalid Arn: 'Resource type not valid in this context'",
        ),
    );
    let cfg = sm_config(&[
        ("definition", s(DEF2)),
        ("tags", map(&[("team", "orders")])),
    ]);
    let (d, _, state) = env.update(&prior, cfg).await;
    let e = the_error(&d);
    assert!(e.summary.contains("UpdateStateMachine"), "{}", e.summary);
    assert_eq!(tf(&state), tf(&prior));
    let arn = get_str(&prior, "arn");
    assert_eq!(
        env.fake
            .describe_state_machine(&arn)
            .await
            .unwrap()
            .definition,
        DEF
    );
    assert_eq!(env.fake.count(Op::TagResource), 0);
}

#[tokio::test]
async fn a_failed_tagging_after_an_update_keeps_the_old_tags() {
    let env = env();
    let prior = env
        .created(sm_config(&[("tags", map(&[("team", "payments")]))]))
        .await;
    env.fake
        .fail(Op::TagResource, 1, caller_denied("TagResource"));
    let cfg = sm_config(&[
        ("definition", s(DEF2)),
        ("tags", map(&[("team", "payments"), ("env", "prod")])),
    ]);
    let (d, _, state) = env.update(&prior, cfg).await;
    let e = the_error(&d);
    assert!(e.summary.contains("TagResource"), "{}", e.summary);
    assert_eq!(e.attribute, path("tags"));
    let st = tf(&state);
    assert_eq!(st.get("definition").as_str(), Some(DEF2));
    assert_eq!(st.get("tags"), tf(&prior).get("tags"));
    assert_eq!(st.get("tags_all"), tf(&prior).get("tags_all"));
    // What the state says is what AWS has.
    let (d, read) = env.read(&state).await;
    no_errors(&d);
    for k in ["definition", "tags", "tags_all", "revision_id"] {
        assert_eq!(tf(&read).get(k), st.get(k), "{k}");
    }
}

#[tokio::test]
async fn update_retries_while_a_new_role_propagates() {
    let env = env();
    let prior = env.created(sm_config(&[])).await;
    env.fake
        .fail(Op::UpdateStateMachine, 2, role_not_assumable());
    let new_role = "arn:aws:iam::123456789012:role/orders-sfn-v2";
    let (d, _, state) = env
        .update(&prior, sm_config(&[("role_arn", s(new_role))]))
        .await;
    no_errors(&d);
    assert_eq!(get_str(&state, "role_arn"), new_role);
    assert_eq!(env.fake.count(Op::UpdateStateMachine), 3);
    assert_ne!(
        get_str(&state, "revision_id"),
        get_str(&prior, "revision_id")
    );
}

#[tokio::test]
async fn a_reformatted_definition_is_not_an_update() {
    let env = env();
    let prior = env.created(sm_config(&[])).await;
    env.fake.clear_calls();
    let (d, planned, state) = env
        .update(&prior, sm_config(&[("definition", s(DEF_PRETTY))]))
        .await;
    no_errors(&d);
    assert_eq!(get(&planned, "revision_id"), get(&prior, "revision_id"));
    assert_eq!(get_str(&state, "definition"), DEF_PRETTY);
    assert_eq!(env.fake.count(Op::UpdateStateMachine), 0);
}

// ---- publish ----

#[tokio::test]
async fn publishing_plans_an_unknown_version_and_applies_the_new_one() {
    let env = env();
    let prior = env
        .created(sm_config(&[
            ("publish", b(true)),
            ("version_description", s("first")),
        ]))
        .await;
    let arn = get_str(&prior, "arn");
    assert_eq!(
        get_str(&prior, "state_machine_version_arn"),
        format!("{arn}:1")
    );

    // Nothing changed: the version stays.
    let same = sm_config(&[("publish", b(true)), ("version_description", s("first"))]);
    let (d, planned) = env.plan_update(&prior, &same).await;
    no_errors(&d);
    assert_eq!(
        get(&planned, "state_machine_version_arn"),
        get(&prior, "state_machine_version_arn")
    );
    assert_eq!(get(&planned, "revision_id"), get(&prior, "revision_id"));

    // A new definition: the version is unknown until the apply publishes it.
    let changed = sm_config(&[
        ("definition", s(DEF2)),
        ("publish", b(true)),
        ("version_description", s("second")),
    ]);
    let (d, planned) = env.plan_update(&prior, &changed).await;
    no_errors(&d);
    assert_eq!(get(&planned, "state_machine_version_arn"), unknown());
    assert_eq!(get(&planned, "revision_id"), unknown());
    let (d, _, state) = env.update(&prior, changed).await;
    no_errors(&d);
    assert_eq!(
        get_str(&state, "state_machine_version_arn"),
        format!("{arn}:2")
    );
    let v2 = env
        .fake
        .describe_state_machine(&format!("{arn}:2"))
        .await
        .unwrap();
    assert_eq!(v2.description.as_deref(), Some("second"));
    assert_eq!(v2.definition, DEF2);

    // Without publish, a change keeps the last published version.
    let unpublished = sm_config(&[("definition", s(DEF3)), ("publish", b(false))]);
    let (d, _, later) = env.update(&state, unpublished).await;
    no_errors(&d);
    assert_eq!(
        get(&later, "state_machine_version_arn"),
        get(&state, "state_machine_version_arn")
    );
    assert_eq!(env.fake.list_versions(&arn).await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_unknown_publish_plans_an_unknown_version() {
    let env = env();
    let prior = env.created(sm_config(&[])).await;
    let cfg = sm_config(&[("definition", s(DEF2)), ("publish", unknown())]);
    let (d, planned) = env.plan_update(&prior, &cfg).await;
    no_errors(&d);
    assert_eq!(get(&planned, "state_machine_version_arn"), unknown());
}

// ---- import ----

async fn machine_with_versions(env: &Env, n: usize) -> String {
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

#[tokio::test]
async fn import_takes_the_newest_version_from_the_version_list() {
    let env = env();
    let arn = machine_with_versions(&env, 3).await;
    env.fake.clear_calls();
    let (d, state) = env.import(&arn).await;
    no_errors(&d);
    let st = tf(&state.expect("imported"));
    assert_eq!(st.get("publish"), &Tf::Bool(true));
    assert_eq!(
        st.get("state_machine_version_arn").as_str(),
        Some(&*format!("{arn}:3"))
    );
    assert_eq!(st.get("version_description").as_str(), Some("v3"));
    assert_eq!(st.get("name").as_str(), Some("orders"));
    assert_eq!(env.fake.count(Op::ListStateMachineVersions), 1);
}

#[tokio::test]
async fn import_probes_for_the_newest_version_when_listing_fails() {
    let env = env();
    let arn = machine_with_versions(&env, 5).await;
    env.fake
        .fail(Op::ListStateMachineVersions, 1, server_error());
    env.fake.clear_calls();
    let (d, state) = env.import(&arn).await;
    no_errors(&d);
    let st = tf(&state.expect("imported"));
    assert_eq!(st.get("publish"), &Tf::Bool(true));
    assert_eq!(
        st.get("state_machine_version_arn").as_str(),
        Some(&*format!("{arn}:5"))
    );
    assert_eq!(st.get("version_description").as_str(), Some("v5"));
    let probed: Vec<String> = env
        .fake
        .calls()
        .into_iter()
        .filter(|c| c.op == Op::DescribeStateMachine && c.target.starts_with(&format!("{arn}:")))
        .map(|c| c.target[arn.len() + 1..].to_string())
        .collect();
    // 1, 2, 4 exist, 8 does not; bisecting 4..8 finds 5 (6 no, 5 yes); then 5 is described.
    assert_eq!(probed, ["1", "2", "4", "8", "6", "5", "5"]);
}

#[tokio::test]
async fn import_of_a_machine_without_versions_does_not_publish() {
    let env = env();
    let arn = env
        .fake
        .create_state_machine(&spec("orders", DEF))
        .await
        .unwrap()
        .arn;
    let (d, state) = env.import(&arn).await;
    no_errors(&d);
    let st = tf(&state.expect("imported"));
    assert_eq!(st.get("publish"), &Tf::Bool(false));
    assert!(st.get("state_machine_version_arn").is_null());
    assert_eq!(st.get("definition").as_str(), Some(DEF));
    assert_eq!(st.get("role_arn").as_str(), Some(ROLE));
}

#[tokio::test]
async fn import_reports_bad_ids_and_missing_machines() {
    let env = env();
    let (d, state) = env.import("orders").await;
    assert!(state.is_none());
    assert!(the_error(&d).summary.starts_with("SFN018"));
    let (d, state) = env.import(&fake::machine_arn("nope")).await;
    assert!(state.is_none());
    assert!(the_error(&d).summary.starts_with("SFN019"));
}

// ---- remote validation ----

fn remote(severity: &str, code: &str, location: &str) -> RemoteDiagnostic {
    RemoteDiagnostic {
        severity: severity.into(),
        code: code.into(),
        message: format!("{code} reported"),
        location: Some(location.into()),
    }
}

async fn plan_create(env: &Env, cfg: Raw) -> Diagnostics {
    let mut d = Diagnostics::default();
    env.sm()
        .plan_create(&mut d, cfg.clone(), cfg, Raw::default())
        .await
        .expect("plan_create");
    d
}

#[tokio::test]
async fn remote_validation_findings_land_on_the_definition() {
    let env = env();
    env.fake.set_validation(vec![
        remote("ERROR", "MISSING_TRANSITION_TARGET", "/States/A/Next"),
        remote("WARNING", "UNREACHABLE_STATE", "/States/B"),
    ]);
    let d = plan_create(&env, sm_config(&[("remote_validation", b(true))])).await;
    let e = the_error(&d);
    assert!(
        e.summary.contains("MISSING_TRANSITION_TARGET"),
        "{}",
        e.summary
    );
    assert!(e.detail.contains("/States/A/Next"), "{}", e.detail);
    assert_eq!(e.attribute, path("definition"));
    assert_eq!(d.warnings.len(), 1);
    assert!(d.warnings[0].summary.contains("UNREACHABLE_STATE"));
    assert!(d.warnings[0].detail.contains("/States/B"));
    assert_eq!(d.warnings[0].attribute, path("definition"));
    assert_eq!(env.fake.count(Op::ValidateStateMachineDefinition), 1);
}

#[tokio::test]
async fn remote_validation_is_off_by_default() {
    let env = env();
    let d = plan_create(&env, sm_config(&[])).await;
    no_errors(&d);
    assert!(d.warnings.is_empty());
    assert_eq!(env.fake.count(Op::ValidateStateMachineDefinition), 0);
}

#[tokio::test]
async fn remote_validation_denied_is_a_warning_never_an_error() {
    let env = env();
    env.fake.fail(
        Op::ValidateStateMachineDefinition,
        1,
        caller_denied("ValidateStateMachineDefinition"),
    );
    let d = plan_create(&env, sm_config(&[("remote_validation", b(true))])).await;
    no_errors(&d);
    assert!(
        has(&d.warnings, "SFN017", &path("remote_validation")),
        "{d:#?}"
    );
    // Other failures are warnings too.
    env.fake
        .fail(Op::ValidateStateMachineDefinition, 1, server_error());
    let d = plan_create(&env, sm_config(&[("remote_validation", b(true))])).await;
    no_errors(&d);
    assert!(has(&d.warnings, "SFN017", &path("remote_validation")));
}

#[tokio::test]
async fn remote_validation_runs_on_updates_that_change_the_definition() {
    let env = env();
    let prior = env
        .created(sm_config(&[("remote_validation", b(true))]))
        .await;
    env.fake.clear_calls();
    env.fake.set_validation(vec![remote(
        "ERROR",
        "SCHEMA_VALIDATION_FAILED",
        "/States/B",
    )]);
    let (d, _) = env
        .plan_update(
            &prior,
            &sm_config(&[("remote_validation", b(true)), ("tags", map(&[("a", "b")]))]),
        )
        .await;
    no_errors(&d);
    assert_eq!(env.fake.count(Op::ValidateStateMachineDefinition), 0);
    let (d, _) = env
        .plan_update(
            &prior,
            &sm_config(&[("remote_validation", b(true)), ("definition", s(DEF2))]),
        )
        .await;
    assert!(has(
        &d.errors,
        "SFN057 remote-validation-finding: AWS SCHEMA_VALIDATION_FAILED",
        &path("definition")
    ));
}

// ---- sfn_alias ----

fn alias_config(name: &str, routes: &[(&str, rmpv::Value)]) -> Raw {
    let routes = rmpv::Value::Array(
        routes
            .iter()
            .map(|(arn, w)| {
                rmpv::Value::Map(vec![
                    (s("state_machine_version_arn"), s(arn)),
                    (s("weight"), w.clone()),
                ])
            })
            .collect(),
    );
    config(
        &alias::schema().block,
        &[("name", s(name)), ("routing_configuration", routes)],
    )
}

fn n(v: i64) -> rmpv::Value {
    rmpv::Value::from(v)
}

async fn alias_validate(env: &Env, cfg: Raw) -> Diagnostics {
    let mut d = Diagnostics::default();
    env.alias().validate(&mut d, cfg).await;
    d
}

#[tokio::test]
async fn alias_routing_rules_are_checked_at_plan() {
    let env = env();
    let v = |m: &str, i: u32| format!("{}:{i}", fake::machine_arn(m));
    let (v1, v2, v3) = (v("orders", 1), v("orders", 2), v("orders", 3));

    // Valid: one route, or a canary split.
    let d = alias_validate(&env, alias_config("prod", &[(&v1, n(100))])).await;
    assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:#?}");
    let d = alias_validate(&env, alias_config("prod", &[(&v2, n(90)), (&v1, n(10))])).await;
    assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:#?}");

    let routes = path("routing_configuration");
    let d = alias_validate(&env, alias_config("prod", &[])).await;
    assert!(has(&d.errors, "SFN020", &routes), "{d:#?}");
    let d = alias_validate(
        &env,
        alias_config("prod", &[(&v1, n(50)), (&v2, n(25)), (&v3, n(25))]),
    )
    .await;
    assert!(has(&d.errors, "SFN020", &routes), "{d:#?}");
    assert!(!has(&d.errors, "SFN021", &routes), "{d:#?}");

    let d = alias_validate(&env, alias_config("prod", &[(&v2, n(60)), (&v1, n(30))])).await;
    assert_eq!(d.errors.len(), 1, "{d:#?}");
    assert!(has(&d.errors, "SFN021", &routes));
    assert!(d.errors[0].summary.contains("90"));
    let d = alias_validate(&env, alias_config("prod", &[(&v1, n(150))])).await;
    assert!(has(&d.errors, "SFN021", &route_path(0, "weight")), "{d:#?}");

    let d = alias_validate(
        &env,
        alias_config("prod", &[(&v1, n(50)), (&v("billing", 1), n(50))]),
    )
    .await;
    assert_eq!(d.errors.len(), 1, "{d:#?}");
    assert!(has(
        &d.errors,
        "SFN023 alias-mixed-machines",
        &route_path(1, "state_machine_version_arn")
    ));
    let d = alias_validate(&env, alias_config("prod", &[(&v1, n(50)), (&v1, n(50))])).await;
    assert_eq!(d.errors.len(), 1, "{d:#?}");
    assert!(has(
        &d.errors,
        "SFN024 alias-same-version",
        &route_path(1, "state_machine_version_arn")
    ));

    let machine = fake::machine_arn("orders");
    let d = alias_validate(&env, alias_config("prod", &[(&machine, n(100))])).await;
    assert_eq!(d.errors.len(), 1, "{d:#?}");
    assert!(has(
        &d.errors,
        "SFN022",
        &route_path(0, "state_machine_version_arn")
    ));
    let alias_arn = format!("{machine}:prod");
    let d = alias_validate(&env, alias_config("prod", &[(&alias_arn, n(100))])).await;
    assert!(has(
        &d.errors,
        "SFN022",
        &route_path(0, "state_machine_version_arn")
    ));

    let d = alias_validate(&env, alias_config("2024", &[(&v1, n(100))])).await;
    assert_eq!(d.errors.len(), 1, "{d:#?}");
    assert!(has(&d.errors, "ASL605", &path("name")), "{d:#?}");
    assert!(
        d.errors[0].detail.contains("v2024"),
        "{}",
        d.errors[0].detail
    );

    // Unknown values are not judged.
    let cfg = config(
        &alias::schema().block,
        &[("name", s("prod")), ("routing_configuration", unknown())],
    );
    let d = alias_validate(&env, cfg).await;
    assert!(d.errors.is_empty(), "{d:#?}");
    let routes = rmpv::Value::Array(vec![rmpv::Value::Map(vec![
        (s("state_machine_version_arn"), unknown()),
        (s("weight"), n(100)),
    ])]);
    let cfg = config(
        &alias::schema().block,
        &[("name", s("prod")), ("routing_configuration", routes)],
    );
    let d = alias_validate(&env, cfg).await;
    assert!(d.errors.is_empty(), "{d:#?}");
}

#[tokio::test]
async fn alias_lifecycle_follows_published_versions() {
    let env = env();
    let arn = machine_with_versions(&env, 2).await;
    let (v1, v2) = (format!("{arn}:1"), format!("{arn}:2"));
    let a = env.alias();
    let mut d = Diagnostics::default();
    let cfg = alias_config("prod", &[(&v1, n(100))]);
    let (planned, _) = a
        .plan_create(&mut d, cfg.clone(), cfg.clone(), Raw::default())
        .await
        .unwrap();
    let (state, _) = a
        .create(&mut d, planned.clone(), cfg, Raw::default(), Raw::default())
        .await
        .unwrap();
    no_errors(&d);
    assert_conforms(&planned, &state);
    assert_eq!(get_str(&state, "arn"), format!("{arn}:prod"));

    // Canary: 90 % to v2, 10 % to v1.
    let cfg = alias_config("prod", &[(&v2, n(90)), (&v1, n(10))]);
    let prop = proposed(&alias::schema().block, &state, &cfg);
    let (planned, _, replace) = a
        .plan_update(
            &mut d,
            state.clone(),
            prop,
            cfg.clone(),
            Raw::default(),
            Raw::default(),
        )
        .await
        .unwrap();
    assert!(replace.is_empty());
    let (state, _) = a
        .update(
            &mut d,
            state.clone(),
            planned.clone(),
            cfg,
            Raw::default(),
            Raw::default(),
        )
        .await
        .unwrap();
    no_errors(&d);
    assert_conforms(&planned, &state);
    let (read, _) = a
        .read(&mut d, state.clone(), Raw::default(), Raw::default())
        .await
        .unwrap();
    no_errors(&d);
    assert_eq!(tf(&read), tf(&state));

    // A route to a version that does not exist fails on the routes, keeping the state.
    let cfg = alias_config("prod", &[(&format!("{arn}:9"), n(100))]);
    let (after, _) = a
        .update(
            &mut d,
            state.clone(),
            cfg.clone(),
            cfg,
            Raw::default(),
            Raw::default(),
        )
        .await
        .unwrap();
    assert!(has(
        &d.errors,
        "SFN053 aws-not-found: UpdateStateMachineAlias failed: AWS ResourceNotFound",
        &path("routing_configuration")
            .index(0)
            .attribute("state_machine_version_arn")
    ));
    assert_eq!(after, state);

    let mut d = Diagnostics::default();
    assert_eq!(
        a.destroy(&mut d, state.clone(), Raw::default(), Raw::default())
            .await,
        Some(())
    );
    let (read, _) = a
        .read(&mut d, state, Raw::default(), Raw::default())
        .await
        .unwrap();
    no_errors(&d);
    assert!(read.0.is_nil());
}

// ---- data source ----

#[tokio::test]
async fn the_data_source_matches_exact_names_across_pages() {
    let env = env();
    env.fake.set_page_size(2);
    for name in ["preprod", "alpha", "beta", "prod"] {
        env.fake
            .create_state_machine(&spec(name, DEF))
            .await
            .unwrap();
    }
    let data = StateMachineData {
        shared: env.shared.clone(),
    };
    let read = |name: &str| {
        let cfg = config(&state_machine_data::schema().block, &[("name", s(name))]);
        let data = &data;
        async move {
            let mut d = Diagnostics::default();
            let r = data.read(&mut d, cfg, Raw::default()).await;
            (d, r)
        }
    };
    env.fake.clear_calls();
    let (d, r) = read("prod").await;
    no_errors(&d);
    let r = r.expect("found");
    assert_eq!(get_str(&r, "arn"), fake::machine_arn("prod"));
    assert_eq!(get_str(&r, "definition"), DEF);
    assert_eq!(get_str(&r, "logging_level"), "OFF");
    assert_eq!(env.fake.count(Op::ListStateMachines), 2);

    let (d, r) = read("preprod").await;
    no_errors(&d);
    assert_eq!(get_str(&r.unwrap(), "arn"), fake::machine_arn("preprod"));

    let (d, r) = read("pro").await;
    assert!(r.is_none());
    assert!(has(&d.errors, "SFN030", &path("name")), "{d:#?}");

    env.fake
        .fail(Op::ListStateMachines, 1, caller_denied("ListStateMachines"));
    let (d, r) = read("prod").await;
    assert!(r.is_none());
    assert!(the_error(&d).summary.contains("ListStateMachines"));
}

// ---- sfn_activity ----

#[tokio::test]
async fn activity_lifecycle() {
    let env = env();
    let act = activity::Activity {
        shared: env.shared.clone(),
    };
    let cfg = config(
        &activity::schema().block,
        &[("name", s("review")), ("tags", map(&[("team", "ops")]))],
    );
    let mut d = Diagnostics::default();
    let (planned, _) = act
        .plan_create(&mut d, cfg.clone(), cfg.clone(), Raw::default())
        .await
        .unwrap();
    let (state, _) = act
        .create(&mut d, planned.clone(), cfg, Raw::default(), Raw::default())
        .await
        .unwrap();
    no_errors(&d);
    assert_conforms(&planned, &state);
    assert_eq!(get_str(&state, "arn"), fake::activity_arn("review"));
    let (read, _) = act
        .read(&mut d, state.clone(), Raw::default(), Raw::default())
        .await
        .unwrap();
    no_errors(&d);
    assert_eq!(tf(&read), tf(&state));
    assert_eq!(
        act.destroy(&mut d, state.clone(), Raw::default(), Raw::default())
            .await,
        Some(())
    );
    let (read, _) = act
        .read(&mut d, state, Raw::default(), Raw::default())
        .await
        .unwrap();
    no_errors(&d);
    assert!(read.0.is_nil());
}

#[tokio::test]
async fn unknown_values_in_with_helper_are_kept() {
    // The helpers build what Terraform sends: check they round-trip through the decoder.
    let raw = with(&sm_config(&[]), &[("publish", unknown())]);
    let t = tf(&raw);
    assert!(t.get("publish").is_unknown());
    assert_eq!(t.get("name").as_str(), Some("orders"));
    assert!(t.get("logging_configuration").items().is_empty());
}
