//! Model -> Mermaid `flowchart TD` text, for documentation and review.
//!
//! Deterministic: the same model always gives byte-identical text. States appear in flow order
//! ([`emit::flow_order`]) and get safe node ids `s0`, `s1`, ... (all states of a workflow first,
//! then the states of its nested workflows). Shapes follow the state type; labels carry the state's
//! name and type. Edges: `Next` plain, Choice rules labelled with their condition, `Default`
//! labelled `default`, catchers dashed and labelled with their error names. Parallel branches and
//! Map item processors are subgraphs that the owning state points into. Transitions to states that
//! do not exist point to a "not found" node, so broken definitions can still be drawn.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::emit;
use crate::json::Json;
use crate::model::*;

/// Longest condition label (in characters) before it is cut with `…`.
const MAX_LABEL: usize = 60;

/// Renders the machine as a Mermaid flowchart. Never fails: dangling transitions, a missing
/// `StartAt` and unknown state types are drawn as they are.
pub fn render(machine: &StateMachine) -> String {
    let mut r = Renderer::default();
    r.nodes.push("    start([\"Start\"])".to_string());
    let end = "finish";
    let (start, used_end, edges) = r.workflow(machine, end, 1);
    if used_end {
        r.nodes.push(format!("    {end}([\"End\"])"));
    }
    let mut out = String::from("flowchart TD\n");
    for line in &r.nodes {
        out.push_str(line);
        out.push('\n');
    }
    // Edges come after every node is declared (inside its subgraph): Mermaid puts a node in the
    // subgraph where it first appears.
    if let Some(s) = start {
        let _ = writeln!(out, "    start --> {s}");
    }
    for e in &edges {
        let _ = writeln!(out, "    {e}");
    }
    out
}

#[derive(Default)]
struct Renderer {
    /// Node and subgraph declarations, already indented.
    nodes: Vec<String>,
    next_state: usize,
    next_missing: usize,
}

impl Renderer {
    /// Declares the workflow's states (and nested workflows). Returns the id its `StartAt` points
    /// to, whether any state transitions to `end`, and its edges (a state's own edges, then the
    /// edges inside its nested workflows).
    fn workflow(
        &mut self,
        w: &Workflow,
        end: &str,
        depth: usize,
    ) -> (Option<String>, bool, Vec<String>) {
        let indent = "    ".repeat(depth);
        let order = emit::flow_order(w);
        let mut ids = vec![String::new(); w.states.len()];
        for &i in &order {
            ids[i] = format!("s{}", self.next_state);
            self.next_state += 1;
        }
        // Last one wins on duplicate names, as in `emit::flow_order`.
        let by_name: HashMap<&str, &str> = w
            .states
            .iter()
            .zip(&ids)
            .map(|((n, _), id)| (n.as_str(), id.as_str()))
            .collect();
        let mut missing: Vec<(String, String)> = Vec::new();
        let mut used_end = false;
        let mut all_edges = Vec::new();

        let start = w
            .start_at
            .as_deref()
            .map(|name| resolve(name, &by_name, &mut missing, &mut self.next_missing));

        for &i in &order {
            let (name, s) = &w.states[i];
            let id = ids[i].clone();
            self.nodes.push(format!("{indent}{}", node(&id, name, s)));

            let mut edges = Vec::new();
            let mut nested = Vec::new();
            for (key, child) in s.children() {
                let (sub, title) = match key {
                    ChildKey::Branch(n) => (format!("{id}_b{n}"), format!("branch {}", n + 1)),
                    ChildKey::ItemProcessor => (format!("{id}_items"), "item processor".into()),
                    ChildKey::Iterator => (format!("{id}_iter"), "iterator".into()),
                };
                self.nodes.push(format!(
                    "{indent}subgraph {sub} [\"{}: {}\"]",
                    escape(name),
                    title
                ));
                let sub_end = format!("{sub}_finish");
                let (child_start, child_used_end, child_edges) =
                    self.workflow(child, &sub_end, depth + 1);
                if child_used_end {
                    self.nodes.push(format!("{indent}    {sub_end}([\"End\"])"));
                }
                self.nodes.push(format!("{indent}end"));
                if let Some(c) = child_start {
                    edges.push(format!("{id} --> {c}"));
                }
                nested.extend(child_edges);
            }

            let mut target =
                |name: &str| resolve(name, &by_name, &mut missing, &mut self.next_missing);
            if let Some(n) = &s.next {
                edges.push(format!("{id} --> {}", target(n)));
            }
            for rule in s.choices.iter().flatten() {
                if let Some(n) = &rule.next {
                    edges.push(format!(
                        "{id} -->|\"{}\"| {}",
                        escape(&shorten(&condition(rule))),
                        target(n)
                    ));
                }
            }
            if let Some(d) = &s.default {
                edges.push(format!("{id} -->|\"default\"| {}", target(d)));
            }
            for c in s.catch.iter().flatten() {
                if let Some(n) = &c.next {
                    let errors = match &c.error_equals {
                        Some(e) if !e.is_empty() => e.join(", "),
                        _ => "catch".to_string(),
                    };
                    edges.push(format!(
                        "{id} -.->|\"{}\"| {}",
                        escape(&shorten(&errors)),
                        target(n)
                    ));
                }
            }
            if s.end == Some(true) || s.kind == Some(StateType::Succeed) {
                used_end = true;
                edges.push(format!("{id} --> {end}"));
            }
            all_edges.extend(edges);
            all_edges.extend(nested);
        }

        for (name, id) in &missing {
            self.nodes.push(format!(
                "{indent}{id}[/\"{}<br/>not found\"/]",
                escape(name)
            ));
        }
        (start, used_end, all_edges)
    }
}

