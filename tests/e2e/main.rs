//! End-to-end tests: real Terraform, real provider binary. See `tests/lib.rs` for the harness.

mod examples;
mod faults;
mod formatting;
mod golden_module;
mod hostile;
mod iam_policy;
mod inline_workflow;
mod lifecycle;
mod load;
mod migration;
mod migration_invalid;
mod mtls;
mod release;
mod rule_control;
mod secrets;
mod state_machine;
mod static_https;
mod workflow;
mod workflow_test;
mod workflows_deploy;
