//! terraform-provider-sfn: the plugin binary Terraform starts.

mod diags;
mod provider;
mod tfvalue;
mod workflow;

#[tokio::main]
async fn main() {
    if let Err(e) = tf_provider::serve("sfn", provider::SfnProvider::default()).await {
        eprintln!("terraform-provider-sfn: {e:#}");
        std::process::exit(1);
    }
}
