//! `sfn_workflow.iam_policy_json` through real Terraform: a workflow using every integration the
//! coverage table lists compiles to the expected policy document (a reviewed golden file,
//! `tests/e2e/data/iam-policy-all.json`), a `terraform_data` consumes it as a document, its
//! warnings point at the HCL attributes that cause them, `sfn-asl policy` prints the same bytes
//! for the compiled JSON, and a value unknown at plan makes the policy unknown at plan, then
//! exact at apply. No AWS API is needed: no moto, no credentials.

use sfn_tests::{repo_root, terraforms, Terraform, Workdir};

/// One Task (or Map) per integration and pattern of the coverage table, with the inputs given.
const ALL: &str = r#"
data "sfn_workflow" "all" {
  comment  = "Every integration the IAM policy covers"
  start_at = "Lambda"

  iam_policy {
    state_machine_name = "orders"
    region             = "eu-west-1"
    account            = "111122223333"
    logging            = true
    tracing            = true
    kms_key_arn        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  task "Lambda" {
    resource   = "arn:aws:states:::lambda:invoke"
    parameters = { FunctionName = "charge", "Payload.$" = "$" }
    next       = "LambdaAlias"
  }
  task "LambdaAlias" {
    resource = "arn:aws:lambda:eu-west-1:111122223333:function:refund:live"
    next     = "LambdaCallback"
  }
  task "LambdaCallback" {
    resource   = "arn:aws:states:::lambda:invoke.waitForTaskToken"
    parameters = { FunctionName = "approve", Qualifier = "2", Payload = { "token.$" = "$$.Task.Token" } }
    next       = "Sqs"
  }
  task "Sqs" {
    resource   = "arn:aws:states:::sqs:sendMessage"
    parameters = { QueueUrl = "https://sqs.eu-west-1.amazonaws.com/111122223333/orders", "MessageBody.$" = "$" }
    next       = "Sns"
  }
  task "Sns" {
    resource   = "arn:aws:states:::sns:publish"
    parameters = { TopicArn = "arn:aws:sns:eu-west-1:111122223333:alerts", Message = "done" }
    next       = "GetItem"
  }
  task "GetItem" {
    resource   = "arn:aws:states:::dynamodb:getItem"
    parameters = { TableName = "orders", Key = { id = { "S.$" = "$.id" } } }
    next       = "PutItem"
  }
  task "PutItem" {
    resource   = "arn:aws:states:::dynamodb:putItem"
    parameters = { TableName = "orders", Item = { id = { "S.$" = "$.id" } } }
    next       = "UpdateItem"
  }
  task "UpdateItem" {
    resource   = "arn:aws:states:::dynamodb:updateItem"
    parameters = { TableName = "arn:aws:dynamodb:eu-west-1:111122223333:table/audit", Key = { id = { "S.$" = "$.id" } } }
    next       = "DeleteItem"
  }
  task "DeleteItem" {
    resource   = "arn:aws:states:::dynamodb:deleteItem"
    parameters = { TableName = "audit", Key = { id = { "S.$" = "$.id" } } }
    next       = "Ecs"
  }
  task "Ecs" {
    resource   = "arn:aws:states:::ecs:runTask.sync"
    parameters = { Cluster = "main", TaskDefinition = "settle:3", LaunchType = "FARGATE" }
    next       = "Glue"
  }
  task "Glue" {
    resource   = "arn:aws:states:::glue:startJobRun.sync"
    parameters = { JobName = "nightly" }
    next       = "Batch"
  }
  task "Batch" {
    resource   = "arn:aws:states:::batch:submitJob.sync"
    parameters = { JobName = "settle", JobQueue = "settlement", JobDefinition = "settle:1" }
    next       = "Athena"
  }
  task "Athena" {
    resource   = "arn:aws:states:::athena:startQueryExecution.sync"
    parameters = { QueryString = "SELECT 1", WorkGroup = "reports" }
    next       = "AthenaResults"
  }
  task "AthenaResults" {
    resource   = "arn:aws:states:::athena:getQueryResults"
    parameters = { "QueryExecutionId.$" = "$.QueryExecution.QueryExecutionId" }
    next       = "EmrCreate"
  }
  task "EmrCreate" {
    resource   = "arn:aws:states:::elasticmapreduce:createCluster.sync"
    parameters = { Name = "batch", ReleaseLabel = "emr-7.0.0", ServiceRole = "EMR_DefaultRole", JobFlowRole = "EMR_EC2_DefaultRole" }
    next       = "EmrStep"
  }
  task "EmrStep" {
    resource   = "arn:aws:states:::elasticmapreduce:addStep.sync"
    parameters = { "ClusterId.$" = "$.ClusterId", Step = { Name = "etl" } }
    next       = "EmrTerminate"
  }
  task "EmrTerminate" {
    resource   = "arn:aws:states:::elasticmapreduce:terminateCluster"
    parameters = { ClusterId = "j-2AXXXXXXGAPLF" }
    next       = "Child"
  }
  task "Child" {
    resource   = "arn:aws:states:::states:startExecution"
    parameters = { StateMachineArn = "arn:aws:states:eu-west-1:111122223333:stateMachine:notify" }
    next       = "ChildSync"
  }
  task "ChildSync" {
    resource   = "arn:aws:states:::states:startExecution.sync"
    parameters = { StateMachineArn = "arn:aws:states:eu-west-1:111122223333:stateMachine:ship" }
    next       = "ChildSync2"
  }
  task "ChildSync2" {
    resource   = "arn:aws:states:::states:startExecution.sync:2"
    parameters = { StateMachineArn = "arn:aws:states:eu-west-1:111122223333:stateMachine:bill:prod" }
    next       = "EachFile"
  }
  map "EachFile" {
    next = "Http"
    item_reader {
      resource   = "arn:aws:states:::s3:listObjectsV2"
      parameters = { Bucket = "uploads", Prefix = "incoming/" }
    }
    item_processor {
      mode           = "DISTRIBUTED"
      execution_type = "STANDARD"
      start_at       = "Process"
      states = {
        Process = { type = "pass", end = true }
      }
    }
    result_writer {
      resource   = "arn:aws:states:::s3:putObject"
      parameters = { Bucket = "results", Prefix = "runs" }
    }
  }
  task "Http" {
    resource = "arn:aws:states:::http:invoke"
    parameters = {
      ApiEndpoint    = "https://api.stripe.com/v1/charges"
      Method         = "POST"
      Authentication = { ConnectionArn = "arn:aws:events:eu-west-1:111122223333:connection/stripe/4f1a2b3c-5d6e-7f80-91a2-b3c4d5e6f708" }
    }
    next = "CrossAccount"
  }
  task "CrossAccount" {
    resource    = "arn:aws:states:::sqs:sendMessage"
    credentials = { RoleArn = "arn:aws:iam::444455556666:role/orders-writer" }
    parameters  = { QueueUrl = "https://sqs.eu-west-1.amazonaws.com/444455556666/partner", MessageBody = "x" }
    next        = "Sdk"
  }
  task "Sdk" {
    resource   = "arn:aws:states:::aws-sdk:s3:getObject"
    parameters = { Bucket = "config", Key = "settings.json" }
    next       = "SdkOther"
  }
  task "SdkOther" {
    resource   = "arn:aws:states:::aws-sdk:ssm:getParameter"
    parameters = { Name = "/orders/threshold" }
    next       = "CodeBuild"
  }
  task "CodeBuild" {
    resource   = "arn:aws:states:::codebuild:startBuild.sync"
    parameters = { ProjectName = "release" }
    next       = "Events"
  }
  task "Events" {
    resource   = "arn:aws:states:::events:putEvents"
    parameters = { Entries = [{ Detail = { a = 1 }, DetailType = "done", Source = "orders" }, { EventBusName = "partners", Detail = {}, DetailType = "d", Source = "s" }] }
    next       = "DataBrew"
  }
  task "DataBrew" {
    resource   = "arn:aws:states:::databrew:startJobRun"
    parameters = { Name = "clean" }
    next       = "EmrContainers"
  }
  task "EmrContainers" {
    resource   = "arn:aws:states:::emr-containers:startJobRun.sync"
    parameters = { VirtualClusterId = "vc123", ExecutionRoleArn = "arn:aws:iam::111122223333:role/emr-job", ReleaseLabel = "emr-6.2.0-latest", JobDriver = {} }
    next       = "Spark"
  }
  task "Spark" {
    resource   = "arn:aws:states:::emr-serverless:startJobRun.sync"
    parameters = { ApplicationId = "00f1abc", ExecutionRoleArn = "arn:aws:iam::111122223333:role/spark", JobDriver = {} }
    next       = "Train"
  }
  task "Train" {
    resource   = "arn:aws:states:::sagemaker:createTrainingJob.sync"
    parameters = { TrainingJobName = "model", RoleArn = "arn:aws:iam::111122223333:role/sagemaker", AlgorithmSpecification = {}, OutputDataConfig = {}, ResourceConfig = {}, StoppingCondition = {} }
    next       = "Api"
  }
  task "Api" {
    resource   = "arn:aws:states:::apigateway:invoke"
    parameters = { ApiEndpoint = "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com", Method = "GET", Stage = "prod", Path = "orders", AuthType = "IAM_ROLE" }
    next       = "Review"
  }
  task "Review" {
    resource = "arn:aws:states:eu-west-1:111122223333:activity:review"
    end      = true
  }
}

output "policy" {
  value = data.sfn_workflow.all.iam_policy_json
}

output "definition" {
  value = data.sfn_workflow.all.json
}
"#;

/// An `aws_iam_role_policy`-style consumer of the document: `terraform_data` (Terraform 1.4
/// and later) takes it as an object; Terraform 1.0 has no such resource, so there the document
/// is decoded in an output.
fn consumer(tf: &Terraform) -> &'static str {
    if tf.version.starts_with("1.0.") {
        r#"
output "statements" {
  value = length(jsondecode(data.sfn_workflow.all.iam_policy_json).Statement)
}
"#
    } else {
        r#"
resource "terraform_data" "policy" {
  input = jsondecode(data.sfn_workflow.all.iam_policy_json)
}

output "statements" {
  value = length(terraform_data.policy.output.Statement)
}
"#
    }
}

