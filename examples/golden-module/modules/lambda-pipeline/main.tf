# A golden module: callers give a list of Lambda functions; the module builds one Task per
# function (with the team's standard Retry and Catch) and deploys the machine. The states are
# generated with a `for` expression over the input into `states`, which block labels cannot do
# (`dynamic` block labels must be known in Terraform's validate walk). The workflow is written
# inline in the resource, so it is validated at plan with every input known, even when a
# function's ARN is not known until apply.

terraform {
  required_providers {
    sfn = {
      source = "sfn-tools/sfn"
    }
  }
}

variable "name" {
  description = "The state machine's name."
  type        = string
}

variable "role_arn" {
  description = "The execution role's ARN."
  type        = string
}

variable "steps" {
  description = "The Lambda functions to call, in order: a state name and a function ARN each (the ARN may be unknown until apply)."
  type = list(object({
    name         = string
    function_arn = string
  }))
}

variable "max_attempts" {
  description = "Retries of each step on Lambda's transient errors."
  type        = number
  default     = 3
}

variable "backoff_rate" {
  description = "The retry interval's multiplier (Step Functions requires 1 or more; checked at plan)."
  type        = number
  default     = 2
}

locals {
  # State names are unique across a whole machine: the end states carry the machine's name, so
  # a root workflow can compose several callers' workflows as Parallel branches.
  succeeded = "${var.name}-succeeded"
  failed    = "${var.name}-failed"

  tasks = {
    for i, step in var.steps : step.name => {
      type        = "task"
      resource    = "arn:aws:states:::lambda:invoke"
      parameters  = { FunctionName = step.function_arn, "Payload.$" = "$" }
      output_path = "$.Payload"
      next        = i + 1 < length(var.steps) ? var.steps[i + 1].name : local.succeeded
      retry = [{
        error_equals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
        interval_seconds = 2
        max_attempts     = var.max_attempts
        backoff_rate     = var.backoff_rate
      }]
      catch = [{ error_equals = ["States.ALL"], result_path = "$.error", next = local.failed }]
    }
  }

  states = merge(local.tasks, {
    (local.succeeded) = { type = "succeed" }
    (local.failed)    = { type = "fail", error = "PipelineFailed", cause = "A step failed after its retries" }
  })
}

# Every problem an input causes (a backoff rate below 1, a retry count out of range) fails the
# caller's plan here, at workflow.states["<step>"], with the path inside the state in the detail.
resource "sfn_state_machine" "this" {
  name     = var.name
  role_arn = var.role_arn

  workflow {
    comment  = "${var.name}: ${length(var.steps)} steps"
    start_at = var.steps[0].name
    states   = local.states
  }
}

output "arn" {
  value = sfn_state_machine.this.arn
}

output "definition" {
  description = "The compiled ASL: known at plan when every input is, otherwise at apply."
  value       = sfn_state_machine.this.definition
}

output "workflow" {
  description = "The workflow, for a root workflow to compose as a Parallel branch or a Map item processor (`branch { start_at = ...; states = ... }`)."
  value = {
    start_at = var.steps[0].name
    states   = local.states
  }
}
