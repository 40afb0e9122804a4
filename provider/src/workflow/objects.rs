//! `states` objects -> the shape that state blocks decode to.
//!
//! `states` is a `dynamic` attribute, so Terraform checks nothing inside it. This module does for
//! each entry what Terraform does for a block: it checks every key and type against the same
//! generated block schema (so the object form and the blocks cannot drift apart), converts
//! primitive values the way Terraform converts block attributes (a number where a string is
//! expected, `"2"` where a number is), and returns the value in the shape blocks arrive in
//! (single nested objects as one-element lists), so one translation serves both forms.
//!
//! What the schema cannot say is handled here: rules nest to any depth (`and`, `or`, `not`), and
//! a `branch` or `item_processor` object is a workflow with `start_at`, `comment`, `json`,
//! `states` (and `mode`, `execution_type`), whose own `states` the translation descends into.

use std::sync::OnceLock;

use sfn_codegen::hcl::{
    block_name, state_type_from_hcl, BRANCH_BLOCK, JSON_ATTR, PROCESSOR_BLOCK, RULE_BLOCK,
    RULE_DEPTH, STATES_ATTR, TYPE_KEY,
};
use sfn_codegen::model::StateType;
use sfn_codegen::{suggest, Num};
use tf_provider::schema::{AttributeType, Block, NestedBlock};
use tf_provider::AttributePath;

use super::schema::{rule_block, state_block};
use crate::tfvalue::Tf;

/// A problem with the shape of a `states` value, at its exact path.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// `SFNnnn name`.
    pub code: &'static str,
    pub path: AttributePath,
    pub message: String,
    pub hint: String,
}

pub const UNKNOWN_KEY: &str = "SFN070 states-unknown-key";
pub const WRONG_TYPE: &str = "SFN071 states-wrong-type";
pub const BAD_STATE_TYPE: &str = "SFN072 states-invalid-type";

struct Shapes {
    states: Vec<(StateType, Block)>,
    /// A rule inside `and`/`or`/`not`: comparisons only (its own nesting is handled here).
    nested_rule: Block,
    top_rule: Block,
}

fn shapes() -> &'static Shapes {
    static SHAPES: OnceLock<Shapes> = OnceLock::new();
    SHAPES.get_or_init(|| Shapes {
        states: StateType::ALL
            .into_iter()
            .map(|t| (t, state_block(t, 0)))
            .collect(),
        nested_rule: rule_block(RULE_DEPTH),
        top_rule: rule_block(0),
    })
}

/// The keys a state object of type `t` takes.
pub fn state_keys(t: StateType) -> Vec<&'static str> {
    let Some((_, b)) = shapes().states.iter().find(|(s, _)| *s == t) else {
        return Vec::new();
    };
    let mut keys: Vec<&'static str> = std::iter::once(TYPE_KEY)
        .chain(b.attributes.keys().map(String::as_str))
        .chain(b.blocks.keys().map(String::as_str))
        .collect();
    keys.sort_unstable();
    keys
}

fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// What a value is, for messages: "a string", "a list", ...
pub fn describe(v: &Tf) -> &'static str {
    match v {
        Tf::Null => "null",
        Tf::Unknown => "a value not yet known",
        Tf::Bool(_) => "a boolean",
        Tf::Number(_) => "a number",
        Tf::String(_) => "a string",
        Tf::List(_) => "a list",
        Tf::Object(_) => "an object",
    }
}

struct Cx<'p> {
    problems: &'p mut Vec<Problem>,
}

