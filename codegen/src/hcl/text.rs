//! HCL text: quoting, and laying out blocks and expressions as `terraform fmt` does.

use super::convert::{Expr, Item};

/// Lines longer than this are laid out over several lines when they can be.
const WIDTH: usize = 100;

/// An HCL quoted string: escapes, and template sequences doubled (`${` -> `$${`, `%{` -> `%%{`).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Heredoc text: only template sequences are special there.
pub(super) fn escape_template(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if (c == '$' || c == '%') && chars.peek() == Some(&'{') {
            out.push(c);
        }
    }
    out
}

/// An object key: bare when it is a plain identifier, else quoted. Keywords are quoted too
/// (`for` would start a `for` expression, `null` would be the null value).
pub(super) fn object_key(k: &str) -> String {
    let plain = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let keyword = matches!(k, "for" | "in" | "if" | "null" | "true" | "false");
    if plain && !keyword {
        k.to_string()
    } else {
        quote(k)
    }
}

/// Characters that Unicode NFC (which Terraform applies to every string) may change or combine with
/// a neighbour: combining marks, Hangul jamo, compatibility ideographs, singletons and the scripts
/// whose marks compose. Conservative: it flags whole blocks where in doubt.
pub(super) fn nfc_unsafe(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x0374 | 0x037E | 0x0387
        | 0x0483..=0x0489
        | 0x0591..=0x05C7
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06ED
        | 0x0711 | 0x0730..=0x074A
        | 0x07A6..=0x07B0 | 0x07EB..=0x07F3
        | 0x0816..=0x082D | 0x0859..=0x085B | 0x08D3..=0x08FF
        | 0x0900..=0x0DFF
        | 0x0E31..=0x0E4E | 0x0EB1..=0x0ECD
        | 0x0F00..=0x109F
        | 0x1100..=0x11FF
        | 0x1AB0..=0x1B7F
        | 0x1DC0..=0x1DFF
        | 0x1F00..=0x1FFF
        | 0x2000..=0x2001
        | 0x20D0..=0x20FF
        | 0x2126 | 0x212A | 0x212B | 0x2329 | 0x232A | 0x2ADC
        | 0x302A..=0x302F | 0x3099 | 0x309A
        | 0xA960..=0xA97F | 0xD7B0..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFB1D..=0xFB4F
        | 0xFE20..=0xFE2F
        | 0x1D15E..=0x1D1C0
        | 0x2F800..=0x2FA1F
    )
}

/// Display columns as `terraform fmt` counts them for alignment (grapheme clusters),
/// approximated: joiners, variation selectors, emoji modifiers and the second of a pair of
/// regional indicators add nothing.
pub(super) fn columns(s: &str) -> usize {
    let mut n = 0;
    let mut joined = false;
    let mut pending_flag = false;
    for c in s.chars() {
        let u = c as u32;
        if u == 0x200D {
            joined = true;
            continue;
        }
        if joined {
            joined = false;
            continue;
        }
        if matches!(u, 0xFE00..=0xFE0F | 0x1F3FB..=0x1F3FF | 0xE0100..=0xE01EF) {
            continue;
        }
        if (0x1F1E6..=0x1F1FF).contains(&u) {
            if pending_flag {
                pending_flag = false;
                continue;
            }
            pending_flag = true;
        } else {
            pending_flag = false;
        }
        n += 1;
    }
    n
}

fn indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// The single-line form of an expression, if it has one: literals, and collections of literals.
fn inline(e: &Expr) -> Option<String> {
    match e {
        Expr::Lit(s) => Some(s.clone()),
        Expr::Heredoc(_) | Expr::Commented(..) => None,
        Expr::Tuple(items) => {
            if items.iter().any(|i| !is_flat(i)) {
                return None;
            }
            let parts: Option<Vec<String>> = items.iter().map(inline).collect();
            Some(format!("[{}]", parts?.join(", ")))
        }
        Expr::Object(members) => {
            if members.is_empty() {
                return Some("{}".into());
            }
            if members.iter().any(|(_, v)| !is_flat(v)) {
                return None;
            }
            let parts: Option<Vec<String>> = members
                .iter()
                .map(|(k, v)| inline(v).map(|v| format!("{k} = {v}")))
                .collect();
            Some(format!("{{ {} }}", parts?.join(", ")))
        }
    }
}

/// Literals and empty collections: what may sit inside a single-line collection.
fn is_flat(e: &Expr) -> bool {
    match e {
        Expr::Lit(_) => true,
        Expr::Tuple(items) => items.is_empty(),
        Expr::Object(members) => members.is_empty(),
        Expr::Heredoc(_) | Expr::Commented(..) => false,
    }
}

/// How an assignment is laid out.
enum Layout {
    /// `key = value` on one line.
    Single(String),
    /// `key = <<-EOT` ... `EOT`: aligned like a single line.
    Heredoc(String),
    /// `key = {` or `key = [` ... : breaks alignment.
    Multi,
}

