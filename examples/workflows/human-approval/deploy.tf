# Deploys the workflow of main.tf (generated from examples/asl/human-approval.asl.json) as a state
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
    example = "human-approval"
  }
}

variable "role_arn" {
  description = "The IAM role Step Functions assumes to run the workflow."
  type        = string
  default     = "arn:aws:iam::123456789012:role/human-approval-sfn"
}

resource "sfn_state_machine" "human_approval" {
  name       = "human-approval"
  type       = "STANDARD"
  definition = data.sfn_workflow.human_approval.json
  role_arn   = var.role_arn
  publish    = true
}

output "arn" {
  value = sfn_state_machine.human_approval.arn
}

output "mermaid" {
  value = data.sfn_workflow.human_approval.mermaid
}
