//! `sfn-asl schema`: a JSON Schema (draft-07) of the Amazon States Language, for editors that
//! validate and complete `.asl.json` files.
//!
//! It is built from codegen's field registry (`model::fields`), the same table the provider's HCL
//! schema, the parser and the emitter read: every state type gets one definition per query
//! language with exactly the fields that type accepts in it, with their descriptions. Nested
//! workflows (Parallel branches, Map item processors) inherit the query language of the state
//! that holds them, as in the validator. In a JSONPath machine any state may declare either
//! language (a state inside a JSONata Map may go back to JSONPath); in a JSONata machine every
//! state, at any depth, is JSONata (ASL203, ASL510). Values are checked for their JSON type;
//! ranges, paths, expressions and the graph are the validator's job (`sfn-asl validate`).

use schemars::generate::SchemaSettings;
use schemars::{json_schema, Schema};
use serde_json::{json, Map, Value as J};
use sfn_codegen::hcl::NULLABLE_PATHS;
use sfn_codegen::model::fields::{
    self, FieldSpec, Kind, Lang, ObjectSpec, Value, CHOICE_RULE_FIELDS, FIELDS, PROCESSOR_CONFIG,
    RETRIER,
};
use sfn_codegen::model::operators::{OperandKind, Operator};
use sfn_codegen::model::{QueryLanguage, StateType};

const QLS: [QueryLanguage; 2] = [QueryLanguage::JsonPath, QueryLanguage::Jsonata];

/// The setting of a state's definition: its query language, and for JSONata whether the machine
/// is JSONata too (then nothing nested may declare JSONPath). Only the states that hold nested
/// workflows (Map, Parallel) differ between the two JSONata modes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    JsonPath,
    /// A JSONata state in a JSONPath machine.
    Jsonata,
    /// A state of a JSONata machine.
    JsonataMachine,
}

const MODES: [Mode; 3] = [Mode::JsonPath, Mode::Jsonata, Mode::JsonataMachine];

impl Mode {
    fn ql(self) -> QueryLanguage {
        match self {
            Mode::JsonPath => QueryLanguage::JsonPath,
            Mode::Jsonata | Mode::JsonataMachine => QueryLanguage::Jsonata,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Mode::JsonPath => "JSONPath",
            Mode::Jsonata => "JSONata",
            Mode::JsonataMachine => "JSONataMachine",
        }
    }

    /// The definition name of state type `t` in this mode.
    fn state(self, t: StateType) -> String {
        let mode = match self {
            Mode::JsonataMachine if !holds_workflows(t) => Mode::Jsonata,
            m => m,
        };
        format!("{}.{}", mode.name(), t.as_str())
    }
}

fn holds_workflows(t: StateType) -> bool {
    matches!(t, StateType::Map | StateType::Parallel)
}

/// Where definitions live, as schemars' draft-07 settings say (`#/definitions/`).
struct Defs {
    path: String,
    map: Map<String, J>,
}

impl Defs {
    fn reference(&self, name: &str) -> J {
        json!({ "$ref": format!("#{}/{name}", self.path) })
    }

    fn add(&mut self, name: &str, schema: Schema) {
        self.map.insert(name.to_string(), schema.to_value());
    }
}

fn ql_name(ql: QueryLanguage) -> &'static str {
    ql.as_str()
}

/// `description` for every consumer and `markdownDescription` for editors that render it (the
/// registry's texts are Markdown).
fn described(mut schema: J, doc: &str) -> J {
    if let Some(o) = schema.as_object_mut() {
        o.insert("description".into(), J::String(doc.replace('`', "")));
        o.insert("markdownDescription".into(), J::String(doc.to_string()));
    }
    schema
}

fn expression() -> J {
    json!({ "type": "string", "pattern": "^\\s*\\{%[\\s\\S]*%\\}\\s*$" })
}

fn integer_or_expr(ql: QueryLanguage) -> J {
    number_or_expr("integer", ql)
}

