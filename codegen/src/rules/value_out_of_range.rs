//! Reports a literal number out of its range, or fractional where a whole number is required:
//! the state machine's `TimeoutSeconds` (1 to 99999999), a Task's `TimeoutSeconds` and
//! `HeartbeatSeconds` (1 to 99999999), a Wait's `Seconds` (0 to 99999999), a Map's
//! `MaxConcurrency` (0 or more), and a retrier's `IntervalSeconds` (1 to 99999999), `MaxAttempts`
//! (0 to 99999999), `BackoffRate` (1.0 or more, fractions allowed) and `MaxDelaySeconds` (1 to
//! 31622400). Also a string given for one of the state fields above, or for a Distributed Map's
//! `ToleratedFailurePercentage`, `ToleratedFailureCount`, `ReaderConfig.MaxItems`,
//! `ItemBatcher.MaxItemsPerBatch` or `MaxInputBytesPerBatch`, in a JSONPath state (only JSONata
//! states take `{% %}` expressions there), or a string that is not an expression in a JSONata
//! state.

use std::fmt;

use crate::diagnostic::{Diagnostic, Path, Rule, Severity};
use crate::json::Num;
use crate::model::{NumOrExpr, QueryLanguage, StateType};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL207",
    name: "value-out-of-range",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A number out of its allowed range, fractional where a whole number is required, or an expression where only a number is allowed.",
    fix: "Use a number within the range given in the message.",
    notes: None,
};

/// True for a JSONata expression string, `{% ... %}`.
pub fn is_expression(s: &str) -> bool {
    let t = s.trim();
    t.len() >= 4 && t.starts_with("{%") && t.ends_with("%}")
}

/// Whether an exact JSON number is a whole number (`3`, `3.0`, `1.5e1`, `150e-1`), judged on its
/// decimal text so no precision is lost.
pub fn is_integral(n: &Num) -> bool {
    let text = n.as_str().trim_start_matches('-');
    let (mantissa, exp) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, "0"),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = || int.bytes().chain(frac.bytes());
    if digits().all(|b| b == b'0') {
        return true;
    }
    let exp: i64 = match exp.parse() {
        Ok(e) => e,
        // An exponent too large for i64: a huge number is whole, a tiny non-zero one is not.
        Err(_) => return !exp.starts_with('-'),
    };
    let scale = exp.saturating_sub(frac.len() as i64);
    if scale >= 0 {
        return true;
    }
    let need = usize::try_from(scale.unsigned_abs()).unwrap_or(usize::MAX);
    need <= int.len() + frac.len() && digits().rev().take(need).all(|b| b == b'0')
}

/// A numeric range.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    pub min: f64,
    pub max: Option<f64>,
    pub integer: bool,
}

impl Range {
    const fn int(min: f64, max: Option<f64>) -> Range {
        Range {
            min,
            max,
            integer: true,
        }
    }

    fn describe(self) -> String {
        let kind = if self.integer {
            "a whole number"
        } else {
            "a number"
        };
        match self.max {
            Some(max) => format!(
                "{kind} from {} to {}",
                fmt(self.min, self.integer),
                fmt(max, self.integer)
            ),
            None => format!("{kind} of at least {}", fmt(self.min, self.integer)),
        }
    }

    /// Whether `n` fits.
    pub fn contains(self, n: &Num) -> bool {
        let v = n.as_f64();
        if v.is_nan() || v < self.min || self.max.is_some_and(|m| v > m) {
            return false;
        }
        !self.integer || is_integral(n)
    }
}

fn fmt(v: f64, integer: bool) -> String {
    if integer {
        format!("{v:.0}")
    } else if v.fract() == 0.0 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

const MAX_SECONDS: f64 = 99_999_999.0;
pub const TIMEOUT: Range = Range::int(1.0, Some(MAX_SECONDS));
pub const WAIT_SECONDS: Range = Range::int(0.0, Some(MAX_SECONDS));
pub const MAX_CONCURRENCY: Range = Range::int(0.0, None);
pub const INTERVAL_SECONDS: Range = Range::int(1.0, Some(MAX_SECONDS));
pub const MAX_ATTEMPTS: Range = Range::int(0.0, Some(MAX_SECONDS));
pub const BACKOFF_RATE: Range = Range {
    min: 1.0,
    max: None,
    integer: false,
};
pub const MAX_DELAY_SECONDS: Range = Range::int(1.0, Some(31_622_400.0));

/// Whose field it is, as messages name it. Formatted only when something is reported.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Machine,
    State(StateType, &'a str),
    Retrier(StateType, &'a str, usize),
}

impl fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Owner::Machine => f.write_str("The state machine"),
            Owner::State(kind, name) => write!(f, "{} state \"{name}\"", kind.as_str()),
            Owner::Retrier(kind, name, i) => {
                write!(f, "{} state \"{name}\", Retry[{i}]", kind.as_str())
            }
        }
    }
}

