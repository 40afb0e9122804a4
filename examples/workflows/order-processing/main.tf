# Generated from examples/asl/order-processing.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "order_processing" {
  comment  = "Order processing: validate the order, authorise the payment, record the outcome in DynamoDB and notify subscribers over SNS. Invalid orders and failed authorisations take a persist-and-notify failure path."
  start_at = "ValidateOrder"

  task "ValidateOrder" {
    resource = "arn:aws:states:::lambda:invoke"
    parameters = {
      FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:orders-validate"
      "Payload.$"  = "$"
    }
    output_path = "$.Payload"
    next        = "IsValid?"

    retry {
      error_equals = [
        "Lambda.ServiceException",
        "Lambda.AWSLambdaException",
        "Lambda.SdkClientException",
        "Lambda.TooManyRequestsException",
      ]
      interval_seconds = 1
      max_attempts     = 3
      backoff_rate     = 2
    }
  }

  choice "IsValid?" {
    default = "RecordInvalidOrder"

    rule {
      variable       = "$.isValid"
      boolean_equals = true
      next           = "AuthorizePayment"
    }
  }

  task "AuthorizePayment" {
    resource = "arn:aws:states:::lambda:invoke"
    parameters = {
      FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:payments-authorize"
      Payload = {
        "orderId.$"    = "$.orderId"
        "customerId.$" = "$.customerId"
        "amount.$"     = "$.amount"
        "currency.$"   = "$.currency"
      }
    }
    result_selector = {
      "authorizationId.$" = "$.Payload.authorizationId"
      "authorizedAt.$"    = "$.Payload.authorizedAt"
    }
    result_path = "$.payment"
    next        = "RecordOrderPaid"

    retry {
      error_equals     = ["States.ALL"]
      interval_seconds = 2
      max_attempts     = 3
      backoff_rate     = 2
    }

    catch {
      error_equals = ["States.ALL"]
      result_path  = "$.authError"
      next         = "RecordPaymentFailure"
    }
  }

  task "RecordOrderPaid" {
    resource = "arn:aws:states:::dynamodb:putItem"
    parameters = {
      TableName = "orders-status"
      Item = {
        orderId         = { "S.$" = "$.orderId" }
        status          = { S = "PAID" }
        authorizationId = { "S.$" = "$.payment.authorizationId" }
        order           = { "S.$" = "States.JsonToString($)" }
      }
    }
    result_path = "null"
    next        = "NotifyOrderPaid"
  }

  task "NotifyOrderPaid" {
    resource = "arn:aws:states:::sns:publish"
    parameters = {
      TopicArn    = "arn:aws:sns:us-east-1:123456789012:order-events"
      Subject     = "Order paid"
      "Message.$" = "States.Format('Order {} was paid: {} {} (authorisation {}).', $.orderId, $.amount, $.currency, $.payment.authorizationId)"
    }
    result_path = "null"
    next        = "OrderCompleted"
  }

  succeed "OrderCompleted" {}

  task "RecordPaymentFailure" {
    resource = "arn:aws:states:::dynamodb:putItem"
    parameters = {
      TableName = "orders-status"
      Item = {
        orderId = { "S.$" = "$.orderId" }
        status  = { S = "PAYMENT_FAILED" }
        error   = { "S.$" = "$.authError.Error" }
        detail  = { "S.$" = "States.JsonToString($.authError)" }
      }
    }
    result_path = "null"
    next        = "NotifyPaymentFailure"
  }

  task "NotifyPaymentFailure" {
    resource = "arn:aws:states:::sns:publish"
    parameters = {
      TopicArn    = "arn:aws:sns:us-east-1:123456789012:order-alerts"
      Subject     = "Payment authorisation failed"
      "Message.$" = "States.Format('Order {} could not be paid: {}', $.orderId, $.authError.Cause)"
    }
    result_path = "null"
    next        = "PaymentFailed"
  }

  fail "PaymentFailed" {
    error = "PaymentAuthorizationFailed"
    cause = "The payment could not be authorised; the failure was recorded and the operations team notified."
  }

  task "RecordInvalidOrder" {
    resource = "arn:aws:states:::dynamodb:putItem"
    parameters = {
      TableName = "orders-status"
      Item = {
        orderId          = { "S.$" = "$.orderId" }
        status           = { S = "INVALID" }
        validationErrors = { "S.$" = "States.JsonToString($.errors)" }
      }
    }
    result_path = "null"
    next        = "NotifyInvalidOrder"
  }

  task "NotifyInvalidOrder" {
    resource = "arn:aws:states:::sns:publish"
    parameters = {
      TopicArn    = "arn:aws:sns:us-east-1:123456789012:order-alerts"
      Subject     = "Order rejected"
      "Message.$" = "States.Format('Order {} was rejected by validation: {}', $.orderId, States.JsonToString($.errors))"
    }
    result_path = "null"
    next        = "OrderRejected"
  }

  fail "OrderRejected" {
    error = "InvalidOrder"
    cause = "The order failed validation; see the orders-status table for the reasons."
  }
}
