//! `sfn_state_machine`: a Step Functions state machine, managed through the real API.
//!
//! Invariants: a machine that exists in AWS is never dropped from state (every path after a
//! successful create returns a state, errors or not); definitions are compared as JSON, so
//! formatting never produces a diff; `state_machine_version_arn` is planned unknown whenever the
//! apply publishes, so an alias that points at it follows in the same apply; with `publish =
//! true` it is, after every refresh, the newest version holding the current definition (null
//! when none does: the next apply publishes one).

mod check;
mod create;
pub mod definition;
pub mod model;
mod refresh;
mod update;
pub mod versions;

use std::time::Duration;

use async_trait::async_trait;
use tf_provider::schema::Schema;
use tf_provider::{AttributePath, Diagnostics};

pub use model::{schema, MachineState};

use crate::aws::api::SfnApi;
use crate::enums::MACHINE_TYPE;
use crate::model::{known, text, Value};
use crate::resources::blocks::encryption_from;
use crate::resources::lifecycle::{Ctx, Lifecycle, Planned, Refreshed};
use crate::resources::tagging;
use crate::workflow::inline::{self, Compiled};
use crate::workflow::Report;
use sfn_codegen::control::Overrides;

pub const CREATE_TIMEOUT: Duration = Duration::from_secs(5 * 60);
pub const UPDATE_TIMEOUT: Duration = Duration::from_secs(5 * 60);
pub const DELETE_TIMEOUT: Duration = Duration::from_secs(10 * 60);

pub struct StateMachine;

/// Whether the settings UpdateStateMachine changes differ between the prior state and the plan
/// (a value not yet known counts as a change; a change of letter case alone does not).
pub fn settings_differ(prior: &MachineState, planned: &MachineState) -> bool {
    let unknown_in = |p: &MachineState| {
        p.logging_configuration.is_unknown()
            || p.tracing_configuration.is_unknown()
            || p.encryption_configuration.is_unknown()
            || p.logging_configuration.items().iter().any(|l| {
                l.level.is_unknown()
                    || l.include_execution_data.is_unknown()
                    || l.log_destination.is_unknown()
            })
            || p.tracing_configuration
                .items()
                .iter()
                .any(|t| t.enabled.is_unknown())
            || p.encryption_configuration.items().iter().any(|e| {
                e.kind.is_unknown()
                    || e.kms_key_id.is_unknown()
                    || e.kms_data_key_reuse_period_seconds.is_unknown()
            })
    };
    definition::changed(text(&prior.definition), text(&planned.definition))
        || planned.role_arn != prior.role_arn
        || unknown_in(planned)
        || planned.logging() != prior.logging()
        || planned.tracing().unwrap_or(false) != prior.tracing().unwrap_or(false)
        || !crate::resources::blocks::same_encryption(
            encryption_from(&prior.encryption_configuration).as_ref(),
            encryption_from(&planned.encryption_configuration).as_ref(),
        )
}

/// The machine's rule control (its bad entries were reported by `validate`).
fn machine_rules(ctx: &Ctx<'_>, cfg: &MachineState) -> Overrides {
    check::rules(cfg, &ctx.session.rules.get(), &mut Diagnostics::default())
}

/// The definition compiled from `workflow` at plan: the prior state's text when it is the same
/// JSON (a machine imported, or written by another tool, shows no diff), else the compiled one.
fn compiled_text(prior: Option<&MachineState>, json: String) -> Value<String> {
    match prior.and_then(|p| text(&p.definition)) {
        Some(old) if !definition::changed(Some(old), Some(&json)) => known(old),
        _ => Value::Value(json),
    }
}

