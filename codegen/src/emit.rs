//! Model -> canonical JSON. Deterministic: the same model always gives byte-identical output.
//! Keys follow the conventional ASL order ([`fields::FIELDS`] for states); states follow the flow
//! from `StartAt` (depth first, `Next` before branches and catchers), unreachable states last in
//! their original order. Payload objects keep the order they were given in.

use crate::json::Json;
use crate::model::*;

/// Pretty JSON (two-space indentation), the form the data source and `fmt` produce.
pub fn to_pretty(machine: &StateMachine) -> String {
    to_json(machine).to_pretty()
}

/// Compact JSON with no insignificant whitespace.
pub fn to_compact(machine: &StateMachine) -> String {
    to_json(machine).to_compact()
}

pub fn to_json(machine: &StateMachine) -> Json {
    workflow(machine)
}

struct Obj(Vec<(String, Json)>);

impl Obj {
    fn new() -> Obj {
        Obj(Vec::new())
    }
    fn put(&mut self, key: &str, value: Option<Json>) {
        if let Some(v) = value {
            self.0.push((key.to_string(), v));
        }
    }
    fn rest(mut self, unknown: &[(String, Json)]) -> Json {
        self.0.extend(unknown.iter().cloned());
        Json::Object(self.0)
    }
}

fn text(s: &Option<String>) -> Option<Json> {
    s.as_ref().map(|s| Json::String(s.clone()))
}

fn strings(v: &Option<Vec<String>>) -> Option<Json> {
    v.as_ref()
        .map(|v| Json::Array(v.iter().map(|s| Json::String(s.clone())).collect()))
}

fn workflow(w: &Workflow) -> Json {
    let mut o = Obj::new();
    o.put("Comment", text(&w.comment));
    o.put(
        "QueryLanguage",
        w.query_language.map(|q| Json::String(q.as_str().into())),
    );
    o.put(
        "ProcessorConfig",
        w.processor_config.as_ref().map(processor_config),
    );
    o.put("StartAt", text(&w.start_at));
    let states = flow_order(w)
        .into_iter()
        .map(|i| {
            let (name, s) = &w.states[i];
            (name.clone(), state(s))
        })
        .collect();
    o.put("States", Some(Json::Object(states)));
    o.put(
        "TimeoutSeconds",
        w.timeout_seconds.as_ref().map(NumOrExpr::to_json),
    );
    o.put("Version", text(&w.version));
    o.rest(&w.unknown)
}

