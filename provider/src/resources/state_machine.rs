//! `sfn_state_machine`: a Step Functions state machine, managed through the real API.
//!
//! Invariants: a machine that exists in AWS is never dropped from state (every path after a
//! successful create returns a state, errors or not); definitions are compared as JSON, so
//! formatting never produces a diff; `state_machine_version_arn` is planned unknown whenever the
//! apply publishes, so an alias that points at it follows in the same apply.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use sfn_codegen::names::{check_name, NameKind};
use sfn_codegen::{Options, WorkflowType};
use tf_provider::schema::{AttributeType, Block, Description, NestedBlock, Schema};
use tf_provider::{AttributePath, Diagnostics, Resource};

use super::common::*;
use crate::aws::api::*;
use crate::aws::retry::{self, Wait};
use crate::diags;
use crate::tfvalue::{Raw, Tf};
use crate::workflow::decode_config;

pub struct StateMachine {
    pub shared: SharedRef,
}

const CREATE_TIMEOUT: Duration = Duration::from_secs(5 * 60);
const UPDATE_TIMEOUT: Duration = Duration::from_secs(5 * 60);
const DELETE_TIMEOUT: Duration = Duration::from_secs(10 * 60);

pub fn schema() -> Schema {
    let mut b = block(
        "A Step Functions state machine. The definition is validated offline at plan time (no AWS permissions needed), compared as JSON (formatting never shows as a diff), and every change is applied through the Step Functions API.",
        vec![
            ("id", computed(AttributeType::String, "The state machine ARN.")),
            ("arn", computed(AttributeType::String, "The state machine ARN.")),
            ("name", optional_computed(AttributeType::String, "The name: 1 to 80 characters, no whitespace or `? * < > { } [ ] \" # % \\ ^ | ~ ` $ & , ; : /`. Generated from `name_prefix` (or `terraform-`) when omitted. Changing it replaces the machine.")),
            ("name_prefix", optional(AttributeType::String, "A prefix for a generated unique name. Conflicts with `name`.")),
            ("definition", required(AttributeType::String, "The Amazon States Language definition as JSON, usually `data.sfn_workflow.<name>.json`. Validated offline at plan time (skipped while unknown); compared as JSON.")),
            ("role_arn", required(AttributeType::String, "The IAM role Step Functions assumes to run the machine. Creating right after the role is retried while IAM propagates.")),
            ("type", optional_computed(AttributeType::String, "`STANDARD` (default) or `EXPRESS`. Express machines cannot use `.sync`, `.waitForTaskToken` or activities; this is checked at plan. Changing it replaces the machine.")),
            ("publish", optional_computed(AttributeType::Bool, "Publish a new version on create and on every change (default `false`). The new version's ARN is `state_machine_version_arn`.")),
            ("version_description", optional(AttributeType::String, "Description of the version published by this apply. Requires `publish = true`.")),
            ("tags", optional(string_map(), "Tags for the machine, merged over the provider's `default_tags`.")),
            ("tags_all", computed(string_map(), "All tags on the machine: `default_tags` and `tags`.")),
            ("creation_date", computed(AttributeType::String, "When the machine was created (RFC 3339).")),
            ("status", computed(AttributeType::String, "`ACTIVE` or `DELETING`.")),
            ("revision_id", computed(AttributeType::String, "The revision of the current definition and settings.")),
            ("state_machine_version_arn", computed(AttributeType::String, "ARN of the version published by the last apply with `publish = true`; unknown in plans that will publish, so an `sfn_alias` can follow it in the same apply.")),
            ("remote_validation", optional(AttributeType::Bool, "Also validate the definition with the ValidateStateMachineDefinition API at plan time (default `false`: the offline validation needs no permissions). Access denied becomes a warning.")),
        ],
    );
    b.blocks.insert(
        "logging_configuration".into(),
        NestedBlock::Optional(block(
            "Execution logging to CloudWatch Logs.",
            vec![
                ("level", optional(AttributeType::String, "`ALL`, `ERROR`, `FATAL` or `OFF` (default).")),
                ("include_execution_data", optional(AttributeType::Bool, "Log input, output and state data (default `false`).")),
                ("log_destination", optional(AttributeType::String, "The log group ARN, ending in `:*`, such as `arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*`. Required unless the level is `OFF`.")),
            ],
        )),
    );
    b.blocks.insert(
        "tracing_configuration".into(),
        NestedBlock::Optional(block(
            "AWS X-Ray tracing.",
            vec![(
                "enabled",
                optional(
                    AttributeType::Bool,
                    "Trace executions with X-Ray (default `false`).",
                ),
            )],
        )),
    );
    b.blocks
        .insert("encryption_configuration".into(), encryption_block());
    b.blocks.insert(
        "timeouts".into(),
        timeouts_block(&[("create", "5m"), ("update", "5m"), ("delete", "10m")]),
    );
    b.description = Description::markdown(b.description.content.clone());
    Schema {
        version: 1,
        block: b,
    }
}

