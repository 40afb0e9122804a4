//! `sfn_workflow_test` through real Terraform, offline and without credentials: the example test
//! cases of the order-processing workflow pass at plan and their results are applied; a failing
//! expectation fails the plan with SFN080 at the test case (expected, actual, path taken);
//! values unknown at plan skip the test cases that need them and never fail them; bad test
//! configurations get SFN081.

use sfn_tests::{repo_root, terraforms, Workdir};

fn example(file: &str) -> String {
    let path = repo_root()
        .join("examples/workflows/order-processing")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A working directory with the order-processing workflow (`main.tf`), its tests (`test.tf`)
/// and its Step Functions Local mock file, as in the example.
fn order_processing(tf: &sfn_tests::Terraform, test_tf: &str) -> Workdir {
    let wd = Workdir::new(tf);
    wd.config("");
    wd.write("workflow.tf", &example("main.tf"));
    wd.write("test.tf", test_tf);
    wd.write("MockConfigFile.json", &example("MockConfigFile.json"));
    wd
}

#[test]
fn example_test_cases_pass_at_plan_and_apply() {
    for tf in terraforms() {
        let wd = order_processing(&tf, &example("test.tf"));
        let plan = wd.ok(&["plan", "-no-color"]);
        assert!(
            !plan.combined().contains("Error"),
            "{}: {}",
            tf.version,
            plan.combined()
        );
        wd.apply();
        let results = wd.output("test_results");
        assert_eq!(
            results,
            serde_json::json!({
                "paid": "SUCCEEDED",
                "invalid_order_is_rejected": "FAILED",
                "throttled_payment_is_retried": "SUCCEEDED",
                "declined_payment_is_recorded": "FAILED",
            }),
            "Terraform {}",
            tf.version
        );
        let (empty, out) = wd.plan_is_empty();
        assert!(
            empty,
            "{}: a second plan changes nothing:\n{out}",
            tf.version
        );
    }
}

#[test]
fn registry_example_applies() {
    let path = repo_root().join("examples/data-sources/sfn_workflow_test/data-source.tf");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for tf in terraforms() {
        let wd = Workdir::new(&tf);
        wd.config(&text);
        wd.apply();
        let results = wd.output("refund_tests");
        let ok = &results["refunded_after_a_throttle"];
        assert_eq!(ok["passed"], true, "{}: {results}", tf.version);
        assert_eq!(ok["status"], "SUCCEEDED");
        assert_eq!(ok["output"], r#"{"refunded":true}"#);
        assert_eq!(ok["path"], serde_json::json!(["Refund", "Done"]));
        let escalated = &results["escalated_when_throttling_persists"];
        assert_eq!(escalated["passed"], true);
        assert_eq!(escalated["error"], "RefundFailed");
        assert_eq!(escalated["skipped"], false);
    }
}

#[test]
fn a_missed_expectation_fails_the_plan_at_the_test_case() {
    // The Choice routes a valid order to AuthorizePayment, not to the reject path.
    let wrong = r#"
data "sfn_workflow_test" "order_processing" {
  definition  = data.sfn_workflow.order_processing.json
  mock_config = file("${path.module}/MockConfigFile.json")

  test_case "paid" {
    input          = { orderId = "o-1" }
    mock_test_case = "HappyPath"
    expect = {
      status = "FAILED"
      path   = ["ValidateOrder", "IsValid?", "RecordInvalidOrder"]
    }
  }
}
"#;
    for tf in terraforms() {
        let wd = order_processing(&tf, wrong);
        // Terraform wraps long lines of a diagnostic's detail.
        let out = wd
            .plan_fails()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for part in [
            "SFN080 workflow-test-failed: test case \"paid\": status: expected FAILED, got SUCCEEDED",
            "path: expected [ValidateOrder → IsValid? → RecordInvalidOrder], got [ValidateOrder → IsValid? → AuthorizePayment → RecordOrderPaid → NotifyOrderPaid → OrderCompleted] (first difference at step 3)",
            "Path taken: ValidateOrder → IsValid? → AuthorizePayment → RecordOrderPaid → NotifyOrderPaid → OrderCompleted",
            "on test.tf line 9, in data \"sfn_workflow_test\" \"order_processing\": 9: expect = {",
        ] {
            assert!(out.contains(part), "Terraform {}: {part:?} in:\n{out}", tf.version);
        }
        assert!(!out.contains("panic") && !out.contains("CRASH"), "{out}");
    }
}

#[test]
fn unknown_values_skip_test_cases_and_bad_ones_are_coded() {
    // timestamp() is unknown until apply: the test case that reads it is skipped at plan, the
    // one beside it still runs (and would fail the plan if it were wrong).
    let config = r#"
locals {
  later = "o-${substr(timestamp(), 0, 0)}"
}

data "sfn_workflow_test" "t" {
  definition = jsonencode({
    StartAt = "Echo"
    States  = { Echo = { Type = "Pass", End = true } }
  })

  test_case "known" {
    input  = { id = "x" }
    expect = { output = { id = "x" }, path = ["Echo"] }
  }

  test_case "not_yet_known" {
    input  = { id = local.later }
    expect = { output = { id = "something else" } }
  }
}

output "skipped" {
  value = { for k, r in data.sfn_workflow_test.t.results : k => r.skipped }
}

# A workflow holding a value known only at apply (as a Lambda created in the same apply would
# be): Terraform reads it, and the tests of its json, at apply.
data "sfn_workflow" "deferred" {
  start_at = "Charge"
  task "Charge" {
    resource   = "arn:aws:states:::lambda:invoke"
    parameters = { FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:${local.later}" }
    end        = true
  }
}

data "sfn_workflow_test" "deferred" {
  definition = data.sfn_workflow.deferred.json
  test_case "charged" {
    mocks  = { Charge = { result = { Payload = 1 } } }
    expect = { status = "FAILED" }
  }
}
"#;
    let typo = r#"
data "sfn_workflow_test" "t" {
  definition = jsonencode({
    StartAt = "Charge"
    States  = { Charge = { Type = "Task", Resource = "arn:aws:states:::lambda:invoke", End = true } }
  })

  test_case "typo" {
    mocks = { Charg = { result = {} } }
  }

  test_case "unmocked" {
    expect = { status = "SUCCEEDED" }
  }
}
"#;
    for tf in terraforms() {
        let wd = Workdir::new(&tf);
        wd.config(config);
        let plan = wd.ok(&["plan", "-no-color"]).combined();
        assert!(!plan.contains("SFN08"), "{}: {plan}", tf.version);
        assert!(
            plan.contains("data.sfn_workflow_test.deferred will be read during apply"),
            "{}: {plan}",
            tf.version
        );
        // At apply the values are known: the test cases run, and their wrong expectations fail.
        let run = wd.run(&["apply", "-auto-approve", "-no-color"]);
        let out = run.combined();
        assert!(!run.success, "{}: {out}", tf.version);
        for part in [
            "SFN080 workflow-test-failed: test case \"not_yet_known\": output: expected",
            "SFN080 workflow-test-failed: test case \"charged\": status: expected FAILED, got SUCCEEDED",
        ] {
            assert!(out.contains(part), "{}: {part:?} in {out}", tf.version);
        }

        let wd = Workdir::new(&tf);
        wd.config(typo);
        let out = wd.plan_fails();
        assert!(
            out.contains("SFN081 invalid-workflow-test: test case \"typo\" mocks \"Charg\", which is not a state of the definition")
                && out.contains("Did you mean \"Charge\"?"),
            "{}: {out}",
            tf.version
        );
        let fixed = typo.replace("Charg =", "Charge =");
        wd.config(&fixed);
        let out = wd.plan_fails();
        assert!(
            out.contains("SFN080 workflow-test-failed: test case \"unmocked\": the run stopped: state \"Charge\" calls an integration"),
            "{}: {out}",
            tf.version
        );
        assert!(
            !out.contains("\"typo\""),
            "{}: the fixed test case passes: {out}",
            tf.version
        );
    }
}
