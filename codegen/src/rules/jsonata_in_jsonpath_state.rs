//! Warns about a `{% ... %}` string in a JSONPath state's payload (`Parameters`,
//! `ResultSelector`, `ItemSelector`, `Credentials`, `Assign`, `Result`, ...), in a Fail state's
//! `Error` or `Cause`, or as a Choice rule's literal operand: JSONPath states do not evaluate
//! JSONata, so the text is used literally. (Where the field must be a number or a timestamp the
//! string is an error of those rules, ASL207 and ASL208.)

use crate::dataflow;
use crate::diagnostic::{Rule, SegRef, Severity};
use crate::jsonata;
use crate::model::operators::OperandKind;
use crate::model::QueryLanguage;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL406",
    name: "jsonata-in-jsonpath-state",
    severity: Severity::Warning,
    aws_code: None,
    summary: "A JSONPath state contains a `{% %}` JSONata expression, which it passes on as a literal string.",
    fix: "Set \"QueryLanguage\": \"JSONata\" on the state (or the machine) and move the payload to Arguments/Output, or use JSONPath (`\"key.$\": \"$.path\"`).",
    notes: Some("A warning, not an error, for free-text fields and payloads: whether AWS rejects a `{% %}` string there in a JSONPath state is not recorded, and the text is valid as a literal. In fields that take a number or a timestamp it is an error (ASL207, ASL208)."),
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.query_language != QueryLanguage::JsonPath {
            continue;
        }
        let mut fields = dataflow::jsonpath_templates(s.state, &s.path);
        if let Some(r) = &s.state.result {
            fields.push(dataflow::Field {
                at: dataflow::At::new(&s.path, &[SegRef::Key("Result")]),
                name: "Result",
                role: dataflow::Role::Other,
                value: std::borrow::Cow::Borrowed(r),
            });
        }
        for (field, text) in [("Error", &s.state.error), ("Cause", &s.state.cause)] {
            if let Some(text) = text.as_deref().filter(|t| jsonata::is_expression(t)) {
                found.push(RULE.at(
                    s.path.key(field),
                    format!(
                        "State \"{}\" uses JSONPath, so the JSONata expression in its {field} is not evaluated and is used as the literal text \"{text}\".",
                        s.name
                    ),
                ));
            }
        }
        for (p, rule) in dataflow::choice_rules(s.state, &s.path) {
            for (op, operand) in &rule.comparisons {
                if let crate::json::Json::String(text) = operand {
                    // Other operand types are wrong as strings anyway: ASL208, ASL210.
                    let textual =
                        matches!(op.operand(), OperandKind::String | OperandKind::Pattern);
                    if textual && !op.is_path() && jsonata::is_expression(text) {
                        found.push(RULE.at(
                            p.key(op.as_str()).path(),
                            format!(
                                "State \"{}\" uses JSONPath, so the JSONata expression given to {} is not evaluated: the rule compares with the literal text \"{text}\".",
                                s.name,
                                op.as_str()
                            ),
                        ).with_hint("Set \"QueryLanguage\": \"JSONata\" on the Choice state and write the rule as a \"Condition\", or compare with a value from the input using the operator's ...Path twin."));
                    }
                }
            }
        }
        for f in fields {
            dataflow::for_each_string(&f.value, &f.at.loc(), |path, text| {
                let dollar_key = matches!(path.last(), Some(SegRef::Key(k)) if k.ends_with(".$"));
                if dollar_key || !jsonata::is_expression(text) {
                    return;
                }
                found.push(RULE.at(
                    path.to_path(),
                    format!(
                        "State \"{}\" uses JSONPath, so the JSONata expression in its {} is not evaluated and is passed on as the literal text \"{text}\".",
                        s.name, f.name
                    ),
                ));
            });
        }
    }
    for d in found {
        cx.report(d);
    }
}
