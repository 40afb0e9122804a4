//! The plugin's transport security, probed with a gRPC client of our own (no Terraform).
//!
//! Terraform (go-plugin "AutoMTLS") starts the plugin with `PLUGIN_CLIENT_CERT`, a self-signed
//! certificate it made for this run. tf-provider then serves gRPC over TLS only, trusting that
//! certificate as the sole client CA, and prints `1|6|tcp|ADDR|grpc|<base64 DER server cert>`.
//! These tests start the real binary the same way, with certificates they make themselves, and
//! check what a client on the loopback interface can and cannot do.
//!
//! Known gap, asserted below so that a change is noticed: a TLS client that presents NO
//! certificate is served. tf-provider 0.2.2 configures client authentication as optional, and
//! Terraform depends on it: go-plugin's client certificate is ECDSA P-521 (and a CA
//! certificate), which the plugin's rustls/ring verifier cannot check, so Terraform itself
//! connects without a certificate. See ARCHITECTURE.md, "Plugin transport".

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use base64::Engine;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MAGIC_COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// A client certificate and its key, self-signed (it is its own trust anchor, as Terraform's is).
struct ClientCert {
    pem: String,
    der: CertificateDer<'static>,
    key: Vec<u8>,
}

fn client_cert(name: &str) -> ClientCert {
    let key = rcgen::KeyPair::generate().unwrap_or_else(|e| panic!("key: {e}"));
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .unwrap_or_else(|e| panic!("params: {e}"));
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
    params.is_ca = rcgen::IsCa::ExplicitNoCa;
    let cert = params
        .self_signed(&key)
        .unwrap_or_else(|e| panic!("self-sign: {e}"));
    ClientCert {
        pem: cert.pem(),
        der: cert.der().clone(),
        key: key.serialize_der(),
    }
}

/// The provider binary serving with `trusted` as Terraform's client certificate. Killed on drop.
struct Plugin {
    child: Child,
    addr: SocketAddr,
    server_cert: CertificateDer<'static>,
}

impl Plugin {
    fn start(trusted: &ClientCert) -> Plugin {
        let bin = sfn_tests::provider_dir().join("terraform-provider-sfn");
        let mut child = Command::new(&bin)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE)
            .env("PLUGIN_PROTOCOL_VERSIONS", "6")
            .env("PLUGIN_MIN_PORT", "10000")
            .env("PLUGIN_MAX_PORT", "25000")
            .env("PLUGIN_CLIENT_CERT", &trusted.pem)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", bin.display()));
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
        assert_eq!(&parts[..3], ["1", "6", "tcp"], "handshake line: {line:?}");
        assert_eq!(parts[4], "grpc", "handshake line: {line:?}");
        let addr: SocketAddr = parts[3]
            .parse()
            .unwrap_or_else(|e| panic!("address in {line:?}: {e}"));
        assert!(addr.ip().is_loopback(), "listens on {addr}");
        assert!((10000..=25000).contains(&addr.port()), "port {addr}");
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

    /// A TLS client config that trusts only the certificate from the handshake line.
    fn tls(&self, identity: Option<&ClientCert>) -> Arc<rustls::ClientConfig> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = Arc::new(PinnedServerCert {
            cert: self.server_cert.clone(),
            provider: provider.clone(),
        });
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap_or_else(|e| panic!("tls versions: {e}"))
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let mut config = match identity {
            None => builder.with_no_client_auth(),
            Some(c) => builder
                .with_client_auth_cert(
                    vec![c.der.clone()],
                    PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(c.key.clone())),
                )
                .unwrap_or_else(|e| panic!("client identity: {e}")),
        };
        config.alpn_protocols = vec![b"h2".to_vec()];
        Arc::new(config)
    }
}

/// Accepts exactly the server certificate announced in the handshake line, as go-plugin does (it
/// puts that certificate in its root pool). A path check would not do: tf-provider's server
/// certificate is a self-signed CA certificate, which webpki refuses as an end entity. The
/// handshake signatures are still verified against it.
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

impl Drop for Plugin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer in 10 s"))??;
    buf.truncate(n);
    Ok(buf)
}

fn is_h2_settings(bytes: &[u8]) -> bool {
    bytes.len() >= 9 && bytes[3] == 4
}

