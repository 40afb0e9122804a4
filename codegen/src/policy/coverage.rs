//! The coverage table of the docs, generated from the catalogue the policy is derived from:
//! every integration, pattern, IAM action and resource.

use std::fmt::Write as _;

use crate::integrations::catalogue::{self, Cond, Grant, Res, SERVICES};
use crate::integrations::Pattern;

fn resource(r: &Res) -> (String, String) {
    match r {
        Res::Any => ("`*`".into(), String::new()),
        Res::Arn(t) => (format!("`{t}`"), String::new()),
        Res::Rule(name) => (
            format!("`arn:{{partition}}:events:{{region}}:{{account}}:rule/{name}`"),
            String::new(),
        ),
        Res::Param(p) => {
            let (written, computed) = p.template();
            (written.to_string(), computed.to_string())
        }
    }
}

fn condition(c: Cond) -> &'static str {
    match c {
        Cond::None => "",
        Cond::PassedToService(_) => "`iam:PassedToService`",
        Cond::AwsServiceName(_) => "`iam:AWSServiceName`",
        Cond::HttpRequest => {
            "`states:HTTPMethod` = `Method`, `states:HTTPEndpoint` like `ApiEndpoint*`"
        }
        Cond::S3Prefix => "`s3:prefix` like `Prefix*`",
        Cond::EmrContainersExecutionRole => {
            "`emr-containers:ExecutionRoleArn` = `ExecutionRoleArn`"
        }
        Cond::KmsStateMachine => "`kms:EncryptionContext:aws:states:stateMachineArn` = the machine",
        Cond::KmsLogDelivery => "`kms:EncryptionContext:SourceArn` like the account's log groups",
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn rows(out: &mut String, what: &str, pattern: &str, grants: &mut dyn Iterator<Item = &Grant>) {
    for g in grants {
        let actions: Vec<String> = g.actions.iter().map(|a| format!("`{a}`")).collect();
        let (written, computed): (Vec<String>, Vec<String>) =
            g.resources.iter().map(resource).unzip();
        let computed: Vec<String> = computed.into_iter().filter(|c| !c.is_empty()).collect();
        let _ = writeln!(
            out,
            "| {what} | {pattern} | {} | {} | {} | {} |",
            actions.join(", "),
            cell(&written.join("<br>")),
            cell(&computed.join("<br>")),
            cell(condition(g.condition)),
        );
    }
}

const HEADER: &str = "| Integration | Pattern | IAM actions | Resource | Resource when computed at run time | Condition |\n| --- | --- | --- | --- | --- | --- |\n";

/// The coverage page (Markdown).
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("---\npage_title: \"IAM policy coverage - sfn\"\nsubcategory: \"\"\ndescription: |-\n  Every integration the derived IAM policy covers: the actions and resources per pattern.\n---\n\n");
    out.push_str("# IAM policy coverage\n\n");
    out.push_str("Generated from the integration catalogue (`codegen/src/integrations/catalogue/`) that `iam_policy_json` and `sfn-asl policy` are derived from. Facts from AWS's Step Functions developer guide (each integration's page and \"IAM policies for integrated services\"). `{partition}`, `{region}` and `{account}` are the state machine's (from the policy's inputs, else from the workflow's ARNs, else `*`). See [the guide](iam-policy.md) for how to use the policy.\n\n");
    out.push_str("A resource \"computed at run time\" is one given by a path (`FunctionName.$`) or a JSONata expression: the statement then uses the widest resource that is still correct, and a warning (IAM001) at that field says how to narrow it.\n\n");
    out.push_str("## Optimized integrations\n\n");
    out.push_str(HEADER);
    let mut uncovered = Vec::new();
    for s in SERVICES.iter().filter(|s| !s.map_only) {
        for a in s.actions {
            if !a.is_covered() {
                uncovered.push(format!(
                    "`{}:{}` ({})",
                    s.name,
                    a.name,
                    a.patterns.describe()
                ));
                continue;
            }
            for p in a.patterns.iter() {
                let what = format!("`{}:{}{}`", s.name, a.name, p.suffix());
                rows(&mut out, &what, p.name(), &mut a.grants_for(p));
            }
        }
    }
    out.push_str("\n## Other resources and settings\n\n");
    out.push_str(HEADER);
    let other = |out: &mut String, what: &str, pattern: &str, grants: &[Grant]| {
        rows(out, what, pattern, &mut grants.iter());
    };
    other(
        &mut out,
        "Lambda function ARN as `Resource`",
        Pattern::RequestResponse.name(),
        catalogue::LAMBDA_FUNCTION_RESOURCE,
    );
    other(&mut out, "Distributed Map", "", catalogue::DISTRIBUTED_MAP);
    if let Some(s3) = catalogue::service("s3") {
        for a in s3.actions {
            let role = if a.name == "putObject" {
                "ResultWriter"
            } else {
                "ItemReader"
            };
            let what = format!("{role} `s3:{}`", a.name);
            rows(&mut out, &what, "", &mut a.grants.iter());
        }
    }
    other(&mut out, "`Credentials`", "", catalogue::CREDENTIALS);
    other(&mut out, "Logging (`logging`)", "", catalogue::LOGGING);
    other(
        &mut out,
        "X-Ray tracing (`tracing`)",
        "",
        catalogue::TRACING,
    );
    other(
        &mut out,
        "Customer managed KMS key (`kms_key_arn`)",
        "",
        catalogue::KMS,
    );
    other(
        &mut out,
        "Customer managed KMS key with logging",
        "",
        catalogue::KMS_LOG_DELIVERY,
    );
    out.push_str("\nActivities need no permission in the execution role (workers poll with their own). A Task with `Credentials` gets only `sts:AssumeRole`: its own permissions belong to the assumed role (IAM005 lists them). An AWS SDK integration (`aws-sdk:<service>:<action>`) gets the IAM action named from the SDK action, with the services whose IAM prefix differs from their SDK name taken from a table (`codegen/src/integrations/sdk.rs`): on the resource its request names for calls on DynamoDB tables (`TableName`; queries and scans also the table's indexes), S3 objects (`Bucket` and `Key`) and buckets (`Bucket`), SQS queues (`QueueUrl`), SNS topics (`TopicArn`), Lambda functions (`FunctionName`), state machines (`StateMachineArn` of `startExecution`/`startSyncExecution`) and event buses (`putEvents`), and on `*` for any other call (IAM002).\n");
    out.push_str("\n## Not covered\n\nThese optimized integrations are validated but the policy has no statements for them (IAM004 says so at the Task): add their statements from the integration's page by hand.\n\n");
    for u in uncovered {
        let _ = writeln!(out, "- {u}");
    }
    out.push_str("\n## Diagnostics\n\n| Code | Name | Severity | Summary | Fix |\n| --- | --- | --- | --- | --- |\n");
    for r in super::rules::ALL {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            r.code,
            r.name,
            r.severity.as_str(),
            cell(r.summary),
            cell(r.fix)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_covered_integration_and_pattern_has_a_row() {
        let md = markdown();
        for s in SERVICES.iter().filter(|s| !s.map_only) {
            for a in s.actions {
                for p in a.patterns.iter() {
                    let what = format!("| `{}:{}{}` |", s.name, a.name, p.suffix());
                    assert_eq!(
                        md.contains(&what),
                        a.is_covered(),
                        "{what} (covered: {})",
                        a.is_covered()
                    );
                }
                if !a.is_covered() {
                    assert!(md.contains(&format!("- `{}:{}`", s.name, a.name)));
                }
            }
        }
        assert!(md.contains("`lambda:InvokeFunction`"));
        assert!(md.contains("StepFunctionsGetEventsForECSTaskRule"));
    }
}
