//! The `sfn_workflow` schema, generated from codegen's field registry so the HCL surface, the
//! compiler and the docs cannot drift apart. One nested block type per state type, each with
//! exactly the fields that type accepts (so Terraform itself rejects a misplaced field).

use std::collections::HashMap;

use sfn_codegen::hcl::{
    block_name, snake, typed_blocks_at, BRANCH_BLOCK, JSON_ATTR, NULLABLE_PATHS, NULL_PATH,
    PROCESSOR_BLOCK, RULE_BLOCK, RULE_DEPTH, STATES_ATTR,
};
use sfn_codegen::model::fields::{FieldSpec, Kind, FIELDS};
use sfn_codegen::model::operators::{OperandKind, Operator};
use sfn_codegen::model::StateType;
use tf_provider::schema::{
    Attribute, AttributeConstraint, AttributeType, Block, Description, NestedBlock, Schema,
};

fn attr(ty: AttributeType, constraint: AttributeConstraint, doc: &str) -> Attribute {
    Attribute {
        attr_type: ty,
        description: Description::markdown(doc),
        constraint,
        sensitive: false,
        deprecated: false,
    }
}

fn optional(ty: AttributeType, doc: &str) -> Attribute {
    attr(ty, AttributeConstraint::Optional, doc)
}

fn block(doc: &str) -> Block {
    Block {
        version: 1,
        attributes: HashMap::new(),
        blocks: HashMap::new(),
        description: Description::markdown(doc),
        deprecated: false,
    }
}

fn strings() -> AttributeType {
    AttributeType::List(Box::new(AttributeType::String))
}

fn field_type(f: &FieldSpec) -> AttributeType {
    match f.kind {
        Kind::Bool => AttributeType::Bool,
        Kind::Payload | Kind::Assign | Kind::Items | Kind::Integer => AttributeType::Any,
        _ => AttributeType::String,
    }
}

fn field_doc(f: &FieldSpec) -> String {
    let mut doc = f.doc.to_string();
    if NULLABLE_PATHS.contains(&f.name) {
        doc.push_str(&format!(
            " Write the string `\"{NULL_PATH}\"` for ASL's `null`."
        ));
    }
    match f.lang {
        sfn_codegen::model::fields::Lang::JsonPath => doc.push_str(" (JSONPath states only.)"),
        sfn_codegen::model::fields::Lang::Jsonata => doc.push_str(" (JSONata states only.)"),
        sfn_codegen::model::fields::Lang::Both => {}
    }
    doc
}

pub(crate) fn retry_block() -> Block {
    let mut b = block("A retrier: which errors to retry and how (`Retry`).");
    let a = &mut b.attributes;
    a.insert("error_equals".into(), attr(strings(), AttributeConstraint::Required,
        "Error names this retrier matches, such as `States.Timeout` or `Lambda.ServiceException`. `States.ALL` matches any error and must be alone, in the last retrier."));
    a.insert(
        "interval_seconds".into(),
        optional(
            AttributeType::Number,
            "Seconds before the first retry (default 1).",
        ),
    );
    a.insert(
        "max_attempts".into(),
        optional(
            AttributeType::Number,
            "Maximum retries (default 3; 0 never retries).",
        ),
    );
    a.insert("backoff_rate".into(), optional(AttributeType::Number, "Multiplier of the interval after each attempt, at least 1.0 (default 2.0). Fractions such as `1.5` are kept exactly."));
    a.insert(
        "max_delay_seconds".into(),
        optional(
            AttributeType::Number,
            "Upper bound of the interval between retries, in seconds.",
        ),
    );
    a.insert(
        "jitter_strategy".into(),
        optional(
            AttributeType::String,
            "`FULL` to randomise intervals, or `NONE`.",
        ),
    );
    a.insert(
        "comment".into(),
        optional(
            AttributeType::String,
            "A human-readable description of the retrier.",
        ),
    );
    b
}

