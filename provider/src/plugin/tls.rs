//! The plugin's TLS: a fresh server certificate for this run (announced in the handshake line,
//! which is how Terraform trusts it), and a client verifier that accepts exactly one
//! certificate, the one Terraform passed in `PLUGIN_CLIENT_CERT`.
//!
//! Terraform's certificate is ECDSA P-521 and marked as a CA (go-plugin makes it so). A
//! path-building verifier refuses it (webpki will not take a CA certificate as an end entity),
//! and ring cannot check P-521 signatures, so with tf-provider's optional client authentication
//! Terraform connected without presenting it, and so could anyone. Here the certificate is
//! required, compared byte for byte with the pinned one, and the client's handshake signature
//! is checked against it with aws-lc-rs (which has P-521): holding the certificate is not
//! enough, the client must hold its private key, which only the Terraform that started this
//! process has.

use std::sync::Arc;

use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};

/// The crypto every TLS connection of the plugin uses.
pub fn crypto() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// Accepts one client certificate, exactly.
#[derive(Debug)]
pub struct PinnedClient {
    cert: CertificateDer<'static>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl PinnedClient {
    pub fn new(cert: CertificateDer<'static>, crypto: &CryptoProvider) -> PinnedClient {
        PinnedClient {
            cert,
            algorithms: crypto.signature_verification_algorithms,
        }
    }
}

impl ClientCertVerifier for PinnedClient {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        true
    }

    /// No CA names: Go's TLS client then offers its certificate whenever the signature schemes
    /// fit (it would otherwise compare the names with the certificate's issuer).
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    /// Validity dates and key usages are not checked: the certificate is trusted for being the
    /// one Terraform handed over for this run, not for what it says about itself.
    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.cert.as_ref() && intermediates.is_empty() {
            Ok(ClientCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A TLS setup failure (certificate generation, a key rustls refuses).
#[derive(Debug)]
pub struct TlsError(pub String);

impl std::fmt::Display for TlsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SFN100 plugin-handshake: cannot set up TLS: {}", self.0)
    }
}

/// The server side for this run: its configuration and the server certificate (DER) for the
/// handshake line.
pub fn server(
    client_cert: CertificateDer<'static>,
) -> Result<(Arc<rustls::ServerConfig>, Vec<u8>), TlsError> {
    let err = |e: &dyn std::fmt::Display| TlsError(e.to_string());
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(|e| err(&e))?;
    let mut params =
        rcgen::CertificateParams::new(vec!["localhost".to_string()]).map_err(|e| err(&e))?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "localhost");
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "terraform-provider-sfn");
    params.is_ca = rcgen::IsCa::ExplicitNoCa;
    params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let cert = params.self_signed(&key).map_err(|e| err(&e))?;
    let der = cert.der().to_vec();
    let crypto = crypto();
    let verifier = Arc::new(PinnedClient::new(client_cert, &crypto));
    let mut config = rustls::ServerConfig::builder_with_provider(crypto)
        .with_safe_default_protocol_versions()
        .map_err(|e| err(&e))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            vec![CertificateDer::from(der.clone())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .map_err(|e| err(&e))?;
    // gRPC over HTTP/2 only; recent gRPC clients insist on the ALPN answer.
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok((Arc::new(config), der))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p521_is_among_the_schemes_asked_for() {
        let key = rcgen::KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let cert = rcgen::CertificateParams::new(vec!["x".to_string()])
            .and_then(|p| p.self_signed(&key))
            .unwrap_or_else(|e| panic!("{e}"));
        let v = PinnedClient::new(cert.der().clone(), &crypto());
        assert!(v.client_auth_mandatory());
        assert!(v
            .supported_verify_schemes()
            .contains(&SignatureScheme::ECDSA_NISTP521_SHA512));
        let now = UnixTime::now();
        assert!(v.verify_client_cert(cert.der(), &[], now).is_ok());
        let other = rcgen::CertificateParams::new(vec!["x".to_string()])
            .and_then(|p| p.self_signed(&key))
            .unwrap_or_else(|e| panic!("{e}"));
        // Same key and subject, another certificate: refused.
        assert!(v.verify_client_cert(other.der(), &[], now).is_err());
        assert!(v
            .verify_client_cert(cert.der(), &[other.der().clone()], now)
            .is_err());
    }

    #[test]
    fn the_server_certificate_is_for_localhost_and_speaks_h2() {
        let key = rcgen::KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let client = rcgen::CertificateParams::new(vec!["x".to_string()])
            .and_then(|p| p.self_signed(&key))
            .unwrap_or_else(|e| panic!("{e}"));
        let (config, der) = server(client.der().clone()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.alpn_protocols, vec![b"h2".to_vec()]);
        // Go's client checks the name "localhost" (a DNS name, an IA5String in the DER).
        assert!(der.windows(9).any(|w| w == b"localhost"));
    }
}