/// A definition planned unknown (its workflow held values known only now) compiled from the
/// configuration at apply; `None` (with the errors) when it does not compile.
fn definition_at_apply(
    mut planned: MachineState,
    cfg: &MachineState,
    rules: &Overrides,
    diags: &mut Diagnostics,
) -> Option<MachineState> {
    if !planned.definition.is_unknown() || !inline::given(&cfg.workflow.0) {
        return Some(planned);
    }
    match inline::compile(
        diags,
        &cfg.workflow.0,
        check::machine_type(cfg),
        Report::ErrorsOnly,
        rules,
    ) {
        Compiled::Known(json) => {
            planned.definition = Value::Value(json);
            Some(planned)
        }
        Compiled::Failed => None,
        Compiled::Absent | Compiled::Unknown => {
            diags.error(
                "SFN000 internal: the workflow is still not known at apply",
                "Terraform gave values of the workflow block that are unknown at apply; this is a Terraform bug or a provider mismatch. Run the apply again.",
                AttributePath::new(inline::ATTR),
            );
            None
        }
    }
}

/// The optional call to ValidateStateMachineDefinition, of the planned definition. Its findings
/// keep their location; a missing permission is a warning, never a failed plan.
async fn remote_validate(ctx: &Ctx<'_>, planned: &MachineState, diags: &mut Diagnostics) {
    if planned.remote_validation != Value::Value(true) {
        return;
    }
    let Some(def) = text(&planned.definition) else {
        return;
    };
    let Some(api) = ctx.api(diags).await else {
        return;
    };
    match api.validate_definition(def, &planned.machine_type()).await {
        Ok(found) => {
            for d in found {
                let summary = format!(
                    "SFN057 remote-validation-finding: AWS {}: {}",
                    d.code, d.message
                );
                let detail = format!(
                    "Reported by ValidateStateMachineDefinition{}.",
                    d.location.map(|l| format!(" at {l}")).unwrap_or_default()
                );
                if d.severity == "ERROR" {
                    diags.error(summary, detail, AttributePath::new("definition"));
                } else {
                    diags.warning(summary, detail, AttributePath::new("definition"));
                }
            }
        }
        Err(e) if e.code.contains("AccessDenied") => diags.warning(
            "SFN017 remote-validation-skipped: the definition was not validated remotely (access denied)",
            format!("{} The offline validation still ran. Grant states:ValidateStateMachineDefinition, or set remote_validation = false.", e.message),
            AttributePath::new("remote_validation"),
        ),
        Err(e) => diags.warning(
            format!("SFN017 remote-validation-skipped: the definition was not validated remotely (AWS {})", e.code),
            format!("{} The offline validation still ran.", e.message),
            AttributePath::new("remote_validation"),
        ),
    }
}

/// The attributes whose change replaces the machine.
fn replacements(
    prior: &MachineState,
    planned: &MachineState,
    cfg: &MachineState,
) -> Vec<AttributePath> {
    let mut replace = Vec::new();
    if !cfg.name.is_null() && planned.name != prior.name {
        replace.push(AttributePath::new("name"));
    }
    // A new prefix replaces the machine, unless the prefix was dropped for a fixed name (the
    // name change decides then).
    if planned.name_prefix != prior.name_prefix
        && (!cfg.name_prefix.is_null() || cfg.name.is_null())
    {
        replace.push(AttributePath::new("name_prefix"));
    }
    let same_type = match (text(&prior.kind), text(&planned.kind)) {
        (Some(a), Some(b)) => MACHINE_TYPE.same(a, b),
        _ => planned.kind == prior.kind,
    };
    if !cfg.kind.is_null() && !same_type {
        replace.push(AttributePath::new("type"));
    }
    replace
}

#[async_trait]
impl Lifecycle for StateMachine {
    type State = MachineState;

    fn schema(&self) -> Schema {
        schema()
    }

