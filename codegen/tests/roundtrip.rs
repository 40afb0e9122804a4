//! Emission round-trips, checked on arbitrary models:
//! - `emit -> parse_str -> emit` is a fixed point (byte-identical text), pretty and compact;
//! - parsing emitted text reports nothing from ASL001-ASL005 (syntax, duplicate keys, wrong types,
//!   unknown fields, bad enum values);
//! - emission is lossless: parsing the text gives back the model (with states in flow order);
//! - `Num::parse` is canonical and idempotent and keeps the value.
//!
//! The generated models respect the invariants any builder (the parser, the provider's HCL
//! translation) keeps: state names are unique in their workflow, object keys are unique, enum-like
//! fields hold one of their allowed values, top-level-only fields appear only at the top, and no
//! unknown fields. Everything else is arbitrary: any state type carries any field, strings contain
//! any Unicode including control characters, quotes and backslashes, numbers are huge, fractional
//! or exponential, and Choice rules nest `And`/`Or`/`Not` with every operator.

use proptest::option::weighted;
use proptest::prelude::*;
use proptest::sample::select;

use sfn_codegen::model::*;
use sfn_codegen::{emit, parse_str, Json, Num};

const CASES: u32 = 256;
/// How often an optional field is present.
const P: f64 = 0.2;

// ---------- scalars ----------

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[A-Za-z][A-Za-z0-9_.:$ -]{0,16}",
        2 => "\\PC{0,10}",
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
        1 => select(vec![
            "",
            "\"quoted\"",
            "back\\slash",
            "line\nbreak\r\ttab",
            "\u{0}\u{1}\u{1f}\u{7f}",
            "\u{8}\u{c}",
            "\u{2028}\u{2029}",
            "é ü ß 中文 😀 \u{10FFFF}",
            "{% $states.input.x %}",
            "States.Format('{}', $.a)",
            "$.a[0].b",
            "$$.Task.Token",
        ])
        .prop_map(String::from),
    ]
    .boxed()
}

fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u8>().prop_map(|n| n.to_string()),
        "-?[1-9][0-9]{19,60}",
        "-?(0|[1-9][0-9]{0,6})\\.[0-9]{1,12}",
        "-?(0|[1-9][0-9]{0,4})(\\.[0-9]{1,6})?[eE][+-]?[0-9]{1,4}",
        any::<f64>().prop_filter_map("finite", |f| Num::from_f64(f).map(|n| n.to_string())),
    ]
    .boxed()
}

fn num() -> BoxedStrategy<Num> {
    number_text()
        .prop_filter_map("valid JSON number", |t| Num::parse(&t))
        .boxed()
}

fn num_or_expr() -> BoxedStrategy<NumOrExpr> {
    prop_oneof![3 => num().prop_map(NumOrExpr::Num), 1 => text().prop_map(NumOrExpr::Expr)].boxed()
}

fn path_or_null() -> BoxedStrategy<PathOrNull> {
    prop_oneof![1 => Just(PathOrNull::Null), 3 => text().prop_map(PathOrNull::Path)].boxed()
}

fn one_of(values: &'static [&'static str]) -> BoxedStrategy<String> {
    select(values).prop_map(String::from).boxed()
}

fn opt<T: std::fmt::Debug>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
    weighted(P, s)
}

/// Keeps the first of each key, as a builder must (JSON objects have unique keys).
fn dedup<T>(members: Vec<(String, T)>) -> Vec<(String, T)> {
    let mut seen = std::collections::HashSet::new();
    members
        .into_iter()
        .filter(|(k, _)| seen.insert(k.clone()))
        .collect()
}

fn json() -> BoxedStrategy<Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        num().prop_map(Json::Number),
        text().prop_map(Json::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::vec((text(), inner), 0..4).prop_map(|m| Json::Object(dedup(m))),
        ]
    })
    .boxed()
}

fn json_object() -> BoxedStrategy<Json> {
    prop::collection::vec((text(), json()), 0..4)
        .prop_map(|m| Json::Object(dedup(m)))
        .boxed()
}

