//! JSONata expressions in ASL strings (`"{% $states.input.id %}"`).
//!
//! A string value is an expression when it starts with `{%`; it must then end with `%}` and the
//! text between must parse as JSONata (Step Functions runs JSONata 2.0 without `$eval`, with the
//! extra functions `$partition`, `$range`, `$hash`, `$random`, `$uuid` and `$parse`). Parsing uses
//! the `jsonata-core` crate; [`Expr`] then answers which variables the expression reads from
//! outside (free variables) and which `$states` fields it uses. Walks are iterative, so deep
//! expressions cannot exhaust the stack.

mod regroup;

use std::collections::HashSet;

use jsonata_core::ast::{AstNode, BinaryOp, Stage};

/// Functions built into JSONata 2.0, plus those Step Functions adds. `eval` is listed because it
/// is a JSONata name (its use is reported separately, see [`Expr::uses_eval`]).
pub const BUILTINS: &[&str] = &[
    // string
    "string",
    "length",
    "substring",
    "substringBefore",
    "substringAfter",
    "uppercase",
    "lowercase",
    "trim",
    "pad",
    "contains",
    "split",
    "join",
    "match",
    "replace",
    "eval",
    "base64encode",
    "base64decode",
    "encodeUrlComponent",
    "encodeUrl",
    "decodeUrlComponent",
    "decodeUrl",
    "formatNumber",
    "formatBase",
    "formatInteger",
    "parseInteger",
    // numeric
    "number",
    "abs",
    "floor",
    "ceil",
    "round",
    "power",
    "sqrt",
    "random",
    "sum",
    "max",
    "min",
    "average",
    // boolean
    "boolean",
    "not",
    "exists",
    // array
    "count",
    "append",
    "sort",
    "reverse",
    "shuffle",
    "distinct",
    "zip",
    // object
    "keys",
    "lookup",
    "spread",
    "merge",
    "sift",
    "each",
    "error",
    "assert",
    "type",
    // date and time
    "now",
    "millis",
    "fromMillis",
    "toMillis",
    // higher order
    "map",
    "filter",
    "single",
    "reduce",
    // Step Functions additions
    "partition",
    "range",
    "hash",
    "uuid",
    "parse",
];

pub fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

/// Why a `{% %}` string is not a valid expression. `offset` is a character offset into the whole
/// string value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonataError {
    pub offset: usize,
    pub message: String,
    /// Not a syntax error: the expression nests deeper than the parser can follow safely, so it
    /// could not be checked (it is not reported as wrong: AWS may well accept it).
    pub too_deep: bool,
}

impl JsonataError {
    fn new(offset: usize, message: impl Into<String>) -> JsonataError {
        JsonataError {
            offset,
            message: message.into(),
            too_deep: false,
        }
    }
}

/// True when a string value is meant as a JSONata expression (starts with `{%`).
pub fn is_expression(s: &str) -> bool {
    s.starts_with("{%")
}

/// The expression text between `{%` and `%}`. `None` when the string is not an expression at
/// all; `Some(Err)` when it starts with `{%` but is not closed by `%}`.
pub fn inner(s: &str) -> Option<Result<&str, JsonataError>> {
    let rest = s.strip_prefix("{%")?;
    match rest.strip_suffix("%}") {
        Some(body) => Some(Ok(body)),
        None => Some(Err(JsonataError::new(
            s.chars().count().saturating_sub(1),
            if s.trim_end().ends_with("%}") {
                "a JSONata expression must end with \"%}\" (no text or spaces after it)"
            } else {
                "a JSONata expression starting with \"{%\" must end with \"%}\""
            },
        ))),
    }
}

/// A parsed expression.
#[derive(Debug)]
pub struct Expr {
    pub ast: AstNode,
}

/// A variable the expression reads from outside, with how it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeVar {
    pub name: String,
    /// True when it is called like a function (`$f(x)`) rather than read.
    pub called: bool,
}

/// Parses a whole `{% ... %}` string. `None` when the string is not an expression.
pub fn parse_value(s: &str) -> Option<Result<Expr, JsonataError>> {
    let body = match inner(s)? {
        Ok(b) => b,
        Err(e) => return Some(Err(e)),
    };
    if body.trim().is_empty() {
        return Some(Err(JsonataError::new(
            2,
            "the JSONata expression between \"{%\" and \"%}\" is empty",
        )));
    }
    Some(parse_expression(body).map_err(|mut e| {
        e.offset += 2;
        e
    }))
}

/// The code jsonata-core gives an expression nested past its limit (1,000 levels).
const TOO_DEEP: &str = "U1002";

