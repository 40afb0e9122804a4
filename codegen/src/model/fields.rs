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
}
