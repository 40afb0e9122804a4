//! The data sources that read AWS: exact names over every page, by name or ARN, versions.

use super::*;
use crate::aws::fake::{self, Op};
use crate::model::{known, Number};
use crate::resources::activity_data::{ActivityData, ActivityLookup};
use crate::resources::alias_data::{AliasData, AliasLookup};
use crate::resources::state_machine_data::{MachineLookup, StateMachineData};
use crate::resources::versions_data::{VersionsData, VersionsLookup};

#[tokio::test]
async fn the_state_machine_data_source_matches_exact_names_across_pages() {
    let env = env();
    env.fake.set_page_size(2);
    for name in ["preprod", "alpha", "beta", "prod"] {
        env.fake
            .create_state_machine(&spec(name, DEF))
            .await
            .unwrap();
    }
    let data = env.data(StateMachineData);
    let by = |name: &str| MachineLookup {
        name: known(name),
        ..MachineLookup::default()
    };
    env.fake.clear_calls();
    let (d, r) = lookup(&data, by("prod")).await;
    no_errors(&d);
    let r = r.expect("found");
    assert_eq!(s(&r.arn), fake::machine_arn("prod"));
    assert_eq!(s(&r.definition), DEF);
    assert_eq!(s(&r.logging_level), "OFF");
    assert_eq!(env.fake.count(Op::ListStateMachines), 2);
    let (_, r) = lookup(&data, by("preprod")).await;
    assert_eq!(s(&r.unwrap().arn), fake::machine_arn("preprod"));
    let (d, r) = lookup(&data, by("pro")).await;
    assert!(r.is_none());
    assert!(has(&d.errors, "SFN030", &path("name")), "{d:#?}");
    env.fake
        .fail(Op::ListStateMachines, 1, caller_denied("ListStateMachines"));
    let (d, r) = lookup(&data, by("prod")).await;
    assert!(r.is_none());
    assert!(the_error(&d).summary.contains("ListStateMachines"));
}

#[tokio::test]
async fn the_alias_data_source_matches_exact_names() {
    let env = env();
    let arn = machine_with_versions(&env, 2).await;
    let routes = |v: u32, w: i64| {
        vec![Route {
            version_arn: format!("{arn}:{v}"),
            weight: w,
        }]
    };
    env.fake
        .create_alias("preprod", None, &routes(2, 100))
        .await
        .unwrap();
    env.fake
        .create_alias("prod", Some("live"), &routes(1, 100))
        .await
        .unwrap();
    let data = env.data(AliasData);
    let by = |name: &str| AliasLookup {
        state_machine_arn: known(&arn),
        name: known(name),
        ..AliasLookup::default()
    };
    let (d, r) = lookup(&data, by("prod")).await;
    no_errors(&d);
    let r = r.expect("found");
    assert_eq!(s(&r.arn), format!("{arn}:prod"));
    assert_eq!(s(&r.description), "live");
    let route = &r.routing_configuration.as_ref_option().unwrap()[0];
    assert_eq!(s(&route.state_machine_version_arn), format!("{arn}:1"));
    assert_eq!(route.weight, Value::Value(Number::from_i64(100)));
    let (d, r) = lookup(&data, by("prd")).await;
    assert!(r.is_none());
    let e = the_error(&d);
    assert!(
        e.summary.starts_with("SFN065 alias-not-found"),
        "{}",
        e.summary
    );
    assert!(e.detail.contains("Did you mean \"prod\"?"), "{}", e.detail);
    assert_eq!(e.attribute, path("name"));
    let (d, r) = lookup(
        &data,
        AliasLookup {
            state_machine_arn: known(fake::machine_arn("nope")),
            name: known("prod"),
            ..AliasLookup::default()
        },
    )
    .await;
    assert!(r.is_none());
    assert!(
        has(&d.errors, "SFN030", &path("state_machine_arn")),
        "{d:#?}"
    );
}

