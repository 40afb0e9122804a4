//! Load: 200 state machines in one configuration at `-parallelism=20`, through real Terraform
//! against moto, first on a clean path and then in a throttling storm (every 3rd API call
//! answered with `ThrottlingException` by the fault proxy). After each step the API's machines
//! are compared with Terraform's state: no orphan, no duplicate, no ghost.
//!
//! The wall times are printed, next to a plain SDK loop creating and deleting the same machines
//! on the same API (sequentially, and 20 at a time), and written to `target/load-report.txt`.
//! They are figures for the closing note, never assertions. `scripts/bench-load.sh` runs just
//! this test and shows the report.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use sfn_tests::proxy::{Fault, Proxy, Times};
use sfn_tests::{bin_dir, runtime, terraforms, Moto, Workdir};

const MACHINES: usize = 200;
const ROLE: &str = "arn:aws:iam::123456789012:role/load-sfn";
const DEFINITION: &str = r#"{"Comment":"load","StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:work","Payload.$":"$"},"End":true}}}"#;

fn config(endpoint: &str, prefix: &str) -> String {
    format!(
        r#"
provider "sfn" {{
  endpoint    = "{endpoint}"
  max_retries = 10
}}

data "sfn_workflow" "work" {{
  comment  = "load"
  start_at = "Work"
  task "Work" {{
    resource   = "arn:aws:states:::lambda:invoke"
    parameters = {{ FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:work", "Payload.$" = "$" }}
    end        = true
  }}
}}

resource "sfn_state_machine" "m" {{
  count      = {MACHINES}
  name       = "{prefix}-${{count.index}}"
  definition = data.sfn_workflow.work.json
  role_arn   = "{ROLE}"
  tags       = {{ shard = tostring(count.index % 7) }}
}}
"#
    )
}

/// Every machine the API holds, as (name, arn); the API must not list one twice.
async fn api_machines(client: &aws_sdk_sfn::Client) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for m in sfn_tests::api_machines(client).await {
        assert!(out.insert(m.clone()), "the API lists {} twice", m.0);
    }
    out
}

/// Every `sfn_state_machine` in Terraform's local state, as (name, arn).
fn state_machines(wd: &Workdir) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for inst in wd.state_instances("sfn_state_machine") {
        let a = &inst["attributes"];
        let entry = (
            a["name"].as_str().unwrap_or_default().to_string(),
            a["arn"].as_str().unwrap_or_default().to_string(),
        );
        let fresh = out.insert(entry.clone());
        assert!(fresh, "state holds {entry:?} twice");
    }
    out
}

fn same_machines(wd: &Workdir, client: &aws_sdk_sfn::Client, rt: &tokio::runtime::Runtime) {
    let api = rt.block_on(api_machines(client));
    let state = state_machines(wd);
    let orphans: Vec<_> = api.difference(&state).collect();
    let ghosts: Vec<_> = state.difference(&api).collect();
    assert!(
        orphans.is_empty() && ghosts.is_empty(),
        "API and state differ: {} in the API only (orphans) {:?}, {} in state only (ghosts) {:?}",
        orphans.len(),
        orphans.iter().take(5).collect::<Vec<_>>(),
        ghosts.len(),
        ghosts.iter().take(5).collect::<Vec<_>>()
    );
}

fn timed(wd: &Workdir, args: &[&str]) -> Duration {
    let started = Instant::now();
    wd.ok(args);
    started.elapsed()
}

