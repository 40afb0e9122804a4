//! Retry and Catch for Task, Parallel and Map states. The first retrier whose `ErrorEquals`
//! matches decides: while its own count is below `MaxAttempts` the state runs again after
//! `IntervalSeconds × BackoffRate^count` seconds (at most `MaxDelaySeconds`; with
//! `JitterStrategy: FULL` a random fraction of that, from the seed); once it is used up, or when
//! no retrier matches, the first matching catcher takes over. `States.Runtime` and
//! `States.DataLimitExceeded` are never retried or caught.

use crate::json::Json;
use crate::model::{Catcher, QueryLanguage, Retrier, State};

use super::engine::{exited_kind, Engine, Halt, Thread, Transition};
use super::env::{error_matches, Env, Fault};
use super::history;
use super::jsonata::States;
use super::payload;

/// A state's work done: its output and the variables it assigns.
pub(super) struct Done {
    pub output: Json,
    pub assigned: Vec<(String, Json)>,
}

fn matches(equals: &Option<Vec<String>>, f: &Fault) -> bool {
    equals.iter().flatten().any(|m| error_matches(m, &f.error))
}

/// Milliseconds before the retry that follows `count` earlier retries of this retrier.
pub(super) fn delay_millis(r: &Retrier, count: usize, unit: impl FnOnce() -> f64) -> i64 {
    let interval = r.interval_seconds.as_ref().map_or(1.0, |n| n.as_f64());
    let rate = r.backoff_rate.as_ref().map_or(2.0, |n| n.as_f64());
    let mut seconds = interval * rate.powi(i32::try_from(count).unwrap_or(i32::MAX));
    if let Some(max) = &r.max_delay_seconds {
        seconds = seconds.min(max.as_f64());
    }
    if r.jitter_strategy.as_deref() == Some("FULL") {
        seconds *= unit();
    }
    if !seconds.is_finite() {
        return i64::MAX / 4;
    }
    (seconds * 1000.0).round().clamp(0.0, (i64::MAX / 4) as f64) as i64
}

/// One attempt at a Task, Parallel or Map state's work: the state's name, the state, its raw
/// input, the thread, when the state was entered and the retries so far.
pub(super) type Attempt<E> =
    fn(&mut E, &str, &State, &Json, &mut Thread, QueryLanguage, i64, usize) -> Result<Done, Halt>;

