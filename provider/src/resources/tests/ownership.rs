//! Whose machine is it: creates answered with someone else's machine (AWS's idempotent replay
//! returns an existing machine with the same settings, ignoring the role and tags), machines that
//! existed before the create, and the caller's account.

use std::time::{Duration, SystemTime};

use super::*;
use crate::aws::fake::{self, Op};

fn foreign_spec() -> MachineSpec {
    let mut sp = spec("orders", DEF);
    sp.tags = pairs(&[("team", "other")]);
    sp
}

#[tokio::test]
async fn a_second_configuration_with_the_same_machine_does_not_claim_it() {
    // Two working directories (two provider processes) apply the same configuration.
    let env = env();
    let first = env
        .machine(|c| c.tags = tags(&[("team", "payments")]))
        .await;
    let second = Arc::new(Session::with_api(
        env.fake.clone(),
        ProviderConfig::default(),
    ));
    let other = Driver {
        r: Managed::new(StateMachine, second),
    };
    env.fake.clear_calls();
    let (d, state) = other
        .create(sm_config(|c| c.tags = tags(&[("team", "payments")])))
        .await;
    assert!(
        state.is_none(),
        "the second configuration records nothing: {state:?}"
    );
    let e = the_error(&d);
    assert!(e.summary.starts_with("SFN042 name-taken: a state machine named \"orders\" already exists and is not this configuration's"), "{}", e.summary);
    assert!(
        e.summary.contains("it existed before this create began"),
        "{}",
        e.summary
    );
    assert!(
        e.detail
            .contains(&format!("terraform import <address> {}", s(&first.arn))),
        "{}",
        e.detail
    );
    assert_eq!(e.attribute, path("name"));
    assert_eq!(
        env.fake.count(Op::CreateStateMachine),
        0,
        "checked before creating"
    );
    // The first still owns it and can destroy it.
    let (d, r) = env.sm().destroy(&first).await;
    no_errors(&d);
    assert_eq!(r, Some(()));
}

#[tokio::test]
async fn a_replay_of_a_machine_created_before_the_call_is_not_claimed() {
    let env = env();
    let existing = env
        .fake
        .create_state_machine(&spec("orders", DEF))
        .await
        .unwrap();
    env.fake.backdate(&existing.arn, Duration::from_secs(3600));
    // The check before creating cannot see it (throttled): CreateStateMachine answers with it.
    env.fake.fail(
        Op::DescribeStateMachine,
        1,
        ApiError::new("ThrottlingException", "Rate exceeded"),
    );
    let (d, state) = env.sm().create(sm_config(|_| {})).await;
    assert!(state.is_none());
    let e = the_error(&d);
    assert!(e.summary.starts_with("SFN042 name-taken"), "{}", e.summary);
    assert!(
        e.summary.contains("before this create began"),
        "{}",
        e.summary
    );
    assert_eq!(
        env.fake.count(Op::CreateStateMachine),
        2,
        "the setup's and the provider's"
    );
    assert_eq!(env.fake.machines().len(), 1);
}

#[tokio::test]
async fn a_replay_with_other_tags_is_not_claimed() {
    let env = env();
    let existing = env
        .fake
        .create_state_machine(&foreign_spec())
        .await
        .unwrap();
    // Dated after the call began: only its tags tell it apart.
    env.fake
        .set_created(&existing.arn, SystemTime::now() + Duration::from_secs(5));
    env.fake.fail(
        Op::DescribeStateMachine,
        1,
        ApiError::new("ThrottlingException", "Rate exceeded"),
    );
    let (d, state) = env
        .sm()
        .create(sm_config(|c| c.tags = tags(&[("team", "payments")])))
        .await;
    assert!(state.is_none());
    let e = the_error(&d);
    assert!(e.summary.starts_with("SFN042 name-taken"), "{}", e.summary);
    assert!(
        e.summary
            .contains("its tags are team=other (this create asked for team=payments)"),
        "{}",
        e.summary
    );
    assert_eq!(
        env.fake.tags_of(&existing.arn),
        pairs(&[("team", "other")]),
        "untouched"
    );
}

#[tokio::test]
async fn a_replay_with_another_role_is_not_claimed() {
    // AWS's idempotent CreateStateMachine ignores the role.
    let env = env();
    let mut existing = spec("orders", DEF);
    existing.role_arn = "arn:aws:iam::123456789012:role/someone-else".into();
    let other = env.fake.create_state_machine(&existing).await.unwrap();
    env.fake
        .set_created(&other.arn, SystemTime::now() + Duration::from_secs(5));
    env.fake.fail(
        Op::DescribeStateMachine,
        1,
        ApiError::new("ThrottlingException", "Rate exceeded"),
    );
    let (d, state) = env.sm().create(sm_config(|_| {})).await;
    assert!(
        state.is_none(),
        "someone else's machine is not claimed: {state:?}"
    );
    let e = the_error(&d);
    assert!(
        e.summary
            .contains("its role_arn differ from the configuration"),
        "{}",
        e.summary
    );
    let m = env.fake.describe_state_machine(&other.arn).await.unwrap();
    assert_eq!(m.role_arn, existing.role_arn);
}

