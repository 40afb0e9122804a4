//! Versions, aliases and ownership through real Terraform (every version `terraforms()` finds)
//! against moto, with the fault-injecting proxy where a fault is needed. After every step the
//! API's machines, versions, aliases and activities are checked against Terraform's state
//! (`Workdir::assert_matches_api`).
//!
//! Not reproducible here, covered against the in-process fake (`provider/src/resources/tests/`):
//! AWS's idempotent replay of CreateStateMachine with its original `creationDate` while the
//! name's machine is checked concurrently (moto answers any create of a taken name with the
//! existing machine, which these tests use; the sub-second race is not), revision ids (moto has
//! none), ListStateMachineVersions (moto answers 500: the provider probes versions), DELETING.

use std::time::Duration;

use sfn_tests::proxy::{Fault, Proxy, Times};
use sfn_tests::{api_snapshot, runtime, terraforms, ApiSnapshot, Moto, Run, Terraform, Workdir};

const ROLE: &str = "arn:aws:iam::123456789012:role/lifecycle-sfn";

/// One Terraform working directory behind a proxy in front of its own moto.
struct Lab {
    rt: tokio::runtime::Runtime,
    moto: Moto,
    proxy: Proxy,
    wd: Workdir,
    client: aws_sdk_sfn::Client,
    provider: String,
}

impl Lab {
    fn new(tf: &Terraform, provider: &str) -> Lab {
        let rt = runtime();
        let moto = Moto::start();
        let proxy = Proxy::start(moto.port);
        let mut wd = Workdir::new(tf);
        wd.use_moto(&moto);
        let client = rt.block_on(moto.client());
        Lab {
            rt,
            moto,
            proxy,
            wd,
            client,
            provider: provider.to_string(),
        }
    }

    /// A second working directory on the same moto, with a proxy of its own.
    fn sibling(&self) -> (Workdir, Proxy) {
        let proxy = Proxy::start(self.moto.port);
        let mut wd = Workdir::new(&self.wd.terraform);
        wd.use_moto(&self.moto);
        (wd, proxy)
    }

    fn body(&self, proxy: &Proxy, body: &str) -> String {
        format!(
            "provider \"sfn\" {{\n  endpoint = \"{}\"\n{}\n}}\n{body}",
            proxy.endpoint(),
            self.provider
        )
    }

    fn write(&self, body: &str) {
        self.wd.config(&self.body(&self.proxy, body));
    }

    fn v(&self) -> &str {
        &self.wd.terraform.version
    }

    fn apply(&self) -> Run {
        self.wd.run(&["apply", "-auto-approve", "-no-color"])
    }

    fn applied(&self, step: &str) -> Run {
        let run = self.apply();
        assert!(
            run.success,
            "{step} ({}): apply failed:\n{}",
            self.v(),
            run.combined()
        );
        run
    }

    fn plan_empty(&self, step: &str) {
        let (empty, out) = self.wd.plan_is_empty();
        assert!(
            empty,
            "{step} ({}): the plan is not empty:\n{out}",
            self.v()
        );
    }

    fn api(&self) -> ApiSnapshot {
        assert!(
            self.proxy.wait_idle(Duration::from_secs(60)),
            "requests still in flight"
        );
        self.rt.block_on(api_snapshot(&self.client))
    }

    fn check(&self, step: &str, settled: bool) -> ApiSnapshot {
        let api = self.api();
        self.wd.assert_matches_api(&api, step, settled);
        api
    }

    /// Destroys everything; the API is empty afterwards.
    fn destroyed(&self) {
        self.wd.ok(&["destroy", "-auto-approve", "-no-color"]);
        assert_eq!(self.check("destroyed", true), ApiSnapshot::default());
    }

    fn state(&self, kind: &str, attr: &str) -> String {
        let all = self.wd.state_attributes(kind);
        assert_eq!(all.len(), 1, "{kind}: {all:?}");
        all[0][attr].as_str().unwrap_or_default().to_string()
    }
}

/// Runs `test` with every Terraform at once (each has its own moto and proxy).
fn each_terraform(test: fn(&Terraform)) {
    std::thread::scope(|scope| {
        let runs: Vec<_> = terraforms()
            .into_iter()
            .map(|tf| scope.spawn(move || test(&tf)))
            .collect();
        for r in runs {
            r.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        }
    });
}

