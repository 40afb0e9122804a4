# Two teams call the golden module with their own steps; a root machine composes both
# workflows as the branches of one Parallel state. Everything is validated at plan, offline.

terraform {
  required_providers {
    sfn = {
      source = "sfn-tools/sfn"
    }
  }
}

provider "sfn" {
  region = "us-east-1"
}

module "orders" {
  source   = "./modules/lambda-pipeline"
  name     = "orders-pipeline"
  role_arn = "arn:aws:iam::123456789012:role/orders-sfn"
  steps = [
    { name = "Validate", function_arn = "arn:aws:lambda:us-east-1:123456789012:function:validate" },
    { name = "Charge", function_arn = "arn:aws:lambda:us-east-1:123456789012:function:charge" },
    { name = "Ship", function_arn = "arn:aws:lambda:us-east-1:123456789012:function:ship" },
  ]
}

module "refunds" {
  source       = "./modules/lambda-pipeline"
  name         = "refunds-pipeline"
  role_arn     = "arn:aws:iam::123456789012:role/refunds-sfn"
  max_attempts = 5
  backoff_rate = 1.5
  steps = [
    { name = "Refund", function_arn = "arn:aws:lambda:us-east-1:123456789012:function:refund" },
  ]
}

# The nightly run: both pipelines side by side, composed from the modules' workflows.
resource "sfn_state_machine" "nightly" {
  name     = "nightly"
  role_arn = "arn:aws:iam::123456789012:role/nightly-sfn"

  workflow {
    start_at = "Both"

    parallel "Both" {
      end = true
      branch {
        start_at = module.orders.workflow.start_at
        states   = module.orders.workflow.states
      }
      branch {
        start_at = module.refunds.workflow.start_at
        states   = module.refunds.workflow.states
      }
    }
  }
}

output "nightly_definition" {
  value = sfn_state_machine.nightly.definition
}