/// A transition target: usually a reference to a sibling state (resolved once the names are
/// known), sometimes a name that does not exist.
fn target() -> BoxedStrategy<String> {
    prop_oneof![
        5 => (0usize..8).prop_map(|i| format!("\u{0}T{i}")),
        1 => text(),
    ]
    .boxed()
}

// ---------- choice rules ----------

fn comparison_rule() -> BoxedStrategy<ChoiceRule> {
    (
        opt(text()),
        prop::collection::vec((select(Operator::ALL), json()), 1..3),
    )
        .prop_map(|(variable, comparisons)| {
            let mut seen = std::collections::HashSet::new();
            let comparisons = comparisons
                .into_iter()
                .filter(|(op, _)| seen.insert(*op))
                .collect();
            ChoiceRule {
                variable,
                comparisons,
                ..ChoiceRule::default()
            }
        })
        .boxed()
}

fn choice_rule() -> BoxedStrategy<ChoiceRule> {
    let leaf = prop_oneof![
        4 => comparison_rule(),
        1 => json().prop_map(|c| ChoiceRule { condition: Some(c), ..ChoiceRule::default() }),
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| ChoiceRule {
                and: Some(v),
                ..ChoiceRule::default()
            }),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| ChoiceRule {
                or: Some(v),
                ..ChoiceRule::default()
            }),
            inner.prop_map(|r| ChoiceRule {
                not: Some(Box::new(r)),
                ..ChoiceRule::default()
            }),
        ]
    })
    .boxed()
}

fn top_choice_rule() -> BoxedStrategy<ChoiceRule> {
    (
        choice_rule(),
        opt(target()),
        opt(json_object()),
        opt(json()),
        opt(text()),
    )
        .prop_map(|(mut r, next, assign, output, comment)| {
            r.next = next;
            r.assign = assign;
            r.output = output;
            r.comment = comment;
            r
        })
        .boxed()
}

// ---------- error handling ----------

fn error_names() -> BoxedStrategy<Vec<String>> {
    prop::collection::vec(
        prop_oneof![
            one_of(&[
                "States.ALL",
                "States.Timeout",
                "States.TaskFailed",
                "Lambda.ServiceException"
            ]),
            text(),
        ],
        0..3,
    )
    .boxed()
}

fn retrier() -> BoxedStrategy<Retrier> {
    (
        opt(error_names()),
        opt(num()),
        opt(num()),
        opt(num()),
        opt(num()),
        opt(one_of(&["FULL", "NONE"])),
        opt(text()),
    )
        .prop_map(|(e, i, m, b, d, j, c)| Retrier {
            error_equals: e,
            interval_seconds: i,
            max_attempts: m,
            backoff_rate: b,
            max_delay_seconds: d,
            jitter_strategy: j,
            comment: c,
            unknown: Vec::new(),
        })
        .boxed()
}

fn catcher() -> BoxedStrategy<Catcher> {
    (
        opt(error_names()),
        opt(target()),
        opt(path_or_null()),
        opt(json()),
        opt(json_object()),
        opt(text()),
    )
        .prop_map(|(e, n, rp, o, a, c)| Catcher {
            error_equals: e,
            next: n,
            result_path: rp,
            output: o,
            assign: a,
            comment: c,
            unknown: Vec::new(),
        })
        .boxed()
}

// ---------- Map configuration ----------

fn item_reader() -> BoxedStrategy<ItemReader> {
    let config = (
        opt(one_of(&["CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"])),
        opt(one_of(&["FIRST_ROW", "GIVEN"])),
        opt(prop::collection::vec(text(), 0..3)),
        opt(one_of(&["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"])),
        opt(num_or_expr()),
        opt(text()),
        opt(one_of(&["ATHENA_DATA", "CSV"])),
    )
        .prop_map(|(it, hl, h, d, mi, mip, mt)| ReaderConfig {
            input_type: it,
            csv_header_location: hl,
            csv_headers: h,
            csv_delimiter: d,
            max_items: mi,
            max_items_path: mip,
            manifest_type: mt,
            unknown: Vec::new(),
        });
    (opt(text()), opt(json()), opt(json()), opt(config))
        .prop_map(|(r, p, a, c)| ItemReader {
            resource: r,
            parameters: p,
            arguments: a,
            reader_config: c,
            unknown: Vec::new(),
        })
        .boxed()
}

