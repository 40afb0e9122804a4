//! `sfn_activity`: lifecycle, lost creates, KMS propagation retries, ownership.

use std::time::Duration;

use super::*;
use crate::aws::fake::{self, Op};
use crate::model::{known, Blocks, Number};
use crate::resources::activity::{Activity, ActivityState, CreateTimeout};
use crate::resources::blocks::EncryptionBlock;

const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn activity(f: impl FnOnce(&mut ActivityState)) -> ActivityState {
    let mut a = ActivityState {
        name: known("review"),
        tags: tags(&[("team", "ops")]),
        ..ActivityState::default()
    };
    f(&mut a);
    a
}

fn with_key(a: &mut ActivityState) {
    a.encryption_configuration = Blocks::one(EncryptionBlock {
        kind: known("CUSTOMER_MANAGED_KMS_KEY"),
        kms_key_id: known(KEY),
        kms_data_key_reuse_period_seconds: Value::Value(Number::from_i64(300)),
    });
}

#[tokio::test]
async fn activity_lifecycle() {
    let env = env();
    let act = env.resource(Activity);
    let state = act.created(activity(|_| {})).await;
    assert_eq!(s(&state.arn), fake::activity_arn("review"));
    let (d, read) = act.read(&state).await;
    no_errors(&d);
    assert_eq!(read.as_ref(), Some(&state));
    // Tags change in place; a new key replaces the activity.
    let (d, _, retagged) = act
        .update(&state, activity(|a| a.tags = tags(&[("team", "review")])))
        .await;
    no_errors(&d);
    assert_eq!(
        env.fake.tags_of(s(&state.arn)),
        pairs(&[("team", "review")])
    );
    let (_, _, replace) = act.plan_update(&retagged, &activity(with_key)).await;
    assert_eq!(replace, vec![path("encryption_configuration")]);
    let (d, done) = act.destroy(&retagged).await;
    no_errors(&d);
    assert_eq!(done, Some(()));
    let (d, read) = act.read(&state).await;
    no_errors(&d);
    assert!(read.is_none());
}

#[tokio::test]
async fn a_create_activity_whose_answer_was_lost_is_adopted() {
    let env = env();
    let act = env.resource(Activity);
    env.fake
        .fail_after_apply(Op::CreateActivity, lost("NetworkError"));
    let (d, state) = act.create(activity(|_| {})).await;
    no_errors(&d);
    let state = state.expect("the activity exists: its state is kept");
    assert!(
        d.warnings[0]
            .summary
            .starts_with("SFN041 create-answer-lost: AWS NetworkError: CreateActivity"),
        "{:#?}",
        d.warnings
    );
    assert_eq!(s(&state.arn), fake::activity_arn("review"));
    assert_eq!(env.fake.activities().len(), 1);
    // Nothing left to do: the next apply does not fail on the activity it made.
    let (d, read) = act.read(&state).await;
    no_errors(&d);
    assert_eq!(read, Some(state));
}

#[tokio::test]
async fn an_already_exists_after_our_own_lost_attempt_is_adopted() {
    // An API that does not replay creates answers the retry of a lost CreateActivity with
    // ActivityAlreadyExists: the activity is the first attempt's (created after the create began,
    // with its tags and key).
    let env = env();
    let act = env.resource(Activity);
    env.fake.fail_after_apply(
        Op::CreateActivity,
        ApiError::new("ActivityAlreadyExists", "Activity already exists."),
    );
    let (d, state) = act.create(activity(with_key)).await;
    no_errors(&d);
    assert!(state.is_some());
    assert!(
        d.warnings[0]
            .summary
            .starts_with("SFN041 create-answer-lost"),
        "{:#?}",
        d.warnings
    );
    assert_eq!(env.fake.activities().len(), 1);
}

#[tokio::test]
async fn an_activity_that_existed_before_the_create_is_not_claimed() {
    let env = env();
    let act = env.resource(Activity);
    let (arn, _) = env
        .fake
        .create_activity("review", &pairs(&[("team", "ops")]), None)
        .await
        .unwrap();
    env.fake.backdate(&arn, Duration::from_secs(600));
    // AWS answers CreateActivity of an existing name with that activity.
    let (d, state) = act.create(activity(|_| {})).await;
    assert!(state.is_none());
    let e = the_error(&d);
    assert!(
        e.summary
            .starts_with("SFN042 name-taken: an activity named \"review\""),
        "{}",
        e.summary
    );
    assert!(
        e.summary.contains("before this create began"),
        "{}",
        e.summary
    );
    // Nor after a lost answer.
    env.fake.fail(Op::CreateActivity, 1, lost("TimeoutError"));
    let (d, state) = act.create(activity(|_| {})).await;
    assert!(state.is_none());
    assert!(the_error(&d).summary.starts_with("SFN042 name-taken"));
    // And with an account known, before any create.
    let checked = env_with(ProviderConfig {
        allowed_account_ids: vec![fake::ACCOUNT.into()],
        ..ProviderConfig::default()
    });
    checked
        .fake
        .create_activity("review", &[], None)
        .await
        .unwrap();
    checked.fake.clear_calls();
    let (d, state) = checked.resource(Activity).create(activity(|_| {})).await;
    assert!(state.is_none());
    assert!(the_error(&d)
        .summary
        .contains("it existed before this create began"));
    assert_eq!(checked.fake.count(Op::CreateActivity), 0);
}

#[tokio::test]
async fn create_activity_retries_while_the_kms_key_propagates() {
    let env = env();
    let act = env.resource(Activity);
    env.fake.fail(
        Op::CreateActivity,
        2,
        ApiError::new("KmsThrottlingException", "Rate exceeded"),
    );
    env.fake.fail(
        Op::CreateActivity,
        1,
        ApiError::new("KmsAccessDeniedException", "Not authorized to use the key"),
    );
    let state = act.created(activity(with_key)).await;
    assert_eq!(env.fake.count(Op::CreateActivity), 4);
    let (_, read) = act.read(&state).await;
    assert_eq!(read, Some(state));
}

#[tokio::test]
async fn a_kms_denial_that_outlasts_the_timeout_is_reported_on_the_encryption() {
    let env = env();
    let act = env.resource(Activity);
    env.fake.fail(
        Op::CreateActivity,
        1_000_000,
        ApiError::new("KmsAccessDeniedException", "Not authorized to use the key"),
    );
    let (d, state) = act
        .create(activity(|a| {
            with_key(a);
            a.timeouts = Blocks::one(CreateTimeout {
                create: known("1s"),
            });
        }))
        .await;
    assert!(state.is_none());
    let e = the_error(&d);
    assert!(
        e.summary
            .contains("CreateActivity failed: AWS KmsAccessDeniedException"),
        "{}",
        e.summary
    );
    assert!(e.detail.contains("still failing after"), "{}", e.detail);
    assert_eq!(e.attribute, path("encryption_configuration"));
    assert!(env.fake.count(Op::CreateActivity) > 2);
}

#[tokio::test]
async fn activity_checks_are_exact() {
    let env = env();
    let act = env.resource(Activity);
    let d = act
        .validate(&activity(|a| {
            with_key(a);
            if let Some(e) = match &mut a.encryption_configuration {
                Blocks::Known(v) => v.first_mut(),
                Blocks::Unknown => None,
            } {
                e.kms_data_key_reuse_period_seconds = Value::Value(Number(
                    sfn_codegen::Num::parse("300.00000000000000000001").unwrap(),
                ));
            }
        }))
        .await;
    assert!(the_error(&d).summary.contains(
        "kms_data_key_reuse_period_seconds 300.00000000000000000001 is not a whole number"
    ));
}
