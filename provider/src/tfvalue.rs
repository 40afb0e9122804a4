//! Terraform values as the plugin protocol sends them (MessagePack, cty's encoding), decoded
//! without loss: unknown values (including Terraform 1.6+ refined unknowns) are kept as
//! [`Tf::Unknown`], numbers keep their exact value, and `dynamic` attributes are decoded through the
//! type that travels with them.

use sfn_codegen::{Json, Num};

/// A decoded Terraform value.
#[derive(Debug, Clone, PartialEq)]
pub enum Tf {
    Null,
    Unknown,
    Bool(bool),
    Number(Num),
    String(String),
    /// Lists, sets and tuples.
    List(Vec<Tf>),
    /// Objects and maps, in the order received (cty sorts keys).
    Object(Vec<(String, Tf)>),
}

impl Tf {
    pub fn get(&self, key: &str) -> &Tf {
        static NULL: Tf = Tf::Null;
        match self {
            Tf::Object(members) => members
                .iter()
                .find(|(k, _)| k == key)
                .map_or(&NULL, |(_, v)| v),
            _ => &NULL,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Tf::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Tf::Unknown)
    }

    /// True when the value or anything inside it is unknown.
    pub fn has_unknown(&self) -> bool {
        match self {
            Tf::Unknown => true,
            Tf::List(items) => items.iter().any(Tf::has_unknown),
            Tf::Object(members) => members.iter().any(|(_, v)| v.has_unknown()),
            _ => false,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tf::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Tf::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_num(&self) -> Option<&Num> {
        match self {
            Tf::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Elements of a list-like value; empty for null.
    pub fn items(&self) -> &[Tf] {
        match self {
            Tf::List(items) => items,
            _ => &[],
        }
    }

    /// The value as JSON, for payload fields. Unknown parts become `null`: callers check
    /// [`Tf::has_unknown`] first and skip what depends on them.
    pub fn to_json(&self) -> Json {
        match self {
            Tf::Null | Tf::Unknown => Json::Null,
            Tf::Bool(b) => Json::Bool(*b),
            Tf::Number(n) => Json::Number(n.clone()),
            Tf::String(s) => Json::String(s.clone()),
            Tf::List(items) => Json::Array(items.iter().map(Tf::to_json).collect()),
            Tf::Object(members) => Json::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// A protocol value as received, for tf-provider's typed traits: (de)serialised through serde
/// as a generic MessagePack tree, so unknowns (MessagePack extensions), exact numbers and
/// `dynamic` wrappers all survive untouched.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw(pub rmpv::Value);

impl Default for Raw {
    fn default() -> Self {
        Raw(rmpv::Value::Nil)
    }
}

impl serde::Serialize for Raw {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&self.0, serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Raw {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <rmpv::Value as serde::Deserialize>::deserialize(deserializer).map(Raw)
    }
}

/// Why a value could not be decoded. Only a Terraform bug or a schema mismatch causes one.
#[derive(Debug)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// cty's MessagePack extension codes for unknown values.
const EXT_UNKNOWN: i8 = 0;
const EXT_REFINED_UNKNOWN: i8 = 12;

/// Decodes a statically typed value (blocks, strings, numbers, lists, ...). Attributes whose
/// schema type is `dynamic` must be decoded with [`decode_dynamic`]: `dynamic_attrs` names them.
pub fn decode(
    v: &rmpv::Value,
    is_dynamic: &dyn Fn(&[String]) -> bool,
    path: &mut Vec<String>,
) -> Result<Tf, DecodeError> {
    if is_dynamic(path) || is_dynamic_wrapper(v) {
        return decode_dynamic(v);
    }
    Ok(match v {
        rmpv::Value::Nil => Tf::Null,
        rmpv::Value::Ext(code, _) if *code == EXT_UNKNOWN || *code == EXT_REFINED_UNKNOWN => {
            Tf::Unknown
        }
        rmpv::Value::Boolean(b) => Tf::Bool(*b),
        rmpv::Value::Integer(i) => Tf::Number(integer(i)?),
        rmpv::Value::F32(f) => Tf::Number(float(f64::from(*f))?),
        rmpv::Value::F64(f) => Tf::Number(float(*f)?),
        rmpv::Value::String(s) => {
            let s = s
                .as_str()
                .ok_or_else(|| DecodeError("string is not UTF-8".into()))?;
            Tf::String(s.to_string())
        }
        rmpv::Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                let r = decode(item, is_dynamic, path);
                path.pop();
                out.push(r?);
            }
            Tf::List(out)
        }
        rmpv::Value::Map(members) => {
            let mut out = Vec::with_capacity(members.len());
            for (k, item) in members {
                let key = k
                    .as_str()
                    .ok_or_else(|| DecodeError("object key is not a string".into()))?
                    .to_string();
                path.push(key.clone());
                let r = decode(item, is_dynamic, path);
                path.pop();
                out.push((key, r?));
            }
            Tf::Object(out)
        }
        other => return Err(DecodeError(format!("unexpected MessagePack value {other}"))),
    })
}

/// cty wraps a value whose type is not fixed by the schema as `[type JSON (binary), value]`: a
/// `dynamic` attribute, and also a block list whose elements hold one (Terraform sends it as a
/// tuple). Statically typed values never contain binary data, so the shape is unambiguous.
fn is_dynamic_wrapper(v: &rmpv::Value) -> bool {
    matches!(v, rmpv::Value::Array(pair) if pair.len() == 2 && matches!(pair[0], rmpv::Value::Binary(_)))
}

fn integer(i: &rmpv::Integer) -> Result<Num, DecodeError> {
    if let Some(v) = i.as_i64() {
        Ok(Num::from_i64(v))
    } else if let Some(v) = i.as_u64() {
        Num::parse(&v.to_string()).ok_or_else(|| DecodeError("bad integer".into()))
    } else {
        Err(DecodeError("bad integer".into()))
    }
}

fn float(f: f64) -> Result<Num, DecodeError> {
    Num::from_f64(f).ok_or_else(|| DecodeError(format!("number {f} cannot be represented in JSON")))
}

/// Nesting allowed in a value's type: beyond every definition AWS accepts (nesting is limited
/// to 20 workflows there), and shallow enough for the recursive decoding that follows.
pub const MAX_TYPE_DEPTH: usize = 512;

/// A dynamic value's type, as cty writes it in JSON. Its depth is the value's (a deep `states`
/// object is a deep type): serde_json's default limit of 128 levels is lifted, after checking
/// the depth ourselves.
fn type_json(bytes: &[u8]) -> Result<serde_json::Value, DecodeError> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_TYPE_DEPTH {
        return Err(DecodeError(format!(
            "a value nested {deepest} levels deep (its type); the limit is {MAX_TYPE_DEPTH}"
        )));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    de.disable_recursion_limit();
    serde::Deserialize::deserialize(&mut de)
        .map_err(|e| DecodeError(format!("bad dynamic type: {e}")))
}

/// Decodes a `dynamic` attribute: cty sends `[type as JSON, value]`, or a bare unknown/null.
pub fn decode_dynamic(v: &rmpv::Value) -> Result<Tf, DecodeError> {
    match v {
        rmpv::Value::Nil => Ok(Tf::Null),
        rmpv::Value::Ext(code, _) if *code == EXT_UNKNOWN || *code == EXT_REFINED_UNKNOWN => {
            Ok(Tf::Unknown)
        }
        rmpv::Value::Array(pair) if pair.len() == 2 => {
            let ty_bytes: &[u8] = match &pair[0] {
                rmpv::Value::Binary(b) => b,
                rmpv::Value::String(s) => s.as_bytes(),
                _ => return Err(DecodeError("dynamic value without a type".into())),
            };
            let ty = type_json(ty_bytes)?;
            typed(&pair[1], &ty)
        }
        other => Err(DecodeError(format!("unexpected dynamic value {other}"))),
    }
}

/// Decodes a value whose cty type is known (from a dynamic wrapper). Numbers too large for an
/// int64 or a float64 arrive as decimal strings; the type tells them apart from real strings.
fn typed(v: &rmpv::Value, ty: &serde_json::Value) -> Result<Tf, DecodeError> {
    use serde_json::Value as J;
    if v.is_nil() {
        return Ok(Tf::Null);
    }
    if let rmpv::Value::Ext(code, _) = v {
        if *code == EXT_UNKNOWN || *code == EXT_REFINED_UNKNOWN {
            return Ok(Tf::Unknown);
        }
    }
    match ty {
        J::String(t) if t == "number" => match v {
            rmpv::Value::String(s) => s
                .as_str()
                .and_then(Num::parse)
                .map(Tf::Number)
                .ok_or_else(|| DecodeError("bad number".into())),
            other => decode(other, &|_| false, &mut Vec::new()),
        },
        J::String(t) if t == "dynamic" => decode_dynamic(v),
        J::Array(parts) if parts.len() == 2 => {
            let kind = parts[0].as_str().unwrap_or_default();
            match (kind, v) {
                ("list" | "set", rmpv::Value::Array(items)) => Ok(Tf::List(
                    items
                        .iter()
                        .map(|i| typed(i, &parts[1]))
                        .collect::<Result<_, _>>()?,
                )),
                ("tuple", rmpv::Value::Array(items)) => {
                    let tys = parts[1].as_array().cloned().unwrap_or_default();
                    let mut out = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        out.push(typed(
                            item,
                            tys.get(i).unwrap_or(&J::String("dynamic".into())),
                        )?);
                    }
                    Ok(Tf::List(out))
                }
                ("map", rmpv::Value::Map(members)) => {
                    let mut out = Vec::with_capacity(members.len());
                    for (k, item) in members {
                        let key = k
                            .as_str()
                            .ok_or_else(|| DecodeError("bad map key".into()))?;
                        out.push((key.to_string(), typed(item, &parts[1])?));
                    }
                    Ok(Tf::Object(out))
                }
                ("object", rmpv::Value::Map(members)) => {
                    let mut out = Vec::with_capacity(members.len());
                    for (k, item) in members {
                        let key = k
                            .as_str()
                            .ok_or_else(|| DecodeError("bad object key".into()))?;
                        let attr_ty = parts[1]
                            .get(key)
                            .cloned()
                            .unwrap_or(J::String("dynamic".into()));
                        out.push((key.to_string(), typed(item, &attr_ty)?));
                    }
                    Ok(Tf::Object(out))
                }
                _ => decode(v, &|_| false, &mut Vec::new()),
            }
        }
        _ => decode(v, &|_| false, &mut Vec::new()),
    }
}

/// Encodes a string for a computed attribute.
pub fn string(s: &str) -> rmpv::Value {
    rmpv::Value::String(s.into())
}

/// The MessagePack form of an unknown value, for computed attributes planned as unknown.
pub fn unknown() -> rmpv::Value {
    rmpv::Value::Ext(EXT_UNKNOWN, vec![0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dyn_value(ty: &str, v: rmpv::Value) -> rmpv::Value {
        rmpv::Value::Array(vec![rmpv::Value::Binary(ty.as_bytes().to_vec()), v])
    }

    /// A value `depth` tuples deep around a string, and its type.
    fn nested(depth: usize) -> rmpv::Value {
        let mut ty = "\"string\"".to_string();
        let mut v = rmpv::Value::from("x");
        for _ in 0..depth {
            ty = format!("[\"tuple\",[{ty}]]");
            v = rmpv::Value::Array(vec![v]);
        }
        dyn_value(&ty, v)
    }

    #[test]
    fn deep_dynamic_values_decode_up_to_the_limit_and_are_refused_beyond() {
        // 150 tuples are 300 levels of type JSON: past serde_json's default of 128.
        let mut tf = decode_dynamic(&nested(150)).expect("150 levels decode");
        for _ in 0..150 {
            tf = match tf {
                Tf::List(mut items) if items.len() == 1 => items.remove(0),
                other => panic!("not a one-element list: {other:?}"),
            };
        }
        assert_eq!(tf, Tf::String("x".into()));
        let e = decode_dynamic(&nested(300)).expect_err("600 levels are refused");
        assert!(e.0.contains("the limit is 512"), "{e:?}");
    }

    #[test]
    fn dynamic_objects_keep_exact_numbers_and_unknowns() {
        let v = dyn_value(
            r#"["object",{"a":"number","b":"number","c":"string","d":["tuple",["bool","dynamic"]]}]"#,
            rmpv::Value::Map(vec![
                ("a".into(), rmpv::Value::F64(1.5)),
                (
                    "b".into(),
                    rmpv::Value::String("123456789012345678901234567890".into()),
                ),
                ("c".into(), rmpv::Value::Ext(0, vec![0])),
                (
                    "d".into(),
                    rmpv::Value::Array(vec![true.into(), dyn_value("\"string\"", "x".into())]),
                ),
            ]),
        );
        let tf = decode_dynamic(&v).unwrap();
        assert_eq!(tf.get("a").as_num().unwrap().as_str(), "1.5");
        assert_eq!(
            tf.get("b").as_num().unwrap().as_str(),
            "123456789012345678901234567890"
        );
        assert!(tf.get("c").is_unknown());
        assert!(tf.has_unknown());
        assert_eq!(tf.get("d").items()[1], Tf::String("x".into()));
    }

    #[test]
    fn refined_unknowns_are_unknown() {
        let v = rmpv::Value::Ext(12, vec![1, 2, 3]);
        assert!(decode(&v, &|_| false, &mut Vec::new())
            .unwrap()
            .is_unknown());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let int_key = rmpv::Value::Map(vec![(1.into(), "x".into())]);
        assert!(decode(&int_key, &|_| false, &mut Vec::new()).is_err());
        assert!(decode(&rmpv::Value::Ext(5, vec![1]), &|_| false, &mut Vec::new()).is_err());
        assert!(decode_dynamic(&rmpv::Value::Array(vec![1.into(), 2.into()])).is_err());
    }
}
