//! Generates large, valid definitions for benchmarks and the peak-memory measurement
//! (`examples/check_file.rs --generate`). Shared by path (`#[path]`), not a bench target itself.
//!
//! The machine is a chain of steps cycling through Task (with Retry, Catch, TimeoutSeconds and a
//! nested payload), Choice (with `And`/`Not`), Pass, an inline Map with a two-state item processor
//! and a two-branch Parallel, all catching into one Fail state. Every state name is unique across
//! the machine, every state is reachable, and the result validates with no errors.

#![allow(dead_code)]

use sfn_codegen::model::*;
use sfn_codegen::{emit, Json, Num};

fn s(v: &str) -> Json {
    Json::String(v.to_string())
}

fn n(v: i64) -> Json {
    Json::Number(Num::from_i64(v))
}

fn num(text: &str) -> Num {
    Num::parse(text).unwrap_or_else(|| Num::from_i64(0))
}

fn obj(members: Vec<(&str, Json)>) -> Json {
    Json::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

const FAIL: &str = "HandleFailure";
const DONE: &str = "Done";

fn retry() -> Vec<Retrier> {
    vec![
        Retrier {
            error_equals: Some(vec![
                "Lambda.ServiceException".into(),
                "Lambda.TooManyRequestsException".into(),
            ]),
            interval_seconds: Some(num("1")),
            max_attempts: Some(num("3")),
            backoff_rate: Some(num("2.5")),
            ..Retrier::default()
        },
        Retrier {
            error_equals: Some(vec!["States.ALL".into()]),
            interval_seconds: Some(num("5")),
            max_attempts: Some(num("1")),
            ..Retrier::default()
        },
    ]
}

fn catch(next: &str) -> Vec<Catcher> {
    vec![Catcher {
        error_equals: Some(vec!["States.ALL".into()]),
        result_path: Some(PathOrNull::Path("$.error".into())),
        next: Some(next.into()),
        ..Catcher::default()
    }]
}

fn task(step: usize, function: &str) -> State {
    let mut t = State::new(StateType::Task);
    t.resource = Some("arn:aws:states:::lambda:invoke".into());
    t.parameters = Some(obj(vec![
        (
            "FunctionName",
            s(&format!(
                "arn:aws:lambda:us-east-1:123456789012:function:{function}"
            )),
        ),
        (
            "Payload",
            obj(vec![
                ("orderId.$", s("$.orderId")),
                ("step", n(step as i64)),
                ("weight", Json::Number(num("1.25"))),
                (
                    "labels",
                    Json::Array(vec![s("benchmark"), s("généré"), s("line\nbreak")]),
                ),
                (
                    "summary.$",
                    s("States.Format('step {} of order {}', $.step, $.orderId)"),
                ),
            ]),
        ),
    ]));
    t.result_selector = Some(obj(vec![("value.$", s("$.Payload.value"))]));
    t.result_path = Some(PathOrNull::Path(format!("$.results.step{step}")));
    t.timeout_seconds = Some(NumOrExpr::Num(Num::from_i64(60)));
    t.retry = Some(retry());
    t
}

fn choice(step: usize, next: &str) -> State {
    let mut c = State::new(StateType::Choice);
    let cmp = |var: &str, op: Operator, v: Json| ChoiceRule {
        variable: Some(var.into()),
        comparisons: vec![(op, v)],
        ..ChoiceRule::default()
    };
    c.choices = Some(vec![
        ChoiceRule {
            next: Some(next.into()),
            ..cmp("$.amount", Operator::NumericGreaterThan, n(step as i64))
        },
        ChoiceRule {
            and: Some(vec![
                cmp("$.status", Operator::StringEquals, s("READY")),
                ChoiceRule {
                    not: Some(Box::new(cmp(
                        "$.flag",
                        Operator::IsPresent,
                        Json::Bool(true),
                    ))),
                    ..ChoiceRule::default()
                },
            ]),
            next: Some(next.into()),
            ..ChoiceRule::default()
        },
    ]);
    c.default = Some(next.into());
    c
}

/// One workflow with its states; `count` is how many states it adds to the machine.
fn sub(start: String, states: Vec<(String, State)>) -> Workflow {
    Workflow {
        start_at: Some(start),
        states,
        ..Workflow::default()
    }
}

/// A machine of about `target` states in total (nested states included).
pub fn machine(target: usize) -> StateMachine {
    let mut states: Vec<(String, State)> = Vec::new();
    let mut total = 2; // Done and HandleFailure
    let mut step = 0;
    let name = |step: usize, kind: &str| format!("Step{step:05}{kind}");
    let mut pending: Vec<(String, State)> = Vec::new();
    while total < target {
        let (own, added) = match step % 10 {
            4 => (name(step, "Choice"), 1),
            5 | 9 => (name(step, "Pass"), 1),
            6 => (name(step, "Map"), 3),
            8 => (name(step, "Parallel"), 3),
            _ => (name(step, "Task"), 1),
        };
        // Link the previous state to this one.
        if let Some((prev_name, mut prev)) = pending.pop() {
            link(&mut prev, &own);
            states.push((prev_name, prev));
        }
        let st = match step % 10 {
            4 => choice(step, "\u{0}"),
            5 | 9 => {
                let mut p = State::new(StateType::Pass);
                p.parameters = Some(obj(vec![
                    ("step", n(step as i64)),
                    ("orderId.$", s("$.orderId")),
                    (
                        "ratio",
                        Json::Number(num("0.333333333333333314829616256247")),
                    ),
                ]));
                p.result_path = Some(PathOrNull::Path(format!("$.pass{step}")));
                p
            }
            6 => {
                let mut m = State::new(StateType::Map);
                m.items_path = Some("$.items".into());
                m.max_concurrency = Some(NumOrExpr::Num(Num::from_i64(10)));
                m.item_selector = Some(obj(vec![
                    ("item.$", s("$$.Map.Item.Value")),
                    ("index.$", s("$$.Map.Item.Index")),
                ]));
                let item = name(step, "Item");
                let tidy = name(step, "ItemTidy");
                let mut it = task(step, "bench-item");
                it.next = Some(tidy.clone());
                let mut tp = State::new(StateType::Pass);
                tp.end = Some(true);
                let mut p = sub(item.clone(), vec![(item, it), (tidy, tp)]);
                p.processor_config = Some(ProcessorConfig {
                    mode: Some("INLINE".into()),
                    ..ProcessorConfig::default()
                });
                m.item_processor = Some(p);
                m.result_path = Some(PathOrNull::Path(format!("$.map{step}")));
                m.retry = Some(retry());
                m.catch = Some(catch(FAIL));
                m
            }
            8 => {
                let mut par = State::new(StateType::Parallel);
                let branch = |k: &str| {
                    let nm = name(step, k);
                    let mut t = task(step, k);
                    t.end = Some(true);
                    sub(nm.clone(), vec![(nm, t)])
                };
                par.branches = Some(vec![branch("BranchA"), branch("BranchB")]);
                par.result_selector = Some(obj(vec![("a.$", s("$[0]")), ("b.$", s("$[1]"))]));
                par.result_path = Some(PathOrNull::Path(format!("$.parallel{step}")));
                par.retry = Some(retry());
                par.catch = Some(catch(FAIL));
                par
            }
            _ => {
                let mut t = task(step, "bench-step");
                t.catch = Some(catch(FAIL));
                t
            }
        };
        pending.push((own, st));
        total += added;
        step += 1;
    }
    if let Some((prev_name, mut prev)) = pending.pop() {
        link(&mut prev, DONE);
        states.push((prev_name, prev));
    }
    states.push((DONE.into(), State::new(StateType::Succeed)));
    let mut fail = State::new(StateType::Fail);
    fail.error = Some("StepFailed".into());
    fail.cause = Some("A generated step failed.".into());
    states.push((FAIL.into(), fail));
    Workflow {
        comment: Some(format!(
            "Generated benchmark definition with {total} states."
        )),
        start_at: states.first().map(|(n, _)| n.clone()),
        states,
        ..Workflow::default()
    }
}

fn link(s: &mut State, next: &str) {
    if s.kind == Some(StateType::Choice) {
        for r in s.choices.iter_mut().flatten() {
            r.next = Some(next.into());
        }
        s.default = Some(next.into());
    } else {
        s.next = Some(next.into());
    }
}

/// Pretty definition text of about `states` states.
pub fn definition(states: usize) -> String {
    emit::to_pretty(&machine(states))
}

/// The largest generated pretty definition not longer than `limit` bytes, padded with its
/// comment to end within 64 bytes of the limit.
pub fn definition_of_size(limit: usize) -> String {
    // Size grows linearly with the state count: search for the largest count that fits.
    let (mut lo, mut hi) = (3usize, 3usize);
    while definition(hi).len() <= limit {
        lo = hi;
        hi *= 2;
    }
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if definition(mid).len() <= limit {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut m = machine(lo);
    let base = emit::to_pretty(&m).len();
    let pad = limit.saturating_sub(base).saturating_sub(32);
    if let Some(c) = &mut m.comment {
        c.push(' ');
        c.push_str(&"x".repeat(pad.saturating_sub(1)));
    }
    emit::to_pretty(&m)
}
