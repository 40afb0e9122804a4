# Unit tests for the workflow of main.tf, run offline at every `terraform plan`: no AWS account,
# no credentials, nothing deployed. Each test case gives an input, the results of the Task
# states it reaches (mocks), and what the run must give. A failed expectation fails the plan
# with SFN080, showing what was expected, what happened and the path taken.
#
# See docs/guides/testing.md for a walk through this file.

data "sfn_workflow_test" "order_processing" {
  definition = data.sfn_workflow.order_processing.json

  # Existing Step Functions Local mock files work unchanged: a test case can start from one of
  # their test cases (mock_test_case) and add or replace mocks in HCL.
  mock_config = file("${path.module}/MockConfigFile.json")

  test_case "paid" {
    input          = { orderId = "o-1", customerId = "c-1", amount = 42.5, currency = "EUR" }
    mock_test_case = "HappyPath"
    expect = {
      status = "SUCCEEDED"
      path   = ["ValidateOrder", "IsValid?", "AuthorizePayment", "RecordOrderPaid", "NotifyOrderPaid", "OrderCompleted"]
    }
  }

  # The Choice sends an order that fails validation down the reject path.
  test_case "invalid_order_is_rejected" {
    input = { orderId = "o-2", customerId = "c-1", amount = -1, currency = "EUR" }
    mocks = {
      ValidateOrder      = { result = { Payload = { orderId = "o-2", isValid = false, errors = ["amount must be positive"] } } }
      RecordInvalidOrder = { result = {} }
      NotifyInvalidOrder = { result = { MessageId = "m-1" } }
    }
    expect = {
      status = "FAILED"
      error  = "InvalidOrder"
      path   = ["ValidateOrder", "IsValid?", "RecordInvalidOrder", "NotifyInvalidOrder", "OrderRejected"]
    }
  }

  # AuthorizePayment is retried (2 s, then 4 s) and succeeds on the third attempt; the
  # ResultSelector keeps only the authorisation, and ResultPath keeps the order beside it.
  test_case "throttled_payment_is_retried" {
    input          = { orderId = "o-3", customerId = "c-2", amount = 10, currency = "USD" }
    mock_test_case = "HappyPath"
    mocks = {
      ValidateOrder = { result = { Payload = { orderId = "o-3", customerId = "c-2", amount = 10, currency = "USD", isValid = true } } }
      AuthorizePayment = [
        { error = "Payments.Throttled", cause = "rate exceeded" },
        { error = "Payments.Throttled", cause = "rate exceeded" },
        { result = { Payload = { authorizationId = "a-3", authorizedAt = "2024-01-01T00:00:06Z", extra = "dropped" } } },
      ]
      NotifyOrderPaid = { result = { MessageId = "m-3" } }
    }
    expect = {
      status = "SUCCEEDED"
      output = {
        orderId = "o-3", customerId = "c-2", amount = 10, currency = "USD", isValid = true
        payment = { authorizationId = "a-3", authorizedAt = "2024-01-01T00:00:06Z" }
      }
    }
  }

  # After the retries are used up, the Catch records the failure (ResultPath $.authError keeps the
  # order) and the execution fails.
  test_case "declined_payment_is_recorded" {
    input          = { orderId = "o-4", customerId = "c-3", amount = 99, currency = "EUR" }
    mock_test_case = "PaymentDeclined"
    expect = {
      status = "FAILED"
      path   = ["ValidateOrder", "IsValid?", "AuthorizePayment", "RecordPaymentFailure", "NotifyPaymentFailure", "PaymentFailed"]
    }
  }
}

output "test_results" {
  value = { for name, r in data.sfn_workflow_test.order_processing.results : name => r.status }
}
