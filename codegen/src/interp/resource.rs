//! What a Task's `Resource` is, for the events it records: an optimized or AWS SDK integration
//! (`TaskScheduled`, ... with `resourceType` and `resource`), a Lambda function ARN
//! (`LambdaFunctionScheduled`, ...) or an activity (`ActivityScheduled`, ...).

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

const PATTERNS: &[&str] = &[".sync:2", ".sync", ".waitForTaskToken"];

pub fn classify(resource: &str) -> Kind {
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "lambda", _, _, rest] if rest.starts_with("function:") => Kind::Lambda,
        ["arn", _, "states", region, _, rest]
            if !region.is_empty() && rest.starts_with("activity:") =>
        {
            Kind::Activity
        }
        ["arn", _, "states", "", "", rest] => {
            let (base, pattern) = PATTERNS
                .iter()
                .find_map(|p| rest.strip_suffix(p).map(|b| (b, *p)))
                .unwrap_or((rest, ""));
            match base.rsplit_once(':') {
                Some((ty, action)) => Kind::Service {
                    resource_type: ty.to_string(),
                    resource: format!("{action}{pattern}"),
                },
                None => Kind::Service {
                    resource_type: base.to_string(),
                    resource: pattern.trim_start_matches('.').to_string(),
                },
            }
        }
        _ => Kind::Service {
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