fn golden_path() -> std::path::PathBuf {
    repo_root().join("tests/e2e/data/iam-policy-all.json")
}

fn golden() -> String {
    let path = golden_path();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CLI on the compiled definition with the same inputs.
fn cli_policy(definition: &str) -> String {
    let (code, out) = sfn_asl::run_captured(
        &[
            "sfn-asl",
            "policy",
            "-",
            "--machine-name",
            "orders",
            "--region",
            "eu-west-1",
            "--account",
            "111122223333",
            "--logging",
            "--tracing",
            "--kms-key",
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ],
        definition.as_bytes(),
    );
    assert_eq!(code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn every_integration_compiles_to_the_expected_policy_and_the_cli_agrees() {
    for tf in terraforms() {
        let wd = Workdir::new(&tf);
        wd.config(&format!("{ALL}{}", consumer(&tf)));
        let applied = wd.apply();
        let policy = wd.output("policy");
        let policy = policy.as_str().unwrap_or_default();
        if std::env::var("SFN_BLESS").is_ok_and(|v| v == "1") {
            // Rewrites the golden file; review the diff before committing it.
            std::fs::write(golden_path(), format!("{policy}\n")).unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(
            format!("{policy}\n"),
            golden(),
            "{}: the policy differs from tests/e2e/data/iam-policy-all.json",
            tf.version
        );
        let doc: serde_json::Value = serde_json::from_str(policy).unwrap_or_default();
        let statements = doc["Statement"].as_array().map_or(0, Vec::len);
        assert!(statements > 40, "{statements}");
        assert_eq!(wd.output("statements"), serde_json::json!(statements));

        // The warnings are Terraform warnings at the attributes that cause them.
        let out = applied.combined();
        for (code, line) in [
            (
                "IAM006",
                "parameters = { Cluster = \"main\", TaskDefinition",
            ),
            ("IAM006", "parameters = { Name = \"batch\""),
            ("IAM001", "parameters = { \"ClusterId.$\" = \"$.ClusterId\""),
            (
                "IAM002",
                "resource   = \"arn:aws:states:::aws-sdk:ssm:getParameter\"",
            ),
            ("IAM005", "credentials = { RoleArn"),
            // Thirty integrations make a policy longer than a role's inline policies may be.
            ("IAM007", "iam_policy {"),
        ] {
            let at = out
                .split("Warning: ")
                .find(|w| w.starts_with(code) && w.contains(line));
            assert!(
                at.is_some(),
                "{}: no {code} at {line:?}:\n{out}",
                tf.version
            );
        }

        // sfn-asl policy on the compiled JSON: the same bytes.
        let definition = wd.output("definition");
        assert_eq!(
            cli_policy(definition.as_str().unwrap_or_default()),
            golden(),
            "{}",
            tf.version
        );
    }
}

#[test]
fn an_unknown_arn_makes_the_policy_unknown_at_plan() {
    // timestamp() is unknown until apply in every Terraform version, like the ARN of a function
    // created in the same apply.
    let config = r#"
locals {
  function = "arn:aws:lambda:eu-west-1:111122223333:function:created-in-this-apply${substr(timestamp(), 0, 0)}"
}

data "sfn_workflow" "late" {
  start_at = "Call"
  task "Call" {
    resource   = "arn:aws:states:::lambda:invoke"
    parameters = { FunctionName = local.function, "Payload.$" = "$" }
    end        = true
  }
  iam_policy {
    state_machine_name = "late"
  }
}

output "policy" {
  value = data.sfn_workflow.late.iam_policy_json
}
"#;
    for tf in terraforms() {
        let wd = Workdir::new(&tf);
        wd.config(config);
        wd.ok(&["plan", "-no-color", "-out=plan.bin"]);
        let shown = wd.ok(&["show", "-json", "plan.bin"]);
        let plan: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap_or_default();
        let change = |address: &str| {
            plan["resource_changes"]
                .as_array()
                .and_then(|all| all.iter().find(|c| c["address"] == address))
                .map(|c| c["change"].clone())
                .unwrap_or_default()
        };
        // What consumes the policy sees it unknown at plan: never a policy without the function.
        assert_eq!(
            plan["output_changes"]["policy"]["after_unknown"],
            serde_json::json!(true),
            "{}: {}",
            tf.version,
            plan["output_changes"]
        );
        let read = change("data.sfn_workflow.late");
        assert_eq!(
            read["after_unknown"]["iam_policy_json"],
            serde_json::json!(true),
            "{}: {read}",
            tf.version
        );
        wd.ok(&["apply", "-no-color", "plan.bin"]);
        let policy = wd.output("policy");
        let doc: serde_json::Value =
            serde_json::from_str(policy.as_str().unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            doc["Statement"][0]["Resource"],
            serde_json::json!([
                "arn:aws:lambda:eu-west-1:111122223333:function:created-in-this-apply"
            ]),
            "{}: {policy}",
            tf.version
        );
    }
}

#[test]
fn bad_inputs_are_errors_and_no_block_means_no_warnings() {
    for tf in terraforms() {
        let wd = Workdir::new(&tf);
        wd.config(
            r#"
data "sfn_workflow" "w" {
  start_at = "Call"
  task "Call" {
    resource   = "arn:aws:states:::lambda:invoke"
    parameters = { "FunctionName.$" = "$.fn" }
    end        = true
  }
  iam_policy {
    region  = "Ireland"
    account = "1234"
  }
}
"#,
        );
        let out = wd.plan_fails();
        assert!(
            out.contains("SFN085 invalid-iam-policy-input: \"Ireland\" is not a region code")
                && out.contains("SFN085 invalid-iam-policy-input: \"1234\" is not a 12-digit"),
            "{}: {out}",
            tf.version
        );
        // Without the block the policy is still there, and quiet.
        wd.config(
            r#"
data "sfn_workflow" "w" {
  start_at = "Call"
  task "Call" {
    resource   = "arn:aws:states:::lambda:invoke"
    parameters = { "FunctionName.$" = "$.fn" }
    end        = true
  }
}

output "policy" {
  value = data.sfn_workflow.w.iam_policy_json
}
"#,
        );
        let applied = wd.apply();
        assert!(
            !applied.combined().contains("IAM00"),
            "{}: {}",
            tf.version,
            applied.combined()
        );
        let policy = wd.output("policy");
        assert!(
            policy
                .as_str()
                .is_some_and(|p| p.contains("arn:aws:lambda:*:*:function:*")),
            "{}: {policy}",
            tf.version
        );
    }
}