/// Parses bare JSONata text. The error is jsonata-core's message, with its JSONata code
/// (`S0202: ...`). A long operator chain (hundreds of terms), which jsonata-core counts as
/// deep nesting, is regrouped into a balanced one first ([`regroup`]); an expression still too
/// deep is a [`JsonataError::too_deep`], not a syntax error.
pub fn parse_expression(text: &str) -> Result<Expr, JsonataError> {
    match parse_raw(text) {
        Err(e) if e.contains(TOO_DEEP) => {
            let regrouped = regroup::regroup(text).filter(|r| r != text);
            match regrouped.map(|r| parse_raw(&r)) {
                Some(Ok(expr)) => Ok(expr),
                // Still too deep, or an error found only in the regrouped text (whose positions
                // are not the user's): not checked, rather than a possibly false alarm.
                _ => Err(JsonataError {
                    too_deep: true,
                    ..JsonataError::new(0, e)
                }),
            }
        }
        Err(e) => Err(JsonataError::new(0, e)),
        Ok(expr) => Ok(expr),
    }
}

fn parse_raw(text: &str) -> Result<Expr, String> {
    let owned = text.to_string();
    match std::panic::catch_unwind(move || jsonata_core::parser::parse(&owned)) {
        Ok(Ok(ast)) => Ok(Expr { ast }),
        Ok(Err(e)) => Err(e.to_string()),
        // A parser bug is not the user's fault: treat the expression as unknown, not wrong.
        Err(_) => Ok(Expr {
            ast: AstNode::Undefined,
        }),
    }
}

impl Expr {
    /// Visits every node once, parents before children, in source order, without recursion.
    /// Returns the names bound anywhere in the expression.
    fn visit<'a>(&'a self, mut f: impl FnMut(&'a AstNode)) -> Vec<String> {
        let mut bound = Vec::new();
        let mut stack: Vec<&'a AstNode> = vec![&self.ast];
        let mut children: Vec<&'a AstNode> = Vec::new();
        while let Some(node) = stack.pop() {
            f(node);
            children.clear();
            let mut push = |n: &'a AstNode| children.push(n);
            match node {
                AstNode::String(_)
                | AstNode::Name(_)
                | AstNode::Number(_)
                | AstNode::Boolean(_)
                | AstNode::Null
                | AstNode::Undefined
                | AstNode::Placeholder
                | AstNode::Regex { .. }
                | AstNode::Variable(_)
                | AstNode::ParentVariable(_)
                | AstNode::Wildcard
                | AstNode::Descendant
                | AstNode::Parent(_) => {}
                AstNode::Path { steps } => {
                    for step in steps {
                        if let Some(v) = &step.focus {
                            bound.push(v.clone());
                        }
                        if let Some(v) = &step.index_var {
                            bound.push(v.clone());
                        }
                        push(&step.node);
                        for stage in &step.stages {
                            match stage {
                                Stage::Filter(n) => push(n),
                                Stage::KeepArray => {}
                                Stage::Index(v) => bound.push(v.clone()),
                            }
                        }
                    }
                }
                AstNode::Binary { op, lhs, rhs } => match (op, lhs.as_ref()) {
                    (BinaryOp::ColonEqual, AstNode::Variable(name)) => {
                        bound.push(name.clone());
                        push(lhs);
                        push(rhs);
                    }
                    (BinaryOp::FocusBind | BinaryOp::IndexBind, _) => {
                        if let AstNode::Variable(name) = rhs.as_ref() {
                            bound.push(name.clone());
                        }
                        push(lhs);
                    }
                    _ => {
                        push(lhs);
                        push(rhs);
                    }
                },
                AstNode::Unary { operand, .. } => push(operand),
                AstNode::Function { args, .. } => args.iter().for_each(&mut push),
                AstNode::Call { procedure, args } => {
                    push(procedure);
                    args.iter().for_each(&mut push);
                }
                AstNode::Lambda { params, body, .. } => {
                    bound.extend(params.iter().cloned());
                    push(body);
                }
                AstNode::Array(items) | AstNode::Block(items) | AstNode::ArrayGroup(items) => {
                    items.iter().for_each(&mut push)
                }
                AstNode::Object(pairs) => {
                    for (k, v) in pairs {
                        push(k);
                        push(v);
                    }
                }
                AstNode::ObjectTransform { input, pattern } => {
                    push(input);
                    for (k, v) in pattern {
                        push(k);
                        push(v);
                    }
                }
                AstNode::Conditional {
                    condition,
                    then_branch,
                    else_branch,
                } => {
                    push(condition);
                    push(then_branch);
                    if let Some(e) = else_branch {
                        push(e);
                    }
                }
                AstNode::FunctionApplication(inner) => push(inner),
                AstNode::Sort { input, terms } => {
                    push(input);
                    for (t, _) in terms {
                        push(t);
                    }
                }
                AstNode::Transform {
                    location,
                    update,
                    delete,
                } => {
                    push(location);
                    push(update);
                    if let Some(d) = delete {
                        push(d);
                    }
                }
            }
            stack.extend(children.iter().rev());
        }
        bound
    }

