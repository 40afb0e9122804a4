//! What the plugin serves: the provider, its resource types and data sources, behind object-safe
//! traits that take and give Terraform values as bytes on the wire.
//!
//! Resources and data sources implement tf-provider's typed traits (`Resource`, `DataSource`,
//! `Provider`, with serde types such as [`crate::tfvalue::Raw`]); the blanket implementations
//! here decode each request's values into those types and encode the answers as MessagePack.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tf_provider::schema::Schema;
use tf_provider::{AttributePath, DataSource, Diagnostics, Provider, Resource};

/// MessagePack's `nil`: what an absent value (an empty private state, a missing meta) means.
const NIL: &[u8] = &[0xc0];

/// A Terraform value as the protocol carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wire {
    /// MessagePack, what Terraform sends in every request.
    MsgPack(Vec<u8>),
    /// JSON: states read back from a state file (`UpgradeResourceState`).
    Json(Vec<u8>),
}

impl Wire {
    /// The value from a protocol `DynamicValue` (absent: null).
    pub fn from_parts(msgpack: Vec<u8>, json: Vec<u8>) -> Wire {
        if msgpack.is_empty() && !json.is_empty() {
            Wire::Json(json)
        } else {
            Wire::MsgPack(msgpack)
        }
    }

    pub fn null() -> Wire {
        Wire::MsgPack(NIL.to_vec())
    }

    /// True for null (the protocol's "no object": create has no prior state, destroy no plan).
    pub fn is_null(&self) -> bool {
        match self {
            Wire::MsgPack(b) => b.is_empty() || b.as_slice() == NIL,
            Wire::Json(b) => b.is_empty() || b.as_slice() == b"null",
        }
    }

    fn decode<'a, T: Deserialize<'a>>(&'a self, diags: &mut Diagnostics) -> Option<T> {
        let result = match self {
            Wire::MsgPack(b) if b.is_empty() => {
                rmp_serde::from_slice(NIL).map_err(|e| e.to_string())
            }
            Wire::MsgPack(b) => rmp_serde::from_slice(b).map_err(|e| e.to_string()),
            Wire::Json(b) => serde_json::from_slice(b).map_err(|e| e.to_string()),
        };
        result.map_err(|e| undecodable(diags, &e)).ok()
    }
}

/// Private state is MessagePack bytes the provider wrote itself; empty means none.
fn decode_private<'a, T: Deserialize<'a>>(diags: &mut Diagnostics, bytes: &'a [u8]) -> Option<T> {
    let bytes = if bytes.is_empty() { NIL } else { bytes };
    rmp_serde::from_slice(bytes)
        .map_err(|e| undecodable(diags, &e.to_string()))
        .ok()
}

fn encode<T: Serialize>(diags: &mut Diagnostics, value: &T) -> Option<Vec<u8>> {
    match rmp_serde::to_vec_named(value) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            diags.root_error(
                "SFN000 internal: the provider could not encode a value for Terraform",
                e.to_string(),
            );
            None
        }
    }
}

fn undecodable(diags: &mut Diagnostics, error: &str) {
    diags.root_error(
        "SFN000 internal: the provider could not decode a value Terraform sent",
        format!("{error}. Please report this with the configuration."),
    );
}

/// A managed resource type, as the plugin calls it. Values in and out are MessagePack.
#[async_trait]
pub trait ResourceType: Send + Sync {
    fn schema(&self, diags: &mut Diagnostics) -> Option<Schema>;

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: &'a Wire) -> Option<()>;

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        state: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<(Vec<u8>, Vec<u8>)>;

    async fn plan_create<'a>(
        &self,
        diags: &mut Diagnostics,
        proposed: &'a Wire,
        config: &'a Wire,
        meta: &'a Wire,
    ) -> Option<(Vec<u8>, Vec<u8>)>;

    #[allow(clippy::too_many_arguments)]
    async fn plan_update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: &'a Wire,
        proposed: &'a Wire,
        config: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<(Vec<u8>, Vec<u8>, Vec<AttributePath>)>;

    async fn plan_destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<Vec<u8>>;

    async fn create<'a>(
        &self,
        diags: &mut Diagnostics,
        planned: &'a Wire,
        config: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<(Vec<u8>, Vec<u8>)>;

    #[allow(clippy::too_many_arguments)]
    async fn update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: &'a Wire,
        planned: &'a Wire,
        config: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<(Vec<u8>, Vec<u8>)>;

    async fn destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<()>;

    async fn import(&self, diags: &mut Diagnostics, id: String) -> Option<(Vec<u8>, Vec<u8>)>;
}