#[tokio::test]
async fn a_lost_create_is_not_answered_by_an_older_machine() {
    // Every attempt goes unanswered; a machine of the name exists, with the same settings, made
    // before the create began: it is not what the create made.
    let env = env();
    let existing = env
        .fake
        .create_state_machine(&spec("orders", DEF))
        .await
        .unwrap();
    env.fake.backdate(&existing.arn, Duration::from_secs(60));
    env.fake.fail(
        Op::DescribeStateMachine,
        1,
        ApiError::new("ThrottlingException", "Rate exceeded"),
    );
    env.fake
        .fail(Op::CreateStateMachine, 1, lost("NetworkError"));
    let (d, state) = env.sm().create(sm_config(|_| {})).await;
    assert!(state.is_none());
    assert!(the_error(&d)
        .summary
        .contains("CreateStateMachine failed: AWS NetworkError"));
    assert!(d.warnings.is_empty(), "{:#?}", d.warnings);
}

#[tokio::test]
async fn a_name_taken_by_another_definition_is_an_error_on_name() {
    let env = env();
    let other = env
        .fake
        .create_state_machine(&spec("orders", DEF2))
        .await
        .unwrap();
    let (d, state) = env.sm().create(sm_config(|_| {})).await;
    assert!(state.is_none(), "someone else's machine is not adopted");
    let e = the_error(&d);
    assert!(e.summary.starts_with("SFN042 name-taken"), "{}", e.summary);
    assert_eq!(e.attribute, path("name"));
    let m = env.fake.describe_state_machine(&other.arn).await.unwrap();
    assert_eq!(m.definition, DEF2);
    // Without the check beforehand, AWS refuses the create itself.
    env.fake.fail(
        Op::DescribeStateMachine,
        1,
        ApiError::new("ThrottlingException", "Rate exceeded"),
    );
    let (d, state) = env.sm().create(sm_config(|_| {})).await;
    assert!(state.is_none());
    let e = the_error(&d);
    assert!(
        e.summary.contains("StateMachineAlreadyExists"),
        "{}",
        e.summary
    );
    assert_eq!(e.attribute, path("name"));
    assert_eq!(env.fake.machines().len(), 1);
}

// ---- the caller's account ----

fn accounts(allowed: &[&str], forbidden: &[&str]) -> ProviderConfig {
    ProviderConfig {
        allowed_account_ids: allowed.iter().map(|a| a.to_string()).collect(),
        forbidden_account_ids: forbidden.iter().map(|a| a.to_string()).collect(),
        ..ProviderConfig::default()
    }
}

#[tokio::test]
async fn a_wrong_account_gets_no_call_at_all() {
    for config in [
        accounts(&["111111111111"], &[]),
        accounts(&[], &[fake::ACCOUNT]),
    ] {
        let env = env_with(config);
        let (d, state) = env.sm().create(sm_config(|_| {})).await;
        assert!(state.is_none());
        let e = the_error(&d);
        assert!(
            e.summary.starts_with(&format!(
                "SFN062 account-not-allowed: the credentials belong to AWS account {}",
                fake::ACCOUNT
            )),
            "{}",
            e.summary
        );
        assert!(
            e.detail.contains("Nothing was read or changed"),
            "{}",
            e.detail
        );
        let calls: Vec<Op> = env.fake.calls().into_iter().map(|c| c.op).collect();
        assert_eq!(
            calls,
            vec![Op::GetCallerIdentity],
            "checked once, before anything else"
        );
        // A refresh is refused too, and keeps the state.
        let seed = sm_config(|c| c.arn = known(fake::machine_arn("orders")));
        let (d, read) = env.sm().read(&seed).await;
        assert!(the_error(&d).summary.starts_with("SFN062"));
        assert_eq!(read, Some(seed));
        assert_eq!(
            env.fake.count(Op::GetCallerIdentity),
            1,
            "the answer is kept"
        );
    }
}

#[tokio::test]
async fn an_allowed_account_is_checked_once_and_used_for_the_check_before_creating() {
    let env = env_with(accounts(
        &[fake::ACCOUNT, "111111111111"],
        &["222222222222"],
    ));
    let state = env.machine(|_| {}).await;
    assert_eq!(s(&state.arn), fake::machine_arn("orders"));
    let (d, _) = env.sm().read(&state).await;
    no_errors(&d);
    assert_eq!(env.fake.count(Op::GetCallerIdentity), 1);
    assert_eq!(
        env.session.known_identity().map(|i| i.account).as_deref(),
        Some(fake::ACCOUNT)
    );
}

#[tokio::test]
async fn an_unreachable_sts_fails_the_check_safely() {
    let env = env_with(accounts(&[fake::ACCOUNT], &[]));
    env.fake
        .fail(Op::GetCallerIdentity, 1, lost("NetworkError"));
    let (d, state) = env.sm().create(sm_config(|_| {})).await;
    assert!(state.is_none());
    let e = the_error(&d);
    assert!(
        e.summary
            .contains("GetCallerIdentity failed: AWS NetworkError"),
        "{}",
        e.summary
    );
    assert!(e.detail.contains("sts_endpoint"), "{}", e.detail);
    assert_eq!(env.fake.count(Op::CreateStateMachine), 0);
}
