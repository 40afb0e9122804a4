//! The plugin's door: who can talk to it, and how long it lives.
//!
//! Terraform (go-plugin "AutoMTLS") starts the plugin with `PLUGIN_CLIENT_CERT`, a one-time
//! certificate of its own (ECDSA P-521, marked as a CA), and the magic cookie. The plugin answers
//! `1|6|unix|<socket>|grpc|<base64 DER server cert>` and serves gRPC over TLS on that socket to
//! exactly that certificate.
//!
//! The first tests start the real binary as Terraform does, with certificates they make in
//! Terraform's shape, and probe it with a gRPC client of their own: no certificate, another
//! certificate (same subject and shape, another key; other shapes), plaintext, and the right
//! certificate (served). The last ones run the real `terraform` binaries: while Terraform's own
//! plugin is busy in an apply, a client without a certificate and one with another certificate
//! are refused on its socket and Terraform's apply still succeeds (its certificate is the only
//! one served); and after `kill -9` of Terraform, the plugin exits and its socket is gone.
//! See ARCHITECTURE.md, "Plugin transport".

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use sfn_tests::proxy::{Fault, Proxy, Times};
use sfn_tests::{terraforms, Moto, Workdir};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MAGIC_COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// A client certificate and its key.
struct ClientCert {
    pem: String,
    der: CertificateDer<'static>,
    key: Vec<u8>,
}

/// A certificate the way go-plugin makes Terraform's: self-signed ECDSA P-521, a CA, for
/// `localhost`, client and server auth.
fn terraform_like_cert() -> ClientCert {
    cert_with(&rcgen::PKCS_ECDSA_P521_SHA512, true, "localhost")
}

fn cert_with(alg: &'static rcgen::SignatureAlgorithm, ca: bool, name: &str) -> ClientCert {
    let key = rcgen::KeyPair::generate_for(alg).unwrap_or_else(|e| panic!("key: {e}"));
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .unwrap_or_else(|e| panic!("params: {e}"));
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "HashiCorp");
    params.extended_key_usages = vec![
        rcgen::ExtendedKeyUsagePurpose::ClientAuth,
        rcgen::ExtendedKeyUsagePurpose::ServerAuth,
    ];
    params.is_ca = if ca {
        rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained)
    } else {
        rcgen::IsCa::ExplicitNoCa
    };
    let cert = params
        .self_signed(&key)
        .unwrap_or_else(|e| panic!("self-sign: {e}"));
    ClientCert {
        pem: cert.pem(),
        der: cert.der().clone(),
        key: key.serialize_der(),
    }
}

/// Where a plugin listens, from its handshake line (or its log).
#[derive(Debug, Clone)]
enum Addr {
    Unix(PathBuf),
    Tcp(std::net::SocketAddr),
}

impl Addr {
    fn parse(network: &str, address: &str) -> Addr {
        match network {
            "unix" => Addr::Unix(PathBuf::from(address)),
            "tcp" => Addr::Tcp(
                address
                    .parse()
                    .unwrap_or_else(|e| panic!("address {address:?}: {e}")),
            ),
            other => panic!("network {other:?}"),
        }
    }

    async fn connect(&self) -> std::io::Result<Box<dyn IoStream>> {
        Ok(match self {
            Addr::Unix(p) => Box::new(tokio::net::UnixStream::connect(p).await?),
            Addr::Tcp(a) => Box::new(tokio::net::TcpStream::connect(a).await?),
        })
    }
}

/// The provider binary started as Terraform starts it, with `trusted` as Terraform's
/// certificate. Killed on drop.
struct Plugin {
    child: Child,
    addr: Addr,
    server_cert: CertificateDer<'static>,
}

