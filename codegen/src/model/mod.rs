//! The Amazon States Language as data.
//!
//! The model is deliberately permissive: it can hold definitions that are wrong (both `Next` and
//! `End`, a JSONPath field in a JSONata state, an out-of-range number) so that validation can report
//! every problem at once. Which fields each state type accepts lives in [`fields`], not in the types.
//! Fields the model does not know are kept in `unknown` (reported by the parser, emitted unchanged).

pub mod fields;
pub mod operators;

use crate::json::{Json, Num};
pub use operators::Operator;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryLanguage {
    JsonPath,
    Jsonata,
}

impl QueryLanguage {
    pub fn as_str(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "JSONPath" => Some(QueryLanguage::JsonPath),
            "JSONata" => Some(QueryLanguage::Jsonata),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StateType {
    Task,
    Pass,
    Choice,
    Wait,
    Succeed,
    Fail,
    Parallel,
    Map,
}

impl StateType {
    pub const ALL: [StateType; 8] = [
        StateType::Task,
        StateType::Pass,
        StateType::Choice,
        StateType::Wait,
        StateType::Succeed,
        StateType::Fail,
        StateType::Parallel,
        StateType::Map,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StateType::Task => "Task",
            StateType::Pass => "Pass",
            StateType::Choice => "Choice",
            StateType::Wait => "Wait",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
            StateType::Parallel => "Parallel",
            StateType::Map => "Map",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        StateType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Choice, Succeed and Fail end or branch by themselves; the others take `Next` xor `End`.
    pub fn takes_next_or_end(self) -> bool {
        !matches!(
            self,
            StateType::Choice | StateType::Succeed | StateType::Fail
        )
    }
}

/// A number given literally or, in JSONata states, as a `{% %}` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum NumOrExpr {
    Num(Num),
    Expr(String),
}

impl NumOrExpr {
    pub fn num(&self) -> Option<&Num> {
        match self {
            NumOrExpr::Num(n) => Some(n),
            NumOrExpr::Expr(_) => None,
        }
    }

    pub fn to_json(&self) -> Json {
        match self {
            NumOrExpr::Num(n) => Json::Number(n.clone()),
            NumOrExpr::Expr(s) => Json::String(s.clone()),
        }
    }
}

/// `InputPath`, `OutputPath` and `ResultPath` take a path or `null` (discard).
#[derive(Debug, Clone, PartialEq)]
pub enum PathOrNull {
    Null,
    Path(String),
}

impl PathOrNull {
    pub fn path(&self) -> Option<&str> {
        match self {
            PathOrNull::Null => None,
            PathOrNull::Path(p) => Some(p),
        }
    }

    pub fn to_json(&self) -> Json {
        match self {
            PathOrNull::Null => Json::Null,
            PathOrNull::Path(p) => Json::String(p.clone()),
        }
    }
}

/// Where a [`Workflow`] sits: the whole machine, a Parallel branch or a Map item processor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Machine,
    Branch,
    Processor,
}

/// A set of states with a start: the whole machine, a Parallel branch, or a Map processor.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workflow {
    pub comment: Option<String>,
    pub start_at: Option<String>,
    /// States in the order they were given. Emission reorders them into flow order.
    pub states: Vec<(String, State)>,
    /// Top level only.
    pub version: Option<String>,
    /// Top level only.
    pub timeout_seconds: Option<NumOrExpr>,
    /// Top level only.
    pub query_language: Option<QueryLanguage>,
    /// Map item processors only.
    pub processor_config: Option<ProcessorConfig>,
    pub unknown: Vec<(String, Json)>,
    /// Partial knowledge: this workflow may hold states that are not listed, because the value
    /// that gives them is not yet known (a Terraform plan). Checks that need every state of the
    /// scope (missing targets, reachability, terminal paths, who assigns a variable) stay quiet
    /// about it. Never set for parsed text; never emitted.
    pub open: bool,
}

/// Names starting with this prefix stand for a transition target or `StartAt` whose value is not
/// yet known (see [`unknown_name`]). No state can have such a name: it starts with a control
/// character, which Terraform configurations and ASL files do not put in state names.
pub const UNKNOWN_NAME_PREFIX: &str = "\u{1}not yet known ";

/// A placeholder name for the `n`th unknown transition target or `StartAt`.
pub fn unknown_name(n: usize) -> String {
    format!("{UNKNOWN_NAME_PREFIX}{n}")
}