impl Engine<'_> {
    /// A state with Retry and Catch: entered once, then attempted until an attempt succeeds or
    /// the error is neither retried nor caught.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn recoverable(
        &mut self,
        entered_kind: &'static str,
        name: &str,
        st: &State,
        input: Json,
        th: &mut Thread,
        ql: QueryLanguage,
        attempt: Attempt<Self>,
    ) -> Result<Transition, Halt> {
        self.event(th, entered_kind, history::state_entered(name, &input));
        let entered = th.now;
        self.recover(name, st, &input, th, ql, |eng, th, retries| {
            attempt(eng, name, st, &input, th, ql, entered, retries)
        })
    }

    /// Runs `attempt` until it succeeds, retrying and catching as the state says.
    /// `attempt` gets the raw input, the thread and the retry count so far.
    pub(super) fn recover(
        &mut self,
        name: &str,
        st: &State,
        raw: &Json,
        th: &mut Thread,
        ql: QueryLanguage,
        mut attempt: impl FnMut(&mut Self, &mut Thread, usize) -> Result<Done, Halt>,
    ) -> Result<Transition, Halt> {
        let retriers = st.retry.as_deref().unwrap_or_default();
        let mut counts = vec![0usize; retriers.len()];
        let mut retries = 0usize;
        loop {
            let fault = match attempt(self, th, retries) {
                Ok(done) => {
                    self.apply(&done.assigned);
                    self.event(
                        th,
                        exited_kind(st.kind),
                        history::state_exited(name, &done.output, &done.assigned),
                    );
                    return self.next_or_end(name, st, done.output);
                }
                Err(Halt::Fail(f)) => f,
                Err(other) => return Err(other),
            };
            if fault.is_terminal() {
                return Err(Halt::Fail(fault));
            }
            if let Some(i) = retriers
                .iter()
                .position(|r| matches(&r.error_equals, &fault))
            {
                let r = &retriers[i];
                let max = r
                    .max_attempts
                    .as_ref()
                    .and_then(|n| n.as_i64())
                    .map_or(3, |n| n.max(0) as usize);
                if counts[i] < max {
                    let rng = self.tools.rng.clone();
                    let wait = delay_millis(r, counts[i], || rng.borrow_mut().unit());
                    counts[i] += 1;
                    retries += 1;
                    self.advance(th, wait)?;
                    continue;
                }
            }
            let catchers = st.catch.as_deref().unwrap_or_default();
            let Some(catcher) = catchers.iter().find(|c| matches(&c.error_equals, &fault)) else {
                return Err(Halt::Fail(fault));
            };
            let done = self
                .caught(st, name, catcher, raw, &fault, th, ql, retries)
                .map_err(|f| f.located(name))?;
            self.apply(&done.assigned);
            self.event(
                th,
                exited_kind(st.kind),
                history::state_exited(name, &done.output, &done.assigned),
            );
            let Some(next) = catcher.next.clone() else {
                return Err(Halt::Stop(super::StopReason::Invalid(format!(
                    "a catcher of state \"{name}\" has no Next"
                ))));
            };
            return Ok(Transition::Next(next, done.output));
        }
    }

    /// The output and assignments of a catcher: JSONPath places the error output at its
    /// `ResultPath` in the raw input (no `OutputPath`); JSONata evaluates its `Output` (default:
    /// the error output) and `Assign` with `$states.errorOutput`.
    #[allow(clippy::too_many_arguments)]
    fn caught(
        &self,
        st: &State,
        name: &str,
        catcher: &Catcher,
        raw: &Json,
        fault: &Fault,
        th: &Thread,
        ql: QueryLanguage,
        retries: usize,
    ) -> Result<Done, Fault> {
        let error_output = fault.output();
        let context = self.context(st, name, th.now, retries, false);
        let env = Env::new(raw, &context, &self.vars);
        match ql {
            QueryLanguage::JsonPath => {
                let assigned = self.assignments(
                    catcher.assign.as_ref(),
                    ql,
                    &env.with_input(&error_output),
                    None,
                )?;
                let output =
                    payload::place(catcher.result_path.as_ref(), raw, error_output, &self.tools)?;
                Ok(Done { output, assigned })
            }
            QueryLanguage::Jsonata => {
                let states = States {
                    error_output: Some(&error_output),
                    ..States::of(raw, &context)
                };
                let (output, assigned) = self.output_and_assign(
                    catcher.output.as_ref(),
                    catcher.assign.as_ref(),
                    &env,
                    states,
                    &error_output,
                )?;
                Ok(Done { output, assigned })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Num;

    fn retrier(
        interval: Option<&str>,
        rate: Option<&str>,
        max_delay: Option<&str>,
        jitter: Option<&str>,
    ) -> Retrier {
        Retrier {
            interval_seconds: interval.and_then(Num::parse),
            backoff_rate: rate.and_then(Num::parse),
            max_delay_seconds: max_delay.and_then(Num::parse),
            jitter_strategy: jitter.map(str::to_string),
            ..Retrier::default()
        }
    }

    #[test]
    fn backoff() {
        // The guide: IntervalSeconds 3, BackoffRate 1.5 waits 3 and 4.5 seconds.
        let r = retrier(Some("3"), Some("1.5"), None, None);
        assert_eq!(delay_millis(&r, 0, || 0.0), 3000);
        assert_eq!(delay_millis(&r, 1, || 0.0), 4500);
        // Defaults: 1 second, doubling.
        let d = retrier(None, None, None, None);
        assert_eq!(
            (0..4)
                .map(|c| delay_millis(&d, c, || 0.0))
                .collect::<Vec<_>>(),
            vec![1000, 2000, 4000, 8000]
        );
        let capped = retrier(Some("2"), Some("10"), Some("30"), None);
        assert_eq!(delay_millis(&capped, 3, || 0.0), 30_000);
        let jitter = retrier(Some("10"), Some("1"), None, Some("FULL"));
        assert_eq!(delay_millis(&jitter, 0, || 0.25), 2500);
        assert_eq!(
            delay_millis(&retrier(Some("1"), Some("2"), None, None), 10_000, || 0.0),
            i64::MAX / 4
        );
    }
}
