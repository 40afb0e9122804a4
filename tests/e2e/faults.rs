//! Faults between the provider and the API, injected by `sfn_tests::proxy`, through real
//! Terraform (every version `terraforms()` finds) against moto.
//!
//! For each fault (throttling, 500, 503, a response slower than `attempt_timeout`, a dropped
//! connection, a response lost after the server applied the call) on each path (create, update,
//! destroy), twice: a transient fault (the first `RETRIES - 1` attempts) must converge within the
//! SDK's retries, and a persistent one (every attempt) must either fail with a diagnostic naming
//! the cause and converge on the next apply once the fault is gone, or, when the server applied
//! the call and only the answer was lost, converge at once with a warning. The attempts on the
//! wire are counted: `max_retries = 3` means exactly three. After every step every state
//! machine in the API is in Terraform's state with the same definition, and vice versa: no
//! orphan, no duplicate, no ghost, nothing tainted.
//!
//! Each test prints a table (fault, path, outcome, attempts) to stdout (`--nocapture`).

use std::time::{Duration, Instant};

use sfn_tests::proxy::{Fault, Proxy, Times};
use sfn_tests::{runtime, terraforms, Moto, Run, Terraform, Workdir};

const ROLE: &str = "arn:aws:iam::123456789012:role/faults-sfn";
/// `max_retries` in every configuration here: attempts per call, in all.
const RETRIES: usize = 3;

/// The SDK itself, without Terraform: a throttled create is retried and applied once.
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

/// Tags as sorted (key, value) pairs.
type Tags = Vec<(String, String)>;

/// What a persistent fault on one path must lead to.
#[derive(Clone, Copy)]
enum Outcome {
    /// The apply fails and its output contains this (the AWS error code and the operation).
    Fails(&'static str),
    /// The apply succeeds (the call was applied, its answer lost); the output contains this.
    Converges(&'static str),
}

struct Row {
    terraform: String,
    fault: String,
    path: String,
    times: String,
    outcome: String,
    attempts: String,
    seconds: f64,
}

fn print_table(title: &str, rows: &[Row]) {
    let mut out = format!(
        "\n{title}\n{:<8} {:<18} {:<22} {:<10} {:<42} {:<16} {:>6}\n",
        "tf", "fault", "path", "times", "outcome", "attempts", "secs"
    );
    for r in rows {
        out.push_str(&format!(
            "{:<8} {:<18} {:<22} {:<10} {:<42} {:<16} {:>6.1}\n",
            r.terraform, r.fault, r.path, r.times, r.outcome, r.attempts, r.seconds
        ));
    }
    println!("{out}");
}

/// One Terraform working directory with one `sfn_state_machine`, behind a proxy in front of
/// its own moto.
struct Env {
    rt: tokio::runtime::Runtime,
    _moto: Moto,
    proxy: Proxy,
    wd: Workdir,
    client: aws_sdk_sfn::Client,
    name: String,
    attempt_timeout: &'static str,
    rows: Vec<Row>,
}

impl Env {
    fn new(tf: &Terraform, name: &str, attempt_timeout: &'static str) -> Env {
        let rt = runtime();
        let moto = Moto::start();
        let proxy = Proxy::start(moto.port);
        let mut wd = Workdir::new(tf);
        wd.use_moto(&moto);
        let client = rt.block_on(moto.client());
        Env {
            rt,
            _moto: moto,
            proxy,
            wd,
            client,
            name: name.to_string(),
            attempt_timeout,
            rows: Vec::new(),
        }
    }

    /// Writes the configuration: the machine with `result` in its definition and `tags`, or no
    /// machine at all (`None`: the apply destroys it).
    fn write(&self, machine: Option<(&str, &str)>) {
        let resource = machine.map_or(String::new(), |(result, tags)| {
            format!(
                r#"
resource "sfn_state_machine" "m" {{
  name       = "{}"
  definition = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Pass", Result = "{result}", End = true }} }} }})
  role_arn   = "{ROLE}"
  tags       = {{ {tags} }}
}}
"#,
                self.name
            )
        });
        self.wd.config(&format!(
            r#"
provider "sfn" {{
  endpoint        = "{}"
  max_retries     = {RETRIES}
  attempt_timeout = "{}"
}}
{resource}"#,
            self.proxy.endpoint(),
            self.attempt_timeout
        ));
    }

    fn apply(&self) -> Run {
        self.wd.run(&["apply", "-auto-approve", "-no-color"])
    }

    fn version(&self) -> String {
        self.wd.terraform.version.clone()
    }

    /// Every state machine the API has: (ARN, definition, tags), read from moto directly.
    fn api_machines(&self) -> Vec<(String, serde_json::Value, Tags)> {
        self.rt.block_on(async {
            let mut out = Vec::new();
            for (_, arn) in sfn_tests::api_machines(&self.client).await {
                let d = self
                    .client
                    .describe_state_machine()
                    .state_machine_arn(&arn)
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("DescribeStateMachine {arn}: {e:?}"));
                let t = self
                    .client
                    .list_tags_for_resource()
                    .resource_arn(&arn)
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("ListTagsForResource {arn}: {e:?}"));
                let mut tags: Vec<(String, String)> = t
                    .tags()
                    .iter()
                    .map(|t| {
                        (
                            t.key().unwrap_or_default().to_string(),
                            t.value().unwrap_or_default().to_string(),
                        )
                    })
                    .collect();
                tags.sort();
                let def = serde_json::from_str(d.definition())
                    .unwrap_or_else(|e| panic!("definition of {arn}: {e}"));
                out.push((arn, def, tags));
            }
            out.sort_by(|a, b| a.0.cmp(&b.0));
            out
        })
    }

