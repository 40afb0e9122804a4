# Generated from examples/asl/human-approval.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "human_approval" {
  comment  = "Human approval: post a request to an SQS queue with a task token and pause until a reviewer calls SendTaskSuccess or SendTaskFailure; approved changes wait for the change window, then run. Callbacks need a STANDARD machine."
  start_at = "RequestApproval"

  task "RequestApproval" {
    resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
    parameters = {
      QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/change-approvals"
      MessageBody = {
        "changeId.$"    = "$.changeId"
        "requestedBy.$" = "$.requestedBy"
        "summary.$"     = "$.summary"
        "Token.$"       = "$$.Task.Token"
      }
    }
    result_path     = "$.approval"
    timeout_seconds = 259200
    next            = "Approved?"

    catch {
      error_equals = ["States.Timeout"]
      result_path  = "$.error"
      next         = "ApprovalExpired"
    }
  }

  choice "Approved?" {
    default = "RequestApproval"

    rule {
      variable      = "$.approval.decision"
      string_equals = "APPROVED"
      next          = "WaitForChangeWindow"
    }

    rule {
      variable      = "$.approval.decision"
      string_equals = "REJECTED"
      next          = "NotifyRejected"
    }
  }

  wait "WaitForChangeWindow" {
    timestamp_path = "$.changeWindowStart"
    next           = "ApplyChange"
  }

  task "ApplyChange" {
    resource = "arn:aws:states:::lambda:invoke"
    parameters = {
      FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:change-apply"
      Payload      = { "changeId.$" = "$.changeId", "approvedBy.$" = "$.approval.reviewer" }
    }
    result_path = "null"
    next        = "ChangeApplied"

    retry {
      error_equals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
      interval_seconds = 2
      max_attempts     = 3
      backoff_rate     = 2
    }
  }

  succeed "ChangeApplied" {}

  task "NotifyRejected" {
    resource = "arn:aws:states:::sns:publish"
    parameters = {
      TopicArn    = "arn:aws:sns:us-east-1:123456789012:change-notifications"
      "Message.$" = "States.Format('Change {} was rejected by {}.', $.changeId, $.approval.reviewer)"
    }
    result_path = "null"
    next        = "ChangeRejected"
  }

  fail "ChangeRejected" {
    error = "ChangeRejected"
    cause = "A reviewer rejected the change."
  }

  fail "ApprovalExpired" {
    error = "ApprovalExpired"
    cause = "Nobody answered the approval request within three days."
  }
}
