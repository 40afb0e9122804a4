//! No credentials in logs, output or state, at any log level.
//!
//! Real Terraform applies, plans and destroys a state machine against moto with canary
//! credentials in the environment (access key id, secret key, session token) and an
//! `assume_role` with an external id, going through moto's STS (`AWS_ENDPOINT_URL_STS`). It does
//! so at every `TF_LOG` level, with `TF_LOG_PROVIDER`, with `TF_LOG_PATH`, and always with
//! `PLUGIN_LOG_FILE` (tf-provider's TRACE log of the plugin process). Then every byte Terraform
//! and the plugin wrote is searched for the canaries.

use sfn_tests::{terraforms, Moto, Workdir};

// Shaped like real values, so the redaction of key-id shapes is exercised too.
const ACCESS_KEY_ID: &str = "AKIAQ7CANARYKEY00001";
const SECRET_KEY: &str = "q7CanarySecretAccessKey/LEAK+0000000000000";
const SESSION_TOKEN: &str = "q7CanarySessionToken//LEAKLEAKLEAK0000000000000000000000000000000000";
const EXTERNAL_ID: &str = "q7-canary-external-id";
const ROLE: &str = "arn:aws:iam::123456789012:role/q7-deployer";

fn config(endpoint: &str, name: &str) -> String {
    format!(
        r#"
provider "sfn" {{
  endpoint = "{endpoint}"
  assume_role {{
    role_arn    = "{ROLE}"
    external_id = "{EXTERNAL_ID}"
  }}
}}

data "sfn_workflow" "w" {{
  start_at = "A"
  pass "A" {{
    end = true
  }}
}}

resource "sfn_state_machine" "m" {{
  name       = "{name}"
  definition = data.sfn_workflow.w.json
  role_arn   = "arn:aws:iam::123456789012:role/sfn"
  tags       = {{ env = "canary" }}
}}

output "arn" {{ value = sfn_state_machine.m.arn }}
"#
    )
}

/// Access key ids of any principal (`AKIA`/`ASIA` + 16): the assumed role's come from moto and
/// are not known in advance.
fn key_ids(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for i in 0..b.len().saturating_sub(19) {
        let prefix = &b[i..i + 4];
        if (prefix == b"AKIA" || prefix == b"ASIA")
            && b[i + 4..i + 20]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            out.push(text[i..i + 20].to_string());
        }
    }
    out
}

