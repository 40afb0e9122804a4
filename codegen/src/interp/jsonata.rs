//! JSONata evaluation for JSONata states, on jsonata-core's evaluator: `$states` (`input`,
//! `result`, `errorOutput`, `context`) and the workflow variables are bound as JSONata
//! variables, and Step Functions' own functions (`$partition`, `$range`, `$hash`, `$random`,
//! `$uuid`, `$parse`) are host functions. `$now()`, `$millis()`, `$random()` and `$shuffle()`
//! read the simulated clock and the run's seed, so evaluation is deterministic; `$eval` is not
//! available, as in Step Functions. Expressions are evaluated with no input document (`$` is
//! undefined): values come from `$states` and variables only.
//!
//! Any failure, and an expression that produces nothing (undefined) or a function, is
//! `States.QueryEvaluationError`.

use std::cell::Cell;
use std::rc::Rc;

use indexmap::IndexMap;
use jsonata_core::evaluator::{Context, Evaluator, EvaluatorError, EvaluatorOptions};
use jsonata_core::value::JValue;

use crate::json::{Json, Num};

use super::env::{names, Fault, Tools, Vars};
use super::intrinsic::hash_hex;
use super::random::Rng;
use super::time::format_millis;

/// A parsed expression and the variables it reads.
pub struct Parsed {
    expr: crate::jsonata::Expr,
    free: Vec<String>,
    /// The `$states` fields it reads (empty: it may read any, e.g. `$string($states)`).
    fields: Vec<String>,
}

/// The `$states` of an evaluation.
#[derive(Clone, Copy)]
pub struct States<'a> {
    pub input: &'a Json,
    pub context: &'a Json,
    pub result: Option<&'a Json>,
    pub error_output: Option<&'a Json>,
}

impl<'a> States<'a> {
    /// `$states` with `input` and `context` (no result, no error output).
    pub fn of(input: &'a Json, context: &'a Json) -> States<'a> {
        States {
            input,
            context,
            result: None,
            error_output: None,
        }
    }
}

/// Evaluates JSONata values for one field of one state.
pub struct Jsonata<'a> {
    pub states: States<'a>,
    pub vars: &'a Vars,
    pub tools: &'a Tools,
}

/// Deep values are bounded by the definition's own nesting limit; evaluation depth by this.
const MAX_STACK_DEPTH: usize = 2_000;

fn query_error(field: &str, text: &str, why: &str) -> Fault {
    Fault::new(
        names::QUERY_EVALUATION_ERROR,
        format!(
            "An error occurred while evaluating the expression '{}' specified for the field '{field}': {why}",
            super::history::clip(text)
        ),
    )
}

impl Jsonata<'_> {
    /// A JSONata field value: strings that are `{% ... %}` expressions are evaluated, anywhere
    /// inside objects and arrays; everything else is literal.
    pub fn value(&self, v: &Json, field: &str) -> Result<Json, Fault> {
        match v {
            Json::String(s) if crate::jsonata::is_expression(s) => self.expr(s, field),
            Json::Object(members) => {
                let mut out = Vec::with_capacity(members.len());
                for (k, item) in members {
                    out.push((k.clone(), self.value(item, field)?));
                }
                Ok(Json::Object(out))
            }
            Json::Array(items) => items
                .iter()
                .map(|i| self.value(i, field))
                .collect::<Result<Vec<_>, _>>()
                .map(Json::Array),
            other => Ok(other.clone()),
        }
    }

    /// One `{% ... %}` string.
    pub fn expr(&self, text: &str, field: &str) -> Result<Json, Fault> {
        let parsed = self.parse(text, field)?;
        let result = self.evaluate(&parsed, text, field)?;
        from_jvalue(&result).map_err(|why| query_error(field, text, &why))
    }

    fn parse(&self, text: &str, field: &str) -> Result<Rc<Parsed>, Fault> {
        if let Some(p) = self.tools.jsonata.borrow().get(text) {
            return Ok(p.clone());
        }
        let body = match crate::jsonata::inner(text) {
            Some(Ok(body)) => body.to_string(),
            _ => return Err(query_error(field, text, "it is not enclosed in {% %}")),
        };
        let owned = body.clone();
        let ast = match std::panic::catch_unwind(move || jsonata_core::parser::parse(&owned)) {
            Ok(Ok(ast)) => ast,
            Ok(Err(e)) => return Err(query_error(field, text, &e.to_string())),
            Err(_) => return Err(query_error(field, text, "the JSONata parser failed")),
        };
        let expr = crate::jsonata::Expr { ast };
        let free = expr.free_variables().into_iter().map(|v| v.name).collect();
        let fields = expr.states_fields();
        let parsed = Rc::new(Parsed { expr, free, fields });
        self.tools
            .jsonata
            .borrow_mut()
            .insert(text.to_string(), parsed.clone());
        Ok(parsed)
    }

    /// `$states`, with only the fields the expression reads (converting the context object or
    /// a large input for every expression would cost more than the evaluation).
    fn states_value(&self, fields: &[String]) -> JValue {
        let wants = |f: &str| fields.is_empty() || fields.iter().any(|x| x == f);
        let mut m = IndexMap::new();
        if wants("input") {
            m.insert("input".to_string(), to_jvalue(self.states.input));
        }
        if wants("context") {
            m.insert("context".to_string(), to_jvalue(self.states.context));
        }
        if let Some(r) = self.states.result.filter(|_| wants("result")) {
            m.insert("result".to_string(), to_jvalue(r));
        }
        if let Some(e) = self.states.error_output.filter(|_| wants("errorOutput")) {
            m.insert("errorOutput".to_string(), to_jvalue(e));
        }
        JValue::object(m)
    }

    fn evaluate(&self, parsed: &Parsed, text: &str, field: &str) -> Result<JValue, Fault> {
        let mut context = Context::new();
        for name in &parsed.free {
            if name == "states" {
                context.bind(name.clone(), self.states_value(&parsed.fields));
            } else if let Some(v) = self.vars.get(name) {
                context.bind(name.clone(), to_jvalue(v));
            }
        }
        let options = EvaluatorOptions {
            max_stack_depth: Some(MAX_STACK_DEPTH),
            ..EvaluatorOptions::default()
        };
        let mut ev = Evaluator::with_options(context, options);
        register_functions(&mut ev, self.tools);
        let ast = &parsed.expr.ast;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ev.evaluate(ast, &JValue::Undefined)
        }));
        match outcome {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(query_error(field, text, e.message())),
            Err(_) => Err(query_error(field, text, "the JSONata evaluator failed")),
        }
    }
}

