//! The tfplugin6 `Provider` service: each call decoded, dispatched to the [`Registry`], and the
//! answer with its diagnostics encoded. A call for a type the provider does not have, or with a
//! value it cannot decode, answers with a coded diagnostic, never a gRPC error or a panic.

use std::collections::HashMap;
use std::sync::Arc;

use tf_provider::Diagnostics;
use tonic::{Request, Response, Status};

use super::convert;
use super::proto::tfplugin6 as tf;
use super::registry::{DataSourceType, Registry, ResourceType, Wire};

/// What never changes while the plugin runs: the schemas, computed once at start.
struct Schemas {
    provider: Option<tf::Schema>,
    provider_meta: Option<tf::Schema>,
    resources: HashMap<String, (i64, tf::Schema)>,
    data_sources: HashMap<String, tf::Schema>,
    /// Problems building them; sent with every schema answer.
    diagnostics: Vec<tf::Diagnostic>,
}

pub struct Service {
    registry: Registry,
    schemas: Schemas,
}

fn wire(v: Option<tf::DynamicValue>) -> Wire {
    v.map_or_else(Wire::null, |v| Wire::from_parts(v.msgpack, v.json))
}

fn msgpack(bytes: Vec<u8>) -> Option<tf::DynamicValue> {
    Some(tf::DynamicValue {
        msgpack: bytes,
        json: Vec::new(),
    })
}

const CAPABILITIES: tf::ServerCapabilities = tf::ServerCapabilities {
    plan_destroy: true,
    get_provider_schema_optional: false,
    move_resource_state: false,
};

/// MessagePack's null: the planned or new state of a destroyed object.
fn nil() -> Vec<u8> {
    vec![0xc0]
}

/// A failed call that reported nothing still tells Terraform it failed.
fn failed(diags: &mut Diagnostics) {
    if diags.errors.is_empty() {
        diags.root_error_short("SFN000 internal: the operation failed without saying why");
    }
}

impl Service {
    pub fn new(registry: Registry) -> Service {
        let mut diags = Diagnostics::default();
        let prefix = format!("{}_", registry.name);
        let provider = registry
            .provider
            .schema(&mut diags)
            .map(|s| convert::schema(&s));
        let provider_meta = registry
            .provider
            .meta_schema(&mut diags)
            .map(|s| convert::schema(&s));
        let resources = registry
            .resources
            .iter()
            .filter_map(|(name, r)| {
                let s = r.schema(&mut diags)?;
                Some((format!("{prefix}{name}"), (s.version, convert::schema(&s))))
            })
            .collect();
        let data_sources = registry
            .data_sources
            .iter()
            .filter_map(|(name, d)| {
                let s = d.schema(&mut diags)?;
                Some((format!("{prefix}{name}"), convert::schema(&s)))
            })
            .collect();
        Service {
            schemas: Schemas {
                provider,
                provider_meta,
                resources,
                data_sources,
                diagnostics: convert::diagnostics(diags),
            },
            registry,
        }
    }

    fn unprefixed<'n>(&self, type_name: &'n str) -> &'n str {
        type_name
            .strip_prefix(self.registry.name.as_str())
            .and_then(|rest| rest.strip_prefix('_'))
            .unwrap_or("")
    }

    fn resource(&self, diags: &mut Diagnostics, type_name: &str) -> Option<&dyn ResourceType> {
        let name = self.unprefixed(type_name);
        let found = self.registry.resources.iter().find(|(n, _)| *n == name);
        if found.is_none() {
            diags.root_error_short(format!(
                "SFN000 internal: this provider has no resource type `{type_name}`"
            ));
        }
        found.map(|(_, r)| r.as_ref())
    }

    fn data_source(&self, diags: &mut Diagnostics, type_name: &str) -> Option<&dyn DataSourceType> {
        let name = self.unprefixed(type_name);
        let found = self.registry.data_sources.iter().find(|(n, _)| *n == name);
        if found.is_none() {
            diags.root_error_short(format!(
                "SFN000 internal: this provider has no data source `{type_name}`"
            ));
        }
        found.map(|(_, d)| d.as_ref())
    }

    fn schema_answer(&self) -> tf::get_provider_schema::Response {
        let s = &self.schemas;
        tf::get_provider_schema::Response {
            provider: s.provider.clone(),
            resource_schemas: s
                .resources
                .iter()
                .map(|(n, (_, schema))| (n.clone(), schema.clone()))
                .collect(),
            data_source_schemas: s.data_sources.clone(),
            diagnostics: s.diagnostics.clone(),
            provider_meta: s.provider_meta.clone(),
            server_capabilities: Some(CAPABILITIES),
        }
    }
}

