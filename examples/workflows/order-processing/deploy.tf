# Deploys the workflow of main.tf (generated from examples/asl/order-processing.asl.json) as a state
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
    example = "order-processing"
  }
}

variable "role_arn" {
  description = "The IAM role Step Functions assumes to run the workflow."
  type        = string
  default     = "arn:aws:iam::123456789012:role/order-processing-sfn"
}

resource "sfn_state_machine" "order_processing" {
  name       = "order-processing"
  type       = "STANDARD"
  definition = data.sfn_workflow.order_processing.json
  role_arn   = var.role_arn
  publish    = true

  logging_configuration {
    level                  = "ALL"
    include_execution_data = true
    log_destination        = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/order-processing:*"
  }
}

output "arn" {
  value = sfn_state_machine.order_processing.arn
}

output "mermaid" {
  value = data.sfn_workflow.order_processing.mermaid
}
