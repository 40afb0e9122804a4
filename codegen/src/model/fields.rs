//! The registry of state fields: for every field a state can carry, which state types accept it,
//! in which query language, what kind of value it holds, and what it means.
//!
//! This table is the single source of truth for the canonical key order of emitted states, for the
//! "field not allowed here" checks, and for the provider's HCL schema and its documentation.

use super::{QueryLanguage, StateType};

/// The query languages a field exists in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Both,
    JsonPath,
    Jsonata,
}

impl Lang {
    pub fn allows(self, ql: QueryLanguage) -> bool {
        match self {
            Lang::Both => true,
            Lang::JsonPath => ql == QueryLanguage::JsonPath,
            Lang::Jsonata => ql == QueryLanguage::Jsonata,
        }
    }
}

/// The kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The state type name.
    Type,
    QueryLanguage,
    /// Free text.
    Text,
    /// A state name in the same scope.
    StateName,
    Bool,
    /// A task resource URI.
    Resource,
    /// A JSONPath path (or `null` for InputPath/OutputPath).
    Path,
    /// A reference path: no filters or wildcards (ResultPath).
    ReferencePath,
    /// A whole number; in JSONata states also a `{% %}` expression.
    Integer,
    /// An RFC 3339 timestamp; in JSONata states also an expression.
    Timestamp,
    /// A JSON payload template (`Parameters`, `Arguments`, `Output`, `Result`, ...).
    Payload,
    /// Variable assignments: an object whose keys are variable names.
    Assign,
    Retry,
    Catch,
    Choices,
    Branches,
    Processor,
    ItemReader,
    ItemBatcher,
    ResultWriter,
    /// A Distributed Map label.
    Label,
    /// A JSONata array or expression (Map `Items`).
    Items,
}

#[derive(Debug)]
pub struct FieldSpec {
    /// The ASL key.
    pub name: &'static str,
    /// The snake_case name used in HCL.
    pub hcl: &'static str,
    pub states: &'static [StateType],
    pub lang: Lang,
    pub kind: Kind,
    /// Markdown description, used in the provider schema and the generated docs.
    pub doc: &'static str,
}

impl FieldSpec {
    pub fn allowed_in(&self, kind: StateType) -> bool {
        self.states.contains(&kind)
    }
}

use StateType::*;

const ALL: &[StateType] = &[Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map];
const ALL_BUT_FAIL: &[StateType] = &[Task, Pass, Choice, Wait, Succeed, Parallel, Map];
const FLOWING: &[StateType] = &[Task, Pass, Wait, Parallel, Map];
const ASSIGNING: &[StateType] = &[Task, Pass, Choice, Wait, Parallel, Map];
const RESULT_PRODUCING: &[StateType] = &[Task, Pass, Parallel, Map];
const SELECTING: &[StateType] = &[Task, Parallel, Map];
const PARAMETERISED: &[StateType] = &[Task, Pass, Parallel, Map];
const ARGUMENTED: &[StateType] = &[Task, Parallel];

macro_rules! field {
    ($name:literal, $hcl:literal, $states:expr, $lang:ident, $kind:ident, $doc:literal) => {
        FieldSpec {
            name: $name,
            hcl: $hcl,
            states: $states,
            lang: Lang::$lang,
            kind: Kind::$kind,
            doc: $doc,
        }
    };
}