/// The node id a transition to `name` points to, declaring a "not found" node when needed.
fn resolve(
    name: &str,
    by_name: &HashMap<&str, &str>,
    missing: &mut Vec<(String, String)>,
    counter: &mut usize,
) -> String {
    if let Some(id) = by_name.get(name) {
        return (*id).to_string();
    }
    if let Some((_, id)) = missing.iter().find(|(n, _)| n == name) {
        return id.clone();
    }
    let id = format!("m{counter}");
    *counter += 1;
    missing.push((name.to_string(), id.clone()));
    id
}

/// A node declaration: shape by state type, label `name<br/>type`.
fn node(id: &str, name: &str, s: &State) -> String {
    let type_name = s.kind.map_or("Unknown", StateType::as_str);
    let label = format!("\"{}<br/>{}\"", escape(name), type_name);
    let (open, close) = match s.kind {
        Some(StateType::Task) => ("[", "]"),
        Some(StateType::Pass) => ("(", ")"),
        Some(StateType::Choice) => ("{", "}"),
        Some(StateType::Wait) => ("{{", "}}"),
        Some(StateType::Succeed) => ("([", "])"),
        Some(StateType::Fail) => ("(((", ")))"),
        Some(StateType::Parallel) | Some(StateType::Map) => ("[[", "]]"),
        None => ("[/", "\\]"),
    };
    format!("{id}{open}{label}{close}")
}

/// Makes text safe inside a quoted Mermaid label: entity codes for characters Mermaid or HTML
/// would interpret, spaces for line breaks and control characters.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Collapses whitespace and cuts text longer than [`MAX_LABEL`] characters with `…`.
fn shorten(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= MAX_LABEL {
        return collapsed;
    }
    let mut out: String = collapsed.chars().take(MAX_LABEL - 1).collect();
    out.push('…');
    out
}