fn number_or_expr(ty: &str, ql: QueryLanguage) -> J {
    match ql {
        QueryLanguage::JsonPath => json!({ "type": ty }),
        QueryLanguage::Jsonata => json!({ "anyOf": [{ "type": ty }, expression()] }),
    }
}

/// Number fields of the registry's `Integer` kind that take fractions: a percentage.
const FRACTIONAL: &[&str] = &["ToleratedFailurePercentage"];

fn value_schema(v: Value, ql: QueryLanguage, defs: &Defs) -> J {
    match v {
        Value::Text | Value::StateName | Value::Path => json!({ "type": "string" }),
        Value::Strings => json!({ "type": "array", "items": { "type": "string" } }),
        Value::Number => json!({ "type": "number" }),
        Value::Integer => json!({ "type": "integer" }),
        Value::IntegerOrExpr => integer_or_expr(ql),
        Value::ReferencePath => json!({ "type": ["string", "null"] }),
        Value::Payload => json!({}),
        Value::Assign => json!({ "type": "object" }),
        Value::Enum(values) => json!({ "type": "string", "enum": values }),
        Value::Object(spec) => defs.reference(&object_name(spec, ql)),
    }
}

/// Objects whose fields do not depend on the query language get one definition.
fn object_name(spec: &ObjectSpec, ql: QueryLanguage) -> String {
    if spec.fields.iter().all(|f| f.lang == Lang::Both) {
        spec.name.to_string()
    } else {
        format!("{}.{}", ql_name(ql), spec.name)
    }
}

fn object_schema(spec: &ObjectSpec, ql: QueryLanguage, defs: &Defs) -> Schema {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in spec.fields.iter().filter(|f| f.lang.allows(ql)) {
        props.insert(
            f.name.into(),
            described(value_schema(f.value, ql, defs), f.doc),
        );
        if f.required {
            required.push(f.name);
        }
    }
    let schema = json!({
        "type": "object",
        "title": spec.name,
        "properties": props,
        "required": required,
        "additionalProperties": false,
    });
    Schema::try_from(described(schema, spec.doc)).unwrap_or_default()
}

/// The schema of a state field of kind `kind` in a state of mode `mode`.
fn field_schema(f: &FieldSpec, t: StateType, mode: Mode, defs: &Defs) -> J {
    let ql = mode.ql();
    let q = ql_name(ql);
    let schema = match f.kind {
        Kind::Type => json!({ "const": t.as_str() }),
        Kind::QueryLanguage => json!({ "const": q }),
        Kind::Text | Kind::StateName | Kind::Resource | Kind::Label | Kind::Timestamp => {
            json!({ "type": "string" })
        }
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Path if NULLABLE_PATHS.contains(&f.name) => json!({ "type": ["string", "null"] }),
        Kind::Path => json!({ "type": "string" }),
        Kind::ReferencePath => json!({ "type": ["string", "null"] }),
        Kind::Integer if FRACTIONAL.contains(&f.name) => number_or_expr("number", ql),
        Kind::Integer => integer_or_expr(ql),
        Kind::Payload => json!({}),
        Kind::Assign => json!({ "type": "object" }),
        Kind::Retry => json!({ "type": "array", "items": defs.reference(RETRIER.name) }),
        Kind::Catch => json!({
            "type": "array",
            "items": defs.reference(&object_name(&fields::CATCHER, ql)),
        }),
        Kind::Choices => json!({
            "type": "array",
            "minItems": 1,
            "items": defs.reference(&format!("{q}.ChoiceRule")),
        }),
        Kind::Branches => json!({
            "type": "array",
            "minItems": 1,
            "items": defs.reference(&format!("{}.Branch", mode.name())),
        }),
        Kind::Processor => defs.reference(&format!("{}.ItemProcessor", mode.name())),
        Kind::ItemReader | Kind::ItemBatcher | Kind::ResultWriter => {
            match fields::object_of(f.kind) {
                Some(spec) => defs.reference(&object_name(spec, ql)),
                None => json!({ "type": "object" }),
            }
        }
        Kind::Items => json!({ "anyOf": [{ "type": "array" }, expression()] }),
    };
    described(schema, f.doc)
}

