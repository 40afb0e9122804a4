//! Where data-flow values sit in a state, shared by the ASL4xx rules: the JSONPath payload
//! templates (whose `.$` keys are evaluated), the values JSONata evaluates, the `*Path` fields,
//! the `Assign` objects, and the variables each state reads. Walks over JSON are iterative.

use std::borrow::Cow;

use crate::diagnostic::Path;
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

/// One field value, with its location.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    pub path: Path,
    /// The field's key as written (`Parameters`, `Assign`, `Output`).
    pub name: &'static str,
    pub role: Role,
    pub value: Cow<'a, Json>,
}

fn field<'a>(path: Path, name: &'static str, role: Role, value: &'a Json) -> Field<'a> {
    Field {
        path,
        name,
        role,
        value: Cow::Borrowed(value),
    }
}

fn owned<'a>(path: Path, name: &'static str, role: Role, value: Json) -> Field<'a> {
    Field {
        path,
        name,
        role,
        value: Cow::Owned(value),
    }
}

/// The JSONPath payload templates of a state: `Parameters`, `ResultSelector`, `ItemSelector`,
/// `Credentials`, `Assign` (state, Choice rules, catchers), ItemReader and ResultWriter
/// `Parameters`, ItemBatcher `BatchInput`. (`Result` is not a template: it is not evaluated.)
pub fn jsonpath_templates<'a>(st: &'a State, base: &Path) -> Vec<Field<'a>> {
    let mut out = Vec::new();
    let mut add = |p: Path, name: &'static str, role: Role, v: &'a Option<Json>| {
        if let Some(v) = v {
            out.push(field(p, name, role, v));
        }
    };
    add(
        base.key("Parameters"),
        "Parameters",
        Role::Other,
        &st.parameters,
    );
    add(
        base.key("ItemSelector"),
        "ItemSelector",
        Role::Before,
        &st.item_selector,
    );
    add(
        base.key("Credentials"),
        "Credentials",
        Role::Before,
        &st.credentials,
    );
    add(
        base.key("ResultSelector"),
        "ResultSelector",
        Role::Other,
        &st.result_selector,
    );
    if let Some(r) = &st.item_reader {
        add(
            base.key("ItemReader").key("Parameters"),
            "Parameters",
            Role::Before,
            &r.parameters,
        );
    }
    if let Some(b) = &st.item_batcher {
        add(
            base.key("ItemBatcher").key("BatchInput"),
            "BatchInput",
            Role::Before,
            &b.batch_input,
        );
    }
    if let Some(w) = &st.result_writer {
        add(
            base.key("ResultWriter").key("Parameters"),
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
pub fn assigns<'a>(st: &'a State, base: &Path) -> Vec<(Path, &'static str, Role, &'a Json)> {
    let mut out = Vec::new();
    if let Some(a) = &st.assign {
        out.push((base.key("Assign"), "Assign", Role::Assign, a));
    }
    for (i, r) in st.choices.iter().flatten().enumerate() {
        if let Some(a) = &r.assign {
            out.push((
                base.key("Choices").index(i).key("Assign"),
                "Assign",
                Role::Assign,
                a,
            ));
        }
    }
    for (i, c) in st.catch.iter().flatten().enumerate() {
        if let Some(a) = &c.assign {
            out.push((
                base.key("Catch").index(i).key("Assign"),
                "Assign",
                Role::CatcherAssign,
                a,
            ));
        }
    }
    out
}

/// Every value a JSONata state evaluates (any string in them may be a `{% %}` expression).
pub fn jsonata_values<'a>(st: &'a State, base: &Path) -> Vec<Field<'a>> {
    let mut out = Vec::new();
    {
        let mut add = |p: Path, name: &'static str, role: Role, v: &'a Option<Json>| {
            if let Some(v) = v {
                out.push(field(p, name, role, v));
            }
        };
        add(
            base.key("Arguments"),
            "Arguments",
            Role::Arguments,
            &st.arguments,
        );
        add(base.key("Output"), "Output", Role::Output, &st.output);
        add(base.key("Items"), "Items", Role::Before, &st.items);
        add(
            base.key("ItemSelector"),
            "ItemSelector",
            Role::Before,
            &st.item_selector,
        );
        add(
            base.key("Credentials"),
            "Credentials",
            Role::Before,
            &st.credentials,
        );
        if let Some(r) = &st.item_reader {
            add(
                base.key("ItemReader").key("Arguments"),
                "Arguments",
                Role::Before,
                &r.arguments,
            );
        }
        if let Some(b) = &st.item_batcher {
            add(
                base.key("ItemBatcher").key("BatchInput"),
                "BatchInput",
                Role::Before,
                &b.batch_input,
            );
        }
        if let Some(w) = &st.result_writer {
            add(
                base.key("ResultWriter").key("Arguments"),
                "Arguments",
                Role::Other,
                &w.arguments,
            );
        }
    }
    let mut num = |p: Path, name: &'static str, role: Role, v: &Option<NumOrExpr>| {
        if let Some(NumOrExpr::Expr(s)) = v {
            out.push(owned(p, name, role, Json::String(s.clone())));
        }
    };
    num(
        base.key("TimeoutSeconds"),
        "TimeoutSeconds",
        Role::Before,
        &st.timeout_seconds,
    );
    num(
        base.key("HeartbeatSeconds"),
        "HeartbeatSeconds",
        Role::Before,
        &st.heartbeat_seconds,
    );
    num(base.key("Seconds"), "Seconds", Role::Other, &st.seconds);
    num(
        base.key("MaxConcurrency"),
        "MaxConcurrency",
        Role::Before,
        &st.max_concurrency,
    );
    num(
        base.key("ToleratedFailurePercentage"),
        "ToleratedFailurePercentage",
        Role::Before,
        &st.tolerated_failure_percentage,
    );
    num(
        base.key("ToleratedFailureCount"),
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
            base.key("ItemReader").key("ReaderConfig").key("MaxItems"),
            "MaxItems",
            Role::Before,
            &c.max_items,
        );
    }
    if let Some(b) = &st.item_batcher {
        num(
            base.key("ItemBatcher").key("MaxItemsPerBatch"),
            "MaxItemsPerBatch",
            Role::Before,
            &b.max_items_per_batch,
        );
        num(
            base.key("ItemBatcher").key("MaxInputBytesPerBatch"),
            "MaxInputBytesPerBatch",
            Role::Before,
            &b.max_input_bytes_per_batch,
        );
    }
    let mut text = |p: Path, name: &'static str, v: &Option<String>| {
        if let Some(s) = v {
            out.push(owned(p, name, Role::Other, Json::String(s.clone())));
        }
    };
    text(base.key("Timestamp"), "Timestamp", &st.timestamp);
    text(base.key("Error"), "Error", &st.error);
    text(base.key("Cause"), "Cause", &st.cause);
    for (i, r) in st.choices.iter().flatten().enumerate() {
        let p = base.key("Choices").index(i);
        if let Some(c) = &r.condition {
            out.push(field(p.key("Condition"), "Condition", Role::ChoiceRule, c));
        }
        if let Some(o) = &r.output {
            out.push(field(p.key("Output"), "Output", Role::ChoiceRule, o));
        }
    }
    for (i, c) in st.catch.iter().flatten().enumerate() {
        if let Some(o) = &c.output {
            out.push(field(
                base.key("Catch").index(i).key("Output"),
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

/// Calls `f` for every string value (not key) inside `value`, with its location.
pub fn for_each_string(value: &Json, base: &Path, mut f: impl FnMut(&Path, &str)) {
    let mut stack: Vec<(&Json, Path)> = vec![(value, base.clone())];
    while let Some((v, p)) = stack.pop() {
        match v {
            Json::String(s) => f(&p, s),
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, p.index(i)));
                }
            }
            Json::Object(members) => {
                for (k, item) in members.iter().rev() {
                    stack.push((item, p.key(k)));
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` for every object member inside `value` (at any depth), with the member's location.
pub fn for_each_member(value: &Json, base: &Path, mut f: impl FnMut(&Path, &str, &Json)) {
    let mut stack: Vec<(&Json, Path)> = vec![(value, base.clone())];
    while let Some((v, p)) = stack.pop() {
        match v {
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, p.index(i)));
                }
            }
            Json::Object(members) => {
                let mut children = Vec::with_capacity(members.len());
                for (k, item) in members {
                    let mp = p.key(k);
                    f(&mp, k, item);
                    children.push((item, mp));
                }
                stack.extend(children.into_iter().rev());
            }
            _ => {}
        }
    }
}

/// The `*Path` fields of a JSONPath state that take a path (not `ResultPath`, not
/// `ErrorPath`/`CausePath`, which also take intrinsics): (location, field name, text).
pub fn path_fields<'a>(st: &'a State, base: &Path) -> Vec<(Path, &'static str, &'a str)> {
    let mut out = Vec::new();
    let mut add = |p: Path, name: &'static str, v: Option<&'a str>| {
        if let Some(v) = v {
            out.push((p, name, v));
        }
    };
    add(
        base.key("InputPath"),
        "InputPath",
        st.input_path.as_ref().and_then(PathOrNull::path),
    );
    add(
        base.key("OutputPath"),
        "OutputPath",
        st.output_path.as_ref().and_then(PathOrNull::path),
    );
    add(base.key("ItemsPath"), "ItemsPath", st.items_path.as_deref());
    add(
        base.key("SecondsPath"),
        "SecondsPath",
        st.seconds_path.as_deref(),
    );
    add(
        base.key("TimestampPath"),
        "TimestampPath",
        st.timestamp_path.as_deref(),
    );
    add(
        base.key("TimeoutSecondsPath"),
        "TimeoutSecondsPath",
        st.timeout_seconds_path.as_deref(),
    );
    add(
        base.key("HeartbeatSecondsPath"),
        "HeartbeatSecondsPath",
        st.heartbeat_seconds_path.as_deref(),
    );
    add(
        base.key("MaxConcurrencyPath"),
        "MaxConcurrencyPath",
        st.max_concurrency_path.as_deref(),
    );
    add(
        base.key("ToleratedFailurePercentagePath"),
        "ToleratedFailurePercentagePath",
        st.tolerated_failure_percentage_path.as_deref(),
    );
    add(
        base.key("ToleratedFailureCountPath"),
        "ToleratedFailureCountPath",
        st.tolerated_failure_count_path.as_deref(),
    );
    if let Some(c) = st
        .item_reader
        .as_ref()
        .and_then(|r| r.reader_config.as_ref())
    {
        add(
            base.key("ItemReader")
                .key("ReaderConfig")
                .key("MaxItemsPath"),
            "MaxItemsPath",
            c.max_items_path.as_deref(),
        );
    }
    if let Some(b) = &st.item_batcher {
        add(
            base.key("ItemBatcher").key("MaxItemsPerBatchPath"),
            "MaxItemsPerBatchPath",
            b.max_items_per_batch_path.as_deref(),
        );
        add(
            base.key("ItemBatcher").key("MaxInputBytesPerBatchPath"),
            "MaxInputBytesPerBatchPath",
            b.max_input_bytes_per_batch_path.as_deref(),
        );
    }
    for (p, rule) in choice_rules(st, base) {
        if let Some(v) = &rule.variable {
            add(p.key("Variable"), "Variable", Some(v.as_str()));
        }
        for (op, operand) in &rule.comparisons {
            if op.is_path() {
                if let Json::String(s) = operand {
                    add(p.key(op.as_str()), op.as_str(), Some(s.as_str()));
                }
            }
        }
    }
    out
}

/// Every Choice rule of a state, nested `And`/`Or`/`Not` rules included, with its location.
pub fn choice_rules<'a>(st: &'a State, base: &Path) -> Vec<(Path, &'a ChoiceRule)> {
    let mut out = Vec::new();
    let mut stack: Vec<(Path, &'a ChoiceRule)> = st
        .choices
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, r)| (base.key("Choices").index(i), r))
        .rev()
        .collect();
    while let Some((p, r)) = stack.pop() {
        let mut children = Vec::new();
        for (key, list) in [("And", &r.and), ("Or", &r.or)] {
            for (i, c) in list.iter().flatten().enumerate() {
                children.push((p.key(key).index(i), c));
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
pub fn fail_paths<'a>(st: &'a State, base: &Path) -> Vec<(Path, &'static str, &'a str)> {
    let mut out = Vec::new();
    if let Some(v) = &st.error_path {
        out.push((base.key("ErrorPath"), "ErrorPath", v.as_str()));
    }
    if let Some(v) = &st.cause_path {
        out.push((base.key("CausePath"), "CausePath", v.as_str()));
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
                for_each_member(&f.value, &f.path, |p, k, v| {
                    if let (true, Json::String(s)) = (k.ends_with(".$"), v) {
                        for name in jsonpath_value_reads(s) {
                            out.push(Read {
                                name,
                                path: p.clone(),
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
                        path: p.clone(),
                    });
                }
            }
        }
        QueryLanguage::Jsonata => {
            for f in jsonata_values(st, base) {
                for_each_string(&f.value, &f.path, |p, s| {
                    if jsonata::is_expression(s) {
                        for name in jsonata_value_reads(s) {
                            out.push(Read {
                                name,
                                path: p.clone(),
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
