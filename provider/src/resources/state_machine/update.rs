//! Updating (and publishing) and deleting a state machine.

use std::time::Instant;

use tf_provider::{AttributePath, Diagnostics};

use super::model::MachineState;
use super::versions::Versions;
use super::{settings_differ, DELETE_TIMEOUT, UPDATE_TIMEOUT};
use crate::aws::api::{Encryption, Logging, Machine, MachineUpdate, SfnApi};
use crate::aws::retry::{self, Wait};
use crate::errors::aws_error;
use crate::model::{known, known_pairs, maybe, tags_value, text, Value};
use crate::resources::blocks::{encryption_from, same_encryption, timeout};
use crate::resources::lifecycle::Ctx;
use crate::resources::tagging;

/// What UpdateStateMachine is sent: the settings that changed, and `publish` when the plan
/// publishes (planned `state_machine_version_arn` unknown). Publishing without a change sends the
/// definition unchanged, which UpdateStateMachine needs to have something to update.
fn request(prior: &MachineState, planned: &MachineState) -> MachineUpdate {
    let def = || text(&planned.definition).unwrap_or_default().to_string();
    let mut u = MachineUpdate::default();
    if settings_differ(prior, planned) {
        if super::definition::changed(text(&prior.definition), text(&planned.definition)) {
            u.definition = Some(def());
        }
        if planned.role_arn != prior.role_arn {
            u.role_arn = text(&planned.role_arn).map(str::to_string);
        }
        if planned.logging() != prior.logging() {
            u.logging = Some(planned.logging().unwrap_or(Logging {
                level: "OFF".into(),
                ..Logging::default()
            }));
        }
        if planned.tracing().unwrap_or(false) != prior.tracing().unwrap_or(false) {
            u.tracing = Some(planned.tracing().unwrap_or(false));
        }
        let enc = encryption_from(&planned.encryption_configuration);
        if !same_encryption(
            encryption_from(&prior.encryption_configuration).as_ref(),
            enc.as_ref(),
        ) {
            u.encryption = Some(enc.unwrap_or(Encryption {
                kind: "AWS_OWNED_KEY".into(),
                ..Encryption::default()
            }));
        }
    }
    if planned.state_machine_version_arn.is_unknown() && planned.publishes() {
        u.publish = true;
        u.version_description = text(&planned.version_description).map(str::to_string);
        if !u.changes_something_besides_publishing() {
            u.definition = Some(def());
        }
    }
    u
}

/// Whether every setting `u` changes is what `m` has (settings it leaves alone are ignored).
fn is_applied(m: &Machine, u: &MachineUpdate) -> bool {
    u.definition
        .as_ref()
        .is_none_or(|d| super::definition::same(d, &m.definition))
        && u.role_arn.as_ref().is_none_or(|r| *r == m.role_arn)
        && u.tracing.is_none_or(|t| t == m.tracing)
        && u.logging
            .as_ref()
            .is_none_or(|l| m.logging.as_ref() == Some(l))
        && u.encryption
            .as_ref()
            .is_none_or(|e| same_encryption(m.encryption.as_ref(), Some(e)))
}

pub async fn update(
    ctx: &Ctx<'_>,
    api: &dyn SfnApi,
    arn: &str,
    prior: MachineState,
    planned: MachineState,
    diags: &mut Diagnostics,
) -> MachineState {
    let u = request(&prior, &planned);
    // From here on, what the plan says, filled in with what AWS answers.
    let mut state = planned.clone();
    if u.changes_something() {
        let deadline =
            Instant::now() + timeout(planned.timeouts().map(|t| &t.update), UPDATE_TIMEOUT);
        match retry::while_propagating(deadline, &Wait::default(), || {
            api.update_state_machine(arn, &u)
        })
        .await
        {
            Ok(out) => {
                state.revision_id = maybe(out.revision_id.as_deref());
                if u.publish {
                    state.state_machine_version_arn = maybe(out.version_arn.as_deref());
                }
            }
            Err(e) if e.answer_may_be_lost() => {
                match lost_answer(ctx, api, arn, &u, &e, diags).await {
                    Some(version) => {
                        if u.publish {
                            state.state_machine_version_arn =
                                Value::Value(version.unwrap_or_default());
                        }
                    }
                    None => return prior,
                }
            }
            Err(e) => {
                aws_error(diags, "UpdateStateMachine", &e, None);
                return prior;
            }
        }
    }
    let new_tags = tagging::merged(&planned.tags, &ctx.default_tags());
    if tagging::sync(api, arn, &known_pairs(&prior.tags_all), &new_tags, diags).await {
        state.tags_all = tags_value(&new_tags);
    } else {
        state.tags = prior.tags.clone();
        state.tags_all = prior.tags_all.clone();
    }
    if u.changes_something() || state.status.is_unknown() || state.revision_id.is_unknown() {
        if let Ok(m) = api.describe_state_machine(arn).await {
            state.status = known(&m.status);
            state.revision_id = maybe(m.revision_id.as_deref());
        }
    }
    // Nothing stays unknown after an apply.
    for (v, p) in [
        (&mut state.revision_id, &prior.revision_id),
        (&mut state.status, &prior.status),
        (
            &mut state.state_machine_version_arn,
            &prior.state_machine_version_arn,
        ),
    ] {
        if v.is_unknown() {
            *v = p.clone();
        }
    }
    state
}

