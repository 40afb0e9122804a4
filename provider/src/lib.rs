//! terraform-provider-sfn as a library: the provider, its resources and data sources, and the
//! AWS seam. The binary (`main.rs`) only serves it; the docs generator reads its schemas.

pub mod aws;
pub mod codes;
pub mod config;
pub mod diags;
pub mod docs;
pub mod enums;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod logging;
pub mod model;
pub mod provider;
pub mod resources;
pub mod session;
pub mod tags;
pub mod tfvalue;
pub mod workflow;
