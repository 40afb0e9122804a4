# A canary release: every change publishes a new version; the "prod" alias sends
# `canary_weight` percent of executions to it and the rest to the version that was stable before.
#
#   1. terraform apply                                    # v1 published, prod -> v1 (100%)
#   2. change the workflow, then
#      terraform apply -var stable_version_arn=<v1 ARN> -var canary_weight=10
#                                                         # v2 published, prod -> v1 90% / v2 10%
#   3. terraform apply -var canary_weight=100             # promote: prod -> v2 (100%)

terraform {
  required_providers {
    sfn = {
      source = "sfn-tools/sfn"
    }
  }
}

provider "sfn" {}

variable "greeting" {
  description = "What the workflow says: change it to publish a new version."
  type        = string
  default     = "hello"
}

variable "stable_version_arn" {
  description = "The version that keeps most of the traffic during a canary; empty before the first release."
  type        = string
  default     = ""
}

variable "canary_weight" {
  description = "Percentage of executions sent to the newly published version."
  type        = number
  default     = 100
}

data "sfn_workflow" "greeter" {
  start_at = "Greet"

  pass "Greet" {
    result = { message = var.greeting }
    end    = true
  }
}

resource "sfn_state_machine" "greeter" {
  name       = "greeter"
  definition = data.sfn_workflow.greeter.json
  role_arn   = "arn:aws:iam::123456789012:role/greeter-sfn"
  publish    = true
}

resource "sfn_alias" "prod" {
  name        = "prod"
  description = "Production traffic"

  dynamic "routing_configuration" {
    for_each = var.canary_weight < 100 && var.stable_version_arn != "" ? [1] : []
    content {
      state_machine_version_arn = var.stable_version_arn
      weight                    = 100 - var.canary_weight
    }
  }

  routing_configuration {
    state_machine_version_arn = sfn_state_machine.greeter.state_machine_version_arn
    weight                    = var.canary_weight < 100 && var.stable_version_arn != "" ? var.canary_weight : 100
  }
}

output "version_arn" {
  value = sfn_state_machine.greeter.state_machine_version_arn
}

output "alias_arn" {
  value = sfn_alias.prod.arn
}