/// One state type in one mode: exactly its fields, and what it requires.
fn state_schema(t: StateType, mode: Mode, defs: &Defs) -> Schema {
    let ql = mode.ql();
    let mut props = Map::new();
    for f in FIELDS
        .iter()
        .filter(|f| f.allowed_in(t) && f.lang.allows(ql))
    {
        props.insert(f.name.into(), field_schema(f, t, mode, defs));
    }
    let mut required = vec!["Type"];
    let mut all_of = Vec::new();
    match t {
        StateType::Task => required.push("Resource"),
        StateType::Choice => required.push("Choices"),
        StateType::Parallel => required.push("Branches"),
        StateType::Map => all_of.push(json!({
            "oneOf": [{ "required": ["ItemProcessor"] }, { "required": ["Iterator"] }]
        })),
        StateType::Wait => {
            let timing: Vec<J> = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]
                .into_iter()
                .filter(|k| props.contains_key(*k))
                .map(|k| json!({ "required": [k] }))
                .collect();
            all_of.push(json!({ "oneOf": timing }));
        }
        _ => {}
    }
    if t.takes_next_or_end() {
        // `"End": false` next to `Next` says nothing more; `"End": true` and `Next` conflict.
        all_of.push(json!({ "oneOf": [
            { "required": ["Next"] },
            { "required": ["End"], "properties": { "End": { "const": true } } },
        ] }));
    }
    let mut schema = json!({
        "type": "object",
        "title": match mode {
            Mode::JsonataMachine => format!("{} state (JSONata machine)", t.as_str()),
            _ => format!("{} state ({})", t.as_str(), ql_name(ql)),
        },
        "properties": props,
        "required": required,
        "additionalProperties": false,
    });
    if !all_of.is_empty() {
        schema["allOf"] = J::Array(all_of);
    }
    Schema::try_from(described(schema, fields::state_doc(t))).unwrap_or_default()
}

fn type_names() -> Vec<&'static str> {
    StateType::ALL.iter().map(|t| t.as_str()).collect()
}

/// A state of mode `mode`, dispatched on its `Type`.
fn dispatch(mode: Mode, defs: &Defs) -> Schema {
    let cases: Vec<J> = StateType::ALL
        .iter()
        .map(|t| {
            json!({
                "if": { "properties": { "Type": { "const": t.as_str() } }, "required": ["Type"] },
                "then": defs.reference(&mode.state(*t)),
            })
        })
        .collect();
    json_schema!({
        "type": "object",
        "required": ["Type"],
        "properties": { "Type": { "enum": type_names(), "description": "The state type." } },
        "allOf": cases,
    })
}

/// A state in a scope whose default is `mode`. In a JSONPath machine a state may declare
/// either language (the other one's definition applies); in a JSONata machine it stays JSONata.
fn scope_state(mode: Mode, defs: &Defs) -> Schema {
    let other = match mode {
        Mode::JsonPath => Mode::Jsonata,
        Mode::Jsonata => Mode::JsonPath,
        Mode::JsonataMachine => {
            return json_schema!({ "$ref": format!("#{}/JSONataMachine.State", defs.path) })
        }
    };
    json_schema!({
        "if": {
            "properties": { "QueryLanguage": { "const": ql_name(other.ql()) } },
            "required": ["QueryLanguage"],
        },
        "then": defs.reference(&format!("{}.State", other.name())),
        "else": defs.reference(&format!("{}.State", mode.name())),
    })
}

fn states(mode: Mode, defs: &Defs) -> Schema {
    json_schema!({
        "type": "object",
        "description": "The states, by name (1 to 80 characters, unique across the machine).",
        "propertyNames": { "minLength": 1, "maxLength": 80 },
        "additionalProperties": defs.reference(&format!("Scope.{}.State", mode.name())),
    })
}

