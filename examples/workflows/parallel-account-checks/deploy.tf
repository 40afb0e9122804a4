# Deploys the workflow of main.tf (generated from examples/asl/parallel-account-checks.asl.json) as a state
# machine. Credentials, region and endpoint come from the provider block or the environment.

terraform {
  required_providers {
    sfn = {
      source = "sfn-tools/sfn"
    }
  }
}

provider "sfn" {
  default_tags = {
    example = "parallel-account-checks"
  }
}

variable "role_arn" {
  description = "The IAM role Step Functions assumes to run the workflow."
  type        = string
  default     = "arn:aws:iam::123456789012:role/parallel-account-checks-sfn"
}

resource "sfn_state_machine" "parallel_account_checks" {
  name       = "parallel-account-checks"
  type       = "STANDARD"
  definition = data.sfn_workflow.parallel_account_checks.json
  role_arn   = var.role_arn
  publish    = true
}

output "arn" {
  value = sfn_state_machine.parallel_account_checks.arn
}

output "mermaid" {
  value = data.sfn_workflow.parallel_account_checks.mermaid
}