fn plugin_command() -> Command {
    let bin = sfn_tests::provider_dir().join("terraform-provider-sfn");
    let mut cmd = Command::new(bin);
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

impl Plugin {
    fn start(trusted: &ClientCert) -> Plugin {
        let mut child = plugin_command()
            .env("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE)
            .env("PLUGIN_PROTOCOL_VERSIONS", "6")
            .env("PLUGIN_MIN_PORT", "10000")
            .env("PLUGIN_MAX_PORT", "25000")
            .env("PLUGIN_CLIENT_CERT", &trusted.pem)
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("start the plugin: {e}"));
        let stdout = child
            .stdout
            .take()
            .unwrap_or_else(|| panic!("no stdout pipe"));
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap_or_else(|e| panic!("read handshake: {e}"));
        // CORE-PROTOCOL-VERSION | APP-PROTOCOL-VERSION | NETWORK-TYPE | ADDR | PROTOCOL | CERT
        let parts: Vec<&str> = line.trim_end().split('|').collect();
        assert_eq!(parts.len(), 6, "handshake line: {line:?}");
        assert_eq!(&parts[..2], ["1", "6"], "handshake line: {line:?}");
        assert_eq!(parts[4], "grpc", "handshake line: {line:?}");
        let addr = Addr::parse(parts[2], parts[3]);
        match &addr {
            Addr::Unix(path) => assert_private_socket(path),
            Addr::Tcp(a) => {
                assert!(a.ip().is_loopback(), "listens on {a}");
                assert!((10000..=25000).contains(&a.port()), "port {a}");
            }
        }
        let der = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(parts[5])
            .unwrap_or_else(|e| panic!("server certificate in {line:?}: {e}"));
        assert!(!der.is_empty(), "no server certificate: plaintext server");
        Plugin {
            child,
            addr,
            server_cert: CertificateDer::from(der),
        }
    }
}

/// The socket's directory is the plugin's own and only its user can enter it.
fn assert_private_socket(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let dir = path
        .parent()
        .unwrap_or_else(|| panic!("{}", path.display()));
    let mode = std::fs::metadata(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "{} has mode {mode:o}", dir.display());
}

impl Drop for Plugin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TLS client config that trusts only `server_cert` and presents `identity` (or nothing).
fn tls(
    server_cert: &CertificateDer<'static>,
    identity: Option<&ClientCert>,
) -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = Arc::new(PinnedServerCert {
        cert: server_cert.clone(),
        provider: provider.clone(),
    });
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap_or_else(|e| panic!("tls versions: {e}"))
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let mut config = match identity {
        None => builder.with_no_client_auth(),
        // A resolver rather than `with_client_auth_cert`, which refuses a certificate with
        // another key: the tests present exactly that, as an attacker who copied it would.
        Some(c) => {
            let key = rustls::crypto::aws_lc_rs::default_provider()
                .key_provider
                .load_private_key(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
                    c.key.clone(),
                )))
                .unwrap_or_else(|e| panic!("client key: {e}"));
            let certified = rustls::sign::CertifiedKey::new(vec![c.der.clone()], key);
            builder.with_client_cert_resolver(Arc::new(Identity(Arc::new(certified))))
        }
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    Arc::new(config)
}

/// Always presents one certificate and key.
#[derive(Debug)]
struct Identity(Arc<rustls::sign::CertifiedKey>);

impl rustls::client::ResolvesClientCert for Identity {
    fn resolve(
        &self,
        _: &[&[u8]],
        _: &[rustls::SignatureScheme],
    ) -> Option<Arc<rustls::sign::CertifiedKey>> {
        Some(self.0.clone())
    }

    fn has_certs(&self) -> bool {
        true
    }
}

