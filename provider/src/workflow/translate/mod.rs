//! Terraform configuration (decoded [`Tf`]) -> codegen model, remembering where every part came from
//! so that codegen's diagnostics can point at HCL attributes.
//!
//! Values not yet known at plan time are replaced by neutral placeholders and their locations are
//! recorded; diagnostics at or under those locations are dropped afterwards, so unknown values
//! skip exactly the checks that need them. Unknown state names, transitions and whole sets of
//! states become codegen's partial knowledge (an unknown target name, an open workflow), so the
//! graph checks stay quiet only in the scope the unknown can affect.
//!
//! States come from labelled blocks and from the `states` attribute (objects checked and
//! normalised by [`super::objects`]); both go through the same translation.

mod distributed;

use sfn_codegen::diagnostic::{Diagnostic, Path};
use sfn_codegen::json::{Json, Num};
use sfn_codegen::model::fields::{Kind, FIELDS};
use sfn_codegen::model::operators::OperandKind;
use sfn_codegen::model::*;
use sfn_codegen::rules;
use tf_provider::AttributePath;

use super::locate::point_into_block;
pub use super::locate::{cut_inside_values, render, Target, BLOCK_ITSELF};
use super::objects;
use crate::tfvalue::Tf;
use distributed::{item_batcher, item_reader, result_writer};
use sfn_codegen::hcl::{
    self, block_name, snake, BRANCH_BLOCK, JSON_ATTR, PROCESSOR_BLOCK, RULE_BLOCK, STATES_ATTR,
};

/// Where a part of the model came from in HCL.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Location in the model (a JSON pointer prefix).
    pub model: Path,
    /// The HCL attribute path it maps to.
    pub hcl: AttributePath,
    /// True for workflows given as `json`: everything inside maps to that attribute.
    pub opaque: bool,
}

#[derive(Debug, Default)]
pub struct Translation {
    pub origins: Vec<Origin>,
    /// Model locations holding values not yet known.
    pub unknown: Vec<Path>,
    /// An `Assign` is unknown as a whole: which variables exist cannot be told.
    pub assign_unknown: bool,
    /// Problems found while translating (bad enum values, composition JSON that does not parse).
    pub diagnostics: Vec<Diagnostic>,
    /// Problems with the shape of `states` objects, and names given twice in one workflow.
    pub problems: Vec<objects::Problem>,
    placeholder_counter: usize,
}

impl Translation {
    fn unknown_at(&mut self, path: Path) {
        self.unknown.push(path);
    }

    fn next_placeholder(&mut self, prefix: &str) -> String {
        self.placeholder_counter += 1;
        format!("{prefix}{}", self.placeholder_counter)
    }

    /// A name standing for a state name or transition target not yet known.
    fn unknown_name(&mut self) -> String {
        self.placeholder_counter += 1;
        sfn_codegen::model::unknown_name(self.placeholder_counter)
    }
}

/// Translates the whole data source configuration.
pub fn machine(cfg: &Tf, tr: &mut Translation) -> StateMachine {
    let root = Path::root();
    tr.origins.push(Origin {
        model: root.clone(),
        hcl: AttributePath::root(),
        opaque: false,
    });
    let mut w = workflow(cfg, &root, &AttributePath::root(), tr, ScopeKind::Machine);
    w.version = string(cfg.get("version"), &root.key("Version"), tr, "1.0");
    w.timeout_seconds = num_or_expr(
        cfg.get("timeout_seconds"),
        &root.key("TimeoutSeconds"),
        tr,
        99_999_999,
    );
    if let Some(ql) = string(
        cfg.get("query_language"),
        &root.key("QueryLanguage"),
        tr,
        "JSONPath",
    ) {
        w.query_language = query_language(&ql, &root.key("QueryLanguage"), tr);
    }
    w
}

fn query_language(s: &str, path: &Path, tr: &mut Translation) -> Option<QueryLanguage> {
    let ql = QueryLanguage::parse(s);
    if ql.is_none() {
        tr.diagnostics.push(rules::invalid_value::RULE.at(
            path.clone(),
            format!("\"{s}\" is not one of the allowed values: JSONPath, JSONata."),
        ));
    }
    ql
}