impl Cx<'_> {
    fn wrong_type(&mut self, at: &AttributePath, expected: &str, found: &Tf) {
        let found_text = match found {
            Tf::String(s) if s.chars().count() <= 40 => format!("{} ({s:?})", describe(found)),
            other => describe(other).to_string(),
        };
        self.problems.push(Problem {
            code: WRONG_TYPE,
            path: at.clone(),
            message: format!("expected {expected}, found {found_text}"),
            hint: "Give the value the type that the same attribute has in a state block (see the sfn_workflow documentation).".into(),
        });
    }

    fn unknown_key(&mut self, at: &AttributePath, key: &str, what: &str, allowed: &[&str]) {
        let mut message = format!("{what} has no field \"{key}\".");
        let snake = sfn_codegen::hcl::snake(key);
        let other_types: Vec<&str> = StateType::ALL
            .into_iter()
            .filter(|t| state_keys(*t).contains(&key))
            .map(block_name)
            .collect();
        if snake != key && allowed.contains(&snake.as_str()) {
            message.push_str(&format!(
                " Fields are written in snake_case, as in the blocks: \"{snake}\"."
            ));
        } else if let Some(s) = suggest::did_you_mean(key, allowed.iter().copied()) {
            message.push_str(&format!(" Did you mean \"{s}\"?"));
        } else if !other_types.is_empty() && what.ends_with(" state") {
            message.push_str(&format!(
                " It belongs to {} states.",
                other_types.join(" and ")
            ));
        }
        self.problems.push(Problem {
            code: UNKNOWN_KEY,
            path: at.clone(),
            message,
            hint: format!("Fields allowed here: {}.", allowed.join(", ")),
        });
    }
}

/// Checks and converts one `states` entry (`v`, at `at`) of type `t`.
pub fn state(
    v: &[(String, Tf)],
    t: StateType,
    at: &AttributePath,
    problems: &mut Vec<Problem>,
) -> Tf {
    let shapes = shapes();
    let Some((_, block)) = shapes.states.iter().find(|(s, _)| *s == t) else {
        return Tf::Null;
    };
    let name = block_name(t);
    let what = format!("{} {name} state", article(name));
    let mut cx = Cx { problems };
    block_object(v, block, &what, at, &mut cx, &[TYPE_KEY])
}

/// The state type an entry's `type` names, or the problem with it (`None` and no problem: the
/// type is not known yet).
pub(crate) fn state_type(
    v: &[(String, Tf)],
    at: &AttributePath,
    problems: &mut Vec<Problem>,
) -> Result<Option<StateType>, ()> {
    let names: Vec<&str> = StateType::ALL.into_iter().map(block_name).collect();
    let ty = v
        .iter()
        .find(|(k, _)| k == TYPE_KEY)
        .map_or(&Tf::Null, |(_, v)| v);
    match ty {
        Tf::Unknown => Ok(None),
        Tf::String(s) => match state_type_from_hcl(s) {
            Some(t) => Ok(Some(t)),
            None => {
                problems.push(Problem {
                    code: BAD_STATE_TYPE,
                    path: at.clone().attribute(TYPE_KEY),
                    message: format!(
                        "\"{s}\" is not a state type.{}",
                        suggest::hint(s, names.iter().copied())
                    ),
                    hint: format!("Use one of: {}.", names.join(", ")),
                });
                Err(())
            }
        },
        Tf::Null => {
            problems.push(Problem {
                code: BAD_STATE_TYPE,
                path: at.clone(),
                message: "a state object needs \"type\"".into(),
                hint: format!("Add type = \"task\" (or {}).", names[1..].join(", ")),
            });
            Err(())
        }
        other => {
            let mut cx = Cx { problems };
            cx.wrong_type(&at.clone().attribute(TYPE_KEY), "a string", other);
            Err(())
        }
    }
}

fn nested_block(nb: &NestedBlock) -> (&Block, bool) {
    match nb {
        NestedBlock::List(b) | NestedBlock::Set(b) | NestedBlock::Map(b) => (b, true),
        NestedBlock::Single(b) | NestedBlock::Optional(b) | NestedBlock::Group(b) => (b, false),
    }
}