#[async_trait]
impl<T: Resource> ResourceType for T {
    fn schema(&self, diags: &mut Diagnostics) -> Option<Schema> {
        Resource::schema(self, diags)
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: &'a Wire) -> Option<()> {
        let config = config.decode(diags)?;
        Resource::validate(self, diags, config).await
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        state: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<(Vec<u8>, Vec<u8>)> {
        let state = state.decode(diags)?;
        let private = decode_private(diags, private)?;
        let meta = meta.decode(diags)?;
        let (state, private) = Resource::read(self, diags, state, private, meta).await?;
        Some((encode(diags, &state)?, encode(diags, &private)?))
    }

    async fn plan_create<'a>(
        &self,
        diags: &mut Diagnostics,
        proposed: &'a Wire,
        config: &'a Wire,
        meta: &'a Wire,
    ) -> Option<(Vec<u8>, Vec<u8>)> {
        let proposed = proposed.decode(diags)?;
        let config = config.decode(diags)?;
        let meta = meta.decode(diags)?;
        let (state, private) = Resource::plan_create(self, diags, proposed, config, meta).await?;
        Some((encode(diags, &state)?, encode(diags, &private)?))
    }

    async fn plan_update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: &'a Wire,
        proposed: &'a Wire,
        config: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<(Vec<u8>, Vec<u8>, Vec<AttributePath>)> {
        let prior = prior.decode(diags)?;
        let proposed = proposed.decode(diags)?;
        let config = config.decode(diags)?;
        let private = decode_private(diags, private)?;
        let meta = meta.decode(diags)?;
        let (state, private, replace) =
            Resource::plan_update(self, diags, prior, proposed, config, private, meta).await?;
        Some((encode(diags, &state)?, encode(diags, &private)?, replace))
    }

    async fn plan_destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<Vec<u8>> {
        let prior = prior.decode(diags)?;
        let private = decode_private(diags, private)?;
        let meta = meta.decode(diags)?;
        let private = Resource::plan_destroy(self, diags, prior, private, meta).await?;
        encode(diags, &private)
    }

    async fn create<'a>(
        &self,
        diags: &mut Diagnostics,
        planned: &'a Wire,
        config: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<(Vec<u8>, Vec<u8>)> {
        let planned = planned.decode(diags)?;
        let config = config.decode(diags)?;
        let private = decode_private(diags, private)?;
        let meta = meta.decode(diags)?;
        let (state, private) =
            Resource::create(self, diags, planned, config, private, meta).await?;
        Some((encode(diags, &state)?, encode(diags, &private)?))
    }

    async fn update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: &'a Wire,
        planned: &'a Wire,
        config: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<(Vec<u8>, Vec<u8>)> {
        let prior = prior.decode(diags)?;
        let planned = planned.decode(diags)?;
        let config = config.decode(diags)?;
        let private = decode_private(diags, private)?;
        let meta = meta.decode(diags)?;
        let (state, private) =
            Resource::update(self, diags, prior, planned, config, private, meta).await?;
        Some((encode(diags, &state)?, encode(diags, &private)?))
    }

    async fn destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: &'a Wire,
        private: &'a [u8],
        meta: &'a Wire,
    ) -> Option<()> {
        let prior = prior.decode(diags)?;
        let private = decode_private(diags, private)?;
        let meta = meta.decode(diags)?;
        Resource::destroy(self, diags, prior, private, meta).await
    }

    async fn import(&self, diags: &mut Diagnostics, id: String) -> Option<(Vec<u8>, Vec<u8>)> {
        let (state, private) = Resource::import(self, diags, id).await?;
        Some((encode(diags, &state)?, encode(diags, &private)?))
    }
}

