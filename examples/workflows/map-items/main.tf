# Generated from examples/asl/map-items.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "map_items" {
  comment  = "Fulfil each line of an order: an inline Map over $.items, at most 10 lines at a time."
  start_at = "FulfilLines"

  map "FulfilLines" {
    items_path = "$.items"
    item_selector = {
      "orderId.$"    = "$.orderId"
      "line.$"       = "$$.Map.Item.Value"
      "lineNumber.$" = "$$.Map.Item.Index"
    }
    max_concurrency = 10
    result_path     = "$.fulfilment"
    next            = "SummariseOrder"

    item_processor {
      mode     = "INLINE"
      start_at = "ReadStockLevel"
      states = {
        ReadStockLevel = {
          type     = "task"
          resource = "arn:aws:states:::dynamodb:getItem"
          parameters = {
            TableName = "inventory"
            Key = {
              sku = { "S.$" = "$.line.sku" }
            }
          }
          result_path = "$.stock"
          next        = "PickLine"
        }
        PickLine = {
          type     = "task"
          resource = "arn:aws:states:::lambda:invoke"
          parameters = {
            FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:warehouse-pick-line"
            "Payload.$"  = "$"
          }
          output_path = "$.Payload"
          end         = true
          retry = [
            {
              error_equals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
              interval_seconds = 1
              max_attempts     = 3
              backoff_rate     = 2
            },
          ]
          catch = [
            {
              error_equals = ["OutOfStock"]
              result_path  = "$.error"
              next         = "Backorder"
            },
          ]
        }
        Backorder = {
          type = "pass"
          parameters = {
            "lineNumber.$" = "$.lineNumber"
            "sku.$"        = "$.line.sku"
            status         = "BACKORDERED"
          }
          end = true
        }
      }
    }
  }

  pass "SummariseOrder" {
    parameters = {
      "orderId.$"   = "$.orderId"
      "lines.$"     = "$.fulfilment"
      "lineCount.$" = "States.ArrayLength($.fulfilment)"
    }
    end = true
  }
}
