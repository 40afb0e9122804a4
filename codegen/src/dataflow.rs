//! Where data-flow values sit in a state, shared by the ASL4xx rules: the JSONPath payload
//! templates (whose `.$` keys are evaluated), the values JSONata evaluates, the `*Path` fields,
//! the `Assign` objects, and the variables each state reads. Walks over JSON are iterative.

use std::borrow::Cow;

use crate::diagnostic::{Loc, Path, Seg, SegRef};
use crate::intrinsics;
use crate::json::Json;
use crate::jsonata;
use crate::jsonpath::{self, Root};
use crate::model::{ChoiceRule, NumOrExpr, PathOrNull, QueryLanguage, State};

/// What a field is for, where rules treat fields differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// JSONata `Arguments` (Task, Parallel), evaluated before the work runs.
    Arguments,
    /// State `Output` (JSONata).
    Output,
    /// State or Choice rule `Assign`.
    Assign,
    CatcherOutput,
    CatcherAssign,
    /// Choice rule `Condition` or `Output`.
    ChoiceRule,
    /// Fields evaluated before the state's work: `ItemSelector`, `Items`, `Credentials`,
    /// `TimeoutSeconds`, `HeartbeatSeconds`, ItemReader/ItemBatcher settings.
    Before,
    /// Anything else.
    Other,
}

/// Where a field sits: up to three steps below its state (`Catch/0/Assign`). Field lists are
/// built for every state by several rules and almost never reported, so the location is kept
/// as borrowed steps and built into a [`Path`] only on demand.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    state: Loc<'a>,
    steps: [SegRef<'static>; 3],
    len: usize,
}

impl<'a> At<'a> {
    pub fn new(state: &'a Path, steps: &[SegRef<'static>]) -> At<'a> {
        debug_assert!(steps.len() <= 3, "{steps:?}");
        let mut at = At {
            state: Loc::At(state),
            steps: [SegRef::Index(0); 3],
            len: steps.len().min(3),
        };
        at.steps[..at.len].copy_from_slice(&steps[..at.len]);
        at
    }

    /// `state/keys...`
    fn keys(state: &'a Path, keys: &[&'static str]) -> At<'a> {
        let mut at = At::new(state, &[]);
        for k in keys.iter().take(3) {
            at.steps[at.len] = SegRef::Key(k);
            at.len += 1;
        }
        at
    }

    pub fn loc(&self) -> Loc<'_> {
        Loc::Steps(&self.state, &self.steps[..self.len])
    }

    pub fn path(&self) -> Path {
        self.loc().to_path()
    }
}

/// A location any number of steps below a state (Choice rules nest), built into a [`Path`]
/// only when reported: its steps are static keys and indexes, so it costs one small vector.
#[derive(Debug, Clone)]
pub struct Below<'a> {
    state: &'a Path,
    steps: Vec<SegRef<'static>>,
}

impl<'a> Below<'a> {
    fn new(state: &'a Path, steps: &[SegRef<'static>]) -> Below<'a> {
        Below {
            state,
            steps: steps.to_vec(),
        }
    }

    fn then(&self, more: &[SegRef<'static>]) -> Below<'a> {
        let mut steps = Vec::with_capacity(self.steps.len() + more.len());
        steps.extend_from_slice(&self.steps);
        steps.extend_from_slice(more);
        Below {
            state: self.state,
            steps,
        }
    }

    pub fn key(&self, key: &'static str) -> Below<'a> {
        self.then(&[SegRef::Key(key)])
    }

    pub fn path(&self) -> Path {
        Loc::Steps(&Loc::At(self.state), &self.steps).to_path()
    }

    /// Whether any step of the whole location (the state's included) is the key `key`.
    pub fn has_key(&self, key: &str) -> bool {
        self.state
            .segments()
            .iter()
            .any(|s| matches!(s, Seg::Key(k) if k == key))
            || self.steps.contains(&SegRef::Key(key))
    }
}

/// One field value, with its location.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    pub at: At<'a>,
    /// The field's key as written (`Parameters`, `Assign`, `Output`).
    pub name: &'static str,
    pub role: Role,
    pub value: Cow<'a, Json>,
}

fn field<'a>(at: At<'a>, name: &'static str, role: Role, value: &'a Json) -> Field<'a> {
    Field {
        at,
        name,
        role,
        value: Cow::Borrowed(value),
    }
}

