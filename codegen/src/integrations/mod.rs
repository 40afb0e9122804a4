//! What a Task's `Resource` names, as data and as a typed value.
//!
//! - [`resource`]: the parser of Task `Resource` strings into a [`TaskResource`]: an optimized
//!   integration (`arn:aws:states:::dynamodb:getItem`), an AWS SDK integration
//!   (`arn:aws:states:::aws-sdk:s3:getObject`), an HTTP Task (`arn:aws:states:::http:invoke`), a
//!   Lambda function ARN (with its version or alias) or an activity ARN; with the partition, and
//!   the region and account where the ARN carries them.
//! - [`catalogue`]: the optimized integrations AWS documents in the Step Functions developer guide
//!   ("Integrating optimized services with Step Functions" and each service's page): every service
//!   and action under `arn:aws:states:::<service>:<action>`, the integration patterns each action
//!   supports, and the IAM statements the guide gives for each pattern ("IAM policies for
//!   integrated services"). Facts, not text: the validator (ASL211, ASL602, ASL604), the IAM
//!   policy ([`crate::policy`]) and the docs' coverage table all read this one table.
//! - [`sdk`]: AWS SDK integrations: service names whose IAM prefix differs from the SDK name, and
//!   SDK actions whose IAM action is not the capitalised action name.

pub mod catalogue;
pub mod resource;
pub mod sdk;

pub use catalogue::{ActionSpec, ServiceSpec};
pub use resource::{parse, Activity, Integration, LambdaFunction, TaskResource};

use std::fmt;

/// How a Task waits for the service (the suffix of the integration ARN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pattern {
    /// No suffix: call the API and go on when it answers.
    RequestResponse,
    /// `.sync`: wait for the job to complete.
    Sync,
    /// `.sync:2`: like `.sync`, with a JSON output (nested Step Functions executions).
    Sync2,
    /// `.waitForTaskToken`: wait until someone returns the task token.
    WaitForTaskToken,
}

impl Pattern {
    pub const ALL: [Pattern; 4] = [
        Pattern::RequestResponse,
        Pattern::Sync,
        Pattern::Sync2,
        Pattern::WaitForTaskToken,
    ];

    /// The suffix as written in the ARN (`""` for request-response).
    pub fn suffix(self) -> &'static str {
        match self {
            Pattern::RequestResponse => "",
            Pattern::Sync => ".sync",
            Pattern::Sync2 => ".sync:2",
            Pattern::WaitForTaskToken => ".waitForTaskToken",
        }
    }

    /// The pattern a suffix names (`""` is request-response).
    pub fn from_suffix(suffix: &str) -> Option<Pattern> {
        Pattern::ALL.into_iter().find(|p| p.suffix() == suffix)
    }

    /// What the developer guide calls it.
    pub fn name(self) -> &'static str {
        match self {
            Pattern::RequestResponse => "request-response",
            Pattern::Sync => "Run a Job (.sync)",
            Pattern::Sync2 => "Run a Job (.sync:2)",
            Pattern::WaitForTaskToken => "Wait for Callback (.waitForTaskToken)",
        }
    }

    /// The job-run and callback patterns, which Express executions cannot use.
    pub fn waits(self) -> bool {
        self != Pattern::RequestResponse
    }

    fn bit(self) -> u8 {
        match self {
            Pattern::RequestResponse => 1,
            Pattern::Sync => 2,
            Pattern::Sync2 => 4,
            Pattern::WaitForTaskToken => 8,
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of [`Pattern`]s, usable in `static` tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Patterns(u8);

impl Patterns {
    pub const NONE: Patterns = Patterns(0);
    /// Request-response only.
    pub const RR: Patterns = Patterns(1);
    pub const SYNC: Patterns = Patterns(2);
    pub const SYNC2: Patterns = Patterns(4);
    pub const TOKEN: Patterns = Patterns(8);
    pub const ALL: Patterns = Patterns(15);

    pub const fn with(self, other: Patterns) -> Patterns {
        Patterns(self.0 | other.0)
    }

    pub fn contains(self, p: Pattern) -> bool {
        self.0 & p.bit() != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Pattern> {
        Pattern::ALL.into_iter().filter(move |p| self.contains(*p))
    }

    /// "request-response and .waitForTaskToken".
    pub fn describe(self) -> String {
        let names: Vec<&str> = self
            .iter()
            .map(|p| match p {
                Pattern::RequestResponse => "request-response",
                other => other.suffix(),
            })
            .collect();
        match names.as_slice() {
            [] => "no pattern".to_string(),
            [one] => one.to_string(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_round_trip() {
        for p in Pattern::ALL {
            assert_eq!(Pattern::from_suffix(p.suffix()), Some(p));
        }
        assert_eq!(Pattern::from_suffix(".sync:3"), None);
        assert_eq!(Pattern::from_suffix(".waitfortasktoken"), None);
    }

    #[test]
    fn pattern_sets() {
        let s = Patterns::RR.with(Patterns::TOKEN);
        assert!(s.contains(Pattern::RequestResponse) && s.contains(Pattern::WaitForTaskToken));
        assert!(!s.contains(Pattern::Sync));
        assert_eq!(s.describe(), "request-response and .waitForTaskToken");
        assert_eq!(
            Patterns::ALL.describe(),
            "request-response, .sync, .sync:2 and .waitForTaskToken"
        );
        assert_eq!(Patterns::SYNC.describe(), ".sync");
    }
}
