//! End-to-end tests: real Terraform, real provider binary. See `tests/lib.rs` for the harness.

mod examples;
mod faults;
mod hostile;
mod iam_policy;
mod load;
mod migration;
mod migration_invalid;
mod mtls;
mod secrets;
mod state_machine;
mod workflow;
mod workflows_deploy;
