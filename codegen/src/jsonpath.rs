//! A strict checker for the JSONPath dialect Step Functions accepts (Jayway JsonPath), plus the
//! Step Functions extensions: context paths (`$$.Execution.Id`) and, since variables arrived,
//! variable references (`$order.id`).
//!
//! It does not evaluate anything; it answers "would AWS accept this text as a path?" with a
//! [`PathError`] carrying the character offset of the first problem. Where AWS behaviour is not
//! known for certain the checker is permissive, so it never raises a false alarm on a working
//! definition. Every function is linear in the input and never panics.

use std::fmt;

/// What is wrong with a path, and where (0-based character offset into the checked text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub offset: usize,
    pub message: String,
}

impl PathError {
    fn new(offset: usize, message: impl Into<String>) -> PathError {
        PathError {
            offset,
            message: message.into(),
        }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset)
    }
}

/// What a `$`-string refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    /// `$`, `$.a`, `$[0]`: the state input (or the effective data of the field).
    Input,
    /// `$$`, `$$.Execution.Id`: the context object.
    Context,
    /// `$name`, `$name.field`: a workflow variable (JSONPath mode).
    Variable(String),
}

/// The root a string would have if it were a path, judged from its first characters only.
/// `None` when it does not start with `$`.
pub fn root_of(s: &str) -> Option<Root> {
    let rest = s.strip_prefix('$')?;
    if rest.starts_with('$') {
        return Some(Root::Context);
    }
    match rest.chars().next() {
        Some(c) if is_name_start(c) => {
            let name: String = rest.chars().take_while(|c| is_name_char(*c)).collect();
            Some(Root::Variable(name))
        }
        _ => Some(Root::Input),
    }
}

/// True when the string is meant as a path or a reference (`$`, `$.x`, `$[..]`, `$$...`,
/// `$var...`): used to spot paths given where a literal is expected (AWS `NO_DOLLAR`/`NO_PATH`).
pub fn looks_like_path(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('$') else {
        return false;
    };
    if rest.is_empty() || rest.starts_with('.') || rest.starts_with('[') {
        return true;
    }
    if let Some(ctx) = rest.strip_prefix('$') {
        return ctx.is_empty() || ctx.starts_with('.') || ctx.starts_with('[');
    }
    false
}

/// Checks an ordinary JSONPath path (`InputPath`, `ItemsPath`, `.$` values, ...): `$` followed
/// by dot names, bracket names, indexes, index lists, slices, wildcards, deep scans (`..`),
/// filters (`[?(...)]`) and a trailing function call (`.length()`).
pub fn check_path(s: &str) -> Result<(), PathError> {
    let chars: Vec<char> = s.chars().collect();
    match chars.first() {
        Some('$') => {}
        Some(_) => return Err(PathError::new(0, "a path must start with \"$\"")),
        None => return Err(PathError::new(0, "a path must not be empty")),
    }
    if chars.get(1) == Some(&'$') {
        return Err(PathError::new(
            0,
            "\"$$\" starts a context path, which is not allowed here",
        ));
    }
    if chars.get(1).is_some_and(|c| is_name_start(*c)) {
        return Err(PathError::new(
            1,
            "a path continues with \".\" or \"[\" after \"$\" (\"$name\" is a variable reference, not allowed here)",
        ));
    }
    Body::new(&chars, 1, Mode::Full).run()
}

/// Checks a reference path (`ResultPath`): it must identify a single node, so only `$`, dot
/// names, single bracket names and non-negative integer indexes are allowed.
pub fn check_reference_path(s: &str) -> Result<(), PathError> {
    let chars: Vec<char> = s.chars().collect();
    match chars.first() {
        Some('$') => {}
        Some(_) => return Err(PathError::new(0, "a reference path must start with \"$\"")),
        None => return Err(PathError::new(0, "a reference path must not be empty")),
    }
    match chars.get(1) {
        Some('$') => {
            return Err(PathError::new(
                0,
                "a reference path cannot point into the context object (\"$$\")",
            ))
        }
        Some(c) if is_name_start(*c) => return Err(PathError::new(
            1,
            "a reference path continues with \".\" or \"[\" after \"$\"; it cannot name a variable",
        )),
        _ => {}
    }
    Body::new(&chars, 1, Mode::Reference).run()
}

