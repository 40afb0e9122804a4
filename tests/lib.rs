//! Harness for end-to-end tests: runs real Terraform binaries against the provider binary built
//! by cargo, loaded through `dev_overrides` in a CLI config file of the test's own.
//!
//! Terraform comes from `scripts/setup.sh` (1.0.3, in `.testinfra/bin`); a different `terraform`
//! found on PATH is tested as well. Nothing here downloads anything.

pub mod proxy;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The provider address used in test configurations.
pub const PROVIDER_SOURCE: &str = "sfn-tools/sfn";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The directory holding cargo's built binaries (`target/debug`), found from this test binary.
pub fn bin_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("SFN_BIN_DIR") {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().unwrap_or_default();
    // target/debug/deps/e2e-xxxx -> target/debug
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub fn provider_dir() -> PathBuf {
    let dir = bin_dir();
    let bin = dir.join("terraform-provider-sfn");
    assert!(
        bin.exists(),
        "{} is missing: build it first (`cargo build -p terraform-provider-sfn`, done by scripts/test.sh)",
        bin.display()
    );
    dir
}

#[derive(Debug, Clone)]
pub struct Terraform {
    pub bin: PathBuf,
    pub version: String,
}

fn version_of(bin: &Path) -> Option<String> {
    let out = Command::new(bin)
        .arg("version")
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next()?;
    first.strip_prefix("Terraform v").map(str::to_string)
}

/// Every Terraform to test against: the pinned 1.0.3 (required) and any other on PATH.
pub fn terraforms() -> Vec<Terraform> {
    let pinned = repo_root().join(".testinfra/bin/terraform");
    let mut out = Vec::new();
    match version_of(&pinned) {
        Some(version) => out.push(Terraform {
            bin: pinned,
            version,
        }),
        None => panic!(
            "Terraform is not installed at {}: run scripts/setup.sh (scripts/test.sh does)",
            pinned.display()
        ),
    }
    if let Ok(path) = std::env::var("PATH") {
        for dir in std::env::split_paths(&path) {
            let bin = dir.join("terraform");
            if let Some(version) = version_of(&bin) {
                if out.iter().all(|t| t.version != version) {
                    out.push(Terraform { bin, version });
                }
            }
        }
    }
    out
}

/// The result of one terraform command.
#[derive(Debug)]
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn combined(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

/// A Terraform working directory with its own CLI config (dev_overrides) and environment.
pub struct Workdir {
    pub dir: tempfile::TempDir,
    pub terraform: Terraform,
    env: Vec<(String, String)>,
}

impl Workdir {
    pub fn new(terraform: &Terraform) -> Workdir {
        let dir = tempfile::Builder::new()
            .prefix("sfn-e2e-")
            .tempdir()
            .unwrap_or_else(|e| panic!("tempdir: {e}"));
        let cli_config = dir.path().join("terraform.rc");
        let provider_dir = provider_dir();
        std::fs::write(
            &cli_config,
            format!(
                "provider_installation {{\n  dev_overrides {{\n    \"{PROVIDER_SOURCE}\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
                provider_dir.display()
            ),
        )
        .unwrap_or_else(|e| panic!("write cli config: {e}"));
        let env = vec![
            (
                "TF_CLI_CONFIG_FILE".to_string(),
                cli_config.display().to_string(),
            ),
            ("CHECKPOINT_DISABLE".into(), "1".into()),
            ("TF_IN_AUTOMATION".into(), "1".into()),
            ("TF_INPUT".into(), "0".into()),
            // No AWS credentials at all unless a test adds them: sfn_workflow must not need any.
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
            // As in many CI environments: the provider must not leak backtraces into diagnostics.
            ("RUST_BACKTRACE".into(), "1".into()),
        ];
        Workdir {
            dir,
            terraform: terraform.clone(),
            env,
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.into()));
    }

    /// Writes `main.tf` with the provider requirement prepended.
    pub fn config(&self, body: &str) {
        let text = format!(
            "terraform {{\n  required_providers {{\n    sfn = {{ source = \"{PROVIDER_SOURCE}\" }}\n  }}\n}}\n\n{body}"
        );
        std::fs::write(self.path().join("main.tf"), text)
            .unwrap_or_else(|e| panic!("write main.tf: {e}"));
    }

    pub fn write(&self, name: &str, content: &str) {
        std::fs::write(self.path().join(name), content)
            .unwrap_or_else(|e| panic!("write {name}: {e}"));
    }

    /// A terraform command with this directory's environment, its output going to the files
    /// `.stdout` and `.stderr` in it (not pipes, so a plugin that outlives terraform cannot
    /// hang a test).
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.terraform.bin);
        cmd.args(args).current_dir(self.path()).env_clear();
        for key in ["PATH", "HOME", "TMPDIR"] {
            if let Ok(v) = std::env::var(key) {
                cmd.env(key, v);
            }
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let open = |name: &str| {
            let p = self.path().join(name);
            std::fs::File::create(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        };
        cmd.stdout(open(".stdout"))
            .stderr(open(".stderr"))
            .stdin(std::process::Stdio::null());
        cmd
    }

    /// Starts terraform without waiting for it (`.stdout`/`.stderr` in the directory get its
    /// output); the caller waits for or kills the child.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        self.command(args)
            .spawn()
            .unwrap_or_else(|e| panic!("run {} {args:?}: {e}", self.terraform.bin.display()))
    }

    /// What a spawned terraform printed, once it has exited.
    pub fn finished(&self, status: Option<std::process::ExitStatus>) -> Run {
        let read = |name: &str| std::fs::read_to_string(self.path().join(name)).unwrap_or_default();
        let mut stderr = read(".stderr");
        if status.is_none() {
            stderr
                .push_str("\n[harness] terraform did not finish within 10 minutes and was killed");
        }
        Run {
            success: status.is_some_and(|s| s.success()),
            stdout: read(".stdout"),
            stderr,
        }
    }

    /// Runs terraform; a command running past 10 minutes is killed and reported.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut child = self.spawn(args);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(600);
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(50))
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        self.finished(status)
    }

    /// Runs a command that must succeed.
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert!(
            run.success,
            "terraform {} ({}) failed:\n{}",
            args.join(" "),
            self.terraform.version,
            run.combined()
        );
        run
    }

    pub fn apply(&self) -> Run {
        self.ok(&["apply", "-auto-approve", "-no-color"])
    }

    /// `terraform output -json NAME` parsed.
    pub fn output(&self, name: &str) -> serde_json::Value {
        let run = self.ok(&["output", "-json", name]);
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("output {name}: {e}: {}", run.stdout))
    }

    /// A plan that must fail; returns its output with colours off.
    pub fn plan_fails(&self) -> String {
        let run = self.run(&["plan", "-no-color"]);
        assert!(
            !run.success,
            "plan unexpectedly succeeded:\n{}",
            run.combined()
        );
        run.combined()
    }
}

