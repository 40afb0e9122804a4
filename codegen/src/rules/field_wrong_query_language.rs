//! Reports a field that the state type accepts, but only in the other query language: the
//! JSONPath fields (`InputPath`, `Parameters`, `ResultSelector`, `ResultPath`, `OutputPath`,
//! `Result`, `ItemsPath`, `Iterator` and every `...Path` field) in a JSONata state, and the JSONata
//! fields (`Arguments`, `Output`, `Items`) in a JSONPath state. Also a catcher's `ResultPath` in a
//! JSONata state or `Output` in a JSONPath state, and a Choice rule's `Condition` or `Output` in a
//! JSONPath state.

use crate::diagnostic::{Loc, Rule, Severity};
use crate::emit::present_fields;
use crate::model::fields::Lang;
use crate::model::{QueryLanguage, StateType};
use crate::rules::{choice_rule_shape, Ctx, StateRef};

pub static RULE: Rule = Rule {
    code: "ASL202",
    name: "field-wrong-query-language",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A field that exists only in the other query language (JSONPath or JSONata) than the state uses.",
    fix: "Use the field's counterpart in the state's query language, or switch the state's QueryLanguage.",
    notes: None,
};

/// What to write instead of a JSONPath-only field in a JSONata state.
fn jsonata_alternative(field: &str, kind: StateType) -> String {
    match field {
        "InputPath" => "$states.input inside the Arguments or Output expressions".into(),
        "Parameters" => match kind {
            StateType::Map => "ItemSelector".into(),
            StateType::Pass => "Output".into(),
            _ => "Arguments".into(),
        },
        "Result" | "OutputPath" => "Output".into(),
        "ResultSelector" => "Output, where $states.result is the raw result".into(),
        "ResultPath" => "Output or Assign, where $states.result is the result".into(),
        "ItemsPath" => "Items".into(),
        "Iterator" => "ItemProcessor".into(),
        other => match other.strip_suffix("Path") {
            Some(base) => {
                format!("{base} with a {{% %}} expression such as \"{{% $states.input.value %}}\"")
            }
            None => "its JSONata counterpart".into(),
        },
    }
}

/// What to write instead of a JSONata-only field in a JSONPath state.
fn jsonpath_alternative(field: &str, kind: StateType) -> &'static str {
    match field {
        "Arguments" => "Parameters",
        "Items" => "ItemsPath",
        "Output" => match kind {
            StateType::Task | StateType::Parallel | StateType::Map => {
                "ResultSelector, ResultPath or OutputPath"
            }
            StateType::Pass => "Result, Parameters, ResultPath or OutputPath",
            _ => "OutputPath",
        },
        "Condition" => "a Variable with a comparison operator",
        _ => "its JSONPath counterpart",
    }
}

fn only_for(field: &str, needed: QueryLanguage, name: &str, uses: QueryLanguage) -> String {
    format!(
        "The field \"{field}\" is only supported for the {} QueryLanguage, and state \"{name}\" uses {}.",
        needed.as_str(),
        uses.as_str()
    )
}

/// The hint for a field that needs `needed` in a state that uses the other language.
fn hint(cx: &Ctx, s: &StateRef, field: &str, alternative: &str, needed: QueryLanguage) -> String {
    match needed {
        QueryLanguage::Jsonata => format!(
            "Add \"QueryLanguage\": \"JSONata\" to the state (or the state machine) to use \"{field}\"; otherwise use {alternative}."
        ),
        QueryLanguage::JsonPath => {
            let machine_jsonata = cx.machine.query_language == Some(QueryLanguage::Jsonata);
            if machine_jsonata {
                format!("Instead, use {alternative}. In a JSONata state machine a single state cannot switch back to JSONPath.")
            } else if s.state.query_language == Some(QueryLanguage::Jsonata) {
                format!("Instead, use {alternative}; or remove \"QueryLanguage\": \"JSONata\" from the state to keep JSONPath.")
            } else {
                format!("Instead, use {alternative}.")
            }
        }
    }
}

fn other(ql: QueryLanguage) -> QueryLanguage {
    match ql {
        QueryLanguage::JsonPath => QueryLanguage::Jsonata,
        QueryLanguage::Jsonata => QueryLanguage::JsonPath,
    }
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let Some(kind) = s.state.kind else { continue };
        let ql = s.query_language;
        for f in present_fields(s.state) {
            if f.lang.allows(ql) || !f.allowed_in(kind) {
                continue;
            }
            let needed = other(ql);
            let alternative = match f.lang {
                Lang::JsonPath => jsonata_alternative(f.name, kind),
                _ => jsonpath_alternative(f.name, kind).to_string(),
            };
            found.push(
                RULE.at(s.path.key(f.name), only_for(f.name, needed, s.name, ql))
                    .with_hint(hint(cx, s, f.name, &alternative, needed)),
            );
        }
        for (i, c) in s.state.catch.iter().flatten().enumerate() {
            let p = s.path.key("Catch").index(i);
            let wrong = match ql {
                QueryLanguage::Jsonata if c.result_path.is_some() => Some((
                    "ResultPath",
                    "Output or Assign in the catcher, where $states.errorOutput is the error",
                )),
                QueryLanguage::JsonPath if c.output.is_some() => Some(("Output", "ResultPath")),
                _ => None,
            };
            if let Some((field, alternative)) = wrong {
                let needed = other(ql);
                found.push(
                    RULE.at(p.key(field), only_for(field, needed, s.name, ql))
                        .with_hint(hint(cx, s, field, alternative, needed)),
                );
            }
        }
        if kind != StateType::Choice || ql != QueryLanguage::JsonPath {
            continue;
        }
        let Some(rules) = &s.state.choices else {
            continue;
        };
        let mut wrong = Vec::new();
        choice_rule_shape::walk(
            rules,
            &Loc::At(&s.path).key("Choices"),
            &mut |r, p, nested| {
                if r.condition.is_some() {
                    wrong.push((p.key("Condition").to_path(), "Condition"));
                }
                // A nested rule takes no Output in either language: choice-rule-shape reports it.
                if r.output.is_some() && !nested {
                    wrong.push((p.key("Output").to_path(), "Output"));
                }
            },
        );
        for (p, field) in wrong {
            let alternative = match field {
                "Output" => "OutputPath on the Choice state",
                _ => jsonpath_alternative(field, kind),
            };
            found.push(
                RULE.at(p, only_for(field, QueryLanguage::Jsonata, s.name, ql))
                    .with_hint(hint(cx, s, field, alternative, QueryLanguage::Jsonata)),
            );
        }
    }
    for d in found {
        cx.report(d);
    }
}
