data "sfn_workflow" "orders" {
  comment  = "Validate an order, then charge it"
  start_at = "Validate"

  task "Validate" {
    resource    = "arn:aws:states:::lambda:invoke"
    parameters  = { FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:validate-order", "Payload.$" = "$" }
    output_path = "$.Payload"
    next        = "Charge"
  }

  task "Charge" {
    resource   = "arn:aws:states:::lambda:invoke"
    parameters = { FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:charge", "Payload.$" = "$" }
    end        = true

    retry {
      error_equals     = ["Lambda.TooManyRequestsException"]
      interval_seconds = 2
      max_attempts     = 3
      backoff_rate     = 2
    }
  }
}

resource "sfn_state_machine" "orders" {
  name       = "orders"
  definition = data.sfn_workflow.orders.json
  role_arn   = "arn:aws:iam::123456789012:role/orders-sfn"
  type       = "STANDARD"
  publish    = true

  logging_configuration {
    level                  = "ERROR"
    include_execution_data = false
    log_destination        = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*"
  }

  tracing_configuration {
    enabled = true
  }

  tags = {
    env = "prod"
  }
}
