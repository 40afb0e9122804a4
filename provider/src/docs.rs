//! Registry documentation generated from the schemas (their Markdown descriptions are the single
//! source) and from codegen's rule registry. Pure text in, text out: the caller supplies the
//! example files and writes the pages (see `tests/docs.rs`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sfn_codegen::rules;
use tf_provider::schema::{
    Attribute, AttributeConstraint, AttributeType, Block, NestedBlock, Schema,
};

/// Example files, keyed by their path under `examples/` (`resources/sfn_alias/resource.tf`).
pub type Examples = BTreeMap<String, String>;

/// Every generated page: (path under `docs/`, content).
pub fn pages(
    examples: &Examples,
    rule_examples: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let mut out = vec![("index.md".to_string(), index(examples))];
    let (resources, data_sources) = crate::resources::schemas();
    for (name, schema) in resources {
        out.push((
            format!("resources/{name}.md"),
            page("resource", &format!("sfn_{name}"), &schema, examples),
        ));
    }
    for (name, schema) in data_sources {
        out.push((
            format!("data-sources/{name}.md"),
            page("data source", &format!("sfn_{name}"), &schema, examples),
        ));
    }
    out.push(("guides/rules.md".to_string(), rules_page(rule_examples)));
    out.push((
        "guides/iam-policy-coverage.md".to_string(),
        sfn_codegen::policy::coverage::markdown(),
    ));
    out.push(("guides/diagnostics.md".to_string(), crate::codes::page()));
    out
}

fn front_matter(title: &str, subcategory: &str, description: &str) -> String {
    let first = description
        .lines()
        .next()
        .unwrap_or_default()
        .replace('"', "'");
    format!("---\npage_title: \"{title}\"\nsubcategory: \"{subcategory}\"\ndescription: |-\n  {first}\n---\n\n")
}

fn index(examples: &Examples) -> String {
    let schema = crate::config::schema();
    let mut s = front_matter("Provider: sfn", "", &schema.block.description.content);
    s.push_str("# sfn Provider\n\n");
    s.push_str(&schema.block.description.content);
    s.push_str("\n\n");
    s.push_str(
        "Workflows are written as typed HCL with the `sfn_workflow` data source, validated offline at plan time (every rule is listed in [the validation rules](guides/rules.md)), and deployed with `sfn_state_machine`.\n\n",
    );
    if let Some(e) = examples.get("provider/provider.tf") {
        let _ = write!(
            s,
            "## Example Usage\n\n```terraform\n{}\n```\n\n",
            e.trim_end()
        );
    }
    s.push_str(&schema_section(&schema.block));
    s
}

fn page(kind: &str, name: &str, schema: &Schema, examples: &Examples) -> String {
    let title = if kind == "resource" {
        format!("{name} Resource - sfn")
    } else {
        format!("{name} Data Source - sfn")
    };
    let mut s = front_matter(&title, "", &schema.block.description.content);
    let _ = write!(
        s,
        "# {name} ({})\n\n{}\n\n",
        if kind == "resource" {
            "Resource"
        } else {
            "Data Source"
        },
        schema.block.description.content
    );
    let dir = if kind == "resource" {
        "resources"
    } else {
        "data-sources"
    };
    let file = if kind == "resource" {
        "resource.tf"
    } else {
        "data-source.tf"
    };
    if let Some(e) = examples.get(&format!("{dir}/{name}/{file}")) {
        let _ = write!(
            s,
            "## Example Usage\n\n```terraform\n{}\n```\n\n",
            e.trim_end()
        );
    }
    s.push_str(&schema_section(&schema.block));
    if let Some(e) = examples.get(&format!("{dir}/{name}/import.sh")) {
        let _ = write!(
            s,
            "## Import\n\nImport is supported using the following syntax:\n\n```shell\n{}\n```\n",
            e.trim_end()
        );
    }
    s
}

fn type_name(t: &AttributeType) -> String {
    match t {
        AttributeType::String => "String".into(),
        AttributeType::Number => "Number".into(),
        AttributeType::Bool => "Boolean".into(),
        AttributeType::List(inner) => format!("List of {}", type_name(inner)),
        AttributeType::Set(inner) => format!("Set of {}", type_name(inner)),
        AttributeType::Map(inner) => format!("Map of {}", type_name(inner)),
        AttributeType::Any => "Dynamic (any HCL value)".into(),
        _ => "Object".into(),
    }
}

fn attr_line(name: &str, a: &Attribute) -> String {
    format!(
        "- `{name}` ({}) {}\n",
        type_name(&a.attr_type),
        a.description.content
    )
}

fn nested(b: &NestedBlock) -> (&Block, &'static str) {
    match b {
        NestedBlock::Single(b) => (b, "Block"),
        NestedBlock::List(b) => (b, "Block List"),
        NestedBlock::Set(b) => (b, "Block Set"),
        NestedBlock::Map(b) => (b, "Labelled blocks"),
        NestedBlock::Group(b) => (b, "Block"),
        NestedBlock::Optional(b) => (b, "Block, at most one"),
    }
}

