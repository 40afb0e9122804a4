//! Everything that talks to AWS.

pub mod api;
pub mod retry;
pub mod sdk;
