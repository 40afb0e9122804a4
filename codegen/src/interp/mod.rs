//! An offline interpreter for Amazon States Language definitions: runs a definition on an input
//! with mocked integrations and returns the status, the output or the error and cause, the
//! states it went through, and an event history in the shape of Step Functions' execution
//! history.
//!
//! Pure and deterministic: no I/O, no sleeping, no real time, no real randomness. Time is a
//! simulated clock (Wait states, retry backoff and execution timeouts move it); randomness
//! (`States.UUID`, `States.MathRandom`, `$random`, retry jitter, task tokens) comes from the
//! run's seed. Integrations are never called: every Task (and Distributed Map `ItemReader`)
//! takes its result from the test case's mocks ([`mocks`]), and a Task without a mock stops the
//! run with an error naming the state.
//!
//! Parallel branches and Map iterations run one after the other, in order, each starting at
//! the simulated time it would start at in Step Functions (all branches at once; Map iterations
//! as `MaxConcurrency` allows), and the history is put in time order afterwards. So mock
//! invocation numbers count in that order, and a failing branch or iteration stops the ones
//! after it from running.
//!
//! Module map: [`path`] (JSONPath), [`payload`] (templates, `InputPath`/`ResultPath`/
//! `OutputPath`), [`intrinsic`] (the 18 functions), [`jsonata`] (JSONata states), [`choice`]
//! (Choice rules), [`time`], [`random`], [`mocks`], [`history`]; the engine is `engine.rs`
//! (the run, the context object, variables), with one file per concern for the states:
//! `flow.rs` (Pass, Wait, Choice, Succeed, Fail), `task.rs`, `parallel.rs`, `map.rs` and
//! `recovery.rs` (Retry and Catch).

pub mod choice;
pub mod env;
pub mod expect;
pub mod history;
pub mod intrinsic;
pub mod jsonata;
pub mod mocks;
pub mod path;
pub mod payload;
pub mod random;
pub mod resource;
pub mod time;

mod engine;
mod flow;
mod items;
mod map;
mod parallel;
mod recovery;
mod task;

use std::fmt;

use crate::json::Json;
use crate::model::StateMachine;
use crate::rules::WorkflowType;

pub use history::Event;
pub use mocks::{MockConfig, MockProblem, MockedResponse, Response, TestCase};

/// Step Functions' payload quota: state inputs, outputs and task results (256 KiB).
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;
/// Step Functions' execution history quota for Standard workflows.
pub const STANDARD_HISTORY_EVENTS: usize = 25_000;

/// How to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Seeds every random choice of the run.
    pub seed: u64,
    /// When the execution starts, in milliseconds since the epoch (simulated).
    pub start_millis: i64,
    pub region: String,
    pub account: String,
    pub state_machine_name: String,
    pub execution_name: String,
    /// `$$.Execution.RoleArn`; by default a role named after the state machine.
    pub role_arn: Option<String>,
    /// Express workflows have no history quota.
    pub workflow_type: WorkflowType,
    /// Stop after this many history events (default: Step Functions' quota of 25,000 for
    /// Standard workflows, none for Express).
    pub max_history_events: Option<usize>,
    /// Stop after this many state transitions, so that a loop without an exit ends.
    pub max_transitions: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            seed: 0,
            start_millis: time::DEFAULT_START_MILLIS,
            region: "us-east-1".into(),
            account: "123456789012".into(),
            state_machine_name: "StateMachine".into(),
            execution_name: "test".into(),
            role_arn: None,
            workflow_type: WorkflowType::Standard,
            max_history_events: None,
            max_transitions: 1_000_000,
        }
    }
}

impl RunOptions {
    pub fn state_machine_arn(&self) -> String {
        format!(
            "arn:aws:states:{}:{}:stateMachine:{}",
            self.region, self.account, self.state_machine_name
        )
    }

    pub fn execution_arn(&self) -> String {
        format!(
            "arn:aws:states:{}:{}:execution:{}:{}",
            self.region, self.account, self.state_machine_name, self.execution_name
        )
    }

    pub fn role(&self) -> String {
        self.role_arn.clone().unwrap_or_else(|| {
            format!(
                "arn:aws:iam::{}:role/{}-role",
                self.account, self.state_machine_name
            )
        })
    }

