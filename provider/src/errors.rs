//! AWS errors as Terraform diagnostics: a stable code, the operation, the AWS error code, a hint
//! and the attribute the error is about.

use tf_provider::{AttributePath, Diagnostics};

use crate::aws::api::ApiError;

/// The attribute an AWS error is about, so Terraform can point at it.
pub fn attribute_for(code: &str) -> AttributePath {
    match code {
        "InvalidDefinition" => AttributePath::new("definition"),
        "InvalidName" | "StateMachineAlreadyExists" | "ActivityAlreadyExists" => {
            AttributePath::new("name")
        }
        "InvalidLoggingConfiguration" => AttributePath::new("logging_configuration"),
        "InvalidTracingConfiguration" => AttributePath::new("tracing_configuration"),
        "InvalidEncryptionConfiguration"
        | "KmsAccessDeniedException"
        | "KmsInvalidStateException" => AttributePath::new("encryption_configuration"),
        "TooManyTags" => AttributePath::new("tags"),
        "StateMachineTypeNotSupported" => AttributePath::new("type"),
        _ => AttributePath::root(),
    }
}

/// The attribute named by an AWS validation message such as `1 validation error detected: Value
/// 'x y' at 'name' failed to satisfy constraint`, for the request fields a configuration sets.
fn attribute_in_message(message: &str) -> Option<AttributePath> {
    let (_, rest) = message.split_once(" at '")?;
    let (field, _) = rest.split_once('\'')?;
    let top = field.split(['.', '[']).next().unwrap_or_default();
    let name = match top {
        "name" => "name",
        "definition" => "definition",
        "roleArn" => "role_arn",
        "type" => "type",
        "tags" => "tags",
        "loggingConfiguration" => "logging_configuration",
        "tracingConfiguration" => "tracing_configuration",
        "encryptionConfiguration" => "encryption_configuration",
        "versionDescription" => "version_description",
        "description" => "description",
        "routingConfiguration" => "routing_configuration",
        _ => return None,
    };
    Some(AttributePath::new(name))
}

/// The stable code of an AWS error: what kind of problem it is, and so what to do about it.
pub fn aws_error_code(code: &str) -> &'static str {
    match code {
        "AccessDeniedException"
        | "AccessDenied"
        | "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "ExpiredTokenException"
        | "KmsAccessDeniedException" => "SFN051 aws-access-denied",
        "ResourceNotFound"
        | "StateMachineDoesNotExist"
        | "ActivityDoesNotExist"
        | "ExecutionDoesNotExist" => "SFN053 aws-not-found",
        "StateMachineDeleting"
        | "StateMachineAlreadyExists"
        | "ActivityAlreadyExists"
        | "ConflictException"
        | "ServiceQuotaExceededException"
        | "StateMachineLimitExceeded"
        | "ActivityLimitExceeded" => "SFN054 aws-conflict",
        "NoCredentials" | "CredentialsError" => "SFN061 no-credentials",
        "ThrottlingException"
        | "KmsThrottlingException"
        | "NetworkError"
        | "TimeoutError"
        | "InternalFailure"
        | "InternalServerError"
        | "ServiceUnavailable" => "SFN055 aws-unavailable",
        c if c.starts_with("Invalid")
            || c.starts_with("Kms")
            || c.starts_with("TooMany")
            || c.starts_with("MissingRequired")
            || c == "ValidationException"
            || c == "StateMachineTypeNotSupported" =>
        {
            "SFN052 aws-invalid-request"
        }
        _ => "SFN056 aws-error",
    }
}

/// Reports an AWS error: the summary has the stable code, the operation and the AWS error code.
pub fn aws_error(
    diags: &mut Diagnostics,
    op: &str,
    e: &ApiError,
    attribute: Option<AttributePath>,
) {
    let (summary, detail, attribute) = parts(op, e, attribute);
    diags.error(summary, detail, attribute);
}

