# Generated from examples/asl/jsonata-map-items.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "jsonata_map_items" {
  comment        = "JSONata: give the batch an id, then resize every image listed in the input with an inline Map over Items, four at a time."
  query_language = "JSONata"
  start_at       = "StartBatch"

  pass "StartBatch" {
    assign = { batchId = "{% $uuid() %}", bucket = "{% $states.input.bucket %}" }
    next   = "ResizeImages"
  }

  map "ResizeImages" {
    items = "{% $states.input.images[size > 0] %}"
    item_selector = {
      batchId  = "{% $batchId %}"
      bucket   = "{% $bucket %}"
      key      = "{% $states.context.Map.Item.Value.key %}"
      position = "{% $states.context.Map.Item.Index %}"
    }
    max_concurrency = 4
    output = {
      batchId    = "{% $batchId %}"
      resized    = "{% $count($states.result) %}"
      thumbnails = "{% $states.result.thumbnailKey %}"
    }
    end = true

    item_processor {
      mode     = "INLINE"
      start_at = "Resize"
      states = {
        Resize = {
          type     = "task"
          resource = "arn:aws:states:::lambda:invoke"
          arguments = {
            FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:images-resize"
            Payload      = "{% $states.input %}"
          }
          output = "{% $states.result.Payload %}"
          end    = true
          retry = [
            {
              error_equals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
              interval_seconds = 1
              max_attempts     = 3
              backoff_rate     = 2
            },
          ]
        }
      }
    }
  }
}
