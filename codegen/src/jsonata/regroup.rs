//! Long operator chains regrouped for the parser. jsonata-core refuses (`U1002`) an expression
//! nested more than 1,000 levels, and counts a flat chain `1 + 1 + ... + 1` as nested once per
//! operator (it is a left-leaning tree), so a few hundred terms, which AWS evaluates, would be
//! rejected. Checking does not evaluate anything, so a chain can be regrouped into a balanced tree
//! of parentheses, `((t1 + t2) + (t3 + t4)) + ...`, before parsing: every operand and operator is
//! kept verbatim (so every syntax error in them is still found), only the grouping changes, and
//! the depth becomes logarithmic. Chains inside `( )` and `[ ]` (function arguments, array
//! constructors, blocks) are regrouped the same way, item by item.
//!
//! Only plain binary operators are regrouped (arithmetic, comparison, `&`, `and`, `or`, `in`),
//! within the stretches that `? :`, `:=`, `~>`, `;` and `,` separate; a level holding `|`, `@`,
//! `#` or `^(` is left as written. The lexing here only finds where those operators are; the
//! parser still judges the text, and an error it finds only in the regrouped text is not
//! reported as the user's (see `jsonata::parse_expression`).

/// Binary operators that may be regrouped, longest first.
const OPERATORS: &[&str] = &[
    "!=", "<=", ">=", "+", "-", "*", "/", "%", "&", "=", "<", ">",
];
const WORD_OPERATORS: &[&str] = &["and", "or", "in"];

/// Chains shorter than this are left as they are: the parser takes them.
const MIN_CHAIN: usize = 64;

#[derive(Debug)]
enum Tok {
    /// Part of an operand: `start..end` of the text, with (for a bracket group) its regrouped
    /// replacement.
    Part {
        start: usize,
        end: usize,
        replace: Option<String>,
    },
    /// A regroupable binary operator.
    Op { start: usize, end: usize },
    /// An operator of lower precedence that separates whole expressions (`?`, `:`, `:=`, `~>`,
    /// `;`, `,`): the chains on each side are regrouped on their own.
    Sep,
    /// Something that makes this level unsafe to regroup (`@`, `#`, `^(`, `|`).
    Stop,
}

/// The expression with its long chains regrouped, or `None` when the text cannot be lexed (an
/// unclosed string or bracket: the parser reports it as written).
pub fn regroup(text: &str) -> Option<String> {
    level(text, 0)
}

/// Bracket groups deeper than this are left alone (the parser's own limit applies there).
const MAX_LEVELS: usize = 200;

