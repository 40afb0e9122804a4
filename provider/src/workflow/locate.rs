//! Where a diagnostic goes in Terraform: codegen's JSON pointers mapped back to the HCL
//! attribute paths they came from, cut where Terraform stops resolving a path to a source range,
//! with the rest said in words.

use sfn_codegen::diagnostic::{Diagnostic, Path, Seg};
use tf_provider::AttributePath;

use super::translate::Translation;
use sfn_codegen::hcl::{snake, PROCESSOR_BLOCK, RULE_BLOCK, STATES_ATTR};
use sfn_codegen::model::fields::FIELDS;
use sfn_codegen::model::Operator;

/// Where a diagnostic goes in Terraform: the attribute path Terraform can resolve to a source
/// range, and, when the problem lies deeper than Terraform resolves (inside a `states` value, or
/// inside a workflow given as `json`), a sentence saying where exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub attribute: AttributePath,
    pub within: Option<String>,
    /// The place in HCL terms, for messages that name it (`states["X"].next`).
    pub shown: String,
}

impl Translation {
    /// Should this diagnostic be dropped because it depends on an unknown value?
    pub fn depends_on_unknown(&self, d: &Diagnostic) -> bool {
        let segs = d.path.segments();
        if self.unknown.iter().any(|u| segs.starts_with(u.segments())) {
            return true;
        }
        // An Assign not known yet may set any variable.
        self.assign_unknown
            && [
                sfn_codegen::rules::undefined_variable::RULE.code,
                sfn_codegen::rules::variable_read_before_assigned::RULE.code,
            ]
            .contains(&d.code())
    }

    /// The HCL attribute path for a model location.
    pub fn attribute_path(&self, path: &Path) -> AttributePath {
        self.target(path).attribute
    }

    /// A model location in the configuration's words, for a message: `task["Charge"].next`
    /// (and its place in the generated definition).
    pub fn place(&self, path: &Path) -> String {
        let shown = self.target(path).shown;
        if shown.is_empty() {
            format!("{path} in the generated definition")
        } else {
            format!("{shown} ({path} in the generated definition)")
        }
    }

    /// Where a model location is in the configuration, as precisely as Terraform can show it.
    pub fn target(&self, path: &Path) -> Target {
        let segs = path.segments();
        let best = self
            .origins
            .iter()
            .filter(|o| segs.starts_with(o.model.segments()))
            .max_by_key(|o| o.model.segments().len());
        let Some(origin) = best else {
            return Target {
                attribute: AttributePath::root(),
                within: None,
                shown: String::new(),
            };
        };
        let mut out = origin.hcl.clone();
        let rest = &segs[origin.model.segments().len()..];
        if origin.opaque {
            // Inside a composed fragment: Terraform can show only the `json` attribute; the
            // message says where in the fragment (in its own terms, a JSON pointer).
            let mut target = cut_inside_values(out);
            if !rest.is_empty() {
                let inner = rest.iter().fold(Path::root(), |p, s| match s {
                    Seg::Key(k) => p.key(k),
                    Seg::Index(i) => p.index(*i),
                });
                target.within = Some(format!(
                    "Inside the workflow given as {} here, at {inner}.",
                    target.shown
                ));
                target.shown = format!("{} at {inner}", target.shown);
            }
            return target;
        }
        map_rest(&mut out, rest);
        let target = cut_inside_values(out);
        if target.within.is_some() {
            return target;
        }
        Target {
            attribute: point_into_block(target.attribute),
            ..target
        }
    }
}

