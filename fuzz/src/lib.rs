//! Shared code for the fuzz targets: the round-trip oracle and an `Arbitrary`-driven model
//! builder.

use arbitrary::Arbitrary;
use sfn_codegen::model::*;
use sfn_codegen::{emit, parse_str, Json, Num};

/// Codes the parser reports about the text itself: syntax, duplicate keys, wrong types, unknown
/// fields, bad enum values.
pub const PARSE_CODES: [&str; 5] = ["ASL001", "ASL002", "ASL003", "ASL004", "ASL005"];

/// Checks that emitting `m` and parsing the text back is a fixed point, pretty and compact.
/// Returns the parsed model of the pretty text.
pub fn assert_fixed_point(m: &StateMachine) -> StateMachine {
    let pretty = emit::to_pretty(m);
    let report = parse_str(&pretty);
    let Some(parsed) = report.machine else {
        panic!(
            "emitted text does not parse: {:?}\n{pretty}",
            report.diagnostics
        )
    };
    let again = emit::to_pretty(&parsed);
    assert_eq!(
        pretty, again,
        "pretty emit -> parse -> emit is not a fixed point"
    );

    let compact = emit::to_compact(m);
    let parsed_compact = parse_str(&compact)
        .machine
        .unwrap_or_else(|| panic!("emitted compact text does not parse:\n{compact}"));
    assert_eq!(
        compact,
        emit::to_compact(&parsed_compact),
        "compact emit -> parse -> emit is not a fixed point"
    );
    parsed
}

/// The model as emission presents it: every workflow's states in flow order.
pub fn in_flow_order(w: &Workflow) -> Workflow {
    let mut out = w.clone();
    out.states = emit::flow_order(w)
        .into_iter()
        .map(|i| {
            let (name, s) = &w.states[i];
            let mut s = s.clone();
            s.branches = s.branches.map(|b| b.iter().map(in_flow_order).collect());
            s.item_processor = s.item_processor.as_ref().map(in_flow_order);
            s.iterator = s.iterator.as_ref().map(in_flow_order);
            (name.clone(), s)
        })
        .collect();
    out
}

// ---------- Arbitrary-driven builder ----------

#[derive(Arbitrary, Debug)]
pub enum FNum {
    Int(i64),
    Float(f64),
    Big(u128, i16),
    Text(String),
}

impl FNum {
    fn build(&self) -> Num {
        let n = match self {
            FNum::Int(i) => Some(Num::from_i64(*i)),
            FNum::Float(f) => Num::from_f64(*f),
            FNum::Big(m, e) => Num::parse(&format!("{m}.{}e{e}", m % 1000)),
            FNum::Text(t) => Num::parse(t),
        };
        n.unwrap_or_else(|| Num::from_i64(0))
    }
}

#[derive(Arbitrary, Debug)]
pub enum FJson {
    Null,
    Bool(bool),
    Num(FNum),
    Str(String),
    Arr(Vec<FJson>),
    Obj(Vec<(String, FJson)>),
}

impl FJson {
    /// Nesting is capped (deeper values become `null`) and object keys made unique.
    fn build(&self, depth: usize) -> Json {
        if depth > 12 {
            return Json::Null;
        }
        match self {
            FJson::Null => Json::Null,
            FJson::Bool(b) => Json::Bool(*b),
            FJson::Num(n) => Json::Number(n.build()),
            FJson::Str(s) => Json::String(s.clone()),
            FJson::Arr(v) => Json::Array(v.iter().map(|x| x.build(depth + 1)).collect()),
            FJson::Obj(m) => Json::Object(dedup(
                m.iter()
                    .map(|(k, v)| (k.clone(), v.build(depth + 1)))
                    .collect(),
            )),
        }
    }
}

fn dedup<T>(members: Vec<(String, T)>) -> Vec<(String, T)> {
    let mut seen = std::collections::HashSet::new();
    members
        .into_iter()
        .filter(|(k, _)| seen.insert(k.clone()))
        .collect()
}

fn json(v: &Option<FJson>) -> Option<Json> {
    v.as_ref().map(|j| j.build(0))
}

