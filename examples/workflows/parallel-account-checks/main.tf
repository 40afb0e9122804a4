# Generated from examples/asl/parallel-account-checks.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "parallel_account_checks" {
  comment  = "Banking: check the applicant's name and address in parallel, then open the account. System errors are retried; the checks' own errors are caught and routed."
  start_at = "VerifyApplicant"

  parallel "VerifyApplicant" {
    result_selector = { "name.$" = "$[0]", "address.$" = "$[1]" }
    result_path     = "$.checks"
    next            = "OpenNewAccount"

    branch {
      start_at = "CheckName"
      states = {
        CheckName = {
          type     = "task"
          resource = "arn:aws:states:::lambda:invoke"
          parameters = {
            FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:kyc-check-name"
            Payload = {
              "firstName.$" = "$.applicant.firstName"
              "lastName.$"  = "$.applicant.lastName"
            }
          }
          output_path = "$.Payload"
          end         = true
          retry = [
            {
              error_equals = [
                "Lambda.ServiceException",
                "Lambda.AWSLambdaException",
                "Lambda.SdkClientException",
                "Lambda.TooManyRequestsException",
              ]
              interval_seconds = 2
              max_attempts     = 6
              backoff_rate     = 2
            },
          ]
        }
      }
    }

    branch {
      start_at = "CheckAddress"
      states = {
        CheckAddress = {
          type     = "task"
          resource = "arn:aws:states:::lambda:invoke"
          parameters = {
            FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:kyc-check-address"
            Payload      = { "address.$" = "$.applicant.address" }
          }
          output_path = "$.Payload"
          end         = true
          retry = [
            {
              error_equals = [
                "Lambda.ServiceException",
                "Lambda.AWSLambdaException",
                "Lambda.SdkClientException",
                "Lambda.TooManyRequestsException",
              ]
              interval_seconds = 2
              max_attempts     = 6
              backoff_rate     = 2
            },
            {
              error_equals     = ["AddressServiceUnavailable"]
              interval_seconds = 30
              max_attempts     = 2
              backoff_rate     = 1
            },
          ]
        }
      }
    }

    retry {
      error_equals     = ["States.Timeout"]
      interval_seconds = 10
      max_attempts     = 1
    }

    catch {
      error_equals = ["NameMismatch", "AddressInvalid"]
      result_path  = "$.rejection"
      next         = "NotifyRejection"
    }

    catch {
      error_equals = ["States.ALL"]
      result_path  = "$.error"
      next         = "VerificationError"
    }
  }

  task "OpenNewAccount" {
    resource = "arn:aws:states:::lambda:invoke"
    parameters = {
      FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:accounts-open"
      Payload      = { "applicant.$" = "$.applicant", "checks.$" = "$.checks" }
    }
    output_path = "$.Payload"
    end         = true

    retry {
      error_equals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
      interval_seconds = 2
      max_attempts     = 3
      backoff_rate     = 2
    }
  }

  task "NotifyRejection" {
    resource = "arn:aws:states:::sns:publish"
    parameters = {
      TopicArn    = "arn:aws:sns:us-east-1:123456789012:account-applications"
      "Message.$" = "States.Format('Application for {} {} was rejected: {}', $.applicant.firstName, $.applicant.lastName, $.rejection.Error)"
    }
    result_path = "null"
    next        = "ApplicationRejected"
  }

  fail "ApplicationRejected" {
    error = "ApplicationRejected"
    cause = "The applicant's name or address could not be verified."
  }

  fail "VerificationError" {
    error = "VerificationError"
    cause = "The verification services failed after retries."
  }
}
