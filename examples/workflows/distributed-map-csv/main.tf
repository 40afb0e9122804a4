# Generated from examples/asl/distributed-map-csv.asl.json by `sfn-asl hcl`.

data "sfn_workflow" "distributed_map_csv" {
  comment  = "Import a large customer CSV from S3 with a Distributed Map: 100 rows per child execution, results written back to S3, up to 5% of items may fail."
  start_at = "ImportCustomers"

  map "ImportCustomers" {
    max_concurrency              = 50
    tolerated_failure_percentage = 5
    label                        = "ImportCustomers"
    result_path                  = "$.importResult"
    next                         = "ReportImport"

    item_reader {
      resource   = "arn:aws:states:::s3:getObject"
      parameters = { Bucket = "example-imports-123456789012", "Key.$" = "$.csvKey" }

      reader_config {
        input_type          = "CSV"
        csv_header_location = "FIRST_ROW"
      }
    }

    item_batcher {
      max_items_per_batch       = 100
      max_input_bytes_per_batch = 262144
      batch_input               = { "importId.$" = "$.importId" }
    }

    item_processor {
      mode           = "DISTRIBUTED"
      execution_type = "EXPRESS"
      start_at       = "UpsertCustomers"
      states = {
        UpsertCustomers = {
          type     = "task"
          resource = "arn:aws:states:::lambda:invoke"
          parameters = {
            FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:customers-upsert-batch"
            Payload      = { "importId.$" = "$.BatchInput.importId", "rows.$" = "$.Items" }
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
              max_attempts     = 5
              backoff_rate     = 2
              jitter_strategy  = "FULL"
            },
          ]
        }
      }
    }

    result_writer {
      resource   = "arn:aws:states:::s3:putObject"
      parameters = { Bucket = "example-import-results-123456789012", Prefix = "customers" }
    }
  }

  task "ReportImport" {
    resource = "arn:aws:states:::sns:publish"
    parameters = {
      TopicArn    = "arn:aws:sns:us-east-1:123456789012:data-imports"
      "Message.$" = "States.Format('Import {} finished; results are in s3://{}/{}.', $.importId, $.importResult.ResultWriterDetails.Bucket, $.importResult.ResultWriterDetails.Key)"
    }
    result_path = "null"
    end         = true
  }
}
