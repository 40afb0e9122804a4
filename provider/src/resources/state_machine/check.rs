//! The offline checks of an `sfn_state_machine` configuration.

use sfn_codegen::names::{check_name, NameKind};
use sfn_codegen::WorkflowType;
use tf_provider::{AttributePath, Diagnostics};

use super::model::MachineState;
use crate::enums::{LOG_LEVEL, MACHINE_TYPE};
use crate::model::{text, Value};
use crate::resources::blocks::{check_encryption, check_timeouts};
use crate::workflow::{inline, Report};
use sfn_codegen::control::Overrides;

/// Everything known in the configuration, offline: errors and warnings.
pub fn check(cfg: &MachineState, defaults: &Overrides, diags: &mut Diagnostics) {
    let rules = rules(cfg, defaults, diags);
    crate::schema::check_name_attribute(NameKind::StateMachine, &cfg.name, diags);
    check_prefix(cfg, diags);
    if let Some(t) = text(&cfg.kind) {
        if MACHINE_TYPE.canonical(t).is_none() {
            let (summary, hint) = MACHINE_TYPE.problem(t);
            diags.error(
                format!("SFN013 invalid-type: {summary}"),
                hint,
                AttributePath::new("type"),
            );
        }
    }
    if let Some(role) = text(&cfg.role_arn) {
        let ok = role.starts_with("arn:") && role.contains(":iam::") && role.contains(":role/");
        if !ok {
            diags.error(
                format!("SFN014 invalid-role-arn: \"{role}\" is not an IAM role ARN"),
                "Use a role ARN such as arn:aws:iam::123456789012:role/orders-sfn, usually aws_iam_role.<name>.arn.",
                AttributePath::new("role_arn"),
            );
        }
    }
    if let Some(def) = text(&cfg.definition) {
        let workflow_type = match &cfg.kind {
            Value::Unknown => None,
            Value::Value(t) => Some(WorkflowType::parse(t).unwrap_or(WorkflowType::Standard)),
            Value::Null => Some(WorkflowType::Standard),
        };
        super::definition::check(def, workflow_type, &rules, diags);
    }
    check_one_definition(cfg, diags);
    // Errors only: the plan reports the warnings (Terraform validates twice per plan).
    inline::compile(
        diags,
        &cfg.workflow.0,
        machine_type(cfg),
        Report::ErrorsOnly,
        &rules,
    );
    check_logging(cfg, diags);
    check_encryption(&cfg.encryption_configuration, diags);
    if let Some(t) = cfg.timeouts() {
        check_timeouts(
            &[
                ("create", &t.create),
                ("update", &t.update),
                ("delete", &t.delete),
            ],
            diags,
        );
    }
    crate::tags::check_tags(&cfg.tags, "tags", diags);
    if !cfg.version_description.is_null()
        && cfg.publish != Value::Value(true)
        && !cfg.publish.is_unknown()
    {
        diags.error(
            "SFN016 version-description-without-publish: version_description needs publish = true",
            "A version description describes the version this apply publishes: set publish = true, or remove version_description.",
            AttributePath::new("version_description"),
        );
    }
}

/// The rule control for this machine: the provider's `rules` with the resource's over them
/// (bad entries reported in `diags`).
pub fn rules(cfg: &MachineState, defaults: &Overrides, diags: &mut Diagnostics) -> Overrides {
    let own = crate::rule_control::from_map(
        &cfg.rules,
        &AttributePath::new(crate::rule_control::ATTR),
        diags,
    );
    crate::rule_control::layered(defaults, &own)
}

/// The resource's `type` for the workflow's checks: `None` while unknown.
pub fn machine_type(cfg: &MachineState) -> Option<&str> {
    match &cfg.kind {
        Value::Unknown => None,
        // An invalid type is SFN013's; the workflow is then checked without the Express rules.
        Value::Value(t) => MACHINE_TYPE.canonical(t),
        Value::Null => Some("STANDARD"),
    }
}

/// Exactly one of `definition` and `workflow`.
fn check_one_definition(cfg: &MachineState, diags: &mut Diagnostics) {
    let workflow = inline::given(&cfg.workflow.0);
    if workflow && !cfg.definition.is_null() {
        diags.error(
            "SFN075 definition-and-workflow: definition and the workflow block cannot both be set",
            "Keep the workflow block (typed, validated with the resource) or definition (ASL JSON), not both.",
            AttributePath::new("definition"),
        );
    } else if !workflow && cfg.definition.is_null() {
        diags.root_error(
            "SFN076 no-definition: sfn_state_machine needs definition or a workflow block",
            "Set definition to ASL JSON (such as data.sfn_workflow.<name>.json), or write the workflow inline in a workflow { ... } block with the inputs of sfn_workflow.",
        );
    }
}

fn check_prefix(cfg: &MachineState, diags: &mut Diagnostics) {
    let Some(prefix) = text(&cfg.name_prefix) else {
        return;
    };
    if !cfg.name.is_null() {
        diags.error(
            "SFN012 conflicting-arguments: name and name_prefix cannot both be set",
            "Keep name for a fixed name, or name_prefix for a generated unique one.",
            AttributePath::new("name_prefix"),
        );
    }
    // A generated suffix adds 26 characters.
    let probe = format!("{prefix}{}", "0".repeat(26));
    if let Some(d) = check_name(NameKind::StateMachine, &probe) {
        if d.is_error() {
            diags.error(
                format!("{} {}: name_prefix \"{prefix}\" cannot form a valid name", d.code(), d.rule.name),
                format!("{} A 26-character unique suffix is added to the prefix, so it can have at most 54 characters.", d.message),
                AttributePath::new("name_prefix"),
            );
        }
    }
}

fn check_logging(cfg: &MachineState, diags: &mut Diagnostics) {
    let Some(l) = cfg.logging_configuration.first() else {
        return;
    };
    let at = |a: &str| {
        AttributePath::new("logging_configuration")
            .index(0)
            .attribute(a.to_string())
    };
    let level = text(&l.level);
    if let Some(level) = level {
        if LOG_LEVEL.canonical(level).is_none() {
            let (summary, hint) = LOG_LEVEL.problem(level);
            diags.error(
                format!("SFN015 invalid-logging: {summary}"),
                hint,
                at("level"),
            );
        }
    }
    match &l.log_destination {
        Value::Value(dest)
            if !(dest.starts_with("arn:")
                && dest.contains(":logs:")
                && dest.contains(":log-group:")
                && dest.ends_with(":*")) =>
        {
            diags.error(
                format!("SFN015 invalid-logging: \"{dest}\" is not a log group ARN ending in :*"),
                "Step Functions needs the log group ARN with its :* suffix, such as arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:* (aws_cloudwatch_log_group.<name>.arn gives it without the suffix: append \":*\").",
                at("log_destination"),
            );
        }
        Value::Null
            if level.is_some_and(|l| LOG_LEVEL.canonical(l).is_some_and(|c| c != "OFF")) =>
        {
            diags.error(
                "SFN015 invalid-logging: a log level other than OFF needs log_destination",
                "Set log_destination to the log group ARN ending in :*.",
                at("log_destination"),
            )
        }
        _ => {}
    }
}
