//! Creating a state machine, and telling the machine this create made from one that was there.

use std::time::{Instant, SystemTime};

use tf_provider::{AttributePath, Diagnostics};

use super::model::MachineState;
use super::versions::Versions;
use super::CREATE_TIMEOUT;
use crate::aws::api::{ApiError, Created, Machine, MachineSpec, SfnApi};
use crate::aws::retry::{self, Wait};
use crate::errors::{aws_error, parts};
use crate::model::{known, maybe, tags_value, text, Value};
use crate::resources::blocks::timeout;
use crate::resources::lifecycle::Ctx;
use crate::resources::{ownership, tagging};

/// A unique name from a prefix: the prefix, a UTC timestamp and a random part (26 characters).
pub fn generated_name(prefix: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    // Nine digits: a u32 can have ten, which made the suffix 27 characters.
    let random = rand::random::<u32>() % 1_000_000_000;
    format!("{prefix}{now:017}{random:09}")
        .chars()
        .take(80)
        .collect()
}

/// What differs between a machine and the spec that would have made it: name, definition (as
/// JSON), type and role.
fn differences(m: &Machine, spec: &MachineSpec) -> Vec<&'static str> {
    let mut out = Vec::new();
    if m.name != spec.name {
        out.push("name");
    }
    if !super::definition::same(&m.definition, &spec.definition) {
        out.push("definition");
    }
    if m.kind != spec.kind {
        out.push("type");
    }
    if m.role_arn != spec.role_arn {
        out.push("role_arn");
    }
    out
}

/// Why `m` (what a create answered with, or found) is not the machine this create made.
async fn not_ours(
    api: &dyn SfnApi,
    m: &Machine,
    spec: &MachineSpec,
    started: SystemTime,
) -> Vec<String> {
    let mut why = Vec::new();
    let differ = differences(m, spec);
    if !differ.is_empty() {
        why.push(format!(
            "its {} differ from the configuration",
            differ.join(", ")
        ));
    }
    why.extend(ownership::made_before(api, &m.creation_date, started));
    if let Ok(remote) = api.list_tags(&m.arn).await {
        why.extend(ownership::other_tags(&remote, &spec.tags));
    }
    why
}

/// The machine's ARN for a name, when the account is known (from the account check, or from the
/// role: Step Functions can only pass a role of its own account).
fn arn_for(ctx: &Ctx<'_>, api: &dyn SfnApi, spec: &MachineSpec) -> Option<String> {
    let region = api.region()?;
    let (partition, account) = match ctx.session.known_identity() {
        Some(id) => (id.partition().to_string(), id.account),
        None => {
            let mut parts = spec.role_arn.split(':');
            let (Some("arn"), Some(p), Some("iam"), Some(""), Some(a)) = (
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
            ) else {
                return None;
            };
            (p.to_string(), a.to_string())
        }
    };
    Some(format!(
        "arn:{partition}:states:{region}:{account}:stateMachine:{}",
        spec.name
    ))
}

/// A machine of the name that exists (and is not being deleted) before this create begins.
async fn existing(ctx: &Ctx<'_>, api: &dyn SfnApi, spec: &MachineSpec) -> Option<Machine> {
    let arn = arn_for(ctx, api, spec)?;
    api.describe_state_machine(&arn)
        .await
        .ok()
        .filter(|m| m.status != "DELETING")
}

/// After a create failed without an answer: the machine it made, if one of the name was
/// created after it began with the configured settings and tags.
async fn find_created(
    api: &dyn SfnApi,
    spec: &MachineSpec,
    started: SystemTime,
) -> Option<Machine> {
    let all = api.list_state_machines().await.ok()?;
    let (_, arn) = all.into_iter().find(|(n, _)| *n == spec.name)?;
    let m = api.describe_state_machine(&arn).await.ok()?;
    (m.status != "DELETING" && not_ours(api, &m, spec, started).await.is_empty()).then_some(m)
}