pub(crate) fn catch_block() -> Block {
    let mut b = block("A catcher: where to go when the state fails (`Catch`).");
    let a = &mut b.attributes;
    a.insert(
        "error_equals".into(),
        attr(
            strings(),
            AttributeConstraint::Required,
            "Error names this catcher matches. `States.ALL` must be alone, in the last catcher.",
        ),
    );
    a.insert(
        "next".into(),
        attr(
            AttributeType::String,
            AttributeConstraint::Required,
            "The state to go to, in the same workflow.",
        ),
    );
    a.insert("result_path".into(), optional(AttributeType::String, "JSONPath: where to put the error output in the state input. Write `\"null\"` to discard it."));
    a.insert("output".into(), optional(AttributeType::Any, "JSONata: the state output when this catcher matches; `$states.errorOutput` is the error."));
    a.insert(
        "assign".into(),
        optional(
            AttributeType::Any,
            "Variables to set when this catcher matches.",
        ),
    );
    a.insert(
        "comment".into(),
        optional(
            AttributeType::String,
            "A human-readable description of the catcher.",
        ),
    );
    b
}

pub(crate) fn rule_block(depth: usize) -> Block {
    let top = depth == 0;
    let mut b = block(if top {
        "A Choice rule (`Choices`): a comparison (`variable` + one operator), a combination (`and`, `or`, `not`) or, in JSONata states, a `condition`; and the `next` state when it matches."
    } else {
        "A nested Choice rule: a comparison or a further `and`/`or`/`not`."
    });
    let a = &mut b.attributes;
    a.insert(
        "variable".into(),
        optional(
            AttributeType::String,
            "JSONPath: the path of the value to compare, such as `$.order.total`.",
        ),
    );
    for op in Operator::ALL {
        let ty = match (op.operand(), op.is_path()) {
            (_, true) => AttributeType::String,
            (OperandKind::Numeric, _) => AttributeType::Number,
            (OperandKind::Boolean | OperandKind::TypeTest, _) => AttributeType::Bool,
            _ => AttributeType::String,
        };
        let doc = if op.is_path() {
            format!(
                "Compare with the value at this path, using `{}`.",
                op.as_str()
            )
        } else {
            format!("Compare the variable using `{}`.", op.as_str())
        };
        a.insert(snake(op.as_str()), optional(ty, &doc));
    }
    if top {
        a.insert(
            "condition".into(),
            optional(
                AttributeType::Any,
                "JSONata: a `{% %}` expression (or boolean) that selects this rule.",
            ),
        );
        a.insert(
            "next".into(),
            attr(
                AttributeType::String,
                AttributeConstraint::Required,
                "The state to go to when the rule matches.",
            ),
        );
        a.insert(
            "assign".into(),
            optional(
                AttributeType::Any,
                "Variables to set when the rule matches.",
            ),
        );
        a.insert(
            "output".into(),
            optional(
                AttributeType::Any,
                "JSONata: the state output when the rule matches.",
            ),
        );
    }
    a.insert(
        "comment".into(),
        optional(
            AttributeType::String,
            "A human-readable description of the rule.",
        ),
    );
    if depth < RULE_DEPTH {
        b.blocks
            .insert("and".into(), NestedBlock::List(rule_block(depth + 1)));
        b.blocks
            .insert("or".into(), NestedBlock::List(rule_block(depth + 1)));
        b.blocks
            .insert("not".into(), NestedBlock::Optional(rule_block(depth + 1)));
    }
    b
}

