//! Variables read before any state on the path assigns them (ASL416): reported in flow order,
//! and never where partial knowledge (an open scope, a transition not known yet, an Assign not
//! known yet) could make the read right.

use sfn_codegen::json::Json;
use sfn_codegen::model::{unknown_name, Workflow};
use sfn_codegen::{parse_str, validate, Options};

fn machine(text: &str) -> Workflow {
    let report = parse_str(text);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    report.machine.expect("a machine")
}

fn late_reads(m: &Workflow) -> Vec<String> {
    validate(m, &Options::default())
        .iter()
        .filter(|d| d.code() == "ASL416")
        .map(|d| d.path.to_string())
        .collect()
}

/// Read reads $x; Set, after it, assigns it; Other is not on the way.
const LATE: &str = r#"{
  "QueryLanguage": "JSONata",
  "StartAt": "Read",
  "States": {
    "Read": {"Type": "Pass", "Output": "{% $x %}", "Next": "Set"},
    "Set": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Done"},
    "Done": {"Type": "Succeed"}
  }
}"#;

#[test]
fn a_read_before_the_only_assignment_is_reported() {
    assert_eq!(late_reads(&machine(LATE)), ["/States/Read/Output"]);
}

#[test]
fn one_path_assigning_first_is_enough() {
    let text = r#"{
  "QueryLanguage": "JSONata",
  "StartAt": "Pick",
  "States": {
    "Pick": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.a %}", "Next": "Set"}], "Default": "Read"},
    "Set": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Read"},
    "Read": {"Type": "Pass", "Output": "{% $x %}", "End": true}
  }
}"#;
    assert!(late_reads(&machine(text)).is_empty());
}

#[test]
fn a_catcher_assigns_on_its_own_edge() {
    let text = r#"{
  "QueryLanguage": "JSONata",
  "StartAt": "Work",
  "States": {
    "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"},
             "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"error": "{% $states.errorOutput %}"}, "Next": "Report"}],
             "Next": "Report"},
    "Report": {"Type": "Pass", "Output": "{% $error %}", "End": true}
  }
}"#;
    // Assigned on the catch path, so the read may be fine: quiet.
    assert!(late_reads(&machine(text)).is_empty());
}

#[test]
fn a_distributed_map_starts_with_nothing_assigned_but_asl412_covers_it() {
    let text = r#"{
  "QueryLanguage": "JSONata",
  "StartAt": "Init",
  "States": {
    "Init": {"Type": "Pass", "Assign": {"x": 1}, "Next": "M"},
    "M": {"Type": "Map", "Items": "{% [1] %}", "End": true,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "R", "States": {"R": {"Type": "Pass", "Output": "{% $x %}", "End": true}}}}
  }
}"#;
    let found = validate(&machine(text), &Options::default());
    assert!(!found.iter().any(|d| d.code() == "ASL416"), "{found:?}");
    assert!(found.iter().any(|d| d.code() == "ASL412"), "{found:?}");
}

#[test]
fn an_open_scope_hides_it() {
    let mut m = machine(LATE);
    m.open = true;
    assert!(late_reads(&m).is_empty());
}

#[test]
fn an_open_enclosing_scope_hides_it_in_nested_workflows() {
    let text = r#"{
  "QueryLanguage": "JSONata",
  "StartAt": "P",
  "States": {
    "P": {"Type": "Parallel", "Next": "Set", "Branches": [
      {"StartAt": "Read", "States": {"Read": {"Type": "Pass", "Output": "{% $x %}", "End": true}}}
    ]},
    "Set": {"Type": "Pass", "Assign": {"x": 1}, "End": true}
  }
}"#;
    let mut m = machine(text);
    assert_eq!(late_reads(&m), ["/States/P/Branches/0/States/Read/Output"]);
    m.open = true;
    assert!(late_reads(&m).is_empty());
}

#[test]
fn an_unknown_transition_may_lead_to_the_assignment_first() {
    // Set assigns $x and goes on to Read, but nothing known leads to Set.
    let text = r#"{
  "QueryLanguage": "JSONata",
  "StartAt": "Start",
  "States": {
    "Start": {"Type": "Pass", "Next": "Read"},
    "Read": {"Type": "Pass", "Output": "{% $x %}", "Next": "Done"},
    "Set": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Read"},
    "Done": {"Type": "Succeed"}
  }
}"#;
    let mut m = machine(text);
    assert_eq!(late_reads(&m), ["/States/Read/Output"]);
    // Start's Next not known yet: it may be Set, which assigns $x before Read.
    m.states[0].1.next = Some(unknown_name(1));
    assert!(late_reads(&m).is_empty());
}

#[test]
fn an_assign_not_known_yet_may_assign_anything() {
    let text = r#"{
  "QueryLanguage": "JSONata",
  "StartAt": "Init",
  "States": {
    "Init": {"Type": "Pass", "Assign": {"y": 1}, "Next": "Read"},
    "Read": {"Type": "Pass", "Output": "{% $x %}", "Next": "Set"},
    "Set": {"Type": "Pass", "Assign": {"x": 1}, "End": true}
  }
}"#;
    let mut m = machine(text);
    assert_eq!(late_reads(&m), ["/States/Read/Output"]);
    // The provider gives an unknown Assign value as null.
    m.states[0].1.assign = Some(Json::Null);
    assert!(late_reads(&m).is_empty());
    // So does undefined-variable (ASL413) for a variable assigned nowhere known.
    m.states[1].1.output = Some(Json::String("{% $nowhere %}".into()));
    let found = validate(&m, &Options::default());
    assert!(!found.iter().any(|d| d.code() == "ASL413"), "{found:?}");
}
