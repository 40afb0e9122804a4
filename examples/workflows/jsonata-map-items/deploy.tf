# Deploys the workflow of main.tf (generated from examples/asl/jsonata-map-items.asl.json) as a state
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
    example = "jsonata-map-items"
  }
}

variable "role_arn" {
  description = "The IAM role Step Functions assumes to run the workflow."
  type        = string
  default     = "arn:aws:iam::123456789012:role/jsonata-map-items-sfn"
}

resource "sfn_state_machine" "jsonata_map_items" {
  name       = "jsonata-map-items"
  type       = "STANDARD"
  definition = data.sfn_workflow.jsonata_map_items.json
  role_arn   = var.role_arn
  publish    = true
}

output "arn" {
  value = sfn_state_machine.jsonata_map_items.arn
}

output "mermaid" {
  value = data.sfn_workflow.jsonata_map_items.mermaid
}
