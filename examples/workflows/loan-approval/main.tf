# Generated from examples/asl/loan-approval.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "loan_approval" {
  comment  = "Loan application: validate, check credit, score the risk; large or risky loans wait for an underwriter (task token over SQS), the rest are approved automatically; then a cooling-off wait and the disbursement."
  start_at = "ValidateApplication"
  states = {
    "NeedsUnderwriter?" = {
      type    = "choice"
      default = "ApproveAutomatically"
      rule = [
        { variable = "$.credit.score", numeric_less_than = 580, next = "LoanRejected" },
        {
          next = "RequestUnderwriterReview"
          or = [
            { variable = "$.amount", numeric_greater_than = 50000 },
            {
              and = [
                { variable = "$.credit.score", numeric_less_than = 680 },
                { variable = "$.amount", numeric_greater_than = 10000 },
              ]
            },
          ]
        },
      ]
    }
  }

  task "ValidateApplication" {
    resource = "arn:aws:lambda:us-east-1:123456789012:function:loans-validate-application"
    next     = "CheckCreditHistory"

    retry {
      error_equals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
      interval_seconds = 1
      max_attempts     = 3
      backoff_rate     = 2
    }

    catch {
      error_equals = ["InvalidApplication"]
      result_path  = "$.error"
      next         = "LoanRejected"
    }
  }

  task "CheckCreditHistory" {
    resource = "arn:aws:states:::http:invoke"
    parameters = {
      ApiEndpoint = "https://credit-bureau.example.com/v2/reports"
      Method      = "POST"
      Authentication = {
        ConnectionArn = "arn:aws:events:us-east-1:123456789012:connection/credit-bureau/4f1a2b3c-5d6e-7f80-91a2-b3c4d5e6f708"
      }
      RequestBody = {
        "nationalId.$" = "$.applicant.nationalId"
        "consentId.$"  = "$.applicant.consentId"
      }
    }
    result_selector = {
      "score.$"    = "$.ResponseBody.score"
      "reportId.$" = "$.ResponseBody.reportId"
    }
    result_path     = "$.credit"
    timeout_seconds = 120
    next            = "NeedsUnderwriter?"

    retry {
      error_equals      = ["States.Http.StatusCode.429", "States.Http.StatusCode.503", "States.Timeout"]
      interval_seconds  = 5
      max_attempts      = 5
      backoff_rate      = 2
      max_delay_seconds = 60
      jitter_strategy   = "FULL"
    }
  }

  fail "LoanRejected" {
    error = "LoanRejected"
    cause = "The application was invalid, the credit check failed, or the underwriter declined it."
  }

  task "RequestUnderwriterReview" {
    resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
    parameters = {
      QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/loan-underwriting"
      MessageBody = {
        "applicationId.$"  = "$.applicationId"
        "amount.$"         = "$.amount"
        "creditReportId.$" = "$.credit.reportId"
        "Token.$"          = "$$.Task.Token"
      }
    }
    result_path       = "$.review"
    timeout_seconds   = 604800
    heartbeat_seconds = 86400
    next              = "UnderwriterApproved?"

    catch {
      error_equals = ["States.Timeout", "States.HeartbeatTimeout"]
      result_path  = "$.error"
      next         = "LoanRejected"
    }
  }

  choice "UnderwriterApproved?" {
    default = "LoanRejected"

    rule {
      variable       = "$.review.approved"
      boolean_equals = true
      next           = "CoolingOffPeriod"
    }
  }

  wait "CoolingOffPeriod" {
    seconds = 86400
    next    = "DisburseLoan"
  }

  task "DisburseLoan" {
    resource = "arn:aws:states:::lambda:invoke"
    parameters = {
      FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:loans-disburse"
      Payload = {
        "applicationId.$" = "$.applicationId"
        "amount.$"        = "$.amount"
        "account.$"       = "$.applicant.account"
      }
    }
    output_path = "$.Payload"
    next        = "LoanDisbursed"

    retry {
      error_equals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
      interval_seconds = 2
      max_attempts     = 3
      backoff_rate     = 2
    }
  }

  succeed "LoanDisbursed" {}

  pass "ApproveAutomatically" {
    parameters  = { approved = true, reviewer = "automatic" }
    result_path = "$.review"
    next        = "CoolingOffPeriod"
  }
}