    /// Variables read from outside the expression, in first-seen order, without duplicates:
    /// excludes names bound inside it (`:=`, lambda parameters, `@$x`, `#$x`), JSONata's
    /// `$` and `$$`, and built-in functions called by name. `states` is included when used.
    pub fn free_variables(&self) -> Vec<FreeVar> {
        let mut refs: Vec<FreeVar> = Vec::new();
        let mut assigned_targets: HashSet<*const AstNode> = HashSet::new();
        let bound = self.visit(|node| match node {
            AstNode::Binary {
                op: BinaryOp::ColonEqual,
                lhs,
                ..
            } => {
                assigned_targets.insert(lhs.as_ref() as *const AstNode);
            }
            AstNode::Variable(name)
                if !name.is_empty() && !assigned_targets.contains(&(node as *const AstNode)) =>
            {
                refs.push(FreeVar {
                    name: name.clone(),
                    called: false,
                });
            }
            AstNode::Function { name, .. } if !is_builtin(name) => refs.push(FreeVar {
                name: name.clone(),
                called: true,
            }),
            _ => {}
        });
        let bound: HashSet<String> = bound.into_iter().collect();
        let mut seen = HashSet::new();
        refs.retain(|r| !bound.contains(&r.name) && seen.insert(r.name.clone()));
        refs
    }

    /// The fields read from `$states` (`input`, `result`, `errorOutput`, `context`), unless
    /// `states` is rebound inside the expression.
    pub fn states_fields(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let bound = self.visit(|node| {
            if let AstNode::Path { steps } = node {
                if let [first, second, ..] = steps.as_slice() {
                    if matches!(&first.node, AstNode::Variable(v) if v == "states") {
                        if let AstNode::Name(field) = &second.node {
                            if !out.contains(field) {
                                out.push(field.clone());
                            }
                        }
                    }
                }
            }
        });
        if bound.iter().any(|b| b == "states") {
            return Vec::new();
        }
        out
    }

