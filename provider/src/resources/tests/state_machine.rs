//! `sfn_state_machine`: create, update, delete, refresh, remote validation, plan-time rules.

use std::time::{Duration, Instant};

use super::*;
use crate::aws::fake::{self, Op};
use crate::model::{known, maybe, Blocks, Number};
use crate::resources::blocks::EncryptionBlock;
use crate::resources::state_machine::model::{LoggingBlock, Timeouts, TracingBlock};

fn timeouts(create: Option<&str>, delete: Option<&str>) -> Blocks<Timeouts> {
    Blocks::one(Timeouts {
        create: maybe(create),
        delete: maybe(delete),
        ..Timeouts::default()
    })
}

fn logging(level: &str, dest: &str) -> Blocks<LoggingBlock> {
    Blocks::one(LoggingBlock {
        level: known(level),
        include_execution_data: Value::Value(false),
        log_destination: known(dest),
    })
}

fn log_destination_denied() -> ApiError {
    ApiError::new(
        "InvalidLoggingConfiguration",
        "The state machine IAM Role is not authorized to access the Log Destination",
    )
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
        .machine(|c| c.logging_configuration = logging("ALL", LOGS))
        .await;
    assert_eq!(s(&state.arn), fake::machine_arn("orders"));
    assert_eq!(s(&state.id), fake::machine_arn("orders"));
    assert_eq!(s(&state.status), "ACTIVE");
    assert_eq!(env.fake.count(Op::CreateStateMachine), 4);
    assert_eq!(env.fake.machines().len(), 1);
    // A refresh right after the create finds nothing to change.
    let (d, read) = env.sm().read(&state).await;
    no_errors(&d);
    assert_eq!(read, Some(state));
}