/// Accepts exactly the server certificate announced in the handshake line, as go-plugin does (it
/// puts that certificate in its root pool). The handshake signatures are still verified.
#[derive(Debug)]
struct PinnedServerCert {
    cert: CertificateDer<'static>,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl rustls::client::danger::ServerCertVerifier for PinnedServerCert {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.cert.as_ref() {
            Ok(rustls::client::danger::ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
/// An empty HTTP/2 SETTINGS frame: length 0, type 4, flags 0, stream 0.
const H2_SETTINGS: &[u8] = &[0, 0, 0, 4, 0, 0, 0, 0, 0];

/// Sends the HTTP/2 client preface and returns the first bytes the server answers (or the
/// error). An HTTP/2 server answers with its SETTINGS frame (type 4 at byte 3).
async fn h2_probe<S>(mut stream: S) -> std::io::Result<Vec<u8>>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    stream.write_all(H2_PREFACE).await?;
    stream.write_all(H2_SETTINGS).await?;
    stream.flush().await?;
    let mut buf = vec![0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer in 10 s"))??;
    buf.truncate(n);
    Ok(buf)
}

fn is_h2_settings(bytes: &[u8]) -> bool {
    bytes.len() >= 9 && bytes[3] == 4
}

async fn tls_connect(
    addr: &Addr,
    config: Arc<rustls::ClientConfig>,
) -> std::io::Result<tokio_rustls::client::TlsStream<Box<dyn IoStream>>> {
    let io = addr.connect().await?;
    let name = ServerName::try_from("localhost")
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    tokio_rustls::TlsConnector::from(config)
        .connect(name, io)
        .await
}

/// TLS as `identity`, then the first read: with TLS 1.3 the client finishes its side of the
/// handshake first, and the server's verdict on its certificate arrives as an alert on that read.
async fn first_read(addr: &Addr, config: Arc<rustls::ClientConfig>) -> std::io::Result<Vec<u8>> {
    let mut tls = tls_connect(addr, config).await?;
    let mut buf = vec![0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(10), tls.read(&mut buf))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer in 10 s"))??;
    buf.truncate(n);
    Ok(buf)
}

// GetProviderSchema, with only the fields read here (tfplugin6.proto: Response fields 2 and 3
// are maps from type names to Schema messages, kept as raw bytes).
#[derive(Clone, PartialEq, prost::Message)]
struct SchemaRequest {}

#[derive(Clone, PartialEq, prost::Message)]
struct SchemaResponse {
    #[prost(map = "string, bytes", tag = "2")]
    resource_schemas: HashMap<String, Vec<u8>>,
    #[prost(map = "string, bytes", tag = "3")]
    data_source_schemas: HashMap<String, Vec<u8>>,
}

/// A real tfplugin6 `GetProviderSchema` call over TLS (or plaintext HTTP/2 when `tls` is None).
/// Returns the resource and data source type names.
async fn get_provider_schema(
    addr: &Addr,
    tls: Option<Arc<rustls::ClientConfig>>,
) -> Result<(Vec<String>, Vec<String>), String> {
    let addr = addr.clone();
    let connector = tower::service_fn(move |_: tonic::codegen::http::Uri| {
        let (tls, addr) = (tls.clone(), addr.clone());
        async move {
            let io: Box<dyn IoStream> = match tls {
                Some(config) => Box::new(tls_connect(&addr, config).await?),
                None => addr.connect().await?,
            };
            Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(io))
        }
    });
    let channel = tonic::transport::Endpoint::from_static("http://localhost")
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(20))
        .connect_with_connector(connector)
        .await
        .map_err(|e| format!("connect: {e:?}"))?;
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.map_err(|e| format!("ready: {e:?}"))?;
    let path = tonic::codegen::http::uri::PathAndQuery::from_static(
        "/tfplugin6.Provider/GetProviderSchema",
    );
    let codec = tonic::codec::ProstCodec::<SchemaRequest, SchemaResponse>::default();
    let response = grpc
        .unary(tonic::Request::new(SchemaRequest {}), path, codec)
        .await
        .map_err(|e| format!("call: {e:?}"))?
        .into_inner();
    let mut resources: Vec<String> = response.resource_schemas.into_keys().collect();
    let mut data_sources: Vec<String> = response.data_source_schemas.into_keys().collect();
    resources.sort();
    data_sources.sort();
    Ok((resources, data_sources))
}

trait IoStream: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin> IoStream for T {}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("tokio: {e}"))
}