fn machine(name: &str, result: &str, extra: &str) -> String {
    format!(
        r#"
resource "sfn_state_machine" "m" {{
  name       = "{name}"
  definition = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Pass", Result = "{result}", End = true }} }} }})
  role_arn   = "{ROLE}"
{extra}
}}
"#
    )
}

const ALIAS: &str = r#"
resource "sfn_alias" "prod" {
  name = "prod"
  routing_configuration {
    state_machine_version_arn = sfn_state_machine.m.state_machine_version_arn
    weight                    = 100
  }
}
"#;

/// The definition's `Result` of a version or machine.
fn result(def: &serde_json::Value) -> &str {
    def["States"]["A"]["Result"].as_str().unwrap_or_default()
}

/// Finding 1: an UpdateStateMachine with `publish` whose every attempt outlasts
/// `attempt_timeout` fails the apply, and AWS applies it later. The refresh then records the
/// version holding the new definition, and the next apply moves the alias to it.
#[test]
fn a_lost_publishing_update_moves_the_alias_on_the_next_apply() {
    each_terraform(|tf| {
        let lab = Lab::new(tf, "  attempt_timeout = \"1s\"\n  max_retries     = 2");
        lab.write(&format!(
            "{}{ALIAS}",
            machine("lost-publish", "v1", "  publish = true")
        ));
        lab.applied("create");
        let api = lab.check("create", true);
        let v1 = api.machines[0].versions[0].0.clone();
        assert_eq!(api.machines[0].aliases[0].1, vec![(v1.clone(), 100)]);

        lab.write(&format!(
            "{}{ALIAS}",
            machine("lost-publish", "v2", "  publish = true")
        ));
        lab.proxy.inject(
            "UpdateStateMachine",
            Fault::Slow(Duration::from_secs(4)),
            Times::Always,
        );
        let run = lab.apply();
        assert!(
            !run.success,
            "{}: every attempt timed out:\n{}",
            lab.v(),
            run.combined()
        );
        assert!(
            run.combined()
                .contains("UpdateStateMachine failed: AWS TimeoutError"),
            "{}",
            run.combined()
        );
        lab.proxy.clear();
        // The abandoned attempts land now: each publishes a version with v2 (moto publishes on
        // every publishing update).
        let api = lab.api();
        assert_eq!(result(&api.machines[0].definition), "v2");
        assert!(
            api.machines[0].versions.len() >= 2,
            "{:?}",
            api.machines[0].versions
        );

        // The refresh catches up: the newest version holding v2 is recorded.
        lab.wd
            .ok(&["apply", "-refresh-only", "-auto-approve", "-no-color"]);
        let api = lab.check("refreshed", true);
        let newest = api.machines[0]
            .versions
            .last()
            .map(|v| v.0.clone())
            .unwrap_or_default();
        assert_eq!(
            lab.state("sfn_state_machine", "state_machine_version_arn"),
            newest
        );
        assert_eq!(
            api.machines[0].aliases[0].1,
            vec![(v1.clone(), 100)],
            "not moved yet"
        );
        // The next plan moves the alias, and nothing else.
        let plan = lab.wd.run(&["plan", "-no-color", "-detailed-exitcode"]);
        let out = plan.combined();
        assert!(
            out.contains("sfn_alias.prod will be updated in-place"),
            "{}: {out}",
            lab.v()
        );
        assert!(
            !out.contains("sfn_state_machine.m will be"),
            "{}: {out}",
            lab.v()
        );
        lab.applied("alias follows");
        let api = lab.check("alias follows", true);
        assert_eq!(api.machines[0].aliases[0].1, vec![(newest.clone(), 100)]);
        let held = api.machines[0]
            .versions
            .iter()
            .find(|v| v.0 == newest)
            .map(|v| result(&v.1));
        assert_eq!(held, Some("v2"));
        lab.plan_empty("after the alias moved");

        // Every answer lost, every attempt applied: the provider sees the update applied, records
        // the newest version holding v3 and the alias follows it in the same apply.
        lab.write(&format!(
            "{}{ALIAS}",
            machine("lost-publish", "v3", "  publish = true")
        ));
        lab.proxy
            .inject("UpdateStateMachine", Fault::LoseResponse, Times::Always);
        let run = lab.applied("lost answers");
        assert!(
            run.combined().contains("SFN043 update-answer-lost"),
            "{}: {}",
            lab.v(),
            run.combined()
        );
        lab.proxy.clear();
        let api = lab.check("lost answers", true);
        let newest = api.machines[0]
            .versions
            .last()
            .map(|v| v.0.clone())
            .unwrap_or_default();
        assert_eq!(api.machines[0].aliases[0].1, vec![(newest.clone(), 100)]);
        let held = api.machines[0]
            .versions
            .iter()
            .find(|v| v.0 == newest)
            .map(|v| result(&v.1));
        assert_eq!(held, Some("v3"));
        lab.plan_empty("after the lost answers");
        lab.destroyed();
    });
}

