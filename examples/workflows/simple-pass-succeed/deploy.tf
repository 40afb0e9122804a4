# Deploys the workflow of main.tf (generated from examples/asl/simple-pass-succeed.asl.json) as a state
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
    example = "simple-pass-succeed"
  }
}

variable "role_arn" {
  description = "The IAM role Step Functions assumes to run the workflow."
  type        = string
  default     = "arn:aws:iam::123456789012:role/simple-pass-succeed-sfn"
}

resource "sfn_state_machine" "simple_pass_succeed" {
  name       = "simple-pass-succeed"
  type       = "STANDARD"
  definition = data.sfn_workflow.simple_pass_succeed.json
  role_arn   = var.role_arn
  publish    = true
}

output "arn" {
  value = sfn_state_machine.simple_pass_succeed.arn
}

output "mermaid" {
  value = data.sfn_workflow.simple_pass_succeed.mermaid
}
