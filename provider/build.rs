//! Generates the plugin's gRPC server code from `proto/` (tonic-build; needs `protoc`, which
//! tf-provider's build needs as well).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    tonic_build::configure()
        .build_client(false)
        .build_server(true)
        .compile_protos(
            &["proto/tfplugin6.proto", "proto/go_plugin.proto"],
            &["proto"],
        )?;
    Ok(())
}