fn level(text: &str, depth: usize) -> Option<String> {
    let toks = lex(text, depth)?;
    let stop = toks.iter().any(|t| matches!(t, Tok::Stop));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for segment in toks.split(|t| matches!(t, Tok::Sep)) {
        let ops = segment
            .iter()
            .filter(|t| matches!(t, Tok::Op { .. }))
            .count();
        let first = segment.iter().find_map(|t| match t {
            Tok::Part { start, .. } | Tok::Op { start, .. } => Some(*start),
            _ => None,
        });
        if stop || ops < MIN_CHAIN || first.is_none() {
            // Kept as written, with its groups regrouped.
            for t in segment {
                if let Tok::Part {
                    start,
                    end,
                    replace: Some(r),
                } = t
                {
                    out.push_str(&text[at..*start]);
                    out.push_str(r);
                    at = *end;
                }
            }
            continue;
        }
        // Up to the segment's first token (the separator before it, spaces), as written.
        let first = first?;
        out.push_str(&text[at..first]);
        at = first;
        // Operands (the text between operators, groups replaced) and the operators.
        let mut operands: Vec<String> = vec![String::new()];
        let mut operators: Vec<&str> = Vec::new();
        for t in segment {
            match t {
                Tok::Part {
                    start,
                    end,
                    replace,
                } => {
                    let last = operands.last_mut()?;
                    last.push_str(&text[at..*start]);
                    match replace {
                        Some(r) => last.push_str(r),
                        None => last.push_str(&text[*start..*end]),
                    }
                    at = *end;
                }
                Tok::Op { start, end } => {
                    operands.last_mut()?.push_str(&text[at..*start]);
                    operators.push(&text[*start..*end]);
                    operands.push(String::new());
                    at = *end;
                }
                Tok::Sep | Tok::Stop => {}
            }
        }
        balanced(&operands, &operators, &mut out);
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// `(a op b)` over the middle, recursively: depth log2(n).
fn balanced(operands: &[String], operators: &[&str], out: &mut String) {
    match operands {
        [one] => {
            out.push('(');
            out.push_str(one);
            out.push(')');
        }
        _ => {
            let mid = operands.len() / 2;
            out.push('(');
            balanced(&operands[..mid], &operators[..mid - 1], out);
            out.push(' ');
            out.push_str(operators[mid - 1]);
            out.push(' ');
            balanced(&operands[mid..], &operators[mid..], out);
            out.push(')');
        }
    }
}

/// The tokens of one level: operands' parts, regroupable operators, and stops. Bracket groups are
/// one part each; `( )` and `[ ]` groups carry their content regrouped item by item.
fn lex(text: &str, depth: usize) -> Option<Vec<Tok>> {
    let b = text.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    // True where an operand is expected: `-` is then unary, `/` a regex, `*` and `%` path steps.
    let mut operand = true;
    // Whether a `/` may open a regex here: as in jsonata-core, not after `*`, `%` or `/`, which
    // on their own are values (wildcard, parent) that a `/` divides.
    let mut regex_ok = true;
    while i < b.len() {
        let c = b[i];
        if !matches!(c, b' ' | b'\t' | b'\n' | b'\r') && i > 0 {
            // Reset by every token but the operators that forbid a regex after them (below).
            regex_ok = !matches!(
                b[..i].iter().rev().find(|c| !c.is_ascii_whitespace()),
                Some(b'*' | b'%' | b'/')
            );
        }
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/")? + i + 4;
                i = end;
            }
            b'"' | b'\'' | b'`' => {
                let end = quoted(b, i)?;
                toks.push(part(i, end));
                i = end;
                operand = false;
            }
            b'/' if operand && regex_ok => {
                let end = regex(b, i)?;
                toks.push(part(i, end));
                i = end;
                operand = false;
            }
            // A division with no left operand: a syntax error; left to the parser as written.
            b'/' if operand => return None,
            b'(' | b'[' | b'{' => {
                let end = close(b, i)?;
                let replace = if c != b'{' && depth < MAX_LEVELS {
                    items(&text[i + 1..end - 1], depth + 1).map(|inner| {
                        let open = c as char;
                        let shut = b[end - 1] as char;
                        format!("{open}{inner}{shut}")
                    })
                } else {
                    None
                };
                // `^(` sorts: its terms are not an operand of their own.
                if c == b'(' && i > 0 && b[i - 1] == b'^' {
                    toks.push(Tok::Stop);
                }
                toks.push(Tok::Part {
                    start: i,
                    end,
                    replace,
                });
                i = end;
                operand = false;
            }
            b')' | b']' | b'}' => return None,
            b':' if b.get(i + 1) == Some(&b'=') => {
                toks.push(Tok::Sep);
                i += 2;
                operand = true;
            }
            b'~' if b.get(i + 1) == Some(&b'>') => {
                toks.push(Tok::Sep);
                i += 2;
                operand = true;
            }
            b'?' | b':' | b';' | b',' => {
                toks.push(Tok::Sep);
                i += 1;
                operand = true;
            }
            b'|' | b'@' | b'#' | b'^' => {
                toks.push(Tok::Stop);
                i += 1;
                operand = true;
            }
            b'.' => {
                // A path step (or `..` in a range): part of the operand.
                let n = if b.get(i + 1) == Some(&b'.') { 2 } else { 1 };
                toks.push(part(i, i + n));
                i += n;
                operand = true;
            }
            b'0'..=b'9' => {
                let end = number(b, i);
                toks.push(part(i, end));
                i = end;
                operand = false;
            }
            _ if !operand && OPERATORS.iter().any(|o| b[i..].starts_with(o.as_bytes())) => {
                let op = OPERATORS
                    .iter()
                    .find(|o| b[i..].starts_with(o.as_bytes()))?;
                toks.push(Tok::Op {
                    start: i,
                    end: i + op.len(),
                });
                i += op.len();
                operand = true;
                regex_ok = !matches!(*op, "*" | "%" | "/");
                continue;
            }
            b'-' | b'*' | b'%' => {
                // A unary minus, or a wildcard or parent step: part of the operand.
                toks.push(part(i, i + 1));
                i += 1;
                operand = c == b'-';
            }
            // Any other operator where an operand belongs is a syntax error: left to the parser
            // as written.
            b'!' | b'<' | b'>' | b'=' | b'+' | b'&' | b'/' => return None,
            _ => {
                let end = word(text, i);
                if end == i {
                    return None;
                }
                let w = &text[i..end];
                let after_dot = matches!(
                    b[..i].iter().rev().find(|c| !c.is_ascii_whitespace()),
                    Some(b'.')
                );
                if operand && !after_dot && WORD_OPERATORS.contains(&w) {
                    // `and`, `or`, `in` where an operand belongs: jsonata-core still reads an
                    // operator there; left to the parser as written.
                    return None;
                }
                if !operand && WORD_OPERATORS.contains(&w) {
                    toks.push(Tok::Op { start: i, end });
                    operand = true;
                } else {
                    toks.push(part(i, end));
                    // `function`/`λ` are followed by their parameter list.
                    operand = false;
                }
                i = end;
            }
        }
    }
    Some(toks)
}

