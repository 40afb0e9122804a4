//! Raw definition text: strict JSON parsing into [`Json`] and mapping locations back to lines and
//! columns. Positions are resolved only for diagnostics, by walking the syntax tree again, so the
//! common path (a valid definition) pays for one parse.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::diagnostic::{Diagnostic, Path, Position, Seg};
use crate::json::{Json, Num};
use crate::rules;

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Line and column (1-based, column in characters) of a byte offset.
pub fn position_of(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Position { line, column }
}

/// Parses strict JSON. Duplicate object keys are reported (the last one wins, as in AWS's parser).
/// Malformed JSON yields `None` and one `invalid-json` diagnostic with its line and column.
pub fn parse_json(text: &str, diags: &mut Vec<Diagnostic>) -> Option<Json> {
    if let Some(offset) = too_deep(text) {
        let mut d = rules::invalid_json::RULE.at(
            Path::root(),
            format!(
                "The definition nests arrays and objects more than {MAX_JSON_DEPTH} levels deep."
            ),
        );
        d.position = Some(position_of(text, offset));
        diags.push(d);
        return None;
    }
    match jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict()) {
        Ok(result) => match result.value {
            Some(v) => Some(convert(&v, &Path::root(), diags)),
            None => {
                let mut d = rules::invalid_json::RULE.at(Path::root(), "The definition is empty.");
                d.position = Some(Position { line: 1, column: 1 });
                diags.push(d);
                None
            }
        },
        Err(e) => {
            let range = e.range();
            let mut d = rules::invalid_json::RULE.at(
                Path::root(),
                format!("The definition is not valid JSON: {}.", e.kind()),
            );
            d.position = Some(position_of(text, range.start));
            diags.push(d);
            None
        }
    }
}

/// Deeper JSON than this is refused before parsing, so that no recursive step (parsing, model
/// building, dropping) can exhaust the stack. Real definitions stay far below it.
pub const MAX_JSON_DEPTH: usize = 512;

/// The offset where nesting first exceeds [`MAX_JSON_DEPTH`], scanning outside strings.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn prop_name(name: &ObjectPropName) -> String {
    match name {
        ObjectPropName::String(s) => s.value.to_string(),
        ObjectPropName::Word(w) => w.value.to_string(),
    }
}

fn convert(v: &Value, path: &Path, diags: &mut Vec<Diagnostic>) -> Json {
    match v {
        Value::NullKeyword(_) => Json::Null,
        Value::BooleanLit(b) => Json::Bool(b.value),
        Value::StringLit(s) => Json::String(s.value.to_string()),
        // The strict options only let JSON numbers through, so parsing cannot fail; keep the text
        // as a string if it ever did, rather than losing it.
        Value::NumberLit(n) => Num::parse(n.value)
            .map(Json::Number)
            .unwrap_or_else(|| Json::String(n.value.to_string())),
        Value::Array(a) => Json::Array(
            a.elements
                .iter()
                .enumerate()
                .map(|(i, e)| convert(e, &path.index(i), diags))
                .collect(),
        ),
        Value::Object(o) => {
            let mut members: Vec<(String, Json)> = Vec::with_capacity(o.properties.len());
            for p in &o.properties {
                let key = prop_name(&p.name);
                let value = convert(&p.value, &path.key(&key), diags);
                if let Some(existing) = members.iter_mut().find(|(k, _)| *k == key) {
                    diags.push(rules::duplicate_key::RULE.at(
                        path.key(&key),
                        format!("The key \"{key}\" appears more than once in the same object; only the last value would be used."),
                    ));
                    existing.1 = value;
                } else {
                    members.push((key, value));
                }
            }
            Json::Object(members)
        }
    }
}

/// Fills in line and column for diagnostics about `text`, pointing at the deepest part of the
/// path that exists (a missing field is reported where it should have been).
pub fn locate(text: &str, diags: &mut [Diagnostic]) {
    if diags.iter().all(|d| d.position.is_some()) {
        return;
    }
    let Ok(result) = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict()) else {
        return;
    };
    let Some(root) = result.value else { return };
    for d in diags.iter_mut().filter(|d| d.position.is_none()) {
        let offset = offset_of(&root, &d.path);
        d.position = Some(position_of(text, offset));
    }
}

fn offset_of(root: &Value, path: &Path) -> usize {
    let mut node = root;
    let mut offset = node.range().start;
    for seg in path.segments() {
        match (seg, node) {
            (Seg::Key(k), Value::Object(o)) => {
                match o.properties.iter().rev().find(|p| prop_name(&p.name) == *k) {
                    Some(p) => {
                        offset = p.range.start;
                        node = &p.value;
                    }
                    None => break,
                }
            }
            (Seg::Index(i), Value::Array(a)) => match a.elements.get(*i) {
                Some(e) => {
                    offset = e.range().start;
                    node = e;
                }
                None => break,
            },
            _ => break,
        }
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_json_reports_line_and_column() {
        let mut diags = Vec::new();
        assert!(parse_json("{\n  \"a\": 1,\n}", &mut diags).is_none());
        assert_eq!(diags[0].code(), "ASL001");
        assert_eq!(diags[0].position, Some(Position { line: 2, column: 9 }));
    }

    #[test]
    fn positions_follow_the_pointer() {
        let text = "{\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Retry\": [1, {\"x\": 2}]}\n  }\n}";
        let mut diags = vec![
            rules::invalid_json::RULE.at(
                Path::root().key("States").key("A").key("Retry").index(1),
                "m",
            ),
            rules::invalid_json::RULE.at(Path::root().key("States").key("A").key("Missing"), "m"),
        ];
        locate(text, &mut diags);
        assert_eq!(
            diags[0].position,
            Some(Position {
                line: 3,
                column: 40
            })
        );
        assert_eq!(diags[1].position, Some(Position { line: 3, column: 5 }));
    }

    #[test]
    fn duplicate_keys_are_reported_and_last_wins() {
        let mut diags = Vec::new();
        let v = parse_json(r#"{"a": 1, "a": 2}"#, &mut diags).unwrap();
        assert_eq!(v.get("a"), Some(&Json::Number(Num::parse("2").unwrap())));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].path.pointer(), "/a");
    }

    #[test]
    fn refuses_pathological_nesting_without_recursing() {
        let text = "[".repeat(100_000);
        let mut diags = Vec::new();
        assert!(parse_json(&text, &mut diags).is_none());
        assert!(diags[0].message.contains("512"));
        let ok = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert!(parse_json(&ok, &mut Vec::new()).is_some());
    }

    #[test]
    fn rejects_json5_and_comments() {
        for bad in [
            "{'a': 1}",
            "{a: 1}",
            "{\"a\": 0x1}",
            "{\"a\": +1}",
            "{\"a\": .5}",
            "// c\n{}",
            "[1 2]",
        ] {
            let mut diags = Vec::new();
            assert!(parse_json(bad, &mut diags).is_none(), "{bad}");
        }
    }
}