/// The summary, detail and attribute of an AWS error diagnostic.
pub fn parts(
    op: &str,
    e: &ApiError,
    attribute: Option<AttributePath>,
) -> (String, String, AttributePath) {
    let role_propagation = e.code == "AccessDeniedException" && e.is_eventual_consistency();
    let machine_call = op.starts_with("CreateStateMachine ")
        || op == "CreateStateMachine"
        || op == "UpdateStateMachine";
    let attribute = attribute.unwrap_or_else(|| {
        if role_propagation || (e.code == "InvalidArn" && machine_call) {
            // Step Functions could not assume (or parse) the machine's role: the role is the problem.
            AttributePath::new("role_arn")
        } else {
            attribute_in_message(&e.message).unwrap_or_else(|| attribute_for(&e.code))
        }
    });
    if matches!(e.code.as_str(), "NoCredentials" | "CredentialsError") {
        let what = if e.code == "NoCredentials" {
            "no AWS credentials were found"
        } else {
            "the AWS credentials could not be loaded"
        };
        return (
            format!("SFN061 no-credentials: {op} failed: {what}"),
            format!("{}\n\nThe provider looks for credentials where the AWS SDK does, in order: the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), the shared config and credentials files (AWS_PROFILE or the provider's `profile`; SSO after `aws sso login`), web identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN), the ECS container endpoint and EC2 instance metadata. Provide them in one of those places. Plans that use only sfn_workflow need none.", e.message),
            attribute,
        );
    }
    let hint = match e.code.as_str() {
        "AccessDeniedException" if role_propagation => {
            "Check that role_arn exists and that its trust policy allows states.amazonaws.com to assume it (sts:AssumeRole). A role created in the same apply can take a minute to propagate: raise timeouts if it keeps failing."
        }
        "AccessDeniedException" | "AccessDenied" | "UnrecognizedClientException" => {
            "Check the credentials the provider uses (environment, profile, assume_role) and that they allow this Step Functions action."
        }
        "NetworkError" => {
            "Check the region and the `endpoint` setting, and that the Step Functions API is reachable. Every attempt failed (see `max_retries`)."
        }
        "TimeoutError" => {
            "Every attempt went unanswered: check that the Step Functions API is reachable, or raise `attempt_timeout` (per attempt, in the provider block) or `timeouts` (per operation, retries included). See the retries guide."
        }
        "ThrottlingException" => "The call was throttled even after retries; raise `max_retries` or lower `-parallelism`.",
        "StateMachineDeleting" => "The state machine is being deleted; wait for the delete to finish (or raise timeouts), then apply again.",
        "InvalidArn" if machine_call => "Check role_arn: it must be a full IAM role ARN, such as arn:aws:iam::123456789012:role/orders-sfn.",
        "InvalidArn" => "The ARN in state is not valid for this call: check the region and account the provider uses, or import the resource again.",
        "ResourceNotFound" | "StateMachineDoesNotExist" | "ActivityDoesNotExist" => "Check that the object exists in the region and account the provider uses.",
        "StateMachineAlreadyExists" | "ActivityAlreadyExists" => "Another object already has this name: choose another name, or import the existing one with terraform import.",
        "InvalidDefinition" => "Fix the definition as AWS describes; `sfn_workflow` and the offline validation point at most such problems at plan time.",
        "ValidationException" => "Fix the value AWS names in the message.",
        "TooManyTags" => "AWS allows at most 50 tags on a resource, default_tags included: remove some.",
        _ => "",
    };
    let message = if e.message.is_empty() {
        "AWS gave no message.".to_string()
    } else {
        e.message.clone()
    };
    let detail = if hint.is_empty() {
        message
    } else {
        format!("{message}\n\n{hint}")
    };
    (
        format!("{}: {op} failed: AWS {}", aws_error_code(&e.code), e.code),
        detail,
        attribute,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_error(d: &Diagnostics) -> &tf_provider::Diagnostic {
        assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
        &d.errors[0]
    }

    #[test]
    fn every_aws_error_is_coded_and_points_at_an_attribute() {
        let cases = [
            (
                "CreateStateMachine",
                "InvalidDefinition",
                "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET'",
                "SFN052 aws-invalid-request",
                AttributePath::new("definition"),
            ),
            (
                "CreateStateMachine",
                "InvalidArn",
                "Invalid Arn: 'Resource type not valid in this context: user'",
                "SFN052 aws-invalid-request",
                AttributePath::new("role_arn"),
            ),
            (
                "DescribeStateMachine",
                "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix'",
                "SFN052 aws-invalid-request",
                AttributePath::root(),
            ),
            (
                "CreateStateMachine",
                "ValidationException",
                "1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint",
                "SFN052 aws-invalid-request",
                AttributePath::new("name"),
            ),
            (
                "UpdateStateMachine",
                "ValidationException",
                "Value at 'loggingConfiguration.destinations' failed",
                "SFN052 aws-invalid-request",
                AttributePath::new("logging_configuration"),
            ),
            (
                "UpdateStateMachine",
                "StateMachineDeleting",
                "being deleted",
                "SFN054 aws-conflict",
                AttributePath::root(),
            ),
            (
                "DeleteStateMachine",
                "AccessDeniedException",
                "not authorized to perform states:DeleteStateMachine",
                "SFN051 aws-access-denied",
                AttributePath::root(),
            ),
            (
                "DescribeStateMachine",
                "ResourceNotFound",
                "",
                "SFN053 aws-not-found",
                AttributePath::root(),
            ),
            (
                "ListStateMachines",
                "ThrottlingException",
                "Rate exceeded",
                "SFN055 aws-unavailable",
                AttributePath::root(),
            ),
            (
                "ListStateMachines",
                "SomethingNew",
                "?",
                "SFN056 aws-error",
                AttributePath::root(),
            ),
        ];
        for (op, code, message, sfn, at) in cases {
            let mut d = Diagnostics::default();
            aws_error(&mut d, op, &ApiError::new(code, message), None);
            let e = only_error(&d);
            assert_eq!(e.summary, format!("{sfn}: {op} failed: AWS {code}"));
            assert_eq!(e.attribute, at, "{op} {code}");
            assert!(e.detail.len() > 10, "{op} {code}: {}", e.detail);
        }
    }

    #[test]
    fn missing_credentials_say_where_the_chain_looked() {
        let mut d = Diagnostics::default();
        aws_error(
            &mut d,
            "ListStateMachines",
            &ApiError::new(
                "NoCredentials",
                "no credentials found in chain. Attempted: Environment: not set",
            ),
            None,
        );
        let e = only_error(&d);
        assert_eq!(
            e.summary,
            "SFN061 no-credentials: ListStateMachines failed: no AWS credentials were found"
        );
        assert!(e.detail.contains("Attempted: Environment"), "{}", e.detail);
        assert!(
            e.detail.contains("AWS_ACCESS_KEY_ID") && e.detail.contains("instance metadata"),
            "{}",
            e.detail
        );
        assert!(!e.detail.contains("endpoint` setting"), "{}", e.detail);
    }
}
