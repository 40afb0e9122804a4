//! Migration from ASL JSON to typed HCL, proven through real Terraform: every example definition
//! (`examples/asl/*.asl.json`) converts with `sfn_codegen::hcl` into HCL that `terraform fmt`
//! leaves unchanged and that `terraform apply` compiles back to the same definition, byte for byte.
//!
//! One difference is Terraform's, not ours: it hands object values to the provider with their
//! keys sorted, so payload objects come back with sorted keys. `Conversion::terraform_model` is
//! the input with exactly that change; the output must equal its canonical JSON byte for byte and
//! the original definition as JSON (key order aside).

use sfn_codegen::{emit, hcl, Json};
use sfn_tests::{repo_root, terraforms, Terraform, Workdir};

/// `(file name, text)` of every example definition, sorted by name.
pub fn examples() -> Vec<(String, String)> {
    let dir = repo_root().join("examples/asl");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".asl.json"))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, text)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no examples in {}", dir.display());
    out
}

/// Parses a definition that must have no parse errors.
pub fn parse(file: &str, text: &str) -> sfn_codegen::StateMachine {
    let report = sfn_codegen::parse_str(text);
    assert!(!report.has_errors(), "{file}: {:?}", report.diagnostics);
    report
        .machine
        .unwrap_or_else(|| panic!("{file}: not a definition"))
}

fn parse_json(text: &str) -> Json {
    let mut diags = Vec::new();
    sfn_codegen::source::parse_json(text, &mut diags).unwrap_or(Json::Null)
}

struct Case {
    file: String,
    name: String,
    /// Canonical JSON of the model Terraform should produce.
    expected: String,
    /// Canonical JSON of the definition as given.
    original: String,
}

/// Checks the formatting and the compiled output of a configuration holding one data source per
/// case, with an output of the same name.
fn apply_and_compare(tf: &Terraform, config: &str, cases: &[Case]) {
    let wd = Workdir::new(tf);
    wd.config(config);
    let fmt = wd.run(&["fmt", "-check", "-diff", "-no-color"]);
    assert!(
        fmt.success,
        "Terraform {}: the generated HCL is not formatted as `terraform fmt` formats it:\n{}",
        tf.version,
        fmt.combined()
    );
    wd.apply();
    let run = wd.ok(&["output", "-json"]);
    let outputs: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("output -json: {e}: {}", run.stdout));
    for c in cases {
        let got = outputs[&c.name]["value"].as_str().unwrap_or_default();
        assert!(
            got == c.expected,
            "Terraform {} / {}: the compiled JSON differs from the definition.\n--- expected\n{}\n--- got\n{}",
            tf.version,
            c.file,
            c.expected,
            got
        );
        assert!(
            parse_json(got).semantic_eq(&parse_json(&c.original)),
            "Terraform {} / {}: not the same JSON as the original",
            tf.version,
            c.file
        );
    }
}

fn output_block(name: &str) -> String {
    format!("output \"{name}\" {{\n  value = data.sfn_workflow.{name}.json\n}}\n\n")
}

#[test]
fn every_example_converts_to_hcl_that_terraform_compiles_back_exactly() {
    let mut config = String::new();
    let mut cases = Vec::new();
    let mut identical = 0;
    for (file, text) in examples() {
        let machine = parse(&file, &text);
        let name = hcl::name_from_file(&file);
        let conversion = hcl::convert(&machine, &name).unwrap_or_else(|problems| {
            panic!("{file} does not convert: {problems:?}");
        });
        assert!(
            conversion.fallbacks.is_empty(),
            "{file}: every example is expressible as blocks, but {:?} went to `json`",
            conversion.fallbacks
        );
        let expected = emit::to_pretty(&conversion.terraform_model);
        let original = emit::to_pretty(&machine);
        if expected == original {
            identical += 1;
        }
        config.push_str(&conversion.text);
        config.push('\n');
        config.push_str(&output_block(&name));
        cases.push(Case {
            file,
            name,
            expected,
            original,
        });
    }
    eprintln!(
        "{} examples; {identical} compile to the canonical form of the file itself, the others differ only in payload key order (Terraform sorts object keys)",
        cases.len()
    );
    for tf in terraforms() {
        apply_and_compare(&tf, &config, &cases);
    }
}

