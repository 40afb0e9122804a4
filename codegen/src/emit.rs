//! Model -> canonical JSON. Deterministic: the same model always gives byte-identical output.
//! Keys follow the conventional ASL order ([`fields::FIELDS`] for states); states follow the flow
//! from `StartAt` (depth first, `Next` before branches and catchers), unreachable states last in
//! their original order. Payload objects keep the order they were given in.
//!
//! The emission is written once, against [`Out`]: [`Text`] writes JSON text as it goes (no
//! intermediate tree, which used to cost more than the writing itself), [`Tree`] builds a [`Json`]
//! for [`to_json`] and [`state_field`].

use std::sync::OnceLock;

use crate::json::{self, Json, Num, Sink};
use crate::model::*;

/// Pretty JSON (two-space indentation), the form the data source and `fmt` produce.
pub fn to_pretty(machine: &StateMachine) -> String {
    let mut out = String::new();
    workflow(&mut Text::new(&mut out, Some(2)), machine);
    out
}

/// Compact JSON with no insignificant whitespace.
pub fn to_compact(machine: &StateMachine) -> String {
    let mut out = String::new();
    workflow(&mut Text::new(&mut out, None), machine);
    out
}

/// Length in characters (not bytes) of [`to_compact`], without building it.
pub fn compact_chars(machine: &StateMachine) -> usize {
    let mut count = json::CharCount(0);
    workflow(&mut Text::new(&mut count, None), machine);
    count.0
}

pub fn to_json(machine: &StateMachine) -> Json {
    let mut tree = Tree::default();
    workflow(&mut tree, machine);
    tree.finish()
}

/// Receives the emitted JSON, in document order.
trait Out {
    fn begin_object(&mut self);
    /// The key of the next member of the innermost object; its value follows.
    fn key(&mut self, key: &str);
    fn end_object(&mut self);
    fn begin_array(&mut self);
    fn end_array(&mut self);
    fn value(&mut self, v: &Json);
    fn string(&mut self, s: &str);
    fn number(&mut self, n: &Num);
    fn boolean(&mut self, b: bool);
    fn null(&mut self);
}

/// Writes JSON text in the layout of [`Json::to_pretty`] (with an indent) or
/// [`Json::to_compact`] (without), byte for byte.
struct Text<'s, S: Sink> {
    out: &'s mut S,
    indent: Option<usize>,
    /// The open objects and arrays, innermost last.
    open: Vec<Level>,
}

struct Level {
    array: bool,
    /// Whether it has an element (or member) yet.
    filled: bool,
}

impl<'s, S: Sink> Text<'s, S> {
    fn new(out: &'s mut S, indent: Option<usize>) -> Self {
        Text {
            out,
            indent,
            open: Vec::new(),
        }
    }

    /// Starts an element of the innermost array or object: separator and line break.
    fn element(&mut self) {
        let depth = self.open.len();
        if let Some(level) = self.open.last_mut() {
            if level.filled {
                self.out.put(",");
            }
            level.filled = true;
            json::newline(self.out, self.indent, depth);
        }
    }

    /// Before any value: an array element starts here; an object member started with its key.
    /// Returns the depth the value is written at.
    fn before_value(&mut self) -> usize {
        if self.open.last().is_some_and(|l| l.array) {
            self.element();
        }
        self.open.len()
    }

    fn open(&mut self, bracket: &str, array: bool) {
        self.before_value();
        self.out.put(bracket);
        self.open.push(Level {
            array,
            filled: false,
        });
    }

    /// `{}`/`[]` when empty, else the closing bracket on its own line.
    fn close(&mut self, bracket: &str) {
        if self.open.pop().is_some_and(|l| l.filled) {
            json::newline(self.out, self.indent, self.open.len());
        }
        self.out.put(bracket);
    }
}

