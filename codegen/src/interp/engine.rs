//! The run: walks a workflow from `StartAt`, one state at a time, keeping the simulated clock,
//! the variables, the history and the mock invocation counts; builds the context object; and
//! holds what the state types share (payload size checks, `Assign`, recording events).

use std::collections::HashMap;

use crate::json::{Json, Num};
use crate::model::{QueryLanguage, State, StateMachine, StateType, Workflow};

use super::env::{names, Env, Fault, Tools, Vars};
use super::history::{self, Cursor, History};
use super::jsonata::{Jsonata, States};
use super::mocks::{Lookup, Response, TestCase};
use super::payload;
use super::time::format_millis;
use super::{Execution, RunOptions, Status, StopReason, Stopped, MAX_PAYLOAD_BYTES};

/// Why a scope stopped before its end.
#[derive(Debug)]
pub(super) enum Halt {
    /// An unhandled error or a Fail state: the scope (and, unless something catches it, the
    /// execution) fails.
    Fail(Fault),
    /// The execution's `TimeoutSeconds` passed on the simulated clock.
    Timeout,
    Stop(StopReason),
}

impl From<Fault> for Halt {
    fn from(f: Fault) -> Halt {
        Halt::Fail(f)
    }
}

/// One line of execution (the machine, a branch, an iteration): its clock and its place in the
/// history.
#[derive(Debug, Clone, Copy)]
pub(super) struct Thread {
    pub now: i64,
    pub cursor: Cursor,
}

/// What a state does next.
pub(super) enum Transition {
    Next(String, Json),
    End(Json),
}

pub(super) struct Engine<'m> {
    pub machine: &'m StateMachine,
    pub mocks: &'m TestCase,
    pub opts: &'m RunOptions,
    pub tools: Tools,
    pub history: History,
    pub vars: Vars,
    pub path: Vec<String>,
    invocations: HashMap<String, usize>,
    transitions: usize,
    exec_input: Json,
    deadline: Option<i64>,
    history_limit: Option<usize>,
    /// [`Engine::reads_context`], by state address (the machine is borrowed for the whole run).
    context_readers: std::cell::RefCell<HashMap<usize, bool>>,
    /// [`Engine::lookup`]'s indexes, by workflow address.
    scope_indexes: std::cell::RefCell<HashMap<usize, std::rc::Rc<HashMap<String, usize>>>>,
}

