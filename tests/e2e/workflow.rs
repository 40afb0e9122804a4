//! `sfn_workflow` through real Terraform: typed HCL compiles to exact ASL, offline and without
//! credentials; unknown values skip only the checks that need them; invalid configurations fail
//! at plan with the code and the attribute.

use sfn_tests::{terraforms, Workdir};

/// Every state type, both kinds of payload, Retry/Catch, nested Choice rules, a Parallel branch and
/// a Map processor (their states as `states` objects), fractional numbers.
const ALL_STATES: &str = r#"
data "sfn_workflow" "order" {
  comment  = "Order flow"
  start_at = "Validate"

  task "Validate" {
    resource    = "arn:aws:states:::lambda:invoke"
    parameters  = { FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:validate", "Payload.$" = "$" }
    output_path = "$.Payload"
    next        = "IsValid"
    retry {
      error_equals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
      interval_seconds = 2
      max_attempts     = 3
      backoff_rate     = 1.5
    }
    catch {
      error_equals = ["States.ALL"]
      result_path  = "$.error"
      next         = "Failed"
    }
  }

  # Rules nested deeper than the blocks go: this state is an object, beside the blocks.
  states = {
    IsValid = {
      type = "choice"
      rule = [
        { variable = "$.isValid", boolean_equals = true, next = "Checks" },
        {
          and = [
            { variable = "$.amount", numeric_greater_than = 1000 },
            { not = { variable = "$.vip", boolean_equals = true } },
          ]
          next = "Hold"
        },
      ]
      default = "Failed"
    }
  }

  wait "Hold" {
    seconds = 5
    next    = "Checks"
  }

  parallel "Checks" {
    next = "EachItem"
    branch {
      start_at = "CheckName"
      states = {
        CheckName = { type = "pass", result = { ok = true, score = 0.25 }, end = true }
      }
    }
  }

  map "EachItem" {
    items_path      = "$.items"
    max_concurrency = 2
    next            = "Done"
    item_processor {
      start_at = "Ship"
      states = {
        Ship = {
          type     = "task"
          resource = "arn:aws:lambda:us-east-1:123456789012:function:ship"
          end      = true
        }
      }
    }
  }

  succeed "Done" {
  }

  fail "Failed" {
    error = "OrderFailed"
    cause = "The order could not be processed"
  }
}

output "json" { value = data.sfn_workflow.order.json }
output "names" { value = data.sfn_workflow.order.state_names }
"#;

const ALL_STATES_JSON: &str = r#"{
  "Comment": "Order flow",
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:validate",
        "Payload.$": "$"
      },
      "OutputPath": "$.Payload",
      "Retry": [
        {
          "ErrorEquals": [
            "Lambda.ServiceException",
            "Lambda.TooManyRequestsException"
          ],
          "IntervalSeconds": 2,
          "MaxAttempts": 3,
          "BackoffRate": 1.5
        }
      ],
      "Catch": [
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "ResultPath": "$.error",
          "Next": "Failed"
        }
      ],
      "Next": "IsValid"
    },
    "IsValid": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.isValid",
          "BooleanEquals": true,
          "Next": "Checks"
        },
        {
          "And": [
            {
              "Variable": "$.amount",
              "NumericGreaterThan": 1000
            },
            {
              "Not": {
                "Variable": "$.vip",
                "BooleanEquals": true
              }
            }
          ],
          "Next": "Hold"
        }
      ],
      "Default": "Failed"
    },
    "Checks": {
      "Type": "Parallel",
      "Branches": [
        {
          "StartAt": "CheckName",
          "States": {
            "CheckName": {
              "Type": "Pass",
              "Result": {
                "ok": true,
                "score": 0.25
              },
              "End": true
            }
          }
        }
      ],
      "Next": "EachItem"
    },
    "EachItem": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "MaxConcurrency": 2,
      "ItemProcessor": {
        "StartAt": "Ship",
        "States": {
          "Ship": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:ship",
            "End": true
          }
        }
      },
      "Next": "Done"
    },
    "Done": {
      "Type": "Succeed"
    },
    "Hold": {
      "Type": "Wait",
      "Seconds": 5,
      "Next": "Checks"
    },
    "Failed": {
      "Type": "Fail",
      "Error": "OrderFailed",
      "Cause": "The order could not be processed"
    }
  }
}"#;