fn workflow(
    cfg: &Tf,
    path: &Path,
    hcl: &AttributePath,
    tr: &mut Translation,
    kind: ScopeKind,
) -> Workflow {
    if cfg.is_unknown() {
        // A whole branch or processor not known yet (an element of a `states` list).
        tr.unknown_at(path.clone());
        return Workflow {
            start_at: Some(tr.unknown_name()),
            open: true,
            ..Workflow::default()
        };
    }
    if let Some(json) = cfg.get(JSON_ATTR).as_str() {
        let mut w = composed(json, path, hcl, tr);
        // The JSON is the whole workflow: anything written beside it would be silently dropped.
        let beside: Vec<String> = ["start_at", "comment", STATES_ATTR]
            .into_iter()
            .filter(|a| !cfg.get(a).is_null())
            .map(str::to_string)
            .chain(StateType::ALL.iter().filter_map(|t| {
                let name = block_name(*t);
                match cfg.get(name) {
                    Tf::Object(m) if !m.is_empty() => Some(format!("{name} blocks")),
                    Tf::Unknown => Some(format!("{name} blocks")),
                    _ => None,
                }
            }))
            .collect();
        if !beside.is_empty() {
            tr.diagnostics.push(rules::exclusive_fields::RULE.at(
                path.clone(),
                format!(
                    "This workflow is given as json and also has {}; the json is the whole workflow, so they would be ignored.",
                    beside.join(", ")
                ),
            ));
        }
        if kind == ScopeKind::Processor {
            // ProcessorConfig is not part of a workflow's own JSON: it comes from the block.
            if let Some(c) = processor_config(cfg, path, tr) {
                w.processor_config = Some(c);
            }
        }
        return w;
    }
    if cfg.get(JSON_ATTR).is_unknown() {
        // A fragment not known yet: its own scope is open and unchecked; the enclosing
        // workflow's checks stand (a fragment cannot add states to its parent's scope).
        tr.origins.push(Origin {
            model: path.clone(),
            hcl: hcl.clone().attribute(JSON_ATTR),
            opaque: true,
        });
        tr.unknown_at(path.clone());
        let mut w = Workflow {
            start_at: Some(tr.unknown_name()),
            open: true,
            ..Workflow::default()
        };
        if kind == ScopeKind::Processor {
            w.processor_config = processor_config(cfg, path, tr);
        }
        return w;
    }
    let mut w = Workflow {
        comment: string(cfg.get("comment"), &path.key("Comment"), tr, "unknown"),
        ..Workflow::default()
    };
    w.start_at = match cfg.get("start_at") {
        Tf::Unknown => Some(tr.unknown_name()),
        v => v.as_str().map(str::to_string),
    };
    if kind == ScopeKind::Processor {
        w.processor_config = processor_config(cfg, path, tr);
    }
    let states_path = path.key("States");
    for t in StateType::ALL {
        let blocks = match cfg.get(block_name(t)) {
            Tf::Unknown => {
                // `dynamic` blocks over a collection not yet known: states may be missing.
                w.open = true;
                continue;
            }
            Tf::Object(members) => members,
            _ => continue,
        };
        for (name, b) in blocks {
            let block_hcl = hcl.clone().attribute(block_name(t)).key(name.clone());
            let state_path = states_path.key(name);
            tr.origins.push(Origin {
                model: state_path.clone(),
                hcl: block_hcl.clone(),
                opaque: false,
            });
            let s = state(t, b, &state_path, &block_hcl, false, tr);
            w.states.push((name.clone(), s));
        }
    }
    states_attribute(cfg.get(STATES_ATTR), &mut w, path, hcl, tr);
    w
}