fn owned<'a>(at: At<'a>, name: &'static str, role: Role, value: Json) -> Field<'a> {
    Field {
        at,
        name,
        role,
        value: Cow::Owned(value),
    }
}

/// The JSONPath payload templates of a state: `Parameters`, `ResultSelector`, `ItemSelector`,
/// `Credentials`, `Assign` (state, Choice rules, catchers), ItemReader and ResultWriter
/// `Parameters`, ItemBatcher `BatchInput`. (`Result` is not a template: it is not evaluated.)
pub fn jsonpath_templates<'a>(st: &'a State, base: &'a Path) -> Vec<Field<'a>> {
    let mut out = Vec::new();
    let mut add = |keys: &[&'static str], name: &'static str, role: Role, v: &'a Option<Json>| {
        if let Some(v) = v {
            out.push(field(At::keys(base, keys), name, role, v));
        }
    };
    add(&["Parameters"], "Parameters", Role::Other, &st.parameters);
    add(
        &["ItemSelector"],
        "ItemSelector",
        Role::Before,
        &st.item_selector,
    );
    add(
        &["Credentials"],
        "Credentials",
        Role::Before,
        &st.credentials,
    );
    add(
        &["ResultSelector"],
        "ResultSelector",
        Role::Other,
        &st.result_selector,
    );
    if let Some(r) = &st.item_reader {
        add(
            &["ItemReader", "Parameters"],
            "Parameters",
            Role::Before,
            &r.parameters,
        );
    }
    if let Some(b) = &st.item_batcher {
        add(
            &["ItemBatcher", "BatchInput"],
            "BatchInput",
            Role::Before,
            &b.batch_input,
        );
    }
    if let Some(w) = &st.result_writer {
        add(
            &["ResultWriter", "Parameters"],
            "Parameters",
            Role::Other,
            &w.parameters,
        );
    }
    for (p, name, role, v) in assigns(st, base) {
        out.push(field(p, name, role, v));
    }
    out
}

/// Every `Assign` object of a state: the state's own, its Choice rules' and its catchers'.
pub fn assigns<'a>(st: &'a State, base: &'a Path) -> Vec<(At<'a>, &'static str, Role, &'a Json)> {
    let mut out = Vec::new();
    if let Some(a) = &st.assign {
        out.push((At::keys(base, &["Assign"]), "Assign", Role::Assign, a));
    }
    for (i, r) in st.choices.iter().flatten().enumerate() {
        if let Some(a) = &r.assign {
            let at = At::new(
                base,
                &[
                    SegRef::Key("Choices"),
                    SegRef::Index(i),
                    SegRef::Key("Assign"),
                ],
            );
            out.push((at, "Assign", Role::Assign, a));
        }
    }
    for (i, c) in st.catch.iter().flatten().enumerate() {
        if let Some(a) = &c.assign {
            let at = At::new(
                base,
                &[
                    SegRef::Key("Catch"),
                    SegRef::Index(i),
                    SegRef::Key("Assign"),
                ],
            );
            out.push((at, "Assign", Role::CatcherAssign, a));
        }
    }
    out
}

