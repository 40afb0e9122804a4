//! Reports a Choice rule of the wrong shape. JSONPath: a top-level rule needs `Next`; a nested
//! rule (inside `And`, `Or` or `Not`) takes no `Next`, `Assign` or `Output`; a rule is either one
//! comparison (a `Variable` and exactly one operator) or exactly one combinator (`And` or `Or`
//! with a non-empty list, or `Not`), and a combinator takes no `Variable`. JSONata: a rule is a
//! `Condition` and a `Next`, with no `Variable`, operators, `And`, `Or` or `Not`.

use crate::diagnostic::{Diagnostic, Loc, Path, Rule, Severity};
use crate::model::{written, ChoiceRule, Operator, QueryLanguage, StateType};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL209",
    name: "choice-rule-shape",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Choice rule that is not one comparison, one combinator (And, Or, Not) or, in JSONata, a Condition; or a misplaced Next.",
    fix: "JSONPath: give each rule a Variable and exactly one comparison operator, or exactly one of And, Or, Not; only top-level rules take Next. JSONata: give each rule a Condition and a Next.",
    notes: None,
};

/// Calls `f` for every rule of a `Choices` list, nested rules included, with its location and
/// whether it is nested inside `And`, `Or` or `Not`.
pub fn walk<'r>(
    rules: &'r [ChoiceRule],
    choices: &Loc<'_>,
    f: &mut dyn FnMut(&'r ChoiceRule, &Loc<'_>, bool),
) {
    for (i, r) in rules.iter().enumerate() {
        walk_one(r, &choices.index(i), false, f);
    }
}

fn walk_one<'r>(
    r: &'r ChoiceRule,
    path: &Loc<'_>,
    nested: bool,
    f: &mut dyn FnMut(&'r ChoiceRule, &Loc<'_>, bool),
) {
    f(r, path, nested);
    for (key, list) in [("And", &r.and), ("Or", &r.or)] {
        for (j, x) in list.iter().flatten().enumerate() {
            let list = path.key(key);
            walk_one(x, &list.index(j), true, f);
        }
    }
    if let Some(not) = &r.not {
        walk_one(not, &path.key("Not"), true, f);
    }
}

/// The keys that give a JSONPath rule its shape: the operators and the combinators.
fn shape_keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> = Operator::ALL.iter().map(|o| o.as_str()).collect();
    keys.extend(["And", "Or", "Not"]);
    keys
}

