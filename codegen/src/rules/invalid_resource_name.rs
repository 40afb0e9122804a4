//! Reports a state machine, activity or alias name that AWS rejects: empty or longer than 80
//! characters, or containing whitespace, one of `? * < > { } [ ] " # % \ ^ | ~ ` $ & , ; : /`, or a
//! control character; an alias name must also use only letters, digits, `-`, `_` and `.`, and
//! not be all digits. Names are not part of a definition: the provider checks them with
//! [`crate::names::check_name`].

use crate::diagnostic::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ASL605",
    name: "invalid-resource-name",
    severity: Severity::Error,
    aws_code: Some("InvalidName"),
    summary: "A state machine, activity or alias name is empty, too long, or contains a character AWS does not allow.",
    fix: "Use 1 to 80 characters without whitespace or any of ? * < > { } [ ] \" # % \\ ^ | ~ ` $ & , ; : /; letters, digits, '-' and '_' are always safe.",
    notes: None,
};
