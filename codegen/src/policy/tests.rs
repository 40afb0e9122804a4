//! Per integration and pattern, the statements AWS's developer guide documents, derived from
//! definitions the way a user writes them.

use super::*;
use crate::parse_str;

const ACCOUNT: &str = "111122223333";

fn input() -> Input {
    Input {
        machine_name: Some("orders".into()),
        region: Some("eu-west-1".into()),
        account: Some(ACCOUNT.into()),
        ..Input::default()
    }
}

fn derive_text(definition: &str, input: &Input) -> Report {
    let report = parse_str(definition);
    assert!(
        !report.has_errors(),
        "{definition}: {:?}",
        report.diagnostics
    );
    let Some(machine) = report.machine else {
        panic!("no model")
    };
    derive(&machine, input)
}

/// A machine with one Task.
fn task(resource: &str, parameters: &str) -> String {
    format!(
        r#"{{"StartAt":"T","States":{{"T":{{"Type":"Task","Resource":"{resource}","Parameters":{parameters},"End":true}}}}}}"#
    )
}

fn policy(report: &Report) -> &Policy {
    match &report.policy {
        Some(p) => p,
        None => panic!("no policy: {:?}", report.diagnostics),
    }
}

/// Every (action, resource) the policy grants, sorted.
fn grants(report: &Report) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = policy(report)
        .statements
        .iter()
        .flat_map(|s| {
            s.actions
                .iter()
                .flat_map(|a| s.resources.iter().map(|r| (a.clone(), r.clone())))
        })
        .collect();
    out.sort();
    out
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = expected
        .iter()
        .map(|(a, r)| (a.to_string(), r.to_string()))
        .collect();
    out.sort();
    out
}

fn codes(report: &Report) -> Vec<(&'static str, String)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code(), d.path.to_string()))
        .collect()
}

fn only(definition: &str) -> Vec<(String, String)> {
    grants(&derive_text(definition, &input()))
}

const SYNC_RULE: [&str; 3] = ["events:DescribeRule", "events:PutRule", "events:PutTargets"];

fn rule(name: &str) -> String {
    format!("arn:aws:events:eu-west-1:{ACCOUNT}:rule/{name}")
}

fn with_rule(mut base: Vec<(&str, String)>, name: &str) -> Vec<(String, String)> {
    for a in SYNC_RULE {
        base.push((a, rule(name)));
    }
    let mut out: Vec<(String, String)> =
        base.into_iter().map(|(a, r)| (a.to_string(), r)).collect();
    out.sort();
    out
}

// ---------- Lambda ----------

