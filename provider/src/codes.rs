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
    c("SFN002", "invalid-max-retries", "error", "`max_retries` in the provider block is not a whole number from 1 to 100 (checked exactly: `1e400` and `3.0000000000000000001` are rejected)."),
    c("SFN010", "invalid-timeout", "error", "A `timeouts` value is not a duration such as `30s`, `5m` or `1h30m`."),
    c("SFN011", "invalid-encryption", "error", "`encryption_configuration` is invalid or inconsistent: the key type, `kms_key_id` (a KMS key or alias ARN, only with a customer-managed key) or the data key reuse period (a whole number of seconds from 60 to 900, checked exactly)."),
    c("SFN012", "conflicting-arguments", "error", "Arguments that exclude each other are both set (`name` and `name_prefix`; `allowed_account_ids` and `forbidden_account_ids`), or neither of two alternatives is (`name` or `arn` of the `sfn_activity` data source)."),
    c("SFN013", "invalid-type", "error", "`type` of `sfn_state_machine` is neither STANDARD nor EXPRESS (in any letter case, as every enum argument of the provider)."),
    c("SFN014", "invalid-role-arn", "error", "`role_arn` is not an IAM role ARN (`arn:aws:iam::<account>:role/<name>`)."),
    c("SFN015", "invalid-logging", "error", "`logging_configuration` is invalid: an unknown level, or a destination that is not a CloudWatch Logs log group ARN ending in `:*`."),
    c("SFN016", "version-description-without-publish", "error", "`version_description` is set while `publish` is false: it describes a version that would not be published."),
    c("SFN017", "remote-validation-skipped", "warning", "`remote_validation` is on but ValidateStateMachineDefinition could not run (access denied or unavailable). The offline validation still ran."),
    c("SFN018", "invalid-import-id", "error", "The import ID is not an ARN of the resource's kind."),
    c("SFN019", "import-not-found", "error", "Nothing with the import ID exists in the provider's region and account."),
    c("SFN020", "alias-route-count", "error", "An alias needs one or two `routing_configuration` blocks."),
    c("SFN021", "alias-weights", "error", "The route weights are outside 0 to 100 or do not add up to 100."),
    c("SFN022", "alias-version-arn", "error", "A route's `state_machine_version_arn` is not a version ARN (`...:stateMachine:<name>:<version>`), or has no value (the machine has not published: `publish = true`)."),
    c("SFN023", "alias-mixed-machines", "error", "The two routes point at versions of different state machines; an alias belongs to one."),
    c("SFN024", "alias-same-version", "error", "Both routes point at the same version: use one route with weight 100."),
    c("SFN030", "state-machine-not-found", "error", "A data source found no state machine with that name or ARN."),
    c("SFN040", "invalid-attempt-timeout", "error", "`attempt_timeout` is not a duration between 1s and 15m."),
    c("SFN041", "create-answer-lost", "warning", "A create's answer never arrived (CreateStateMachine, CreateActivity, CreateStateMachineAlias), but the object it made was found (the configured settings and tags, created after the create began) and recorded in state."),
    c("SFN042", "name-taken", "error", "A state machine, activity or alias of this name exists and is not this configuration's: it existed before the create began, AWS answered the create with it (an idempotent replay: created earlier, or with other tags), or its settings differ. It is never recorded: choose another name, or import it."),
    c("SFN043", "update-answer-lost", "warning", "An update's answer never arrived (UpdateStateMachine, UpdateStateMachineAlias), but the object shows the new settings (and, for a publishing update, a version holding them): they were saved."),
    c("SFN044", "delete-unconfirmed", "warning", "DeleteStateMachine was accepted, but waiting for the machine to disappear failed. AWS finishes the delete; the machine left the state."),
    c("SFN050", "invalid-tag", "error", "A tag key or value breaks AWS's rules (length, characters, the reserved `aws:` prefix), or the tags with `default_tags` merged in are more than 50."),
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
    c("SFN061", "no-credentials", "error", "No AWS credentials were found (or they could not be loaded): the detail lists where the SDK's chain looked."),
    c("SFN062", "account-not-allowed", "error", "The credentials belong to an account outside `allowed_account_ids` or in `forbidden_account_ids`; nothing was read or changed."),
    c("SFN063", "invalid-account-id", "error", "An entry of `allowed_account_ids` or `forbidden_account_ids` is not a 12-digit account ID."),
    c("SFN064", "alias-machine-changed", "error", "At apply, an alias's routes point at versions of another state machine than the one it belongs to: an alias cannot move; replace it."),
    c("SFN065", "alias-not-found", "error", "The `sfn_alias` data source found no alias of that exact name on the state machine (all pages were searched)."),
    c("SFN066", "activity-not-found", "error", "The `sfn_activity` data source found no activity with that exact name or ARN."),
    c("SFN067", "invalid-limit", "error", "`limit` of `sfn_state_machine_versions` is not a whole number from 1 to 1000."),
    c("SFN070", "states-unknown-key", "error", "A `states` object (or an object nested in it) has a field its state type does not take; the message suggests the closest one. Fields are the snake_case names of the state blocks."),
    c("SFN071", "states-wrong-type", "error", "A value in `states` has the wrong type (a list where one object is expected, a word where a number is): the message gives the full path, such as `states[\"step-1\"].retry[0].backoff_rate`."),
    c("SFN072", "states-invalid-type", "error", "A `states` entry has no `type`, or one that is not a state type (`task`, `pass`, `choice`, `wait`, `succeed`, `fail`, `parallel`, `map`)."),
    c("SFN073", "duplicate-state", "error", "A state name is given both by a state block and by `states` in the same workflow; reported at both places."),
    c("SFN074", "invalid-fragment", "error", "`fragment` of `sfn_workflow` is neither `branch` nor `item_processor`, or a fragment sets `timeout_seconds` or `version`, which only a whole machine has."),
    c("SFN075", "definition-and-workflow", "error", "`sfn_state_machine` sets both `definition` and a `workflow` block; keep one."),
    c("SFN076", "no-definition", "error", "`sfn_state_machine` has neither `definition` nor a `workflow` block."),
    c("SFN077", "invalid-rule-override", "error", "An entry of `rules` names no rule (the closest code is suggested), gives a level other than `off`, `warning` or `error`, or relaxes `ASL001`/`ASL003`, which stay errors."),
    c("SFN080", "workflow-test-failed", "error", "A test case of `sfn_workflow_test` did not give what it expects (status, output, path, error, cause), or its run stopped (a Task without a mocked result): the detail shows expected and actual, and the path taken."),
    c("SFN081", "invalid-workflow-test", "error", "An `sfn_workflow_test` is misconfigured: `mock_config` is not a Step Functions Local mock configuration, `mocks` or `expect` have the wrong shape, a mocked state is not in the definition, `mock_test_case` does not exist, or `workflow_type`/`seed` is invalid."),
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
