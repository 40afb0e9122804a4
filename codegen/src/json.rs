//! A JSON value that keeps what ASL needs and `serde_json::Value` would lose or change:
//! object keys in their original order (duplicates are reported by the parser, not merged) and
//! numbers as exact decimal text (`1.5` stays `1.5`, `12345678901234567890` stays exact).

/// An exact JSON number, stored as canonical decimal text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Num(String);

impl Num {
    /// Parses JSON number text (`-1.50e2`), returning `None` for anything JSON does not allow.
    /// The stored text is canonical: no leading zeros, no trailing fractional zeros, `-0` is `0`.
    pub fn parse(text: &str) -> Option<Num> {
        let bytes = text.as_bytes();
        let mut i = 0;
        let negative = bytes.first() == Some(&b'-');
        if negative {
            i += 1;
        }
        let int_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let int_part = &text[int_start..i];
        if int_part.is_empty() || (int_part.len() > 1 && int_part.starts_with('0')) {
            return None;
        }
        let mut frac_part = "";
        if i < bytes.len() && bytes[i] == b'.' {
            let start = i + 1;
            i = start;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            frac_part = &text[start..i];
            if frac_part.is_empty() {
                return None;
            }
        }
        let mut exp: Option<&str> = None;
        if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
            let start = i + 1;
            i = start;
            if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
                i += 1;
            }
            let digits_start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if digits_start == i {
                return None;
            }
            exp = Some(&text[start..i]);
        }
        if i != bytes.len() {
            return None;
        }
        let frac = frac_part.trim_end_matches('0');
        let mut out = String::with_capacity(text.len());
        let is_zero = int_part == "0" && frac.is_empty();
        if negative && !is_zero {
            out.push('-');
        }
        out.push_str(int_part);
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        if let Some(e) = exp {
            let (sign, digits) = match e.as_bytes()[0] {
                b'+' => ("", &e[1..]),
                b'-' => ("-", &e[1..]),
                _ => ("", e),
            };
            let digits = digits.trim_start_matches('0');
            if !digits.is_empty() && !is_zero {
                out.push('e');
                out.push_str(sign);
                out.push_str(digits);
            }
        }
        Some(Num(out))
    }

    /// Builds a number from an `f64` using the shortest text that round-trips.
    /// Returns `None` for NaN and infinities, which JSON cannot carry.
    pub fn from_f64(value: f64) -> Option<Num> {
        if !value.is_finite() {
            return None;
        }
        if value.fract() == 0.0 && value.abs() < 1e15 {
            return Num::parse(&format!("{}", value as i64));
        }
        Num::parse(&format!("{value}"))
    }

    pub fn from_i64(value: i64) -> Num {
        Num(value.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn as_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }

    /// The value as an integer, if it is one that fits in `i64` (`3`, `3.0`, `3e2`).
    pub fn as_i64(&self) -> Option<i64> {
        if let Ok(v) = self.0.parse::<i64>() {
            return Some(v);
        }
        let f = self.as_f64();
        if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
            Some(f as i64)
        } else {
            None
        }
    }

    pub fn is_integer(&self) -> bool {
        self.as_i64().is_some()
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A JSON value whose objects keep key order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(Num),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// An object of `(key, value)` members, in their order.
    pub fn object<'k>(members: impl IntoIterator<Item = (&'k str, Json)>) -> Json {
        Json::Object(
            members
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The JSON type name, as used in messages ("expected a string, found an array").
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// Equality as JSON means it: object key order is irrelevant, numbers compare by value
    /// (`1.0` equals `1`), array order matters. Duplicate keys never survive parsing, so each key
    /// is looked up once.
    pub fn semantic_eq(&self, other: &Json) -> bool {
        match (self, other) {
            (Json::Object(a), Json::Object(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, v)| {
                        b.iter()
                            .find(|(k2, _)| k2 == k)
                            .is_some_and(|(_, v2)| v.semantic_eq(v2))
                    })
            }
            (Json::Array(a), Json::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.semantic_eq(y))
            }
            (a, b) => a == b,
        }
    }

    /// Compact text, no insignificant whitespace.
    pub fn to_compact(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, None, 0);
        out
    }

    /// Pretty text with two-space indentation, the layout of `JSON.stringify(v, null, 2)`.
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, Some(2), 0);
        out
    }

    /// Size of the compact form in bytes, without building it.
    pub fn compact_len(&self) -> usize {
        match self {
            Json::Null => 4,
            Json::Bool(true) => 4,
            Json::Bool(false) => 5,
            Json::Number(n) => n.0.len(),
            Json::String(s) => escaped_len(s),
            Json::Array(items) => {
                2 + items.iter().map(Json::compact_len).sum::<usize>()
                    + items.len().saturating_sub(1)
            }
            Json::Object(members) => {
                2 + members
                    .iter()
                    .map(|(k, v)| escaped_len(k) + 1 + v.compact_len())
                    .sum::<usize>()
                    + members.len().saturating_sub(1)
            }
        }
    }
}

fn escaped_len(s: &str) -> usize {
    let mut n = 2;
    for c in s.chars() {
        n += match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf8(),
        };
    }
    n
}

