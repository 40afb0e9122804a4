//! `sfn_activity`: a worker-polled task source, with tags and encryption. There is no
//! UpdateActivity: a new name or key means a new activity; tags change in place.

use std::time::{Duration, Instant, SystemTime};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sfn_codegen::names::NameKind;
use tf_provider::schema::{AttributeType, Schema};
use tf_provider::{AttributePath, Diagnostics};

use super::blocks::{
    check_encryption, check_timeouts, encryption_from, encryption_state, same_encryption, timeout,
    EncryptionBlock,
};
use super::lifecycle::{deleted, Ctx, Lifecycle, Planned, Refreshed};
use super::{ownership, tagging};
use crate::aws::api::{Activity as RemoteActivity, ApiError, Encryption, SfnApi};
use crate::aws::retry::{self, Wait};
use crate::errors::aws_error;
use crate::model::{known, known_pairs, tags_value, text, Blocks, Tags, Value};
use crate::schema::*;

pub const CREATE_TIMEOUT: Duration = Duration::from_secs(5 * 60);

pub fn schema() -> Schema {
    let b = block(
        "A Step Functions activity: work that your own workers poll for (`GetActivityTask`). Not available to Express state machines.",
        vec![
            ("id", computed(AttributeType::String, "The activity ARN.")),
            ("arn", computed(AttributeType::String, "The activity ARN.")),
            ("name", required(AttributeType::String, "The activity name (1 to 80 characters, no whitespace or special characters). Changing it replaces the activity.")),
            ("tags", optional(string_map(), "Tags, merged over the provider's `default_tags` (at most 50 in all).")),
            ("tags_all", computed(string_map(), "All tags: `default_tags` and `tags`.")),
            ("creation_date", computed(AttributeType::String, "When the activity was created (RFC 3339).")),
        ],
    );
    let b = with_blocks(
        b,
        vec![
            ("encryption_configuration", encryption_block()),
            ("timeouts", timeouts_block(&[("create", "5m")])),
        ],
    );
    Schema {
        version: 1,
        block: b,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityState {
    pub id: Value<String>,
    pub arn: Value<String>,
    pub name: Value<String>,
    pub tags: Tags,
    pub tags_all: Tags,
    pub creation_date: Value<String>,
    pub encryption_configuration: Blocks<EncryptionBlock>,
    pub timeouts: Blocks<CreateTimeout>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateTimeout {
    pub create: Value<String>,
}

pub struct Activity;

/// What one create asked for, and when it began.
struct Asked<'a> {
    encryption: Option<&'a Encryption>,
    tags: &'a [(String, String)],
    started: SystemTime,
}

/// Why `a` (what a create answered with, or found) is not the activity this create made.
async fn not_ours(api: &dyn SfnApi, a: &RemoteActivity, asked: &Asked<'_>) -> Vec<String> {
    let mut why = Vec::new();
    if !same_encryption(a.encryption.as_ref(), asked.encryption) {
        why.push("its encryption differs from the configuration".to_string());
    }
    why.extend(ownership::made_before(api, &a.creation_date, asked.started));
    if let Ok(remote) = api.list_tags(&a.arn).await {
        why.extend(ownership::other_tags(&remote, asked.tags));
    }
    why
}

/// The activity of the name, if one exists.
async fn by_name(api: &dyn SfnApi, name: &str) -> Option<RemoteActivity> {
    let all = api.list_activities().await.ok()?;
    let (_, arn) = all.into_iter().find(|(n, _)| n == name)?;
    api.describe_activity(&arn).await.ok()
}

/// An activity of the name that exists before this create begins, when its ARN is known (the
/// account check looked the account up).
async fn existing(ctx: &Ctx<'_>, api: &dyn SfnApi, name: &str) -> Option<RemoteActivity> {
    let id = ctx.session.known_identity()?;
    let region = api.region()?;
    let arn = format!(
        "arn:{}:states:{region}:{}:activity:{name}",
        id.partition(),
        id.account
    );
    api.describe_activity(&arn).await.ok()
}

impl Activity {
    /// CreateActivity failed. A lost answer (or, after one, the retry's `ActivityAlreadyExists`
    /// from an API that does not replay creates) may have left the activity it made: find it.
    async fn unanswered(
        &self,
        api: &dyn SfnApi,
        planned: ActivityState,
        e: ApiError,
        asked: &Asked<'_>,
        diags: &mut Diagnostics,
    ) -> Option<ActivityState> {
        let name = text(&planned.name).unwrap_or_default().to_string();
        let could_exist = e.answer_may_be_lost() || e.code == "ActivityAlreadyExists";
        let found = match could_exist {
            true => by_name(api, &name).await,
            false => None,
        };
        let Some(a) = found else {
            aws_error(diags, "CreateActivity", &e, None);
            return None;
        };
        let why = not_ours(api, &a, asked).await;
        if !why.is_empty() {
            ownership::name_taken(diags, "activity", &name, &a.arn, &why);
            return None;
        }
        ownership::adopted(diags, "CreateActivity", &e, "activity", &a.arn);
        Some(created_state(planned, &a.arn, &a.creation_date, asked.tags))
    }
}

fn created_state(
    planned: ActivityState,
    arn: &str,
    date: &str,
    tags: &[(String, String)],
) -> ActivityState {
    ActivityState {
        id: known(arn),
        arn: known(arn),
        creation_date: known(date),
        tags_all: tags_value(tags),
        ..planned
    }
}

#[async_trait]
impl Lifecycle for Activity {
    type State = ActivityState;

    fn schema(&self) -> Schema {
        schema()
    }

    fn noun(&self) -> &'static str {
        "activity"
    }

    fn check(&self, _ctx: &Ctx<'_>, cfg: &ActivityState, diags: &mut Diagnostics) {
        check_name_attribute(NameKind::Activity, &cfg.name, diags);
        check_encryption(&cfg.encryption_configuration, diags);
        crate::tags::check_tags(&cfg.tags, "tags", diags);
        if let Some(t) = cfg.timeouts.first() {
            check_timeouts(&[("create", &t.create)], diags);
        }
    }

    async fn plan(
        &self,
        ctx: &Ctx<'_>,
        prior: Option<&ActivityState>,
        proposed: ActivityState,
        cfg: &ActivityState,
        diags: &mut Diagnostics,
    ) -> Option<Planned<ActivityState>> {
        let mut p = proposed;
        p.tags_all = tagging::plan(&cfg.tags, &ctx.default_tags(), diags);
        let Some(prior) = prior else {
            p.id = Value::Unknown;
            p.arn = Value::Unknown;
            p.creation_date = Value::Unknown;
            return Some(Planned::keep(p));
        };
        let mut replace = Vec::new();
        if p.name != prior.name {
            replace.push(AttributePath::new("name"));
        }
        let unknown = p.encryption_configuration.is_unknown()
            || p.encryption_configuration.items().iter().any(|e| {
                e.kind.is_unknown()
                    || e.kms_key_id.is_unknown()
                    || e.kms_data_key_reuse_period_seconds.is_unknown()
            });
        if unknown
            || !same_encryption(
                encryption_from(&prior.encryption_configuration).as_ref(),
                encryption_from(&p.encryption_configuration).as_ref(),
            )
        {
            replace.push(AttributePath::new("encryption_configuration"));
        }
        Some(Planned { state: p, replace })
    }

    async fn create(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        planned: ActivityState,
        _cfg: &ActivityState,
        diags: &mut Diagnostics,
    ) -> Option<ActivityState> {
        let tags = tagging::merged(&planned.tags, &ctx.default_tags());
        let encryption = encryption_from(&planned.encryption_configuration);
        let name = text(&planned.name).unwrap_or_default().to_string();
        if let Some(a) = existing(ctx, api, &name).await {
            ownership::existed(diags, "activity", &name, &a.arn, &a.creation_date);
            return None;
        }
        let asked = Asked {
            encryption: encryption.as_ref(),
            tags: &tags,
            started: SystemTime::now(),
        };
        // A customer-managed key whose policy or grant is still propagating answers
        // KmsAccessDeniedException or KmsThrottlingException for a while.
        let deadline =
            Instant::now() + timeout(planned.timeouts.first().map(|t| &t.create), CREATE_TIMEOUT);
        let result = retry::while_propagating(deadline, &Wait::default(), || {
            api.create_activity(&name, &tags, encryption.as_ref())
        })
        .await;
        let (arn, date) = match result {
            Ok(v) => v,
            Err(e) => return self.unanswered(api, planned, e, &asked, diags).await,
        };
        // AWS answers a CreateActivity of an existing name with that activity.
        if let Ok(a) = api.describe_activity(&arn).await {
            let why = not_ours(api, &a, &asked).await;
            if !why.is_empty() {
                ownership::name_taken(diags, "activity", &name, &arn, &why);
                return None;
            }
        }
        Some(created_state(planned, &arn, &date, &tags))
    }

    async fn read(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        prior: ActivityState,
        diags: &mut Diagnostics,
    ) -> Refreshed<ActivityState> {
        let a = match api.describe_activity(arn).await {
            Ok(a) => a,
            Err(e) if e.is_not_found() => return Refreshed::Gone,
            Err(e) => {
                aws_error(diags, "DescribeActivity", &e, None);
                return Refreshed::Kept(prior);
            }
        };
        let remote_tags = tagging::read(api, arn, diags)
            .await
            .unwrap_or_else(|| known_pairs(&prior.tags_all));
        let (tags, tags_all) = tagging::refreshed(&remote_tags, &ctx.default_tags(), &prior.tags);
        Refreshed::Found(ActivityState {
            id: known(&a.arn),
            arn: known(&a.arn),
            name: known(&a.name),
            creation_date: known(&a.creation_date),
            encryption_configuration: encryption_state(
                a.encryption.as_ref(),
                &prior.encryption_configuration,
            ),
            tags,
            tags_all,
            ..prior
        })
    }

    async fn update(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        prior: ActivityState,
        planned: ActivityState,
        _cfg: &ActivityState,
        diags: &mut Diagnostics,
    ) -> ActivityState {
        let new = tagging::merged(&planned.tags, &ctx.default_tags());
        if !tagging::sync(api, arn, &known_pairs(&prior.tags_all), &new, diags).await {
            return prior;
        }
        ActivityState {
            tags_all: tags_value(&new),
            ..planned
        }
    }

    async fn delete(
        &self,
        _ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        _prior: ActivityState,
        diags: &mut Diagnostics,
    ) -> bool {
        let result = api.delete_activity(arn).await;
        deleted(
            "DeleteActivity",
            arn,
            result,
            || api.describe_activity(arn),
            diags,
        )
        .await
    }

    fn arn(state: &ActivityState) -> Option<&str> {
        text(&state.arn)
    }

    fn import_seed(&self, id: &str, diags: &mut Diagnostics) -> Option<ActivityState> {
        if !(id.starts_with("arn:") && id.contains(":activity:") && id.split(':').count() == 7) {
            diags.root_error(
                format!("SFN018 invalid-import-id: \"{id}\" is not an activity ARN"),
                "Import with the activity ARN: terraform import sfn_activity.<name> arn:aws:states:<region>:<account>:activity:<name>",
            );
            return None;
        }
        Some(ActivityState {
            id: known(id),
            arn: known(id),
            ..ActivityState::default()
        })
    }
}
