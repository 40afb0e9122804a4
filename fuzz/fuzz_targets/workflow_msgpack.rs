//! Arbitrary bytes as the MessagePack configuration of an `sfn_workflow` data source, read the
//! way the provider reads it: decode, translate, validate, emit. See `fuzzing.rs` in the provider
//! for the invariants checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = terraform_provider_sfn::fuzzing::workflow_from_msgpack(data);
});
