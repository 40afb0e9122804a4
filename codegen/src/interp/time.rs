//! Time for the interpreter: RFC 3339 timestamps as Step Functions reads them (Choice
//! `Timestamp*` rules, Wait `Timestamp`), and the simulated clock in milliseconds since the Unix
//! epoch. Nothing here reads the real time.

use crate::rules::invalid_timestamp::rfc3339_problem;

/// An instant: nanoseconds since 1970-01-01T00:00:00Z (fractional seconds are compared exactly).
pub type Nanos = i128;

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    // The proleptic Gregorian day number, counting from 1970-01-01 (Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn num(s: &str, from: usize, len: usize) -> i64 {
    s.get(from..from + len)
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

/// Parses a timestamp Step Functions accepts (`2016-08-18T17:33:00Z`,
/// `2016-08-18T17:33:00.123+02:00`); `None` for anything else.
pub fn parse(s: &str) -> Option<Nanos> {
    if rfc3339_problem(s).is_some() {
        return None;
    }
    let days = days_from_civil(num(s, 0, 4), num(s, 5, 2), num(s, 8, 2));
    let secs = days * 86_400 + num(s, 11, 2) * 3600 + num(s, 14, 2) * 60 + num(s, 17, 2);
    let mut i = 19;
    let mut frac: i128 = 0;
    if s.as_bytes().get(i) == Some(&b'.') {
        i += 1;
        let digits: String = s[i..].chars().take_while(char::is_ascii_digit).collect();
        i += digits.len();
        let mut scaled: String = digits.chars().take(9).collect();
        while scaled.len() < 9 {
            scaled.push('0');
        }
        frac = scaled.parse().unwrap_or(0);
    }
    let offset = match s.as_bytes().get(i) {
        Some(b'+') => num(s, i + 1, 2) * 3600 + num(s, i + 4, 2) * 60,
        Some(b'-') => -(num(s, i + 1, 2) * 3600 + num(s, i + 4, 2) * 60),
        _ => 0,
    };
    Some(i128::from(secs - offset) * 1_000_000_000 + frac)
}

/// Milliseconds since the epoch as Step Functions prints instants in the context object and
/// `$now()`: `2024-01-01T00:00:00.000Z`.
pub fn format_millis(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The timestamp at `ms` rounded down from a parsed instant.
pub fn nanos_to_millis(n: Nanos) -> i64 {
    i64::try_from(n.div_euclid(1_000_000)).unwrap_or(i64::MAX)
}

/// The default start of a simulated execution: 2024-01-01T00:00:00Z.
pub const DEFAULT_START_MILLIS: i64 = 1_704_067_200_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders_instants() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse("2024-01-01T00:00:00Z"),
            Some(i128::from(DEFAULT_START_MILLIS) * 1_000_000)
        );
        assert_eq!(
            parse("2024-01-01T02:00:00+02:00"),
            parse("2024-01-01T00:00:00Z")
        );
        assert_eq!(
            parse("2024-01-01T00:00:00.5Z"),
            Some(parse("2024-01-01T00:00:00Z").unwrap_or(0) + 500_000_000)
        );
        assert!(parse("2001-01-01T12:00:00.000000001Z") > parse("2001-01-01T12:00:00Z"));
        assert_eq!(parse("1969-12-31T23:59:59Z"), Some(-1_000_000_000));
        assert_eq!(parse("2024-02-30T00:00:00Z"), None);
        assert_eq!(parse("2024-01-01 00:00:00Z"), None);
    }

    #[test]
    fn formats_millis() {
        assert_eq!(format_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            format_millis(DEFAULT_START_MILLIS),
            "2024-01-01T00:00:00.000Z"
        );
        assert_eq!(format_millis(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(format_millis(-1), "1969-12-31T23:59:59.999Z");
        for ms in [0, 1, 86_399_999, 1_704_067_200_000, 4_102_444_800_000] {
            let text = format_millis(ms);
            assert_eq!(parse(&text).map(nanos_to_millis), Some(ms), "{text}");
        }
    }
}
