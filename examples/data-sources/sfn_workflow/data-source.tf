# Typed HCL compiled to validated Amazon States Language, offline, at plan time.
data "sfn_workflow" "approval" {
  comment  = "Wait for a person to approve large orders"
  start_at = "IsLarge"

  choice "IsLarge" {
    rule {
      variable             = "$.amount"
      numeric_greater_than = 1000
      next                 = "AskApproval"
    }
    default = "Approved"
  }

  task "AskApproval" {
    resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
    parameters = {
      QueueUrl    = "https://sqs.us-east-1.amazonaws.com/123456789012/approvals"
      MessageBody = { "Token.$" = "$$.Task.Token", "Order.$" = "$" }
    }
    timeout_seconds = 86400
    next            = "Approved"

    catch {
      error_equals = ["States.Timeout"]
      next         = "Rejected"
    }
  }

  succeed "Approved" {}

  fail "Rejected" {
    error = "ApprovalTimedOut"
    cause = "Nobody approved the order within a day"
  }

  # Inputs of iam_policy_json, the execution role's least-privilege policy.
  iam_policy {
    state_machine_name = "approval"
  }
}

output "definition" {
  value = data.sfn_workflow.approval.json
}

output "diagram" {
  value = data.sfn_workflow.approval.mermaid
}

# Ready for aws_iam_role_policy.policy: sqs:SendMessage on the approvals queue only.
output "execution_role_policy" {
  value = data.sfn_workflow.approval.iam_policy_json
}
