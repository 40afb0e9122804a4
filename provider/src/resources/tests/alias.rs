//! `sfn_alias`: routing rules at plan, lifecycle, replacement with its machine, lost answers.

use super::*;
use crate::aws::fake::{self, Op};
use crate::model::{known, Blocks, Number};
use crate::resources::alias::{Alias, AliasState, RouteBlock};

fn n(v: &str) -> Value<Number> {
    Value::Value(Number(sfn_codegen::Num::parse(v).unwrap()))
}

fn alias(name: &str, routes: &[(&str, Value<Number>)]) -> AliasState {
    AliasState {
        name: known(name),
        routing_configuration: Blocks::Known(
            routes
                .iter()
                .map(|(arn, w)| RouteBlock {
                    state_machine_version_arn: known(*arn),
                    weight: w.clone(),
                })
                .collect(),
        ),
        ..AliasState::default()
    }
}

fn route_path(i: i64, a: &str) -> AttributePath {
    AttributePath::new("routing_configuration")
        .index(i)
        .attribute(a.to_string())
}

#[tokio::test]
async fn alias_routing_rules_are_checked_at_plan() {
    let env = env();
    let a = env.resource(Alias);
    let v = |m: &str, i: u32| format!("{}:{i}", fake::machine_arn(m));
    let (v1, v2, v3) = (v("orders", 1), v("orders", 2), v("orders", 3));

    let d = a.validate(&alias("prod", &[(&v1, n("100"))])).await;
    assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:#?}");
    let d = a
        .validate(&alias("prod", &[(&v2, n("90")), (&v1, n("10"))]))
        .await;
    assert!(d.errors.is_empty(), "{d:#?}");

    let routes = path("routing_configuration");
    let d = a.validate(&alias("prod", &[])).await;
    assert!(has(&d.errors, "SFN020", &routes), "{d:#?}");
    let d = a
        .validate(&alias(
            "prod",
            &[(&v1, n("50")), (&v2, n("25")), (&v3, n("25"))],
        ))
        .await;
    assert!(has(&d.errors, "SFN020", &routes), "{d:#?}");
    assert!(!has(&d.errors, "SFN021", &routes), "{d:#?}");

    let d = a
        .validate(&alias("prod", &[(&v2, n("60")), (&v1, n("30"))]))
        .await;
    assert_eq!(d.errors.len(), 1, "{d:#?}");
    assert!(has(&d.errors, "SFN021", &routes) && d.errors[0].summary.contains("90"));
    for bad in ["150", "99.5", "100.00000000000000000001", "1e400", "-1"] {
        let d = a.validate(&alias("prod", &[(&v1, n(bad))])).await;
        assert!(
            has(&d.errors, "SFN021", &route_path(0, "weight")),
            "{bad}: {d:#?}"
        );
        assert!(d.errors[0].summary.contains(bad), "{}", d.errors[0].summary);
    }
    // Exact: 100.0 is 100.
    let d = a.validate(&alias("prod", &[(&v1, n("100.0"))])).await;
    no_errors(&d);

    let d = a
        .validate(&alias(
            "prod",
            &[(&v1, n("50")), (&v("billing", 1), n("50"))],
        ))
        .await;
    assert!(has(
        &d.errors,
        "SFN023 alias-mixed-machines",
        &route_path(1, "state_machine_version_arn")
    ));
    let d = a
        .validate(&alias("prod", &[(&v1, n("50")), (&v1, n("50"))]))
        .await;
    assert!(has(
        &d.errors,
        "SFN024 alias-same-version",
        &route_path(1, "state_machine_version_arn")
    ));

    let machine = fake::machine_arn("orders");
    let d = a.validate(&alias("prod", &[(&machine, n("100"))])).await;
    assert!(has(
        &d.errors,
        "SFN022",
        &route_path(0, "state_machine_version_arn")
    ));
    let d = a.validate(&alias("2024", &[(&v1, n("100"))])).await;
    assert!(has(&d.errors, "ASL605", &path("name")), "{d:#?}");

    // Unknown values are not judged.
    let mut unknown = alias("prod", &[]);
    unknown.routing_configuration = Blocks::Unknown;
    no_errors(&a.validate(&unknown).await);
    let mut partly = alias("prod", &[(&v1, n("100"))]);
    if let Blocks::Known(r) = &mut partly.routing_configuration {
        r[0].state_machine_version_arn = Value::Unknown;
    }
    no_errors(&a.validate(&partly).await);
}

