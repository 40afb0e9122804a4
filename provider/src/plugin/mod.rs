//! The plugin server: how Terraform talks to this provider, and who else cannot.
//!
//! Terraform starts the binary with a handshake in the environment (`handshake.rs`), reads one
//! line from its stdout, and connects over gRPC. This module serves that connection itself,
//! instead of tf-provider's `serve`, because tf-provider's server serves any TLS client, even
//! one without a certificate: see ARCHITECTURE.md, "Plugin transport".
//!
//! - `handshake`: the magic cookie, the protocol version, Terraform's client certificate.
//! - `tls`: this run's server certificate and the verifier that pins Terraform's.
//! - `listen`: a private Unix socket (or loopback TCP) and the TLS accept loop.
//! - `service`: tfplugin6's `Provider` service over the [`Registry`]; `registry`: the
//!   resources and data sources behind it; `convert`: schemas and diagnostics as messages.
//! - `goplugin`: go-plugin's controller (shutdown), stdio and broker services.
//! - `lifetime`: when to stop (Terraform's shutdown, the parent process gone, SIGTERM).

mod convert;
mod goplugin;
pub mod handshake;
pub mod lifetime;
mod listen;
mod proto;
pub mod registry;
mod service;
pub mod tls;

use std::io::Write as _;
use std::sync::Arc;
use std::time::Duration;

pub use registry::{DataSourceType, ProviderType, Registry, ResourceType, Wire};

use lifetime::Stop;
use proto::go_plugin as gp;
use proto::tfplugin6 as tf;

/// After a stop, connections get this long to finish before the plugin exits anyway.
pub const GRACE: Duration = Duration::from_secs(2);

/// Why serving failed.
#[derive(Debug)]
pub enum Error {
    Refused(handshake::Refusal),
    Tls(tls::TlsError),
    Listen(std::io::Error),
    Serve(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Refused(r) => write!(f, "{r}"),
            Error::Tls(e) => write!(f, "{e}"),
            Error::Listen(e) => write!(f, "SFN100 plugin-handshake: cannot listen: {e}"),
            Error::Serve(e) => write!(f, "the plugin server failed: {e}"),
        }
    }
}

/// Serves `registry` to the Terraform that started this process, until it shuts the plugin
/// down or goes away. The handshake is read from the process environment.
pub async fn serve(registry: Registry) -> Result<(), Error> {
    let request = handshake::read(|k| std::env::var(k).ok()).map_err(Error::Refused)?;
    let (tls, server_cert) = tls::server(request.client_cert).map_err(Error::Tls)?;
    let stop = Stop::new();
    lifetime::watch(&stop);
    let listener = listen::bind(request.min_port, request.max_port).map_err(Error::Listen)?;
    let (network, address) = listener.endpoint();
    tracing::info!(
        network,
        address = %address,
        pid = std::process::id(),
        "listening for Terraform"
    );
    let line = handshake::line(network, &address, &server_cert);
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{line}")
            .and_then(|()| out.flush())
            .map_err(Error::Listen)?;
    }
    let incoming = tokio_stream_of(listen::accept(listener, tls, stop.clone()));
    let service = Arc::new(service::Service::new(registry));
    let until = stop.clone();
    let server = tonic::transport::Server::builder()
        .layer(tower_http::trace::TraceLayer::new_for_grpc())
        .add_service(tf::provider_server::ProviderServer::new(service))
        .add_service(gp::grpc_controller_server::GrpcControllerServer::new(
            goplugin::Controller(stop.clone()),
        ))
        .add_service(gp::grpc_stdio_server::GrpcStdioServer::new(
            goplugin::Stdio(stop.clone()),
        ))
        .add_service(gp::grpc_broker_server::GrpcBrokerServer::new(
            goplugin::Broker(stop.clone()),
        ))
        .serve_with_incoming_shutdown(incoming, async move {
            until.requested().await;
        });
    let deadline = async {
        let reason = stop.requested().await;
        tokio::time::sleep(GRACE).await;
        reason
    };
    tokio::select! {
        served = server => served.map_err(|e| Error::Serve(e.to_string()))?,
        reason = deadline => tracing::info!(?reason, "connections still open after the grace period"),
    }
    tracing::info!(reason = ?stop.reason(), "plugin stopped");
    Ok(())
}

/// The accept loop's channel as the stream tonic takes.
fn tokio_stream_of(
    mut rx: tokio::sync::mpsc::Receiver<std::io::Result<listen::Conn>>,
) -> impl futures::Stream<Item = std::io::Result<listen::Conn>> {
    futures::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// The size in bytes of a schema as the GetProviderSchema answer carries it (for the plan-cost
/// bench, which measures what Terraform fetches and decodes several times per plan).
pub fn encoded_schema_len(s: &tf_provider::schema::Schema) -> usize {
    prost::Message::encoded_len(&convert::schema(s))
}
