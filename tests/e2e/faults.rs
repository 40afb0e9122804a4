//! Faults between the provider and the API, injected by `sfn_tests::proxy`.

use sfn_tests::proxy::{Fault, Proxy, Times};
use sfn_tests::{runtime, Moto};

/// The proxy itself, driven by the SDK: a throttled create is retried and applied once.
#[test]
fn proxy_throttles_and_the_sdk_retries() {
    let rt = runtime();
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port);
    proxy.inject("CreateStateMachine", Fault::Throttle, Times::First(2));
    let creds = aws_sdk_sfn::config::Credentials::new("testing", "testing", None, None, "tests");
    let conf = aws_sdk_sfn::config::Builder::new()
        .behavior_version(aws_sdk_sfn::config::BehaviorVersion::latest())
        .region(aws_sdk_sfn::config::Region::new("us-east-1"))
        .credentials_provider(creds)
        .endpoint_url(proxy.endpoint())
        .build();
    let client = aws_sdk_sfn::Client::from_conf(conf);
    let out = rt.block_on(
        client
            .create_state_machine()
            .name("p")
            .definition(r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#)
            .role_arn("arn:aws:iam::123456789012:role/r")
            .send(),
    );
    assert!(out.is_ok(), "{out:?}");
    assert_eq!(proxy.count("CreateStateMachine"), (3, 2));
    let listed = rt.block_on(moto.client()).list_state_machines().send();
    let listed = rt.block_on(listed).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(listed.state_machines().len(), 1);
}
