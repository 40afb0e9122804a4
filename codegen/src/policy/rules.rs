//! What the policy reports: coded diagnostics, like validation's, at the field that caused them.
//! Warnings say where the policy had to grant more than the workflow shows and how to narrow
//! it; they never make a plan fail. Codes are never reused or renumbered.

use crate::diagnostic::{Rule, Severity};

pub static DYNAMIC_RESOURCE: Rule = Rule {
    code: "IAM001",
    name: "policy-dynamic-resource",
    severity: Severity::Warning,
    aws_code: None,
    summary: "A resource is computed at run time (a path or a JSONata expression), so the policy grants the widest resource that is still correct for that integration.",
    fix: "Write the resource in the definition, or replace the statement's resource with the ones the value can take.",
    notes: None,
};

pub static SDK_RESOURCE: Rule = Rule {
    code: "IAM002",
    name: "policy-sdk-resource",
    severity: Severity::Warning,
    aws_code: None,
    summary: "An AWS SDK integration: the policy names the IAM action but cannot know which resources the call touches, so it grants it on every resource.",
    fix: "Replace `*` with the resources the call touches (see the service's page in the Service Authorization Reference).",
    notes: None,
};

pub static MISSING_INPUT: Rule = Rule {
    code: "IAM003",
    name: "policy-missing-input",
    severity: Severity::Warning,
    aws_code: None,
    summary: "The policy needs the state machine's region, account or name, which neither its inputs nor the workflow's ARNs give, and uses `*` for it.",
    fix: "Set it in the policy's inputs (`iam_policy { state_machine_name, region, account }`, or `sfn-asl policy --machine-name --region --account`).",
    notes: None,
};

pub static NOT_COVERED: Rule = Rule {
    code: "IAM004",
    name: "policy-integration-not-covered",
    severity: Severity::Warning,
    aws_code: None,
    summary: "An optimized integration the generated policy does not cover: its statements must be added by hand.",
    fix: "Add the statements from the integration's page in the Step Functions developer guide to the role.",
    notes: None,
};

pub static ASSUMED_ROLE: Rule = Rule {
    code: "IAM005",
    name: "policy-assumed-role",
    severity: Severity::Warning,
    aws_code: None,
    summary: "A Task with `Credentials` runs as another role: the execution role only needs `sts:AssumeRole`, and the Task's own permissions belong to the assumed role.",
    fix: "Grant the listed permissions in the assumed role's policy.",
    notes: None,
};

pub static HIDDEN_ROLES: Rule = Rule {
    code: "IAM006",
    name: "policy-unseen-roles",
    severity: Severity::Warning,
    aws_code: None,
    summary: "`iam:PassRole` is needed for roles the workflow does not name (an ECS task definition's task and execution roles, an EMR instance profile's role), so it is granted more widely.",
    fix: "Name the roles in the request (ECS `Overrides.TaskRoleArn` and `Overrides.ExecutionRoleArn`), or replace the statement's resource with the roles' ARNs.",
    notes: None,
};

pub static TOO_LARGE: Rule = Rule {
    code: "IAM007",
    name: "policy-too-large",
    severity: Severity::Warning,
    aws_code: Some("LimitExceeded"),
    summary: "The policy is longer than IAM allows for a role's inline policies (10,240 characters, whitespace excluded).",
    fix: "Split the workflow's integrations over several policies (e.g. a managed policy per group of statements), or use fewer distinct resources.",
    notes: None,
};

pub static NOT_DERIVABLE: Rule = Rule {
    code: "IAM008",
    name: "policy-not-derivable",
    severity: Severity::Error,
    aws_code: None,
    summary: "The policy cannot be derived: a Task's `Resource` is computed or a template placeholder, so which service it calls is unknown.",
    fix: "Write the Task's `Resource` in the definition (substitute template placeholders first).",
    notes: None,
};

/// Every policy diagnostic, in code order.
pub static ALL: &[&Rule] = &[
    &DYNAMIC_RESOURCE,
    &SDK_RESOURCE,
    &MISSING_INPUT,
    &NOT_COVERED,
    &ASSUMED_ROLE,
    &HIDDEN_ROLES,
    &TOO_LARGE,
    &NOT_DERIVABLE,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented() {
        for pair in ALL.windows(2) {
            assert!(pair[0].code < pair[1].code);
        }
        for r in ALL {
            assert!(r.code.starts_with("IAM") && r.code.len() == 6, "{}", r.code);
            assert!(!r.summary.is_empty() && !r.fix.is_empty());
        }
    }
}