/// Every state field, in canonical emission order.
pub const FIELDS: &[FieldSpec] = &[
    field!("Type", "type", ALL, Both, Type, "The state type."),
    field!("QueryLanguage", "query_language", ALL, Both, QueryLanguage,
        "`JSONPath` or `JSONata` for this state. A state may opt into `JSONata` under a `JSONPath` machine, not the reverse."),
    field!("Comment", "comment", ALL, Both, Text, "A human-readable description of the state."),
    field!("Resource", "resource", &[Task], Both, Resource,
        "The task to run: a Lambda function or activity ARN, or an integration such as `arn:aws:states:::lambda:invoke`, `arn:aws:states:::sqs:sendMessage.waitForTaskToken` or `arn:aws:states:::aws-sdk:s3:listBuckets`."),
    field!("Credentials", "credentials", &[Task], Both, Payload,
        "Cross-account access: an object with `RoleArn` (or `RoleArn.$`) naming the role the task assumes."),
    field!("Choices", "choices", &[Choice], Both, Choices,
        "The Choice rules, evaluated in order; the first that matches selects its `Next` state."),
    field!("Default", "default", &[Choice], Both, StateName,
        "The state to go to when no Choice rule matches. Without it, no match fails the execution with `States.NoChoiceMatched`."),
    field!("Seconds", "seconds", &[Wait], Both, Integer,
        "How long to wait, in seconds (0 to 99999999). In JSONata states, also an expression."),
    field!("SecondsPath", "seconds_path", &[Wait], JsonPath, Path,
        "A path to the number of seconds to wait, in the state input."),
    field!("Timestamp", "timestamp", &[Wait], Both, Timestamp,
        "Wait until this RFC 3339 time, such as `2026-03-14T01:59:00Z`. In JSONata states, also an expression."),
    field!("TimestampPath", "timestamp_path", &[Wait], JsonPath, Path,
        "A path to the timestamp to wait until, in the state input."),
    field!("Error", "error", &[Fail], Both, Text,
        "The error name the execution fails with. In JSONata states, also an expression."),
    field!("ErrorPath", "error_path", &[Fail], JsonPath, Path,
        "A path or a string-returning intrinsic function giving the error name."),
    field!("Cause", "cause", &[Fail], Both, Text,
        "A human-readable cause of the failure. In JSONata states, also an expression."),
    field!("CausePath", "cause_path", &[Fail], JsonPath, Path,
        "A path or a string-returning intrinsic function giving the cause."),
    field!("Branches", "branches", &[Parallel], Both, Branches,
        "The branches to run in parallel; each is a complete workflow with its own `StartAt` and states."),
    field!("ItemReader", "item_reader", &[Map], Both, ItemReader,
        "Distributed Map: read the items from Amazon S3 (an object or a listing) instead of the state input."),
    field!("Items", "items", &[Map], Jsonata, Items,
        "JSONata: the array to iterate over, as a literal array or an expression."),
    field!("ItemsPath", "items_path", &[Map], JsonPath, Path,
        "A path to the array in the state input to iterate over. Defaults to `$`."),
    field!("ItemSelector", "item_selector", &[Map], Both, Payload,
        "A template that builds each iteration's input; `$$.Map.Item.Value` is the current item."),
    field!("ItemBatcher", "item_batcher", &[Map], Both, ItemBatcher,
        "Distributed Map: group items into batches, each processed by one child execution."),
    field!("MaxConcurrency", "max_concurrency", &[Map], Both, Integer,
        "How many iterations may run at once. `0` (the default) means as many as possible."),
    field!("MaxConcurrencyPath", "max_concurrency_path", &[Map], JsonPath, Path,
        "A path to the maximum concurrency in the state input."),
    field!("ToleratedFailurePercentage", "tolerated_failure_percentage", &[Map], Both, Integer,
        "Distributed Map: the percentage of failed items (0 to 100) tolerated before the run fails."),
    field!("ToleratedFailurePercentagePath", "tolerated_failure_percentage_path", &[Map], JsonPath, Path,
        "A path to the tolerated failure percentage in the state input."),
    field!("ToleratedFailureCount", "tolerated_failure_count", &[Map], Both, Integer,
        "Distributed Map: the number of failed items tolerated before the run fails."),
    field!("ToleratedFailureCountPath", "tolerated_failure_count_path", &[Map], JsonPath, Path,
        "A path to the tolerated failure count in the state input."),
    field!("ItemProcessor", "item_processor", &[Map], Both, Processor,
        "The workflow run for each item, with its `ProcessorConfig` (mode `INLINE` or `DISTRIBUTED`)."),
    field!("Iterator", "iterator", &[Map], JsonPath, Processor,
        "Legacy name of `ItemProcessor`, with the same `ProcessorConfig`. Prefer `ItemProcessor`."),
    field!("Label", "label", &[Map], Both, Label,
        "Distributed Map: a label for the child executions (at most 40 characters, no whitespace or special characters)."),
    field!("ResultWriter", "result_writer", &[Map], Both, ResultWriter,
        "Distributed Map: write the child executions' results to Amazon S3."),
    field!("InputPath", "input_path", ALL_BUT_FAIL, JsonPath, Path,
        "Selects the part of the state input to use. `null` passes an empty object."),
    field!("Parameters", "parameters", PARAMETERISED, JsonPath, Payload,
        "The input to the task (or to each item, legacy Map). Keys ending in `.$` take a path, a context path, a variable or an intrinsic function."),
    field!("Arguments", "arguments", ARGUMENTED, Jsonata, Payload,
        "JSONata: the input to the task or branches. Values may be `{% %}` expressions."),
    field!("Result", "result", &[Pass], JsonPath, Payload,
        "A fixed result for the Pass state, placed at `ResultPath`."),
    field!("ResultSelector", "result_selector", SELECTING, JsonPath, Payload,
        "A template applied to the raw result before `ResultPath`."),
    field!("ResultPath", "result_path", RESULT_PRODUCING, JsonPath, ReferencePath,
        "Where to place the result in the state input (a reference path). `null` discards the result."),
    field!("OutputPath", "output_path", ALL_BUT_FAIL, JsonPath, Path,
        "Selects the part of the result to pass on. `null` passes an empty object."),
    field!("Output", "output", ALL_BUT_FAIL, Jsonata, Payload,
        "JSONata: the state output. Values may be `{% %}` expressions; `$states.result` is the task result."),
    field!("Assign", "assign", ASSIGNING, Both, Assign,
        "Variables to set, as an object of name to value (JSONata expressions, or JSONPath `.$` keys)."),
    field!("TimeoutSeconds", "timeout_seconds", &[Task], Both, Integer,
        "Fail the task with `States.Timeout` after this many seconds. In JSONata states, also an expression."),
    field!("TimeoutSecondsPath", "timeout_seconds_path", &[Task], JsonPath, Path,
        "A path to the timeout in the state input."),
    field!("HeartbeatSeconds", "heartbeat_seconds", &[Task], Both, Integer,
        "Fail the task with `States.HeartbeatTimeout` if no heartbeat arrives within this many seconds. Must be smaller than the timeout."),
    field!("HeartbeatSecondsPath", "heartbeat_seconds_path", &[Task], JsonPath, Path,
        "A path to the heartbeat interval in the state input."),
    field!("Retry", "retry", SELECTING, Both, Retry,
        "Retriers, tried in order for errors the state raises."),
    field!("Catch", "catch", SELECTING, Both, Catch,
        "Catchers: where to go when retries are exhausted or the error is not retried."),
    field!("Next", "next", FLOWING, Both, StateName,
        "The state to run next, in the same scope. Exactly one of `next` and `end`."),
    field!("End", "end", FLOWING, Both, Bool,
        "`true` ends the execution (or the branch or iteration) after this state. Exactly one of `next` and `end`."),
];

