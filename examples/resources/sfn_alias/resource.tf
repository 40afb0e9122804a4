# "prod" follows each version sfn_state_machine.orders publishes, in the same apply.
resource "sfn_alias" "prod" {
  name        = "prod"
  description = "Production traffic"

  routing_configuration {
    state_machine_version_arn = sfn_state_machine.orders.state_machine_version_arn
    weight                    = 100
  }

  # For a canary, split between the previous version and the new one:
  #
  # routing_configuration {
  #   state_machine_version_arn = var.stable_version_arn
  #   weight                    = 90
  # }
  # routing_configuration {
  #   state_machine_version_arn = sfn_state_machine.orders.state_machine_version_arn
  #   weight                    = 10
  # }
}
