//! JSONPath data flow: payload templates (`Parameters`, `ResultSelector`, `ItemSelector`,
//! `Assign`, ...: keys ending in `.$` take a path or an intrinsic) and the paths that select and
//! place data (`InputPath`, `ResultPath`, `OutputPath`), in the order the specification gives.

use crate::json::Json;
use crate::model::PathOrNull;

use super::env::{names, Env, Fault, Tools};
use super::history::clip;
use super::intrinsic;

/// Evaluates a payload template against `env` (`$` is `env.input`).
pub fn template(value: &Json, env: &Env, tools: &Tools) -> Result<Json, Fault> {
    match value {
        Json::Object(members) => {
            let mut out = Vec::with_capacity(members.len());
            for (k, v) in members {
                match (k.strip_suffix(".$"), v) {
                    (Some(name), Json::String(expr)) => {
                        let what = format!("the field '{k}'");
                        let value = if expr.trim_start().starts_with("States.") {
                            intrinsic::eval(expr, k, env, tools)?
                        } else {
                            tools
                                .resolve(expr, env)
                                .map_err(|e| e.fault(expr, &what, env.input))?
                        };
                        out.push((name.to_string(), value));
                    }
                    _ => out.push((k.clone(), template(v, env, tools)?)),
                }
            }
            Ok(Json::Object(out))
        }
        Json::Array(items) => items
            .iter()
            .map(|i| template(i, env, tools))
            .collect::<Result<Vec<_>, _>>()
            .map(Json::Array),
        other => Ok(other.clone()),
    }
}

/// A `.$`-style value on its own (`ErrorPath`, `CausePath`, `SecondsPath`, ...): a path, or an
/// intrinsic where the field allows one.
pub fn value(expr: &str, what: &str, env: &Env, tools: &Tools) -> Result<Json, Fault> {
    if expr.trim_start().starts_with("States.") {
        return intrinsic::eval(expr, what, env, tools);
    }
    tools
        .resolve(expr, env)
        .map_err(|e| e.fault(expr, what, env.input))
}

/// `InputPath` or `OutputPath`: absent selects everything, `null` gives `{}`.
pub fn select(
    path: Option<&PathOrNull>,
    field: &str,
    env: &Env,
    tools: &Tools,
) -> Result<Json, Fault> {
    match path {
        None => Ok(env.input.clone()),
        Some(PathOrNull::Null) => Ok(Json::Object(Vec::new())),
        Some(PathOrNull::Path(p)) => tools
            .resolve(p, env)
            .map_err(|e| e.fault(p, &format!("the {field}"), env.input)),
    }
}