/// A compact, readable form of a Choice rule's condition: `$.amount > 1000`,
/// `And($.a == true, $.b is present)`, or a JSONata condition without its `{% %}`.
pub fn condition(rule: &ChoiceRule) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(c) = &rule.condition {
        parts.push(match c {
            Json::String(s) => {
                let t = s.trim();
                t.strip_prefix("{%")
                    .and_then(|t| t.strip_suffix("%}"))
                    .unwrap_or(t)
                    .trim()
                    .to_string()
            }
            other => other.to_compact(),
        });
    }
    let variable = rule.variable.as_deref().unwrap_or("?");
    for (op, value) in &rule.comparisons {
        parts.push(comparison(variable, *op, value));
    }
    let list = |rules: &[ChoiceRule]| rules.iter().map(condition).collect::<Vec<_>>().join(", ");
    if let Some(a) = &rule.and {
        parts.push(format!("And({})", list(a)));
    }
    if let Some(o) = &rule.or {
        parts.push(format!("Or({})", list(o)));
    }
    if let Some(n) = &rule.not {
        parts.push(format!("Not({})", condition(n)));
    }
    if parts.is_empty() {
        return "?".to_string();
    }
    parts.join(" & ")
}

fn comparison(variable: &str, op: Operator, value: &Json) -> String {
    use Operator::*;
    let operand = || match value {
        // Path operands are paths, not string literals.
        Json::String(s) if op.is_path() => s.clone(),
        other => other.to_compact(),
    };
    let symbol = match op {
        StringEquals | StringEqualsPath | NumericEquals | NumericEqualsPath | BooleanEquals
        | BooleanEqualsPath | TimestampEquals | TimestampEqualsPath => "==",
        StringLessThan
        | StringLessThanPath
        | NumericLessThan
        | NumericLessThanPath
        | TimestampLessThan
        | TimestampLessThanPath => "<",
        StringGreaterThan
        | StringGreaterThanPath
        | NumericGreaterThan
        | NumericGreaterThanPath
        | TimestampGreaterThan
        | TimestampGreaterThanPath => ">",
        StringLessThanEquals
        | StringLessThanEqualsPath
        | NumericLessThanEquals
        | NumericLessThanEqualsPath
        | TimestampLessThanEquals
        | TimestampLessThanEqualsPath => "<=",
        StringGreaterThanEquals
        | StringGreaterThanEqualsPath
        | NumericGreaterThanEquals
        | NumericGreaterThanEqualsPath
        | TimestampGreaterThanEquals
        | TimestampGreaterThanEqualsPath => ">=",
        StringMatches => "matches",
        IsNull | IsPresent | IsNumeric | IsString | IsBoolean | IsTimestamp => {
            let what = match op {
                IsNull => "null",
                IsPresent => "present",
                IsNumeric => "numeric",
                IsString => "a string",
                IsBoolean => "a boolean",
                _ => "a timestamp",
            };
            return match value {
                Json::Bool(true) => format!("{variable} is {what}"),
                Json::Bool(false) => format!("{variable} is not {what}"),
                other => format!("{variable} {} {}", op.as_str(), other.to_compact()),
            };
        }
    };
    format!("{variable} {symbol} {}", operand())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> StateMachine {
        match crate::parse_str(text).machine {
            Some(m) => m,
            None => panic!("fixture does not parse"),
        }
    }

    #[test]
    fn small_machine_exact() {
        let m = parse(
            r#"{
              "StartAt": "Check",
              "States": {
                "Check": {
                  "Type": "Choice",
                  "Choices": [
                    {"Variable": "$.isValid", "BooleanEquals": true, "Next": "Charge"},
                    {"Variable": "$.amount", "NumericGreaterThan": 1000, "Next": "Review"}
                  ],
                  "Default": "Reject"
                },
                "Charge": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Reject"}],
                  "Next": "Done"
                },
                "Review": {"Type": "Wait", "Seconds": 5, "End": true},
                "Done": {"Type": "Succeed"},
                "Reject": {"Type": "Fail", "Error": "Invalid"}
              }
            }"#,
        );
        let want = r#"flowchart TD
    start(["Start"])
    s0{"Check<br/>Choice"}
    s1["Charge<br/>Task"]
    s2(["Done<br/>Succeed"])
    s3((("Reject<br/>Fail")))
    s4{{"Review<br/>Wait"}}
    finish(["End"])
    start --> s0
    s0 -->|"$.isValid == true"| s1
    s0 -->|"$.amount #gt; 1000"| s4
    s0 -->|"default"| s3
    s1 --> s2
    s1 -.->|"States.ALL"| s3
    s2 --> finish
    s4 --> finish
