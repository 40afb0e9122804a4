//! A typed workflow inside a resource: `sfn_state_machine`'s `workflow` block, compiled with the
//! resource's own configuration.
//!
//! Why a resource and not only the data source: Terraform defers a data source whose
//! configuration holds a value not yet known and then calls the provider at plan only in the
//! validate walk, where every variable is unknown. A managed resource is validated and planned
//! with its variables known next to the unknown values, so every rule runs on what is known.

use sfn_codegen::control::Overrides;
use sfn_codegen::emit;
use tf_provider::schema::{AttributeType, Block, NestedBlock};
use tf_provider::{AttributePath, AttributePathStep, Diagnostics};

use super::{compile_with, decode_config, Report};
use crate::tfvalue::{Raw, Tf};

/// The block's name in a resource.
pub const ATTR: &str = "workflow";

/// The block's value in a resource's model. Terraform gives an absent group block as an object
/// of nulls and empty block maps and expects the same back, never null: a state without the
/// block (older states, imports) reads as that empty object.
#[derive(Debug, Clone, PartialEq)]
pub struct Inline(pub Raw);

impl Default for Inline {
    fn default() -> Self {
        Inline(empty())
    }
}

impl serde::Serialize for Inline {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Inline {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <Raw as serde::Deserialize>::deserialize(deserializer)?;
        Ok(if raw.0.is_nil() {
            Inline::default()
        } else {
            Inline(raw)
        })
    }
}

/// The absent block: every attribute null, every block map empty. A map of blocks whose schema
/// holds `dynamic` attributes has no static type (cty makes it `DynamicPseudoType`), so its
/// empty value travels as cty's dynamic wrapper: `[type JSON, value]`, here an empty object.
pub fn empty() -> Raw {
    static EMPTY: std::sync::OnceLock<rmpv::Value> = std::sync::OnceLock::new();
    let v = EMPTY.get_or_init(|| {
        let b = super::schema::inline_block();
        let empty_blocks = |nb: &NestedBlock| match nb {
            NestedBlock::Map(inner) if has_dynamic(inner) => rmpv::Value::Array(vec![
                rmpv::Value::Binary(br#"["object",{}]"#.to_vec()),
                rmpv::Value::Map(vec![]),
            ]),
            _ => rmpv::Value::Map(vec![]),
        };
        let mut names: Vec<(String, rmpv::Value)> = b
            .attributes
            .keys()
            .map(|k| (k.clone(), rmpv::Value::Nil))
            .chain(b.blocks.iter().map(|(k, nb)| (k.clone(), empty_blocks(nb))))
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        rmpv::Value::Map(
            names
                .into_iter()
                .map(|(k, v)| (rmpv::Value::from(k), v))
                .collect(),
        )
    });
    Raw(v.clone())
}

/// Whether a block (or one nested in it) has an attribute of type `dynamic`.
fn has_dynamic(b: &Block) -> bool {
    b.attributes
        .values()
        .any(|a| matches!(a.attr_type, AttributeType::Any))
        || b.blocks.values().any(|nb| match nb {
            NestedBlock::Single(x)
            | NestedBlock::List(x)
            | NestedBlock::Set(x)
            | NestedBlock::Map(x)
            | NestedBlock::Group(x)
            | NestedBlock::Optional(x) => has_dynamic(x),
        })
}

/// What compiling an inline workflow gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Compiled {
    /// No `workflow` block (or one with nothing set).
    Absent,
    /// Canonical ASL JSON: everything was known.
    Known(String),
    /// Valid as far as it is known; the definition is known only at apply.
    Unknown,
    /// Errors (reported in the diagnostics).
    Failed,
}

/// True when a decoded block sets anything. Terraform sends an absent group block as an object of
/// nulls and empty collections.
fn sets_anything(v: &Tf) -> bool {
    match v {
        Tf::Null => false,
        Tf::Unknown => true,
        Tf::List(items) => !items.is_empty(),
        Tf::Object(members) => members.iter().any(|(_, m)| sets_anything(m)),
        _ => true,
    }
}

/// Whether the configuration has a `workflow` block, without reporting anything.
pub fn given(raw: &Raw) -> bool {
    let mut scratch = Diagnostics::default();
    decode_config(&mut scratch, raw).is_some_and(|tf| sets_anything(&tf))
}