#[tokio::test]
async fn create_reports_a_propagation_error_that_outlasts_the_timeout() {
    let env = env();
    env.fake
        .fail(Op::CreateStateMachine, 1_000_000, role_not_assumable());
    let started = Instant::now();
    let (d, state) = env
        .sm()
        .create(sm_config(|c| c.timeouts = timeouts(Some("2s"), None)))
        .await;
    let took = started.elapsed();
    assert!(state.is_none(), "nothing was created: no state");
    // The time left is used: the last attempt comes near the deadline, not seconds before it.
    assert!(
        took >= Duration::from_millis(1900) && took < Duration::from_secs(10),
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
        .sm()
        .create(sm_config(|c| {
            c.logging_configuration = logging("ERROR", LOGS);
            c.timeouts = timeouts(Some("1s"), None);
        }))
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
    let (d, state) = env.sm().create(sm_config(|_| {})).await;
    assert!(state.is_none());
    assert_eq!(env.fake.count(Op::CreateStateMachine), 1);
    assert_eq!(env.fake.pending_faults(Op::CreateStateMachine), 4);
    let e = the_error(&d);
    assert!(e.summary.contains("AccessDeniedException"));
    assert!(e.detail.contains("credentials"), "{}", e.detail);
}

#[tokio::test]
async fn a_generated_name_uses_the_prefix() {
    let env = env();
    let state = env
        .machine(|c| {
            c.name = Value::Null;
            c.name_prefix = known("orders-");
        })
        .await;
    let name = s(&state.name).to_string();
    assert!(
        name.starts_with("orders-") && name.len() == 7 + 26,
        "{name}"
    );
    assert_eq!(s(&state.arn), fake::machine_arn(&name));
}

#[tokio::test]
async fn encryption_and_tracing_round_trip_in_any_letter_case() {
    let env = env();
    let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let state = env
        .machine(|c| {
            c.encryption_configuration = Blocks::one(EncryptionBlock {
                kind: known("customer_managed_kms_key"),
                kms_key_id: known(key),
                kms_data_key_reuse_period_seconds: Value::Value(Number::from_i64(120)),
            });
            c.tracing_configuration = Blocks::one(TracingBlock {
                enabled: Value::Value(true),
            });
            c.kind = known("express");
        })
        .await;
    let m = env
        .fake
        .describe_state_machine(s(&state.arn))
        .await
        .unwrap();
    assert!(m.tracing);
    assert_eq!(m.kind, "EXPRESS", "AWS gets the upper-case spelling");
    let e = m.encryption.clone().unwrap_or_default();
    assert_eq!(e.kind, "CUSTOMER_MANAGED_KMS_KEY");
    assert_eq!(e.kms_key_id.as_deref(), Some(key));
    // The state keeps what the configuration wrote: no diff after a refresh.
    let (d, read) = env.sm().read(&state).await;
    no_errors(&d);
    assert_eq!(read.as_ref(), Some(&state));
    assert_eq!(s(&state.kind), "express");
    // Only the case changes: no call, no replacement.
    env.fake.clear_calls();
    let upper = sm_config(|c| {
        c.encryption_configuration = state.encryption_configuration.clone();
        c.tracing_configuration = state.tracing_configuration.clone();
        c.kind = known("EXPRESS");
    });
    let (d, _, after) = env.sm().update(&state, upper).await;
    no_errors(&d);
    assert_eq!(s(&after.kind), "EXPRESS");
    assert_eq!(env.fake.count(Op::UpdateStateMachine), 0);
    // Back to defaults: the blocks are removed and AWS is told so.
    let (d, _, after) = env
        .sm()
        .update(&after, sm_config(|c| c.kind = known("EXPRESS")))
        .await;
    no_errors(&d);
    let m = env
        .fake
        .describe_state_machine(s(&after.arn))
        .await
        .unwrap();
    assert!(!m.tracing);
    assert_eq!(
        m.encryption.map(|e| e.kind).as_deref(),
        Some("AWS_OWNED_KEY")
    );
    let (d, read) = env.sm().read(&after).await;
    no_errors(&d);
    assert_eq!(read, Some(after));
}

#[tokio::test]
async fn a_create_whose_answer_was_lost_is_adopted_not_duplicated() {
    let env = env();
    env.fake
        .fail_after_apply(Op::CreateStateMachine, lost("NetworkError"));
    let (d, state) = env
        .sm()
        .create(sm_config(|c| c.tags = tags(&[("team", "payments")])))
        .await;
    let state = state.expect("the machine exists: its state is kept");
    // Recorded without an error: an error would taint it and replace it on the next apply.
    no_errors(&d);
    assert_eq!(d.warnings.len(), 1, "{:#?}", d.warnings);
    let w = &d.warnings[0];
    assert!(
        w.summary
            .starts_with("SFN041 create-answer-lost: AWS NetworkError"),
        "{}",
        w.summary
    );
    assert_eq!(s(&state.arn), fake::machine_arn("orders"));
    assert_eq!(env.fake.machines().len(), 1);
    assert_eq!(env.fake.count(Op::CreateStateMachine), 1);
    // The adopted state matches AWS: a refresh changes nothing.
    let (d, read) = env.sm().read(&state).await;
    no_errors(&d);
    assert_eq!(read, Some(state));
}

#[tokio::test]
async fn a_lost_create_that_published_records_its_version() {
    let env = env();
    env.fake
        .fail_after_apply(Op::CreateStateMachine, lost("TimeoutError"));
    let (d, state) = env
        .sm()
        .create(sm_config(|c| c.publish = Value::Value(true)))
        .await;
    let state = state.expect("adopted");
    no_errors(&d);
    assert!(d.warnings[0].summary.contains("answer was lost"));
    let arn = fake::machine_arn("orders");
    assert_eq!(s(&state.state_machine_version_arn), format!("{arn}:1"));
    assert_eq!(env.fake.versions_of(&arn).len(), 1);
}

#[tokio::test]
async fn a_lost_create_is_not_confused_with_a_machine_being_deleted() {
    let env = env();
    let old = env.machine(|_| {}).await;
    env.fake.set_deleting_describes(100);
    env.fake.delete_outside(s(&old.arn));
    // The create is refused (the name is still taken) and its answer is lost besides.
    env.fake
        .fail(Op::CreateStateMachine, 1, lost("NetworkError"));
    let (d, state) = env
        .sm()
        .create(sm_config(|c| c.timeouts = timeouts(Some("1s"), None)))
        .await;
    assert!(state.is_none(), "a DELETING machine is not adopted");
    assert!(the_error(&d).summary.contains("NetworkError"));
}

#[tokio::test]
async fn create_waits_for_a_machine_of_the_same_name_to_finish_deleting() {
    let env = env();
    let state = env.machine(|_| {}).await;
    env.fake.set_deleting_describes(3);
    env.fake.delete_outside(s(&state.arn));
    // The refresh sees DELETING and drops the machine, so Terraform plans a create.
    let (d, read) = env.sm().read(&state).await;
    no_errors(&d);
    assert!(read.is_none());
    env.fake.clear_calls();
    let again = env.machine(|_| {}).await;
    assert_eq!(s(&again.arn), fake::machine_arn("orders"));
    assert_eq!(
        env.fake.status(&fake::machine_arn("orders")).as_deref(),
        Some("ACTIVE")
    );
    assert!(env.fake.count(Op::CreateStateMachine) > 1);
}

#[tokio::test]
async fn default_tags_are_applied_but_not_owned() {
    let env = env_with(ProviderConfig {
        default_tags: pairs(&[("owner", "platform")]),
        ..ProviderConfig::default()
    });
    let state = env
        .machine(|c| c.tags = tags(&[("team", "payments")]))
        .await;
    assert_eq!(
        env.fake.tags_of(s(&state.arn)),
        pairs(&[("owner", "platform"), ("team", "payments")])
    );
    let (d, read) = env.sm().read(&state).await;
    no_errors(&d);
    assert_eq!(read, Some(state));
}

#[tokio::test]
async fn the_tag_limit_applies_to_default_tags_and_tags_merged() {
    let many = |prefix: &str, n: usize| -> Vec<(String, String)> {
        (0..n)
            .map(|i| (format!("{prefix}{i}"), "v".to_string()))
            .collect()
    };
    let env = env_with(ProviderConfig {
        default_tags: many("default", 30),
        ..ProviderConfig::default()
    });
    let cfg = sm_config(|c| c.tags = tags_value(&many("own", 25)));
    // Each set alone is within the limit: validate passes, the plan (which knows the
    // provider's default_tags) does not.
    no_errors(&env.sm().validate(&cfg).await);
    let (d, _) = env.sm().plan_create(&cfg).await;
    let e = the_error(&d);
    assert!(
        e.summary
            .starts_with("SFN050 invalid-tag: 55 tags (25 in tags, 30 more"),
        "{}",
        e.summary
    );
    assert_eq!(e.attribute, path("tags"));
    assert_eq!(env.fake.count(Op::CreateStateMachine), 0);
}

// ---- update ----

#[tokio::test]
async fn an_update_whose_answer_was_lost_but_applied_is_recorded_with_a_warning() {
    let env = env();
    let prior = env.machine(|_| {}).await;
    env.fake
        .fail_after_apply(Op::UpdateStateMachine, lost("NetworkError"));
    let cfg = sm_config(|c| c.definition = known(DEF2));
    let (d, _, state) = env.sm().update(&prior, cfg.clone()).await;
    no_errors(&d);
    assert!(
        d.warnings[0]
            .summary
            .starts_with("SFN043 update-answer-lost"),
        "{:#?}",
        d.warnings
    );
    assert_eq!(s(&state.definition), DEF2);
    // The state is what AWS has: the refresh agrees, and the next plan has nothing to do.
    let (d, read) = env.sm().read(&state).await;
    no_errors(&d);
    let read = read.unwrap();
    assert_eq!(s(&read.definition), DEF2);
    let (d, planned, _) = env.sm().plan_update(&read, &cfg).await;
    no_errors(&d);
    assert_eq!(planned, read);
}

#[tokio::test]
async fn an_update_that_failed_without_an_answer_and_was_not_applied_claims_nothing() {
    let env = env();
    let prior = env.machine(|_| {}).await;
    env.fake.fail(
        Op::UpdateStateMachine,
        1,
        ApiError::new("TimeoutError", "no answer"),
    );
    let (d, _, state) = env
        .sm()
        .update(&prior, sm_config(|c| c.definition = known(DEF2)))
        .await;
    assert!(the_error(&d)
        .summary
        .contains("UpdateStateMachine failed: AWS TimeoutError"));
    assert_eq!(state, prior);
}

#[tokio::test]
async fn a_failed_update_claims_nothing() {
    let env = env();
    let prior = env
        .machine(|c| c.tags = tags(&[("team", "payments")]))
        .await;
    env.fake.fail(
        Op::UpdateStateMachine,
        1,
        ApiError::new(
            "InvalidArn",
            "Invalid Arn: 'Resource type not valid in this context'",
        ),
    );
    let cfg = sm_config(|c| {
        c.definition = known(DEF2);
        c.tags = tags(&[("team", "orders")]);
    });
    let (d, _, state) = env.sm().update(&prior, cfg).await;
    assert!(the_error(&d).summary.contains("UpdateStateMachine"));
    assert_eq!(state, prior);
    let m = env
        .fake
        .describe_state_machine(s(&prior.arn))
        .await
        .unwrap();
    assert_eq!(m.definition, DEF);
    assert_eq!(env.fake.count(Op::TagResource), 0);
}

#[tokio::test]
async fn a_failed_tagging_after_an_update_keeps_the_old_tags() {
    let env = env();
    let prior = env
        .machine(|c| c.tags = tags(&[("team", "payments")]))
        .await;
    env.fake
        .fail(Op::TagResource, 1, caller_denied("TagResource"));
    let cfg = sm_config(|c| {
        c.definition = known(DEF2);
        c.tags = tags(&[("team", "payments"), ("env", "prod")]);
    });
    let (d, _, state) = env.sm().update(&prior, cfg).await;
    let e = the_error(&d);
    assert!(e.summary.contains("TagResource"), "{}", e.summary);
    assert_eq!(e.attribute, path("tags"));
    assert_eq!(s(&state.definition), DEF2);
    assert_eq!(state.tags, prior.tags);
    assert_eq!(state.tags_all, prior.tags_all);
    // What the state says is what AWS has.
    let (d, read) = env.sm().read(&state).await;
    no_errors(&d);
    let read = read.unwrap();
    assert_eq!(
        (&read.definition, &read.tags, &read.tags_all),
        (&state.definition, &state.tags, &state.tags_all)
    );
}

#[tokio::test]
async fn update_retries_while_a_new_role_propagates() {
    let env = env();
    let prior = env.machine(|_| {}).await;
    env.fake
        .fail(Op::UpdateStateMachine, 2, role_not_assumable());
    let new_role = "arn:aws:iam::123456789012:role/orders-sfn-v2";
    let (d, _, state) = env
        .sm()
        .update(&prior, sm_config(|c| c.role_arn = known(new_role)))
        .await;
    no_errors(&d);
    assert_eq!(s(&state.role_arn), new_role);
    assert_eq!(env.fake.count(Op::UpdateStateMachine), 3);
    assert_ne!(state.revision_id, prior.revision_id);
}

#[tokio::test]
async fn a_reformatted_definition_is_not_an_update() {
    let env = env();
    let prior = env.machine(|_| {}).await;
    env.fake.clear_calls();
    let (d, planned, state) = env
        .sm()
        .update(&prior, sm_config(|c| c.definition = known(DEF_PRETTY)))
        .await;
    no_errors(&d);
    assert_eq!(planned.revision_id, prior.revision_id);
    assert_eq!(s(&state.definition), DEF_PRETTY);
    assert_eq!(env.fake.count(Op::UpdateStateMachine), 0);
}

#[tokio::test]
async fn changing_the_name_or_type_replaces_the_machine() {
    let env = env();
    let prior = env.machine(|_| {}).await;
    let (_, _, replace) = env
        .sm()
        .plan_update(&prior, &sm_config(|c| c.name = known("orders-v2")))
        .await;
    assert_eq!(replace, vec![path("name")]);
    assert!(
        env.session.replaces(s(&prior.arn)),
        "the plan notes the replacement for its aliases"
    );
    let (_, _, replace) = env
        .sm()
        .plan_update(&prior, &sm_config(|c| c.kind = known("EXPRESS")))
        .await;
    assert_eq!(replace, vec![path("type")]);
    let fresh = env_with(ProviderConfig::default());
    let (_, _, replace) = fresh
        .sm()
        .plan_update(&prior, &sm_config(|c| c.kind = known("standard")))
        .await;
    assert!(
        replace.is_empty(),
        "a change of letter case is not a new type"
    );
    assert!(!fresh.session.replaces(s(&prior.arn)));
}

// ---- destroy ----

#[tokio::test]
async fn destroy_waits_until_the_machine_is_gone() {
    let env = env();
    let state = env.machine(|_| {}).await;
    env.fake.set_deleting_describes(3);
    env.fake.clear_calls();
    let (d, r) = env.sm().destroy(&state).await;
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
        .machine(|c| c.timeouts = timeouts(None, Some("1s")))
        .await;
    env.fake.set_deleting_describes(u32::MAX);
    let (d, r) = env.sm().destroy(&state).await;
    assert_eq!(r, None, "the caller keeps the state");
    let e = the_error(&d);
    assert!(e.summary.contains("DeleteTimeout"), "{}", e.summary);
    assert!(e.detail.contains("DELETING"), "{}", e.detail);
    assert_eq!(e.attribute, path("timeouts"));
    assert_eq!(env.fake.status(s(&state.arn)).as_deref(), Some("DELETING"));
}

#[tokio::test]
async fn destroy_of_a_machine_already_gone_succeeds() {
    let env = env();
    let state = env.machine(|_| {}).await;
    env.fake.set_deleting_describes(0);
    env.fake.delete_outside(s(&state.arn));
    let (d, r) = env.sm().destroy(&state).await;
    no_errors(&d);
    assert_eq!(r, Some(()));
}

#[tokio::test]
async fn destroy_that_aws_refuses_is_an_error() {
    let env = env();
    let state = env.machine(|_| {}).await;
    env.fake.fail(
        Op::DeleteStateMachine,
        1,
        caller_denied("DeleteStateMachine"),
    );
    let (d, r) = env.sm().destroy(&state).await;
    assert_eq!(r, None);
    assert!(the_error(&d).summary.contains("AccessDeniedException"));
    assert_eq!(env.fake.status(s(&state.arn)).as_deref(), Some("ACTIVE"));
}

#[tokio::test]
async fn a_delete_whose_answer_was_lost_waits_for_deleting_and_succeeds() {
    let env = env();
    let state = env.machine(|_| {}).await;
    env.fake.set_deleting_describes(2);
    env.fake
        .fail_after_apply(Op::DeleteStateMachine, lost("NetworkError"));
    let (d, done) = env.sm().destroy(&state).await;
    no_errors(&d);
    assert!(done.is_some());
    assert!(env.fake.machines().is_empty());
}

#[tokio::test]
async fn a_delete_that_failed_without_an_answer_and_was_not_applied_is_an_error() {
    let env = env();
    let state = env.machine(|_| {}).await;
    env.fake
        .fail(Op::DeleteStateMachine, 1, lost("NetworkError"));
    let (d, done) = env.sm().destroy(&state).await;
    assert!(done.is_none());
    assert!(the_error(&d).summary.contains("failed: AWS NetworkError"));
    assert_eq!(env.fake.machines().len(), 1);
}

#[tokio::test]
async fn a_delete_accepted_whose_wait_cannot_read_leaves_the_state_with_a_warning() {
    let env = env();
    let state = env.machine(|_| {}).await;
    env.fake.fail(
        Op::DescribeStateMachine,
        1,
        ApiError::new("ThrottlingException", "Rate exceeded"),
    );
    let (d, done) = env.sm().destroy(&state).await;
    no_errors(&d);
    assert!(done.is_some());
    assert!(d.warnings[0]
        .summary
        .starts_with("SFN044 delete-unconfirmed"));
}

// ---- read ----

#[tokio::test]
async fn read_drops_a_machine_deleted_outside_terraform_or_being_deleted() {
    for describes in [0, 10] {
        let env = env();
        let state = env.machine(|_| {}).await;
        env.fake.set_deleting_describes(describes);
        env.fake.delete_outside(s(&state.arn));
        let (d, read) = env.sm().read(&state).await;
        no_errors(&d);
        assert!(read.is_none(), "{read:?}");
    }
}

#[tokio::test]
async fn read_keeps_the_configured_text_of_the_same_json() {
    let env = env();
    let state = env.machine(|_| {}).await;
    let arn = s(&state.arn).to_string();
    env.fake.set_definition_outside(&arn, DEF_PRETTY);
    let (d, read) = env.sm().read(&state).await;
    no_errors(&d);
    assert_eq!(s(&read.unwrap().definition), DEF);
    env.fake.set_definition_outside(&arn, DEF2);
    let (_, read) = env.sm().read(&state).await;
    assert_eq!(s(&read.unwrap().definition), DEF2);
}

#[tokio::test]
async fn read_errors_keep_the_prior_state() {
    let env = env();
    let state = env.machine(|_| {}).await;
    env.fake.fail(
        Op::DescribeStateMachine,
        1,
        caller_denied("DescribeStateMachine"),
    );
    let (d, read) = env.sm().read(&state).await;
    assert!(the_error(&d).summary.contains("AccessDeniedException"));
    assert_eq!(read, Some(state));
}

// ---- import ----

#[tokio::test]
async fn import_reports_bad_ids_and_missing_machines() {
    let env = env();
    let (d, state) = env.sm().import("orders").await;
    assert!(state.is_none());
    assert!(the_error(&d).summary.starts_with("SFN018"));
    let (d, state) = env.sm().import(&fake::machine_arn("nope")).await;
    assert!(state.is_none());
    assert!(the_error(&d)
        .summary
        .starts_with("SFN019 import-not-found: no state machine"));
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
    let (d, state) = env.sm().import(&arn).await;
    no_errors(&d);
    let st = state.expect("imported");
    assert_eq!(st.publish, Value::Value(false));
    assert!(st.state_machine_version_arn.is_null());
    assert_eq!(s(&st.definition), DEF);
    assert_eq!(s(&st.role_arn), ROLE);
}

// ---- configuration checks and their diagnostics ----

#[tokio::test]
async fn configuration_errors_come_from_validate_and_warnings_from_the_plan_once() {
    let env = env();
    // Retry[1] never applies to the error Retry[0] already matches: ASL303, a warning.
    let def = r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"Retry":[{"ErrorEquals":["Lambda.ServiceException","Lambda.TooManyRequestsException"]},{"ErrorEquals":["Lambda.TooManyRequestsException"]}],"End":true}}}"#;
    let cfg = sm_config(|c| c.definition = known(def));
    let d = env.sm().validate(&cfg).await;
    no_errors(&d);
    assert!(
        d.warnings.is_empty(),
        "validate reports no warnings: {:#?}",
        d.warnings
    );
    let (d, _) = env.sm().plan_create(&cfg).await;
    no_errors(&d);
    assert_eq!(d.warnings.len(), 1, "{:#?}", d.warnings);
    assert!(
        d.warnings[0].summary.starts_with("ASL303"),
        "{}",
        d.warnings[0].summary
    );
    assert_eq!(d.warnings[0].attribute, path("definition"));
    // Errors: from validate, not again from the plan.
    let bad = sm_config(|c| c.kind = known("EXPRES"));
    let d = env.sm().validate(&bad).await;
    let e = the_error(&d);
    assert!(
        e.summary
            .starts_with("SFN013 invalid-type: \"EXPRES\" is not a state machine type"),
        "{}",
        e.summary
    );
    assert!(
        e.detail.contains("Did you mean \"EXPRESS\"?"),
        "{}",
        e.detail
    );
    let (d, _) = env.sm().plan_create(&bad).await;
    assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:#?}");
}