/// Checks a context object path: `$$` optionally followed by path steps (`$$.Execution.Id`,
/// `$$.Map.Item.Value`, `$$.Task.Token`).
pub fn check_context_path(s: &str) -> Result<(), PathError> {
    let chars: Vec<char> = s.chars().collect();
    if chars.first() != Some(&'$') || chars.get(1) != Some(&'$') {
        return Err(PathError::new(0, "a context path must start with \"$$\""));
    }
    if chars.get(2) == Some(&'$') {
        return Err(PathError::new(2, "unexpected \"$\" after \"$$\""));
    }
    if chars.get(2).is_some_and(|c| is_name_start(*c)) {
        return Err(PathError::new(2, "expected \".\" or \"[\" after \"$$\""));
    }
    Body::new(&chars, 2, Mode::Full).run()
}

/// Checks a variable reference: `$name` optionally followed by path steps. Returns the variable
/// name.
pub fn check_variable_path(s: &str) -> Result<String, PathError> {
    let chars: Vec<char> = s.chars().collect();
    if chars.first() != Some(&'$') {
        return Err(PathError::new(
            0,
            "a variable reference must start with \"$\"",
        ));
    }
    match chars.get(1) {
        Some(c) if is_name_start(*c) => {}
        Some(c) if c.is_ascii_digit() => {
            return Err(PathError::new(
                1,
                "a variable name cannot start with a digit",
            ))
        }
        _ => return Err(PathError::new(1, "expected a variable name after \"$\"")),
    }
    let mut i = 1;
    while i < chars.len() && is_name_char(chars[i]) {
        i += 1;
    }
    let name: String = chars[1..i].iter().collect();
    Body::new(&chars, i, Mode::Full).run()?;
    Ok(name)
}

/// Checks any of the three forms (path, context path, variable reference), choosing by prefix.
pub fn check_any(s: &str) -> Result<Root, PathError> {
    match root_of(s) {
        Some(Root::Context) => check_context_path(s).map(|()| Root::Context),
        Some(Root::Variable(_)) => check_variable_path(s).map(Root::Variable),
        Some(Root::Input) => check_path(s).map(|()| Root::Input),
        None if s.is_empty() => Err(PathError::new(0, "a path must not be empty")),
        None => Err(PathError::new(0, "a path must start with \"$\"")),
    }
}

/// Workflow variable names: 1 to 80 characters, ASCII letters, digits and `_`, not starting
/// with a digit. (`states` is reserved; callers check that separately to word the message.)
pub fn is_valid_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if is_name_start(c) => {}
        _ => return false,
    }
    name.chars().count() <= 80 && chars.all(is_name_char)
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Full,
    Reference,
}

/// The part of a path after its root.
struct Body<'c> {
    chars: &'c [char],
    pos: usize,
    mode: Mode,
}