/// An object checked against a block's attributes and nested blocks.
fn block_object(
    members: &[(String, Tf)],
    block: &Block,
    what: &str,
    at: &AttributePath,
    cx: &mut Cx,
    extra: &[&str],
) -> Tf {
    let mut out = Vec::with_capacity(members.len());
    for (k, v) in members {
        if v.is_null() {
            continue; // an attribute set to null is an absent one, as in a block
        }
        let here = at.clone().attribute(k.clone());
        if extra.contains(&k.as_str()) {
            out.push((k.clone(), v.clone()));
        } else if let Some(a) = block.attributes.get(k) {
            out.push((k.clone(), convert(v, &a.attr_type, &here, cx)));
        } else if matches!(k.as_str(), "and" | "or") && is_rule(block) {
            out.push((
                k.clone(),
                list_of(v, &here, cx, |x, p, cx| rule(x, false, p, cx)),
            ));
        } else if k == "not" && is_rule(block) {
            out.push((
                k.clone(),
                one(v, &here, cx, |x, p, cx| rule(x, false, p, cx)),
            ));
        } else if k == RULE_BLOCK && block.blocks.contains_key(RULE_BLOCK) {
            out.push((
                k.clone(),
                list_of(v, &here, cx, |x, p, cx| rule(x, true, p, cx)),
            ));
        } else if k == BRANCH_BLOCK && block.blocks.contains_key(BRANCH_BLOCK) {
            out.push((
                k.clone(),
                list_of(v, &here, cx, |x, p, cx| workflow(x, false, p, cx)),
            ));
        } else if k == PROCESSOR_BLOCK && block.blocks.contains_key(PROCESSOR_BLOCK) {
            out.push((
                k.clone(),
                one(v, &here, cx, |x, p, cx| workflow(x, true, p, cx)),
            ));
        } else if let Some(nb) = block.blocks.get(k) {
            let (inner, many) = nested_block(nb);
            let what = format!("\"{k}\"");
            let each = |x: &Tf, p: &AttributePath, cx: &mut Cx| match x {
                Tf::Object(m) => block_object(m, inner, &what, p, cx, &[]),
                Tf::Unknown => Tf::Unknown,
                other => {
                    cx.wrong_type(p, "an object", other);
                    Tf::Null
                }
            };
            let converted = if many {
                list_of(v, &here, cx, each)
            } else {
                one(v, &here, cx, each)
            };
            out.push((k.clone(), converted));
        } else {
            let mut allowed: Vec<&str> = extra
                .iter()
                .copied()
                .chain(block.attributes.keys().map(String::as_str))
                .chain(block.blocks.keys().map(String::as_str))
                .collect();
            if is_rule(block) {
                allowed.extend(["and", "or", "not"]);
            }
            allowed.sort_unstable();
            allowed.dedup();
            cx.unknown_key(&here, k, what, &allowed);
        }
    }
    Tf::Object(out)
}

fn is_rule(block: &Block) -> bool {
    block.attributes.contains_key("variable")
}

/// A list of objects (`retry`, `catch`, `rule`, `branch`, `and`, `or`).
fn list_of(
    v: &Tf,
    at: &AttributePath,
    cx: &mut Cx,
    each: impl Fn(&Tf, &AttributePath, &mut Cx) -> Tf,
) -> Tf {
    match v {
        Tf::List(items) => Tf::List(
            items
                .iter()
                .enumerate()
                .map(|(i, x)| each(x, &at.clone().index(i as i64), cx))
                .collect(),
        ),
        Tf::Unknown => Tf::Unknown,
        other => {
            cx.wrong_type(at, "a list of objects", other);
            Tf::Null
        }
    }
}

/// A single nested object (`item_processor`, `item_reader`, `not`, ...), returned as the
/// one-element list a single nested block decodes to.
fn one(
    v: &Tf,
    at: &AttributePath,
    cx: &mut Cx,
    each: impl Fn(&Tf, &AttributePath, &mut Cx) -> Tf,
) -> Tf {
    match v {
        Tf::Object(_) => Tf::List(vec![each(v, at, cx)]),
        Tf::Unknown => Tf::Unknown,
        other => {
            let expected = if matches!(other, Tf::List(_)) {
                "an object (a single nested block is one object here, not a list)"
            } else {
                "an object"
            };
            cx.wrong_type(at, expected, other);
            Tf::Null
        }
    }
}

fn rule(v: &Tf, top: bool, at: &AttributePath, cx: &mut Cx) -> Tf {
    let shapes = shapes();
    match v {
        Tf::Object(m) => {
            let (block, what) = if top {
                (&shapes.top_rule, "a Choice rule")
            } else {
                (&shapes.nested_rule, "a nested Choice rule")
            };
            block_object(m, block, what, at, cx, &[])
        }
        Tf::Unknown => Tf::Unknown,
        other => {
            cx.wrong_type(at, "an object", other);
            Tf::Null
        }
    }
}