pub fn field(name: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.name == name)
}

/// What each state type is, in one sentence: the JSON Schema's and the docs' description.
pub fn state_doc(t: StateType) -> &'static str {
    match t {
        Task => "A Task state: runs one unit of work (a Lambda function, an activity, or an AWS service integration).",
        Pass => "A Pass state: passes its input to its output, optionally adding data.",
        Choice => "A Choice state: picks the next state with rules.",
        Wait => "A Wait state: pauses for a time or until a timestamp.",
        Succeed => "A Succeed state: ends the execution (or branch, or iteration) successfully.",
        Fail => "A Fail state: ends the execution with an error and a cause.",
        Parallel => "A Parallel state: runs branches concurrently and collects their outputs in an array.",
        Map => "A Map state: runs a workflow for each item of an array (inline) or of an S3 dataset (distributed).",
    }
}

/// The value a field of a nested object ([`ObjectSpec`]) holds.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    Text,
    /// A state name in the same scope.
    StateName,
    /// An array of strings.
    Strings,
    /// Any number.
    Number,
    /// A whole number, never an expression.
    Integer,
    /// A whole number; in JSONata states also a `{% %}` expression.
    IntegerOrExpr,
    /// A JSONPath path.
    Path,
    /// A reference path, or `null`.
    ReferencePath,
    /// Any JSON: a payload template or a JSONata value.
    Payload,
    /// Variable assignments: an object.
    Assign,
    /// One of these strings.
    Enum(&'static [&'static str]),
    Object(&'static ObjectSpec),
}

/// A field of a nested object.
#[derive(Debug)]
pub struct SubField {
    pub name: &'static str,
    pub lang: Lang,
    pub value: Value,
    pub required: bool,
    pub doc: &'static str,
}

