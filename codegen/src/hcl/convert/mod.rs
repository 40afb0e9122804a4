//! [`to_hcl`]: ASL -> the typed HCL of `sfn_workflow` (how teams migrate existing JSON files).
//!
//! Top-level states become labelled blocks when the blocks can express them, and `states`
//! objects otherwise (a Choice rule nested deeper than the blocks go, an empty `Retry: []`);
//! nested workflows give their states in `states`. What neither form can express is written as
//! ASL in the `json` attribute of the innermost branch or processor holding it.

mod distributed;

use std::fmt;

use super::text::{escape_template, nfc_unsafe, object_key, quote, render_block};
use super::*;
use crate::diagnostic::Path;
use crate::emit;
use crate::json::{Json, Num};
use crate::model::fields::{Kind, FIELDS};
use crate::model::operators::OperandKind;
use crate::model::*;
use distributed::{item_batcher_block, item_reader_block, result_writer_block};

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
    let body = workflow_body(machine, &root, 0, ScopeKind::Machine, true, &mut cx);
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
    super::terraform_model::sort_workflow_payloads(&mut terraform_model, &root, &skip);
    super::terraform_model::current_names(&mut terraform_model, &root, &skip);
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
    fn absorb(&mut self, other: Cx) {
        self.issues.extend(other.issues);
        self.fallbacks.extend(other.fallbacks);
        for n in other.notes {
            if !self.notes.contains(&n) {
                self.notes.push(n);
            }
        }
    }

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
pub(super) enum Expr {
    /// A single-line literal, already rendered: a number, a bool, `null` or a quoted string.
    Lit(String),
    /// A `<<-EOT` heredoc; the text is already escaped and ends with a newline.
    Heredoc(String),
    Tuple(Vec<Expr>),
    /// Keys already rendered (identifier or quoted string).
    Object(Vec<(String, Expr)>),
    /// A value with comment lines written above its key.
    Commented(Vec<String>, Box<Expr>),
}

#[derive(Debug, Clone)]
pub(super) enum Item {
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

/// How a state (or a rule) is written: as a block, or as an object in `states`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Block,
    Object,
}

/// Nested blocks of which a state or rule may hold several: a list in the object form.
const LIST_BLOCKS: &[&str] = &["retry", "catch", RULE_BLOCK, BRANCH_BLOCK, "and", "or"];

/// The body of a workflow: the data source itself, a branch or a processor. With `typed`, its
/// states are blocks where blocks can express them; the others go in `states`.
fn workflow_body(
    w: &Workflow,
    path: &Path,
    depth: usize,
    kind: ScopeKind,
    typed: bool,
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
    let mut blocks = Vec::new();
    let mut objects: Vec<(String, Expr)> = Vec::new();
    for i in emit::flow_order(w) {
        let Some((name, s)) = w.states.get(i) else {
            continue;
        };
        let sp = states_path.key(name);
        if w.states.iter().filter(|(n, _)| n == name).count() > 1 {
            cx.hard(&sp, format!("state name \"{name}\" is used more than once"));
        }
        if typed {
            let mut local = Cx::default();
            if let Some(body) = state_body(name, s, &sp, depth, Form::Block, &mut local) {
                if local.issues.iter().all(|i| i.hard) {
                    cx.absorb(local);
                    let t = s.kind.map_or("state", block_name);
                    blocks.push(Item::Block(format!("{t} {}", quote(name)), body));
                    continue;
                }
            }
        }
        if let Some(body) = state_body(name, s, &sp, depth, Form::Object, cx) {
            let t = s.kind.map_or("state", block_name);
            let mut members = vec![(TYPE_KEY.to_string(), lit_str(t))];
            if let Expr::Object(rest) = object_of(body) {
                members.extend(rest);
            }
            objects.push((object_key(name), Expr::Object(members)));
        }
    }
    if !objects.is_empty() {
        attr(&mut items, STATES_ATTR, Expr::Object(objects));
    }
    items.extend(blocks);
    items
}