/// Where JSON text goes: a `String`, or [`CharCount`] when only the length matters.
pub trait Sink {
    fn put(&mut self, s: &str);

    /// `v` as JSON text whose first line is indented `depth` levels (see [`Json::to_pretty`]).
    fn put_value(&mut self, v: &Json, indent: Option<usize>, depth: usize) {
        value_to(self, v, indent, depth);
    }

    /// `s` as a JSON string literal (see [`write_string`]).
    fn put_string(&mut self, s: &str) {
        self.put("\"");
        let mut start = 0;
        while let Some(i) = find_escape(&s.as_bytes()[start..]) {
            let i = start + i;
            self.put(&s[start..i]);
            let b = s.as_bytes()[i];
            match short_escape(b) {
                Some(e) => self.put(e),
                None => self.put(&format!("\\u{:04x}", b)),
            }
            start = i + 1;
        }
        self.put(&s[start..]);
        self.put("\"");
    }
}

/// Everything JSON requires to be escaped is ASCII, so strings can be scanned byte by byte (and
/// an escaped byte is always a character boundary).
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The index of the first byte that [`needs_escape`] (a control character, `"` or `\`), looking
/// at eight bytes at a time: strings are most of a definition, and few contain any.
pub(crate) fn find_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit set in each byte of `x` that is zero; the lowest one flagged is always exact
    // (borrows only propagate upwards), which is all that is needed to find the first.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Bytes below 0x20, equal to `"`, equal to `\`.
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let found =
            below | zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\')));
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| needs_escape(b))
        .map(|i| offset + i)
}

fn short_escape(b: u8) -> Option<&'static str> {
    Some(match b {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        0x08 => "\\b",
        0x0c => "\\f",
        _ => return None,
    })
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
}

/// A [`Sink`] that counts characters (not bytes) instead of storing them.
pub struct CharCount(pub usize);

impl Sink for CharCount {
    fn put(&mut self, s: &str) {
        self.0 += char_len(s);
    }

    fn put_value(&mut self, v: &Json, indent: Option<usize>, depth: usize) {
        match indent {
            None => self.0 += compact_chars(v),
            Some(_) => value_to(self, v, indent, depth),
        }
    }

    fn put_string(&mut self, s: &str) {
        self.0 += string_chars(s);
    }
}

/// Characters of `v`'s compact text, counted without writing it.
fn compact_chars(v: &Json) -> usize {
    match v {
        Json::Null | Json::Bool(true) => 4,
        Json::Bool(false) => 5,
        Json::Number(n) => n.0.len(),
        Json::String(s) => string_chars(s),
        Json::Array(items) => {
            2 + items.iter().map(compact_chars).sum::<usize>() + items.len().saturating_sub(1)
        }
        Json::Object(members) => {
            2 + members
                .iter()
                .map(|(k, v)| string_chars(k) + 1 + compact_chars(v))
                .sum::<usize>()
                + members.len().saturating_sub(1)
        }
    }
}