fn item_batcher() -> BoxedStrategy<ItemBatcher> {
    (
        opt(num_or_expr()),
        opt(text()),
        opt(num_or_expr()),
        opt(text()),
        opt(json()),
    )
        .prop_map(|(a, b, c, d, e)| ItemBatcher {
            max_items_per_batch: a,
            max_items_per_batch_path: b,
            max_input_bytes_per_batch: c,
            max_input_bytes_per_batch_path: d,
            batch_input: e,
            unknown: Vec::new(),
        })
        .boxed()
}

fn result_writer() -> BoxedStrategy<ResultWriter> {
    let config = (
        opt(one_of(&["NONE", "COMPACT", "FLATTEN"])),
        opt(one_of(&["JSON", "JSONL"])),
    )
        .prop_map(|(t, o)| WriterConfig {
            transformation: t,
            output_type: o,
            unknown: Vec::new(),
        });
    (opt(text()), opt(json()), opt(json()), opt(config))
        .prop_map(|(r, p, a, c)| ResultWriter {
            resource: r,
            parameters: p,
            arguments: a,
            writer_config: c,
            unknown: Vec::new(),
        })
        .boxed()
}

// ---------- states and workflows ----------

fn state_type() -> BoxedStrategy<Option<StateType>> {
    prop_oneof![
        12 => select(StateType::ALL.to_vec()).prop_map(Some),
        1 => Just(None),
    ]
    .boxed()
}

fn query_language() -> BoxedStrategy<QueryLanguage> {
    select(vec![QueryLanguage::JsonPath, QueryLanguage::Jsonata]).boxed()
}

/// A state whose nested workflows (Parallel branches, Map processors) go `depth` levels further.
fn state(depth: u32) -> BoxedStrategy<State> {
    let common = (
        state_type(),
        opt(text()),
        opt(query_language()),
        opt(target()),
        opt(any::<bool>()),
        opt(path_or_null()),
        opt(path_or_null()),
        opt(json()),
        opt(json()),
        opt(path_or_null()),
        opt(json()),
    )
        .boxed();
    let jsonata = (opt(json()), opt(json()), opt(json_object())).boxed();
    let task = (
        opt(text()),
        opt(num_or_expr()),
        opt(text()),
        opt(num_or_expr()),
        opt(text()),
        // Credentials: an object (anything else is a type error the parser reports).
        opt(json_object()),
        opt(prop::collection::vec(retrier(), 0..3)),
        opt(prop::collection::vec(catcher(), 0..3)),
    )
        .boxed();
    let choice_wait_fail = (
        opt(prop::collection::vec(top_choice_rule(), 0..4)),
        opt(target()),
        opt(num_or_expr()),
        opt(text()),
        opt(text()),
        opt(text()),
        opt(text()),
        opt(text()),
        opt(text()),
        opt(text()),
    )
        .boxed();
    let map = (
        opt(text()),
        opt(json()),
        opt(json()),
        opt(item_reader()),
        opt(item_batcher()),
        opt(result_writer()),
        (opt(num_or_expr()), opt(text())),
        (opt(num_or_expr()), opt(text())),
        (opt(num_or_expr()), opt(text())),
        opt(text()),
    )
        .boxed();
    let nested = if depth == 0 {
        Just((None, None, None)).boxed()
    } else {
        (
            weighted(
                0.15,
                prop::collection::vec(workflow(ScopeKind::Branch, depth - 1), 0..3),
            ),
            weighted(0.15, workflow(ScopeKind::Processor, depth - 1)),
            weighted(0.05, workflow(ScopeKind::Processor, depth - 1)),
        )
            .boxed()
    };
    (common, jsonata, task, choice_wait_fail, map, nested)
        .prop_map(|(c, j, t, cwf, m, n)| State {
            kind: c.0,
            comment: c.1,
            query_language: c.2,
            next: c.3,
            end: c.4,
            input_path: c.5,
            output_path: c.6,
            parameters: c.7,
            result_selector: c.8,
            result_path: c.9,
            result: c.10,
            arguments: j.0,
            output: j.1,
            assign: j.2,
            resource: t.0,
            timeout_seconds: t.1,
            timeout_seconds_path: t.2,
            heartbeat_seconds: t.3,
            heartbeat_seconds_path: t.4,
            credentials: t.5,
            retry: t.6,
            catch: t.7,
            choices: cwf.0,
            default: cwf.1,
            seconds: cwf.2,
            seconds_path: cwf.3,
            timestamp: cwf.4,
            timestamp_path: cwf.5,
            error: cwf.6,
            error_path: cwf.7,
            cause: cwf.8,
            cause_path: cwf.9,
            branches: n.0,
            item_processor: n.1,
            iterator: n.2,
            items_path: m.0,
            items: m.1,
            item_selector: m.2,
            item_reader: m.3,
            item_batcher: m.4,
            result_writer: m.5,
            max_concurrency: m.6 .0,
            max_concurrency_path: m.6 .1,
            tolerated_failure_percentage: m.7 .0,
            tolerated_failure_percentage_path: m.7 .1,
            tolerated_failure_count: m.8 .0,
            tolerated_failure_count_path: m.8 .1,
            label: m.9,
            unknown: Vec::new(),
        })
        .boxed()
}

