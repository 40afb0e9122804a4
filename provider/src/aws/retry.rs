//! Waiting on AWS, deliberately. The user-facing account is `docs/guides/retries.md`; keep the
//! two consistent.
//!
//! Three layers, each with its own bound:
//!
//! 1. One HTTP attempt: `attempt_timeout` (default [`super::sdk::DEFAULT_ATTEMPT_TIMEOUT`], connecting
//!    at most [`super::sdk::CONNECT_TIMEOUT`] within it). An attempt past it is a transient failure.
//! 2. One call: the SDK's standard retry strategy (`sdk::client`) retries throttling, HTTP
//!    500/502/503/504, failed or dropped connections and timed-out attempts, `max_retries`
//!    attempts in all (default [`super::sdk::DEFAULT_MAX_ATTEMPTS`]), sleeping a random time in
//!    `[0, min(INITIAL_BACKOFF * 2^(n-1), MAX_BACKOFF)]` before retry n (full jitter).
//! 3. One operation: creates and updates (of state machines; creates of activities) retry the
//!    errors AWS returns while IAM roles, log group policies or KMS grants propagate
//!    ([`ApiError::is_eventual_consistency`]) with [`backoff`] (equal jitter) until the
//!    resource's `timeouts`, which also bound the whole call, SDK retries included
//!    ([`while_propagating`]); deletes wait for the machine to leave the DELETING status
//!    ([`until_deleted`]). A pause that would cross the deadline is shortened so that a last
//!    attempt comes [`Wait::reserve`] before it.
//!
//! Nothing else is retried: a validation error or an access denial that is not about
//! propagation fails at once. Calls whose answer may have been lost (no answer at all) are
//! checked against AWS by the resources before they report a failure (see
//! `resources::state_machine`). `SFN_PROVIDER_WAIT_SCALE` (tests only) divides layer-3 pauses.

use std::future::Future;
use std::time::{Duration, Instant};

use rand::Rng;

use super::api::{ApiError, ApiResult, SfnApi};

/// Backoff between propagation retries: equal jitter (a random time in `[w/2, w]`) over an
/// exponentially growing window `w`.
pub fn backoff(attempt: u32, base: Duration, cap: Duration) -> Duration {
    let window = base
        .saturating_mul(2u32.saturating_pow(attempt.min(16)))
        .min(cap);
    let millis = window.as_millis().max(1) as u64;
    Duration::from_millis(rand::rng().random_range(millis / 2..=millis))
}

