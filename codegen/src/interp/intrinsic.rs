//! Evaluating the 18 intrinsic functions (`States.Format(...)` in a `.$` value) with Step
//! Functions' semantics. A failure is `States.IntrinsicFailure`; a path argument that selects
//! nothing is `States.Runtime`, as for any path.

use std::collections::HashSet;

use base64::Engine as _;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::intrinsics::{Arg, ArgValue, Call};
use crate::json::{Json, Num};

use super::env::{names, Env, Fault, Tools};
use super::random::Rng;

/// Inputs of `Base64Encode`, `Base64Decode` and `Hash` are limited to 10,000 characters.
const MAX_TEXT_CHARS: usize = 10_000;
/// `ArrayRange` makes at most 1,000 items.
const MAX_RANGE_ITEMS: usize = 1000;

/// Evaluates the intrinsic call `text` for the field `field` (`foo.$`).
pub fn eval(text: &str, field: &str, env: &Env, tools: &Tools) -> Result<Json, Fault> {
    let call = tools
        .call(text)
        .map_err(|e| failure(text, &format!("it is not a valid intrinsic call: {e}")))?;
    let chars: Vec<char> = text.chars().collect();
    let ev = Evaluator {
        text,
        chars: &chars,
        field,
        env,
        tools,
    };
    ev.call(&call)
}

fn failure(text: &str, why: &str) -> Fault {
    Fault::new(
        names::INTRINSIC_FAILURE,
        format!(
            "The function '{}' had the following error: {why}",
            text.trim()
        ),
    )
}

struct Evaluator<'a> {
    text: &'a str,
    chars: &'a [char],
    field: &'a str,
    env: &'a Env<'a>,
    tools: &'a Tools,
}

fn int(n: i64) -> Json {
    Json::Number(Num::from_i64(n))
}

