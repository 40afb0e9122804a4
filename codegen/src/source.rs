//! Raw definition text: strict JSON parsing into [`Json`] and mapping locations back to lines and
//! columns. Positions are resolved only for diagnostics, by walking the syntax tree again, so the
//! common path (a valid definition) pays for one parse.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Loc, Path, Position, Seg};
use crate::json::{Json, Num};
use crate::lines::LineIndex;
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
    // Nearly every definition is plain JSON, which the direct reader takes without building a
    // syntax tree. Anything it does not take (malformed or too deeply nested text, or what only
    // jsonc-parser's leniencies allow, such as control characters inside strings) goes the old
    // way, through the depth check and jsonc-parser, which give the same value or error as ever.
    let mut fast_diags = Vec::new();
    let mut dups = Vec::new();
    if let Some(v) = Direct::parse(text, &mut fast_diags, &mut dups) {
        locate_duplicates(text, &mut fast_diags, &dups);
        diags.append(&mut fast_diags);
        return Some(v);
    }
    dups.clear();
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
            Some(v) => {
                let json = convert(&v, &Loc::At(&Path::root()), diags, &mut dups);
                locate_duplicates(text, diags, &dups);
                Some(json)
            }
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

/// A duplicate key found while parsing: the index of its diagnostic, the byte offset of the
/// duplicate and that of the key's first occurrence.
type Duplicate = (usize, usize, usize);

/// Positions for duplicate-key diagnostics and the first occurrence they name. Both have the same
/// JSON pointer, which [`locate`] would resolve to the last occurrence, so they are placed here,
/// from the offsets the reader saw.
fn locate_duplicates(text: &str, diags: &mut [Diagnostic], dups: &[Duplicate]) {
    if dups.is_empty() {
        return;
    }
    let lines = LineIndex::new(text);
    for &(i, at, first) in dups {
        if let Some(d) = diags.get_mut(i) {
            d.position = Some(lines.position(at));
            for r in &mut d.related {
                r.position = Some(lines.position(first));
            }
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

fn convert(
    v: &Value,
    path: &Loc<'_>,
    diags: &mut Vec<Diagnostic>,
    dups: &mut Vec<Duplicate>,
) -> Json {
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
                .map(|(i, e)| convert(e, &path.index(i), diags, dups))
                .collect(),
        ),
        Value::Object(o) => {
            let mut list = Vec::with_capacity(o.properties.len());
            let mut starts = Vec::with_capacity(o.properties.len());
            let mut members = Members::new(0);
            for p in &o.properties {
                let key = prop_name(&p.name);
                let value = convert(&p.value, &path.key(&key), diags, dups);
                match members.insert(&mut list, key, value, path, diags) {
                    None => starts.push(p.range.start),
                    Some(i) => dups.push((diags.len() - 1, p.range.start, starts[i])),
                }
            }
            Json::Object(list)
        }
    }
}

/// Duplicate-key detection for the members of one object, which sit at `list[start..]` (the
/// reader collects the members of all open objects on one stack). A duplicate is reported and its
/// value replaces the earlier one (the last value wins, in the place of the first). Objects with
/// many keys (a large `States`) are indexed by a hash map so that the check stays linear.
struct Members {
    start: usize,
    index: Option<HashMap<String, usize>>,
}

/// Up to this many keys a linear scan is cheaper than hashing.
const SCAN_KEYS: usize = 32;

impl Members {
    fn new(start: usize) -> Members {
        Members { start, index: None }
    }

    fn insert(
        &mut self,
        list: &mut Vec<(String, Json)>,
        key: String,
        value: Json,
        object: &Loc<'_>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        let members = &list[self.start..];
        let existing = match &self.index {
            Some(index) => index.get(&key).copied(),
            None => members.iter().position(|(k, _)| *k == key),
        };
        if let Some(i) = existing {
            diags.push(rules::duplicate_key::duplicate(object, &key));
            list[self.start + i].1 = value;
            return Some(i);
        }
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), members.len());
        } else if members.len() == SCAN_KEYS {
            let mut index: HashMap<String, usize> = members
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.clone(), i))
                .collect();
            index.insert(key.clone(), members.len());
            self.index = Some(index);
        }
        list.push((key, value));
        None
    }
}

