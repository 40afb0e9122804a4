# Generated from examples/asl/express-event-enrichment.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "express_event_enrichment" {
  comment  = "High-volume event enrichment (EXPRESS): normalise the event, look the customer up, and route priority customers to an SQS queue and everyone else to an SNS topic."
  start_at = "NormaliseEvent"

  pass "NormaliseEvent" {
    parameters = {
      "eventId.$"    = "$.id"
      "source.$"     = "$.source"
      "customerId.$" = "$.detail.customerId"
      "payload.$"    = "$.detail"
      "receivedAt.$" = "$$.Execution.StartTime"
    }
    next = "LookUpCustomer"
  }

  task "LookUpCustomer" {
    resource = "arn:aws:states:::dynamodb:getItem"
    parameters = {
      TableName = "customers"
      Key = {
        customerId = { "S.$" = "$.customerId" }
      }
      ProjectionExpression = "tier, region"
    }
    result_path = "$.customer"
    next        = "RouteEvent"

    retry {
      error_equals     = ["States.TaskFailed"]
      interval_seconds = 1
      max_attempts     = 2
      backoff_rate     = 2
    }

    catch {
      error_equals = ["States.ALL"]
      result_path  = "$.enrichmentError"
      next         = "PublishEvent"
    }
  }

  choice "RouteEvent" {
    default = "PublishEvent"

    rule {
      next = "QueuePriorityEvent"

      and {
        variable   = "$.customer.Item.tier.S"
        is_present = true
      }

      and {
        variable      = "$.customer.Item.tier.S"
        string_equals = "PRIORITY"
      }
    }
  }

  task "QueuePriorityEvent" {
    resource = "arn:aws:states:::sqs:sendMessage"
    parameters = {
      QueueUrl        = "https://sqs.us-east-1.amazonaws.com/123456789012/priority-events"
      "MessageBody.$" = "$"
    }
    end = true
  }

  task "PublishEvent" {
    resource = "arn:aws:states:::sns:publish"
    parameters = {
      TopicArn    = "arn:aws:sns:us-east-1:123456789012:enriched-events"
      "Message.$" = "States.JsonToString($)"
    }
    end = true
  }
}