/// A `branch` or `item_processor` object: a workflow. Its `states` are checked when the
/// translation descends into them.
fn workflow(v: &Tf, processor: bool, at: &AttributePath, cx: &mut Cx) -> Tf {
    let Tf::Object(members) = v else {
        if v.is_unknown() {
            return Tf::Unknown;
        }
        cx.wrong_type(at, "an object", v);
        return Tf::Null;
    };
    let mut allowed = vec!["comment", JSON_ATTR, "start_at", STATES_ATTR];
    if processor {
        allowed.extend(["execution_type", "mode"]);
    }
    allowed.sort_unstable();
    let what = if processor {
        "an item_processor object"
    } else {
        "a branch object"
    };
    let mut out = Vec::with_capacity(members.len());
    for (k, x) in members {
        if x.is_null() {
            continue;
        }
        let here = at.clone().attribute(k.clone());
        if k == STATES_ATTR {
            out.push((k.clone(), x.clone()));
        } else if allowed.contains(&k.as_str()) {
            out.push((k.clone(), convert(x, &AttributeType::String, &here, cx)));
        } else if state_type_from_hcl(k).is_some() {
            cx.problems.push(Problem {
                code: UNKNOWN_KEY,
                path: here,
                message: format!("{what} has no field \"{k}\": inside an object, states are given in \"states\"."),
                hint: format!("Write {STATES_ATTR} = {{ Name = {{ type = \"{k}\", ... }} }}."),
            });
        } else {
            cx.unknown_key(&here, k, what, &allowed);
        }
    }
    Tf::Object(out)
}

