//! `sfn_state_machine`'s schema and its state model, side by side, and the conversions between
//! the model and the API's types.

use serde::{Deserialize, Serialize};
use tf_provider::schema::{AttributeType, NestedBlock, Schema};

use crate::aws::api::{Logging, Machine, MachineSpec};
use crate::enums::{LOG_LEVEL, MACHINE_TYPE};
use crate::model::{maybe, text, Blocks, Tags, Value};
use crate::resources::blocks::{encryption_from, EncryptionBlock};
use crate::schema::*;

pub fn schema() -> Schema {
    let b = block(
        "A Step Functions state machine. The definition is validated offline at plan time (no AWS permissions needed), compared as JSON (formatting never shows as a diff), and every change is applied through the Step Functions API.",
        vec![
            ("id", computed(AttributeType::String, "The state machine ARN.")),
            ("arn", computed(AttributeType::String, "The state machine ARN.")),
            ("name", optional_computed(AttributeType::String, "The name: 1 to 80 characters, no whitespace or `? * < > { } [ ] \" # % \\ ^ | ~ ` $ & , ; : /`. Generated from `name_prefix` (or `terraform-`) when omitted. Changing it replaces the machine, and the aliases that route to it with it.")),
            ("name_prefix", optional(AttributeType::String, "A prefix for a generated unique name. Conflicts with `name`.")),
            ("definition", optional_computed(AttributeType::String, "The Amazon States Language definition as JSON, such as `data.sfn_workflow.<name>.json` or `file(\"orders.asl.json\")`. Validated offline at plan time (skipped while unknown); compared as JSON. Give exactly one of `definition` and the `workflow` block; with `workflow`, this is the compiled definition (known at plan when every value of the workflow is, otherwise at apply).")),
            ("role_arn", required(AttributeType::String, "The IAM role Step Functions assumes to run the machine. Creating right after the role is retried while IAM propagates.")),
            ("type", optional_computed(AttributeType::String, "`STANDARD` (default) or `EXPRESS`, in any letter case. Express machines cannot use `.sync`, `.waitForTaskToken` or activities; this is checked at plan. Changing it replaces the machine.")),
            ("publish", optional_computed(AttributeType::Bool, "Publish a version on create, on every change, and when turned on (default `false`). The version's ARN is `state_machine_version_arn`.")),
            ("version_description", optional(AttributeType::String, "Description of the version published by this apply. Requires `publish = true`.")),
            ("tags", optional(string_map(), "Tags for the machine, merged over the provider's `default_tags` (at most 50 in all).")),
            ("tags_all", computed(string_map(), "All tags on the machine: `default_tags` and `tags`.")),
            ("creation_date", computed(AttributeType::String, "When the machine was created (RFC 3339).")),
            ("status", computed(AttributeType::String, "`ACTIVE` or `DELETING`.")),
            ("revision_id", computed(AttributeType::String, "The revision of the current definition and settings.")),
            ("state_machine_version_arn", computed(AttributeType::String, "ARN of the newest version holding the machine's current definition and settings, with `publish = true`: unknown in plans that will publish, so an `sfn_alias` can follow it in the same apply. A refresh finds the version a lost answer left unrecorded.")),
            (crate::rule_control::ATTR, optional(string_map(), crate::rule_control::DOC)),
            ("remote_validation", optional(AttributeType::Bool, "Also validate the definition with the ValidateStateMachineDefinition API at plan time (default `false`: the offline validation needs no permissions). Access denied becomes a warning.")),
        ],
    );
    let b = with_blocks(
        b,
        vec![
            (
                "logging_configuration",
                NestedBlock::Optional(block(
                    "Execution logging to CloudWatch Logs.",
                    vec![
                        ("level", optional(AttributeType::String, "`ALL`, `ERROR`, `FATAL` or `OFF` (default), in any letter case.")),
                        ("include_execution_data", optional(AttributeType::Bool, "Log input, output and state data (default `false`).")),
                        ("log_destination", optional(AttributeType::String, "The log group ARN, ending in `:*`, such as `arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*`. Required unless the level is `OFF`.")),
                    ],
                )),
            ),
            (
                "tracing_configuration",
                NestedBlock::Optional(block(
                    "AWS X-Ray tracing.",
                    vec![("enabled", optional(AttributeType::Bool, "Trace executions with X-Ray (default `false`)."))],
                )),
            ),
            ("encryption_configuration", encryption_block()),
            (
                "timeouts",
                timeouts_block(&[("create", "5m"), ("update", "5m"), ("delete", "10m")]),
            ),
            (
                crate::workflow::inline::ATTR,
                NestedBlock::Group(crate::workflow::schema::inline_block()),
            ),
        ],
    );
    Schema {
        version: 1,
        block: b,
    }
}

