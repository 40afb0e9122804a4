//! Reports a JSONPath Choice comparison whose operand has the wrong type: `String...` and
//! `Timestamp...` operators and `StringMatches` take a string, `Numeric...` a number,
//! `BooleanEquals` and the `Is...` tests a boolean, and every `...Path` twin a path (a string
//! starting with `$`). Also a `Variable` that is not a path.

use crate::diagnostic::{Loc, Rule, Severity};
use crate::json::Json;
use crate::model::operators::OperandKind;
use crate::model::{QueryLanguage, StateType};
use crate::rules::{choice_rule_shape, Ctx};

pub static RULE: Rule = Rule {
    code: "ASL210",
    name: "comparison-operand-type",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Choice comparison whose operand has the wrong type for its operator, or a Variable that is not a path.",
    fix: "Give the operator an operand of the type it compares: a string for String and Timestamp operators, a number for Numeric ones, true or false for BooleanEquals and the Is... tests, and a path starting with $ for the ...Path operators.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.state.kind != Some(StateType::Choice) || s.query_language != QueryLanguage::JsonPath {
            continue;
        }
        let Some(rules) = &s.state.choices else {
            continue;
        };
        choice_rule_shape::walk(rules, &Loc::At(&s.path).key("Choices"), &mut |r, p, _| {
            if let Some(v) = &r.variable {
                if !v.starts_with('$') {
                    found.push(
                        RULE.at(
                            p.key("Variable").to_path(),
                            format!("Choice state \"{}\": Variable {v:?} is not a path; it must start with $.", s.name),
                        )
                        .with_hint(format!("Write the path to the value to compare, e.g. \"$.{v}\" for a field of the state input, or \"$name\" for a variable.")),
                    );
                }
            }
            for (op, value) in &r.comparisons {
                let (ok, expected, example) = if op.is_path() {
                    (
                        value.as_str().is_some_and(|v| v.starts_with('$')),
                        "a path (a string starting with $)",
                        "\"$.limit\"",
                    )
                } else {
                    match op.operand() {
                        OperandKind::String | OperandKind::Pattern => {
                            (matches!(value, Json::String(_)), "a string", "\"DONE\"")
                        }
                        OperandKind::Timestamp => (
                            matches!(value, Json::String(_)),
                            "a timestamp string",
                            "\"2026-03-14T01:59:00Z\"",
                        ),
                        OperandKind::Numeric => {
                            (matches!(value, Json::Number(_)), "a number", "100")
                        }
                        OperandKind::Boolean | OperandKind::TypeTest => {
                            (matches!(value, Json::Bool(_)), "true or false", "true")
                        }
                    }
                };
                if ok {
                    continue;
                }
                let found_what = match value {
                    Json::String(v) => format!("the string {v:?}"),
                    other => other.type_name().to_string(),
                };
                let mut d = RULE.at(
                    p.key(op.as_str()).to_path(),
                    format!(
                        "Choice state \"{}\": \"{}\" takes {expected}, found {found_what}.",
                        s.name,
                        op.as_str()
                    ),
                );
                let twin = crate::model::Operator::parse(&format!("{}Path", op.as_str()));
                d = match (value, twin) {
                    (Json::String(v), Some(twin)) if v.starts_with('$') => d.with_hint(format!(
                        "To compare with a value from the input, use \"{}\": {v:?}.",
                        twin.as_str()
                    )),
                    _ => d.with_hint(format!("Write it as e.g. \"{}\": {example}.", op.as_str())),
                };
                found.push(d);
            }
        });
    }
    for d in found {
        cx.report(d);
    }
}
