//! Reports an `ItemReader` that AWS rejects or that cannot read anything: a `Resource` other than
//! `arn:<partition>:states:::s3:getObject` or `...:s3:listObjectsV2`; `getObject` without
//! `ReaderConfig.InputType`; CSV options (`CSVHeaderLocation`, `CSVHeaders`, `CSVDelimiter`) on a
//! non-CSV input; `GIVEN` headers without `CSVHeaders` or `FIRST_ROW` with them; `ManifestType`
//! without `InputType: MANIFEST`; `MaxItems` that is not an integer from 0 to 100,000,000 or is
//! given with `MaxItemsPath`; `Parameters` and `Arguments` together or in the wrong query
//! language; and a payload without `Bucket` (and `Key`, for `getObject`).

use crate::diagnostic::{Rule, Severity};
use crate::model::{NumOrExpr, QueryLanguage, StateType};
use crate::rules::map_common::{has_key, payload, s3_action};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL503",
    name: "item-reader-config",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Distributed Map ItemReader has a wrong resource, reader configuration or S3 location.",
    fix: "Read one object with {\"Resource\": \"arn:aws:states:::s3:getObject\", \"ReaderConfig\": {\"InputType\": \"CSV\", \"CSVHeaderLocation\": \"FIRST_ROW\"}, \"Parameters\": {\"Bucket\": ..., \"Key\": ...}}, or list objects with \"arn:aws:states:::s3:listObjectsV2\" and {\"Bucket\": ..., \"Prefix\": ...}.",
    notes: None,
};

