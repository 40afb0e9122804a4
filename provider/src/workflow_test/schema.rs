//! The `sfn_workflow_test` schema. Test cases are labelled blocks (`test_case "name" {}`) whose
//! values are `dynamic` attributes: a map of blocks, because Terraform (1.0 through 1.11) panics
//! planning a list of blocks that holds dynamic attributes while part of it is unknown.

use std::collections::HashMap;

use tf_provider::schema::{AttributeType, NestedBlock, Schema};

use crate::schema::{block, computed, optional, required};

/// The attributes decoded as `dynamic` (any type).
pub const DYNAMIC: &[&str] = &["input", "mocks", "expect"];

/// The type of each entry of `results`.
pub fn result_type() -> AttributeType {
    let s = || AttributeType::String;
    AttributeType::Object(HashMap::from([
        ("passed".to_string(), AttributeType::Bool),
        ("skipped".to_string(), AttributeType::Bool),
        ("status".to_string(), s()),
        ("output".to_string(), s()),
        ("error".to_string(), s()),
        ("cause".to_string(), s()),
        ("path".to_string(), AttributeType::List(Box::new(s()))),
    ]))
}

pub fn schema() -> Schema {
    let test_case = block(
        "One test case, labelled with its name: the input, the mocked results of the Task states it reaches, and what to expect.",
        vec![
            ("input", optional(AttributeType::Any, "The execution input, as an HCL value (default `{}`).")),
            ("mock_test_case", optional(AttributeType::String, "Start from this test case of `mock_config` (its mocked responses); `mocks` adds to or replaces them per state.")),
            ("mocks", optional(AttributeType::Any, "Mocked results per state name. For each state: `{ result = <value> }` (the Task's result) or `{ error = \"Name\", cause = \"...\" }` (it fails) for every invocation; a list of those, one per invocation in order (retries and Map iterations count); or an object keyed by invocation numbers and ranges as in Step Functions Local (`{ \"0-1\" = { error = \"Throttled\" }, \"2\" = { result = {} } }`). A Distributed Map state's entry is what its `ItemReader` reads. A Task without a mock fails the test case: nothing is ever called.")),
            ("expect", optional(AttributeType::Any, "What the run must give: any of `status` (`SUCCEEDED`, `FAILED`, `TIMED_OUT`), `output` (compared as JSON), `path` (every state entered, in order, nested states included), `error` and `cause`.")),
        ],
    );
    let mut b = block(
        "Runs a workflow offline on test inputs with mocked integrations, at plan time and without AWS credentials, and fails the plan when a test case does not give what it expects. The interpreter follows Step Functions' semantics (JSONPath and JSONata data flow, intrinsic functions, Choice rules, Retry and Catch with backoff on a simulated clock, Parallel, inline and Distributed Map); see the [testing guide](../guides/testing.md).",
        vec![
            ("definition", required(AttributeType::String, "The definition to test: the `json` of an `sfn_workflow`, or any Amazon States Language JSON (`file(\"orders.asl.json\")`).")),
            ("mock_config", optional(AttributeType::String, "A Step Functions Local mock configuration (`file(\"MockConfigFile.json\")`), whose test cases `mock_test_case` refers to.")),
            ("state_machine", optional(AttributeType::String, "The state machine of `mock_config` whose test cases to use (default: its only one).")),
            ("workflow_type", optional(AttributeType::String, "`STANDARD` (default) or `EXPRESS`: Standard runs stop at Step Functions' history quota of 25,000 events.")),
            ("seed", optional(AttributeType::Number, "Seed for every random value of the runs (`States.UUID`, `States.MathRandom`, `$random`, retry jitter). Default 0: runs are reproducible.")),
            ("results", computed(AttributeType::Map(Box::new(result_type())), "Each test case's run: `passed`, `skipped` (a value it needs is not known yet; it runs when it is), `status`, `output` (JSON text), `error`, `cause` and `path`.")),
        ],
    );
    b.blocks
        .insert("test_case".into(), NestedBlock::Map(test_case));
    Schema {
        version: 1,
        block: b,
    }
}