impl<'c> Body<'c> {
    fn new(chars: &'c [char], pos: usize, mode: Mode) -> Body<'c> {
        Body { chars, pos, mode }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn reference_forbids(&self, offset: usize, what: &str) -> Result<(), PathError> {
        if self.mode == Mode::Reference {
            return Err(PathError::new(
                offset,
                format!(
                    "{what} not allowed in a reference path, which must identify a single node"
                ),
            ));
        }
        Ok(())
    }

    fn run(mut self) -> Result<(), PathError> {
        while let Some(c) = self.peek() {
            match c {
                '.' => self.dot()?,
                '[' => self.bracket()?,
                c if c.is_whitespace() => {
                    // Trailing whitespace is trimmed by Jayway; anything after it is not.
                    let start = self.pos;
                    while self.peek().is_some_and(char::is_whitespace) {
                        self.pos += 1;
                    }
                    if self.peek().is_some() {
                        return Err(PathError::new(
                            start,
                            "unexpected whitespace (use ['name with spaces'] for such names)",
                        ));
                    }
                }
                _ => {
                    return Err(PathError::new(
                        self.pos,
                        format!("unexpected \"{c}\"; expected \".\" or \"[\""),
                    ))
                }
            }
        }
        Ok(())
    }

    /// At a `.`.
    fn dot(&mut self) -> Result<(), PathError> {
        let dot = self.pos;
        self.pos += 1;
        if self.peek() == Some('.') {
            self.reference_forbids(dot, "deep scan (\"..\") is")?;
            self.pos += 1;
            return match self.peek() {
                Some('.') => Err(PathError::new(self.pos, "unexpected \".\" after \"..\"")),
                Some('[') => self.bracket(),
                Some('*') => {
                    self.pos += 1;
                    Ok(())
                }
                Some(c) if is_dot_name_char(c) => self.name(),
                None => Err(PathError::new(
                    dot,
                    "a path cannot end with \"..\"; name what to scan for",
                )),
                Some(c) => Err(PathError::new(
                    self.pos,
                    format!("unexpected \"{c}\" after \"..\""),
                )),
            };
        }
        match self.peek() {
            None => Err(PathError::new(dot, "a path cannot end with \".\"")),
            Some('*') => {
                self.reference_forbids(self.pos, "a wildcard (\"*\") is")?;
                self.pos += 1;
                Ok(())
            }
            // `$.['a b']`, which the AWS documentation itself shows, works in Jayway.
            Some('[') => self.bracket(),
            Some(c) if is_dot_name_char(c) => self.name(),
            Some(c) if c.is_whitespace() => Err(PathError::new(
                self.pos,
                "unexpected whitespace after \".\"",
            )),
            Some(c) => Err(PathError::new(
                self.pos,
                format!("\"{c}\" cannot start a name after \".\"; use ['...'] for such names"),
            )),
        }
    }

    /// A dot-notation name, possibly a function call (`length()`), which must end the path.
    fn name(&mut self) -> Result<(), PathError> {
        let start = self.pos;
        while self.peek().is_some_and(is_dot_name_char) {
            self.pos += 1;
        }
        if self.peek() == Some('(') {
            self.reference_forbids(start, "a function call is")?;
            let close = self.balanced_parens(self.pos)?;
            self.pos = close + 1;
            while self.peek().is_some_and(char::is_whitespace) {
                self.pos += 1;
            }
            if let Some(c) = self.peek() {
                return Err(PathError::new(
                    self.pos,
                    format!("unexpected \"{c}\" after a function call, which must end the path"),
                ));
            }
        }
        Ok(())
    }

    /// From an opening `(` at `open`, the index of its matching `)`, skipping quoted text.
    fn balanced_parens(&self, open: usize) -> Result<usize, PathError> {
        let mut depth = 0usize;
        let mut i = open;
        while let Some(c) = self.at(i) {
            match c {
                '\'' | '"' => i = self.skip_quoted(i)?,
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(i);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        Err(PathError::new(open, "unclosed \"(\""))
    }

    /// From an opening quote at `open`, the index of the closing quote (backslash escapes).
    fn skip_quoted(&self, open: usize) -> Result<usize, PathError> {
        let quote = self.at(open).unwrap_or('\'');
        let mut i = open + 1;
        while let Some(c) = self.at(i) {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == quote {
                return Ok(i);
            }
            i += 1;
        }
        Err(PathError::new(open, format!("unclosed quote {quote}")))
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// At a `[`.
    fn bracket(&mut self) -> Result<(), PathError> {
        let open = self.pos;
        self.pos += 1;
        self.skip_ws();
        match self.peek() {
            None => Err(PathError::new(open, "unclosed \"[\"")),
            Some(']') => Err(PathError::new(open, "empty brackets \"[]\"")),
            Some('\'') | Some('"') => self.bracket_names(open),
            Some('*') => {
                self.reference_forbids(self.pos, "a wildcard (\"*\") is")?;
                self.pos += 1;
                self.close(open)
            }
            Some('?') => {
                self.reference_forbids(self.pos, "a filter (\"[?(...)]\") is")?;
                self.filter(open)
            }
            Some(c) if c.is_ascii_digit() || c == '-' || c == ':' => self.indexes(open),
            Some(c) => Err(PathError::new(
                self.pos,
                format!("unexpected \"{c}\" in brackets; expected a quoted name, an index, \"*\" or a filter \"?(...)\""),
            )),
        }
    }

    fn close(&mut self, open: usize) -> Result<(), PathError> {
        self.skip_ws();
        match self.peek() {
            Some(']') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(PathError::new(open, "unclosed \"[\"")),
            Some(c) => Err(PathError::new(
                self.pos,
                format!("unexpected \"{c}\"; expected \"]\""),
            )),
        }
    }

    /// `['a']`, `["a"]`, `['a','b']`.
    fn bracket_names(&mut self, open: usize) -> Result<(), PathError> {
        let mut count = 0;
        loop {
            self.skip_ws();
            match self.peek() {
                Some('\'') | Some('"') => {
                    let first = self.pos;
                    let end = self.skip_quoted(self.pos)?;
                    if end == first + 1 && self.mode == Mode::Reference {
                        return Err(PathError::new(first, "empty name in brackets"));
                    }
                    self.pos = end + 1;
                    count += 1;
                    if count > 1 {
                        self.reference_forbids(first, "several names in one bracket are")?;
                    }
                }
                None => return Err(PathError::new(open, "unclosed \"[\"")),
                Some(c) => {
                    return Err(PathError::new(
                        self.pos,
                        format!("unexpected \"{c}\"; expected a quoted name"),
                    ))
                }
            }
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    return Ok(());
                }
                None => return Err(PathError::new(open, "unclosed \"[\"")),
                Some(c) => {
                    return Err(PathError::new(
                        self.pos,
                        format!("unexpected \"{c}\"; expected \",\" or \"]\""),
                    ))
                }
            }
        }
    }

    /// `[0]`, `[-1]`, `[0,2]`, `[1:3]`, `[:2]`, `[-2:]`.
    fn indexes(&mut self, open: usize) -> Result<(), PathError> {
        let start = self.pos;
        let mut end = start;
        while let Some(c) = self.at(end) {
            if c == ']' {
                break;
            }
            if !(c.is_ascii_digit() || c == '-' || c == ':' || c == ',' || c.is_whitespace()) {
                return Err(PathError::new(
                    end,
                    format!("unexpected \"{c}\" in an array index"),
                ));
            }
            end += 1;
        }
        if self.at(end).is_none() {
            return Err(PathError::new(open, "unclosed \"[\""));
        }
        let inner: String = self.chars[start..end].iter().collect();
        let inner = inner.trim();
        let colons = inner.matches(':').count();
        let commas = inner.matches(',').count();
        if colons > 0 && commas > 0 {
            return Err(PathError::new(
                start,
                "an array index is either a slice (\"a:b\") or a list (\"a,b\"), not both",
            ));
        }
        if colons > 0 {
            self.reference_forbids(start, "a slice (\":\") is")?;
            if colons > 2 {
                return Err(PathError::new(start, "a slice has at most two \":\""));
            }
            for part in inner.split(':') {
                let part = part.trim();
                if !part.is_empty() && !is_integer(part) {
                    return Err(PathError::new(
                        start,
                        format!("\"{part}\" is not an integer"),
                    ));
                }
            }
        } else {
            if commas > 0 {
                self.reference_forbids(start, "a list of indexes is")?;
            }
            for part in inner.split(',') {
                let part = part.trim();
                if !is_integer(part) {
                    let what = if part.is_empty() {
                        "empty index".to_string()
                    } else {
                        format!("\"{part}\" is not an integer")
                    };
                    return Err(PathError::new(start, what));
                }
                if self.mode == Mode::Reference && part.starts_with('-') {
                    return Err(PathError::new(
                        start,
                        "a negative index is not allowed in a reference path",
                    ));
                }
            }
        }
        self.pos = end + 1;
        Ok(())
    }

    /// At `?` inside brackets: `?(expr)` then `]`.
    fn filter(&mut self, open: usize) -> Result<(), PathError> {
        let q = self.pos;
        self.pos += 1;
        self.skip_ws();
        if self.peek() != Some('(') {
            return Err(PathError::new(
                q,
                "a filter is written \"[?(<expression>)]\"",
            ));
        }
        let paren = self.pos;
        let mut depth = 0usize;
        let mut i = paren;
        let mut prev_sig: Option<char> = None;
        let mut prev2_sig: Option<char> = None;
        loop {
            let Some(c) = self.at(i) else {
                return Err(PathError::new(paren, "unclosed \"(\" in filter"));
            };
            match c {
                '\'' | '"' => i = self.skip_quoted(i)?,
                // A regular expression after `=~`: skip to its closing `/`.
                '/' if prev2_sig == Some('=') && prev_sig == Some('~') => {
                    let mut j = i + 1;
                    loop {
                        match self.at(j) {
                            None => return Err(PathError::new(i, "unclosed regular expression")),
                            Some('\\') => j += 2,
                            Some('/') => break,
                            Some(_) => j += 1,
                        }
                    }
                    i = j;
                }
                '(' | '[' => depth += 1,
                ')' | ']' => {
                    if depth == 0 {
                        return Err(PathError::new(i, format!("unbalanced \"{c}\" in filter")));
                    }
                    depth -= 1;
                    if depth == 0 {
                        if c != ')' {
                            return Err(PathError::new(
                                paren,
                                "the filter's \"(\" is not closed before \"]\"",
                            ));
                        }
                        break;
                    }
                }
                _ => {}
            }
            if !c.is_whitespace() {
                prev2_sig = prev_sig;
                prev_sig = Some(c);
            }
            i += 1;
        }
        let inner: String = self.chars[paren + 1..i].iter().collect();
        if inner.trim().is_empty() {
            return Err(PathError::new(paren, "empty filter expression"));
        }
        self.pos = i + 1;
        self.close(open)
    }
}

/// Characters that may appear in a dot-notation name. Jayway is lenient (`$.a-b` works), so
/// only the characters that end a name or start another construct are excluded.
fn is_dot_name_char(c: char) -> bool {
    !(c.is_whitespace() || matches!(c, '.' | '[' | ']' | '(' | ')' | '\'' | '"' | ',' | '$'))
}

fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_paths() {
        for p in [
            "$",
            "$.a",
            "$.a.b",
            "$.a_b.c1",
            "$.a-b",
            "$['a b']",
            "$[\"a b\"]",
            "$.abc.['def ghi']",
            "$['a','b']",
            "$.a[0]",
            "$.a[-1]",
            "$.a[0,2]",
            "$.a[*]",
            "$.*",
            "$[*][*]",
            "$.a[0:2]",
            "$.a[:2]",
            "$.a[-2:]",
            "$.a[ 1 ]",
            "$..a",
            "$..*",
            "$..[0]",
            "$.a..b",
            "$.a[?(@.x > 1)]",
            "$.a[?(@.x == 'a)b]')]",
            "$.a[?(@.x =~ /a(b/i)]",
            "$.a[?(@.price < 10 && @.tags[0] == \"x\")].id",
            "$.a.length()",
            "$.a.concat('x', 'y')",
            "$.Payload ",
        ] {
            assert_eq!(check_path(p), Ok(()), "{p}");
        }
    }

    #[test]
    fn invalid_paths() {
        for (p, offset) in [
            ("", 0),
            ("a.b", 0),
            (" $.a", 0),
            ("$.", 1),
            ("$.a.", 3),
            ("$..", 1),
            ("$.a..", 3),
            ("$...a", 3),
            ("$[", 1),
            ("$.a[0", 3),
            ("$.a[]", 3),
            ("$.a['b]", 4),
            ("$.a[x]", 4),
            ("$.a[1:2,3]", 4),
            ("$.a[1:2:3:4]", 4),
            ("$.a[?(@.x > 1]", 5),
            ("$.a[?()]", 5),
            ("$.a[?]", 4),
            ("$.a b", 3),
            ("$a", 1),
            ("$$.a", 0),
            ("$.a.length().b", 12),
            ("$.a(", 3),
            ("$x.y", 1),
            ("$.a]", 3),
        ] {
            let err = check_path(p).expect_err(p);
            assert_eq!(err.offset, offset, "{p}: {err}");
        }
    }

    #[test]
    fn reference_paths() {
        for p in [
            "$", "$.a", "$.a.b", "$['a b']", "$.a[0]", "$.a[0].b", "$.['x']",
        ] {
            assert_eq!(check_reference_path(p), Ok(()), "{p}");
        }
        for p in [
            "$.a[*]",
            "$.*",
            "$..a",
            "$.a[0:1]",
            "$.a[0,1]",
            "$.a[-1]",
            "$.a[?(@.x)]",
            "$.a.length()",
            "$['a','b']",
            "$$.Execution",
            "$var",
            "a",
            "$.",
        ] {
            assert!(check_reference_path(p).is_err(), "{p}");
        }
    }

    #[test]
    fn context_and_variables() {
        for p in [
            "$$",
            "$$.Execution.Id",
            "$$.Map.Item.Value",
            "$$.Task.Token",
            "$$['Execution']",
        ] {
            assert_eq!(check_context_path(p), Ok(()), "{p}");
            assert_eq!(check_any(p), Ok(Root::Context), "{p}");
        }
        for p in ["$", "$$$", "$$a", "$$.", "$.a"] {
            assert!(check_context_path(p).is_err(), "{p}");
        }
        assert_eq!(check_variable_path("$order"), Ok("order".into()));
        assert_eq!(check_variable_path("$order.id[0]"), Ok("order".into()));
        assert_eq!(check_variable_path("$_x1['a b']"), Ok("_x1".into()));
        assert_eq!(check_any("$x.y"), Ok(Root::Variable("x".into())));
        for p in ["$1x", "$", "$.a", "$x.", "$x y", "x"] {
            assert!(check_variable_path(p).is_err(), "{p}");
        }
        assert!(check_any("").is_err());
        assert!(check_any("abc").is_err());
    }

    #[test]
    fn roots_and_looks() {
        assert_eq!(root_of("$.a"), Some(Root::Input));
        assert_eq!(root_of("$"), Some(Root::Input));
        assert_eq!(root_of("$$.a"), Some(Root::Context));
        assert_eq!(root_of("$ab.c"), Some(Root::Variable("ab".into())));
        assert_eq!(root_of("a"), None);
        for s in ["$", "$.a", "$[0]", "$$", "$$.Execution.Id"] {
            assert!(looks_like_path(s), "{s}");
        }
        for s in ["$5.00", "US$", "a$.b", "", "$abc", "$ 5"] {
            assert!(!looks_like_path(s), "{s}");
        }
    }

    #[test]
    fn variable_names() {
        assert!(is_valid_variable_name("x"));
        assert!(is_valid_variable_name("_order_1"));
        assert!(is_valid_variable_name(&"a".repeat(80)));
        assert!(!is_valid_variable_name(&"a".repeat(81)));
        assert!(!is_valid_variable_name(""));
        assert!(!is_valid_variable_name("1x"));
        assert!(!is_valid_variable_name("a-b"));
        assert!(!is_valid_variable_name("a.b"));
        assert!(!is_valid_variable_name("é"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "$[",
            "$['",
            "$[\"\\",
            "$[?(",
            "$[?('",
            "$[?(@.a =~ /",
            "$.a(",
            "$.a('",
            "$[-",
            "$[:",
            "$[,]",
            "$..[",
            "$$[",
            "$\u{0}",
            "$.\u{10FFFF}",
            "$[?(@)]]",
            "$[?(]",
            "$[?)]",
        ] {
            let _ = check_path(s);
            let _ = check_reference_path(s);
            let _ = check_context_path(s);
            let _ = check_variable_path(s);
            let _ = check_any(s);
        }
    }
}