fn out_of_range(path: Path, owner: Owner, field: &str, range: Range, n: &Num) -> Diagnostic {
    RULE.at(
        path,
        format!(
            "{owner}: \"{field}\" must be {}, not {n}.",
            range.describe()
        ),
    )
}

/// A field that holds a number (or, in JSONata, an expression): where it is and what it takes.
#[derive(Clone, Copy)]
struct NumField<'p> {
    base: &'p Path,
    owner: Owner<'p>,
    field: &'p str,
    path_twin: Option<&'p str>,
    range: Range,
    ql: QueryLanguage,
}

/// Checks a number-or-expression field of a state (or of the machine).
fn num_or_expr(out: &mut Vec<Diagnostic>, f: NumField, value: &Option<NumOrExpr>) {
    match value {
        Some(NumOrExpr::Num(n)) if !f.range.contains(n) => {
            out.push(out_of_range(
                f.base.key(f.field),
                f.owner,
                f.field,
                f.range,
                n,
            ));
        }
        Some(NumOrExpr::Expr(s)) => string_for_number(out, f, s),
        None | Some(NumOrExpr::Num(_)) => {}
    }
}

/// A string where a number belongs: in a JSONPath state an error whatever it says (JSONPath
/// states do not evaluate `{% %}` expressions); in a JSONata state an error unless it is one.
fn string_for_number(out: &mut Vec<Diagnostic>, f: NumField, s: &str) {
    let NumField {
        base,
        owner,
        field,
        path_twin,
        range,
        ql,
    } = f;
    match ql {
        QueryLanguage::JsonPath => {
            let twin = path_twin
                .map(|t| format!(", or the \"{t}\" field to read it from the input"))
                .unwrap_or_default();
            let what = if is_expression(s) {
                "a JSONata expression, which JSONPath states do not evaluate"
            } else {
                "a string"
            };
            out.push(
                RULE.at(
                    base.key(field),
                    format!("{owner} uses JSONPath, where \"{field}\" must be a number; found {what}: {s:?}."),
                )
                .with_hint(format!(
                    "Use a number ({}){twin}, or switch the state to JSONata to use a {{% %}} expression.",
                    range.describe()
                )),
            );
        }
        QueryLanguage::Jsonata if !is_expression(s) => out.push(
            RULE.at(
                base.key(field),
                format!("{owner}: \"{field}\" must be a number or a {{% %}} expression; found the string {s:?}."),
            )
            .with_hint(format!(
                "Use a number ({}) or wrap the expression in {{% %}}, e.g. \"{{% $states.input.value %}}\".",
                range.describe()
            )),
        ),
        QueryLanguage::Jsonata => {}
    }
}

/// The Map fields whose range another rule checks (tolerated-failure-range, item-batcher-config,
/// item-reader-config): here only a string given for them, as in [`string_for_number`].
fn map_strings(out: &mut Vec<Diagnostic>, s: &crate::rules::StateRef, owner: Owner) {
    let st = s.state;
    let ql = s.query_language;
    let percent = Range::int(0.0, Some(100.0));
    let count = Range::int(0.0, None);
    let mut fields: Vec<(Path, &str, &str, Range, &Option<NumOrExpr>)> = vec![
        (
            s.path.clone(),
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            percent,
            &st.tolerated_failure_percentage,
        ),
        (
            s.path.clone(),
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            count,
            &st.tolerated_failure_count,
        ),
    ];
    if let Some(c) = st
        .item_reader
        .as_ref()
        .and_then(|r| r.reader_config.as_ref())
    {
        let base = s.path.key("ItemReader").key("ReaderConfig");
        fields.push((base, "MaxItems", "MaxItemsPath", count, &c.max_items));
    }
    if let Some(b) = &st.item_batcher {
        let base = s.path.key("ItemBatcher");
        fields.push((
            base.clone(),
            "MaxItemsPerBatch",
            "MaxItemsPerBatchPath",
            count,
            &b.max_items_per_batch,
        ));
        fields.push((
            base,
            "MaxInputBytesPerBatch",
            "MaxInputBytesPerBatchPath",
            count,
            &b.max_input_bytes_per_batch,
        ));
    }
    for (base, field, twin, range, value) in fields {
        if let Some(NumOrExpr::Expr(text)) = value {
            let f = NumField {
                base: &base,
                owner,
                field,
                path_twin: Some(twin),
                range,
                ql,
            };
            string_for_number(out, f, text);
        }
    }
}

