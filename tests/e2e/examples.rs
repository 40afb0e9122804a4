//! The registry examples under `examples/provider`, `examples/resources` and
//! `examples/data-sources` are real configurations: together they apply against the local API
//! (the provider example's `allowed_account_ids` checked through moto's STS), plan empty
//! afterwards, and destroy cleanly.

use sfn_tests::{repo_root, runtime, terraforms, Moto, Workdir};

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo_root().join("examples").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn registry_examples_apply_plan_empty_and_destroy() {
    let rt = runtime();
    for tf in terraforms() {
        let moto = Moto::start();
        let mut wd = Workdir::new(&tf);
        wd.use_moto(&moto);
        let mut text = String::new();
        for rel in [
            "provider/provider.tf",
            "resources/sfn_state_machine/resource.tf",
            "resources/sfn_alias/resource.tf",
            "resources/sfn_activity/resource.tf",
            "data-sources/sfn_workflow/data-source.tf",
        ] {
            text.push_str(&read(rel));
            text.push('\n');
        }
        wd.write("main.tf", &text);
        wd.apply();
        let (empty, out) = wd.plan_is_empty();
        assert!(
            empty,
            "{}: plan after applying the examples:\n{out}",
            tf.version
        );

        // The data source examples look up what the resource examples created (and route a
        // "previous" alias with the versions data source).
        let mut lookup = text.clone();
        for rel in [
            "data-sources/sfn_state_machine/data-source.tf",
            "data-sources/sfn_alias/data-source.tf",
            "data-sources/sfn_activity/data-source.tf",
            "data-sources/sfn_state_machine_versions/data-source.tf",
        ] {
            lookup.push_str(&read(rel));
            lookup.push('\n');
        }
        wd.write("main.tf", &lookup);
        wd.apply();
        let arn = wd.output("orders_arn");
        assert!(
            arn.as_str()
                .is_some_and(|a| a.ends_with(":stateMachine:orders")),
            "{arn}"
        );
        let arn = arn.as_str().unwrap_or_default().to_string();
        assert_eq!(
            wd.output("prod_alias_arn"),
            serde_json::json!(format!("{arn}:prod"))
        );
        assert_eq!(
            wd.output("prod_routes"),
            serde_json::json!([{ "state_machine_version_arn": format!("{arn}:1"), "weight": 100 }])
        );
        assert!(wd
            .output("review_activity_arn")
            .as_str()
            .is_some_and(|a| a.ends_with(":activity:manual-review")));
        assert_eq!(
            wd.output("orders_versions"),
            serde_json::json!([{ "version": 1, "description": null }])
        );
        let client = rt.block_on(moto.client());
        let snapshot = rt.block_on(sfn_tests::api_snapshot(&client));
        wd.assert_matches_api(&snapshot, "data source examples", true);
        let aliases: Vec<&str> = snapshot.machines[0]
            .aliases
            .iter()
            .map(|a| a.0.as_str())
            .collect();
        assert_eq!(aliases, [format!("{arn}:previous"), format!("{arn}:prod")]);
        let (empty, out) = wd.plan_is_empty();
        assert!(
            empty,
            "{}: plan after the data source examples:\n{out}",
            tf.version
        );

        wd.ok(&["destroy", "-auto-approve", "-no-color"]);
        let left = rt
            .block_on(client.list_state_machines().send())
            .map(|o| o.state_machines().len())
            .unwrap_or(usize::MAX);
        assert_eq!(left, 0, "{}: machines left after destroy", tf.version);
        let activities = rt
            .block_on(client.list_activities().send())
            .map(|o| o.activities().len())
            .unwrap_or(usize::MAX);
        assert_eq!(
            activities, 0,
            "{}: activities left after destroy",
            tf.version
        );
    }
}

#[test]
fn canary_example_publishes_and_shifts_the_alias_by_weight() {
    let rt = runtime();
    let text = read("canary/main.tf");
    for tf in terraforms() {
        let moto = Moto::start();
        let client = rt.block_on(moto.client());
        let mut wd = Workdir::new(&tf);
        wd.use_moto(&moto);
        wd.write("main.tf", &text);
        let routes = |alias: &str| -> Vec<(String, i32)> {
            let mut r: Vec<_> = rt
                .block_on(
                    client
                        .describe_state_machine_alias()
                        .state_machine_alias_arn(alias)
                        .send(),
                )
                .unwrap_or_else(|e| panic!("{e:?}"))
                .routing_configuration()
                .iter()
                .map(|r| (r.state_machine_version_arn().to_string(), r.weight()))
                .collect();
            r.sort();
            r
        };

        wd.apply();
        let v1 = wd
            .output("version_arn")
            .as_str()
            .unwrap_or_default()
            .to_string();
        let alias = wd
            .output("alias_arn")
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_eq!(routes(&alias), vec![(v1.clone(), 100)]);

        // A change publishes v2 and the canary gets 10% in the same apply.
        let stable = format!("stable_version_arn={v1}");
        wd.ok(&[
            "apply",
            "-auto-approve",
            "-no-color",
            "-var",
            "greeting=bonjour",
            "-var",
            &stable,
            "-var",
            "canary_weight=10",
        ]);
        let v2 = wd
            .output("version_arn")
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_ne!(v1, v2);
        let mut want = vec![(v1.clone(), 90), (v2.clone(), 10)];
        want.sort();
        assert_eq!(routes(&alias), want, "{}", tf.version);

        // Promote.
        wd.ok(&[
            "apply",
            "-auto-approve",
            "-no-color",
            "-var",
            "greeting=bonjour",
            "-var",
            &stable,
            "-var",
            "canary_weight=100",
        ]);
        assert_eq!(routes(&alias), vec![(v2.clone(), 100)], "{}", tf.version);
        let plan = wd.run(&[
            "plan",
            "-no-color",
            "-detailed-exitcode",
            "-var",
            "greeting=bonjour",
            "-var",
            &stable,
            "-var",
            "canary_weight=100",
        ]);
        assert!(
            plan.success,
            "{}: plan after promotion not empty:\n{}",
            tf.version,
            plan.combined()
        );
        wd.ok(&[
            "destroy",
            "-auto-approve",
            "-no-color",
            "-var",
            "greeting=bonjour",
            "-var",
            &stable,
        ]);
    }
}