fn jsonpath_rule(name: &str, r: &ChoiceRule, p: &Loc<'_>, nested: bool, out: &mut Vec<Diagnostic>) {
    let mut bad = |path: Path, message: String| out.push(RULE.at(path, message));
    if nested {
        for (field, present) in [
            ("Next", r.next.is_some()),
            ("Assign", r.assign.is_some()),
            ("Output", r.output.is_some()),
        ] {
            if present {
                bad(
                    p.key(field).to_path(),
                    format!("Choice state \"{name}\": a rule nested inside And, Or or Not cannot have \"{field}\"; only top-level rules do."),
                );
            }
        }
    } else if r.next.is_none() && !written(&r.unknown, &["Next"]) {
        bad(
            p.key("Next").to_path(),
            format!("Choice state \"{name}\": this rule has no \"Next\", the state to go to when it matches."),
        );
    }
    let combinators: Vec<&str> = [
        ("And", r.and.is_some()),
        ("Or", r.or.is_some()),
        ("Not", r.not.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, present)| present.then_some(k))
    .collect();
    let operators: Vec<&str> = r.comparisons.iter().map(|(op, _)| op.as_str()).collect();
    let quoted = |names: &[&str]| {
        let q: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        match q.split_last() {
            Some((last, init)) if !init.is_empty() => format!("{} and {last}", init.join(", ")),
            _ => q.join(""),
        }
    };
    match (operators.len(), combinators.len()) {
        (0, 0) if r.condition.is_some() => {} // a JSONata Condition: field-wrong-query-language
        // A misspelt operator or combinator: the unknown field is the cause.
        (0, 0) if written(&r.unknown, &shape_keys()) => {}
        (0, 0) => bad(
            p.to_path(),
            if r.variable.is_some() {
                format!("Choice state \"{name}\": this rule has a \"Variable\" but no comparison operator such as \"StringEquals\" or \"IsPresent\".")
            } else {
                format!("Choice state \"{name}\": this rule has neither a comparison (\"Variable\" and an operator) nor \"And\", \"Or\" or \"Not\".")
            },
        ),
        (0, 1) => {}
        (0, _) => bad(
            p.key(combinators[1]).to_path(),
            format!(
                "Choice state \"{name}\": this rule combines {}; a rule takes exactly one of \"And\", \"Or\" and \"Not\" (nest them to combine).",
                quoted(&combinators)
            ),
        ),
        (1, 0) => {}
        (_, 0) => bad(
            p.key(operators[1]).to_path(),
            format!(
                "Choice state \"{name}\": this rule has {} comparison operators ({}); a rule takes exactly one (combine several with \"And\" or \"Or\").",
                operators.len(),
                quoted(&operators)
            ),
        ),
        (_, _) => bad(
            p.key(combinators[0]).to_path(),
            format!(
                "Choice state \"{name}\": this rule mixes a comparison ({}) with {}; put the comparison inside the combinator's rules.",
                quoted(&operators),
                quoted(&combinators)
            ),
        ),
    }
    if operators.len() == 1
        && combinators.is_empty()
        && r.variable.is_none()
        && !written(&r.unknown, &["Variable"])
    {
        bad(
            p.key("Variable").to_path(),
            format!(
                "Choice state \"{name}\": the comparison \"{}\" needs a \"Variable\", the path of the value to compare.",
                operators[0]
            ),
        );
    }
    if !combinators.is_empty() && operators.is_empty() && r.variable.is_some() {
        bad(
            p.key("Variable").to_path(),
            format!(
                "Choice state \"{name}\": a rule with {} takes no \"Variable\"; the nested rules carry their own.",
                quoted(&combinators)
            ),
        );
    }
    for (key, list) in [("And", &r.and), ("Or", &r.or)] {
        if list.as_ref().is_some_and(|l| l.is_empty()) {
            bad(
                p.key(key).to_path(),
                format!("Choice state \"{name}\": \"{key}\" must list at least one rule."),
            );
        }
    }
}

fn jsonata_rule(name: &str, r: &ChoiceRule, p: &Loc<'_>, out: &mut Vec<Diagnostic>) {
    if r.condition.is_none() && !written(&r.unknown, &["Condition"]) {
        out.push(RULE.at(
            p.key("Condition").to_path(),
            format!("Choice state \"{name}\" uses JSONata: this rule needs a \"Condition\", such as \"{{% $states.input.total > 100 %}}\"."),
        ));
    }
    if r.next.is_none() {
        out.push(RULE.at(
            p.key("Next").to_path(),
            format!("Choice state \"{name}\": this rule has no \"Next\", the state to go to when it matches."),
        ));
    }
    let mut jsonpath_only: Vec<&str> = Vec::new();
    if r.variable.is_some() {
        jsonpath_only.push("Variable");
    }
    jsonpath_only.extend(r.comparisons.iter().map(|(op, _)| op.as_str()));
    for (k, present) in [
        ("And", r.and.is_some()),
        ("Or", r.or.is_some()),
        ("Not", r.not.is_some()),
    ] {
        if present {
            jsonpath_only.push(k);
        }
    }
    for field in jsonpath_only {
        out.push(
            RULE.at(
                p.key(field).to_path(),
                format!("Choice state \"{name}\" uses JSONata, where rules take a \"Condition\" instead of \"{field}\"."),
            )
            .with_hint("Write the test as a Condition expression, e.g. \"{% $states.input.status = 'DONE' and $states.input.count > 0 %}\"."),
        );
    }
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if s.state.kind != Some(StateType::Choice) {
            continue;
        }
        let Some(rules) = &s.state.choices else {
            continue;
        };
        match s.query_language {
            QueryLanguage::JsonPath => walk(
                rules,
                &Loc::At(&s.path).key("Choices"),
                &mut |r, p, nested| jsonpath_rule(s.name, r, p, nested, &mut found),
            ),
            QueryLanguage::Jsonata => {
                let state = Loc::At(&s.path);
                let choices = state.key("Choices");
                for (i, r) in rules.iter().enumerate() {
                    jsonata_rule(s.name, r, &choices.index(i), &mut found);
                }
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
