//! Intrinsic functions (`States.Format('Order {} is {}', $.id, $.status)`), JSONPath mode only.
//!
//! [`parse`] turns the text of a `.$` value into a [`Call`] tree (syntax only, nesting at most
//! [`MAX_NESTING`] deep); [`check`] also applies the function table ([`FUNCTIONS`]): known
//! names, arity and the literal arguments whose type or value is fixed. Errors carry the
//! 0-based character offset of the problem. The parser recurses at most `MAX_NESTING + 1`
//! levels and never panics.

use std::fmt;

use crate::jsonpath;

/// AWS allows intrinsic calls nested up to 10 deep within one field.
pub const MAX_NESTING: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrinsicError {
    pub offset: usize,
    pub message: String,
}

impl IntrinsicError {
    fn new(offset: usize, message: impl Into<String>) -> IntrinsicError {
        IntrinsicError {
            offset,
            message: message.into(),
        }
    }
}

impl fmt::Display for IntrinsicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset)
    }
}

/// One intrinsic call: `States.<name>(<args>)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The name after `States.` (`Format`).
    pub name: String,
    /// Offset of the `S` of `States`.
    pub offset: usize,
    pub args: Vec<Arg>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Offset of the argument's first character.
    pub offset: usize,
    pub value: ArgValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    /// A quoted string, escapes resolved. `placeholders` counts the unescaped `{}`.
    Str {
        value: String,
        placeholders: usize,
    },
    /// A number, as written.
    Num(String),
    Bool(bool),
    Null,
    /// A path, context path or variable reference, as written.
    Path {
        text: String,
        root: jsonpath::Root,
    },
    Call(Call),
}

impl ArgValue {
    fn describe(&self) -> &'static str {
        match self {
            ArgValue::Str { .. } => "a string",
            ArgValue::Num(_) => "a number",
            ArgValue::Bool(_) => "a boolean",
            ArgValue::Null => "null",
            ArgValue::Path { .. } => "a path",
            ArgValue::Call(_) => "an intrinsic call",
        }
    }

    fn is_literal(&self) -> bool {
        !matches!(self, ArgValue::Path { .. } | ArgValue::Call(_))
    }
}

impl Call {
    /// Every variable name referenced anywhere in the call, with its offset.
    pub fn variables(&self) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(call) = stack.pop() {
            for a in &call.args {
                match &a.value {
                    ArgValue::Path {
                        root: jsonpath::Root::Variable(name),
                        ..
                    } => out.push((name.clone(), a.offset)),
                    ArgValue::Call(c) => stack.push(c),
                    _ => {}
                }
            }
        }
        out.sort_by_key(|(_, o)| *o);
        out
    }
}

/// True when a string is meant as an intrinsic call: it starts with `States.` followed by a
/// name and `(`. Used to spot intrinsics given without `.$`.
pub fn looks_like_intrinsic(s: &str) -> bool {
    let Some(rest) = s.trim_start().strip_prefix("States.") else {
        return false;
    };
    let name_len = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .count();
    name_len > 0 && rest[name_len..].trim_start().starts_with('(')
}

/// True when a value would be a path or an intrinsic call but for the whitespace it starts with,
/// which AWS rejects in both cases (`" States.Format(...)"`, `" $.id"`).
pub fn has_leading_whitespace(s: &str) -> bool {
    let t = s.trim_start();
    t.len() != s.len() && (t.starts_with('$') || looks_like_intrinsic(t))
}

/// What a function's argument must be, where AWS fixes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// Anything.
    Any,
    /// A string (literal, path or call).
    String,
    /// A number (literal, path or call); literal must be an integer.
    Integer,
    /// A number (literal, path or call).
    Number,
    /// An array, so not a literal.
    Array,
    /// JSON data from a path or call, not a literal.
    Json,
    /// The `Hash` algorithm.
    Algorithm,
    /// The `JsonMerge` deep-merge flag: only `false` is supported.
    FalseFlag,
}

