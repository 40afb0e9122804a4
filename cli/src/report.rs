//! `validate` results in the formats CI systems read: SARIF 2.1.0 (GitHub code scanning, GitLab,
//! Azure DevOps and most code-quality dashboards) and GitHub Actions workflow commands, which
//! GitHub shows as annotations on the pull request's changed lines.

use sfn_codegen::{rules, Diagnostic, Json, Num, Position, Severity};

/// One validated input: its name as given, and what validation found, or why it was not read.
pub struct FileResult {
    pub name: String,
    pub diagnostics: Vec<Diagnostic>,
    pub unreadable: Option<String>,
}

fn s(text: &str) -> Json {
    Json::String(text.to_string())
}

fn n(v: usize) -> Json {
    Json::Number(Num::from_i64(i64::try_from(v).unwrap_or(i64::MAX)))
}

fn obj(members: Vec<(&str, Json)>) -> Json {
    Json::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn text(t: &str) -> Json {
    obj(vec![("text", s(t))])
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A file name as a relative URI reference: `/` separators, and percent-encoding for what a
/// URI cannot hold (spaces, `%`, `#`, `?`, non-ASCII).
pub fn uri(name: &str) -> String {
    if name == "<stdin>" {
        return "stdin".to_string();
    }
    let mut out = String::with_capacity(name.len());
    for b in name.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b':'
            | b'@'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'=' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The whole run as one SARIF log. Every rule is described in the driver (so viewers show the
/// rule's summary and fix), results point at the line and column, and the JSON pointer travels
/// as the logical location. Unreadable inputs are tool execution notifications.
pub fn sarif(files: &[FileResult], version: &str) -> Json {
    let rule_index = |code: &str| rules::ALL.iter().position(|r| r.code == code);
    let driver_rules: Vec<Json> = rules::ALL
        .iter()
        .map(|r| {
            let mut props = vec![("tags", Json::Array(vec![s("asl")]))];
            if let Some(aws) = r.aws_code {
                props.push(("awsCode", s(aws)));
            }
            // The notes (what the rule accepts where AWS's behaviour is not known) belong with
            // the rule's description, as in the rules documentation.
            let full = match r.notes {
                Some(notes) => format!("{} {notes}", r.summary),
                None => r.summary.to_string(),
            };
            obj(vec![
                ("id", s(r.code)),
                ("name", s(r.name)),
                ("shortDescription", text(r.summary)),
                ("fullDescription", text(&full)),
                ("help", text(r.fix)),
                (
                    "defaultConfiguration",
                    obj(vec![("level", s(level(r.severity)))]),
                ),
                ("properties", obj(props)),
            ])
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for f in files {
        if let Some(why) = &f.unreadable {
            notifications.push(obj(vec![
                ("level", s("error")),
                ("message", text(why)),
                (
                    "locations",
                    Json::Array(vec![obj(vec![(
                        "physicalLocation",
                        obj(vec![(
                            "artifactLocation",
                            obj(vec![("uri", s(&uri(&f.name)))]),
                        )]),
                    )])]),
                ),
            ]));
            continue;
        }
        for d in &f.diagnostics {
            let mut result = vec![("ruleId", s(d.code()))];
            if let Some(i) = rule_index(d.code()) {
                result.push(("ruleIndex", n(i)));
            }
            result.push(("level", s(level(d.severity))));
            result.push((
                "message",
                text(&format!("{} {}: {}", d.code(), d.rule.name, d.message)),
            ));
            result.push((
                "locations",
                Json::Array(vec![location(&f.name, d.position, &d.path, vec![])]),
            ));
            if !d.related.is_empty() {
                // The other places (the first state of a duplicated name, ...), which viewers
                // link to from the result.
                let related = d.related.iter().enumerate().map(|(i, r)| {
                    location(
                        &f.name,
                        r.position,
                        &r.path,
                        vec![("id", n(i)), ("message", text(&r.message))],
                    )
                });
                result.push(("relatedLocations", Json::Array(related.collect())));
            }
            result.push(("properties", obj(vec![("hint", s(d.hint()))])));
            results.push(obj(result));
        }
    }
    let run = obj(vec![
        (
            "tool",
            obj(vec![(
                "driver",
                obj(vec![
                    ("name", s("sfn-asl")),
                    ("version", s(version)),
                    ("semanticVersion", s(version)),
                    ("rules", Json::Array(driver_rules)),
                ]),
            )]),
        ),
        (
            "invocations",
            Json::Array(vec![obj(vec![
                ("executionSuccessful", Json::Bool(notifications.is_empty())),
                ("toolExecutionNotifications", Json::Array(notifications)),
            ])]),
        ),
        ("columnKind", s("unicodeCodePoints")),
        ("results", Json::Array(results)),
    ]);
    obj(vec![
        (
            "$schema",
            s("https://json.schemastore.org/sarif-2.1.0.json"),
        ),
        ("version", s("2.1.0")),
        ("runs", Json::Array(vec![run])),
    ])
}

/// A SARIF location: the file and line/column (line 1 when there is no position: a location
/// needs a line to be shown at all, and the problem is then the file's as a whole), and the
/// JSON pointer as the logical location. `extra` members come first (`id`, `message`).
fn location(
    file: &str,
    position: Option<Position>,
    path: &sfn_codegen::Path,
    mut extra: Vec<(&str, Json)>,
) -> Json {
    let region = match position {
        Some(p) => vec![("startLine", n(p.line)), ("startColumn", n(p.column))],
        None => vec![("startLine", n(1))],
    };
    extra.push((
        "physicalLocation",
        obj(vec![
            ("artifactLocation", obj(vec![("uri", s(&uri(file)))])),
            ("region", obj(region)),
        ]),
    ));
    extra.push((
        "logicalLocations",
        Json::Array(vec![obj(vec![
            ("fullyQualifiedName", s(&path.pointer())),
            ("kind", s("element")),
        ])]),
    ));
    obj(extra)
}

/// A workflow command's message: `%`, CR and LF escaped.
fn escape_data(v: &str) -> String {
    v.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`.
fn escape_property(v: &str) -> String {
    escape_data(v).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions annotations: one `::error` or `::warning` line per diagnostic, with the file,
/// line and column, the code as the title, and the hint after the message; a plain summary line
/// per file follows, for people reading the log.
pub fn github(out: &mut String, f: &FileResult) {
    if let Some(why) = &f.unreadable {
        out.push_str(&format!(
            "::error file={},title=sfn-asl::{}\n",
            escape_property(&f.name),
            escape_data(why)
        ));
        return;
    }
    for d in &f.diagnostics {
        let mut props = vec![format!("file={}", escape_property(&f.name))];
        if let Some(p) = d.position {
            props.push(format!("line={}", p.line));
            props.push(format!("col={}", p.column));
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("{} {}", d.code(), d.rule.name))
        ));
        let mut message = format!("{}: {}\nhint: {}", d.path, d.message, d.hint());
        for r in &d.related {
            match r.position {
                Some(p) => message.push_str(&format!(
                    "\nnote: {} (line {}, column {})",
                    r.message, p.line, p.column
                )),
                None => message.push_str(&format!("\nnote: {} ({})", r.message, r.path)),
            }
        }
        out.push_str(&format!(
            "::{} {}::{}\n",
            level(d.severity),
            props.join(","),
            escape_data(&message)
        ));
    }
    out.push_str(&crate::render::summary(&f.name, &f.diagnostics));
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use sfn_codegen::Options;

    fn checked(name: &str, text: &str) -> FileResult {
        FileResult {
            name: name.to_string(),
            diagnostics: sfn_codegen::check_str(text, &Options::default()).diagnostics,
            unreadable: None,
        }
    }

    const ORPHAN: &str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Succeed\"},\n    \"Orphan\": {\"Type\": \"Succeed\"}\n  }\n}\n";

    #[test]
    fn github_annotations_carry_file_line_column_and_code() {
        let mut out = String::new();
        github(&mut out, &checked("defs/a,b.asl.json", ORPHAN));
        let first = out.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(
                "::error file=defs/a%2Cb.asl.json,line=5,col=5,title=ASL104 unreachable-state::"
            ),
            "{out}"
        );
        assert!(first.contains("%0Ahint: "), "{first}");
        assert!(out.ends_with("defs/a,b.asl.json: 1 error\n"), "{out}");
        let mut out = String::new();
        github(
            &mut out,
            &FileResult {
                name: "gone.json".into(),
                diagnostics: vec![],
                unreadable: Some("cannot read gone.json: 100% missing".into()),
            },
        );
        assert_eq!(
            out,
            "::error file=gone.json,title=sfn-asl::cannot read gone.json: 100%25 missing\n"
        );
    }

    fn arr(j: Option<&Json>) -> &[Json] {
        match j {
            Some(Json::Array(items)) => items,
            _ => &[],
        }
    }

    #[test]
    fn sarif_results_point_at_rules_and_regions() {
        let log = sarif(&[checked("my defs/a.json", ORPHAN)], "9.9.9");
        let text = log.to_pretty();
        assert!(text.contains("\"version\": \"2.1.0\""));
        let run = &arr(log.get("runs"))[0];
        let results = arr(run.get("results"));
        assert_eq!(results.len(), 1);
        let r = &results[0];
        assert_eq!(r.get("ruleId").and_then(Json::as_str), Some("ASL104"));
        let index = match r.get("ruleIndex") {
            Some(Json::Number(n)) => n.as_i64().unwrap_or(-1),
            _ => -1,
        };
        let driver = run.get("tool").and_then(|t| t.get("driver"));
        let rules = arr(driver.and_then(|d| d.get("rules")));
        assert_eq!(rules.len(), sfn_codegen::rules::ALL.len());
        let rule = &rules[usize::try_from(index).unwrap_or(usize::MAX)];
        assert_eq!(rule.get("id").and_then(Json::as_str), Some("ASL104"));
        assert!(text.contains("\"uri\": \"my%20defs/a.json\""), "{text}");
        assert!(text.contains("\"startLine\": 5"), "{text}");
        assert!(
            text.contains("\"fullyQualifiedName\": \"/States/Orphan\""),
            "{text}"
        );
    }
}
