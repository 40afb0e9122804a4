# Generated from examples/asl/simple-fail.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "simple_fail" {
  comment  = "Stop with a named error and a cause when the order is unknown or cancelled."
  start_at = "CheckStatus"

  choice "CheckStatus" {
    default = "OrderActive"

    rule {
      next = "OrderNotFound"

      not {
        variable   = "$.order"
        is_present = true
      }
    }

    rule {
      variable      = "$.order.status"
      string_equals = "CANCELLED"
      next          = "OrderCancelled"
    }
  }

  fail "OrderNotFound" {
    error = "OrderNotFound"
    cause = "The input has no order."
  }

  fail "OrderCancelled" {
    error = "OrderCancelled"
    cause = "The order was cancelled before it could be processed."
  }

  succeed "OrderActive" {}
}