#[tokio::test]
async fn enum_arguments_accept_any_letter_case() {
    let env = env();
    let cfg = sm_config(|c| {
        c.kind = known("Express");
        c.logging_configuration = logging("all", LOGS);
    });
    let d = env.sm().validate(&cfg).await;
    no_errors(&d);
    let state = env.sm().created(cfg).await;
    let m = env
        .fake
        .describe_state_machine(s(&state.arn))
        .await
        .unwrap();
    assert_eq!(m.kind, "EXPRESS");
    assert_eq!(m.logging.map(|l| l.level).as_deref(), Some("ALL"));
    let (_, read) = env.sm().read(&state).await;
    assert_eq!(read, Some(state));
    let bad = sm_config(|c| c.logging_configuration = logging("everything", LOGS));
    let d = env.sm().validate(&bad).await;
    assert!(the_error(&d)
        .summary
        .starts_with("SFN015 invalid-logging: \"everything\" is not a log level"));
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

#[tokio::test]
async fn remote_validation_findings_land_on_the_definition() {
    let env = env();
    env.fake.set_validation(vec![
        remote("ERROR", "MISSING_TRANSITION_TARGET", "/States/A/Next"),
        remote("WARNING", "UNREACHABLE_STATE", "/States/B"),
    ]);
    let (d, _) = env
        .sm()
        .plan_create(&sm_config(|c| c.remote_validation = Value::Value(true)))
        .await;
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
    assert_eq!(env.fake.count(Op::ValidateStateMachineDefinition), 1);
}

#[tokio::test]
async fn remote_validation_is_off_by_default_and_a_denial_is_a_warning() {
    let env = env();
    let (d, _) = env.sm().plan_create(&sm_config(|_| {})).await;
    no_errors(&d);
    assert_eq!(env.fake.count(Op::ValidateStateMachineDefinition), 0);
    env.fake.fail(
        Op::ValidateStateMachineDefinition,
        1,
        caller_denied("ValidateStateMachineDefinition"),
    );
    let on = sm_config(|c| c.remote_validation = Value::Value(true));
    let (d, _) = env.sm().plan_create(&on).await;
    no_errors(&d);
    assert!(
        has(&d.warnings, "SFN017", &path("remote_validation")),
        "{d:#?}"
    );
    env.fake
        .fail(Op::ValidateStateMachineDefinition, 1, server_error());
    let (d, _) = env.sm().plan_create(&on).await;
    no_errors(&d);
    assert!(has(&d.warnings, "SFN017", &path("remote_validation")));
}

#[tokio::test]
async fn remote_validation_runs_on_updates_that_change_the_definition() {
    let env = env();
    let prior = env
        .machine(|c| c.remote_validation = Value::Value(true))
        .await;
    env.fake.clear_calls();
    env.fake.set_validation(vec![remote(
        "ERROR",
        "SCHEMA_VALIDATION_FAILED",
        "/States/B",
    )]);
    let (d, _, _) = env
        .sm()
        .plan_update(
            &prior,
            &sm_config(|c| {
                c.remote_validation = Value::Value(true);
                c.tags = tags(&[("a", "b")]);
            }),
        )
        .await;
    no_errors(&d);
    assert_eq!(env.fake.count(Op::ValidateStateMachineDefinition), 0);
    let (d, _, _) = env
        .sm()
        .plan_update(
            &prior,
            &sm_config(|c| {
                c.remote_validation = Value::Value(true);
                c.definition = known(DEF2);
            }),
        )
        .await;
    assert!(has(
        &d.errors,
        "SFN057 remote-validation-finding: AWS SCHEMA_VALIDATION_FAILED",
        &path("definition")
    ));
}