#[tokio::test]
async fn alias_lifecycle_follows_published_versions() {
    let env = env();
    let arn = machine_with_versions(&env, 2).await;
    let (v1, v2) = (format!("{arn}:1"), format!("{arn}:2"));
    let a = env.resource(Alias);
    let state = a.created(alias("prod", &[(&v1, n("100"))])).await;
    assert_eq!(s(&state.arn), format!("{arn}:prod"));
    assert_eq!(s(&state.state_machine_arn), arn);

    // Canary: 90 % to v2, 10 % to v1.
    let (d, _, state) = a
        .update(&state, alias("prod", &[(&v2, n("90")), (&v1, n("10"))]))
        .await;
    no_errors(&d);
    let (d, read) = a.read(&state).await;
    no_errors(&d);
    assert_eq!(read.as_ref(), Some(&state));

    // A route to a version that does not exist fails on the routes, keeping the state.
    let bad = alias("prod", &[(&format!("{arn}:9"), n("100"))]);
    let mut d = Diagnostics::default();
    let after = a.apply_update(&state, &bad, bad.clone(), &mut d).await;
    assert!(has(
        &d.errors,
        "SFN053 aws-not-found: UpdateStateMachineAlias failed: AWS ResourceNotFound",
        &route_path(0, "state_machine_version_arn")
    ));
    assert_eq!(after, state);

    let (d, done) = a.destroy(&state).await;
    no_errors(&d);
    assert_eq!(done, Some(()));
    let (d, read) = a.read(&state).await;
    no_errors(&d);
    assert!(read.is_none());
}

#[tokio::test]
async fn replacing_the_machine_replaces_its_aliases_in_the_same_plan() {
    let env = env();
    let machine = env.machine(|c| c.publish = Value::Value(true)).await;
    let a = env.resource(Alias);
    let prod = a
        .created(alias(
            "prod",
            &[(s(&machine.state_machine_version_arn), n("100"))],
        ))
        .await;
    let following = |mut al: AliasState| {
        if let Blocks::Known(r) = &mut al.routing_configuration {
            r[0].state_machine_version_arn = Value::Unknown;
        }
        al
    };
    // A new definition publishes a new version of the same machine: the alias is updated.
    let (_, _, replace) = a
        .plan_update(&prod, &following(alias("prod", &[("x", n("100"))])))
        .await;
    assert!(replace.is_empty(), "{replace:?}");
    // A new name replaces the machine (AWS deletes its aliases with it): the alias is replaced.
    let (_, _, replace) = env
        .sm()
        .plan_update(
            &machine,
            &sm_config(|c| {
                c.name = known("orders-v2");
                c.publish = Value::Value(true);
            }),
        )
        .await;
    assert_eq!(replace, vec![path("name")]);
    let (_, _, replace) = a
        .plan_update(&prod, &following(alias("prod", &[("x", n("100"))])))
        .await;
    assert_eq!(replace, vec![path("routing_configuration")]);
    // Known routes to another machine replace the alias too (an alias cannot move).
    let other = env.fresh_versions("billing").await;
    let fresh = env_with(ProviderConfig::default());
    let (_, _, replace) = fresh
        .resource(Alias)
        .plan_update(&prod, &alias("prod", &[(&other, n("100"))]))
        .await;
    assert_eq!(replace, vec![path("routing_configuration")]);
    // At apply, routes that moved to another machine are refused, not half-applied.
    let moved = alias("prod", &[(&other, n("100"))]);
    let mut d = Diagnostics::default();
    let kept = a.apply_update(&prod, &moved, moved.clone(), &mut d).await;
    assert!(the_error(&d)
        .summary
        .starts_with("SFN064 alias-machine-changed"));
    assert_eq!(kept, prod);
}

#[tokio::test]
async fn an_alias_create_whose_answer_was_lost_is_adopted_and_an_existing_one_is_not() {
    let env = env();
    let arn = machine_with_versions(&env, 1).await;
    let v1 = format!("{arn}:1");
    let a = env.resource(Alias);
    env.fake
        .fail_after_apply(Op::CreateStateMachineAlias, lost("NetworkError"));
    let (d, state) = a.create(alias("prod", &[(&v1, n("100"))])).await;
    no_errors(&d);
    let state = state.expect("adopted");
    assert!(
        d.warnings[0]
            .summary
            .starts_with("SFN041 create-answer-lost"),
        "{:#?}",
        d.warnings
    );
    assert_eq!(s(&state.arn), format!("{arn}:prod"));
    // Another configuration's create of the same alias finds it there first.
    let (d, again) = a.create(alias("prod", &[(&v1, n("100"))])).await;
    assert!(again.is_none());
    let e = the_error(&d);
    assert!(
        e.summary
            .starts_with("SFN042 name-taken: a state machine alias named \"prod\""),
        "{}",
        e.summary
    );
}

impl Env {
    /// A machine of its own name with one version; its version ARN.
    async fn fresh_versions(&self, name: &str) -> String {
        let mut sp = spec(name, DEF);
        sp.publish = true;
        let c = self.fake.create_state_machine(&sp).await.unwrap();
        c.version_arn.unwrap_or_default()
    }
}
