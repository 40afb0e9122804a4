//! Terraform configuration (decoded [`Tf`]) -> codegen model, remembering where every part came from
//! so that codegen's diagnostics can point at HCL attributes.
//!
//! Values not yet known at plan time are replaced by neutral placeholders and their locations are
//! recorded; diagnostics at or under those locations are dropped afterwards, so unknown values
//! skip exactly the checks that need them.

use sfn_codegen::diagnostic::{Diagnostic, Path, Seg};
use sfn_codegen::json::{Json, Num};
use sfn_codegen::model::fields::{Kind, FIELDS};
use sfn_codegen::model::operators::OperandKind;
use sfn_codegen::model::*;
use sfn_codegen::rules;
use tf_provider::AttributePath;

use crate::tfvalue::Tf;
use sfn_codegen::hcl::{
    self, block_name, snake, BRANCH_BLOCK, JSON_ATTR, PROCESSOR_BLOCK, RULE_BLOCK,
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
    /// A state name or transition is unknown: graph checks cannot be trusted.
    pub graph_unknown: bool,
    /// Problems found while translating (bad enum values, composition JSON that does not parse).
    pub diagnostics: Vec<Diagnostic>,
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

    /// Should this diagnostic be dropped because it depends on an unknown value?
    pub fn depends_on_unknown(&self, d: &Diagnostic) -> bool {
        let segs = d.path.segments();
        if self.unknown.iter().any(|u| segs.starts_with(u.segments())) {
            return true;
        }
        self.graph_unknown
            && matches!(
                d.code(),
                "ASL101"
                    | "ASL102"
                    | "ASL103"
                    | "ASL104"
                    | "ASL105"
                    | "ASL106"
                    | "ASL110"
                    | "ASL416"
            )
    }

    /// The HCL attribute path for a model location.
    pub fn attribute_path(&self, path: &Path) -> AttributePath {
        let segs = path.segments();
        let best = self
            .origins
            .iter()
            .filter(|o| segs.starts_with(o.model.segments()))
            .max_by_key(|o| o.model.segments().len());
        let Some(origin) = best else {
            return AttributePath::root();
        };
        let mut out = origin.hcl.clone();
        if origin.opaque {
            return out;
        }
        map_rest(&mut out, &segs[origin.model.segments().len()..]);
        point_into_block(out)
    }
}

/// An attribute name no schema has: a step that Terraform cannot find.
pub const BLOCK_ITSELF: &str = "(block)";

/// Terraform resolves an attribute path to a source line only when it ends at an attribute; a
/// path ending at a block (`wait["B"]`, `retry[0]`) lands on the enclosing data source instead.
/// One more step, an attribute no block has, makes Terraform descend into that block and point at
/// its opening line (`wait "B" {`), as it does for any missing attribute.
fn point_into_block(mut path: AttributePath) -> AttributePath {
    if matches!(
        path.steps.last(),
        Some(tf_provider::AttributePathStep::Key(_) | tf_provider::AttributePathStep::Index(_))
    ) {
        path.add_attribute(BLOCK_ITSELF);
    }
    path
}