pub const MAX_ITEMS: i64 = 100_000_000;

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let st = s.state;
        if st.kind != Some(StateType::Map) {
            continue;
        }
        let Some(r) = &st.item_reader else { continue };
        let p = s.path.key("ItemReader");
        let name = s.name;

        let action = match r.resource.as_deref() {
            None => {
                found.push(RULE.at(
                    p.key("Resource"),
                    format!("The ItemReader of Map state \"{name}\" has no Resource."),
                ));
                None
            }
            Some(res) => match s3_action(res) {
                Some(a @ ("getObject" | "listObjectsV2")) => Some(a),
                _ => {
                    found.push(RULE.at(
                        p.key("Resource"),
                        format!(
                            "The ItemReader of Map state \"{name}\" uses \"{res}\"; an ItemReader reads with arn:<partition>:states:::s3:getObject or arn:<partition>:states:::s3:listObjectsV2."
                        ),
                    ));
                    None
                }
            },
        };

        let rc = r.reader_config.as_ref();
        let input_type = rc.and_then(|c| c.input_type.as_deref());
        let cp = p.key("ReaderConfig");
        match action {
            Some("getObject") if input_type.is_none() => found.push(
                RULE.at(
                    cp.key("InputType"),
                    format!(
                        "The ItemReader of Map state \"{name}\" reads one object with s3:getObject but has no ReaderConfig.InputType."
                    ),
                )
                .with_hint("Add \"ReaderConfig\": {\"InputType\": ...} with CSV, JSON, JSONL, PARQUET or MANIFEST."),
            ),
            Some("listObjectsV2") => {
                // Newer readers load each listed object (`Transformation`); only flag a plain
                // listing that names an input type.
                let transforms = rc.is_some_and(|c| c.unknown.iter().any(|(k, _)| k == "Transformation"));
                if let Some(t) = input_type.filter(|_| !transforms) {
                    found.push(
                        RULE.at(
                            cp.key("InputType"),
                            format!(
                                "The ItemReader of Map state \"{name}\" lists objects with s3:listObjectsV2, which takes no InputType (found {t})."
                            ),
                        )
                        .with_hint("Remove InputType: each listed object's metadata is one item. To read one file, use arn:aws:states:::s3:getObject with Bucket and Key."),
                    );
                }
            }
            _ => {}
        }

        if let Some(c) = rc {
            // When getObject lacks InputType, that is the one problem to fix first.
            let type_unknown = input_type.is_none() && action == Some("getObject");
            let is_csv = input_type == Some("CSV");
            let shown = input_type.unwrap_or("none");
            if !is_csv && !type_unknown {
                for (field, present) in [
                    ("CSVHeaderLocation", c.csv_header_location.is_some()),
                    ("CSVHeaders", c.csv_headers.is_some()),
                    ("CSVDelimiter", c.csv_delimiter.is_some()),
                ] {
                    if present {
                        found.push(RULE.at(
                            cp.key(field),
                            format!(
                                "The ItemReader of Map state \"{name}\" sets {field}, which applies only to InputType CSV (InputType is {shown})."
                            ),
                        ).with_hint(format!("Remove {field}, or set InputType to CSV.")));
                    }
                }
            }
            if is_csv {
                let headers = c.csv_headers.as_ref();
                match c.csv_header_location.as_deref() {
                    Some("GIVEN") if headers.is_none_or(|h| h.is_empty()) => found.push(
                        RULE.at(
                            cp.key("CSVHeaders"),
                            format!(
                                "The ItemReader of Map state \"{name}\" uses CSVHeaderLocation GIVEN but gives no CSVHeaders."
                            ),
                        )
                        .with_hint("List the column names in \"CSVHeaders\", or use CSVHeaderLocation FIRST_ROW to read them from the file."),
                    ),
                    Some("FIRST_ROW") if headers.is_some() => found.push(
                        RULE.at(
                            cp.key("CSVHeaders"),
                            format!(
                                "The ItemReader of Map state \"{name}\" reads headers from the first row but also gives CSVHeaders."
                            ),
                        )
                        .with_hint("Remove CSVHeaders, or set CSVHeaderLocation to GIVEN to use them."),
                    ),
                    None if headers.is_some() => found.push(
                        RULE.at(
                            cp.key("CSVHeaders"),
                            format!(
                                "The ItemReader of Map state \"{name}\" gives CSVHeaders without CSVHeaderLocation GIVEN."
                            ),
                        )
                        .with_hint("Add \"CSVHeaderLocation\": \"GIVEN\"."),
                    ),
                    _ => {}
                }
            }
            if c.manifest_type.is_some() && input_type != Some("MANIFEST") && !type_unknown {
                found.push(
                    RULE.at(
                        cp.key("ManifestType"),
                        format!(
                            "The ItemReader of Map state \"{name}\" sets ManifestType, which applies only to InputType MANIFEST (InputType is {shown})."
                        ),
                    )
                    .with_hint("Remove ManifestType, or set InputType to MANIFEST."),
                );
            }
            if let Some(NumOrExpr::Num(n)) = &c.max_items {
                let ok = n.as_i64().is_some_and(|v| (0..=MAX_ITEMS).contains(&v));
                if !ok {
                    found.push(RULE.at(
                        cp.key("MaxItems"),
                        format!(
                            "The ItemReader of Map state \"{name}\" has MaxItems {n}; it must be a whole number from 0 to 100000000."
                        ),
                    ).with_hint("Use a whole number from 0 (no limit) to 100000000."));
                }
            }
            if c.max_items.is_some() && c.max_items_path.is_some() {
                found.push(
                    RULE.at(
                        cp.key("MaxItemsPath"),
                        format!(
                            "The ItemReader of Map state \"{name}\" has both MaxItems and MaxItemsPath."
                        ),
                    )
                    .with_hint("Keep only one of MaxItems and MaxItemsPath."),
                );
            }
        }

        let what = format!("The ItemReader of Map state \"{name}\"");
        let body = payload(
            &RULE,
            r.parameters.as_ref(),
            r.arguments.as_ref(),
            s.query_language,
            &p,
            &what,
            &mut found,
        );
        let Some(action) = action else { continue };
        let field = match s.query_language {
            QueryLanguage::JsonPath => "Parameters",
            QueryLanguage::Jsonata => "Arguments",
        };
        let needed: &[&str] = if action == "getObject" {
            &["Bucket", "Key"]
        } else {
            &["Bucket"]
        };
        match body {
            None => found.push(
                RULE.at(
                    p.key(field),
                    format!(
                        "{what} has no {field}; s3:{action} needs {}.",
                        needed.join(" and ")
                    ),
                )
                .with_hint(format!(
                    "Add \"{field}\": {{{}}}.",
                    needed
                        .iter()
                        .map(|k| format!("\"{k}\": ..."))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ),
            Some((body_field, body)) => {
                for key in needed {
                    if has_key(body, key) == Some(false) {
                        found.push(RULE.at(
                            p.key(body_field).key(key),
                            format!("{what} reads with s3:{action} but its {body_field} has no {key}."),
                        ).with_hint(format!("Add \"{key}\" (or \"{key}.$\" with a path in JSONPath states).")));
                    }
                }
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