/// UpdateStateMachine's answer was lost. If AWS now has every changed setting, the update was
/// applied: returns `Some(version)` (for a publishing update, the newest version holding the new
/// settings with the requested description, found among the newest few) after a warning;
/// `None` after the error otherwise.
async fn lost_answer(
    ctx: &Ctx<'_>,
    api: &dyn SfnApi,
    arn: &str,
    u: &MachineUpdate,
    e: &crate::aws::api::ApiError,
    diags: &mut Diagnostics,
) -> Option<Option<String>> {
    let m = match api.describe_state_machine(arn).await {
        Ok(m) if is_applied(&m, u) => m,
        _ => {
            aws_error(diags, "UpdateStateMachine", e, None);
            return None;
        }
    };
    if !u.publish {
        diags.warning(
            format!("SFN043 update-answer-lost: AWS {}: UpdateStateMachine's answer was lost; the machine has the new settings", e.code),
            format!("{} DescribeStateMachine shows every changed setting applied, so they are saved in state.", e.message),
            AttributePath::root(),
        );
        return Some(None);
    }
    let versions = Versions {
        api,
        session: ctx.session,
    };
    match versions.holding(&m, u.version_description.as_deref()).await {
        Some(v) => {
            diags.warning(
                format!("SFN043 update-answer-lost: AWS {}: UpdateStateMachine's answer was lost; the machine has the new settings and version {v} holds them", e.code),
                format!("{} DescribeStateMachine shows every changed setting applied and the newest version holding them is {v}: both are saved in state, and aliases that follow the machine move to it.", e.message),
                AttributePath::root(),
            );
            Some(Some(v))
        }
        None => {
            aws_error(diags, "UpdateStateMachine", e, None);
            None
        }
    }
}

pub async fn delete(
    api: &dyn SfnApi,
    arn: &str,
    prior: &MachineState,
    diags: &mut Diagnostics,
) -> bool {
    match api.delete_state_machine(arn).await {
        Ok(()) => {}
        Err(e) if e.is_not_found() => return true,
        Err(e) => {
            // No answer (dropped, timed out, lost) does not mean no delete: ask. A machine
            // that is gone or going was deleted; keeping it in state would leave a ghost.
            let applied = e.answer_may_be_lost()
                && match api.describe_state_machine(arn).await {
                    Err(d) => d.is_not_found(),
                    Ok(m) => m.status == "DELETING",
                };
            if !applied {
                // Terraform names no resource in a destroy's diagnostics: the ARN says which one.
                aws_error(diags, &format!("DeleteStateMachine of {arn}"), &e, None);
                return false;
            }
            tracing::debug!(code = %e.code, "DeleteStateMachine's answer was lost; the delete was applied");
        }
    }
    let deadline = Instant::now() + timeout(prior.timeouts().map(|t| &t.delete), DELETE_TIMEOUT);
    match retry::until_deleted(api, arn, deadline, &Wait::default()).await {
        Ok(()) => true,
        // Still there at the deadline: keep it in state (the next refresh drops it once gone).
        Err(e) if e.code == "DeleteTimeout" => {
            aws_error(
                diags,
                &format!("DeleteStateMachine of {arn}"),
                &e,
                Some(AttributePath::new("timeouts")),
            );
            false
        }
        // AWS accepted the delete; only watching it failed. The machine is gone or going:
        // keeping it in state would leave a ghost (a create of the same name waits anyway).
        Err(e) => {
            diags.warning(
                format!("SFN044 delete-unconfirmed: AWS {}: DeleteStateMachine was accepted, but waiting for the machine to disappear failed", e.code),
                format!("{} The machine is removed from state.", e.message),
                AttributePath::root(),
            );
            true
        }
    }
}
