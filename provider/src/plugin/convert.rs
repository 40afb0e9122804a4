//! tf-provider's schema, diagnostic and attribute-path values as protocol messages. Attributes
//! and blocks are sent sorted by name, so the same provider always sends the same bytes.

use tf_provider::schema::{Attribute, AttributeConstraint, Block, NestedBlock, Schema, StringKind};
use tf_provider::{AttributePath, AttributePathStep, Diagnostics};

use super::proto::tfplugin6 as tf;

pub fn schema(s: &Schema) -> tf::Schema {
    tf::Schema {
        version: s.version,
        block: Some(block(&s.block)),
    }
}

fn kind(k: &StringKind) -> i32 {
    match k {
        StringKind::Plain => tf::StringKind::Plain as i32,
        StringKind::Markdown => tf::StringKind::Markdown as i32,
    }
}

fn block(b: &Block) -> tf::schema::Block {
    let mut attributes: Vec<_> = b.attributes.iter().map(|(n, a)| attribute(n, a)).collect();
    attributes.sort_by(|x, y| x.name.cmp(&y.name));
    let mut block_types: Vec<_> = b.blocks.iter().map(|(n, nb)| nested(n, nb)).collect();
    block_types.sort_by(|x, y| x.type_name.cmp(&y.type_name));
    tf::schema::Block {
        version: b.version,
        attributes,
        block_types,
        description: b.description.content.clone(),
        description_kind: kind(&b.description.kind),
        deprecated: b.deprecated,
    }
}

/// Attributes go out as plain cty types. tf-provider's nested-attribute types would also need
/// `nested_type`, which Terraform 1.0 cannot read; the provider uses nested blocks instead, and
/// their object type (`AttributeType`'s JSON form) is what is sent if one is ever declared.
fn attribute(name: &str, a: &Attribute) -> tf::schema::Attribute {
    use AttributeConstraint::*;
    tf::schema::Attribute {
        name: name.to_string(),
        r#type: a.attr_type.to_string().into_bytes(),
        description: a.description.content.clone(),
        required: a.constraint == Required,
        optional: matches!(a.constraint, Optional | OptionalComputed),
        computed: matches!(a.constraint, Computed | OptionalComputed),
        sensitive: a.sensitive,
        description_kind: kind(&a.description.kind),
        deprecated: a.deprecated,
    }
}

fn nested(name: &str, nb: &NestedBlock) -> tf::schema::NestedBlock {
    use tf::schema::nested_block::NestingMode as M;
    // `Optional` is tf-provider's "at most one": a list of zero or one, which reads as a block
    // that may be absent in both Terraform versions.
    let (mode, b, min, max) = match nb {
        NestedBlock::Single(b) => (M::Single, b, 1, 1),
        NestedBlock::List(b) => (M::List, b, 0, 0),
        NestedBlock::Set(b) => (M::Set, b, 0, 0),
        NestedBlock::Map(b) => (M::Map, b, 0, 0),
        NestedBlock::Group(b) => (M::Group, b, 0, 0),
        NestedBlock::Optional(b) => (M::List, b, 0, 1),
    };
    tf::schema::NestedBlock {
        type_name: name.to_string(),
        block: Some(block(b)),
        nesting: mode as i32,
        min_items: min,
        max_items: max,
    }
}

pub fn path(p: &AttributePath) -> tf::AttributePath {
    use tf::attribute_path::step::Selector;
    tf::AttributePath {
        steps: p
            .steps
            .iter()
            .map(|s| tf::attribute_path::Step {
                selector: Some(match s {
                    AttributePathStep::Attribute(n) => Selector::AttributeName(n.to_string()),
                    AttributePathStep::Key(k) => Selector::ElementKeyString(k.to_string()),
                    AttributePathStep::Index(i) => Selector::ElementKeyInt(*i),
                }),
            })
            .collect(),
    }
}

/// Errors first, then warnings; a diagnostic on the root has no attribute path.
pub fn diagnostics(d: Diagnostics) -> Vec<tf::Diagnostic> {
    use tf::diagnostic::Severity;
    let one = |severity: Severity| {
        move |d: tf_provider::Diagnostic| tf::Diagnostic {
            severity: severity as i32,
            summary: d.summary.into_owned(),
            detail: d.detail.into_owned(),
            attribute: (!d.attribute.steps.is_empty()).then(|| path(&d.attribute)),
        }
    };
    d.errors
        .into_iter()
        .map(one(Severity::Error))
        .chain(d.warnings.into_iter().map(one(Severity::Warning)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use tf_provider::schema::{AttributeType, Description};

    fn attr(ty: AttributeType, constraint: AttributeConstraint) -> Attribute {
        Attribute {
            attr_type: ty,
            description: Description::markdown("d"),
            constraint,
            sensitive: false,
            deprecated: false,
        }
    }

    #[test]
    fn schemas_are_sorted_and_typed_as_cty_json() {
        let mut inner = Block::default();
        inner.attributes.insert(
            "x".into(),
            attr(AttributeType::Number, AttributeConstraint::Required),
        );
        let mut b = Block {
            attributes: HashMap::new(),
            ..Block::default()
        };
        b.attributes.insert(
            "zeta".into(),
            attr(
                AttributeType::List(Box::new(AttributeType::String)),
                AttributeConstraint::Optional,
            ),
        );
        b.attributes.insert(
            "alpha".into(),
            attr(AttributeType::Any, AttributeConstraint::Computed),
        );
        b.blocks
            .insert("rule".into(), NestedBlock::Optional(inner.clone()));
        b.blocks.insert("task".into(), NestedBlock::Map(inner));
        let s = schema(&Schema {
            version: 3,
            block: b,
        });
        assert_eq!(s.version, 3);
        let block = s.block.unwrap_or_default();
        let names: Vec<_> = block.attributes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["alpha", "zeta"]);
        assert_eq!(block.attributes[0].r#type, b"\"dynamic\"");
        assert!(block.attributes[0].computed && !block.attributes[0].optional);
        assert_eq!(block.attributes[1].r#type, br#"["list","string"]"#);
        assert_eq!(
            block.attributes[1].description_kind,
            tf::StringKind::Markdown as i32
        );
        let rule = &block.block_types[0];
        assert_eq!(
            (rule.type_name.as_str(), rule.min_items, rule.max_items),
            ("rule", 0, 1)
        );
        assert_eq!(
            rule.nesting,
            tf::schema::nested_block::NestingMode::List as i32
        );
        assert_eq!(
            block.block_types[1].nesting,
            tf::schema::nested_block::NestingMode::Map as i32
        );
    }

    #[test]
    fn diagnostics_keep_severity_and_path() {
        let mut d = Diagnostics::default();
        d.warning_short("w", AttributePath::new("a").key("k").index(2));
        d.root_error_short("e");
        let out = diagnostics(d);
        assert_eq!(out[0].summary, "e");
        assert_eq!(out[0].severity, tf::diagnostic::Severity::Error as i32);
        assert!(out[0].attribute.is_none());
        assert_eq!(out[1].severity, tf::diagnostic::Severity::Warning as i32);
        let steps = &out[1].attribute.as_ref().map(|p| p.steps.len());
        assert_eq!(*steps, Some(3));
    }
}
