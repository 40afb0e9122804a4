//! JSON -> model. Reports wrong value types, unknown fields and unknown enum values, and keeps
//! going: everything that can be read is read, so validation sees as much as possible.

use crate::diagnostic::{Diagnostic, Loc, Path, SegRef};
use crate::json::{Json, Num};
use crate::model::*;
use crate::rules;
use crate::suggest;

pub struct Reader<'d> {
    diags: &'d mut Vec<Diagnostic>,
    /// Set when a field holding a single value (string, number, boolean, path) had the wrong
    /// type; the loop over the object's members then keeps the value in `unknown`.
    scalar_wrong: bool,
}

/// Reads a whole definition. Returns `None` only when the root is not a JSON object.
pub fn state_machine(json: &Json, diags: &mut Vec<Diagnostic>) -> Option<StateMachine> {
    from_json(json.clone(), diags)
}

/// [`state_machine`] for JSON the caller no longer needs: strings and payloads are moved into
/// the model instead of copied.
pub fn from_json(mut json: Json, diags: &mut Vec<Diagnostic>) -> Option<StateMachine> {
    let json = &mut json;
    let mut r = Reader {
        diags,
        scalar_wrong: false,
    };
    if json.as_object().is_none() {
        r.wrong_type(
            &Loc::At(&Path::root()),
            json,
            "an object with StartAt and States",
        );
        return None;
    }
    Some(r.workflow(json, &Loc::At(&Path::root()), ScopeKind::Machine))
}

/// Moves a value out of the JSON being read, leaving `null`: each value is read once and the
/// JSON is discarded afterwards.
fn take(v: &mut Json) -> Json {
    std::mem::replace(v, Json::Null)
}