/// Maps the segments below a state (or workflow) to HCL steps, stopping inside payloads.
fn map_rest(out: &mut AttributePath, rest: &[Seg]) {
    let mut i = 0;
    while i < rest.len() {
        let Seg::Key(key) = &rest[i] else { return };
        let next_index = match rest.get(i + 1) {
            Some(Seg::Index(n)) => Some(*n),
            _ => None,
        };
        let (name, indexed, stop) = match key.as_str() {
            "Retry" => ("retry".to_string(), true, false),
            "Catch" => ("catch".to_string(), true, false),
            "Choices" => (RULE_BLOCK.to_string(), true, false),
            "And" => ("and".to_string(), true, false),
            "Or" => ("or".to_string(), true, false),
            "Not" => ("not".to_string(), false, false),
            "ItemReader" | "ItemBatcher" | "ResultWriter" | "ReaderConfig" | "WriterConfig" => {
                (snake(key), false, false)
            }
            "ProcessorConfig" => {
                // mode / execution_type sit on the item_processor block itself
                if let Some(Seg::Key(k)) = rest.get(i + 1) {
                    out.add_attribute(snake(k));
                }
                return;
            }
            other => {
                if let Some(f) = FIELDS.iter().find(|f| f.name == other) {
                    (f.hcl.to_string(), false, true)
                } else if let Some(op) = Operator::parse(other) {
                    (snake(op.as_str()), false, true)
                } else {
                    (snake(other), false, true)
                }
            }
        };
        out.add_attribute(name);
        if indexed {
            if let Some(n) = next_index {
                out.add_index(n as i64);
                i += 1;
            }
        } else if matches!(
            key.as_str(),
            "Not" | "ItemReader" | "ItemBatcher" | "ResultWriter" | "ReaderConfig" | "WriterConfig"
        ) {
            // Single nested blocks are lists of at most one in the protocol.
            out.add_index(0);
        }
        if stop {
            return;
        }
        i += 1;
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
    if let Some(json) = cfg.get(JSON_ATTR).as_str() {
        let mut w = composed(json, path, hcl, tr);
        // The JSON is the whole workflow: anything written beside it would be silently dropped.
        let beside: Vec<String> = ["start_at", "comment"]
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
        tr.graph_unknown = true;
        tr.origins.push(Origin {
            model: path.clone(),
            hcl: hcl.clone().attribute(JSON_ATTR),
            opaque: true,
        });
        tr.unknown_at(path.clone());
        let name = tr.next_placeholder("(not yet known) ");
        return Workflow {
            start_at: Some(name.clone()),
            states: vec![(
                name,
                State {
                    end: None,
                    ..State::new(StateType::Succeed)
                },
            )],
            ..Workflow::default()
        };
    }
    let mut w = Workflow {
        comment: string(cfg.get("comment"), &path.key("Comment"), tr, "unknown"),
        ..Workflow::default()
    };
    match cfg.get("start_at") {
        Tf::Unknown => {
            tr.graph_unknown = true;
            w.start_at = Some(tr.next_placeholder("(not yet known) "));
        }
        v => w.start_at = v.as_str().map(str::to_string),
    }
    if kind == ScopeKind::Processor {
        w.processor_config = processor_config(cfg, path, tr);
    }
    let states_path = path.key("States");
    for t in StateType::ALL {
        let blocks = match cfg.get(block_name(t)) {
            Tf::Unknown => {
                // `dynamic` blocks over a collection not yet known.
                tr.graph_unknown = true;
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
            let s = state(t, b, &state_path, &block_hcl, tr);
            w.states.push((name.clone(), s));
        }
    }
    w
}

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
        tr.graph_unknown = true;
        return Workflow::default();
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
        Tf::Unknown => {
            tr.graph_unknown = true;
            Some(tr.next_placeholder("(not yet known) "))
        }
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

fn state(t: StateType, b: &Tf, path: &Path, hcl: &AttributePath, tr: &mut Translation) -> State {
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
                    tr.graph_unknown = true;
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
            "Retry" => {
                s.retry = Some(
                    b.get("retry")
                        .items()
                        .iter()
                        .enumerate()
                        .map(|(i, r)| retrier(r, &p.index(i), tr))
                        .collect(),
                )
                .filter(|v: &Vec<Retrier>| !v.is_empty())
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
                .filter(|v: &Vec<Catcher>| !v.is_empty())
            }
            "Choices" => {
                s.choices = Some(
                    b.get(RULE_BLOCK)
                        .items()
                        .iter()
                        .enumerate()
                        .map(|(i, r)| choice_rule(r, &p.index(i), tr, true))
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

fn choice_rule(r: &Tf, path: &Path, tr: &mut Translation, top: bool) -> ChoiceRule {
    let mut rule = ChoiceRule {
        variable: string(r.get("variable"), &path.key("Variable"), tr, "$"),
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
        if items.is_empty() {
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
                .map(|(i, x)| choice_rule(x, &path.key(key).index(i), tr, false))
                .collect(),
        )
    };
    rule.and = nested("and", tr);
    rule.or = nested("or", tr);
    rule.not = r
        .get("not")
        .items()
        .first()
        .map(|x| Box::new(choice_rule(x, &path.key("Not"), tr, false)));
    if top {
        rule.condition = payload(r.get("condition"), &path.key("Condition"), tr);
        rule.next = transition(r.get("next"), tr);
        rule.assign = payload(r.get("assign"), &path.key("Assign"), tr);
        rule.output = payload(r.get("output"), &path.key("Output"), tr);
        rule.comment = string(r.get("comment"), &path.key("Comment"), tr, "unknown");
    }
    rule
}

fn item_reader(r: &Tf, path: &Path, tr: &mut Translation) -> ItemReader {
    ItemReader {
        resource: string(
            r.get("resource"),
            &path.key("Resource"),
            tr,
            "arn:aws:states:::s3:getObject",
        ),
        parameters: payload(r.get("parameters"), &path.key("Parameters"), tr),
        arguments: payload(r.get("arguments"), &path.key("Arguments"), tr),
        reader_config: r.get("reader_config").items().first().map(|c| {
            let p = path.key("ReaderConfig");
            ReaderConfig {
                input_type: string(c.get("input_type"), &p.key("InputType"), tr, "JSON"),
                csv_header_location: string(
                    c.get("csv_header_location"),
                    &p.key("CSVHeaderLocation"),
                    tr,
                    "FIRST_ROW",
                ),
                csv_headers: strings(c.get("csv_headers"), &p.key("CSVHeaders"), tr),
                csv_delimiter: string(c.get("csv_delimiter"), &p.key("CSVDelimiter"), tr, "COMMA"),
                max_items: num_or_expr(c.get("max_items"), &p.key("MaxItems"), tr, 1),
                max_items_path: string(c.get("max_items_path"), &p.key("MaxItemsPath"), tr, "$"),
                manifest_type: string(c.get("manifest_type"), &p.key("ManifestType"), tr, "CSV"),
                unknown: Vec::new(),
            }
        }),
        unknown: Vec::new(),
    }
}

fn item_batcher(b: &Tf, path: &Path, tr: &mut Translation) -> ItemBatcher {
    ItemBatcher {
        max_items_per_batch: num_or_expr(
            b.get("max_items_per_batch"),
            &path.key("MaxItemsPerBatch"),
            tr,
            1,
        ),
        max_items_per_batch_path: string(
            b.get("max_items_per_batch_path"),
            &path.key("MaxItemsPerBatchPath"),
            tr,
            "$",
        ),
        max_input_bytes_per_batch: num_or_expr(
            b.get("max_input_bytes_per_batch"),
            &path.key("MaxInputBytesPerBatch"),
            tr,
            1,
        ),
        max_input_bytes_per_batch_path: string(
            b.get("max_input_bytes_per_batch_path"),
            &path.key("MaxInputBytesPerBatchPath"),
            tr,
            "$",
        ),
        batch_input: payload(b.get("batch_input"), &path.key("BatchInput"), tr),
        unknown: Vec::new(),
    }
}

fn result_writer(w: &Tf, path: &Path, tr: &mut Translation) -> ResultWriter {
    ResultWriter {
        resource: string(
            w.get("resource"),
            &path.key("Resource"),
            tr,
            "arn:aws:states:::s3:putObject",
        ),
        parameters: payload(w.get("parameters"), &path.key("Parameters"), tr),
        arguments: payload(w.get("arguments"), &path.key("Arguments"), tr),
        writer_config: w.get("writer_config").items().first().map(|c| {
            let p = path.key("WriterConfig");
            WriterConfig {
                output_type: string(c.get("output_type"), &p.key("OutputType"), tr, "JSON"),
                transformation: string(
                    c.get("transformation"),
                    &p.key("Transformation"),
                    tr,
                    "NONE",
                ),
                unknown: Vec::new(),
            }
        }),
        unknown: Vec::new(),
    }
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