#[test]
fn secrets_never_reach_logs_output_or_state() {
    let secrets = [
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_SESSION_TOKEN", SESSION_TOKEN),
        ("external_id", EXTERNAL_ID),
    ];
    // (label, TF_LOG, TF_LOG_PROVIDER, whether TF_LOG_PATH is used)
    let levels = [
        ("TF_LOG=TRACE", "TRACE", "", false),
        ("TF_LOG=DEBUG TF_LOG_PATH", "DEBUG", "", true),
        ("TF_LOG=INFO", "INFO", "", false),
        ("TF_LOG=WARN", "WARN", "", false),
        ("TF_LOG=ERROR", "ERROR", "", false),
        ("TF_LOG_PROVIDER=TRACE TF_LOG_PATH", "", "TRACE", true),
    ];
    for tf in terraforms() {
        let started = std::time::Instant::now();
        let moto = Moto::start();
        let mut wd = Workdir::new(&tf);
        wd.use_moto(&moto);
        for (k, v) in &secrets[..3] {
            wd.set_env(k, v);
        }
        wd.set_env("AWS_ENDPOINT_URL_STS", &moto.endpoint());

        // (what, text) of everything written, searched at the end.
        let mut written: Vec<(String, String)> = Vec::new();
        for (i, (label, tf_log, tf_log_provider, log_path)) in levels.iter().enumerate() {
            wd.config(&config(&moto.endpoint(), &format!("canary-{i}")));
            let tf_log_file = wd.path().join(format!("terraform-{i}.log"));
            wd.set_env("TF_LOG", tf_log);
            wd.set_env("TF_LOG_PROVIDER", tf_log_provider);
            let path = if *log_path {
                tf_log_file.display().to_string()
            } else {
                String::new()
            };
            wd.set_env("TF_LOG_PATH", &path);

            // One plugin log per command: tf-provider's own subscriber (which these checks must
            // catch if it came back) truncates the file in each plugin process.
            let dir = wd.path().to_path_buf();
            let plugin_log = |cmd: &str| dir.join(format!("plugin-{i}-{cmd}.log"));
            wd.set_env(
                "PLUGIN_LOG_FILE",
                &plugin_log("apply").display().to_string(),
            );
            let apply = wd.apply();
            let arn = wd.output("arn");
            assert!(
                arn.as_str()
                    .is_some_and(|a| a.ends_with(&format!("canary-{i}"))),
                "{label}: {arn}"
            );
            let state = std::fs::read_to_string(wd.path().join("terraform.tfstate"))
                .unwrap_or_else(|e| panic!("{label}: state: {e}"));
            assert!(state.contains(&format!("canary-{i}")), "{label}: state");
            wd.set_env("PLUGIN_LOG_FILE", &plugin_log("plan").display().to_string());
            let (empty, plan) = wd.plan_is_empty();
            assert!(empty, "{label}: plan after apply:\n{plan}");
            wd.set_env(
                "PLUGIN_LOG_FILE",
                &plugin_log("destroy").display().to_string(),
            );
            let destroy = wd.ok(&["destroy", "-auto-approve", "-no-color"]);

            let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap_or_default();
            // The searches below mean something only if the logs hold what could have leaked:
            // each plugin log has the provider's own lines, its client built for the assumed
            // role, and the gRPC calls that used the credentials.
            let mut plugin_bytes = 0;
            for (cmd, call) in [
                ("apply", "ApplyResourceChange"),
                ("plan", "ReadResource"),
                ("destroy", "ApplyResourceChange"),
            ] {
                let plugin = read(&plugin_log(cmd));
                for needle in [
                    "terraform_provider_sfn",
                    "building the Step Functions client",
                    ROLE,
                    &format!("tfplugin6.Provider/{call}"),
                ] {
                    assert!(
                        plugin.contains(needle),
                        "{label}: the {cmd} plugin log lacks {needle:?} ({} bytes)",
                        plugin.len()
                    );
                }
                plugin_bytes += plugin.len();
                written.push((format!("{label}: {cmd} plugin log"), plugin));
            }
            let terraform_log = if *log_path {
                read(&tf_log_file)
            } else {
                format!("{}\n{}", apply.stderr, destroy.stderr)
            };
            match *tf_log {
                "TRACE" => assert!(
                    terraform_log.contains("ApplyResourceChange"),
                    "{label}: Terraform's log does not show the provider calls"
                ),
                "DEBUG" => assert!(
                    terraform_log.contains("[DEBUG]"),
                    "{label}: Terraform's debug log is empty"
                ),
                _ if !tf_log_provider.is_empty() => assert!(
                    terraform_log.contains("[TRACE]") || terraform_log.contains("[DEBUG]"),
                    "{label}: Terraform's provider log is empty"
                ),
                _ => {}
            }
            println!(
                "{} {label}: plugin log {} bytes, terraform log {} bytes",
                tf.version,
                plugin_bytes,
                terraform_log.len()
            );
            if *log_path {
                written.push((format!("{label}: TF_LOG_PATH file"), read(&tf_log_file)));
            }
            written.push((format!("{label}: state after apply"), state));
            written.push((
                format!("{label}: state after destroy"),
                read(&wd.path().join("terraform.tfstate")),
            ));
            for (what, run) in [("apply", &apply), ("destroy", &destroy)] {
                written.push((format!("{label}: {what} stdout+stderr"), run.combined()));
            }
            written.push((format!("{label}: plan stdout+stderr"), plan));
        }

        let mut leaks = std::collections::BTreeSet::new();
        for (what, text) in &written {
            for (name, value) in secrets {
                if text.contains(value) {
                    leaks.insert(format!("{name} in {what}"));
                }
            }
            for id in key_ids(text) {
                leaks.insert(format!("access key id {id} in {what}"));
            }
            let lower = text.to_ascii_lowercase();
            for header in ["\"x-amz-security-token\": \"", "\"authorization\": \""] {
                if lower.contains(header) {
                    leaks.insert(format!("a {header} header value in {what}"));
                }
            }
        }
        assert!(
            leaks.is_empty(),
            "Terraform {}: secrets leaked:\n{}",
            tf.version,
            leaks.into_iter().collect::<Vec<_>>().join("\n")
        );
        println!(
            "Terraform {}: {} outputs searched, {} bytes, in {:.1?}",
            tf.version,
            written.len(),
            written.iter().map(|(_, t)| t.len()).sum::<usize>(),
            started.elapsed()
        );
    }
}