/// Test hook: scale waits down so tests of long timeouts run in milliseconds.
fn scale() -> u32 {
    std::env::var("SFN_PROVIDER_WAIT_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|v: &u32| *v > 0)
        .unwrap_or(1)
}

pub struct Wait {
    pub base: Duration,
    pub cap: Duration,
}

impl Wait {
    /// The time kept for a last attempt at the end of a deadline: a pause that would cross the
    /// deadline is shortened to leave this much, rather than skipped (which gave up with a third
    /// of the time unused).
    pub fn reserve(&self) -> Duration {
        self.base / 2
    }

    /// The pause before the next attempt (`attempt` counts from 0), shortened to fit before
    /// the deadline with [`Wait::reserve`] left; `None` when no time is left for another attempt.
    pub fn pause_before(&self, attempt: u32, deadline: Instant) -> Option<Duration> {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining <= self.reserve() {
            return None;
        }
        Some(backoff(attempt, self.base, self.cap).min(remaining - self.reserve()))
    }
}

/// Propagation pauses: equal jitter over `PROPAGATION_BASE * 2^n`, at most `PROPAGATION_CAP`.
pub const PROPAGATION_BASE: Duration = Duration::from_secs(1);
pub const PROPAGATION_CAP: Duration = Duration::from_secs(30);

impl Default for Wait {
    fn default() -> Self {
        let s = scale();
        Wait {
            base: PROPAGATION_BASE / s,
            cap: PROPAGATION_CAP / s,
        }
    }
}

/// Runs `op` until it succeeds, fails with an error that is not about propagation, or the
/// deadline passes (then the last error is returned, with how long it was retried).
pub async fn while_propagating<T, F, Fut>(deadline: Instant, wait: &Wait, mut op: F) -> ApiResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ApiResult<T>>,
{
    let started = Instant::now();
    let mut attempt = 0;
    loop {
        // The resource timeout bounds the whole operation, SDK retries included: a call still
        // running at the deadline is abandoned (it may have been applied: callers that create
        // look for what it made).
        let outcome = match tokio::time::timeout_at(deadline.into(), op()).await {
            Ok(outcome) => outcome,
            Err(_) => {
                return Err(ApiError::new(
                    "TimeoutError",
                    format!(
                        "the call did not finish within the resource timeout ({}s, set in `timeouts`), retries included",
                        deadline.saturating_duration_since(started).as_secs()
                    ),
                ))
            }
        };
        match outcome {
            Ok(v) => return Ok(v),
            Err(e) if e.is_eventual_consistency() => {
                let Some(pause) = wait.pause_before(attempt, deadline) else {
                    let mut e = e;
                    e.message = format!(
                        "{} (still failing after {} attempts over {}s; AWS returns this while IAM roles, log group or KMS permissions propagate: check them, or raise the timeout)",
                        e.message,
                        attempt + 1,
                        started.elapsed().as_secs()
                    );
                    return Err(e);
                };
                tracing::debug!(code = %e.code, attempt, "retrying while permissions propagate");
                tokio::time::sleep(pause).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// After DeleteStateMachine: waits until the machine is gone (AWS deletes asynchronously,
/// ACTIVE -> DELETING -> gone, which can take minutes while executions stop).
pub async fn until_deleted(
    api: &dyn SfnApi,
    arn: &str,
    deadline: Instant,
    wait: &Wait,
) -> ApiResult<()> {
    let mut attempt = 0;
    loop {
        match api.describe_state_machine(arn).await {
            Err(e) if e.is_not_found() => return Ok(()),
            Err(e) => return Err(e),
            Ok(m) => {
                let Some(pause) = wait.pause_before(attempt, deadline) else {
                    return Err(ApiError::new(
                        "DeleteTimeout",
                        format!(
                            "the state machine is still {} after the delete timeout; running executions may be stopping. Raise timeouts.delete or stop the executions, then destroy again",
                            m.status
                        ),
                    ));
                };
                tokio::time::sleep(pause).await;
                attempt += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_resource_timeout_bounds_a_call_that_hangs() {
        let deadline = Instant::now() + Duration::from_millis(200);
        let out: ApiResult<()> = while_propagating(deadline, &Wait::default(), || async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Ok(())
        })
        .await;
        let e = out
            .err()
            .unwrap_or_else(|| panic!("a hanging call must time out"));
        assert_eq!(e.code, "TimeoutError");
        assert!(e.message.contains("resource timeout"), "{}", e.message);
    }

    #[tokio::test]
    async fn propagation_retries_use_the_time_left() {
        // Pauses of 0.2-0.4 s, 0.4-0.8 s, 0.8-1.6 s, 1.6-3.2 s: the fourth would cross a 3 s
        // deadline. It is shortened, and the last attempt comes at the deadline minus the
        // reserve, not seconds before it.
        let wait = Wait {
            base: Duration::from_millis(400),
            cap: Duration::from_secs(30),
        };
        let started = Instant::now();
        let deadline = started + Duration::from_secs(3);
        let attempts = std::sync::atomic::AtomicU32::new(0);
        let last = std::sync::Mutex::new(started);
        let out: ApiResult<()> = while_propagating(deadline, &wait, || async {
            attempts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            *last.lock().unwrap() = Instant::now();
            Err(ApiError::new("KmsThrottlingException", "Rate exceeded"))
        })
        .await;
        let e = out.err().unwrap_or_else(|| panic!("keeps failing"));
        assert_eq!(e.code, "KmsThrottlingException");
        let last = last.lock().unwrap().duration_since(started);
        assert!(
            last >= Duration::from_secs(3) - wait.reserve() - Duration::from_millis(50),
            "the last attempt came at {last:?}, leaving time unused"
        );
        assert!(
            started.elapsed() < Duration::from_millis(3300),
            "{:?}",
            started.elapsed()
        );
        assert!(attempts.load(std::sync::atomic::Ordering::SeqCst) >= 4);
        assert!(e.message.contains("still failing after"), "{}", e.message);
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(2);
        for attempt in 0..20 {
            let b = backoff(attempt, base, cap);
            let window = base.saturating_mul(2u32.pow(attempt.min(16))).min(cap);
            assert!(b <= window && b >= window / 2, "{attempt}: {b:?}");
        }
    }
}