/// A Java-style rendering (`{a=1, b=[2]}`) of a value inside `States.Format`: Step Functions
/// prints strings bare, other scalars as JSON, and containers the way Java maps and lists print.
fn format_value(v: &Json, out: &mut String) {
    match v {
        Json::String(s) => out.push_str(s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                format_value(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push('=');
                format_value(item, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_compact()),
    }
}

/// A key that is equal for semantically equal values (object keys sorted, numbers canonical).
pub fn canonical_key(v: &Json) -> String {
    fn sorted(v: &Json) -> Json {
        match v {
            Json::Object(m) => {
                let mut m: Vec<(String, Json)> =
                    m.iter().map(|(k, v)| (k.clone(), sorted(v))).collect();
                m.sort_by(|a, b| a.0.cmp(&b.0));
                Json::Object(m)
            }
            Json::Array(a) => Json::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(v).to_compact()
}

pub fn hash_hex(data: &[u8], algorithm: &str) -> Option<String> {
    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
    Some(match algorithm {
        "MD5" => hex(&Md5::digest(data)),
        "SHA-1" => hex(&Sha1::digest(data)),
        "SHA-256" => hex(&Sha256::digest(data)),
        "SHA-384" => hex(&Sha384::digest(data)),
        "SHA-512" => hex(&Sha512::digest(data)),
        _ => return None,
    })
}

/// Java's `Math.round`: halves go up (`-0.5` to `0`, `2.5` to `3`).
fn java_round(f: f64) -> f64 {
    (f + 0.5).floor()
}

impl Evaluator<'_> {
    fn fail(&self, why: &str) -> Fault {
        failure(self.text, why)
    }

    fn arg(&self, a: &Arg) -> Result<Json, Fault> {
        Ok(match &a.value {
            ArgValue::Str { value, .. } => Json::String(value.clone()),
            ArgValue::Num(n) => Json::Number(Num::parse(n).ok_or_else(|| self.fail("bad number"))?),
            ArgValue::Bool(b) => Json::Bool(*b),
            ArgValue::Null => Json::Null,
            ArgValue::Path { text, .. } => self.tools.resolve(text, self.env).map_err(|e| {
                e.fault(text, &format!("the field '{}'", self.field), self.env.input)
            })?,
            ArgValue::Call(c) => self.call(c)?,
        })
    }

    fn args(&self, call: &Call) -> Result<Vec<Json>, Fault> {
        call.args.iter().map(|a| self.arg(a)).collect()
    }

    fn string<'v>(&self, v: &'v Json, what: &str) -> Result<&'v str, Fault> {
        v.as_str()
            .ok_or_else(|| self.fail(&format!("{what} must be a string, not {}", v.type_name())))
    }

    fn array<'v>(&self, v: &'v Json, what: &str) -> Result<&'v [Json], Fault> {
        match v {
            Json::Array(a) => Ok(a),
            _ => Err(self.fail(&format!("{what} must be an array, not {}", v.type_name()))),
        }
    }

    fn number(&self, v: &Json, what: &str) -> Result<f64, Fault> {
        match v {
            Json::Number(n) => Ok(n.as_f64()),
            _ => Err(self.fail(&format!("{what} must be a number, not {}", v.type_name()))),
        }
    }

    fn integer(&self, v: &Json, what: &str) -> Result<i64, Fault> {
        match v {
            Json::Number(n) => n
                .as_i64()
                .ok_or_else(|| self.fail(&format!("{what} must be an integer, not {n}"))),
            _ => Err(self.fail(&format!("{what} must be an integer, not {}", v.type_name()))),
        }
    }

    fn long_text(&self, s: &str, what: &str) -> Result<(), Fault> {
        let n = s.chars().count();
        if n > MAX_TEXT_CHARS {
            return Err(self.fail(&format!(
                "{what} has {n} characters; at most {MAX_TEXT_CHARS} are allowed"
            )));
        }
        Ok(())
    }

    fn call(&self, call: &Call) -> Result<Json, Fault> {
        let args = self.args(call)?;
        let a = |i: usize| args.get(i).unwrap_or(&Json::Null);
        match call.name.as_str() {
            "Format" => self.format(call, &args),
            "StringToJson" => {
                let s = self.string(a(0), "the argument")?;
                let mut diags = Vec::new();
                crate::source::parse_json(s, &mut diags)
                    .filter(|_| diags.is_empty())
                    .ok_or_else(|| self.fail("the argument is not JSON text"))
            }
            "JsonToString" => Ok(Json::String(a(0).to_compact())),
            "Array" => Ok(Json::Array(args)),
            "ArrayPartition" => {
                let items = self.array(a(0), "the first argument")?;
                let size = self.integer(a(1), "the chunk size")?;
                if size < 1 {
                    return Err(self.fail("the chunk size must be a positive integer"));
                }
                Ok(Json::Array(
                    items
                        .chunks(size as usize)
                        .map(|c| Json::Array(c.to_vec()))
                        .collect(),
                ))
            }
            "ArrayContains" => {
                let items = self.array(a(0), "the first argument")?;
                Ok(Json::Bool(items.iter().any(|i| i.semantic_eq(a(1)))))
            }
            "ArrayRange" => {
                let start = self.integer(a(0), "the first argument")?;
                let end = self.integer(a(1), "the second argument")?;
                let step = self.integer(a(2), "the step")?;
                if step == 0 {
                    return Err(self.fail("the step must not be 0"));
                }
                let mut out = Vec::new();
                let mut v = start;
                while (step > 0 && v <= end) || (step < 0 && v >= end) {
                    if out.len() == MAX_RANGE_ITEMS {
                        return Err(
                            self.fail(&format!("the range has more than {MAX_RANGE_ITEMS} items"))
                        );
                    }
                    out.push(int(v));
                    v = match v.checked_add(step) {
                        Some(n) => n,
                        None => break,
                    };
                }
                Ok(Json::Array(out))
            }
            "ArrayGetItem" => {
                let items = self.array(a(0), "the first argument")?;
                let i = self.integer(a(1), "the index")?;
                usize::try_from(i)
                    .ok()
                    .and_then(|i| items.get(i))
                    .cloned()
                    .ok_or_else(|| {
                        self.fail(&format!(
                            "the index {i} is out of bounds of the array of {} items",
                            items.len()
                        ))
                    })
            }
            "ArrayLength" => Ok(int(self.array(a(0), "the argument")?.len() as i64)),
            "ArrayUnique" => {
                let items = self.array(a(0), "the argument")?;
                let mut seen = HashSet::new();
                Ok(Json::Array(
                    items
                        .iter()
                        .filter(|i| seen.insert(canonical_key(i)))
                        .cloned()
                        .collect(),
                ))
            }
            "Base64Encode" => {
                let s = self.string(a(0), "the argument")?;
                self.long_text(s, "the argument")?;
                Ok(Json::String(
                    base64::engine::general_purpose::STANDARD.encode(s.as_bytes()),
                ))
            }
            "Base64Decode" => {
                let s = self.string(a(0), "the argument")?;
                self.long_text(s, "the argument")?;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(s.trim())
                    .map_err(|e| self.fail(&format!("the argument is not Base64: {e}")))?;
                String::from_utf8(bytes)
                    .map(Json::String)
                    .map_err(|_| self.fail("the decoded data is not UTF-8 text"))
            }
            "Hash" => {
                let data = self.string(a(0), "the data")?;
                self.long_text(data, "the data")?;
                let algorithm = self.string(a(1), "the algorithm")?;
                hash_hex(data.as_bytes(), algorithm)
                    .map(Json::String)
                    .ok_or_else(|| {
                        self.fail(&format!(
                            "\"{algorithm}\" is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"
                        ))
                    })
            }
            "JsonMerge" => {
                let (Json::Object(left), Json::Object(right)) = (a(0), a(1)) else {
                    return Err(self.fail("both values to merge must be objects"));
                };
                if a(2) != &Json::Bool(false) {
                    return Err(self.fail(
                        "only the shallow merge is supported: the third argument must be false",
                    ));
                }
                let mut out = left.clone();
                for (k, v) in right {
                    match out.iter_mut().find(|(m, _)| m == k) {
                        Some(slot) => slot.1 = v.clone(),
                        None => out.push((k.clone(), v.clone())),
                    }
                }
                Ok(Json::Object(out))
            }
            "MathRandom" => {
                // Non-integer bounds are truncated, as Step Functions does.
                let start = self.number(a(0), "the start")?.trunc() as i64;
                let end = self.number(a(1), "the end")?.trunc() as i64;
                if args.len() > 2 {
                    let seed = self.number(a(2), "the seed")?.trunc() as i64;
                    // The same seed gives the same number, independently of the run's seed.
                    return Ok(int(Rng::new(seed as u64).between(start, end)));
                }
                Ok(int(self.tools.rng.borrow_mut().between(start, end)))
            }
            "MathAdd" => {
                // Step Functions rounds non-integer operands (as Java's Math.round) first.
                let x = java_round(self.number(a(0), "the first argument")?);
                let y = java_round(self.number(a(1), "the second argument")?);
                Num::from_f64(x + y)
                    .map(Json::Number)
                    .ok_or_else(|| self.fail("the sum is not a finite number"))
            }
            "StringSplit" => {
                let s = self.string(a(0), "the first argument")?;
                let delimiters = self.string(a(1), "the delimiter")?;
                let parts = s
                    .split(|c| delimiters.contains(c))
                    .filter(|p| !p.is_empty())
                    .map(|p| Json::String(p.to_string()))
                    .collect();
                Ok(Json::Array(parts))
            }
            "UUID" => Ok(Json::String(self.tools.rng.borrow_mut().uuid())),
            other => Err(self.fail(&format!("States.{other} is not an intrinsic function"))),
        }
    }

    fn format(&self, call: &Call, args: &[Json]) -> Result<Json, Fault> {
        let pieces = match call.args.first().map(|a| &a.value) {
            Some(ArgValue::Str { .. }) => literal_pieces(self.chars, call.args[0].offset),
            _ => match args.first() {
                Some(Json::String(t)) => t.split("{}").map(str::to_string).collect(),
                Some(v) => {
                    return Err(self.fail(&format!(
                        "the template must be a string, not {}",
                        v.type_name()
                    )))
                }
                None => return Err(self.fail("a template is required")),
            },
        };
        let values = &args[1.min(args.len())..];
        if pieces.len() != values.len() + 1 {
            return Err(self.fail(&format!(
                "the template has {} placeholder(s) but {} value(s) follow",
                pieces.len() - 1,
                values.len()
            )));
        }
        let mut out = pieces[0].clone();
        for (v, piece) in values.iter().zip(&pieces[1..]) {
            format_value(v, &mut out);
            out.push_str(piece);
        }
        Ok(Json::String(out))
    }
}