#[derive(Debug)]
pub struct FunctionSpec {
    pub name: &'static str,
    pub min: usize,
    /// `None`: variadic.
    pub max: Option<usize>,
    /// Kinds of the leading arguments (the rest, for variadic functions, are `Any`).
    pub kinds: &'static [ArgKind],
    /// Returns a string (allowed in `ErrorPath`/`CausePath`).
    pub returns_string: bool,
}

macro_rules! spec {
    ($name:literal, $min:expr, $max:expr, [$($k:ident),*], $s:literal) => {
        FunctionSpec { name: $name, min: $min, max: $max, kinds: &[$(ArgKind::$k),*], returns_string: $s }
    };
}

/// The 18 intrinsic functions.
pub static FUNCTIONS: &[FunctionSpec] = &[
    spec!("Format", 1, None, [String], true),
    spec!("StringToJson", 1, Some(1), [String], false),
    spec!("JsonToString", 1, Some(1), [Json], true),
    spec!("Array", 0, None, [], false),
    spec!("ArrayPartition", 2, Some(2), [Array, Integer], false),
    spec!("ArrayContains", 2, Some(2), [Array, Any], false),
    spec!("ArrayRange", 3, Some(3), [Integer, Integer, Integer], false),
    spec!("ArrayGetItem", 2, Some(2), [Array, Integer], true),
    spec!("ArrayLength", 1, Some(1), [Array], false),
    spec!("ArrayUnique", 1, Some(1), [Array], false),
    spec!("Base64Encode", 1, Some(1), [String], true),
    spec!("Base64Decode", 1, Some(1), [String], true),
    spec!("Hash", 2, Some(2), [Any, Algorithm], true),
    spec!("JsonMerge", 3, Some(3), [Json, Json, FalseFlag], false),
    spec!("MathRandom", 2, Some(3), [Integer, Integer, Integer], false),
    spec!("MathAdd", 2, Some(2), [Number, Number], false),
    spec!("StringSplit", 2, Some(2), [String, String], false),
    spec!("UUID", 0, Some(0), [], true),
];

pub const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

pub fn function(name: &str) -> Option<&'static FunctionSpec> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Parses an intrinsic call (syntax, nesting, and the syntax of embedded paths).
pub fn parse(s: &str) -> Result<Call, IntrinsicError> {
    let chars: Vec<char> = s.chars().collect();
    let mut p = Parser {
        chars: &chars,
        pos: 0,
    };
    p.skip_ws();
    let call = p.call(1)?;
    p.skip_ws();
    if let Some(c) = p.peek() {
        return Err(IntrinsicError::new(
            p.pos,
            format!("unexpected \"{c}\" after the end of the call"),
        ));
    }
    Ok(call)
}

/// Parses and checks an intrinsic call against [`FUNCTIONS`].
pub fn check(s: &str) -> Result<Call, IntrinsicError> {
    let call = parse(s)?;
    let mut stack = vec![&call];
    while let Some(c) = stack.pop() {
        check_call(c)?;
        for a in &c.args {
            if let ArgValue::Call(inner) = &a.value {
                stack.push(inner);
            }
        }
    }
    Ok(call)
}