impl Reader<'_> {
    fn wrong_type(&mut self, path: &Loc<'_>, found: &Json, expected: &str) {
        self.diags.push(rules::wrong_type::RULE.at(
            path.to_path(),
            format!("Expected {expected}, found {}.", found.type_name()),
        ));
    }

    fn unknown(&mut self, path: &Loc<'_>, key: &str, what: &str, known: &[&str]) {
        let mut d = rules::unknown_field::RULE.at(
            path.key(key).to_path(),
            format!("\"{key}\" is not a field of {what}."),
        );
        if let Some(close) = suggest::did_you_mean(key, known.iter().copied()) {
            d = d.with_hint(format!("Did you mean \"{close}\"?"));
        }
        self.diags.push(d);
    }

    fn invalid_value(&mut self, path: &Loc<'_>, value: &str, allowed: &[&str]) {
        let mut d = rules::invalid_value::RULE.at(
            path.to_path(),
            format!(
                "\"{value}\" is not one of the allowed values: {}.",
                allowed.join(", ")
            ),
        );
        if let Some(close) = suggest::did_you_mean(value, allowed.iter().copied()) {
            d.message.push_str(&format!(" Did you mean \"{close}\"?"));
            d = d.with_hint(format!("Use \"{close}\" (values are case-sensitive)."));
        }
        self.diags.push(d);
    }

    fn object<'j>(
        &mut self,
        v: &'j mut Json,
        path: &Loc<'_>,
        expected: &str,
    ) -> Option<&'j mut [(String, Json)]> {
        match v {
            Json::Object(o) => Some(o),
            other => {
                self.wrong_type(path, other, expected);
                None
            }
        }
    }

    fn string(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<String> {
        match v {
            Json::String(s) => Some(std::mem::take(s)),
            other => {
                self.wrong_type(path, other, "a string");
                self.scalar_wrong = true;
                None
            }
        }
    }

    fn boolean(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<bool> {
        match v {
            Json::Bool(b) => Some(*b),
            other => {
                self.wrong_type(path, other, "a boolean");
                self.scalar_wrong = true;
                None
            }
        }
    }

    fn number(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<Num> {
        match v {
            Json::Number(_) => match take(v) {
                Json::Number(n) => Some(n),
                _ => None,
            },
            other => {
                self.wrong_type(path, other, "a number");
                self.scalar_wrong = true;
                None
            }
        }
    }

    /// A number, or a string (a JSONata expression; whether one is allowed here is a rule's job).
    fn num_or_expr(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<NumOrExpr> {
        match v {
            Json::Number(_) => match take(v) {
                Json::Number(n) => Some(NumOrExpr::Num(n)),
                _ => None,
            },
            Json::String(s) => Some(NumOrExpr::Expr(std::mem::take(s))),
            other => {
                self.wrong_type(path, other, "a number");
                self.scalar_wrong = true;
                None
            }
        }
    }

    fn path_or_null(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<PathOrNull> {
        match v {
            Json::Null => Some(PathOrNull::Null),
            Json::String(s) => Some(PathOrNull::Path(std::mem::take(s))),
            other => {
                self.wrong_type(path, other, "a path string or null");
                self.scalar_wrong = true;
                None
            }
        }
    }

    fn strings(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<Vec<String>> {
        let Json::Array(items) = v else {
            self.wrong_type(path, v, "an array of strings");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter_mut().enumerate() {
            if let Some(s) = self.string(item, &path.index(i)) {
                out.push(s);
            }
        }
        // A wrong item is reported and left out; the list itself is kept.
        self.scalar_wrong = false;
        Some(out)
    }

    fn enum_string(&mut self, v: &mut Json, path: &Loc<'_>, allowed: &[&str]) -> Option<String> {
        let s = self.string(v, path)?;
        if !allowed.contains(&s.as_str()) {
            self.invalid_value(path, &s, allowed);
        }
        Some(s)
    }

    /// `Assign`: an object of variable name to value, in both query languages. Anything else is
    /// reported and kept as written.
    fn assign(&mut self, v: &mut Json, path: &Loc<'_>) -> Json {
        if v.as_object().is_none() {
            self.wrong_type(path, v, "an object of variable names to values");
        }
        take(v)
    }

    /// `Credentials`: an object with `RoleArn` (or `RoleArn.$`), whose value is a string; or, in
    /// a JSONata state, possibly a whole `{% %}` expression (whether AWS allows that is not
    /// documented, so it is accepted). A missing `RoleArn` is missing-field's. Kept as written.
    fn credentials(&mut self, v: &mut Json, path: &Loc<'_>) -> Json {
        match &*v {
            Json::Object(members) => {
                for (key, value) in members.iter() {
                    if (key == "RoleArn" || key == "RoleArn.$") && !matches!(value, Json::String(_))
                    {
                        self.wrong_type(&path.key(key), value, "a string (the role's ARN)");
                    }
                }
            }
            Json::String(s) if crate::jsonata::is_expression(s) => {}
            other => self.wrong_type(path, other, "an object with \"RoleArn\""),
        }
        take(v)
    }

    fn query_language(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<QueryLanguage> {
        let s = self.string(v, path)?;
        let ql = QueryLanguage::parse(&s);
        if ql.is_none() {
            self.invalid_value(path, &s, &["JSONPath", "JSONata"]);
        }
        ql
    }

    pub fn workflow(&mut self, v: &mut Json, path: &Loc<'_>, kind: ScopeKind) -> Workflow {
        let mut w = Workflow::default();
        let what = match kind {
            ScopeKind::Machine => "a state machine",
            ScopeKind::Branch => "a Parallel branch",
            ScopeKind::Processor => "a Map item processor",
        };
        let Some(members) = self.object(v, path, "an object with StartAt and States") else {
            return w;
        };
        const MACHINE: &[&str] = &[
            "Comment",
            "StartAt",
            "States",
            "Version",
            "TimeoutSeconds",
            "QueryLanguage",
        ];
        const BRANCH: &[&str] = &["Comment", "StartAt", "States"];
        const PROCESSOR: &[&str] = &["Comment", "StartAt", "States", "ProcessorConfig"];
        let known = match kind {
            ScopeKind::Machine => MACHINE,
            ScopeKind::Branch => BRANCH,
            ScopeKind::Processor => PROCESSOR,
        };
        for (key, value) in members {
            let p = path.key(key);
            let machine = kind == ScopeKind::Machine;
            match key.as_str() {
                "Comment" => w.comment = self.string(value, &p),
                "StartAt" => w.start_at = self.string(value, &p),
                "Version" if machine => w.version = self.string(value, &p),
                "TimeoutSeconds" if machine => w.timeout_seconds = self.num_or_expr(value, &p),
                "QueryLanguage" if machine => w.query_language = self.query_language(value, &p),
                "ProcessorConfig" if kind == ScopeKind::Processor => {
                    w.processor_config = self.processor_config(value, &p)
                }
                "States" => {
                    if let Some(states) = self.object(value, &p, "an object of state name to state")
                    {
                        w.states = states
                            .iter_mut()
                            .map(|(name, s)| {
                                let state = self.state(s, &p.key(name));
                                (std::mem::take(name), state)
                            })
                            .collect();
                    }
                }
                _ => {
                    self.unknown(path, key, what, known);
                    w.unknown.push((std::mem::take(key), take(value)));
                }
            }
            // A value of the wrong type is kept as written (emitted unchanged; rules see it was given).
            if std::mem::take(&mut self.scalar_wrong) {
                w.unknown.push((std::mem::take(key), take(value)));
            }
        }
        w
    }

    fn processor_config(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<ProcessorConfig> {
        let members = self.object(v, path, "an object")?;
        let mut c = ProcessorConfig::default();
        const KNOWN: &[&str] = &["Mode", "ExecutionType"];
        for (key, value) in members {
            let p = path.key(key);
            match key.as_str() {
                "Mode" => c.mode = self.enum_string(value, &p, &["INLINE", "DISTRIBUTED"]),
                "ExecutionType" => {
                    c.execution_type = self.enum_string(value, &p, &["STANDARD", "EXPRESS"])
                }
                _ => {
                    self.unknown(path, key, "ProcessorConfig", KNOWN);
                    c.unknown.push((std::mem::take(key), take(value)));
                }
            }
            // A value of the wrong type is kept as written (emitted unchanged; rules see it was given).
            if std::mem::take(&mut self.scalar_wrong) {
                c.unknown.push((std::mem::take(key), take(value)));
            }
        }
        Some(c)
    }

    pub fn state(&mut self, v: &mut Json, path: &Loc<'_>) -> State {
        let mut s = State::default();
        let Some(members) = self.object(v, path, "a state object") else {
            return s;
        };
        let mut has_type = false;
        for (key, value) in members {
            let p = path.key(key);
            match key.as_str() {
                "Type" => {
                    has_type = true;
                    if let Some(t) = self.string(value, &p) {
                        s.kind = StateType::parse(&t);
                        if s.kind.is_none() {
                            let names: Vec<&str> =
                                StateType::ALL.iter().map(|t| t.as_str()).collect();
                            self.invalid_value(&p, &t, &names);
                        }
                    }
                }
                "QueryLanguage" => s.query_language = self.query_language(value, &p),
                "Comment" => s.comment = self.string(value, &p),
                "Next" => s.next = self.string(value, &p),
                "End" => s.end = self.boolean(value, &p),
                "InputPath" => s.input_path = self.path_or_null(value, &p),
                "OutputPath" => s.output_path = self.path_or_null(value, &p),
                "ResultPath" => s.result_path = self.path_or_null(value, &p),
                "Parameters" => s.parameters = Some(take(value)),
                "ResultSelector" => s.result_selector = Some(take(value)),
                "Result" => s.result = Some(take(value)),
                "Arguments" => s.arguments = Some(take(value)),
                "Output" => s.output = Some(take(value)),
                "Assign" => s.assign = Some(self.assign(value, &p)),
                "Credentials" => s.credentials = Some(self.credentials(value, &p)),
                "Items" => s.items = Some(take(value)),
                "ItemSelector" => s.item_selector = Some(take(value)),
                "Resource" => s.resource = self.string(value, &p),
                "TimeoutSeconds" => s.timeout_seconds = self.num_or_expr(value, &p),
                "TimeoutSecondsPath" => s.timeout_seconds_path = self.string(value, &p),
                "HeartbeatSeconds" => s.heartbeat_seconds = self.num_or_expr(value, &p),
                "HeartbeatSecondsPath" => s.heartbeat_seconds_path = self.string(value, &p),
                "Retry" => s.retry = self.list(value, &p, Self::retrier),
                "Catch" => s.catch = self.list(value, &p, Self::catcher),
                "Choices" => s.choices = self.list(value, &p, |r, v, p| r.choice_rule(v, p)),
                "Default" => s.default = self.string(value, &p),
                "Seconds" => s.seconds = self.num_or_expr(value, &p),
                "SecondsPath" => s.seconds_path = self.string(value, &p),
                "Timestamp" => s.timestamp = self.string(value, &p),
                "TimestampPath" => s.timestamp_path = self.string(value, &p),
                "Error" => s.error = self.string(value, &p),
                "ErrorPath" => s.error_path = self.string(value, &p),
                "Cause" => s.cause = self.string(value, &p),
                "CausePath" => s.cause_path = self.string(value, &p),
                "Branches" => {
                    s.branches = self.list(value, &p, |r, v, p| r.workflow(v, p, ScopeKind::Branch))
                }
                "ItemProcessor" => {
                    s.item_processor = Some(self.workflow(value, &p, ScopeKind::Processor))
                }
                "Iterator" => s.iterator = Some(self.workflow(value, &p, ScopeKind::Processor)),
                "ItemsPath" => s.items_path = self.string(value, &p),
                "ItemReader" => s.item_reader = self.item_reader(value, &p),
                "ItemBatcher" => s.item_batcher = self.item_batcher(value, &p),
                "ResultWriter" => s.result_writer = self.result_writer(value, &p),
                "MaxConcurrency" => s.max_concurrency = self.num_or_expr(value, &p),
                "MaxConcurrencyPath" => s.max_concurrency_path = self.string(value, &p),
                "ToleratedFailurePercentage" => {
                    s.tolerated_failure_percentage = self.num_or_expr(value, &p)
                }
                "ToleratedFailurePercentagePath" => {
                    s.tolerated_failure_percentage_path = self.string(value, &p)
                }
                "ToleratedFailureCount" => s.tolerated_failure_count = self.num_or_expr(value, &p),
                "ToleratedFailureCountPath" => {
                    s.tolerated_failure_count_path = self.string(value, &p)
                }
                "Label" => s.label = self.string(value, &p),
                _ => {
                    let known: Vec<&str> = fields::FIELDS.iter().map(|f| f.name).collect();
                    self.unknown(path, key, "a state", &known);
                    s.unknown.push((std::mem::take(key), take(value)));
                }
            }
            // A value of the wrong type is kept as written (emitted unchanged; rules see it was given).
            if std::mem::take(&mut self.scalar_wrong) {
                s.unknown.push((std::mem::take(key), take(value)));
            }
        }
        if !has_type && !written(&s.unknown, &["Type"]) {
            let name = match path.last() {
                Some(SegRef::Key(k)) => k,
                _ => "",
            };
            self.diags.push(rules::missing_field::RULE.at(
                path.key("Type").to_path(),
                format!("State \"{name}\" has no \"Type\"; use one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map."),
            ));
        }
        s
    }

    fn list<T>(
        &mut self,
        v: &mut Json,
        path: &Loc<'_>,
        mut item: impl FnMut(&mut Self, &mut Json, &Loc<'_>) -> T,
    ) -> Option<Vec<T>> {
        let Json::Array(items) = v else {
            self.wrong_type(path, v, "an array");
            return None;
        };
        Some(
            items
                .iter_mut()
                .enumerate()
                .map(|(i, x)| item(self, x, &path.index(i)))
                .collect(),
        )
    }

    fn retrier(&mut self, v: &mut Json, path: &Loc<'_>) -> Retrier {
        let mut r = Retrier::default();
        let Some(members) = self.object(v, path, "a retrier object") else {
            return r;
        };
        const KNOWN: &[&str] = &[
            "ErrorEquals",
            "IntervalSeconds",
            "MaxAttempts",
            "BackoffRate",
            "MaxDelaySeconds",
            "JitterStrategy",
            "Comment",
        ];
        for (key, value) in members {
            let p = path.key(key);
            match key.as_str() {
                "ErrorEquals" => r.error_equals = self.strings(value, &p),
                "IntervalSeconds" => r.interval_seconds = self.number(value, &p),
                "MaxAttempts" => r.max_attempts = self.number(value, &p),
                "BackoffRate" => r.backoff_rate = self.number(value, &p),
                "MaxDelaySeconds" => r.max_delay_seconds = self.number(value, &p),
                "JitterStrategy" => {
                    r.jitter_strategy = self.enum_string(value, &p, &["FULL", "NONE"])
                }
                "Comment" => r.comment = self.string(value, &p),
                _ => {
                    self.unknown(path, key, "a retrier", KNOWN);
                    r.unknown.push((std::mem::take(key), take(value)));
                }
            }
            // A value of the wrong type is kept as written (emitted unchanged; rules see it was given).
            if std::mem::take(&mut self.scalar_wrong) {
                r.unknown.push((std::mem::take(key), take(value)));
            }
        }
        r
    }

    fn catcher(&mut self, v: &mut Json, path: &Loc<'_>) -> Catcher {
        let mut c = Catcher::default();
        let Some(members) = self.object(v, path, "a catcher object") else {
            return c;
        };
        const KNOWN: &[&str] = &[
            "ErrorEquals",
            "Next",
            "ResultPath",
            "Output",
            "Assign",
            "Comment",
        ];
        for (key, value) in members {
            let p = path.key(key);
            match key.as_str() {
                "ErrorEquals" => c.error_equals = self.strings(value, &p),
                "Next" => c.next = self.string(value, &p),
                "ResultPath" => c.result_path = self.path_or_null(value, &p),
                "Output" => c.output = Some(take(value)),
                "Assign" => c.assign = Some(self.assign(value, &p)),
                "Comment" => c.comment = self.string(value, &p),
                _ => {
                    self.unknown(path, key, "a catcher", KNOWN);
                    c.unknown.push((std::mem::take(key), take(value)));
                }
            }
            // A value of the wrong type is kept as written (emitted unchanged; rules see it was given).
            if std::mem::take(&mut self.scalar_wrong) {
                c.unknown.push((std::mem::take(key), take(value)));
            }
        }
        c
    }

    fn choice_rule(&mut self, v: &mut Json, path: &Loc<'_>) -> ChoiceRule {
        let mut r = ChoiceRule::default();
        let Some(members) = self.object(v, path, "a Choice rule object") else {
            return r;
        };
        for (key, value) in members {
            let p = path.key(key);
            if let Some(op) = Operator::parse(key) {
                r.comparisons.push((op, take(value)));
                continue;
            }
            match key.as_str() {
                "Variable" => r.variable = self.string(value, &p),
                "And" => r.and = self.list(value, &p, |r, v, p| r.choice_rule(v, p)),
                "Or" => r.or = self.list(value, &p, |r, v, p| r.choice_rule(v, p)),
                "Not" => r.not = Some(Box::new(self.choice_rule(value, &p))),
                "Condition" => r.condition = Some(take(value)),
                "Next" => r.next = self.string(value, &p),
                "Assign" => r.assign = Some(self.assign(value, &p)),
                "Output" => r.output = Some(take(value)),
                "Comment" => r.comment = self.string(value, &p),
                _ => {
                    let mut known: Vec<&str> = vec![
                        "Variable",
                        "And",
                        "Or",
                        "Not",
                        "Condition",
                        "Next",
                        "Assign",
                        "Output",
                        "Comment",
                    ];
                    known.extend(Operator::ALL.iter().map(|o| o.as_str()));
                    self.unknown(path, key, "a Choice rule", &known);
                    r.unknown.push((std::mem::take(key), take(value)));
                }
            }
            // A value of the wrong type is kept as written (emitted unchanged; rules see it was given).
            if std::mem::take(&mut self.scalar_wrong) {
                r.unknown.push((std::mem::take(key), take(value)));
            }
        }
        r
    }

    fn item_reader(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<ItemReader> {
        let members = self.object(v, path, "an ItemReader object")?;
        let mut r = ItemReader::default();
        const KNOWN: &[&str] = &["Resource", "Parameters", "Arguments", "ReaderConfig"];
        for (key, value) in members {
            let p = path.key(key);
            match key.as_str() {
                "Resource" => r.resource = self.string(value, &p),
                "Parameters" => r.parameters = Some(take(value)),
                "Arguments" => r.arguments = Some(take(value)),
                "ReaderConfig" => r.reader_config = self.reader_config(value, &p),
                _ => {
                    self.unknown(path, key, "ItemReader", KNOWN);
                    r.unknown.push((std::mem::take(key), take(value)));
                }
            }
            // A value of the wrong type is kept as written (emitted unchanged; rules see it was given).
            if std::mem::take(&mut self.scalar_wrong) {
                r.unknown.push((std::mem::take(key), take(value)));
            }
        }
        Some(r)
    }

    fn reader_config(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<ReaderConfig> {
        let members = self.object(v, path, "a ReaderConfig object")?;
        let mut c = ReaderConfig::default();
        const KNOWN: &[&str] = &[
            "InputType",
            "CSVHeaderLocation",
            "CSVHeaders",
            "CSVDelimiter",
            "MaxItems",
            "MaxItemsPath",
            "ManifestType",
        ];
        for (key, value) in members {
            let p = path.key(key);
            match key.as_str() {
                "InputType" => {
                    c.input_type = self.enum_string(
                        value,
                        &p,
                        &["CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"],
                    )
                }
                "CSVHeaderLocation" => {
                    c.csv_header_location = self.enum_string(value, &p, &["FIRST_ROW", "GIVEN"])
                }
                "CSVHeaders" => c.csv_headers = self.strings(value, &p),
                "CSVDelimiter" => {
                    c.csv_delimiter =
                        self.enum_string(value, &p, &["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"])
                }
                "MaxItems" => c.max_items = self.num_or_expr(value, &p),
                "MaxItemsPath" => c.max_items_path = self.string(value, &p),
                "ManifestType" => {
                    c.manifest_type = self.enum_string(value, &p, &["ATHENA_DATA", "CSV"])
                }
                _ => {
                    self.unknown(path, key, "ReaderConfig", KNOWN);
                    c.unknown.push((std::mem::take(key), take(value)));
                }
            }
            // A value of the wrong type is kept as written (emitted unchanged; rules see it was given).
            if std::mem::take(&mut self.scalar_wrong) {
                c.unknown.push((std::mem::take(key), take(value)));
            }
        }
        Some(c)
    }

    fn item_batcher(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<ItemBatcher> {
        let members = self.object(v, path, "an ItemBatcher object")?;
        let mut b = ItemBatcher::default();
        const KNOWN: &[&str] = &[
            "MaxItemsPerBatch",
            "MaxItemsPerBatchPath",
            "MaxInputBytesPerBatch",
            "MaxInputBytesPerBatchPath",
            "BatchInput",
        ];
        for (key, value) in members {
            let p = path.key(key);
            match key.as_str() {
                "MaxItemsPerBatch" => b.max_items_per_batch = self.num_or_expr(value, &p),
                "MaxItemsPerBatchPath" => b.max_items_per_batch_path = self.string(value, &p),
                "MaxInputBytesPerBatch" => {
                    b.max_input_bytes_per_batch = self.num_or_expr(value, &p)
                }
                "MaxInputBytesPerBatchPath" => {
                    b.max_input_bytes_per_batch_path = self.string(value, &p)
                }
                "BatchInput" => b.batch_input = Some(take(value)),
                _ => {
                    self.unknown(path, key, "ItemBatcher", KNOWN);
                    b.unknown.push((std::mem::take(key), take(value)));
                }
            }
            // A value of the wrong type is kept as written (emitted unchanged; rules see it was given).
            if std::mem::take(&mut self.scalar_wrong) {
                b.unknown.push((std::mem::take(key), take(value)));
            }
        }
        Some(b)
    }

    fn result_writer(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<ResultWriter> {
        let members = self.object(v, path, "a ResultWriter object")?;
        let mut w = ResultWriter::default();
        const KNOWN: &[&str] = &["Resource", "Parameters", "Arguments", "WriterConfig"];
        for (key, value) in members {
            let p = path.key(key);
            match key.as_str() {
                "Resource" => w.resource = self.string(value, &p),
                "Parameters" => w.parameters = Some(take(value)),
                "Arguments" => w.arguments = Some(take(value)),
                "WriterConfig" => w.writer_config = self.writer_config(value, &p),
                _ => {
                    self.unknown(path, key, "ResultWriter", KNOWN);
                    w.unknown.push((std::mem::take(key), take(value)));
                }
            }
            // A value of the wrong type is kept as written (emitted unchanged; rules see it was given).
            if std::mem::take(&mut self.scalar_wrong) {
                w.unknown.push((std::mem::take(key), take(value)));
            }
        }
        Some(w)
    }

    fn writer_config(&mut self, v: &mut Json, path: &Loc<'_>) -> Option<WriterConfig> {
        let members = self.object(v, path, "a WriterConfig object")?;
        let mut c = WriterConfig::default();
        const KNOWN: &[&str] = &["Transformation", "OutputType"];
        for (key, value) in members {
            let p = path.key(key);
            match key.as_str() {
                "Transformation" => {
                    c.transformation = self.enum_string(value, &p, &["NONE", "COMPACT", "FLATTEN"])
                }
                "OutputType" => c.output_type = self.enum_string(value, &p, &["JSON", "JSONL"]),
                _ => {
                    self.unknown(path, key, "WriterConfig", KNOWN);
                    c.unknown.push((std::mem::take(key), take(value)));
                }
            }
            // A value of the wrong type is kept as written (emitted unchanged; rules see it was given).
            if std::mem::take(&mut self.scalar_wrong) {
                c.unknown.push((std::mem::take(key), take(value)));
            }
        }
        Some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown_hints(text: &str) -> Vec<String> {
        let mut diags = Vec::new();
        let json = crate::source::parse_json(text, &mut diags).expect("json");
        from_json(json, &mut diags);
        diags
            .iter()
            .filter(|d| d.code() == "ASL004")
            .map(|d| d.hint().to_string())
            .collect()
    }

    #[test]
    fn unknown_fields_suggest_the_closest_field() {
        let hints = unknown_hints(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Nxt": "B", "resultpath": "$.x"}}}"#,
        );
        assert_eq!(
            hints,
            ["Did you mean \"Next\"?", "Did you mean \"ResultPath\"?"]
        );
        let hints = unknown_hints(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.a", "StringEqual": "x", "Next": "A"}]}}}"#,
        );
        assert_eq!(hints, ["Did you mean \"StringEquals\"?"]);
    }

    #[test]
    fn wrong_types_are_kept_as_written() {
        let mut diags = Vec::new();
        let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": 5, "End": "yes", "Retry": [{"ErrorEquals": ["x", 1]}]}}}"#;
        let json = crate::source::parse_json(text, &mut diags).expect("json");
        let m = from_json(json, &mut diags).expect("model");
        let s = m.state("A").expect("A");
        assert_eq!(s.resource, None);
        let kept: Vec<&str> = s.unknown.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(kept, ["Resource", "End"]);
        // A wrong item of a list is reported and left out; the list is kept.
        let retry = s.retry.as_ref().expect("retry");
        assert_eq!(retry[0].error_equals, Some(vec!["x".to_string()]));
        assert!(retry[0].unknown.is_empty());
        assert_eq!(diags.iter().filter(|d| d.code() == "ASL003").count(), 3);
    }
}
