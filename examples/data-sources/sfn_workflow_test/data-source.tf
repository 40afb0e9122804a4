# Unit tests for a workflow, run offline at plan time: mocked integrations, no credentials.
data "sfn_workflow" "refunds" {
  start_at = "Refund"

  task "Refund" {
    resource    = "arn:aws:states:::lambda:invoke"
    parameters  = { FunctionName = "refund", "Payload.$" = "$" }
    output_path = "$.Payload"
    next        = "Done"

    retry {
      error_equals     = ["Lambda.TooManyRequestsException"]
      interval_seconds = 2
      max_attempts     = 2
    }
    catch {
      error_equals = ["States.ALL"]
      result_path  = "$.error"
      next         = "Escalate"
    }
  }

  succeed "Done" {}

  fail "Escalate" {
    error = "RefundFailed"
  }
}

data "sfn_workflow_test" "refunds" {
  definition = data.sfn_workflow.refunds.json

  test_case "refunded_after_a_throttle" {
    input = { orderId = "o-1", amount = 20 }
    mocks = {
      Refund = [
        { error = "Lambda.TooManyRequestsException", cause = "Rate exceeded" },
        { result = { Payload = { refunded = true } } },
      ]
    }
    expect = {
      status = "SUCCEEDED"
      output = { refunded = true }
      path   = ["Refund", "Done"]
    }
  }

  test_case "escalated_when_throttling_persists" {
    input = { orderId = "o-2", amount = 20 }
    mocks = {
      Refund = { error = "Lambda.TooManyRequestsException" }
    }
    expect = {
      status = "FAILED"
      error  = "RefundFailed"
      path   = ["Refund", "Escalate"]
    }
  }
}

output "refund_tests" {
  value = data.sfn_workflow_test.refunds.results
}