/// Compiles the `workflow` block of a resource. `machine_type` is the resource's `type` when
/// known (`None` while unknown: the Express restrictions wait for it). Diagnostics point at
/// `workflow.<path>`.
pub fn compile(
    diags: &mut Diagnostics,
    raw: &Raw,
    machine_type: Option<&str>,
    report: Report,
    rules: &Overrides,
) -> Compiled {
    let mut found = Diagnostics::default();
    let Some(tf) = decode_config(&mut found, raw) else {
        prefix_into(diags, found);
        return Compiled::Failed;
    };
    if !sets_anything(&tf) {
        return Compiled::Absent;
    }
    if tf.is_unknown() {
        return Compiled::Unknown;
    }
    let mut members = match tf {
        Tf::Object(m) => m,
        _ => Vec::new(),
    };
    members.retain(|(k, _)| k != "workflow_type");
    if let Some(t) = machine_type {
        members.push(("workflow_type".into(), Tf::String(t.to_uppercase())));
    }
    let tf = Tf::Object(members);
    let result = compile_with(&mut found, &tf, report, rules);
    prefix_into(diags, found);
    match result {
        None => Compiled::Failed,
        Some(_) if tf.has_unknown() => Compiled::Unknown,
        Some((machine, _)) => Compiled::Known(emit::to_pretty(&machine)),
    }
}

/// Moves `found` into `diags`, each path under the block (one with no path points at the block).
fn prefix_into(diags: &mut Diagnostics, found: Diagnostics) {
    let under = |mut d: tf_provider::Diagnostic| {
        let mut steps = vec![AttributePathStep::Attribute(ATTR.into())];
        steps.append(&mut d.attribute.steps);
        d.attribute = AttributePath { steps };
        d
    };
    diags.errors.extend(found.errors.into_iter().map(under));
    diags.warnings.extend(found.warnings.into_iter().map(under));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(v: rmpv::Value) -> Raw {
        Raw(v)
    }

    fn s(v: &str) -> rmpv::Value {
        rmpv::Value::from(v)
    }

    fn obj(members: Vec<(&str, rmpv::Value)>) -> rmpv::Value {
        rmpv::Value::Map(members.into_iter().map(|(k, v)| (s(k), v)).collect())
    }

    fn workflow(next: &str) -> rmpv::Value {
        obj(vec![
            ("start_at", s("A")),
            ("comment", rmpv::Value::Nil),
            (
                "pass",
                obj(vec![(
                    "A",
                    obj(vec![("next", s(next)), ("end", rmpv::Value::Nil)]),
                )]),
            ),
        ])
    }

    #[test]
    fn the_empty_block_is_absent_and_round_trips() {
        let mut d = Diagnostics::default();
        assert_eq!(
            compile(&mut d, &empty(), None, Report::All, &Overrides::new()),
            Compiled::Absent
        );
        let bytes = rmp_serde::to_vec_named(&Inline::default()).unwrap_or_default();
        let back: Inline = rmp_serde::from_slice(&bytes).unwrap_or(Inline(Raw::default()));
        assert_eq!(back, Inline::default());
        let nil: Inline = rmp_serde::from_slice(&[0xc0]).unwrap_or(Inline(Raw::default()));
        assert_eq!(nil, Inline::default(), "a state without the block");
        // Task blocks hold dynamic attributes (`parameters`): cty's dynamic wrapper.
        let task = match &empty().0 {
            rmpv::Value::Map(m) => m
                .iter()
                .find(|(k, _)| k.as_str() == Some("task"))
                .map(|(_, v)| v.clone()),
            _ => None,
        };
        assert!(
            matches!(&task, Some(rmpv::Value::Array(a)) if a.len() == 2),
            "{task:?}"
        );
    }

    #[test]
    fn an_absent_block_is_absent() {
        let empty = obj(vec![
            ("start_at", rmpv::Value::Nil),
            ("pass", rmpv::Value::Map(vec![])),
        ]);
        let mut d = Diagnostics::default();
        assert_eq!(
            compile(&mut d, &raw(empty), None, Report::All, &Overrides::new()),
            Compiled::Absent
        );
        assert!(!given(&raw(rmpv::Value::Nil)));
        assert!(d.errors.is_empty());
    }

    #[test]
    fn errors_point_under_the_block() {
        let mut d = Diagnostics::default();
        let got = compile(
            &mut d,
            &raw(workflow("Nowhere")),
            None,
            Report::All,
            &Overrides::new(),
        );
        assert_eq!(got, Compiled::Failed);
        let e = d.errors.first().map(|e| e.attribute.steps.first().cloned());
        assert_eq!(
            e,
            Some(Some(AttributePathStep::Attribute("workflow".into()))),
            "{:?}",
            d.errors
        );
        assert!(
            d.errors.iter().any(|e| e.summary.contains("ASL102")),
            "{:?}",
            d.errors
        );
    }
}