fn schema_block() -> Block {
    schema().block
}

fn logging_from(tf: &Tf) -> Option<Logging> {
    let l = tf.items().first()?;
    Some(Logging {
        level: l.get("level").as_str().unwrap_or("OFF").to_string(),
        include_execution_data: l.get("include_execution_data").as_bool().unwrap_or(false),
        destinations: l
            .get("log_destination")
            .as_str()
            .map(|d| vec![d.to_string()])
            .unwrap_or_default(),
    })
}

fn tracing_from(tf: &Tf) -> Option<bool> {
    tf.items()
        .first()
        .map(|t| t.get("enabled").as_bool().unwrap_or(false))
}

fn logging_value(l: &Logging) -> rmpv::Value {
    rmpv::Value::Array(vec![rmpv::Value::Map(vec![
        ("level".into(), rmpv::Value::String(l.level.clone().into())),
        (
            "include_execution_data".into(),
            rmpv::Value::Boolean(l.include_execution_data),
        ),
        (
            "log_destination".into(),
            l.destinations
                .first()
                .map_or(rmpv::Value::Nil, |d| rmpv::Value::String(d.clone().into())),
        ),
    ])])
}

/// Two definitions are the same when they are the same JSON (formatting and key order aside).
pub fn same_definition(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let mut d = Vec::new();
    match (
        sfn_codegen::source::parse_json(a, &mut d),
        sfn_codegen::source::parse_json(b, &mut d),
    ) {
        (Some(x), Some(y)) => x.semantic_eq(&y),
        _ => false,
    }
}

fn workflow_type(cfg: &Tf) -> Option<WorkflowType> {
    cfg.get("type").as_str().and_then(WorkflowType::parse)
}

