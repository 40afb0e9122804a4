//! Diagnostics as text for people (with the source line and a caret) and as a JSON document.

use std::fmt::Write as _;

use sfn_codegen::{Diagnostic, Json, Num};

/// Source lines longer than this (in characters) are shown as a window around the column.
const MAX_SNIPPET: usize = 100;

/// One diagnostic in the human format:
///
/// ```text
/// file.json:12:7: error[ASL104] /States/Orphan: State "Orphan" is not reachable from StartAt.
///    |
/// 12 |     "Orphan": {
///    |     ^
///    = hint: Remove the state or add a transition to it.
/// ```
pub fn human(out: &mut String, name: &str, text: &str, d: &Diagnostic) {
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
        return;
    };
    let _ = writeln!(out, "{name}:{}:{}: {head}", pos.line, pos.column);
    let number = pos.line.to_string();
    let pad = " ".repeat(number.len());
    // `split` rather than `lines`: a position just past a final newline, or in empty text, still
    // has a (blank) line to show.
    match text.split('\n').nth(pos.line.saturating_sub(1)) {
        Some(line) => {
            let (shown, caret) = snippet(line, pos.column);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {shown}");
            let _ = writeln!(out, "{pad} | {}^", " ".repeat(caret));
        }
        None => {
            let _ = writeln!(out, "{pad} |");
        }
    }
    let _ = writeln!(out, "{pad} = hint: {}", d.hint());
}

/// The line as shown (tabs expanded, control characters replaced, long lines cut to a window)
/// and the caret's offset in it for the 1-based character `column`.
fn snippet(line: &str, column: usize) -> (String, usize) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut shown: Vec<char> = Vec::with_capacity(line.len());
    let mut caret = None;
    for (i, c) in line.chars().enumerate() {
        if i + 1 == column {
            caret = Some(shown.len());
        }
        match c {
            '\t' => shown.extend([' '; 4]),
            c if c.is_control() || c == '\u{feff}' => shown.push('\u{fffd}'),
            c => shown.push(c),
        }
    }
    let caret = caret.unwrap_or(shown.len());
    if shown.len() <= MAX_SNIPPET {
        return (shown.into_iter().collect(), caret);
    }
    let start = caret
        .saturating_sub(MAX_SNIPPET / 2)
        .min(shown.len() - MAX_SNIPPET);
    let end = start + MAX_SNIPPET;
    let mut text = String::new();
    let mut caret_at = caret - start;
    if start > 0 {
        text.push('…');
        caret_at += 1;
    }
    text.extend(&shown[start..end]);
    if end < shown.len() {
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
        assert_eq!(snippet("\t\"a\": 1", 2), ("    \"a\": 1".to_string(), 4));
        assert_eq!(snippet("abc", 9), ("abc".to_string(), 3));
        let long: String = ('a'..='z').cycle().take(300).collect();
        let (shown, caret) = snippet(&long, 200);
        assert_eq!(shown.chars().count(), MAX_SNIPPET + 2);
        assert_eq!(shown.chars().nth(caret), long.chars().nth(199));
        let (shown, caret) = snippet(&long, 3);
        assert!(!shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(caret, 2);
        let (shown, caret) = snippet(&long, 300);
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
        human(&mut out, "f.json", "", &d);
        assert_eq!(
            out,
            format!(
                "f.json: error[ASL104] /States/X: Msg.\n  = hint: {}\n",
                d.hint()
            )
        );
    }
}