/// A data source, as the plugin calls it.
#[async_trait]
pub trait DataSourceType: Send + Sync {
    fn schema(&self, diags: &mut Diagnostics) -> Option<Schema>;

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: &'a Wire) -> Option<()>;

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        config: &'a Wire,
        meta: &'a Wire,
    ) -> Option<Vec<u8>>;
}

#[async_trait]
impl<T: DataSource> DataSourceType for T {
    fn schema(&self, diags: &mut Diagnostics) -> Option<Schema> {
        DataSource::schema(self, diags)
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: &'a Wire) -> Option<()> {
        let config = config.decode(diags)?;
        DataSource::validate(self, diags, config).await
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        config: &'a Wire,
        meta: &'a Wire,
    ) -> Option<Vec<u8>> {
        let config = config.decode(diags)?;
        let meta = meta.decode(diags)?;
        let state = DataSource::read(self, diags, config, meta).await?;
        encode(diags, &state)
    }
}

/// The provider itself: its block's schema, validation and configuration.
#[async_trait]
pub trait ProviderType: Send + Sync {
    fn schema(&self, diags: &mut Diagnostics) -> Option<Schema>;
    fn meta_schema(&self, diags: &mut Diagnostics) -> Option<Schema>;
    async fn validate<'a>(&self, diags: &mut Diagnostics, config: &'a Wire) -> Option<()>;
    async fn configure<'a>(
        &self,
        diags: &mut Diagnostics,
        terraform_version: String,
        config: &'a Wire,
    ) -> Option<()>;
}

#[async_trait]
impl<T: Provider> ProviderType for T {
    fn schema(&self, diags: &mut Diagnostics) -> Option<Schema> {
        Provider::schema(self, diags)
    }

    fn meta_schema(&self, diags: &mut Diagnostics) -> Option<Schema> {
        Provider::meta_schema(self, diags)
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: &'a Wire) -> Option<()> {
        let config = config.decode(diags)?;
        Provider::validate(self, diags, config).await
    }

    async fn configure<'a>(
        &self,
        diags: &mut Diagnostics,
        terraform_version: String,
        config: &'a Wire,
    ) -> Option<()> {
        let config = config.decode(diags)?;
        Provider::configure(self, diags, terraform_version, config).await
    }
}

/// Everything one plugin serves. Type names are without the provider prefix (`state_machine`).
pub struct Registry {
    pub name: String,
    pub provider: Box<dyn ProviderType>,
    pub resources: Vec<(&'static str, Box<dyn ResourceType>)>,
    pub data_sources: Vec<(&'static str, Box<dyn DataSourceType>)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tfvalue::Raw;

    #[test]
    fn null_and_absent_values_decode_as_nil() {
        let mut diags = Diagnostics::default();
        for wire in [
            Wire::null(),
            Wire::MsgPack(Vec::new()),
            Wire::from_parts(Vec::new(), Vec::new()),
        ] {
            assert!(wire.is_null());
            let raw: Raw = wire
                .decode(&mut diags)
                .unwrap_or_else(|| panic!("{diags:?}"));
            assert_eq!(raw.0, rmpv::Value::Nil);
        }
        let private: Raw = decode_private(&mut diags, &[]).unwrap_or_default();
        assert_eq!(private.0, rmpv::Value::Nil);
        assert!(diags.errors.is_empty());
    }

    #[test]
    fn json_states_decode_and_garbage_is_a_coded_error() {
        let mut diags = Diagnostics::default();
        let wire = Wire::from_parts(Vec::new(), br#"{"name":"orders","n":1.5}"#.to_vec());
        assert!(matches!(wire, Wire::Json(_)));
        assert!(!wire.is_null());
        let raw: Raw = wire.decode(&mut diags).unwrap_or_default();
        assert_eq!(raw.0["name"].as_str(), Some("orders"));
        let bad = Wire::MsgPack(vec![0xc1]);
        let none: Option<Raw> = bad.decode(&mut diags);
        assert!(none.is_none());
        assert!(diags.errors[0].summary.starts_with("SFN000 internal:"));
    }
}
