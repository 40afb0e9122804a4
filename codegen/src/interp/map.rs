//! Map states, inline and Distributed. Items come from `ItemsPath` (JSONPath, on the effective
//! input) or `Items` (JSONata), or from a Distributed Map's mocked `ItemReader`; each goes
//! through `ItemSelector` (legacy `Parameters`), then `ItemBatcher` groups them; each iteration
//! runs the item processor. Iterations start as `MaxConcurrency` allows on the simulated clock
//! (inline: at most 40 at once, as Step Functions runs them). An inline iteration's failure
//! fails the state with its error; a Distributed Map tolerates failures up to
//! `ToleratedFailureCount`/`ToleratedFailurePercentage` and otherwise fails with
//! `States.ExceedToleratedFailureThreshold`. Child executions of a Distributed Map keep their
//! own histories, so only `MapRunStarted`/`MapRunSucceeded` appear in the run's history.

use crate::json::{Json, Num};
use crate::model::{QueryLanguage, State};

use super::engine::{Engine, Halt, Thread};
use super::env::{names, Env, Fault};
use super::history;
use super::items;
use super::jsonata::States;
use super::mocks::Response;
use super::payload;
use super::recovery::Done;

/// Inline Map iterations run at most this many at once.
const INLINE_CONCURRENCY: usize = 40;
/// A Distributed Map's default concurrency.
const DISTRIBUTED_CONCURRENCY: usize = 10_000;

fn map_item(index: usize, value: &Json) -> Json {
    Json::Object(vec![(
        "Item".into(),
        Json::Object(vec![
            ("Index".into(), Json::Number(Num::from_i64(index as i64))),
            ("Value".into(), value.clone()),
        ]),
    )])
}