/// The `states` attribute of a workflow: state objects, beside (never instead of) its blocks.
fn states_attribute(
    v: &Tf,
    w: &mut Workflow,
    path: &Path,
    hcl: &AttributePath,
    tr: &mut Translation,
) {
    let at = hcl.clone().attribute(STATES_ATTR);
    let members = match v {
        Tf::Null => return,
        Tf::Unknown => {
            // A `for` over a collection not known yet: any states may come.
            w.open = true;
            return;
        }
        Tf::Object(members) => members,
        other => {
            tr.problems.push(objects::Problem {
                code: objects::WRONG_TYPE,
                path: at,
                message: format!(
                    "expected an object of states (name = {{ type = \"task\", ... }}), found {}",
                    objects::describe(other)
                ),
                hint: "Give states as an object from state names to state objects, for example { for s in var.steps : s.name => { type = \"task\", resource = s.arn, end = true } }.".into(),
            });
            return;
        }
    };
    let states_path = path.key("States");
    for (name, v) in members {
        let entry = at.clone().key(name.clone());
        let state_path = states_path.key(name);
        if let Some((_, first)) = w.states.iter().find(|(n, _)| n == name) {
            let block = first.kind.map_or("state", block_name);
            let block_at = point_into_block(hcl.clone().attribute(block).key(name.clone()));
            for (place, other) in [
                (block_at, format!("states[{name:?}]")),
                (entry.clone(), format!("the {block} block \"{name}\"")),
            ] {
                tr.problems.push(objects::Problem {
                    code: DUPLICATE_STATE,
                    path: place,
                    message: format!(
                        "the state name \"{name}\" is given twice in this workflow: here and in {other}"
                    ),
                    hint: "State names are unique across the whole machine: rename one of the two, or remove one.".into(),
                });
            }
            continue;
        }
        let t = match v {
            Tf::Null => continue, // an entry a module left out (`cond ? { ... } : null`)
            Tf::Object(fields) => objects::state_type(fields, &entry, &mut tr.problems),
            Tf::Unknown => Ok(None),
            other => {
                tr.problems.push(objects::Problem {
                    code: objects::WRONG_TYPE,
                    path: entry.clone(),
                    message: format!(
                        "expected a state object, found {}",
                        objects::describe(other)
                    ),
                    hint:
                        "Each entry of states is an object such as { type = \"pass\", end = true }."
                            .into(),
                });
                Err(())
            }
        };
        let Ok(Some(t)) = t else {
            // The name is known, its state is not (not known yet, or reported above): keep the
            // name so transitions to it resolve, and let it lead anywhere.
            tr.unknown_at(state_path);
            let next = Some(tr.unknown_name());
            w.states.push((
                name.clone(),
                State {
                    next,
                    ..State::default()
                },
            ));
            continue;
        };
        let Tf::Object(fields) = v else { continue };
        let normalized = objects::state(fields, t, &entry, &mut tr.problems);
        tr.origins.push(Origin {
            model: state_path.clone(),
            hcl: entry.clone(),
            opaque: false,
        });
        let s = state(t, &normalized, &state_path, &entry, true, tr);
        w.states.push((name.clone(), s));
    }
}

/// A name given by a state block and a `states` entry of one workflow.
pub const DUPLICATE_STATE: &str = "SFN073 duplicate-state";

/// `mode` and `execution_type` of an `item_processor` block, when either is set.
fn processor_config(cfg: &Tf, path: &Path, tr: &mut Translation) -> Option<ProcessorConfig> {
    let mode = string(
        cfg.get("mode"),
        &path.key("ProcessorConfig").key("Mode"),
        tr,
        "INLINE",
    );
    let execution_type = string(
        cfg.get("execution_type"),
        &path.key("ProcessorConfig").key("ExecutionType"),
        tr,
        "STANDARD",
    );
    (mode.is_some() || execution_type.is_some()).then_some(ProcessorConfig {
        mode,
        execution_type,
        unknown: Vec::new(),
    })
}

