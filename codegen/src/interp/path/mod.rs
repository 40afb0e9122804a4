//! JSONPath evaluation as Step Functions does it (Jayway JsonPath, plus `$$` for the context
//! object and `$name` for variables): selecting values for `InputPath`, `Parameters`, Choice
//! rules, ..., and writing a value at a reference path for `ResultPath`.
//!
//! Jayway distinguishes *definite* paths (only names and single indexes), which select one value
//! and fail when it is missing, from *indefinite* ones (wildcards, slices, index or name lists,
//! deep scans, filters), which select a list that may be empty. A trailing function
//! (`.length()`, `.sum()`, ...) turns the selection into one computed value. Parsing and
//! evaluation never panic and use no recursion deeper than the path text (filters nest by
//! parentheses, bounded by the definition's own nesting limit).

mod filter;

use crate::json::{Json, Num};
use filter::Filter;

/// What a path starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    /// `$`: the value being processed (state input, result, ...).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable.
    Variable(String),
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Keys(Vec<String>),
    Index(i64),
    Indexes(Vec<i64>),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    Wildcard,
    /// `..x`: the step applied at every depth.
    Scan(Box<Step>),
    Filter(Box<Filter>),
}

impl Step {
    fn is_definite(&self) -> bool {
        matches!(self, Step::Key(_) | Step::Index(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Function {
    Length,
    Min,
    Max,
    Avg,
    Sum,
    Stddev,
    First,
    Last,
    Keys,
}

/// A parsed path.
#[derive(Debug, Clone)]
pub struct JsonPath {
    pub root: Root,
    steps: Vec<Step>,
    function: Option<Function>,
    text: String,
}

/// Why a path selected nothing (definite paths only; indefinite ones select `[]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing;

impl JsonPath {
    /// Parses path text (`$.a.b[0]`, `$$.Execution.Id`, `$order.id`, `$..x`, filters, ...).
    pub fn parse(text: &str) -> Result<JsonPath, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut p = Parser { c: &chars, i: 0 };
        let root = p.root()?;
        let (steps, function) = p.steps(false)?;
        p.skip_ws();
        if p.i < chars.len() {
            return Err(format!("unexpected text at character {}", p.i));
        }
        Ok(JsonPath {
            root,
            steps,
            function,
            text: text.to_string(),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the path names one node (only names and single indexes, no function).
    pub fn is_definite(&self) -> bool {
        self.function.is_none() && self.steps.iter().all(Step::is_definite)
    }

    /// True when the path can be a `ResultPath` target: a definite path from `$`.
    pub fn is_reference(&self) -> bool {
        self.root == Root::Input && self.is_definite()
    }

    /// The selected value: the node of a definite path (or [`Missing`]), or the array of every
    /// node an indefinite path matches; a trailing function is applied to that.
    pub fn select(&self, root: &Json) -> Result<Json, Missing> {
        let selected = if self.steps.iter().all(Step::is_definite) {
            definite(&self.steps, root).ok_or(Missing)?.clone()
        } else {
            let mut out = Vec::new();
            select_into(&self.steps, root, root, &mut out);
            Json::Array(out.into_iter().cloned().collect())
        };
        match self.function {
            None => Ok(selected),
            Some(f) => apply_function(f, &selected).ok_or(Missing),
        }
    }

    /// Writes `value` at this reference path inside `target`, creating missing objects on the
    /// way (`ResultPath`). Fails when the path crosses a value that is not an object where a
    /// name is needed, or an array index that does not exist.
    pub fn set(&self, target: &mut Json, value: Json) -> Result<(), String> {
        if !self.is_reference() {
            return Err(format!("\"{}\" is not a reference path", self.text));
        }
        let mut cur = target;
        for (n, step) in self.steps.iter().enumerate() {
            let last = n + 1 == self.steps.len();
            cur = match step {
                Step::Key(k) => {
                    let Json::Object(members) = cur else {
                        return Err(format!(
                            "the value at the step \"{k}\" is {}, not an object",
                            cur.type_name()
                        ));
                    };
                    let pos = match members.iter().position(|(m, _)| m == k) {
                        Some(pos) => pos,
                        None => {
                            members.push((k.clone(), Json::Object(Vec::new())));
                            members.len() - 1
                        }
                    };
                    &mut members[pos].1
                }
                Step::Index(i) => {
                    let Json::Array(items) = cur else {
                        return Err(format!(
                            "the value at the index [{i}] is {}, not an array",
                            cur.type_name()
                        ));
                    };
                    let len = items.len();
                    let Some(item) = usize::try_from(*i).ok().and_then(|i| items.get_mut(i)) else {
                        return Err(format!(
                            "the index [{i}] is outside the array of {len} items"
                        ));
                    };
                    item
                }
                _ => return Err(format!("\"{}\" is not a reference path", self.text)),
            };
            if last {
                *cur = value;
                return Ok(());
            }
        }
        *cur = value;
        Ok(())
    }
}

fn definite<'a>(steps: &[Step], root: &'a Json) -> Option<&'a Json> {
    let mut cur = root;
    for step in steps {
        cur = match step {
            Step::Key(k) => cur.get(k)?,
            Step::Index(i) => index(cur, *i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn index(v: &Json, i: i64) -> Option<&Json> {
    let Json::Array(items) = v else { return None };
    let len = items.len() as i64;
    let at = if i < 0 { len + i } else { i };
    if (0..len).contains(&at) {
        items.get(at as usize)
    } else {
        None
    }
}

/// Every node `steps` reach from `node` (for indefinite paths: missing parts match nothing).
fn select_into<'a>(steps: &[Step], node: &'a Json, root: &'a Json, out: &mut Vec<&'a Json>) {
    let Some((step, rest)) = steps.split_first() else {
        out.push(node);
        return;
    };
    let mut next: Vec<&'a Json> = Vec::new();
    apply_step(step, node, root, &mut next);
    for n in next {
        select_into(rest, n, root, out);
    }
}

fn apply_step<'a>(step: &Step, node: &'a Json, root: &'a Json, out: &mut Vec<&'a Json>) {
    match step {
        Step::Key(k) => out.extend(node.get(k)),
        Step::Keys(ks) => {
            for k in ks {
                out.extend(node.get(k));
            }
        }
        Step::Index(i) => out.extend(index(node, *i)),
        Step::Indexes(is) => {
            for i in is {
                out.extend(index(node, *i));
            }
        }
        Step::Slice(start, end, by) => {
            if let Json::Array(items) = node {
                for i in slice(items.len(), *start, *end, *by) {
                    out.push(&items[i]);
                }
            }
        }
        Step::Wildcard => match node {
            Json::Array(items) => out.extend(items.iter()),
            Json::Object(members) => out.extend(members.iter().map(|(_, v)| v)),
            _ => {}
        },
        Step::Scan(inner) => {
            // Every node at every depth, the start included, in document order.
            let mut stack = vec![node];
            while let Some(n) = stack.pop() {
                apply_step(inner, n, root, out);
                match n {
                    Json::Array(items) => stack.extend(items.iter().rev()),
                    Json::Object(members) => stack.extend(members.iter().rev().map(|(_, v)| v)),
                    _ => {}
                }
            }
        }
        Step::Filter(f) => match node {
            Json::Array(items) => out.extend(items.iter().filter(|i| f.test(i, root))),
            Json::Object(_) if f.test(node, root) => out.push(node),
            _ => {}
        },
    }
}

/// The indexes a Python-style slice selects (Jayway's `[a:b]`, with an optional step).
fn slice(len: usize, start: Option<i64>, end: Option<i64>, by: Option<i64>) -> Vec<usize> {
    let len = len as i64;
    let by = by.unwrap_or(1);
    if by == 0 {
        return Vec::new();
    }
    let norm = |v: i64| if v < 0 { (len + v).max(0) } else { v.min(len) };
    let mut out = Vec::new();
    if by > 0 {
        let mut i = start.map_or(0, norm);
        let end = end.map_or(len, norm);
        while i < end {
            out.push(i as usize);
            i += by;
        }
    } else {
        let mut i = start.map_or(len - 1, |v| norm(v).min(len - 1));
        let end = end.map_or(-1, norm);
        while i > end && i >= 0 {
            out.push(i as usize);
            i += by;
        }
    }
    out
}

fn numbers(v: &Json) -> Option<Vec<f64>> {
    let Json::Array(items) = v else { return None };
    items
        .iter()
        .map(|i| match i {
            Json::Number(n) => Some(n.as_f64()),
            _ => None,
        })
        .collect()
}

fn num(f: f64) -> Option<Json> {
    Num::from_f64(f).map(Json::Number)
}

fn apply_function(f: Function, v: &Json) -> Option<Json> {
    match f {
        Function::Length => match v {
            Json::Array(a) => Some(Json::Number(Num::from_i64(a.len() as i64))),
            Json::Object(o) => Some(Json::Number(Num::from_i64(o.len() as i64))),
            Json::String(s) => Some(Json::Number(Num::from_i64(s.chars().count() as i64))),
            _ => None,
        },
        Function::Keys => match v {
            Json::Object(o) => Some(Json::Array(
                o.iter().map(|(k, _)| Json::String(k.clone())).collect(),
            )),
            _ => None,
        },
        Function::First => match v {
            Json::Array(a) => a.first().cloned(),
            _ => None,
        },
        Function::Last => match v {
            Json::Array(a) => a.last().cloned(),
            _ => None,
        },
        Function::Min | Function::Max | Function::Avg | Function::Sum | Function::Stddev => {
            let ns = numbers(v)?;
            if ns.is_empty() && f != Function::Sum {
                return None;
            }
            let sum: f64 = ns.iter().sum();
            let mean = sum / ns.len() as f64;
            match f {
                Function::Min => num(ns.iter().copied().fold(f64::INFINITY, f64::min)),
                Function::Max => num(ns.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
                Function::Sum => num(sum),
                Function::Avg => num(mean),
                _ => num((ns.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>()
                    / ns.len() as f64)
                    .sqrt()),
            }
        }
    }
}

// ---- parsing --------------------------------------------------------------------------------

struct Parser<'c> {
    c: &'c [char],
    i: usize,
}

/// Characters that end a dot-notation name (inside filters also the operators).
fn ends_name(c: char, in_filter: bool) -> bool {
    c.is_whitespace()
        || matches!(c, '.' | '[' | ']' | '(' | ')' | '\'' | '"' | ',' | '$')
        || (in_filter && matches!(c, '<' | '>' | '=' | '!' | '&' | '|' | '~'))
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn at(&self, k: usize) -> Option<char> {
        self.c.get(self.i + k).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at character {}", self.i))
    }

    fn root(&mut self) -> Result<Root, String> {
        if self.peek() != Some('$') {
            return self.err("a path starts with \"$\"");
        }
        self.i += 1;
        if self.peek() == Some('$') {
            self.i += 1;
            return Ok(Root::Context);
        }
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            let start = self.i;
            while self
                .peek()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                self.i += 1;
            }
            return Ok(Root::Variable(self.c[start..self.i].iter().collect()));
        }
        Ok(Root::Input)
    }

    /// Steps until the end of the path (or, in a filter, the end of the operand).
    fn steps(&mut self, in_filter: bool) -> Result<(Vec<Step>, Option<Function>), String> {
        let mut steps = Vec::new();
        loop {
            match self.peek() {
                Some('.') if self.at(1) == Some('.') => {
                    self.i += 2;
                    let inner = match self.peek() {
                        Some('*') => {
                            self.i += 1;
                            Step::Wildcard
                        }
                        Some('[') => self.bracket()?,
                        Some(c) if !ends_name(c, in_filter) => Step::Key(self.name(in_filter)),
                        _ => return self.err("expected a name after \"..\""),
                    };
                    steps.push(Step::Scan(Box::new(inner)));
                }
                Some('.') => {
                    self.i += 1;
                    match self.peek() {
                        Some('*') => {
                            self.i += 1;
                            steps.push(Step::Wildcard);
                        }
                        Some('[') => steps.push(self.bracket()?),
                        Some(c) if !ends_name(c, in_filter) => {
                            let name = self.name(in_filter);
                            if self.peek() == Some('(') {
                                let f = self.function(&name)?;
                                return Ok((steps, Some(f)));
                            }
                            steps.push(Step::Key(name));
                        }
                        _ => return self.err("expected a name after \".\""),
                    }
                }
                Some('[') => steps.push(self.bracket()?),
                _ => return Ok((steps, None)),
            }
        }
    }

    fn name(&mut self, in_filter: bool) -> String {
        let start = self.i;
        while self.peek().is_some_and(|c| !ends_name(c, in_filter)) {
            self.i += 1;
        }
        self.c[start..self.i].iter().collect()
    }

    fn function(&mut self, name: &str) -> Result<Function, String> {
        let f = match name {
            "length" | "size" => Function::Length,
            "min" => Function::Min,
            "max" => Function::Max,
            "avg" => Function::Avg,
            "sum" => Function::Sum,
            "stddev" => Function::Stddev,
            "first" => Function::First,
            "last" => Function::Last,
            "keys" => Function::Keys,
            _ => return self.err(&format!("unsupported path function {name}()")),
        };
        self.i += 1;
        self.skip_ws();
        if self.peek() != Some(')') {
            return self.err("path functions take no arguments");
        }
        self.i += 1;
        Ok(f)
    }

    fn quoted(&mut self) -> Result<String, String> {
        let quote = self.peek().unwrap_or('\'');
        self.i += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return self.err("unclosed quote"),
                Some('\\') => {
                    if let Some(c) = self.at(1) {
                        s.push(c);
                    }
                    self.i += 2;
                }
                Some(c) if c == quote => {
                    self.i += 1;
                    return Ok(s);
                }
                Some(c) => {
                    s.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn integer(&mut self) -> Option<i64> {
        self.skip_ws();
        let start = self.i;
        if self.peek() == Some('-') {
            self.i += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let text: String = self.c[start..self.i].iter().collect();
        let v = text.parse().ok();
        self.skip_ws();
        v
    }

    fn close(&mut self) -> Result<(), String> {
        self.skip_ws();
        if self.peek() != Some(']') {
            return self.err("expected \"]\"");
        }
        self.i += 1;
        Ok(())
    }

    /// At `[`.
    fn bracket(&mut self) -> Result<Step, String> {
        self.i += 1;
        self.skip_ws();
        match self.peek() {
            Some('\'') | Some('"') => {
                let mut names = vec![self.quoted()?];
                self.skip_ws();
                while self.peek() == Some(',') {
                    self.i += 1;
                    self.skip_ws();
                    names.push(self.quoted()?);
                    self.skip_ws();
                }
                self.close()?;
                Ok(if names.len() == 1 {
                    Step::Key(names.pop().unwrap_or_default())
                } else {
                    Step::Keys(names)
                })
            }
            Some('*') => {
                self.i += 1;
                self.close()?;
                Ok(Step::Wildcard)
            }
            Some('?') => {
                self.i += 1;
                self.skip_ws();
                if self.peek() != Some('(') {
                    return self.err("a filter is written [?(...)]");
                }
                self.i += 1;
                let f = self.or()?;
                self.skip_ws();
                if self.peek() != Some(')') {
                    return self.err("expected \")\" closing the filter");
                }
                self.i += 1;
                self.close()?;
                Ok(Step::Filter(Box::new(f)))
            }
            _ => {
                let first = if self.peek() == Some(':') {
                    None
                } else {
                    Some(self.integer().ok_or("expected an index")?)
                };
                match self.peek() {
                    Some(':') => {
                        self.i += 1;
                        self.skip_ws();
                        let end = if matches!(self.peek(), Some(']') | Some(':')) {
                            None
                        } else {
                            Some(self.integer().ok_or("expected an index")?)
                        };
                        let mut by = None;
                        if self.peek() == Some(':') {
                            self.i += 1;
                            self.skip_ws();
                            if self.peek() != Some(']') {
                                by = Some(self.integer().ok_or("expected a step")?);
                            }
                        }
                        self.close()?;
                        Ok(Step::Slice(first, end, by))
                    }
                    Some(',') => {
                        let mut all = vec![first.ok_or("expected an index")?];
                        while self.peek() == Some(',') {
                            self.i += 1;
                            all.push(self.integer().ok_or("expected an index")?);
                        }
                        self.close()?;
                        Ok(Step::Indexes(all))
                    }
                    _ => {
                        self.close()?;
                        Ok(Step::Index(first.ok_or("expected an index")?))
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse_json;

    fn j(s: &str) -> Json {
        parse_json(s, &mut Vec::new()).unwrap_or_else(|| panic!("bad test JSON {s}"))
    }

    fn sel(path: &str, doc: &str) -> Result<Json, Missing> {
        JsonPath::parse(path)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .select(&j(doc))
    }

    const STORE: &str = r#"{"store": {"book": [
        {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
        {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
        {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99},
        {"category": "fiction", "author": "J. R. R. Tolkien", "title": "LOTR", "isbn": "0-395", "price": 22.99}],
        "bicycle": {"color": "red", "price": 19.95}}, "expensive": 10}"#;

    #[test]
    fn definite_paths_select_one_value_or_miss() {
        assert_eq!(sel("$", "[1]"), Ok(j("[1]")));
        assert_eq!(
            sel("$.store.bicycle.color", STORE),
            Ok(Json::String("red".into()))
        );
        assert_eq!(sel("$['store']['bicycle']['price']", STORE), Ok(j("19.95")));
        assert_eq!(sel("$.store.book[0].price", STORE), Ok(j("8.95")));
        assert_eq!(sel("$.store.book[-1].title", STORE), Ok(j("\"LOTR\"")));
        assert_eq!(sel("$.store.nope", STORE), Err(Missing));
        assert_eq!(sel("$.store.book[9]", STORE), Err(Missing));
        assert_eq!(sel("$.expensive.x", STORE), Err(Missing));
        assert_eq!(sel("$['a b'].c", r#"{"a b": {"c": 1}}"#), Ok(j("1")));
        assert_eq!(sel("$.a-b", r#"{"a-b": 2}"#), Ok(j("2")));
    }

    #[test]
    fn indefinite_paths_select_lists() {
        assert_eq!(
            sel("$.store.book[*].author", STORE),
            Ok(j(
                r#"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#
            ))
        );
        assert_eq!(
            sel("$..author", STORE).map(|v| v.to_compact()),
            Ok(r#"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#.into())
        );
        assert_eq!(
            sel("$.store..price", STORE),
            Ok(j("[8.95,12.99,8.99,22.99,19.95]"))
        );
        assert_eq!(
            sel("$..book[2].title", STORE),
            Ok(Json::Array(vec![Json::String("Moby Dick".into())]))
        );
        assert_eq!(sel("$..book[-1:].title", STORE), Ok(j(r#"["LOTR"]"#)));
        assert_eq!(
            sel("$..book[0,1].title", STORE),
            Ok(j(r#"["Sayings","Sword"]"#))
        );
        assert_eq!(
            sel("$..book[:2].title", STORE),
            Ok(j(r#"["Sayings","Sword"]"#))
        );
        assert_eq!(
            sel("$..book[?(@.isbn)].title", STORE),
            Ok(j(r#"["Moby Dick","LOTR"]"#))
        );
        assert_eq!(
            sel("$.store.book[?(@.price < 10)].title", STORE),
            Ok(j(r#"["Sayings","Moby Dick"]"#))
        );
        assert_eq!(
            sel("$..book[?(@.price <= $['expensive'])].title", STORE),
            Ok(j(r#"["Sayings","Moby Dick"]"#))
        );
        assert_eq!(
            sel("$..book[?(@.author =~ /.*REES/i)].title", STORE),
            Ok(j(r#"["Sayings"]"#))
        );
        assert_eq!(
            sel(
                "$..book[?(@.category == 'fiction' && !(@.price > 20))].title",
                STORE
            ),
            Ok(j(r#"["Sword","Moby Dick"]"#))
        );
        assert_eq!(
            sel("$..book[?(@.category in ['reference'])].price", STORE),
            Ok(j("[8.95]"))
        );
        assert_eq!(sel("$.store.nope[*]", STORE), Ok(j("[]")));
        assert_eq!(sel("$[1:10:3]", "[0,1,2,3,4,5,6,7]"), Ok(j("[1,4,7]")));
        assert_eq!(sel("$[::-1]", "[1,2,3]"), Ok(j("[3,2,1]")));
        assert_eq!(sel("$.*", r#"{"a":1,"b":[2]}"#), Ok(j("[1,[2]]")));
    }

    #[test]
    fn functions() {
        assert_eq!(sel("$.store.book.length()", STORE), Ok(j("4")));
        assert_eq!(sel("$..price.max()", STORE), Ok(j("22.99")));
        assert_eq!(sel("$.a.sum()", r#"{"a":[1,2,3.5]}"#), Ok(j("6.5")));
        assert_eq!(sel("$.a.avg()", r#"{"a":[1,2,3]}"#), Ok(j("2")));
        assert_eq!(sel("$.a.min()", r#"{"a":[]}"#), Err(Missing));
    }

    #[test]
    fn roots() {
        assert_eq!(
            JsonPath::parse("$$.Execution.Id").map(|p| p.root),
            Ok(Root::Context)
        );
        assert_eq!(
            JsonPath::parse("$order.id").map(|p| p.root),
            Ok(Root::Variable("order".into()))
        );
        assert!(JsonPath::parse("$.a").is_ok_and(|p| p.is_reference()));
        assert!(JsonPath::parse("$.a[*]").is_ok_and(|p| !p.is_reference()));
        assert!(JsonPath::parse("a.b").is_err());
        assert!(JsonPath::parse("$.a[").is_err());
    }

    fn set(path: &str, doc: &str, value: &str) -> Result<String, String> {
        let mut target = j(doc);
        JsonPath::parse(path)?.set(&mut target, j(value))?;
        Ok(target.to_compact())
    }

    #[test]
    fn reference_paths_write_values() {
        assert_eq!(set("$", r#"{"a":1}"#, "2"), Ok("2".into()));
        assert_eq!(
            set("$.taskresult", r#"{"a":1}"#, "\"x\""),
            Ok(r#"{"a":1,"taskresult":"x"}"#.into())
        );
        assert_eq!(
            set("$.a", r#"{"a":1,"b":2}"#, "3"),
            Ok(r#"{"a":3,"b":2}"#.into())
        );
        assert_eq!(
            set("$.x.y.z", "{}", "true"),
            Ok(r#"{"x":{"y":{"z":true}}}"#.into())
        );
        assert_eq!(
            set("$.l[1]", r#"{"l":[0,0]}"#, "5"),
            Ok(r#"{"l":[0,5]}"#.into())
        );
        assert!(set("$.l[2]", r#"{"l":[0,0]}"#, "5").is_err());
        assert!(set("$.a.b", r#"{"a":"text"}"#, "5").is_err());
        assert!(set("$.a", "\"text\"", "5").is_err());
        assert!(set("$.a[*]", "{}", "5").is_err());
    }

    #[test]
    fn odd_input_never_panics() {
        for p in [
            "$[",
            "$['",
            "$[?(",
            "$[?(@.a =~ /",
            "$..",
            "$.a(",
            "$[1:",
            "$[-",
            "$[,]",
            "$[?()]",
            "$[?(@.a ==)]",
            "$.length(",
            "$[?(!)]",
            "$[?(@.a in [1,)]",
        ] {
            if let Ok(path) = JsonPath::parse(p) {
                let _ = path.select(&j(STORE));
            }
        }
    }
}