/// The state of an `sfn_state_machine` (also its configuration and plan).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MachineState {
    pub id: Value<String>,
    pub arn: Value<String>,
    pub name: Value<String>,
    pub name_prefix: Value<String>,
    pub definition: Value<String>,
    pub role_arn: Value<String>,
    #[serde(rename = "type")]
    pub kind: Value<String>,
    pub publish: Value<bool>,
    pub version_description: Value<String>,
    pub tags: Tags,
    pub tags_all: Tags,
    pub creation_date: Value<String>,
    pub status: Value<String>,
    pub revision_id: Value<String>,
    pub state_machine_version_arn: Value<String>,
    pub remote_validation: Value<bool>,
    pub logging_configuration: Blocks<LoggingBlock>,
    pub tracing_configuration: Blocks<TracingBlock>,
    pub encryption_configuration: Blocks<EncryptionBlock>,
    pub timeouts: Blocks<Timeouts>,
    pub workflow: crate::workflow::inline::Inline,
    pub rules: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoggingBlock {
    pub level: Value<String>,
    pub include_execution_data: Value<bool>,
    pub log_destination: Value<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TracingBlock {
    pub enabled: Value<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timeouts {
    pub create: Value<String>,
    pub update: Value<String>,
    pub delete: Value<String>,
}

impl MachineState {
    /// The machine's type as AWS spells it (`STANDARD` when not set).
    pub fn machine_type(&self) -> String {
        text(&self.kind)
            .and_then(|k| MACHINE_TYPE.canonical(k))
            .unwrap_or("STANDARD")
            .to_string()
    }

    pub fn publishes(&self) -> bool {
        self.publish == Value::Value(true)
    }

    pub fn logging(&self) -> Option<Logging> {
        let l = self.logging_configuration.first()?;
        Some(Logging {
            level: text(&l.level)
                .and_then(|v| LOG_LEVEL.canonical(v))
                .unwrap_or("OFF")
                .to_string(),
            include_execution_data: l.include_execution_data == Value::Value(true),
            destinations: text(&l.log_destination)
                .map(|d| vec![d.to_string()])
                .unwrap_or_default(),
        })
    }

    pub fn tracing(&self) -> Option<bool> {
        self.tracing_configuration
            .first()
            .map(|t| t.enabled == Value::Value(true))
    }

    pub fn timeouts(&self) -> Option<&Timeouts> {
        self.timeouts.first()
    }

    /// What CreateStateMachine gets.
    pub fn spec(&self, name: String, tags: Vec<(String, String)>) -> MachineSpec {
        MachineSpec {
            name,
            definition: text(&self.definition).unwrap_or_default().to_string(),
            role_arn: text(&self.role_arn).unwrap_or_default().to_string(),
            kind: self.machine_type(),
            logging: self.logging(),
            tracing: self.tracing(),
            encryption: encryption_from(&self.encryption_configuration),
            tags,
            publish: self.publishes(),
            version_description: text(&self.version_description).map(str::to_string),
        }
    }
}

/// The logging block as state: configured, or AWS logs something.
pub fn logging_state(m: &Machine, prior: &Blocks<LoggingBlock>) -> Blocks<LoggingBlock> {
    let had = prior.first();
    let remote = m.logging.clone().unwrap_or(Logging {
        level: "OFF".into(),
        ..Logging::default()
    });
    let logs =
        remote.level != "OFF" || !remote.destinations.is_empty() || remote.include_execution_data;
    if had.is_none() && !logs {
        return Blocks::default();
    }
    // Keep the configuration's spelling of the level when it is the same, and its nulls where
    // AWS reports the default (OFF, no execution data).
    let level = match had.map(|p| &p.level) {
        Some(Value::Value(p)) if LOG_LEVEL.same(p, &remote.level) => Value::Value(p.clone()),
        Some(Value::Null) if remote.level == "OFF" => Value::Null,
        _ => Value::Value(remote.level.clone()),
    };
    let include = match had.map(|p| &p.include_execution_data) {
        Some(Value::Null) if !remote.include_execution_data => Value::Null,
        _ => Value::Value(remote.include_execution_data),
    };
    Blocks::one(LoggingBlock {
        level,
        include_execution_data: include,
        log_destination: maybe(remote.destinations.first().map(String::as_str)),
    })
}

/// The tracing block as state: configured, or tracing is on.
pub fn tracing_state(m: &Machine, prior: &Blocks<TracingBlock>) -> Blocks<TracingBlock> {
    if prior.first().is_some() || m.tracing {
        let enabled = match prior.first().map(|p| &p.enabled) {
            Some(Value::Null) if !m.tracing => Value::Null,
            _ => Value::Value(m.tracing),
        };
        Blocks::one(TracingBlock { enabled })
    } else {
        Blocks::default()
    }
}
