//! The golden-module setting through real Terraform, on both versions: `examples/golden-module`
//! (a module that generates one Task per input with a `for` expression into the `states` of
//! `sfn_state_machine.workflow`, called twice and composed into a root workflow) passes
//! `terraform validate` (where every module input is unknown), plans with no AWS credentials,
//! applies against the local API with exactly the expected definitions and plans empty. Fed an
//! ARN unknown until apply, a caller's bad input still fails its plan (not the apply) at
//! `workflow.states["<step>"]` inside the module, and a dangling `next` beside an unknown
//! fragment is still reported.

use sfn_tests::{repo_root, runtime, terraforms, Moto, Terraform, Workdir};

const MODULE: &str = "modules/lambda-pipeline/main.tf";

/// A workdir holding the example's module (installed with `terraform get`), `root` as main.tf.
fn workdir(tf: &Terraform, root: &str) -> Workdir {
    let wd = Workdir::new(tf);
    let module = std::fs::read_to_string(repo_root().join("examples/golden-module").join(MODULE))
        .unwrap_or_else(|e| panic!("{MODULE}: {e}"));
    let dir = wd.path().join("modules/lambda-pipeline");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    wd.write(MODULE, &module);
    wd.write("main.tf", root);
    // Installs the local module only (dev_overrides stand for the provider).
    wd.ok(&["get", "-no-color"]);
    wd
}

/// Warnings other than Terraform's note that dev_overrides are in effect.
fn warnings(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|l| l.contains("Warning:") && !l.contains("Provider development overrides"))
        .collect()
}

/// Whether a plan shows a `definition` known only after apply (Terraform aligns the `=`).
fn definition_unknown(out: &str) -> bool {
    out.lines().any(|l| {
        let t = l.trim_start_matches([' ', '+', '~']).trim_start();
        t.starts_with("definition ") && t.ends_with("= (known after apply)")
    })
}

fn definition_of(snapshot: &sfn_tests::ApiSnapshot, name: &str) -> serde_json::Value {
    snapshot
        .machines
        .iter()
        .find(|m| m.name == name)
        .map(|m| m.definition.clone())
        .unwrap_or_else(|| panic!("no machine {name} in the API"))
}

#[test]
fn golden_module_validates_plans_offline_applies_and_plans_empty() {
    let rt = runtime();
    let root = std::fs::read_to_string(repo_root().join("examples/golden-module/main.tf"))
        .unwrap_or_else(|e| panic!("main.tf: {e}"));
    for tf in terraforms() {
        let mut wd = workdir(&tf, &root);
        // Terraform's validate walk sees every module input as unknown: no error, no false alarm.
        let validate = wd.ok(&["validate", "-no-color"]);
        let out = validate.combined();
        assert!(!out.contains("ASL"), "{}: {out}", tf.version);
        assert!(warnings(&out).is_empty(), "{}: {out}", tf.version);
        // An Atlantis plan with no credentials: every definition is compiled and shown.
        let plan = wd.ok(&["plan", "-no-color"]);
        let out = plan.combined();
        assert!(warnings(&out).is_empty(), "{}: {out}", tf.version);
        assert!(
            out.contains("module.orders.sfn_state_machine.this"),
            "{out}"
        );
        assert!(
            out.contains("orders-pipeline-succeeded")
                && !out.contains("definition = (known after apply)"),
            "the definitions are known at plan: {out}"
        );

        let moto = Moto::start();
        wd.use_moto(&moto);
        wd.apply();
        let client = rt.block_on(moto.client());
        let snapshot = rt.block_on(sfn_tests::api_snapshot(&client));
        let mut names: Vec<&str> = snapshot.machines.iter().map(|m| m.name.as_str()).collect();
        names.sort();
        assert_eq!(names, ["nightly", "orders-pipeline", "refunds-pipeline"]);
        let orders = definition_of(&snapshot, "orders-pipeline");
        assert_eq!(orders["Comment"], "orders-pipeline: 3 steps");
        assert_eq!(orders["StartAt"], "Validate");
        assert_eq!(orders["States"]["Validate"]["Next"], "Charge");
        assert_eq!(
            orders["States"]["Ship"]["Next"],
            "orders-pipeline-succeeded"
        );
        assert_eq!(orders["States"]["Charge"]["Retry"][0]["BackoffRate"], 2);
        assert_eq!(
            orders["States"]["Charge"]["Catch"][0]["Next"],
            "orders-pipeline-failed"
        );
        assert_eq!(orders["States"]["orders-pipeline-failed"]["Type"], "Fail");
        assert_eq!(
            orders["States"].as_object().map(|o| o.len()),
            Some(5),
            "{orders}"
        );
        let refunds = definition_of(&snapshot, "refunds-pipeline");
        assert_eq!(refunds["States"]["Refund"]["Retry"][0]["BackoffRate"], 1.5);
        assert_eq!(refunds["States"]["Refund"]["Retry"][0]["MaxAttempts"], 5);
        let nightly = definition_of(&snapshot, "nightly");
        let branches = &nightly["States"]["Both"]["Branches"];
        assert_eq!(
            branches[0],
            serde_json::json!({ "StartAt": "Validate", "States": orders["States"] })
        );
        assert_eq!(branches[1]["States"], refunds["States"]);
        // The state records what AWS holds, and nothing changes on the next plan.
        let state = wd.state_attributes("sfn_state_machine");
        assert!(
            state.iter().all(|s| s["definition"].is_string()),
            "{state:?}"
        );
        let (empty, out) = wd.plan_is_empty();
        assert!(empty, "{}: plan after apply:\n{out}", tf.version);
        wd.ok(&["destroy", "-auto-approve", "-no-color"]);
        let left = rt.block_on(sfn_tests::api_machines(&client));
        assert!(left.is_empty(), "{left:?}");
    }
}

