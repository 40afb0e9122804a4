//! Reading a state machine back: what AWS has, in the configuration's terms, and the version
//! that holds it.

use tf_provider::Diagnostics;

use super::model::{logging_state, tracing_state, MachineState};
use super::versions::{holds, Versions};
use crate::aws::api::{Machine, SfnApi};
use crate::enums::MACHINE_TYPE;
use crate::errors::aws_error;
use crate::model::{known, known_pairs, maybe, text, Value};
use crate::resources::blocks::encryption_state;
use crate::resources::lifecycle::{Ctx, Refreshed};
use crate::resources::tagging;

/// The state for what AWS reports, keeping the prior definition text when it is the same JSON,
/// the prior spelling of enums, and leaving blocks out that hold only defaults the
/// configuration did not set.
pub fn apply_remote(
    prior: &MachineState,
    m: &Machine,
    remote_tags: &[(String, String)],
    defaults: &[(String, String)],
) -> MachineState {
    let (tags, tags_all) = tagging::refreshed(remote_tags, defaults, &prior.tags);
    let kind = match text(&prior.kind) {
        Some(p) if MACHINE_TYPE.same(p, &m.kind) => p.to_string(),
        _ => m.kind.clone(),
    };
    MachineState {
        id: known(&m.arn),
        arn: known(&m.arn),
        name: known(&m.name),
        kind: known(kind),
        role_arn: known(&m.role_arn),
        status: known(&m.status),
        creation_date: known(&m.creation_date),
        revision_id: maybe(m.revision_id.as_deref()),
        definition: known(super::definition::kept(
            text(&prior.definition),
            &m.definition,
        )),
        logging_configuration: logging_state(m, &prior.logging_configuration),
        tracing_configuration: tracing_state(m, &prior.tracing_configuration),
        encryption_configuration: encryption_state(
            m.encryption.as_ref(),
            &prior.encryption_configuration,
        ),
        tags,
        tags_all,
        publish: if prior.publish.is_null() {
            Value::Value(false)
        } else {
            prior.publish
        },
        ..prior.clone()
    }
}

/// With `publish = true`: the newest version holding what the machine has now, or null when none
/// does (the next apply publishes one). A lost answer to a publishing update leaves the version it
/// made unrecorded; this finds it, and the next plan moves the aliases that follow the machine.
async fn current_version(
    ctx: &Ctx<'_>,
    api: &dyn SfnApi,
    prior: &MachineState,
    m: &Machine,
) -> Value<String> {
    let recorded = text(&prior.state_machine_version_arn);
    // The same revision as when the version was recorded: nothing changed since.
    if recorded.is_some()
        && m.revision_id.is_some()
        && text(&prior.revision_id) == m.revision_id.as_deref()
    {
        return prior.state_machine_version_arn.clone();
    }
    if let Some(v) = recorded {
        match api.describe_state_machine(v).await {
            Ok(d) if holds(&d, m) => return prior.state_machine_version_arn.clone(),
            Ok(_) => {}
            Err(e) if e.is_not_found() => {}
            // Unreadable: keep what is recorded rather than guess.
            Err(_) => return prior.state_machine_version_arn.clone(),
        }
    }
    let versions = Versions {
        api,
        session: ctx.session,
    };
    maybe(versions.holding(m, None).await.as_deref())
}

pub async fn refresh(
    ctx: &Ctx<'_>,
    api: &dyn SfnApi,
    arn: &str,
    prior: MachineState,
    diags: &mut Diagnostics,
) -> Refreshed<MachineState> {
    let m = match api.describe_state_machine(arn).await {
        Ok(m) => m,
        // Deleted outside Terraform: drop it from state so the next plan re-creates it.
        Err(e) if e.is_not_found() => return Refreshed::Gone,
        Err(e) => {
            aws_error(diags, "DescribeStateMachine", &e, None);
            return Refreshed::Kept(prior);
        }
    };
    if m.status == "DELETING" {
        // Going away: plan its re-creation (the create waits for the delete to finish).
        return Refreshed::Gone;
    }
    let tags = tagging::read(api, &m.arn, diags)
        .await
        .unwrap_or_else(|| known_pairs(&prior.tags_all));
    let mut state = apply_remote(&prior, &m, &tags, &ctx.default_tags());
    if prior.publishes() {
        state.state_machine_version_arn = current_version(ctx, api, &prior, &m).await;
    }
    Refreshed::Found(state)
}

/// After an import's refresh: a machine with versions was managed with `publish = true`, so the
/// state says so, with the newest version holding the current definition and its description,
/// and an alias following `state_machine_version_arn` stays put.
pub async fn imported(
    ctx: &Ctx<'_>,
    api: &dyn SfnApi,
    mut state: MachineState,
) -> Option<MachineState> {
    let arn = text(&state.arn)?.to_string();
    let versions = Versions {
        api,
        session: ctx.session,
    };
    if versions.latest(&arn).await.is_none() {
        state.publish = Value::Value(false);
        return Some(state);
    }
    state.publish = Value::Value(true);
    let m = api.describe_state_machine(&arn).await.ok()?;
    let current = versions.holding(&m, None).await;
    if let Some(v) = &current {
        let description = api
            .describe_state_machine(v)
            .await
            .ok()
            .and_then(|d| d.description);
        state.version_description = maybe(description.as_deref().filter(|d| !d.is_empty()));
    }
    state.state_machine_version_arn = maybe(current.as_deref());
    Some(state)
}