/// Finding 2: renaming a machine that has an alias replaces the alias with it, in one apply.
#[test]
fn renaming_a_machine_replaces_its_aliases_in_the_same_apply() {
    each_terraform(|tf| {
        let lab = Lab::new(tf, "");
        lab.write(&format!(
            "{}{ALIAS}",
            machine("rename-a", "v1", "  publish = true")
        ));
        lab.applied("create");
        lab.check("create", true);
        lab.write(&format!(
            "{}{ALIAS}",
            machine("rename-b", "v1", "  publish = true")
        ));
        let plan = lab.wd.ok(&["plan", "-no-color"]).combined();
        assert!(
            plan.contains("sfn_alias.prod must be replaced"),
            "{}: {plan}",
            lab.v()
        );
        assert!(
            plan.contains("sfn_state_machine.m must be replaced"),
            "{}: {plan}",
            lab.v()
        );
        lab.applied("rename");
        let api = lab.check("rename", true);
        assert_eq!(api.machines.len(), 1);
        assert_eq!(api.machines[0].name, "rename-b");
        let (alias, routes) = &api.machines[0].aliases[0];
        assert!(alias.ends_with(":stateMachine:rename-b:prod"), "{alias}");
        assert_eq!(routes, &vec![(format!("{}:1", api.machines[0].arn), 100)]);
        lab.plan_empty("after the rename");
        lab.destroyed();
    });
}

/// Finding 3: turning `publish` on without changing the definition publishes a version, and an
/// alias added in the same apply routes to it.
#[test]
fn turning_publish_on_publishes_and_an_alias_added_with_it_follows() {
    each_terraform(|tf| {
        let lab = Lab::new(tf, "");
        lab.write(&machine("publish-on", "v1", ""));
        lab.applied("create unpublished");
        let api = lab.check("create unpublished", true);
        assert!(api.machines[0].versions.is_empty());
        lab.write(&format!(
            "{}{ALIAS}",
            machine(
                "publish-on",
                "v1",
                "  publish = true\n  version_description = \"first\""
            )
        ));
        lab.applied("publish on");
        let api = lab.check("publish on", true);
        let m = &api.machines[0];
        assert_eq!(m.versions.len(), 1, "{:?}", m.versions);
        assert_eq!(result(&m.versions[0].1), "v1");
        assert_eq!(m.aliases[0].1, vec![(m.versions[0].0.clone(), 100)]);
        lab.plan_empty("after publishing");
        lab.destroyed();
    });
}