pub fn check(cx: &mut Ctx) {
    let mut out = Vec::new();
    let machine_ql = cx.machine.query_language.unwrap_or(QueryLanguage::JsonPath);
    match &cx.machine.timeout_seconds {
        // Whether a JSONata machine may compute its own timeout is not documented: skip it.
        Some(NumOrExpr::Expr(_)) if machine_ql == QueryLanguage::Jsonata => {}
        v => {
            let root = Path::root();
            let f = NumField {
                base: &root,
                owner: Owner::Machine,
                field: "TimeoutSeconds",
                path_twin: None,
                range: TIMEOUT,
                ql: QueryLanguage::JsonPath,
            };
            num_or_expr(&mut out, f, v)
        }
    }
    for s in &cx.states {
        let st = s.state;
        let Some(kind) = st.kind else { continue };
        let owner = Owner::State(kind, s.name);
        let ql = s.query_language;
        // Fields on the wrong state type are field-not-allowed's business.
        let fields: &[(&str, &str, Range, &Option<NumOrExpr>)] = match kind {
            StateType::Task => &[
                (
                    "TimeoutSeconds",
                    "TimeoutSecondsPath",
                    TIMEOUT,
                    &st.timeout_seconds,
                ),
                (
                    "HeartbeatSeconds",
                    "HeartbeatSecondsPath",
                    TIMEOUT,
                    &st.heartbeat_seconds,
                ),
            ],
            StateType::Wait => &[("Seconds", "SecondsPath", WAIT_SECONDS, &st.seconds)],
            StateType::Map => &[(
                "MaxConcurrency",
                "MaxConcurrencyPath",
                MAX_CONCURRENCY,
                &st.max_concurrency,
            )],
            _ => &[],
        };
        if kind == StateType::Map {
            map_strings(&mut out, s, owner);
        }
        for &(field, twin, range, value) in fields {
            let f = NumField {
                base: &s.path,
                owner,
                field,
                path_twin: Some(twin),
                range,
                ql,
            };
            num_or_expr(&mut out, f, value);
        }
        for (i, r) in st.retry.iter().flatten().enumerate() {
            for (field, range, value) in [
                ("IntervalSeconds", INTERVAL_SECONDS, &r.interval_seconds),
                ("MaxAttempts", MAX_ATTEMPTS, &r.max_attempts),
                ("BackoffRate", BACKOFF_RATE, &r.backoff_rate),
                ("MaxDelaySeconds", MAX_DELAY_SECONDS, &r.max_delay_seconds),
            ] {
                if let Some(n) = value {
                    if !range.contains(n) {
                        out.push(out_of_range(
                            s.path.key("Retry").index(i).key(field),
                            Owner::Retrier(kind, s.name, i),
                            field,
                            range,
                            n,
                        ));
                    }
                }
            }
        }
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    #[test]
    fn integral_numbers_are_judged_exactly() {
        for whole in [
            "0",
            "3",
            "-7",
            "3.0",
            "1.5e1",
            "150e-1",
            "1e400",
            "12345678901234567890",
        ] {
            assert!(is_integral(&num(whole)), "{whole}");
        }
        for frac in ["0.5", "1.000000000000000000001", "15e-1", "1e-400", "2.5"] {
            assert!(!is_integral(&num(frac)), "{frac}");
        }
    }

    #[test]
    fn ranges() {
        assert!(TIMEOUT.contains(&num("99999999")));
        assert!(!TIMEOUT.contains(&num("100000000")));
        assert!(!TIMEOUT.contains(&num("0")));
        assert!(!TIMEOUT.contains(&num("1.5")));
        assert!(WAIT_SECONDS.contains(&num("0")));
        assert!(BACKOFF_RATE.contains(&num("1.5")));
        assert!(!BACKOFF_RATE.contains(&num("0.5")));
        assert!(!MAX_DELAY_SECONDS.contains(&num("31622401")));
        assert!(!MAX_CONCURRENCY.contains(&num("-1")));
        assert_eq!(TIMEOUT.describe(), "a whole number from 1 to 99999999");
        assert_eq!(BACKOFF_RATE.describe(), "a number of at least 1.0");
    }

    #[test]
    fn expressions() {
        assert!(is_expression("{% $states.input.n %}"));
        assert!(is_expression(" {%1%} "));
        assert!(!is_expression("{%}"));
        assert!(!is_expression("$.n"));
    }
}