type Answer<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl tf::provider_server::Provider for Arc<Service> {
    async fn get_metadata(
        &self,
        _: Request<tf::get_metadata::Request>,
    ) -> Answer<tf::get_metadata::Response> {
        let mut resources: Vec<_> = self.schemas.resources.keys().cloned().collect();
        let mut data_sources: Vec<_> = self.schemas.data_sources.keys().cloned().collect();
        resources.sort();
        data_sources.sort();
        Ok(Response::new(tf::get_metadata::Response {
            server_capabilities: Some(CAPABILITIES),
            diagnostics: self.schemas.diagnostics.clone(),
            data_sources: data_sources
                .into_iter()
                .map(|type_name| tf::get_metadata::DataSourceMetadata { type_name })
                .collect(),
            resources: resources
                .into_iter()
                .map(|type_name| tf::get_metadata::ResourceMetadata { type_name })
                .collect(),
        }))
    }

    async fn get_provider_schema(
        &self,
        _: Request<tf::get_provider_schema::Request>,
    ) -> Answer<tf::get_provider_schema::Response> {
        Ok(Response::new(self.schema_answer()))
    }

    async fn validate_provider_config(
        &self,
        request: Request<tf::validate_provider_config::Request>,
    ) -> Answer<tf::validate_provider_config::Response> {
        let config = wire(request.into_inner().config);
        let mut diags = Diagnostics::default();
        if self
            .registry
            .provider
            .validate(&mut diags, &config)
            .await
            .is_none()
        {
            failed(&mut diags);
        }
        Ok(Response::new(tf::validate_provider_config::Response {
            diagnostics: convert::diagnostics(diags),
        }))
    }

    async fn validate_resource_config(
        &self,
        request: Request<tf::validate_resource_config::Request>,
    ) -> Answer<tf::validate_resource_config::Response> {
        let r = request.into_inner();
        let mut diags = Diagnostics::default();
        let config = wire(r.config);
        if let Some(resource) = self.resource(&mut diags, &r.type_name) {
            if resource.validate(&mut diags, &config).await.is_none() {
                failed(&mut diags);
            }
        }
        Ok(Response::new(tf::validate_resource_config::Response {
            diagnostics: convert::diagnostics(diags),
        }))
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<tf::validate_data_resource_config::Request>,
    ) -> Answer<tf::validate_data_resource_config::Response> {
        let r = request.into_inner();
        let mut diags = Diagnostics::default();
        let config = wire(r.config);
        if let Some(data_source) = self.data_source(&mut diags, &r.type_name) {
            if data_source.validate(&mut diags, &config).await.is_none() {
                failed(&mut diags);
            }
        }
        Ok(Response::new(tf::validate_data_resource_config::Response {
            diagnostics: convert::diagnostics(diags),
        }))
    }

    /// States of the current schema version go back as read (JSON); the provider has had one
    /// schema version so far, so any other version is a state written by a newer provider.
    async fn upgrade_resource_state(
        &self,
        request: Request<tf::upgrade_resource_state::Request>,
    ) -> Answer<tf::upgrade_resource_state::Response> {
        let r = request.into_inner();
        let mut diags = Diagnostics::default();
        let mut upgraded = None;
        match self.schemas.resources.get(&r.type_name) {
            None => {
                self.resource(&mut diags, &r.type_name);
            }
            Some((version, _)) if *version == r.version => {
                let json = r.raw_state.map(|s| s.json).unwrap_or_default();
                if json.is_empty() {
                    diags.root_error_short(format!(
                        "SFN101 state-version-unsupported: the state of this `{}` is in Terraform's pre-0.12 flat format, which this provider cannot read",
                        r.type_name
                    ));
                } else {
                    upgraded = Some(tf::DynamicValue {
                        msgpack: Vec::new(),
                        json,
                    });
                }
            }
            Some((version, _)) => diags.root_error(
                format!(
                    "SFN101 state-version-unsupported: the state of this `{}` has schema version {}, this provider reads version {version}",
                    r.type_name, r.version
                ),
                "The state was written by another version of the provider. Use that version (or a newer one) to work with it.",
            ),
        }
        Ok(Response::new(tf::upgrade_resource_state::Response {
            upgraded_state: upgraded,
            diagnostics: convert::diagnostics(diags),
        }))
    }

    async fn configure_provider(
        &self,
        request: Request<tf::configure_provider::Request>,
    ) -> Answer<tf::configure_provider::Response> {
        let r = request.into_inner();
        let config = wire(r.config);
        let mut diags = Diagnostics::default();
        if self
            .registry
            .provider
            .configure(&mut diags, r.terraform_version, &config)
            .await
            .is_none()
        {
            failed(&mut diags);
        }
        Ok(Response::new(tf::configure_provider::Response {
            diagnostics: convert::diagnostics(diags),
        }))
    }

    async fn read_resource(
        &self,
        request: Request<tf::read_resource::Request>,
    ) -> Answer<tf::read_resource::Response> {
        let r = request.into_inner();
        let mut diags = Diagnostics::default();
        let (state, meta) = (wire(r.current_state), wire(r.provider_meta));
        let mut answer = tf::read_resource::Response::default();
        if let Some(resource) = self.resource(&mut diags, &r.type_name) {
            match resource.read(&mut diags, &state, &r.private, &meta).await {
                Some((new_state, private)) => {
                    answer.new_state = msgpack(new_state);
                    answer.private = private;
                }
                None => failed(&mut diags),
            }
        }
        answer.diagnostics = convert::diagnostics(diags);
        Ok(Response::new(answer))
    }

    async fn plan_resource_change(
        &self,
        request: Request<tf::plan_resource_change::Request>,
    ) -> Answer<tf::plan_resource_change::Response> {
        let r = request.into_inner();
        let mut diags = Diagnostics::default();
        let prior = wire(r.prior_state);
        let proposed = wire(r.proposed_new_state);
        let config = wire(r.config);
        let meta = wire(r.provider_meta);
        let mut answer = tf::plan_resource_change::Response::default();
        if let Some(resource) = self.resource(&mut diags, &r.type_name) {
            let planned = match (prior.is_null(), proposed.is_null()) {
                (true, false) => resource
                    .plan_create(&mut diags, &proposed, &config, &meta)
                    .await
                    .map(|(s, p)| (s, p, Vec::new())),
                (false, false) => {
                    resource
                        .plan_update(
                            &mut diags,
                            &prior,
                            &proposed,
                            &config,
                            &r.prior_private,
                            &meta,
                        )
                        .await
                }
                (false, true) => resource
                    .plan_destroy(&mut diags, &prior, &r.prior_private, &meta)
                    .await
                    .map(|p| (nil(), p, Vec::new())),
                (true, true) => {
                    // Nothing before and nothing after: Terraform does not ask this.
                    Some((nil(), r.prior_private.clone(), Vec::new()))
                }
            };
            match planned {
                Some((state, private, replace)) => {
                    answer.planned_state = msgpack(state);
                    answer.planned_private = private;
                    answer.requires_replace = replace.iter().map(convert::path).collect();
                }
                None => failed(&mut diags),
            }
        }
        answer.diagnostics = convert::diagnostics(diags);
        Ok(Response::new(answer))
    }

    async fn apply_resource_change(
        &self,
        request: Request<tf::apply_resource_change::Request>,
    ) -> Answer<tf::apply_resource_change::Response> {
        let r = request.into_inner();
        let mut diags = Diagnostics::default();
        let prior = wire(r.prior_state);
        let planned = wire(r.planned_state);
        let config = wire(r.config);
        let meta = wire(r.provider_meta);
        let private = &r.planned_private;
        let mut answer = tf::apply_resource_change::Response::default();
        if let Some(resource) = self.resource(&mut diags, &r.type_name) {
            let applied = match (prior.is_null(), planned.is_null()) {
                (true, false) => {
                    resource
                        .create(&mut diags, &planned, &config, private, &meta)
                        .await
                }
                (false, false) => {
                    resource
                        .update(&mut diags, &prior, &planned, &config, private, &meta)
                        .await
                }
                (false, true) => resource
                    .destroy(&mut diags, &prior, private, &meta)
                    .await
                    .map(|()| (nil(), Vec::new())),
                (true, true) => Some((nil(), Vec::new())),
            };
            match applied {
                Some((state, private)) => {
                    answer.new_state = msgpack(state);
                    answer.private = private;
                }
                None => {
                    failed(&mut diags);
                    // A failed destroy keeps the object: Terraform keeps the prior state when
                    // the answer has none. A failed create or update that left nothing behind
                    // answers with no state either (the resources return a state whenever
                    // something exists in AWS).
                }
            }
        }
        answer.diagnostics = convert::diagnostics(diags);
        Ok(Response::new(answer))
    }

    async fn import_resource_state(
        &self,
        request: Request<tf::import_resource_state::Request>,
    ) -> Answer<tf::import_resource_state::Response> {
        let r = request.into_inner();
        let mut diags = Diagnostics::default();
        let mut answer = tf::import_resource_state::Response::default();
        if let Some(resource) = self.resource(&mut diags, &r.type_name) {
            match resource.import(&mut diags, r.id).await {
                Some((state, private)) => {
                    answer
                        .imported_resources
                        .push(tf::import_resource_state::ImportedResource {
                            type_name: r.type_name,
                            state: msgpack(state),
                            private,
                        })
                }
                None => failed(&mut diags),
            }
        }
        answer.diagnostics = convert::diagnostics(diags);
        Ok(Response::new(answer))
    }

    async fn read_data_source(
        &self,
        request: Request<tf::read_data_source::Request>,
    ) -> Answer<tf::read_data_source::Response> {
        let r = request.into_inner();
        let mut diags = Diagnostics::default();
        let (config, meta) = (wire(r.config), wire(r.provider_meta));
        let mut answer = tf::read_data_source::Response::default();
        if let Some(data_source) = self.data_source(&mut diags, &r.type_name) {
            match data_source.read(&mut diags, &config, &meta).await {
                Some(state) => answer.state = msgpack(state),
                None => failed(&mut diags),
            }
        }
        answer.diagnostics = convert::diagnostics(diags);
        Ok(Response::new(answer))
    }

    async fn get_functions(
        &self,
        _: Request<tf::get_functions::Request>,
    ) -> Answer<tf::get_functions::Response> {
        Ok(Response::new(tf::get_functions::Response::default()))
    }

    /// Terraform asks in-flight operations to stop (Ctrl-C). Each AWS call is bounded by the
    /// provider's timeouts, so the operations finish on their own and record what they did; the
    /// plugin exits when Terraform then shuts it down.
    async fn stop_provider(
        &self,
        _: Request<tf::stop_provider::Request>,
    ) -> Answer<tf::stop_provider::Response> {
        tracing::info!("StopProvider: in-flight operations finish within their timeouts");
        Ok(Response::new(tf::stop_provider::Response::default()))
    }
}