/// An object inside a state (a retrier, a catcher, `ItemReader`, ...): its fields, as the parser
/// reads them (a test holds the two together).
#[derive(Debug)]
pub struct ObjectSpec {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [SubField],
}

macro_rules! sub {
    ($name:literal, $lang:ident, $value:expr, $doc:literal) => {
        SubField {
            name: $name,
            lang: Lang::$lang,
            value: $value,
            required: false,
            doc: $doc,
        }
    };
    (required $name:literal, $lang:ident, $value:expr, $doc:literal) => {
        SubField {
            name: $name,
            lang: Lang::$lang,
            value: $value,
            required: true,
            doc: $doc,
        }
    };
}

pub static RETRIER: ObjectSpec = ObjectSpec {
    name: "Retrier",
    doc: "A retrier: which errors to retry and how.",
    fields: &[
        sub!(required "ErrorEquals", Both, Value::Strings,
            "Error names this retrier matches, such as `States.Timeout` or `Lambda.ServiceException`. `States.ALL` matches any error and must be alone, in the last retrier."),
        sub!(
            "IntervalSeconds",
            Both,
            Value::Integer,
            "Seconds before the first retry (default 1)."
        ),
        sub!(
            "MaxAttempts",
            Both,
            Value::Integer,
            "Maximum retries (default 3; 0 never retries)."
        ),
        sub!(
            "BackoffRate",
            Both,
            Value::Number,
            "Multiplier of the interval after each attempt, at least 1.0 (default 2.0)."
        ),
        sub!(
            "MaxDelaySeconds",
            Both,
            Value::Integer,
            "Upper bound of the interval between retries, in seconds."
        ),
        sub!(
            "JitterStrategy",
            Both,
            Value::Enum(&["FULL", "NONE"]),
            "`FULL` to randomise intervals, or `NONE`."
        ),
        sub!(
            "Comment",
            Both,
            Value::Text,
            "A human-readable description of the retrier."
        ),
    ],
};

pub static CATCHER: ObjectSpec = ObjectSpec {
    name: "Catcher",
    doc: "A catcher: where to go when the state fails and retries are exhausted.",
    fields: &[
        sub!(required "ErrorEquals", Both, Value::Strings,
            "Error names this catcher matches. `States.ALL` must be alone, in the last catcher."),
        sub!(required "Next", Both, Value::StateName, "The state to go to, in the same workflow."),
        sub!(
            "ResultPath",
            JsonPath,
            Value::ReferencePath,
            "Where to put the error output in the state input; `null` discards it."
        ),
        sub!(
            "Output",
            Jsonata,
            Value::Payload,
            "The state output when this catcher matches; `$states.errorOutput` is the error."
        ),
        sub!(
            "Assign",
            Both,
            Value::Assign,
            "Variables to set when this catcher matches."
        ),
        sub!(
            "Comment",
            Both,
            Value::Text,
            "A human-readable description of the catcher."
        ),
    ],
};

pub static PROCESSOR_CONFIG: ObjectSpec = ObjectSpec {
    name: "ProcessorConfig",
    doc: "How the item processor runs.",
    fields: &[
        sub!("Mode", Both, Value::Enum(&["INLINE", "DISTRIBUTED"]),
            "`INLINE` (default) or `DISTRIBUTED` (child executions, S3 datasets, up to 10,000 in parallel)."),
        sub!("ExecutionType", Both, Value::Enum(&["STANDARD", "EXPRESS"]),
            "Distributed mode: `STANDARD` or `EXPRESS` child executions."),
    ],
};

pub static READER_CONFIG: ObjectSpec = ObjectSpec {
    name: "ReaderConfig",
    doc: "How to read the dataset.",
    fields: &[
        sub!(
            "InputType",
            Both,
            Value::Enum(&["CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"]),
            "The format of the object."
        ),
        sub!(
            "CSVHeaderLocation",
            Both,
            Value::Enum(&["FIRST_ROW", "GIVEN"]),
            "`FIRST_ROW`, or `GIVEN` with `CSVHeaders`."
        ),
        sub!(
            "CSVHeaders",
            Both,
            Value::Strings,
            "Column names, when `CSVHeaderLocation` is `GIVEN`."
        ),
        sub!(
            "CSVDelimiter",
            Both,
            Value::Enum(&["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"]),
            "The field delimiter (default `COMMA`)."
        ),
        sub!(
            "MaxItems",
            Both,
            Value::IntegerOrExpr,
            "Read at most this many items (up to 100,000,000)."
        ),
        sub!(
            "MaxItemsPath",
            JsonPath,
            Value::Path,
            "A path to the maximum number of items."
        ),
        sub!(
            "ManifestType",
            Both,
            Value::Enum(&["ATHENA_DATA", "CSV"]),
            "For S3 inventory manifests: `ATHENA_DATA` or `CSV`."
        ),
    ],
};