impl Engine<'_> {
    /// The iteration inputs: items, `ItemSelector`, batches.
    fn iteration_inputs(
        &mut self,
        name: &str,
        st: &State,
        raw: &Json,
        context: &Json,
        ql: QueryLanguage,
    ) -> Result<(Vec<Json>, Json), Halt> {
        let effective = {
            let env = Env::new(raw, context, &self.vars);
            match ql {
                QueryLanguage::JsonPath => {
                    payload::select(st.input_path.as_ref(), "InputPath", &env, &self.tools)
                }
                QueryLanguage::Jsonata => Ok(raw.clone()),
            }
            .map_err(|f| f.located(name))?
        };
        let items = match &st.item_reader {
            Some(reader) => {
                let content = match self.mocked(name)? {
                    Response::Return(v) => v,
                    Response::Throw { error, cause } => {
                        return Err(Halt::Fail(Fault { error, cause }))
                    }
                };
                let mut items = items::from_reader(content, reader.reader_config.as_ref())
                    .map_err(|f| {
                        Fault::new(names::ITEM_READER_FAILED, f.cause.unwrap_or_default())
                            .located(name)
                    })?;
                if let Some(cfg) = &reader.reader_config {
                    let env = Env::new(&effective, context, &self.vars);
                    let max = items::setting(
                        cfg.max_items.as_ref(),
                        cfg.max_items_path.as_deref(),
                        "MaxItems",
                        &env,
                        &self.tools,
                        ql,
                    )
                    .map_err(|f| f.located(name))?;
                    if let Some(max) = max.filter(|m| *m > 0) {
                        items.truncate(max as usize);
                    }
                }
                items
            }
            None => {
                let env = Env::new(&effective, context, &self.vars);
                let value = match ql {
                    QueryLanguage::JsonPath => match &st.items_path {
                        Some(p) => payload::value(p, "ItemsPath", &env, &self.tools),
                        None => Ok(effective.clone()),
                    },
                    QueryLanguage::Jsonata => match &st.items {
                        Some(v) => self.jsonata(States::of(raw, context)).value(v, "Items"),
                        None => Ok(raw.clone()),
                    },
                }
                .map_err(|f| f.located(name))?;
                match value {
                    Json::Array(items) => items,
                    other => {
                        return Err(Halt::Fail(
                            Fault::runtime(format!(
                                "The items of a Map state must be an array, not {}",
                                other.type_name()
                            ))
                            .located(name),
                        ))
                    }
                }
            }
        };
        let selector = st.item_selector.as_ref().or(match ql {
            QueryLanguage::JsonPath => st.parameters.as_ref(),
            QueryLanguage::Jsonata => None,
        });
        let mut inputs = Vec::with_capacity(items.len());
        // One context for all items: only its `Map.Item` changes.
        let mut ctx = context.clone();
        if let Json::Object(m) = &mut ctx {
            m.push(("Map".into(), Json::Null));
        }
        for (i, item) in items.into_iter().enumerate() {
            let Some(selector) = selector else {
                inputs.push(item);
                continue;
            };
            if let Json::Object(m) = &mut ctx {
                if let Some(slot) = m.last_mut() {
                    slot.1 = map_item(i, &item);
                }
            }
            let env = Env::new(&effective, &ctx, &self.vars);
            let selected = match ql {
                QueryLanguage::JsonPath => payload::template(selector, &env, &self.tools),
                QueryLanguage::Jsonata => self
                    .jsonata(States::of(raw, &ctx))
                    .value(selector, "ItemSelector"),
            }
            .map_err(|f| f.located(name))?;
            inputs.push(selected);
        }
        if let Some(b) = &st.item_batcher {
            let env = Env::new(&effective, context, &self.vars);
            inputs = items::batch(inputs, b, &env, &self.tools, ql).map_err(|f| f.located(name))?;
        }
        for input in &inputs {
            super::engine::too_large(input, "iteration input").map_err(|f| f.located(name))?;
        }
        Ok((inputs, effective))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn map_attempt(
        &mut self,
        name: &str,
        st: &State,
        raw: &Json,
        th: &mut Thread,
        ql: QueryLanguage,
        entered: i64,
        retries: usize,
    ) -> Result<Done, Halt> {
        self.sync_clock(th);
        let context = self.context(st, name, entered, retries, false);
        let distributed = st.is_distributed_map();
        let (inputs, effective) = self.iteration_inputs(name, st, raw, &context, ql)?;
        let Some(processor) = st.processor() else {
            return Err(Halt::Stop(super::StopReason::Invalid(format!(
                "Map state \"{name}\" has no ItemProcessor"
            ))));
        };
        let (concurrency, tolerance) = {
            let env = Env::new(&effective, &context, &self.vars);
            let setting = |lit, path: Option<&str>, what| {
                items::setting(lit, path, what, &env, &self.tools, ql)
            };
            let max = setting(
                st.max_concurrency.as_ref(),
                st.max_concurrency_path.as_deref(),
                "MaxConcurrency",
            )
            .map_err(|f| f.located(name))?;
            let count = setting(
                st.tolerated_failure_count.as_ref(),
                st.tolerated_failure_count_path.as_deref(),
                "ToleratedFailureCount",
            )
            .map_err(|f| f.located(name))?;
            let pct = items::percentage(
                st.tolerated_failure_percentage.as_ref(),
                st.tolerated_failure_percentage_path.as_deref(),
                &env,
                &self.tools,
                ql,
            )
            .map_err(|f| f.located(name))?;
            let limit = if distributed {
                DISTRIBUTED_CONCURRENCY
            } else {
                INLINE_CONCURRENCY
            };
            let max = match max {
                Some(m) if m > 0 => (m as usize).min(limit),
                _ => limit,
            };
            (max, (count, pct))
        };
        let length = Json::Number(Num::from_i64(inputs.len() as i64));
        self.event(
            th,
            "MapStateStarted",
            history::details("mapStateStartedEventDetails", vec![("length", length)]),
        );
        let map_run = distributed.then(|| {
            let label = st.label.clone().unwrap_or_else(|| name.to_string());
            let id = self.tools.rng.borrow_mut().uuid();
            format!(
                "arn:aws:states:{}:{}:mapRun:{}/{label}:{id}",
                self.opts.region, self.opts.account, self.opts.state_machine_name
            )
        });
        if let Some(arn) = &map_run {
            self.event(
                th,
                "MapRunStarted",
                history::details(
                    "mapRunStartedEventDetails",
                    vec![("mapRunArn", Json::String(arn.clone()))],
                ),
            );
        }
        let outcome = self.iterate(
            name,
            processor,
            inputs,
            th,
            ql,
            concurrency,
            distributed,
            tolerance,
        );
        let results = match outcome {
            Ok(results) => results,
            Err(Halt::Fail(f)) => {
                if distributed {
                    self.event(
                        th,
                        "MapRunFailed",
                        super::engine::failure_details("mapRunFailedEventDetails", &f),
                    );
                }
                self.event(th, "MapStateFailed", None);
                return Err(Halt::Fail(f));
            }
            Err(other) => return Err(other),
        };
        if distributed {
            self.event(th, "MapRunSucceeded", None);
        }
        self.event(th, "MapStateSucceeded", None);
        let result = match (&st.result_writer, &map_run) {
            (Some(writer), Some(arn)) => {
                let env = Env::new(&effective, &context, &self.vars);
                let params = match ql {
                    QueryLanguage::JsonPath => writer
                        .parameters
                        .as_ref()
                        .map(|p| payload::template(p, &env, &self.tools)),
                    QueryLanguage::Jsonata => writer.arguments.as_ref().map(|a| {
                        self.jsonata(States::of(raw, &context))
                            .value(a, "ResultWriter")
                    }),
                }
                .transpose()
                .map_err(|f| f.located(name))?
                .unwrap_or(Json::Null);
                let bucket = params.get("Bucket").cloned().unwrap_or(Json::Null);
                let prefix = params
                    .get("Prefix")
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .trim_end_matches('/')
                    .to_string();
                let run_id = arn.rsplit(':').next().unwrap_or_default();
                let key = if prefix.is_empty() {
                    format!("{run_id}/manifest.json")
                } else {
                    format!("{prefix}/{run_id}/manifest.json")
                };
                Json::Object(vec![
                    ("MapRunArn".into(), Json::String(arn.clone())),
                    (
                        "ResultWriterDetails".into(),
                        Json::Object(vec![
                            ("Bucket".into(), bucket),
                            ("Key".into(), Json::String(key)),
                        ]),
                    ),
                ])
            }
            _ => Json::Array(results),
        };
        self.state_result(name, st, raw, result, &context, ql)
    }

    /// Runs the iterations; returns their outputs in item order.
    #[allow(clippy::too_many_arguments)]
    fn iterate(
        &mut self,
        name: &str,
        processor: &crate::model::Workflow,
        inputs: Vec<Json>,
        th: &mut Thread,
        ql: QueryLanguage,
        concurrency: usize,
        distributed: bool,
        (tolerated_count, tolerated_pct): (Option<i64>, Option<f64>),
    ) -> Result<Vec<Json>, Halt> {
        let total = inputs.len();
        let start = *th;
        let mut workers = vec![start.now; concurrency.clamp(1, total.max(1))];
        let mut end = start;
        let mut results = Vec::with_capacity(total);
        let mut failures = 0usize;
        let mark = self.history.mark();
        let recording = self.history.recording;
        let mut outcome = Ok(());
        for (i, input) in inputs.into_iter().enumerate() {
            let (w, free) = workers
                .iter()
                .copied()
                .enumerate()
                .min_by_key(|(_, t)| *t)
                .unwrap_or((0, start.now));
            let mut it = Thread {
                now: free,
                cursor: start.cursor,
            };
            let index = Json::Number(Num::from_i64(i as i64));
            let iteration = || {
                vec![
                    ("name", Json::String(name.to_string())),
                    ("index", index.clone()),
                ]
            };
            if !distributed {
                self.event(
                    &mut it,
                    "MapIterationStarted",
                    history::details("mapIterationStartedEventDetails", iteration()),
                );
            }
            self.vars.push(distributed);
            if distributed {
                self.history.recording = false;
            }
            let run = self.run_scope(processor, input, &mut it, ql);
            self.history.recording = recording;
            self.vars.pop();
            if let Some(slot) = workers.get_mut(w) {
                *slot = it.now;
            }
            if it.now >= end.now {
                end = it;
            }
            match run {
                Ok(out) => {
                    if !distributed {
                        self.event(
                            &mut it,
                            "MapIterationSucceeded",
                            history::details("mapIterationSucceededEventDetails", iteration()),
                        );
                        if it.now >= end.now {
                            end = it;
                        }
                    }
                    results.push(out);
                }
                Err(Halt::Fail(f)) if distributed => {
                    failures += 1;
                    results.push(f.output());
                    let over_count = tolerated_count.is_none_or(|c| failures as i64 > c);
                    let over_pct =
                        tolerated_pct.is_none_or(|p| failures as f64 * 100.0 > p * total as f64);
                    let exceeded = match (tolerated_count, tolerated_pct) {
                        (None, None) => true,
                        (Some(_), None) => over_count,
                        (None, Some(_)) => over_pct,
                        (Some(_), Some(_)) => over_count || over_pct,
                    };
                    if exceeded {
                        outcome = Err(Halt::Fail(Fault::new(
                            names::EXCEED_TOLERATED_FAILURE_THRESHOLD,
                            "The specified tolerated failure threshold was exceeded",
                        )));
                        break;
                    }
                }
                Err(Halt::Fail(f)) => {
                    self.event(
                        &mut it,
                        "MapIterationFailed",
                        history::details("mapIterationFailedEventDetails", iteration()),
                    );
                    end = it;
                    outcome = Err(Halt::Fail(f));
                    break;
                }
                Err(other) => {
                    end = it;
                    outcome = Err(other);
                    break;
                }
            }
        }
        self.history.sort_since(mark);
        *th = end;
        self.sync_clock(th);
        outcome.map(|()| results)
    }
}