/// A nested workflow: a Parallel branch, or a Map item processor (with `ProcessorConfig`).
fn nested_workflow(mode: Mode, processor: bool, defs: &Defs) -> Schema {
    let mut props = json!({
        "Comment": { "type": "string", "description": "A human-readable description." },
        "StartAt": { "type": "string", "description": "The name of the first state." },
        "States": defs.reference(&format!("{}.States", mode.name())),
    });
    if processor {
        props["ProcessorConfig"] =
            described(defs.reference(PROCESSOR_CONFIG.name), PROCESSOR_CONFIG.doc);
    }
    json_schema!({
        "type": "object",
        "title": if processor { "Item processor" } else { "Parallel branch" },
        "required": ["StartAt", "States"],
        "properties": props,
        "additionalProperties": false,
    })
}

fn operator_schema(op: Operator) -> J {
    let ty = match (op.operand(), op.is_path()) {
        (_, true) => "string",
        (OperandKind::Numeric, _) => "number",
        (OperandKind::Boolean | OperandKind::TypeTest, _) => "boolean",
        _ => "string",
    };
    let doc = if op.is_path() {
        format!(
            "Compares the variable with the value at this path, using `{}`.",
            op.as_str()
        )
    } else {
        format!("Compares the variable using `{}`.", op.as_str())
    };
    described(json!({ "type": ty }), &doc)
}

/// Choice rules. JSONPath: a comparison (`Variable` and one operator) or `And`/`Or`/`Not` of
/// nested rules, `Next` at the top only. JSONata: a `Condition`.
fn choice_rule(ql: QueryLanguage, top: bool, defs: &Defs) -> Schema {
    let mut props = Map::new();
    for (name, lang, doc) in CHOICE_RULE_FIELDS {
        if !lang.allows(ql) || (!top && matches!(*name, "Next" | "Assign" | "Output")) {
            continue;
        }
        let schema = match *name {
            "And" | "Or" => json!({
                "type": "array",
                "minItems": 1,
                "items": defs.reference("JSONPath.NestedChoiceRule"),
            }),
            "Not" => defs.reference("JSONPath.NestedChoiceRule"),
            "Assign" => json!({ "type": "object" }),
            "Condition" | "Output" => json!({}),
            _ => json!({ "type": "string" }),
        };
        props.insert(name.to_string(), described(schema, doc));
    }
    if ql == QueryLanguage::JsonPath {
        for op in Operator::ALL {
            props.insert(op.as_str().to_string(), operator_schema(*op));
        }
    }
    let required: Vec<&str> = match (ql, top) {
        (QueryLanguage::Jsonata, _) => vec!["Condition", "Next"],
        (_, true) => vec!["Next"],
        _ => vec![],
    };
    json_schema!({
        "type": "object",
        "title": if top { "Choice rule" } else { "Nested Choice rule" },
        "properties": props,
        "required": required,
        "additionalProperties": false,
    })
}

fn machine(defs: &Defs) -> J {
    json!({
        "title": "Amazon States Language state machine",
        "description": "An AWS Step Functions state machine definition (Amazon States Language), as `sfn-asl validate` reads it.",
        "type": "object",
        "required": ["StartAt", "States"],
        "properties": {
            "Comment": { "type": "string", "description": "A human-readable description of the state machine." },
            "StartAt": { "type": "string", "description": "The name of the first state." },
            "States": { "type": "object", "description": "The states, by name." },
            "Version": { "type": "string", "description": "The ASL version, 1.0." },
            "TimeoutSeconds": described(
                json!({ "anyOf": [{ "type": "integer" }, expression()] }),
                "Fail the execution after this many seconds. In JSONata machines, also an expression.",
            ),
            "QueryLanguage": described(
                json!({ "enum": ["JSONPath", "JSONata"] }),
                "`JSONPath` (default) or `JSONata` for every state that does not choose its own.",
            ),
        },
        "additionalProperties": false,
        "if": {
            "properties": { "QueryLanguage": { "const": "JSONata" } },
            "required": ["QueryLanguage"],
        },
        "then": { "properties": { "States": defs.reference("JSONataMachine.States") } },
        "else": { "properties": { "States": defs.reference("JSONPath.States") } },
    })
}

