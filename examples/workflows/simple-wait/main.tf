# Generated from examples/asl/simple-wait.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "simple_wait" {
  comment  = "Delay a reminder: until the timestamp given in the input when there is one, otherwise for a fixed 15 minutes; a scheduled launch waits until a fixed instant."
  start_at = "HasSendAt?"

  choice "HasSendAt?" {
    default = "WaitFifteenMinutes"

    rule {
      variable     = "$.sendAt"
      is_timestamp = true
      next         = "WaitUntilSendAt"
    }
  }

  wait "WaitUntilSendAt" {
    timestamp_path = "$.sendAt"
    next           = "SendReminder"
  }

  task "SendReminder" {
    resource = "arn:aws:states:::sns:publish"
    parameters = {
      TopicArn    = "arn:aws:sns:us-east-1:123456789012:reminders"
      "Message.$" = "$.text"
    }
    result_path = "null"
    next        = "WaitForLaunch"
  }

  wait "WaitForLaunch" {
    timestamp = "2026-12-01T09:00:00Z"
    next      = "Launched"
  }

  succeed "Launched" {}

  wait "WaitFifteenMinutes" {
    seconds = 900
    next    = "SendReminder"
  }
}
