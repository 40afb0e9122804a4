//! Resources and the state machine data source, managed through [`crate::aws::api::SfnApi`].

pub mod activity;
pub mod alias;
pub mod common;
pub mod state_machine;
pub mod state_machine_data;
#[cfg(test)]
mod tests;