/// Finding 4: a second working directory applying the same configuration never records the
/// first one's machine (and so never destroys it): the machine is found before creating, or, when
/// that check is defeated, told apart by its creation date or its tags.
#[test]
fn a_second_configuration_never_owns_the_first_ones_machine() {
    each_terraform(|tf| {
        let lab = Lab::new(tf, "  max_retries = 3");
        let config = machine("shared", "v1", "  tags = { owner = \"a\" }");
        lab.write(&config);
        lab.applied("first");
        let first = lab.check("first", true);
        let (other, other_proxy) = lab.sibling();

        // The same configuration.
        other.config(&lab.body(&other_proxy, &config));
        let run = other.run(&["apply", "-auto-approve", "-no-color"]);
        let text = run.combined();
        assert!(!run.success, "{}: {text}", lab.v());
        assert!(text.contains("SFN042 name-taken: a state machine named \"shared\" already exists and is not this configuration's"), "{}: {text}", lab.v());
        assert!(
            text.contains("it existed before this create began"),
            "{text}"
        );
        assert!(
            other.state_instances("sfn_state_machine").is_empty(),
            "{}: claimed",
            lab.v()
        );
        assert_eq!(
            other_proxy.count("CreateStateMachine").0,
            0,
            "found before creating"
        );

        // The check before creating is throttled away: CreateStateMachine answers with the
        // existing machine (AWS's idempotent replay), created seconds before this create.
        std::thread::sleep(Duration::from_millis(1500));
        other_proxy.inject("DescribeStateMachine", Fault::Throttle, Times::First(3));
        let run = other.run(&["apply", "-auto-approve", "-no-color"]);
        let text = run.combined();
        assert!(!run.success, "{}: {text}", lab.v());
        assert!(text.contains("SFN042 name-taken"), "{text}");
        assert!(
            text.contains("before this create began"),
            "{}: {text}",
            lab.v()
        );
        assert_eq!(other_proxy.count("CreateStateMachine").0, 1);
        assert!(other.state_instances("sfn_state_machine").is_empty());

        // Again with other tags, at once: the tags tell it apart.
        other_proxy.clear();
        other_proxy.inject("DescribeStateMachine", Fault::Throttle, Times::First(3));
        other.config(&lab.body(
            &other_proxy,
            &machine("shared", "v1", "  tags = { owner = \"b\" }"),
        ));
        let run = other.run(&["apply", "-auto-approve", "-no-color"]);
        let text = run.combined();
        assert!(!run.success, "{}: {text}", lab.v());
        assert!(
            text.contains("its tags are owner=a (this create asked for owner=b)"),
            "{}: {text}",
            lab.v()
        );
        assert!(other.state_instances("sfn_state_machine").is_empty());

        // Destroying the second directory leaves the first one's machine alone.
        other.ok(&["destroy", "-auto-approve", "-no-color"]);
        assert_eq!(lab.check("second destroyed", true), first);
        lab.plan_empty("first unchanged");
        lab.destroyed();
    });
}

const ACTIVITY: &str = r#"
resource "sfn_activity" "review" {
  name = "review"
  tags = { team = "ops" }
}
"#;

/// Finding 5: a CreateActivity whose answer is lost (moto answers the retry with
/// ActivityAlreadyExists) records the activity it made; KMS errors while a key propagates are
/// retried within the resource timeout.
#[test]
fn activities_survive_lost_answers_and_kms_propagation() {
    each_terraform(|tf| {
        let lab = Lab::new(tf, "  max_retries = 3");
        lab.write(ACTIVITY);
        lab.proxy
            .inject("CreateActivity", Fault::LoseResponse, Times::First(1));
        let run = lab.applied("lost create");
        assert!(
            run.combined().contains("SFN041 create-answer-lost"),
            "{}: {}",
            lab.v(),
            run.combined()
        );
        let api = lab.check("lost create", true);
        assert_eq!(api.activities.len(), 1);
        lab.plan_empty("after the lost create");
        lab.applied("next apply");
        lab.check("next apply", true);

        // KMS answers throttling, then access denied, while the key's grant propagates.
        lab.wd.ok(&["destroy", "-auto-approve", "-no-color"]);
        lab.proxy.reset_calls();
        lab.proxy.inject(
            "CreateActivity",
            Fault::error(400, "KmsThrottlingException", "Rate exceeded"),
            Times::First(1),
        );
        lab.proxy.inject(
            "CreateActivity",
            Fault::error(
                400,
                "KmsAccessDeniedException",
                "The grant has not propagated",
            ),
            Times::First(1),
        );
        lab.applied("kms propagation");
        let attempts = lab.proxy.count("CreateActivity");
        assert_eq!(attempts, (3, 2), "{}: {:?}", lab.v(), lab.proxy.calls());
        lab.check("kms propagation", true);
        lab.plan_empty("after kms propagation");
        lab.destroyed();
    });
}