/// A caller whose Charge function is created in the same apply (its ARN is unknown at plan, like
/// `aws_lambda_function.x.arn`: here an activity's), with a backoff rate, and a root workflow
/// whose Parallel state ends with `parallel_end` (`end = true` or a `next`), with `extra_branch`.
fn caller(backoff: &str, parallel_end: &str, extra_branch: &str) -> String {
    format!(
        r#"
terraform {{
  required_providers {{
    sfn = {{ source = "sfn-tools/sfn" }}
  }}
}}

provider "sfn" {{
  region = "us-east-1"
}}

resource "sfn_activity" "charge" {{
  name = "charge"
}}

locals {{
  charge_arn = "arn:aws:lambda:us-east-1:123456789012:function:charge-${{element(split(":", sfn_activity.charge.arn), 3)}}"
}}

module "orders" {{
  source       = "./modules/lambda-pipeline"
  name         = "orders-pipeline"
  role_arn     = "arn:aws:iam::123456789012:role/orders-sfn"
  backoff_rate = {backoff}
  steps = [
    {{ name = "Validate", function_arn = "arn:aws:lambda:us-east-1:123456789012:function:validate" }},
    {{ name = "Charge", function_arn = local.charge_arn }},
  ]
}}

resource "sfn_state_machine" "nightly" {{
  name     = "nightly"
  role_arn = "arn:aws:iam::123456789012:role/nightly-sfn"

  workflow {{
    start_at = "Both"

    parallel "Both" {{
      {parallel_end}
      branch {{
        start_at = module.orders.workflow.start_at
        states   = module.orders.workflow.states
      }}
      {extra_branch}
    }}
  }}
}}
"#
    )
}

/// A branch given as ASL JSON that is unknown until apply.
const UNKNOWN_FRAGMENT: &str = r#"branch {
        json = jsonencode({ StartAt = "Late", States = { Late = { Type = "Pass", Result = sfn_activity.charge.arn, End = true } } })
      }"#;

#[test]
fn a_callers_bad_input_fails_its_plan_inside_the_module_next_to_an_unknown_value() {
    let rt = runtime();
    for tf in terraforms() {
        // Valid input with the unknown ARN: the plan succeeds without credentials and without a
        // warning; the definition is known only at apply.
        let mut wd = workdir(&tf, &caller("2", "end = true", ""));
        let plan = wd.ok(&["plan", "-no-color"]);
        let out = plan.combined();
        assert!(
            !out.contains("ASL") && warnings(&out).is_empty(),
            "{}: {out}",
            tf.version
        );
        assert!(definition_unknown(&out), "{out}");

        // A backoff rate below 1 from the caller, in a workflow that also holds the unknown ARN:
        // the plan fails, at the generated state inside the module, with the path inside it.
        let bad = workdir(&tf, &caller("0.5", "end = true", ""));
        let out = bad.plan_fails();
        assert!(out.contains("ASL207"), "{}: {out}", tf.version);
        assert!(
            out.contains("module.orders.sfn_state_machine.this"),
            "names the module's resource: {out}"
        );
        assert!(
            out.contains("states[\"Charge\"].retry[0].backoff_rate"),
            "the path inside the generated state: {out}"
        );
        assert!(!out.contains("SFN061"), "no credentials were needed: {out}");
        assert!(
            out.contains(
                "At parallel[\"Both\"].branch[0].states[\"Charge\"].retry[0].backoff_rate"
            ),
            "the root workflow that composes the module's states reports it at its own path: {out}"
        );

        // A dangling literal next beside a branch whose whole ASL is unknown: the unknown
        // fragment hides its own scope, not its parent's.
        let dangling = workdir(&tf, &caller("2", "next = \"Nowhere\"", UNKNOWN_FRAGMENT));
        let out = dangling.plan_fails();
        assert!(
            out.contains("ASL102") && out.contains("Nowhere"),
            "{}: {out}",
            tf.version
        );
        assert!(out.contains("sfn_state_machine.nightly"), "{out}");

        // The valid variant applies: the definition compiled at apply is exactly the expected
        // one, and once the ARN is known the next plan is empty.
        let moto = Moto::start();
        wd.use_moto(&moto);
        wd.apply();
        let client = rt.block_on(moto.client());
        let snapshot = rt.block_on(sfn_tests::api_snapshot(&client));
        let orders = definition_of(&snapshot, "orders-pipeline");
        assert_eq!(
            orders["States"]["Charge"]["Parameters"],
            serde_json::json!({
                "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:charge-us-east-1",
                "Payload.$": "$"
            })
        );
        assert_eq!(orders["States"]["Charge"]["Retry"][0]["BackoffRate"], 2);
        let nightly = definition_of(&snapshot, "nightly");
        assert_eq!(
            nightly["States"]["Both"]["Branches"][0]["States"],
            orders["States"]
        );
        let (empty, out) = wd.plan_is_empty();
        assert!(empty, "{}: plan after apply:\n{out}", tf.version);
        wd.ok(&["destroy", "-auto-approve", "-no-color"]);
    }
}
