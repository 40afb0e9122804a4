//! Reports a timestamp that is not RFC 3339 as Step Functions reads it: a Wait state's literal
//! `Timestamp` and the operand of a Choice rule's `TimestampEquals`, `TimestampLessThan`, ...
//! (not their `...Path` twins). The form is `2026-03-14T01:59:00Z` or
//! `2026-03-14T01:59:00.123+02:00`: uppercase `T` and `Z`, a real date and time, and a time zone.
//! A `{% %}` expression is a timestamp only in a JSONata state: in a JSONPath state AWS rejects it.

use crate::diagnostic::{Loc, Rule, Severity};
use crate::json::Json;
use crate::model::operators::OperandKind;
use crate::model::{QueryLanguage, StateType};
use crate::rules::{choice_rule_shape, value_out_of_range::is_expression, Ctx};

pub static RULE: Rule = Rule {
    code: "ASL208",
    name: "invalid-timestamp",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary:
        "A timestamp that is not RFC 3339 with an uppercase T and a time zone (Z or an offset).",
    fix: "Write the timestamp as 2026-03-14T01:59:00Z or 2026-03-14T01:59:00.123+02:00.",
    notes: None,
};

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = b.get(at..at + n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(part.iter().fold(0, |v, d| v * 10 + u32::from(d - b'0')))
}

fn expect(b: &[u8], at: usize, c: u8) -> bool {
    b.get(at) == Some(&c)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Checks an RFC 3339 date-time strictly (uppercase `T` and `Z`, a time zone, real calendar
/// dates, no leap second). Returns what is wrong.
pub fn rfc3339_problem(s: &str) -> Option<&'static str> {
    let b = s.as_bytes();
    const SHAPE: &str = "it does not have the form YYYY-MM-DDThh:mm:ss followed by Z or an offset";
    let (Some(year), true, Some(month), true, Some(day)) = (
        digits(b, 0, 4),
        expect(b, 4, b'-'),
        digits(b, 5, 2),
        expect(b, 7, b'-'),
        digits(b, 8, 2),
    ) else {
        return Some(SHAPE);
    };
    match b.get(10) {
        Some(b'T') => {}
        Some(b't') => return Some("the separator between date and time must be an uppercase T"),
        Some(b' ') => return Some("date and time must be joined by an uppercase T, not a space"),
        None => return Some("it has a date but no time (add e.g. T00:00:00Z)"),
        _ => return Some(SHAPE),
    }
    let (Some(hour), true, Some(minute), true, Some(second)) = (
        digits(b, 11, 2),
        expect(b, 13, b':'),
        digits(b, 14, 2),
        expect(b, 16, b':'),
        digits(b, 17, 2),
    ) else {
        return Some(SHAPE);
    };
    let mut i = 19;
    if expect(b, i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return Some("a decimal point must be followed by fractional seconds");
        }
    }
    match b.get(i) {
        Some(b'Z') => i += 1,
        Some(b'z') => return Some("the UTC designator must be an uppercase Z"),
        Some(b'+') | Some(b'-') => {
            let (Some(oh), true, Some(om)) = (
                digits(b, i + 1, 2),
                expect(b, i + 3, b':'),
                digits(b, i + 4, 2),
            ) else {
                return Some("the offset must have the form +hh:mm or -hh:mm");
            };
            if oh > 23 || om > 59 {
                return Some("the offset is out of range");
            }
            i += 6;
        }
        None => return Some("it has no time zone: end it with Z or an offset such as +02:00"),
        _ => return Some(SHAPE),
    }
    if i != b.len() {
        return Some("there is text after the time zone");
    }
    if !(1..=12).contains(&month) {
        return Some("the month is out of range");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Some("the day does not exist in that month");
    }
    if hour > 23 {
        return Some("the hour is out of range");
    }
    if minute > 59 {
        return Some("the minute is out of range");
    }
    if second > 59 {
        return Some("the second is out of range");
    }
    None
}