/// Asserts that a client presenting `identity` (or no certificate) gets nothing: the TLS
/// handshake ends in a fatal alert before any HTTP/2 frame, and no gRPC call gets through.
fn assert_refused(
    rt: &tokio::runtime::Runtime,
    addr: &Addr,
    server_cert: &CertificateDer<'static>,
    identity: Option<&ClientCert>,
    what: &str,
) -> String {
    let probe = rt.block_on(first_read(addr, tls(server_cert, identity)));
    let err = match probe {
        Ok(bytes) => panic!("{what}: got an answer: {bytes:?}"),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("received fatal alert"),
        "{what}: refused for another reason: {err}"
    );
    let call = rt.block_on(get_provider_schema(addr, Some(tls(server_cert, identity))));
    assert!(call.is_err(), "{what}: got a gRPC answer: {call:?}");
    println!("{what}: {err}");
    err
}

/// With a certificate of Terraform's own shape (P-521, a CA), the plugin answers real
/// tfplugin6 calls over TLS, with the server certificate it announced in the handshake line.
#[test]
fn mtls_terraform_shaped_certificate_gets_grpc_answers() {
    let trusted = terraform_like_cert();
    let plugin = Plugin::start(&trusted);
    assert!(matches!(plugin.addr, Addr::Unix(_)), "{:?}", plugin.addr);
    let rt = rt();
    let probe = rt.block_on(async {
        let tls = tls_connect(&plugin.addr, tls(&plugin.server_cert, Some(&trusted))).await?;
        assert_eq!(
            tls.get_ref().1.alpn_protocol(),
            Some(&b"h2"[..]),
            "ALPN h2 negotiated"
        );
        h2_probe(tls).await
    });
    let bytes = probe.unwrap_or_else(|e| panic!("TLS with the trusted certificate: {e}"));
    assert!(is_h2_settings(&bytes), "not an HTTP/2 answer: {bytes:?}");
    let (resources, data_sources) = rt
        .block_on(get_provider_schema(
            &plugin.addr,
            Some(tls(&plugin.server_cert, Some(&trusted))),
        ))
        .unwrap_or_else(|e| panic!("GetProviderSchema over mTLS: {e}"));
    assert_eq!(
        resources,
        ["sfn_activity", "sfn_alias", "sfn_state_machine"],
        "resource types"
    );
    assert_eq!(
        data_sources,
        [
            "sfn_activity",
            "sfn_alias",
            "sfn_state_machine",
            "sfn_state_machine_versions",
            "sfn_workflow",
            "sfn_workflow_test"
        ],
        "data sources"
    );
}

/// Plaintext HTTP/2 (h2c) gets no HTTP/2 answer and no gRPC answer: the socket speaks TLS only.
#[test]
fn mtls_plaintext_grpc_is_refused() {
    let trusted = terraform_like_cert();
    let plugin = Plugin::start(&trusted);
    let rt = rt();
    let probe = rt.block_on(async { h2_probe(plugin.addr.connect().await?).await });
    match &probe {
        Ok(bytes) => {
            assert!(
                !is_h2_settings(bytes),
                "plaintext HTTP/2 answered: {bytes:?}"
            );
            // Either nothing (closed) or a TLS record (0x15 alert / 0x16 handshake), not HTTP/2.
            assert!(
                bytes.is_empty() || bytes[0] == 0x15 || bytes[0] == 0x16,
                "unexpected plaintext answer: {bytes:?}"
            );
        }
        Err(e) => println!("plaintext probe: connection error {e}"),
    }
    let call = rt.block_on(get_provider_schema(&plugin.addr, None));
    assert!(call.is_err(), "plaintext gRPC call answered: {call:?}");
}

/// A TLS client with no certificate at all is refused in the handshake: it cannot call the
/// plugin. (tf-provider's server, used before, served it.)
#[test]
fn mtls_client_without_certificate_is_refused() {
    let trusted = terraform_like_cert();
    let plugin = Plugin::start(&trusted);
    let rt = rt();
    let err = assert_refused(
        &rt,
        &plugin.addr,
        &plugin.server_cert,
        None,
        "no certificate",
    );
    assert!(err.contains("CertificateRequired"), "{err}");
    // The server is still there for Terraform.
    let ok = rt.block_on(get_provider_schema(
        &plugin.addr,
        Some(tls(&plugin.server_cert, Some(&trusted))),
    ));
    assert!(ok.is_ok(), "trusted certificate after a refusal: {ok:?}");
}

