# Generated from examples/asl/saga-compensation.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "saga_compensation" {
  comment  = "Order saga: charge, reserve stock, ship. Each step that fails runs the compensations of the steps before it in reverse order, so the machine always ends consistent."
  start_at = "ChargePayment"

  task "ChargePayment" {
    resource = "arn:aws:states:::lambda:invoke"
    parameters = {
      FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:saga-charge-payment"
      Payload = {
        "orderId.$"        = "$.orderId"
        "amount.$"         = "$.amount"
        "idempotencyKey.$" = "$$.Execution.Name"
      }
    }
    result_selector = { "chargeId.$" = "$.Payload.chargeId" }
    result_path     = "$.charge"
    next            = "ReserveStock"

    retry {
      error_equals     = ["Lambda.TooManyRequestsException", "Lambda.ServiceException"]
      interval_seconds = 1
      max_attempts     = 4
      backoff_rate     = 2
      jitter_strategy  = "FULL"
    }

    catch {
      error_equals = ["States.ALL"]
      result_path  = "$.error"
      next         = "ChargeFailed"
    }
  }

  task "ReserveStock" {
    resource = "arn:aws:states:::dynamodb:updateItem"
    parameters = {
      TableName = "inventory"
      Key = {
        sku = { "S.$" = "$.sku" }
      }
      UpdateExpression    = "SET available = available - :qty, reserved = reserved + :qty"
      ConditionExpression = "available >= :qty"
      ExpressionAttributeValues = {
        ":qty" = { "N.$" = "States.JsonToString($.quantity)" }
      }
    }
    result_path = "null"
    next        = "ShipOrder"

    catch {
      error_equals = ["States.ALL"]
      result_path  = "$.error"
      next         = "RefundPayment"
    }
  }

  task "ShipOrder" {
    resource = "arn:aws:states:::lambda:invoke"
    parameters = {
      FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:saga-ship-order"
      "Payload.$"  = "$"
    }
    result_selector = { "trackingNumber.$" = "$.Payload.trackingNumber" }
    result_path     = "$.shipment"
    timeout_seconds = 300
    next            = "OrderShipped"

    catch {
      error_equals = ["States.ALL"]
      result_path  = "$.error"
      next         = "ReleaseStock"
    }
  }

  succeed "OrderShipped" {}

  task "ReleaseStock" {
    comment  = "Compensates ReserveStock."
    resource = "arn:aws:states:::dynamodb:updateItem"
    parameters = {
      TableName = "inventory"
      Key = {
        sku = { "S.$" = "$.sku" }
      }
      UpdateExpression = "SET available = available + :qty, reserved = reserved - :qty"
      ExpressionAttributeValues = {
        ":qty" = { "N.$" = "States.JsonToString($.quantity)" }
      }
    }
    result_path = "null"
    next        = "RefundPayment"

    retry {
      error_equals      = ["States.ALL"]
      interval_seconds  = 5
      max_attempts      = 10
      backoff_rate      = 1.5
      max_delay_seconds = 120
    }
  }

  task "RefundPayment" {
    comment  = "Compensates ChargePayment."
    resource = "arn:aws:states:::lambda:invoke"
    parameters = {
      FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:saga-refund-payment"
      Payload      = { "orderId.$" = "$.orderId", "chargeId.$" = "$.charge.chargeId" }
    }
    result_path = "null"
    next        = "OrderCompensated"

    retry {
      error_equals      = ["States.ALL"]
      interval_seconds  = 5
      max_attempts      = 10
      backoff_rate      = 1.5
      max_delay_seconds = 120
    }
  }

  fail "OrderCompensated" {
    error = "OrderSagaCompensated"
    cause = "A step of the order saga failed; every completed step was compensated."
  }

  fail "ChargeFailed" {
    error = "PaymentFailed"
    cause = "The charge failed; nothing needed compensating."
  }
}