/// A strict JSON (RFC 8259) reader that builds [`Json`] straight from the text, with no syntax
/// tree in between. It gives up (`None`) on anything else, and on what strict JSON forbids but
/// jsonc-parser tolerates (raw control characters in strings, other whitespace) or decodes its
/// own way (unpaired `\u` surrogates): the caller then falls back on jsonc-parser, for the same
/// value or error as before. `direct_reader_agrees_with_jsonc_parser` and the generated tests
/// below hold it to that.
struct Direct<'t, 'd> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    /// Open arrays and objects; past [`MAX_JSON_DEPTH`] the reader gives up, so that the depth
    /// check reports it exactly as before.
    depth: usize,
    /// The elements and members read so far of every open array and object, innermost last:
    /// each is moved into a vector of the exact size when it closes, rather than growing its own.
    items: Vec<Json>,
    members: Vec<(String, Json)>,
    /// Byte offset of the key of each entry of `members`.
    key_offsets: Vec<usize>,
    diags: &'d mut Vec<Diagnostic>,
    dups: &'d mut Vec<Duplicate>,
}

impl Direct<'_, '_> {
    fn parse(text: &str, diags: &mut Vec<Diagnostic>, dups: &mut Vec<Duplicate>) -> Option<Json> {
        let mut p = Direct {
            text,
            bytes: text.as_bytes(),
            at: 0,
            depth: 0,
            items: Vec::new(),
            members: Vec::new(),
            key_offsets: Vec::new(),
            diags,
            dups,
        };
        p.skip_ws();
        let root = Path::root();
        let v = p.value(&Loc::At(&root))?;
        p.skip_ws();
        (p.at == p.bytes.len()).then_some(v)
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.bytes.get(self.at) == Some(&b)).then(|| self.at += 1)
    }

    /// What may follow a literal or number: a delimiter or the end. Anything else (`truex`,
    /// `1.5e`) is left to jsonc-parser to report.
    fn at_delimiter(&self) -> bool {
        matches!(
            self.bytes.get(self.at),
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}')
        )
    }

    fn value(&mut self, path: &Loc<'_>) -> Option<Json> {
        let v = match *self.bytes.get(self.at)? {
            b'{' | b'[' => {
                if self.depth == MAX_JSON_DEPTH {
                    return None;
                }
                self.depth += 1;
                let v = if self.bytes[self.at] == b'{' {
                    self.object(path)
                } else {
                    self.array(path)
                };
                self.depth -= 1;
                return v;
            }
            b'"' => return self.string().map(Json::String),
            b'n' => self.word("null", Json::Null)?,
            b't' => self.word("true", Json::Bool(true))?,
            b'f' => self.word("false", Json::Bool(false))?,
            b'-' | b'0'..=b'9' => Json::Number(self.number()?),
            _ => return None,
        };
        self.at_delimiter().then_some(v)
    }

    fn word(&mut self, word: &str, v: Json) -> Option<Json> {
        self.bytes[self.at..].starts_with(word.as_bytes()).then(|| {
            self.at += word.len();
            v
        })
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, canonicalised by [`Num::parse`].
    fn number(&mut self) -> Option<Num> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > from
        };
        if self.bytes[self.at] == b'-' {
            self.at += 1;
        }
        match self.bytes.get(self.at) {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return None,
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        Num::parse(&self.text[start..self.at])
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let start = self.at;
        // Fast path: no escapes. The string ends at the first `"`, `\` or control character
        // (which strict JSON forbids, so the reader declines it).
        self.at += crate::json::find_escape(&self.bytes[start..])?;
        match self.bytes[self.at] {
            b'"' => {
                let s = self.text.get(start..self.at)?.to_string();
                self.at += 1;
                return Some(s);
            }
            b'\\' => {}
            _ => return None,
        }
        let mut out = self.text.get(start..self.at)?.to_string();
        loop {
            let run = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                match b {
                    b'"' | b'\\' => break,
                    0x00..=0x1f => return None,
                    _ => self.at += 1,
                }
            }
            out.push_str(self.text.get(run..self.at)?);
            match self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                _ => {
                    self.at += 1;
                    let c = match *self.bytes.get(self.at)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            self.at += 1;
                            let hi = self.hex4()?;
                            let code = match hi {
                                0xD800..=0xDBFF => {
                                    self.eat(b'\\')?;
                                    self.eat(b'u')?;
                                    let lo = self.hex4()?;
                                    if !(0xDC00..=0xDFFF).contains(&lo) {
                                        return None;
                                    }
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                }
                                0xDC00..=0xDFFF => return None,
                                _ => hi,
                            };
                            out.push(char::from_u32(code)?);
                            continue;
                        }
                        _ => return None,
                    };
                    out.push(c);
                    self.at += 1;
                }
            }
        }
    }

    /// Four hex digits after `\u`; leaves `at` after them.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn array(&mut self, path: &Loc<'_>) -> Option<Json> {
        self.eat(b'[')?;
        self.skip_ws();
        if self.eat(b']').is_some() {
            return Some(Json::Array(Vec::new()));
        }
        let start = self.items.len();
        loop {
            let item = self.value(&path.index(self.items.len() - start))?;
            self.items.push(item);
            self.skip_ws();
            match self.bytes.get(self.at)? {
                b',' => {
                    self.at += 1;
                    self.skip_ws();
                }
                b']' => {
                    self.at += 1;
                    return Some(Json::Array(self.items.drain(start..).collect()));
                }
                _ => return None,
            }
        }
    }

    fn object(&mut self, path: &Loc<'_>) -> Option<Json> {
        self.eat(b'{')?;
        self.skip_ws();
        if self.eat(b'}').is_some() {
            return Some(Json::Object(Vec::new()));
        }
        let mut members = Members::new(self.members.len());
        loop {
            if self.bytes.get(self.at) != Some(&b'"') {
                return None;
            }
            let key_at = self.at;
            let key = self.string()?;
            self.skip_ws();
            self.eat(b':')?;
            self.skip_ws();
            let value = self.value(&path.key(&key))?;
            match members.insert(&mut self.members, key, value, path, self.diags) {
                None => self.key_offsets.push(key_at),
                Some(i) => {
                    let first = self.key_offsets[members.start + i];
                    self.dups.push((self.diags.len() - 1, key_at, first));
                }
            }
            self.skip_ws();
            match self.bytes.get(self.at)? {
                b',' => {
                    self.at += 1;
                    self.skip_ws();
                }
                b'}' => {
                    self.at += 1;
                    let list = self.members.drain(members.start..).collect();
                    self.key_offsets.truncate(members.start);
                    return Some(Json::Object(list));
                }
                _ => return None,
            }
        }
    }
}

