//! Typed HCL for the `sfn_workflow` data source: the naming conventions that the Terraform
//! provider's schema and translation share, and [`to_hcl`], which converts an ASL definition into
//! that HCL (how teams migrate existing JSON files).
//!
//! The HCL shape: the machine's states are labelled blocks (`task "Name" { ... }`, one block
//! type per state type) or entries of `states` (name -> an object with `type` and the same
//! fields), which every workflow has and which nested workflows use for their states. Choice
//! rules are `rule { ... }` blocks with snake_case operator attributes and one level of nested
//! `and`/`or`/`not` blocks (lists and objects nest further in `states`), Retry and Catch are
//! `retry`/`catch` blocks, Parallel branches are `branch` blocks and a Map processor is an
//! `item_processor` block. Payload fields take native HCL values. What neither form can express
//! goes into a branch's or processor's `json` attribute, as ASL.
//!
//! Pure: builds text, does no I/O.

mod convert;
mod terraform_model;
mod text;

#[cfg(test)]
mod tests;

pub use convert::{convert, to_hcl, Conversion, Problem};
pub use text::quote;

use crate::model::*;

/// The deepest workflow that holds typed state blocks: the machine itself (depth 0). Parallel
/// branches and Map item processors give their states in [`STATES_ATTR`] (or as ASL in
/// [`JSON_ATTR`]). Every level of blocks multiplies the schema Terraform builds and serialises for
/// each workflow (measured by `scripts/bench-plan.sh`), so the typed surface stays at the top and
/// `states` reaches any depth.
pub const BLOCK_DEPTH: usize = 0;
/// Levels of `and`/`or`/`not` blocks inside a Choice rule block; deeper rules go in `states`.
pub const RULE_DEPTH: usize = 1;
/// Levels of Parallel branches / Map item processors the HCL converter writes as blocks.
pub const NEST_DEPTH: usize = BLOCK_DEPTH;

/// Whether a workflow at `depth` (the machine is 0) takes typed state blocks.
// BLOCK_DEPTH is a tuning knob measured by the bench; at 0 clippy sees an always-false compare.
#[allow(clippy::absurd_extreme_comparisons)]
pub const fn typed_blocks_at(depth: usize) -> bool {
    depth <= BLOCK_DEPTH
}

/// The attribute of every workflow (the machine, a branch, an item processor) that takes states
/// as an object: state name -> an object with [`TYPE_KEY`] and the same snake_case fields as the
/// state blocks, nested blocks written as lists (`retry`, `catch`, `rule`, `branch`, `and`, `or`)
/// or objects (`item_processor`, `item_reader`, `not`, ...). Written with `for` expressions, it
/// is how modules generate a variable number of states.
pub const STATES_ATTR: &str = "states";
/// The key of a state object in [`STATES_ATTR`] that gives its type: a block name (`task`, ...).
pub const TYPE_KEY: &str = "type";

/// The state type a [`STATES_ATTR`] object's `type` names: a block name, in any case.
pub fn state_type_from_hcl(name: &str) -> Option<StateType> {
    StateType::ALL
        .into_iter()
        .find(|t| block_name(*t).eq_ignore_ascii_case(name))
}

/// How ASL's `null` is written for the path fields that accept it (`result_path = "null"`):
/// an HCL attribute set to `null` is the same as an absent one.
pub const NULL_PATH: &str = "null";
/// The ASL path fields that accept `null`.
pub const NULLABLE_PATHS: &[&str] = &["InputPath", "OutputPath", "ResultPath"];

/// Block type of a Choice rule (`Choices`).
pub const RULE_BLOCK: &str = "rule";
/// Block type of a Parallel branch (`Branches`).
pub const BRANCH_BLOCK: &str = "branch";
/// Block type of a Map item processor (`ItemProcessor`).
pub const PROCESSOR_BLOCK: &str = "item_processor";
/// The attribute of a branch or processor that takes a workflow as ASL JSON text.
pub const JSON_ATTR: &str = "json";

/// HCL block type for each state type.
pub fn block_name(t: StateType) -> &'static str {
    match t {
        StateType::Task => "task",
        StateType::Pass => "pass",
        StateType::Choice => "choice",
        StateType::Wait => "wait",
        StateType::Succeed => "succeed",
        StateType::Fail => "fail",
        StateType::Parallel => "parallel",
        StateType::Map => "map",
    }
}

/// HCL name of an ASL key: `NumericLessThanEqualsPath` -> `numeric_less_than_equals_path`,
/// `CSVHeaderLocation` -> `csv_header_location` (a run of capitals is one word).
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                let prev = chars[i - 1];
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                if prev.is_ascii_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_ascii_uppercase() && next_lower)
                {
                    out.push('_');
                }
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Attributes that hold arbitrary JSON (native HCL values), which the provider declares with the
/// `dynamic` type.
pub const DYNAMIC_ATTRS: &[&str] = &[
    STATES_ATTR,
    "parameters",
    "result_selector",
    "result",
    "arguments",
    "output",
    "assign",
    "credentials",
    "items",
    "item_selector",
    "batch_input",
    "condition",
    // Numbers that JSONata states may give as `{% %}` expressions.
    "timeout_seconds",
    "heartbeat_seconds",
    "seconds",
    "max_concurrency",
    "tolerated_failure_percentage",
    "tolerated_failure_count",
    "max_items",
    "max_items_per_batch",
    "max_input_bytes_per_batch",
];

/// True for attributes declared `dynamic` (see [`DYNAMIC_ATTRS`]).
pub fn is_dynamic(attr: &str) -> bool {
    DYNAMIC_ATTRS.contains(&attr)
}

/// A nullable path as written in HCL: `null` becomes `"null"`.
pub fn path_to_hcl(p: &PathOrNull) -> &str {
    match p {
        PathOrNull::Null => NULL_PATH,
        PathOrNull::Path(p) => p,
    }
}

/// A nullable path as read from HCL: `"null"` is ASL's `null`.
pub fn path_from_hcl(s: &str) -> PathOrNull {
    if s == NULL_PATH {
        PathOrNull::Null
    } else {
        PathOrNull::Path(s.to_string())
    }
}

/// A valid Terraform name (`[A-Za-z_][A-Za-z0-9_-]*`).
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A data source name derived from a file name: `order-processing.asl.json` -> `order_processing`.
pub fn name_from_file(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = base
        .strip_suffix(".asl.json")
        .or_else(|| base.strip_suffix(".json"))
        .unwrap_or(base);
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        name.insert(0, '_');
    }
    name
}