/// Findings 6 to 8: the propagation retry uses the time left; the tag limit applies to the merged
/// set; missing credentials say so; enum values take any letter case.
#[test]
fn deadlines_tag_limits_credentials_and_letter_case() {
    each_terraform(|tf| {
        let lab = Lab::new(
            tf,
            "  default_tags = { for i in range(30) : \"default${i}\" => \"v\" }",
        );
        // 30 default_tags and 25 tags: refused at plan, nothing created.
        lab.write(&machine(
            "tags",
            "v1",
            "  tags = { for i in range(25) : \"own${i}\" => \"v\" }",
        ));
        let out = lab.wd.plan_fails();
        assert!(out.contains("SFN050 invalid-tag: 55 tags (25 in tags, 30 more from the provider's default_tags)"), "{}: {out}", lab.v());
        assert_eq!(lab.proxy.count("*").0, 0);

        // A role that never becomes assumable: retried until the timeout, using the time left.
        lab.write(&machine(
            "deadline",
            "v1",
            "  timeouts {\n    create = \"6s\"\n  }",
        ));
        lab.proxy.inject(
            "CreateStateMachine",
            Fault::error(400, "AccessDeniedException", "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role."),
            Times::Always,
        );
        let run = lab.apply();
        let text = run.combined();
        assert!(!run.success);
        // Terraform wraps the detail: join its lines.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let secs: u64 = flat
            .split(" attempts over ")
            .nth(1)
            .and_then(|r| r.split('s').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{}: no duration in {text}", lab.v()));
        assert!(
            (5..=7).contains(&secs),
            "{}: gave up after {secs}s of a 6s timeout:\n{text}",
            lab.v()
        );
        lab.proxy.clear();
        lab.check("deadline", true);

        // A warning of the offline validation is printed once per plan (Terraform validates the
        // configuration twice per plan and plans it once).
        lab.wd.config(&lab.body(&lab.proxy, &format!(
            "resource \"sfn_state_machine\" \"warned\" {{\n  name = \"warned\"\n  role_arn = \"{ROLE}\"\n  definition = jsonencode({{ StartAt = \"A\", States = {{ A = {{ Type = \"Task\", Resource = \"arn:aws:states:::lambda:invoke\", Parameters = {{ FunctionName = \"f\" }}, End = true, Retry = [{{ ErrorEquals = [\"Lambda.ServiceException\", \"Lambda.TooManyRequestsException\"] }}, {{ ErrorEquals = [\"Lambda.TooManyRequestsException\"] }}] }} }} }})\n}}\n"
        )));
        let plan = lab.wd.ok(&["plan", "-no-color"]).combined();
        assert_eq!(
            plan.matches("Warning: ASL303 duplicate-error-matcher")
                .count(),
            1,
            "{}: {plan}",
            lab.v()
        );
        assert!(
            !plan.contains("similar warning"),
            "{}: printed more than once:\n{plan}",
            lab.v()
        );

        // And once per apply, which plans again before it applies.
        let apply = lab.applied("warned").combined();
        assert_eq!(
            apply
                .matches("Warning: ASL303 duplicate-error-matcher")
                .count(),
            1,
            "{}: {apply}",
            lab.v()
        );
        lab.check("warned", true);
        lab.wd.ok(&["destroy", "-auto-approve", "-no-color"]);

        // type = "express" (and a lower-case log level): accepted, sent upper-case, no diff.
        lab.write(&machine(
            "express",
            "v1",
            "  type = \"express\"\n  logging_configuration {\n    level = \"off\"\n  }",
        ));
        lab.applied("express");
        let api = lab.check("express", true);
        assert_eq!(api.machines[0].kind, "EXPRESS");
        lab.plan_empty("express");
        lab.wd.ok(&["destroy", "-auto-approve", "-no-color"]);

        // No credentials anywhere: said so, with where the chain looked.
        let mut bare = Workdir::new(tf);
        for (k, v) in [
            ("AWS_ENDPOINT_URL_SFN", lab.moto.endpoint()),
            ("AWS_REGION", "us-east-1".to_string()),
            ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/credentials".to_string(),
            ),
            ("AWS_CONFIG_FILE", "/nonexistent/config".to_string()),
        ] {
            bare.set_env(k, &v);
        }
        bare.config(&format!(
            "provider \"sfn\" {{}}\n{}",
            machine("nocreds", "v1", "")
        ));
        let run = bare.run(&["apply", "-auto-approve", "-no-color"]);
        let text = run.combined();
        assert!(!run.success);
        assert!(
            text.contains(
                "SFN061 no-credentials: CreateStateMachine failed: no AWS credentials were found"
            ) || text.contains("SFN061 no-credentials: DescribeStateMachine"),
            "{}: {text}",
            lab.v()
        );
        assert!(text.contains("AWS_ACCESS_KEY_ID"), "{text}");
        assert!(
            !text.contains("SFN055"),
            "not reported as a network error: {text}"
        );
    });
}

