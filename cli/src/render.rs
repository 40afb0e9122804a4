//! Diagnostics as text for people (with the source line and a caret) and as a JSON document.

use std::fmt::Write as _;

use sfn_codegen::lines::LineIndex;
use sfn_codegen::{Diagnostic, Json, Num, Position};

/// Source lines longer than this (in characters) are shown as a window around the column.
const MAX_SNIPPET: usize = 100;

/// One diagnostic in the human format, then the places related to it:
///
/// ```text
/// file.json:12:7: error[ASL106] /States/B/Branches/0/States/Check: State name "Check" is used twice: ...
///    |
/// 12 |     "Check": {
///    |     ^
///    = hint: Rename one of the states; ...
/// file.json:4:5: note: the other Pass state named "Check"
///   |
/// 4 |     "Check": {"Type": "Pass", "End": true}
///   |     ^
/// ```
///
/// `lines` indexes the text once for every diagnostic of a file, so printing many stays linear.
pub fn human(out: &mut String, name: &str, lines: &LineIndex<'_>, d: &Diagnostic) {
    let pointer = d.path.to_string();
    let head = format!(
        "{}[{}] {}: {}",
        d.severity.as_str(),
        d.code(),
        pointer,
        d.message
    );
    let Some(pos) = d.position else {
        let _ = writeln!(out, "{name}: {head}");
        let _ = writeln!(out, "  = hint: {}", d.hint());
        for r in &d.related {
            let _ = writeln!(out, "{name}: note: {} ({})", r.message, r.path);
        }
        return;
    };
    let _ = writeln!(out, "{name}:{}:{}: {head}", pos.line, pos.column);
    let pad = source_lines(out, lines, pos);
    let _ = writeln!(out, "{pad} = hint: {}", d.hint());
    for r in &d.related {
        match r.position {
            Some(p) => {
                let _ = writeln!(out, "{name}:{}:{}: note: {}", p.line, p.column, r.message);
                source_lines(out, lines, p);
            }
            None => {
                let _ = writeln!(out, "{name}: note: {} ({})", r.message, r.path);
            }
        }
    }
}

/// The source line of `pos` with a caret under its column; returns the gutter padding.
fn source_lines(out: &mut String, lines: &LineIndex<'_>, pos: Position) -> String {
    let number = pos.line.to_string();
    let pad = " ".repeat(number.len());
    // A position just past a final newline, or in empty text, still has a (blank) line to show.
    match lines.line_range(pos.line) {
        Some((start, end)) => {
            let line = &lines.text()[start..end];
            let caret_byte = lines.offset(pos).clamp(start, end) - start;
            let (shown, caret) = snippet(line, caret_byte);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {shown}");
            let _ = writeln!(out, "{pad} | {}^", " ".repeat(caret));
        }
        None => {
            let _ = writeln!(out, "{pad} |");
        }
    }
    pad
}

/// The line as shown (tabs expanded, control characters replaced, long lines cut to a window)
/// and the caret's offset in it, for the caret at byte `caret_byte` of `line`. Only a window
/// around the caret is looked at, so a minified one-line definition costs no more per diagnostic
/// than a pretty one.
fn snippet(line: &str, caret_byte: usize) -> (String, usize) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut caret_byte = caret_byte.min(line.len());
    while !line.is_char_boundary(caret_byte) {
        caret_byte -= 1;
    }
    // Up to a window's worth of characters on each side of the caret.
    let before: Vec<char> = line[..caret_byte]
        .chars()
        .rev()
        .take(MAX_SNIPPET + 1)
        .collect();
    let after: Vec<char> = line[caret_byte..].chars().take(MAX_SNIPPET + 1).collect();
    let cut_left = before.len() > MAX_SNIPPET;
    let cut_right = after.len() > MAX_SNIPPET;
    let mut chars: Vec<char> = before.into_iter().rev().collect();
    let caret_char = chars.len();
    chars.extend(after);
    let show = |c: char, into: &mut Vec<char>| match c {
        '\t' => into.extend([' '; 4]),
        c if c.is_control() || c == '\u{feff}' => into.push('\u{fffd}'),
        c => into.push(c),
    };
    let mut shown: Vec<char> = Vec::with_capacity(chars.len());
    let mut caret = 0;
    for (i, c) in chars.iter().enumerate() {
        if i == caret_char {
            caret = shown.len();
        }
        show(*c, &mut shown);
    }
    if caret_char == chars.len() {
        caret = shown.len();
    }
    if shown.len() <= MAX_SNIPPET && !cut_left && !cut_right {
        return (shown.into_iter().collect(), caret);
    }
    let start = caret
        .saturating_sub(MAX_SNIPPET / 2)
        .min(shown.len().saturating_sub(MAX_SNIPPET));
    let end = (start + MAX_SNIPPET).min(shown.len());
    let mut text = String::new();
    let mut caret_at = caret - start;
    if start > 0 || cut_left {
        text.push('…');
        caret_at += 1;
    }
    text.extend(&shown[start..end]);
    if end < shown.len() || cut_right {
        text.push('…');
    }
    (text, caret_at)
}