/// The text around the unescaped `{}` placeholders of the quoted literal starting at `open`
/// (escapes resolved: `\{`, `\}`, `\'` and `\\` stand for the character itself).
fn literal_pieces(chars: &[char], open: usize) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut i = open + 1;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => {
                if let Some(&next) = chars.get(i + 1) {
                    if let Some(last) = pieces.last_mut() {
                        last.push(next);
                    }
                }
                i += 2;
            }
            '\'' => break,
            '{' if chars.get(i + 1) == Some(&'}') => {
                pieces.push(String::new());
                i += 2;
            }
            c => {
                if let Some(last) = pieces.last_mut() {
                    last.push(c);
                }
                i += 1;
            }
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::env::Vars;
    use crate::source::parse_json;

    fn j(s: &str) -> Json {
        parse_json(s, &mut Vec::new()).unwrap_or_else(|| panic!("bad test JSON {s}"))
    }

    fn run(call: &str, input: &str) -> Result<Json, Fault> {
        let input = j(input);
        let context = j(r#"{"Execution": {"Id": "arn:x"}}"#);
        let mut vars = Vars::new();
        vars.set("greeting", j("\"hi\""));
        let env = Env::new(&input, &context, &vars);
        eval(call, "out.$", &env, &Tools::new(1, 0))
    }

    fn ok(call: &str, input: &str) -> String {
        run(call, input)
            .unwrap_or_else(|e| panic!("{call}: {e:?}"))
            .to_compact()
    }

    fn err(call: &str, input: &str) -> Fault {
        run(call, input).expect_err(call)
    }

    // The expectations below are the results the ASL specification and the developer guide
    // document for each function (their examples, with the same inputs).

    #[test]
    fn documented_examples() {
        let doc = r#"{"name": "Arnav", "template": "Hello, my name is {}."}"#;
        assert_eq!(
            ok("States.Format('Hello, my name is {}.', $.name)", doc),
            r#""Hello, my name is Arnav.""#
        );
        assert_eq!(
            ok("States.Format($.template, $.name)", doc),
            r#""Hello, my name is Arnav.""#
        );
        assert_eq!(
            ok(
                "States.Format('Your name is {}, we are in the year {}', $.name, 2020)",
                r#"{"name": "Foo"}"#
            ),
            r#""Your name is Foo, we are in the year 2020""#
        );
        assert_eq!(
            ok(
                "States.StringToJson($.someString)",
                r#"{"someString": "{\"number\": 20}"}"#
            ),
            r#"{"number":20}"#
        );
        assert_eq!(
            ok(
                "States.JsonToString($.someJson)",
                r#"{"someJson": {"name": "Foo", "year": 2020}}"#
            ),
            r#""{\"name\":\"Foo\",\"year\":2020}""#
        );
        assert_eq!(
            ok(
                "States.Array('Foo', 2020, $.someJson, null)",
                r#"{"someJson": {"random": "abcdefg"}}"#
            ),
            r#"["Foo",2020,{"random":"abcdefg"},null]"#
        );
        let arr = r#"{"inputArray": [1,2,3,4,5,6,7,8,9], "lookingFor": 5, "index": 5}"#;
        assert_eq!(
            ok("States.ArrayPartition($.inputArray,4)", arr),
            "[[1,2,3,4],[5,6,7,8],[9]]"
        );
        assert_eq!(
            ok("States.ArrayContains($.inputArray, $.lookingFor)", arr),
            "true"
        );
        assert_eq!(ok("States.ArrayRange(1, 9, 2)", "{}"), "[1,3,5,7,9]");
        assert_eq!(ok("States.ArrayGetItem($.inputArray, $.index)", arr), "6");
        assert_eq!(ok("States.ArrayLength($.inputArray)", arr), "9");
        assert_eq!(
            ok(
                "States.ArrayUnique($.inputArray)",
                r#"{"inputArray": [1,2,3,3,3,3,3,3,4]}"#
            ),
            "[1,2,3,4]"
        );
        assert_eq!(
            ok(
                "States.Base64Encode($.input)",
                r#"{"input": "Data to encode"}"#
            ),
            r#""RGF0YSB0byBlbmNvZGU=""#
        );
        assert_eq!(
            ok(
                "States.Base64Decode($.base64)",
                r#"{"base64": "RGF0YSB0byBlbmNvZGU="}"#
            ),
            r#""Data to encode""#
        );
        // The guide prints this digest with one digit missing (39 characters); this is the
        // SHA-1 of "input data".
        assert_eq!(
            ok(
                "States.Hash($.Data, $.Algorithm)",
                r#"{"Data": "input data", "Algorithm": "SHA-1"}"#
            ),
            r#""aaff4a450a104cd177d28d18d74485e8cae074b7""#
        );
        assert_eq!(
            ok(
                "States.JsonMerge($.json1, $.json2, false)",
                r#"{"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}}"#
            ),
            r#"{"a":{"a3":1,"a4":2},"b":2,"c":3}"#
        );
        assert_eq!(
            ok(
                "States.MathAdd($.value1, $.step)",
                r#"{"value1": 111, "step": -1}"#
            ),
            "110"
        );
        assert_eq!(
            ok(
                "States.StringSplit($.inputString, $.splitter)",
                r#"{"inputString": "1,2,3,4,5", "splitter": ","}"#
            ),
            r#"["1","2","3","4","5"]"#
        );
        let r = ok(
            "States.MathRandom($.start, $.end)",
            r#"{"start": 1, "end": 999}"#,
        );
        let r: i64 = r.parse().unwrap_or(0);
        assert!((1..=999).contains(&r), "{r}");
        let id = ok("States.UUID()", "{}");
        assert_eq!(id.len(), 38, "{id}");
    }

    #[test]
    fn escapes_and_format_values() {
        assert_eq!(
            ok(r"States.Format('\{\} {} \' \\', $.a)", r#"{"a": 1}"#),
            r#""{} 1 ' \\""#
        );
        assert_eq!(
            ok(
                "States.Format('{} {} {}', $.n, $.b, $.z)",
                r#"{"n": 1.5, "b": true, "z": null}"#
            ),
            r#""1.5 true null""#
        );
        assert_eq!(
            ok(
                "States.Format('{}', $.o)",
                r#"{"o": {"a": 1, "b": [2, "x"]}}"#
            ),
            r#""{a=1, b=[2, x]}""#
        );
        assert_eq!(ok("States.Format('{}!', $greeting)", "{}"), r#""hi!""#);
        assert_eq!(
            ok("States.Format('{}', $$.Execution.Id)", "{}"),
            r#""arn:x""#
        );
        assert_eq!(
            ok(
                "States.Format('Id {}', States.ArrayGetItem(States.StringSplit('a/b/c', '/'), 2))",
                "{}"
            ),
            r#""Id c""#
        );
    }

    #[test]
    fn aws_measured_details() {
        // MathAdd rounds each operand half up, as Java does.
        assert_eq!(ok("States.MathAdd(0.5, 0)", "{}"), "1");
        assert_eq!(ok("States.MathAdd(-0.5, 0)", "{}"), "0");
        assert_eq!(ok("States.MathAdd(2.5, 0)", "{}"), "3");
        assert_eq!(ok("States.MathAdd(1.49, 1.5)", "{}"), "3");
        // StringSplit splits on any of the delimiter's characters and drops empty parts.
        assert_eq!(
            ok("States.StringSplit('This.is+a,test=string', '.+,=')", "{}"),
            r#"["This","is","a","test","string"]"#
        );
        assert_eq!(ok("States.StringSplit('a,,b,', ',')", "{}"), r#"["a","b"]"#);
        // A seed makes MathRandom repeatable.
        assert_eq!(
            ok("States.MathRandom(0, 999, 3)", "{}"),
            ok("States.MathRandom(0, 999, 3)", "{}")
        );
        assert_eq!(ok("States.ArrayRange(5, 1, -2)", "{}"), "[5,3,1]");
        assert_eq!(ok("States.ArrayRange(1, 0, 1)", "{}"), "[]");
        assert_eq!(
            ok("States.Hash('input data', 'MD5')", "{}"),
            ok("States.Hash($.d, 'MD5')", r#"{"d": "input data"}"#)
        );
        assert_eq!(
            ok("States.Hash('abc', 'SHA-256')", "{}"),
            r#""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#
        );
        assert_eq!(
            ok(
                "States.ArrayUnique($.a)",
                r#"{"a": [{"x":1,"y":2},{"y":2,"x":1.0},1]}"#
            ),
            r#"[{"x":1,"y":2},1]"#
        );
    }

    #[test]
    fn failures() {
        for (call, input) in [
            ("States.ArrayGetItem($.a, 3)", r#"{"a": [1]}"#),
            ("States.ArrayGetItem($.a, -1)", r#"{"a": [1]}"#),
            ("States.ArrayPartition($.a, 0)", r#"{"a": [1]}"#),
            ("States.ArrayRange(1, 2000, 1)", "{}"),
            ("States.ArrayRange(1, 5, 0)", "{}"),
            ("States.StringToJson($.s)", r#"{"s": "{nope"}"#),
            ("States.Base64Decode($.s)", r#"{"s": "***"}"#),
            ("States.Hash($.s, 'SHA-3')", r#"{"s": "x"}"#),
            ("States.Hash($.s, 'MD5')", r#"{"s": 5}"#),
            ("States.JsonMerge($.a, $.b, true)", r#"{"a": {}, "b": {}}"#),
            ("States.JsonMerge($.a, $.b, false)", r#"{"a": [], "b": {}}"#),
            ("States.ArrayLength($.s)", r#"{"s": "x"}"#),
            ("States.Format($.t, 1)", r#"{"t": "no placeholder"}"#),
        ] {
            let e = err(call, input);
            assert_eq!(e.error, "States.IntrinsicFailure", "{call}: {e:?}");
            assert!(
                e.cause.as_deref().is_some_and(|c| c.contains("States.")),
                "{e:?}"
            );
        }
        let long = format!(r#"{{"s": "{}"}}"#, "x".repeat(10_001));
        assert_eq!(
            err("States.Base64Encode($.s)", &long).error,
            "States.IntrinsicFailure"
        );
        let e = err("States.Format('{}', $.missing)", "{}");
        assert_eq!(e.error, "States.Runtime");
        assert!(
            e.cause.as_deref().is_some_and(|c| c.contains("$.missing")),
            "{e:?}"
        );
        assert_eq!(
            err("States.Format('{}', $nope)", "{}").error,
            "States.Runtime"
        );
    }
}
