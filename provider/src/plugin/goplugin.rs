//! go-plugin's side services. `Shutdown` ends the plugin (Terraform calls it when a command is
//! done with the provider); the stdio and broker streams carry nothing and end when the plugin
//! stops, so they never hold the server open.

use std::pin::Pin;

use futures::{Stream, StreamExt};
use tonic::{Request, Response, Status, Streaming};

use super::lifetime::{Reason, Stop};
use super::proto::go_plugin as gp;

pub struct Controller(pub Stop);

#[tonic::async_trait]
impl gp::grpc_controller_server::GrpcController for Controller {
    async fn shutdown(&self, _: Request<gp::Empty>) -> Result<Response<gp::Empty>, Status> {
        tracing::info!("Terraform asked the plugin to shut down");
        self.0.request(Reason::Shutdown);
        Ok(Response::new(gp::Empty {}))
    }
}

/// A stream that yields nothing and ends when the plugin stops.
fn until_stopped<T: Send + 'static>(
    stop: Stop,
) -> Pin<Box<dyn Stream<Item = Result<T, Status>> + Send>> {
    Box::pin(
        futures::stream::once(async move {
            stop.requested().await;
        })
        .filter_map(|()| async { None }),
    )
}

pub struct Stdio(pub Stop);

#[tonic::async_trait]
impl gp::grpc_stdio_server::GrpcStdio for Stdio {
    type StreamStdioStream = Pin<Box<dyn Stream<Item = Result<gp::StdioData, Status>> + Send>>;

    async fn stream_stdio(
        &self,
        _: Request<gp::Empty>,
    ) -> Result<Response<Self::StreamStdioStream>, Status> {
        Ok(Response::new(until_stopped(self.0.clone())))
    }
}

pub struct Broker(pub Stop);

#[tonic::async_trait]
impl gp::grpc_broker_server::GrpcBroker for Broker {
    type StartStreamStream = Pin<Box<dyn Stream<Item = Result<gp::ConnInfo, Status>> + Send>>;

    async fn start_stream(
        &self,
        _: Request<Streaming<gp::ConnInfo>>,
    ) -> Result<Response<Self::StartStreamStream>, Status> {
        Ok(Response::new(until_stopped(self.0.clone())))
    }
}
