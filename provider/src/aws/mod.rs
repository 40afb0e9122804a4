//! Everything that talks to AWS.

pub mod api;
pub mod clock;
#[cfg(test)]
pub mod fake;
pub mod retry;
pub mod sdk;
