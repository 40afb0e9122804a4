//! Partial knowledge (`Workflow::open`, unknown transition targets): an unknown value hides only
//! the checks whose result it could change. Each test puts a real error beside the unknown.

use sfn_codegen::model::{unknown_name, Workflow};
use sfn_codegen::{parse_str, validate, Options};

fn machine(text: &str) -> Workflow {
    let report = parse_str(text);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    report.machine.expect("a machine")
}

/// `(code, location)` of every diagnostic, sorted.
fn found(m: &Workflow) -> Vec<(String, String)> {
    let mut out: Vec<_> = validate(m, &Options::default())
        .iter()
        .map(|d| (d.code().to_string(), d.path.to_string()))
        .collect();
    out.sort();
    out
}

fn has(found: &[(String, String)], code: &str, at: &str) -> bool {
    found.iter().any(|(c, p)| c == code && p == at)
}

fn set_next(m: &mut Workflow, state: &str, next: String) {
    let s = m
        .states
        .iter_mut()
        .find(|(n, _)| n == state)
        .map(|(_, s)| s)
        .expect("state");
    s.next = Some(next);
}

const CHAIN: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Pass", "Next": "Nowhere"},
    "Orphan": {"Type": "Succeed"}
  }
}"#;

#[test]
fn known_graph_reports_everything() {
    let f = found(&machine(CHAIN));
    assert!(has(&f, "ASL102", "/States/B/Next"), "{f:?}");
    assert!(has(&f, "ASL104", "/States/Orphan"), "{f:?}");
}

#[test]
fn an_unknown_next_on_a_reachable_state_hides_reachability_of_its_scope_only() {
    let mut m = machine(CHAIN);
    set_next(&mut m, "A", unknown_name(1));
    let f = found(&m);
    // The unknown target may be "Orphan".
    assert!(!f.iter().any(|(c, _)| c == "ASL104"), "{f:?}");
    // It cannot make B's literal target exist.
    assert!(has(&f, "ASL102", "/States/B/Next"), "{f:?}");
    // Nor is the unknown target itself reported.
    assert!(!has(&f, "ASL102", "/States/A/Next"), "{f:?}");
}

#[test]
fn an_unknown_next_on_an_unreachable_state_hides_nothing() {
    let mut m = machine(
        r#"{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Succeed"},
    "Island": {"Type": "Pass", "Next": "A"},
    "Orphan": {"Type": "Succeed"}
  }
}"#,
    );
    set_next(&mut m, "Island", unknown_name(1));
    let f = found(&m);
    assert!(has(&f, "ASL104", "/States/Orphan"), "{f:?}");
    assert!(has(&f, "ASL104", "/States/Island"), "{f:?}");
}

const PARALLEL: &str = r#"{
  "StartAt": "P",
  "States": {
    "P": {
      "Type": "Parallel",
      "Next": "Nowhere",
      "Branches": [
        {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Y"}, "Y": {"Type": "Succeed"}, "Lost": {"Type": "Succeed"}}}
      ]
    },
    "Orphan": {"Type": "Succeed"}
  }
}"#;

#[test]
fn an_unknown_next_in_a_branch_does_not_hide_the_parent_scope() {
    let mut m = machine(PARALLEL);
    let branch = &mut m.states[0].1.branches.as_mut().expect("branches")[0];
    set_next(branch, "X", unknown_name(1));
    let f = found(&m);
    assert!(
        !has(&f, "ASL104", "/States/P/Branches/0/States/Lost"),
        "{f:?}"
    );
    assert!(has(&f, "ASL104", "/States/Orphan"), "{f:?}");
    assert!(has(&f, "ASL102", "/States/P/Next"), "{f:?}");
}

#[test]
fn an_open_branch_hides_its_own_checks_not_its_parents() {
    // A branch given as a fragment whose JSON is not known yet: no states, unknown StartAt.
    let mut m = machine(PARALLEL);
    let branch = &mut m.states[0].1.branches.as_mut().expect("branches")[0];
    *branch = Workflow {
        start_at: Some(unknown_name(1)),
        open: true,
        ..Workflow::default()
    };
    let f = found(&m);
    assert!(
        !f.iter().any(|(_, p)| p.starts_with("/States/P/Branches/0")),
        "{f:?}"
    );
    assert!(has(&f, "ASL104", "/States/Orphan"), "{f:?}");
    assert!(has(&f, "ASL102", "/States/P/Next"), "{f:?}");
}

#[test]
fn an_open_scope_may_hold_any_missing_target_but_known_cycles_still_trap() {
    let mut m = machine(CHAIN);
    m.open = true;
    let f = found(&m);
    // "Nowhere" may be one of the states not known yet, and it may lead to "Orphan".
    assert!(!has(&f, "ASL102", "/States/B/Next"), "{f:?}");
    assert!(!has(&f, "ASL104", "/States/Orphan"), "{f:?}");

    let mut m = machine(
        r#"{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Pass", "Next": "A"},
    "Orphan": {"Type": "Succeed"}
  }
}"#,
    );
    m.open = true;
    let f = found(&m);
    // Every transition is known and stays among known states: still no way out, still unreachable.
    assert!(has(&f, "ASL105", "/States"), "{f:?}");
    assert!(has(&f, "ASL104", "/States/Orphan"), "{f:?}");
}

#[test]
fn an_unknown_transition_may_be_the_way_out() {
    let text = r#"{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Pass", "Next": "A"}
  }
}"#;
    assert!(has(&found(&machine(text)), "ASL105", "/States"));
    let mut m = machine(text);
    set_next(&mut m, "B", unknown_name(1));
    let f = found(&m);
    assert!(
        !f.iter().any(|(c, _)| c == "ASL105" || c == "ASL110"),
        "{f:?}"
    );
}

#[test]
fn an_unknown_start_at_hides_only_its_scope() {
    let mut m = machine(PARALLEL);
    m.states[0].1.branches.as_mut().expect("branches")[0].start_at = Some(unknown_name(1));
    let f = found(&m);
    assert!(!has(&f, "ASL101", "/States/P/Branches/0/StartAt"), "{f:?}");
    assert!(
        !has(&f, "ASL104", "/States/P/Branches/0/States/Lost"),
        "{f:?}"
    );
    assert!(has(&f, "ASL104", "/States/Orphan"), "{f:?}");
}

#[test]
fn variables_may_be_assigned_by_states_not_known_yet() {
    let text = r#"{
  "StartAt": "Read",
  "States": {
    "Read": {"Type": "Pass", "Parameters": {"x.$": "$total"}, "End": true}
  }
}"#;
    assert!(has(
        &found(&machine(text)),
        "ASL413",
        "/States/Read/Parameters/x.$"
    ));
    let mut m = machine(text);
    m.open = true;
    assert!(!found(&m).iter().any(|(c, _)| c == "ASL413"));
}
