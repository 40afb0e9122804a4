//! Warns about a `{% ... %}` string in a JSONPath state's payload (`Parameters`,
//! `ResultSelector`, `ItemSelector`, `Credentials`, `Assign`, `Result`, ...): JSONPath states do
//! not evaluate JSONata, so the text is passed on literally.

use crate::dataflow;
use crate::diagnostic::{Rule, SegRef, Severity};
use crate::jsonata;
use crate::model::QueryLanguage;
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL406",
    name: "jsonata-in-jsonpath-state",
    severity: Severity::Warning,
    aws_code: None,
    summary: "A JSONPath state contains a `{% %}` JSONata expression, which it passes on as a literal string.",
    fix: "Set \"QueryLanguage\": \"JSONata\" on the state (or the machine) and move the payload to Arguments/Output, or use JSONPath (`\"key.$\": \"$.path\"`).",
    notes: None,
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
