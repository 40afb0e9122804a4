//! What a Task's `Resource` is, for the events it records, read through the shared Task
//! resource parser ([`crate::integrations::resource`]): a service integration (`TaskScheduled`,
//! ... with `resourceType` and `resource`), a Lambda function ARN (`LambdaFunctionScheduled`,
//! ...) or an activity (`ActivityScheduled`, ...).

use crate::integrations::resource::{parse, TaskResource};

/// How a Task's work appears in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `arn:aws:states:::lambda:invoke` is `("lambda", "invoke")`,
    /// `arn:aws:states:::aws-sdk:s3:listBuckets` is `("aws-sdk:s3", "listBuckets")`,
    /// `...:states:startExecution.sync:2` is `("states", "startExecution.sync:2")`.
    Service {
        resource_type: String,
        resource: String,
    },
    /// `arn:aws:lambda:<region>:<account>:function:<name>`.
    Lambda,
    /// `arn:aws:states:<region>:<account>:activity:<name>`.
    Activity,
}

pub fn classify(resource: &str) -> Kind {
    match parse(resource) {
        Ok(TaskResource::LambdaFunction(_)) => Kind::Lambda,
        Ok(TaskResource::Activity(_)) => Kind::Activity,
        Ok(TaskResource::Sdk(i)) => Kind::Service {
            resource_type: format!("aws-sdk:{}", i.service),
            resource: format!("{}{}", i.action, i.pattern.suffix()),
        },
        Ok(TaskResource::Optimized(i)) | Ok(TaskResource::Http(i)) => Kind::Service {
            resource_type: i.service.to_string(),
            resource: format!("{}{}", i.action, i.pattern.suffix()),
        },
        // Not a resource Step Functions accepts (validation says so); recorded as written.
        Err(_) => Kind::Service {
            resource_type: "unknown".into(),
            resource: resource.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(t: &str, r: &str) -> Kind {
        Kind::Service {
            resource_type: t.into(),
            resource: r.into(),
        }
    }

    #[test]
    fn classifies_resources() {
        assert_eq!(
            classify("arn:aws:states:::lambda:invoke"),
            svc("lambda", "invoke")
        );
        assert_eq!(
            classify("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
            svc("sqs", "sendMessage.waitForTaskToken")
        );
        assert_eq!(
            classify("arn:aws:states:::states:startExecution.sync:2"),
            svc("states", "startExecution.sync:2")
        );
        assert_eq!(
            classify("arn:aws:states:::aws-sdk:s3:listBuckets"),
            svc("aws-sdk:s3", "listBuckets")
        );
        assert_eq!(
            classify("arn:aws-cn:states:::http:invoke"),
            svc("http", "invoke")
        );
        assert_eq!(
            classify("arn:aws:lambda:us-east-1:123456789012:function:f:prod"),
            Kind::Lambda
        );
        assert_eq!(
            classify("arn:aws:states:us-east-1:123456789012:activity:approve"),
            Kind::Activity
        );
        assert_eq!(classify("nonsense"), svc("unknown", "nonsense"));
    }
}
