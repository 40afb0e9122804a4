# Generated from examples/asl/jsonata-order-variables.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "jsonata_order_variables" {
  comment        = "JSONata: load the customer, keep the tier and order total in variables, pick a discount in a Choice, price and charge the order, and notify."
  query_language = "JSONata"
  start_at       = "LoadCustomer"

  task "LoadCustomer" {
    resource = "arn:aws:states:::dynamodb:getItem"
    arguments = {
      TableName = "customers"
      Key = {
        customerId = { S = "{% $states.input.customerId %}" }
      }
    }
    output = "{% $states.input %}"
    assign = {
      orderId  = "{% $states.input.orderId %}"
      tier     = "{% $states.result.Item.tier.S ? $states.result.Item.tier.S : 'STANDARD' %}"
      subtotal = "{% $sum($states.input.lines.(price * quantity)) %}"
      discount = 0
    }
    next = "ChooseDiscount"

    retry {
      error_equals     = ["States.TaskFailed"]
      interval_seconds = 1
      max_attempts     = 2
      backoff_rate     = 2
    }
  }

  choice "ChooseDiscount" {
    default = "PriceOrder"

    rule {
      condition = "{% $tier = 'GOLD' and $subtotal >= 100 %}"
      assign    = { discount = 0.1 }
      next      = "PriceOrder"
    }

    rule {
      condition = "{% $subtotal >= 500 %}"
      assign    = { discount = 0.05 }
      next      = "PriceOrder"
    }
  }

  pass "PriceOrder" {
    assign = { total = "{% $round($subtotal * (1 - $discount), 2) %}" }
    next   = "ChargeCard"
  }

  task "ChargeCard" {
    resource = "arn:aws:states:::lambda:invoke"
    arguments = {
      FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:payments-charge-card"
      Payload = {
        orderId = "{% $orderId %}"
        amount  = "{% $total %}"
        card    = "{% $states.input.card %}"
      }
    }
    output = {
      orderId  = "{% $orderId %}"
      total    = "{% $total %}"
      chargeId = "{% $states.result.Payload.chargeId %}"
    }
    next = "NotifyCustomer"

    retry {
      error_equals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
      interval_seconds = 2
      max_attempts     = 3
      backoff_rate     = 2
    }

    catch {
      error_equals = ["States.ALL"]
      output = {
        orderId = "{% $orderId %}"
        error   = "{% $states.errorOutput.Error %}"
        cause   = "{% $states.errorOutput.Cause %}"
      }
      next = "ChargeDeclined"
    }
  }

  task "NotifyCustomer" {
    resource = "arn:aws:states:::sns:publish"
    arguments = {
      TopicArn = "arn:aws:sns:us-east-1:123456789012:order-receipts"
      Message  = "{% 'Order ' & $orderId & ' charged ' & $formatNumber($total, '#,##0.00') & ' (' & $tier & ' tier).' %}"
    }
    output = "{% $states.input %}"
    end    = true
  }

  fail "ChargeDeclined" {
    error = "ChargeDeclined"
    cause = "{% 'Charging order ' & $states.input.orderId & ' failed: ' & $states.input.error %}"
  }
}