impl<S: Sink> Out for Text<'_, S> {
    fn begin_object(&mut self) {
        self.open("{", false);
    }

    fn key(&mut self, key: &str) {
        self.element();
        json::string_to(self.out, key);
        self.out.put(if self.indent.is_some() { ": " } else { ":" });
    }

    fn end_object(&mut self) {
        self.close("}");
    }

    fn begin_array(&mut self) {
        self.open("[", true);
    }

    fn end_array(&mut self) {
        self.close("]");
    }

    fn value(&mut self, v: &Json) {
        let depth = self.before_value();
        self.out.put_value(v, self.indent, depth);
    }

    fn string(&mut self, s: &str) {
        self.before_value();
        json::string_to(self.out, s);
    }

    fn number(&mut self, n: &Num) {
        self.before_value();
        self.out.put(n.as_str());
    }

    fn boolean(&mut self, b: bool) {
        self.before_value();
        self.out.put(if b { "true" } else { "false" });
    }

    fn null(&mut self) {
        self.before_value();
        self.out.put("null");
    }
}

/// Builds a [`Json`] tree.
#[derive(Default)]
struct Tree {
    /// The open objects (with the key of the member being built) and arrays, innermost last.
    open: Vec<Partial>,
    done: Option<Json>,
}

enum Partial {
    Object(Vec<(String, Json)>, String),
    Array(Vec<Json>),
}

impl Tree {
    fn place(&mut self, v: Json) {
        match self.open.last_mut() {
            Some(Partial::Object(members, key)) => members.push((std::mem::take(key), v)),
            Some(Partial::Array(items)) => items.push(v),
            None => self.done = Some(v),
        }
    }

    fn finish(self) -> Json {
        self.done.unwrap_or(Json::Null)
    }
}

impl Out for Tree {
    fn begin_object(&mut self) {
        self.open.push(Partial::Object(Vec::new(), String::new()));
    }

    fn key(&mut self, key: &str) {
        if let Some(Partial::Object(_, k)) = self.open.last_mut() {
            *k = key.to_string();
        }
    }

    fn end_object(&mut self) {
        if let Some(Partial::Object(members, _)) = self.open.pop() {
            self.place(Json::Object(members));
        }
    }

    fn begin_array(&mut self) {
        self.open.push(Partial::Array(Vec::new()));
    }

    fn end_array(&mut self) {
        if let Some(Partial::Array(items)) = self.open.pop() {
            self.place(Json::Array(items));
        }
    }

    fn value(&mut self, v: &Json) {
        self.place(v.clone());
    }

    fn string(&mut self, s: &str) {
        self.place(Json::String(s.to_string()));
    }

    fn number(&mut self, n: &Num) {
        self.place(Json::Number(n.clone()));
    }

    fn boolean(&mut self, b: bool) {
        self.place(Json::Bool(b));
    }

    fn null(&mut self) {
        self.place(Json::Null);
    }
}

fn text<O: Out>(o: &mut O, key: &str, v: &Option<String>) {
    if let Some(s) = v {
        o.key(key);
        o.string(s);
    }
}

fn json<O: Out>(o: &mut O, key: &str, v: &Option<Json>) {
    if let Some(v) = v {
        o.key(key);
        o.value(v);
    }
}

fn number<O: Out>(o: &mut O, key: &str, v: &Option<Num>) {
    if let Some(n) = v {
        o.key(key);
        o.number(n);
    }
}

fn num_or_expr<O: Out>(o: &mut O, key: &str, v: &Option<NumOrExpr>) {
    if let Some(v) = v {
        o.key(key);
        match v {
            NumOrExpr::Num(n) => o.number(n),
            NumOrExpr::Expr(s) => o.string(s),
        }
    }
}

fn path_or_null<O: Out>(o: &mut O, key: &str, v: &Option<PathOrNull>) {
    if let Some(v) = v {
        o.key(key);
        match v {
            PathOrNull::Null => o.null(),
            PathOrNull::Path(p) => o.string(p),
        }
    }
}

fn strings<O: Out>(o: &mut O, key: &str, v: &Option<Vec<String>>) {
    if let Some(v) = v {
        o.key(key);
        list(o, v, |o, s| o.string(s));
    }
}

