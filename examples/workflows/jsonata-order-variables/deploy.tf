# Deploys the workflow of main.tf (generated from examples/asl/jsonata-order-variables.asl.json) as a state
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
    example = "jsonata-order-variables"
  }
}

variable "role_arn" {
  description = "The IAM role Step Functions assumes to run the workflow."
  type        = string
  default     = "arn:aws:iam::123456789012:role/jsonata-order-variables-sfn"
}

resource "sfn_state_machine" "jsonata_order_variables" {
  name       = "jsonata-order-variables"
  type       = "STANDARD"
  definition = data.sfn_workflow.jsonata_order_variables.json
  role_arn   = var.role_arn
  publish    = true
}

output "arn" {
  value = sfn_state_machine.jsonata_order_variables.arn
}

output "mermaid" {
  value = data.sfn_workflow.jsonata_order_variables.mermaid
}
