//! What an expression sees while a state runs ([`Env`]: the value `$` refers to, the context
//! object, the variables in scope), the errors states raise ([`Fault`]), and the shared tools of a
//! run ([`Tools`]: seeded randomness, the simulated time, parse caches).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use crate::intrinsics::Call;
use crate::json::Json;

use super::path::{JsonPath, Missing, Root};
use super::random::Rng;

/// Error names Step Functions defines (`States.*`).
pub mod names {
    pub const ALL: &str = "States.ALL";
    pub const TASK_FAILED: &str = "States.TaskFailed";
    pub const TIMEOUT: &str = "States.Timeout";
    pub const HEARTBEAT_TIMEOUT: &str = "States.HeartbeatTimeout";
    pub const RUNTIME: &str = "States.Runtime";
    pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
    pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
    pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";
    pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";
    pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
    pub const EXCEED_TOLERATED_FAILURE_THRESHOLD: &str = "States.ExceedToleratedFailureThreshold";
    pub const ITEM_READER_FAILED: &str = "States.ItemReaderFailed";
}

/// An error a state raised: its name and cause, as in the error output `{"Error", "Cause"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub error: String,
    pub cause: Option<String>,
}

impl Fault {
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Fault {
        Fault {
            error: error.into(),
            cause: Some(cause.into()),
        }
    }

    pub fn runtime(cause: impl Into<String>) -> Fault {
        Fault::new(names::RUNTIME, cause)
    }

    /// Says which state raised an error the interpreter itself found (a path that selects
    /// nothing, a failed intrinsic, ...), as Step Functions' causes do.
    pub fn located(mut self, state: &str) -> Fault {
        let cause = self.cause.take().unwrap_or_default();
        self.cause = Some(format!(
            "An error occurred while executing the state '{state}'. {cause}"
        ));
        self
    }

    /// `States.Runtime` and `States.DataLimitExceeded` end the execution: no retrier or catcher,
    /// not even one naming them, handles them.
    pub fn is_terminal(&self) -> bool {
        self.error == names::RUNTIME || self.error == names::DATA_LIMIT_EXCEEDED
    }

    /// The error output a catcher receives. Both fields are always present (an empty `Cause`
    /// when the error had none), as Step Functions binds them.
    pub fn output(&self) -> Json {
        Json::Object(vec![
            ("Error".into(), Json::String(self.error.clone())),
            (
                "Cause".into(),
                Json::String(self.cause.clone().unwrap_or_default()),
            ),
        ])
    }
}

/// True when a retrier's or catcher's `ErrorEquals` entry matches the error: the name itself,
/// `States.ALL` (any error), `States.TaskFailed` (any error but a timeout), and
/// `States.Timeout` (also a heartbeat timeout).
pub fn error_matches(matcher: &str, error: &str) -> bool {
    match matcher {
        names::ALL => true,
        names::TASK_FAILED => error != names::TIMEOUT && error != names::HEARTBEAT_TIMEOUT,
        names::TIMEOUT => error == names::TIMEOUT || error == names::HEARTBEAT_TIMEOUT,
        m => m == error,
    }
}

/// Variables in scope: one frame per workflow scope (machine, branch, iteration). Reads go
/// outwards up to a barrier (a Distributed Map iteration cannot see outer variables); writes go
/// to the innermost frame.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    frames: Vec<Frame>,
}

#[derive(Debug, Clone, Default)]
struct Frame {
    values: Vec<(String, Json)>,
    barrier: bool,
}

impl Vars {
    pub fn new() -> Vars {
        Vars {
            frames: vec![Frame::default()],
        }
    }

    /// Opens a nested scope (`barrier`: the outer variables are not visible in it).
    pub fn push(&mut self, barrier: bool) {
        self.frames.push(Frame {
            values: Vec::new(),
            barrier,
        });
    }

    pub fn pop(&mut self) {
        if self.frames.len() > 1 {
            self.frames.pop();
        }
    }

    pub fn get(&self, name: &str) -> Option<&Json> {
        for f in self.frames.iter().rev() {
            if let Some((_, v)) = f.values.iter().find(|(n, _)| n == name) {
                return Some(v);
            }
            if f.barrier {
                break;
            }
        }
        None
    }

    pub fn set(&mut self, name: &str, value: Json) {
        let Some(f) = self.frames.last_mut() else {
            return;
        };
        match f.values.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => f.values.push((name.to_string(), value)),
        }
    }
}

/// What `$`, `$$` and `$name` refer to while a field is evaluated.
pub struct Env<'a> {
    pub input: &'a Json,
    pub context: &'a Json,
    pub vars: &'a Vars,
}

