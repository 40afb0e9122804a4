//! The policy document: statements collected from every integration, merged into one
//! statement per service and resource (actions united), named and ordered so the same workflow
//! always gives the same bytes, whatever the order of its states.

use std::collections::{BTreeMap, BTreeSet};

use crate::json::Json;

/// `{ operator: { key: [values] } }`, e.g. `StringEquals: { iam:PassedToService: [...] }`.
pub type Condition = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// One `Allow` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: String,
    pub actions: BTreeSet<String>,
    pub resources: BTreeSet<String>,
    pub condition: Condition,
}

/// An IAM policy document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Policy {
    pub statements: Vec<Statement>,
}

/// What an integration needs: actions on resources, under a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub actions: Vec<String>,
    pub resources: BTreeSet<String>,
    pub condition: Condition,
}

/// A statement being collected: its actions, resources and condition.
type Collected = (BTreeSet<String>, BTreeSet<String>, Condition);

/// Collects needs and merges them.
#[derive(Debug, Default)]
pub struct Builder {
    /// (IAM service prefix, resources, condition as JSON) -> the statement.
    grouped: BTreeMap<(String, Vec<String>, String), Collected>,
}

fn prefix(action: &str) -> &str {
    action.split(':').next().unwrap_or(action)
}

impl Builder {
    pub fn add(&mut self, need: Need) {
        if need.actions.is_empty() || need.resources.is_empty() {
            return;
        }
        // One statement per service and resource: actions of different services (`ecs:RunTask`
        // next to `iam:PassRole`) never share a statement.
        let mut by_prefix: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
        for a in &need.actions {
            by_prefix.entry(prefix(a)).or_default().push(a);
        }
        let condition_key = Json::from(&need.condition).to_compact();
        for (p, actions) in by_prefix {
            let key = (
                p.to_string(),
                need.resources.iter().cloned().collect(),
                condition_key.clone(),
            );
            let entry = self.grouped.entry(key).or_insert_with(|| {
                (
                    BTreeSet::new(),
                    need.resources.clone(),
                    need.condition.clone(),
                )
            });
            entry.0.extend(actions.into_iter().cloned());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.grouped.is_empty()
    }

    /// The statements, named and sorted by name.
    pub fn finish(self) -> Policy {
        let mut statements: Vec<Statement> = self
            .grouped
            .into_iter()
            .map(|((p, _, _), (actions, resources, condition))| Statement {
                sid: sid(&p, &resources, &condition),
                actions,
                resources,
                condition,
            })
            .collect();
        statements.sort_by(|a, b| {
            (&a.sid, &a.resources, &a.actions).cmp(&(&b.sid, &b.resources, &b.actions))
        });
        // Names are unique: the same name again gets a number.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for s in &mut statements {
            let n = seen.entry(s.sid.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                s.sid = format!("{}{n}", s.sid);
            }
        }
        Policy { statements }
    }
}

/// `Lambda` + `Function` + `Charge` from `lambda` and `arn:...:function:charge`: the service,
/// then the resource's type and name (`All` for every resource of the type).
fn sid(prefix: &str, resources: &BTreeSet<String>, condition: &Condition) -> String {
    let mut out = pascal(prefix);
    match resources.iter().next() {
        Some(r) if r == "*" => out.push_str("All"),
        Some(r) => {
            let (kind, name) = resource_name(r);
            out.push_str(&pascal(kind));
            if name.trim_end_matches(['*', ':', '/']).is_empty() {
                out.push_str("All");
            } else {
                // Generated IDs (a KMS key's or an EventBridge connection's UUID) make names
                // unreadable.
                let name: Vec<&str> = name.split('/').filter(|p| !is_generated_id(p)).collect();
                out.push_str(&pascal(&name.join("/")));
            }
        }
        None => {}
    }
    if resources.len() > 1 {
        out.push_str("Etc");
    }
    if !condition.is_empty() && prefix == "states" {
        // Several HTTP endpoints of one machine: tell them apart by the endpoint.
        if let Some(endpoint) = condition
            .values()
            .flat_map(|m| m.get("states:HTTPEndpoint"))
            .flatten()
            .next()
        {
            out.push_str(&pascal(endpoint.trim_start_matches("https://")));
        }
    }
    out.truncate(100);
    out
}

