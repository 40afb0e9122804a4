//! Reports an error name listed by two retriers, or by two catchers, of the same state: the
//! first one always wins, so the later one never applies to that error.

use crate::diagnostic::{Path, Rule, Severity};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL303",
    name: "duplicate-error-matcher",
    severity: Severity::Warning,
    aws_code: None,
    summary: "The same error name in two retriers or two catchers of one state; the later one never applies to it.",
    fix: "Remove the error name from the later retrier or catcher, or merge the two.",
    notes: None,
};

fn check_list<'a>(
    name: &str,
    field: &str,
    lists: impl Iterator<Item = Option<&'a Vec<String>>>,
    state: &Path,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
) {
    // Error name -> the first entry that matches it. Lists are short: a linear scan beats hashing.
    let mut first: Vec<(&str, usize)> = Vec::new();
    for (i, errors) in lists.enumerate() {
        for (j, e) in errors.into_iter().flatten().enumerate() {
            match first.iter().find(|(name, _)| *name == e.as_str()).map(|(_, k)| k) {
                Some(&k) if k != i => out.push(RULE.at(
                    state.key(field).index(i).key("ErrorEquals").index(j),
                    format!("State \"{name}\": \"{e}\" is already matched by {field}[{k}], so {field}[{i}] never applies to it."),
                )),
                Some(_) => {}
                None => first.push((e, i)),
            }
        }
    }
}

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        if let Some(retry) = &s.state.retry {
            check_list(
                s.name,
                "Retry",
                retry.iter().map(|r| r.error_equals.as_ref()),
                &s.path,
                &mut found,
            );
        }
        if let Some(catch) = &s.state.catch {
            check_list(
                s.name,
                "Catch",
                catch.iter().map(|c| c.error_equals.as_ref()),
                &s.path,
                &mut found,
            );
        }
    }
    for d in found {
        cx.report(d);
    }
}