/// True when the diagnostic or one of its related places has no position yet.
fn unlocated(d: &Diagnostic) -> bool {
    d.position.is_none() || d.related.iter().any(|r| r.position.is_none())
}

/// Fills in line and column for diagnostics about `text` (and the places related to them),
/// pointing at the deepest part of the path that exists (a missing field is reported where it
/// should have been). The text is parsed and indexed once, whatever the number of diagnostics.
pub fn locate(text: &str, diags: &mut [Diagnostic]) {
    if !diags.iter().any(unlocated) {
        return;
    }
    let Ok(result) = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict()) else {
        return;
    };
    let Some(root) = result.value else { return };
    let lines = LineIndex::new(text);
    let mut locator = Locator {
        root: &root,
        keys: HashMap::new(),
    };
    for d in diags.iter_mut().filter(|d| unlocated(d)) {
        if d.position.is_none() {
            d.position = Some(lines.position(locator.offset_of(&d.path)));
        }
        for r in d.related.iter_mut().filter(|r| r.position.is_none()) {
            r.position = Some(lines.position(locator.offset_of(&r.path)));
        }
    }
}

/// [`locate`] for text that [`parse_json`] read successfully. Diagnostics about the whole
/// definition (such as its size) point at the start of the root value, which needs no parse: the
/// common case of one such diagnostic on a large definition then costs nothing.
pub(crate) fn locate_parsed(text: &str, diags: &mut [Diagnostic]) {
    let only_root = || {
        diags
            .iter()
            .filter(|d| unlocated(d))
            .all(|d| d.path.segments().is_empty() && d.related.is_empty())
    };
    if only_root() {
        // jsonc-parser skips more kinds of whitespace than JSON's four; when the root value
        // follows only those four, both agree on where it starts.
        let start = text
            .bytes()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if let Some(start) = start.filter(|&i| matches!(text.as_bytes()[i], b'{' | b'[')) {
            let position = position_of(text, start);
            for d in diags.iter_mut().filter(|d| d.position.is_none()) {
                d.position = Some(position);
            }
            return;
        }
    }
    locate(text, diags);
}

/// Resolves paths to offsets in a syntax tree. Objects with many members (a large `States`) get
/// a name index the first time a path goes through them, so that locating one diagnostic per
/// state stays linear.
struct Locator<'a> {
    root: &'a Value<'a>,
    /// Object (by address) -> member name -> index of its last member of that name.
    keys: HashMap<usize, HashMap<String, usize>>,
}