/// The data sources a module needs to route aliases (versions, an alias by exact name, an
/// activity by name or ARN), and the account check before any call.
#[test]
fn data_sources_route_aliases_and_the_account_is_checked_first() {
    each_terraform(|tf| {
        let lab = Lab::new(tf, "");
        let with = |result: &str, extra: &str| {
            format!(
                "{}{ALIAS}\nresource \"sfn_alias\" \"preprod\" {{\n  name = \"preprod\"\n  routing_configuration {{\n    state_machine_version_arn = sfn_state_machine.m.state_machine_version_arn\n    weight = 100\n  }}\n}}\n{ACTIVITY}{extra}",
                machine("routed", result, "  publish = true")
            )
        };
        for r in ["v1", "v2", "v3"] {
            lab.write(&with(r, ""));
            lab.applied(r);
            lab.check(r, true);
        }
        let lookups = r#"
data "sfn_state_machine_versions" "m" {
  state_machine_arn = sfn_state_machine.m.arn
}
resource "sfn_alias" "previous" {
  name = "previous"
  routing_configuration {
    state_machine_version_arn = data.sfn_state_machine_versions.m.versions[1].arn
    weight                    = 100
  }
}
data "sfn_alias" "prod" {
  state_machine_arn = sfn_state_machine.m.arn
  name              = sfn_alias.prod.name
}
data "sfn_activity" "by_name" {
  name = sfn_activity.review.name
}
data "sfn_activity" "by_arn" {
  arn = sfn_activity.review.arn
}
output "versions" { value = [for v in data.sfn_state_machine_versions.m.versions : v.version] }
output "prod" { value = data.sfn_alias.prod.arn }
output "prod_routes" { value = data.sfn_alias.prod.routing_configuration }
output "activity" { value = [data.sfn_activity.by_name.arn, data.sfn_activity.by_arn.name] }
"#;
        lab.write(&with("v3", lookups));
        lab.applied("lookups");
        let api = lab.check("lookups", true);
        let m = &api.machines[0];
        assert_eq!(lab.wd.output("versions"), serde_json::json!([3, 2, 1]));
        let previous = m
            .aliases
            .iter()
            .find(|(a, _)| a.ends_with(":previous"))
            .map(|a| a.1.clone());
        assert_eq!(previous, Some(vec![(format!("{}:2", m.arn), 100)]));
        assert_eq!(
            lab.wd.output("prod"),
            serde_json::json!(format!("{}:prod", m.arn))
        );
        assert_eq!(
            lab.wd.output("prod_routes"),
            serde_json::json!([{ "state_machine_version_arn": format!("{}:3", m.arn), "weight": 100 }])
        );
        let activity = &api.activities[0];
        assert_eq!(
            lab.wd.output("activity"),
            serde_json::json!([activity.0, "review"])
        );
        lab.plan_empty("lookups");
        // Exact names only: "pro" is neither "prod" nor "preprod".
        lab.write(&with("v3", &format!("{lookups}\ndata \"sfn_alias\" \"pro\" {{\n  state_machine_arn = sfn_state_machine.m.arn\n  name = \"pro\"\n}}\n")));
        let out = lab.wd.plan_fails();
        assert!(out.contains("SFN065 alias-not-found"), "{}: {out}", lab.v());
        lab.write(&with("v3", lookups));

        // The account is checked before any Step Functions call: a plan against the wrong
        // account reads nothing.
        for (setting, fails) in [
            ("allowed_account_ids = [\"111111111111\"]", true),
            ("forbidden_account_ids = [\"123456789012\"]", true),
            ("allowed_account_ids = [\"123456789012\"]", false),
        ] {
            let mut checked = Workdir::new(tf);
            checked.use_moto(&lab.moto);
            checked.config(&lab.body(&lab.proxy, &with("v3", "")).replacen(
                "provider \"sfn\" {\n",
                &format!("provider \"sfn\" {{\n  {setting}\n"),
                1,
            ));
            // The first directory's state: the same machines.
            std::fs::copy(
                lab.wd.path().join("terraform.tfstate"),
                checked.path().join("terraform.tfstate"),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            lab.proxy.reset_calls();
            let run = checked.run(&["plan", "-no-color"]);
            let text = run.combined();
            if fails {
                assert!(!run.success, "{setting}: {text}");
                assert!(text.contains("SFN062 account-not-allowed: the credentials belong to AWS account 123456789012"), "{}: {text}", lab.v());
                assert_eq!(
                    lab.proxy.count("*").0,
                    0,
                    "{setting}: {:?}",
                    lab.proxy.calls()
                );
            } else {
                assert!(run.success, "{setting}: {text}");
                assert!(lab.proxy.count("DescribeStateMachine").0 > 0);
            }
        }
        lab.destroyed();
    });
}
