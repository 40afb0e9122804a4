# Import an alias by its ARN.
terraform import sfn_alias.prod arn:aws:states:us-east-1:123456789012:stateMachine:orders:prod