pub(crate) fn s3_config_blocks(name: &str) -> Block {
    match name {
        "item_reader" => {
            let mut b = block("Distributed Map: where to read the items from (`ItemReader`).");
            b.attributes.insert("resource".into(), attr(AttributeType::String, AttributeConstraint::Required,
                "`arn:aws:states:::s3:getObject` (one object: CSV, JSON, JSONL, Parquet or a manifest) or `arn:aws:states:::s3:listObjectsV2` (the objects under a prefix)."));
            b.attributes.insert(
                "parameters".into(),
                optional(
                    AttributeType::Any,
                    "JSONPath: the S3 request (`Bucket`, `Key` or `Prefix`).",
                ),
            );
            b.attributes.insert(
                "arguments".into(),
                optional(
                    AttributeType::Any,
                    "JSONata: the S3 request (`Bucket`, `Key` or `Prefix`).",
                ),
            );
            let mut rc = block("How to read the object (`ReaderConfig`).");
            rc.attributes.insert(
                "input_type".into(),
                optional(
                    AttributeType::String,
                    "`CSV`, `JSON`, `JSONL`, `PARQUET` or `MANIFEST`.",
                ),
            );
            rc.attributes.insert(
                "csv_header_location".into(),
                optional(
                    AttributeType::String,
                    "`FIRST_ROW` or `GIVEN` (then set `csv_headers`).",
                ),
            );
            rc.attributes.insert(
                "csv_headers".into(),
                optional(
                    strings(),
                    "Column names, when `csv_header_location` is `GIVEN`.",
                ),
            );
            rc.attributes.insert(
                "csv_delimiter".into(),
                optional(
                    AttributeType::String,
                    "`COMMA` (default), `PIPE`, `SEMICOLON`, `SPACE` or `TAB`.",
                ),
            );
            rc.attributes.insert(
                "max_items".into(),
                optional(
                    AttributeType::Any,
                    "Read at most this many items (up to 100,000,000).",
                ),
            );
            rc.attributes.insert(
                "max_items_path".into(),
                optional(
                    AttributeType::String,
                    "JSONPath: a path to the maximum number of items.",
                ),
            );
            rc.attributes.insert(
                "manifest_type".into(),
                optional(
                    AttributeType::String,
                    "`ATHENA_DATA` or `CSV`, for S3 inventory manifests.",
                ),
            );
            b.blocks
                .insert("reader_config".into(), NestedBlock::Optional(rc));
            b
        }
        "item_batcher" => {
            let mut b = block("Distributed Map: group items into batches (`ItemBatcher`). Set at least one limit.");
            b.attributes.insert(
                "max_items_per_batch".into(),
                optional(AttributeType::Any, "Items per batch."),
            );
            b.attributes.insert(
                "max_items_per_batch_path".into(),
                optional(
                    AttributeType::String,
                    "JSONPath: a path to the items per batch.",
                ),
            );
            b.attributes.insert(
                "max_input_bytes_per_batch".into(),
                optional(AttributeType::Any, "Bytes per batch, at most 262144."),
            );
            b.attributes.insert(
                "max_input_bytes_per_batch_path".into(),
                optional(
                    AttributeType::String,
                    "JSONPath: a path to the bytes per batch.",
                ),
            );
            b.attributes.insert(
                "batch_input".into(),
                optional(
                    AttributeType::Any,
                    "A fixed object added to every batch as `BatchInput`.",
                ),
            );
            b
        }
        _ => {
            let mut b = block("Distributed Map: write the results to Amazon S3 (`ResultWriter`).");
            b.attributes.insert(
                "resource".into(),
                optional(AttributeType::String, "`arn:aws:states:::s3:putObject`."),
            );
            b.attributes.insert(
                "parameters".into(),
                optional(
                    AttributeType::Any,
                    "JSONPath: `Bucket` and `Prefix` of the results.",
                ),
            );
            b.attributes.insert(
                "arguments".into(),
                optional(
                    AttributeType::Any,
                    "JSONata: `Bucket` and `Prefix` of the results.",
                ),
            );
            let mut wc = block("How to write the results (`WriterConfig`).");
            wc.attributes.insert(
                "output_type".into(),
                optional(AttributeType::String, "`JSON` or `JSONL`."),
            );
            wc.attributes.insert(
                "transformation".into(),
                optional(AttributeType::String, "`NONE`, `COMPACT` or `FLATTEN`."),
            );
            b.blocks
                .insert("writer_config".into(), NestedBlock::Optional(wc));
            b
        }
    }
}