#[test]
fn lambda_invoke_by_name_arn_partial_arn_and_qualifier() {
    let fname = format!("arn:aws:lambda:eu-west-1:{ACCOUNT}:function:charge");
    for params in [
        r#"{"FunctionName":"charge","Payload.$":"$"}"#.to_string(),
        format!(r#"{{"FunctionName":"{ACCOUNT}:function:charge"}}"#),
        format!(r#"{{"FunctionName":"{fname}"}}"#),
    ] {
        for pattern in ["", ".waitForTaskToken"] {
            let params = if pattern.is_empty() {
                params.clone()
            } else {
                params.replace('}', r#","Payload":{"token.$":"$$.Task.Token"}}"#)
            };
            let r = derive_text(
                &task(&format!("arn:aws:states:::lambda:invoke{pattern}"), &params),
                &input(),
            );
            assert_eq!(
                grants(&r),
                pairs(&[("lambda:InvokeFunction", &fname)]),
                "{params}"
            );
            assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        }
    }
    // A version or alias: exactly that qualified ARN.
    assert_eq!(
        only(&task(
            "arn:aws:states:::lambda:invoke",
            r#"{"FunctionName":"charge","Qualifier":"prod"}"#
        )),
        pairs(&[("lambda:InvokeFunction", &format!("{fname}:prod"))])
    );
    assert_eq!(
        only(&task(
            "arn:aws:states:::lambda:invoke",
            r#"{"FunctionName":"charge:7"}"#
        )),
        pairs(&[("lambda:InvokeFunction", &format!("{fname}:7"))])
    );
}

#[test]
fn lambda_function_arn_as_the_resource() {
    let arn = "arn:aws:lambda:us-east-1:444455556666:function:charge:live";
    let r = derive_text(
        &format!(
            r#"{{"StartAt":"T","States":{{"T":{{"Type":"Task","Resource":"{arn}","End":true}}}}}}"#
        ),
        &Input::default(),
    );
    assert_eq!(grants(&r), pairs(&[("lambda:InvokeFunction", arn)]));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn lambda_dynamic_function_gets_every_function_of_the_account_and_a_warning() {
    let r = derive_text(
        &task(
            "arn:aws:states:::lambda:invoke",
            r#"{"FunctionName.$":"$.fn","Payload.$":"$"}"#,
        ),
        &input(),
    );
    assert_eq!(
        grants(&r),
        pairs(&[(
            "lambda:InvokeFunction",
            &format!("arn:aws:lambda:eu-west-1:{ACCOUNT}:function:*")
        )])
    );
    assert_eq!(
        codes(&r),
        [("IAM001", "/States/T/Parameters/FunctionName.$".to_string())]
    );
    let msg = &r.diagnostics[0].message;
    assert!(
        msg.contains("FunctionName is computed at run time ($.fn)"),
        "{msg}"
    );
    // Only the qualifier is dynamic: every version and alias of the one function.
    let r = derive_text(
        &task(
            "arn:aws:states:::lambda:invoke",
            r#"{"FunctionName":"charge","Qualifier.$":"$.alias"}"#,
        ),
        &input(),
    );
    assert_eq!(
        grants(&r),
        pairs(&[(
            "lambda:InvokeFunction",
            &format!("arn:aws:lambda:eu-west-1:{ACCOUNT}:function:charge:*")
        )])
    );
    assert_eq!(codes(&r)[0].1, "/States/T/Parameters/Qualifier.$");
}

#[test]
fn jsonata_expressions_are_dynamic_and_literals_are_not() {
    let def = r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{
          "A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"charge"},"Next":"B"},
          "B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"{% $states.input.fn %}"},"Next":"C"},
          "C":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Arguments":"{% $states.input.request %}","End":true}}}"#;
    let r = derive_text(def, &input());
    assert_eq!(
        grants(&r),
        pairs(&[
            (
                "dynamodb:GetItem",
                &format!("arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/*")
            ),
            (
                "lambda:InvokeFunction",
                &format!("arn:aws:lambda:eu-west-1:{ACCOUNT}:function:*")
            ),
            (
                "lambda:InvokeFunction",
                &format!("arn:aws:lambda:eu-west-1:{ACCOUNT}:function:charge")
            ),
        ])
    );
    assert_eq!(
        codes(&r),
        [
            ("IAM001", "/States/B/Arguments/FunctionName".to_string()),
            ("IAM001", "/States/C/Arguments".to_string())
        ]
    );
}

// ---------- SQS, SNS, DynamoDB ----------

#[test]
fn sqs_send_message_to_the_queue_of_its_url() {
    for pattern in ["", ".waitForTaskToken"] {
        let r = only(&task(
            &format!("arn:aws:states:::sqs:sendMessage{pattern}"),
            r#"{"QueueUrl":"https://sqs.us-east-2.amazonaws.com/444455556666/orders","MessageBody":{"t.$":"$$.Task.Token"}}"#,
        ));
        assert_eq!(
            r,
            pairs(&[(
                "sqs:SendMessage",
                "arn:aws:sqs:us-east-2:444455556666:orders"
            )])
        );
    }
    let r = derive_text(
        &task(
            "arn:aws:states:::sqs:sendMessage",
            r#"{"QueueUrl.$":"$.queue","MessageBody":"x"}"#,
        ),
        &input(),
    );
    assert_eq!(
        grants(&r),
        pairs(&[(
            "sqs:SendMessage",
            &format!("arn:aws:sqs:eu-west-1:{ACCOUNT}:*")
        )])
    );
    assert_eq!(codes(&r)[0].0, "IAM001");
}

#[test]
fn sns_publish_to_a_topic_and_star_for_targets_and_phone_numbers() {
    let topic = "arn:aws:sns:eu-west-1:444455556666:alerts";
    assert_eq!(
        only(&task(
            "arn:aws:states:::sns:publish",
            &format!(r#"{{"TopicArn":"{topic}","Message":"hi"}}"#)
        )),
        pairs(&[("sns:Publish", topic)])
    );
    for key in ["TargetArn", "PhoneNumber"] {
        let r = derive_text(
            &task(
                "arn:aws:states:::sns:publish",
                &format!(r#"{{"{key}":"+15550100","Message":"hi"}}"#),
            ),
            &input(),
        );
        assert_eq!(grants(&r), pairs(&[("sns:Publish", "*")]), "{key}");
        assert!(r.diagnostics.is_empty());
    }
}

#[test]
fn dynamodb_items_on_the_table_one_statement_per_table() {
    let table = format!("arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/orders");
    for (action, iam) in [
        ("getItem", "dynamodb:GetItem"),
        ("putItem", "dynamodb:PutItem"),
        ("updateItem", "dynamodb:UpdateItem"),
        ("deleteItem", "dynamodb:DeleteItem"),
    ] {
        assert_eq!(
            only(&task(
                &format!("arn:aws:states:::dynamodb:{action}"),
                r#"{"TableName":"orders","Key":{"id":{"S.$":"$.id"}}}"#
            )),
            pairs(&[(iam, &table)])
        );
    }
    let def = format!(
        r#"{{"StartAt":"Get","States":{{
          "Get":{{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{{"TableName":"orders","Key":{{}}}},"Next":"Put"}},
          "Put":{{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","Parameters":{{"TableName":"{table}","Item":{{}}}},"End":true}}}}}}"#
    );
    let r = derive_text(&def, &input());
    let p = policy(&r);
    assert_eq!(p.statements.len(), 1, "{}", p.to_pretty());
    assert_eq!(p.statements[0].sid, "DynamodbTableOrders");
    assert_eq!(
        p.statements[0].actions.iter().collect::<Vec<_>>(),
        ["dynamodb:GetItem", "dynamodb:PutItem"]
    );
}

// ---------- ECS ----------

#[test]
fn ecs_run_task_per_pattern_with_pass_role() {
    let td = format!("arn:aws:ecs:eu-west-1:{ACCOUNT}:task-definition/settle:3");
    let roles = format!("arn:aws:iam::{ACCOUNT}:role/*");
    let params = r#"{"Cluster":"main","TaskDefinition":"settle:3","LaunchType":"FARGATE"}"#;
    for pattern in ["", ".waitForTaskToken"] {
        let r = derive_text(
            &task(&format!("arn:aws:states:::ecs:runTask{pattern}"), params),
            &input(),
        );
        assert_eq!(
            grants(&r),
            pairs(&[("ecs:RunTask", &td), ("iam:PassRole", &roles)])
        );
        let pass = policy(&r)
            .find("iam:PassRole", &roles)
            .map(|s| s.condition.clone());
        assert_eq!(
            pass.and_then(|c| c.get("StringEquals").cloned())
                .and_then(|m| m.get("iam:PassedToService").cloned())
                .map(|v| v.into_iter().collect::<Vec<_>>()),
            Some(vec!["ecs-tasks.amazonaws.com".to_string()])
        );
        assert_eq!(
            codes(&r),
            [("IAM006", "/States/T/Parameters/TaskDefinition".to_string())]
        );
    }
    let r = derive_text(&task("arn:aws:states:::ecs:runTask.sync", params), &input());
    assert_eq!(
        grants(&r),
        with_rule(
            vec![
                ("ecs:RunTask", td.clone()),
                ("ecs:StopTask", "*".into()),
                ("ecs:DescribeTasks", "*".into()),
                ("iam:PassRole", roles.clone()),
            ],
            "StepFunctionsGetEventsForECSTaskRule"
        )
    );
    // Both roles named in the overrides: exactly those, no warning.
    let r = derive_text(
        &task(
            "arn:aws:states:::ecs:runTask",
            r#"{"TaskDefinition":"settle","Overrides":{"TaskRoleArn":"app","ExecutionRoleArn":"arn:aws:iam::111122223333:role/exec"}}"#,
        ),
        &input(),
    );
    assert_eq!(
        grants(&r),
        pairs(&[
            (
                "ecs:RunTask",
                &format!("arn:aws:ecs:eu-west-1:{ACCOUNT}:task-definition/settle:*")
            ),
            ("iam:PassRole", &format!("arn:aws:iam::{ACCOUNT}:role/app")),
            ("iam:PassRole", &format!("arn:aws:iam::{ACCOUNT}:role/exec")),
        ])
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

// ---------- Glue, Batch, Athena, EMR ----------

#[test]
fn glue_start_job_run_per_pattern() {
    let p = r#"{"JobName":"nightly"}"#;
    assert_eq!(
        only(&task("arn:aws:states:::glue:startJobRun", p)),
        pairs(&[("glue:StartJobRun", "*")])
    );
    assert_eq!(
        only(&task("arn:aws:states:::glue:startJobRun.sync", p)),
        pairs(&[
            ("glue:StartJobRun", "*"),
            ("glue:GetJobRun", "*"),
            ("glue:GetJobRuns", "*"),
            ("glue:BatchStopJobRun", "*"),
        ])
    );
}

#[test]
fn batch_submit_job_per_pattern() {
    let p = r#"{"JobName":"settle","JobQueue":"q","JobDefinition":"d"}"#;
    assert_eq!(
        only(&task("arn:aws:states:::batch:submitJob", p)),
        pairs(&[("batch:SubmitJob", "*")])
    );
    assert_eq!(
        only(&task("arn:aws:states:::batch:submitJob.sync", p)),
        with_rule(
            vec![
                ("batch:SubmitJob", "*".into()),
                ("batch:DescribeJobs", "*".into()),
                ("batch:TerminateJob", "*".into()),
            ],
            "StepFunctionsGetEventsForBatchJobsRule"
        )
    );
}

#[test]
fn athena_queries_per_pattern_and_api() {
    let wg = format!("arn:aws:athena:eu-west-1:{ACCOUNT}:workgroup/reports");
    let catalogs = format!("arn:aws:athena:eu-west-1:{ACCOUNT}:datacatalog/*");
    let p = r#"{"QueryString":"SELECT 1","WorkGroup":"reports"}"#;
    let rr = only(&task("arn:aws:states:::athena:startQueryExecution", p));
    let sync = only(&task("arn:aws:states:::athena:startQueryExecution.sync", p));
    for (set, extra) in [(&rr, false), (&sync, true)] {
        for (a, r) in [
            ("athena:StartQueryExecution", wg.as_str()),
            ("athena:GetDataCatalog", catalogs.as_str()),
            ("s3:GetObject", "arn:aws:s3:::*"),
            ("s3:PutObject", "arn:aws:s3:::*"),
            (
                "glue:GetTable",
                &format!("arn:aws:glue:eu-west-1:{ACCOUNT}:table/*"),
            ),
            (
                "glue:GetDatabase",
                &format!("arn:aws:glue:eu-west-1:{ACCOUNT}:catalog"),
            ),
            ("lakeformation:GetDataAccess", "*"),
        ] {
            assert!(set.contains(&(a.to_string(), r.to_string())), "{a} on {r}");
        }
        for a in ["athena:StopQueryExecution", "athena:GetQueryExecution"] {
            assert_eq!(set.contains(&(a.to_string(), wg.clone())), extra, "{a}");
        }
    }
    // The default workgroup.
    let r = only(&task(
        "arn:aws:states:::athena:startQueryExecution",
        r#"{"QueryString":"SELECT 1"}"#,
    ));
    assert!(r.contains(&(
        "athena:StartQueryExecution".into(),
        format!("arn:aws:athena:eu-west-1:{ACCOUNT}:workgroup/primary")
    )));
    assert_eq!(
        only(&task(
            "arn:aws:states:::athena:getQueryResults",
            r#"{"QueryExecutionId.$":"$.id"}"#
        )),
        pairs(&[
            (
                "athena:GetQueryResults",
                &format!("arn:aws:athena:eu-west-1:{ACCOUNT}:workgroup/*")
            ),
            ("s3:GetObject", "arn:aws:s3:::*"),
        ])
    );
}

#[test]
fn emr_main_actions_per_pattern() {
    let cluster = format!("arn:aws:elasticmapreduce:eu-west-1:{ACCOUNT}:cluster/j-123");
    let p = r#"{"ClusterId":"j-123","Step":{"Name":"s"}}"#;
    assert_eq!(
        only(&task("arn:aws:states:::elasticmapreduce:addStep", p)),
        pairs(&[("elasticmapreduce:AddJobFlowSteps", &cluster)])
    );
    assert_eq!(
        only(&task("arn:aws:states:::elasticmapreduce:addStep.sync", p)),
        with_rule(
            vec![
                ("elasticmapreduce:AddJobFlowSteps", cluster.clone()),
                ("elasticmapreduce:DescribeStep", cluster.clone()),
                ("elasticmapreduce:CancelSteps", cluster.clone()),
            ],
            "StepFunctionsGetEventForEMRAddJobFlowStepsRule"
        )
    );
    assert_eq!(
        only(&task(
            "arn:aws:states:::elasticmapreduce:terminateCluster.sync",
            r#"{"ClusterId":"j-123"}"#
        )),
        with_rule(
            vec![
                ("elasticmapreduce:TerminateJobFlows", cluster.clone()),
                ("elasticmapreduce:DescribeCluster", cluster.clone()),
            ],
            "StepFunctionsGetEventForEMRTerminateJobFlowsRule"
        )
    );
    assert_eq!(
        only(&task(
            "arn:aws:states:::elasticmapreduce:cancelStep",
            r#"{"ClusterId":"j-123","StepId":"s-1"}"#
        )),
        pairs(&[("elasticmapreduce:CancelSteps", &cluster)])
    );
    let r = derive_text(
        &task(
            "arn:aws:states:::elasticmapreduce:createCluster.sync",
            r#"{"Name":"c","ServiceRole":"EMR_DefaultRole","JobFlowRole":"EMR_EC2_DefaultRole","ReleaseLabel":"emr-7.0.0"}"#,
        ),
        &input(),
    );
    assert_eq!(
        grants(&r),
        with_rule(
            vec![
                ("elasticmapreduce:RunJobFlow", "*".into()),
                ("elasticmapreduce:DescribeCluster", "*".into()),
                ("elasticmapreduce:TerminateJobFlows", "*".into()),
                (
                    "iam:PassRole",
                    format!("arn:aws:iam::{ACCOUNT}:role/EMR_DefaultRole")
                ),
                (
                    "iam:PassRole",
                    format!("arn:aws:iam::{ACCOUNT}:role/EMR_EC2_DefaultRole")
                ),
            ],
            "StepFunctionsGetEventForEMRRunJobFlowRule"
        )
    );
    assert_eq!(
        codes(&r),
        [("IAM006", "/States/T/Parameters/JobFlowRole".to_string())]
    );
    // The warning names only what it is about.
    let msg = &r.diagnostics[0].message;
    assert!(
        msg.ends_with(&format!(
            "allows iam:PassRole on arn:aws:iam::{ACCOUNT}:role/EMR_EC2_DefaultRole."
        )),
        "{msg}"
    );
    let r = derive_text(
        &task(
            "arn:aws:states:::elasticmapreduce:addStep",
            r#"{"ClusterId.$":"$.cluster","Step":{}}"#,
        ),
        &input(),
    );
    assert_eq!(
        grants(&r),
        pairs(&[(
            "elasticmapreduce:AddJobFlowSteps",
            &format!("arn:aws:elasticmapreduce:eu-west-1:{ACCOUNT}:cluster/*")
        )])
    );
}

// ---------- Step Functions ----------

#[test]
fn nested_executions_per_pattern() {
    let child = "arn:aws:states:us-east-1:444455556666:stateMachine:child";
    let executions = "arn:aws:states:us-east-1:444455556666:execution:child:*";
    let p = format!(r#"{{"StateMachineArn":"{child}","Input":{{"token.$":"$$.Task.Token"}}}}"#);
    for pattern in ["", ".waitForTaskToken"] {
        assert_eq!(
            only(&task(
                &format!("arn:aws:states:::states:startExecution{pattern}"),
                &p
            )),
            pairs(&[("states:StartExecution", child)])
        );
    }
    for pattern in [".sync", ".sync:2"] {
        assert_eq!(
            only(&task(
                &format!("arn:aws:states:::states:startExecution{pattern}"),
                &p
            )),
            with_rule(
                vec![
                    ("states:StartExecution", child.into()),
                    ("states:DescribeExecution", executions.into()),
                    ("states:StopExecution", executions.into()),
                ],
                "StepFunctionsGetEventsForStepFunctionsExecutionRule"
            ),
            "{pattern}"
        );
    }
    // An alias: start the alias, watch the machine's executions.
    let r = only(&task(
        "arn:aws:states:::states:startExecution.sync:2",
        &format!(r#"{{"StateMachineArn":"{child}:prod"}}"#),
    ));
    assert!(r.contains(&("states:StartExecution".into(), format!("{child}:prod"))));
    assert!(r.contains(&("states:DescribeExecution".into(), executions.into())));
}

// ---------- Distributed Map ----------

fn distributed(reader: &str, writer: &str) -> String {
    format!(
        r#"{{"StartAt":"M","States":{{"M":{{"Type":"Map",
          "ItemProcessor":{{"ProcessorConfig":{{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}},"StartAt":"P","States":{{"P":{{"Type":"Pass","End":true}}}}}},
          {reader}{writer}"End":true}}}}}}"#
    )
}

#[test]
fn distributed_map_child_executions_of_its_own_machine() {
    let r = derive_text(&distributed(r#""ItemsPath":"$.items","#, ""), &input());
    let m = format!("arn:aws:states:eu-west-1:{ACCOUNT}");
    assert_eq!(
        grants(&r),
        pairs(&[
            ("states:StartExecution", &format!("{m}:stateMachine:orders")),
            (
                "states:StartExecution",
                &format!("{m}:stateMachine:orders:*")
            ),
            (
                "states:DescribeExecution",
                &format!("{m}:execution:orders:*")
            ),
            (
                "states:DescribeExecution",
                &format!("{m}:execution:orders/*")
            ),
            (
                "states:RedriveExecution",
                &format!("{m}:execution:orders/*")
            ),
        ])
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    // Without the machine's name: every machine of the account, and a warning saying so.
    let r = derive_text(
        &distributed(r#""ItemsPath":"$.items","#, ""),
        &Input {
            machine_name: None,
            ..input()
        },
    );
    assert!(grants(&r).contains(&(
        "states:StartExecution".into(),
        format!("{m}:stateMachine:*")
    )));
    assert_eq!(codes(&r), [("IAM003", "/".to_string())]);
    assert!(r.diagnostics[0].message.contains("name"));
}

#[test]
fn item_readers_and_result_writer_objects() {
    let csv = only(&distributed(
        r#""ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},"Parameters":{"Bucket":"data","Key":"in/ratings.csv"}},"#,
        r#""ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"csvJobs"}},"#,
    ));
    for (a, r) in [
        ("s3:GetObject", "arn:aws:s3:::data/in/ratings.csv"),
        ("s3:PutObject", "arn:aws:s3:::out/csvJobs/*"),
        ("s3:GetObject", "arn:aws:s3:::out/csvJobs/*"),
        ("s3:ListMultipartUploadParts", "arn:aws:s3:::out/csvJobs/*"),
        ("s3:AbortMultipartUpload", "arn:aws:s3:::out/csvJobs/*"),
    ] {
        assert!(csv.contains(&(a.into(), r.into())), "{a} on {r}: {csv:?}");
    }
    let manifest = only(&distributed(
        r#""ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"MANIFEST"},"Parameters":{"Bucket":"inv","Key":"p/src/cfg/2024-01-01T00-00Z/manifest.json"}},"#,
        "",
    ));
    assert!(manifest.contains(&(
        "s3:GetObject".into(),
        "arn:aws:s3:::inv/p/src/cfg/2024-01-01T00-00Z/manifest.json".into()
    )));
    assert!(manifest.contains(&(
        "s3:GetObject".into(),
        "arn:aws:s3:::inv/p/src/cfg/data/*".into()
    )));
    let r = derive_text(
        &distributed(
            r#""ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"data","Prefix":"images/"}},"#,
            "",
        ),
        &input(),
    );
    let list = policy(&r)
        .find("s3:ListBucket", "arn:aws:s3:::data")
        .map(|s| s.condition.clone());
    assert_eq!(
        list.and_then(|c| c.get("StringLike").cloned())
            .and_then(|m| m.get("s3:prefix").cloned())
            .map(|v| v.into_iter().collect::<Vec<_>>()),
        Some(vec!["images/*".to_string()])
    );
    assert!(grants(&r).contains(&("s3:GetObject".into(), "arn:aws:s3:::data/images/*".into())));
}

// ---------- HTTP Task ----------

#[test]
fn http_task_endpoint_connection_and_secret() {
    let conn = format!("arn:aws:events:eu-west-1:{ACCOUNT}:connection/stripe/0b1c");
    let r = derive_text(
        &task(
            "arn:aws:states:::http:invoke",
            &format!(
                r#"{{"ApiEndpoint":"https://api.stripe.com/v1/charges","Method":"POST","Authentication":{{"ConnectionArn":"{conn}"}}}}"#
            ),
        ),
        &input(),
    );
    let machine = format!("arn:aws:states:eu-west-1:{ACCOUNT}:stateMachine:orders");
    let secret =
        format!("arn:aws:secretsmanager:eu-west-1:{ACCOUNT}:secret:events!connection/stripe/*");
    assert_eq!(
        grants(&r),
        pairs(&[
            ("states:InvokeHTTPEndpoint", &machine),
            ("states:InvokeHTTPEndpoint", &format!("{machine}:*")),
            ("events:RetrieveConnectionCredentials", &conn),
            ("secretsmanager:GetSecretValue", &secret),
            ("secretsmanager:DescribeSecret", &secret),
        ])
    );
    let invoke = policy(&r).find("states:InvokeHTTPEndpoint", &machine);
    let c = invoke.map(|s| Json::from(&s.condition).to_compact());
    assert_eq!(
        c.as_deref(),
        Some(
            r#"{"StringEquals":{"states:HTTPMethod":["POST"]},"StringLike":{"states:HTTPEndpoint":["https://api.stripe.com/v1/charges*"]}}"#
        )
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    // A computed endpoint keeps its fixed prefix, with a warning.
    let r = derive_text(
        &task(
            "arn:aws:states:::http:invoke",
            &format!(
                r#"{{"ApiEndpoint.$":"States.Format('https://api.example.com/orders/{{}}', $.id)","Method":"GET","Authentication":{{"ConnectionArn":"{conn}"}}}}"#
            ),
        ),
        &input(),
    );
    let invoke = policy(&r).find("states:InvokeHTTPEndpoint", &machine);
    assert!(invoke
        .map(|s| Json::from(&s.condition).to_compact())
        .is_some_and(|c| c.contains(r#""https://api.example.com/orders/*""#)));
    assert_eq!(codes(&r)[0].0, "IAM001");
}

// ---------- Credentials, SDK, activities ----------

#[test]
fn credentials_assume_the_role_and_move_the_task_permissions_there() {
    let role = "arn:aws:iam::444455556666:role/cross-account";
    let def = format!(
        r#"{{"StartAt":"T","States":{{"T":{{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Credentials":{{"RoleArn":"{role}"}},"Parameters":{{"FunctionName":"arn:aws:lambda:eu-west-1:444455556666:function:charge"}},"End":true}}}}}}"#
    );
    let r = derive_text(&def, &input());
    assert_eq!(grants(&r), pairs(&[("sts:AssumeRole", role)]));
    assert_eq!(codes(&r), [("IAM005", "/States/T/Credentials".to_string())]);
    assert!(r.diagnostics[0].message.contains(
        "lambda:InvokeFunction on arn:aws:lambda:eu-west-1:444455556666:function:charge"
    ));
    let def = def
        .replace(r#""RoleArn""#, r#""RoleArn.$""#)
        .replace(role, "$.role");
    let r = derive_text(&def, &input());
    assert_eq!(grants(&r), pairs(&[("sts:AssumeRole", "*")]));
    assert!(codes(&r).contains(&("IAM001", "/States/T/Credentials/RoleArn.$".to_string())));
}

#[test]
fn sdk_integrations_name_the_iam_action_on_every_resource() {
    for (resource, params, action) in [
        (
            "arn:aws:states:::aws-sdk:ec2:describeInstances",
            r#"{"InstanceIds":["i-1"]}"#,
            "ec2:DescribeInstances",
        ),
        (
            "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
            r#"{"TaskToken.$":"$.token","Output":"{}"}"#,
            "states:SendTaskSuccess",
        ),
        (
            "arn:aws:states:::aws-sdk:cloudwatchlogs:putLogEvents",
            r#"{"LogGroupName":"g","LogStreamName":"s","LogEvents":[]}"#,
            "logs:PutLogEvents",
        ),
        (
            "arn:aws:states:::aws-sdk:emr:listClusters",
            "{}",
            "elasticmapreduce:ListClusters",
        ),
        // A table call without TableName: `*`.
        (
            "arn:aws:states:::aws-sdk:dynamodb:batchWriteItem",
            r#"{"RequestItems":{}}"#,
            "dynamodb:BatchWriteItem",
        ),
    ] {
        let r = derive_text(&task(resource, params), &input());
        assert_eq!(grants(&r), pairs(&[(action, "*")]), "{resource}");
        assert_eq!(codes(&r), [("IAM002", "/States/T/Resource".to_string())]);
    }
}

#[test]
fn sdk_calls_on_tables_objects_queues_and_functions_get_their_resources() {
    let table = format!("arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/orders");
    for (resource, params, expected) in [
        (
            "arn:aws:states:::aws-sdk:dynamodb:query",
            r#"{"TableName":"orders","KeyConditionExpression":"pk = :v"}"#,
            vec![
                ("dynamodb:Query", table.clone()),
                ("dynamodb:Query", format!("{table}/index/*")),
            ],
        ),
        (
            "arn:aws:states:::aws-sdk:dynamodb:putItem",
            r#"{"TableName":"orders","Item":{}}"#,
            vec![("dynamodb:PutItem", table.clone())],
        ),
        (
            "arn:aws:states:::aws-sdk:s3:getObject",
            r#"{"Bucket":"config","Key":"settings.json"}"#,
            vec![("s3:GetObject", "arn:aws:s3:::config/settings.json".into())],
        ),
        (
            "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            r#"{"Bucket":"config"}"#,
            vec![("s3:ListBucket", "arn:aws:s3:::config".into())],
        ),
        (
            "arn:aws:states:::aws-sdk:sqs:receiveMessage",
            r#"{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"}"#,
            vec![(
                "sqs:ReceiveMessage",
                "arn:aws:sqs:eu-west-1:111122223333:jobs".into(),
            )],
        ),
        (
            "arn:aws:states:::aws-sdk:lambda:invoke",
            r#"{"FunctionName":"charge"}"#,
            vec![(
                "lambda:InvokeFunction",
                format!("arn:aws:lambda:eu-west-1:{ACCOUNT}:function:charge"),
            )],
        ),
        (
            "arn:aws:states:::aws-sdk:sfn:startSyncExecution",
            r#"{"StateMachineArn":"arn:aws:states:eu-west-1:111122223333:stateMachine:fast"}"#,
            vec![(
                "states:StartSyncExecution",
                "arn:aws:states:eu-west-1:111122223333:stateMachine:fast".into(),
            )],
        ),
    ] {
        let r = derive_text(&task(resource, params), &input());
        let mut want: Vec<(String, String)> = expected
            .into_iter()
            .map(|(a, r)| (a.to_string(), r))
            .collect();
        want.sort();
        assert_eq!(grants(&r), want, "{resource}");
        assert!(r.diagnostics.is_empty(), "{resource}: {:?}", r.diagnostics);
    }
    // Computed: the widest resource of the call, with IAM001 (not IAM002).
    let r = derive_text(
        &task(
            "arn:aws:states:::aws-sdk:s3:getObject",
            r#"{"Bucket":"config","Key.$":"$.key"}"#,
        ),
        &input(),
    );
    assert_eq!(
        grants(&r),
        pairs(&[("s3:GetObject", "arn:aws:s3:::config/*")])
    );
    assert_eq!(
        codes(&r),
        [("IAM001", "/States/T/Parameters/Key.$".to_string())]
    );
}

#[test]
fn activities_need_nothing_and_uncovered_integrations_say_so() {
    let r = derive_text(
        r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:eu-west-1:111122223333:activity:review","End":true}}}"#,
        &input(),
    );
    assert!(policy(&r).statements.is_empty());
    assert!(r.diagnostics.is_empty());
    let r = derive_text(
        &task("arn:aws:states:::eks:runJob.sync", r#"{"ClusterName":"c"}"#),
        &input(),
    );
    assert!(policy(&r).statements.is_empty());
    assert_eq!(codes(&r), [("IAM004", "/States/T/Resource".to_string())]);
    assert!(r.diagnostics[0].hint().contains("connect-eks.html"));
}

// ---------- the machine's own settings ----------

#[test]
fn logging_tracing_and_a_customer_key() {
    let key = format!("arn:aws:kms:eu-west-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    let r = derive_text(
        r#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#,
        &Input {
            logging: true,
            tracing: true,
            kms_key: Some(key.clone()),
            ..input()
        },
    );
    let g = grants(&r);
    for a in [
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutLogEvents",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
    ] {
        assert!(g.contains(&(a.to_string(), "*".to_string())), "{a}");
    }
    let p = policy(&r);
    let conditions: Vec<String> = p
        .statements
        .iter()
        .filter(|s| s.resources.contains(&key))
        .map(|s| Json::from(&s.condition).to_compact())
        .collect();
    assert_eq!(
        conditions,
        [
            format!(
                r#"{{"StringEquals":{{"kms:EncryptionContext:aws:states:stateMachineArn":["arn:aws:states:eu-west-1:{ACCOUNT}:stateMachine:orders"]}}}}"#
            ),
            format!(
                r#"{{"StringLike":{{"kms:EncryptionContext:SourceArn":["arn:aws:logs:eu-west-1:{ACCOUNT}:*"]}}}}"#
            ),
        ]
    );
}

// ---------- region, account, unknowns, determinism ----------

#[test]
fn region_and_account_come_from_the_workflow_arns_when_not_given() {
    let def = task(
        "arn:aws:states:::dynamodb:getItem",
        r#"{"TableName":"orders","Key":{},"ConditionExpression":"arn:aws:sns:ap-south-1:444455556666:x"}"#,
    );
    let r = derive_text(&def, &Input::default());
    assert_eq!(
        grants(&r),
        pairs(&[(
            "dynamodb:GetItem",
            "arn:aws:dynamodb:ap-south-1:444455556666:table/orders"
        )])
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    // Nothing to go by: `*`, and one note each.
    let r = derive_text(
        &task(
            "arn:aws:states:::dynamodb:getItem",
            r#"{"TableName":"orders","Key":{}}"#,
        ),
        &Input::default(),
    );
    assert_eq!(
        grants(&r),
        pairs(&[("dynamodb:GetItem", "arn:aws:dynamodb:*:*:table/orders")])
    );
    assert_eq!(
        codes(&r),
        [("IAM003", "/".to_string()), ("IAM003", "/".to_string())]
    );
    // GovCloud: the partition follows the region.
    let r = derive_text(
        &task(
            "arn:aws:states:::dynamodb:getItem",
            r#"{"TableName":"orders","Key":{}}"#,
        ),
        &Input {
            region: Some("us-gov-west-1".into()),
            ..input()
        },
    );
    assert_eq!(
        grants(&r),
        pairs(&[(
            "dynamodb:GetItem",
            &format!("arn:aws-us-gov:dynamodb:us-gov-west-1:{ACCOUNT}:table/orders")
        )])
    );
}

#[test]
fn an_unknown_value_makes_the_policy_unknown() {
    let def = task(
        "arn:aws:states:::lambda:invoke",
        r#"{"FunctionName":"(not yet known) 1","Payload.$":"$"}"#,
    );
    let at = Path::root()
        .key("States")
        .key("T")
        .key("Parameters")
        .key("FunctionName");
    let r = derive_text(
        &def,
        &Input {
            unknown: vec![at.clone()],
            ..input()
        },
    );
    assert!(r.policy.is_none());
    assert_eq!(r.unknown, Some(at));
    // An unknown value the policy does not read changes nothing.
    let r = derive_text(
        &def,
        &Input {
            unknown: vec![Path::root()
                .key("States")
                .key("T")
                .key("Parameters")
                .key("Payload.$")],
            ..input()
        },
    );
    assert!(r.policy.is_some() && r.unknown.is_none());
    // An unknown Resource.
    let r = derive_text(
        &def,
        &Input {
            unknown: vec![Path::root().key("States").key("T").key("Resource")],
            ..input()
        },
    );
    assert!(r.policy.is_none() && r.unknown.is_some());
}

#[test]
fn a_scope_with_states_not_yet_known_makes_the_policy_unknown() {
    let report = parse_str(&task(
        "arn:aws:states:::lambda:invoke",
        r#"{"FunctionName":"charge"}"#,
    ));
    let Some(mut machine) = report.machine else {
        panic!("no model")
    };
    assert!(derive(&machine, &input()).policy.is_some());
    machine.open = true;
    let r = derive(&machine, &input());
    assert!(r.policy.is_none());
    assert_eq!(r.unknown, Some(Path::root().key("States")));
}

#[test]
fn a_template_placeholder_resource_cannot_be_derived() {
    let r = derive_text(
        r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"${ChargeArn}","End":true}}}"#,
        &input(),
    );
    assert!(r.policy.is_none());
    assert_eq!(codes(&r), [("IAM008", "/States/T/Resource".to_string())]);
}

#[test]
fn the_same_workflow_gives_the_same_bytes_whatever_the_state_order() {
    let states = [
        r#""A":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/111122223333/a","MessageBody":"x"},"Next":"B"}"#,
        r#""B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"Next":"C"}"#,
        r#""C":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask.sync","Parameters":{"TaskDefinition":"t"},"End":true}"#,
    ];
    let forward = format!(r#"{{"StartAt":"A","States":{{{}}}}}"#, states.join(","));
    let mut reversed = states;
    reversed.reverse();
    let backward = format!(r#"{{"StartAt":"A","States":{{{}}}}}"#, reversed.join(","));
    let a = policy(&derive_text(&forward, &input())).to_pretty();
    let b = policy(&derive_text(&backward, &input())).to_pretty();
    assert_eq!(a, b);
    assert_eq!(a, policy(&derive_text(&forward, &input())).to_pretty());
}

#[test]
fn nested_workflows_are_covered() {
    let def = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
        {"StartAt":"L","States":{"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"a"},"End":true}}},
        {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.x","End":true,"ItemProcessor":{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Parameters":{"TopicArn":"arn:aws:sns:eu-west-1:111122223333:t","Message":"m"},"End":true}}}}}}]}}}"#;
    let g = only(def);
    assert_eq!(
        g,
        pairs(&[
            (
                "lambda:InvokeFunction",
                "arn:aws:lambda:eu-west-1:111122223333:function:a"
            ),
            ("sns:Publish", "arn:aws:sns:eu-west-1:111122223333:t"),
        ])
    );
}

#[test]
fn a_policy_over_the_inline_limit_is_reported() {
    let states: Vec<String> = (0..200)
        .map(|i| {
            let next = if i == 199 {
                r#""End":true"#.to_string()
            } else {
                format!(r#""Next":"S{}""#, i + 1)
            };
            format!(
                r#""S{i}":{{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{{"FunctionName":"function-number-{i}"}},{next}}}"#
            )
        })
        .collect();
    let def = format!(r#"{{"StartAt":"S0","States":{{{}}}}}"#, states.join(","));
    let r = derive_text(&def, &input());
    assert!(
        codes(&r).contains(&("IAM007", "/".to_string())),
        "{:?}",
        codes(&r)
    );
    assert_eq!(policy(&r).statements.len(), 200);
}

#[test]
fn api_gateway_calls_are_granted_only_when_signed() {
    let api = "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com";
    let r = derive_text(
        &task(
            "arn:aws:states:::apigateway:invoke",
            &format!(r#"{{"ApiEndpoint":"{api}","Method":"GET","Stage":"prod","Path":"orders"}}"#),
        ),
        &input(),
    );
    assert!(policy(&r).statements.is_empty(), "NO_AUTH needs nothing");
    let r = derive_text(
        &task(
            "arn:aws:states:::apigateway:invoke",
            &format!(
                r#"{{"ApiEndpoint":"{api}","Method":"POST","Stage":"prod","Path.$":"$.path","AuthType":"IAM_ROLE"}}"#
            ),
        ),
        &input(),
    );
    assert_eq!(
        grants(&r),
        pairs(&[(
            "execute-api:Invoke",
            &format!("arn:aws:execute-api:eu-west-1:{ACCOUNT}:a1b2c3d4e5/prod/POST/*")
        )])
    );
    assert_eq!(
        codes(&r),
        [("IAM001", "/States/T/Parameters/Path.$".to_string())]
    );
}

#[test]
fn emr_serverless_applications_and_job_runs() {
    let app = format!("arn:aws:emr-serverless:eu-west-1:{ACCOUNT}:/applications/00f1");
    let role = format!("arn:aws:iam::{ACCOUNT}:role/spark");
    let job = r#"{"ApplicationId":"00f1","ExecutionRoleArn":"arn:aws:iam::111122223333:role/spark","JobDriver":{}}"#;
    assert_eq!(
        only(&task("arn:aws:states:::emr-serverless:startJobRun", job)),
        pairs(&[
            ("emr-serverless:StartJobRun", &app),
            ("iam:PassRole", &role)
        ])
    );
    assert_eq!(
        only(&task(
            "arn:aws:states:::emr-serverless:startJobRun.sync",
            job
        )),
        with_rule(
            vec![
                ("emr-serverless:StartJobRun", app.clone()),
                ("iam:PassRole", role.clone()),
                ("emr-serverless:GetJobRun", format!("{app}/jobruns/*")),
                ("emr-serverless:CancelJobRun", format!("{app}/jobruns/*")),
            ],
            "StepFunctionsGetEventsForEMRServerlessJobRule"
        )
    );
    assert_eq!(
        only(&task(
            "arn:aws:states:::emr-serverless:startApplication.sync",
            r#"{"ApplicationId":"00f1"}"#
        )),
        with_rule(
            vec![
                ("emr-serverless:StartApplication", app.clone()),
                ("emr-serverless:GetApplication", app.clone()),
                ("emr-serverless:StopApplication", app.clone()),
            ],
            "StepFunctionsGetEventsForEMRServerlessApplicationRule"
        )
    );
    assert_eq!(
        only(&task(
            "arn:aws:states:::emr-serverless:cancelJobRun",
            r#"{"ApplicationId":"00f1","JobRunId":"r1"}"#
        )),
        pairs(&[("emr-serverless:CancelJobRun", &format!("{app}/jobruns/r1"))])
    );
    let r = only(&task(
        "arn:aws:states:::emr-serverless:createApplication",
        r#"{"Name":"a","ReleaseLabel":"emr-6.9.0","Type":"SPARK"}"#,
    ));
    assert!(r.contains(&(
        "emr-serverless:CreateApplication".into(),
        format!("arn:aws:emr-serverless:eu-west-1:{ACCOUNT}:/*")
    )));
    assert!(r.iter().any(|(a, _)| a == "iam:CreateServiceLinkedRole"));
}
