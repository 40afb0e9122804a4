//! The API's clock, as seen from ours: needed to tell whether an object a create returned was
//! made before the create began (AWS answers a repeated CreateStateMachine or CreateActivity with
//! the existing object, even when someone else made it).
//!
//! Every answer's `Date` header (whole seconds, truncated) was written no later than we read it,
//! so `Date - our time at receipt` is a lower bound of the offset between the clocks; the largest
//! bound seen is kept. `floor(t)` = `t + that bound` is then never later than the API's time at
//! our `t`, whatever the skew: an object the API dates before `floor(call start)` existed before
//! the call. The bound is up to about a second short (the header's resolution), so an object made
//! less than a second before the call is not told apart by time alone (tags and the check for an
//! existing machine before creating still are).

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::api::MAX_CLOCK_SKEW;

#[derive(Debug, Default)]
pub struct ServerClock {
    /// The best lower bound so far of (API time − our time), in milliseconds.
    offset_ms: Mutex<Option<i64>>,
}

fn millis(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

fn at(ms: i64) -> SystemTime {
    if ms >= 0 {
        UNIX_EPOCH + Duration::from_millis(ms.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_millis(ms.unsigned_abs())
    }
}

impl ServerClock {
    /// Records an answer's `Date` header (`Sun, 06 Nov 1994 08:49:37 GMT`) read at `received`.
    pub fn observe(&self, date_header: &str, received: SystemTime) {
        let Ok(date) = aws_smithy_types::DateTime::from_str(
            date_header,
            aws_smithy_types::date_time::Format::HttpDate,
        ) else {
            return;
        };
        let Ok(server) = SystemTime::try_from(date) else {
            return;
        };
        let sample = millis(server) - millis(received);
        let mut best = self.offset_ms.lock().unwrap_or_else(|p| p.into_inner());
        if best.is_none_or(|b| sample > b) {
            *best = Some(sample);
        }
    }

    /// The API's time at our `local`, or earlier: never later.
    pub fn floor(&self, local: SystemTime) -> SystemTime {
        let best = *self.offset_ms.lock().unwrap_or_else(|p| p.into_inner());
        match best {
            Some(offset) => at(millis(local).saturating_add(offset)),
            None => local.checked_sub(MAX_CLOCK_SKEW).unwrap_or(UNIX_EPOCH),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_is_a_lower_bound_from_date_headers() {
        let c = ServerClock::default();
        let t = UNIX_EPOCH + Duration::from_millis(784_111_777_600); // 08:49:37.600
        assert_eq!(c.floor(t), t - MAX_CLOCK_SKEW, "no measurement yet");
        // The API says 08:49:37 when we read 08:49:37.600: offset >= -600 ms.
        c.observe("Sun, 06 Nov 1994 08:49:37 GMT", t);
        assert_eq!(c.floor(t), t - Duration::from_millis(600));
        // A later, better sample: 08:49:38 read at 08:49:38.100.
        c.observe(
            "Sun, 06 Nov 1994 08:49:38 GMT",
            t + Duration::from_millis(500),
        );
        assert_eq!(c.floor(t), t - Duration::from_millis(100));
        // A worse one does not lower it; garbage is ignored.
        c.observe("Sun, 06 Nov 1994 08:49:30 GMT", t);
        c.observe("yesterday", t);
        assert_eq!(c.floor(t), t - Duration::from_millis(100));
        // A server 10 minutes ahead.
        let ahead = ServerClock::default();
        ahead.observe("Sun, 06 Nov 1994 08:59:37 GMT", t);
        assert_eq!(ahead.floor(t), t + Duration::from_millis(599_400));
    }
}