/// An `Assign` value: always an object (anything else is a type error the parser reports).
fn assign(v: &Option<FJson>) -> Option<Json> {
    json(v).map(|j| match j {
        Json::Object(_) => j,
        other => Json::Object(vec![("v".to_string(), other)]),
    })
}

#[derive(Arbitrary, Debug)]
pub enum FNumOrExpr {
    Num(FNum),
    Expr(String),
}

fn num_or_expr(v: &Option<FNumOrExpr>) -> Option<NumOrExpr> {
    v.as_ref().map(|v| match v {
        FNumOrExpr::Num(n) => NumOrExpr::Num(n.build()),
        FNumOrExpr::Expr(s) => NumOrExpr::Expr(s.clone()),
    })
}

fn path_or_null(v: &Option<Option<String>>) -> Option<PathOrNull> {
    v.as_ref().map(|p| match p {
        None => PathOrNull::Null,
        Some(p) => PathOrNull::Path(p.clone()),
    })
}

fn pick(v: &Option<u8>, allowed: &[&str]) -> Option<String> {
    v.map(|i| allowed[usize::from(i) % allowed.len()].to_string())
}

/// A transition: an index into the sibling states, or a free name.
#[derive(Arbitrary, Debug)]
pub enum FTarget {
    Sibling(u8),
    Name(String),
}

#[derive(Arbitrary, Debug)]
pub enum FRule {
    Compare {
        variable: Option<String>,
        ops: Vec<(u8, FJson)>,
    },
    Condition(FJson),
    And(Vec<FRule>),
    Or(Vec<FRule>),
    Not(Box<FRule>),
}

#[derive(Arbitrary, Debug)]
pub struct FTopRule {
    rule: FRule,
    next: Option<FTarget>,
    assign: Option<FJson>,
    output: Option<FJson>,
    comment: Option<String>,
}

#[derive(Arbitrary, Debug)]
pub struct FRetrier {
    errors: Option<Vec<String>>,
    interval: Option<FNum>,
    attempts: Option<FNum>,
    backoff: Option<FNum>,
    max_delay: Option<FNum>,
    jitter: Option<u8>,
    comment: Option<String>,
}

#[derive(Arbitrary, Debug)]
pub struct FCatcher {
    errors: Option<Vec<String>>,
    next: Option<FTarget>,
    result_path: Option<Option<String>>,
    output: Option<FJson>,
    assign: Option<FJson>,
    comment: Option<String>,
}

/// ItemReader: resource, parameters, input type, header location, headers, max items.
pub type FReader = (
    Option<String>,
    Option<FJson>,
    Option<u8>,
    Option<u8>,
    Option<Vec<String>>,
    Option<FNumOrExpr>,
);
/// ItemBatcher: max items, max items path, max bytes, batch input.
pub type FBatcher = (
    Option<FNumOrExpr>,
    Option<String>,
    Option<FNumOrExpr>,
    Option<FJson>,
);
/// ResultWriter: resource, arguments, transformation, output type.
pub type FWriter = (Option<String>, Option<FJson>, Option<u8>, Option<u8>);
/// Item processor: workflow, mode, execution type.
pub type FProcessor = (FWorkflow, Option<u8>, Option<u8>);

#[derive(Arbitrary, Debug)]
pub struct FMapConfig {
    items_path: Option<String>,
    items: Option<FJson>,
    item_selector: Option<FJson>,
    reader: Option<FReader>,
    batcher: Option<FBatcher>,
    writer: Option<FWriter>,
    max_concurrency: Option<FNumOrExpr>,
    tolerated_percentage: Option<FNumOrExpr>,
    tolerated_count_path: Option<String>,
    label: Option<String>,
}

#[derive(Arbitrary, Debug)]
pub struct FState {
    name: String,
    kind: Option<u8>,
    comment: Option<String>,
    jsonata: Option<bool>,
    next: Option<FTarget>,
    end: Option<bool>,
    input_path: Option<Option<String>>,
    output_path: Option<Option<String>>,
    parameters: Option<FJson>,
    result_selector: Option<FJson>,
    result_path: Option<Option<String>>,
    result: Option<FJson>,
    arguments: Option<FJson>,
    output: Option<FJson>,
    assign: Option<FJson>,
    resource: Option<String>,
    timeout: Option<FNumOrExpr>,
    heartbeat_path: Option<String>,
    retry: Option<Vec<FRetrier>>,
    catch: Option<Vec<FCatcher>>,
    choices: Option<Vec<FTopRule>>,
    default: Option<FTarget>,
    seconds: Option<FNumOrExpr>,
    timestamp: Option<String>,
    error: Option<String>,
    cause_path: Option<String>,
    map: Option<Box<FMapConfig>>,
    branches: Option<Vec<FWorkflow>>,
    processor: Option<Box<FProcessor>>,
}