/// Nested workflows five levels deep and Choice rules three levels deep (both as `states`
/// objects), what no HCL form can express (an exponent number: JSON in the innermost branch), plus
/// strings and numbers that need care, through real Terraform.
const EDGE_CASES: &str = r#"{
  "Comment": "Edge cases: template sequences ${x} and %{y}, \"quotes\", back\\slash, tab\tand newline\n.",
  "StartAt": "output",
  "States": {
    "output": {
      "Type": "Pass",
      "Comment": "A state named like a payload attribute.",
      "InputPath": null,
      "Result": {
        "z": "$${literal} %%{literal} ${ %{",
        "for": 1,
        "null": null,
        "a key": [1, -2.5, 0.1, 12345678901234567890123, true, null, {}, []],
        "Payload.$": "$.x",
        "nested": {"b": {"c": [{"d": "é ünïcödé ✓"}]}}
      },
      "ResultPath": null,
      "Next": "Route"
    },
    "Route": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.n",
          "NumericGreaterThan": 0.1,
          "Next": "Fan"
        },
        {
          "Variable": "$.big",
          "NumericEquals": 12345678901234567890.123456789,
          "Next": "Fan"
        }
      ],
      "Default": "Fan"
    },
    "Fan": {
      "Type": "Parallel",
      "Branches": [
        {
          "StartAt": "L1",
          "States": {
            "L1": {
              "Type": "Parallel",
              "Branches": [
                {
                  "StartAt": "L2",
                  "States": {
                    "L2": {
                      "Type": "Parallel",
                      "Branches": [
                        {
                          "StartAt": "L3",
                          "States": {
                            "L3": {
                              "Type": "Parallel",
                              "Branches": [
                                {
                                  "StartAt": "L4",
                                  "States": {
                                    "L4": {
                                      "Type": "Pass",
                                      "Result": {"zeta": 1e3, "alpha": "ä"},
                                      "End": true
                                    }
                                  }
                                }
                              ],
                              "End": true
                            }
                          }
                        }
                      ],
                      "End": true
                    }
                  }
                }
              ],
              "End": true
            }
          }
        },
        {
          "StartAt": "Deep",
          "States": {
            "Deep": {
              "Type": "Choice",
              "Choices": [
                {
                  "And": [
                    {
                      "Or": [
                        {
                          "Not": {
                            "Variable": "$.a",
                            "IsPresent": true
                          }
                        },
                        {
                          "Variable": "$.b",
                          "StringEquals": "x"
                        }
                      ]
                    },
                    {
                      "Variable": "$.c",
                      "BooleanEquals": true
                    }
                  ],
                  "Next": "DeepDone"
                }
              ],
              "Default": "DeepDone"
            },
            "DeepDone": {
              "Type": "Succeed"
            }
          }
        }
      ],
      "Retry": [
        {
          "ErrorEquals": ["States.Timeout"],
          "IntervalSeconds": 1,
          "MaxAttempts": 2,
          "BackoffRate": 1.1
        }
      ],
      "Next": "Each"
    },
    "Each": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "ItemProcessor": {
        "ProcessorConfig": {
          "Mode": "INLINE"
        },
        "StartAt": "Check",
        "States": {
          "Check": {
            "Type": "Choice",
            "Choices": [
              {
                "Not": {
                  "And": [
                    {
                      "Not": {
                        "Variable": "$.ok",
                        "BooleanEquals": true
                      }
                    }
                  ]
                },
                "Next": "Item"
              }
            ],
            "Default": "Item"
          },
          "Item": {
            "Type": "Pass",
            "Parameters": {"zz.$": "$", "aa": 1},
            "End": true
          }
        }
      },
      "OutputPath": null,
      "End": true
    }
  }
}"#;

#[test]
fn fallbacks_and_tricky_values_compile_back_exactly() {
    let machine = parse("edge cases", EDGE_CASES);
    let conversion = hcl::convert(&machine, "edge").unwrap_or_else(|problems| {
        panic!("does not convert: {problems:?}");
    });
    let fallbacks: Vec<String> = conversion
        .fallbacks
        .iter()
        .map(|f| f.path.to_string())
        .collect();
    assert_eq!(
        fallbacks,
        ["/States/Fan/Branches/0/States/L1/Branches/0/States/L2/Branches/0/States/L3/Branches/0"],
        "{}",
        conversion.text
    );
    let cases = [Case {
        file: "edge cases".into(),
        name: "edge".into(),
        expected: emit::to_pretty(&conversion.terraform_model),
        original: emit::to_pretty(&machine),
    }];
    let config = format!("{}\n{}", conversion.text, output_block("edge"));
    for tf in terraforms() {
        apply_and_compare(&tf, &config, &cases);
    }
}
