//! Where the plugin listens, and the accept loop that turns connections into TLS streams for the
//! gRPC server. On Unix that is a socket in a directory of its own that only this user can open
//! (mode 0700), as go-plugin does; elsewhere, or if the socket cannot be made, TCP on 127.0.0.1
//! within Terraform's port range. Either way only a client holding Terraform's certificate and
//! key completes the TLS handshake (see `tls.rs`); a refused or stalled handshake is dropped and
//! logged, and never reaches gRPC.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{mpsc, Semaphore};

use super::lifetime::Stop;

/// A client must finish its TLS handshake within this time.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Handshakes in progress at once; further connections wait to be accepted.
const MAX_HANDSHAKES: usize = 8;

pub enum Listener {
    #[cfg(unix)]
    Unix {
        listener: tokio::net::UnixListener,
        path: std::path::PathBuf,
        /// Removed (with the socket) when the listener is dropped.
        _dir: tempfile::TempDir,
    },
    Tcp(tokio::net::TcpListener),
}

impl Listener {
    /// The handshake line's network and address.
    pub fn endpoint(&self) -> (&'static str, String) {
        match self {
            #[cfg(unix)]
            Listener::Unix { path, .. } => ("unix", path.display().to_string()),
            Listener::Tcp(l) => (
                "tcp",
                l.local_addr().map(|a| a.to_string()).unwrap_or_default(),
            ),
        }
    }
}

/// Binds a Unix socket in a private directory (under `PLUGIN_UNIX_SOCKET_DIR` or the temporary
/// directory), or else TCP on loopback in `min_port..=max_port`.
pub fn bind(min_port: u16, max_port: u16) -> std::io::Result<Listener> {
    #[cfg(unix)]
    {
        match bind_unix() {
            Ok(l) => return Ok(l),
            Err(e) => tracing::warn!("no Unix socket ({e}); listening on 127.0.0.1 instead"),
        }
    }
    bind_tcp(min_port, max_port)
}

#[cfg(unix)]
fn bind_unix() -> std::io::Result<Listener> {
    use std::os::unix::fs::PermissionsExt;
    let parent = std::env::var_os("PLUGIN_UNIX_SOCKET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::Builder::new()
        .prefix("terraform-provider-sfn-")
        .permissions(std::fs::Permissions::from_mode(0o700))
        .tempdir_in(parent)?;
    let path = dir.path().join("plugin.sock");
    let listener = tokio::net::UnixListener::bind(&path)?;
    Ok(Listener::Unix {
        listener,
        path,
        _dir: dir,
    })
}

fn bind_tcp(min_port: u16, max_port: u16) -> std::io::Result<Listener> {
    let mut last = None;
    for port in min_port..=max_port {
        match std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, port)) {
            Ok(l) => {
                l.set_nonblocking(true)?;
                return tokio::net::TcpListener::from_std(l).map(Listener::Tcp);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::AddrNotAvailable,
            format!("no free port in {min_port}..={max_port}"),
        )
    }))
}

trait Io: AsyncRead + AsyncWrite + Send {}
impl<T: AsyncRead + AsyncWrite + Send> Io for T {}

/// An authenticated connection: TLS finished with Terraform's certificate.
pub struct Conn(Pin<Box<dyn Io>>);

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        self.0.as_mut().poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.0.as_mut().poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.0.as_mut().poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.0.as_mut().poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        self.0.as_mut().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }
}

impl tonic::transport::server::Connected for Conn {
    type ConnectInfo = ();

    fn connect_info(&self) -> Self::ConnectInfo {}
}

/// Accepts connections until `stop`, handshakes each (concurrently, bounded in number and
/// time) and yields the authenticated ones.
pub fn accept(
    listener: Listener,
    tls: Arc<rustls::ServerConfig>,
    stop: Stop,
) -> mpsc::Receiver<std::io::Result<Conn>> {
    let (tx, rx) = mpsc::channel(MAX_HANDSHAKES);
    let acceptor = tokio_rustls::TlsAcceptor::from(tls);
    let slots = Arc::new(Semaphore::new(MAX_HANDSHAKES));
    tokio::spawn(async move {
        loop {
            let Ok(permit) = slots.clone().acquire_owned().await else {
                return;
            };
            let next = tokio::select! {
                _ = stop.requested() => return,
                next = accept_one(&listener) => next,
            };
            let io = match next {
                Ok(io) => io,
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let (acceptor, tx) = (acceptor.clone(), tx.clone());
            tokio::spawn(async move {
                let _permit = permit;
                match handshake(&acceptor, io).await {
                    Ok(conn) => {
                        tracing::info!("client authenticated with Terraform's certificate");
                        let _ = tx.send(Ok(conn)).await;
                    }
                    Err(e) => tracing::info!("connection refused: {e}"),
                }
            });
        }
    });
    rx
}

async fn accept_one(listener: &Listener) -> std::io::Result<Pin<Box<dyn Io>>> {
    match listener {
        #[cfg(unix)]
        Listener::Unix { listener, .. } => {
            let (s, _) = listener.accept().await?;
            Ok(Box::pin(s))
        }
        Listener::Tcp(l) => {
            let (s, _) = l.accept().await?;
            s.set_nodelay(true)?;
            Ok(Box::pin(s))
        }
    }
}

async fn handshake(
    acceptor: &tokio_rustls::TlsAcceptor,
    io: Pin<Box<dyn Io>>,
) -> std::io::Result<Conn> {
    let done = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(io)).await;
    match done {
        Ok(Ok(tls)) => Ok(Conn(Box::pin(tls))),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "TLS handshake not finished in time",
        )),
    }
}
