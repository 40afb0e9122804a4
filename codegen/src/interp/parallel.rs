//! Parallel states: every branch gets the same input (JSONPath `InputPath` then `Parameters`;
//! JSONata `Arguments`) and starts at the same simulated time; the result is the array of the
//! branch outputs, in branch order. A failing branch fails the state with the branch's error
//! (the branches after it are not run).

use crate::json::Json;
use crate::model::{QueryLanguage, State};

use super::engine::{Engine, Halt, Thread};
use super::env::{Env, Fault};
use super::jsonata::States;
use super::payload;
use super::recovery::Done;

impl Engine<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn parallel_attempt(
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
        let branch_input = {
            let env = Env::new(raw, &context, &self.vars);
            self.state_arguments(st, &env, ql)
                .map_err(|f| f.located(name))?
        };
        self.event(th, "ParallelStateStarted", None);
        let mark = self.history.mark();
        let start = *th;
        let mut end = *th;
        let mut results = Vec::new();
        let branches = st.branches.as_deref().unwrap_or_default();
        let mut failure = None;
        for branch in branches {
            let mut bt = start;
            self.vars.push(false);
            let outcome = self.run_scope(branch, branch_input.clone(), &mut bt, ql);
            self.vars.pop();
            if bt.now >= end.now {
                end = bt;
            }
            match outcome {
                Ok(out) => results.push(out),
                Err(Halt::Fail(f)) => {
                    failure = Some(f);
                    end = bt;
                    break;
                }
                Err(other) => {
                    *th = bt;
                    return Err(other);
                }
            }
        }
        self.history.sort_since(mark);
        *th = end;
        self.sync_clock(th);
        if let Some(f) = failure {
            self.event(th, "ParallelStateFailed", None);
            return Err(Halt::Fail(f));
        }
        self.event(th, "ParallelStateSucceeded", None);
        let result = Json::Array(results);
        self.state_result(name, st, raw, result, &context, ql)
    }

    /// The input a Parallel state gives its branches (and a Map state its processing): JSONPath
    /// `InputPath` then `Parameters`, JSONata `Arguments` (default: the raw input).
    pub(super) fn state_arguments(
        &self,
        st: &State,
        env: &Env,
        ql: QueryLanguage,
    ) -> Result<Json, Fault> {
        match ql {
            QueryLanguage::JsonPath => {
                let effective =
                    payload::select(st.input_path.as_ref(), "InputPath", env, &self.tools)?;
                match &st.parameters {
                    Some(p) => payload::template(p, &env.with_input(&effective), &self.tools),
                    None => Ok(effective),
                }
            }
            QueryLanguage::Jsonata => match &st.arguments {
                Some(a) => self
                    .jsonata(States::of(env.input, env.context))
                    .value(a, "Arguments"),
                None => Ok(env.input.clone()),
            },
        }
    }

    /// A Parallel or Map state's result made into its output and assignments.
    pub(super) fn state_result(
        &self,
        name: &str,
        st: &State,
        raw: &Json,
        result: Json,
        context: &Json,
        ql: QueryLanguage,
    ) -> Result<Done, Halt> {
        super::engine::too_large(&result, "state result").map_err(|f| f.located(name))?;
        let env = Env::new(raw, context, &self.vars);
        let done = match ql {
            QueryLanguage::JsonPath => self.jsonpath_result(st, raw, result, &env),
            QueryLanguage::Jsonata => {
                let states = States {
                    result: Some(&result),
                    ..States::of(raw, context)
                };
                self.output_and_assign(
                    st.output.as_ref(),
                    st.assign.as_ref(),
                    &env,
                    states,
                    &result,
                )
                .map(|(output, assigned)| Done { output, assigned })
            }
        }
        .map_err(|f| f.located(name))?;
        super::engine::too_large(&done.output, "state output").map_err(|f| f.located(name))?;
        Ok(done)
    }
}