/// Offline checks of everything known in the configuration.
fn validate_config(cfg: &Tf, diags: &mut Diagnostics) {
    if let Some(name) = cfg.get("name").as_str() {
        if let Some(d) = check_name(NameKind::StateMachine, name) {
            diags::push(diags, &d, AttributePath::new("name"), "Rule");
        }
    }
    if let Some(prefix) = cfg.get("name_prefix").as_str() {
        if !cfg.get("name").is_null() {
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
    let kind = cfg.get("type");
    if let Some(t) = kind.as_str() {
        if WorkflowType::parse(t).is_none() || t != t.to_ascii_uppercase() {
            diags.error(
                format!("SFN013 invalid-type: \"{t}\" is not a state machine type"),
                "Use STANDARD or EXPRESS.",
                AttributePath::new("type"),
            );
        }
    }
    if let Some(role) = cfg.get("role_arn").as_str() {
        let ok = role.starts_with("arn:") && role.contains(":iam::") && role.contains(":role/");
        if !ok {
            diags.error(
                format!("SFN014 invalid-role-arn: \"{role}\" is not an IAM role ARN"),
                "Use a role ARN such as arn:aws:iam::123456789012:role/orders-sfn, usually aws_iam_role.<name>.arn.",
                AttributePath::new("role_arn"),
            );
        }
    }
    if let Some(def) = cfg.get("definition").as_str() {
        let options = Options {
            workflow_type: if kind.is_unknown() {
                None
            } else {
                Some(workflow_type(cfg).unwrap_or(WorkflowType::Standard))
            },
            ..Options::default()
        };
        let report = sfn_codegen::check_str(def, &options);
        for d in &report.diagnostics {
            diags::push(
                diags,
                d,
                AttributePath::new("definition"),
                "Location in the definition",
            );
        }
    }
    if let Some(l) = cfg.get("logging_configuration").items().first() {
        let at = |a: &str| {
            AttributePath::new("logging_configuration")
                .index(0)
                .attribute(a.to_string())
        };
        let level = l.get("level").as_str();
        if let Some(level) = level {
            if !["ALL", "ERROR", "FATAL", "OFF"].contains(&level) {
                diags.error(
                    format!("SFN015 invalid-logging: \"{level}\" is not a log level"),
                    "Use ALL, ERROR, FATAL or OFF.",
                    at("level"),
                );
            }
        }
        match l.get("log_destination") {
            Tf::String(dest)
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
            Tf::Null if level.is_some_and(|l| l != "OFF") => diags.error(
                "SFN015 invalid-logging: a log level other than OFF needs log_destination",
                "Set log_destination to the log group ARN ending in :*.",
                at("log_destination"),
            ),
            _ => {}
        }
    }
    check_encryption(cfg, diags);
    check_timeouts(cfg, diags);
    check_tags(cfg.get("tags"), "tags", diags);
    if cfg.get("version_description").as_str().is_some()
        && cfg.get("publish").as_bool() != Some(true)
        && !cfg.get("publish").is_unknown()
    {
        diags.error(
            "SFN016 version-description-without-publish: version_description needs publish = true",
            "A version description describes the version this apply publishes: set publish = true, or remove version_description.",
            AttributePath::new("version_description"),
        );
    }
}

/// The optional call to ValidateStateMachineDefinition. Its findings keep their location; a
/// missing permission is a warning, never a failed plan.
async fn remote_validate(shared: &SharedRef, cfg: &Tf, diags: &mut Diagnostics) {
    if cfg.get("remote_validation").as_bool() != Some(true) {
        return;
    }
    let Some(def) = cfg.get("definition").as_str() else {
        return;
    };
    let kind = cfg.get("type").as_str().unwrap_or("STANDARD");
    let Some(api) = api(shared, diags).await else {
        return;
    };
    match api.validate_definition(def, kind).await {
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

fn spec_from(cfg: &Tf, name: String, tags: Vec<(String, String)>) -> MachineSpec {
    MachineSpec {
        name,
        definition: cfg
            .get("definition")
            .as_str()
            .unwrap_or_default()
            .to_string(),
        role_arn: cfg.get("role_arn").as_str().unwrap_or_default().to_string(),
        kind: cfg.get("type").as_str().unwrap_or("STANDARD").to_string(),
        logging: logging_from(cfg.get("logging_configuration")),
        tracing: tracing_from(cfg.get("tracing_configuration")),
        encryption: encryption_from(cfg.get("encryption_configuration")),
        tags,
        publish: cfg.get("publish").as_bool().unwrap_or(false),
        version_description: cfg.get("version_description").as_str().map(str::to_string),
    }
}

/// A unique name from a prefix: the prefix, a UTC timestamp and a random part (26 characters).
fn generated_name(prefix: &str) -> String {
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

/// Fills a state object from what AWS reports, keeping the prior definition string when it is the
/// same JSON, and leaving blocks out that hold only defaults the configuration did not set.
fn apply_remote(
    obj: &mut Obj,
    prior: &Tf,
    m: &Machine,
    remote_tags: &[(String, String)],
    defaults: &[(String, String)],
) {
    obj.set("id", value_str(&m.arn));
    obj.set("arn", value_str(&m.arn));
    obj.set("name", value_str(&m.name));
    obj.set("type", value_str(&m.kind));
    obj.set("role_arn", value_str(&m.role_arn));
    obj.set("status", value_str(&m.status));
    obj.set("creation_date", value_str(&m.creation_date));
    obj.set_str("revision_id", m.revision_id.as_deref());
    let definition = match prior.get("definition").as_str() {
        Some(p) if same_definition(p, &m.definition) => p.to_string(),
        _ => m.definition.clone(),
    };
    obj.set("definition", value_str(&definition));

    let had_logging = !prior.get("logging_configuration").items().is_empty();
    match &m.logging {
        Some(l)
            if had_logging
                || l.level != "OFF"
                || !l.destinations.is_empty()
                || l.include_execution_data =>
        {
            obj.set("logging_configuration", logging_value(l));
        }
        _ if had_logging => obj.set(
            "logging_configuration",
            logging_value(&Logging {
                level: "OFF".into(),
                ..Logging::default()
            }),
        ),
        _ => obj.set("logging_configuration", rmpv::Value::Array(Vec::new())),
    }
    let had_tracing = !prior.get("tracing_configuration").items().is_empty();
    if had_tracing || m.tracing {
        obj.set(
            "tracing_configuration",
            rmpv::Value::Array(vec![rmpv::Value::Map(vec![(
                "enabled".into(),
                rmpv::Value::Boolean(m.tracing),
            )])]),
        );
    } else {
        obj.set("tracing_configuration", rmpv::Value::Array(Vec::new()));
    }
    let prior_enc = encryption_from(prior.get("encryption_configuration"));
    match &m.encryption {
        Some(e) if prior_enc.is_some() || e.kind != "AWS_OWNED_KEY" => obj.set(
            "encryption_configuration",
            rmpv::Value::Array(vec![encryption_value(e, prior_enc.as_ref())]),
        ),
        _ => obj.set("encryption_configuration", rmpv::Value::Array(Vec::new())),
    }

    let prior_own = tf_string_map(prior.get("tags"));
    let own = own_tags(remote_tags, defaults, &prior_own);
    let tags_configured = !prior.get("tags").is_null();
    obj.set(
        "tags",
        if own.is_empty() && !tags_configured {
            rmpv::Value::Nil
        } else {
            string_map_value(&own)
        },
    );
    obj.set("tags_all", string_map_value(remote_tags));
    if prior.get("publish").is_null() {
        obj.set("publish", rmpv::Value::Boolean(false));
    }
}

impl StateMachine {
    async fn refresh(&self, diags: &mut Diagnostics, state: Raw) -> Option<Raw> {
        let prior = decode_config(diags, &state)?;
        let Some(arn) = prior.get("arn").as_str().or(prior.get("id").as_str()) else {
            return Some(state);
        };
        let api = api(&self.shared, diags).await?;
        let m = match api.describe_state_machine(arn).await {
            Ok(m) => m,
            // Deleted outside Terraform: drop it from state so the next plan re-creates it.
            Err(e) if e.is_not_found() => return Some(Raw(rmpv::Value::Nil)),
            Err(e) => {
                aws_error(diags, "DescribeStateMachine", &e, None);
                return Some(state);
            }
        };
        if m.status == "DELETING" {
            // Going away: plan its re-creation (the create waits for the delete to finish).
            return Some(Raw(rmpv::Value::Nil));
        }
        let tags = match api.list_tags(&m.arn).await {
            Ok(t) => t,
            Err(e) => {
                aws_error(
                    diags,
                    "ListTagsForResource",
                    &e,
                    Some(AttributePath::new("tags")),
                );
                tf_string_map(prior.get("tags_all"))
            }
        };
        let mut obj = Obj::from_raw(&schema_block(), &state);
        apply_remote(&mut obj, &prior, &m, &tags, &self.shared.default_tags());
        Some(obj.raw())
    }
}

#[async_trait]
impl Resource for StateMachine {
    type State<'a> = Raw;
    type PrivateState<'a> = Raw;
    type ProviderMetaState<'a> = Raw;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Raw) -> Option<()> {
        let cfg = decode_config(diags, &config)?;
        validate_config(&cfg, diags);
        Some(())
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        state: Raw,
        private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        let new = self.refresh(diags, state).await?;
        Some((new, private))
    }

    async fn plan_create<'a>(
        &self,
        diags: &mut Diagnostics,
        proposed: Raw,
        config: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        let cfg = decode_config(diags, &config)?;
        remote_validate(&self.shared, &cfg, diags).await;
        let mut obj = Obj::from_raw(&schema_block(), &proposed);
        let unknown = crate::tfvalue::unknown;
        for k in ["id", "arn", "creation_date", "status", "revision_id"] {
            obj.set(k, unknown());
        }
        if cfg.get("name").is_null() {
            obj.set("name", unknown());
        }
        if cfg.get("type").is_null() {
            obj.set("type", value_str("STANDARD"));
        }
        if cfg.get("publish").is_null() {
            obj.set("publish", rmpv::Value::Boolean(false));
        }
        let publish = cfg.get("publish");
        obj.set(
            "state_machine_version_arn",
            if publish.as_bool() == Some(true) || publish.is_unknown() {
                unknown()
            } else {
                rmpv::Value::Nil
            },
        );
        obj.set("tags_all", tags_all_plan(&cfg, &self.shared.default_tags()));
        Some((obj.raw(), Raw::default()))
    }

    async fn plan_update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior_state: Raw,
        proposed: Raw,
        config: Raw,
        _prior_private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw, Vec<AttributePath>)> {
        let prior = decode_config(diags, &prior_state)?;
        let cfg = decode_config(diags, &config)?;
        let planned = decode_config(diags, &proposed)?;
        let mut obj = Obj::from_raw(&schema_block(), &proposed);
        let unknown = crate::tfvalue::unknown;

        let mut replace = Vec::new();
        let changed = |k: &str| planned.get(k) != prior.get(k);
        if !cfg.get("name").is_null() && changed("name") {
            replace.push(AttributePath::new("name"));
        }
        // A new prefix replaces the machine, unless the prefix was dropped for a fixed name
        // (the name change decides then).
        if changed("name_prefix")
            && (!cfg.get("name_prefix").is_null() || cfg.get("name").is_null())
        {
            replace.push(AttributePath::new("name_prefix"));
        }
        if !cfg.get("type").is_null() && changed("type") {
            replace.push(AttributePath::new("type"));
        }
        if cfg.get("publish").is_null() {
            obj.set("publish", rmpv::Value::Boolean(false));
        }

        let definition_changed = match (
            prior.get("definition").as_str(),
            planned.get("definition").as_str(),
        ) {
            (Some(a), Some(b)) => !same_definition(a, b),
            _ => true,
        };
        let settings_changed = definition_changed
            || changed("role_arn")
            || changed("logging_configuration")
            || changed("tracing_configuration")
            || changed("encryption_configuration");
        if settings_changed {
            remote_validate(&self.shared, &cfg, diags).await;
            obj.set("revision_id", unknown());
            let publish = planned.get("publish");
            if publish.as_bool() == Some(true) || publish.is_unknown() {
                obj.set("state_machine_version_arn", unknown());
            }
        }
        obj.set("tags_all", tags_all_plan(&cfg, &self.shared.default_tags()));
        Some((obj.raw(), Raw::default(), replace))
    }

    async fn plan_destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<Raw> {
        Some(Raw::default())
    }

    async fn create<'a>(
        &self,
        diags: &mut Diagnostics,
        planned: Raw,
        config: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        let cfg = decode_config(diags, &config)?;
        let api = api(&self.shared, diags).await?;
        let name = match (cfg.get("name").as_str(), cfg.get("name_prefix").as_str()) {
            (Some(n), _) => n.to_string(),
            (None, Some(p)) => generated_name(p),
            (None, None) => generated_name("terraform-"),
        };
        let tags = merge_tags(&self.shared.default_tags(), &tf_string_map(cfg.get("tags")));
        let spec = spec_from(&cfg, name.clone(), tags.clone());
        let deadline = Instant::now() + timeout(&cfg, "create", CREATE_TIMEOUT);
        let wait = Wait::default();
        let created = match retry::while_propagating(deadline, &wait, || {
            api.create_state_machine(&spec)
        })
        .await
        {
            Ok(c) => c,
            Err(e) => {
                // If the create reached AWS but its answer was lost, the machine exists: adopt it
                // rather than leave an orphan Terraform does not know about. A name conflict is
                // AWS saying the machine there is not this one: never adopt it.
                let found = if e.code == "StateMachineAlreadyExists" {
                    None
                } else {
                    self.find_created(&*api, &spec).await
                };
                if let Some(found) = found {
                    // It is exactly the configured machine (name, definition, type, role), as
                    // AWS's own idempotent retry of the create would have returned: record it
                    // without an error, which would taint it and replace it on the next apply.
                    diags.warning(
                            format!("SFN041 create-answer-lost: AWS {}: CreateStateMachine's answer was lost; the machine it created was found and recorded", e.code),
                            format!("{} A state machine named \"{}\" with the configured definition, type and role exists ({}): it is saved in state rather than left behind or created twice.", e.message, found.name, found.arn),
                            AttributePath::root(),
                        );
                    // The version it published, if any, is the newest one.
                    let version = if spec.publish {
                        latest_version(&*api, &found.arn).await
                    } else {
                        None
                    };
                    return Some((
                        self.state_after_create(&planned, &cfg, &found, version.as_deref(), &tags),
                        Raw::default(),
                    ));
                }
                aws_error(diags, "CreateStateMachine", &e, None);
                return None;
            }
        };
        // From here on the machine exists: always return a state.
        let described = match api.describe_state_machine(&created.arn).await {
            Ok(m) if !is_made_from(&m, &spec) => {
                // CreateStateMachine answers with an existing machine of the name when it sees
                // the same request again (AWS ignores the role in that comparison; some emulators
                // ignore everything): one that differs from the configuration is not this
                // create's. Never claim it.
                diags.error(
                    format!("SFN042 name-taken: a state machine named \"{name}\" already exists with another {}", differences(&m, &spec).join(", ")),
                    format!("CreateStateMachine returned the existing machine {} instead of creating one, so it is not recorded in state. Choose another name, or import it (terraform import <address> {}) to manage it.", m.arn, m.arn),
                    AttributePath::new("name"),
                );
                return None;
            }
            Ok(m) => Some(m),
            Err(e) => {
                let (summary, detail, _) =
                    aws_error_parts("DescribeStateMachine after create", &e, None);
                diags.warning(
                    summary,
                    format!("{detail}\n\nThe machine was created and is saved in state; status and revision_id are filled in on the next refresh."),
                    AttributePath::root(),
                );
                None
            }
        };
        let mut state = Obj::from_raw(&schema_block(), &planned);
        state.set("id", value_str(&created.arn));
        state.set("arn", value_str(&created.arn));
        state.set("name", value_str(&name));
        state.set("type", value_str(&spec.kind));
        state.set("creation_date", value_str(&created.creation_date));
        state.set(
            "status",
            value_str(described.as_ref().map_or("ACTIVE", |m| m.status.as_str())),
        );
        state.set_str(
            "revision_id",
            described.as_ref().and_then(|m| m.revision_id.as_deref()),
        );
        state.set_str("state_machine_version_arn", created.version_arn.as_deref());
        state.set("tags_all", string_map_value(&tags));
        if cfg.get("publish").is_null() {
            state.set("publish", rmpv::Value::Boolean(false));
        }
        Some((state.raw(), Raw::default()))
    }

    async fn update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior_state: Raw,
        planned_state: Raw,
        config: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        let prior = decode_config(diags, &prior_state)?;
        let planned = decode_config(diags, &planned_state)?;
        let cfg = decode_config(diags, &config)?;
        let Some(arn) = prior.get("arn").as_str().map(str::to_string) else {
            diags.root_error_short("SFN000 internal: the prior state has no ARN");
            return Some((prior_state, Raw::default()));
        };
        let api = api(&self.shared, diags).await?;
        let changed = |k: &str| planned.get(k) != prior.get(k);
        let definition_changed = !same_definition(
            prior.get("definition").as_str().unwrap_or_default(),
            planned.get("definition").as_str().unwrap_or_default(),
        );
        let mut update = MachineUpdate {
            definition: definition_changed.then(|| {
                planned
                    .get("definition")
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            }),
            role_arn: changed("role_arn").then(|| {
                planned
                    .get("role_arn")
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            }),
            logging: changed("logging_configuration").then(|| {
                logging_from(planned.get("logging_configuration")).unwrap_or(Logging {
                    level: "OFF".into(),
                    ..Logging::default()
                })
            }),
            tracing: changed("tracing_configuration")
                .then(|| tracing_from(planned.get("tracing_configuration")).unwrap_or(false)),
            encryption: changed("encryption_configuration").then(|| {
                encryption_from(planned.get("encryption_configuration")).unwrap_or(Encryption {
                    kind: "AWS_OWNED_KEY".into(),
                    ..Encryption::default()
                })
            }),
            publish: false,
            version_description: None,
        };
        // Start from the prior state: whatever fails below leaves those values, which are true.
        let mut state = Obj::from_raw(&schema_block(), &prior_state);
        if update.changes_something() {
            update.publish = planned.get("publish").as_bool() == Some(true);
            update.version_description = planned
                .get("version_description")
                .as_str()
                .map(str::to_string);
            let deadline = Instant::now() + timeout(&cfg, "update", UPDATE_TIMEOUT);
            match retry::while_propagating(deadline, &Wait::default(), || {
                api.update_state_machine(&arn, &update)
            })
            .await
            {
                Ok(out) => {
                    for k in [
                        "definition",
                        "role_arn",
                        "logging_configuration",
                        "tracing_configuration",
                        "encryption_configuration",
                    ] {
                        state.set(k, planned_value(&planned_state, k));
                    }
                    state.set_str("revision_id", out.revision_id.as_deref());
                    if update.publish {
                        state.set_str("state_machine_version_arn", out.version_arn.as_deref());
                    }
                }
                Err(e)
                    if answer_may_be_lost(&e) && !update.publish && {
                        // The update may have been applied with its answer lost: if AWS now has
                        // every changed setting, it was.
                        api.describe_state_machine(&arn)
                            .await
                            .is_ok_and(|m| update_is_applied(&m, &update))
                    } =>
                {
                    diags.warning(
                        format!("SFN043 update-answer-lost: AWS {}: UpdateStateMachine's answer was lost; the machine has the new settings", e.code),
                        format!("{} DescribeStateMachine shows every changed setting applied, so they are saved in state.", e.message),
                        AttributePath::root(),
                    );
                    for k in [
                        "definition",
                        "role_arn",
                        "logging_configuration",
                        "tracing_configuration",
                        "encryption_configuration",
                    ] {
                        state.set(k, planned_value(&planned_state, k));
                    }
                }
                Err(e) => {
                    aws_error(diags, "UpdateStateMachine", &e, None);
                    return Some((state.raw(), Raw::default()));
                }
            }
        } else if !definition_changed {
            // Same JSON, new formatting: nothing to send, keep the configured text.
            state.set("definition", planned_value(&planned_state, "definition"));
        }
        // Settings that are Terraform's own need no call.
        for k in [
            "publish",
            "version_description",
            "remote_validation",
            "timeouts",
            "name_prefix",
        ] {
            state.set(k, planned_value(&planned_state, k));
        }
        let old_tags = tf_string_map(prior.get("tags_all"));
        let new_tags = merge_tags(&self.shared.default_tags(), &tf_string_map(cfg.get("tags")));
        let tags_ok = sync_tags(&*api, &arn, &old_tags, &new_tags, diags).await;
        if tags_ok {
            state.set("tags", planned_value(&planned_state, "tags"));
            state.set("tags_all", string_map_value(&new_tags));
        }
        if update.changes_something() {
            if let Ok(m) = api.describe_state_machine(&arn).await {
                state.set("status", value_str(&m.status));
                state.set_str("revision_id", m.revision_id.as_deref());
            }
        }
        Some((state.raw(), Raw::default()))
    }

    async fn destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior_state: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<()> {
        let prior = decode_config(diags, &prior_state)?;
        let arn = prior.get("arn").as_str()?.to_string();
        let api = api(&self.shared, diags).await?;
        match api.delete_state_machine(&arn).await {
            Ok(()) => {}
            Err(e) if e.is_not_found() => return Some(()),
            Err(e) => {
                // No answer (dropped, timed out, lost) does not mean no delete: ask. A machine
                // that is gone or going was deleted; keeping it in state would leave a ghost.
                let applied = answer_may_be_lost(&e)
                    && match api.describe_state_machine(&arn).await {
                        Err(d) => d.is_not_found(),
                        Ok(m) => m.status == "DELETING",
                    };
                if !applied {
                    // Terraform names no resource in a destroy's diagnostics: the ARN says which one.
                    aws_error(diags, &format!("DeleteStateMachine of {arn}"), &e, None);
                    return None;
                }
                tracing::debug!(code = %e.code, "DeleteStateMachine's answer was lost; the delete was applied");
            }
        }
        let deadline = Instant::now() + timeout(&prior, "delete", DELETE_TIMEOUT);
        match retry::until_deleted(&*api, &arn, deadline, &Wait::default()).await {
            Ok(()) => {}
            // Still there at the deadline: keep it in state (the next refresh drops it once
            // it is gone).
            Err(e) if e.code == "DeleteTimeout" => {
                aws_error(
                diags,
                &format!("DeleteStateMachine of {arn}"),
                &e,
                    Some(AttributePath::new("timeouts")),
                );
                return None;
            }
            // AWS accepted the delete; only watching it fail. The machine is gone or going:
            // keeping it in state would leave a ghost (a create of the same name waits for
            // the delete to finish anyway).
            Err(e) => diags.warning(
                format!("SFN044 delete-unconfirmed: AWS {}: DeleteStateMachine was accepted, but waiting for the machine to disappear failed", e.code),
                format!("{} The machine is removed from state.", e.message),
                AttributePath::root(),
            ),
        }
        Some(())
    }

    async fn import<'a>(&self, diags: &mut Diagnostics, id: String) -> Option<(Raw, Raw)> {
        if !(id.starts_with("arn:") && id.contains(":stateMachine:")) {
            diags.root_error(
                format!("SFN018 invalid-import-id: \"{id}\" is not a state machine ARN"),
                "Import with the ARN: terraform import sfn_state_machine.<name> arn:aws:states:<region>:<account>:stateMachine:<name>",
            );
            return None;
        }
        let state = self
            .refresh(diags, import_seed(&schema_block(), &id))
            .await?;
        if state.0.is_nil() {
            diags.root_error(
                format!("SFN019 import-not-found: no state machine {id}"),
                "Check the ARN, the region and the account the provider uses.",
            );
            return None;
        }
        // A machine with versions was managed with publish = true: import the newest version
        // and its description, so an alias following state_machine_version_arn stays put.
        let api = api(&self.shared, diags).await?;
        let mut obj = Obj::from_raw(&schema_block(), &state);
        if let Some(version) = latest_version(&*api, &id).await {
            let description = api
                .describe_state_machine(&version)
                .await
                .ok()
                .and_then(|v| v.description);
            obj.set("state_machine_version_arn", value_str(&version));
            obj.set("publish", rmpv::Value::Boolean(true));
            obj.set_str(
                "version_description",
                description.as_deref().filter(|d| !d.is_empty()),
            );
        }
        Some((obj.raw(), Raw::default()))
    }
}

