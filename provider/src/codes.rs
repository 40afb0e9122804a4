//! Every diagnostic code the provider itself reports (the `SFN` codes; codegen's rules have the
//! `ASL` codes). Terraform's protocol has no code field, so each summary starts with
//! `SFNnnn name:`; a unit test holds the sources to this list, and `docs/guides/diagnostics.md` is
//! generated from it.

/// One provider diagnostic code.
pub struct Code {
    pub code: &'static str,
    pub name: &'static str,
    /// Error, warning, or both (the same condition can be either, by context).
    pub severity: &'static str,
    /// What it reports and what to do.
    pub meaning: &'static str,
}

const fn c(
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    meaning: &'static str,
) -> Code {
    Code {
        code,
        name,
        severity,
        meaning,
    }
}

/// Sorted by code.
pub static ALL: &[Code] = &[
    c("SFN000", "internal", "error", "Terraform sent a value the provider cannot decode. A bug in the provider or Terraform: please report it with the configuration."),
    c("SFN001", "invalid-workflow-type", "error", "`type` of `sfn_workflow` is neither STANDARD nor EXPRESS."),
    c("SFN002", "invalid-max-retries", "error", "`max_retries` in the provider block is outside 1 to 100."),
    c("SFN010", "invalid-timeout", "error", "A `timeouts` value is not a duration such as `30s`, `5m` or `1h30m`."),
    c("SFN011", "invalid-encryption", "error", "`encryption_configuration` is invalid or inconsistent: the key type, `kms_key_id` (a KMS key or alias ARN, only with a customer-managed key) or the data key reuse period."),
    c("SFN012", "conflicting-arguments", "error", "`name` and `name_prefix` are both set: keep one."),
    c("SFN013", "invalid-type", "error", "`type` of `sfn_state_machine` is neither STANDARD nor EXPRESS."),
    c("SFN014", "invalid-role-arn", "error", "`role_arn` is not an IAM role ARN (`arn:aws:iam::<account>:role/<name>`)."),
    c("SFN015", "invalid-logging", "error", "`logging_configuration` is invalid: an unknown level, or a destination that is not a CloudWatch Logs log group ARN ending in `:*`."),
    c("SFN016", "version-description-without-publish", "error", "`version_description` is set while `publish` is false: it describes a version that would not be published."),
    c("SFN017", "remote-validation-skipped", "warning", "`remote_validation` is on but ValidateStateMachineDefinition could not run (access denied or unavailable). The offline validation still ran."),
    c("SFN018", "invalid-import-id", "error", "The import ID is not an ARN of the resource's kind."),
    c("SFN019", "import-not-found", "error", "Nothing with the import ID exists in the provider's region and account."),
    c("SFN020", "alias-route-count", "error", "An alias needs one or two `routing_configuration` blocks."),
    c("SFN021", "alias-weights", "error", "The route weights are outside 0 to 100 or do not add up to 100."),
    c("SFN022", "alias-version-arn", "error", "A route's `state_machine_version_arn` is not a version ARN (`...:stateMachine:<name>:<version>`)."),
    c("SFN023", "alias-mixed-machines", "error", "The two routes point at versions of different state machines; an alias belongs to one."),
    c("SFN024", "alias-same-version", "error", "Both routes point at the same version: use one route with weight 100."),
    c("SFN030", "state-machine-not-found", "error", "The `sfn_state_machine` data source found no state machine with that name or ARN."),
    c("SFN040", "invalid-attempt-timeout", "error", "`attempt_timeout` is not a duration between 1s and 15m."),
    c("SFN041", "create-answer-lost", "warning", "CreateStateMachine's answer never arrived, but the machine it created was found (same name, definition, type and role) and recorded in state."),
    c("SFN042", "name-taken", "error", "A state machine with this name already exists with another definition, type or role. It is not claimed: choose another name, or import it."),
    c("SFN043", "update-answer-lost", "warning", "UpdateStateMachine's answer never arrived, but the machine shows the new settings: they were saved."),
    c("SFN044", "delete-unconfirmed", "warning", "DeleteStateMachine was accepted, but waiting for the machine to disappear failed. AWS finishes the delete; the machine left the state."),
    c("SFN050", "invalid-tag", "error", "A tag key or value breaks AWS's rules (length, characters, the reserved `aws:` prefix, at most 50 tags)."),
    c("SFN051", "aws-access-denied", "both", "AWS refused the call for the credentials in use: check the environment, profile or `assume_role`, and the IAM policy."),
    c("SFN052", "aws-invalid-request", "both", "AWS rejected a value (InvalidArn, InvalidDefinition, ValidationException, ...): the message names it."),
    c("SFN053", "aws-not-found", "both", "AWS says the object does not exist in the provider's region and account."),
    c("SFN054", "aws-conflict", "both", "AWS refused the call because of the object's state or a quota (being deleted, already exists, limit exceeded)."),
    c("SFN055", "aws-unavailable", "both", "Throttling, server errors, timeouts or no connection outlasted the retries (`max_retries`, `attempt_timeout`, `timeouts`)."),
    c("SFN056", "aws-error", "both", "Any other AWS error; the summary names its code."),
    c("SFN057", "remote-validation-finding", "both", "ValidateStateMachineDefinition reported a problem the offline validation did not."),
    c("SFN058", "invalid-endpoint", "error", "`endpoint` is not an http(s) URL with a host."),
    c("SFN059", "invalid-region", "error", "`region` is not a region code such as `eu-west-1`."),
    c("SFN060", "plugin-log-file", "stderr", "`PLUGIN_LOG_FILE` names a file the plugin cannot create; the plugin runs without its debug log (printed once to stderr, which Terraform logs)."),
    c("SFN085", "invalid-iam-policy-input", "error", "`region` or `account` in the `iam_policy` block of `sfn_workflow` is not a region code or a 12-digit account ID."),
    c("SFN100", "plugin-handshake", "stderr", "The binary was started without Terraform's plugin handshake (the magic cookie, protocol version 6, the one-time client certificate `PLUGIN_CLIENT_CERT`), or could not set up its private socket and TLS. It exits before listening; only the Terraform that started it is ever served."),
    c("SFN101", "state-version-unsupported", "error", "The state of a resource has another schema version than this provider reads (written by another provider version), or is in Terraform's pre-0.12 format. Use the provider version that wrote it."),
];

