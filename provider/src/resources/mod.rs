//! Resources and data sources, managed through [`crate::aws::api::SfnApi`], and the registry of
//! everything the provider serves.
//!
//! A resource is a schema, a typed state model and a [`lifecycle::Lifecycle`]; a data source that
//! reads AWS is a schema, a model and a [`lookup::Lookup`]. Either is served by adding one line
//! to [`resources`] or [`data_sources`] (the docs generator reads the same lists).

use std::sync::Arc;

use tf_provider::schema::Schema;

use crate::plugin::{DataSourceType, ResourceType};
use crate::session::Session;

pub mod activity;
pub mod activity_data;
pub mod alias;
pub mod alias_data;
pub mod blocks;
pub mod lifecycle;
pub mod lookup;
pub mod ownership;
pub mod state_machine;
pub mod state_machine_data;
pub mod tagging;
#[cfg(test)]
mod tests;
pub mod versions_data;

use lifecycle::Managed;
use lookup::Served;

/// Every resource: its name without the `sfn_` prefix, and the resource.
pub fn resources(session: &Arc<Session>) -> Vec<(&'static str, Box<dyn ResourceType>)> {
    let s = || session.clone();
    vec![
        (
            "state_machine",
            Box::new(Managed::new(state_machine::StateMachine, s())),
        ),
        ("alias", Box::new(Managed::new(alias::Alias, s()))),
        ("activity", Box::new(Managed::new(activity::Activity, s()))),
    ]
}

/// Every data source: its name without the `sfn_` prefix, and the data source.
pub fn data_sources(session: &Arc<Session>) -> Vec<(&'static str, Box<dyn DataSourceType>)> {
    let s = || session.clone();
    vec![
        (
            "workflow",
            Box::new(crate::workflow::WorkflowDataSource {
                rules: session.rules.clone(),
            }),
        ),
        (
            "workflow_test",
            Box::new(crate::workflow_test::WorkflowTestDataSource),
        ),
        (
            "state_machine",
            Box::new(Served::new(state_machine_data::StateMachineData, s())),
        ),
        ("alias", Box::new(Served::new(alias_data::AliasData, s()))),
        (
            "activity",
            Box::new(Served::new(activity_data::ActivityData, s())),
        ),
        (
            "state_machine_versions",
            Box::new(Served::new(versions_data::VersionsData, s())),
        ),
    ]
}

/// Schemas by name (without the `sfn_` prefix).
pub type Named = Vec<(&'static str, Schema)>;

/// The schema of each resource and of each data source (for the docs and the tests).
pub fn schemas() -> (Named, Named) {
    let session = Arc::new(Session::default());
    let mut d = tf_provider::Diagnostics::default();
    let r = resources(&session)
        .into_iter()
        .filter_map(|(n, r)| Some((n, r.schema(&mut d)?)))
        .collect();
    let ds = data_sources(&session)
        .into_iter()
        .filter_map(|(n, r)| Some((n, r.schema(&mut d)?)))
        .collect();
    (r, ds)
}
