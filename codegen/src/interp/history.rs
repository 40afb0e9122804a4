//! The event history of a run, in the shape of Step Functions' `GetExecutionHistory`: events
//! with `id`, `previousEventId`, `timestamp`, `type` and a details object named for the type
//! (`stateEnteredEventDetails`, `taskScheduledEventDetails`, ...), inputs and outputs as JSON
//! text. Timestamps are ISO 8601 strings of the simulated clock.
//!
//! Branches and iterations that run at the same simulated time are recorded one after the other
//! and then put in time order ([`History::sort_since`]); ids are given when the run ends, so
//! `previousEventId` always names the event that led to this one in its own branch.

use crate::json::{Json, Num};

use super::time::format_millis;

/// One event of the finished history.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: u64,
    pub previous_event_id: u64,
    /// Milliseconds since the epoch on the simulated clock.
    pub timestamp: i64,
    /// `TaskStateEntered`, `ExecutionSucceeded`, ...
    pub kind: &'static str,
    /// The details member: its name (`stateEnteredEventDetails`) and value.
    pub details: Option<(&'static str, Json)>,
}

impl Event {
    /// The event as `GetExecutionHistory` returns it.
    pub fn to_json(&self) -> Json {
        let mut m = vec![
            (
                "timestamp".into(),
                Json::String(format_millis(self.timestamp)),
            ),
            ("type".into(), Json::String(self.kind.into())),
            ("id".into(), Json::Number(Num::from_i64(self.id as i64))),
            (
                "previousEventId".into(),
                Json::Number(Num::from_i64(self.previous_event_id as i64)),
            ),
        ];
        if let Some((k, v)) = &self.details {
            m.push(((*k).into(), v.clone()));
        }
        Json::Object(m)
    }
}

#[derive(Debug, Clone)]
struct Pending {
    key: usize,
    prev: Option<usize>,
    timestamp: i64,
    kind: &'static str,
    details: Option<(&'static str, Json)>,
}

/// Where a branch of the run is in the history: the event its next event follows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cursor {
    last: Option<usize>,
}

#[derive(Debug, Default)]
pub struct History {
    events: Vec<Pending>,
    /// When false, events are counted but not kept (a Distributed Map's child executions have
    /// histories of their own, which are not part of the parent's).
    pub recording: bool,
    counted: usize,
}

impl History {
    pub fn new() -> History {
        History {
            events: Vec::new(),
            recording: true,
            counted: 0,
        }
    }

    /// Events recorded so far (those of child executions excluded).
    pub fn len(&self) -> usize {
        self.counted
    }

    pub fn is_empty(&self) -> bool {
        self.counted == 0
    }

