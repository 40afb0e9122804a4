//! `sfn_state_machine`, `sfn_alias`, `sfn_activity` and the `sfn_state_machine` data source
//! through real Terraform against a real local Step Functions API (moto), checking the API's own
//! state with the SDK after each step.
//!
//! Not checkable here, covered by the provider's unit tests against an in-process fake:
//! asynchronous deletion (DELETING), IAM/KMS propagation retries, StateMachineAlreadyExists,
//! PublishStateMachineVersion/ListStateMachineVersions and ValidateStateMachineDefinition
//! (moto answers 500 or behaves differently from AWS there).

use sfn_tests::{runtime, terraforms, Moto, Workdir};

const ROLE: &str = "arn:aws:iam::123456789012:role/orders-sfn";

fn config(definition_comment: &str, extra_machine: &str, extra: &str) -> String {
    format!(
        r#"
provider "sfn" {{
  endpoint     = "{{ENDPOINT}}"
  default_tags = {{ team = "payments" }}
}}

data "sfn_workflow" "orders" {{
  comment  = "{definition_comment}"
  start_at = "Validate"
  task "Validate" {{
    resource    = "arn:aws:states:::lambda:invoke"
    parameters  = {{ FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:validate", "Payload.$" = "$" }}
    output_path = "$.Payload"
    end         = true
    retry {{
      error_equals = ["States.ALL"]
      backoff_rate = 1.5
    }}
  }}
}}

resource "sfn_state_machine" "orders" {{
  name       = "orders"
  definition = data.sfn_workflow.orders.json
  role_arn   = "{ROLE}"
  tags       = {{ env = "test" }}
{extra_machine}
}}

output "arn" {{ value = sfn_state_machine.orders.arn }}
{extra}
"#
    )
}

fn write(wd: &Workdir, moto: &Moto, text: &str) {
    wd.config(&text.replace("{ENDPOINT}", &moto.endpoint()));
}

#[test]
fn lifecycle_create_update_publish_alias_import_drift_destroy() {
    let rt = runtime();
    for tf in terraforms() {
        let moto = Moto::start();
        let client = rt.block_on(moto.client());
        let mut wd = Workdir::new(&tf);
        wd.use_moto(&moto);

        // Create, then the next plan is empty.
        write(&wd, &moto, &config("v1", "", ""));
        wd.apply();
        let arn = wd.output("arn").as_str().unwrap_or_default().to_string();
        let (empty, out) = wd.plan_is_empty();
        assert!(empty, "{}: plan after create not empty:\n{out}", tf.version);
        let described = rt
            .block_on(
                client
                    .describe_state_machine()
                    .state_machine_arn(&arn)
                    .send(),
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(described.definition().contains("\"Comment\": \"v1\""));
        assert_eq!(described.role_arn(), ROLE);
        let tags = rt
            .block_on(client.list_tags_for_resource().resource_arn(&arn).send())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let mut tags: Vec<(String, String)> = tags
            .tags()
            .iter()
            .map(|t| {
                (
                    t.key().unwrap_or_default().into(),
                    t.value().unwrap_or_default().into(),
                )
            })
            .collect();
        tags.sort();
        assert_eq!(
            tags,
            vec![
                ("env".into(), "test".into()),
                ("team".into(), "payments".into())
            ]
        );

        // Update definition, logging, tracing and tags in place.
        let logging = r#"
  logging_configuration {
    level                  = "ALL"
    include_execution_data = true
    log_destination        = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*"
  }
  tracing_configuration {
    enabled = true
  }
"#;
        write(
            &wd,
            &moto,
            &config("v2", logging, "").replace("env = \"test\"", "env = \"staging\""),
        );
        let apply = wd.apply();
        assert!(
            apply.stdout.contains("1 changed") || apply.stdout.contains("0 added, 1 changed"),
            "{}",
            apply.stdout
        );
        assert_eq!(
            wd.output("arn").as_str(),
            Some(arn.as_str()),
            "updated in place, not replaced"
        );
        let (empty, out) = wd.plan_is_empty();
        assert!(empty, "{}: plan after update not empty:\n{out}", tf.version);
        let described = rt
            .block_on(
                client
                    .describe_state_machine()
                    .state_machine_arn(&arn)
                    .send(),
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(described.definition().contains("\"Comment\": \"v2\""));
        let lc = described
            .logging_configuration()
            .unwrap_or_else(|| panic!("no logging"));
        assert_eq!(lc.level().map(|l| l.as_str()), Some("ALL"));
        assert!(lc.include_execution_data());
        assert!(described
            .tracing_configuration()
            .is_some_and(|t| t.enabled()));

        // Publish a version and point an alias at it in the same apply; then change the
        // definition: the alias follows the new version in the same apply.
        let alias = r#"
resource "sfn_alias" "prod" {
  name = "prod"
  routing_configuration {
    state_machine_version_arn = sfn_state_machine.orders.state_machine_version_arn
    weight                    = 100
  }
}
output "alias_arn" { value = sfn_alias.prod.arn }
output "version" { value = sfn_state_machine.orders.state_machine_version_arn }
"#;
        let publish = format!("{logging}  publish = true\n  version_description = \"first\"\n");
        write(
            &wd,
            &moto,
            &config("v3", &publish, alias).replace("env = \"test\"", "env = \"staging\""),
        );
        wd.apply();
        let v1 = wd
            .output("version")
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(v1.starts_with(&format!("{arn}:")), "version ARN {v1}");
        let alias_arn = wd
            .output("alias_arn")
            .as_str()
            .unwrap_or_default()
            .to_string();
        let routes = |rt: &tokio::runtime::Runtime| -> Vec<String> {
            rt.block_on(
                client
                    .describe_state_machine_alias()
                    .state_machine_alias_arn(&alias_arn)
                    .send(),
            )
            .unwrap_or_else(|e| panic!("{e:?}"))
            .routing_configuration()
            .iter()
            .map(|r| r.state_machine_version_arn().to_string())
            .collect()
        };
        assert_eq!(routes(&rt), vec![v1.clone()]);
        let (empty, out) = wd.plan_is_empty();
        assert!(
            empty,
            "{}: plan after publish not empty:\n{out}",
            tf.version
        );

        write(
            &wd,
            &moto,
            &config("v4", &publish, alias).replace("env = \"test\"", "env = \"staging\""),
        );
        wd.apply();
        let v2 = wd
            .output("version")
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_ne!(v1, v2, "a new version is published");
        assert_eq!(
            routes(&rt),
            vec![v2.clone()],
            "the alias follows in the same apply"
        );
        let (empty, out) = wd.plan_is_empty();
        assert!(
            empty,
            "{}: plan after second publish not empty:\n{out}",
            tf.version
        );

        // Import into a fresh state: the next plan is empty.
        let mut fresh = Workdir::new(&tf);
        fresh.use_moto(&moto);
        write(
            &fresh,
            &moto,
            &config("v4", &publish, alias).replace("env = \"test\"", "env = \"staging\""),
        );
        fresh.ok(&["import", "-no-color", "sfn_state_machine.orders", &arn]);
        fresh.ok(&["import", "-no-color", "sfn_alias.prod", &alias_arn]);
        // Import records no outputs, so only resource changes count here.
        let (_, out) = fresh.plan_is_empty();
        assert!(
            !out.contains("Plan:") && !out.contains(" will be "),
            "{}: plan after import has resource changes:\n{out}",
            tf.version
        );

        // Drift: a definition changed outside Terraform shows in the plan; apply restores it.
        rt.block_on(
            client
                .update_state_machine()
                .state_machine_arn(&arn)
                .definition(r#"{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}"#)
                .send(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let (empty, out) = wd.plan_is_empty();
        assert!(
            !empty && out.contains("definition"),
            "{}: drift not shown:\n{out}",
            tf.version
        );
        wd.apply();
        let (empty, out) = wd.plan_is_empty();
        assert!(empty, "{}: plan after restoring drift:\n{out}", tf.version);

        // Drift: deleted outside Terraform: the plan re-creates it.
        rt.block_on(client.delete_state_machine().state_machine_arn(&arn).send())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let (empty, out) = wd.plan_is_empty();
        assert!(
            !empty && out.contains("will be created"),
            "{}: deletion not detected:\n{out}",
            tf.version
        );
        wd.apply();
        assert_eq!(
            rt.block_on(sfn_tests::api_machines(&client)).len(),
            1,
            "re-created exactly once"
        );

        // Destroy leaves nothing in the API.
        wd.ok(&["destroy", "-auto-approve", "-no-color"]);
        assert!(
            rt.block_on(sfn_tests::api_machines(&client)).is_empty(),
            "{}: machines left after destroy",
            tf.version
        );
    }
}