/// Creates the machine the plan describes: the configuration's values and what the plan
/// computed from them (the request is built from the planned state, never the configuration).
pub async fn create(
    ctx: &Ctx<'_>,
    api: &dyn SfnApi,
    planned: MachineState,
    diags: &mut Diagnostics,
) -> Option<MachineState> {
    let name = match (text(&planned.name), text(&planned.name_prefix)) {
        (Some(n), _) => n.to_string(),
        (None, Some(p)) => generated_name(p),
        (None, None) => generated_name("terraform-"),
    };
    let tags = tagging::merged(&planned.tags, &ctx.default_tags());
    let spec = planned.spec(name.clone(), tags);
    if let Some(m) = existing(ctx, api, &spec).await {
        ownership::existed(diags, "state machine", &name, &m.arn, &m.creation_date);
        return None;
    }
    let started = SystemTime::now();
    let deadline = Instant::now() + timeout(planned.timeouts().map(|t| &t.create), CREATE_TIMEOUT);
    let created = retry::while_propagating(deadline, &Wait::default(), || {
        api.create_state_machine(&spec)
    })
    .await;
    match created {
        Ok(c) => answered(api, planned, &spec, c, started, diags).await,
        Err(e) => unanswered(ctx, api, planned, &spec, e, started, diags).await,
    }
}

/// CreateStateMachine answered: unless the machine is someone else's, it exists and is saved.
async fn answered(
    api: &dyn SfnApi,
    planned: MachineState,
    spec: &MachineSpec,
    c: Created,
    started: SystemTime,
    diags: &mut Diagnostics,
) -> Option<MachineState> {
    let described = match api.describe_state_machine(&c.arn).await {
        Ok(m) => {
            let why = not_ours(api, &m, spec, started).await;
            if !why.is_empty() {
                // AWS answers a create that matches an existing machine with that machine.
                ownership::name_taken(diags, "state machine", &spec.name, &m.arn, &why);
                return None;
            }
            Some(m)
        }
        Err(e) => {
            let (summary, detail, _) = parts("DescribeStateMachine after create", &e, None);
            diags.warning(
                summary,
                format!("{detail}\n\nThe machine was created and is saved in state; status and revision_id are filled in on the next refresh."),
                AttributePath::root(),
            );
            None
        }
    };
    let m = described.unwrap_or_else(|| Machine {
        arn: c.arn.clone(),
        name: spec.name.clone(),
        status: "ACTIVE".into(),
        kind: spec.kind.clone(),
        creation_date: c.creation_date.clone(),
        ..Machine::default()
    });
    Some(created_state(planned, spec, &m, c.version_arn.as_deref()))
}

/// CreateStateMachine failed: if an answer may have been lost, the machine may exist.
async fn unanswered(
    ctx: &Ctx<'_>,
    api: &dyn SfnApi,
    planned: MachineState,
    spec: &MachineSpec,
    e: ApiError,
    started: SystemTime,
    diags: &mut Diagnostics,
) -> Option<MachineState> {
    // A name conflict is AWS saying the machine there is not this one: never adopt it.
    let found = if e.code == "StateMachineAlreadyExists" {
        None
    } else {
        find_created(api, spec, started).await
    };
    let Some(m) = found else {
        aws_error(diags, "CreateStateMachine", &e, None);
        return None;
    };
    // Recorded without an error, which would taint it and replace it on the next apply.
    ownership::adopted(diags, "CreateStateMachine", &e, "state machine", &m.arn);
    let version = if spec.publish {
        let v = Versions {
            api,
            session: ctx.session,
        };
        v.holding(&m, spec.version_description.as_deref()).await
    } else {
        None
    };
    Some(created_state(planned, spec, &m, version.as_deref()))
}

fn created_state(
    planned: MachineState,
    spec: &MachineSpec,
    m: &Machine,
    version_arn: Option<&str>,
) -> MachineState {
    MachineState {
        id: known(&m.arn),
        arn: known(&m.arn),
        name: known(&m.name),
        kind: if planned.kind.is_unknown() {
            known(&spec.kind)
        } else {
            planned.kind.clone()
        },
        creation_date: known(&m.creation_date),
        status: known(&m.status),
        revision_id: maybe(m.revision_id.as_deref()),
        state_machine_version_arn: maybe(version_arn),
        tags_all: tags_value(&spec.tags),
        publish: match planned.publish {
            Value::Value(b) => Value::Value(b),
            _ => Value::Value(spec.publish),
        },
        ..planned
    }
}
