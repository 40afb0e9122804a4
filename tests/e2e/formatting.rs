//! What a formatting-only change to `sfn_state_machine.definition` does, exactly as the README
//! says: Terraform shows a one-time in-place update (the configured string changed, and
//! Terraform compares strings), the apply sends nothing to AWS (the provider compares the
//! definitions as JSON: no UpdateStateMachine, no tagging, no new version), and the next plan
//! is empty. Checked through the fault proxy's call log, with both Terraform versions.

use sfn_tests::proxy::Proxy;
use sfn_tests::{terraforms, Moto, Workdir};

const ROLE: &str = "arn:aws:iam::123456789012:role/formatting-sfn";

fn config(proxy: &Proxy, name: &str, definition: &str) -> String {
    format!(
        r#"
provider "sfn" {{
  endpoint = "{}"
}}

resource "sfn_state_machine" "m" {{
  name       = "{name}"
  role_arn   = "{ROLE}"
  publish    = true
  definition = <<-EOT
{definition}
EOT
}}
"#,
        proxy.endpoint()
    )
}

const COMPACT: &str =
    r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"n":1},"End":true}}}"#;
const PRETTY: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Pass", "Result": { "n": 1 }, "End": true }
  }
}"#;

/// Calls that change something in AWS.
const WRITES: &[&str] = &[
    "CreateStateMachine",
    "UpdateStateMachine",
    "DeleteStateMachine",
    "PublishStateMachineVersion",
    "TagResource",
    "UntagResource",
];

#[test]
fn a_whitespace_only_definition_change_updates_in_place_once_and_sends_nothing() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port);
    for tf in terraforms() {
        let name = format!("formatting-{}", tf.version.replace('.', "-"));
        let mut wd = Workdir::new(&tf);
        wd.use_moto(&moto);
        wd.config(&config(&proxy, &name, COMPACT));
        wd.apply();
        let before = wd.state_instances("sfn_state_machine")[0]["attributes"].clone();

        wd.config(&config(&proxy, &name, PRETTY));
        let (empty, plan) = wd.plan_is_empty();
        assert!(!empty, "terraform {}: no change shown:\n{plan}", tf.version);
        assert!(
            plan.contains("will be updated in-place")
                && plan.contains("0 to add, 1 to change, 0 to destroy"),
            "terraform {}: {plan}",
            tf.version
        );
        assert!(
            plan.contains("jsonencode( # whitespace changes"),
            "terraform {}: {plan}",
            tf.version
        );
        println!(
            "terraform {}: plan of a whitespace-only change:\n{plan}",
            tf.version
        );

        proxy.reset_calls();
        let apply = wd.apply();
        let writes: Vec<String> = proxy
            .calls()
            .into_iter()
            .map(|c| c.op)
            .filter(|op| WRITES.contains(&op.as_str()))
            .collect();
        assert!(
            writes.is_empty(),
            "terraform {}: the apply sent {writes:?}:\n{}",
            tf.version,
            apply.combined()
        );
        let after = wd.state_instances("sfn_state_machine")[0]["attributes"].clone();
        for kept in [
            "arn",
            "revision_id",
            "state_machine_version_arn",
            "creation_date",
        ] {
            assert_eq!(
                after[kept], before[kept],
                "terraform {}: {kept} changed",
                tf.version
            );
        }
        assert_eq!(after["definition"].as_str().map(str::trim), Some(PRETTY));
        let (empty, again) = wd.plan_is_empty();
        assert!(
            empty,
            "terraform {}: not a one-time update:\n{again}",
            tf.version
        );
    }
}