/// A branch or processor given as the JSON of another workflow.
fn composed(json: &str, path: &Path, hcl: &AttributePath, tr: &mut Translation) -> Workflow {
    let attr = hcl.clone().attribute(JSON_ATTR);
    tr.origins.push(Origin {
        model: path.clone(),
        hcl: attr,
        opaque: true,
    });
    let report = sfn_codegen::parse_str(json);
    for mut d in report.diagnostics {
        d.message = format!(
            "In the JSON given for this workflow: {} (at {}).",
            d.message, d.path
        );
        d.path = path.clone();
        tr.diagnostics.push(d);
    }
    let Some(m) = report.machine else {
        // Not a definition at all (reported above): check nothing inside, nothing around it.
        return Workflow {
            start_at: Some(tr.unknown_name()),
            open: true,
            ..Workflow::default()
        };
    };
    // A fragment compiled as a whole machine may set its query language at the top; inside a
    // branch that moves onto each state, where ASL allows it.
    let mut states = m.states;
    if let Some(ql) = m.query_language {
        for (_, s) in &mut states {
            s.query_language.get_or_insert(ql);
        }
    }
    Workflow {
        comment: m.comment,
        start_at: m.start_at,
        states,
        processor_config: m.processor_config,
        unknown: m.unknown,
        ..Workflow::default()
    }
}

fn string(v: &Tf, path: &Path, tr: &mut Translation, placeholder: &str) -> Option<String> {
    match v {
        Tf::String(s) => Some(s.clone()),
        Tf::Unknown => {
            tr.unknown_at(path.clone());
            Some(placeholder.to_string())
        }
        _ => None,
    }
}

fn transition(v: &Tf, tr: &mut Translation) -> Option<String> {
    match v {
        Tf::String(s) => Some(s.clone()),
        Tf::Unknown => Some(tr.unknown_name()),
        _ => None,
    }
}

fn path_or_null(v: &Tf, path: &Path, tr: &mut Translation) -> Option<PathOrNull> {
    match v {
        Tf::String(s) => Some(hcl::path_from_hcl(s)),
        Tf::Unknown => {
            tr.unknown_at(path.clone());
            Some(PathOrNull::Path("$".into()))
        }
        _ => None,
    }
}

fn num_or_expr(v: &Tf, path: &Path, tr: &mut Translation, placeholder: i64) -> Option<NumOrExpr> {
    match v {
        Tf::Null => None,
        Tf::Number(n) => Some(NumOrExpr::Num(n.clone())),
        Tf::String(s) => Some(NumOrExpr::Expr(s.clone())),
        Tf::Unknown => {
            tr.unknown_at(path.clone());
            Some(NumOrExpr::Num(Num::from_i64(placeholder)))
        }
        other => {
            tr.diagnostics.push(rules::wrong_type::RULE.at(
                path.clone(),
                format!(
                    "Expected a number or a JSONata expression, found {}.",
                    other.to_json().type_name()
                ),
            ));
            None
        }
    }
}

fn number(v: &Tf, path: &Path, tr: &mut Translation) -> Option<Num> {
    match v {
        Tf::Number(n) => Some(n.clone()),
        Tf::Unknown => {
            tr.unknown_at(path.clone());
            Some(Num::from_i64(1))
        }
        _ => None,
    }
}

fn payload(v: &Tf, path: &Path, tr: &mut Translation) -> Option<Json> {
    if v.is_null() {
        return None;
    }
    record_unknowns(v, path, tr);
    Some(v.to_json())
}

fn record_unknowns(v: &Tf, path: &Path, tr: &mut Translation) {
    match v {
        Tf::Unknown => tr.unknown_at(path.clone()),
        Tf::List(items) => {
            for (i, item) in items.iter().enumerate() {
                record_unknowns(item, &path.index(i), tr);
            }
        }
        Tf::Object(members) => {
            for (k, item) in members {
                record_unknowns(item, &path.key(k), tr);
            }
        }
        _ => {}
    }
}

fn strings(v: &Tf, path: &Path, tr: &mut Translation) -> Option<Vec<String>> {
    match v {
        Tf::Null => None,
        Tf::Unknown => {
            tr.unknown_at(path.clone());
            Some(vec!["States.ALL".into()])
        }
        Tf::List(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, s)| match s {
                    Tf::String(s) => s.clone(),
                    _ => {
                        tr.unknown_at(path.index(i));
                        "Unknown".to_string()
                    }
                })
                .collect(),
        ),
        _ => None,
    }
}