/// True for the placeholders made by [`unknown_name`]: a transition that may lead anywhere in its
/// scope, and that graph checks neither follow nor report.
pub fn is_unknown_name(name: &str) -> bool {
    name.starts_with(UNKNOWN_NAME_PREFIX)
}

impl Workflow {
    pub fn state(&self, name: &str) -> Option<&State> {
        self.states.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }
}

/// The whole definition.
pub type StateMachine = Workflow;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProcessorConfig {
    /// `INLINE` or `DISTRIBUTED`.
    pub mode: Option<String>,
    /// `STANDARD` or `EXPRESS` (Distributed mode).
    pub execution_type: Option<String>,
    pub unknown: Vec<(String, Json)>,
}

/// One state. Every field any state type can carry is here; [`fields::FIELDS`] says which fields
/// each type accepts in each query language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    /// `None` when `Type` is missing or not a state type (already reported by the parser).
    pub kind: Option<StateType>,
    pub comment: Option<String>,
    pub query_language: Option<QueryLanguage>,
    pub next: Option<String>,
    pub end: Option<bool>,

    // JSONPath data flow
    pub input_path: Option<PathOrNull>,
    pub output_path: Option<PathOrNull>,
    pub parameters: Option<Json>,
    pub result_selector: Option<Json>,
    pub result_path: Option<PathOrNull>,
    /// Pass
    pub result: Option<Json>,

    // JSONata data flow
    pub arguments: Option<Json>,
    pub output: Option<Json>,
    // both
    pub assign: Option<Json>,

    // Task
    pub resource: Option<String>,
    pub timeout_seconds: Option<NumOrExpr>,
    pub timeout_seconds_path: Option<String>,
    pub heartbeat_seconds: Option<NumOrExpr>,
    pub heartbeat_seconds_path: Option<String>,
    pub credentials: Option<Json>,

    // Task, Parallel, Map
    pub retry: Option<Vec<Retrier>>,
    pub catch: Option<Vec<Catcher>>,

    // Choice
    pub choices: Option<Vec<ChoiceRule>>,
    pub default: Option<String>,

    // Wait
    pub seconds: Option<NumOrExpr>,
    pub seconds_path: Option<String>,
    pub timestamp: Option<String>,
    pub timestamp_path: Option<String>,

    // Fail
    pub error: Option<String>,
    pub error_path: Option<String>,
    pub cause: Option<String>,
    pub cause_path: Option<String>,

    // Parallel
    pub branches: Option<Vec<Workflow>>,

    // Map
    pub item_processor: Option<Workflow>,
    /// Legacy name of `ItemProcessor`.
    pub iterator: Option<Workflow>,
    pub items_path: Option<String>,
    /// JSONata: an array or an expression.
    pub items: Option<Json>,
    pub item_selector: Option<Json>,
    pub item_reader: Option<ItemReader>,
    pub item_batcher: Option<ItemBatcher>,
    pub result_writer: Option<ResultWriter>,
    pub max_concurrency: Option<NumOrExpr>,
    pub max_concurrency_path: Option<String>,
    pub tolerated_failure_percentage: Option<NumOrExpr>,
    pub tolerated_failure_percentage_path: Option<String>,
    pub tolerated_failure_count: Option<NumOrExpr>,
    pub tolerated_failure_count_path: Option<String>,
    pub label: Option<String>,

    pub unknown: Vec<(String, Json)>,
}

impl State {
    pub fn new(kind: StateType) -> State {
        State {
            kind: Some(kind),
            ..State::default()
        }
    }

    /// The Map processor, whichever name it was given under.
    pub fn processor(&self) -> Option<&Workflow> {
        self.item_processor.as_ref().or(self.iterator.as_ref())
    }

    /// The nested workflows of a Parallel or Map state, with the key they sit under.
    pub fn children(&self) -> Vec<(ChildKey, &Workflow)> {
        let mut out = Vec::new();
        if let Some(branches) = &self.branches {
            for (i, b) in branches.iter().enumerate() {
                out.push((ChildKey::Branch(i), b));
            }
        }
        if let Some(p) = &self.item_processor {
            out.push((ChildKey::ItemProcessor, p));
        }
        if let Some(p) = &self.iterator {
            out.push((ChildKey::Iterator, p));
        }
        out
    }

