# Generated from examples/asl/simple-pass-succeed.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "simple_pass_succeed" {
  comment  = "The smallest useful machine: a Pass state that adds a fixed greeting, then Succeed."
  start_at = "AddGreeting"

  pass "AddGreeting" {
    result      = { message = "Hello from Step Functions", version = 1 }
    result_path = "$.greeting"
    next        = "Done"
  }

  succeed "Done" {}
}