/// Makes state names unique in their workflow and points placeholder targets at real states.
fn link(states: Vec<(String, State)>) -> Vec<(String, State)> {
    let mut seen = std::collections::HashSet::new();
    let mut names = Vec::with_capacity(states.len());
    for (name, _) in &states {
        let mut n = name.clone();
        let mut i = 0;
        while !seen.insert(n.clone()) {
            i += 1;
            n = format!("{name}#{i}");
        }
        names.push(n);
    }
    let resolve = |t: &mut Option<String>| {
        if let Some(s) = t {
            if let Some(k) = s
                .strip_prefix("\u{0}T")
                .and_then(|k| k.parse::<usize>().ok())
            {
                *s = if names.is_empty() {
                    "Nowhere".to_string()
                } else {
                    names[k % names.len()].clone()
                };
            }
        }
    };
    let mut out = Vec::with_capacity(states.len());
    for (name, (_, mut s)) in names.iter().zip(states) {
        resolve(&mut s.next);
        resolve(&mut s.default);
        for r in s.choices.iter_mut().flatten() {
            resolve(&mut r.next);
        }
        for c in s.catch.iter_mut().flatten() {
            resolve(&mut c.next);
        }
        out.push((name.clone(), s));
    }
    out
}

fn state_name() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[A-Z][A-Za-z0-9]{0,12}\\??",
        1 => text(),
    ]
    .boxed()
}

fn workflow(kind: ScopeKind, depth: u32) -> BoxedStrategy<Workflow> {
    let size = if kind == ScopeKind::Machine {
        0..6
    } else {
        0..4
    };
    let states = prop::collection::vec((state_name(), state(depth)), size).prop_map(link);
    let start = prop_oneof![4 => Just(None), 1 => opt(text()).prop_map(Some)];
    let top = (opt(text()), opt(num_or_expr()), opt(query_language()));
    let config = (
        opt(one_of(&["INLINE", "DISTRIBUTED"])),
        opt(one_of(&["STANDARD", "EXPRESS"])),
    )
        .prop_map(|(mode, execution_type)| ProcessorConfig {
            mode,
            execution_type,
            unknown: Vec::new(),
        });
    (opt(text()), start, states, top, opt(config))
        .prop_map(move |(comment, start, states, top, config)| {
            // StartAt usually names the first state; sometimes nothing or a missing state.
            let start_at = match start {
                None => states.first().map(|(n, _)| n.clone()),
                Some(other) => other,
            };
            let machine = kind == ScopeKind::Machine;
            Workflow {
                comment,
                start_at,
                states,
                version: top.0.filter(|_| machine),
                timeout_seconds: top.1.filter(|_| machine),
                query_language: top.2.filter(|_| machine),
                processor_config: config.filter(|_| kind == ScopeKind::Processor),
                unknown: Vec::new(),
                open: false,
            }
        })
        .boxed()
}