#[derive(Arbitrary, Debug)]
pub struct FWorkflow {
    comment: Option<String>,
    start: Option<FTarget>,
    states: Vec<FState>,
}

#[derive(Arbitrary, Debug)]
pub struct FMachine {
    workflow: FWorkflow,
    version: Option<String>,
    timeout: Option<FNumOrExpr>,
    jsonata: Option<bool>,
}

fn ql(v: &Option<bool>) -> Option<QueryLanguage> {
    v.map(|j| {
        if j {
            QueryLanguage::Jsonata
        } else {
            QueryLanguage::JsonPath
        }
    })
}

fn rule(r: &FRule, depth: usize) -> ChoiceRule {
    let mut out = ChoiceRule::default();
    if depth > 6 {
        return out;
    }
    match r {
        FRule::Compare { variable, ops } => {
            out.variable = variable.clone();
            let mut seen = std::collections::HashSet::new();
            for (op, v) in ops {
                let op = Operator::ALL[usize::from(*op) % Operator::ALL.len()];
                if seen.insert(op) {
                    out.comparisons.push((op, v.build(depth)));
                }
            }
        }
        FRule::Condition(c) => out.condition = Some(c.build(depth)),
        FRule::And(v) => out.and = Some(v.iter().map(|r| rule(r, depth + 1)).collect()),
        FRule::Or(v) => out.or = Some(v.iter().map(|r| rule(r, depth + 1)).collect()),
        FRule::Not(r) => out.not = Some(Box::new(rule(r, depth + 1))),
    }
    out
}

struct Names(Vec<String>);

impl Names {
    fn target(&self, t: &Option<FTarget>) -> Option<String> {
        t.as_ref().map(|t| match t {
            FTarget::Sibling(i) if !self.0.is_empty() => {
                self.0[usize::from(*i) % self.0.len()].clone()
            }
            FTarget::Sibling(_) => "Nowhere".to_string(),
            FTarget::Name(n) => n.clone(),
        })
    }
}