    fn noun(&self) -> &'static str {
        "state machine"
    }

    fn check(&self, ctx: &Ctx<'_>, cfg: &MachineState, diags: &mut Diagnostics) {
        check::check(cfg, &ctx.session.rules.get(), diags);
    }

    async fn plan(
        &self,
        ctx: &Ctx<'_>,
        prior: Option<&MachineState>,
        proposed: MachineState,
        cfg: &MachineState,
        diags: &mut Diagnostics,
    ) -> Option<Planned<MachineState>> {
        let mut p = proposed;
        let rules = machine_rules(ctx, cfg);
        let compiled = inline::compile(
            diags,
            &cfg.workflow.0,
            check::machine_type(cfg),
            Report::All,
            &rules,
        );
        match compiled {
            Compiled::Absent => {}
            Compiled::Known(json) => p.definition = compiled_text(prior, json),
            Compiled::Unknown => p.definition = Value::Unknown,
            Compiled::Failed => return None,
        }
        p.tags_all = tagging::plan(&cfg.tags, &ctx.default_tags(), diags);
        if cfg.publish.is_null() {
            p.publish = Value::Value(false);
        }
        let publishing = p.publish != Value::Value(false);
        let Some(prior) = prior else {
            for v in [
                &mut p.id,
                &mut p.arn,
                &mut p.creation_date,
                &mut p.status,
                &mut p.revision_id,
            ] {
                *v = Value::Unknown;
            }
            if cfg.name.is_null() {
                p.name = Value::Unknown;
            }
            if cfg.kind.is_null() {
                p.kind = known("STANDARD");
            }
            p.state_machine_version_arn = if publishing {
                Value::Unknown
            } else {
                Value::Null
            };
            remote_validate(ctx, &p, diags).await;
            return Some(Planned::keep(p));
        };
        let replace = replacements(prior, &p, cfg);
        if !replace.is_empty() {
            // Its aliases go with it (AWS deletes them with the machine): see `sfn_alias`.
            if let Some(arn) = text(&prior.arn) {
                ctx.session.plan_replacement(arn);
            }
        }
        let changed = settings_differ(prior, &p);
        // Publishing is turned on, or no version holds the current settings (a refresh found
        // none): publish even without a change.
        let unpublished =
            prior.publish != Value::Value(true) || prior.state_machine_version_arn.is_null();
        if changed {
            remote_validate(ctx, &p, diags).await;
            p.revision_id = Value::Unknown;
        }
        if publishing && (changed || unpublished) {
            p.state_machine_version_arn = Value::Unknown;
            p.revision_id = Value::Unknown;
        }
        Some(Planned { state: p, replace })
    }

    async fn create(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        planned: MachineState,
        cfg: &MachineState,
        diags: &mut Diagnostics,
    ) -> Option<MachineState> {
        let planned = definition_at_apply(planned, cfg, &machine_rules(ctx, cfg), diags)?;
        create::create(ctx, api, planned, diags).await
    }

    async fn read(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        prior: MachineState,
        diags: &mut Diagnostics,
    ) -> Refreshed<MachineState> {
        refresh::refresh(ctx, api, arn, prior, diags).await
    }

    async fn update(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        prior: MachineState,
        planned: MachineState,
        cfg: &MachineState,
        diags: &mut Diagnostics,
    ) -> MachineState {
        let Some(planned) = definition_at_apply(planned, cfg, &machine_rules(ctx, cfg), diags)
        else {
            // Nothing was sent: the machine stays as it was.
            return prior;
        };
        update::update(ctx, api, arn, prior, planned, diags).await
    }

    async fn delete(
        &self,
        _ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        prior: MachineState,
        diags: &mut Diagnostics,
    ) -> bool {
        update::delete(api, arn, &prior, diags).await
    }

    /// Older states may hold only the ID (the ARN).
    fn arn(state: &MachineState) -> Option<&str> {
        text(&state.arn).or(text(&state.id))
    }

    fn import_seed(&self, id: &str, diags: &mut Diagnostics) -> Option<MachineState> {
        if !(id.starts_with("arn:") && id.contains(":stateMachine:")) || id.split(':').count() != 7
        {
            diags.root_error(
                format!("SFN018 invalid-import-id: \"{id}\" is not a state machine ARN"),
                "Import with the ARN: terraform import sfn_state_machine.<name> arn:aws:states:<region>:<account>:stateMachine:<name>",
            );
            return None;
        }
        Some(MachineState {
            id: known(id),
            arn: known(id),
            ..MachineState::default()
        })
    }

    async fn imported(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        state: MachineState,
        _diags: &mut Diagnostics,
    ) -> Option<MachineState> {
        refresh::imported(ctx, api, state).await
    }
}