fn list<O: Out, T>(o: &mut O, items: &[T], mut item: impl FnMut(&mut O, &T)) {
    o.begin_array();
    for x in items {
        item(o, x);
    }
    o.end_array();
}

/// Fields the model does not know, emitted unchanged after the known ones.
fn rest<O: Out>(o: &mut O, unknown: &[(String, Json)]) {
    for (k, v) in unknown {
        o.key(k);
        o.value(v);
    }
}

fn workflow<O: Out>(o: &mut O, w: &Workflow) {
    o.begin_object();
    text(o, "Comment", &w.comment);
    if let Some(q) = w.query_language {
        o.key("QueryLanguage");
        o.string(q.as_str());
    }
    if let Some(c) = &w.processor_config {
        o.key("ProcessorConfig");
        processor_config(o, c);
    }
    text(o, "StartAt", &w.start_at);
    o.key("States");
    o.begin_object();
    for i in flow_order(w) {
        let (name, s) = &w.states[i];
        o.key(name);
        state(o, s);
    }
    o.end_object();
    num_or_expr(o, "TimeoutSeconds", &w.timeout_seconds);
    text(o, "Version", &w.version);
    rest(o, &w.unknown);
    o.end_object();
}

fn processor_config<O: Out>(o: &mut O, c: &ProcessorConfig) {
    o.begin_object();
    text(o, "Mode", &c.mode);
    text(o, "ExecutionType", &c.execution_type);
    rest(o, &c.unknown);
    o.end_object();
}

/// Indexes into `w.states` in flow order.
pub fn flow_order(w: &Workflow) -> Vec<usize> {
    let by_name: std::collections::HashMap<&str, usize> = w
        .states
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.as_str(), i))
        .collect();
    let index_of = |name: &str| by_name.get(name).copied();
    let mut seen = vec![false; w.states.len()];
    let mut order = Vec::with_capacity(w.states.len());
    let mut stack: Vec<usize> = Vec::new();
    if let Some(start) = w.start_at.as_deref().and_then(index_of) {
        stack.push(start);
    }
    while let Some(i) = stack.pop() {
        if seen[i] {
            continue;
        }
        seen[i] = true;
        order.push(i);
        // Pushed in reverse so that `Next` is visited first, then Choice targets, then catchers.
        let targets = successors(&w.states[i].1);
        for t in targets.iter().rev() {
            if let Some(j) = index_of(t) {
                if !seen[j] {
                    stack.push(j);
                }
            }
        }
    }
    order.extend((0..w.states.len()).filter(|i| !seen[*i]));
    order
}

/// The names a state can transition to, in the order a reader follows them.
pub fn successors(s: &State) -> Vec<&str> {
    let mut out = Vec::new();
    if let Some(n) = &s.next {
        out.push(n.as_str());
    }
    for rule in s.choices.iter().flatten() {
        if let Some(n) = &rule.next {
            out.push(n.as_str());
        }
    }
    if let Some(d) = &s.default {
        out.push(d.as_str());
    }
    for c in s.catch.iter().flatten() {
        if let Some(n) = &c.next {
            out.push(n.as_str());
        }
    }
    out
}

