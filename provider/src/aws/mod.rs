//! Everything that talks to AWS.

pub mod api;
#[cfg(test)]
pub mod fake;
pub mod retry;
pub mod sdk;