fn host_error(message: impl Into<String>) -> EvaluatorError {
    EvaluatorError::EvaluationError(message.into())
}

fn arg(args: &[JValue], i: usize) -> JValue {
    args.get(i).cloned().unwrap_or(JValue::Undefined)
}

fn register_functions(ev: &mut Evaluator, tools: &Tools) {
    // Registration only fails for a name that shadows a built-in, which none of these does.
    let _ = ev.register_fn("partition", |args: &[JValue]| {
        let items = args
            .first()
            .and_then(JValue::as_array)
            .ok_or_else(|| host_error("$partition: the first argument must be an array"))?;
        let size = arg(args, 1)
            .as_i64()
            .filter(|n| *n > 0)
            .ok_or_else(|| host_error("$partition: the size must be a positive integer"))?;
        Ok(JValue::array(
            items
                .chunks(size as usize)
                .map(|c| JValue::array(c.to_vec()))
                .collect(),
        ))
    });
    let _ = ev.register_fn("range", |args: &[JValue]| {
        let n = |i: usize, what: &str| {
            arg(args, i)
                .as_i64()
                .ok_or_else(|| host_error(format!("$range: the {what} must be an integer")))
        };
        let (start, end, step) = (n(0, "start")?, n(1, "end")?, n(2, "step")?);
        if step == 0 {
            return Err(host_error("$range: the step must not be 0"));
        }
        let mut out = Vec::new();
        let mut v = start;
        while (step > 0 && v <= end) || (step < 0 && v >= end) {
            if out.len() == 1000 {
                return Err(host_error("$range: the range has more than 1000 items"));
            }
            out.push(JValue::from_i64(v));
            v = match v.checked_add(step) {
                Some(n) => n,
                None => break,
            };
        }
        Ok(JValue::array(out))
    });
    let _ = ev.register_fn("hash", |args: &[JValue]| {
        let data = args
            .first()
            .and_then(JValue::as_str)
            .ok_or_else(|| host_error("$hash: the value must be a string"))?;
        let algorithm = args.get(1).and_then(JValue::as_str).unwrap_or("SHA-256");
        hash_hex(data.as_bytes(), algorithm)
            .map(JValue::from)
            .ok_or_else(|| {
                host_error(format!(
                    "$hash: \"{algorithm}\" is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"
                ))
            })
    });
    let _ = ev.register_fn("parse", |args: &[JValue]| {
        let text = args
            .first()
            .and_then(JValue::as_str)
            .ok_or_else(|| host_error("$parse: the argument must be a string"))?;
        let mut diags = Vec::new();
        crate::source::parse_json(text, &mut diags)
            .filter(|_| diags.is_empty())
            .map(|v| to_jvalue(&v))
            .ok_or_else(|| host_error("$parse: the argument is not JSON text"))
    });
    let rng = tools.rng.clone();
    let _ = ev.register_fn("uuid", move |_: &[JValue]| {
        Ok(JValue::from(rng.borrow_mut().uuid()))
    });
    let rng = tools.rng.clone();
    let _ = ev.register_fn_override("random", move |args: &[JValue]| {
        Ok(JValue::Number(match arg(args, 0).as_f64() {
            Some(seed) => Rng::new(seed as i64 as u64).unit(),
            None => rng.borrow_mut().unit(),
        }))
    });
    let rng = tools.rng.clone();
    let _ = ev.register_fn_override("shuffle", move |args: &[JValue]| {
        let mut items = match arg(args, 0) {
            JValue::Undefined => return Ok(JValue::Undefined),
            v => v.as_array().cloned().unwrap_or_else(|| vec![v.clone()]),
        };
        let mut r: std::cell::RefMut<Rng> = rng.borrow_mut();
        for i in (1..items.len()).rev() {
            let j = r.between(0, i as i64) as usize;
            items.swap(i, j);
        }
        Ok(JValue::array(items))
    });
    let now: Rc<Cell<i64>> = tools.now_millis.clone();
    let _ = ev.register_fn_override("millis", move |_: &[JValue]| {
        Ok(JValue::from_i64(now.get()))
    });
    let now = tools.now_millis.clone();
    let _ = ev.register_fn_override("now", move |args: &[JValue]| {
        let ms = now.get();
        if args.iter().all(JValue::is_undefined) {
            return Ok(JValue::from(format_millis(ms)));
        }
        // With a picture (and time zone), `$now` formats like `$fromMillis`.
        let mut context = Context::new();
        context.bind("ms".into(), JValue::from_i64(ms));
        context.bind("picture".into(), arg(args, 0).clone());
        context.bind("tz".into(), arg(args, 1).clone());
        let ast = jsonata_core::parser::parse("$fromMillis($ms, $picture, $tz)")
            .map_err(|e| host_error(e.to_string()))?;
        Evaluator::with_context(context).evaluate(&ast, &JValue::Undefined)
    });
    let _ = ev.register_fn_override("eval", |_: &[JValue]| {
        Err(host_error("$eval is not available in Step Functions"))
    });
}

