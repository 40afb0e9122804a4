//! The one rule for arguments that take one of AWS's enum values (`type`, `workflow_type`, a log
//! level, an encryption type): any letter case is accepted, AWS gets the upper-case spelling,
//! and state keeps what the configuration wrote (so changing only the case plans no call and no
//! replacement). codegen's `WorkflowType::parse` and `sfn-asl --type` follow the same rule.
//! Values inside a definition are ASL, not provider arguments, and stay case-sensitive there.

/// An AWS enum and its values, in AWS's spelling.
pub struct Enum {
    /// What the value is, for messages: "a state machine type".
    pub what: &'static str,
    pub values: &'static [&'static str],
}

pub const MACHINE_TYPE: Enum = Enum {
    what: "a state machine type",
    values: &["STANDARD", "EXPRESS"],
};

pub const LOG_LEVEL: Enum = Enum {
    what: "a log level",
    values: &["ALL", "ERROR", "FATAL", "OFF"],
};

pub const ENCRYPTION_TYPE: Enum = Enum {
    what: "an encryption type",
    values: &["AWS_OWNED_KEY", "CUSTOMER_MANAGED_KMS_KEY"],
};

impl Enum {
    /// AWS's spelling of `text`, matched ignoring case.
    pub fn canonical(&self, text: &str) -> Option<&'static str> {
        self.values
            .iter()
            .copied()
            .find(|v| v.eq_ignore_ascii_case(text))
    }

    /// Whether two spellings are the same value.
    pub fn same(&self, a: &str, b: &str) -> bool {
        a.eq_ignore_ascii_case(b)
    }

    /// The message for a value that is none of them: `"EXPRES" is not a state machine type`, and
    /// the hint listing the values (with the closest one, if any is close).
    pub fn problem(&self, text: &str) -> (String, String) {
        let list = match self.values {
            [one] => one.to_string(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
            [] => String::new(),
        };
        (
            format!("\"{}\" is not {}", text.escape_debug(), self.what),
            format!(
                "Use {list} (in any letter case).{}",
                sfn_codegen::suggest::hint(text, self.values.iter().copied())
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_case_is_one_value() {
        assert_eq!(MACHINE_TYPE.canonical("express"), Some("EXPRESS"));
        assert_eq!(MACHINE_TYPE.canonical("Standard"), Some("STANDARD"));
        assert_eq!(MACHINE_TYPE.canonical("EXPRES"), None);
        assert_eq!(LOG_LEVEL.canonical("all"), Some("ALL"));
        assert_eq!(
            ENCRYPTION_TYPE.canonical("customer_managed_kms_key"),
            Some("CUSTOMER_MANAGED_KMS_KEY")
        );
        let (summary, hint) = MACHINE_TYPE.problem("EXPRES");
        assert_eq!(summary, "\"EXPRES\" is not a state machine type");
        assert!(
            hint.starts_with("Use STANDARD or EXPRESS (in any letter case)."),
            "{hint}"
        );
        assert!(hint.contains("EXPRESS\"?"), "{hint}");
        // codegen's parser agrees.
        for t in ["express", "EXPRESS", "Standard"] {
            assert_eq!(
                sfn_codegen::WorkflowType::parse(t).is_some(),
                MACHINE_TYPE.canonical(t).is_some()
            );
        }
    }
}