pub static ITEM_READER: ObjectSpec = ObjectSpec {
    name: "ItemReader",
    doc: "Distributed Map: read the items from Amazon S3.",
    fields: &[
        sub!(required "Resource", Both, Value::Text,
            "`arn:aws:states:::s3:getObject` (one object: CSV, JSON, JSONL, Parquet or a manifest) or `arn:aws:states:::s3:listObjectsV2` (the objects under a prefix)."),
        sub!(
            "Parameters",
            JsonPath,
            Value::Payload,
            "The S3 request (`Bucket`, `Key` or `Prefix`)."
        ),
        sub!(
            "Arguments",
            Jsonata,
            Value::Payload,
            "The S3 request (`Bucket`, `Key` or `Prefix`)."
        ),
        sub!(
            "ReaderConfig",
            Both,
            Value::Object(&READER_CONFIG),
            "How to read the object."
        ),
    ],
};

pub static ITEM_BATCHER: ObjectSpec = ObjectSpec {
    name: "ItemBatcher",
    doc: "Distributed Map: group items into batches, each processed by one child execution.",
    fields: &[
        sub!(
            "MaxItemsPerBatch",
            Both,
            Value::IntegerOrExpr,
            "Items per batch."
        ),
        sub!(
            "MaxItemsPerBatchPath",
            JsonPath,
            Value::Path,
            "A path to the items per batch."
        ),
        sub!(
            "MaxInputBytesPerBatch",
            Both,
            Value::IntegerOrExpr,
            "Bytes per batch, at most 262144."
        ),
        sub!(
            "MaxInputBytesPerBatchPath",
            JsonPath,
            Value::Path,
            "A path to the bytes per batch."
        ),
        sub!(
            "BatchInput",
            Both,
            Value::Payload,
            "A fixed object added to every batch as `BatchInput`."
        ),
    ],
};

pub static WRITER_CONFIG: ObjectSpec = ObjectSpec {
    name: "WriterConfig",
    doc: "How to write the results.",
    fields: &[
        sub!(
            "OutputType",
            Both,
            Value::Enum(&["JSON", "JSONL"]),
            "`JSON` or `JSONL`."
        ),
        sub!(
            "Transformation",
            Both,
            Value::Enum(&["NONE", "COMPACT", "FLATTEN"]),
            "`NONE`, `COMPACT` or `FLATTEN`."
        ),
    ],
};

pub static RESULT_WRITER: ObjectSpec = ObjectSpec {
    name: "ResultWriter",
    doc: "Distributed Map: write the child executions' results to Amazon S3.",
    fields: &[
        sub!(
            "Resource",
            Both,
            Value::Text,
            "`arn:aws:states:::s3:putObject`."
        ),
        sub!(
            "Parameters",
            JsonPath,
            Value::Payload,
            "`Bucket` and `Prefix` of the results."
        ),
        sub!(
            "Arguments",
            Jsonata,
            Value::Payload,
            "`Bucket` and `Prefix` of the results."
        ),
        sub!(
            "WriterConfig",
            Both,
            Value::Object(&WRITER_CONFIG),
            "How to write the results."
        ),
    ],
};

/// The nested object a state field of this kind holds, if it is one of the fixed ones.
pub fn object_of(kind: Kind) -> Option<&'static ObjectSpec> {
    match kind {
        Kind::Retry => Some(&RETRIER),
        Kind::Catch => Some(&CATCHER),
        Kind::ItemReader => Some(&ITEM_READER),
        Kind::ItemBatcher => Some(&ITEM_BATCHER),
        Kind::ResultWriter => Some(&RESULT_WRITER),
        _ => None,
    }
}