fn layout(key: &str, e: &Expr, at: usize) -> Layout {
    if let Expr::Heredoc(text) = e {
        return Layout::Heredoc(text.clone());
    }
    match inline(e) {
        Some(s) if matches!(e, Expr::Lit(_)) || at + key.len() + 3 + s.len() <= WIDTH => {
            Layout::Single(s)
        }
        _ => Layout::Multi,
    }
}

/// Writes assignments (block attributes or object members) and other items, aligning the `=` of
/// runs of consecutive single-line assignments as `terraform fmt` does. Blocks are separated from
/// what surrounds them by a blank line.
fn render_body(out: &mut String, at: usize, items: &[Item]) {
    let mut i = 0;
    let mut prev_block = false;
    let mut first = true;
    while i < items.len() {
        let is_block = matches!(items[i], Item::Block(..));
        if !first && (is_block || prev_block) {
            out.push('\n');
        }
        first = false;
        prev_block = is_block;
        match &items[i] {
            Item::Block(head, body) => {
                render_block(out, at, head, body);
                i += 1;
            }
            Item::Comment(c) => {
                indent(out, at);
                out.push_str("# ");
                out.push_str(c);
                out.push('\n');
                i += 1;
            }
            Item::Attr(..) => {
                let mut run = Vec::new();
                while let Some(Item::Attr(k, e)) = items.get(i) {
                    run.push((k.clone(), e.clone()));
                    i += 1;
                }
                render_assignments(out, at, &run);
            }
        }
    }
}

fn render_assignments(out: &mut String, at: usize, run: &[(String, Expr)]) {
    // A commented member starts a new alignment run, its comments above it.
    let mut start = 0;
    for (i, (k, e)) in run.iter().enumerate() {
        if let Expr::Commented(comments, inner) = e {
            render_aligned(out, at, &run[start..i]);
            for c in comments {
                indent(out, at);
                out.push_str("# ");
                out.push_str(c);
                out.push('\n');
            }
            render_aligned(out, at, &[(k.clone(), (**inner).clone())]);
            start = i + 1;
        }
    }
    render_aligned(out, at, &run[start..]);
}

fn render_aligned(out: &mut String, at: usize, run: &[(String, Expr)]) {
    let layouts: Vec<Layout> = run.iter().map(|(k, e)| layout(k, e, at)).collect();
    let mut j = 0;
    while j < run.len() {
        if matches!(layouts[j], Layout::Multi) {
            let (k, e) = &run[j];
            indent(out, at);
            out.push_str(k);
            out.push_str(" = ");
            render_multi(out, at, e);
            out.push('\n');
            j += 1;
            continue;
        }
        // A chain of aligned assignments.
        let start = j;
        while j < run.len() && !matches!(layouts[j], Layout::Multi) {
            j += 1;
        }
        let width = run[start..j]
            .iter()
            .map(|(k, _)| columns(k))
            .max()
            .unwrap_or(0);
        for (idx, (k, _)) in run.iter().enumerate().take(j).skip(start) {
            indent(out, at);
            out.push_str(k);
            indent(out, width - columns(k) + 1);
            out.push_str("= ");
            match &layouts[idx] {
                Layout::Single(s) => {
                    out.push_str(s);
                    out.push('\n');
                }
                Layout::Heredoc(text) => {
                    out.push_str("<<-EOT\n");
                    for line in text.lines() {
                        if !line.is_empty() {
                            indent(out, at + 2);
                            out.push_str(line);
                        }
                        out.push('\n');
                    }
                    indent(out, at);
                    out.push_str("EOT\n");
                }
                Layout::Multi => {}
            }
        }
    }
}

/// Writes a collection over several lines, starting after `key = ` and ending before the newline.
fn render_multi(out: &mut String, at: usize, e: &Expr) {
    match e {
        Expr::Object(members) => {
            out.push_str("{\n");
            render_assignments(out, at + 2, members);
            indent(out, at);
            out.push('}');
        }
        Expr::Tuple(items) => {
            out.push_str("[\n");
            for item in items {
                indent(out, at + 2);
                match inline(item) {
                    Some(s) if at + 2 + s.len() < WIDTH || matches!(item, Expr::Lit(_)) => {
                        out.push_str(&s)
                    }
                    _ => render_multi(out, at + 2, item),
                }
                out.push_str(",\n");
            }
            indent(out, at);
            out.push(']');
        }
        Expr::Lit(s) => out.push_str(s),
        Expr::Heredoc(_) => {}
        Expr::Commented(_, inner) => render_multi(out, at, inner),
    }
}

pub(super) fn render_block(out: &mut String, at: usize, head: &str, body: &[Item]) {
    indent(out, at);
    out.push_str(head);
    if body.is_empty() {
        out.push_str(" {}\n");
        return;
    }
    out.push_str(" {\n");
    render_body(out, at + 2, body);
    indent(out, at);
    out.push_str("}\n");
}