/// A moto server on a free loopback port: the local Step Functions API. Stopped on drop.
pub struct Moto {
    pub port: u16,
    child: std::process::Child,
}

impl Moto {
    pub fn start() -> Moto {
        let bin = repo_root().join(".testinfra/venv/bin/moto_server");
        assert!(
            bin.exists(),
            "{} is missing: run scripts/setup.sh",
            bin.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("no free port: {e}"));
        let log = std::fs::File::create(std::env::temp_dir().join(format!("moto-{port}.log")))
            .unwrap_or_else(|e| panic!("moto log: {e}"));
        let child = Command::new(bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(log.try_clone().unwrap_or_else(|e| panic!("{e}")))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("start moto: {e}"));
        let moto = Moto { port, child };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "moto did not start on port {port}"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        moto
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Environment for anything that talks to this moto: dummy credentials, a region, and no
    /// instance-metadata probing.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", "testing".into()),
            ("AWS_SECRET_ACCESS_KEY", "testing".into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            ("AWS_ENDPOINT_URL_SFN", self.endpoint()),
            // moto answers STS too (assume_role, the account check of allowed_account_ids).
            ("AWS_ENDPOINT_URL_STS", self.endpoint()),
        ]
    }

    /// An SDK client on this moto, to check the API's state independently of Terraform.
    pub async fn client(&self) -> aws_sdk_sfn::Client {
        let creds =
            aws_sdk_sfn::config::Credentials::new("testing", "testing", None, None, "tests");
        let conf = aws_sdk_sfn::config::Builder::new()
            .behavior_version(aws_sdk_sfn::config::BehaviorVersion::latest())
            .region(aws_sdk_sfn::config::Region::new("us-east-1"))
            .credentials_provider(creds)
            .endpoint_url(self.endpoint())
            .build();
        aws_sdk_sfn::Client::from_conf(conf)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Workdir {
    /// Points the workdir's terraform runs (and so the provider) at a moto server.
    pub fn use_moto(&mut self, moto: &Moto) {
        for (k, v) in moto.env() {
            self.set_env(k, &v);
        }
    }

    /// `terraform plan -detailed-exitcode`: true when the plan is empty.
    pub fn plan_is_empty(&self) -> (bool, String) {
        let run = self.run(&["plan", "-no-color", "-detailed-exitcode"]);
        (run.success, run.combined())
    }
}

/// Every state machine the API lists, as (name, ARN), following pagination, in the API's order.
pub async fn api_machines(client: &aws_sdk_sfn::Client) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = client
            .list_state_machines()
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap_or_else(|e| panic!("ListStateMachines: {e:?}"));
        for m in page.state_machines() {
            out.push((m.name().to_string(), m.state_machine_arn().to_string()));
        }
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            return out;
        }
    }
}

