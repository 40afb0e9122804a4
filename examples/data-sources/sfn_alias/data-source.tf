# Look up an alias of a state machine by its exact name: "prod" never matches "preprod".
data "sfn_alias" "prod" {
  state_machine_arn = sfn_state_machine.orders.arn
  name              = sfn_alias.prod.name
}

output "prod_alias_arn" {
  value = data.sfn_alias.prod.arn
}

output "prod_routes" {
  value = data.sfn_alias.prod.routing_configuration
}