    /// True when this Map runs in Distributed mode.
    pub fn is_distributed_map(&self) -> bool {
        self.processor()
            .and_then(|p| p.processor_config.as_ref())
            .and_then(|c| c.mode.as_deref())
            == Some("DISTRIBUTED")
    }
}

/// Where a nested workflow sits inside its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildKey {
    Branch(usize),
    ItemProcessor,
    Iterator,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Retrier {
    pub error_equals: Option<Vec<String>>,
    pub interval_seconds: Option<Num>,
    pub max_attempts: Option<Num>,
    pub backoff_rate: Option<Num>,
    pub max_delay_seconds: Option<Num>,
    /// `FULL` or `NONE`.
    pub jitter_strategy: Option<String>,
    pub comment: Option<String>,
    pub unknown: Vec<(String, Json)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catcher {
    pub error_equals: Option<Vec<String>>,
    pub next: Option<String>,
    pub result_path: Option<PathOrNull>,
    pub output: Option<Json>,
    pub assign: Option<Json>,
    pub comment: Option<String>,
    pub unknown: Vec<(String, Json)>,
}

/// A Choice rule. JSONPath rules carry a `Variable` and one comparison, or a combinator
/// (`And`/`Or`/`Not`); JSONata rules carry a `Condition`. Only top-level rules have `Next`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChoiceRule {
    pub variable: Option<String>,
    /// Every comparison operator present. A well-formed rule has exactly one.
    pub comparisons: Vec<(Operator, Json)>,
    pub and: Option<Vec<ChoiceRule>>,
    pub or: Option<Vec<ChoiceRule>>,
    pub not: Option<Box<ChoiceRule>>,
    /// JSONata: a boolean or a `{% %}` expression.
    pub condition: Option<Json>,
    pub next: Option<String>,
    pub assign: Option<Json>,
    pub output: Option<Json>,
    pub comment: Option<String>,
    pub unknown: Vec<(String, Json)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemReader {
    pub resource: Option<String>,
    pub parameters: Option<Json>,
    pub arguments: Option<Json>,
    pub reader_config: Option<ReaderConfig>,
    pub unknown: Vec<(String, Json)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReaderConfig {
    /// `CSV`, `JSON`, `JSONL`, `PARQUET` or `MANIFEST`.
    pub input_type: Option<String>,
    /// `FIRST_ROW` or `GIVEN`.
    pub csv_header_location: Option<String>,
    pub csv_headers: Option<Vec<String>>,
    /// `COMMA`, `PIPE`, `SEMICOLON`, `SPACE` or `TAB`.
    pub csv_delimiter: Option<String>,
    pub max_items: Option<NumOrExpr>,
    pub max_items_path: Option<String>,
    /// `ATHENA_DATA` or `CSV` (S3 inventory manifests).
    pub manifest_type: Option<String>,
    pub unknown: Vec<(String, Json)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemBatcher {
    pub max_items_per_batch: Option<NumOrExpr>,
    pub max_items_per_batch_path: Option<String>,
    pub max_input_bytes_per_batch: Option<NumOrExpr>,
    pub max_input_bytes_per_batch_path: Option<String>,
    pub batch_input: Option<Json>,
    pub unknown: Vec<(String, Json)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultWriter {
    pub resource: Option<String>,
    pub parameters: Option<Json>,
    pub arguments: Option<Json>,
    pub writer_config: Option<WriterConfig>,
    pub unknown: Vec<(String, Json)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriterConfig {
    /// `NONE`, `COMPACT` or `FLATTEN`.
    pub transformation: Option<String>,
    /// `JSON` or `JSONL`.
    pub output_type: Option<String>,
    pub unknown: Vec<(String, Json)>,
}

/// True when one of `fields` was written but is not in the model: its value, of the wrong type,
/// is kept in `unknown` (see the parser), or it sits there under a misspelt key (one
/// [`crate::suggest::did_you_mean`] would correct to it). A check that the field is present stays
/// quiet then: the wrong-type or unknown-field diagnostic already names the cause.
pub fn written(unknown: &[(String, Json)], fields: &[&str]) -> bool {
    unknown.iter().any(|(key, _)| is_written_as(key, fields))
}

/// True when `key` is one of `fields`, or a misspelling of one.
pub fn is_written_as(key: &str, fields: &[&str]) -> bool {
    fields.contains(&key) || crate::suggest::did_you_mean(key, fields.iter().copied()).is_some()
}