/// The block of one state type in a workflow at `depth`. Its `branch` / `item_processor` blocks
/// hold typed state blocks only down to [`sfn_codegen::hcl::BLOCK_DEPTH`]; below that, `states` or `json`.
pub(crate) fn state_block(t: StateType, depth: usize) -> Block {
    let mut b = block(&format!("{} The block label is the state name: 1 to 80 characters, unique across the whole machine, nested workflows included.", match t {
        StateType::Task => "A Task state: runs one unit of work (a Lambda function, an activity, or an AWS service integration).",
        StateType::Pass => "A Pass state: passes its input to its output, optionally adding data.",
        StateType::Choice => "A Choice state: picks the next state with rules.",
        StateType::Wait => "A Wait state: pauses for a time or until a timestamp.",
        StateType::Succeed => "A Succeed state: ends the execution (or branch, or iteration) successfully.",
        StateType::Fail => "A Fail state: ends the execution with an error and a cause.",
        StateType::Parallel => "A Parallel state: runs branches concurrently and collects their outputs in an array.",
        StateType::Map => "A Map state: runs a workflow for each item of an array (inline) or of an S3 dataset (distributed).",
    }));
    for f in FIELDS {
        if !f.allowed_in(t) || f.kind == Kind::Type {
            continue;
        }
        match f.kind {
            Kind::Retry => {
                b.blocks
                    .insert("retry".into(), NestedBlock::List(retry_block()));
            }
            Kind::Catch => {
                b.blocks
                    .insert("catch".into(), NestedBlock::List(catch_block()));
            }
            Kind::Choices => {
                b.blocks
                    .insert(RULE_BLOCK.into(), NestedBlock::List(rule_block(0)));
            }
            Kind::Branches => {
                b.blocks.insert(
                    BRANCH_BLOCK.into(),
                    NestedBlock::List(workflow_block(depth + 1, WorkflowKind::Branch)),
                );
            }
            Kind::Processor => {
                if f.name == "Iterator" {
                    continue; // legacy spelling: HCL has only item_processor
                }
                b.blocks.insert(
                    PROCESSOR_BLOCK.into(),
                    NestedBlock::Optional(workflow_block(depth + 1, WorkflowKind::Processor)),
                );
            }
            Kind::ItemReader | Kind::ItemBatcher | Kind::ResultWriter => {
                b.blocks
                    .insert(f.hcl.into(), NestedBlock::Optional(s3_config_blocks(f.hcl)));
            }
            _ => {
                b.attributes
                    .insert(f.hcl.into(), optional(field_type(f), &field_doc(f)));
            }
        }
    }
    b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkflowKind {
    Top,
    Branch,
    Processor,
}

/// What the `states` attribute takes, for its description.
const STATES_DOC: &str = "States given as an object instead of (or beside) state blocks: state name -> an object with `type` (`task`, `pass`, `choice`, `wait`, `succeed`, `fail`, `parallel` or `map`) and the same snake_case fields as that state's block. Nested blocks are written as lists (`retry`, `catch`, `rule`, `branch`, and `and`/`or` in rules) or objects (`item_processor`, `item_reader`, `item_batcher`, `result_writer`, `not`); a `branch` or `item_processor` object takes `start_at`, `comment`, `json` and `states` (and `mode`, `execution_type`), to any depth. Build it with `for` expressions over module inputs: this is how a module generates a variable number of states. A name may not be used both here and by a block; an entry whose value is `null` is left out.";

pub(crate) fn workflow_block(depth: usize, kind: WorkflowKind) -> Block {
    let typed = typed_blocks_at(depth);
    let mut b = block(match (kind, typed) {
        (WorkflowKind::Top, _) => "A state machine definition, compiled to validated Amazon States Language.",
        (WorkflowKind::Branch, true) => "A Parallel branch: a workflow of its own, given as state blocks, as `states`, or as the `json` of another `sfn_workflow`.",
        (WorkflowKind::Branch, false) => "A Parallel branch: a workflow of its own, given as `states` or as the `json` of another `sfn_workflow` (state blocks are for the top level of the machine).",
        (WorkflowKind::Processor, true) => "The workflow run for each item (`ItemProcessor`), given as state blocks, as `states`, or as the `json` of another `sfn_workflow`.",
        (WorkflowKind::Processor, false) => "The workflow run for each item (`ItemProcessor`), given as `states` or as the `json` of another `sfn_workflow` (state blocks are for the top level of the machine).",
    });
    let a = &mut b.attributes;
    a.insert(
        "start_at".into(),
        optional(
            AttributeType::String,
            "The name of the first state. Required unless `json` is given.",
        ),
    );
    a.insert(
        "comment".into(),
        optional(AttributeType::String, "A human-readable description."),
    );
    a.insert(STATES_ATTR.into(), optional(AttributeType::Any, STATES_DOC));
    if kind != WorkflowKind::Top {
        a.insert(JSON_ATTR.into(), optional(AttributeType::String,
            "The `json` output of another `sfn_workflow` (or any ASL definition), used instead of states: how golden modules share fragments. Checked again here, in its place."));
    }
    if kind == WorkflowKind::Processor {
        a.insert("mode".into(), optional(AttributeType::String, "`INLINE` (default) or `DISTRIBUTED` (child executions, S3 datasets, up to 10,000 in parallel). Applies to a processor given as `json` too."));
        a.insert(
            "execution_type".into(),
            optional(
                AttributeType::String,
                "Distributed mode: `STANDARD` or `EXPRESS` child executions. Applies to a processor given as `json` too.",
            ),
        );
    }
    // States are labelled blocks (`task "Validate" { ... }`): the label is the state name.
    // Beyond reading well, a map of blocks keeps Terraform from crashing: it cannot plan a data
    // source whose list blocks hold `dynamic` attributes while part of the configuration is unknown
    // (objchange.ProposedNew panics on 1.0 through 1.11), and it never descends into map blocks there.
    if typed {
        for t in StateType::ALL {
            b.blocks.insert(
                block_name(t).into(),
                NestedBlock::Map(state_block(t, depth)),
            );
        }
    }
    b
}

/// The full data source schema.
pub fn data_source_schema() -> Schema {
    let mut b = workflow_block(0, WorkflowKind::Top);
    b.description = Description::markdown(
        "Compiles a typed workflow into validated Amazon States Language JSON, offline and at plan time, the way `aws_iam_policy_document` builds policy JSON. Every problem is reported with a stable code and the attribute that caused it.",
    );
    let a = &mut b.attributes;
    a.insert(
        "timeout_seconds".into(),
        optional(
            AttributeType::Any,
            "Fail the execution after this many seconds.",
        ),
    );
    a.insert(
        "query_language".into(),
        optional(
            AttributeType::String,
            "`JSONPath` (default) or `JSONata` for every state that does not choose its own.",
        ),
    );
    a.insert(
        "version".into(),
        optional(AttributeType::String, "The ASL version, `1.0`."),
    );
    a.insert(super::fragment::ATTR.into(), optional(AttributeType::String,
        "`branch` or `item_processor`: this workflow is a fragment that another workflow composes as a Parallel branch or a Map item processor (`json = data.sfn_workflow.<name>.json`). It is checked in that place instead of as a whole machine: variables the enclosing machine assigns are not reported as undefined, and `timeout_seconds` and `version` (a whole machine's) are refused. The composing workflow checks it again where it is used."));
    a.insert(
        crate::rule_control::ATTR.into(),
        optional(
            AttributeType::Map(Box::new(AttributeType::String)),
            crate::rule_control::DOC,
        ),
    );
    a.insert("workflow_type".into(), optional(AttributeType::String,
        "`STANDARD` or `EXPRESS`: when set, the Express restrictions (no `.sync`, `.waitForTaskToken` or activities, 5-minute limit) are checked too. Not part of the output."));
    a.insert("json".into(), attr(AttributeType::String, AttributeConstraint::Computed,
        "The definition as canonical, pretty-printed ASL JSON: byte-identical for the same input. Pass it to `sfn_state_machine.definition`."));
    a.insert(
        "mermaid".into(),
        attr(
            AttributeType::String,
            AttributeConstraint::Computed,
            "A Mermaid flowchart of the workflow.",
        ),
    );
    a.insert(
        "state_names".into(),
        attr(
            strings(),
            AttributeConstraint::Computed,
            "Every state name, nested workflows included, in flow order.",
        ),
    );
    super::policy::add_schema(&mut b);
    Schema {
        version: 1,
        block: b,
    }
}

/// The `workflow` block of `sfn_state_machine`: the data source's inputs, without what only the
/// data source has (its outputs, `fragment`, `workflow_type` (the machine's `type` is used) and
/// the `iam_policy` block).
pub fn inline_block() -> Block {
    let mut b = data_source_schema().block;
    b.description = Description::markdown(
        "The definition as a typed workflow, with exactly the inputs of the `sfn_workflow` data source (state blocks, `states`, `query_language`, `timeout_seconds`, ...), instead of `definition`. Validated with the resource: at plan, with every variable known next to values not yet known, each problem at its attribute under `workflow`. `definition` then holds the compiled ASL: known at plan when every value is, otherwise compiled at apply.",
    );
    for computed_or_own in [
        "json",
        "mermaid",
        "state_names",
        "workflow_type",
        super::fragment::ATTR,
        super::policy::ATTR,
    ] {
        b.attributes.remove(computed_or_own);
    }
    b.blocks.remove(super::policy::BLOCK);
    b
}
