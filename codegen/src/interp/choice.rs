//! Choice rules (JSONPath): `Variable` and a comparison, or `And`/`Or`/`Not`. A comparison whose
//! value has the wrong type is false (Step Functions never converts between types); a
//! `Variable` (or `...Path` operand) that selects nothing is a `States.Runtime` error, except for
//! `IsPresent`. Strings compare as Java's `compareTo` does (UTF-16 code units); timestamps by
//! instant; numbers as IEEE doubles.

use std::cmp::Ordering;

use crate::json::Json;
use crate::model::operators::{OperandKind, Operator};
use crate::model::ChoiceRule;

use super::env::{Env, Fault, Resolve, Tools};
use super::time;

/// Whether `rule` matches in `env` (`$` is the state's effective input).
pub fn matches(rule: &ChoiceRule, env: &Env, tools: &Tools) -> Result<bool, Fault> {
    if let Some(all) = &rule.and {
        for r in all {
            if !matches(r, env, tools)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    if let Some(any) = &rule.or {
        for r in any {
            if matches(r, env, tools)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(not) = &rule.not {
        return Ok(!matches(not, env, tools)?);
    }
    let (Some(variable), Some((op, operand))) = (&rule.variable, rule.comparisons.first()) else {
        return Err(Fault::runtime(
            "A Choice rule has neither a comparison with a Variable nor And, Or or Not",
        ));
    };
    let value = match tools.resolve(variable, env) {
        Ok(v) => Some(v),
        Err(Resolve::Missing) | Err(Resolve::UndefinedVariable(_))
            if *op == Operator::IsPresent =>
        {
            None
        }
        Err(e) => return Err(e.fault(variable, "the Variable of a Choice rule", env.input)),
    };
    if *op == Operator::IsPresent {
        return Ok(value.is_some() == (operand == &Json::Bool(true)));
    }
    let value = value.unwrap_or(Json::Null);
    let operand = if op.is_path() {
        let Json::String(p) = operand else {
            return Ok(false);
        };
        tools.resolve(p, env).map_err(|e| {
            e.fault(
                p,
                &format!("the {} of a Choice rule", op.as_str()),
                env.input,
            )
        })?
    } else {
        operand.clone()
    };
    Ok(compare(*op, &value, &operand))
}

/// Java's `String.compareTo`: by UTF-16 code unit.
fn java_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are a literal `*` and `\`.
pub fn glob(pattern: &str, s: &str) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Tok {
        Any,
        Char(char),
    }
    let mut toks = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(n) => toks.push(Tok::Char(n)),
                None => toks.push(Tok::Char('\\')),
            },
            '*' => toks.push(Tok::Any),
            c => toks.push(Tok::Char(c)),
        }
    }
    let s: Vec<char> = s.chars().collect();
    // Linear-time wildcard matching with backtracking to the last star.
    let (mut p, mut i) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while i < s.len() {
        match toks.get(p) {
            Some(Tok::Char(c)) if *c == s[i] => {
                p += 1;
                i += 1;
            }
            Some(Tok::Any) => {
                star = Some((p, i));
                p += 1;
            }
            _ => match star {
                Some((sp, si)) => {
                    p = sp + 1;
                    i = si + 1;
                    star = Some((sp, si + 1));
                }
                None => return false,
            },
        }
    }
    toks[p.min(toks.len())..].iter().all(|t| *t == Tok::Any)
}

fn ordered(op: Operator, ord: Ordering) -> bool {
    match op.as_str().trim_end_matches("Path") {
        s if s.ends_with("GreaterThanEquals") => ord != Ordering::Less,
        s if s.ends_with("LessThanEquals") => ord != Ordering::Greater,
        s if s.ends_with("GreaterThan") => ord == Ordering::Greater,
        s if s.ends_with("LessThan") => ord == Ordering::Less,
        _ => ord == Ordering::Equal,
    }
}

fn compare(op: Operator, value: &Json, operand: &Json) -> bool {
    let flag = operand == &Json::Bool(true);
    match op.operand() {
        OperandKind::String => match (value, operand) {
            (Json::String(a), Json::String(b)) => ordered(op, java_order(a, b)),
            _ => false,
        },
        OperandKind::Pattern => match (value, operand) {
            (Json::String(a), Json::String(p)) => glob(p, a),
            _ => false,
        },
        OperandKind::Numeric => match (value, operand) {
            (Json::Number(a), Json::Number(b)) => a
                .as_f64()
                .partial_cmp(&b.as_f64())
                .is_some_and(|o| ordered(op, o)),
            _ => false,
        },
        OperandKind::Boolean => match (value, operand) {
            (Json::Bool(a), Json::Bool(b)) => a == b,
            _ => false,
        },
        OperandKind::Timestamp => match (
            value.as_str().and_then(time::parse),
            operand.as_str().and_then(time::parse),
        ) {
            (Some(a), Some(b)) => ordered(op, a.cmp(&b)),
            _ => false,
        },
        OperandKind::TypeTest => {
            let is = match op {
                Operator::IsNull => matches!(value, Json::Null),
                Operator::IsNumeric => matches!(value, Json::Number(_)),
                Operator::IsString => matches!(value, Json::String(_)),
                Operator::IsBoolean => matches!(value, Json::Bool(_)),
                Operator::IsTimestamp => value.as_str().and_then(time::parse).is_some(),
                _ => true,
            };
            is == flag
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::env::Vars;
    use crate::source::parse_json;

    fn j(s: &str) -> Json {
        parse_json(s, &mut Vec::new()).unwrap_or_else(|| panic!("bad test JSON {s}"))
    }

    fn rule(text: &str) -> ChoiceRule {
        let def = format!(
            r#"{{"StartAt": "C", "States": {{"C": {{"Type": "Choice", "Choices": [{text}], "Default": "D"}}, "D": {{"Type": "Succeed"}}}}}}"#
        );
        let report = crate::parse_str(&def);
        let machine = report.machine.unwrap_or_default();
        let state = machine.state("C").cloned().unwrap_or_default();
        state
            .choices
            .unwrap_or_default()
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    fn test(r: &str, input: &str) -> Result<bool, Fault> {
        let input = j(input);
        let context = j(r#"{"Execution": {"Name": "e"}}"#);
        let mut vars = Vars::new();
        vars.set("limit", j("100"));
        let env = Env::new(&input, &context, &vars);
        matches(&rule(r), &env, &Tools::new(1, 0))
    }

    fn yes(r: &str, input: &str) {
        assert_eq!(test(r, input), Ok(true), "{r} on {input}");
    }

    fn no(r: &str, input: &str) {
        assert_eq!(test(r, input), Ok(false), "{r} on {input}");
    }

    // The developer guide's Choice state example routes {"type": "Private", "value": 22} to
    // ValueInTwenties: the first two rules do not match, the third does.
    #[test]
    fn documented_example() {
        let input = r#"{"type": "Private", "value": 22}"#;
        no(
            r#"{"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "D"}"#,
            input,
        );
        no(
            r#"{"Variable": "$.value", "NumericEquals": 0, "Next": "D"}"#,
            input,
        );
        yes(
            r#"{"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}], "Next": "D"}"#,
            input,
        );
        // The guide: the execution fails when $.type is missing.
        let e = test(
            r#"{"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "D"}"#,
            "{}",
        )
        .expect_err("missing");
        assert_eq!(e.error, "States.Runtime");
        // The guide's IsPresent guard: StringEquals is only evaluated when the key exists.
        let guarded = r#"{"And": [{"Variable": "$.keyThatMightNotExist", "IsPresent": true}, {"Variable": "$.keyThatMightNotExist", "StringEquals": "foo"}], "Next": "D"}"#;
        no(guarded, "{}");
        yes(guarded, r#"{"keyThatMightNotExist": "foo"}"#);
        yes(
            r#"{"Variable": "$.foo", "StringMatches": "log-*.txt", "Next": "D"}"#,
            r#"{"foo": "log-2024.txt"}"#,
        );
        yes(
            r#"{"Variable": "$.foo", "TimestampEquals": "2001-01-01T12:00:00Z", "Next": "D"}"#,
            r#"{"foo": "2001-01-01T12:00:00Z"}"#,
        );
        yes(
            r#"{"Variable": "$.foo", "StringEqualsPath": "$.bar", "Next": "D"}"#,
            r#"{"foo": "a", "bar": "a"}"#,
        );
        yes(
            r#"{"Variable": "$.possiblyNullValue", "IsNull": true, "Next": "D"}"#,
            r#"{"possiblyNullValue": null}"#,
        );
        yes(
            r#"{"Variable": "$.foo", "StringGreaterThan": "MyStringABC", "Next": "D"}"#,
            r#"{"foo": "MyStringABD"}"#,
        );
    }

    #[test]
    fn every_operator() {
        let n = r#"{"n": 5, "m": 5, "s": "b", "t": "2024-01-01T00:00:00Z", "u": "2024-01-01T01:00:00+01:00", "b": true, "z": null}"#;
        for (r, expect) in [
            (r#""Variable": "$.s", "StringEquals": "b""#, true),
            (r#""Variable": "$.s", "StringLessThan": "c""#, true),
            (r#""Variable": "$.s", "StringGreaterThan": "a""#, true),
            (r#""Variable": "$.s", "StringLessThanEquals": "b""#, true),
            (
                r#""Variable": "$.s", "StringGreaterThanEquals": "c""#,
                false,
            ),
            (r#""Variable": "$.n", "NumericEquals": 5.0"#, true),
            (r#""Variable": "$.n", "NumericLessThan": 5"#, false),
            (r#""Variable": "$.n", "NumericGreaterThan": 4.5"#, true),
            (r#""Variable": "$.n", "NumericLessThanEquals": 5"#, true),
            (r#""Variable": "$.n", "NumericGreaterThanEquals": 6"#, false),
            (r#""Variable": "$.n", "NumericEqualsPath": "$.m""#, true),
            (r#""Variable": "$.n", "NumericLessThanPath": "$.m""#, false),
            (
                r#""Variable": "$.n", "NumericGreaterThanEqualsPath": "$.m""#,
                true,
            ),
            (
                r#""Variable": "$.n", "NumericLessThanEqualsPath": "$limit""#,
                true,
            ),
            (
                r#""Variable": "$.n", "NumericGreaterThanPath": "$limit""#,
                false,
            ),
            (r#""Variable": "$.b", "BooleanEquals": true"#, true),
            (r#""Variable": "$.b", "BooleanEqualsPath": "$.b""#, true),
            (
                r#""Variable": "$.t", "TimestampEquals": "2024-01-01T00:00:00.000Z""#,
                true,
            ),
            (r#""Variable": "$.t", "TimestampEqualsPath": "$.u""#, true),
            (
                r#""Variable": "$.t", "TimestampLessThan": "2024-01-01T00:00:01Z""#,
                true,
            ),
            (
                r#""Variable": "$.t", "TimestampGreaterThan": "2023-12-31T23:59:59Z""#,
                true,
            ),
            (
                r#""Variable": "$.t", "TimestampLessThanEquals": "2023-12-31T23:59:59Z""#,
                false,
            ),
            (
                r#""Variable": "$.t", "TimestampGreaterThanEquals": "2024-01-01T00:00:00Z""#,
                true,
            ),
            (
                r#""Variable": "$.t", "TimestampLessThanPath": "$.u""#,
                false,
            ),
            (
                r#""Variable": "$.t", "TimestampGreaterThanPath": "$.u""#,
                false,
            ),
            (
                r#""Variable": "$.t", "TimestampLessThanEqualsPath": "$.u""#,
                true,
            ),
            (
                r#""Variable": "$.t", "TimestampGreaterThanEqualsPath": "$.u""#,
                true,
            ),
            (r#""Variable": "$.s", "StringEqualsPath": "$.s""#, true),
            (r#""Variable": "$.s", "StringLessThanPath": "$.t""#, false),
            (r#""Variable": "$.s", "StringGreaterThanPath": "$.t""#, true),
            (
                r#""Variable": "$.s", "StringLessThanEqualsPath": "$.s""#,
                true,
            ),
            (
                r#""Variable": "$.s", "StringGreaterThanEqualsPath": "$.s""#,
                true,
            ),
            (r#""Variable": "$.z", "IsNull": true"#, true),
            (r#""Variable": "$.n", "IsNull": false"#, true),
            (r#""Variable": "$.n", "IsNumeric": true"#, true),
            (r#""Variable": "$.s", "IsNumeric": true"#, false),
            (r#""Variable": "$.s", "IsString": true"#, true),
            (r#""Variable": "$.b", "IsBoolean": true"#, true),
            (r#""Variable": "$.t", "IsTimestamp": true"#, true),
            (r#""Variable": "$.s", "IsTimestamp": false"#, true),
            (r#""Variable": "$.x", "IsPresent": false"#, true),
            (r#""Variable": "$.n", "IsPresent": true"#, true),
            (r#""Variable": "$nope", "IsPresent": true"#, false),
            (
                r#""Variable": "$$.Execution.Name", "StringEquals": "e""#,
                true,
            ),
            (
                r#""Or": [{"Variable": "$.n", "NumericEquals": 1}, {"Variable": "$.n", "NumericEquals": 5}]"#,
                true,
            ),
            (
                r#""Or": [{"Variable": "$.n", "NumericEquals": 1}, {"Variable": "$.n", "NumericEquals": 2}]"#,
                false,
            ),
            // Types are never converted.
            (r#""Variable": "$.n", "StringEquals": "5""#, false),
            (r#""Variable": "$.s", "NumericEquals": 5"#, false),
            (
                r#""Variable": "$.s", "TimestampEquals": "2024-01-01T00:00:00Z""#,
                false,
            ),
            (r#""Variable": "$.s", "BooleanEquals": true"#, false),
            // A timestamp is a string too.
            (
                r#""Variable": "$.t", "StringEquals": "2024-01-01T00:00:00Z""#,
                true,
            ),
        ] {
            let text = format!("{{{r}, \"Next\": \"D\"}}");
            assert_eq!(test(&text, n), Ok(expect), "{text}");
        }
        assert_eq!(
            test(
                r#"{"Variable": "$.n", "NumericEqualsPath": "$.missing", "Next": "D"}"#,
                n
            )
            .map_err(|e| e.error),
            Err("States.Runtime".into())
        );
    }

    #[test]
    fn strings_compare_as_java_does() {
        // U+FF5E is above the surrogates of U+1F600 in UTF-16 but below it as a code point.
        assert_eq!(java_order("\u{1F600}", "\u{FF5E}"), Ordering::Less);
        assert_eq!(java_order("a", "b"), Ordering::Less);
        assert_eq!(java_order("B", "a"), Ordering::Less);
    }

    #[test]
    fn globs() {
        assert!(glob("log-*.txt", "log-1.txt"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("a*b*c", "aXXbYY"));
        assert!(glob(r"a\*b", "a*b"));
        assert!(!glob(r"a\*b", "aXb"));
        assert!(glob(r"a\\*", r"a\xyz"));
        assert!(!glob("abc", "abcd"));
        assert!(glob("*.txt", "x.txt.txt"));
        assert!(glob("", ""));
        assert!(!glob("", "a"));
    }
}
