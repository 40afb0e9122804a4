terraform {
  required_providers {
    sfn = {
      source = "sfn-tools/sfn"
    }
  }
}

# Every setting is optional: credentials and region come from the AWS SDK's standard chain.
provider "sfn" {
  region      = "us-east-1"
  max_retries = 5

  # Refuse to read or change anything unless the credentials belong to this account (checked
  # with STS GetCallerIdentity before the first Step Functions call).
  allowed_account_ids = ["123456789012"]

  default_tags = {
    team        = "payments"
    cost-centre = "cc-1234"
  }

  # assume_role {
  #   role_arn     = "arn:aws:iam::123456789012:role/deployer"
  #   session_name = "atlantis"
  # }
}