/// One state, from a block or (`object`) a normalised `states` entry. Only an object can say
/// that a list is empty (`retry = []`); for a block, an empty list is an absent block.
fn state(
    t: StateType,
    b: &Tf,
    path: &Path,
    hcl: &AttributePath,
    object: bool,
    tr: &mut Translation,
) -> State {
    let mut s = State::new(t);
    for f in FIELDS {
        if !f.allowed_in(t) {
            continue;
        }
        let v = b.get(f.hcl);
        let p = path.key(f.name);
        match f.name {
            "Type" => {}
            "QueryLanguage" => {
                if let Some(q) = string(v, &p, tr, "JSONPath") {
                    s.query_language = query_language(&q, &p, tr);
                }
            }
            "Comment" => s.comment = string(v, &p, tr, "unknown"),
            "Resource" => {
                s.resource = string(
                    v,
                    &p,
                    tr,
                    "arn:aws:lambda:us-east-1:123456789012:function:not-yet-known",
                )
            }
            "Next" => s.next = transition(v, tr),
            "Default" => s.default = transition(v, tr),
            "End" => match v {
                Tf::Bool(e) => s.end = Some(*e),
                Tf::Unknown => {
                    // Possibly the end: a terminal state for the graph checks, and whether it
                    // conflicts with Next is checked when known.
                    tr.unknown_at(p);
                    s.end = Some(true);
                }
                _ => {}
            },
            "InputPath" => s.input_path = path_or_null(v, &p, tr),
            "OutputPath" => s.output_path = path_or_null(v, &p, tr),
            "ResultPath" => s.result_path = path_or_null(v, &p, tr),
            "TimeoutSeconds" => s.timeout_seconds = num_or_expr(v, &p, tr, 99_999_999),
            "HeartbeatSeconds" => s.heartbeat_seconds = num_or_expr(v, &p, tr, 1),
            "Seconds" => s.seconds = num_or_expr(v, &p, tr, 1),
            "MaxConcurrency" => s.max_concurrency = num_or_expr(v, &p, tr, 0),
            "ToleratedFailurePercentage" => {
                s.tolerated_failure_percentage = num_or_expr(v, &p, tr, 0)
            }
            "ToleratedFailureCount" => s.tolerated_failure_count = num_or_expr(v, &p, tr, 0),
            "Timestamp" => s.timestamp = string(v, &p, tr, "2000-01-01T00:00:00Z"),
            "Label" => {
                let placeholder = tr.next_placeholder("label");
                s.label = string(v, &p, tr, &placeholder)
            }
            "Error" => s.error = string(v, &p, tr, "NotYetKnown"),
            "Cause" => s.cause = string(v, &p, tr, "not yet known"),
            // A nested list not known yet (a `dynamic` block or a `states` field over an unknown
            // collection): its checks are skipped, and transitions it may add lead anywhere.
            "Retry" | "Catch" | "Choices" | "Branches" | "ItemProcessor"
                if v_nested(b, f.name).is_unknown() =>
            {
                tr.unknown_at(p.clone());
                let unknown_next = Some(tr.unknown_name());
                let open = || Workflow {
                    start_at: unknown_next.clone(),
                    open: true,
                    ..Workflow::default()
                };
                match f.name {
                    "Catch" => {
                        s.catch = Some(vec![Catcher {
                            next: unknown_next.clone(),
                            ..Catcher::default()
                        }])
                    }
                    "Choices" => {
                        s.choices = Some(vec![ChoiceRule {
                            next: unknown_next.clone(),
                            ..ChoiceRule::default()
                        }])
                    }
                    "Branches" => s.branches = Some(vec![open()]),
                    "ItemProcessor" => s.item_processor = Some(open()),
                    _ => {}
                }
            }
            "Retry" => {
                s.retry = Some(
                    b.get("retry")
                        .items()
                        .iter()
                        .enumerate()
                        .map(|(i, r)| retrier(r, &p.index(i), tr))
                        .collect(),
                )
                .filter(|v: &Vec<Retrier>| !v.is_empty() || explicit(b, "retry", object))
            }
            "Catch" => {
                s.catch = Some(
                    b.get("catch")
                        .items()
                        .iter()
                        .enumerate()
                        .map(|(i, c)| catcher(c, &p.index(i), tr))
                        .collect(),
                )
                .filter(|v: &Vec<Catcher>| !v.is_empty() || explicit(b, "catch", object))
            }
            "Choices" => {
                s.choices = Some(
                    b.get(RULE_BLOCK)
                        .items()
                        .iter()
                        .enumerate()
                        .map(|(i, r)| choice_rule(r, &p.index(i), tr, true, object))
                        .collect(),
                )
            }
            "Branches" => {
                s.branches = Some(
                    b.get(BRANCH_BLOCK)
                        .items()
                        .iter()
                        .enumerate()
                        .map(|(i, br)| {
                            let bh = hcl.clone().attribute(BRANCH_BLOCK).index(i as i64);
                            let bp = p.index(i);
                            tr.origins.push(Origin {
                                model: bp.clone(),
                                hcl: bh.clone(),
                                opaque: false,
                            });
                            workflow(br, &bp, &bh, tr, ScopeKind::Branch)
                        })
                        .collect(),
                )
            }
            "ItemProcessor" => {
                if let Some(pr) = b.get(PROCESSOR_BLOCK).items().first() {
                    let ph = hcl.clone().attribute(PROCESSOR_BLOCK).index(0);
                    tr.origins.push(Origin {
                        model: p.clone(),
                        hcl: ph.clone(),
                        opaque: false,
                    });
                    s.item_processor = Some(workflow(pr, &p, &ph, tr, ScopeKind::Processor));
                }
            }
            "Iterator" => {}
            "ItemReader" => {
                s.item_reader = b
                    .get("item_reader")
                    .items()
                    .first()
                    .map(|r| item_reader(r, &p, tr))
            }
            "ItemBatcher" => {
                s.item_batcher = b
                    .get("item_batcher")
                    .items()
                    .first()
                    .map(|r| item_batcher(r, &p, tr))
            }
            "ResultWriter" => {
                s.result_writer = b
                    .get("result_writer")
                    .items()
                    .first()
                    .map(|r| result_writer(r, &p, tr))
            }
            _ => match f.kind {
                Kind::Payload | Kind::Assign | Kind::Items => {
                    if f.kind == Kind::Assign && v.is_unknown() {
                        tr.assign_unknown = true;
                    }
                    let j = payload(v, &p, tr);
                    set_payload(&mut s, f.name, j);
                }
                _ => {
                    let text = string(v, &p, tr, "$");
                    set_text(&mut s, f.name, text);
                }
            },
        }
    }
    s
}