fn state(f: &FState, names: &Names, depth: usize) -> State {
    let kind = f
        .kind
        .and_then(|k| StateType::ALL.get(usize::from(k) % 9).copied());
    let mut s = State {
        kind,
        comment: f.comment.clone(),
        query_language: ql(&f.jsonata),
        next: names.target(&f.next),
        end: f.end,
        input_path: path_or_null(&f.input_path),
        output_path: path_or_null(&f.output_path),
        parameters: json(&f.parameters),
        result_selector: json(&f.result_selector),
        result_path: path_or_null(&f.result_path),
        result: json(&f.result),
        arguments: json(&f.arguments),
        output: json(&f.output),
        assign: assign(&f.assign),
        resource: f.resource.clone(),
        timeout_seconds: num_or_expr(&f.timeout),
        heartbeat_seconds_path: f.heartbeat_path.clone(),
        seconds: num_or_expr(&f.seconds),
        timestamp: f.timestamp.clone(),
        error: f.error.clone(),
        cause_path: f.cause_path.clone(),
        default: names.target(&f.default),
        ..State::default()
    };
    s.retry = f.retry.as_ref().map(|v| {
        v.iter()
            .map(|r| Retrier {
                error_equals: r.errors.clone(),
                interval_seconds: r.interval.as_ref().map(FNum::build),
                max_attempts: r.attempts.as_ref().map(FNum::build),
                backoff_rate: r.backoff.as_ref().map(FNum::build),
                max_delay_seconds: r.max_delay.as_ref().map(FNum::build),
                jitter_strategy: pick(&r.jitter, &["FULL", "NONE"]),
                comment: r.comment.clone(),
                unknown: Vec::new(),
            })
            .collect()
    });
    s.catch = f.catch.as_ref().map(|v| {
        v.iter()
            .map(|c| Catcher {
                error_equals: c.errors.clone(),
                next: names.target(&c.next),
                result_path: path_or_null(&c.result_path),
                output: json(&c.output),
                assign: assign(&c.assign),
                comment: c.comment.clone(),
                unknown: Vec::new(),
            })
            .collect()
    });
    s.choices = f.choices.as_ref().map(|v| {
        v.iter()
            .map(|t| {
                let mut r = rule(&t.rule, 0);
                r.next = names.target(&t.next);
                r.assign = assign(&t.assign);
                r.output = json(&t.output);
                r.comment = t.comment.clone();
                r
            })
            .collect()
    });
    if let Some(m) = &f.map {
        s.items_path = m.items_path.clone();
        s.items = json(&m.items);
        s.item_selector = json(&m.item_selector);
        s.item_reader = m
            .reader
            .as_ref()
            .map(|(res, params, it, hl, headers, max)| ItemReader {
                resource: res.clone(),
                parameters: json(params),
                reader_config: Some(ReaderConfig {
                    input_type: pick(it, &["CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"]),
                    csv_header_location: pick(hl, &["FIRST_ROW", "GIVEN"]),
                    csv_headers: headers.clone(),
                    max_items: num_or_expr(max),
                    ..ReaderConfig::default()
                }),
                ..ItemReader::default()
            });
        s.item_batcher = m.batcher.as_ref().map(|(a, b, c, d)| ItemBatcher {
            max_items_per_batch: num_or_expr(a),
            max_items_per_batch_path: b.clone(),
            max_input_bytes_per_batch: num_or_expr(c),
            batch_input: json(d),
            ..ItemBatcher::default()
        });
        s.result_writer = m.writer.as_ref().map(|(res, args, t, o)| ResultWriter {
            resource: res.clone(),
            arguments: json(args),
            writer_config: Some(WriterConfig {
                transformation: pick(t, &["NONE", "COMPACT", "FLATTEN"]),
                output_type: pick(o, &["JSON", "JSONL"]),
                unknown: Vec::new(),
            }),
            ..ResultWriter::default()
        });
        s.max_concurrency = num_or_expr(&m.max_concurrency);
        s.tolerated_failure_percentage = num_or_expr(&m.tolerated_percentage);
        s.tolerated_failure_count_path = m.tolerated_count_path.clone();
        s.label = m.label.clone();
    }
    if depth < 4 {
        s.branches = f.branches.as_ref().map(|v| {
            v.iter()
                .map(|w| workflow(w, ScopeKind::Branch, depth + 1))
                .collect()
        });
        if let Some(p) = &f.processor {
            let (w, mode, exec) = &**p;
            let mut w = workflow(w, ScopeKind::Processor, depth + 1);
            if mode.is_some() || exec.is_some() {
                w.processor_config = Some(ProcessorConfig {
                    mode: pick(mode, &["INLINE", "DISTRIBUTED"]),
                    execution_type: pick(exec, &["STANDARD", "EXPRESS"]),
                    unknown: Vec::new(),
                });
            }
            s.item_processor = Some(w);
        }
    }
    s
}

fn workflow(f: &FWorkflow, kind: ScopeKind, depth: usize) -> Workflow {
    let mut seen = std::collections::HashSet::new();
    let names: Vec<String> = f
        .states
        .iter()
        .map(|s| {
            let mut n = s.name.clone();
            let mut i = 0;
            while !seen.insert(n.clone()) {
                i += 1;
                n = format!("{}#{i}", s.name);
            }
            n
        })
        .collect();
    let names = Names(names);
    let states = f
        .states
        .iter()
        .zip(&names.0)
        .map(|(s, n)| (n.clone(), state(s, &names, depth)))
        .collect();
    let _ = kind;
    Workflow {
        comment: f.comment.clone(),
        start_at: names.target(&f.start),
        states,
        ..Workflow::default()
    }
}

impl FMachine {
    pub fn build(&self) -> StateMachine {
        let mut m = workflow(&self.workflow, ScopeKind::Machine, 0);
        m.version = self.version.clone();
        m.timeout_seconds = num_or_expr(&self.timeout);
        m.query_language = ql(&self.jsonata);
        m
    }
}