fn part(start: usize, end: usize) -> Tok {
    Tok::Part {
        start,
        end,
        replace: None,
    }
}

/// The content of a `( )` or `[ ]` group regrouped item by item (items split at top-level
/// commas); `None` when nothing changed.
fn items(inner: &str, depth: usize) -> Option<String> {
    let commas = top_level_commas(inner)?;
    let mut out = String::with_capacity(inner.len());
    let mut changed = false;
    let mut at = 0;
    for end in commas.into_iter().chain([inner.len()]) {
        let item = &inner[at..end];
        match level(item, depth) {
            Some(r) if r != item => {
                out.push_str(&r);
                changed = true;
            }
            _ => out.push_str(item),
        }
        if end < inner.len() {
            out.push(',');
        }
        at = end + 1;
    }
    changed.then_some(out)
}

fn top_level_commas(text: &str) -> Option<Vec<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' | b'`' => i = quoted(b, i)?,
            b'/' if b.get(i + 1) == Some(&b'*') => i = text[i + 2..].find("*/")? + i + 4,
            b'/' if operand_before(b, i) => i = regex(b, i)?,
            b'(' | b'[' | b'{' => i = close(b, i)?,
            b')' | b']' | b'}' => return None,
            b',' => {
                out.push(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    Some(out)
}

/// Whether the last significant byte before `i` leaves an operand expected.
fn operand_before(b: &[u8], i: usize) -> bool {
    match b[..i].iter().rev().find(|c| !c.is_ascii_whitespace()) {
        None => true,
        Some(&c) => {
            // After `*`, `%` and `/` a `/` divides (jsonata-core reads them as values there).
            let ends_operand = c.is_ascii_alphanumeric()
                || c >= 0x80
                || matches!(
                    c,
                    b'_' | b'$' | b')' | b']' | b'}' | b'"' | b'\'' | b'`' | b'*' | b'%' | b'/'
                );
            !ends_operand
        }
    }
}

