//! JSONPath filter expressions (`[?(@.price < 10 && @.tags)]`), as Jayway evaluates them:
//! comparisons of numbers and strings, `=~` regular expressions, `in`/`nin`, `subsetof`,
//! `anyof`, `noneof`, `size`, `empty`, `contains`, `&&`, `||`, `!` and existence tests.

use crate::json::{Json, Num};

use super::{apply_function, definite, select_into, Function, Parser, Step};

#[derive(Debug, Clone)]
pub(super) enum Filter {
    Or(Box<Filter>, Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Exists(Operand),
    Cmp(Operand, Op, Operand),
}

#[derive(Debug, Clone)]
pub(super) enum Operand {
    /// `@...`: relative to the candidate.
    Current(Vec<Step>, Option<Function>),
    /// `$...`: from the document root.
    Root(Vec<Step>, Option<Function>),
    Lit(Json),
    Regex(regex::Regex),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Match,
    In,
    Nin,
    Subsetof,
    Anyof,
    Noneof,
    Size,
    Empty,
    Contains,
}

impl Operand {
    fn value(&self, current: &Json, root: &Json) -> Option<Json> {
        let (steps, f, from) = match self {
            Operand::Current(s, f) => (s, f, current),
            Operand::Root(s, f) => (s, f, root),
            Operand::Lit(v) => return Some(v.clone()),
            Operand::Regex(_) => return None,
        };
        let v = if steps.iter().all(Step::is_definite) {
            definite(steps, from)?.clone()
        } else {
            let mut out = Vec::new();
            select_into(steps, from, root, &mut out);
            Json::Array(out.into_iter().cloned().collect())
        };
        match f {
            None => Some(v),
            Some(f) => apply_function(*f, &v),
        }
    }
}

impl Filter {
    pub(super) fn test(&self, current: &Json, root: &Json) -> bool {
        match self {
            Filter::Or(a, b) => a.test(current, root) || b.test(current, root),
            Filter::And(a, b) => a.test(current, root) && b.test(current, root),
            Filter::Not(a) => !a.test(current, root),
            Filter::Exists(o) => match o.value(current, root) {
                Some(Json::Bool(b)) => b,
                Some(_) => true,
                None => false,
            },
            Filter::Cmp(l, op, r) => {
                let Some(left) = l.value(current, root) else {
                    return false;
                };
                if let (Op::Match, Operand::Regex(re)) = (op, r) {
                    return left.as_str().is_some_and(|s| re.is_match(s));
                }
                let Some(right) = r.value(current, root) else {
                    return false;
                };
                compare(&left, *op, &right)
            }
        }
    }
}

fn compare(l: &Json, op: Op, r: &Json) -> bool {
    let ordering = match (l, r) {
        (Json::Number(a), Json::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
        (Json::String(a), Json::String(b)) => Some(a.cmp(b)),
        _ => None,
    };
    let items = |v: &Json| match v {
        Json::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    let has = |set: &[Json], v: &Json| set.iter().any(|s| s.semantic_eq(v));
    match op {
        Op::Eq => ordering.map_or_else(|| l.semantic_eq(r), |o| o.is_eq()),
        Op::Ne => !ordering.map_or_else(|| l.semantic_eq(r), |o| o.is_eq()),
        Op::Lt => ordering.is_some_and(|o| o.is_lt()),
        Op::Le => ordering.is_some_and(|o| o.is_le()),
        Op::Gt => ordering.is_some_and(|o| o.is_gt()),
        Op::Ge => ordering.is_some_and(|o| o.is_ge()),
        Op::Match => false,
        Op::In => has(&items(r), l),
        Op::Nin => !has(&items(r), l),
        Op::Contains => match l {
            Json::String(s) => r.as_str().is_some_and(|p| s.contains(p)),
            _ => has(&items(l), r),
        },
        Op::Subsetof => items(l).iter().all(|v| has(&items(r), v)),
        Op::Anyof => items(l).iter().any(|v| has(&items(r), v)),
        Op::Noneof => !items(l).iter().any(|v| has(&items(r), v)),
        Op::Size => {
            let n = match l {
                Json::Array(a) => a.len(),
                Json::String(s) => s.chars().count(),
                _ => return false,
            };
            matches!(r, Json::Number(k) if k.as_i64() == Some(n as i64))
        }
        Op::Empty => {
            let empty = match l {
                Json::Array(a) => a.is_empty(),
                Json::String(s) => s.is_empty(),
                _ => return false,
            };
            matches!(r, Json::Bool(b) if *b == empty)
        }
    }
}

impl Parser<'_> {
    pub(super) fn eat(&mut self, s: &str) -> bool {
        self.skip_ws();
        let n = s.chars().count();
        if self.c.len() >= self.i + n && self.c[self.i..self.i + n].iter().copied().eq(s.chars()) {
            self.i += n;
            true
        } else {
            false
        }
    }

    pub(super) fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.eat("||") {
            let right = self.and()?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.unary()?;
        while self.eat("&&") {
            let right = self.unary()?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, String> {
        self.skip_ws();
        if self.peek() == Some('!') && self.at(1) != Some('=') {
            self.i += 1;
            return Ok(Filter::Not(Box::new(self.unary()?)));
        }
        if self.peek() == Some('(') {
            self.i += 1;
            let f = self.or()?;
            if !self.eat(")") {
                return self.err("expected \")\"");
            }
            return Ok(f);
        }
        let left = self.operand()?;
        let Some(op) = self.operator() else {
            return Ok(Filter::Exists(left));
        };
        self.skip_ws();
        let right = if op == Op::Match && self.peek() == Some('/') {
            self.regex()?
        } else {
            self.operand()?
        };
        Ok(Filter::Cmp(left, op, right))
    }

    fn operator(&mut self) -> Option<Op> {
        for (s, op) in [
            ("==", Op::Eq),
            ("!=", Op::Ne),
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("<", Op::Lt),
            (">", Op::Gt),
            ("=~", Op::Match),
            ("nin ", Op::Nin),
            ("in ", Op::In),
            ("subsetof ", Op::Subsetof),
            ("anyof ", Op::Anyof),
            ("noneof ", Op::Noneof),
            ("size ", Op::Size),
            ("empty ", Op::Empty),
            ("contains ", Op::Contains),
        ] {
            if self.eat(s) {
                return Some(op);
            }
        }
        None
    }

    fn regex(&mut self) -> Result<Operand, String> {
        self.i += 1;
        let mut pattern = String::new();
        loop {
            match self.peek() {
                None => return self.err("unclosed regular expression"),
                Some('\\') if self.at(1) == Some('/') => {
                    pattern.push('/');
                    self.i += 2;
                }
                Some('/') => {
                    self.i += 1;
                    break;
                }
                Some(c) => {
                    pattern.push(c);
                    self.i += 1;
                }
            }
        }
        let mut flags = String::new();
        while let Some(c) = self.peek().filter(|c| c.is_ascii_alphabetic()) {
            if "imsx".contains(c) {
                flags.push(c);
            }
            self.i += 1;
        }
        let full = if flags.is_empty() {
            pattern
        } else {
            format!("(?{flags}){pattern}")
        };
        regex::Regex::new(&full)
            .map(Operand::Regex)
            .map_err(|e| format!("invalid regular expression: {e}"))
    }

    fn operand(&mut self) -> Result<Operand, String> {
        self.skip_ws();
        match self.peek() {
            Some('@') => {
                self.i += 1;
                let (s, f) = self.steps(true)?;
                Ok(Operand::Current(s, f))
            }
            Some('$') => {
                self.i += 1;
                let (s, f) = self.steps(true)?;
                Ok(Operand::Root(s, f))
            }
            Some('\'') | Some('"') => Ok(Operand::Lit(Json::String(self.quoted()?))),
            Some('[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if self.peek() == Some(']') {
                        self.i += 1;
                        break;
                    }
                    match self.operand()? {
                        Operand::Lit(v) => items.push(v),
                        _ => return self.err("a list holds literals only"),
                    }
                    self.skip_ws();
                    if self.peek() == Some(',') {
                        self.i += 1;
                    }
                }
                Ok(Operand::Lit(Json::Array(items)))
            }
            _ => {
                let start = self.i;
                while self.peek().is_some_and(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.' | '_')
                }) {
                    self.i += 1;
                }
                let word: String = self.c[start..self.i].iter().collect();
                match word.as_str() {
                    "true" => Ok(Operand::Lit(Json::Bool(true))),
                    "false" => Ok(Operand::Lit(Json::Bool(false))),
                    "null" => Ok(Operand::Lit(Json::Null)),
                    w => Num::parse(w)
                        .map(|n| Operand::Lit(Json::Number(n)))
                        .ok_or_else(|| format!("\"{w}\" is not a value in a filter")),
                }
            }
        }
    }
}