fn machine() -> BoxedStrategy<StateMachine> {
    workflow(ScopeKind::Machine, 3)
}

/// The model as emission presents it: every workflow's states in flow order.
fn in_flow_order(w: &Workflow) -> Workflow {
    let order = emit::flow_order(w);
    let mut w2 = w.clone();
    w2.states = order
        .into_iter()
        .map(|i| {
            let (name, s) = &w.states[i];
            let mut s = s.clone();
            s.branches = s
                .branches
                .map(|b| b.iter().map(in_flow_order).collect::<Vec<_>>());
            s.item_processor = s.item_processor.as_ref().map(in_flow_order);
            s.iterator = s.iterator.as_ref().map(in_flow_order);
            (name.clone(), s)
        })
        .collect();
    w2
}

fn parse_errors(text: &str) -> Vec<String> {
    parse_str(text)
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code(),
                "ASL001" | "ASL002" | "ASL003" | "ASL004" | "ASL005"
            )
        })
        .map(|d| format!("{} {} {}", d.code(), d.path, d.message))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn pretty_emission_is_a_fixed_point_and_lossless(m in machine()) {
        let text = emit::to_pretty(&m);
        prop_assert_eq!(parse_errors(&text), Vec::<String>::new());
        let report = parse_str(&text);
        let parsed = report.machine.expect("emitted text parses to a model");
        prop_assert_eq!(&parsed, &in_flow_order(&m), "emission lost or changed something");
        prop_assert_eq!(emit::to_pretty(&parsed), text);
    }

    #[test]
    fn compact_emission_is_a_fixed_point(m in machine()) {
        let text = emit::to_compact(&m);
        prop_assert!(!text.contains('\n'), "compact text has no raw newline");
        prop_assert_eq!(parse_errors(&text), Vec::<String>::new());
        let parsed = parse_str(&text).machine.expect("emitted text parses to a model");
        prop_assert_eq!(emit::to_compact(&parsed), text);
        // Both layouts carry the same model.
        prop_assert_eq!(emit::to_pretty(&parsed), emit::to_pretty(&m));
    }

    #[test]
    fn num_parse_is_canonical_idempotent_and_exact(t in number_text()) {
        let n = Num::parse(&t).expect("generated text is a JSON number");
        let again = Num::parse(n.as_str()).expect("canonical text is a JSON number");
        prop_assert_eq!(&again, &n);
        let (a, b) = (t.parse::<f64>().unwrap_or(f64::NAN), n.as_str().parse::<f64>().unwrap_or(f64::NAN));
        prop_assert!(a == b || (a.is_nan() && b.is_nan()), "{} -> {} changes the value", t, n);
    }

    #[test]
    fn num_parse_never_panics_and_accepts_only_json_numbers(t in "[-+0-9.eE ]{0,12}|\\PC{0,6}") {
        if let Some(n) = Num::parse(&t) {
            prop_assert_eq!(Num::parse(n.as_str()), Some(n.clone()));
            // Anything accepted is valid JSON, which the strict parser agrees with.
            let report = parse_str(&format!("{{\"n\": {t}}}"));
            prop_assert!(report.diagnostics.iter().all(|d| d.code() != "ASL001"), "{}", t);
        }
    }
}
