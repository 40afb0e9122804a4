//! Publishing: versions planned unknown, published when turned on, recorded after a lost answer,
//! caught up by the refresh; imports of machines with versions.

use super::*;
use crate::aws::fake::{self, Op};
use crate::model::{known, Blocks, Number};
use crate::resources::alias::{Alias, AliasState, RouteBlock};

fn publishing(f: impl FnOnce(&mut MachineState)) -> MachineState {
    sm_config(|c| {
        c.publish = Value::Value(true);
        f(c);
    })
}

fn alias_to(version: Value<String>) -> AliasState {
    AliasState {
        name: known("prod"),
        routing_configuration: Blocks::one(RouteBlock {
            state_machine_version_arn: version,
            weight: Value::Value(Number::from_i64(100)),
        }),
        ..AliasState::default()
    }
}

#[tokio::test]
async fn publishing_plans_an_unknown_version_and_applies_the_new_one() {
    let env = env();
    let prior = env
        .machine(|c| {
            c.publish = Value::Value(true);
            c.version_description = known("first");
        })
        .await;
    let arn = s(&prior.arn).to_string();
    assert_eq!(s(&prior.state_machine_version_arn), format!("{arn}:1"));

    // Nothing changed: the version stays.
    let same = publishing(|c| c.version_description = known("first"));
    let (d, planned, _) = env.sm().plan_update(&prior, &same).await;
    no_errors(&d);
    assert_eq!(
        planned.state_machine_version_arn,
        prior.state_machine_version_arn
    );
    assert_eq!(planned.revision_id, prior.revision_id);

    // A new definition: the version is unknown until the apply publishes it.
    let changed = publishing(|c| {
        c.definition = known(DEF2);
        c.version_description = known("second");
    });
    let (d, planned, _) = env.sm().plan_update(&prior, &changed).await;
    no_errors(&d);
    assert!(planned.state_machine_version_arn.is_unknown());
    assert!(planned.revision_id.is_unknown());
    let (d, _, state) = env.sm().update(&prior, changed).await;
    no_errors(&d);
    assert_eq!(s(&state.state_machine_version_arn), format!("{arn}:2"));
    let v2 = env
        .fake
        .describe_state_machine(&format!("{arn}:2"))
        .await
        .unwrap();
    assert_eq!(v2.description.as_deref(), Some("second"));
    assert_eq!(v2.definition, DEF2);

    // Without publish, a change keeps the last published version.
    let unpublished = sm_config(|c| {
        c.definition = known(DEF3);
        c.publish = Value::Value(false);
    });
    let (d, _, later) = env.sm().update(&state, unpublished).await;
    no_errors(&d);
    assert_eq!(
        later.state_machine_version_arn,
        state.state_machine_version_arn
    );
    assert_eq!(env.fake.versions_of(&arn).len(), 2);
}

#[tokio::test]
async fn turning_publish_on_publishes_a_version_that_an_alias_can_follow_at_once() {
    let env = env();
    let prior = env.machine(|_| {}).await;
    assert!(prior.state_machine_version_arn.is_null());
    let arn = s(&prior.arn).to_string();
    // Same definition, publish turned on.
    let cfg = publishing(|c| c.version_description = known("first release"));
    let (d, planned, _) = env.sm().plan_update(&prior, &cfg).await;
    no_errors(&d);
    assert!(
        planned.state_machine_version_arn.is_unknown(),
        "turning publish on publishes"
    );
    // An alias added in the same apply plans against the unknown version, not a null one.
    let alias = env.resource(Alias);
    let (d, _) = alias.plan_create(&alias_to(Value::Unknown)).await;
    no_errors(&d);
    let (d, _, state) = env.sm().update(&prior, cfg).await;
    no_errors(&d);
    assert_eq!(s(&state.state_machine_version_arn), format!("{arn}:1"));
    assert_eq!(
        env.fake.versions_of(&arn),
        vec![(
            format!("{arn}:1"),
            DEF.to_string(),
            Some("first release".to_string())
        )]
    );
    let created = alias
        .created(alias_to(state.state_machine_version_arn.clone()))
        .await;
    assert_eq!(
        env.fake.routes_of(s(&created.arn)),
        Some(vec![(format!("{arn}:1"), 100)])
    );
    // Published: the next plan is empty.
    let (d, planned, _) = env
        .sm()
        .plan_update(
            &state,
            &publishing(|c| c.version_description = known("first release")),
        )
        .await;
    no_errors(&d);
    assert_eq!(planned, state);
}

#[tokio::test]
async fn an_alias_to_a_null_version_is_an_error_at_plan() {
    let env = env();
    let d = env.resource(Alias).validate(&alias_to(Value::Null)).await;
    let e = the_error(&d);
    assert!(
        e.summary
            .starts_with("SFN022 alias-version-arn: state_machine_version_arn has no value"),
        "{}",
        e.summary
    );
    assert!(e.detail.contains("publish = true"), "{}", e.detail);
}

#[tokio::test]
async fn an_unknown_publish_plans_an_unknown_version() {
    let env = env();
    let prior = env.machine(|_| {}).await;
    let cfg = sm_config(|c| {
        c.definition = known(DEF2);
        c.publish = Value::Unknown;
    });
    let (d, planned, _) = env.sm().plan_update(&prior, &cfg).await;
    no_errors(&d);
    assert!(planned.state_machine_version_arn.is_unknown());
}

