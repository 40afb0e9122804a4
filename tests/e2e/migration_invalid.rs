//! Broken variants of converted examples: one mutated line in the generated HCL must make
//! `terraform plan` fail with the right ASL code, and Terraform must quote that very line, or,
//! inside a `states` object (where Terraform points no deeper than the entry), the entry's first
//! line, with the full path to the mutated attribute in the message.

use sfn_codegen::hcl;
use sfn_tests::{terraforms, Workdir};

use crate::migration::{examples, parse};

/// The generated HCL of an example.
fn converted(file: &str) -> String {
    let (_, text) = examples()
        .into_iter()
        .find(|(f, _)| f == file)
        .unwrap_or_else(|| panic!("no example {file}"));
    let machine = parse(file, &text);
    hcl::to_hcl(&machine, &hcl::name_from_file(file))
        .unwrap_or_else(|problems| panic!("{file} does not convert: {problems:?}"))
}

/// Replaces `from` with `to` on the first line containing every needle; returns the new text and
/// the mutated line without its indentation (what Terraform must quote).
fn mutate(text: &str, needles: &[&str], from: &str, to: &str) -> (String, String) {
    let mut changed = None;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if changed.is_none() && needles.iter().all(|n| line.contains(n)) {
                let new = line.replacen(from, to, 1);
                assert_ne!(new, line, "{from:?} is not on the line {line:?}");
                changed = Some(new.trim().to_string());
                new
            } else {
                line.to_string()
            }
        })
        .collect();
    let line = changed.unwrap_or_else(|| panic!("no line contains {needles:?}:\n{text}"));
    (lines.join("\n") + "\n", line)
}

struct Variant {
    what: &'static str,
    file: &'static str,
    needles: &'static [&'static str],
    from: &'static str,
    to: &'static str,
    code: &'static str,
    /// Inside a `states` entry: the line Terraform quotes (the entry's), and the end of the full
    /// path the detail gives.
    within: Option<(&'static str, &'static str)>,
}

const VARIANTS: &[Variant] = &[
    Variant {
        what: "dangling next",
        file: "order-processing.asl.json",
        needles: &["next", "\"NotifyOrderPaid\""],
        from: "\"NotifyOrderPaid\"",
        to: "\"NotifyOrderPayed\"",
        code: "ASL102",
        within: None,
    },
    Variant {
        what: "backoff rate below 1",
        file: "distributed-map-csv.asl.json",
        needles: &["backoff_rate"],
        from: "= 2",
        to: "= 0.5",
        code: "ASL207",
        within: Some((
            "UpsertCustomers = {",
            ".retry[0].backoff_rate in the configuration.",
        )),
    },
    Variant {
        what: "States.ALL not alone",
        file: "saga-compensation.asl.json",
        needles: &["error_equals", "[\"States.ALL\"]"],
        from: "[\"States.ALL\"]",
        to: "[\"States.ALL\", \"States.Timeout\"]",
        code: "ASL301",
        within: None,
    },
    Variant {
        what: ".waitForTaskToken in an EXPRESS workflow",
        file: "human-approval.asl.json",
        needles: &["data \"sfn_workflow\""],
        from: "{",
        to: "{\n  workflow_type = \"EXPRESS\"",
        code: "ASL602",
        within: None,
    },
    Variant {
        what: "JSONata syntax error",
        file: "jsonata-order-variables.asl.json",
        needles: &["condition", "$subtotal >= 500"],
        from: ">= 500",
        to: ">= 500 +",
        code: "ASL405",
        within: None,
    },
    Variant {
        what: "bad Variable path",
        file: "loan-approval.asl.json",
        needles: &["variable", "\"$.credit.score\""],
        from: "\"$.credit.score\"",
        to: "\"$.credit..[score\"",
        code: "ASL401",
        within: Some((
            "\"NeedsUnderwriter?\" = {",
            ".rule[0].variable in the configuration.",
        )),
    },
];

#[test]
fn mutated_examples_fail_at_plan_with_the_code_and_the_line() {
    let prepared: Vec<(&Variant, String, String)> = VARIANTS
        .iter()
        .map(|v| {
            let (text, line) = mutate(&converted(v.file), v.needles, v.from, v.to);
            (v, text, line)
        })
        .collect();
    for tf in terraforms() {
        for (v, text, line) in &prepared {
            let wd = Workdir::new(&tf);
            wd.config(text);
            let out = wd.plan_fails();
            // The line Terraform quotes for the express case is the resource, not the one added.
            let mut quoted = if v.code == "ASL602" {
                "resource = \"arn:aws:states:::sqs:sendMessage.waitForTaskToken\"".to_string()
            } else {
                line.clone()
            };
            let mut expect = vec![v.code.to_string()];
            if let Some((entry, path_end)) = v.within {
                quoted = entry.to_string();
                expect.push(path_end.to_string());
            }
            expect.push(quoted);
            // Terraform wraps long detail lines.
            let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
            for expected in &expect {
                assert!(
                    out.contains(expected.as_str()) || flat.contains(expected.as_str()),
                    "Terraform {} / {} ({}): expected {expected:?} in:\n{out}",
                    tf.version,
                    v.what,
                    v.file
                );
            }
            assert!(!out.contains("panic"), "{out}");
        }
    }
}