/// An empty list written as such in a `states` object (`retry = []`), which ASL keeps.
fn explicit(b: &Tf, key: &str, object: bool) -> bool {
    object && matches!(b.get(key), Tf::List(_))
}

/// The HCL value that holds an ASL list or nested workflow field of a state.
fn v_nested<'a>(b: &'a Tf, field: &str) -> &'a Tf {
    b.get(match field {
        "Retry" => "retry",
        "Catch" => "catch",
        "Choices" => RULE_BLOCK,
        "Branches" => BRANCH_BLOCK,
        _ => PROCESSOR_BLOCK,
    })
}

fn set_payload(s: &mut State, name: &str, v: Option<Json>) {
    match name {
        "Parameters" => s.parameters = v,
        "ResultSelector" => s.result_selector = v,
        "Result" => s.result = v,
        "Arguments" => s.arguments = v,
        "Output" => s.output = v,
        "Assign" => s.assign = v,
        "Credentials" => s.credentials = v,
        "Items" => s.items = v,
        "ItemSelector" => s.item_selector = v,
        _ => {}
    }
}

fn set_text(s: &mut State, name: &str, v: Option<String>) {
    match name {
        "SecondsPath" => s.seconds_path = v,
        "TimestampPath" => s.timestamp_path = v,
        "ErrorPath" => s.error_path = v,
        "CausePath" => s.cause_path = v,
        "ItemsPath" => s.items_path = v,
        "MaxConcurrencyPath" => s.max_concurrency_path = v,
        "ToleratedFailurePercentagePath" => s.tolerated_failure_percentage_path = v,
        "ToleratedFailureCountPath" => s.tolerated_failure_count_path = v,
        "TimeoutSecondsPath" => s.timeout_seconds_path = v,
        "HeartbeatSecondsPath" => s.heartbeat_seconds_path = v,
        _ => {}
    }
}