/// The fields of a Choice rule besides the comparison operators
/// ([`super::operators::Operator`]): (name, language, meaning).
pub const CHOICE_RULE_FIELDS: &[(&str, Lang, &str)] = &[
    (
        "Variable",
        Lang::JsonPath,
        "The path of the value to compare, such as `$.order.total`.",
    ),
    (
        "And",
        Lang::JsonPath,
        "Matches when every rule in the array matches.",
    ),
    (
        "Or",
        Lang::JsonPath,
        "Matches when any rule in the array matches.",
    ),
    ("Not", Lang::JsonPath, "Matches when the rule does not."),
    (
        "Condition",
        Lang::Jsonata,
        "A `{% %}` expression (or a boolean) that selects this rule.",
    ),
    (
        "Next",
        Lang::Both,
        "The state to go to when the rule matches (top-level rules only).",
    ),
    (
        "Assign",
        Lang::Both,
        "Variables to set when the rule matches.",
    ),
    (
        "Output",
        Lang::Jsonata,
        "The state output when the rule matches.",
    ),
    (
        "Comment",
        Lang::Both,
        "A human-readable description of the rule.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_unique_and_snake_cased() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert!(
                FIELDS[i + 1..]
                    .iter()
                    .all(|g| g.name != f.name && g.hcl != f.hcl),
                "{}",
                f.name
            );
            assert!(
                f.hcl.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                f.hcl
            );
            assert!(!f.doc.is_empty());
        }
    }

    /// The nested-object registry says what the parser reads: every listed field is accepted
    /// there, an unlisted one is reported as unknown, and every enum value is accepted.
    #[test]
    fn nested_objects_match_the_parser() {
        use crate::json::Json;
        fn sample(v: Value) -> Json {
            match v {
                Value::Text | Value::StateName | Value::Path => Json::String("$.x".into()),
                Value::Strings => Json::Array(vec![Json::String("States.ALL".into())]),
                Value::Number | Value::Integer | Value::IntegerOrExpr => {
                    Json::Number(crate::json::Num::from_i64(2))
                }
                Value::ReferencePath => Json::Null,
                Value::Payload | Value::Assign => Json::Object(vec![]),
                Value::Enum(values) => Json::String(values[0].into()),
                Value::Object(spec) => object(spec, None),
            }
        }
        fn object(spec: &ObjectSpec, extra: Option<&str>) -> Json {
            let mut members: Vec<(String, Json)> = spec
                .fields
                .iter()
                .map(|f| (f.name.to_string(), sample(f.value)))
                .collect();
            if let Some(e) = extra {
                members.push((e.to_string(), Json::Null));
            }
            Json::Object(members)
        }
        fn wrap(field: &str, value: Json) -> String {
            let value = match field {
                "Retry" | "Catch" => Json::Array(vec![value]),
                _ => value,
            };
            let state = Json::Object(vec![
                ("Type".into(), Json::String("Map".into())),
                (field.into(), value),
            ]);
            Json::Object(vec![
                ("StartAt".into(), Json::String("S".into())),
                ("States".into(), Json::Object(vec![("S".into(), state)])),
            ])
            .to_compact()
        }
        for (field, spec) in [
            ("Retry", &RETRIER),
            ("Catch", &CATCHER),
            ("ItemReader", &ITEM_READER),
            ("ItemBatcher", &ITEM_BATCHER),
            ("ResultWriter", &RESULT_WRITER),
        ] {
            let codes = |text: &str| -> Vec<String> {
                crate::parse_str(text)
                    .diagnostics
                    .iter()
                    .filter(|d| d.rule.name == "unknown-field" || d.rule.name == "invalid-value")
                    .map(|d| format!("{} {}", d.rule.name, d.path))
                    .collect()
            };
            let ok = codes(&wrap(field, object(spec, None)));
            assert!(ok.is_empty(), "{field}: {ok:?}");
            let bad = codes(&wrap(field, object(spec, Some("Bogus"))));
            assert!(
                bad.iter()
                    .any(|c| c.starts_with("unknown-field") && c.ends_with("/Bogus")),
                "{field}: {bad:?}"
            );
            for f in spec.fields {
                if let Value::Enum(values) = f.value {
                    for v in values {
                        let mut o = object(spec, None);
                        if let Json::Object(members) = &mut o {
                            for (k, val) in members.iter_mut() {
                                if k == f.name {
                                    *val = Json::String((*v).into());
                                }
                            }
                        }
                        let found = codes(&wrap(field, o));
                        assert!(found.is_empty(), "{field}.{} = {v}: {found:?}", f.name);
                    }
                }
            }
        }
    }
}