/// A JSON value as a JSONata value.
pub fn to_jvalue(v: &Json) -> JValue {
    match v {
        Json::Null => JValue::Null,
        Json::Bool(b) => JValue::Bool(*b),
        Json::Number(n) => JValue::Number(n.as_f64()),
        Json::String(s) => JValue::from(s.as_str()),
        Json::Array(items) => JValue::array(items.iter().map(to_jvalue).collect()),
        Json::Object(members) => JValue::object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), to_jvalue(v)))
                .collect(),
        ),
    }
}

/// A JSONata result as JSON; undefined, functions and non-finite numbers are not JSON.
pub fn from_jvalue(v: &JValue) -> Result<Json, String> {
    Ok(match v {
        JValue::Null => Json::Null,
        JValue::Bool(b) => Json::Bool(*b),
        JValue::Number(n) => {
            Json::Number(Num::from_f64(*n).ok_or_else(|| format!("the number {n} is not finite"))?)
        }
        JValue::String(s) => Json::String(s.to_string()),
        JValue::Array(items) => Json::Array(
            items
                .iter()
                .filter(|i| !i.is_undefined())
                .map(from_jvalue)
                .collect::<Result<_, _>>()?,
        ),
        JValue::Object(m) => Json::Object(
            m.iter()
                .filter(|(_, v)| !v.is_undefined())
                .map(|(k, v)| from_jvalue(v).map(|v| (k.clone(), v)))
                .collect::<Result<_, _>>()?,
        ),
        JValue::Undefined => return Err("the expression returned nothing (undefined)".into()),
        _ => return Err("the expression returned a function, which is not JSON".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse_json;

    fn j(s: &str) -> Json {
        parse_json(s, &mut Vec::new()).unwrap_or_else(|| panic!("bad test JSON {s}"))
    }

    fn eval_with(
        expr: &str,
        input: &str,
        result: Option<&str>,
        tools: &Tools,
    ) -> Result<String, Fault> {
        let input = j(input);
        let context =
            j(r#"{"Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:sm:e"}}"#);
        let result = result.map(j);
        let mut vars = Vars::new();
        vars.set("limit", j("3"));
        vars.set("order", j(r#"{"id": "o-1"}"#));
        let ev = Jsonata {
            states: States {
                input: &input,
                context: &context,
                result: result.as_ref(),
                error_output: None,
            },
            vars: &vars,
            tools,
        };
        ev.value(&j(expr), "Output").map(|v| v.to_compact())
    }

    fn eval(expr: &str, input: &str) -> Result<String, Fault> {
        eval_with(
            expr,
            input,
            Some(r#"{"Payload": {"ok": true}}"#),
            &Tools::new(1, 1_704_067_200_000),
        )
    }

    #[test]
    fn states_and_variables_are_bound() {
        assert_eq!(
            eval(r#""{% $states.input.a + 1 %}""#, r#"{"a": 41}"#),
            Ok("42".into())
        );
        assert_eq!(
            eval(r#"{"ok": "{% $states.result.Payload.ok %}", "n": 1}"#, "{}"),
            Ok(r#"{"ok":true,"n":1}"#.into())
        );
        assert_eq!(
            eval(r#""{% $order.id & '/' & $string($limit) %}""#, "{}"),
            Ok(r#""o-1/3""#.into())
        );
        assert_eq!(
            eval(r#""{% $states.context.Execution.Id %}""#, "{}"),
            Ok(r#""arn:aws:states:us-east-1:123456789012:execution:sm:e""#.into())
        );
        assert_eq!(
            eval(
                r#"["{% $count($states.input.items) %}", "x"]"#,
                r#"{"items": [1,2]}"#
            ),
            Ok(r#"[2,"x"]"#.into())
        );
        assert_eq!(
            eval(
                r#""{% $sum($states.input.items.price) %}""#,
                r#"{"items": [{"price": 1.5}, {"price": 2}]}"#
            ),
            Ok("3.5".into())
        );
        assert_eq!(
            eval(r#""not {% an expression""#, "{}"),
            Ok(r#""not {% an expression""#.into())
        );
    }

    #[test]
    fn step_functions_functions() {
        assert_eq!(
            eval(r#""{% $partition([1,2,3,4,5], 2) %}""#, "{}"),
            Ok("[[1,2],[3,4],[5]]".into())
        );
        assert_eq!(
            eval(r#""{% $range(0, 10, 5) %}""#, "{}"),
            Ok("[0,5,10]".into())
        );
        assert_eq!(
            eval(r#""{% $hash('abc', 'SHA-256') %}""#, "{}"),
            Ok(r#""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#.into())
        );
        assert_eq!(
            eval(r#""{% $parse('{\"a\": [1]}') %}""#, "{}"),
            Ok(r#"{"a":[1]}"#.into())
        );
        assert_eq!(
            eval(r#""{% $now() %}""#, "{}"),
            Ok(r#""2024-01-01T00:00:00.000Z""#.into())
        );
        assert_eq!(
            eval(r#""{% $millis() %}""#, "{}"),
            Ok("1704067200000".into())
        );
        let a = eval(r#""{% $uuid() %}""#, "{}");
        assert_eq!(a, eval(r#""{% $uuid() %}""#, "{}"), "same seed, same UUID");
        assert_eq!(a.map(|s| s.len()), Ok(38));
        let r = eval(r#""{% $random() %}""#, "{}").unwrap_or_default();
        let r: f64 = r.parse().unwrap_or(-1.0);
        assert!((0.0..1.0).contains(&r), "{r}");
        assert_eq!(
            eval(r#""{% $random(7) %}""#, "{}"),
            eval(r#""{% $random(7) %}""#, "{}")
        );
        assert_eq!(
            eval(r#""{% $shuffle([1,2,3,4,5,6]) %}""#, "{}"),
            eval(r#""{% $shuffle([1,2,3,4,5,6]) %}""#, "{}")
        );
    }

    #[test]
    fn failures_are_query_evaluation_errors() {
        for expr in [
            r#""{% $states.input.missing %}""#,
            r#""{% $eval('1 + 1') %}""#,
            r#""{% $error('custom') %}""#,
            r#""{% 1 + %}""#,
            r#""{% function($x){$x} %}""#,
            r#""{% $partition('a', 2) %}""#,
            r#""{% bare.field %}""#,
        ] {
            let e = eval(expr, r#"{"bare": {"field": 1}}"#).expect_err(expr);
            assert_eq!(e.error, "States.QueryEvaluationError", "{expr}: {e:?}");
            assert!(
                e.cause.as_deref().is_some_and(|c| c.contains("Output")),
                "{e:?}"
            );
        }
        let e = eval(r#""{% $error('Custom message') %}""#, "{}").expect_err("error");
        assert!(
            e.cause
                .as_deref()
                .is_some_and(|c| c.contains("Custom message")),
            "{e:?}"
        );
    }
}