    fn history_limit(&self) -> Option<usize> {
        self.max_history_events.or(match self.workflow_type {
            WorkflowType::Standard => Some(STANDARD_HISTORY_EVENTS),
            WorkflowType::Express => None,
        })
    }
}

/// How an execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Succeeded,
    Failed,
    TimedOut,
}

impl Status {
    /// As Step Functions names it (`SUCCEEDED`, `FAILED`, `TIMED_OUT`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Succeeded, Status::Failed, Status::TimedOut]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

/// A finished execution.
#[derive(Debug, Clone)]
pub struct Execution {
    pub status: Status,
    /// The output, when it succeeded.
    pub output: Option<Json>,
    /// The error and cause, when it failed or timed out.
    pub error: Option<String>,
    pub cause: Option<String>,
    /// Every state entered, in order (nested states included).
    pub path: Vec<String>,
    pub history: Vec<Event>,
    pub start_millis: i64,
    pub stop_millis: i64,
}

impl Execution {
    /// `{"status", "output", "error", "cause", "path"}` (and `history` when asked).
    pub fn to_json(&self, with_history: bool) -> Json {
        let opt = |s: &Option<String>| s.clone().map_or(Json::Null, Json::String);
        let mut m = vec![
            ("status".into(), Json::String(self.status.as_str().into())),
            ("output".into(), self.output.clone().unwrap_or(Json::Null)),
            ("error".into(), opt(&self.error)),
            ("cause".into(), opt(&self.cause)),
            (
                "path".into(),
                Json::Array(self.path.iter().cloned().map(Json::String).collect()),
            ),
        ];
        if with_history {
            m.push((
                "history".into(),
                Json::Array(self.history.iter().map(Event::to_json).collect()),
            ));
        }
        Json::Object(m)
    }
}

/// Why a run could not finish: a problem of the test setup, not of the workflow.
#[derive(Debug, Clone, PartialEq)]
pub enum StopReason {
    /// A Task (or Distributed Map reader) has no mock in the test case.
    Unmocked {
        state: String,
        test_case: String,
    },
    /// The state is mocked, but not for this invocation.
    NoInvocation {
        state: String,
        invocation: usize,
        response: String,
        defined: String,
    },
    /// The definition cannot be run (a missing start state or transition target, ...).
    Invalid(String),
    /// The execution input is larger than `StartExecution` accepts.
    InputTooLarge(usize),
    HistoryLimit(usize),
    TransitionLimit(usize),
    /// The run reached a part of the definition that is not yet known (a Terraform plan's
    /// placeholder for a value known only at apply).
    NotYetKnown,
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StopReason::Unmocked { state, test_case } => write!(
                f,
                "state \"{state}\" calls an integration but test case \"{test_case}\" has no mocked response for it (the interpreter never calls AWS): add \"{state}\" to the test case"
            ),
            StopReason::NoInvocation { state, invocation, response, defined } => write!(
                f,
                "state \"{state}\" is invoked a {} time (invocation {invocation}), but its mocked response \"{response}\" only defines invocations {defined}",
                ordinal(*invocation + 1)
            ),
            StopReason::Invalid(why) => write!(f, "the definition cannot run: {why}"),
            StopReason::InputTooLarge(n) => write!(
                f,
                "the execution input is {n} bytes; Step Functions accepts at most {MAX_PAYLOAD_BYTES}"
            ),
            StopReason::HistoryLimit(n) => write!(
                f,
                "the execution history reached {n} events, Step Functions' quota for Standard workflows (an execution that exceeds it fails): use a Distributed Map for large item counts, or raise the limit"
            ),
            StopReason::NotYetKnown => f.write_str(
                "the run reached a transition whose target is not known yet (it is known at apply)",
            ),
            StopReason::TransitionLimit(n) => write!(
                f,
                "the run stopped after {n} state transitions (a loop that never ends?)"
            ),
        }
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A run that stopped, with what happened until then.
#[derive(Debug, Clone)]
pub struct Stopped {
    pub reason: StopReason,
    pub path: Vec<String>,
    pub history: Vec<Event>,
}

/// Runs `machine` on `input` with the mocks of `test_case`.
pub fn run(
    machine: &StateMachine,
    input: &Json,
    test_case: &TestCase,
    options: &RunOptions,
) -> Result<Execution, Box<Stopped>> {
    engine::Engine::new(machine, test_case, options).run(input)
}

#[cfg(test)]
mod tests;
