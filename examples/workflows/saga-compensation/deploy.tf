# Deploys the workflow of main.tf (generated from examples/asl/saga-compensation.asl.json) as a state
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
    example = "saga-compensation"
  }
}

variable "role_arn" {
  description = "The IAM role Step Functions assumes to run the workflow."
  type        = string
  default     = "arn:aws:iam::123456789012:role/saga-compensation-sfn"
}

resource "sfn_state_machine" "saga_compensation" {
  name       = "saga-compensation"
  type       = "STANDARD"
  definition = data.sfn_workflow.saga_compensation.json
  role_arn   = var.role_arn
  publish    = true
}

output "arn" {
  value = sfn_state_machine.saga_compensation.arn
}

output "mermaid" {
  value = data.sfn_workflow.saga_compensation.mermaid
}