fn check_call(call: &Call) -> Result<(), IntrinsicError> {
    let Some(spec) = function(&call.name) else {
        let message = match closest(&call.name) {
            Some(close) => format!(
                "unknown intrinsic function \"States.{}\"; did you mean States.{close}?",
                call.name
            ),
            None => {
                let names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
                format!(
                    "unknown intrinsic function \"States.{}\"; known: States.{}",
                    call.name,
                    names.join(", States.")
                )
            }
        };
        return Err(IntrinsicError::new(call.offset, message));
    };
    let n = call.args.len();
    let arity_ok = n >= spec.min && spec.max.is_none_or(|m| n <= m);
    if !arity_ok {
        let expected = match spec.max {
            None => format!("at least {}", spec.min),
            Some(m) if m == spec.min => format!("{m}"),
            Some(m) => format!("{} to {m}", spec.min),
        };
        return Err(IntrinsicError::new(
            call.offset,
            format!(
                "States.{} takes {expected} argument{}, found {n}",
                spec.name,
                if expected.ends_with('1') { "" } else { "s" }
            ),
        ));
    }
    for (i, (arg, kind)) in call.args.iter().zip(spec.kinds).enumerate() {
        check_arg(spec, i, arg, *kind)?;
    }
    if spec.name == "Format" {
        if let Some(Arg {
            value: ArgValue::Str { placeholders, .. },
            offset,
        }) = call.args.first()
        {
            if *placeholders != n - 1 {
                return Err(IntrinsicError::new(
                    *offset,
                    format!(
                        "the States.Format template has {placeholders} \"{{}}\" placeholder{} but {} value{} follow{}",
                        if *placeholders == 1 { "" } else { "s" },
                        n - 1,
                        if n - 1 == 1 { "" } else { "s" },
                        if n - 1 == 1 { "s" } else { "" },
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn check_arg(
    spec: &FunctionSpec,
    i: usize,
    arg: &Arg,
    kind: ArgKind,
) -> Result<(), IntrinsicError> {
    let v = &arg.value;
    let wrong = |expected: &str| {
        Err(IntrinsicError::new(
            arg.offset,
            format!(
                "argument {} of States.{} must be {expected}, not {}",
                i + 1,
                spec.name,
                v.describe()
            ),
        ))
    };
    match kind {
        ArgKind::Any => Ok(()),
        ArgKind::String => match v {
            ArgValue::Num(_) | ArgValue::Bool(_) | ArgValue::Null => wrong("a string"),
            _ => Ok(()),
        },
        ArgKind::Number | ArgKind::Integer => match v {
            ArgValue::Str { .. } | ArgValue::Bool(_) | ArgValue::Null => wrong("a number"),
            ArgValue::Num(n) if kind == ArgKind::Integer && !is_integer_literal(n) => {
                wrong("an integer")
            }
            _ => Ok(()),
        },
        ArgKind::Array => {
            if v.is_literal() {
                wrong("an array (a path or an intrinsic call)")
            } else {
                Ok(())
            }
        }
        ArgKind::Json => {
            if v.is_literal() {
                wrong("a path or an intrinsic call")
            } else {
                Ok(())
            }
        }
        ArgKind::Algorithm => match v {
            ArgValue::Str { value, .. } if HASH_ALGORITHMS.contains(&value.as_str()) => Ok(()),
            ArgValue::Str { value, .. } => Err(IntrinsicError::new(
                arg.offset,
                format!(
                    "\"{value}\" is not a States.Hash algorithm; use one of {}",
                    HASH_ALGORITHMS.join(", ")
                ),
            )),
            ArgValue::Path { .. } | ArgValue::Call(_) => Ok(()),
            _ => wrong("an algorithm name"),
        },
        ArgKind::FalseFlag => match v {
            ArgValue::Bool(false) | ArgValue::Path { .. } | ArgValue::Call(_) => Ok(()),
            ArgValue::Bool(true) => Err(IntrinsicError::new(
                arg.offset,
                "States.JsonMerge supports only a shallow merge: its third argument must be false",
            )),
            _ => wrong("false"),
        },
    }
}

/// The known function name closest to a misspelt one.
fn closest(name: &str) -> Option<&'static str> {
    if name.chars().count() > 40 {
        return None;
    }
    crate::suggest::did_you_mean(name, FUNCTIONS.iter().map(|f| f.name))
}

fn is_integer_literal(n: &str) -> bool {
    let digits = n.strip_prefix('-').unwrap_or(n);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

struct Parser<'c> {
    chars: &'c [char],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn starts_with(&self, s: &str) -> bool {
        (self.pos..)
            .zip(s.chars())
            .all(|(i, c)| self.chars.get(i) == Some(&c))
    }

    /// At `States.`; `depth` is 1 for the outermost call.
    fn call(&mut self, depth: usize) -> Result<Call, IntrinsicError> {
        let start = self.pos;
        if !self.starts_with("States.") {
            return Err(IntrinsicError::new(
                start,
                "an intrinsic function call starts with \"States.\"",
            ));
        }
        if depth > MAX_NESTING {
            return Err(IntrinsicError::new(
                start,
                format!("intrinsic functions are nested more than {MAX_NESTING} deep"),
            ));
        }
        self.pos += "States.".len();
        let name_start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pos += 1;
        }
        if self.pos == name_start {
            return Err(IntrinsicError::new(
                name_start,
                "expected a function name after \"States.\"",
            ));
        }
        let name: String = self.chars[name_start..self.pos].iter().collect();
        self.skip_ws();
        if self.peek() != Some('(') {
            return Err(IntrinsicError::new(
                self.pos,
                format!("expected \"(\" after States.{name}"),
            ));
        }
        let open = self.pos;
        self.pos += 1;
        let mut args = Vec::new();
        self.skip_ws();
        if self.peek() == Some(')') {
            self.pos += 1;
            return Ok(Call {
                name,
                offset: start,
                args,
            });
        }
        loop {
            self.skip_ws();
            args.push(self.arg(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok(Call {
                        name,
                        offset: start,
                        args,
                    });
                }
                None => {
                    return Err(IntrinsicError::new(
                        open,
                        format!("unclosed \"(\" of States.{name}"),
                    ))
                }
                Some(c) => {
                    return Err(IntrinsicError::new(
                        self.pos,
                        format!("unexpected \"{c}\"; expected \",\" or \")\""),
                    ))
                }
            }
        }
    }

    fn arg(&mut self, depth: usize) -> Result<Arg, IntrinsicError> {
        let offset = self.pos;
        let value = match self.peek() {
            None => return Err(IntrinsicError::new(offset, "expected an argument")),
            Some('\'') => self.string()?,
            Some('$') => self.path()?,
            Some(c) if c == '-' || c.is_ascii_digit() => self.number()?,
            Some(',') | Some(')') => {
                return Err(IntrinsicError::new(offset, "expected an argument"))
            }
            Some('"') => {
                return Err(IntrinsicError::new(
                    offset,
                    "string arguments use single quotes ('text')",
                ))
            }
            Some(_) if self.starts_with("States.") => ArgValue::Call(self.call(depth + 1)?),
            Some(_) => {
                let word_end = self.word_end();
                let word: String = self.chars[self.pos..word_end].iter().collect();
                let value = match word.as_str() {
                    "true" => ArgValue::Bool(true),
                    "false" => ArgValue::Bool(false),
                    "null" => ArgValue::Null,
                    _ => {
                        return Err(IntrinsicError::new(
                            offset,
                            format!("\"{word}\" is not an argument: use a 'string', a number, true, false, null, a path or States.<function>(...)"),
                        ))
                    }
                };
                self.pos = word_end;
                value
            }
        };
        Ok(Arg { offset, value })
    }

    fn word_end(&self) -> usize {
        let mut i = self.pos;
        while let Some(c) = self.chars.get(i) {
            if c.is_whitespace() || *c == ',' || *c == ')' || *c == '(' {
                break;
            }
            i += 1;
        }
        if i == self.pos { i + 1 } else { i }.min(self.chars.len())
    }

    /// At `'`. Escapes: `\'`, `\{`, `\}`, `\\`; AWS rejects any other (`\n`, `\t`, `\"`).
    fn string(&mut self) -> Result<ArgValue, IntrinsicError> {
        let open = self.pos;
        self.pos += 1;
        let mut value = String::new();
        let mut placeholders = 0;
        loop {
            match self.peek() {
                None => return Err(IntrinsicError::new(open, "unclosed string: missing \"'\"")),
                Some('\\') => {
                    let Some(next) = self.chars.get(self.pos + 1) else {
                        return Err(IntrinsicError::new(
                            self.pos,
                            "a string cannot end with a lone backslash",
                        ));
                    };
                    if !matches!(next, '\'' | '{' | '}' | '\\') {
                        return Err(IntrinsicError::new(
                            self.pos,
                            format!("\"\\{next}\" is not an escape sequence in an intrinsic function's string: only \\', \\{{, \\}} and \\\\ are (write a character as itself)"),
                        ));
                    }
                    value.push(*next);
                    self.pos += 2;
                }
                Some('\'') => {
                    self.pos += 1;
                    return Ok(ArgValue::Str {
                        value,
                        placeholders,
                    });
                }
                Some('{') if self.chars.get(self.pos + 1) == Some(&'}') => {
                    placeholders += 1;
                    value.push_str("{}");
                    self.pos += 2;
                }
                Some(c) => {
                    value.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn number(&mut self) -> Result<ArgValue, IntrinsicError> {
        let start = self.pos;
        let end = self.word_end();
        let text: String = self.chars[start..end].iter().collect();
        if crate::json::Num::parse(&text).is_none() {
            return Err(IntrinsicError::new(
                start,
                format!("\"{text}\" is not a number"),
            ));
        }
        self.pos = end;
        Ok(ArgValue::Num(text))
    }

    /// At `$`: a path runs to the next `,` or `)` (or whitespace) outside brackets and quotes.
    fn path(&mut self) -> Result<ArgValue, IntrinsicError> {
        let start = self.pos;
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut i = start;
        while let Some(&c) = self.chars.get(i) {
            if let Some(q) = quote {
                if c == '\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    quote = None;
                }
                i += 1;
                continue;
            }
            match c {
                '\'' | '"' if depth > 0 => quote = Some(c),
                '[' | '(' => depth += 1,
                ']' | ')' if depth > 0 => depth -= 1,
                ',' | ')' if depth == 0 => break,
                c if c.is_whitespace() && depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
        let i = i.min(self.chars.len());
        let text: String = self.chars[start..i].iter().collect();
        let root = jsonpath::check_any(&text)
            .map_err(|e| IntrinsicError::new(start + e.offset, e.message))?;
        self.pos = i;
        Ok(ArgValue::Path { text, root })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Call {
        check(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn err(s: &str) -> IntrinsicError {
        match check(s) {
            Ok(c) => panic!("{s}: expected an error, got {c:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn parses_calls() {
        let c = ok("States.Format('Order {} is {}', $.id, $.status)");
        assert_eq!(c.name, "Format");
        assert_eq!(c.args.len(), 3);
        assert_eq!(
            c.args[0].value,
            ArgValue::Str {
                value: "Order {} is {}".into(),
                placeholders: 2
            }
        );
        assert_eq!(c.args[1].offset, 32);
        ok("States.UUID()");
        ok("  States.UUID( )  ");
        ok("States.Array()");
        ok("States.Array('a', 1, -2.5e3, true, false, null, $, $$.Execution.Id, $var.x, States.UUID())");
        ok("States.ArrayRange(1, 9, 2)");
        ok("States.MathAdd($.a, -1)");
        ok("States.MathAdd(1.5, 2)");
        ok("States.MathRandom(1, 100)");
        ok("States.MathRandom($.start, 100, 7)");
        ok("States.ArrayGetItem($.items, 0)");
        ok("States.ArrayPartition($.items, 4)");
        ok("States.ArrayContains($.items, 'x')");
        ok("States.ArrayLength($.items)");
        ok("States.ArrayUnique($.items[?(@.a, 'b)')])");
        ok("States.Hash($.data, 'SHA-256')");
        ok("States.Hash($.data, $.algo)");
        ok("States.JsonMerge($.a, $.b, false)");
        ok("States.StringToJson($.s)");
        ok("States.JsonToString($.o)");
        ok("States.Base64Encode('abc')");
        ok("States.Base64Decode($.b)");
        ok("States.StringSplit($.s, ',')");
        ok("States.Format('a \\{\\} b \\' c \\\\')");
        ok("States.Format('\\\\n is a backslash and n')");
        ok("States.Format($.template, $.a, $.b)");
        ok("States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), $.x)");
        ok("States.Format('{}', $['a,b'])");
    }

    #[test]
    fn escapes_do_not_count_as_placeholders() {
        let c = ok("States.Format('\\{} and {}', $.x)");
        assert_eq!(
            c.args[0].value,
            ArgValue::Str {
                value: "{} and {}".into(),
                placeholders: 1
            }
        );
    }

    #[test]
    fn variables_are_collected() {
        let c = ok("States.Format('{} {}', $a.b, States.JsonToString($c))");
        let names: Vec<String> = c.variables().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, vec!["a".to_string(), "c".to_string()]);
    }

    #[test]
    fn rejects_bad_calls() {
        assert_eq!(err("States.Nope()").offset, 0);
        assert!(err("States.Nope()").message.contains("unknown"));
        assert!(err("States.format('x')")
            .message
            .contains("did you mean States.Format?"));
        assert!(err("States.UUID(1)").message.contains("takes 0 arguments"));
        assert!(err("States.MathAdd(1)").message.contains("takes 2"));
        assert!(err("States.MathRandom(1)").message.contains("2 to 3"));
        assert!(err("States.Format()").message.contains("at least 1"));
        assert!(err("States.ArrayRange(1, 'a', 2)")
            .message
            .contains("number"));
        assert!(err("States.ArrayRange(1, 2.5, 2)")
            .message
            .contains("integer"));
        assert!(err("States.ArrayGetItem('abc', 0)")
            .message
            .contains("array"));
        assert!(err("States.Hash($.a, 'SHA-3')")
            .message
            .contains("algorithm"));
        assert!(err("States.Hash($.a, 5)").message.contains("algorithm"));
        assert!(err("States.JsonMerge($.a, $.b, true)")
            .message
            .contains("false"));
        assert!(err("States.JsonMerge($.a, $.b)")
            .message
            .contains("takes 3"));
        assert!(err("States.JsonToString('x')").message.contains("path"));
        assert!(err("States.Base64Encode(5)").message.contains("string"));
        assert_eq!(err("States.Format('{} {}', $.a)").offset, 14);
        assert!(err("States.Format(5)").message.contains("string"));
        assert_eq!(err("States.MathAdd(States.Nope(), 1)").offset, 15);
    }

    #[test]
    fn rejects_bad_syntax() {
        for (s, offset) in [
            ("", 0),
            ("Format('x')", 0),
            ("States.", 7),
            ("States.Format", 13),
            ("States.Format('x'", 13),
            ("States.Format('x)", 14),
            ("States.Format('x',)", 18),
            ("States.Format(,)", 14),
            ("States.Format('x' $.a)", 18),
            ("States.Format(\"x\")", 14),
            ("States.Array(foo)", 13),
            ("States.Array(1x)", 13),
            ("States.Array($.a.)", 16),
            ("States.Array($x.)", 15),
            ("States.UUID() x", 14),
            ("States.Array('\\", 14),
            ("States.Format('a\\nb')", 16),
            ("States.Format('tab\\there')", 18),
            ("States.Format('\\\"q\\\"')", 15),
            ("States.Array(States.Format('\\u0041'))", 28),
        ] {
            let e = parse(s).expect_err(s);
            assert_eq!(e.offset, offset, "{s}: {e}");
        }
    }

    #[test]
    fn nesting_limit() {
        let nest = |n: usize| {
            let mut s = "$.a".to_string();
            for _ in 0..n {
                s = format!("States.JsonToString({s})");
            }
            s
        };
        ok(&nest(10));
        let e = err(&nest(11));
        assert!(e.message.contains("nested"), "{e}");
        // Deep input fails fast, without deep recursion.
        let e = parse(&nest(5000)).expect_err("deep");
        assert!(e.message.contains("nested"));
    }

    #[test]
    fn looks_like() {
        assert!(looks_like_intrinsic("States.Format('x')"));
        assert!(looks_like_intrinsic(" States.UUID ()"));
        assert!(!looks_like_intrinsic("States.ALL"));
        assert!(!looks_like_intrinsic("States.TaskFailed"));
        assert!(!looks_like_intrinsic("The States.Format( function"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_random_input(s in "(States\\.|Format|UUID|[$@.\\[\\]()?*:,'\"\\\\{} a-z0-9-])*") {
            let _ = check(&s);
            let _ = crate::jsonpath::check_any(&s);
            let _ = crate::jsonpath::check_reference_path(&s);
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "States.(",
            "States.X(",
            "States.X('",
            "States.X($",
            "States.X($[",
            "States.X($['",
            "States.X(-",
            "States.X(t",
            "States.X(\u{10FFFF})",
            "States.X($[?(@.a =~ /",
            "States.X(States.",
            "States.X())",
            "States.Array($))",
            "States.Array($]",
        ] {
            let _ = check(s);
        }
    }
}