#[tokio::test]
async fn the_activity_data_source_finds_by_name_or_arn() {
    let env = env();
    env.fake
        .create_activity("review-old", &[], None)
        .await
        .unwrap();
    let (arn, _) = env
        .fake
        .create_activity("review", &pairs(&[("team", "ops")]), None)
        .await
        .unwrap();
    let data = env.data(ActivityData);
    let (d, r) = lookup(
        &data,
        ActivityLookup {
            name: known("review"),
            ..ActivityLookup::default()
        },
    )
    .await;
    no_errors(&d);
    let r = r.expect("found");
    assert_eq!(s(&r.arn), arn);
    assert_eq!(r.tags, tags(&[("team", "ops")]));
    let enc = &r.encryption_configuration.as_ref_option().unwrap()[0];
    assert_eq!(s(&enc.kind), "AWS_OWNED_KEY");
    let (d, r) = lookup(
        &data,
        ActivityLookup {
            arn: known(&arn),
            ..ActivityLookup::default()
        },
    )
    .await;
    no_errors(&d);
    assert_eq!(s(&r.unwrap().name), "review");
    for (cfg, code, at) in [
        (
            ActivityLookup {
                name: known("revie"),
                ..ActivityLookup::default()
            },
            "SFN066",
            "name",
        ),
        (
            ActivityLookup {
                arn: known(fake::activity_arn("nope")),
                ..ActivityLookup::default()
            },
            "SFN066",
            "arn",
        ),
        (ActivityLookup::default(), "SFN012", "name"),
        (
            ActivityLookup {
                name: known("review"),
                arn: known(&arn),
                ..ActivityLookup::default()
            },
            "SFN012",
            "arn",
        ),
    ] {
        let (d, r) = lookup(&data, cfg).await;
        assert!(r.is_none());
        assert!(has(&d.errors, code, &path(at)), "{code} {at}: {d:#?}");
    }
}

#[tokio::test]
async fn the_versions_data_source_lists_newest_first_with_descriptions() {
    let env = env();
    let arn = machine_with_versions(&env, 4).await;
    let data = env.data(VersionsData);
    let by = |limit: Option<&str>| VersionsLookup {
        state_machine_arn: known(&arn),
        limit: limit.map_or(Value::Null, |l| {
            Value::Value(Number(sfn_codegen::Num::parse(l).unwrap()))
        }),
        ..VersionsLookup::default()
    };
    let (d, r) = lookup(&data, by(None)).await;
    no_errors(&d);
    let r = r.expect("listed");
    let versions = r.versions.as_ref_option().unwrap();
    let listed: Vec<(String, String)> = versions
        .iter()
        .map(|v| (s(&v.arn).to_string(), s(&v.description).to_string()))
        .collect();
    assert_eq!(
        listed,
        (1..=4)
            .rev()
            .map(|i| (format!("{arn}:{i}"), format!("v{i}")))
            .collect::<Vec<_>>()
    );
    assert_eq!(versions[0].version, Value::Value(Number::from_i64(4)));
    assert_eq!(s(&r.latest_version_arn), format!("{arn}:4"));
    let (_, r) = lookup(&data, by(Some("2"))).await;
    assert_eq!(r.unwrap().versions.as_ref_option().unwrap().len(), 2);
    // Where the API cannot list versions, they are probed: the same answer.
    env.fake
        .fail(Op::ListStateMachineVersions, 1, server_error());
    let (d, probed) = lookup(&data, by(None)).await;
    no_errors(&d);
    assert_eq!(probed.unwrap().versions.as_ref_option().unwrap().len(), 4);
    for bad in ["0", "1001", "2.5", "1e400"] {
        let (d, r) = lookup(&data, by(Some(bad))).await;
        assert!(r.is_none());
        assert!(
            has(&d.errors, "SFN067 invalid-limit", &path("limit")),
            "{bad}: {d:#?}"
        );
    }
    // A machine without versions: none, and no latest.
    let bare = env
        .fake
        .create_state_machine(&spec("bare", DEF))
        .await
        .unwrap()
        .arn;
    let (_, r) = lookup(
        &data,
        VersionsLookup {
            state_machine_arn: known(&bare),
            ..VersionsLookup::default()
        },
    )
    .await;
    let r = r.unwrap();
    assert_eq!(r.versions, Value::Value(vec![]));
    assert!(r.latest_version_arn.is_null());
}