async fn tls_connect(
    addr: SocketAddr,
    config: Arc<rustls::ClientConfig>,
) -> std::io::Result<tokio_rustls::client::TlsStream<tokio::net::TcpStream>> {
    let tcp = tokio::net::TcpStream::connect(addr).await?;
    let name = ServerName::try_from("localhost")
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    tokio_rustls::TlsConnector::from(config)
        .connect(name, tcp)
        .await
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

/// A real tfplugin6 `GetProviderSchema` call over TLS with `identity` (or plaintext HTTP/2 when
/// `tls` is None). Returns the resource and data source type names.
async fn get_provider_schema(
    addr: SocketAddr,
    tls: Option<Arc<rustls::ClientConfig>>,
) -> Result<(Vec<String>, Vec<String>), String> {
    let connector = tower::service_fn(move |_: tonic::codegen::http::Uri| {
        let tls = tls.clone();
        async move {
            let io: Box<dyn IoStream> = match tls {
                Some(config) => Box::new(tls_connect(addr, config).await?),
                None => Box::new(tokio::net::TcpStream::connect(addr).await?),
            };
            Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(io))
        }
    });
    let channel = tonic::transport::Endpoint::from_static("http://localhost")
        .connect_timeout(std::time::Duration::from_secs(10))
        .timeout(std::time::Duration::from_secs(20))
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

/// With Terraform's (here: the test's) certificate, the plugin answers real tfplugin6 calls,
/// over TLS, with the server certificate it announced in the handshake line.
#[test]
fn mtls_trusted_client_certificate_gets_grpc_answers() {
    let trusted = client_cert("terraform");
    let plugin = Plugin::start(&trusted);
    let rt = rt();
    let probe = rt.block_on(async {
        let tls = tls_connect(plugin.addr, plugin.tls(Some(&trusted))).await?;
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
            plugin.addr,
            Some(plugin.tls(Some(&trusted))),
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
            "sfn_workflow"
        ],
        "data sources"
    );
}

/// Plaintext HTTP/2 (h2c) gets no HTTP/2 answer and no gRPC answer: the port speaks TLS only.
#[test]
fn mtls_plaintext_grpc_is_refused() {
    let trusted = client_cert("terraform");
    let plugin = Plugin::start(&trusted);
    let rt = rt();
    let probe = rt.block_on(async {
        let tcp = tokio::net::TcpStream::connect(plugin.addr).await?;
        h2_probe(tcp).await
    });
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
    let call = rt.block_on(get_provider_schema(plugin.addr, None));
    assert!(call.is_err(), "plaintext gRPC call answered: {call:?}");
    println!("plaintext gRPC: {}", call.err().unwrap_or_default());
}

/// A client certificate the plugin was not given is refused during the TLS handshake: the
/// server's alert ends the connection before any HTTP/2 frame, and no gRPC call gets through.
#[test]
fn mtls_untrusted_client_certificate_is_refused() {
    let trusted = client_cert("terraform");
    let plugin = Plugin::start(&trusted);
    let rt = rt();
    // Same subject as the trusted certificate but another key (the signature check refuses it),
    // and another subject altogether (no issuer found).
    for (what, intruder) in [
        ("same name, other key", client_cert("terraform")),
        ("other name", client_cert("intruder")),
    ] {
        // With TLS 1.3 the client finishes its side of the handshake first; the server's
        // verdict on the certificate arrives as an alert on the first read.
        let probe = rt.block_on(async {
            let mut tls = tls_connect(plugin.addr, plugin.tls(Some(&intruder))).await?;
            let mut buf = vec![0u8; 64];
            let read = tokio::time::timeout(std::time::Duration::from_secs(10), tls.read(&mut buf));
            let n = read.await.map_err(|_| {
                std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer in 10 s")
            })??;
            buf.truncate(n);
            Ok::<_, std::io::Error>(buf)
        });
        let err = match probe {
            Ok(bytes) => panic!("{what}: an untrusted certificate got an answer: {bytes:?}"),
            Err(e) => e.to_string(),
        };
        assert!(
            err.contains("received fatal alert"),
            "{what}: refused for another reason: {err}"
        );
        println!("untrusted certificate ({what}): {err}");
        let call = rt.block_on(get_provider_schema(
            plugin.addr,
            Some(plugin.tls(Some(&intruder))),
        ));
        assert!(call.is_err(), "{what}: got a gRPC answer: {call:?}");
    }
    // The trusted certificate still works on the same server: the refusal is the certificate's.
    let ok = rt.block_on(get_provider_schema(
        plugin.addr,
        Some(plugin.tls(Some(&trusted))),
    ));
    assert!(ok.is_ok(), "trusted certificate after a refusal: {ok:?}");
}

/// A client that does not trust the announced server certificate cannot talk to the plugin
/// either way round: here the client pins another certificate and the handshake fails.
#[test]
fn mtls_server_certificate_is_the_announced_one() {
    let trusted = client_cert("terraform");
    let plugin = Plugin::start(&trusted);
    let other = Plugin::start(&trusted);
    let rt = rt();
    // Trust the other plugin's certificate while connecting to this one.
    let wrong = other.tls(Some(&trusted));
    let result = rt.block_on(tls_connect(plugin.addr, wrong));
    let err = result
        .err()
        .unwrap_or_else(|| panic!("handshake with an unannounced certificate"));
    assert!(
        err.to_string().contains("UnknownIssuer"),
        "failed for another reason: {err:?}"
    );
}

/// KNOWN GAP (see the module comment): TLS without any client certificate is served, because
/// tf-provider makes client authentication optional and Terraform's own P-521 certificate is
/// never presented to this server. This asserts the current behaviour so that a dependency
/// update that changes it is noticed (and the documentation updated); any local process that
/// finds the port can therefore call the plugin.
#[test]
fn mtls_known_gap_anonymous_tls_client_is_served() {
    let trusted = client_cert("terraform");
    let plugin = Plugin::start(&trusted);
    let rt = rt();
    let call = rt.block_on(get_provider_schema(plugin.addr, Some(plugin.tls(None))));
    let (resources, _) = call.unwrap_or_else(|e| {
        panic!("anonymous TLS is now refused ({e}): update ARCHITECTURE.md and this test")
    });
    assert!(resources.contains(&"sfn_state_machine".to_string()));
}