#[test]
fn every_state_type_compiles_to_exact_asl_without_credentials() {
    for tf in terraforms() {
        let wd = Workdir::new(&tf);
        wd.config(ALL_STATES);
        wd.apply();
        let json = wd.output("json");
        assert_eq!(
            json.as_str(),
            Some(ALL_STATES_JSON),
            "Terraform {}",
            tf.version
        );
        let names = wd.output("names");
        assert_eq!(
            names,
            serde_json::json!([
                "Validate",
                "IsValid",
                "Checks",
                "CheckName",
                "EachItem",
                "Ship",
                "Done",
                "Hold",
                "Failed"
            ]),
            "Terraform {}",
            tf.version
        );
        // The compiled definition is valid by codegen's own standard.
        let report = sfn_codegen::check_str(ALL_STATES_JSON, &Default::default());
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        // Same input, same bytes: a second plan has nothing to do.
        let plan = wd.ok(&["plan", "-no-color", "-detailed-exitcode"]);
        assert!(plan.stdout.contains("No changes"), "{}", plan.stdout);
    }
}

#[test]
fn jsonata_mode_and_composition_from_another_workflow() {
    for tf in terraforms() {
        let wd = Workdir::new(&tf);
        wd.config(
            r#"
data "sfn_workflow" "notify" {
  query_language = "JSONata"
  start_at       = "Notify"
  task "Notify" {
    resource  = "arn:aws:states:::sns:publish"
    arguments = { TopicArn = "arn:aws:sns:us-east-1:123456789012:orders", Message = "{% 'Order ' & $states.input.id %}" }
    end       = true
  }
}

data "sfn_workflow" "main" {
  query_language = "JSONata"
  start_at       = "Fan"
  parallel "Fan" {
    end  = true
    branch {
      json = data.sfn_workflow.notify.json
    }
    branch {
      start_at = "Tally"
      states = {
        Tally = {
          type   = "pass"
          output = { count = "{% $count($states.input.items) %}" }
          assign = { total = "{% $sum($states.input.items.price) %}" }
          end    = true
        }
      }
    }
  }
}

output "json" { value = data.sfn_workflow.main.json }
"#,
        );
        wd.apply();
        let json = wd.output("json");
        let text = json.as_str().unwrap_or_default();
        let report = sfn_codegen::check_str(text, &Default::default());
        assert!(
            report.diagnostics.is_empty(),
            "{}: {:?}",
            tf.version,
            report.diagnostics
        );
        let v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        let branch = &v["States"]["Fan"]["Branches"][0];
        assert_eq!(branch["StartAt"], "Notify");
        assert_eq!(
            branch["States"]["Notify"]["QueryLanguage"], "JSONata",
            "the fragment's language moves onto its states"
        );
        assert_eq!(
            branch["States"]["Notify"]["Arguments"]["Message"],
            "{% 'Order ' & $states.input.id %}"
        );
        assert_eq!(
            v["States"]["Fan"]["Branches"][1]["States"]["Tally"]["Assign"]["total"],
            "{% $sum($states.input.items.price) %}"
        );
    }
}

