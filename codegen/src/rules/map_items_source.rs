//! Reports a JSONata Map state whose `Items` is neither an array nor a `{% %}` expression (an
//! object, a number, a boolean, null or a plain string).

use crate::diagnostic::{Rule, Severity};
use crate::json::Json;
use crate::model::{QueryLanguage, StateType};
use crate::rules::map_common::is_expr;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL509",
    name: "map-items-source",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A JSONata Map state's Items is neither an array nor a JSONata expression.",
    fix:
        "Give Items as a literal array or as an expression such as \"{% $states.input.orders %}\".",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let st = s.state;
        if st.kind != Some(StateType::Map) || s.query_language != QueryLanguage::Jsonata {
            continue;
        }
        let Some(items) = &st.items else { continue };
        let hint = match items {
            Json::Array(_) => continue,
            Json::String(e) if is_expr(e) => continue,
            Json::String(p) if p == "$" || p.starts_with("$.") => Some(format!(
                "\"{p}\" looks like a JSONPath path; in JSONata write it as an expression, such as \"{{% $states.input{} %}}\".",
                p.strip_prefix('$').unwrap_or_default()
            )),
            Json::Object(_) => Some(
                "To iterate over an object's entries, use an expression such as \"{% $each($states.input.obj, function($v, $k) { {'key': $k, 'value': $v} }) %}\"."
                    .to_string(),
            ),
            _ => None,
        };
        let mut d = RULE.at(
            s.path.key("Items"),
            format!(
                "Map state \"{}\" has Items of type {}; it must be an array or a {{% %}} expression.",
                s.name,
                type_name(items)
            ),
        );
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        found.push(d);
    }
    for d in found {
        cx.report(d);
    }
}

fn type_name(v: &Json) -> &'static str {
    match v {
        Json::String(_) => "string (not an expression)",
        other => other
            .type_name()
            .trim_start_matches("a ")
            .trim_start_matches("an "),
    }
}