/// A certificate the plugin was not given is refused, whatever its shape: Terraform's shape with
/// another key (same subject, P-521, a CA), a plain end-entity P-256 certificate, and one with
/// another subject. Only the pinned certificate, with its key, is served.
#[test]
fn mtls_untrusted_client_certificate_is_refused() {
    let trusted = terraform_like_cert();
    let plugin = Plugin::start(&trusted);
    let rt = rt();
    for (what, intruder) in [
        ("Terraform's shape, other key", terraform_like_cert()),
        (
            "P-256 end entity",
            cert_with(&rcgen::PKCS_ECDSA_P256_SHA256, false, "localhost"),
        ),
        (
            "other subject",
            cert_with(&rcgen::PKCS_ECDSA_P384_SHA384, true, "intruder"),
        ),
    ] {
        assert_refused(
            &rt,
            &plugin.addr,
            &plugin.server_cert,
            Some(&intruder),
            what,
        );
    }
    // Terraform's certificate bytes with another key: the handshake signature does not verify.
    let stolen = ClientCert {
        pem: trusted.pem.clone(),
        der: trusted.der.clone(),
        key: terraform_like_cert().key,
    };
    assert_refused(
        &rt,
        &plugin.addr,
        &plugin.server_cert,
        Some(&stolen),
        "the pinned certificate without its key",
    );
    let ok = rt.block_on(get_provider_schema(
        &plugin.addr,
        Some(tls(&plugin.server_cert, Some(&trusted))),
    ));
    assert!(ok.is_ok(), "trusted certificate after the refusals: {ok:?}");
}

/// A client that does not trust the announced server certificate cannot talk to the plugin
/// either way round: here the client pins another plugin's certificate and the handshake fails.
#[test]
fn mtls_server_certificate_is_the_announced_one() {
    let trusted = terraform_like_cert();
    let plugin = Plugin::start(&trusted);
    let other = Plugin::start(&trusted);
    let rt = rt();
    let wrong = tls(&other.server_cert, Some(&trusted));
    let result = rt.block_on(tls_connect(&plugin.addr, wrong));
    let err = result
        .err()
        .unwrap_or_else(|| panic!("handshake with an unannounced certificate"));
    assert!(
        err.to_string().contains("UnknownIssuer"),
        "failed for another reason: {err:?}"
    );
}

/// A start of the plugin: what it is, its environment, the reason it must print.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

