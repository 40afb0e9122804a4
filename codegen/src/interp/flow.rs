//! The states that do no work: Pass, Wait, Choice, Succeed and Fail. None of them has Retry or
//! Catch, so their errors fail the scope they are in.

use crate::json::Json;
use crate::model::{NumOrExpr, QueryLanguage, State};

use super::choice;
use super::engine::{too_large, Engine, Halt, Thread, Transition};
use super::env::{names, Env, Fault};
use super::history;
use super::jsonata::States;
use super::payload;
use super::time;

impl Engine<'_> {
    pub(super) fn pass(
        &mut self,
        name: &str,
        st: &State,
        input: Json,
        th: &mut Thread,
        ql: QueryLanguage,
    ) -> Result<Transition, Halt> {
        self.event(th, "PassStateEntered", history::state_entered(name, &input));
        self.sync_clock(th);
        let context = self.context(st, name, th.now, 0, false);
        let env = Env::new(&input, &context, &self.vars);
        let processed = match ql {
            QueryLanguage::JsonPath => (|| {
                let effective =
                    payload::select(st.input_path.as_ref(), "InputPath", &env, &self.tools)?;
                let effective = match &st.parameters {
                    Some(p) => payload::template(p, &env.with_input(&effective), &self.tools)?,
                    None => effective,
                };
                let result = st.result.clone().unwrap_or(effective);
                let assigned =
                    self.assignments(st.assign.as_ref(), ql, &env.with_input(&result), None)?;
                let placed = payload::place(st.result_path.as_ref(), &input, result, &self.tools)?;
                let output = payload::select(
                    st.output_path.as_ref(),
                    "OutputPath",
                    &env.with_input(&placed),
                    &self.tools,
                )?;
                Ok((output, assigned))
            })(),
            QueryLanguage::Jsonata => {
                let states = States::of(&input, &context);
                self.output_and_assign(st.output.as_ref(), st.assign.as_ref(), &env, states, &input)
            }
        };
        self.leave(th, "PassStateExited", name, st, processed)
    }

    /// How a state that does no work ends: its output within the quota, its variables
    /// assigned, its `...StateExited` event, then the transition.
    fn leave(
        &mut self,
        th: &mut Thread,
        exited: &'static str,
        name: &str,
        st: &State,
        processed: Result<(Json, Vec<(String, Json)>), Fault>,
    ) -> Result<Transition, Halt> {
        let (output, assigned) = processed
            .and_then(|(output, assigned)| {
                too_large(&output, "state output")?;
                Ok((output, assigned))
            })
            .map_err(|f| f.located(name))?;
        self.apply(&assigned);
        self.event(th, exited, history::state_exited(name, &output, &assigned));
        self.next_or_end(name, st, output)
    }

    /// JSONata `Output` (default: `default`) and `Assign`, both computed from the variables as
    /// they were before the state.
    pub(super) fn output_and_assign(
        &self,
        output: Option<&Json>,
        assign: Option<&Json>,
        env: &Env,
        states: States,
        default: &Json,
    ) -> Result<(Json, Vec<(String, Json)>), Fault> {
        let ev = self.jsonata(states);
        let out = match output {
            Some(o) => ev.value(o, "Output")?,
            None => default.clone(),
        };
        let assigned = self.assignments(assign, QueryLanguage::Jsonata, env, Some(&ev.states))?;
        Ok((out, assigned))
    }

    pub(super) fn wait(
        &mut self,
        name: &str,
        st: &State,
        input: Json,
        th: &mut Thread,
        ql: QueryLanguage,
    ) -> Result<Transition, Halt> {
        self.event(th, "WaitStateEntered", history::state_entered(name, &input));
        self.sync_clock(th);
        let context = self.context(st, name, th.now, 0, false);
        let until = {
            let env = Env::new(&input, &context, &self.vars);
            self.wait_until(st, &env, &context, th.now, ql)
                .map_err(|f| f.located(name))?
        };
        if until > th.now {
            self.advance(th, until - th.now)?;
        }
        let env = Env::new(&input, &context, &self.vars);
        let processed = match ql {
            QueryLanguage::JsonPath => (|| {
                let effective =
                    payload::select(st.input_path.as_ref(), "InputPath", &env, &self.tools)?;
                let assigned =
                    self.assignments(st.assign.as_ref(), ql, &env.with_input(&effective), None)?;
                let output = payload::select(
                    st.output_path.as_ref(),
                    "OutputPath",
                    &env.with_input(&effective),
                    &self.tools,
                )?;
                Ok((output, assigned))
            })(),
            QueryLanguage::Jsonata => {
                let states = States::of(&input, &context);
                self.output_and_assign(st.output.as_ref(), st.assign.as_ref(), &env, states, &input)
            }
        };
        self.leave(th, "WaitStateExited", name, st, processed)
    }

    /// When a Wait state ends, in milliseconds since the epoch.
    fn wait_until(
        &self,
        st: &State,
        env: &Env,
        context: &Json,
        now: i64,
        ql: QueryLanguage,
    ) -> Result<i64, Fault> {
        let seconds = |v: &Json, what: &str| match v {
            Json::Number(n) => n
                .as_i64()
                .filter(|s| *s >= 0)
                .map(|s| now.saturating_add(s.saturating_mul(1000)))
                .ok_or_else(|| {
                    Fault::runtime(format!(
                        "The {what} of a Wait state must be a non-negative integer, not {n}"
                    ))
                }),
            other => Err(Fault::runtime(format!(
                "The {what} of a Wait state must be a number, not {}",
                other.type_name()
            ))),
        };
        let instant = |v: &Json, what: &str| {
            v.as_str()
                .and_then(time::parse)
                .map(time::nanos_to_millis)
                .ok_or_else(|| {
                    Fault::runtime(format!(
                        "The {what} of a Wait state is not a valid timestamp: {}",
                        v.to_compact()
                    ))
                })
        };
        let jsonata = |v: &Json, what: &str| {
            let states = States::of(env.input, context);
            self.jsonata(states).value(v, what)
        };
        if let Some(s) = &st.seconds {
            return match s {
                NumOrExpr::Num(n) => seconds(&Json::Number(n.clone()), "Seconds"),
                NumOrExpr::Expr(e) => {
                    seconds(&jsonata(&Json::String(e.clone()), "Seconds")?, "Seconds")
                }
            };
        }
        if let Some(t) = &st.timestamp {
            let value = match ql {
                QueryLanguage::Jsonata => jsonata(&Json::String(t.clone()), "Timestamp")?,
                QueryLanguage::JsonPath => Json::String(t.clone()),
            };
            return instant(&value, "Timestamp");
        }
        let effective = payload::select(st.input_path.as_ref(), "InputPath", env, &self.tools)?;
        let env = env.with_input(&effective);
        if let Some(p) = &st.seconds_path {
            return seconds(
                &payload::value(p, "SecondsPath", &env, &self.tools)?,
                "SecondsPath value",
            );
        }
        if let Some(p) = &st.timestamp_path {
            return instant(
                &payload::value(p, "TimestampPath", &env, &self.tools)?,
                "TimestampPath value",
            );
        }
        Ok(now)
    }

    pub(super) fn choice(
        &mut self,
        name: &str,
        st: &State,
        input: Json,
        th: &mut Thread,
        ql: QueryLanguage,
    ) -> Result<Transition, Halt> {
        self.event(
            th,
            "ChoiceStateEntered",
            history::state_entered(name, &input),
        );
        self.sync_clock(th);
        let context = self.context(st, name, th.now, 0, false);
        let env = Env::new(&input, &context, &self.vars);
        let decided = (|| -> Result<Decision, Fault> {
            let rules = st.choices.as_deref().unwrap_or_default();
            match ql {
                QueryLanguage::JsonPath => {
                    let effective =
                        payload::select(st.input_path.as_ref(), "InputPath", &env, &self.tools)?;
                    let here = env.with_input(&effective);
                    let mut chosen = None;
                    for rule in rules {
                        if choice::matches(rule, &here, &self.tools)? {
                            chosen = Some((rule.next.clone(), rule.assign.as_ref()));
                            break;
                        }
                    }
                    let (next, assign) = match chosen {
                        Some((next, assign)) => (next, assign),
                        None => (st.default.clone(), st.assign.as_ref()),
                    };
                    let Some(next) = next else {
                        return Err(no_match());
                    };
                    let assigned = self.assignments(assign, ql, &here, None)?;
                    let output =
                        payload::select(st.output_path.as_ref(), "OutputPath", &here, &self.tools)?;
                    Ok((next, output, assigned))
                }
                QueryLanguage::Jsonata => {
                    let states = || States::of(&input, &context);
                    for rule in rules {
                        let condition = match &rule.condition {
                            Some(c) => self.jsonata(states()).value(c, "Condition")?,
                            None => Json::Bool(false),
                        };
                        let Json::Bool(hit) = condition else {
                            return Err(Fault::new(
                                names::QUERY_EVALUATION_ERROR,
                                format!(
                                    "The Condition of a Choice rule must be a boolean, not {}",
                                    condition.to_compact()
                                ),
                            ));
                        };
                        if hit {
                            let Some(next) = rule.next.clone() else {
                                continue;
                            };
                            let (out, assigned) = self.output_and_assign(
                                rule.output.as_ref(),
                                rule.assign.as_ref(),
                                &env,
                                states(),
                                &input,
                            )?;
                            return Ok((next, out, assigned));
                        }
                    }
                    let Some(next) = st.default.clone() else {
                        return Err(no_match());
                    };
                    let (out, assigned) = self.output_and_assign(
                        st.output.as_ref(),
                        st.assign.as_ref(),
                        &env,
                        states(),
                        &input,
                    )?;
                    Ok((next, out, assigned))
                }
            }
        })();
        let (next, output, assigned) = decided.map_err(|f| f.located(name))?;
        self.apply(&assigned);
        self.event(
            th,
            "ChoiceStateExited",
            history::state_exited(name, &output, &assigned),
        );
        Ok(Transition::Next(next, output))
    }

    pub(super) fn succeed(
        &mut self,
        name: &str,
        st: &State,
        input: Json,
        th: &mut Thread,
        ql: QueryLanguage,
    ) -> Result<Transition, Halt> {
        self.event(
            th,
            "SucceedStateEntered",
            history::state_entered(name, &input),
        );
        self.sync_clock(th);
        let context = self.context(st, name, th.now, 0, false);
        let env = Env::new(&input, &context, &self.vars);
        let output = match ql {
            QueryLanguage::JsonPath => {
                payload::select(st.input_path.as_ref(), "InputPath", &env, &self.tools).and_then(
                    |effective| {
                        payload::select(
                            st.output_path.as_ref(),
                            "OutputPath",
                            &env.with_input(&effective),
                            &self.tools,
                        )
                    },
                )
            }
            QueryLanguage::Jsonata => match &st.output {
                Some(o) => self
                    .jsonata(States::of(&input, &context))
                    .value(o, "Output"),
                None => Ok(input.clone()),
            },
        }
        .map_err(|f| f.located(name))?;
        self.event(
            th,
            "SucceedStateExited",
            history::state_exited(name, &output, &[]),
        );
        Ok(Transition::End(output))
    }

    pub(super) fn fail(
        &mut self,
        name: &str,
        st: &State,
        input: Json,
        th: &mut Thread,
        ql: QueryLanguage,
    ) -> Result<Transition, Halt> {
        self.event(th, "FailStateEntered", history::state_entered(name, &input));
        self.sync_clock(th);
        let context = self.context(st, name, th.now, 0, false);
        let env = Env::new(&input, &context, &self.vars);
        let text = |literal: &Option<String>,
                    path: &Option<String>,
                    what: &str|
         -> Result<Option<String>, Fault> {
            let value = match (literal, path, ql) {
                (Some(s), _, QueryLanguage::Jsonata) => Some(
                    self.jsonata(States::of(&input, &context))
                        .value(&Json::String(s.clone()), what)?,
                ),
                (Some(s), _, QueryLanguage::JsonPath) => Some(Json::String(s.clone())),
                (None, Some(p), _) => Some(payload::value(
                    p,
                    &format!("{what}Path"),
                    &env,
                    &self.tools,
                )?),
                (None, None, _) => None,
            };
            match value {
                None => Ok(None),
                Some(Json::String(s)) => Ok(Some(s)),
                Some(other) => Err(Fault::runtime(format!(
                    "The {what} of a Fail state must be a string, not {}",
                    other.type_name()
                ))),
            }
        };
        let error = text(&st.error, &st.error_path, "Error").map_err(|f| f.located(name))?;
        let cause = text(&st.cause, &st.cause_path, "Cause").map_err(|f| f.located(name))?;
        Err(Halt::Fail(Fault {
            error: error.unwrap_or_default(),
            cause,
        }))
    }
}

/// The next state, the output and the assignments of a Choice state.
type Decision = (String, Json, Vec<(String, Json)>);

fn no_match() -> Fault {
    Fault::new(
        names::NO_CHOICE_MATCHED,
        "No Choice Rule matched and the Choice state has no Default",
    )
}

/// An integer field value (`TimeoutSeconds`, `MaxConcurrency`, ...) from a number or a
/// JSONata result.
pub(super) fn integer(v: &Json, what: &str) -> Result<i64, Fault> {
    match v {
        Json::Number(n) => n
            .as_i64()
            .ok_or_else(|| Fault::runtime(format!("{what} must be an integer, not {n}"))),
        other => Err(Fault::runtime(format!(
            "{what} must be an integer, not {}",
            other.type_name()
        ))),
    }
}
