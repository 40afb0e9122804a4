//! Reading a Task's request (JSONPath `Parameters`, JSONata `Arguments`, an `ItemReader`'s or a
//! `ResultWriter`'s, `Credentials`) the way the policy needs it: a value written in the
//! definition, a value computed at run time (a `Key.$` path or intrinsic, a `{% %}` expression),
//! absent, or not yet known (a Terraform value unknown at plan).

use crate::diagnostic::Path;
use crate::json::Json;
use crate::jsonata;
use crate::model::QueryLanguage;

/// One value of the request.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Written in the definition.
    Literal(&'a Json),
    /// Computed at run time; the location of the key or expression that computes it, and the
    /// text that computes it.
    Dynamic {
        at: Path,
        how: &'a str,
    },
    Absent,
    /// Not yet known (at plan): the policy is unknown too.
    Unknown(Path),
}

/// A string value.
#[derive(Debug, Clone, PartialEq)]
pub enum Text<'a> {
    Literal(&'a str),
    Dynamic {
        at: Path,
        how: &'a str,
    },
    Absent,
    Unknown(Path),
    /// Written, but not a string (ASL validation reports nothing; the service would fail).
    NotText(Path),
}

/// A request object with its location and query language.
#[derive(Debug, Clone)]
pub struct Args<'a> {
    payload: Option<&'a Json>,
    at: Path,
    ql: QueryLanguage,
    unknown: &'a [Path],
}

/// Whether `path` is at or under a location whose value is not yet known.
fn covered(unknown: &[Path], path: &Path) -> bool {
    unknown
        .iter()
        .any(|u| path.segments().starts_with(u.segments()))
}

/// Whether the value at `path` is not yet known, wholly or in part: it is at or under an
/// unknown location, or an unknown location is inside it.
pub fn is_unknown(unknown: &[Path], path: &Path) -> bool {
    covered(unknown, path)
        || unknown
            .iter()
            .any(|u| u.segments().starts_with(path.segments()))
}

impl<'a> Args<'a> {
    pub fn new(
        payload: Option<&'a Json>,
        at: Path,
        ql: QueryLanguage,
        unknown: &'a [Path],
    ) -> Self {
        Args {
            payload,
            at,
            ql,
            unknown,
        }
    }

    /// Where the request sits (`/States/Charge/Parameters`).
    pub fn at(&self) -> &Path {
        &self.at
    }