/// A value converted to an attribute's type, as Terraform converts block attributes.
fn convert(v: &Tf, ty: &AttributeType, at: &AttributePath, cx: &mut Cx) -> Tf {
    match (ty, v) {
        (_, Tf::Unknown | Tf::Null) | (AttributeType::Any, _) => v.clone(),
        (AttributeType::String, Tf::String(_)) => v.clone(),
        (AttributeType::String, Tf::Number(n)) => Tf::String(n.to_string()),
        (AttributeType::String, Tf::Bool(b)) => Tf::String(b.to_string()),
        (AttributeType::Number, Tf::Number(_)) => v.clone(),
        (AttributeType::Number, Tf::String(s)) => match Num::parse(s) {
            Some(n) => Tf::Number(n),
            None => {
                cx.wrong_type(at, "a number", v);
                Tf::Null
            }
        },
        (AttributeType::Bool, Tf::Bool(_)) => v.clone(),
        (AttributeType::Bool, Tf::String(s)) if s == "true" || s == "false" => {
            Tf::Bool(s == "true")
        }
        (AttributeType::List(inner), Tf::List(items)) => Tf::List(
            items
                .iter()
                .enumerate()
                .map(|(i, x)| convert(x, inner, &at.clone().index(i as i64), cx))
                .collect(),
        ),
        (ty, other) => {
            let expected = match ty {
                AttributeType::String => "a string",
                AttributeType::Number => "a number",
                AttributeType::Bool => "a boolean",
                AttributeType::List(_) => "a list of strings",
                _ => "another type",
            };
            cx.wrong_type(at, expected, other);
            Tf::Null
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(members: Vec<(&str, Tf)>) -> Vec<(String, Tf)> {
        members
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }

    fn s(v: &str) -> Tf {
        Tf::String(v.into())
    }

    fn at() -> AttributePath {
        AttributePath::new(STATES_ATTR).key("step-1")
    }

    #[test]
    fn a_task_object_takes_the_block_fields_and_converts_like_terraform() {
        let v = obj(vec![
            ("type", s("task")),
            ("resource", s("arn:aws:states:::lambda:invoke")),
            ("timeout_seconds", Tf::Number(Num::from_i64(30))),
            ("end", s("true")),
            ("next", Tf::Null),
            (
                "retry",
                Tf::List(vec![Tf::Object(obj(vec![
                    ("error_equals", Tf::List(vec![s("States.ALL")])),
                    ("backoff_rate", s("1.5")),
                    ("max_attempts", Tf::Number(Num::from_i64(2))),
                ]))]),
            ),
        ]);
        let mut problems = Vec::new();
        let out = state(&v, StateType::Task, &at(), &mut problems);
        assert_eq!(problems, vec![]);
        assert_eq!(out.get("end"), &Tf::Bool(true));
        assert_eq!(out.get("next"), &Tf::Null);
        let r = &out.get("retry").items()[0];
        assert_eq!(r.get("backoff_rate").as_num().map(Num::as_str), Some("1.5"));
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_reported_at_their_exact_path() {
        let v = obj(vec![
            ("type", s("task")),
            ("Resource", s("x")),
            ("resorce", s("x")),
            ("items_path", s("$.items")),
            (
                "retry",
                Tf::List(vec![Tf::Object(obj(vec![
                    ("error_equals", Tf::List(vec![s("States.ALL")])),
                    ("backoff_rate", s("fast")),
                ]))]),
            ),
            ("catch", Tf::Object(vec![])),
        ]);
        let mut problems = Vec::new();
        state(&v, StateType::Task, &at(), &mut problems);
        let found: Vec<(String, &str, &str)> = problems
            .iter()
            .map(|p| (format!("{:?}", p.path), p.code, p.message.as_str()))
            .collect();
        assert_eq!(problems.len(), 5, "{found:#?}");
        assert!(problems[0]
            .message
            .contains("snake_case, as in the blocks: \"resource\""));
        assert!(problems[1].message.contains("Did you mean \"resource\"?"));
        assert!(
            problems[2].message.contains("belongs to map states"),
            "{}",
            problems[2].message
        );
        assert_eq!(
            problems[3].path,
            at().attribute("retry").index(0).attribute("backoff_rate")
        );
        assert_eq!(problems[3].code, WRONG_TYPE);
        assert!(problems[3]
            .message
            .contains("expected a number, found a string (\"fast\")"));
        assert_eq!(problems[4].path, at().attribute("catch"));
    }

    #[test]
    fn rules_nest_to_any_depth_and_single_blocks_become_one_element_lists() {
        let leaf = Tf::Object(obj(vec![
            ("variable", s("$.a")),
            ("is_present", Tf::Bool(true)),
        ]));
        let deep = Tf::Object(obj(vec![(
            "or",
            Tf::List(vec![Tf::Object(obj(vec![(
                "and",
                Tf::List(vec![leaf.clone()]),
            )]))]),
        )]));
        let v = obj(vec![
            ("type", s("choice")),
            (
                "rule",
                Tf::List(vec![Tf::Object(obj(vec![
                    ("not", deep),
                    ("next", s("Done")),
                ]))]),
            ),
        ]);
        let mut problems = Vec::new();
        let out = state(&v, StateType::Choice, &at(), &mut problems);
        assert_eq!(problems, vec![]);
        let not = &out.get("rule").items()[0].get("not").items()[0];
        let and = &not.get("or").items()[0].get("and").items()[0];
        assert_eq!(and.get("is_present"), &Tf::Bool(true));

        // A nested rule cannot have `next`; a single nested block given as a list is explained.
        let v = obj(vec![
            ("type", s("map")),
            ("item_reader", Tf::List(vec![Tf::Object(vec![])])),
        ]);
        let mut problems = Vec::new();
        state(&v, StateType::Map, &at(), &mut problems);
        assert!(problems[0].message.contains("one object here, not a list"));
    }

    #[test]
    fn workflow_objects_take_states_not_state_blocks() {
        let v = obj(vec![
            ("type", s("parallel")),
            (
                "branch",
                Tf::List(vec![Tf::Object(obj(vec![
                    ("start_at", s("A")),
                    ("task", Tf::Object(vec![])),
                    ("mode", s("INLINE")),
                ]))]),
            ),
        ]);
        let mut problems = Vec::new();
        state(&v, StateType::Parallel, &at(), &mut problems);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0]
            .message
            .contains("states are given in \"states\""));
        assert_eq!(
            problems[1].path,
            at().attribute("branch").index(0).attribute("mode")
        );
    }

    #[test]
    fn the_type_is_checked_and_suggested() {
        let mut problems = Vec::new();
        assert_eq!(
            state_type(&obj(vec![("type", s("Task"))]), &at(), &mut problems),
            Ok(Some(StateType::Task))
        );
        assert_eq!(
            state_type(&obj(vec![("type", Tf::Unknown)]), &at(), &mut problems),
            Ok(None)
        );
        assert!(problems.is_empty());
        assert_eq!(
            state_type(&obj(vec![("type", s("tsak"))]), &at(), &mut problems),
            Err(())
        );
        assert!(problems[0].message.contains("Did you mean \"task\"?"));
        assert_eq!(state_type(&obj(vec![]), &at(), &mut problems), Err(()));
        assert_eq!(problems[1].path, at());
    }
}
