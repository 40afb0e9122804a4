//! Every workflow of the reference list (`examples/workflows/<name>/`: the generated `main.tf` and
//! its `deploy.tf`) deploys through real Terraform against the local API, plans empty, updates in
//! place, imports into a fresh state with no resource changes, and destroys leaving nothing.

use sfn_tests::{repo_root, runtime, terraforms, Moto, Workdir};

fn example_dirs() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(repo_root().join("examples/workflows"))
        .unwrap_or_else(|e| panic!("examples/workflows: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("deploy.tf").exists())
        .collect();
    dirs.sort();
    dirs
}

fn copy_example(wd: &Workdir, dir: &std::path::Path, tags: &str) {
    for file in ["main.tf", "deploy.tf"] {
        let text = std::fs::read_to_string(dir.join(file))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let text = if file == "deploy.tf" {
            text.replace(
                "  publish    = true\n",
                &format!("  publish    = true\n{tags}"),
            )
        } else {
            text
        };
        wd.write(file, &text);
    }
}

#[test]
fn every_workflow_deploys_updates_imports_and_destroys() {
    let dirs = example_dirs();
    assert!(
        dirs.len() >= 14,
        "expected every reference workflow, found {}",
        dirs.len()
    );
    let rt = runtime();
    // Each Terraform version gets one moto; each workflow a fresh working directory.
    for tf in terraforms() {
        let moto = Moto::start();
        let client = rt.block_on(moto.client());
        for dir in &dirs {
            let name = dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let mut wd = Workdir::new(&tf);
            wd.use_moto(&moto);
            copy_example(&wd, dir, "");
            wd.apply();
            let arn = wd.output("arn").as_str().unwrap_or_default().to_string();
            let (empty, out) = wd.plan_is_empty();
            assert!(empty, "{} {name}: plan after create:\n{out}", tf.version);

            // The API holds exactly what Terraform compiled.
            let described = rt
                .block_on(
                    client
                        .describe_state_machine()
                        .state_machine_arn(&arn)
                        .send(),
                )
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let expected = sfn_codegen::emit::to_pretty(
                &sfn_codegen::parse_str(described.definition())
                    .machine
                    .unwrap_or_default(),
            );
            assert_eq!(
                described.definition(),
                expected,
                "{name}: the stored definition is canonical"
            );
            assert_eq!(
                described.r#type().as_str(),
                if name.contains("express") {
                    "EXPRESS"
                } else {
                    "STANDARD"
                }
            );

            // Update in place (tags), then import into a fresh state.
            copy_example(&wd, dir, "  tags       = { owner = \"e2e\" }\n");
            let apply = wd.apply();
            assert!(
                apply.stdout.contains("0 added, 1 changed, 0 destroyed"),
                "{name}: {}",
                apply.stdout
            );
            let mut fresh = Workdir::new(&tf);
            fresh.use_moto(&moto);
            copy_example(&fresh, dir, "  tags       = { owner = \"e2e\" }\n");
            let resource = format!("sfn_state_machine.{}", name.replace('-', "_"));
            fresh.ok(&["import", "-no-color", &resource, &arn]);
            let (_, out) = fresh.plan_is_empty();
            assert!(
                !out.contains("Plan:") && !out.contains(" will be "),
                "{} {name}: plan after import has resource changes:\n{out}",
                tf.version
            );

            wd.ok(&["destroy", "-auto-approve", "-no-color"]);
            let left = rt
                .block_on(client.list_state_machines().send())
                .map(|o| o.state_machines().len())
                .unwrap_or(usize::MAX);
            assert_eq!(
                left, 0,
                "{} {name}: machines left after destroy",
                tf.version
            );
        }
    }
}