/// Terraform resolves a diagnostic's attribute path to a source range through blocks and then
/// one attribute, and from there one index into a literal list or object (`states["X"]` is the
/// `{` of that entry in an object constructor; the whole expression when it is a `for` or a
/// reference). A longer path would be resolved against the wrong body (Terraform skips the steps
/// it cannot follow and may land on an attribute of the same name elsewhere), so the path is cut
/// after the first `states[...]` and the rest goes into the message.
pub fn cut_inside_values(path: AttributePath) -> Target {
    use tf_provider::AttributePathStep as S;
    let cut = path
        .steps
        .windows(2)
        .position(|w| matches!((&w[0], &w[1]), (S::Attribute(a), S::Key(_)) if a == STATES_ATTR));
    match cut {
        Some(i) if i + 2 < path.steps.len() => {
            // Below the cut the path runs through objects, where a single nested block is one
            // object, not the one-element list the protocol path spells (`not[0]`).
            let mut shown = path.clone();
            let mut k = i + 2;
            while k + 1 < shown.steps.len() {
                let single = matches!(&shown.steps[k], S::Attribute(a) if SINGLE_NESTED.iter().any(|s| s == a));
                if single && matches!(shown.steps[k + 1], S::Index(0)) {
                    shown.steps.remove(k + 1);
                }
                k += 1;
            }
            let shown = render(&shown);
            let mut attribute = path;
            attribute.steps.truncate(i + 2);
            Target {
                attribute,
                within: Some(format!("At {shown} in the configuration.")),
                shown,
            }
        }
        _ => Target {
            shown: render(&path),
            attribute: path,
            within: None,
        },
    }
}

/// Nested blocks of which there is at most one: objects in `states`.
const SINGLE_NESTED: &[&str] = &[
    "not",
    PROCESSOR_BLOCK,
    "item_reader",
    "item_batcher",
    "result_writer",
    "reader_config",
    "writer_config",
];

/// `states["step-1"].retry[0].backoff_rate`, as written in HCL.
pub fn render(path: &AttributePath) -> String {
    use tf_provider::AttributePathStep as S;
    let mut out = String::new();
    for step in &path.steps {
        match step {
            S::Attribute(a) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(a);
            }
            S::Key(k) => out.push_str(&format!("[{k:?}]")),
            S::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// An attribute name no schema has: a step that Terraform cannot find.
pub const BLOCK_ITSELF: &str = "(block)";

/// Terraform resolves an attribute path to a source line only when it ends at an attribute; a
/// path ending at a block (`wait["B"]`, `retry[0]`) lands on the enclosing data source instead.
/// One more step, an attribute no block has, makes Terraform descend into that block and point at
/// its opening line (`wait "B" {`), as it does for any missing attribute.
pub(super) fn point_into_block(mut path: AttributePath) -> AttributePath {
    if matches!(
        path.steps.last(),
        Some(tf_provider::AttributePathStep::Key(_) | tf_provider::AttributePathStep::Index(_))
    ) {
        path.add_attribute(BLOCK_ITSELF);
    }
    path
}

/// Maps the segments below a state (or workflow) to HCL steps, stopping inside payloads.
fn map_rest(out: &mut AttributePath, rest: &[Seg]) {
    let mut i = 0;
    while i < rest.len() {
        let Seg::Key(key) = &rest[i] else { return };
        let next_index = match rest.get(i + 1) {
            Some(Seg::Index(n)) => Some(*n),
            _ => None,
        };
        let (name, indexed, stop) = match key.as_str() {
            "Retry" => ("retry".to_string(), true, false),
            "Catch" => ("catch".to_string(), true, false),
            "Choices" => (RULE_BLOCK.to_string(), true, false),
            "And" => ("and".to_string(), true, false),
            "Or" => ("or".to_string(), true, false),
            "Not" => ("not".to_string(), false, false),
            "ItemReader" | "ItemBatcher" | "ResultWriter" | "ReaderConfig" | "WriterConfig" => {
                (snake(key), false, false)
            }
            "ProcessorConfig" => {
                // mode / execution_type sit on the item_processor block itself
                if let Some(Seg::Key(k)) = rest.get(i + 1) {
                    out.add_attribute(snake(k));
                }
                return;
            }
            other => {
                if let Some(f) = FIELDS.iter().find(|f| f.name == other) {
                    (f.hcl.to_string(), false, true)
                } else if let Some(op) = Operator::parse(other) {
                    (snake(op.as_str()), false, true)
                } else {
                    (snake(other), false, true)
                }
            }
        };
        out.add_attribute(name);
        if indexed {
            if let Some(n) = next_index {
                out.add_index(n as i64);
                i += 1;
            }
        } else if matches!(
            key.as_str(),
            "Not" | "ItemReader" | "ItemBatcher" | "ResultWriter" | "ReaderConfig" | "WriterConfig"
        ) {
            // Single nested blocks are lists of at most one in the protocol.
            out.add_index(0);
        }
        if stop {
            return;
        }
        i += 1;
    }
}
