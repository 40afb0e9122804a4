//! Typed Terraform values for the models of resources, data sources and the provider block.
//!
//! A model is a plain struct deriving serde's traits, one field per schema attribute or block,
//! using tf-provider's [`Value`] (known, null or unknown) for attributes, [`Number`] for numbers
//! (exact: Terraform sends numbers beyond int64/float64 as decimal strings), [`Blocks`] for
//! nested blocks (which can be unknown as a whole while a `dynamic` block's `for_each` is) and
//! [`Tags`] for string maps. tf-provider (de)serialises them from and to the plugin protocol's
//! MessagePack (and the JSON of stored states). Models are `#[serde(default)]`: a state written
//! by an older version of the provider may lack attributes added since, which read as null.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use sfn_codegen::Num;
pub use tf_provider::value::Value;

/// A number exactly as Terraform sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(pub Num);

impl Number {
    pub fn from_i64(v: i64) -> Number {
        Number(Num::from_i64(v))
    }

    /// The number as an `i64` if it is exactly a whole number within `lo..=hi`.
    pub fn whole_in(&self, lo: i64, hi: i64) -> Option<i64> {
        whole(self.0.as_str()).filter(|v| (lo..=hi).contains(v))
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str())
    }
}

/// The exact integer value of JSON number text (`300`, `3e2`, `300.0`), if it is one that fits
/// an `i64`. `100.00000000000000000001` is not whole; `1e400` does not fit.
pub fn whole(text: &str) -> Option<i64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits = format!("{int}{frac}");
    // digits × 10^(exponent − frac.len())
    let shift = exponent.checked_sub(frac.len() as i64)?;
    if shift < 0 {
        let drop = usize::try_from(-shift).ok()?;
        if drop > digits.len() {
            if digits.bytes().any(|b| b != b'0') {
                return None;
            }
            digits = "0".into();
        } else {
            let (keep, dropped) = digits.split_at(digits.len() - drop);
            if dropped.bytes().any(|b| b != b'0') {
                return None;
            }
            digits = if keep.is_empty() {
                "0".into()
            } else {
                keep.into()
            };
        }
    } else {
        let trimmed = digits.trim_start_matches('0');
        if !trimmed.is_empty() && trimmed.len() as i64 + shift > 19 {
            return None;
        }
        digits.push_str(&"0".repeat(usize::try_from(shift).ok()?));
    }
    let magnitude: i128 = digits.trim_start_matches('0').parse().unwrap_or(0);
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).ok()
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.0.as_str();
        if let Ok(i) = text.parse::<i64>() {
            return s.serialize_i64(i);
        }
        // A float only when it says the same number: cty reads strings as exact numbers.
        match text.parse::<f64>() {
            Ok(f) if Num::from_f64(f).as_ref() == Some(&self.0) => s.serialize_f64(f),
            _ => s.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::from_i64(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Num::parse(&v.to_string())
                    .map(Number)
                    .ok_or_else(|| E::custom("bad integer"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Num::from_f64(v)
                    .map(Number)
                    .ok_or_else(|| E::custom(format!("{v} is not a finite number")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
                Num::parse(v)
                    .map(Number)
                    .ok_or_else(|| E::custom(format!("\"{v}\" is not a number")))
            }
        }
        d.deserialize_any(V)
    }
}

/// A list of nested blocks: known (possibly empty), or unknown as a whole.
#[derive(Debug, Clone, PartialEq)]
pub enum Blocks<T> {
    Known(Vec<T>),
    Unknown,
}

impl<T> Default for Blocks<T> {
    fn default() -> Self {
        Blocks::Known(Vec::new())
    }
}

impl<T> Blocks<T> {
    pub fn one(v: T) -> Blocks<T> {
        Blocks::Known(vec![v])
    }

    /// The blocks, or none while unknown.
    pub fn items(&self) -> &[T] {
        match self {
            Blocks::Known(v) => v,
            Blocks::Unknown => &[],
        }
    }

    pub fn first(&self) -> Option<&T> {
        self.items().first()
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Blocks::Unknown)
    }
}

impl<T: Serialize> Serialize for Blocks<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Blocks::Known(v) => v.serialize(s),
            Blocks::Unknown => Value::<Vec<T>>::Unknown.serialize(s),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Blocks<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Blocks<T>, D::Error> {
        Ok(match Value::<Vec<T>>::deserialize(d)? {
            Value::Value(v) => Blocks::Known(v),
            Value::Null => Blocks::Known(Vec::new()),
            Value::Unknown => Blocks::Unknown,
        })
    }
}

/// A map of strings (tags): each value may be unknown on its own.
pub type Tags = Value<BTreeMap<String, Value<String>>>;

/// Known pairs of a tag map, sorted by key; unknown and null values are left out.
pub fn known_pairs(tags: &Tags) -> Vec<(String, String)> {
    match tags {
        Value::Value(m) => m
            .iter()
            .filter_map(|(k, v)| v.as_ref_option().map(|v| (k.clone(), v.clone())))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether the map or any value in it is unknown.
pub fn has_unknown(tags: &Tags) -> bool {
    match tags {
        Value::Unknown => true,
        Value::Value(m) => m.values().any(Value::is_unknown),
        Value::Null => false,
    }
}

/// A known tag map from pairs.
pub fn tags_value(pairs: &[(String, String)]) -> Tags {
    Value::Value(
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), Value::Value(v.clone())))
            .collect(),
    )
}

