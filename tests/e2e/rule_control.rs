//! Rule control through real Terraform, on both versions: `rules` on `sfn_workflow`, on the
//! inline `workflow`, on `sfn_state_machine` (for `definition`) and in the provider block (a
//! default, also in `terraform validate`, where the provider is never configured); a resource's
//! own entries win; a warning never fails a plan and prints once; an unknown code is an error at
//! its key with the closest code suggested.

use sfn_tests::{terraforms, Workdir};

/// A Task whose retrier has a backoff rate below 1 (ASL207, an error by default).
fn workflow_body(extra: &str) -> String {
    format!(
        r#"
  {extra}
  start_at = "Call"
  task "Call" {{
    resource = "arn:aws:lambda:us-east-1:123456789012:function:call"
    end      = true
    retry {{
      error_equals = ["States.ALL"]
      backoff_rate = 0.5
    }}
  }}
"#
    )
}

const DEFINITION: &str = r#"jsonencode({
    StartAt = "Call"
    States = { Call = {
      Type     = "Task"
      Resource = "arn:aws:lambda:us-east-1:123456789012:function:call"
      End      = true
      Retry    = [{ ErrorEquals = ["States.ALL"], BackoffRate = 0.5 }]
    } }
  })"#;

fn count(out: &str, needle: &str) -> usize {
    out.matches(needle).count()
}

#[test]
fn rules_turn_checks_off_or_down_everywhere_and_bad_codes_are_errors() {
    for tf in terraforms() {
        // By default every place reports the error.
        let wd = Workdir::new(&tf);
        wd.config(&format!(
            "data \"sfn_workflow\" \"w\" {{{}}}\n",
            workflow_body("")
        ));
        let out = wd.plan_fails();
        assert!(out.contains("ASL207"), "{}: {out}", tf.version);

        // The data source's own rules: down to a warning, printed once, the plan passes.
        let wd = Workdir::new(&tf);
        wd.config(&format!(
            "data \"sfn_workflow\" \"w\" {{{}}}\noutput \"json\" {{ value = data.sfn_workflow.w.json }}\n",
            workflow_body("rules = { ASL207 = \"warning\" }")
        ));
        let plan = wd.ok(&["plan", "-no-color"]);
        let out = plan.combined();
        assert_eq!(count(&out, "Warning: ASL207"), 1, "{}: {out}", tf.version);
        assert!(
            out.contains("BackoffRate = 0.5"),
            "the definition is emitted: {out}"
        );

        // The provider's default turns it off for the data source, the inline workflow and
        // `definition`, in `terraform validate` too; a resource's own entry wins over it.
        let wd = Workdir::new(&tf);
        wd.config(&format!(
            r#"
provider "sfn" {{
  rules = {{ ASL207 = "off" }}
}}

data "sfn_workflow" "w" {{{}}}

resource "sfn_state_machine" "inline" {{
  name     = "inline"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  workflow {{{}}}
}}

resource "sfn_state_machine" "json" {{
  name       = "json"
  role_arn   = "arn:aws:iam::123456789012:role/sfn"
  definition = {DEFINITION}
}}
"#,
            workflow_body(""),
            workflow_body("")
        ));
        let validate = wd.ok(&["validate", "-no-color"]);
        assert!(
            !validate.combined().contains("ASL207"),
            "{}",
            validate.combined()
        );
        let plan = wd.ok(&["plan", "-no-color"]);
        assert!(!plan.combined().contains("ASL207"), "{}", plan.combined());

        let wins = std::fs::read_to_string(wd.path().join("main.tf"))
            .unwrap_or_default()
            .replace(
                "  definition = jsonencode",
                "  rules      = { ASL207 = \"error\" }\n  definition = jsonencode",
            );
        std::fs::write(wd.path().join("main.tf"), wins).unwrap_or_else(|e| panic!("{e}"));
        let out = wd.plan_fails();
        assert_eq!(
            count(&out, "Error: ASL207"),
            1,
            "only the machine whose own rules make it an error: {out}"
        );
        assert!(out.contains("sfn_state_machine.json"), "{out}");

        // A code that names no rule, and a level that is not one: errors at the key.
        let wd = Workdir::new(&tf);
        wd.config(&format!(
            "data \"sfn_workflow\" \"w\" {{{}}}\n",
            workflow_body("rules = { ASL2077 = \"off\", ASL302 = \"ignore\" }")
        ));
        let out = wd.plan_fails();
        assert!(out.contains("SFN077"), "{}: {out}", tf.version);
        assert!(out.contains("Did you mean ASL207"), "{out}");
        assert!(out.contains("\"ignore\""), "{out}");
        assert!(out.contains("ASL207"), "the rule still fires: {out}");
    }
}
