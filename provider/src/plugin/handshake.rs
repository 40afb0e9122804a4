//! The contract with the process that starts the plugin (go-plugin's handshake): what Terraform
//! puts in the environment, and the one line the plugin prints on stdout in return.
//!
//! Environment: `TF_PLUGIN_MAGIC_COOKIE` (proof that a Terraform started the binary, not a
//! person), `PLUGIN_PROTOCOL_VERSIONS` (must include 6), `PLUGIN_MIN_PORT`/`PLUGIN_MAX_PORT`
//! (for a TCP listener) and `PLUGIN_CLIENT_CERT` (Terraform's one-time client certificate, PEM:
//! the only client the plugin serves). Answer:
//! `1|6|<network>|<address>|grpc|<server certificate, DER, base64 without padding>`.

use base64::Engine as _;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
pub const CLIENT_CERT_ENV: &str = "PLUGIN_CLIENT_CERT";

/// go-plugin's core protocol version and the tfplugin version this provider speaks.
const CORE_PROTOCOL: u32 = 1;
pub const APP_PROTOCOL: u32 = 6;

/// Why the plugin will not start. Printed on stderr, which Terraform logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotStartedByTerraform,
    ProtocolVersions(String),
    NoClientCertificate,
    BadClientCertificate(String),
    BadPortRange(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let head = "SFN100 plugin-handshake:";
        match self {
            Refusal::NotStartedByTerraform => write!(
                f,
                "{head} this binary is a Terraform provider plugin; Terraform starts it (`terraform init` installs it, then plan and apply run it). It is not meant to be run directly."
            ),
            Refusal::ProtocolVersions(v) => write!(
                f,
                "{head} Terraform offered plugin protocol versions {v:?}; this provider speaks version {APP_PROTOCOL} (Terraform 1.0 or newer, OpenTofu)."
            ),
            Refusal::NoClientCertificate => write!(
                f,
                "{head} {CLIENT_CERT_ENV} is not set. The provider serves only Terraform's own mutual-TLS connection; unset TF_DISABLE_PLUGIN_TLS if it is set."
            ),
            Refusal::BadClientCertificate(e) => {
                write!(f, "{head} {CLIENT_CERT_ENV} holds no usable certificate: {e}")
            }
            Refusal::BadPortRange(e) => write!(f, "{head} {e}"),
        }
    }
}

/// What the starting process asked for.
#[derive(Debug, Clone)]
pub struct Request {
    pub client_cert: CertificateDer<'static>,
    pub min_port: u16,
    pub max_port: u16,
}

/// Reads the handshake from `var` (the process environment in the binary).
pub fn read(var: impl Fn(&str) -> Option<String>) -> Result<Request, Refusal> {
    if var(MAGIC_COOKIE_KEY).as_deref() != Some(MAGIC_COOKIE_VALUE) {
        return Err(Refusal::NotStartedByTerraform);
    }
    if let Some(versions) = var("PLUGIN_PROTOCOL_VERSIONS") {
        let wanted = APP_PROTOCOL.to_string();
        if !versions.split(',').any(|v| v.trim() == wanted) {
            return Err(Refusal::ProtocolVersions(versions));
        }
    }
    let pem = var(CLIENT_CERT_ENV).unwrap_or_default();
    if pem.trim().is_empty() {
        return Err(Refusal::NoClientCertificate);
    }
    let mut certs = CertificateDer::pem_slice_iter(pem.as_bytes());
    let client_cert = match certs.next() {
        Some(Ok(cert)) => cert,
        Some(Err(e)) => return Err(Refusal::BadClientCertificate(e.to_string())),
        None => return Err(Refusal::BadClientCertificate("no CERTIFICATE block".into())),
    };
    if certs.next().is_some() {
        return Err(Refusal::BadClientCertificate(
            "more than one certificate; Terraform sends exactly one".into(),
        ));
    }
    let port = |name: &str, default: u16| -> Result<u16, Refusal> {
        match var(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse()
                .map_err(|_| Refusal::BadPortRange(format!("{name}={v:?} is not a port number"))),
        }
    };
    let (a, b) = (
        port("PLUGIN_MIN_PORT", 10000)?,
        port("PLUGIN_MAX_PORT", 25000)?,
    );
    Ok(Request {
        client_cert,
        min_port: a.min(b),
        max_port: a.max(b),
    })
}

/// The line Terraform reads from the plugin's stdout.
pub fn line(network: &str, address: &str, server_cert_der: &[u8]) -> String {
    format!(
        "{CORE_PROTOCOL}|{APP_PROTOCOL}|{network}|{address}|grpc|{}",
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(server_cert_der)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cert_pem() -> String {
        let key = rcgen::KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        rcgen::CertificateParams::new(vec!["localhost".to_string()])
            .and_then(|p| p.self_signed(&key))
            .map(|c| c.pem())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn terraforms_environment_is_accepted() {
        let pem = cert_pem();
        let r = read(env(&[
            (MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE),
            ("PLUGIN_PROTOCOL_VERSIONS", "5,6"),
            ("PLUGIN_MIN_PORT", "25000"),
            ("PLUGIN_MAX_PORT", "10000"),
            (CLIENT_CERT_ENV, &pem),
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.min_port, r.max_port), (10000, 25000));
        assert!(!r.client_cert.is_empty());
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        let pem = cert_pem();
        let cookie = (MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE);
        let cert = (CLIENT_CERT_ENV, pem.as_str());
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (vec![cert], "not meant to be run directly"),
            (
                vec![(MAGIC_COOKIE_KEY, "nope"), cert],
                "not meant to be run directly",
            ),
            (vec![cookie], "PLUGIN_CLIENT_CERT is not set"),
            (
                vec![cookie, ("PLUGIN_PROTOCOL_VERSIONS", "4,5"), cert],
                "speaks version 6",
            ),
            (
                vec![cookie, (CLIENT_CERT_ENV, "garbage")],
                "no CERTIFICATE block",
            ),
            (
                vec![cookie, cert, ("PLUGIN_MIN_PORT", "x")],
                "is not a port number",
            ),
        ];
        for (pairs, want) in cases {
            let err = read(env(&pairs))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.starts_with("SFN100 plugin-handshake:"), "{err}");
            assert!(err.contains(want), "{err} (wanted {want:?})");
        }
        let two = format!("{pem}{}", cert_pem());
        let err = read(env(&[cookie, (CLIENT_CERT_ENV, &two)])).err();
        assert!(matches!(err, Some(Refusal::BadClientCertificate(_))));
    }

    #[test]
    fn the_handshake_line_has_six_fields() {
        let l = line("unix", "/tmp/x/plugin.sock", &[1, 2, 3]);
        assert_eq!(l, "1|6|unix|/tmp/x/plugin.sock|grpc|AQID");
    }
}
