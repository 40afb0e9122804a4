//! End-to-end tests: real Terraform, real provider binary. See `tests/lib.rs` for the harness.

mod examples;
mod state_machine;
mod migration;
mod migration_invalid;
mod workflow;