fn processor_config(c: &ProcessorConfig) -> Json {
    let mut o = Obj::new();
    o.put("Mode", text(&c.mode));
    o.put("ExecutionType", text(&c.execution_type));
    o.rest(&c.unknown)
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

fn state(s: &State) -> Json {
    let mut o = Obj::new();
    for f in fields::FIELDS {
        o.put(f.name, state_field(s, f.name));
    }
    o.rest(&s.unknown)
}

/// The value of one state field, by its ASL name.
pub fn state_field(s: &State, name: &str) -> Option<Json> {
    let num = |v: &Option<NumOrExpr>| v.as_ref().map(NumOrExpr::to_json);
    let path = |v: &Option<PathOrNull>| v.as_ref().map(PathOrNull::to_json);
    match name {
        "Type" => s.kind.map(|k| Json::String(k.as_str().into())),
        "QueryLanguage" => s.query_language.map(|q| Json::String(q.as_str().into())),
        "Comment" => text(&s.comment),
        "Resource" => text(&s.resource),
        "Credentials" => s.credentials.clone(),
        "Choices" => s
            .choices
            .as_ref()
            .map(|c| Json::Array(c.iter().map(choice_rule).collect())),
        "Default" => text(&s.default),
        "Seconds" => num(&s.seconds),
        "SecondsPath" => text(&s.seconds_path),
        "Timestamp" => text(&s.timestamp),
        "TimestampPath" => text(&s.timestamp_path),
        "Error" => text(&s.error),
        "ErrorPath" => text(&s.error_path),
        "Cause" => text(&s.cause),
        "CausePath" => text(&s.cause_path),
        "Branches" => s
            .branches
            .as_ref()
            .map(|b| Json::Array(b.iter().map(workflow).collect())),
        "ItemReader" => s.item_reader.as_ref().map(item_reader),
        "Items" => s.items.clone(),
        "ItemsPath" => text(&s.items_path),
        "ItemSelector" => s.item_selector.clone(),
        "ItemBatcher" => s.item_batcher.as_ref().map(item_batcher),
        "MaxConcurrency" => num(&s.max_concurrency),
        "MaxConcurrencyPath" => text(&s.max_concurrency_path),
        "ToleratedFailurePercentage" => num(&s.tolerated_failure_percentage),
        "ToleratedFailurePercentagePath" => text(&s.tolerated_failure_percentage_path),
        "ToleratedFailureCount" => num(&s.tolerated_failure_count),
        "ToleratedFailureCountPath" => text(&s.tolerated_failure_count_path),
        "ItemProcessor" => s.item_processor.as_ref().map(workflow),
        "Iterator" => s.iterator.as_ref().map(workflow),
        "Label" => text(&s.label),
        "ResultWriter" => s.result_writer.as_ref().map(result_writer),
        "InputPath" => path(&s.input_path),
        "Parameters" => s.parameters.clone(),
        "Arguments" => s.arguments.clone(),
        "Result" => s.result.clone(),
        "ResultSelector" => s.result_selector.clone(),
        "ResultPath" => path(&s.result_path),
        "OutputPath" => path(&s.output_path),
        "Output" => s.output.clone(),
        "Assign" => s.assign.clone(),
        "TimeoutSeconds" => num(&s.timeout_seconds),
        "TimeoutSecondsPath" => text(&s.timeout_seconds_path),
        "HeartbeatSeconds" => num(&s.heartbeat_seconds),
        "HeartbeatSecondsPath" => text(&s.heartbeat_seconds_path),
        "Retry" => s
            .retry
            .as_ref()
            .map(|r| Json::Array(r.iter().map(retrier).collect())),
        "Catch" => s
            .catch
            .as_ref()
            .map(|c| Json::Array(c.iter().map(catcher).collect())),
        "Next" => text(&s.next),
        "End" => s.end.map(Json::Bool),
        _ => None,
    }
}

fn retrier(r: &Retrier) -> Json {
    let n = |v: &Option<crate::json::Num>| v.as_ref().map(|n| Json::Number(n.clone()));
    let mut o = Obj::new();
    o.put("ErrorEquals", strings(&r.error_equals));
    o.put("IntervalSeconds", n(&r.interval_seconds));
    o.put("MaxAttempts", n(&r.max_attempts));
    o.put("BackoffRate", n(&r.backoff_rate));
    o.put("MaxDelaySeconds", n(&r.max_delay_seconds));
    o.put("JitterStrategy", text(&r.jitter_strategy));
    o.put("Comment", text(&r.comment));
    o.rest(&r.unknown)
}

fn catcher(c: &Catcher) -> Json {
    let mut o = Obj::new();
    o.put("ErrorEquals", strings(&c.error_equals));
    o.put("Comment", text(&c.comment));
    o.put(
        "ResultPath",
        c.result_path.as_ref().map(PathOrNull::to_json),
    );
    o.put("Output", c.output.clone());
    o.put("Assign", c.assign.clone());
    o.put("Next", text(&c.next));
    o.rest(&c.unknown)
}

fn choice_rule(r: &ChoiceRule) -> Json {
    let rules = |v: &Option<Vec<ChoiceRule>>| {
        v.as_ref()
            .map(|v| Json::Array(v.iter().map(choice_rule).collect()))
    };
    let mut o = Obj::new();
    o.put("Comment", text(&r.comment));
    o.put("Variable", text(&r.variable));
    for (op, value) in &r.comparisons {
        o.put(op.as_str(), Some(value.clone()));
    }
    o.put("And", rules(&r.and));
    o.put("Or", rules(&r.or));
    o.put("Not", r.not.as_deref().map(choice_rule));
    o.put("Condition", r.condition.clone());
    o.put("Output", r.output.clone());
    o.put("Assign", r.assign.clone());
    o.put("Next", text(&r.next));
    o.rest(&r.unknown)
}

fn item_reader(r: &ItemReader) -> Json {
    let mut o = Obj::new();
    o.put("Resource", text(&r.resource));
    o.put("ReaderConfig", r.reader_config.as_ref().map(reader_config));
    o.put("Parameters", r.parameters.clone());
    o.put("Arguments", r.arguments.clone());
    o.rest(&r.unknown)
}

fn reader_config(c: &ReaderConfig) -> Json {
    let mut o = Obj::new();
    o.put("InputType", text(&c.input_type));
    o.put("ManifestType", text(&c.manifest_type));
    o.put("CSVHeaderLocation", text(&c.csv_header_location));
    o.put("CSVHeaders", strings(&c.csv_headers));
    o.put("CSVDelimiter", text(&c.csv_delimiter));
    o.put("MaxItems", c.max_items.as_ref().map(NumOrExpr::to_json));
    o.put("MaxItemsPath", text(&c.max_items_path));
    o.rest(&c.unknown)
}

fn item_batcher(b: &ItemBatcher) -> Json {
    let num = |v: &Option<NumOrExpr>| v.as_ref().map(NumOrExpr::to_json);
    let mut o = Obj::new();
    o.put("MaxItemsPerBatch", num(&b.max_items_per_batch));
    o.put("MaxItemsPerBatchPath", text(&b.max_items_per_batch_path));
    o.put("MaxInputBytesPerBatch", num(&b.max_input_bytes_per_batch));
    o.put(
        "MaxInputBytesPerBatchPath",
        text(&b.max_input_bytes_per_batch_path),
    );
    o.put("BatchInput", b.batch_input.clone());
    o.rest(&b.unknown)
}

fn result_writer(w: &ResultWriter) -> Json {
    let mut o = Obj::new();
    o.put("Resource", text(&w.resource));
    o.put("WriterConfig", w.writer_config.as_ref().map(writer_config));
    o.put("Parameters", w.parameters.clone());
    o.put("Arguments", w.arguments.clone());
    o.rest(&w.unknown)
}

fn writer_config(c: &WriterConfig) -> Json {
    let mut o = Obj::new();
    o.put("OutputType", text(&c.output_type));
    o.put("Transformation", text(&c.transformation));
    o.rest(&c.unknown)
}