"#;
        assert_eq!(render(&m), want);
    }

    #[test]
    fn broken_machines_do_not_panic() {
        // No StartAt, dangling Next, unknown type, empty states.
        let mut m = StateMachine::default();
        assert_eq!(render(&m), "flowchart TD\n    start([\"Start\"])\n");
        m.start_at = Some("Nowhere".into());
        let s = State {
            next: Some("Gone".into()),
            ..State::default()
        };
        m.states.push(("A \"quoted\" <b>#1</b>".into(), s));
        let want = r#"flowchart TD
    start(["Start"])
    s0[/"A #quot;quoted#quot; #lt;b#gt;#35;1#lt;/b#gt;<br/>Unknown"\]
    m0[/"Nowhere<br/>not found"/]
    m1[/"Gone<br/>not found"/]
    start --> m0
    s0 --> m1
"#;
        assert_eq!(render(&m), want);
        // Empty Parallel branch list and an empty processor.
        let mut p = State::new(StateType::Parallel);
        p.branches = Some(vec![Workflow::default()]);
        p.end = Some(true);
        let mut map = State::new(StateType::Map);
        map.item_processor = Some(Workflow::default());
        let m = Workflow {
            start_at: Some("P".into()),
            states: vec![("P".into(), p), ("M".into(), map)],
            ..Workflow::default()
        };
        let out = render(&m);
        assert!(out.contains("subgraph s0_b0 [\"P: branch 1\"]"), "{out}");
        assert!(
            out.contains("subgraph s1_items [\"M: item processor\"]"),
            "{out}"
        );
    }

    #[test]
    fn conditions_are_compact() {
        let m = parse(
            r#"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
              {"And":[{"Variable":"$.a","StringEquals":"x"},{"Not":{"Variable":"$.b","IsPresent":true}}],"Next":"E"},
              {"Or":[{"Variable":"$.t","TimestampLessThanEqualsPath":"$.limit"},{"Variable":"$.n","IsNull":false}],"Next":"E"},
              {"Variable":"$.s","StringMatches":"log-*.txt","Next":"E"}
            ],"Default":"E"},"E":{"Type":"Succeed"}}}"#,
        );
        let rules = m.states[0].1.choices.clone().unwrap_or_default();
        let got: Vec<String> = rules.iter().map(condition).collect();
        assert_eq!(
            got,
            [
                r#"And($.a == "x", Not($.b is present))"#,
                "Or($.t <= $.limit, $.n is not null)",
                r#"$.s matches "log-*.txt""#,
            ]
        );
        let long = "x".repeat(100);
        assert_eq!(shorten(&long).chars().count(), MAX_LABEL);
        assert_eq!(shorten("  a \n  b "), "a b");
    }

    #[test]
    fn bigger_machine_snapshot() {
        let m = parse(
            r#"{
  "Comment": "Orders: validate, fan out checks, process items, with failure paths",
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2}],
      "Catch": [{"ErrorEquals": ["Lambda.ServiceException", "Lambda.TooManyRequestsException"], "Next": "Notify failure"}],
      "Next": "Is valid?"
    },
    "Is valid?": {
      "Type": "Choice",
      "Choices": [
        {"And": [{"Variable": "$.isValid", "BooleanEquals": true}, {"Variable": "$.amount", "NumericLessThanEquals": 1000}], "Next": "Checks"},
        {"Variable": "$.isValid", "BooleanEquals": true, "Next": "Wait for approval"}
      ],
      "Default": "Notify failure"
    },
    "Wait for approval": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Checks"},
    "Checks": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Check name", "States": {"Check name": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:name", "End": true}}},
        {"StartAt": "Check address", "States": {
          "Check address": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:addr", "Next": "Address ok?"},
          "Address ok?": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": false, "Next": "Bad address"}], "Default": "Address done"},
          "Address done": {"Type": "Succeed"},
          "Bad address": {"Type": "Fail", "Error": "Address", "Cause": "Address \"unknown\""}
        }}
      ],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Notify failure"}],
      "Next": "Process items"
    },
    "Process items": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "INLINE"},
        "StartAt": "Enrich",
        "States": {
          "Enrich": {"Type": "Pass", "Next": "Store"},
          "Store": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "End": true}
        }
      },
      "Next": "Route"
    },
    "Route": {
      "Type": "Choice",
      "QueryLanguage": "JSONata",
      "Choices": [
        {"Condition": "{% $states.input.total > 5000 and $states.input.region in ['eu-west-1', 'eu-central-1'] %}", "Next": "Done"}
      ],
      "Default": "Done"
    },
    "Done": {"Type": "Succeed"},
    "Notify failure": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "Failed"},
    "Failed": {"Type": "Fail", "Error": "OrderFailed"}
  }
}"#,
        );
        insta::assert_snapshot!(render(&m));
    }

    proptest::proptest! {
        /// Any mix of state types, names (including awkward characters), dangling and
        /// duplicate transitions and nested workflows renders without panicking, deterministically,
        /// with one node per state.
        #[test]
        fn any_model_renders(
            states in proptest::collection::vec(
                (
                    "[a-c\"#<|` ]{0,3}",
                    proptest::option::of(0usize..8),
                    proptest::option::of("[a-c]{0,2}"),
                    proptest::bool::ANY,
                    0usize..3,
                ),
                0..8,
            ),
            start in proptest::option::of("[a-c]{0,2}"),
        ) {
            let mut m = StateMachine { start_at: start, ..StateMachine::default() };
            for (name, kind, next, end, nested) in states {
                let mut s = State {
                    kind: kind.and_then(|k| StateType::ALL.get(k).copied()),
                    next: next.clone(),
                    end: Some(end),
                    ..State::default()
                };
                if let Some(n) = &next {
                    s.choices = Some(vec![ChoiceRule {
                        variable: Some("$.x".into()),
                        comparisons: vec![(Operator::IsNull, Json::Bool(end))],
                        next: Some(n.clone()),
                        ..ChoiceRule::default()
                    }]);
                    s.catch = Some(vec![Catcher { next: Some(n.clone()), ..Catcher::default() }]);
                }
                if nested > 0 {
                    let inner = Workflow {
                        start_at: next.clone(),
                        states: vec![(name.clone(), s.clone())],
                        ..Workflow::default()
                    };
                    s.branches = Some(vec![inner.clone(); nested]);
                    s.item_processor = Some(inner);
                }
                m.states.push((name, s));
            }
            let out = render(&m);
            proptest::prop_assert_eq!(&out, &render(&m));
            proptest::prop_assert!(out.starts_with("flowchart TD\n    start([\"Start\"])\n"));
            let declared = out.lines().filter(|l| l.trim_start().starts_with('s')
                && !l.trim_start().starts_with("start")
                && !l.trim_start().starts_with("subgraph")
                && !l.contains("-->") && !l.contains("-.->")).count();
            let mut expected = 0;
            fn count(w: &Workflow, n: &mut usize) {
                for (_, s) in &w.states {
                    *n += 1;
                    for (_, c) in s.children() {
                        count(c, n);
                    }
                }
            }
            count(&m, &mut expected);
            // Nested "End" nodes are named `sN_..._finish`.
            let finish = out.lines().filter(|l| !l.contains("-->") && l.trim_end().ends_with("([\"End\"])") && l.trim_start().starts_with('s')).count();
            proptest::prop_assert_eq!(declared - finish, expected);
        }
    }
}
