# The published versions of a machine, newest first. Here a "previous" alias keeps routing to
# the version before the newest one (or to the newest while there is only one).
data "sfn_state_machine_versions" "orders" {
  state_machine_arn = sfn_state_machine.orders.arn
}

locals {
  orders_versions = data.sfn_state_machine_versions.orders.versions
}

resource "sfn_alias" "previous" {
  name = "previous"

  routing_configuration {
    state_machine_version_arn = local.orders_versions[length(local.orders_versions) > 1 ? 1 : 0].arn
    weight                    = 100
  }
}

output "orders_versions" {
  value = [for v in local.orders_versions : { version = v.version, description = v.description }]
}