impl<'a> Locator<'a> {
    fn member(&mut self, o: &'a jsonc_parser::ast::Object<'a>, key: &str) -> Option<usize> {
        if o.properties.len() <= SCAN_KEYS {
            return o.properties.iter().rposition(|p| prop_name(&p.name) == key);
        }
        let index = self.keys.entry(o as *const _ as usize).or_insert_with(|| {
            o.properties
                .iter()
                .enumerate()
                .map(|(i, p)| (prop_name(&p.name), i))
                .collect()
        });
        index.get(key).copied()
    }

    fn offset_of(&mut self, path: &Path) -> usize {
        let mut node = self.root;
        let mut offset = node.range().start;
        for seg in path.segments() {
            match (seg, node) {
                (Seg::Key(k), Value::Object(o)) => match self.member(o, k) {
                    Some(i) => {
                        let p = &o.properties[i];
                        offset = p.range.start;
                        node = &p.value;
                    }
                    None => break,
                },
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

    /// jsonc-parser and the conversion the direct reader replaces.
    fn via_jsonc(text: &str) -> Option<(Json, Vec<Diagnostic>)> {
        let ast = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict()).ok()?;
        let mut diags = Vec::new();
        let v = convert(
            &ast.value?,
            &Loc::At(&Path::root()),
            &mut diags,
            &mut Vec::new(),
        );
        Some((v, diags))
    }

    /// Wherever the direct reader accepts text, jsonc-parser must accept it too and give the
    /// same value and diagnostics; where it declines, `parse_json` falls back on jsonc-parser.
    fn assert_agrees(text: &str) -> bool {
        let mut diags = Vec::new();
        let Some(v) = Direct::parse(text, &mut diags, &mut Vec::new()) else {
            return false;
        };
        let (want, want_diags) = via_jsonc(text).expect("jsonc-parser accepts it too");
        assert_eq!(v, want, "{text:?}");
        assert_eq!(diags, want_diags, "{text:?}");
        true
    }

    #[test]
    fn direct_reader_agrees_with_jsonc_parser() {
        let many_keys: String = (0..40)
            .map(|i| format!("\"k{}\": {i}", i % 13))
            .collect::<Vec<_>>()
            .join(", ");
        let accepted = [
            "{}",
            "[]",
            " \t\r\n{ \"a\" : [ 1 , -0 , 0.50 , 1E+03 , -12.5e-3 , 12345678901234567890 ] } \n",
            r#"{"s": "plain", "e": "q\" b\\ s\/ \b\f\n\r\t", "u": "\u00e9\u0041\u0000\u001f"}"#,
            r#"{"pair": "\ud83d\ude00", "raw": "é😀ü", "upper": "\u00C9"}"#,
            r#"{"a": 1, "a": {"b": 2, "b": 3}, "c": [true, false, null]}"#,
            "[[[[[]]]]]",
            "\"just a string\"",
            "0",
            "true",
        ];
        let big = format!("{{{many_keys}}}");
        let mut n = 0;
        for text in accepted.iter().copied().chain([big.as_str()]) {
            n += usize::from(assert_agrees(text));
        }
        assert_eq!(n, accepted.len() + 1);
        // Not RFC 8259 JSON, or not clearly decoded the same way: left to jsonc-parser.
        for text in [
            "",
            "  ",
            "{\"a\": 1,}",
            "{\"a\": 01}",
            "{\"a\": 1.}",
            "{\"a\": .5}",
            "{\"a\": +1}",
            "{\"a\": -}",
            "{\"a\": 1e}",
            "{\"a\": tru}",
            "{\"a\": truex}",
            "{\"a\": 1 2}",
            "{a: 1}",
            "{'a': 1}",
            "{\"a\": \"tab\there\"}",
            "{\"a\": \"\\ud800\"}",
            "{\"a\": \"\\udc00\"}",
            "{\"a\": \"\\ud800\\u0041\"}",
            "{\"a\": \"\\x41\"}",
            "{\"a\": \"\\u12\"}",
            "{\"a\": 1} x",
            "\u{feff}{}",
            "{\"a\":\u{a0}1}",
            "{\"a\":\u{b}1}",
            "// c\n{}",
            "[1,]",
            "[,1]",
            "{\"a\" 1}",
            "\"unterminated",
        ] {
            assert!(
                !assert_agrees(text),
                "{text:?} should be left to jsonc-parser"
            );
        }
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(assert_agrees(&deep(MAX_JSON_DEPTH)));
        assert!(!assert_agrees(&deep(MAX_JSON_DEPTH + 1)));
    }

    mod generated {
        use super::*;
        use proptest::prelude::*;

        /// JSON text with varied spacing, escapes (`\uXXXX`, surrogate pairs, short forms),
        /// numbers in every form, duplicate keys and nesting.
        fn text() -> impl Strategy<Value = String> {
            let ws = prop::sample::select(vec!["", " ", "\n  ", "\t", "\r\n"]);
            let chr = prop::sample::select(vec![
                "a",
                "Z",
                "é",
                "😀",
                "\\\"",
                "\\\\",
                "\\/",
                "\\n",
                "\\t",
                "\\b",
                "\\f",
                "\\r",
                "\\u0041",
                "\\u00e9",
                "\\u0000",
                "\\ud83d\\ude00",
                "\\uFFFF",
                "$",
                ".",
                " ",
            ]);
            let string =
                prop::collection::vec(chr, 0..6).prop_map(|c| format!("\"{}\"", c.concat()));
            let number = prop::sample::select(vec![
                "0",
                "-0",
                "7",
                "-12",
                "1.50",
                "0.0001",
                "1e3",
                "1E+03",
                "-2.5e-3",
                "123456789012345678901234",
            ])
            .prop_map(String::from);
            let leaf = prop_oneof![
                string.clone(),
                number,
                Just("true".to_string()),
                Just("false".to_string()),
                Just("null".to_string()),
            ];
            leaf.prop_recursive(4, 48, 6, move |inner| {
                let key =
                    prop::sample::select(vec!["\"a\"", "\"b\"", "\"c\"", "\"\\u0061\"", "\"k.$\""]);
                prop_oneof![
                    (prop::collection::vec((inner.clone(), ws.clone()), 0..6)).prop_map(|items| {
                        let items: Vec<String> = items
                            .into_iter()
                            .map(|(v, w)| format!("{w}{v}{w}"))
                            .collect();
                        format!("[{}]", items.join(","))
                    }),
                    (prop::collection::vec((key, inner, ws.clone()), 0..12)).prop_map(|members| {
                        let members: Vec<String> = members
                            .into_iter()
                            .map(|(k, v, w)| format!("{w}{k}{w}:{w}{v}"))
                            .collect();
                        format!("{{{}}}", members.join(","))
                    }),
                ]
            })
        }

        proptest! {
            #[test]
            fn direct_reader_takes_json_and_agrees(t in text()) {
                prop_assert!(assert_agrees(&t), "declined {t:?}");
            }

            #[test]
            fn direct_reader_agrees_or_declines_on_damaged_text(t in text(), at in any::<prop::sample::Index>(), b in any::<u8>()) {
                let mut bytes = t.into_bytes();
                let i = at.index(bytes.len());
                bytes[i] = b;
                if let Ok(t) = String::from_utf8(bytes) {
                    assert_agrees(&t);
                }
            }
        }
    }

    #[test]
    fn duplicate_keys_in_large_objects() {
        // Past `SCAN_KEYS` keys the duplicate check switches to a hash map; same result.
        let text = format!(
            "{{{}, \"k3\": \"again\", \"k11\": \"last\"}}",
            (0..12)
                .map(|i| format!("\"k{i}\": {i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut diags = Vec::new();
        let v = parse_json(&text, &mut diags).unwrap();
        let members = v.as_object().unwrap();
        assert_eq!(members.len(), 12);
        assert_eq!(v.get("k3"), Some(&Json::String("again".into())));
        assert_eq!(v.get("k11"), Some(&Json::String("last".into())));
        assert_eq!(members[3].0, "k3");
        let paths: Vec<String> = diags.iter().map(|d| d.path.pointer()).collect();
        assert_eq!(paths, ["/k3", "/k11"]);
        assert!(assert_agrees(&text));
    }

    #[test]
    fn whole_definition_diagnostics_point_at_the_root() {
        let text = "\n  {\"StartAt\": \"A\"}";
        let mut a = vec![rules::invalid_json::RULE.at(Path::root(), "m")];
        let mut b = a.clone();
        locate_parsed(text, &mut a);
        locate(text, &mut b);
        assert_eq!(a[0].position, Some(Position { line: 2, column: 3 }));
        assert_eq!(a[0].position, b[0].position);
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
