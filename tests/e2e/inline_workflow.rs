//! `sfn_state_machine.workflow` keeps every guarantee of `definition`, through real Terraform on
//! both versions against the local API: create, an update in place whose new definition is shown
//! at plan, a version published and an alias following it in the same apply, drift found and
//! repaired, and import (the plan then shows no definition change).

use sfn_tests::{runtime, terraforms, Moto, Workdir};

const CONFIG: &str = r#"
variable "wait" {
  type    = number
  default = 5
}

resource "sfn_state_machine" "m" {
  name     = "inline-lc"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  publish  = true

  workflow {
    comment  = "inline lifecycle"
    start_at = "W"

    wait "W" {
      seconds = var.wait
      next    = "Done"
    }

    succeed "Done" {}
  }
}

resource "sfn_alias" "live" {
  name = "live"
  routing_configuration {
    state_machine_version_arn = sfn_state_machine.m.state_machine_version_arn
    weight                    = 100
  }
}
"#;

#[test]
fn inline_workflow_creates_updates_publishes_follows_drifts_and_imports() {
    let rt = runtime();
    for tf in terraforms() {
        let moto = Moto::start();
        let mut wd = Workdir::new(&tf);
        wd.use_moto(&moto);
        wd.config(CONFIG);
        let client = rt.block_on(moto.client());
        let machine = || {
            let snap = rt.block_on(sfn_tests::api_snapshot(&client));
            assert_eq!(snap.machines.len(), 1, "{snap:?}");
            snap.machines[0].clone()
        };

        wd.apply();
        let m = machine();
        assert_eq!(m.definition["States"]["W"]["Seconds"], 5);
        assert_eq!(m.definition["Comment"], "inline lifecycle");
        assert_eq!(m.versions.len(), 1);
        assert_eq!(m.aliases[0].1, vec![(format!("{}:1", m.arn), 100)]);
        let (empty, out) = wd.plan_is_empty();
        assert!(empty, "{}: after create:\n{out}", tf.version);

        // An input changes: the plan shows the new definition (known at plan), the apply
        // updates in place, publishes version 2 and the alias follows in the same apply.
        let plan = wd.ok(&["plan", "-no-color", "-var", "wait=10"]);
        let out = plan.combined();
        assert!(out.contains("0 to add, 2 to change, 0 to destroy"), "{out}");
        assert!(out.contains("Seconds = 5 -> 10"), "{out}");
        wd.ok(&["apply", "-auto-approve", "-no-color", "-var", "wait=10"]);
        let m = machine();
        assert_eq!(m.definition["States"]["W"]["Seconds"], 10);
        assert_eq!(m.versions.len(), 2);
        assert_eq!(m.aliases[0].1, vec![(format!("{}:2", m.arn), 100)]);
        let run = wd.run(&["plan", "-no-color", "-detailed-exitcode", "-var", "wait=10"]);
        assert!(
            run.success,
            "{}: after update:\n{}",
            tf.version,
            run.combined()
        );

        // Drift: someone changes the definition outside Terraform; the plan finds it and the
        // apply puts the workflow's definition back.
        let drifted = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":99,"End":true}}}"#;
        rt.block_on(
            client
                .update_state_machine()
                .state_machine_arn(&m.arn)
                .definition(drifted)
                .send(),
        )
        .unwrap_or_else(|e| panic!("UpdateStateMachine: {e:?}"));
        let run = wd.run(&["plan", "-no-color", "-detailed-exitcode", "-var", "wait=10"]);
        assert!(!run.success, "drift must show: {}", run.combined());
        assert!(run.combined().contains("Seconds"), "{}", run.combined());
        wd.ok(&["apply", "-auto-approve", "-no-color", "-var", "wait=10"]);
        assert_eq!(machine().definition["States"]["W"]["Seconds"], 10);

        // Import: the machine's definition is the workflow's, so the plan shows no definition
        // change, and after the apply the plan is empty.
        wd.ok(&["state", "rm", "-no-color", "sfn_state_machine.m"]);
        wd.ok(&[
            "import",
            "-no-color",
            "-var",
            "wait=10",
            "sfn_state_machine.m",
            &m.arn,
        ]);
        let plan = wd.ok(&["plan", "-no-color", "-var", "wait=10"]);
        let out = plan.combined();
        assert!(
            !out.lines()
                .any(|l| l.trim_start().starts_with("~ definition")),
            "{}: {out}",
            tf.version
        );
        wd.ok(&["apply", "-auto-approve", "-no-color", "-var", "wait=10"]);
        let run = wd.run(&["plan", "-no-color", "-detailed-exitcode", "-var", "wait=10"]);
        assert!(
            run.success,
            "{}: after import:\n{}",
            tf.version,
            run.combined()
        );
        assert_eq!(machine().definition["States"]["W"]["Seconds"], 10);

        wd.ok(&["destroy", "-auto-approve", "-no-color", "-var", "wait=10"]);
        assert!(rt.block_on(sfn_tests::api_machines(&client)).is_empty());
    }
}
