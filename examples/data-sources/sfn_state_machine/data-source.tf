# Look up a state machine by its exact name.
data "sfn_state_machine" "orders" {
  name = "orders"
}

output "orders_arn" {
  value = data.sfn_state_machine.orders.arn
}