fn retrier(r: &Tf, path: &Path, tr: &mut Translation) -> Retrier {
    if r.is_unknown() {
        tr.unknown_at(path.clone());
    }
    Retrier {
        error_equals: strings(r.get("error_equals"), &path.key("ErrorEquals"), tr),
        interval_seconds: number(r.get("interval_seconds"), &path.key("IntervalSeconds"), tr),
        max_attempts: number(r.get("max_attempts"), &path.key("MaxAttempts"), tr),
        backoff_rate: number(r.get("backoff_rate"), &path.key("BackoffRate"), tr),
        max_delay_seconds: number(r.get("max_delay_seconds"), &path.key("MaxDelaySeconds"), tr),
        jitter_strategy: string(
            r.get("jitter_strategy"),
            &path.key("JitterStrategy"),
            tr,
            "NONE",
        ),
        comment: string(r.get("comment"), &path.key("Comment"), tr, "unknown"),
        unknown: Vec::new(),
    }
}

fn catcher(c: &Tf, path: &Path, tr: &mut Translation) -> Catcher {
    if c.is_unknown() {
        tr.unknown_at(path.clone());
        return Catcher {
            next: Some(tr.unknown_name()),
            ..Catcher::default()
        };
    }
    if c.get("assign").is_unknown() {
        tr.assign_unknown = true;
    }
    Catcher {
        error_equals: strings(c.get("error_equals"), &path.key("ErrorEquals"), tr),
        next: transition(c.get("next"), tr),
        result_path: path_or_null(c.get("result_path"), &path.key("ResultPath"), tr),
        output: payload(c.get("output"), &path.key("Output"), tr),
        assign: payload(c.get("assign"), &path.key("Assign"), tr),
        comment: string(c.get("comment"), &path.key("Comment"), tr, "unknown"),
        unknown: Vec::new(),
    }
}

