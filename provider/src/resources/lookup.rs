//! The skeleton of the data sources that read AWS: a schema, a typed model and a read.
//! [`Served`] turns a [`Lookup`] into tf-provider's `DataSource`: checks in `validate`, the
//! read with the session's API, and no panic on anything Terraform sends.

use std::sync::Arc;

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tf_provider::schema::Schema;
use tf_provider::{DataSource, Diagnostics};

use super::lifecycle::{object, Ctx};
use crate::aws::api::SfnApi;
use crate::model::Value;
use crate::session::Session;
use crate::tfvalue::Raw;

#[async_trait]
pub trait Lookup: Send + Sync + 'static {
    type State: Serialize + DeserializeOwned + Clone + Send + Sync + 'static;

    fn schema(&self) -> Schema;

    /// Checks of the configuration that need no AWS call (values not yet known are skipped).
    fn check(&self, _config: &Self::State, _diags: &mut Diagnostics) {}

    /// The configuration with the looked-up values filled in, or `None` after an error.
    async fn read(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        config: Self::State,
        diags: &mut Diagnostics,
    ) -> Option<Self::State>;
}

pub struct Served<L> {
    pub lookup: L,
    pub session: Arc<Session>,
}

impl<L: Lookup> Served<L> {
    pub fn new(lookup: L, session: Arc<Session>) -> Served<L> {
        Served { lookup, session }
    }
}

#[async_trait]
impl<L: Lookup> DataSource for Served<L> {
    type State<'a> = Value<L::State>;
    type ProviderMetaState<'a> = Raw;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(self.lookup.schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Self::State<'a>) -> Option<()> {
        let config = object(config, diags)?;
        self.lookup.check(&config, diags);
        Some(())
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        config: Self::State<'a>,
        _meta: Raw,
    ) -> Option<Self::State<'a>> {
        let config = object(config, diags)?;
        let ctx = Ctx {
            session: &self.session,
        };
        let api = ctx.api(diags).await?;
        let state = self.lookup.read(&ctx, &*api, config, diags).await?;
        Some(Value::Value(state))
    }
}