impl Workdir {
    /// Every instance of the managed resources of `kind` in the local state file (each with its
    /// `attributes` and `status`); empty when there is no state yet.
    pub fn state_instances(&self, kind: &str) -> Vec<serde_json::Value> {
        let Ok(text) = std::fs::read_to_string(self.path().join("terraform.tfstate")) else {
            return Vec::new();
        };
        if text.is_empty() {
            return Vec::new();
        }
        let state: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("tfstate: {e}: {text}"));
        let mut out = Vec::new();
        for r in state["resources"].as_array().into_iter().flatten() {
            if r["type"] != kind || r["mode"] != "managed" {
                continue;
            }
            out.extend(r["instances"].as_array().into_iter().flatten().cloned());
        }
        out
    }
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("tokio: {e}"))
}

/// What the API has, read with the SDK: every state machine with its versions and aliases, and
/// every activity. Versions are probed (`<arn>:1`, `<arn>:2`, ...) because moto does not list them.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiMachine {
    pub arn: String,
    pub name: String,
    pub kind: String,
    pub definition: serde_json::Value,
    /// (version ARN, definition), oldest first.
    pub versions: Vec<(String, serde_json::Value)>,
    /// (alias ARN, sorted routes (version ARN, weight)).
    pub aliases: Vec<(String, Vec<(String, i32)>)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApiSnapshot {
    pub machines: Vec<ApiMachine>,
    /// (ARN, name).
    pub activities: Vec<(String, String)>,
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

pub async fn api_snapshot(client: &aws_sdk_sfn::Client) -> ApiSnapshot {
    let mut out = ApiSnapshot::default();
    for (name, arn) in api_machines(client).await {
        let d = client
            .describe_state_machine()
            .state_machine_arn(&arn)
            .send()
            .await
            .unwrap_or_else(|e| panic!("DescribeStateMachine {arn}: {e:?}"));
        let mut versions = Vec::new();
        for n in 1.. {
            let varn = format!("{arn}:{n}");
            match client
                .describe_state_machine()
                .state_machine_arn(&varn)
                .send()
                .await
            {
                Ok(v) => versions.push((varn, json(v.definition()))),
                Err(_) => break,
            }
        }
        let mut aliases = Vec::new();
        let listed = client
            .list_state_machine_aliases()
            .state_machine_arn(&arn)
            .send()
            .await
            .unwrap_or_else(|e| panic!("ListStateMachineAliases {arn}: {e:?}"));
        for a in listed.state_machine_aliases() {
            let aarn = a.state_machine_alias_arn().to_string();
            let da = client
                .describe_state_machine_alias()
                .state_machine_alias_arn(&aarn)
                .send()
                .await
                .unwrap_or_else(|e| panic!("DescribeStateMachineAlias {aarn}: {e:?}"));
            let mut routes: Vec<(String, i32)> = da
                .routing_configuration()
                .iter()
                .map(|r| (r.state_machine_version_arn().to_string(), r.weight()))
                .collect();
            routes.sort();
            aliases.push((aarn, routes));
        }
        aliases.sort();
        out.machines.push(ApiMachine {
            arn,
            name,
            kind: d.r#type().as_str().to_string(),
            definition: json(d.definition()),
            versions,
            aliases,
        });
    }
    out.machines.sort_by(|a, b| a.arn.cmp(&b.arn));
    let acts = client
        .list_activities()
        .send()
        .await
        .unwrap_or_else(|e| panic!("ListActivities: {e:?}"));
    for a in acts.activities() {
        out.activities
            .push((a.activity_arn().to_string(), a.name().to_string()));
    }
    out.activities.sort();
    out
}

impl Workdir {
    /// The attributes of every instance of `kind` in the state file.
    pub fn state_attributes(&self, kind: &str) -> Vec<serde_json::Value> {
        self.state_instances(kind)
            .into_iter()
            .map(|i| i["attributes"].clone())
            .collect()
    }

    /// The state and the API hold the same things after `step`: the same state machines with the
    /// same definitions, the same aliases with the same routes, the same activities (no orphan,
    /// no ghost, nothing tainted); every version a machine records exists. With `settled`, each
    /// recorded version also holds its machine's current definition, and each alias routes to
    /// versions that exist.
    pub fn assert_matches_api(&self, api: &ApiSnapshot, step: &str, settled: bool) {
        let v = &self.terraform.version;
        for kind in ["sfn_state_machine", "sfn_alias", "sfn_activity"] {
            for i in self.state_instances(kind) {
                assert!(
                    i["status"].is_null() || i["status"] == "",
                    "{step} ({v}): {kind} is {} in state",
                    i["status"]
                );
            }
        }
        let machines = self.state_attributes("sfn_state_machine");
        let mut state_arns: Vec<String> = machines
            .iter()
            .map(|m| m["arn"].as_str().unwrap_or_default().to_string())
            .collect();
        state_arns.sort();
        let api_arns: Vec<String> = api.machines.iter().map(|m| m.arn.clone()).collect();
        assert_eq!(
            api_arns, state_arns,
            "{step} ({v}): the API's state machines and the state's differ"
        );
        for m in &machines {
            let arn = m["arn"].as_str().unwrap_or_default();
            let Some(remote) = api.machines.iter().find(|r| r.arn == arn) else {
                continue;
            };
            assert_eq!(
                json(m["definition"].as_str().unwrap_or("null")),
                remote.definition,
                "{step} ({v}): definition of {arn}"
            );
            if let Some(version) = m["state_machine_version_arn"].as_str() {
                let held = remote.versions.iter().find(|(a, _)| a == version);
                assert!(
                    held.is_some(),
                    "{step} ({v}): {arn} records version {version}, which does not exist: {:?}",
                    remote.versions
                );
                if settled && m["publish"] == true {
                    assert_eq!(held.map(|h| &h.1), Some(&remote.definition), "{step} ({v}): the recorded version {version} does not hold the current definition");
                }
            }
        }
        let mut state_aliases: Vec<(String, Vec<(String, i32)>)> = self
            .state_attributes("sfn_alias")
            .iter()
            .map(|a| {
                let mut routes: Vec<(String, i32)> = a["routing_configuration"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|r| {
                        (
                            r["state_machine_version_arn"]
                                .as_str()
                                .unwrap_or_default()
                                .to_string(),
                            r["weight"].as_i64().unwrap_or(-1) as i32,
                        )
                    })
                    .collect();
                routes.sort();
                (a["arn"].as_str().unwrap_or_default().to_string(), routes)
            })
            .collect();
        state_aliases.sort();
        let mut api_aliases: Vec<(String, Vec<(String, i32)>)> = api
            .machines
            .iter()
            .flat_map(|m| m.aliases.clone())
            .collect();
        api_aliases.sort();
        assert_eq!(
            api_aliases, state_aliases,
            "{step} ({v}): the API's aliases and the state's differ"
        );
        if settled {
            for (alias, routes) in &api_aliases {
                for (version, _) in routes {
                    assert!(
                        api.machines
                            .iter()
                            .any(|m| m.versions.iter().any(|(a, _)| a == version)),
                        "{step} ({v}): {alias} routes to {version}, which does not exist"
                    );
                }
            }
        }
        let mut state_acts: Vec<String> = self
            .state_attributes("sfn_activity")
            .iter()
            .map(|a| a["arn"].as_str().unwrap_or_default().to_string())
            .collect();
        state_acts.sort();
        let api_acts: Vec<String> = api.activities.iter().map(|a| a.0.clone()).collect();
        assert_eq!(
            api_acts, state_acts,
            "{step} ({v}): the API's activities and the state's differ"
        );
    }
}
