//! terraform-provider-sfn: the plugin binary Terraform starts.

fn main() {
    // PLUGIN_LOG_FILE: our own filtered, redacting subscriber instead of tf-provider's, which
    // logs every crate at TRACE (AWS access key ids, the external id). Takes the variable out of
    // the environment, so it must run before any thread starts.
    terraform_provider_sfn::logging::init_from_env();
    // tf-provider appends a captured backtrace to every diagnostic when backtraces are enabled
    // (RUST_BACKTRACE=1 is common in CI). Users would see stack frames in plan errors, and
    // Terraform 1.0's crash detector mistakes their "panicking" frames for a crash of its own.
    // RUST_LIB_BACKTRACE governs library captures only; panics still honour RUST_BACKTRACE.
    // Set before any thread starts.
    std::env::set_var("RUST_LIB_BACKTRACE", "0");
    // The plugin's TLS and the AWS SDK both use aws-lc-rs; ring is compiled in too (through
    // tf-provider), so rustls needs the process-wide choice made explicitly.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("terraform-provider-sfn: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let provider = terraform_provider_sfn::provider::SfnProvider::default();
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        "terraform-provider-sfn serving"
    );
    // Our own server, not tf_provider::serve: it serves only the Terraform that started this
    // process and stops when that process is gone (see plugin/mod.rs).
    let served = runtime.block_on(terraform_provider_sfn::plugin::serve(provider.registry()));
    // Tasks still running (an AWS call Terraform no longer waits for) must not hold the exit.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    if let Err(e) = served {
        eprintln!("terraform-provider-sfn: {e}");
        std::process::exit(1);
    }
}
