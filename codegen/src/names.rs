//! Names of the AWS resources around a definition: state machines, activities and aliases. They
//! are not part of the ASL text, so the provider checks them itself with [`check_name`] and maps
//! the diagnostic (located at [`Path::root`]) to its `name` attribute.

use crate::diagnostic::{Diagnostic, Path};
use crate::rules::{invalid_resource_name, name_not_logging_safe};

/// Which resource a name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    StateMachine,
    Activity,
    Alias,
}

impl NameKind {
    fn as_str(self) -> &'static str {
        match self {
            NameKind::StateMachine => "State machine",
            NameKind::Activity => "Activity",
            NameKind::Alias => "Alias",
        }
    }
}

/// The longest name AWS accepts, in characters.
pub const MAX_LEN: usize = 80;

/// Characters no name may contain, besides whitespace and control characters.
pub const FORBIDDEN: &[char] = &[
    '?', '*', '<', '>', '{', '}', '[', ']', '"', '#', '%', '\\', '^', '|', '~', '`', '$', '&', ',',
    ';', ':', '/',
];

fn is_control(c: char) -> bool {
    c.is_control() || ('\u{7f}'..='\u{9f}').contains(&c) || c == '\u{fffe}' || c == '\u{ffff}'
}

fn describe(c: char) -> String {
    if c.is_whitespace() {
        format!("whitespace ({c:?})")
    } else if is_control(c) {
        format!("the control character {c:?}")
    } else {
        format!("'{c}'")
    }
}

/// Checks a state machine, activity or alias name. Returns the first problem: an error
/// (ASL605) when AWS rejects the name, else a warning (ASL606) when a state machine name cannot
/// be used with CloudWatch Logs logging, else `None`.
pub fn check_name(kind: NameKind, name: &str) -> Option<Diagnostic> {
    let what = kind.as_str();
    let err = |msg: String| Some(invalid_resource_name::RULE.at(Path::root(), msg));
    let len = name.chars().count();
    if len == 0 {
        return err(format!("{what} name cannot be empty."));
    }
    if len > MAX_LEN {
        return err(format!(
            "{what} name \"{name}\" has {len} characters; the limit is {MAX_LEN}."
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|&c| c.is_whitespace() || is_control(c) || FORBIDDEN.contains(&c))
    {
        return err(format!(
            "{what} name {name:?} contains {}, which AWS does not allow.",
            describe(c)
        ));
    }
    if kind == NameKind::Alias {
        if let Some(c) = name
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        {
            return err(format!(
                "Alias name \"{name}\" contains {}; alias names use only letters, digits, '-', '_' and '.'.",
                describe(c)
            ));
        }
        if name.chars().all(|c| c.is_ascii_digit()) {
            return Some(
                invalid_resource_name::RULE
                    .at(
                        Path::root(),
                        format!("Alias name \"{name}\" is all digits, so it cannot be told apart from a version number."),
                    )
                    .with_hint(format!("Include at least one letter, '-', '_' or '.', for example \"v{name}\".")),
            );
        }
    }
    if kind == NameKind::StateMachine {
        if let Some(c) = name
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        {
            return Some(name_not_logging_safe::RULE.at(
                Path::root(),
                format!(
                    "State machine name \"{name}\" contains {}; AWS accepts it, but logging to CloudWatch Logs needs a name of only letters, digits, '-' and '_'.",
                    describe(c)
                ),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn code(kind: NameKind, name: &str) -> Option<&'static str> {
        check_name(kind, name).map(|d| d.code())
    }

    #[test]
    fn good_names_pass() {
        for kind in [NameKind::StateMachine, NameKind::Activity, NameKind::Alias] {
            assert_eq!(code(kind, "order-processing_v2"), None, "{kind:?}");
            assert_eq!(code(kind, &"a".repeat(80)), None, "{kind:?}");
            assert_eq!(code(kind, "A"), None, "{kind:?}");
        }
        assert_eq!(code(NameKind::Activity, "approve.manual@team"), None);
        assert_eq!(code(NameKind::Alias, "prod.v2"), None);
        assert_eq!(code(NameKind::Alias, "1.0"), None);
        assert_eq!(code(NameKind::Alias, "-"), None);
    }

    #[test]
    fn length() {
        for kind in [NameKind::StateMachine, NameKind::Activity, NameKind::Alias] {
            assert_eq!(code(kind, ""), Some("ASL605"));
            assert_eq!(code(kind, &"a".repeat(81)), Some("ASL605"));
        }
        // Characters, not bytes.
        assert_eq!(code(NameKind::Activity, &"é".repeat(80)), None);
    }

    #[test]
    fn forbidden_characters() {
        for kind in [NameKind::StateMachine, NameKind::Activity, NameKind::Alias] {
            for c in FORBIDDEN {
                assert_eq!(
                    code(kind, &format!("a{c}b")),
                    Some("ASL605"),
                    "{kind:?} {c}"
                );
            }
            for bad in [
                "a b",
                "a\tb",
                "a\nb",
                "a\u{0}b",
                "a\u{7f}b",
                "a\u{85}b",
                "a\u{a0}b",
                "a\u{2003}b",
                "a\u{ffff}b",
            ] {
                assert_eq!(code(kind, bad), Some("ASL605"), "{kind:?} {bad:?}");
            }
        }
    }

    #[test]
    fn aliases() {
        assert_eq!(code(NameKind::Alias, "12"), Some("ASL605"));
        assert_eq!(code(NameKind::Alias, "0"), Some("ASL605"));
        assert_eq!(code(NameKind::Alias, "prod@eu"), Some("ASL605"));
        assert_eq!(code(NameKind::Alias, "prod'"), Some("ASL605"));
        assert_eq!(code(NameKind::Alias, "产品"), Some("ASL605"));
        // Digits are fine for other resources.
        assert_eq!(code(NameKind::StateMachine, "12"), None);
        assert_eq!(code(NameKind::Activity, "12"), None);
    }

    #[test]
    fn logging_safety_is_a_warning_for_state_machines_only() {
        let d = check_name(NameKind::StateMachine, "orders.v2");
        let d = d.as_ref();
        assert_eq!(d.map(|d| d.code()), Some("ASL606"));
        assert_eq!(d.map(|d| d.severity), Some(Severity::Warning));
        assert_eq!(
            code(NameKind::StateMachine, "commandes-été"),
            Some("ASL606")
        );
        assert_eq!(code(NameKind::Activity, "orders.v2"), None);
        // An error wins over the warning.
        assert_eq!(code(NameKind::StateMachine, "orders v2."), Some("ASL605"));
    }

    #[test]
    fn located_at_root_with_a_hint() {
        let d = check_name(NameKind::Alias, "a b");
        assert!(d
            .as_ref()
            .is_some_and(|d| d.path == Path::root() && d.is_error()));
        assert!(d.is_some_and(|d| !d.hint().is_empty()));
    }
}