    /// True when the expression calls `$eval`, which Step Functions does not provide.
    pub fn uses_eval(&self) -> bool {
        let mut found = false;
        let bound = self.visit(|node| {
            if matches!(node, AstNode::Function { name, .. } if name == "eval") {
                found = true;
            }
        });
        found && !bound.iter().any(|b| b == "eval")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(s: &str) -> Expr {
        parse_expression(s).unwrap_or_else(|e| panic!("{s}: {}", e.message))
    }

    fn free(s: &str) -> Vec<String> {
        expr(s)
            .free_variables()
            .into_iter()
            .map(|v| v.name)
            .collect()
    }

    #[test]
    fn recognises_expressions() {
        assert!(is_expression("{% 1 %}"));
        assert!(!is_expression(" {% 1 %}"));
        assert!(!is_expression("plain"));
        assert_eq!(inner("{% $x %}"), Some(Ok(" $x ")));
        assert_eq!(inner("plain"), None);
        assert!(matches!(inner("{% $x"), Some(Err(_))));
        assert!(matches!(inner("{% $x %} "), Some(Err(_))));
        assert!(matches!(inner("{%}"), Some(Err(_))));
        assert!(matches!(parse_value("{% %}"), Some(Err(_))));
        assert!(matches!(parse_value("{%%}"), Some(Err(_))));
        assert!(parse_value("nope").is_none());
    }

    #[test]
    fn parses_and_reports_codes() {
        assert!(matches!(
            parse_value("{% $states.input.a + 1 %}"),
            Some(Ok(_))
        ));
        assert!(matches!(
            parse_value("{% $uppercase($states.input.name) & '!' %}"),
            Some(Ok(_))
        ));
        let Some(Err(e)) = parse_value("{% $states.input.a + %}") else {
            panic!("expected an error")
        };
        assert!(e.message.starts_with('S'), "{}", e.message);
        let Some(Err(e)) = parse_value("{% ($x := 1 %}") else {
            panic!("expected an error")
        };
        assert!(e.message.contains("S0"), "{}", e.message);
    }

    #[test]
    fn free_variables_exclude_bindings_and_builtins() {
        assert_eq!(free("$states.input.a"), vec!["states"]);
        assert_eq!(free("$x + $y.z"), vec!["x", "y"]);
        assert_eq!(free("($a := 1; $a + $b)"), vec!["b"]);
        assert_eq!(free("function($p){ $p + $q }"), vec!["q"]);
        assert_eq!(free("$uppercase($name)"), vec!["name"]);
        assert_eq!(free("$hash($x, 'SHA-256') & $uuid()"), vec!["x"]);
        assert_eq!(free("($f := function($v){$v}; $f($w))"), vec!["w"]);
        assert_eq!(free("$g(1)"), vec!["g"]);
        assert_eq!(free("$ + $$"), Vec::<String>::new());
        assert_eq!(free("items@$o#$i.{'o': $o, 'i': $i, 'k': $k}"), vec!["k"]);
        assert_eq!(free("$x ? $y : $z"), vec!["x", "y", "z"]);
        assert_eq!(free("$map($l, function($e){ $e * $m })"), vec!["l", "m"]);
        assert_eq!(free("{'a': $a, $b: 1}"), vec!["a", "b"]);
        assert_eq!(free("$x.$y"), vec!["x", "y"]);
    }

    #[test]
    fn states_fields_and_eval() {
        let e = expr("$states.result.Payload & $states.input.x & $states.context.Execution.Id");
        assert_eq!(e.states_fields(), vec!["result", "input", "context"]);
        assert_eq!(
            expr("$states.errorOutput.Cause").states_fields(),
            vec!["errorOutput"]
        );
        assert!(expr("$eval('1+1')").uses_eval());
        assert!(!expr("$evaluate(1)").uses_eval());
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_random_input(s in "(\\{%|%\\}|[$@.\\[\\]()?:;=~&|,'\"{} a-z0-9#^*/<>!-])*") {
            if let Some(Ok(e)) = parse_value(&s) {
                let _ = e.free_variables();
                let _ = e.states_fields();
                let _ = e.uses_eval();
            }
            if let Ok(e) = parse_expression(&s) {
                let _ = e.free_variables();
            }
        }
    }

    #[test]
    fn long_chains_are_checked_and_deep_nesting_is_not_an_error() {
        // Thousands of terms: parsed (after regrouping), free variables found.
        for (n, op) in [(600, "+"), (5000, "&"), (3000, "and"), (2000, "<=")] {
            let long = vec!["$v"; n].join(&format!(" {op} "));
            let e = parse_expression(&long).unwrap_or_else(|e| panic!("{n} {op}: {}", e.message));
            assert_eq!(e.free_variables().len(), 1);
        }
        let long = format!(
            "$f({}, [{}])",
            vec!["1"; 900].join(" - "),
            vec!["2"; 900].join(" * ")
        );
        assert!(parse_expression(&long).is_ok());
        let cond = format!(
            "$x ? {} : ($y := {}; $y)",
            vec!["1"; 900].join(" + "),
            vec!["1"; 900].join(" + ")
        );
        assert!(parse_expression(&cond).is_ok());
        // A syntax error in a long chain is still one.
        let bad = format!("{} +", vec!["1"; 900].join(" + "));
        let e = parse_expression(&bad).expect_err("syntax error");
        assert!(!e.too_deep, "{}", e.message);
        let bad = format!("{} + (1 +)", vec!["1"; 900].join(" + "));
        assert!(parse_expression(&bad).is_err());
        // Nesting past the parser's limit: not checked, and not a syntax error.
        let deep = format!("{}1{}", "(".repeat(3000), ")".repeat(3000));
        let e = parse_expression(&deep).expect_err("too deep");
        assert!(e.too_deep, "{}", e.message);
        // In a thread with a small stack too: the parser grows its own stack.
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let long = vec!["1"; 20_000].join(" + ");
                parse_expression(&long).is_ok()
            })
            .expect("thread");
        assert!(handle.join().expect("no overflow"));
    }

    #[test]
    fn deep_input_is_handled() {
        let deep = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
        let _ = parse_expression(&deep);
        let deep = format!("{}1{}", "[".repeat(400), "]".repeat(400));
        if let Ok(e) = parse_expression(&deep) {
            let _ = e.free_variables();
        }
        let long = vec!["$a"; 3000].join(" + ");
        if let Ok(e) = parse_expression(&long) {
            assert_eq!(e.free_variables().len(), 1);
        }
    }
}
