//! Reports a retrier whose `MaxDelaySeconds` is smaller than its `IntervalSeconds`: every retry
//! is then capped below even the first interval, so the interval and the backoff rate mean nothing.

use crate::diagnostic::{Rule, Severity};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL304",
    name: "max-delay-below-interval",
    severity: Severity::Warning,
    aws_code: None,
    summary: "A retrier's MaxDelaySeconds is smaller than its IntervalSeconds, which makes the backoff meaningless.",
    fix: "Raise MaxDelaySeconds to at least IntervalSeconds, or lower IntervalSeconds.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        for (i, r) in s.state.retry.iter().flatten().enumerate() {
            let (Some(interval), Some(max_delay)) = (&r.interval_seconds, &r.max_delay_seconds)
            else {
                continue;
            };
            if max_delay.as_f64() < interval.as_f64() {
                found.push(RULE.at(
                    s.path.key("Retry").index(i).key("MaxDelaySeconds"),
                    format!(
                        "State \"{}\", Retry[{i}]: MaxDelaySeconds {max_delay} is smaller than IntervalSeconds {interval}, so every retry waits at most {max_delay} seconds whatever the interval and backoff rate.",
                        s.name
                    ),
                ));
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