/// Block items as the object a `states` entry holds: attributes as members, list blocks as lists,
/// single blocks as objects, comments above the member that follows them.
fn object_of(items: Vec<Item>) -> Expr {
    let mut members: Vec<(String, Expr)> = Vec::new();
    let mut comments: Vec<String> = Vec::new();
    let put =
        |members: &mut Vec<(String, Expr)>, k: String, v: Expr, comments: &mut Vec<String>| {
            let v = if comments.is_empty() {
                v
            } else {
                Expr::Commented(std::mem::take(comments), Box::new(v))
            };
            members.push((k, v));
        };
    for item in items {
        match item {
            Item::Comment(c) => comments.push(c),
            Item::Attr(k, v) => put(&mut members, k, v, &mut comments),
            Item::Block(k, body) if LIST_BLOCKS.contains(&k.as_str()) => {
                let v = object_of(body);
                match members.iter_mut().find(|(m, _)| *m == k) {
                    Some((_, Expr::Tuple(list))) => list.push(v),
                    _ => put(&mut members, k, Expr::Tuple(vec![v]), &mut comments),
                }
            }
            Item::Block(k, body) => {
                let v = object_of(body);
                put(&mut members, k, v, &mut comments)
            }
        }
    }
    Expr::Object(members)
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

/// The fields of a state, as block items (the object form converts them with [`object_of`]).
fn state_body(
    name: &str,
    s: &State,
    path: &Path,
    depth: usize,
    form: Form,
    cx: &mut Cx,
) -> Option<Vec<Item>> {
    check_text(name, path, cx);
    let Some(t) = s.kind else {
        cx.soft(path, format!("state \"{name}\" has no valid Type"));
        return None;
    };
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
                    empty_list(&mut attrs, "retry", "Retry", &p, form, cx);
                }
                for (i, r) in rs.iter().enumerate() {
                    blocks.push(retry_block(r, &p.index(i), cx));
                }
            }
            "Catch" => {
                let cs = s.catch.as_deref().unwrap_or_default();
                if cs.is_empty() {
                    empty_list(&mut attrs, "catch", "Catch", &p, form, cx);
                }
                for (i, c) in cs.iter().enumerate() {
                    blocks.push(catch_block(c, &p.index(i), cx));
                }
            }
            "Choices" => {
                for (i, r) in s.choices.iter().flatten().enumerate() {
                    blocks.push(Item::Block(
                        RULE_BLOCK.into(),
                        rule_body(r, &p.index(i), 0, form, cx),
                    ));
                }
            }
            "Branches" => {
                for (i, b) in s.branches.iter().flatten().enumerate() {
                    let typed = form == Form::Block && typed_blocks_at(depth + 1);
                    let body = nested(b, &p.index(i), depth + 1, ScopeKind::Branch, typed, cx);
                    blocks.push(Item::Block(BRANCH_BLOCK.into(), body));
                }
            }
            "ItemProcessor" => {
                if let Some(w) = &s.item_processor {
                    let typed = form == Form::Block && typed_blocks_at(depth + 1);
                    let body = nested(w, &p, depth + 1, ScopeKind::Processor, typed, cx);
                    blocks.push(Item::Block(PROCESSOR_BLOCK.into(), body));
                }
            }
            "Iterator" => {
                if s.item_processor.is_some() {
                    cx.soft(
                        &p,
                        format!("Map state \"{name}\" has both Iterator and ItemProcessor"),
                    );
                } else if let Some(w) = &s.iterator {
                    // The legacy name: written under its current one, which AWS runs the same.
                    let typed = form == Form::Block && typed_blocks_at(depth + 1);
                    let mut body = vec![Item::Comment(
                        "Iterator in the original definition: item_processor is its current name (AWS runs both alike).".into(),
                    )];
                    body.extend(nested(w, &p, depth + 1, ScopeKind::Processor, typed, cx));
                    blocks.push(Item::Block(PROCESSOR_BLOCK.into(), body));
                }
            }
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
    Some(attrs)
}

/// An empty list (`Retry: []`): `retry = []` in an object; blocks have no way to say it.
fn empty_list(items: &mut Vec<Item>, hcl: &str, asl: &str, path: &Path, form: Form, cx: &mut Cx) {
    match form {
        Form::Object => attr(items, hcl, Expr::Tuple(Vec::new())),
        Form::Block => cx.soft(path, format!("an empty {asl} list has no block form")),
    }
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

fn rule_body(r: &ChoiceRule, path: &Path, depth: usize, form: Form, cx: &mut Cx) -> Vec<Item> {
    let top = depth == 0;
    let mut items = Vec::new();
    if !top {
        let extras = [
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
    if has_nested && depth >= RULE_DEPTH && form == Form::Block {
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
            empty_list(&mut items, hcl, asl, &p, form, cx);
        }
        for (i, x) in list.iter().enumerate() {
            items.push(Item::Block(
                hcl.into(),
                rule_body(x, &p.index(i), depth + 1, form, cx),
            ));
        }
    }
    if let Some(x) = &r.not {
        items.push(Item::Block(
            "not".into(),
            rule_body(x, &path.key("Not"), depth + 1, form, cx),
        ));
    }
    unknown_fields(&r.unknown, path, "a Choice rule", cx);
    items
}

/// A branch or processor body: blocks when they can express it, else the workflow as ASL in
/// `json` (plus `mode`/`execution_type` for a processor, which the provider applies to it).
fn nested(
    w: &Workflow,
    path: &Path,
    depth: usize,
    kind: ScopeKind,
    typed: bool,
    cx: &mut Cx,
) -> Vec<Item> {
    let mut local = Cx::default();
    let body = workflow_body(w, path, depth, kind, typed, &mut local);
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

pub(super) fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
