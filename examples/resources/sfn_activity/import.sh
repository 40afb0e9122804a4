# Import an activity by its ARN.
terraform import sfn_activity.review arn:aws:states:us-east-1:123456789012:activity:manual-review