/// The value of a state field, borrowed from the state.
enum Field<'s> {
    Str(&'s str),
    Json(&'s Json),
    NumOrExpr(&'s NumOrExpr),
    PathOrNull(&'s PathOrNull),
    Bool(bool),
    Choices(&'s [ChoiceRule]),
    Branches(&'s [Workflow]),
    Workflow(&'s Workflow),
    ItemReader(&'s ItemReader),
    ItemBatcher(&'s ItemBatcher),
    ResultWriter(&'s ResultWriter),
    Retry(&'s [Retrier]),
    Catch(&'s [Catcher]),
}

type Getter = for<'s> fn(&'s State) -> Option<Field<'s>>;

/// How to read a state field, by its ASL name (`None` for names the model has no field for).
fn getter(name: &str) -> Option<Getter> {
    let g: Getter = match name {
        "Type" => |s| s.kind.map(|k| Field::Str(k.as_str())),
        "QueryLanguage" => |s| s.query_language.map(|q| Field::Str(q.as_str())),
        "Comment" => |s| s.comment.as_deref().map(Field::Str),
        "Resource" => |s| s.resource.as_deref().map(Field::Str),
        "Credentials" => |s| s.credentials.as_ref().map(Field::Json),
        "Choices" => |s| s.choices.as_deref().map(Field::Choices),
        "Default" => |s| s.default.as_deref().map(Field::Str),
        "Seconds" => |s| s.seconds.as_ref().map(Field::NumOrExpr),
        "SecondsPath" => |s| s.seconds_path.as_deref().map(Field::Str),
        "Timestamp" => |s| s.timestamp.as_deref().map(Field::Str),
        "TimestampPath" => |s| s.timestamp_path.as_deref().map(Field::Str),
        "Error" => |s| s.error.as_deref().map(Field::Str),
        "ErrorPath" => |s| s.error_path.as_deref().map(Field::Str),
        "Cause" => |s| s.cause.as_deref().map(Field::Str),
        "CausePath" => |s| s.cause_path.as_deref().map(Field::Str),
        "Branches" => |s| s.branches.as_deref().map(Field::Branches),
        "ItemReader" => |s| s.item_reader.as_ref().map(Field::ItemReader),
        "Items" => |s| s.items.as_ref().map(Field::Json),
        "ItemsPath" => |s| s.items_path.as_deref().map(Field::Str),
        "ItemSelector" => |s| s.item_selector.as_ref().map(Field::Json),
        "ItemBatcher" => |s| s.item_batcher.as_ref().map(Field::ItemBatcher),
        "MaxConcurrency" => |s| s.max_concurrency.as_ref().map(Field::NumOrExpr),
        "MaxConcurrencyPath" => |s| s.max_concurrency_path.as_deref().map(Field::Str),
        "ToleratedFailurePercentage" => |s| {
            s.tolerated_failure_percentage
                .as_ref()
                .map(Field::NumOrExpr)
        },
        "ToleratedFailurePercentagePath" => |s| {
            s.tolerated_failure_percentage_path
                .as_deref()
                .map(Field::Str)
        },
        "ToleratedFailureCount" => |s| s.tolerated_failure_count.as_ref().map(Field::NumOrExpr),
        "ToleratedFailureCountPath" => {
            |s| s.tolerated_failure_count_path.as_deref().map(Field::Str)
        }
        "ItemProcessor" => |s| s.item_processor.as_ref().map(Field::Workflow),
        "Iterator" => |s| s.iterator.as_ref().map(Field::Workflow),
        "Label" => |s| s.label.as_deref().map(Field::Str),
        "ResultWriter" => |s| s.result_writer.as_ref().map(Field::ResultWriter),
        "InputPath" => |s| s.input_path.as_ref().map(Field::PathOrNull),
        "Parameters" => |s| s.parameters.as_ref().map(Field::Json),
        "Arguments" => |s| s.arguments.as_ref().map(Field::Json),
        "Result" => |s| s.result.as_ref().map(Field::Json),
        "ResultSelector" => |s| s.result_selector.as_ref().map(Field::Json),
        "ResultPath" => |s| s.result_path.as_ref().map(Field::PathOrNull),
        "OutputPath" => |s| s.output_path.as_ref().map(Field::PathOrNull),
        "Output" => |s| s.output.as_ref().map(Field::Json),
        "Assign" => |s| s.assign.as_ref().map(Field::Json),
        "TimeoutSeconds" => |s| s.timeout_seconds.as_ref().map(Field::NumOrExpr),
        "TimeoutSecondsPath" => |s| s.timeout_seconds_path.as_deref().map(Field::Str),
        "HeartbeatSeconds" => |s| s.heartbeat_seconds.as_ref().map(Field::NumOrExpr),
        "HeartbeatSecondsPath" => |s| s.heartbeat_seconds_path.as_deref().map(Field::Str),
        "Retry" => |s| s.retry.as_deref().map(Field::Retry),
        "Catch" => |s| s.catch.as_deref().map(Field::Catch),
        "Next" => |s| s.next.as_deref().map(Field::Str),
        "End" => |s| s.end.map(Field::Bool),
        _ => return None,
    };
    Some(g)
}

/// The state fields in canonical order ([`fields::FIELDS`]) with their getters, looked up by
/// name once rather than for every state.
fn state_fields() -> &'static [(&'static fields::FieldSpec, Getter)] {
    static ORDER: OnceLock<Vec<(&'static fields::FieldSpec, Getter)>> = OnceLock::new();
    ORDER.get_or_init(|| {
        fields::FIELDS
            .iter()
            .filter_map(|f| getter(f.name).map(|g| (f, g)))
            .collect()
    })
}

/// The fields of the registry a state has, in canonical order.
pub fn present_fields(s: &State) -> impl Iterator<Item = &'static fields::FieldSpec> + '_ {
    state_fields()
        .iter()
        .filter(|(_, get)| get(s).is_some())
        .map(|(f, _)| *f)
}

fn state<O: Out>(o: &mut O, s: &State) {
    o.begin_object();
    for (f, get) in state_fields() {
        if let Some(v) = get(s) {
            o.key(f.name);
            field(o, v);
        }
    }
    rest(o, &s.unknown);
    o.end_object();
}

fn field<O: Out>(o: &mut O, v: Field<'_>) {
    match v {
        Field::Str(s) => o.string(s),
        Field::Json(v) => o.value(v),
        Field::NumOrExpr(NumOrExpr::Num(n)) => o.number(n),
        Field::NumOrExpr(NumOrExpr::Expr(s)) => o.string(s),
        Field::PathOrNull(PathOrNull::Null) => o.null(),
        Field::PathOrNull(PathOrNull::Path(p)) => o.string(p),
        Field::Bool(b) => o.boolean(b),
        Field::Choices(rules) => list(o, rules, |o, r| choice_rule(o, r)),
        Field::Branches(b) => list(o, b, |o, w| workflow(o, w)),
        Field::Workflow(w) => workflow(o, w),
        Field::ItemReader(r) => item_reader(o, r),
        Field::ItemBatcher(b) => item_batcher(o, b),
        Field::ResultWriter(w) => result_writer(o, w),
        Field::Retry(r) => list(o, r, |o, r| retrier(o, r)),
        Field::Catch(c) => list(o, c, |o, c| catcher(o, c)),
    }
}

/// Whether a state has a field, by its ASL name: `state_field(s, name).is_some()` without
/// building the value.
pub fn has_field(s: &State, name: &str) -> bool {
    getter(name).is_some_and(|get| get(s).is_some())
}

/// The value of one state field, by its ASL name.
pub fn state_field(s: &State, name: &str) -> Option<Json> {
    let v = getter(name)?(s)?;
    let mut tree = Tree::default();
    field(&mut tree, v);
    Some(tree.finish())
}

fn retrier<O: Out>(o: &mut O, r: &Retrier) {
    o.begin_object();
    strings(o, "ErrorEquals", &r.error_equals);
    number(o, "IntervalSeconds", &r.interval_seconds);
    number(o, "MaxAttempts", &r.max_attempts);
    number(o, "BackoffRate", &r.backoff_rate);
    number(o, "MaxDelaySeconds", &r.max_delay_seconds);
    text(o, "JitterStrategy", &r.jitter_strategy);
    text(o, "Comment", &r.comment);
    rest(o, &r.unknown);
    o.end_object();
}

fn catcher<O: Out>(o: &mut O, c: &Catcher) {
    o.begin_object();
    strings(o, "ErrorEquals", &c.error_equals);
    text(o, "Comment", &c.comment);
    path_or_null(o, "ResultPath", &c.result_path);
    json(o, "Output", &c.output);
    json(o, "Assign", &c.assign);
    text(o, "Next", &c.next);
    rest(o, &c.unknown);
    o.end_object();
}

fn choice_rule<O: Out>(o: &mut O, r: &ChoiceRule) {
    let rules = |o: &mut O, key: &str, v: &Option<Vec<ChoiceRule>>| {
        if let Some(v) = v {
            o.key(key);
            list(o, v, |o, r| choice_rule(o, r));
        }
    };
    o.begin_object();
    text(o, "Comment", &r.comment);
    text(o, "Variable", &r.variable);
    for (op, value) in &r.comparisons {
        o.key(op.as_str());
        o.value(value);
    }
    rules(o, "And", &r.and);
    rules(o, "Or", &r.or);
    if let Some(not) = &r.not {
        o.key("Not");
        choice_rule(o, not);
    }
    json(o, "Condition", &r.condition);
    json(o, "Output", &r.output);
    json(o, "Assign", &r.assign);
    text(o, "Next", &r.next);
    rest(o, &r.unknown);
    o.end_object();
}

fn item_reader<O: Out>(o: &mut O, r: &ItemReader) {
    o.begin_object();
    text(o, "Resource", &r.resource);
    if let Some(c) = &r.reader_config {
        o.key("ReaderConfig");
        reader_config(o, c);
    }
    json(o, "Parameters", &r.parameters);
    json(o, "Arguments", &r.arguments);
    rest(o, &r.unknown);
    o.end_object();
}

fn reader_config<O: Out>(o: &mut O, c: &ReaderConfig) {
    o.begin_object();
    text(o, "InputType", &c.input_type);
    text(o, "ManifestType", &c.manifest_type);
    text(o, "CSVHeaderLocation", &c.csv_header_location);
    strings(o, "CSVHeaders", &c.csv_headers);
    text(o, "CSVDelimiter", &c.csv_delimiter);
    num_or_expr(o, "MaxItems", &c.max_items);
    text(o, "MaxItemsPath", &c.max_items_path);
    rest(o, &c.unknown);
    o.end_object();
}

fn item_batcher<O: Out>(o: &mut O, b: &ItemBatcher) {
    o.begin_object();
    num_or_expr(o, "MaxItemsPerBatch", &b.max_items_per_batch);
    text(o, "MaxItemsPerBatchPath", &b.max_items_per_batch_path);
    num_or_expr(o, "MaxInputBytesPerBatch", &b.max_input_bytes_per_batch);
    text(
        o,
        "MaxInputBytesPerBatchPath",
        &b.max_input_bytes_per_batch_path,
    );
    json(o, "BatchInput", &b.batch_input);
    rest(o, &b.unknown);
    o.end_object();
}

fn result_writer<O: Out>(o: &mut O, w: &ResultWriter) {
    o.begin_object();
    text(o, "Resource", &w.resource);
    if let Some(c) = &w.writer_config {
        o.key("WriterConfig");
        writer_config(o, c);
    }
    json(o, "Parameters", &w.parameters);
    json(o, "Arguments", &w.arguments);
    rest(o, &w.unknown);
    o.end_object();
}

fn writer_config<O: Out>(o: &mut O, c: &WriterConfig) {
    o.begin_object();
    text(o, "OutputType", &c.output_type);
    text(o, "Transformation", &c.transformation);
    rest(o, &c.unknown);
    o.end_object();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Num;

    fn s(v: &str) -> Json {
        Json::String(v.to_string())
    }

    /// A machine with a little of everything: nested workflows, every kind of value, empty
    /// objects and arrays, escapes, non-ASCII text and unknown fields.
    fn machine() -> StateMachine {
        let mut task = State::new(StateType::Task);
        task.resource = Some("arn:aws:states:::lambda:invoke".into());
        task.parameters = Some(Json::Object(vec![
            ("a\"b".into(), s("line\nbreak\u{1}é😀")),
            ("empty".into(), Json::Object(vec![])),
            (
                "list".into(),
                Json::Array(vec![Json::Null, Json::Array(vec![])]),
            ),
        ]));
        task.timeout_seconds = Some(NumOrExpr::Num(Num::from_i64(5)));
        task.retry = Some(vec![Retrier {
            error_equals: Some(vec!["States.ALL".into()]),
            backoff_rate: Num::parse("1.5"),
            ..Retrier::default()
        }]);
        task.catch = Some(vec![Catcher {
            error_equals: Some(vec![]),
            result_path: Some(PathOrNull::Null),
            next: Some("Par".into()),
            ..Catcher::default()
        }]);
        task.next = Some("Par".into());
        task.unknown = vec![("X-Extra".into(), Json::Bool(false))];
        let mut par = State::new(StateType::Parallel);
        par.branches = Some(vec![Workflow {
            start_at: Some("W".into()),
            states: vec![("W".into(), {
                let mut w = State::new(StateType::Wait);
                w.seconds = Some(NumOrExpr::Expr("{% 1 %}".into()));
                w.end = Some(true);
                w
            })],
            ..Workflow::default()
        }]);
        par.end = Some(true);
        let mut choice = State::new(StateType::Choice);
        choice.choices = Some(vec![ChoiceRule {
            not: Some(Box::new(ChoiceRule {
                variable: Some("$.x".into()),
                comparisons: vec![(Operator::IsPresent, Json::Bool(true))],
                ..ChoiceRule::default()
            })),
            next: Some("Task".into()),
            ..ChoiceRule::default()
        }]);
        choice.default = Some("Par".into());
        let mut map = State::new(StateType::Map);
        map.item_reader = Some(ItemReader {
            resource: Some("arn:aws:states:::s3:getObject".into()),
            reader_config: Some(ReaderConfig {
                input_type: Some("CSV".into()),
                ..ReaderConfig::default()
            }),
            ..ItemReader::default()
        });
        map.item_processor = Some(Workflow {
            processor_config: Some(ProcessorConfig {
                mode: Some("DISTRIBUTED".into()),
                ..ProcessorConfig::default()
            }),
            start_at: Some("P".into()),
            states: vec![("P".into(), State::new(StateType::Pass))],
            ..Workflow::default()
        });
        Workflow {
            comment: Some("tab\there".into()),
            start_at: Some("Choose".into()),
            states: vec![
                ("Task".into(), task),
                ("Par".into(), par),
                ("Choose".into(), choice),
                ("Map".into(), map),
                ("Empty".into(), State::default()),
            ],
            timeout_seconds: Some(NumOrExpr::Num(Num::from_i64(60))),
            unknown: vec![("Extra".into(), Json::Object(vec![]))],
            ..Workflow::default()
        }
    }

    #[test]
    fn direct_writing_matches_the_tree() {
        for m in [machine(), Workflow::default()] {
            let tree = to_json(&m);
            assert_eq!(to_pretty(&m), tree.to_pretty());
            assert_eq!(to_compact(&m), tree.to_compact());
            assert_eq!(compact_chars(&m), to_compact(&m).chars().count());
        }
        assert_eq!(to_compact(&Workflow::default()), r#"{"States":{}}"#);
    }

    #[test]
    fn state_fields_by_name() {
        let m = machine();
        let task = &m.states[0].1;
        assert_eq!(state_field(task, "Next"), Some(s("Par")));
        assert_eq!(state_field(task, "End"), None);
        assert_eq!(state_field(task, "NotAField"), None);
        assert!(has_field(task, "Next") && !has_field(task, "End") && !has_field(task, "X"));
        let retry = state_field(task, "Retry").unwrap();
        assert_eq!(
            retry.to_compact(),
            r#"[{"ErrorEquals":["States.ALL"],"BackoffRate":1.5}]"#
        );
        // Every field of the registry the model holds has a getter.
        for f in fields::FIELDS {
            assert!(getter(f.name).is_some(), "{}", f.name);
        }
        let present: Vec<&str> = present_fields(task).map(|f| f.name).collect();
        let want: Vec<&str> = fields::FIELDS
            .iter()
            .map(|f| f.name)
            .filter(|n| has_field(task, n))
            .collect();
        assert_eq!(present, want);
        assert_eq!(present[..2], ["Type", "Resource"]);
    }
}