/// The newest published version of a machine, if any. ListStateMachineVersions answers on AWS;
/// an API without it (some emulators) is probed with DescribeStateMachine on `<arn>:<n>`,
/// doubling then bisecting, so even a thousand versions take about twenty calls.
pub async fn latest_version(api: &dyn SfnApi, arn: &str) -> Option<String> {
    match api.list_versions(arn).await {
        Ok(versions) => return versions.into_iter().next(),
        Err(e) if e.is_not_found() => return None,
        Err(_) => {}
    }
    let exists = |n: u64| async move {
        api.describe_state_machine(&format!("{arn}:{n}"))
            .await
            .is_ok()
    };
    if !exists(1).await {
        return None;
    }
    let mut hi = 2u64;
    while exists(hi).await {
        hi = hi.saturating_mul(2);
        if hi > 1 << 20 {
            return None;
        }
    }
    let mut lo = hi / 2; // exists
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if exists(mid).await {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(format!("{arn}:{lo}"))
}

/// Errors that leave open whether the call was applied: no answer came back.
fn answer_may_be_lost(e: &ApiError) -> bool {
    matches!(
        e.code.as_str(),
        "NetworkError" | "TimeoutError" | "ResponseError"
    )
}

/// Whether every setting `u` changes is what `m` has (settings it leaves alone are ignored).
fn update_is_applied(m: &Machine, u: &MachineUpdate) -> bool {
    u.definition
        .as_ref()
        .is_none_or(|d| same_definition(d, &m.definition))
        && u.role_arn.as_ref().is_none_or(|r| *r == m.role_arn)
        && u.tracing.is_none_or(|t| t == m.tracing)
        && u.logging
            .as_ref()
            .is_none_or(|l| m.logging.as_ref() == Some(l))
        && u.encryption
            .as_ref()
            .is_none_or(|e| m.encryption.as_ref() == Some(e))
}

/// Whether `m` is what creating `spec` makes: same name, definition (as JSON), type and role.
fn is_made_from(m: &Machine, spec: &MachineSpec) -> bool {
    differences(m, spec).is_empty()
}

fn differences(m: &Machine, spec: &MachineSpec) -> Vec<&'static str> {
    let mut out = Vec::new();
    if m.name != spec.name {
        out.push("name");
    }
    if !same_definition(&m.definition, &spec.definition) {
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

impl StateMachine {
    /// After a failed create, looks for a machine of the same name, definition, type and role:
    /// the one this create made.
    async fn find_created(&self, api: &dyn SfnApi, spec: &MachineSpec) -> Option<Machine> {
        let all = api.list_state_machines().await.ok()?;
        let (_, arn) = all.into_iter().find(|(n, _)| *n == spec.name)?;
        let m = api.describe_state_machine(&arn).await.ok()?;
        (m.status != "DELETING" && is_made_from(&m, spec)).then_some(m)
    }

    fn state_after_create(
        &self,
        planned: &Raw,
        cfg: &Tf,
        m: &Machine,
        version_arn: Option<&str>,
        tags: &[(String, String)],
    ) -> Raw {
        let mut state = Obj::from_raw(&schema_block(), planned);
        state.set("id", value_str(&m.arn));
        state.set("arn", value_str(&m.arn));
        state.set("name", value_str(&m.name));
        state.set("type", value_str(&m.kind));
        state.set("creation_date", value_str(&m.creation_date));
        state.set("status", value_str(&m.status));
        state.set_str("revision_id", m.revision_id.as_deref());
        state.set_str("state_machine_version_arn", version_arn);
        state.set("tags_all", string_map_value(tags));
        if cfg.get("publish").is_null() {
            state.set("publish", rmpv::Value::Boolean(false));
        }
        state.raw()
    }
}

fn planned_value(planned: &Raw, key: &str) -> rmpv::Value {
    match &planned.0 {
        rmpv::Value::Map(m) => m
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v.clone())
            .unwrap_or(rmpv::Value::Nil),
        _ => rmpv::Value::Nil,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_compare_as_json() {
        assert!(same_definition(
            r#"{"a":1,"b":[1,2]}"#,
            "{\n  \"b\": [1, 2.0],\n  \"a\": 1\n}"
        ));
        assert!(!same_definition(r#"{"a":1}"#, r#"{"a":2}"#));
        assert!(!same_definition(r#"{"a":1}"#, "not json"));
    }

    #[test]
    fn generated_names_are_unique_and_valid() {
        let a = generated_name("orders-");
        let b = generated_name("orders-");
        assert_ne!(a, b);
        assert!(
            a.starts_with("orders-") && a.len() == "orders-".len() + 26,
            "{a}"
        );
        assert!(check_name(NameKind::StateMachine, &a).is_none());
        for _ in 0..2000 {
            assert_eq!(generated_name("p").len(), 27);
        }
    }
}