/// `ResultPath`: where the result goes in the state's raw input. Absent replaces the input,
/// `null` keeps the input and discards the result.
pub fn place(
    path: Option<&PathOrNull>,
    raw_input: &Json,
    result: Json,
    tools: &Tools,
) -> Result<Json, Fault> {
    let text = match path {
        None => return Ok(result),
        Some(PathOrNull::Null) => return Ok(raw_input.clone()),
        Some(PathOrNull::Path(p)) => p,
    };
    let parsed = tools.path(text).map_err(|e| {
        Fault::new(
            names::RESULT_PATH_MATCH_FAILURE,
            format!("Invalid ResultPath '{text}': {e}"),
        )
    })?;
    let mut out = raw_input.clone();
    parsed.set(&mut out, result).map_err(|why| {
        Fault::new(
            names::RESULT_PATH_MATCH_FAILURE,
            format!(
                "Unable to apply ResultPath '{text}' to input '{}': {why}",
                clip(&raw_input.to_compact())
            ),
        )
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::env::Vars;
    use crate::source::parse_json;

    fn j(s: &str) -> Json {
        parse_json(s, &mut Vec::new()).unwrap_or_else(|| panic!("bad test JSON {s}"))
    }

    fn tmpl(t: &str, input: &str) -> Result<String, Fault> {
        let input = j(input);
        let context = j(r#"{"Execution": {"Name": "exec-1"}, "Map": {"Item": {"Index": 2}}}"#);
        let mut vars = Vars::new();
        vars.set("threshold", j("10"));
        let env = Env::new(&input, &context, &vars);
        template(&j(t), &env, &Tools::new(1, 0)).map(|v| v.to_compact())
    }

    // From the developer guide's "InputPath, Parameters and ResultSelector" page.
    #[test]
    fn documented_parameters_example() {
        let input = r#"{"comment": "Example for Parameters.", "product": {"details": {"color": "blue", "size": "small", "material": "cotton"}, "availability": "in stock", "sku": "2317", "cost": "$23"}}"#;
        let t = r#"{"comment": "Selecting what I care about.", "MyDetails": {"size.$": "$.product.details.size", "exists.$": "$.product.availability", "StaticValue": "foo"}}"#;
        assert_eq!(
            tmpl(t, input),
            Ok(r#"{"comment":"Selecting what I care about.","MyDetails":{"size":"small","exists":"in stock","StaticValue":"foo"}}"#.into())
        );
    }

    #[test]
    fn templates_take_paths_context_variables_and_intrinsics() {
        assert_eq!(
            tmpl(
                r#"{"n.$": "$$.Execution.Name", "i.$": "$$.Map.Item.Index", "t.$": "$threshold", "a.$": "States.Array($.x)", "l": [{"x.$": "$.x"}], "k": 1}"#,
                r#"{"x": 5}"#
            ),
            Ok(r#"{"n":"exec-1","i":2,"t":10,"a":[5],"l":[{"x":5}],"k":1}"#.into())
        );
        let e = tmpl(r#"{"a.$": "$.missing"}"#, "{}").expect_err("missing path");
        assert_eq!(e.error, "States.Runtime");
        assert_eq!(
            e.cause.as_deref(),
            Some("The JSONPath '$.missing' specified for the field 'a.$' could not be found in the input '{}'")
        );
    }

    fn io(path: Option<PathOrNull>, input: &str) -> Result<String, Fault> {
        let input = j(input);
        let context = j("{}");
        let vars = Vars::new();
        let env = Env::new(&input, &context, &vars);
        select(path.as_ref(), "InputPath", &env, &Tools::new(1, 0)).map(|v| v.to_compact())
    }

    #[test]
    fn input_and_output_paths() {
        let p = |s: &str| Some(PathOrNull::Path(s.into()));
        assert_eq!(io(None, r#"{"a":1}"#), Ok(r#"{"a":1}"#.into()));
        assert_eq!(io(Some(PathOrNull::Null), r#"{"a":1}"#), Ok("{}".into()));
        assert_eq!(io(p("$.a"), r#"{"a":{"b":2}}"#), Ok(r#"{"b":2}"#.into()));
        assert_eq!(
            io(p("$.a[*].b"), r#"{"a":[{"b":1},{"b":2}]}"#),
            Ok("[1,2]".into())
        );
        assert_eq!(
            io(p("$.nope"), "{}").map_err(|e| e.error),
            Err("States.Runtime".into())
        );
    }

    // From the developer guide's ResultPath page: the Lambda result "Hello, AWS Step Functions!".
    #[test]
    fn documented_result_path_examples() {
        let input = j(
            r#"{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions"}"#,
        );
        let result = Json::String("Hello, AWS Step Functions!".into());
        let tools = Tools::new(1, 0);
        let put = |p: Option<PathOrNull>| {
            place(p.as_ref(), &input, result.clone(), &tools).map(|v| v.to_compact())
        };
        assert_eq!(put(None), Ok(r#""Hello, AWS Step Functions!""#.into()));
        assert_eq!(
            put(Some(PathOrNull::Path("$".into()))),
            Ok(r#""Hello, AWS Step Functions!""#.into())
        );
        assert_eq!(put(Some(PathOrNull::Null)), Ok(input.to_compact()));
        assert_eq!(
            put(Some(PathOrNull::Path("$.taskresult".into()))),
            Ok(r#"{"comment":"This is a test of the input and output of a Task state.","details":"Default example","who":"AWS Step Functions","taskresult":"Hello, AWS Step Functions!"}"#.into())
        );
        assert_eq!(
            put(Some(PathOrNull::Path("$.comment".into()))),
            Ok(r#"{"comment":"Hello, AWS Step Functions!","details":"Default example","who":"AWS Step Functions"}"#.into())
        );
        let nested = j(
            r#"{"comment": "An input comment.", "strings": {"string1": "foo", "string2": "bar", "string3": "baz"}, "who": "AWS Step Functions"}"#,
        );
        assert_eq!(
            place(Some(&PathOrNull::Path("$.strings.lambdaresult".into())), &nested, result.clone(), &tools).map(|v| v.to_compact()),
            Ok(r#"{"comment":"An input comment.","strings":{"string1":"foo","string2":"bar","string3":"baz","lambdaresult":"Hello, AWS Step Functions!"},"who":"AWS Step Functions"}"#.into())
        );
        let e = place(
            Some(&PathOrNull::Path("$.a.b".into())),
            &j(r#"{"a": 1}"#),
            result,
            &tools,
        )
        .expect_err("not an object");
        assert_eq!(e.error, "States.ResultPathMatchFailure");
    }
}