/// A known string.
pub fn known(s: impl Into<String>) -> Value<String> {
    Value::Value(s.into())
}

/// A string that may be absent.
pub fn maybe(s: Option<&str>) -> Value<String> {
    s.map_or(Value::Null, |s| Value::Value(s.to_string()))
}

/// The string, if known.
pub fn text(v: &Value<String>) -> Option<&str> {
    v.as_ref_option().map(String::as_str)
}

/// A duration as the provider's arguments write it (`timeouts`, `attempt_timeout`): `30s`, `5m`,
/// `1h30m`, `90` (seconds).
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let mut total = 0u64;
    let mut num = String::new();
    let mut any = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u64 = num.parse().ok()?;
        num.clear();
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        // Checked: `99999999999999999h` is not a duration, never an overflow.
        total = total.checked_add(n.checked_mul(unit)?)?;
        any = true;
    }
    (any && num.is_empty()).then_some(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
    #[serde(default)]
    struct M {
        n: Value<Number>,
        s: Value<String>,
        b: Blocks<Inner>,
        t: Tags,
    }

    #[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
    struct Inner {
        x: Value<bool>,
    }

    fn roundtrip(v: &rmpv::Value) -> M {
        let mut bytes = Vec::new();
        rmpv::encode::write_value(&mut bytes, v).unwrap();
        rmp_serde::from_slice(&bytes).unwrap()
    }

    fn unknown() -> rmpv::Value {
        rmpv::Value::Ext(0, vec![0])
    }

    #[test]
    fn whole_numbers_are_exact() {
        for (text, want) in [
            ("300", Some(300)),
            ("-5", Some(-5)),
            ("3e2", Some(300)),
            ("3E+2", Some(300)),
            ("300.0", Some(300)),
            ("3000e-1", Some(300)),
            ("0.0", Some(0)),
            ("9223372036854775807", Some(i64::MAX)),
            ("9223372036854775808", None),
            ("100.00000000000000000001", None),
            ("1e400", None),
            ("1e-400", None),
            ("0e400", Some(0)),
            ("12.5", None),
            ("abc", None),
        ] {
            assert_eq!(whole(text), want, "{text}");
        }
        let n = Number(Num::parse("100.00000000000000000001").unwrap());
        assert_eq!(n.whole_in(0, 100), None);
        assert_eq!(Number::from_i64(100).whole_in(0, 100), Some(100));
        assert_eq!(Number::from_i64(101).whole_in(0, 100), None);
    }

    #[test]
    fn models_decode_unknowns_exact_numbers_and_blocks() {
        let v = rmpv::Value::Map(vec![
            ("n".into(), "100.00000000000000000001".into()),
            ("s".into(), unknown()),
            ("b".into(), unknown()),
            (
                "t".into(),
                rmpv::Value::Map(vec![("k".into(), unknown()), ("a".into(), "b".into())]),
            ),
        ]);
        let m = roundtrip(&v);
        assert_eq!(
            m.n,
            Value::Value(Number(Num::parse("100.00000000000000000001").unwrap()))
        );
        assert!(m.s.is_unknown());
        assert!(m.b.is_unknown());
        assert!(has_unknown(&m.t));
        assert_eq!(known_pairs(&m.t), vec![("a".to_string(), "b".to_string())]);
        // And back: the exact number stays a string, unknowns stay unknown.
        let bytes = rmp_serde::to_vec_named(&m).unwrap();
        let again: M = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(again, m);
        let v = rmpv::Value::Map(vec![
            ("n".into(), rmpv::Value::F64(1.5)),
            ("s".into(), rmpv::Value::Nil),
            (
                "b".into(),
                rmpv::Value::Array(vec![rmpv::Value::Map(vec![("x".into(), true.into())])]),
            ),
            ("t".into(), rmpv::Value::Nil),
        ]);
        let m = roundtrip(&v);
        assert_eq!(m.n, Value::Value(Number(Num::parse("1.5").unwrap())));
        assert_eq!(m.b.items().len(), 1);
        assert_eq!(m.s, Value::Null);
        let json: M =
            serde_json::from_str(r#"{"n": 60, "s": "x", "b": null, "t": {"a": "b"}}"#).unwrap();
        assert_eq!(json.n, Value::Value(Number::from_i64(60)));
        assert_eq!(json.b, Blocks::Known(vec![]));
        // A state from before an attribute existed: the attribute reads as null.
        let old: M = serde_json::from_str(r#"{"n": 1}"#).unwrap();
        assert_eq!(old.s, Value::Null);
        assert_eq!(old.t, Value::Null);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5m"), Some(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("45"), Some(Duration::from_secs(45)));
        assert_eq!(parse_duration("10s"), Some(Duration::from_secs(10)));
        for bad in [
            "",
            "m",
            "5x",
            "5m3",
            "-1s",
            "9999999999999999999h",
            "18446744073709551615s1s",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }
}