impl<'a> Env<'a> {
    pub fn new(input: &'a Json, context: &'a Json, vars: &'a Vars) -> Env<'a> {
        Env {
            input,
            context,
            vars,
        }
    }

    pub fn with_input<'b>(&'b self, input: &'b Json) -> Env<'b> {
        Env {
            input,
            context: self.context,
            vars: self.vars,
        }
    }
}

/// Shared by everything that evaluates expressions during one run.
pub struct Tools {
    pub rng: Rc<RefCell<Rng>>,
    /// The simulated time, for `$now()` and `$millis()`.
    pub now_millis: Rc<Cell<i64>>,
    paths: RefCell<HashMap<String, Rc<JsonPath>>>,
    calls: RefCell<HashMap<String, Rc<Call>>>,
    pub(super) jsonata: RefCell<HashMap<String, Rc<super::jsonata::Parsed>>>,
}

impl Tools {
    pub fn new(seed: u64, now_millis: i64) -> Tools {
        Tools {
            rng: Rc::new(RefCell::new(Rng::new(seed))),
            now_millis: Rc::new(Cell::new(now_millis)),
            paths: RefCell::default(),
            calls: RefCell::default(),
            jsonata: RefCell::default(),
        }
    }

    /// A parsed path, from the cache after the first use of the same text.
    pub fn path(&self, text: &str) -> Result<Rc<JsonPath>, String> {
        if let Some(p) = self.paths.borrow().get(text) {
            return Ok(p.clone());
        }
        let p = Rc::new(JsonPath::parse(text)?);
        self.paths.borrow_mut().insert(text.to_string(), p.clone());
        Ok(p)
    }

    /// A parsed intrinsic call, cached likewise.
    pub fn call(&self, text: &str) -> Result<Rc<Call>, String> {
        if let Some(c) = self.calls.borrow().get(text) {
            return Ok(c.clone());
        }
        let c = Rc::new(crate::intrinsics::parse(text).map_err(|e| e.to_string())?);
        self.calls.borrow_mut().insert(text.to_string(), c.clone());
        Ok(c)
    }

    /// Evaluates a path (`$...`, `$$...` or `$name...`) in `env`.
    pub fn resolve(&self, text: &str, env: &Env) -> Result<Json, Resolve> {
        let path = self.path(text).map_err(Resolve::Invalid)?;
        let root = match &path.root {
            Root::Input => env.input,
            Root::Context => env.context,
            Root::Variable(name) => match env.vars.get(name) {
                Some(v) => v,
                None => return Err(Resolve::UndefinedVariable(name.clone())),
            },
        };
        path.select(root).map_err(|Missing| Resolve::Missing)
    }
}

/// Why a path gave no value.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolve {
    /// The path does not parse (validation reports it; the run treats it as a runtime error).
    Invalid(String),
    Missing,
    UndefinedVariable(String),
}

impl Resolve {
    /// The `States.Runtime` cause for a path that gave nothing for `what` (`the field 'a.$'`).
    pub fn fault(&self, path: &str, what: &str, input: &Json) -> Fault {
        match self {
            Resolve::Invalid(e) => Fault::runtime(format!("Invalid path '{path}' for {what}: {e}")),
            Resolve::Missing => Fault::runtime(format!(
                "The JSONPath '{path}' specified for {what} could not be found in the input '{}'",
                super::history::clip(&input.to_compact())
            )),
            Resolve::UndefinedVariable(name) => Fault::runtime(format!(
                "The variable '${name}' referenced by '{path}' in {what} is not defined"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_follow_the_wildcard_rules() {
        assert!(error_matches("States.ALL", "Lambda.Unknown"));
        assert!(error_matches("States.TaskFailed", "Custom"));
        assert!(!error_matches("States.TaskFailed", "States.Timeout"));
        assert!(!error_matches(
            "States.TaskFailed",
            "States.HeartbeatTimeout"
        ));
        assert!(error_matches("States.Timeout", "States.HeartbeatTimeout"));
        assert!(!error_matches("States.Timeout", "Custom"));
        assert!(error_matches("Custom", "Custom"));
        assert!(!error_matches("custom", "Custom"));
        assert!(Fault::runtime("x").is_terminal());
        assert!(!Fault::new("States.TaskFailed", "x").is_terminal());
    }

    #[test]
    fn variables_are_scoped() {
        let mut v = Vars::new();
        v.set("a", Json::Bool(true));
        v.push(false);
        assert_eq!(v.get("a"), Some(&Json::Bool(true)));
        v.set("b", Json::Null);
        v.pop();
        assert_eq!(v.get("b"), None);
        v.push(true);
        assert_eq!(
            v.get("a"),
            None,
            "a Distributed Map iteration sees no outer variable"
        );
        v.pop();
        v.pop();
        assert_eq!(
            v.get("a"),
            Some(&Json::Bool(true)),
            "the machine frame stays"
        );
    }
}