    /// Every state machine in Terraform's state (the local state file): (ARN, definition,
    /// tags_all, status of the instance such as `tainted`).
    fn state_machines(&self) -> Vec<(String, serde_json::Value, Tags, String)> {
        let mut out = Vec::new();
        for i in &self.wd.state_instances("sfn_state_machine") {
            let a = &i["attributes"];
            let arn = a["arn"].as_str().unwrap_or_default().to_string();
            let def = serde_json::from_str(a["definition"].as_str().unwrap_or("null"))
                .unwrap_or_else(|e| panic!("state definition: {e}"));
            let mut tags: Vec<(String, String)> = a["tags_all"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect();
            tags.sort();
            let status = i["status"].as_str().unwrap_or("").to_string();
            out.push((arn, def, tags, status));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// The invariant after every step, once every request in flight has landed: the API's
    /// machines and the state's are the same set, with the same definitions and tags, and none
    /// is tainted. Returns how many there are.
    fn check(&self, step: &str) -> usize {
        assert!(
            self.proxy.wait_idle(Duration::from_secs(60)),
            "{step}: requests still in flight"
        );
        let api = self.api_machines();
        let state = self.state_machines();
        let api_arns: Vec<_> = api.iter().map(|m| m.0.as_str()).collect();
        let state_arns: Vec<_> = state.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(
            api_arns,
            state_arns,
            "{step} ({}): the API's machines and Terraform's state differ (orphan or ghost)",
            self.version()
        );
        for (a, s) in api.iter().zip(&state) {
            assert_eq!(a.1, s.1, "{step}: definition of {} differs", a.0);
            assert_eq!(a.2, s.2, "{step}: tags of {} differ", a.0);
            assert_eq!(s.3, "", "{step}: {} is {} in state", s.0, s.3);
        }
        api.len()
    }

    /// The definition's `Result` the API has for the one machine.
    fn api_result(&self) -> String {
        let api = self.api_machines();
        assert_eq!(api.len(), 1, "{api:?}");
        api[0].1["States"]["A"]["Result"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn row(
        &mut self,
        fault: &str,
        path: &str,
        times: &str,
        outcome: &str,
        (seen, faulted): (usize, usize),
        t: Instant,
    ) {
        self.rows.push(Row {
            terraform: self.version(),
            fault: fault.into(),
            path: path.into(),
            times: times.into(),
            outcome: outcome.into(),
            attempts: format!("{seen} ({faulted} faulted)"),
            seconds: t.elapsed().as_secs_f64(),
        });
    }
}

/// The paths: the operation faulted, the configuration that takes that path from the one
/// before, and the `Result` the API must have afterwards (`None`: no machine).
const PATHS: [(&str, &str, Option<&str>); 3] = [
    ("create", "CreateStateMachine", Some("v1")),
    ("update", "UpdateStateMachine", Some("v2")),
    ("destroy", "DeleteStateMachine", None),
];

fn write_for(env: &Env, result: Option<&str>) {
    env.write(result.map(|r| (r, r#"suite = "faults""#)));
}

/// Runs the transient and persistent scenarios of one fault on every path, with every Terraform.
fn lifecycle(label: &str, fault: Fault, attempt_timeout: &'static str, persistent: [Outcome; 3]) {
    // Both Terraform versions at once, each with its own moto and proxy: most of the time goes
    // to process start-up and backoff, not CPU.
    let rows: Vec<Row> = std::thread::scope(|scope| {
        let runs: Vec<_> = terraforms()
            .into_iter()
            .map(|tf| {
                let fault = fault.clone();
                scope.spawn(move || lifecycle_with(&tf, label, fault, attempt_timeout, persistent))
            })
            .collect();
        runs.into_iter()
            .flat_map(|r| r.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    print_table(&format!("faults: {label}"), &rows);
}

fn lifecycle_with(
    tf: &Terraform,
    label: &str,
    fault: Fault,
    attempt_timeout: &'static str,
    persistent: [Outcome; 3],
) -> Vec<Row> {
    {
        let mut env = Env::new(tf, &format!("faults-{label}"), attempt_timeout);
        // Transient: every attempt but the last fails; the apply converges within max_retries.
        for (path, op, result) in PATHS {
            let t = Instant::now();
            env.proxy.reset_calls();
            write_for(&env, result);
            env.proxy
                .inject(op, fault.clone(), Times::First(RETRIES as u32 - 1));
            let run = env.apply();
            assert!(
                run.success,
                "{label} {path} ({}): a transient fault must be retried away:\n{}",
                env.version(),
                run.combined()
            );
            assert_eq!(
                env.proxy.count(op),
                (RETRIES, RETRIES - 1),
                "{label} {path}: {:?}",
                env.proxy.calls()
            );
            let n = env.check(&format!("{label} transient {path}"));
            assert_eq!(n, usize::from(result.is_some()));
            if let Some(r) = result {
                assert_eq!(env.api_result(), r);
            }
            env.row(label, path, "first 2", "converged", env.proxy.count(op), t);
            env.proxy.clear();
        }
        // Persistent: every attempt fails.
        for ((path, op, result), expect) in PATHS.into_iter().zip(persistent) {
            let t = Instant::now();
            env.proxy.reset_calls();
            write_for(&env, result);
            env.proxy.inject(op, fault.clone(), Times::Always);
            let run = env.apply();
            let text = run.combined();
            let attempts = env.proxy.count(op);
            assert_eq!(
                attempts,
                (RETRIES, RETRIES),
                "{label} {path}: max_retries = {RETRIES} is exactly {RETRIES} attempts: {:?}",
                env.proxy.calls()
            );
            let outcome = match expect {
                Outcome::Fails(cause) => {
                    assert!(
                        !run.success,
                        "{label} {path} ({}): a fault on every attempt must fail the apply:\n{text}",
                        env.version()
                    );
                    assert!(
                        names_cause(&text, cause),
                        "{label} {path} ({}): the diagnostic must name the cause ({cause}):\n{text}",
                        env.version()
                    );
                    env.check(&format!("{label} persistent {path} (failed)"));
                    env.proxy.clear();
                    env.proxy.reset_calls();
                    let again = env.apply();
                    assert!(
                        again.success,
                        "{label} {path} ({}): the apply after the fault cleared must converge:\n{}",
                        env.version(),
                        again.combined()
                    );
                    assert_eq!(env.proxy.count(op).0, 1, "{:?}", env.proxy.calls());
                    format!("failed: {cause}; next apply converged")
                }
                Outcome::Converges(note) => {
                    assert!(
                        run.success,
                        "{label} {path} ({}): the call was applied, only its answer was lost: the apply must converge:\n{text}",
                        env.version()
                    );
                    assert!(
                        text.contains(note),
                        "{label} {path} ({}): expected {note:?} in:\n{text}",
                        env.version()
                    );
                    env.proxy.clear();
                    let shown = if note.is_empty() { "verified" } else { note };
                    format!("converged ({shown})")
                }
            };
            let n = env.check(&format!("{label} persistent {path}"));
            assert_eq!(n, usize::from(result.is_some()));
            if let Some(r) = result {
                assert_eq!(env.api_result(), r);
            }
            if matches!(expect, Outcome::Converges(_)) {
                // Converged with only a warning means converged: nothing left to do.
                let (empty, plan) = env.wd.plan_is_empty();
                assert!(empty, "{label} {path}: plan after convergence:\n{plan}");
            }
            env.row(label, path, "always", &outcome, attempts, t);
        }
        env.rows
    }
}

#[test]
fn throttling_is_retried_then_reported() {
    let cause = |op| match op {
        0 => "CreateStateMachine failed: AWS ThrottlingException",
        1 => "UpdateStateMachine failed: AWS ThrottlingException",
        _ => "DeleteStateMachine failed: AWS ThrottlingException",
    };
    lifecycle(
        "throttle",
        Fault::Throttle,
        "30s",
        [0, 1, 2].map(|i| Outcome::Fails(cause(i))),
    );
}

#[test]
fn http_500_is_retried_then_reported() {
    lifecycle(
        "http-500",
        Fault::ServerError(500),
        "30s",
        [
            Outcome::Fails("CreateStateMachine failed: AWS InternalFailure"),
            Outcome::Fails("UpdateStateMachine failed: AWS InternalFailure"),
            Outcome::Fails("DeleteStateMachine failed: AWS InternalFailure"),
        ],
    );
}

#[test]
fn http_503_is_retried_then_reported() {
    lifecycle(
        "http-503",
        Fault::ServerError(503),
        "30s",
        [
            Outcome::Fails("CreateStateMachine failed: AWS ServiceUnavailable"),
            Outcome::Fails("UpdateStateMachine failed: AWS ServiceUnavailable"),
            Outcome::Fails("DeleteStateMachine failed: AWS ServiceUnavailable"),
        ],
    );
}

#[test]
fn dropped_connections_are_retried_then_reported() {
    lifecycle(
        "drop",
        Fault::Drop,
        "30s",
        [
            Outcome::Fails("CreateStateMachine failed: AWS NetworkError"),
            Outcome::Fails("UpdateStateMachine failed: AWS NetworkError"),
            Outcome::Fails("DeleteStateMachine failed: AWS NetworkError"),
        ],
    );
}

/// The server applies every call, the client never hears: the create is found and recorded,
/// the update is seen applied, the delete is seen done.
#[test]
fn lost_responses_are_retried_then_verified() {
    lifecycle(
        "lose-response",
        Fault::LoseResponse,
        "30s",
        [
            Outcome::Converges("SFN041 create-answer-lost"),
            Outcome::Converges("SFN043 update-answer-lost"),
            Outcome::Converges(""),
        ],
    );
}

/// Answers slower than `attempt_timeout`: each attempt is abandoned and retried; the server
/// still applies the abandoned calls late, so the persistent case is a lost answer.
#[test]
fn slow_answers_time_out_are_retried_then_verified() {
    lifecycle(
        "slow",
        Fault::Slow(Duration::from_millis(2500)),
        "1s",
        [
            Outcome::Converges("SFN041 create-answer-lost: AWS TimeoutError"),
            Outcome::Converges("SFN043 update-answer-lost: AWS TimeoutError"),
            Outcome::Converges(""),
        ],
    );
}

/// The calls around the writes: the read after a create, tagging, the refresh, the wait after a
/// delete; and a create that AWS (here moto) answers with someone else's machine.
#[test]
fn reads_and_tagging_faults_are_reported_and_recovered() {
    let rows: Vec<Row> = std::thread::scope(|scope| {
        let runs: Vec<_> = terraforms()
            .into_iter()
            .map(|tf| scope.spawn(move || reads_and_tagging(&tf)))
            .collect();
        runs.into_iter()
            .flat_map(|r| r.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    print_table("faults: reads, tagging, name conflicts", &rows);
}

fn reads_and_tagging(tf: &Terraform) -> Vec<Row> {
    let mut env = Env::new(tf, "faults-reads", "30s");
    let v = env.version();
    let all = (RETRIES, RETRIES);

    // Every DescribeStateMachine fails: the check for an existing machine before the create
    // (its failure only skips the check) and the read after the create. The machine is kept,
    // with a warning; the next refresh fills in what the read would have.
    let t = Instant::now();
    env.write(Some(("v1", r#"suite = "faults""#)));
    env.proxy
        .inject("DescribeStateMachine", Fault::Throttle, Times::Always);
    let run = env.apply();
    let text = run.combined();
    assert!(run.success, "{v}: {text}");
    assert!(
        text.contains("DescribeStateMachine after create failed"),
        "{v}: {text}"
    );
    let attempts = env.proxy.count("DescribeStateMachine");
    assert_eq!(
        attempts,
        (2 * RETRIES, 2 * RETRIES),
        "two calls, max_retries attempts each"
    );
    assert_eq!(env.proxy.count("CreateStateMachine"), (1, 0));
    env.proxy.clear();
    assert_eq!(env.check("describe after create"), 1);
    let (empty, plan) = env.wd.plan_is_empty();
    assert!(empty, "{v}: {plan}");
    env.row(
        "throttle",
        "create: describe",
        "always",
        "converged (warning)",
        attempts,
        t,
    );

    // TagResource fails on a tag-only change: the old tags stay, in the API and in state.
    let t = Instant::now();
    env.proxy.reset_calls();
    env.write(Some(("v1", r#"suite = "faults", rev = "2""#)));
    env.proxy
        .inject("TagResource", Fault::ServerError(503), Times::Always);
    let run = env.apply();
    let text = run.combined();
    assert!(!run.success, "{v}: {text}");
    assert!(
        names_cause(&text, "TagResource failed: AWS ServiceUnavailable"),
        "{v}: {text}"
    );
    let attempts = env.proxy.count("TagResource");
    assert_eq!(attempts, all);
    env.check("tag failed");
    assert!(!env.api_machines()[0].2.iter().any(|(k, _)| k == "rev"));
    env.proxy.clear();
    env.wd.apply();
    env.check("tag recovered");
    assert!(env.api_machines()[0]
        .2
        .contains(&("rev".to_string(), "2".to_string())));
    env.row(
        "http-503",
        "update: TagResource",
        "always",
        "failed: TagResource; next apply converged",
        attempts,
        t,
    );

    // The refresh's ListTagsForResource connection drops: the plan fails, naming the call;
    // nothing changes.
    let t = Instant::now();
    env.proxy.reset_calls();
    env.proxy
        .inject("ListTagsForResource", Fault::Drop, Times::Always);
    let run = env.wd.run(&["plan", "-no-color"]);
    let text = run.combined();
    assert!(!run.success, "{v}: {text}");
    assert!(text.contains("ListTagsForResource failed"), "{v}: {text}");
    let attempts = env.proxy.count("ListTagsForResource");
    assert_eq!(attempts, all);
    env.proxy.clear();
    env.check("refresh failed");
    let (empty, plan) = env.wd.plan_is_empty();
    assert!(empty, "{v}: {plan}");
    env.row(
        "drop",
        "refresh: ListTags",
        "always",
        "plan failed: ListTagsForResource",
        attempts,
        t,
    );

    // The wait after an accepted DeleteStateMachine cannot read: the machine is gone, so it
    // leaves the state too (with a warning), rather than stay there as a ghost.
    let t = Instant::now();
    env.proxy.reset_calls();
    env.write(None);
    env.proxy.inject(
        "DescribeStateMachine",
        Fault::ServerError(500),
        Times::Always,
    );
    // No refresh: the refresh's own read would fail first.
    let run = env
        .wd
        .run(&["apply", "-auto-approve", "-no-color", "-refresh=false"]);
    let text = run.combined();
    assert!(run.success, "{v}: {text}");
    assert!(text.contains("SFN044 delete-unconfirmed"), "{v}: {text}");
    let attempts = env.proxy.count("DescribeStateMachine");
    assert_eq!(attempts, all);
    assert_eq!(env.proxy.count("DeleteStateMachine"), (1, 0));
    env.proxy.clear();
    assert_eq!(env.check("delete wait failed"), 0);
    env.row(
        "http-500",
        "destroy: describe",
        "always",
        "converged (SFN044 warning)",
        attempts,
        t,
    );

    // A machine of the same name and another definition exists. AWS refuses the create
    // (StateMachineAlreadyExists); moto answers with the existing machine instead. Either way
    // the provider must not claim it.
    let t = Instant::now();
    env.proxy.reset_calls();
    let foreign = env.rt.block_on(
        env.client
            .create_state_machine()
            .name("faults-taken")
            .definition(r#"{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}"#)
            .role_arn("arn:aws:iam::123456789012:role/someone-else")
            .send(),
    );
    let foreign = foreign
        .unwrap_or_else(|e| panic!("{e:?}"))
        .state_machine_arn()
        .to_string();
    env.name = "faults-taken".into();
    env.write(Some(("v1", r#"suite = "faults""#)));
    let run = env.apply();
    let text = run.combined();
    assert!(!run.success, "{v}: {text}");
    assert!(text.contains("SFN042 name-taken"), "{v}: {text}");
    assert!(env.state_machines().is_empty(), "{v}: claimed {foreign}");
    let api = env.api_machines();
    assert_eq!(api.len(), 1);
    assert_eq!(api[0].1["StartAt"], "X", "the foreign machine is untouched");
    // Once it is gone, the same configuration applies.
    env.rt
        .block_on(
            env.client
                .delete_state_machine()
                .state_machine_arn(&foreign)
                .send(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    env.wd.apply();
    assert_eq!(env.check("name freed"), 1);
    assert_eq!(env.api_result(), "v1");
    env.row(
        "(moto: create returns the existing machine)",
        "create: name taken",
        "-",
        "failed: SFN042; applies once freed",
        env.proxy.count("CreateStateMachine"),
        t,
    );
    env.rows
}

/// Whether Terraform's output has the coded diagnostic for `cause` ("Operation failed: AWS Code"):
/// `SFN05x kind: Operation[ of ARN] failed: AWS Code`.
fn names_cause(text: &str, cause: &str) -> bool {
    let Some((op, code)) = cause.split_once(" failed: ") else {
        return false;
    };
    text.lines()
        .any(|l| l.contains("SFN05") && l.contains(op) && l.contains(&format!("failed: {code}")))
}
