//! A configuration shaped by the `sfn_workflow` schema, its values chosen by the input bytes, so
//! the HCL -> model translation is reached deeply. Invariants: see `fuzzing.rs` in the provider.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = terraform_provider_sfn::fuzzing::structured_workflow(data);
});
