//! terraform-provider-sfn: the plugin binary Terraform starts.

#[tokio::main]
async fn main() {
    // Both the plugin's mTLS server (ring) and the AWS SDK (aws-lc-rs) link rustls; with two
    // crypto backends compiled in, rustls needs the process-wide choice made explicitly.
    let _ = rustls::crypto::ring::default_provider().install_default();
    if let Err(e) = tf_provider::serve(
        "sfn",
        terraform_provider_sfn::provider::SfnProvider::default(),
    )
    .await
    {
        eprintln!("terraform-provider-sfn: {e:#}");
        std::process::exit(1);
    }
}
