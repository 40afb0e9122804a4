//! The `sfn` provider: its configuration (see [`crate::config`]) and the resources and data
//! sources it serves (see [`crate::resources`]). The AWS client is created lazily, on first use
//! by a resource, so that plans which only use `sfn_workflow` need no credentials and no network.

use std::sync::Arc;

use async_trait::async_trait;
use tf_provider::schema::Schema;
use tf_provider::{Diagnostics, Provider};

use crate::config::{self, ProviderBlock};
use crate::model::Value;
use crate::session::Session;
use crate::tfvalue::Raw;

#[derive(Default)]
pub struct SfnProvider {
    pub session: Arc<Session>,
}

fn block(v: Value<ProviderBlock>) -> ProviderBlock {
    match v {
        Value::Value(b) => b,
        // No provider block at all: every setting at its default.
        _ => ProviderBlock::default(),
    }
}

#[async_trait]
impl Provider for SfnProvider {
    type Config<'a> = Value<ProviderBlock>;
    type MetaState<'a> = Raw;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(config::schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Self::Config<'a>) -> Option<()> {
        let parsed = config::parse(&block(config), diags);
        // `terraform validate` never configures the provider: its rule control is taken here.
        self.session.rules.set(parsed.rules);
        Some(())
    }

    async fn configure<'a>(
        &self,
        diags: &mut Diagnostics,
        _terraform_version: String,
        config: Self::Config<'a>,
    ) -> Option<()> {
        let parsed = config::parse(&block(config), diags);
        self.session.rules.set(parsed.rules.clone());
        self.session.configure(parsed);
        Some(())
    }
}

impl SfnProvider {
    /// Everything the plugin serves: the provider and the lists in [`crate::resources`].
    pub fn registry(self) -> crate::plugin::Registry {
        crate::plugin::Registry {
            name: "sfn".into(),
            resources: crate::resources::resources(&self.session),
            data_sources: crate::resources::data_sources(&self.session),
            provider: Box::new(self),
        }
    }
}
