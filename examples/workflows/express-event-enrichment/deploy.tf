# Deploys the workflow of main.tf (generated from examples/asl/express-event-enrichment.asl.json) as a state
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
    example = "express-event-enrichment"
  }
}

variable "role_arn" {
  description = "The IAM role Step Functions assumes to run the workflow."
  type        = string
  default     = "arn:aws:iam::123456789012:role/express-event-enrichment-sfn"
}

resource "sfn_state_machine" "express_event_enrichment" {
  name       = "express-event-enrichment"
  type       = "EXPRESS"
  definition = data.sfn_workflow.express_event_enrichment.json
  role_arn   = var.role_arn
  publish    = true

  logging_configuration {
    level                  = "ERROR"
    include_execution_data = false
    log_destination        = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/express-event-enrichment:*"
  }

  tracing_configuration {
    enabled = true
  }
}

output "arn" {
  value = sfn_state_machine.express_event_enrichment.arn
}

output "mermaid" {
  value = data.sfn_workflow.express_event_enrichment.mermaid
}