/// The whole schema.
pub fn asl() -> Schema {
    let mut settings = SchemaSettings::draft07();
    let mut defs = Defs {
        path: settings.definitions_path.to_string(),
        map: Map::new(),
    };
    let built: Vec<(String, Schema)> = {
        let d = &defs;
        let mut out = Vec::new();
        for mode in MODES {
            let m = mode.name();
            for t in StateType::ALL {
                if mode.state(t) == format!("{m}.{}", t.as_str()) {
                    out.push((mode.state(t), state_schema(t, mode, d)));
                }
            }
            out.push((format!("{m}.State"), dispatch(mode, d)));
            out.push((format!("Scope.{m}.State"), scope_state(mode, d)));
            out.push((format!("{m}.States"), states(mode, d)));
            out.push((format!("{m}.Branch"), nested_workflow(mode, false, d)));
            out.push((format!("{m}.ItemProcessor"), nested_workflow(mode, true, d)));
        }
        for ql in QLS {
            out.push((
                format!("{}.ChoiceRule", ql_name(ql)),
                choice_rule(ql, true, d),
            ));
            for spec in [
                &fields::CATCHER,
                &fields::ITEM_READER,
                &fields::READER_CONFIG,
                &fields::ITEM_BATCHER,
                &fields::RESULT_WRITER,
                &fields::WRITER_CONFIG,
                &RETRIER,
                &PROCESSOR_CONFIG,
            ] {
                out.push((object_name(spec, ql), object_schema(spec, ql, d)));
            }
        }
        out.push((
            "JSONPath.NestedChoiceRule".into(),
            choice_rule(QueryLanguage::JsonPath, false, d),
        ));
        out
    };
    for (name, schema) in built {
        defs.add(&name, schema);
    }
    let mut root = machine(&defs);
    if let Some(o) = root.as_object_mut() {
        o.insert(
            "$schema".into(),
            J::String(
                settings
                    .meta_schema
                    .as_deref()
                    .unwrap_or_default()
                    .to_string(),
            ),
        );
        o.insert(
            defs.path.trim_start_matches('/').to_string(),
            J::Object(std::mem::take(&mut defs.map)),
        );
    }
    let mut schema = Schema::try_from(root).unwrap_or_default();
    // schemars' draft-07 transforms: `$ref` with siblings (our descriptions) becomes `allOf`,
    // since draft-07 validators ignore a `$ref`'s siblings.
    for transform in settings.transforms.iter_mut() {
        transform.transform(&mut schema);
    }
    schema
}

/// The schema as the command prints it: pretty JSON, keys sorted, newline-terminated.
pub fn text() -> String {
    let mut s = serde_json::to_string_pretty(&asl()).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_type_has_a_definition_per_query_language_with_its_fields() {
        let schema = asl().to_value();
        let defs = &schema["definitions"];
        for ql in QLS {
            for t in StateType::ALL {
                let d = &defs[format!("{}.{}", ql.as_str(), t.as_str())];
                let props = d["properties"].as_object().cloned().unwrap_or_default();
                for f in FIELDS {
                    let wanted = f.allowed_in(t) && f.lang.allows(ql);
                    assert_eq!(
                        props.contains_key(f.name),
                        wanted,
                        "{}.{} field {}",
                        ql.as_str(),
                        t.as_str(),
                        f.name
                    );
                    if wanted {
                        assert!(props[f.name]["description"].is_string(), "{}", f.name);
                    }
                }
                assert_eq!(d["additionalProperties"], J::Bool(false));
            }
        }
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    }

    #[test]
    fn the_text_is_stable() {
        assert_eq!(text(), text());
        assert!(text().ends_with("}\n"));
    }
}
