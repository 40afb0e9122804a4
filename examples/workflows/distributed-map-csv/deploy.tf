# Deploys the workflow of main.tf (generated from examples/asl/distributed-map-csv.asl.json) as a state
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
    example = "distributed-map-csv"
  }
}

variable "role_arn" {
  description = "The IAM role Step Functions assumes to run the workflow."
  type        = string
  default     = "arn:aws:iam::123456789012:role/distributed-map-csv-sfn"
}

resource "sfn_state_machine" "distributed_map_csv" {
  name       = "distributed-map-csv"
  type       = "STANDARD"
  definition = data.sfn_workflow.distributed_map_csv.json
  role_arn   = var.role_arn
  publish    = true
}

output "arn" {
  value = sfn_state_machine.distributed_map_csv.arn
}

output "mermaid" {
  value = data.sfn_workflow.distributed_map_csv.mermaid
}
