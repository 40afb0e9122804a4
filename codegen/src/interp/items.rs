//! A Map state's items: where they come from (`ItemsPath`/`Items`, or a Distributed Map's
//! `ItemReader`, whose content the test case mocks), `ReaderConfig.MaxItems`, `ItemSelector`
//! (with `$$.Map.Item.Index` and `.Value`), and `ItemBatcher` batches.

use crate::json::Json;
use crate::model::{ItemBatcher, NumOrExpr, QueryLanguage, ReaderConfig};

use super::env::{Env, Fault, Tools};
use super::flow::integer;
use super::jsonata::{Jsonata, States};
use super::payload;

/// Items from an `ItemReader`'s mocked content: an array as it is, or file text read as the
/// reader's `InputType` says (CSV rows become objects keyed by the header, JSON an array, JSONL
/// one value per line).
pub fn from_reader(content: Json, config: Option<&ReaderConfig>) -> Result<Vec<Json>, Fault> {
    let text = match content {
        Json::Array(items) => return Ok(items),
        Json::String(s) => s,
        other => {
            return Err(Fault::runtime(format!(
            "The mocked ItemReader content must be an array of items or the file's text, not {}",
            other.type_name()
        )))
        }
    };
    let input_type = config
        .and_then(|c| c.input_type.as_deref())
        .unwrap_or("JSON");
    match input_type {
        "CSV" => csv_items(&text, config),
        "JSONL" => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| {
                parse(l).ok_or_else(|| {
                    Fault::runtime(format!("Line {} of the JSONL file is not JSON", i + 1))
                })
            })
            .collect(),
        _ => match parse(&text) {
            Some(Json::Array(items)) => Ok(items),
            Some(other) => Err(Fault::runtime(format!(
                "The JSON file must hold an array, not {}",
                other.type_name()
            ))),
            None => Err(Fault::runtime("The JSON file is not JSON")),
        },
    }
}

fn parse(text: &str) -> Option<Json> {
    let mut diags = Vec::new();
    crate::source::parse_json(text, &mut diags).filter(|_| diags.is_empty())
}