/// Every value a JSONata state evaluates (any string in them may be a `{% %}` expression).
pub fn jsonata_values<'a>(st: &'a State, base: &'a Path) -> Vec<Field<'a>> {
    let mut out = Vec::new();
    {
        let mut add =
            |keys: &[&'static str], name: &'static str, role: Role, v: &'a Option<Json>| {
                if let Some(v) = v {
                    out.push(field(At::keys(base, keys), name, role, v));
                }
            };
        add(&["Arguments"], "Arguments", Role::Arguments, &st.arguments);
        add(&["Output"], "Output", Role::Output, &st.output);
        add(&["Items"], "Items", Role::Before, &st.items);
        add(
            &["ItemSelector"],
            "ItemSelector",
            Role::Before,
            &st.item_selector,
        );
        add(
            &["Credentials"],
            "Credentials",
            Role::Before,
            &st.credentials,
        );
        if let Some(r) = &st.item_reader {
            add(
                &["ItemReader", "Arguments"],
                "Arguments",
                Role::Before,
                &r.arguments,
            );
        }
        if let Some(b) = &st.item_batcher {
            add(
                &["ItemBatcher", "BatchInput"],
                "BatchInput",
                Role::Before,
                &b.batch_input,
            );
        }
        if let Some(w) = &st.result_writer {
            add(
                &["ResultWriter", "Arguments"],
                "Arguments",
                Role::Other,
                &w.arguments,
            );
        }
    }
    let mut num = |keys: &[&'static str], name: &'static str, role: Role, v: &Option<NumOrExpr>| {
        if let Some(NumOrExpr::Expr(s)) = v {
            out.push(owned(
                At::keys(base, keys),
                name,
                role,
                Json::String(s.clone()),
            ));
        }
    };
    num(
        &["TimeoutSeconds"],
        "TimeoutSeconds",
        Role::Before,
        &st.timeout_seconds,
    );
    num(
        &["HeartbeatSeconds"],
        "HeartbeatSeconds",
        Role::Before,
        &st.heartbeat_seconds,
    );
    num(&["Seconds"], "Seconds", Role::Other, &st.seconds);
    num(
        &["MaxConcurrency"],
        "MaxConcurrency",
        Role::Before,
        &st.max_concurrency,
    );
    num(
        &["ToleratedFailurePercentage"],
        "ToleratedFailurePercentage",
        Role::Before,
        &st.tolerated_failure_percentage,
    );
    num(
        &["ToleratedFailureCount"],
        "ToleratedFailureCount",
        Role::Before,
        &st.tolerated_failure_count,
    );
    if let Some(c) = st
        .item_reader
        .as_ref()
        .and_then(|r| r.reader_config.as_ref())
    {
        num(
            &["ItemReader", "ReaderConfig", "MaxItems"],
            "MaxItems",
            Role::Before,
            &c.max_items,
        );
    }
    if let Some(b) = &st.item_batcher {
        num(
            &["ItemBatcher", "MaxItemsPerBatch"],
            "MaxItemsPerBatch",
            Role::Before,
            &b.max_items_per_batch,
        );
        num(
            &["ItemBatcher", "MaxInputBytesPerBatch"],
            "MaxInputBytesPerBatch",
            Role::Before,
            &b.max_input_bytes_per_batch,
        );
    }
    let mut text = |keys: &[&'static str], name: &'static str, v: &Option<String>| {
        if let Some(s) = v {
            out.push(owned(
                At::keys(base, keys),
                name,
                Role::Other,
                Json::String(s.clone()),
            ));
        }
    };
    text(&["Timestamp"], "Timestamp", &st.timestamp);
    text(&["Error"], "Error", &st.error);
    text(&["Cause"], "Cause", &st.cause);
    for (i, r) in st.choices.iter().flatten().enumerate() {
        let at = |key| {
            At::new(
                base,
                &[SegRef::Key("Choices"), SegRef::Index(i), SegRef::Key(key)],
            )
        };
        if let Some(c) = &r.condition {
            out.push(field(at("Condition"), "Condition", Role::ChoiceRule, c));
        }
        if let Some(o) = &r.output {
            out.push(field(at("Output"), "Output", Role::ChoiceRule, o));
        }
    }
    for (i, c) in st.catch.iter().flatten().enumerate() {
        if let Some(o) = &c.output {
            out.push(field(
                At::new(
                    base,
                    &[
                        SegRef::Key("Catch"),
                        SegRef::Index(i),
                        SegRef::Key("Output"),
                    ],
                ),
                "Output",
                Role::CatcherOutput,
                o,
            ));
        }
    }
    for (p, name, role, v) in assigns(st, base) {
        out.push(field(p, name, role, v));
    }
    out
}

/// Calls `f` for every string value (not key) inside `value`, with its location. Locations are
/// [`Loc`]s: most strings are never reported, so their `Path` is built only on demand.
pub fn for_each_string(value: &Json, base: &Loc<'_>, mut f: impl FnMut(&Loc<'_>, &str)) {
    let root = *base;
    // Depth-first with an explicit stack; `steps` is the location of the value being visited
    // below `base`. Each entry: (value, its depth, the step that leads to it).
    let mut steps: Vec<SegRef<'_>> = Vec::with_capacity(8);
    let mut stack: Vec<(&Json, usize, Option<SegRef<'_>>)> = Vec::with_capacity(16);
    stack.push((value, 0, None));
    while let Some((v, depth, step)) = stack.pop() {
        steps.truncate(depth);
        steps.extend(step);
        match v {
            Json::String(s) => f(&Loc::Steps(&root, &steps), s),
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, steps.len(), Some(SegRef::Index(i))));
                }
            }
            Json::Object(members) => {
                for (k, item) in members.iter().rev() {
                    stack.push((item, steps.len(), Some(SegRef::Key(k))));
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` for every object member inside `value` (at any depth), with the member's location
/// (built only on demand, as in [`for_each_string`]).
pub fn for_each_member(value: &Json, base: &Loc<'_>, mut f: impl FnMut(&Loc<'_>, &str, &Json)) {
    let root = *base;
    let mut steps: Vec<SegRef<'_>> = Vec::with_capacity(8);
    let mut stack: Vec<(&Json, usize, Option<SegRef<'_>>)> = Vec::with_capacity(16);
    stack.push((value, 0, None));
    while let Some((v, depth, step)) = stack.pop() {
        steps.truncate(depth);
        steps.extend(step);
        match v {
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, steps.len(), Some(SegRef::Index(i))));
                }
            }
            Json::Object(members) => {
                // Every member of an object first, then its children, depth first.
                for (k, item) in members {
                    steps.push(SegRef::Key(k));
                    f(&Loc::Steps(&root, &steps), k, item);
                    steps.pop();
                }
                for (k, item) in members.iter().rev() {
                    stack.push((item, steps.len(), Some(SegRef::Key(k))));
                }
            }
            _ => {}
        }
    }
}

/// The `*Path` fields of a JSONPath state that take a path (not `ResultPath`, not
/// `ErrorPath`/`CausePath`, which also take intrinsics): (location, field name, text).
pub fn path_fields<'a>(st: &'a State, base: &'a Path) -> Vec<(Below<'a>, &'static str, &'a str)> {
    let mut out = Vec::new();
    let mut add = |keys: &[&'static str], name: &'static str, v: Option<&'a str>| {
        if let Some(v) = v {
            let steps: Vec<SegRef<'static>> = keys.iter().map(|k| SegRef::Key(k)).collect();
            out.push((Below::new(base, &steps), name, v));
        }
    };
    add(
        &["InputPath"],
        "InputPath",
        st.input_path.as_ref().and_then(PathOrNull::path),
    );
    add(
        &["OutputPath"],
        "OutputPath",
        st.output_path.as_ref().and_then(PathOrNull::path),
    );
    add(&["ItemsPath"], "ItemsPath", st.items_path.as_deref());
    add(&["SecondsPath"], "SecondsPath", st.seconds_path.as_deref());
    add(
        &["TimestampPath"],
        "TimestampPath",
        st.timestamp_path.as_deref(),
    );
    add(
        &["TimeoutSecondsPath"],
        "TimeoutSecondsPath",
        st.timeout_seconds_path.as_deref(),
    );
    add(
        &["HeartbeatSecondsPath"],
        "HeartbeatSecondsPath",
        st.heartbeat_seconds_path.as_deref(),
    );
    add(
        &["MaxConcurrencyPath"],
        "MaxConcurrencyPath",
        st.max_concurrency_path.as_deref(),
    );
    add(
        &["ToleratedFailurePercentagePath"],
        "ToleratedFailurePercentagePath",
        st.tolerated_failure_percentage_path.as_deref(),
    );
    add(
        &["ToleratedFailureCountPath"],
        "ToleratedFailureCountPath",
        st.tolerated_failure_count_path.as_deref(),
    );
    if let Some(c) = st
        .item_reader
        .as_ref()
        .and_then(|r| r.reader_config.as_ref())
    {
        add(
            &["ItemReader", "ReaderConfig", "MaxItemsPath"],
            "MaxItemsPath",
            c.max_items_path.as_deref(),
        );
    }
    if let Some(b) = &st.item_batcher {
        add(
            &["ItemBatcher", "MaxItemsPerBatchPath"],
            "MaxItemsPerBatchPath",
            b.max_items_per_batch_path.as_deref(),
        );
        add(
            &["ItemBatcher", "MaxInputBytesPerBatchPath"],
            "MaxInputBytesPerBatchPath",
            b.max_input_bytes_per_batch_path.as_deref(),
        );
    }
    for (p, rule) in choice_rules(st, base) {
        if let Some(v) = &rule.variable {
            out.push((p.key("Variable"), "Variable", v.as_str()));
        }
        for (op, operand) in &rule.comparisons {
            if op.is_path() {
                if let Json::String(s) = operand {
                    out.push((p.key(op.as_str()), op.as_str(), s.as_str()));
                }
            }
        }
    }
    out
}

/// Every Choice rule of a state, nested `And`/`Or`/`Not` rules included, with its location.
pub fn choice_rules<'a>(st: &'a State, base: &'a Path) -> Vec<(Below<'a>, &'a ChoiceRule)> {
    let mut out = Vec::new();
    let mut stack: Vec<(Below<'a>, &'a ChoiceRule)> = st
        .choices
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                Below::new(base, &[SegRef::Key("Choices"), SegRef::Index(i)]),
                r,
            )
        })
        .rev()
        .collect();
    while let Some((p, r)) = stack.pop() {
        let mut children = Vec::new();
        for (key, list) in [("And", &r.and), ("Or", &r.or)] {
            for (i, c) in list.iter().flatten().enumerate() {
                children.push((p.then(&[SegRef::Key(key), SegRef::Index(i)]), c));
            }
        }
        if let Some(n) = &r.not {
            children.push((p.key("Not"), n.as_ref()));
        }
        out.push((p, r));
        stack.extend(children.into_iter().rev());
    }
    out
}

/// The `ErrorPath`/`CausePath` fields of a Fail state.
pub fn fail_paths<'a>(st: &'a State, base: &'a Path) -> Vec<(Below<'a>, &'static str, &'a str)> {
    let mut out = Vec::new();
    if let Some(v) = &st.error_path {
        out.push((
            Below::new(base, &[SegRef::Key("ErrorPath")]),
            "ErrorPath",
            v.as_str(),
        ));
    }
    if let Some(v) = &st.cause_path {
        out.push((
            Below::new(base, &[SegRef::Key("CausePath")]),
            "CausePath",
            v.as_str(),
        ));
    }
    out
}

/// A variable read: the name and the location of the string that reads it.
#[derive(Debug, Clone)]
pub struct Read {
    pub name: String,
    pub path: Path,
}

/// The variables a JSONPath-mode value reads: a variable path or an intrinsic's variable
/// arguments. Invalid text reads nothing (other rules report it).
pub fn jsonpath_value_reads(s: &str) -> Vec<String> {
    // A variable is read as `$name`; text without one reads nothing, and most values (paths,
    // context paths, intrinsics over them) need no parsing to tell.
    let names_one = s
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'$' && (w[1].is_ascii_alphabetic() || w[1] == b'_'));
    if !names_one {
        return Vec::new();
    }
    if intrinsics::looks_like_intrinsic(s) {
        return intrinsics::parse(s)
            .map(|c| c.variables().into_iter().map(|(n, _)| n).collect())
            .unwrap_or_default();
    }
    match jsonpath::root_of(s) {
        Some(Root::Variable(name)) if jsonpath::check_variable_path(s).is_ok() => vec![name],
        _ => Vec::new(),
    }
}

/// The variables a JSONata string reads (free variables other than `$states`), or nothing when
/// it is not a valid expression.
pub fn jsonata_value_reads(s: &str) -> Vec<String> {
    match jsonata::parse_value(s) {
        Some(Ok(e)) => e
            .free_variables()
            .into_iter()
            .filter(|v| v.name != "states" && !jsonata::is_builtin(&v.name))
            .map(|v| v.name)
            .collect(),
        _ => Vec::new(),
    }
}

/// Every variable a state reads, in its effective query language.
pub fn reads(st: &State, base: &Path, ql: QueryLanguage) -> Vec<Read> {
    let mut out = Vec::new();
    match ql {
        QueryLanguage::JsonPath => {
            for f in jsonpath_templates(st, base) {
                for_each_member(&f.value, &f.at.loc(), |p, k, v| {
                    if let (true, Json::String(s)) = (k.ends_with(".$"), v) {
                        for name in jsonpath_value_reads(s) {
                            out.push(Read {
                                name,
                                path: p.to_path(),
                            });
                        }
                    }
                });
            }
            let fields = path_fields(st, base)
                .into_iter()
                .chain(fail_paths(st, base));
            for (p, _, s) in fields {
                for name in jsonpath_value_reads(s) {
                    out.push(Read {
                        name,
                        path: p.path(),
                    });
                }
            }
        }
        QueryLanguage::Jsonata => {
            for f in jsonata_values(st, base) {
                for_each_string(&f.value, &f.at.loc(), |p, s| {
                    if jsonata::is_expression(s) {
                        for name in jsonata_value_reads(s) {
                            out.push(Read {
                                name,
                                path: p.to_path(),
                            });
                        }
                    }
                });
            }
        }
    }
    out
}

/// The variable names an `Assign` object sets, with the location of each key. In JSONPath
/// mode a trailing `.$` is not part of the name.
pub fn assigned_names<'a>(
    assign: &'a Json,
    base: &Path,
    ql: QueryLanguage,
) -> Vec<(&'a str, Path)> {
    let Some(members) = assign.as_object() else {
        return Vec::new();
    };
    members
        .iter()
        .map(|(k, _)| {
            let name = match ql {
                QueryLanguage::JsonPath => k.strip_suffix(".$").unwrap_or(k),
                QueryLanguage::Jsonata => k.as_str(),
            };
            (name, base.key(k))
        })
        .collect()
}

/// Every `Assign` value of a state (its own, its Choice rules', its catchers'), without
/// locations. A value that is not an object is not known yet (a Terraform plan) or a type error.
pub fn assign_values(st: &State) -> impl Iterator<Item = &Json> + Clone {
    let own = st.assign.iter();
    let rules = st
        .choices
        .iter()
        .flatten()
        .filter_map(|r| r.assign.as_ref());
    let catchers = st.catch.iter().flatten().filter_map(|c| c.assign.as_ref());
    own.chain(rules).chain(catchers)
}

/// Every variable name a state assigns, without locations.
pub fn assigned_by(st: &State, ql: QueryLanguage) -> Vec<&str> {
    assign_values(st)
        .filter_map(Json::as_object)
        .flatten()
        .map(|(k, _)| match ql {
            QueryLanguage::JsonPath => k.strip_suffix(".$").unwrap_or(k),
            QueryLanguage::Jsonata => k.as_str(),
        })
        .collect()
}
