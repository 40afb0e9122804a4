//! Typed HCL for the `sfn_workflow` data source: the naming conventions that the Terraform
//! provider's schema and translation share, and [`to_hcl`], which converts an ASL definition into
//! that HCL (how teams migrate existing JSON files).
//!
//! The HCL shape: states are labelled blocks (`task "Name" { ... }`, one block type per state
//! type), Choice rules are `rule { ... }` blocks with snake_case operator attributes and nested
//! `and`/`or`/`not` blocks, Retry and Catch are `retry`/`catch` blocks, Parallel branches are
//! `branch` blocks and a Map processor is an `item_processor` block. Payload fields take native
//! HCL values. What the blocks cannot express goes into a branch's or processor's `json`
//! attribute, as ASL.
//!
//! Pure: builds text, does no I/O.

use std::fmt;

use crate::diagnostic::Path;
use crate::emit;
use crate::json::{Json, Num};
use crate::model::fields::{Kind, FIELDS};
use crate::model::operators::OperandKind;
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

// ---------------------------------------------------------------------------------------------
// Conversion

/// Something in the definition that the HCL cannot express, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: Path,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The result of [`convert`].
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The `data "sfn_workflow"` block, formatted as `terraform fmt` formats it, ending in a
    /// newline.
    pub text: String,
    /// Nested workflows written as ASL in a `json` attribute, each with why (the path is the
    /// workflow's).
    pub fallbacks: Vec<Problem>,
    /// Text that Terraform may change: it normalizes every string to Unicode NFC, in HCL and in
    /// the compiled JSON alike. Detected conservatively (combining marks and the like), so a note
    /// means "may", and [`Conversion::terraform_model`] does not apply the normalization.
    pub notes: Vec<Problem>,
    /// The model Terraform compiles the HCL back into. It equals the input except for the key
    /// order of JSON objects in payloads written as HCL values: Terraform sorts the attributes of
    /// object values, so those keys come back sorted (JSON key order has no meaning in ASL).
    pub terraform_model: StateMachine,
}

/// Converts a definition into a `data "sfn_workflow" "<data_source_name>"` block that compiles
/// back to the same definition. Parts the blocks cannot express are written as ASL in the `json`
/// attribute of the innermost branch or processor holding them; what cannot be written either way
/// (unknown fields, a top-level workflow that would need `json`, ...) is returned as problems.
pub fn to_hcl(machine: &StateMachine, data_source_name: &str) -> Result<String, Vec<Problem>> {
    convert(machine, data_source_name).map(|c| c.text)
}