/// The documentation page listing every code.
pub fn page() -> String {
    let mut out = String::from(
        "---\npage_title: \"Provider diagnostics\"\nsubcategory: \"\"\ndescription: |-\n  Every SFN diagnostic code the sfn provider reports.\n---\n\n# Provider diagnostics\n\n\
Every diagnostic the provider reports starts with a stable code and a name, e.g.\n\
`SFN014 invalid-role-arn: ...`, and points at the attribute that caused it. Definition problems\n\
found by the offline validator carry `ASL` codes instead: see [the rules](rules.md).\n\n\
| Code | Name | Severity | Meaning |\n|---|---|---|---|\n",
    );
    for c in ALL {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            c.code, c.name, c.severity, c.meaning
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every `"SFNnnn name` written in the provider's sources, with the file it is in.
    fn used() -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let name = p.file_name().map(|n| n.to_string_lossy().to_string());
                if name.as_deref() == Some("codes.rs") || name.as_deref() == Some("tests.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                for (i, _) in text.match_indices("SFN") {
                    let rest = &text[i..];
                    let code: String = rest.chars().take(6).collect();
                    if code.len() < 6 || !code[3..].chars().all(|c| c.is_ascii_digit()) {
                        continue;
                    }
                    let name: String = rest[6..]
                        .strip_prefix(' ')
                        .unwrap_or_default()
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                        .collect();
                    out.insert((code, name));
                }
            }
        }
        out
    }

    #[test]
    fn codes_are_sorted_unique_and_match_the_sources() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} / {}",
                pair[0].code,
                pair[1].code
            );
        }
        let used = used();
        for (code, name) in &used {
            // Mentions in prose (`SFN041` alone in a comment) carry no name.
            if name.is_empty() {
                assert!(
                    ALL.iter().any(|c| c.code == code),
                    "{code} is used but not listed in codes::ALL"
                );
                continue;
            }
            let Some(known) = ALL.iter().find(|c| c.code == code) else {
                panic!("{code} {name} is used but not listed in codes::ALL")
            };
            assert_eq!(
                known.name, name,
                "{code} is used with the name {name}, listed as {}: one code, one name",
                known.name
            );
        }
        for c in ALL {
            assert!(
                used.iter().any(|(code, _)| code == c.code),
                "{} is listed but never reported",
                c.code
            );
        }
    }
}
