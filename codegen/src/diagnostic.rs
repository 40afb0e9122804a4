//! Diagnostics are plain data: a rule's stable code, a severity, a message, a hint and a location.
//! Rendering (terminal, JSON, Terraform) happens outside this crate.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One step of a location inside a definition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A location inside a definition, rendered as a JSON pointer (`/States/Charge/Retry/0/BackoffRate`),
/// the form AWS uses. The provider maps the same segments onto HCL attribute paths.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn root() -> Path {
        Path(Vec::new())
    }

    pub fn key(&self, key: &str) -> Path {
        let mut v = self.0.clone();
        v.push(Seg::Key(key.to_string()));
        Path(v)
    }

    pub fn index(&self, index: usize) -> Path {
        let mut v = self.0.clone();
        v.push(Seg::Index(index));
        Path(v)
    }

    pub fn segments(&self) -> &[Seg] {
        &self.0
    }

    /// RFC 6901 JSON pointer.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for seg in &self.0 {
            out.push('/');
            match seg {
                Seg::Key(k) => {
                    for c in k.chars() {
                        match c {
                            '~' => out.push_str("~0"),
                            '/' => out.push_str("~1"),
                            c => out.push(c),
                        }
                    }
                }
                Seg::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.pointer();
        f.write_str(if p.is_empty() { "/" } else { &p })
    }
}

/// 1-based line and column (column counted in characters) in the raw definition text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Static description of a rule: what it reports and how to fix it. Every rule file declares one;
/// `rules::ALL` lists them and the rules documentation is generated from them.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, never reused or renumbered.
    pub code: &'static str,
    /// Short kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    /// The code the AWS validation API reports for the same problem, where there is one.
    pub aws_code: Option<&'static str>,
    /// One sentence: what the rule reports.
    pub summary: &'static str,
    /// How to fix it, shown as the hint when a diagnostic does not carry its own.
    pub fix: &'static str,
}

impl Rule {
    pub fn at(&'static self, path: Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule: self,
            severity: self.severity,
            message: message.into(),
            hint: None,
            path,
            position: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// A fix specific to this occurrence; `rule.fix` applies when absent.
    pub hint: Option<String>,
    pub path: Path,
    /// Filled in only when the definition came from text.
    pub position: Option<Position>,
}

impl Diagnostic {
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub fn hint(&self) -> &str {
        self.hint.as_deref().unwrap_or(self.rule.fix)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl PartialEq for Diagnostic {
    fn eq(&self, other: &Self) -> bool {
        self.rule.code == other.rule.code
            && self.severity == other.severity
            && self.message == other.message
            && self.hint == other.hint
            && self.path == other.path
            && self.position == other.position
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} at {}: {}",
            self.severity.as_str(),
            self.rule.code,
            self.path,
            self.message
        )
    }
}

/// Puts diagnostics in the stable order every caller sees: by location in document order of
/// the path, then code, then message. Exact duplicates are removed.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (a.position, &a.path, a.rule.code, &a.message).cmp(&(
            b.position,
            &b.path,
            b.rule.code,
            &b.message,
        ))
    });
    diags.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        let p = Path::root()
            .key("States")
            .key("a/b~c")
            .key("Retry")
            .index(0);
        assert_eq!(p.pointer(), "/States/a~1b~0c/Retry/0");
        assert_eq!(Path::root().to_string(), "/");
    }
}