fn choice_rule(r: &Tf, path: &Path, tr: &mut Translation, top: bool, object: bool) -> ChoiceRule {
    if r.is_unknown() {
        tr.unknown_at(path.clone());
        return ChoiceRule {
            next: top.then(|| tr.unknown_name()),
            ..ChoiceRule::default()
        };
    }
    if r.get("assign").is_unknown() {
        tr.assign_unknown = true;
    }
    let mut rule = ChoiceRule {
        variable: string(r.get("variable"), &path.key("Variable"), tr, "$"),
        comment: string(r.get("comment"), &path.key("Comment"), tr, "unknown"),
        ..ChoiceRule::default()
    };
    for op in Operator::ALL {
        let v = r.get(&snake(op.as_str()));
        match v {
            Tf::Null => {}
            Tf::Unknown => {
                let p = path.key(op.as_str());
                tr.unknown_at(p);
                let placeholder = match (op.operand(), op.is_path()) {
                    (_, true) => Json::String("$".into()),
                    (OperandKind::Numeric, _) => Json::Number(Num::from_i64(0)),
                    (OperandKind::Boolean | OperandKind::TypeTest, _) => Json::Bool(true),
                    (OperandKind::Timestamp, _) => Json::String("2000-01-01T00:00:00Z".into()),
                    _ => Json::String(String::new()),
                };
                rule.comparisons.push((*op, placeholder));
            }
            other => rule.comparisons.push((*op, other.to_json())),
        }
    }
    let nested = |name: &str, tr: &mut Translation| -> Option<Vec<ChoiceRule>> {
        let items = r.get(name).items();
        if items.is_empty() && !explicit(r, name, object) {
            return None;
        }
        let key = match name {
            "and" => "And",
            _ => "Or",
        };
        Some(
            items
                .iter()
                .enumerate()
                .map(|(i, x)| choice_rule(x, &path.key(key).index(i), tr, false, object))
                .collect(),
        )
    };
    if ["and", "or", "not"].iter().any(|k| r.get(k).is_unknown()) {
        // Nested rules not known yet: nothing about this rule can be told.
        tr.unknown_at(path.clone());
    }
    rule.and = nested("and", tr);
    rule.or = nested("or", tr);
    rule.not = r
        .get("not")
        .items()
        .first()
        .map(|x| Box::new(choice_rule(x, &path.key("Not"), tr, false, object)));
    if top {
        rule.condition = payload(r.get("condition"), &path.key("Condition"), tr);
        rule.next = transition(r.get("next"), tr);
        rule.assign = payload(r.get("assign"), &path.key("Assign"), tr);
        rule.output = payload(r.get("output"), &path.key("Output"), tr);
    }
    rule
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(members: Vec<(&str, Tf)>) -> Tf {
        Tf::Object(
            members
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    fn s(v: &str) -> Tf {
        Tf::String(v.to_string())
    }

    fn diagnostics(cfg: &Tf) -> (Translation, Vec<Diagnostic>) {
        let mut tr = Translation::default();
        let m = machine(cfg, &mut tr);
        let mut found = std::mem::take(&mut tr.diagnostics);
        found.extend(sfn_codegen::validate(&m, &Default::default()));
        (tr, found)
    }

    #[test]
    fn a_problem_with_a_whole_block_points_into_that_block() {
        let cfg = obj(vec![
            ("start_at", s("B")),
            ("wait", obj(vec![("B", obj(vec![("end", Tf::Bool(true))]))])),
        ]);
        let (tr, found) = diagnostics(&cfg);
        let Some(d) = found.iter().find(|d| d.code() == "ASL205") else {
            panic!("{found:?}")
        };
        assert_eq!(
            tr.attribute_path(&d.path),
            AttributePath::new("wait").key("B").attribute(BLOCK_ITSELF)
        );
        // A problem with an attribute keeps pointing at the attribute.
        let cfg = obj(vec![
            ("start_at", s("B")),
            (
                "wait",
                obj(vec![(
                    "B",
                    obj(vec![("end", Tf::Bool(true)), ("timestamp", s("soon"))]),
                )]),
            ),
        ]);
        let (tr, found) = diagnostics(&cfg);
        let Some(d) = found.iter().find(|d| d.code() == "ASL208") else {
            panic!("{found:?}")
        };
        assert_eq!(
            tr.attribute_path(&d.path),
            AttributePath::new("wait").key("B").attribute("timestamp")
        );
    }

    #[test]
    fn json_with_states_beside_it_is_reported_on_the_json() {
        let branch = obj(vec![
            (
                "json",
                s(r#"{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}"#),
            ),
            ("start_at", s("Y")),
        ]);
        let cfg = obj(vec![
            ("start_at", s("P")),
            (
                "parallel",
                obj(vec![(
                    "P",
                    obj(vec![
                        ("end", Tf::Bool(true)),
                        ("branch", Tf::List(vec![branch])),
                    ]),
                )]),
            ),
        ]);
        let (tr, found) = diagnostics(&cfg);
        let Some(d) = found.iter().find(|d| d.code() == "ASL204") else {
            panic!("{found:?}")
        };
        assert!(d.message.contains("start_at"), "{}", d.message);
        assert_eq!(
            tr.attribute_path(&d.path),
            AttributePath::new("parallel")
                .key("P")
                .attribute("branch")
                .index(0)
                .attribute(JSON_ATTR)
        );
    }
}