    pub fn push(
        &mut self,
        cursor: &mut Cursor,
        timestamp: i64,
        kind: &'static str,
        details: Option<(&'static str, Json)>,
    ) {
        if !self.recording {
            return;
        }
        let key = self.counted;
        self.counted += 1;
        self.events.push(Pending {
            key,
            prev: cursor.last,
            timestamp,
            kind,
            details,
        });
        cursor.last = Some(key);
    }

    /// A position to sort from after concurrent branches have been recorded.
    pub fn mark(&self) -> usize {
        self.events.len()
    }

    /// Puts the events recorded since `mark` in time order (stable: same-time events keep
    /// their branch order).
    pub fn sort_since(&mut self, mark: usize) {
        if let Some(tail) = self.events.get_mut(mark..) {
            tail.sort_by_key(|e| e.timestamp);
        }
    }

    /// The finished history, numbered from 1.
    pub fn finish(self) -> Vec<Event> {
        let mut id_of = vec![0u64; self.counted];
        for (i, e) in self.events.iter().enumerate() {
            if let Some(slot) = id_of.get_mut(e.key) {
                *slot = i as u64 + 1;
            }
        }
        self.events
            .into_iter()
            .enumerate()
            .map(|(i, e)| Event {
                id: i as u64 + 1,
                previous_event_id: e.prev.and_then(|k| id_of.get(k).copied()).unwrap_or(0),
                timestamp: e.timestamp,
                kind: e.kind,
                details: e.details,
            })
            .collect()
    }
}

/// A long value shortened for a message.
pub fn clip(s: &str) -> String {
    const MAX: usize = 512;
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let mut out: String = s.chars().take(MAX).collect();
    out.push_str("...");
    out
}

fn text(v: &Json) -> Json {
    Json::String(v.to_compact())
}

/// `{"truncated": false}`: the interpreter never truncates a payload in the history.
pub(super) fn not_truncated() -> Json {
    Json::Object(vec![("truncated".into(), Json::Bool(false))])
}

pub fn state_entered(name: &str, input: &Json) -> Option<(&'static str, Json)> {
    Some((
        "stateEnteredEventDetails",
        Json::object(vec![
            ("name", Json::String(name.into())),
            ("input", text(input)),
            ("inputDetails", not_truncated()),
        ]),
    ))
}

pub fn state_exited(
    name: &str,
    output: &Json,
    assigned: &[(String, Json)],
) -> Option<(&'static str, Json)> {
    let mut m = vec![
        ("name", Json::String(name.into())),
        ("output", text(output)),
        ("outputDetails", not_truncated()),
    ];
    if !assigned.is_empty() {
        m.push((
            "assignedVariables",
            Json::Object(assigned.iter().map(|(k, v)| (k.clone(), text(v))).collect()),
        ));
        m.push(("assignedVariablesDetails", not_truncated()));
    }
    Some(("stateExitedEventDetails", Json::object(m)))
}

pub fn execution_started(input: &Json, role_arn: &str) -> Option<(&'static str, Json)> {
    Some((
        "executionStartedEventDetails",
        Json::object(vec![
            ("input", text(input)),
            ("inputDetails", not_truncated()),
            ("roleArn", Json::String(role_arn.into())),
        ]),
    ))
}

/// `{output, outputDetails}` under `key` (`executionSucceededEventDetails`, ...).
pub fn output(key: &'static str, output: &Json) -> Option<(&'static str, Json)> {
    Some((
        key,
        Json::object(vec![
            ("output", text(output)),
            ("outputDetails", not_truncated()),
        ]),
    ))
}

/// `{error, cause}` under `key`, with the resource fields first when given.
pub fn failure(
    key: &'static str,
    resource: Option<(&str, &str)>,
    error: &str,
    cause: Option<&str>,
) -> Option<(&'static str, Json)> {
    let mut m = Vec::new();
    if let Some((ty, res)) = resource {
        m.push(("resourceType", Json::String(ty.into())));
        m.push(("resource", Json::String(res.into())));
    }
    m.push(("error", Json::String(error.into())));
    if let Some(c) = cause {
        m.push(("cause", Json::String(c.into())));
    }
    Some((key, Json::object(m)))
}

pub fn details(key: &'static str, members: Vec<(&str, Json)>) -> Option<(&'static str, Json)> {
    Some((key, Json::object(members)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_time_order_and_previous_ids_follow_branches() {
        let mut h = History::new();
        let mut main = Cursor::default();
        h.push(&mut main, 0, "ExecutionStarted", None);
        h.push(&mut main, 0, "ParallelStateEntered", None);
        let mark = h.mark();
        let (mut a, mut b) = (main, main);
        h.push(&mut a, 10, "A1", None);
        h.push(&mut a, 30, "A2", None);
        h.push(&mut b, 5, "B1", None);
        h.push(&mut b, 20, "B2", None);
        h.sort_since(mark);
        main = b;
        h.push(&mut main, 30, "ParallelStateExited", None);
        let events = h.finish();
        let order: Vec<(&str, u64, u64)> = events
            .iter()
            .map(|e| (e.kind, e.id, e.previous_event_id))
            .collect();
        assert_eq!(
            order,
            vec![
                ("ExecutionStarted", 1, 0),
                ("ParallelStateEntered", 2, 1),
                ("B1", 3, 2),
                ("A1", 4, 2),
                ("B2", 5, 3),
                ("A2", 6, 4),
                ("ParallelStateExited", 7, 5),
            ]
        );
        let json = events[0].to_json().to_compact();
        assert_eq!(
            json,
            r#"{"timestamp":"1970-01-01T00:00:00.000Z","type":"ExecutionStarted","id":1,"previousEventId":0}"#
        );
    }

    #[test]
    fn child_histories_are_not_recorded() {
        let mut h = History::new();
        let mut c = Cursor::default();
        h.recording = false;
        h.push(&mut c, 0, "X", None);
        assert!(h.is_empty());
        h.recording = true;
        h.push(&mut c, 0, "Y", None);
        assert_eq!(h.finish()[0].previous_event_id, 0);
    }
}