/// The end (exclusive) of a quoted string or backtick name starting at `i`.
fn quoted(b: &[u8], i: usize) -> Option<usize> {
    let q = b[i];
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' if q != b'`' => j += 2,
            c if c == q => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// The end of a regex literal `/.../flags` starting at `i`.
fn regex(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'/' => {
                j += 1;
                while j < b.len() && b[j].is_ascii_alphabetic() {
                    j += 1;
                }
                return Some(j);
            }
            _ => j += 1,
        }
    }
    None
}

/// The end (after the closing bracket) of the group opened at `i`, skipping strings, comments
/// and regexes inside it. Iterative: any nesting depth.
fn close(b: &[u8], i: usize) -> Option<usize> {
    let mut stack = vec![b[i]];
    let mut j = i + 1;
    while j < b.len() {
        let c = b[j];
        match c {
            b'"' | b'\'' | b'`' => {
                j = quoted(b, j)?;
                continue;
            }
            b'/' if b.get(j + 1) == Some(&b'*') => {
                j = std::str::from_utf8(&b[j + 2..]).ok()?.find("*/")? + j + 4;
                continue;
            }
            b'/' if operand_before(b, j) => {
                j = regex(b, j)?;
                continue;
            }
            b'(' | b'[' | b'{' => stack.push(c),
            b')' | b']' | b'}' => {
                let open = stack.pop()?;
                if !matches!((open, c), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                    return None;
                }
                if stack.is_empty() {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// The end of a number starting at `i`: digits, a fraction, an exponent with its sign.
fn number(b: &[u8], i: usize) -> usize {
    let mut j = i;
    let digits = |j: &mut usize| {
        while *j < b.len() && b[*j].is_ascii_digit() {
            *j += 1;
        }
    };
    digits(&mut j);
    if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
        j += 1;
        digits(&mut j);
    }
    if j < b.len() && (b[j] == b'e' || b[j] == b'E') {
        let mut k = j + 1;
        if k < b.len() && (b[k] == b'+' || b[k] == b'-') {
            k += 1;
        }
        if k < b.len() && b[k].is_ascii_digit() {
            j = k;
            digits(&mut j);
        }
    }
    j
}

/// The end of a name (`$var`, `field`, `and`, non-ASCII letters).
fn word(text: &str, i: usize) -> usize {
    let mut end = i;
    for (k, ch) in text[i..].char_indices() {
        let ok = ch.is_alphanumeric() || ch == '_' || (ch == '$' && k == 0) || ch == 'λ';
        if !ok {
            break;
        }
        end = i + k + ch.len_utf8();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize, op: &str) -> String {
        vec!["1"; n].join(&format!(" {op} "))
    }

    #[test]
    fn short_text_is_unchanged() {
        for s in [
            "1 + 2",
            "$a.b[0] & 'x'",
            "$f(1, 2)",
            "a ? b : c",
            "($x := 1; $x)",
        ] {
            assert_eq!(regroup(s).as_deref(), Some(s));
        }
    }

    #[test]
    fn long_chains_become_shallow() {
        let long = chain(1000, "+");
        let r = regroup(&long).expect("regrouped");
        // Every operand and operator is kept.
        assert_eq!(r.matches('1').count(), 1000);
        assert_eq!(r.matches('+').count(), 999);
        // Parenthesis depth is logarithmic.
        let mut depth = 0usize;
        let mut max = 0;
        for c in r.chars() {
            match c {
                '(' => {
                    depth += 1;
                    max = max.max(depth);
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        assert!(max <= 12, "{max}");
    }

    #[test]
    fn unary_minus_words_strings_and_regexes_are_operands() {
        let mut s = [
            "-$a.b",
            "'x + y'",
            "$count($l)",
            "\"q\\\"\"",
            "`odd name`",
            "$x in [1, 2]",
        ]
        .repeat(20)
        .join(" & ");
        s.push_str(" and $match($s, /a+b/i)");
        let r = regroup(&s).expect("regrouped");
        for piece in [
            "( -$a.b )",
            "( 'x + y' )",
            "( `odd name` )",
            "/a+b/i)",
            "( [1, 2] )",
        ] {
            assert!(r.contains(piece), "{piece} in {r}");
        }
        assert!(super::super::parse_raw(&r).is_ok(), "{r}");
    }

    #[test]
    fn chains_between_conditionals_and_bindings_are_regrouped_alone() {
        let s = format!("$c ? {} : 0", chain(100, "+"));
        let r = regroup(&s).expect("regrouped");
        assert!(r.starts_with("$c ? (((("), "{r}");
        assert!(r.ends_with(") : 0"), "{r}");
        let s = format!("($v := {}; $v)", chain(100, "+"));
        let r = regroup(&s).expect("regrouped");
        assert!(r.starts_with("($v := (("), "{r}");
        assert!(r.ends_with("); $v)"), "{r}");
        // Binding operators make a level unsafe to regroup: left as written.
        let s = format!("items@$i.{{'n': {}}}", chain(100, "+"));
        assert_eq!(regroup(&s).as_deref(), Some(s.as_str()));
    }

    #[test]
    fn chains_inside_arguments_and_arrays() {
        let s = format!(
            "$sum([{}]) + $max([{}, 5])",
            chain(100, "*"),
            chain(100, "-")
        );
        let r = regroup(&s).expect("regrouped");
        assert!(r.starts_with("$sum([(("), "{r}");
        assert!(super::super::parse_raw(&r).is_ok(), "{r}");
        assert!(r.contains(", 5])"), "{r}");
    }

    proptest::proptest! {
        /// Regrouping keeps validity: a chain short enough for the parser as written parses
        /// regrouped exactly when it parses as written (and never panics on what it is given).
        #[test]
        fn regrouping_keeps_validity(
            operands in proptest::collection::vec(proptest::sample::select(vec![
                "1", "-2.5e-3", "$x", "$a.b[0].c", "'a + b'", "\"x, y\"", "`k w`", "$f(1, 2 + 3)",
                "[1, 2]", "{'k': 1 + 2}", "/a+b/i", "$match($s, /x\\/y/)", "(1 + 2)", "-$y",
                "*", "a.*.b", "$not(true)", "function($p){ $p * 2 }(3)", "($v := 2; $v)",
                "$c ? 1 : 2", "$a[$ > 2]", "$$.x", "$string(1) & \"%\"",
            ]), 70..200),
            // One planted defect, half the time.
            defect in proptest::option::of((0usize..70, proptest::sample::select(vec![
                "+", ")", "'unclosed", "and", "", "(1 +", "[1,", "$f(,)", "1 2", "/*",
            ]))),
            ops in proptest::collection::vec(proptest::sample::select(vec![
                "+", "-", "*", "/", "%", "&", "=", "!=", "<", "<=", ">", ">=", "and", "or", "in",
            ]), 200),
        ) {
            let mut operands = operands;
            if let Some((at, bad)) = defect {
                operands[at] = bad;
            }
            let mut text = String::new();
            for (i, o) in operands.iter().enumerate() {
                if i > 0 {
                    text.push(' ');
                    text.push_str(ops[i % ops.len()]);
                    text.push(' ');
                }
                text.push_str(o);
            }
            let before = super::super::parse_raw(&text).is_ok();
            if let Some(r) = regroup(&text) {
                let after = super::super::parse_raw(&r).is_ok();
                proptest::prop_assert_eq!(before, after, "{} => {}", text, r);
            }
        }
    }

    #[test]
    fn unbalanced_text_is_left_to_the_parser() {
        assert_eq!(regroup("(1 + 2"), None);
        assert_eq!(regroup("'open"), None);
        assert_eq!(regroup("1 + 2)"), None);
    }
}
