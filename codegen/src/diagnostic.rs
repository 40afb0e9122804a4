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

/// One step of a [`Loc`], borrowed from the value being walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegRef<'a> {
    Key(&'a str),
    Index(usize),
}

impl SegRef<'_> {
    fn to_seg(self) -> Seg {
        match self {
            SegRef::Key(k) => Seg::Key(k.to_string()),
            SegRef::Index(i) => Seg::Index(i),
        }
    }
}

/// A location that costs nothing to extend and becomes a [`Path`] only when a diagnostic needs
/// one ([`Loc::to_path`]).
///
/// Walks over a whole definition (parsing, payload templates) visit every member, and almost none
/// of them is reported; building a `Path` for each (a `Vec` clone plus a `String` per step) used
/// to be most of the time spent. A `Loc` is a `Path` the walker already has plus steps borrowed
/// from the JSON: linked to their parent on the call stack in recursive walks (`key`, `index`), or
/// a slice of the walker's own step stack in iterative ones (`Steps`).
#[derive(Debug, Clone, Copy)]
pub enum Loc<'a> {
    At(&'a Path),
    Key(&'a Loc<'a>, &'a str),
    Index(&'a Loc<'a>, usize),
    Steps(&'a Loc<'a>, &'a [SegRef<'a>]),
}

impl<'a> Loc<'a> {
    pub fn key<'b>(&'b self, key: &'b str) -> Loc<'b> {
        Loc::Key(self, key)
    }

    pub fn index(&self, index: usize) -> Loc<'_> {
        Loc::Index(self, index)
    }

    /// The last step, as `Path::segments().last()` would give it.
    pub fn last(&self) -> Option<SegRef<'a>> {
        match *self {
            Loc::At(p) => p.0.last().map(|s| match s {
                Seg::Key(k) => SegRef::Key(k),
                Seg::Index(i) => SegRef::Index(*i),
            }),
            Loc::Key(_, k) => Some(SegRef::Key(k)),
            Loc::Index(_, i) => Some(SegRef::Index(i)),
            Loc::Steps(parent, steps) => match steps.last() {
                Some(s) => Some(*s),
                None => parent.last(),
            },
        }
    }

    pub fn to_path(&self) -> Path {
        let mut segs = Vec::new();
        self.push_into(&mut segs);
        Path(segs)
    }

    fn push_into(&self, out: &mut Vec<Seg>) {
        match *self {
            Loc::At(p) => out.extend(p.0.iter().cloned()),
            Loc::Key(parent, k) => {
                parent.push_into(out);
                out.push(Seg::Key(k.to_string()));
            }
            Loc::Index(parent, i) => {
                parent.push_into(out);
                out.push(Seg::Index(i));
            }
            Loc::Steps(parent, steps) => {
                parent.push_into(out);
                out.extend(steps.iter().map(|s| s.to_seg()));
            }
        }
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
    /// What the rule deliberately does not report, and where AWS's behaviour is not known for
    /// certain (the rule then accepts): shown in the rules documentation.
    pub notes: Option<&'static str>,
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
            related: Vec::new(),
        }
    }
}

/// Another place a diagnostic is about: the first state of a duplicated name, the definition a
/// duplicate key replaces. Rendered after the diagnostic ("note: ... here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub path: Path,
    /// What is at that place, as a sentence fragment: `"first used here"`.
    pub message: String,
    /// Filled in only when the definition came from text.
    pub position: Option<Position>,
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
    /// Other places this problem involves, in the order they are shown.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// Adds another place the problem involves.
    pub fn with_related(mut self, path: Path, message: impl Into<String>) -> Self {
        self.related.push(Related {
            path,
            message: message.into(),
            position: None,
        });
        self
    }

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
            && self.related == other.related
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

    #[test]
    fn loc_builds_the_same_path() {
        let base = Path::root().key("States").key("A");
        let at = Loc::At(&base);
        let retry = at.key("Retry");
        let first = retry.index(0);
        let steps = [SegRef::Key("x"), SegRef::Index(2)];
        let deep = Loc::Steps(&first, &steps);
        assert_eq!(deep.to_path(), base.key("Retry").index(0).key("x").index(2));
        assert_eq!(deep.last(), Some(SegRef::Index(2)));
        assert_eq!(Loc::Steps(&first, &[]).last(), Some(SegRef::Index(0)));
        assert_eq!(at.last(), Some(SegRef::Key("A")));
        assert_eq!(Loc::At(&Path::root()).to_path(), Path::root());
    }
}
