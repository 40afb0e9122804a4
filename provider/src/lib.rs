//! terraform-provider-sfn as a library: the provider, its resources and data sources, and the
//! AWS seam. The binary (`main.rs`) only serves it; the docs generator reads its schemas.

pub mod aws;
pub mod codes;
pub mod diags;
pub mod docs;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod logging;
pub mod plugin;
pub mod provider;
pub mod resources;
pub mod tfvalue;
pub mod workflow;
