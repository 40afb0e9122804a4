//! Rule control: the user's escape hatch. Each rule's severity can be overridden by code, to turn
//! a rule off, down to a warning, or up to an error (`rules = { ASL302 = "off" }` in Terraform,
//! `--ignore ASL302` in `sfn-asl`). Overrides are applied after the rules run, to every
//! diagnostic of that code; a warning never fails a plan or a `validate`.
//!
//! Unknown codes and levels are errors with a "did you mean", from [`Overrides::set_str`], which
//! the CLI and the provider both call so that they word them the same way.

use std::collections::BTreeMap;
use std::fmt;

use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::rules;
use crate::suggest;

/// What a rule is turned to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// Not reported at all.
    Off,
    /// Reported, never fails.
    Warning,
    /// Reported, fails validation.
    Error,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Off, Level::Warning, Level::Error];

    /// The spelling users write: `off`, `warning`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// Parses `off`, `warning` or `error` (exactly; an unknown word is an error with a
    /// suggestion, such as `warn` -> `warning`).
    pub fn parse(s: &str) -> Result<Level, String> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| {
                let names = Level::ALL.map(Level::as_str);
                let close = suggest::did_you_mean(s, names).or_else(|| {
                    // Common shorthands that edit distance alone does not reach.
                    match s.to_ascii_lowercase().as_str() {
                        "warn" | "warnings" => Some("warning"),
                        "ignore" | "none" | "disable" | "disabled" => Some("off"),
                        "err" | "errors" | "fail" => Some("error"),
                        _ => None,
                    }
                });
                let hint = close
                    .map(|c| format!(" Did you mean \"{c}\"?"))
                    .unwrap_or_default();
                format!("\"{s}\" is not a rule level; use \"off\", \"warning\" or \"error\".{hint}")
            })
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Rules whose diagnostics mean the definition could not be read into the model (the rest of
/// the checks, and the emitted JSON, would silently miss what was written): they stay errors.
pub const FIXED: &[&str] = &[
    // Not JSON: there is nothing to check or emit.
    "ASL001",
    // A value of the wrong type is not kept in the model, so emitting it would drop it.
    "ASL003",
];

/// Why an override was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideError {
    /// The code (or level) as given.
    pub given: String,
    /// A full sentence, with a "did you mean" where one is close.
    pub message: String,
}

impl fmt::Display for OverrideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OverrideError {}

/// The rule a code names (`ASL302`; case does not matter) or a rule name names
/// (`reserved-error-name`).
pub fn find_rule(code_or_name: &str) -> Option<&'static Rule> {
    rules::ALL
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The error for a code that names no rule, with the closest code or name.
pub fn unknown_rule(given: &str) -> OverrideError {
    let upper = given.to_ascii_uppercase();
    let by_code = suggest::did_you_mean(&upper, rules::ALL.iter().map(|r| r.code));
    let by_name = || {
        suggest::did_you_mean(given, rules::ALL.iter().map(|r| r.name))
            .and_then(find_rule)
            .map(|r| r.code)
    };
    let hint = match by_code.or_else(by_name).and_then(find_rule) {
        Some(r) => format!(" Did you mean {} ({})?", r.code, r.name),
        None => " `sfn-asl rules` lists every rule.".to_string(),
    };
    OverrideError {
        given: given.to_string(),
        message: format!("\"{given}\" is not a rule code.{hint}"),
    }
}

/// Per-rule severity overrides. The default is empty: every rule at its own severity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    levels: BTreeMap<&'static str, Level>,
}

impl Overrides {
    pub fn new() -> Overrides {
        Overrides::default()
    }

    /// Sets the level of the rule `code` names (a code, any case, or a rule name). Returns the
    /// rule. Refused for unknown codes and for relaxing a rule in [`FIXED`].
    pub fn set(&mut self, code: &str, level: Level) -> Result<&'static Rule, OverrideError> {
        let rule = find_rule(code).ok_or_else(|| unknown_rule(code))?;
        if FIXED.contains(&rule.code) && level != Level::Error {
            return Err(OverrideError {
                given: code.to_string(),
                message: format!(
                    "{} ({}) cannot be turned {}: when it fires the definition cannot be read, so nothing after it could be checked or emitted.",
                    rule.code,
                    rule.name,
                    if level == Level::Off { "off" } else { "into a warning" }
                ),
            });
        }
        self.levels.insert(rule.code, level);
        Ok(rule)
    }

    /// [`Overrides::set`] with the level as text (`"off"`, `"warning"`, `"error"`), as a
    /// Terraform map value gives it.
    pub fn set_str(&mut self, code: &str, level: &str) -> Result<&'static Rule, OverrideError> {
        let level = Level::parse(level).map_err(|message| OverrideError {
            given: level.to_string(),
            message: format!("{code}: {message}"),
        })?;
        self.set(code, level)
    }

    /// Builds overrides from (code, level) pairs, collecting every error.
    pub fn from_pairs<'a, I>(pairs: I) -> Result<Overrides, Vec<OverrideError>>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut out = Overrides::new();
        let errors: Vec<OverrideError> = pairs
            .into_iter()
            .filter_map(|(code, level)| out.set_str(code, level).err())
            .collect();
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// Adds every override of `more` over these (a resource's own over a provider default).
    pub fn extend(&mut self, more: &Overrides) {
        self.levels
            .extend(more.levels.iter().map(|(c, l)| (*c, *l)));
    }

    pub fn get(&self, code: &str) -> Option<Level> {
        self.levels.get(code).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// (code, level), in code order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Level)> + '_ {
        self.levels.iter().map(|(c, l)| (*c, *l))
    }

    /// Applies the overrides: drops the diagnostics of rules turned off and sets the severity of
    /// the others. Idempotent, so applying it again to a list that contains its own output (as
    /// the provider does with its translation diagnostics) changes nothing more.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.levels.is_empty() {
            return;
        }
        diagnostics.retain_mut(|d| match self.get(d.code()) {
            None => true,
            Some(Level::Off) => false,
            Some(Level::Warning) => {
                d.severity = Severity::Warning;
                true
            }
            Some(Level::Error) => {
                d.severity = Severity::Error;
                true
            }
        });
    }
}

