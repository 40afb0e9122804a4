//! Task states: the input is prepared (JSONPath `InputPath` then `Parameters`; JSONata
//! `Arguments`), the integration is "called" (its mocked response is taken), and the result is
//! processed (JSONPath `Assign`, `ResultSelector`, `ResultPath`, `OutputPath`; JSONata `Assign`
//! and `Output`). The events are those of the resource's kind: `TaskScheduled` ... for
//! integrations, `LambdaFunctionScheduled` ... for Lambda function ARNs, `ActivityScheduled` ...
//! for activities; a mocked `States.Timeout` or `States.HeartbeatTimeout` is a timed-out event.

use crate::json::{Json, Num};
use crate::model::{NumOrExpr, QueryLanguage, State};

use super::engine::{too_large, Engine, Halt, Thread};
use super::env::{names, Env, Fault};
use super::flow::integer;
use super::history;
use super::jsonata::States;
use super::mocks::Response;
use super::payload;
use super::recovery::Done;
use super::resource::{classify, Kind};

/// What was sent: the effective parameters and the limits.
struct Call {
    parameters: Json,
    timeout: Option<i64>,
    heartbeat: Option<i64>,
    credentials: Option<Json>,
}

impl Engine<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn task_attempt(
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
        let context = self.context(st, name, entered, retries, true);
        let call = self
            .prepare(st, raw, &context, ql)
            .map_err(|f| f.located(name))?;
        too_large(
            &call.parameters,
            "input of the task after its parameters are applied",
        )
        .map_err(|f| f.located(name))?;
        let resource = st.resource.clone().unwrap_or_default();
        let kind = classify(&resource);
        self.scheduled(th, &kind, &resource, &call);
        let result = match self.mocked(name)? {
            Response::Return(result) => result,
            Response::Throw { error, cause } => {
                let timed_out = error == names::TIMEOUT || error == names::HEARTBEAT_TIMEOUT;
                self.failed(th, &kind, &error, cause.as_deref(), timed_out);
                return Err(Halt::Fail(Fault { error, cause }));
            }
        };
        self.succeeded(th, &kind, &result);
        too_large(&result, "task result").map_err(|f| f.located(name))?;
        let env = Env::new(raw, &context, &self.vars);
        let done = match ql {
            QueryLanguage::JsonPath => self.jsonpath_result(st, raw, result, &env),
            QueryLanguage::Jsonata => {
                let states = States {
                    result: Some(&result),
                    ..States::of(raw, &context)
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
        too_large(&done.output, "state output").map_err(|f| f.located(name))?;
        Ok(done)
    }

    /// `Assign` (`$` is the result), `ResultSelector`, `ResultPath` (into the raw input) and
    /// `OutputPath`, for Task, Parallel and Map states in JSONPath.
    pub(super) fn jsonpath_result(
        &self,
        st: &State,
        raw: &Json,
        result: Json,
        env: &Env,
    ) -> Result<Done, Fault> {
        let at_result = env.with_input(&result);
        let assigned = self.assignments(
            st.assign.as_ref(),
            QueryLanguage::JsonPath,
            &at_result,
            None,
        )?;
        let selected = match &st.result_selector {
            Some(t) => payload::template(t, &at_result, &self.tools)?,
            None => result,
        };
        let placed = payload::place(st.result_path.as_ref(), raw, selected, &self.tools)?;
        let output = payload::select(
            st.output_path.as_ref(),
            "OutputPath",
            &env.with_input(&placed),
            &self.tools,
        )?;
        Ok(Done { output, assigned })
    }

    fn prepare(
        &self,
        st: &State,
        raw: &Json,
        context: &Json,
        ql: QueryLanguage,
    ) -> Result<Call, Fault> {
        let env = Env::new(raw, context, &self.vars);
        let seconds = |literal: &Option<NumOrExpr>,
                       path: &Option<String>,
                       what: &str|
         -> Result<Option<i64>, Fault> {
            let value = match (literal, path) {
                (Some(NumOrExpr::Num(n)), _) => Json::Number(n.clone()),
                (Some(NumOrExpr::Expr(e)), _) => self
                    .jsonata(States::of(raw, context))
                    .value(&Json::String(e.clone()), what)?,
                (None, Some(p)) => payload::value(p, &format!("{what}Path"), &env, &self.tools)?,
                (None, None) => return Ok(None),
            };
            let n = integer(&value, what)?;
            if n < 1 {
                return Err(Fault::runtime(format!(
                    "{what} must be a positive integer, not {n}"
                )));
            }
            Ok(Some(n))
        };
        let timeout = seconds(
            &st.timeout_seconds,
            &st.timeout_seconds_path,
            "TimeoutSeconds",
        )?;
        let heartbeat = seconds(
            &st.heartbeat_seconds,
            &st.heartbeat_seconds_path,
            "HeartbeatSeconds",
        )?;
        let (parameters, credentials) = match ql {
            QueryLanguage::JsonPath => {
                let effective =
                    payload::select(st.input_path.as_ref(), "InputPath", &env, &self.tools)?;
                let here = env.with_input(&effective);
                let parameters = match &st.parameters {
                    Some(p) => payload::template(p, &here, &self.tools)?,
                    None => effective.clone(),
                };
                let credentials = match &st.credentials {
                    Some(c) => Some(payload::template(c, &here, &self.tools)?),
                    None => None,
                };
                (parameters, credentials)
            }
            QueryLanguage::Jsonata => {
                let ev = self.jsonata(States::of(raw, context));
                let parameters = match &st.arguments {
                    Some(a) => ev.value(a, "Arguments")?,
                    None => raw.clone(),
                };
                let credentials = match &st.credentials {
                    Some(c) => Some(ev.value(c, "Credentials")?),
                    None => None,
                };
                (parameters, credentials)
            }
        };
        Ok(Call {
            parameters,
            timeout,
            heartbeat,
            credentials,
        })
    }

    fn scheduled(&mut self, th: &mut Thread, kind: &Kind, resource: &str, call: &Call) {
        let secs = |n: i64| Json::Number(Num::from_i64(n));
        let credentials = call.credentials.as_ref().and_then(|c| {
            c.get("RoleArn")
                .map(|r| Json::Object(vec![("roleArn".into(), r.clone())]))
        });
        // The limits each kind of event records: the timeout always, the heartbeat and the
        // task's credentials where Step Functions records them.
        let limited =
            |mut m: Vec<(&'static str, Json)>, heartbeat: bool, with_credentials: bool| {
                if let Some(t) = call.timeout {
                    m.push(("timeoutInSeconds", secs(t)));
                }
                if let (true, Some(h)) = (heartbeat, call.heartbeat) {
                    m.push(("heartbeatInSeconds", secs(h)));
                }
                if let (true, Some(c)) = (with_credentials, &credentials) {
                    m.push(("taskCredentials", c.clone()));
                }
                m
            };
        // Lambda functions and activities receive their input as text.
        let sent = || {
            vec![
                ("resource", Json::String(resource.to_string())),
                ("input", Json::String(call.parameters.to_compact())),
                ("inputDetails", history::not_truncated()),
            ]
        };
        match kind {
            Kind::Service {
                resource_type,
                resource,
            } => {
                let typed = || {
                    vec![
                        ("resourceType", Json::String(resource_type.clone())),
                        ("resource", Json::String(resource.clone())),
                    ]
                };
                let mut m = typed();
                m.push(("region", Json::String(self.opts.region.clone())));
                m.push(("parameters", Json::String(call.parameters.to_compact())));
                self.event(
                    th,
                    "TaskScheduled",
                    history::details("taskScheduledEventDetails", limited(m, true, true)),
                );
                self.event(
                    th,
                    "TaskStarted",
                    history::details("taskStartedEventDetails", typed()),
                );
            }
            Kind::Lambda => {
                self.event(
                    th,
                    "LambdaFunctionScheduled",
                    history::details(
                        "lambdaFunctionScheduledEventDetails",
                        limited(sent(), false, true),
                    ),
                );
                self.event(th, "LambdaFunctionStarted", None);
            }
            Kind::Activity => {
                self.event(
                    th,
                    "ActivityScheduled",
                    history::details(
                        "activityScheduledEventDetails",
                        limited(sent(), true, false),
                    ),
                );
                let worker = vec![("workerName", Json::String("sfn-asl-mock".into()))];
                self.event(
                    th,
                    "ActivityStarted",
                    history::details("activityStartedEventDetails", worker),
                );
            }
        }
    }

    fn succeeded(&mut self, th: &mut Thread, kind: &Kind, result: &Json) {
        match kind {
            Kind::Service {
                resource_type,
                resource,
            } => {
                let m = vec![
                    ("resourceType", Json::String(resource_type.clone())),
                    ("resource", Json::String(resource.clone())),
                    ("output", Json::String(result.to_compact())),
                    ("outputDetails", history::not_truncated()),
                ];
                self.event(
                    th,
                    "TaskSucceeded",
                    history::details("taskSucceededEventDetails", m),
                );
            }
            Kind::Lambda => self.event(
                th,
                "LambdaFunctionSucceeded",
                history::output("lambdaFunctionSucceededEventDetails", result),
            ),
            Kind::Activity => self.event(
                th,
                "ActivitySucceeded",
                history::output("activitySucceededEventDetails", result),
            ),
        }
    }

    fn failed(
        &mut self,
        th: &mut Thread,
        kind: &Kind,
        error: &str,
        cause: Option<&str>,
        timed_out: bool,
    ) {
        let (event, key) = match (kind, timed_out) {
            (Kind::Service { .. }, false) => ("TaskFailed", "taskFailedEventDetails"),
            (Kind::Service { .. }, true) => ("TaskTimedOut", "taskTimedOutEventDetails"),
            (Kind::Lambda, false) => ("LambdaFunctionFailed", "lambdaFunctionFailedEventDetails"),
            (Kind::Lambda, true) => (
                "LambdaFunctionTimedOut",
                "lambdaFunctionTimedOutEventDetails",
            ),
            (Kind::Activity, false) => ("ActivityFailed", "activityFailedEventDetails"),
            (Kind::Activity, true) => ("ActivityTimedOut", "activityTimedOutEventDetails"),
        };
        let resource = match kind {
            Kind::Service {
                resource_type,
                resource,
            } => Some((resource_type.as_str(), resource.as_str())),
            _ => None,
        };
        self.event(th, event, history::failure(key, resource, error, cause));
    }
}
