# Generated from examples/asl/simple-task-chain.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "simple_task_chain" {
  comment  = "Three Lambda functions in a row: validate the order, charge the payment, send the confirmation."
  start_at = "ValidateOrder"

  task "ValidateOrder" {
    resource        = "arn:aws:lambda:us-east-1:123456789012:function:shop-validate-order"
    timeout_seconds = 30
    next            = "ChargePayment"
  }

  task "ChargePayment" {
    resource        = "arn:aws:lambda:us-east-1:123456789012:function:shop-charge-payment"
    result_path     = "$.payment"
    timeout_seconds = 60
    next            = "SendConfirmation"

    retry {
      error_equals     = ["Lambda.TooManyRequestsException"]
      interval_seconds = 3
      max_attempts     = 2
      backoff_rate     = 2
    }
  }

  task "SendConfirmation" {
    resource        = "arn:aws:lambda:us-east-1:123456789012:function:shop-send-confirmation"
    result_path     = "null"
    timeout_seconds = 30
    end             = true
  }
}