#[tokio::test]
async fn a_lost_publishing_update_records_the_version_it_made() {
    let env = env();
    let prior = env.machine(|c| c.publish = Value::Value(true)).await;
    let arn = s(&prior.arn).to_string();
    env.fake
        .fail_after_apply(Op::UpdateStateMachine, lost("TimeoutError"));
    let cfg = publishing(|c| {
        c.definition = known(DEF2);
        c.version_description = known("v2");
    });
    let (d, _, state) = env.sm().update(&prior, cfg).await;
    no_errors(&d);
    assert!(
        d.warnings[0]
            .summary
            .starts_with("SFN043 update-answer-lost: AWS TimeoutError"),
        "{:#?}",
        d.warnings
    );
    assert_eq!(s(&state.state_machine_version_arn), format!("{arn}:2"));
    assert_eq!(s(&state.definition), DEF2);
}

#[tokio::test]
async fn a_publishing_update_applied_after_its_error_is_caught_up_by_the_refresh() {
    // The update times out on every attempt and is reported; the attempts reach AWS late (the
    // second finds nothing new to publish and answers with the same version). The next refresh
    // records that version, so the next plan moves an alias that follows the machine.
    let env = env();
    let prior = env.machine(|c| c.publish = Value::Value(true)).await;
    let arn = s(&prior.arn).to_string();
    let v1 = s(&prior.state_machine_version_arn).to_string();
    let alias = env.resource(Alias);
    let prod = alias
        .created(alias_to(prior.state_machine_version_arn.clone()))
        .await;

    env.fake.fail(
        Op::UpdateStateMachine,
        1,
        ApiError::new("TimeoutError", "no answer"),
    );
    let cfg = publishing(|c| c.definition = known(DEF2));
    let (d, _, failed) = env.sm().update(&prior, cfg.clone()).await;
    assert!(the_error(&d)
        .summary
        .contains("UpdateStateMachine failed: AWS TimeoutError"));
    assert_eq!(failed, prior, "an unconfirmed update claims nothing");
    for _ in 0..2 {
        let late = MachineUpdate {
            definition: Some(DEF2.into()),
            publish: true,
            ..MachineUpdate::default()
        };
        env.fake.update_state_machine(&arn, &late).await.unwrap();
    }
    env.fake.clear_calls();
    let (d, read) = env.sm().read(&failed).await;
    no_errors(&d);
    let read = read.unwrap();
    assert_eq!(s(&read.definition), DEF2);
    assert_eq!(
        s(&read.state_machine_version_arn),
        format!("{arn}:2"),
        "the newest version holding DEF2"
    );
    // The machine has nothing left to do; the alias moves to the caught-up version.
    let (d, planned, _) = env.sm().plan_update(&read, &cfg).await;
    no_errors(&d);
    assert_eq!(planned, read);
    let (d, _, moved) = alias
        .update(&prod, alias_to(read.state_machine_version_arn.clone()))
        .await;
    no_errors(&d);
    assert_eq!(
        env.fake.routes_of(s(&moved.arn)),
        Some(vec![(format!("{arn}:2"), 100)])
    );
    assert_ne!(v1, format!("{arn}:2"));
    // A second refresh finds the recorded version still holding the definition: one describe of it.
    env.fake.clear_calls();
    let (_, again) = env.sm().read(&read).await;
    assert_eq!(again.as_ref(), Some(&read));
    assert_eq!(
        env.fake.count(Op::ListStateMachineVersions),
        0,
        "{:?}",
        env.fake.calls()
    );
}

#[tokio::test]
async fn a_definition_changed_without_publishing_leaves_no_version_and_the_next_apply_publishes() {
    let env = env();
    let prior = env.machine(|c| c.publish = Value::Value(true)).await;
    let arn = s(&prior.arn).to_string();
    env.fake.set_definition_outside(&arn, DEF2);
    let (d, read) = env.sm().read(&prior).await;
    no_errors(&d);
    let read = read.unwrap();
    assert!(
        read.state_machine_version_arn.is_null(),
        "no version holds the current definition"
    );
    // The configuration now matches what AWS has: publishing is all that is left.
    let cfg = publishing(|c| c.definition = known(DEF2));
    let (d, planned, _) = env.sm().plan_update(&read, &cfg).await;
    no_errors(&d);
    assert!(planned.state_machine_version_arn.is_unknown());
    let (d, _, state) = env.sm().update(&read, cfg).await;
    no_errors(&d);
    assert_eq!(s(&state.state_machine_version_arn), format!("{arn}:2"));
}

#[tokio::test]
async fn import_takes_the_newest_version_holding_the_definition() {
    let env = env();
    let arn = machine_with_versions(&env, 3).await;
    env.fake.clear_calls();
    let (d, state) = env.sm().import(&arn).await;
    no_errors(&d);
    let st = state.expect("imported");
    assert_eq!(st.publish, Value::Value(true));
    assert_eq!(s(&st.state_machine_version_arn), format!("{arn}:3"));
    assert_eq!(s(&st.version_description), "v3");
    assert_eq!(s(&st.name), "orders");
}

#[tokio::test]
async fn versions_are_probed_where_they_cannot_be_listed() {
    let env = env();
    let arn = machine_with_versions(&env, 5).await;
    env.fake
        .fail(Op::ListStateMachineVersions, 1, server_error());
    env.fake.clear_calls();
    let (d, state) = env.sm().import(&arn).await;
    no_errors(&d);
    let st = state.expect("imported");
    assert_eq!(s(&st.state_machine_version_arn), format!("{arn}:5"));
    assert_eq!(s(&st.version_description), "v5");
    // Listing failed once: this process probes from now on, without trying to list again.
    assert_eq!(env.fake.count(Op::ListStateMachineVersions), 1);
    assert!(!env.session.lists_versions());
    let probes = env
        .fake
        .calls()
        .into_iter()
        .filter(|c| c.op == Op::DescribeStateMachine && c.target.starts_with(&format!("{arn}:")))
        .count();
    assert!(probes <= 20, "{probes} describes of versions");
    let _ = fake::machine_arn("orders");
}