/// The schema as Required / Optional / Read-Only lists, then each nested block type once (the
/// workflow schema repeats blocks at every nesting level; they are documented at the first).
fn schema_section(block: &Block) -> String {
    let mut s = String::from("## Schema\n\n");
    let mut seen = std::collections::BTreeSet::new();
    let mut queue: Vec<(String, &Block)> = Vec::new();
    s.push_str(&block_lists(block, &mut queue, ""));
    while !queue.is_empty() {
        let (name, b) = queue.remove(0);
        let key = name.rsplit('.').next().unwrap_or(&name).to_string();
        if !seen.insert(key.clone()) {
            continue;
        }
        let _ = write!(
            s,
            "<a id=\"nestedblock--{key}\"></a>\n### Nested Schema for `{key}`\n\n{}\n\n",
            b.description.content
        );
        s.push_str(&block_lists(b, &mut queue, &name));
    }
    s
}

fn block_lists<'a>(block: &'a Block, queue: &mut Vec<(String, &'a Block)>, prefix: &str) -> String {
    let mut required = String::new();
    let mut optional = String::new();
    let mut computed = String::new();
    let mut attrs: Vec<_> = block.attributes.iter().collect();
    attrs.sort_by(|a, b| a.0.cmp(b.0));
    for (name, a) in attrs {
        let line = attr_line(name, a);
        match a.constraint {
            AttributeConstraint::Required => required.push_str(&line),
            AttributeConstraint::Optional | AttributeConstraint::OptionalComputed => {
                optional.push_str(&line)
            }
            AttributeConstraint::Computed => computed.push_str(&line),
        }
    }
    let mut blocks: Vec<_> = block.blocks.iter().collect();
    blocks.sort_by(|a, b| a.0.cmp(b.0));
    for (name, nb) in blocks {
        let (b, kind) = nested(nb);
        let _ = writeln!(
            optional,
            "- `{name}` ({kind}) {} (see [below for nested schema](#nestedblock--{name}))",
            b.description.content.lines().next().unwrap_or_default()
        );
        let full = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        queue.push((full, b));
    }
    let mut s = String::new();
    for (title, body) in [
        ("Required", required),
        ("Optional", optional),
        ("Read-Only", computed),
    ] {
        if !body.is_empty() {
            let _ = write!(s, "#### {title}\n\n{body}\n");
        }
    }
    s
}

/// The rules page: every rule with its code, what triggers it, an example and the fix.
fn rules_page(examples: &BTreeMap<String, String>) -> String {
    let mut s = front_matter(
        "Validation rules - sfn",
        "",
        "Every check sfn_workflow, sfn_state_machine and sfn-asl run on a definition, with its stable code.",
    );
    s.push_str("# Validation rules\n\n");
    s.push_str(
        "Every definition is checked offline, at plan time, by the same rules: in `sfn_workflow` (pointing at the HCL attribute), in `sfn_state_machine.definition` (pointing at the JSON pointer inside it) and by `sfn-asl validate`. Each diagnostic starts with its stable code; codes are never reused. Where AWS's ValidateStateMachineDefinition reports the same problem, its code is given.\n\n",
    );
    s.push_str(sfn_codegen::control::DOC);
    s.push_str("## Every rule\n\n");
    s.push_str("| Code | Name | Severity | AWS code | What it reports |\n|---|---|---|---|---|\n");
    for r in rules::ALL {
        let _ = writeln!(
            s,
            "| [{code}](#{anchor}) | `{}` | {} | {} | {} |",
            r.name,
            r.severity.as_str(),
            r.aws_code
                .map(|c| format!("`{c}`"))
                .unwrap_or_else(|| "-".into()),
            r.summary.replace('|', "\\|"),
            code = r.code,
            anchor = r.code.to_ascii_lowercase()
        );
    }
    s.push('\n');
    for r in rules::ALL {
        let _ = write!(
            s,
            "### {}\n\n`{}` ({}{})\n\n{}\n\n**Fix:** {}\n\n",
            r.code,
            r.name,
            r.severity.as_str(),
            r.aws_code
                .map(|c| format!(", AWS `{c}`"))
                .unwrap_or_default(),
            r.summary,
            r.fix
        );
        if let Some(notes) = r.notes {
            let _ = write!(s, "{notes}\n\n");
        }
        match examples.get(r.code) {
            Some(e) if e.len() <= 3000 => {
                let _ = write!(
                    s,
                    "Example that triggers it:\n\n```json\n{}\n```\n\n",
                    e.trim_end()
                );
            }
            Some(_) => {
                let _ = write!(
                    s,
                    "Example that triggers it: too large to show here, see `codegen/tests/data/rules/{}/trigger.json`.\n\n",
                    r.code
                );
            }
            None => {}
        }
    }
    s
}