/// The same machines through the SDK alone: sequentially, then `concurrency` at a time.
fn sdk_loop(
    rt: &tokio::runtime::Runtime,
    client: &aws_sdk_sfn::Client,
    prefix: &str,
    concurrency: usize,
) -> (Duration, Duration) {
    let names: Vec<String> = (0..MACHINES).map(|i| format!("{prefix}-{i}")).collect();
    let create = Instant::now();
    let arns: Vec<String> = rt.block_on(async {
        let mut arns = Vec::new();
        for chunk in names.chunks(concurrency) {
            let calls = chunk.iter().map(|name| {
                client
                    .create_state_machine()
                    .name(name)
                    .definition(DEFINITION)
                    .role_arn(ROLE)
                    .send()
            });
            for out in futures::future::join_all(calls).await {
                let out = out.unwrap_or_else(|e| panic!("sdk create: {e:?}"));
                arns.push(out.state_machine_arn().to_string());
            }
        }
        arns
    });
    let create = create.elapsed();
    let delete = Instant::now();
    rt.block_on(async {
        for chunk in arns.chunks(concurrency) {
            let calls = chunk
                .iter()
                .map(|arn| client.delete_state_machine().state_machine_arn(arn).send());
            for out in futures::future::join_all(calls).await {
                out.unwrap_or_else(|e| panic!("sdk delete: {e:?}"));
            }
        }
    });
    (create, delete.elapsed())
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

#[test]
fn two_hundred_machines_clean_and_in_a_throttling_storm() {
    let rt = runtime();
    // The pinned Terraform only: the other version adds minutes and no new path through the
    // provider (both are covered by every other end-to-end test).
    let tf = terraforms().remove(0);
    let mut report = String::new();
    let _ = writeln!(
        report,
        "load: {MACHINES} state machines, -parallelism=20, Terraform {}, moto",
        tf.version
    );

    // Clean path.
    let moto = Moto::start();
    let client = rt.block_on(moto.client());
    let mut wd = Workdir::new(&tf);
    wd.use_moto(&moto);
    wd.config(&config(&moto.endpoint(), "load"));
    let apply = timed(
        &wd,
        &["apply", "-auto-approve", "-no-color", "-parallelism=20"],
    );
    assert_eq!(state_machines(&wd).len(), MACHINES);
    same_machines(&wd, &client, &rt);
    let plan = Instant::now();
    let (empty, out) = wd.plan_is_empty();
    let plan = plan.elapsed();
    assert!(empty, "plan after apply is not empty:\n{out}");
    let destroy = timed(
        &wd,
        &["destroy", "-auto-approve", "-no-color", "-parallelism=20"],
    );
    same_machines(&wd, &client, &rt);
    assert!(rt.block_on(api_machines(&client)).is_empty());
    let (sdk_seq_create, sdk_seq_delete) = sdk_loop(&rt, &client, "sdk-seq", 1);
    let (sdk_par_create, sdk_par_delete) = sdk_loop(&rt, &client, "sdk-par", 20);
    assert!(rt.block_on(api_machines(&client)).is_empty());
    let _ = writeln!(
        report,
        "  terraform apply {}  plan (refresh {MACHINES}) {}  destroy {}",
        secs(apply),
        secs(plan),
        secs(destroy)
    );
    let _ = writeln!(
        report,
        "  SDK loop, sequential: create {}  delete {}",
        secs(sdk_seq_create),
        secs(sdk_seq_delete)
    );
    let _ = writeln!(
        report,
        "  SDK loop, 20 at a time: create {}  delete {}",
        secs(sdk_par_create),
        secs(sdk_par_delete)
    );
    drop(wd);

    // Throttling storm: every 3rd call through the proxy is throttled, for the whole run.
    let proxy = Proxy::start(moto.port);
    proxy.inject("*", Fault::Throttle, Times::Every(3));
    let mut wd = Workdir::new(&tf);
    wd.use_moto(&moto);
    wd.config(&config(&proxy.endpoint(), "storm"));
    let apply = timed(
        &wd,
        &["apply", "-auto-approve", "-no-color", "-parallelism=20"],
    );
    let (apply_calls, apply_throttled) = proxy.count("*");
    assert!(
        apply_throttled * 3 >= apply_calls - 2 && apply_throttled > MACHINES / 2,
        "the storm did not happen: {apply_throttled} of {apply_calls} calls throttled"
    );
    assert_eq!(state_machines(&wd).len(), MACHINES);
    same_machines(&wd, &client, &rt);
    let (empty, out) = wd.plan_is_empty();
    assert!(empty, "plan after a storm apply is not empty:\n{out}");
    proxy.reset_calls();
    let destroy = timed(
        &wd,
        &["destroy", "-auto-approve", "-no-color", "-parallelism=20"],
    );
    let (destroy_calls, destroy_throttled) = proxy.count("*");
    same_machines(&wd, &client, &rt);
    assert!(rt.block_on(api_machines(&client)).is_empty());
    let _ = writeln!(
        report,
        "  storm (every 3rd call throttled): apply {} ({apply_throttled} of {apply_calls} calls throttled)  destroy {} ({destroy_throttled} of {destroy_calls})",
        secs(apply),
        secs(destroy)
    );

    println!("{report}");
    let _ = std::fs::write(bin_dir().join("../load-report.txt"), &report);
}