/// A path where a timestamp belongs is almost always meant for the `...Path` twin.
fn with_path_hint(
    d: crate::diagnostic::Diagnostic,
    value: &str,
    twin: &str,
) -> crate::diagnostic::Diagnostic {
    if value.starts_with('$') {
        d.with_hint(format!(
            "To read the timestamp from the input, use \"{twin}\": \"{value}\"."
        ))
    } else {
        d
    }
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        match s.state.kind {
            Some(StateType::Wait) => {
                let Some(ts) = &s.state.timestamp else {
                    continue;
                };
                if is_expression(ts) {
                    if s.query_language == QueryLanguage::JsonPath {
                        found.push(
                            RULE.at(
                                s.path.key("Timestamp"),
                                format!("Wait state \"{}\" uses JSONPath, which does not evaluate JSONata: Timestamp {ts:?} is a {{% %}} expression, not a timestamp.", s.name),
                            )
                            .with_hint("Set \"QueryLanguage\": \"JSONata\" on the state (or the machine) to compute the timestamp, or use \"TimestampPath\" with a path into the state input."),
                        );
                    }
                    continue;
                }
                if let Some(problem) = rfc3339_problem(ts) {
                    found.push(with_path_hint(
                        RULE.at(
                            s.path.key("Timestamp"),
                            format!("Wait state \"{}\": Timestamp {ts:?} is not a valid RFC 3339 timestamp: {problem}.", s.name),
                        ),
                        ts,
                        "TimestampPath",
                    ));
                }
            }
            Some(StateType::Choice) if s.query_language == QueryLanguage::JsonPath => {
                let Some(rules) = &s.state.choices else {
                    continue;
                };
                choice_rule_shape::walk(rules, &Loc::At(&s.path).key("Choices"), &mut |r, p, _| {
                    for (op, value) in &r.comparisons {
                        if op.operand() != OperandKind::Timestamp || op.is_path() {
                            continue;
                        }
                        // A non-string operand is comparison-operand-type's business.
                        let Json::String(ts) = value else { continue };
                        if let Some(problem) = rfc3339_problem(ts) {
                            found.push(with_path_hint(
                                RULE.at(
                                    p.key(op.as_str()).to_path(),
                                    format!("Choice state \"{}\": {} operand {ts:?} is not a valid RFC 3339 timestamp: {problem}.", s.name, op.as_str()),
                                ),
                                ts,
                                &format!("{}Path", op.as_str()),
                            ));
                        }
                    }
                });
            }
            _ => {}
        }
    }
    for d in found {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_rfc3339() {
        for ok in [
            "2026-03-14T01:59:00Z",
            "2026-03-14T01:59:00.123+02:00",
            "2024-02-29T23:59:59-11:30",
            "2000-02-29T00:00:00.5Z",
            "2026-12-31T00:00:00+00:00",
        ] {
            assert_eq!(rfc3339_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn rejects_the_rest() {
        for bad in [
            "",
            "2026-03-14",
            "2026-03-14t01:59:00Z",
            "2026-03-14 01:59:00Z",
            "2026-03-14T01:59:00z",
            "2026-03-14T01:59:00",
            "2026-03-14T01:59Z",
            "2026-3-14T01:59:00Z",
            "2026-13-14T01:59:00Z",
            "2026-00-14T01:59:00Z",
            "2025-02-29T01:59:00Z",
            "1900-02-29T01:59:00Z",
            "2026-04-31T01:59:00Z",
            "2026-03-14T24:00:00Z",
            "2026-03-14T01:60:00Z",
            "2026-03-14T01:59:60Z",
            "2026-03-14T01:59:00.Z",
            "2026-03-14T01:59:00+0200",
            "2026-03-14T01:59:00+24:00",
            "2026-03-14T01:59:00Zextra",
            "２026-03-14T01:59:00Z",
        ] {
            assert!(rfc3339_problem(bad).is_some(), "{bad}");
        }
    }
}