/// Started by anything but Terraform's handshake, the plugin refuses to start: no magic cookie,
/// no client certificate, or no protocol version 6. It prints a coded reason on stderr, nothing
/// on stdout (so nothing to connect to), and exits 1.
#[test]
fn plugin_refuses_to_start_without_terraforms_handshake() {
    let cert = terraform_like_cert();
    let cases: [Case; 4] = [
        ("run by hand", vec![], "not meant to be run directly"),
        (
            "wrong cookie",
            vec![
                ("TF_PLUGIN_MAGIC_COOKIE", "0000"),
                ("PLUGIN_CLIENT_CERT", &cert.pem),
            ],
            "not meant to be run directly",
        ),
        (
            "no client certificate (TF_DISABLE_PLUGIN_TLS)",
            vec![("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE)],
            "PLUGIN_CLIENT_CERT is not set",
        ),
        (
            "protocol 5 only",
            vec![
                ("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE),
                ("PLUGIN_PROTOCOL_VERSIONS", "5"),
                ("PLUGIN_CLIENT_CERT", &cert.pem),
            ],
            "speaks version 6",
        ),
    ];
    for (what, env, want) in cases {
        let mut cmd = plugin_command();
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("{what}: run the plugin: {e}"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
        assert!(out.stdout.is_empty(), "{what}: printed a handshake");
        assert!(
            stderr.contains("SFN100 plugin-handshake:") && stderr.contains(want),
            "{what}: {stderr}"
        );
    }
}

// ---------------------------------------------------------------- with the real Terraform

/// The plugin of an apply that is waiting on a slow CreateStateMachine: its socket and pid, from
/// its own log (`PLUGIN_LOG_FILE`), and the apply itself still running.
struct Busy {
    wd: Workdir,
    apply: Child,
    addr: Addr,
    pid: u32,
    log: PathBuf,
    _moto: Moto,
    _proxy: Proxy,
}

const ROLE: &str = "arn:aws:iam::123456789012:role/door-sfn";

fn busy_plugin(tf: &sfn_tests::Terraform, delay: Duration) -> Busy {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port);
    proxy.inject("CreateStateMachine", Fault::Slow(delay), Times::First(1));
    let mut wd = Workdir::new(tf);
    wd.use_moto(&moto);
    let log = wd.path().join("plugin.log");
    wd.set_env("PLUGIN_LOG_FILE", &log.display().to_string());
    wd.config(&format!(
        r#"
provider "sfn" {{
  endpoint        = "{}"
  attempt_timeout = "120s"
}}

resource "sfn_state_machine" "m" {{
  name       = "door"
  definition = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Succeed" }} }} }})
  role_arn   = "{ROLE}"
}}
"#,
        proxy.endpoint()
    ));
    let mut apply = wd.spawn(&["apply", "-auto-approve", "-no-color"]);
    let deadline = Instant::now() + Duration::from_secs(120);
    while proxy.count("CreateStateMachine").0 == 0 {
        if let Ok(Some(status)) = apply.try_wait() {
            panic!(
                "terraform {} ended before creating: {status}\n{}",
                tf.version,
                wd.finished(Some(status)).combined()
            );
        }
        assert!(Instant::now() < deadline, "no CreateStateMachine call");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The plugin doing the apply is the last one that started listening.
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let line = text
        .lines()
        .rev()
        .find(|l| l.contains("listening for Terraform"))
        .unwrap_or_else(|| panic!("no listening line in the plugin log:\n{text}"));
    let field = |name: &str| -> String {
        let start = line
            .find(&format!("{name}="))
            .unwrap_or_else(|| panic!("{name} in {line:?}"))
            + name.len()
            + 1;
        line[start..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_matches('"')
            .to_string()
    };
    let addr = Addr::parse(&field("network"), &field("address"));
    let pid = field("pid")
        .parse()
        .unwrap_or_else(|e| panic!("pid in {line:?}: {e}"));
    Busy {
        wd,
        apply,
        addr,
        pid,
        log,
        _moto: moto,
        _proxy: proxy,
    }
}

/// The parent process id, from /proc.
fn parent_of(pid: u32) -> u32 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .unwrap_or_else(|e| panic!("/proc/{pid}/stat: {e}"));
    // pid (comm) state ppid ...: the name may hold spaces and parentheses, so split after it.
    stat.rsplit(')')
        .next()
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no parent in {stat:?}"))
}

/// Whether a process still runs (a zombie has exited: only its parent has not reaped it).
fn running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => false,
        Ok(stat) => {
            let state = stat
                .rsplit(')')
                .next()
                .and_then(|rest| rest.split_whitespace().next());
            state != Some("Z")
        }
    }
}

/// The real Terraform's plugin serves only that Terraform: while it is busy in an apply, a client
/// with no certificate and one with another certificate are refused on its socket, and the apply
/// (Terraform's own certificate) completes.
#[test]
fn terraforms_plugin_serves_only_that_terraform() {
    for tf in terraforms() {
        let mut busy = busy_plugin(&tf, Duration::from_secs(4));
        let rt = rt();
        let grab = Arc::new(GrabServerCert::default());
        // The server certificate is public (the handshake line): a local attacker can know it.
        // What they cannot have is Terraform's key.
        let server_cert = rt
            .block_on(async {
                let io = busy.addr.connect().await?;
                let config = Arc::new(
                    rustls::ClientConfig::builder_with_provider(Arc::new(
                        rustls::crypto::aws_lc_rs::default_provider(),
                    ))
                    .with_safe_default_protocol_versions()
                    .map_err(std::io::Error::other)?
                    .dangerous()
                    .with_custom_certificate_verifier(grab.clone())
                    .with_no_client_auth(),
                );
                let name = ServerName::try_from("localhost").map_err(std::io::Error::other)?;
                let _ = tokio_rustls::TlsConnector::from(config)
                    .connect(name, io)
                    .await;
                Ok::<_, std::io::Error>(grab.last())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", tf.version))
            .unwrap_or_else(|| panic!("{}: the plugin presented no certificate", tf.version));
        assert_refused(
            &rt,
            &busy.addr,
            &server_cert,
            None,
            &format!("terraform {}: no certificate", tf.version),
        );
        assert_refused(
            &rt,
            &busy.addr,
            &server_cert,
            Some(&terraform_like_cert()),
            &format!("terraform {}: another certificate", tf.version),
        );
        let deadline = Instant::now() + Duration::from_secs(300);
        let status = loop {
            if let Ok(Some(status)) = busy.apply.try_wait() {
                break Some(status);
            }
            if Instant::now() > deadline {
                let _ = busy.apply.kill();
                break None;
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        let run = busy.wd.finished(status);
        assert!(
            run.success,
            "terraform {}: the apply failed:\n{}",
            tf.version,
            run.combined()
        );
        assert_eq!(busy.wd.state_instances("sfn_state_machine").len(), 1);
        let log = std::fs::read_to_string(&busy.log).unwrap_or_default();
        let refused = log.matches("connection refused").count();
        assert!(
            refused >= 4,
            "terraform {}: {refused} refusals logged",
            tf.version
        );
        assert!(log.contains("client authenticated with Terraform's certificate"));
    }
}

/// Records the server certificate of a handshake (to learn it as an attacker could).
#[derive(Debug, Default)]
struct GrabServerCert(std::sync::Mutex<Option<CertificateDer<'static>>>);

impl GrabServerCert {
    fn last(&self) -> Option<CertificateDer<'static>> {
        self.0.lock().ok().and_then(|g| g.clone())
    }
}

impl rustls::client::danger::ServerCertVerifier for GrabServerCert {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        if let Ok(mut g) = self.0.lock() {
            *g = Some(end_entity.clone().into_owned());
        }
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        rustls::crypto::aws_lc_rs::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// After `kill -9` of Terraform in the middle of an apply, the plugin notices within seconds
/// that its parent is gone, stops listening (its socket and directory disappear) and exits.
#[test]
fn plugin_exits_after_terraform_is_killed() {
    for tf in terraforms() {
        let mut busy = busy_plugin(&tf, Duration::from_secs(30));
        assert!(running(busy.pid), "the plugin {} is not running", busy.pid);
        // The process that started the plugin. Terraform 1.0 runs as two processes (an outer
        // one that only watches the real one for crashes); the plugin's parent is the inner one.
        let parent = parent_of(busy.pid);
        let killed = Instant::now();
        let kill = Command::new("kill")
            .args(["-KILL", &parent.to_string()])
            .status();
        assert!(
            kill.as_ref().is_ok_and(|s| s.success()),
            "kill -9 {parent}: {kill:?}"
        );
        let _ = busy.apply.kill();
        let _ = busy.apply.wait();
        while running(busy.pid) && killed.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(100));
        }
        let took = killed.elapsed();
        assert!(
            !running(busy.pid),
            "terraform {}: the plugin {} still runs {took:?} after terraform was killed\n/proc stat: {}\nplugin log:\n{}",
            tf.version,
            busy.pid,
            std::fs::read_to_string(format!("/proc/{}/stat", busy.pid)).unwrap_or_default(),
            std::fs::read_to_string(&busy.log).unwrap_or_default()
        );
        println!(
            "terraform {}: the plugin exited {took:?} after kill -9 of terraform",
            tf.version
        );
        if let Addr::Unix(path) = &busy.addr {
            assert!(!path.exists(), "{} is left behind", path.display());
        }
        let rt = rt();
        let connect = rt.block_on(busy.addr.connect());
        assert!(
            connect.is_err(),
            "something still listens at {:?}",
            busy.addr
        );
        let log = std::fs::read_to_string(&busy.log).unwrap_or_default();
        assert!(
            log.contains("the process that started the plugin is gone"),
            "terraform {}: {log}",
            tf.version
        );
    }
}