    /// The value under a chain of keys (`["Overrides", "TaskRoleArn"]`).
    pub fn get(&self, keys: &[&str]) -> Value<'a> {
        let Some(mut current) = self.payload else {
            return if covered(self.unknown, &self.at) {
                Value::Unknown(self.at.clone())
            } else {
                Value::Absent
            };
        };
        let mut at = self.at.clone();
        for key in keys {
            if let Some(v) = self.dynamic(current, &at) {
                return v;
            }
            let Some(members) = current.as_object() else {
                return Value::Absent;
            };
            let dollar = format!("{key}.$");
            let found = members.iter().find(|(k, _)| k == key || *k == dollar);
            match found {
                Some((k, v)) if self.ql == QueryLanguage::JsonPath && k.ends_with(".$") => {
                    let at = at.key(k);
                    if covered(self.unknown, &at) {
                        return Value::Unknown(at);
                    }
                    return Value::Dynamic {
                        how: v.as_str().unwrap_or_default(),
                        at,
                    };
                }
                Some((k, v)) => {
                    at = at.key(k);
                    current = v;
                }
                None => {
                    let key_at = at.key(key);
                    return if covered(self.unknown, &key_at) {
                        Value::Unknown(key_at)
                    } else {
                        Value::Absent
                    };
                }
            }
        }
        if let Some(v) = self.dynamic(current, &at) {
            return v;
        }
        if is_unknown(self.unknown, &at) {
            return Value::Unknown(at);
        }
        Value::Literal(current)
    }

    /// A string value under a chain of keys.
    pub fn text(&self, keys: &[&str]) -> Text<'a> {
        match self.get(keys) {
            Value::Literal(Json::String(s)) => Text::Literal(s),
            Value::Literal(_) => Text::NotText(self.path_of(keys)),
            Value::Dynamic { at, how } => Text::Dynamic { at, how },
            Value::Absent => Text::Absent,
            Value::Unknown(at) => Text::Unknown(at),
        }
    }

    /// The location a chain of keys would have (for values that are not where expected).
    pub fn path_of(&self, keys: &[&str]) -> Path {
        let mut at = self.at.clone();
        for k in keys {
            at = at.key(k);
        }
        at
    }

    /// A JSONata expression where a value should be, or a value not yet known.
    fn dynamic(&self, v: &'a Json, at: &Path) -> Option<Value<'a>> {
        if covered(self.unknown, at) {
            return Some(Value::Unknown(at.clone()));
        }
        match v {
            Json::String(s) if self.ql == QueryLanguage::Jsonata && jsonata::is_expression(s) => {
                Some(Value::Dynamic {
                    at: at.clone(),
                    how: s,
                })
            }
            _ => None,
        }
    }

    /// The elements of an array value, each as a request of its own (`Entries` of PutEvents).
    pub fn items(&self, keys: &[&str]) -> Result<Vec<Args<'a>>, Value<'a>> {
        match self.get(keys) {
            Value::Literal(Json::Array(items)) => {
                let at = self.path_of(keys);
                Ok(items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| Args {
                        payload: Some(item),
                        at: at.index(i),
                        ql: self.ql,
                        unknown: self.unknown,
                    })
                    .collect())
            }
            Value::Literal(_) => Ok(Vec::new()),
            other => Err(other),
        }
    }

    /// Every string written in the request (not computed ones), to find the ARNs it names.
    pub fn literal_strings(&self, out: &mut Vec<&'a str>) {
        let Some(payload) = self.payload else { return };
        let mut stack = vec![(payload, false)];
        while let Some((v, dynamic_key)) = stack.pop() {
            match v {
                Json::String(s) if !dynamic_key => out.push(s),
                Json::Array(items) => stack.extend(items.iter().map(|i| (i, false))),
                Json::Object(members) => {
                    for (k, item) in members {
                        let dynamic = self.ql == QueryLanguage::JsonPath && k.ends_with(".$");
                        stack.push((item, dynamic));
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(members: &[(&str, Json)]) -> Json {
        Json::Object(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    fn s(v: &str) -> Json {
        Json::String(v.into())
    }

    #[test]
    fn jsonpath_values() {
        let p = obj(&[
            ("FunctionName", s("charge")),
            ("Payload.$", s("$")),
            ("Overrides", obj(&[("TaskRoleArn.$", s("$.role"))])),
        ]);
        let base = Path::root().key("States").key("T").key("Parameters");
        let a = Args::new(Some(&p), base.clone(), QueryLanguage::JsonPath, &[]);
        assert_eq!(a.text(&["FunctionName"]), Text::Literal("charge"));
        assert_eq!(
            a.text(&["Payload"]),
            Text::Dynamic {
                at: base.key("Payload.$"),
                how: "$"
            }
        );
        assert_eq!(
            a.text(&["Overrides", "TaskRoleArn"]),
            Text::Dynamic {
                at: base.key("Overrides").key("TaskRoleArn.$"),
                how: "$.role"
            }
        );
        assert_eq!(a.text(&["Qualifier"]), Text::Absent);
        assert_eq!(a.text(&["Overrides"]), Text::NotText(base.key("Overrides")));
    }

    #[test]
    fn jsonata_values() {
        let p = obj(&[
            ("FunctionName", s("{% $states.input.fn %}")),
            ("TableName", s("orders")),
        ]);
        let base = Path::root().key("States").key("T").key("Arguments");
        let a = Args::new(Some(&p), base.clone(), QueryLanguage::Jsonata, &[]);
        assert!(matches!(a.text(&["FunctionName"]), Text::Dynamic { .. }));
        assert_eq!(a.text(&["TableName"]), Text::Literal("orders"));
        // The whole request computed by one expression.
        let whole = s("{% $states.input.request %}");
        let a = Args::new(Some(&whole), base.clone(), QueryLanguage::Jsonata, &[]);
        assert_eq!(
            a.text(&["TableName"]),
            Text::Dynamic {
                at: base.clone(),
                how: "{% $states.input.request %}"
            }
        );
    }

    #[test]
    fn unknown_values() {
        let p = obj(&[("FunctionName", s("placeholder")), ("Payload", s("x"))]);
        let base = Path::root().key("States").key("T").key("Parameters");
        let unknown = [base.key("FunctionName")];
        let a = Args::new(Some(&p), base.clone(), QueryLanguage::JsonPath, &unknown);
        assert_eq!(
            a.text(&["FunctionName"]),
            Text::Unknown(base.key("FunctionName"))
        );
        assert_eq!(a.text(&["Payload"]), Text::Literal("x"));
        // The whole request unknown: every value is.
        let unknown = [base.clone()];
        let a = Args::new(None, base.clone(), QueryLanguage::JsonPath, &unknown);
        assert!(matches!(a.text(&["TableName"]), Text::Unknown(_)));
    }
}