/// `file.json: valid`, `file.json: valid, 1 warning`, `file.json: 2 errors, 1 warning`.
pub fn summary(name: &str, diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => format!("{name}: valid"),
        (0, w) => format!("{name}: valid, {}", plural(w, "warning")),
        (e, 0) => format!("{name}: {}", plural(e, "error")),
        (e, w) => format!("{name}: {}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

fn string(s: &str) -> Json {
    Json::String(s.to_string())
}

fn opt_number(n: Option<usize>) -> Json {
    n.map_or(Json::Null, |n| {
        Json::Number(Num::from_i64(i64::try_from(n).unwrap_or(i64::MAX)))
    })
}

/// One diagnostic as a JSON object with stable keys.
pub fn diagnostic_json(d: &Diagnostic) -> Json {
    Json::Object(vec![
        ("code".into(), string(d.code())),
        ("name".into(), string(d.rule.name)),
        ("severity".into(), string(d.severity.as_str())),
        (
            "aws_code".into(),
            d.rule.aws_code.map_or(Json::Null, string),
        ),
        ("message".into(), string(&d.message)),
        ("hint".into(), string(d.hint())),
        ("pointer".into(), string(&d.path.pointer())),
        ("line".into(), opt_number(d.position.map(|p| p.line))),
        ("column".into(), opt_number(d.position.map(|p| p.column))),
        (
            "related".into(),
            Json::Array(
                d.related
                    .iter()
                    .map(|r| {
                        Json::Object(vec![
                            ("message".into(), string(&r.message)),
                            ("pointer".into(), string(&r.path.pointer())),
                            ("line".into(), opt_number(r.position.map(|p| p.line))),
                            ("column".into(), opt_number(r.position.map(|p| p.column))),
                        ])
                    })
                    .collect(),
            ),
        ),
    ])
}

/// One file's entry in the JSON document. `error` is set when the file could not be read.
pub fn file_json(name: &str, diagnostics: &[Diagnostic], error: Option<&str>) -> Json {
    let mut members = vec![
        ("path".into(), string(name)),
        (
            "valid".into(),
            Json::Bool(error.is_none() && !diagnostics.iter().any(Diagnostic::is_error)),
        ),
    ];
    if let Some(e) = error {
        members.push(("error".into(), string(e)));
    }
    members.push((
        "diagnostics".into(),
        Json::Array(diagnostics.iter().map(diagnostic_json).collect()),
    ));
    Json::Object(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_expands_tabs_and_windows_long_lines() {
        assert_eq!(snippet("\t\"a\": 1", 1), ("    \"a\": 1".to_string(), 4));
        assert_eq!(snippet("abc", 9), ("abc".to_string(), 3));
        let long: String = ('a'..='z').cycle().take(300).collect();
        let (shown, caret) = snippet(&long, 199);
        assert_eq!(shown.chars().count(), MAX_SNIPPET + 2);
        assert_eq!(shown.chars().nth(caret), long.chars().nth(199));
        let (shown, caret) = snippet(&long, 2);
        assert!(!shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(caret, 2);
        let (shown, caret) = snippet(&long, 299);
        assert!(shown.starts_with('…') && !shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret), Some('n'));
    }

    #[test]
    fn summaries() {
        use sfn_codegen::{rules, Path, Severity};
        let error = || rules::unreachable_state::RULE.at(Path::root(), "e");
        let warning = || error().with_severity(Severity::Warning);
        assert_eq!(summary("a.json", &[]), "a.json: valid");
        assert_eq!(summary("a.json", &[warning()]), "a.json: valid, 1 warning");
        assert_eq!(summary("a.json", &[error()]), "a.json: 1 error");
        assert_eq!(
            summary("a.json", &[error(), warning(), error(), warning()]),
            "a.json: 2 errors, 2 warnings"
        );
    }

    #[test]
    fn human_without_position() {
        let d = sfn_codegen::rules::unreachable_state::RULE
            .at(sfn_codegen::Path::root().key("States").key("X"), "Msg.");
        let mut out = String::new();
        human(&mut out, "f.json", &LineIndex::new(""), &d);
        assert_eq!(
            out,
            format!(
                "f.json: error[ASL104] /States/X: Msg.\n  = hint: {}\n",
                d.hint()
            )
        );
    }
}