/// `Some(text)` when `text` is a `Parameters`-style size problem: over 256 KiB.
pub(super) fn too_large(v: &Json, what: &str) -> Result<(), Fault> {
    let n = v.compact_len();
    if n > MAX_PAYLOAD_BYTES {
        return Err(Fault::new(
            names::DATA_LIMIT_EXCEEDED,
            format!("The {what} is {n} bytes, over the quota of {MAX_PAYLOAD_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// The `...StateExited` event of a state type (Fail states end without one).
pub(super) fn exited_kind(kind: Option<StateType>) -> &'static str {
    match kind {
        Some(StateType::Task) => "TaskStateExited",
        Some(StateType::Pass) => "PassStateExited",
        Some(StateType::Choice) => "ChoiceStateExited",
        Some(StateType::Wait) => "WaitStateExited",
        Some(StateType::Succeed) => "SucceedStateExited",
        Some(StateType::Parallel) => "ParallelStateExited",
        Some(StateType::Map) | Some(StateType::Fail) | None => "MapStateExited",
    }
}

impl<'m> Engine<'m> {
    pub fn new(machine: &'m StateMachine, mocks: &'m TestCase, opts: &'m RunOptions) -> Engine<'m> {
        let deadline = machine
            .timeout_seconds
            .as_ref()
            .and_then(|t| t.num())
            .and_then(Num::as_i64)
            .filter(|s| *s > 0)
            .map(|s| opts.start_millis.saturating_add(s.saturating_mul(1000)));
        Engine {
            machine,
            mocks,
            opts,
            tools: Tools::new(opts.seed, opts.start_millis),
            history: History::new(),
            vars: Vars::new(),
            path: Vec::new(),
            invocations: HashMap::new(),
            transitions: 0,
            exec_input: Json::Null,
            deadline,
            history_limit: opts.history_limit(),
            context_readers: std::cell::RefCell::default(),
            scope_indexes: std::cell::RefCell::default(),
        }
    }

    pub fn run(mut self, input: &Json) -> Result<Execution, Box<Stopped>> {
        let size = input.compact_len();
        if size > MAX_PAYLOAD_BYTES {
            return Err(self.stopped(StopReason::InputTooLarge(size)));
        }
        self.exec_input = input.clone();
        let start = self.opts.start_millis;
        let mut th = Thread {
            now: start,
            cursor: Cursor::default(),
        };
        self.history.push(
            &mut th.cursor,
            start,
            "ExecutionStarted",
            history::execution_started(input, &self.opts.role()),
        );
        let ql = self
            .machine
            .query_language
            .unwrap_or(QueryLanguage::JsonPath);
        let outcome = self.run_scope(self.machine, input.clone(), &mut th, ql);
        let (status, output, error, cause) = match outcome {
            Ok(out) => {
                self.history.push(
                    &mut th.cursor,
                    th.now,
                    "ExecutionSucceeded",
                    history::output("executionSucceededEventDetails", &out),
                );
                (Status::Succeeded, Some(out), None, None)
            }
            Err(Halt::Fail(f)) => {
                self.history.push(
                    &mut th.cursor,
                    th.now,
                    "ExecutionFailed",
                    failure_details("executionFailedEventDetails", &f),
                );
                (Status::Failed, None, non_empty(f.error), f.cause)
            }
            Err(Halt::Timeout) => {
                let cause = format!(
                    "The execution ran longer than the state machine's TimeoutSeconds ({} seconds)",
                    (th.now - start) / 1000
                );
                let f = Fault::new(names::TIMEOUT, cause);
                self.history.push(
                    &mut th.cursor,
                    th.now,
                    "ExecutionTimedOut",
                    failure_details("executionTimedOutEventDetails", &f),
                );
                (Status::TimedOut, None, Some(f.error), f.cause)
            }
            Err(Halt::Stop(reason)) => return Err(self.stopped(reason)),
        };
        Ok(Execution {
            status,
            output,
            error,
            cause,
            path: self.path,
            history: self.history.finish(),
            start_millis: start,
            stop_millis: th.now,
        })
    }

    fn stopped(self, reason: StopReason) -> Box<Stopped> {
        Box::new(Stopped {
            reason,
            path: self.path,
            history: self.history.finish(),
        })
    }

    /// Runs a workflow (machine, branch or item processor) from its `StartAt` to its end.
    pub fn run_scope(
        &mut self,
        w: &Workflow,
        mut input: Json,
        th: &mut Thread,
        ql: QueryLanguage,
    ) -> Result<Json, Halt> {
        let Some(mut name) = w.start_at.clone() else {
            return Err(Halt::Stop(StopReason::Invalid(
                "a workflow has no StartAt".into(),
            )));
        };
        loop {
            self.transitions += 1;
            if self.transitions > self.opts.max_transitions {
                return Err(Halt::Stop(StopReason::TransitionLimit(
                    self.opts.max_transitions,
                )));
            }
            if let Some(limit) = self.history_limit {
                if self.history.len() > limit {
                    return Err(Halt::Stop(StopReason::HistoryLimit(limit)));
                }
            }
            if crate::model::is_unknown_name(&name) {
                return Err(Halt::Stop(StopReason::NotYetKnown));
            }
            let Some(state) = self.lookup(w, &name) else {
                if w.open {
                    return Err(Halt::Stop(StopReason::NotYetKnown));
                }
                return Err(Halt::Stop(StopReason::Invalid(format!(
                    "there is no state named \"{name}\" in its workflow"
                ))));
            };
            self.path.push(name.clone());
            let state_ql = state.query_language.unwrap_or(ql);
            match self.state(&name, state, input, th, state_ql)? {
                Transition::Next(next, out) => {
                    name = next;
                    input = out;
                }
                Transition::End(out) => return Ok(out),
            }
        }
    }

    fn state(
        &mut self,
        name: &str,
        st: &State,
        input: Json,
        th: &mut Thread,
        ql: QueryLanguage,
    ) -> Result<Transition, Halt> {
        match st.kind {
            Some(StateType::Pass) => self.pass(name, st, input, th, ql),
            Some(StateType::Wait) => self.wait(name, st, input, th, ql),
            Some(StateType::Choice) => self.choice(name, st, input, th, ql),
            Some(StateType::Succeed) => self.succeed(name, st, input, th, ql),
            Some(StateType::Fail) => self.fail(name, st, input, th, ql),
            Some(StateType::Task) => self.recoverable(
                "TaskStateEntered",
                name,
                st,
                input,
                th,
                ql,
                Self::task_attempt,
            ),
            Some(StateType::Parallel) => self.recoverable(
                "ParallelStateEntered",
                name,
                st,
                input,
                th,
                ql,
                Self::parallel_attempt,
            ),
            Some(StateType::Map) => self.recoverable(
                "MapStateEntered",
                name,
                st,
                input,
                th,
                ql,
                Self::map_attempt,
            ),
            None => Err(Halt::Stop(StopReason::Invalid(format!(
                "state \"{name}\" has no valid Type"
            )))),
        }
    }

    /// The transition after a state that takes `Next` or `End`.
    pub fn next_or_end(&self, name: &str, st: &State, output: Json) -> Result<Transition, Halt> {
        match (&st.next, st.end) {
            (Some(n), _) => Ok(Transition::Next(n.clone(), output)),
            (None, Some(true)) => Ok(Transition::End(output)),
            _ => Err(Halt::Stop(StopReason::Invalid(format!(
                "state \"{name}\" has neither Next nor End"
            )))),
        }
    }

    /// A state of `w` by name, through an index built on first use (a long chain would otherwise
    /// search its states at every transition).
    fn lookup<'w>(&self, w: &'w Workflow, name: &str) -> Option<&'w State> {
        if w.states.len() < 16 {
            return w.state(name);
        }
        let key = w as *const Workflow as usize;
        let index = self
            .scope_indexes
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| {
                let mut m = HashMap::with_capacity(w.states.len());
                for (i, (n, _)) in w.states.iter().enumerate() {
                    m.entry(n.clone()).or_insert(i);
                }
                std::rc::Rc::new(m)
            })
            .clone();
        index
            .get(name)
            .and_then(|i| w.states.get(*i))
            .map(|(_, s)| s)
    }

    /// Whether a state reads the context object (`$$`, `$states.context`): anywhere in it, its
    /// nested workflows included. Decided once per state.
    fn reads_context(&self, st: &State) -> bool {
        let key = st as *const State as usize;
        if let Some(v) = self.context_readers.borrow().get(&key) {
            return *v;
        }
        let v = mentions_context(st);
        self.context_readers.borrow_mut().insert(key, v);
        v
    }

    /// The context object for a state (`$$`, `$states.context`); empty for a state that does
    /// not read it (it holds the execution input, which need not be copied for every state).
    pub fn context(
        &self,
        st: &State,
        name: &str,
        entered: i64,
        retry_count: usize,
        task: bool,
    ) -> Json {
        if !self.reads_context(st) {
            return Json::Object(Vec::new());
        }
        let s = |v: &str| Json::String(v.to_string());
        let mut m = vec![
            (
                "Execution".into(),
                Json::Object(vec![
                    ("Id".into(), s(&self.opts.execution_arn())),
                    ("Input".into(), self.exec_input.clone()),
                    ("Name".into(), s(&self.opts.execution_name)),
                    ("RoleArn".into(), s(&self.opts.role())),
                    (
                        "StartTime".into(),
                        s(&format_millis(self.opts.start_millis)),
                    ),
                    ("RedriveCount".into(), Json::Number(Num::from_i64(0))),
                ]),
            ),
            (
                "State".into(),
                Json::Object(vec![
                    ("EnteredTime".into(), s(&format_millis(entered))),
                    ("Name".into(), s(name)),
                    (
                        "RetryCount".into(),
                        Json::Number(Num::from_i64(retry_count as i64)),
                    ),
                ]),
            ),
            (
                "StateMachine".into(),
                Json::Object(vec![
                    ("Id".into(), s(&self.opts.state_machine_arn())),
                    ("Name".into(), s(&self.opts.state_machine_name)),
                ]),
            ),
        ];
        if task {
            let token = self.tools.rng.borrow_mut().token();
            m.push((
                "Task".into(),
                Json::Object(vec![("Token".into(), Json::String(token))]),
            ));
        }
        Json::Object(m)
    }

    /// Records an event on `th`'s line of the history.
    pub fn event(
        &mut self,
        th: &mut Thread,
        kind: &'static str,
        details: Option<(&'static str, Json)>,
    ) {
        self.history.push(&mut th.cursor, th.now, kind, details);
    }

    /// Moves `th`'s clock forward; the execution times out when that passes its deadline.
    pub fn advance(&mut self, th: &mut Thread, millis: i64) -> Result<(), Halt> {
        let to = th.now.saturating_add(millis.max(0));
        if let Some(deadline) = self.deadline {
            if to > deadline {
                th.now = deadline;
                return Err(Halt::Timeout);
            }
        }
        th.now = to;
        self.tools.now_millis.set(th.now);
        Ok(())
    }

    /// Sets the time `$now()` reads to `th`'s clock.
    pub fn sync_clock(&self, th: &Thread) {
        self.tools.now_millis.set(th.now);
    }

    /// The mocked response of `state`'s next invocation.
    pub fn mocked(&mut self, state: &str) -> Result<Response, Halt> {
        let n = self.invocations.entry(state.to_string()).or_insert(0);
        let invocation = *n;
        *n += 1;
        match self.mocks.lookup(state, invocation) {
            Lookup::Found(r) => Ok(r.clone()),
            Lookup::NoInvocation(r) => Err(Halt::Stop(StopReason::NoInvocation {
                state: state.to_string(),
                invocation,
                response: r.name.clone(),
                defined: r.defined(),
            })),
            Lookup::Unmocked => Err(Halt::Stop(StopReason::Unmocked {
                state: state.to_string(),
                test_case: self.mocks.name.clone(),
            })),
        }
    }

    /// Evaluates an `Assign` object. JSONPath: a payload template (`name.$` keys take paths and
    /// intrinsics) over `env`; JSONata: each value may hold expressions. The values are computed
    /// from the variables as they were before the state, and assigned together afterwards.
    pub fn assignments(
        &self,
        assign: Option<&Json>,
        ql: QueryLanguage,
        env: &Env,
        states: Option<&States>,
    ) -> Result<Vec<(String, Json)>, Fault> {
        let Some(assign) = assign else {
            return Ok(Vec::new());
        };
        let out = match ql {
            QueryLanguage::JsonPath => match payload::template(assign, env, &self.tools)? {
                Json::Object(m) => m,
                _ => Vec::new(),
            },
            QueryLanguage::Jsonata => {
                let Json::Object(members) = assign else {
                    return Ok(Vec::new());
                };
                let Some(states) = states else {
                    return Ok(Vec::new());
                };
                let ev = Jsonata {
                    states: *states,
                    vars: env.vars,
                    tools: &self.tools,
                };
                let mut out = Vec::with_capacity(members.len());
                for (k, v) in members {
                    out.push((k.clone(), ev.value(v, "Assign")?));
                }
                out
            }
        };
        let total: usize = out.iter().map(|(k, v)| k.len() + v.compact_len()).sum();
        if total > MAX_PAYLOAD_BYTES {
            return Err(Fault::new(
                names::DATA_LIMIT_EXCEEDED,
                format!("The Assign values are {total} bytes, over the quota of {MAX_PAYLOAD_BYTES} bytes"),
            ));
        }
        Ok(out)
    }

    pub fn apply(&mut self, assigned: &[(String, Json)]) {
        for (k, v) in assigned {
            self.vars.set(k, v.clone());
        }
    }

    /// A JSONata evaluator over this run's variables.
    pub fn jsonata<'a>(&'a self, states: States<'a>) -> Jsonata<'a> {
        Jsonata {
            states,
            vars: &self.vars,
            tools: &self.tools,
        }
    }
}

/// Whether any expression of a state can read the context object: a `$$` path, or JSONata's
/// `$states.context` (or `$states` as a whole). Over-inclusive on purpose: a false positive
/// costs a copy, a false negative would hide the context.
fn mentions_context(st: &State) -> bool {
    use crate::dataflow;
    fn json(v: &Json) -> bool {
        match v {
            Json::String(s) => text(s),
            Json::Array(a) => a.iter().any(json),
            Json::Object(m) => m.iter().any(|(_, v)| json(v)),
            _ => false,
        }
    }
    fn text(s: &str) -> bool {
        s.contains("$$") || s.contains("states")
    }
    let base = crate::diagnostic::Path::root();
    dataflow::jsonpath_templates(st, &base)
        .iter()
        .any(|f| json(&f.value))
        || dataflow::jsonata_values(st, &base)
            .iter()
            .any(|f| json(&f.value))
        || dataflow::path_fields(st, &base)
            .iter()
            .any(|(_, _, p)| text(p))
        || dataflow::fail_paths(st, &base)
            .iter()
            .any(|(_, _, p)| text(p))
        || dataflow::choice_rules(st, &base).iter().any(|(_, r)| {
            r.variable.as_deref().is_some_and(text) || r.comparisons.iter().any(|(_, v)| json(v))
        })
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// `{error, cause}` details; an empty error name is left out, as for a Fail state without one.
pub(super) fn failure_details(key: &'static str, f: &Fault) -> Option<(&'static str, Json)> {
    let mut m = Vec::new();
    if !f.error.is_empty() {
        m.push(("error", Json::String(f.error.clone())));
    }
    if let Some(c) = &f.cause {
        m.push(("cause", Json::String(c.clone())));
    }
    history::details(key, m)
}
