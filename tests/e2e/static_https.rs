//! A static file server over HTTPS on 127.0.0.1, with a certificate authority made for the test:
//! what a team's network mirror is (any static HTTPS host). Plain threads and rustls, HTTP/1.1,
//! GET only, one request per connection. Every request path is logged.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A test CA and a server certificate it signed for `localhost` and `127.0.0.1`.
pub struct TestCa {
    /// The CA certificate, PEM: what clients are told to trust (`SSL_CERT_FILE`).
    pub ca_pem: String,
    server_chain: Vec<CertificateDer<'static>>,
    server_key: Vec<u8>,
}

impl TestCa {
    pub fn new() -> TestCa {
        let ca_key = rcgen::KeyPair::generate().unwrap_or_else(|e| panic!("CA key: {e}"));
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new())
            .unwrap_or_else(|e| panic!("CA params: {e}"));
        ca.distinguished_name
            .push(rcgen::DnType::CommonName, "sfn-tests mirror CA");
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
        ];
        let ca_cert = ca
            .self_signed(&ca_key)
            .unwrap_or_else(|e| panic!("CA cert: {e}"));
        let key = rcgen::KeyPair::generate().unwrap_or_else(|e| panic!("server key: {e}"));
        let mut leaf =
            rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
                .unwrap_or_else(|e| panic!("server params: {e}"));
        leaf.distinguished_name
            .push(rcgen::DnType::CommonName, "localhost");
        leaf.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        let cert = leaf
            .signed_by(&key, &ca_cert, &ca_key)
            .unwrap_or_else(|e| panic!("server cert: {e}"));
        TestCa {
            ca_pem: ca_cert.pem(),
            server_chain: vec![cert.der().clone(), ca_cert.der().clone()],
            server_key: key.serialize_der(),
        }
    }
}

/// Serves `root` until dropped.
pub struct StaticHttps {
    pub port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl StaticHttps {
    pub fn start(root: &Path, ca: &TestCa) -> StaticHttps {
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap_or_else(|e| panic!("tls versions: {e}"))
        .with_no_client_auth()
        .with_single_cert(
            ca.server_chain.clone(),
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(ca.server_key.clone())),
        )
        .unwrap_or_else(|e| panic!("server identity: {e}"));
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        listener
            .set_nonblocking(true)
            .unwrap_or_else(|e| panic!("{e}"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (root, log, halt) = (root.to_path_buf(), requests.clone(), stop.clone());
        std::thread::spawn(move || {
            while !halt.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((tcp, _)) => {
                        let (config, root, log) = (config.clone(), root.clone(), log.clone());
                        std::thread::spawn(move || serve(tcp, config, &root, &log));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        });
        StaticHttps {
            port,
            requests,
            stop,
        }
    }

    /// Every path requested so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for StaticHttps {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(tcp: TcpStream, config: Arc<rustls::ServerConfig>, root: &Path, log: &Mutex<Vec<String>>) {
    let _ = tcp.set_nonblocking(false);
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(conn) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut reader = BufReader::new(&mut tls);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return; // a client that refused our certificate, for one
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => return,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    drop(reader);
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = target.split('?').next().unwrap_or("").to_string();
    if let Ok(mut l) = log.lock() {
        l.push(path.clone());
    }
    let file = resolve(root, &path);
    let (status, content_type, body) = match (
        method,
        file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))),
    ) {
        ("GET", Some((f, body))) => {
            let ty = match f.extension().and_then(|e| e.to_str()) {
                Some("json") => "application/json",
                Some("zip") => "application/zip",
                _ => "application/octet-stream",
            };
            ("200 OK", ty, body)
        }
        ("GET", None) => ("404 Not Found", "text/plain", b"not found\n".to_vec()),
        _ => ("405 Method Not Allowed", "text/plain", Vec::new()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = tls.write_all(head.as_bytes());
    let _ = tls.write_all(&body);
    let _ = tls.flush();
    tls.conn.send_close_notify();
    let _ = tls.flush();
}

/// The file a URL path names under `root`; nothing outside it.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let mut out = root.to_path_buf();
    for seg in url_path.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || seg.contains('\\') {
            return None;
        }
        out.push(seg);
    }
    out.is_file().then_some(out)
}