/// A UUID-like part: 32 hex digits or more, with dashes.
fn is_generated_id(part: &str) -> bool {
    part.chars().filter(char::is_ascii_hexdigit).count() >= 32
        && part.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

/// The resource type and name of an ARN (`function`, `charge:prod`); S3 buckets and objects
/// have no type.
fn resource_name(arn: &str) -> (&str, &str) {
    let mut parts = arn.splitn(6, ':');
    let service = parts.nth(2).unwrap_or_default();
    let resource = parts.nth(2).unwrap_or(arn);
    if service == "s3" {
        return ("", resource);
    }
    match resource.find([':', '/']) {
        Some(i) => (&resource[..i], &resource[i + 1..]),
        None => ("", resource),
    }
}

/// `stepfunctions-sample_project/x` -> `StepfunctionsSampleProjectX`.
fn pascal(s: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

impl From<&Condition> for Json {
    fn from(c: &Condition) -> Json {
        Json::Object(
            c.iter()
                .map(|(op, keys)| {
                    let keys = keys
                        .iter()
                        .map(|(k, values)| (k.clone(), strings(values)))
                        .collect();
                    (op.clone(), Json::Object(keys))
                })
                .collect(),
        )
    }
}

fn strings(values: &BTreeSet<String>) -> Json {
    Json::Array(values.iter().map(|v| Json::String(v.clone())).collect())
}

impl Policy {
    /// The document: `Version`, then the statements (`Sid`, `Effect`, `Action`, `Resource`,
    /// `Condition`), actions and resources as sorted lists.
    pub fn to_json(&self) -> Json {
        let statements = self
            .statements
            .iter()
            .map(|s| {
                let mut members = vec![
                    ("Sid".to_string(), Json::String(s.sid.clone())),
                    ("Effect".to_string(), Json::String("Allow".into())),
                    ("Action".to_string(), strings(&s.actions)),
                    ("Resource".to_string(), strings(&s.resources)),
                ];
                if !s.condition.is_empty() {
                    members.push(("Condition".to_string(), Json::from(&s.condition)));
                }
                Json::Object(members)
            })
            .collect();
        Json::Object(vec![
            ("Version".to_string(), Json::String("2012-10-17".into())),
            ("Statement".to_string(), Json::Array(statements)),
        ])
    }

    /// Pretty JSON (two-space indentation), as `aws_iam_role_policy.policy` takes it.
    pub fn to_pretty(&self) -> String {
        self.to_json().to_pretty()
    }

    /// The statement granting `action` on `resource`, if any.
    pub fn find(&self, action: &str, resource: &str) -> Option<&Statement> {
        self.statements
            .iter()
            .find(|s| s.actions.contains(action) && s.resources.contains(resource))
    }
}

/// A condition with one operator and key.
pub fn condition(operator: &str, key: &str, values: impl IntoIterator<Item = String>) -> Condition {
    let mut c = Condition::new();
    c.entry(operator.to_string())
        .or_default()
        .insert(key.to_string(), values.into_iter().collect());
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(actions: &[&str], resources: &[&str]) -> Need {
        Need {
            actions: actions.iter().map(|a| a.to_string()).collect(),
            resources: resources.iter().map(|r| r.to_string()).collect(),
            condition: Condition::new(),
        }
    }

    #[test]
    fn one_statement_per_service_and_resource_in_a_stable_order() {
        let mut b = Builder::default();
        b.add(need(
            &["dynamodb:PutItem"],
            &["arn:aws:dynamodb:us-east-1:123456789012:table/orders"],
        ));
        b.add(need(
            &["lambda:InvokeFunction"],
            &["arn:aws:lambda:us-east-1:123456789012:function:charge"],
        ));
        b.add(need(
            &["dynamodb:GetItem"],
            &["arn:aws:dynamodb:us-east-1:123456789012:table/orders"],
        ));
        b.add(need(&["ecs:RunTask", "iam:PassRole"], &["*"]));
        let p = b.finish();
        let sids: Vec<&str> = p.statements.iter().map(|s| s.sid.as_str()).collect();
        assert_eq!(
            sids,
            [
                "DynamodbTableOrders",
                "EcsAll",
                "IamAll",
                "LambdaFunctionCharge"
            ]
        );
        let orders = &p.statements[0];
        assert_eq!(
            orders.actions.iter().collect::<Vec<_>>(),
            ["dynamodb:GetItem", "dynamodb:PutItem"]
        );
        assert_eq!(
            p.to_json().to_compact(),
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"DynamodbTableOrders","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/orders"]},{"Sid":"EcsAll","Effect":"Allow","Action":["ecs:RunTask"],"Resource":["*"]},{"Sid":"IamAll","Effect":"Allow","Action":["iam:PassRole"],"Resource":["*"]},{"Sid":"LambdaFunctionCharge","Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["arn:aws:lambda:us-east-1:123456789012:function:charge"]}]}"#
        );
    }

    #[test]
    fn the_order_of_needs_does_not_change_the_document() {
        let needs = [
            need(
                &["sqs:SendMessage"],
                &["arn:aws:sqs:us-east-1:123456789012:a"],
            ),
            need(
                &["sqs:SendMessage"],
                &["arn:aws:sqs:us-east-1:123456789012:b"],
            ),
            need(&["sns:Publish"], &["*"]),
        ];
        let mut forward = Builder::default();
        let mut backward = Builder::default();
        for n in &needs {
            forward.add(n.clone());
        }
        for n in needs.iter().rev() {
            backward.add(n.clone());
        }
        assert_eq!(forward.finish(), backward.finish());
    }

    #[test]
    fn conditions_keep_statements_apart_and_names_stay_unique() {
        let mut b = Builder::default();
        let mut with = need(&["iam:PassRole"], &["arn:aws:iam::123456789012:role/a"]);
        with.condition = condition(
            "StringEquals",
            "iam:PassedToService",
            ["ecs-tasks.amazonaws.com".to_string()],
        );
        b.add(with);
        b.add(need(
            &["iam:PassRole"],
            &["arn:aws:iam::123456789012:role/a"],
        ));
        let p = b.finish();
        assert_eq!(p.statements.len(), 2);
        let sids: BTreeSet<&str> = p.statements.iter().map(|s| s.sid.as_str()).collect();
        assert_eq!(sids.len(), 2, "{sids:?}");
        assert!(p.to_pretty().contains("\"iam:PassedToService\""));
    }

    #[test]
    fn names_from_resources() {
        assert_eq!(
            resource_name("arn:aws:events:us-east-1:1:rule/StepFunctionsGetEventsForBatchJobsRule"),
            ("rule", "StepFunctionsGetEventsForBatchJobsRule")
        );
        assert_eq!(
            resource_name("arn:aws:s3:::bucket/prefix/*"),
            ("", "bucket/prefix/*")
        );
        assert_eq!(
            resource_name("arn:aws:sns:us-east-1:1:alerts"),
            ("", "alerts")
        );
        assert_eq!(pascal("emr-containers"), "EmrContainers");
        let one = |r: &str| BTreeSet::from([r.to_string()]);
        let none = Condition::new();
        assert_eq!(
            sid(
                "lambda",
                &one("arn:aws:lambda:us-east-1:1:function:*"),
                &none
            ),
            "LambdaFunctionAll"
        );
        assert_eq!(
            sid(
                "states",
                &one("arn:aws:states:us-east-1:1:execution:child:*"),
                &none
            ),
            "StatesExecutionChild"
        );
        assert_eq!(
            sid("iam", &one("arn:aws:iam::1:role/*"), &none),
            "IamRoleAll"
        );
        assert_eq!(sid("batch", &one("*"), &none), "BatchAll");
        assert_eq!(
            sid(
                "kms",
                &one("arn:aws:kms:us-east-1:1:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
                &none
            ),
            "KmsKey"
        );
        assert_eq!(
            sid(
                "events",
                &one("arn:aws:events:us-east-1:1:connection/stripe/4f1a2b3c-5d6e-7f80-91a2-b3c4d5e6f708"),
                &none
            ),
            "EventsConnectionStripe"
        );
    }
}