#[test]
fn unknown_values_skip_only_the_checks_that_need_them() {
    for tf in terraforms() {
        let wd = Workdir::new(&tf);
        // timestamp() is unknown until apply, in every Terraform version: the Lambda ARN below is
        // not known at plan, like the ARN of a function created in the same apply.
        wd.config(
            r#"
locals {
  late_arn = "arn:aws:lambda:us-east-1:123456789012:function:late${substr(timestamp(), 0, 0)}"
}

data "sfn_workflow" "w" {
  start_at = "Call"
  task "Call" {
    resource   = local.late_arn
    parameters = { FunctionName = local.late_arn, "Payload.$" = "$" }
    end        = true
    retry {
      error_equals = ["States.ALL"]
      backoff_rate = 2
    }
  }
}

output "json" { value = data.sfn_workflow.w.json }
"#,
        );
        let plan = wd.ok(&["plan", "-no-color"]);
        assert!(
            !plan.combined().contains("ASL"),
            "no false alarm on unknowns: {}",
            plan.combined()
        );
        wd.apply();
        let json = wd.output("json");
        assert!(json
            .as_str()
            .unwrap_or_default()
            .contains("\"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:late\""));

        // A real problem next to an unknown value is still reported at plan time.
        let wd2 = Workdir::new(&tf);
        wd2.config(
            r#"
data "sfn_workflow" "w" {
  start_at = "Call"
  task "Call" {
    resource = "arn:aws:lambda:us-east-1:123456789012:function:late${substr(timestamp(), 0, 0)}"
    end      = true
    retry {
      error_equals = ["States.ALL"]
      backoff_rate = 0.5
    }
  }
}
"#,
        );
        let out = wd2.plan_fails();
        assert!(out.contains("ASL207"), "{out}");
        assert!(
            out.contains("backoff_rate = 0.5"),
            "points at the attribute: {out}"
        );
    }
}

#[test]
fn invalid_workflows_fail_at_plan_with_code_and_attribute() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "dangling next",
            r#"
data "sfn_workflow" "w" {
  start_at = "A"
  pass "A" {
    next = "Nowhere"
  }
}
"#,
            &["ASL102", "next = \"Nowhere\""],
        ),
        (
            "unreachable state",
            r#"
data "sfn_workflow" "w" {
  start_at = "A"
  pass "A" {
    end  = true
  }
  succeed "Orphan" {
  }
}
"#,
            &["ASL104", "State \"Orphan\" is not reachable"],
        ),
        (
            "misplaced field caught by terraform itself",
            r#"
data "sfn_workflow" "w" {
  start_at = "A"
  pass "A" {
    resource = "arn:aws:lambda:us-east-1:123456789012:function:f"
    end      = true
  }
}
"#,
            &["An argument named \"resource\" is not expected here"],
        ),
        (
            "express restriction",
            r#"
data "sfn_workflow" "w" {
  workflow_type = "EXPRESS"
  start_at      = "Approve"
  task "Approve" {
    resource   = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
    parameters = { QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/q", MessageBody = { "Token.$" = "$$.Task.Token" } }
    end        = true
  }
}
"#,
            &["ASL602", "resource"],
        ),
        (
            "states.all not last",
            r#"
data "sfn_workflow" "w" {
  start_at = "T"
  task "T" {
    resource = "arn:aws:lambda:us-east-1:123456789012:function:f"
    end      = true
    retry {
      error_equals = ["States.ALL"]
    }
    retry {
      error_equals = ["States.Timeout"]
    }
  }
}
"#,
            &["ASL301", "error_equals = [\"States.ALL\"]"],
        ),
    ];
    for tf in terraforms() {
        for (what, config, expected) in cases {
            let wd = Workdir::new(&tf);
            wd.config(config);
            let out = wd.plan_fails();
            for e in *expected {
                assert!(
                    out.contains(e),
                    "Terraform {} / {what}: expected {e:?} in:\n{out}",
                    tf.version
                );
            }
            assert!(!out.contains("panic") && !out.contains("CRASH"), "{out}");
            assert!(
                !out.contains("tf_provider::") && !out.contains("rust_begin_unwind"),
                "no backtrace in diagnostics: {out}"
            );
        }
    }
}
