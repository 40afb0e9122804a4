//! Reports an invalid JSONata expression in a JSONata state: a string value starting with `{%`
//! that does not end with `%}`, an empty expression, an expression that does not parse (with
//! the JSONata error code, such as S0202), or a use of `$eval`, which Step Functions does not
//! provide. Every evaluated value is checked: `Arguments`, `Output`, `Assign`, `Condition`,
//! `Items`, `ItemSelector`, `Credentials`, catcher `Output`/`Assign`, ItemReader/ResultWriter
//! `Arguments`, ItemBatcher values and numbers or texts given as expressions.

use crate::dataflow;
use crate::diagnostic::{Rule, Severity};
use crate::jsonata;
use crate::model::QueryLanguage;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL405",
    name: "invalid-jsonata",
    severity: Severity::Error,
    aws_code: Some("INVALID_JSONATA_EXPRESSION"),
    summary: "A `{% %}` JSONata expression is not closed or does not parse.",
    fix: "Write the whole value as `{% <expression> %}` with a valid JSONata 2.0 expression, such as `{% $states.input.order.id %}`.",
    notes: Some("Expressions of any length are checked: long operator chains (`1 + 1 + ...`, thousands of terms) are regrouped for the parser. An expression nested more than about 1,000 levels deep (parentheses inside parentheses) cannot be checked safely; it gets a warning, never an error."),
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.query_language != QueryLanguage::Jsonata {
            continue;
        }
        for f in dataflow::jsonata_values(s.state, &s.path) {
            dataflow::for_each_string(&f.value, &f.at.loc(), |path, text| {
                match jsonata::parse_value(text) {
                    None => {}
                    Some(Err(e)) if e.too_deep => found.push(
                        RULE.at(
                            path.to_path(),
                            format!(
                                "The JSONata expression in the {} of state \"{}\" nests too deeply to be checked offline ({}); it is not checked.",
                                f.name,
                                s.name,
                                e.message.trim_end_matches('.')
                            ),
                        )
                        .with_severity(crate::diagnostic::Severity::Warning)
                        .with_hint("Nothing to fix if Step Functions accepts it; splitting it into variables (Assign) makes it checkable and easier to read."),
                    ),
                    Some(Err(e)) => found.push(RULE.at(
                        path.to_path(),
                        format!(
                            "Invalid JSONata in the {} of state \"{}\": {}.",
                            f.name,
                            s.name,
                            e.message.trim_end_matches('.')
                        ),
                    )),
                    Some(Ok(expr)) if expr.uses_eval() => found.push(
                        RULE.at(
                            path.to_path(),
                            format!(
                                "The {} of state \"{}\" calls $eval, which Step Functions does not provide.",
                                f.name, s.name
                            ),
                        )
                        .with_hint("Compute the value with ordinary JSONata (or $parse for JSON text) instead of $eval."),
                    ),
                    Some(Ok(_)) => {}
                }
            });
        }
    }
    for d in found {
        cx.report(d);
    }
}