/// `s.chars().count()`, quicker for the short strings JSON is made of: every byte but UTF-8
/// continuation bytes (`0b10xx_xxxx`) starts a character.
fn char_len(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// Characters of `s` as a JSON string literal: quotes, characters, and what escaping adds.
fn string_chars(s: &str) -> usize {
    let mut n = 2 + char_len(s);
    if find_escape(s.as_bytes()).is_some() {
        for b in s.bytes().filter(|&b| needs_escape(b)) {
            n += if short_escape(b).is_some() { 1 } else { 5 };
        }
    }
    n
}

/// Writes `s` as a JSON string literal. Only what JSON requires is escaped, so non-ASCII text
/// stays readable and the output matches what `JSON.stringify` gives.
pub fn write_string(out: &mut String, s: &str) {
    string_to(out, s);
}

/// [`write_string`] into any [`Sink`].
pub fn string_to<S: Sink + ?Sized>(out: &mut S, s: &str) {
    out.put_string(s);
}

/// A line break and the indentation of `depth` levels, when indenting.
pub(crate) fn newline<S: Sink + ?Sized>(out: &mut S, indent: Option<usize>, depth: usize) {
    const SPACES: &str = "                                                                ";
    if let Some(width) = indent {
        out.put("\n");
        let mut n = width * depth;
        while n > 0 {
            let k = n.min(SPACES.len());
            out.put(&SPACES[..k]);
            n -= k;
        }
    }
}

fn write_value(out: &mut String, v: &Json, indent: Option<usize>, depth: usize) {
    value_to(out, v, indent, depth);
}

/// Writes `v` (whose first line is already indented `depth` levels) into any [`Sink`].
pub(crate) fn value_to<S: Sink + ?Sized>(
    out: &mut S,
    v: &Json,
    indent: Option<usize>,
    depth: usize,
) {
    match v {
        Json::Null => out.put("null"),
        Json::Bool(b) => out.put(if *b { "true" } else { "false" }),
        Json::Number(n) => out.put(&n.0),
        Json::String(s) => string_to(out, s),
        Json::Array(items) => {
            if items.is_empty() {
                out.put("[]");
                return;
            }
            out.put("[");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.put(",");
                }
                newline(out, indent, depth + 1);
                value_to(out, item, indent, depth + 1);
            }
            newline(out, indent, depth);
            out.put("]");
        }
        Json::Object(members) => {
            if members.is_empty() {
                out.put("{}");
                return;
            }
            out.put("{");
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.put(",");
                }
                newline(out, indent, depth + 1);
                string_to(out, k);
                out.put(if indent.is_some() { ": " } else { ":" });
                value_to(out, item, indent, depth + 1);
            }
            newline(out, indent, depth);
            out.put("}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_canonical_and_exact() {
        let cases = [
            ("1.50", "1.5"),
            ("2.0", "2"),
            ("-0", "0"),
            ("-0.0", "0"),
            ("12345678901234567890123", "12345678901234567890123"),
            ("1E+03", "1e3"),
            ("1.0e-02", "1e-2"),
            ("0.1", "0.1"),
            ("-7", "-7"),
        ];
        for (input, want) in cases {
            assert_eq!(Num::parse(input).unwrap().as_str(), want, "{input}");
        }
        for bad in ["", "01", "1.", ".5", "+1", "0x10", "1e", "NaN", "1 "] {
            assert!(Num::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Num::from_f64(1.5).unwrap().as_str(), "1.5");
        assert_eq!(Num::from_f64(3.0).unwrap().as_str(), "3");
        assert!(Num::from_f64(f64::NAN).is_none());
        assert_eq!(Num::parse("3e2").unwrap().as_i64(), Some(300));
        assert_eq!(Num::parse("2.5").unwrap().as_i64(), None);
    }

    #[test]
    fn semantic_equality_ignores_key_order_not_values() {
        let n = |s: &str| Json::Number(Num::parse(s).unwrap());
        let a = Json::Object(vec![
            ("a".into(), n("1.0")),
            ("b".into(), Json::Array(vec![n("2")])),
        ]);
        let b = Json::Object(vec![
            ("b".into(), Json::Array(vec![n("2.00")])),
            ("a".into(), n("1")),
        ]);
        assert!(a.semantic_eq(&b));
        let c = Json::Object(vec![
            ("a".into(), n("1")),
            ("b".into(), Json::Array(vec![n("3")])),
        ]);
        assert!(!a.semantic_eq(&c));
        let d = Json::Object(vec![("a".into(), n("1"))]);
        assert!(!a.semantic_eq(&d) && !d.semantic_eq(&a));
    }

    #[test]
    fn finds_the_first_byte_to_escape() {
        let naive = |b: &[u8]| b.iter().position(|&c| needs_escape(c));
        let mut cases: Vec<Vec<u8>> = vec![Vec::new(), b"plain ascii text, no escapes".to_vec()];
        for len in [1, 7, 8, 9, 15, 16, 17, 40] {
            for at in 0..len {
                for special in [b'"', b'\\', 0x00, 0x1f, 0x0a] {
                    let filler = b"a\x7f\xff !#[]{}~";
                    let mut v: Vec<u8> = (0..len).map(|i| filler[i % filler.len()]).collect();
                    v[at] = special;
                    cases.push(v.clone());
                    // A later special byte and bytes that border the ranges must not confuse it.
                    v[len - 1] = b'"';
                    cases.push(v);
                }
            }
        }
        cases.push("é😀\"x".as_bytes().to_vec());
        cases.push(vec![0x20, 0x21, 0x23, 0x5b, 0x5d, 0x80, 0xa2, 0xdc, 0x1f]);
        for c in &cases {
            assert_eq!(find_escape(c), naive(c), "{c:?}");
        }
    }

    #[test]
    fn character_counts() {
        for s in ["", "abc", "é", "😀 x", "a\"b\\c\n\u{1}\u{1f}\u{7f}é😀"] {
            assert_eq!(char_len(s), s.chars().count(), "{s:?}");
            let mut out = String::new();
            write_string(&mut out, s);
            assert_eq!(string_chars(s), out.chars().count(), "{s:?}");
        }
        let v = Json::Object(vec![
            ("k\"é".into(), Json::String("a\u{2}😀".into())),
            ("n".into(), Json::Array(vec![Json::Null, Json::Bool(false)])),
            ("e".into(), Json::Object(vec![])),
        ]);
        assert_eq!(compact_chars(&v), v.to_compact().chars().count());
    }

    #[test]
    fn writer_escapes_only_what_json_requires() {
        let v = Json::Object(vec![
            ("k\"ey".into(), Json::String("a\\b\n\u{1}é".into())),
            ("n".into(), Json::Array(vec![Json::Null, Json::Bool(false)])),
            ("e".into(), Json::Object(vec![])),
        ]);
        let compact = v.to_compact();
        assert_eq!(
            compact,
            r#"{"k\"ey":"a\\b\n\u0001é","n":[null,false],"e":{}}"#
        );
        assert_eq!(v.compact_len(), compact.len());
        assert_eq!(
            v.to_pretty(),
            "{\n  \"k\\\"ey\": \"a\\\\b\\n\\u0001é\",\n  \"n\": [\n    null,\n    false\n  ],\n  \"e\": {}\n}"
        );
    }
}