/// RFC 4180 fields: quoted fields may hold delimiters, newlines and doubled quotes.
fn csv_rows(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            c if c == delimiter => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                any = false;
            }
            c => field.push(c),
        }
    }
    if any {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn csv_items(text: &str, config: Option<&ReaderConfig>) -> Result<Vec<Json>, Fault> {
    let delimiter = match config.and_then(|c| c.csv_delimiter.as_deref()) {
        Some("PIPE") => '|',
        Some("SEMICOLON") => ';',
        Some("SPACE") => ' ',
        Some("TAB") => '\t',
        _ => ',',
    };
    let mut rows = csv_rows(text, delimiter).into_iter();
    let headers = match config.and_then(|c| c.csv_headers.clone()) {
        Some(h) if config.and_then(|c| c.csv_header_location.as_deref()) == Some("GIVEN") => h,
        _ => rows.next().unwrap_or_default(),
    };
    rows.enumerate()
        .map(|(n, row)| {
            if row.len() > headers.len() {
                return Err(Fault::runtime(format!(
                    "Row {} of the CSV file has {} fields but there are {} headers",
                    n + 1,
                    row.len(),
                    headers.len()
                )));
            }
            Ok(Json::Object(
                headers
                    .iter()
                    .cloned()
                    .zip(
                        row.into_iter()
                            .map(Json::String)
                            .chain(std::iter::repeat(Json::String(String::new()))),
                    )
                    .collect(),
            ))
        })
        .collect()
}

/// A number setting given literally, as a JSONata expression, or by a path.
pub fn setting(
    literal: Option<&NumOrExpr>,
    path: Option<&str>,
    what: &str,
    env: &Env,
    tools: &Tools,
    ql: QueryLanguage,
) -> Result<Option<i64>, Fault> {
    let value = match (literal, path) {
        (Some(NumOrExpr::Num(n)), _) => Json::Number(n.clone()),
        (Some(NumOrExpr::Expr(e)), _) if ql == QueryLanguage::Jsonata => Jsonata {
            states: States::of(env.input, env.context),
            vars: env.vars,
            tools,
        }
        .value(&Json::String(e.clone()), what)?,
        (Some(NumOrExpr::Expr(e)), _) => Json::String(e.clone()),
        (None, Some(p)) => payload::value(p, &format!("{what}Path"), env, tools)?,
        (None, None) => return Ok(None),
    };
    let n = integer(&value, what)?;
    if n < 0 {
        return Err(Fault::runtime(format!(
            "{what} must not be negative, not {n}"
        )));
    }
    Ok(Some(n))
}

/// `ToleratedFailurePercentage` (or its path): a number from 0 to 100.
pub fn percentage(
    literal: Option<&NumOrExpr>,
    path: Option<&str>,
    env: &Env,
    tools: &Tools,
    ql: QueryLanguage,
) -> Result<Option<f64>, Fault> {
    const WHAT: &str = "ToleratedFailurePercentage";
    let value = match (literal, path) {
        (Some(NumOrExpr::Num(n)), _) => Json::Number(n.clone()),
        (Some(NumOrExpr::Expr(e)), _) => Jsonata {
            states: States::of(env.input, env.context),
            vars: env.vars,
            tools,
        }
        .value(&Json::String(e.clone()), WHAT)?,
        (None, Some(p)) => payload::value(p, &format!("{WHAT}Path"), env, tools)?,
        (None, None) => return Ok(None),
    };
    let _ = ql;
    match value {
        Json::Number(n) if (0.0..=100.0).contains(&n.as_f64()) => Ok(Some(n.as_f64())),
        other => Err(Fault::runtime(format!(
            "{WHAT} must be a number from 0 to 100, not {}",
            other.to_compact()
        ))),
    }
}

/// `ItemBatcher`: consecutive items grouped into `{"BatchInput": ..., "Items": [...]}` objects of
/// at most `MaxItemsPerBatch` items and `MaxInputBytesPerBatch` bytes.
pub fn batch(
    items: Vec<Json>,
    b: &ItemBatcher,
    env: &Env,
    tools: &Tools,
    ql: QueryLanguage,
) -> Result<Vec<Json>, Fault> {
    // A limit of 0 (or none) is no limit.
    let limit = |literal, path, field| {
        setting(literal, path, field, env, tools, ql)
            .map(|n| n.filter(|n| *n > 0).map(|n| n as usize))
    };
    let max_items = limit(
        b.max_items_per_batch.as_ref(),
        b.max_items_per_batch_path.as_deref(),
        "MaxItemsPerBatch",
    )?;
    let max_bytes = limit(
        b.max_input_bytes_per_batch.as_ref(),
        b.max_input_bytes_per_batch_path.as_deref(),
        "MaxInputBytesPerBatch",
    )?;
    let batch_input = match (&b.batch_input, ql) {
        (Some(t), QueryLanguage::JsonPath) => Some(payload::template(t, env, tools)?),
        (Some(t), QueryLanguage::Jsonata) => Some(
            Jsonata {
                states: States::of(env.input, env.context),
                vars: env.vars,
                tools,
            }
            .value(t, "BatchInput")?,
        ),
        (None, _) => None,
    };
    let wrap = |group: Vec<Json>| {
        let mut m = Vec::new();
        if let Some(bi) = &batch_input {
            m.push(("BatchInput".to_string(), bi.clone()));
        }
        m.push(("Items".to_string(), Json::Array(group)));
        Json::Object(m)
    };
    let base = wrap(Vec::new()).compact_len();
    let mut batches = Vec::new();
    let mut group: Vec<Json> = Vec::new();
    let mut bytes = base;
    for item in items {
        let len = item.compact_len() + usize::from(!group.is_empty());
        let full = max_items.is_some_and(|m| group.len() >= m)
            || max_bytes.is_some_and(|m| !group.is_empty() && bytes + len > m);
        if full {
            batches.push(wrap(std::mem::take(&mut group)));
            bytes = base;
        }
        bytes += item.compact_len() + usize::from(!group.is_empty());
        group.push(item);
    }
    if !group.is_empty() {
        batches.push(wrap(group));
    }
    Ok(batches)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::env::Vars;
    use crate::json::Num;

    fn j(s: &str) -> Json {
        parse(s).unwrap_or_else(|| panic!("bad test JSON {s}"))
    }

    #[test]
    fn readers() {
        let csv = ReaderConfig {
            input_type: Some("CSV".into()),
            csv_header_location: Some("FIRST_ROW".into()),
            ..ReaderConfig::default()
        };
        let items = from_reader(
            Json::String("id,name\r\n1,\"Smith, J\"\n2,\"say \"\"hi\"\"\"\n".into()),
            Some(&csv),
        )
        .unwrap_or_default();
        assert_eq!(
            Json::Array(items).to_compact(),
            r#"[{"id":"1","name":"Smith, J"},{"id":"2","name":"say \"hi\""}]"#
        );
        let given = ReaderConfig {
            input_type: Some("CSV".into()),
            csv_header_location: Some("GIVEN".into()),
            csv_headers: Some(vec!["a".into(), "b".into()]),
            csv_delimiter: Some("PIPE".into()),
            ..ReaderConfig::default()
        };
        let items = from_reader(Json::String("1|2\n3".into()), Some(&given)).unwrap_or_default();
        assert_eq!(
            Json::Array(items).to_compact(),
            r#"[{"a":"1","b":"2"},{"a":"3","b":""}]"#
        );
        let jsonl = ReaderConfig {
            input_type: Some("JSONL".into()),
            ..ReaderConfig::default()
        };
        assert_eq!(
            from_reader(Json::String("{\"a\":1}\n\n2\n".into()), Some(&jsonl)).map(|v| v.len()),
            Ok(2)
        );
        assert_eq!(
            from_reader(Json::String("[1,2,3]".into()), None).map(|v| v.len()),
            Ok(3)
        );
        assert_eq!(from_reader(j("[1]"), Some(&csv)).map(|v| v.len()), Ok(1));
        assert!(from_reader(Json::String("{}".into()), None).is_err());
        assert!(from_reader(Json::String("a\n1,2".into()), Some(&csv)).is_err());
    }

    #[test]
    fn batches() {
        let input = j(r#"{"job": "j1"}"#);
        let context = j("{}");
        let vars = Vars::new();
        let env = Env::new(&input, &context, &vars);
        let tools = Tools::new(1, 0);
        let items: Vec<Json> = (1..=5).map(|i| Json::Number(Num::from_i64(i))).collect();
        let b = ItemBatcher {
            max_items_per_batch: Some(NumOrExpr::Num(Num::from_i64(2))),
            batch_input: Some(j(r#"{"job.$": "$.job"}"#)),
            ..ItemBatcher::default()
        };
        let out =
            batch(items.clone(), &b, &env, &tools, QueryLanguage::JsonPath).unwrap_or_default();
        assert_eq!(
            Json::Array(out).to_compact(),
            r#"[{"BatchInput":{"job":"j1"},"Items":[1,2]},{"BatchInput":{"job":"j1"},"Items":[3,4]},{"BatchInput":{"job":"j1"},"Items":[5]}]"#
        );
        // {"Items":[1,2]} is 15 bytes: a 15-byte limit holds two items of one digit.
        let by_bytes = ItemBatcher {
            max_input_bytes_per_batch: Some(NumOrExpr::Num(Num::from_i64(15))),
            ..ItemBatcher::default()
        };
        let out =
            batch(items, &by_bytes, &env, &tools, QueryLanguage::JsonPath).unwrap_or_default();
        assert_eq!(
            Json::Array(out.clone()).to_compact(),
            r#"[{"Items":[1,2]},{"Items":[3,4]},{"Items":[5]}]"#
        );
        assert!(out.iter().all(|b| b.compact_len() <= 15));
    }
}