/// The rule-control section of the rules documentation (Markdown), kept beside the code it
/// describes.
pub const DOC: &str = r#"## Turning rules off or down

Every rule can be turned off, down to a warning or up to an error by its code. Warnings are
shown but never fail a plan or `sfn-asl validate`.

- `sfn_workflow`, the inline `workflow` of `sfn_state_machine`, `sfn_state_machine` (for
  `definition`) and the provider block (a default for every resource) take
  `rules = { ASL302 = "off", ASL413 = "warning" }`: a map of rule code to `"off"`, `"warning"`
  or `"error"`. A resource's own entries win over the provider's.
- `sfn-asl validate` takes `--ignore CODE`, `--warn CODE` and `--error CODE`, each repeatable and
  each also accepting a comma-separated list: `sfn-asl validate --ignore ASL302 --warn ASL413,ASL110 machine.asl.json`.

A code is written as listed here (`ASL302`; case does not matter) or by the rule's name
(`reserved-error-name`). An unknown code is an error at the attribute that names it (in the CLI,
a usage error with exit code 2), with the closest code suggested. `ASL001` and `ASL003` stay
errors: when they fire, the definition cannot be read, so nothing after them could be checked.

"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Path;

    #[test]
    fn finds_rules_by_code_or_name() {
        assert_eq!(find_rule("ASL302").map(|r| r.code), Some("ASL302"));
        assert_eq!(find_rule("asl302").map(|r| r.code), Some("ASL302"));
        assert_eq!(
            find_rule("reserved-error-name").map(|r| r.code),
            Some("ASL302")
        );
        assert!(find_rule("ASL999").is_none());
    }

    #[test]
    fn unknown_codes_suggest_the_closest() {
        let e = Overrides::new().set("ASL320", Level::Off).unwrap_err();
        assert!(e.message.contains("Did you mean ASL302"), "{e}");
        let e = Overrides::new()
            .set("reserved-eror-name", Level::Off)
            .unwrap_err();
        assert!(e.message.contains("Did you mean ASL302"), "{e}");
        let e = Overrides::new()
            .set("nothing-like-it", Level::Off)
            .unwrap_err();
        assert!(e.message.contains("sfn-asl rules"), "{e}");
    }

    #[test]
    fn levels_parse_strictly_with_suggestions() {
        assert_eq!(Level::parse("off"), Ok(Level::Off));
        assert_eq!(Level::parse("warning"), Ok(Level::Warning));
        assert_eq!(Level::parse("error"), Ok(Level::Error));
        assert!(Level::parse("warn").unwrap_err().contains("\"warning\""));
        assert!(Level::parse("Off").unwrap_err().contains("\"off\""));
        assert!(Level::parse("ignore").unwrap_err().contains("\"off\""));
        let errors = Overrides::from_pairs([("ASL302", "warn"), ("ASL9", "off")]).unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn fixed_rules_stay_errors() {
        let mut o = Overrides::new();
        assert!(o.set("ASL001", Level::Off).is_err());
        assert!(o.set("ASL003", Level::Warning).is_err());
        assert!(o.set("ASL003", Level::Error).is_ok());
    }

    #[test]
    fn apply_drops_and_resets_severity_idempotently() {
        let mut o = Overrides::new();
        o.set("ASL104", Level::Off).unwrap();
        o.set("ASL102", Level::Warning).unwrap();
        o.set("ASL413", Level::Error).unwrap();
        let mut diags = vec![
            rules::unreachable_state::RULE.at(Path::root(), "a"),
            rules::transition_target_not_found::RULE.at(Path::root(), "b"),
            rules::undefined_variable::RULE.at(Path::root(), "c"),
            rules::start_at_not_found::RULE.at(Path::root(), "d"),
        ];
        o.apply(&mut diags);
        let got: Vec<_> = diags.iter().map(|d| (d.code(), d.severity)).collect();
        let want = vec![
            ("ASL102", Severity::Warning),
            ("ASL413", Severity::Error),
            ("ASL101", Severity::Error),
        ];
        assert_eq!(got, want);
        o.apply(&mut diags);
        let again: Vec<_> = diags.iter().map(|d| (d.code(), d.severity)).collect();
        assert_eq!(again, want);
    }
}