/// [`to_hcl`], also telling which workflows were written as JSON and what Terraform will make of
/// the result.
pub fn convert(machine: &StateMachine, data_source_name: &str) -> Result<Conversion, Vec<Problem>> {
    let mut cx = Cx::default();
    let root = Path::root();
    if !is_valid_name(data_source_name) {
        cx.hard(
            &root,
            format!(
                "\"{data_source_name}\" is not a valid Terraform name: use letters, digits, underscores and hyphens, starting with a letter or underscore"
            ),
        );
    }
    let body = workflow_body(machine, &root, 0, ScopeKind::Machine, &mut cx);
    // At the top there is no `json` to fall back to: every problem is fatal.
    let problems: Vec<Problem> = cx
        .issues
        .into_iter()
        .map(|i| Problem {
            path: i.path,
            message: i.message,
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut text = String::new();
    render_block(
        &mut text,
        0,
        &format!("data \"sfn_workflow\" {}", quote(data_source_name)),
        &body,
    );
    let mut terraform_model = machine.clone();
    let skip: Vec<&Path> = cx.fallbacks.iter().map(|p| &p.path).collect();
    sort_workflow_payloads(&mut terraform_model, &root, &skip);
    Ok(Conversion {
        text,
        fallbacks: cx.fallbacks,
        notes: cx.notes,
        terraform_model,
    })
}

#[derive(Debug)]
struct Issue {
    path: Path,
    message: String,
    /// Not fixed by writing the enclosing workflow as JSON.
    hard: bool,
}

#[derive(Debug, Default)]
struct Cx {
    issues: Vec<Issue>,
    fallbacks: Vec<Problem>,
    notes: Vec<Problem>,
}

impl Cx {
    /// A problem that writing the enclosing branch or processor as JSON solves.
    fn soft(&mut self, path: &Path, message: impl Into<String>) {
        self.issues.push(Issue {
            path: path.clone(),
            message: message.into(),
            hard: false,
        });
    }

    fn hard(&mut self, path: &Path, message: impl Into<String>) {
        self.issues.push(Issue {
            path: path.clone(),
            message: message.into(),
            hard: true,
        });
    }
}

/// An HCL expression, laid out when rendered.
#[derive(Debug, Clone)]
enum Expr {
    /// A single-line literal, already rendered: a number, a bool, `null` or a quoted string.
    Lit(String),
    /// A `<<-EOT` heredoc; the text is already escaped and ends with a newline.
    Heredoc(String),
    Tuple(Vec<Expr>),
    /// Keys already rendered (identifier or quoted string).
    Object(Vec<(String, Expr)>),
}

#[derive(Debug, Clone)]
enum Item {
    Attr(String, Expr),
    Block(String, Vec<Item>),
    Comment(String),
}

fn attr(items: &mut Vec<Item>, name: &str, e: Expr) {
    items.push(Item::Attr(name.to_string(), e));
}

fn lit_str(s: &str) -> Expr {
    Expr::Lit(quote(s))
}

/// A string attribute, checked for what Terraform would change.
fn text_attr(items: &mut Vec<Item>, name: &str, s: &Option<String>, path: &Path, cx: &mut Cx) {
    if let Some(s) = s {
        check_text(s, path, cx);
        attr(items, name, lit_str(s));
    }
}

fn check_text(s: &str, path: &Path, cx: &mut Cx) {
    if s.chars().any(nfc_unsafe) && !cx.notes.iter().any(|n| &n.path == path) {
        cx.notes.push(Problem {
            path: path.clone(),
            message: "this text has combining characters: Terraform normalizes every string to Unicode NFC, which may change it (whichever way it is written)".into(),
        });
    }
}

fn check_num(n: &Num, path: &Path, cx: &mut Cx) {
    let s = n.as_str();
    if s.contains('e') {
        cx.soft(
            path,
            format!("the number {s} is in exponent form, which Terraform rewrites in plain digits"),
        );
    } else if s.chars().filter(char::is_ascii_digit).count() > 150 {
        cx.soft(
            path,
            "a number with more than 150 digits, beyond Terraform's number precision",
        );
    }
}

fn num_expr(n: &Num, path: &Path, cx: &mut Cx) -> Expr {
    check_num(n, path, cx);
    Expr::Lit(n.as_str().to_string())
}

/// A JSON value as an HCL value. `null` at the top is the caller's concern.
fn json_expr(j: &Json, path: &Path, cx: &mut Cx) -> Expr {
    match j {
        Json::Null => Expr::Lit("null".into()),
        Json::Bool(b) => Expr::Lit(b.to_string()),
        Json::Number(n) => num_expr(n, path, cx),
        Json::String(s) => {
            check_text(s, path, cx);
            lit_str(s)
        }
        Json::Array(items) => Expr::Tuple(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| json_expr(v, &path.index(i), cx))
                .collect(),
        ),
        Json::Object(members) => Expr::Object(
            members
                .iter()
                .map(|(k, v)| {
                    let p = path.key(k);
                    check_text(k, &p, cx);
                    (object_key(k), json_expr(v, &p, cx))
                })
                .collect(),
        ),
    }
}

/// A payload attribute (native HCL value). ASL's `null` there has no HCL form: an attribute set
/// to `null` is absent.
fn payload_attr(items: &mut Vec<Item>, name: &str, v: &Option<Json>, path: &Path, cx: &mut Cx) {
    match v {
        None => {}
        Some(Json::Null) => {
            let asl = match path.segments().last() {
                Some(crate::diagnostic::Seg::Key(k)) => k.clone(),
                _ => name.to_string(),
            };
            cx.soft(
                path,
                format!("{asl} is null, which HCL cannot tell from an absent {name} attribute"),
            )
        }
        Some(j) => {
            let e = json_expr(j, path, cx);
            attr(items, name, e);
        }
    }
}

fn num_or_expr_attr(
    items: &mut Vec<Item>,
    name: &str,
    v: &Option<NumOrExpr>,
    path: &Path,
    cx: &mut Cx,
) {
    match v {
        None => {}
        Some(NumOrExpr::Num(n)) => {
            let e = num_expr(n, path, cx);
            attr(items, name, e);
        }
        Some(NumOrExpr::Expr(s)) => {
            check_text(s, path, cx);
            attr(items, name, lit_str(s));
        }
    }
}

fn strings_expr(v: &[String], path: &Path, cx: &mut Cx) -> Expr {
    Expr::Tuple(
        v.iter()
            .enumerate()
            .map(|(i, s)| {
                check_text(s, &path.index(i), cx);
                lit_str(s)
            })
            .collect(),
    )
}

fn unknown_fields(unknown: &[(String, Json)], path: &Path, what: &str, cx: &mut Cx) {
    for (k, _) in unknown {
        cx.hard(
            &path.key(k),
            format!("\"{k}\" is not a field of {what}; remove or rename it, then convert again"),
        );
    }
}

/// The body of a workflow: the data source itself, a branch or a processor.
fn workflow_body(
    w: &Workflow,
    path: &Path,
    depth: usize,
    kind: ScopeKind,
    cx: &mut Cx,
) -> Vec<Item> {
    let mut items = Vec::new();
    text_attr(&mut items, "comment", &w.comment, &path.key("Comment"), cx);
    if let Some(ql) = w.query_language {
        attr(&mut items, "query_language", lit_str(ql.as_str()));
    }
    if let Some(c) = &w.processor_config {
        let p = path.key("ProcessorConfig");
        processor_config_attrs(&mut items, c, &p, cx);
    }
    text_attr(
        &mut items,
        "start_at",
        &w.start_at,
        &path.key("StartAt"),
        cx,
    );
    num_or_expr_attr(
        &mut items,
        "timeout_seconds",
        &w.timeout_seconds,
        &path.key("TimeoutSeconds"),
        cx,
    );
    text_attr(&mut items, "version", &w.version, &path.key("Version"), cx);
    let what = match kind {
        ScopeKind::Machine => "a state machine",
        ScopeKind::Branch => "a Parallel branch",
        ScopeKind::Processor => "a Map item processor",
    };
    unknown_fields(&w.unknown, path, what, cx);
    let states_path = path.key("States");
    for i in emit::flow_order(w) {
        let Some((name, s)) = w.states.get(i) else {
            continue;
        };
        let sp = states_path.key(name);
        if w.states.iter().filter(|(n, _)| n == name).count() > 1 {
            cx.hard(&sp, format!("state name \"{name}\" is used more than once"));
        }
        if let Some(b) = state_block(name, s, &sp, depth, cx) {
            items.push(b);
        }
    }
    items
}

fn processor_config_attrs(items: &mut Vec<Item>, c: &ProcessorConfig, path: &Path, cx: &mut Cx) {
    if c.mode.is_none() && c.execution_type.is_none() {
        cx.hard(
            path,
            "an empty ProcessorConfig has no HCL form (mode and execution_type both unset); remove it",
        );
    }
    unknown_fields(&c.unknown, path, "ProcessorConfig", cx);
    text_attr(items, "mode", &c.mode, &path.key("Mode"), cx);
    text_attr(
        items,
        "execution_type",
        &c.execution_type,
        &path.key("ExecutionType"),
        cx,
    );
}

fn state_block(name: &str, s: &State, path: &Path, depth: usize, cx: &mut Cx) -> Option<Item> {
    check_text(name, path, cx);
    let Some(t) = s.kind else {
        cx.soft(path, format!("state \"{name}\" has no valid Type"));
        return None;
    };
    if matches!(t, StateType::Parallel | StateType::Map) && depth >= NEST_DEPTH {
        cx.soft(
            path,
            format!(
                "{} state \"{name}\" is nested deeper than the {NEST_DEPTH} levels of blocks",
                t.as_str()
            ),
        );
        return None;
    }
    let mut attrs = Vec::new();
    let mut blocks = Vec::new();
    for f in FIELDS {
        if f.kind == Kind::Type {
            continue;
        }
        let p = path.key(f.name);
        let Some(value) = emit::state_field(s, f.name) else {
            if f.allowed_in(t) {
                match f.name {
                    "Choices" => cx.soft(&p, format!("Choice state \"{name}\" has no Choices")),
                    "Branches" => cx.soft(&p, format!("Parallel state \"{name}\" has no Branches")),
                    _ => {}
                }
            }
            continue;
        };
        if !f.allowed_in(t) {
            cx.soft(
                &p,
                format!("{} is not a field of a {} state", f.name, t.as_str()),
            );
            continue;
        }
        match f.name {
            "Retry" => {
                let rs = s.retry.as_deref().unwrap_or_default();
                if rs.is_empty() {
                    cx.soft(&p, "an empty Retry list has no HCL form");
                }
                for (i, r) in rs.iter().enumerate() {
                    blocks.push(retry_block(r, &p.index(i), cx));
                }
            }
            "Catch" => {
                let cs = s.catch.as_deref().unwrap_or_default();
                if cs.is_empty() {
                    cx.soft(&p, "an empty Catch list has no HCL form");
                }
                for (i, c) in cs.iter().enumerate() {
                    blocks.push(catch_block(c, &p.index(i), cx));
                }
            }
            "Choices" => {
                for (i, r) in s.choices.iter().flatten().enumerate() {
                    blocks.push(Item::Block(
                        RULE_BLOCK.into(),
                        rule_body(r, &p.index(i), 0, cx),
                    ));
                }
            }
            "Branches" => {
                for (i, b) in s.branches.iter().flatten().enumerate() {
                    let body = nested(b, &p.index(i), depth + 1, ScopeKind::Branch, cx);
                    blocks.push(Item::Block(BRANCH_BLOCK.into(), body));
                }
            }
            "ItemProcessor" => {
                if let Some(w) = &s.item_processor {
                    let body = nested(w, &p, depth + 1, ScopeKind::Processor, cx);
                    blocks.push(Item::Block(PROCESSOR_BLOCK.into(), body));
                }
            }
            "Iterator" => cx.soft(
                &p,
                format!(
                    "Map state \"{name}\" uses the legacy Iterator, which HCL writes only as item_processor (rename it to ItemProcessor to convert it to blocks)"
                ),
            ),
            "ItemReader" => {
                if let Some(r) = &s.item_reader {
                    blocks.push(item_reader_block(r, &p, cx));
                }
            }
            "ItemBatcher" => {
                if let Some(b) = &s.item_batcher {
                    blocks.push(item_batcher_block(b, &p, cx));
                }
            }
            "ResultWriter" => {
                if let Some(w) = &s.result_writer {
                    blocks.push(result_writer_block(w, &p, cx));
                }
            }
            _ => field_attr(&mut attrs, f.hcl, f.name, f.kind, &value, &p, cx),
        }
    }
    unknown_fields(&s.unknown, path, &format!("a {} state", t.as_str()), cx);
    attrs.extend(blocks);
    Some(Item::Block(
        format!("{} {}", block_name(t), quote(name)),
        attrs,
    ))
}

/// A state attribute from its emitted JSON value.
fn field_attr(
    items: &mut Vec<Item>,
    hcl: &str,
    asl: &str,
    kind: Kind,
    value: &Json,
    path: &Path,
    cx: &mut Cx,
) {
    match (kind, value) {
        (Kind::Payload | Kind::Assign | Kind::Items | Kind::Integer, v) => {
            payload_attr(items, hcl, &Some(v.clone()), path, cx)
        }
        (Kind::Bool, Json::Bool(b)) => attr(items, hcl, Expr::Lit(b.to_string())),
        (_, Json::Null) if NULLABLE_PATHS.contains(&asl) => attr(items, hcl, lit_str(NULL_PATH)),
        (_, Json::String(s)) => {
            if NULLABLE_PATHS.contains(&asl) && s == NULL_PATH {
                cx.soft(
                    path,
                    format!("{asl} is the string \"null\", which HCL reserves for ASL's null"),
                );
            }
            check_text(s, path, cx);
            attr(items, hcl, lit_str(s));
        }
        (_, other) => cx.soft(
            path,
            format!(
                "{asl} holds {}, which its HCL attribute cannot",
                other.type_name()
            ),
        ),
    }
}

fn path_attr(items: &mut Vec<Item>, v: &Option<PathOrNull>, path: &Path, cx: &mut Cx) {
    if let Some(p) = v {
        if matches!(p, PathOrNull::Path(s) if s == NULL_PATH) {
            cx.soft(
                path,
                "ResultPath is the string \"null\", which HCL reserves for ASL's null",
            );
        }
        check_text(path_to_hcl(p), path, cx);
        attr(items, "result_path", lit_str(path_to_hcl(p)));
    }
}

fn required_strings(
    items: &mut Vec<Item>,
    name: &str,
    v: &Option<Vec<String>>,
    path: &Path,
    what: &str,
    cx: &mut Cx,
) {
    match v {
        Some(v) => {
            let e = strings_expr(v, path, cx);
            attr(items, name, e);
        }
        None => cx.soft(
            path,
            format!("{what} without ErrorEquals (required in HCL)"),
        ),
    }
}

fn retry_block(r: &Retrier, path: &Path, cx: &mut Cx) -> Item {
    let mut items = Vec::new();
    required_strings(
        &mut items,
        "error_equals",
        &r.error_equals,
        &path.key("ErrorEquals"),
        "a retrier",
        cx,
    );
    let nums = [
        ("interval_seconds", "IntervalSeconds", &r.interval_seconds),
        ("max_attempts", "MaxAttempts", &r.max_attempts),
        ("backoff_rate", "BackoffRate", &r.backoff_rate),
        ("max_delay_seconds", "MaxDelaySeconds", &r.max_delay_seconds),
    ];
    for (hcl, asl, v) in nums {
        if let Some(n) = v {
            let e = num_expr(n, &path.key(asl), cx);
            attr(&mut items, hcl, e);
        }
    }
    text_attr(
        &mut items,
        "jitter_strategy",
        &r.jitter_strategy,
        &path.key("JitterStrategy"),
        cx,
    );
    text_attr(&mut items, "comment", &r.comment, &path.key("Comment"), cx);
    unknown_fields(&r.unknown, path, "a retrier", cx);
    Item::Block("retry".into(), items)
}

fn catch_block(c: &Catcher, path: &Path, cx: &mut Cx) -> Item {
    let mut items = Vec::new();
    required_strings(
        &mut items,
        "error_equals",
        &c.error_equals,
        &path.key("ErrorEquals"),
        "a catcher",
        cx,
    );
    text_attr(&mut items, "comment", &c.comment, &path.key("Comment"), cx);
    path_attr(&mut items, &c.result_path, &path.key("ResultPath"), cx);
    payload_attr(&mut items, "output", &c.output, &path.key("Output"), cx);
    payload_attr(&mut items, "assign", &c.assign, &path.key("Assign"), cx);
    match &c.next {
        Some(_) => text_attr(&mut items, "next", &c.next, &path.key("Next"), cx),
        None => cx.soft(path, "a catcher without Next (required in HCL)"),
    }
    unknown_fields(&c.unknown, path, "a catcher", cx);
    Item::Block("catch".into(), items)
}

fn operand_matches(op: Operator, v: &Json) -> bool {
    if op.is_path() {
        return matches!(v, Json::String(_));
    }
    match op.operand() {
        OperandKind::Numeric => matches!(v, Json::Number(_)),
        OperandKind::Boolean | OperandKind::TypeTest => matches!(v, Json::Bool(_)),
        OperandKind::String | OperandKind::Pattern | OperandKind::Timestamp => {
            matches!(v, Json::String(_))
        }
    }
}

fn rule_body(r: &ChoiceRule, path: &Path, depth: usize, cx: &mut Cx) -> Vec<Item> {
    let top = depth == 0;
    let mut items = Vec::new();
    if !top {
        let extras = [
            ("Comment", r.comment.is_some()),
            ("Next", r.next.is_some()),
            ("Condition", r.condition.is_some()),
            ("Output", r.output.is_some()),
            ("Assign", r.assign.is_some()),
        ];
        for (k, present) in extras {
            if present {
                cx.soft(
                    &path.key(k),
                    format!("{k} inside a nested Choice rule has no HCL form"),
                );
            }
        }
    }
    text_attr(&mut items, "comment", &r.comment, &path.key("Comment"), cx);
    text_attr(
        &mut items,
        "variable",
        &r.variable,
        &path.key("Variable"),
        cx,
    );
    // The provider reads operators in `Operator::ALL` order, one attribute each.
    if r.comparisons.windows(2).any(|w| w[0].0 >= w[1].0) {
        cx.soft(
            path,
            "a Choice rule with repeated or unordered comparison operators has no HCL form",
        );
    }
    for (op, v) in &r.comparisons {
        let p = path.key(op.as_str());
        if !operand_matches(*op, v) {
            cx.soft(
                &p,
                format!(
                    "{} compares with {}, which its HCL attribute cannot hold",
                    op.as_str(),
                    v.type_name()
                ),
            );
            continue;
        }
        let e = json_expr(v, &p, cx);
        attr(&mut items, &snake(op.as_str()), e);
    }
    if top {
        payload_attr(
            &mut items,
            "condition",
            &r.condition,
            &path.key("Condition"),
            cx,
        );
        payload_attr(&mut items, "output", &r.output, &path.key("Output"), cx);
        payload_attr(&mut items, "assign", &r.assign, &path.key("Assign"), cx);
        match &r.next {
            Some(_) => text_attr(&mut items, "next", &r.next, &path.key("Next"), cx),
            None => cx.soft(path, "a Choice rule without Next (required in HCL)"),
        }
    }
    let nested_rules = [("and", "And", &r.and), ("or", "Or", &r.or)];
    let has_nested = r.and.is_some() || r.or.is_some() || r.not.is_some();
    if has_nested && depth >= RULE_DEPTH {
        cx.soft(
            path,
            format!(
                "a Choice rule nested deeper than the {RULE_DEPTH} levels of and/or/not blocks"
            ),
        );
        return items;
    }
    for (hcl, asl, list) in nested_rules {
        let Some(list) = list else { continue };
        let p = path.key(asl);
        if list.is_empty() {
            cx.soft(&p, format!("an empty {asl} list has no HCL form"));
        }
        for (i, x) in list.iter().enumerate() {
            items.push(Item::Block(
                hcl.into(),
                rule_body(x, &p.index(i), depth + 1, cx),
            ));
        }
    }
    if let Some(x) = &r.not {
        items.push(Item::Block(
            "not".into(),
            rule_body(x, &path.key("Not"), depth + 1, cx),
        ));
    }
    unknown_fields(&r.unknown, path, "a Choice rule", cx);
    items
}

fn item_reader_block(r: &ItemReader, path: &Path, cx: &mut Cx) -> Item {
    let mut items = Vec::new();
    match &r.resource {
        Some(_) => text_attr(
            &mut items,
            "resource",
            &r.resource,
            &path.key("Resource"),
            cx,
        ),
        None => cx.soft(path, "an ItemReader without Resource (required in HCL)"),
    }
    payload_attr(
        &mut items,
        "parameters",
        &r.parameters,
        &path.key("Parameters"),
        cx,
    );
    payload_attr(
        &mut items,
        "arguments",
        &r.arguments,
        &path.key("Arguments"),
        cx,
    );
    if let Some(c) = &r.reader_config {
        let p = path.key("ReaderConfig");
        let mut rc = Vec::new();
        text_attr(
            &mut rc,
            "input_type",
            &c.input_type,
            &p.key("InputType"),
            cx,
        );
        text_attr(
            &mut rc,
            "manifest_type",
            &c.manifest_type,
            &p.key("ManifestType"),
            cx,
        );
        text_attr(
            &mut rc,
            "csv_header_location",
            &c.csv_header_location,
            &p.key("CSVHeaderLocation"),
            cx,
        );
        if let Some(h) = &c.csv_headers {
            let e = strings_expr(h, &p.key("CSVHeaders"), cx);
            attr(&mut rc, "csv_headers", e);
        }
        text_attr(
            &mut rc,
            "csv_delimiter",
            &c.csv_delimiter,
            &p.key("CSVDelimiter"),
            cx,
        );
        num_or_expr_attr(&mut rc, "max_items", &c.max_items, &p.key("MaxItems"), cx);
        text_attr(
            &mut rc,
            "max_items_path",
            &c.max_items_path,
            &p.key("MaxItemsPath"),
            cx,
        );
        unknown_fields(&c.unknown, &p, "ReaderConfig", cx);
        items.push(Item::Block("reader_config".into(), rc));
    }
    unknown_fields(&r.unknown, path, "ItemReader", cx);
    Item::Block("item_reader".into(), items)
}

fn item_batcher_block(b: &ItemBatcher, path: &Path, cx: &mut Cx) -> Item {
    let mut items = Vec::new();
    num_or_expr_attr(
        &mut items,
        "max_items_per_batch",
        &b.max_items_per_batch,
        &path.key("MaxItemsPerBatch"),
        cx,
    );
    text_attr(
        &mut items,
        "max_items_per_batch_path",
        &b.max_items_per_batch_path,
        &path.key("MaxItemsPerBatchPath"),
        cx,
    );
    num_or_expr_attr(
        &mut items,
        "max_input_bytes_per_batch",
        &b.max_input_bytes_per_batch,
        &path.key("MaxInputBytesPerBatch"),
        cx,
    );
    text_attr(
        &mut items,
        "max_input_bytes_per_batch_path",
        &b.max_input_bytes_per_batch_path,
        &path.key("MaxInputBytesPerBatchPath"),
        cx,
    );
    payload_attr(
        &mut items,
        "batch_input",
        &b.batch_input,
        &path.key("BatchInput"),
        cx,
    );
    unknown_fields(&b.unknown, path, "ItemBatcher", cx);
    Item::Block("item_batcher".into(), items)
}

fn result_writer_block(w: &ResultWriter, path: &Path, cx: &mut Cx) -> Item {
    let mut items = Vec::new();
    text_attr(
        &mut items,
        "resource",
        &w.resource,
        &path.key("Resource"),
        cx,
    );
    payload_attr(
        &mut items,
        "parameters",
        &w.parameters,
        &path.key("Parameters"),
        cx,
    );
    payload_attr(
        &mut items,
        "arguments",
        &w.arguments,
        &path.key("Arguments"),
        cx,
    );
    if let Some(c) = &w.writer_config {
        let p = path.key("WriterConfig");
        let mut wc = Vec::new();
        text_attr(
            &mut wc,
            "output_type",
            &c.output_type,
            &p.key("OutputType"),
            cx,
        );
        text_attr(
            &mut wc,
            "transformation",
            &c.transformation,
            &p.key("Transformation"),
            cx,
        );
        unknown_fields(&c.unknown, &p, "WriterConfig", cx);
        items.push(Item::Block("writer_config".into(), wc));
    }
    unknown_fields(&w.unknown, path, "ResultWriter", cx);
    Item::Block("result_writer".into(), items)
}

/// A branch or processor body: blocks when they can express it, else the workflow as ASL in
/// `json` (plus `mode`/`execution_type` for a processor, which the provider applies to it).
fn nested(w: &Workflow, path: &Path, depth: usize, kind: ScopeKind, cx: &mut Cx) -> Vec<Item> {
    let mut local = Cx::default();
    let body = workflow_body(w, path, depth, kind, &mut local);
    cx.notes.extend(local.notes);
    if local.issues.iter().all(|i| i.hard) {
        cx.issues.extend(local.issues);
        cx.fallbacks.extend(local.fallbacks);
        return body;
    }
    let mut reasons: Vec<String> = Vec::new();
    for i in local.issues.iter().filter(|i| !i.hard) {
        let r = format!("{} (at {})", i.message, i.path);
        if !reasons.contains(&r) {
            reasons.push(r);
        }
    }
    // Only what JSON cannot carry remains a problem.
    json_problems(w, path, kind, cx);
    cx.fallbacks.push(Problem {
        path: path.clone(),
        message: reasons.join("; "),
    });
    let mut items = Vec::new();
    let shown = reasons.len().min(3);
    for r in &reasons[..shown] {
        items.push(Item::Comment(format!("As JSON: {}", one_line(r))));
    }
    if reasons.len() > shown {
        items.push(Item::Comment(format!(
            "... and {} more reasons",
            reasons.len() - shown
        )));
    }
    let mut json = emit::to_json(w);
    if let Json::Object(members) = &mut json {
        members.retain(|(k, _)| k != "ProcessorConfig");
    }
    if let Some(c) = &w.processor_config {
        let mut ignored = Cx::default();
        processor_config_attrs(&mut items, c, &path.key("ProcessorConfig"), &mut ignored);
    }
    let mut text = json.to_pretty();
    text.push('\n');
    attr(&mut items, JSON_ATTR, Expr::Heredoc(escape_template(&text)));
    items
}

/// What stays a problem when a workflow is given as JSON: the provider parses that JSON as a
/// definition of its own, which must have no unknown fields, and sets a processor's
/// `ProcessorConfig` from `mode` and `execution_type`.
fn json_problems(w: &Workflow, path: &Path, kind: ScopeKind, cx: &mut Cx) {
    let what = match kind {
        ScopeKind::Machine => "a state machine",
        ScopeKind::Branch => "a Parallel branch",
        ScopeKind::Processor => "a Map item processor",
    };
    unknown_fields(&w.unknown, path, what, cx);
    if let Some(c) = &w.processor_config {
        let mut local = Cx::default();
        processor_config_attrs(&mut Vec::new(), c, &path.key("ProcessorConfig"), &mut local);
        cx.issues
            .extend(local.issues.into_iter().filter(|i| i.hard));
    }
    for (name, s) in &w.states {
        let sp = path.key("States").key(name);
        if w.states.iter().filter(|(n, _)| n == name).count() > 1 {
            cx.hard(&sp, format!("state name \"{name}\" is used more than once"));
        }
        let t = s
            .kind
            .map_or("a state".to_string(), |t| format!("a {} state", t.as_str()));
        unknown_fields(&s.unknown, &sp, &t, cx);
        for (i, r) in s.retry.iter().flatten().enumerate() {
            unknown_fields(&r.unknown, &sp.key("Retry").index(i), "a retrier", cx);
        }
        for (i, c) in s.catch.iter().flatten().enumerate() {
            unknown_fields(&c.unknown, &sp.key("Catch").index(i), "a catcher", cx);
        }
        for (i, r) in s.choices.iter().flatten().enumerate() {
            rule_unknowns(r, &sp.key("Choices").index(i), cx);
        }
        if let Some(r) = &s.item_reader {
            let p = sp.key("ItemReader");
            unknown_fields(&r.unknown, &p, "ItemReader", cx);
            if let Some(c) = &r.reader_config {
                unknown_fields(&c.unknown, &p.key("ReaderConfig"), "ReaderConfig", cx);
            }
        }
        if let Some(b) = &s.item_batcher {
            unknown_fields(&b.unknown, &sp.key("ItemBatcher"), "ItemBatcher", cx);
        }
        if let Some(rw) = &s.result_writer {
            let p = sp.key("ResultWriter");
            unknown_fields(&rw.unknown, &p, "ResultWriter", cx);
            if let Some(c) = &rw.writer_config {
                unknown_fields(&c.unknown, &p.key("WriterConfig"), "WriterConfig", cx);
            }
        }
        for (key, child) in s.children() {
            let (p, k) = match key {
                ChildKey::Branch(i) => (sp.key("Branches").index(i), ScopeKind::Branch),
                ChildKey::ItemProcessor => (sp.key("ItemProcessor"), ScopeKind::Processor),
                ChildKey::Iterator => (sp.key("Iterator"), ScopeKind::Processor),
            };
            json_problems(child, &p, k, cx);
        }
    }
}

fn rule_unknowns(r: &ChoiceRule, path: &Path, cx: &mut Cx) {
    unknown_fields(&r.unknown, path, "a Choice rule", cx);
    for (asl, list) in [("And", &r.and), ("Or", &r.or)] {
        for (i, x) in list.iter().flatten().enumerate() {
            rule_unknowns(x, &path.key(asl).index(i), cx);
        }
    }
    if let Some(x) = &r.not {
        rule_unknowns(x, &path.key("Not"), cx);
    }
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The model Terraform gives back

fn sort_json(j: &mut Json) {
    match j {
        Json::Object(members) => {
            members.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            for (_, v) in members {
                sort_json(v);
            }
        }
        Json::Array(items) => items.iter_mut().for_each(sort_json),
        _ => {}
    }
}

fn sort_opt(j: &mut Option<Json>) {
    if let Some(j) = j {
        sort_json(j);
    }
}

fn sort_rule(r: &mut ChoiceRule) {
    sort_opt(&mut r.condition);
    sort_opt(&mut r.output);
    sort_opt(&mut r.assign);
    for (_, v) in &mut r.comparisons {
        sort_json(v);
    }
    for x in r.and.iter_mut().flatten().chain(r.or.iter_mut().flatten()) {
        sort_rule(x);
    }
    if let Some(x) = &mut r.not {
        sort_rule(x);
    }
}

/// Sorts the keys of payload objects the way Terraform hands them over (bytewise), except in the
/// workflows at `skip` (given as JSON text, which keeps its order).
fn sort_workflow_payloads(w: &mut Workflow, path: &Path, skip: &[&Path]) {
    if skip.contains(&path) {
        return;
    }
    for (name, s) in &mut w.states {
        let sp = path.key("States").key(name);
        for v in [
            &mut s.parameters,
            &mut s.result_selector,
            &mut s.result,
            &mut s.arguments,
            &mut s.output,
            &mut s.assign,
            &mut s.credentials,
            &mut s.items,
            &mut s.item_selector,
        ] {
            sort_opt(v);
        }
        for c in s.catch.iter_mut().flatten() {
            sort_opt(&mut c.output);
            sort_opt(&mut c.assign);
        }
        for r in s.choices.iter_mut().flatten() {
            sort_rule(r);
        }
        if let Some(r) = &mut s.item_reader {
            sort_opt(&mut r.parameters);
            sort_opt(&mut r.arguments);
        }
        if let Some(b) = &mut s.item_batcher {
            sort_opt(&mut b.batch_input);
        }
        if let Some(rw) = &mut s.result_writer {
            sort_opt(&mut rw.parameters);
            sort_opt(&mut rw.arguments);
        }
        for (i, b) in s.branches.iter_mut().flatten().enumerate() {
            sort_workflow_payloads(b, &sp.key("Branches").index(i), skip);
        }
        if let Some(p) = &mut s.item_processor {
            sort_workflow_payloads(p, &sp.key("ItemProcessor"), skip);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text

/// Lines longer than this are laid out over several lines when they can be.
const WIDTH: usize = 100;

/// An HCL quoted string: escapes, and template sequences doubled (`${` -> `$${`, `%{` -> `%%{`).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Heredoc text: only template sequences are special there.
fn escape_template(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if (c == '$' || c == '%') && chars.peek() == Some(&'{') {
            out.push(c);
        }
    }
    out
}

/// An object key: bare when it is a plain identifier, else quoted. Keywords are quoted too
/// (`for` would start a `for` expression, `null` would be the null value).
fn object_key(k: &str) -> String {
    let plain = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let keyword = matches!(k, "for" | "in" | "if" | "null" | "true" | "false");
    if plain && !keyword {
        k.to_string()
    } else {
        quote(k)
    }
}

/// Characters that Unicode NFC (which Terraform applies to every string) may change or combine with
/// a neighbour: combining marks, Hangul jamo, compatibility ideographs, singletons and the scripts
/// whose marks compose. Conservative: it flags whole blocks where in doubt.
fn nfc_unsafe(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x0374 | 0x037E | 0x0387
        | 0x0483..=0x0489
        | 0x0591..=0x05C7
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06ED
        | 0x0711 | 0x0730..=0x074A
        | 0x07A6..=0x07B0 | 0x07EB..=0x07F3
        | 0x0816..=0x082D | 0x0859..=0x085B | 0x08D3..=0x08FF
        | 0x0900..=0x0DFF
        | 0x0E31..=0x0E4E | 0x0EB1..=0x0ECD
        | 0x0F00..=0x109F
        | 0x1100..=0x11FF
        | 0x1AB0..=0x1B7F
        | 0x1DC0..=0x1DFF
        | 0x1F00..=0x1FFF
        | 0x2000..=0x2001
        | 0x20D0..=0x20FF
        | 0x2126 | 0x212A | 0x212B | 0x2329 | 0x232A | 0x2ADC
        | 0x302A..=0x302F | 0x3099 | 0x309A
        | 0xA960..=0xA97F | 0xD7B0..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFB1D..=0xFB4F
        | 0xFE20..=0xFE2F
        | 0x1D15E..=0x1D1C0
        | 0x2F800..=0x2FA1F
    )
}

/// Display columns as `terraform fmt` counts them for alignment (grapheme clusters),
/// approximated: joiners, variation selectors, emoji modifiers and the second of a pair of
/// regional indicators add nothing.
fn columns(s: &str) -> usize {
    let mut n = 0;
    let mut joined = false;
    let mut pending_flag = false;
    for c in s.chars() {
        let u = c as u32;
        if u == 0x200D {
            joined = true;
            continue;
        }
        if joined {
            joined = false;
            continue;
        }
        if matches!(u, 0xFE00..=0xFE0F | 0x1F3FB..=0x1F3FF | 0xE0100..=0xE01EF) {
            continue;
        }
        if (0x1F1E6..=0x1F1FF).contains(&u) {
            if pending_flag {
                pending_flag = false;
                continue;
            }
            pending_flag = true;
        } else {
            pending_flag = false;
        }
        n += 1;
    }
    n
}

fn indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// The single-line form of an expression, if it has one: literals, and collections of literals.
fn inline(e: &Expr) -> Option<String> {
    match e {
        Expr::Lit(s) => Some(s.clone()),
        Expr::Heredoc(_) => None,
        Expr::Tuple(items) => {
            if items.iter().any(|i| !is_flat(i)) {
                return None;
            }
            let parts: Option<Vec<String>> = items.iter().map(inline).collect();
            Some(format!("[{}]", parts?.join(", ")))
        }
        Expr::Object(members) => {
            if members.is_empty() {
                return Some("{}".into());
            }
            if members.iter().any(|(_, v)| !is_flat(v)) {
                return None;
            }
            let parts: Option<Vec<String>> = members
                .iter()
                .map(|(k, v)| inline(v).map(|v| format!("{k} = {v}")))
                .collect();
            Some(format!("{{ {} }}", parts?.join(", ")))
        }
    }
}

/// Literals and empty collections: what may sit inside a single-line collection.
fn is_flat(e: &Expr) -> bool {
    match e {
        Expr::Lit(_) => true,
        Expr::Tuple(items) => items.is_empty(),
        Expr::Object(members) => members.is_empty(),
        Expr::Heredoc(_) => false,
    }
}

/// How an assignment is laid out.
enum Layout {
    /// `key = value` on one line.
    Single(String),
    /// `key = <<-EOT` ... `EOT`: aligned like a single line.
    Heredoc(String),
    /// `key = {` or `key = [` ... : breaks alignment.
    Multi,
}

fn layout(key: &str, e: &Expr, at: usize) -> Layout {
    if let Expr::Heredoc(text) = e {
        return Layout::Heredoc(text.clone());
    }
    match inline(e) {
        Some(s) if matches!(e, Expr::Lit(_)) || at + key.len() + 3 + s.len() <= WIDTH => {
            Layout::Single(s)
        }
        _ => Layout::Multi,
    }
}

/// Writes assignments (block attributes or object members) and other items, aligning the `=` of
/// runs of consecutive single-line assignments as `terraform fmt` does. Blocks are separated from
/// what surrounds them by a blank line.
fn render_body(out: &mut String, at: usize, items: &[Item]) {
    let mut i = 0;
    let mut prev_block = false;
    let mut first = true;
    while i < items.len() {
        let is_block = matches!(items[i], Item::Block(..));
        if !first && (is_block || prev_block) {
            out.push('\n');
        }
        first = false;
        prev_block = is_block;
        match &items[i] {
            Item::Block(head, body) => {
                render_block(out, at, head, body);
                i += 1;
            }
            Item::Comment(c) => {
                indent(out, at);
                out.push_str("# ");
                out.push_str(c);
                out.push('\n');
                i += 1;
            }
            Item::Attr(..) => {
                let mut run = Vec::new();
                while let Some(Item::Attr(k, e)) = items.get(i) {
                    run.push((k.clone(), e.clone()));
                    i += 1;
                }
                render_assignments(out, at, &run);
            }
        }
    }
}

fn render_assignments(out: &mut String, at: usize, run: &[(String, Expr)]) {
    let layouts: Vec<Layout> = run.iter().map(|(k, e)| layout(k, e, at)).collect();
    let mut j = 0;
    while j < run.len() {
        if matches!(layouts[j], Layout::Multi) {
            let (k, e) = &run[j];
            indent(out, at);
            out.push_str(k);
            out.push_str(" = ");
            render_multi(out, at, e);
            out.push('\n');
            j += 1;
            continue;
        }
        // A chain of aligned assignments.
        let start = j;
        while j < run.len() && !matches!(layouts[j], Layout::Multi) {
            j += 1;
        }
        let width = run[start..j]
            .iter()
            .map(|(k, _)| columns(k))
            .max()
            .unwrap_or(0);
        for (idx, (k, _)) in run.iter().enumerate().take(j).skip(start) {
            indent(out, at);
            out.push_str(k);
            indent(out, width - columns(k) + 1);
            out.push_str("= ");
            match &layouts[idx] {
                Layout::Single(s) => {
                    out.push_str(s);
                    out.push('\n');
                }
                Layout::Heredoc(text) => {
                    out.push_str("<<-EOT\n");
                    for line in text.lines() {
                        if !line.is_empty() {
                            indent(out, at + 2);
                            out.push_str(line);
                        }
                        out.push('\n');
                    }
                    indent(out, at);
                    out.push_str("EOT\n");
                }
                Layout::Multi => {}
            }
        }
    }
}

/// Writes a collection over several lines, starting after `key = ` and ending before the newline.
fn render_multi(out: &mut String, at: usize, e: &Expr) {
    match e {
        Expr::Object(members) => {
            out.push_str("{\n");
            render_assignments(out, at + 2, members);
            indent(out, at);
            out.push('}');
        }
        Expr::Tuple(items) => {
            out.push_str("[\n");
            for item in items {
                indent(out, at + 2);
                match inline(item) {
                    Some(s) if at + 2 + s.len() < WIDTH || matches!(item, Expr::Lit(_)) => {
                        out.push_str(&s)
                    }
                    _ => render_multi(out, at + 2, item),
                }
                out.push_str(",\n");
            }
            indent(out, at);
            out.push(']');
        }
        Expr::Lit(s) => out.push_str(s),
        Expr::Heredoc(_) => {}
    }
}

fn render_block(out: &mut String, at: usize, head: &str, body: &[Item]) {
    indent(out, at);
    out.push_str(head);
    if body.is_empty() {
        out.push_str(" {}\n");
        return;
    }
    out.push_str(" {\n");
    render_body(out, at + 2, body);
    indent(out, at);
    out.push_str("}\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Num;

    fn machine(text: &str) -> StateMachine {
        let report = crate::parse_str(text);
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        report.machine.unwrap_or_default()
    }

    fn hcl_of(text: &str) -> String {
        to_hcl(&machine(text), "w").unwrap_or_else(|p| panic!("{p:?}"))
    }

    /// A workflow with one Pass state whose Result is `result`.
    fn pass_with(result: &str) -> String {
        format!(
            r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Pass", "Result": {result}, "End": true}}}}}}"#
        )
    }

    #[test]
    fn field_hcl_names_are_snake_case_of_asl_names() {
        for f in FIELDS {
            assert_eq!(snake(f.name), f.hcl, "{}", f.name);
        }
        assert_eq!(
            snake("NumericLessThanEqualsPath"),
            "numeric_less_than_equals_path"
        );
        assert_eq!(snake("CSVHeaderLocation"), "csv_header_location");
        assert_eq!(snake("CSVHeaders"), "csv_headers");
        assert_eq!(snake("IsPresent"), "is_present");
        for t in StateType::ALL {
            assert_eq!(block_name(t), snake(t.as_str()));
        }
    }

    #[test]
    fn conventions() {
        assert_eq!(path_to_hcl(&PathOrNull::Null), "null");
        assert_eq!(path_from_hcl("null"), PathOrNull::Null);
        assert_eq!(path_from_hcl("$.a"), PathOrNull::Path("$.a".into()));
        assert!(is_dynamic("parameters") && !is_dynamic("resource"));
        assert_eq!(
            name_from_file("dir/order-processing.asl.json"),
            "order_processing"
        );
        assert_eq!(name_from_file("9lives.json"), "_9lives");
        assert_eq!(name_from_file("Weird Name.v2.json"), "weird_name_v2");
        assert!(is_valid_name("a-b_1") && !is_valid_name("1a") && !is_valid_name(""));
    }

    #[test]
    fn strings_are_escaped_for_hcl_templates() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(quote("l1\nl2\r\tx"), "\"l1\\nl2\\r\\tx\"");
        assert_eq!(quote("${x} %{if} $ % {}"), "\"$${x} %%{if} $ % {}\"");
        assert_eq!(quote("$${x}"), "\"$$${x}\"");
        assert_eq!(quote("{% $x %}"), "\"{% $x %}\"");
        assert_eq!(quote("\u{1}é✓"), "\"\\u0001é✓\"");
        assert_eq!(escape_template("a ${b} %{c} \\n"), "a $${b} %%{c} \\n");
    }

    #[test]
    fn object_keys_are_quoted_unless_plain_identifiers() {
        assert_eq!(object_key("FunctionName"), "FunctionName");
        assert_eq!(object_key("_x1"), "_x1");
        assert_eq!(object_key("Payload.$"), "\"Payload.$\"");
        assert_eq!(object_key("a-b"), "\"a-b\"");
        assert_eq!(object_key("1st"), "\"1st\"");
        assert_eq!(object_key(""), "\"\"");
        assert_eq!(object_key("for"), "\"for\"");
        assert_eq!(object_key("null"), "\"null\"");
        assert_eq!(object_key("${x}"), "\"$${x}\"");
    }

    #[test]
    fn equals_signs_align_like_terraform_fmt() {
        let text = hcl_of(
            r#"{"Comment": "c", "StartAt": "T", "States": {"T": {
                "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "f", "Payload.$": "$", "Nested": {"a": [{"b": 1}]}, "x": 1, "yy": 2},
                "ResultPath": null, "TimeoutSeconds": 30, "End": true}}}"#,
        );
        let want = r#"data "sfn_workflow" "w" {
  comment  = "c"
  start_at = "T"

  task "T" {
    resource = "arn:aws:states:::lambda:invoke"
    parameters = {
      FunctionName = "f"
      "Payload.$"  = "$"
      Nested = {
        a = [
          { b = 1 },
        ]
      }
      x  = 1
      yy = 2
    }
    result_path     = "null"
    timeout_seconds = 30
    end             = true
  }
}
"#;
        assert_eq!(text, want);
    }

    #[test]
    fn long_collections_go_over_several_lines() {
        let long = "x".repeat(60);
        let text = hcl_of(&pass_with(&format!(
            r#"{{"list": ["{long}", "{long}"], "short": [1, 2], "empty": {{}}, "none": []}}"#
        )));
        assert!(
            text.contains(&format!(
                "      list = [\n        \"{long}\",\n        \"{long}\",\n      ]\n"
            )),
            "{text}"
        );
        assert!(
            text.contains("      short = [1, 2]\n      empty = {}\n      none  = []\n"),
            "{text}"
        );
    }

    #[test]
    fn blocks_rules_and_retries() {
        let text = hcl_of(
            r#"{"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [
                {"Not": {"Variable": "$.a", "IsPresent": true}, "Next": "T"},
                {"And": [{"Variable": "$.n", "NumericGreaterThan": 1.5}, {"Variable": "$.s", "StringEqualsPath": "$.t"}], "Next": "T"}
              ], "Default": "T"},
              "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                "Retry": [{"ErrorEquals": ["States.Timeout"], "BackoffRate": 1.5, "JitterStrategy": "FULL"}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": null, "Next": "F"}]},
              "F": {"Type": "Fail", "Error": "E"}}}"#,
        );
        for part in [
            "  choice \"C\" {\n    default = \"T\"\n\n    rule {\n      next = \"T\"\n\n      not {\n        variable   = \"$.a\"\n        is_present = true\n      }\n    }\n",
            "      and {\n        variable             = \"$.n\"\n        numeric_greater_than = 1.5\n      }\n",
            "string_equals_path = \"$.t\"",
            "    retry {\n      error_equals    = [\"States.Timeout\"]\n      backoff_rate    = 1.5\n      jitter_strategy = \"FULL\"\n    }\n",
            "    catch {\n      error_equals = [\"States.ALL\"]\n      result_path  = \"null\"\n      next         = \"F\"\n    }\n",
            "  fail \"F\" {\n    error = \"E\"\n  }\n",
        ] {
            assert!(text.contains(part), "missing:\n{part}\nin:\n{text}");
        }
    }

    /// A Parallel state nesting `levels` levels of branches, the innermost holding `inner`.
    fn nested_branches(levels: usize, inner: &str) -> String {
        let mut w = inner.to_string();
        for i in 0..levels {
            w = format!(
                r#"{{"StartAt": "L{i}", "States": {{"L{i}": {{"Type": "Parallel", "Branches": [{w}], "End": true}}}}}}"#
            );
        }
        w
    }

    #[test]
    fn too_deep_workflows_fall_back_to_json_in_the_innermost_branch() {
        let inner = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"b": "${x}", "a": 1}, "End": true}}}"#;
        // 3 levels of branches: blocks all the way.
        let c = convert(&machine(&nested_branches(3, inner)), "w").unwrap();
        assert!(c.fallbacks.is_empty(), "{}", c.text);
        // 4 levels: the workflow at depth 3 holds a Parallel and becomes JSON.
        let m = machine(&nested_branches(4, inner));
        let c = convert(&m, "w").unwrap();
        assert_eq!(c.fallbacks.len(), 1);
        assert_eq!(
            c.fallbacks[0].path.to_string(),
            "/States/L3/Branches/0/States/L2/Branches/0/States/L1/Branches/0"
        );
        assert!(
            c.text.contains("            branch {\n              # As JSON: Parallel state \"L0\" is nested deeper than the 3 levels of blocks"),
            "{}",
            c.text
        );
        assert!(
            c.text
                .contains("              json = <<-EOT\n                {\n"),
            "{}",
            c.text
        );
        assert!(
            c.text.contains("\"b\": \"$${x}\""),
            "template sequences escaped in heredocs"
        );
        assert!(
            c.text.contains("\n              EOT\n            }\n"),
            "{}",
            c.text
        );
        // Inside JSON, payload key order is kept; elsewhere Terraform sorts keys.
        assert_eq!(emit::to_pretty(&c.terraform_model), emit::to_pretty(&m));
    }

    #[test]
    fn terraform_model_sorts_payload_keys_outside_json() {
        let m = machine(&pass_with(
            r#"{"b": {"z": 1, "y": 2}, "a": [{"d": 1, "c": 2}]}"#,
        ));
        let c = convert(&m, "w").unwrap();
        let result = c.terraform_model.states[0].1.result.clone().unwrap();
        assert_eq!(
            result.to_compact(),
            r#"{"a":[{"c":2,"d":1}],"b":{"y":2,"z":1}}"#
        );
    }

    #[test]
    fn deep_rules_fall_back_and_processor_keeps_its_mode() {
        let rule =
            r#"{"And": [{"Or": [{"Not": {"Variable": "$.a", "IsPresent": true}}]}], "Next": "S"}"#;
        let text = format!(
            r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", "End": true, "ItemProcessor": {{
                "ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}},
                "StartAt": "C", "States": {{"C": {{"Type": "Choice", "Choices": [{rule}], "Default": "S"}}, "S": {{"Type": "Succeed"}}}}}}}}}}}}"#
        );
        let c = convert(&machine(&text), "w").unwrap();
        assert_eq!(c.fallbacks.len(), 1);
        assert!(
            c.text.contains("      mode           = \"DISTRIBUTED\"\n      execution_type = \"EXPRESS\"\n      json           = <<-EOT\n"),
            "{}",
            c.text
        );
        assert!(!c.text.contains("ProcessorConfig"), "{}", c.text);
        // At the top there is nothing to fall back to.
        let top = format!(
            r#"{{"StartAt": "C", "States": {{"C": {{"Type": "Choice", "Choices": [{rule}], "Default": "S"}}, "S": {{"Type": "Succeed"}}}}}}"#
        );
        let problems = to_hcl(&machine(&top), "w").unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].path.to_string(),
            "/States/C/Choices/0/And/0/Or/0"
        );
        assert!(problems[0].message.contains("deeper than the 2 levels"));
    }

    #[test]
    fn what_hcl_cannot_say_falls_back_or_is_reported() {
        let cases: &[(&str, &str)] = &[
            (r#""Result": null"#, "Result is null"),
            (r#""Result": {"n": 1e3}"#, "exponent form"),
            (r#""ResultPath": "null""#, "reserves for ASL's null"),
            (r#""Resource": "arn:x""#, "not a field of a Pass state"),
        ];
        for (field, why) in cases {
            let state = format!(r#"{{"Type": "Pass", {field}, "End": true}}"#);
            // At the top: an error.
            let top = format!(r#"{{"StartAt": "P", "States": {{"P": {state}}}}}"#);
            let report = crate::parse_str(&top);
            let m = report.machine.unwrap();
            let problems = to_hcl(&m, "w").unwrap_err();
            assert!(
                problems.iter().any(|p| p.message.contains(why)),
                "{field}: {problems:?}"
            );
            // In a branch: JSON.
            let nested = format!(
                r#"{{"StartAt": "Par", "States": {{"Par": {{"Type": "Parallel", "End": true, "Branches": [{top}]}}}}}}"#
            );
            let c = convert(&crate::parse_str(&nested).machine.unwrap(), "w").unwrap();
            assert_eq!(c.fallbacks.len(), 1, "{field}");
            assert!(
                c.fallbacks[0].message.contains(why),
                "{field}: {:?}",
                c.fallbacks
            );
        }
    }

    #[test]
    fn unknown_fields_and_legacy_iterator() {
        let report = crate::parse_str(
            r#"{"StartAt": "P", "Extra": 1, "States": {"P": {"Type": "Pass", "Bogus": true, "End": true}}}"#,
        );
        let problems = to_hcl(&report.machine.unwrap(), "w").unwrap_err();
        let paths: Vec<String> = problems.iter().map(|p| p.path.to_string()).collect();
        assert_eq!(paths, ["/Extra", "/States/P/Bogus"]);
        // Unknown fields stay problems inside JSON too.
        let report = crate::parse_str(
            r#"{"StartAt": "Par", "States": {"Par": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Bogus": true, "Result": null, "End": true}}}]}}}"#,
        );
        let problems = to_hcl(&report.machine.unwrap(), "w").unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("\"Bogus\""));
        // Iterator: an error at the top, JSON (which keeps the name) in a branch.
        let map = r#"{"Type": "Map", "Iterator": {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}, "End": true}"#;
        let top = format!(r#"{{"StartAt": "M", "States": {{"M": {map}}}}}"#);
        let problems = to_hcl(&machine(&top), "w").unwrap_err();
        assert!(
            problems[0].message.contains("legacy Iterator"),
            "{problems:?}"
        );
        let nested = format!(
            r#"{{"StartAt": "Par", "States": {{"Par": {{"Type": "Parallel", "End": true, "Branches": [{top}]}}}}}}"#
        );
        let c = convert(&machine(&nested), "w").unwrap();
        assert!(c.text.contains("\"Iterator\": {"), "{}", c.text);
    }

    #[test]
    fn combining_characters_are_noted() {
        let c = convert(&machine(&pass_with(r#"{"k": "e\u0301"}"#)), "w").unwrap();
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.notes[0].path.to_string(), "/States/P/Result/k");
        let c = convert(&machine(&pass_with(r#"{"k": "é ü ✓ 日本"}"#)), "w").unwrap();
        assert!(c.notes.is_empty());
    }

    #[test]
    fn columns_count_graphemes_roughly() {
        assert_eq!(columns("abc"), 3);
        assert_eq!(columns("\"äé\""), 4);
        assert_eq!(columns("👍🏽"), 1);
        assert_eq!(columns("🇫🇷🇩🇪"), 2);
        assert_eq!(columns("👨‍👩‍👧"), 1);
    }

    #[test]
    fn bad_names_are_refused() {
        let m = machine(&pass_with("1"));
        let problems = to_hcl(&m, "my workflow").unwrap_err();
        assert!(problems[0].message.contains("not a valid Terraform name"));
    }

    mod generated {
        use super::*;
        use proptest::prelude::*;

        fn json() -> impl Strategy<Value = Json> {
            let leaf = prop_oneof![
                Just(Json::Null),
                any::<bool>().prop_map(Json::Bool),
                prop_oneof![
                    any::<i64>().prop_map(|n| n.to_string()),
                    "-?[0-9]{1,3}(\\.[0-9]{1,3})?(e-?[0-9])?".prop_map(String::from),
                ]
                .prop_filter_map("number", |s| Num::parse(&s).map(Json::Number)),
                "[ -~\\n\\t\\u{e9}\\u{301}{}$%\"\\\\]{0,12}".prop_map(Json::String),
            ];
            leaf.prop_recursive(4, 24, 4, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
                    prop::collection::vec(("[a-zA-Z$. ]{0,6}", inner), 0..4).prop_map(Json::Object),
                ]
            })
        }

        fn rule() -> impl Strategy<Value = ChoiceRule> {
            let leaf = (
                prop::option::of("[$.a-z]{1,6}"),
                prop::sample::select(Operator::ALL.to_vec()),
                json(),
                prop::option::of("[A-C]"),
            )
                .prop_map(|(variable, op, v, next)| ChoiceRule {
                    variable,
                    comparisons: vec![(op, v)],
                    next,
                    ..ChoiceRule::default()
                });
            leaf.prop_recursive(4, 12, 3, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..3).prop_map(|v| ChoiceRule {
                        and: Some(v),
                        ..ChoiceRule::default()
                    }),
                    inner.clone().prop_map(|r| ChoiceRule {
                        not: Some(Box::new(r)),
                        next: Some("A".into()),
                        ..ChoiceRule::default()
                    }),
                    (inner, json()).prop_map(|(r, j)| ChoiceRule {
                        or: Some(vec![r]),
                        assign: Some(j),
                        ..ChoiceRule::default()
                    }),
                ]
            })
        }

        fn state(children: BoxedStrategy<Workflow>) -> impl Strategy<Value = State> {
            (
                prop::option::of(prop::sample::select(StateType::ALL.to_vec())),
                prop::option::of(json()),
                prop::option::of(json()),
                prop::option::of(prop_oneof![
                    Just(PathOrNull::Null),
                    "[$.a-z]{0,5}".prop_map(PathOrNull::Path)
                ]),
                prop::option::of(prop::collection::vec(rule(), 0..3)),
                prop::option::of(prop::collection::vec(children.clone(), 0..2)),
                prop::option::of(children),
                (prop::option::of("[A-C]"), prop::option::of(any::<bool>())),
                prop::collection::vec(("[A-Z][a-z]{0,4}", json()), 0..2),
            )
                .prop_map(
                    |(
                        kind,
                        parameters,
                        result,
                        result_path,
                        choices,
                        branches,
                        proc,
                        (next, end),
                        unknown,
                    )| {
                        State {
                            kind,
                            parameters,
                            result,
                            result_path,
                            choices,
                            branches,
                            item_processor: proc,
                            next,
                            end,
                            retry: Some(vec![Retrier {
                                error_equals: Some(vec!["States.ALL".into()]),
                                backoff_rate: Num::parse("1.5"),
                                ..Retrier::default()
                            }]),
                            unknown,
                            ..State::default()
                        }
                    },
                )
        }

        fn workflow() -> impl Strategy<Value = Workflow> {
            let leaf = Just(Workflow::default()).boxed();
            leaf.prop_recursive(5, 16, 3, |inner| {
                (
                    prop::option::of("[A-C]"),
                    prop::collection::vec(("[A-C]{1,2}", state(inner)), 0..4),
                    prop::option::of(prop_oneof![Just("INLINE"), Just("DISTRIBUTED")]),
                )
                    .prop_map(|(start_at, states, mode)| Workflow {
                        start_at,
                        states,
                        processor_config: mode.map(|m| ProcessorConfig {
                            mode: Some(m.into()),
                            ..ProcessorConfig::default()
                        }),
                        ..Workflow::default()
                    })
                    .boxed()
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn conversion_never_panics(w in workflow(), name in "[a-z_ ]{0,6}") {
                match convert(&w, &name) {
                    Ok(c) => {
                        let well_framed = c.text.starts_with("data \"sfn_workflow\" ")
                            && c.text.ends_with("}\n");
                        prop_assert!(well_framed, "{}", c.text);
                        let opens = c.text.matches("<<-EOT").count();
                        let closes = c.text.lines().filter(|l| l.trim() == "EOT").count();
                        prop_assert_eq!(opens, closes);
                    }
                    Err(problems) => prop_assert!(!problems.is_empty()),
                }
            }
        }
    }
}
