//! Reports a `ResultWriter` that writes nothing (no `Resource` and no `WriterConfig`, which AWS
//! accepts but fails at run time), a `Resource` other than `arn:<partition>:states:::s3:putObject`,
//! an S3 location without `Resource`, a `Resource` without `Parameters`/`Arguments` naming the
//! `Bucket`, `Parameters` and `Arguments` together or in the wrong query language, and a
//! `WriterConfig` without `OutputType`.

use crate::diagnostic::{Rule, Severity};
use crate::model::{QueryLanguage, StateType};
use crate::rules::map_common::{has_key, payload, s3_action};
use crate::rules::Ctx;

pub static RULE: Rule = Rule {
    code: "ASL505",
    name: "result-writer-config",
    severity: Severity::Error,
    aws_code: Some("SCHEMA_VALIDATION_FAILED"),
    summary: "A Distributed Map ResultWriter is empty, or its resource, S3 location or WriterConfig is wrong.",
    fix: "Export results with {\"Resource\": \"arn:aws:states:::s3:putObject\", \"Parameters\": {\"Bucket\": ..., \"Prefix\": ...}} (Arguments in JSONata states), and/or shape them with \"WriterConfig\": {\"OutputType\": \"JSON\", \"Transformation\": \"NONE\"}.",
    notes: None,
};

pub fn check(cx: &mut Ctx) {
    let mut found = Vec::new();
    for s in &cx.states {
        let st = s.state;
        if st.kind != Some(StateType::Map) {
            continue;
        }
        let Some(w) = &st.result_writer else { continue };
        let p = s.path.key("ResultWriter");
        let name = s.name;
        let what = format!("The ResultWriter of Map state \"{name}\"");
        let field = match s.query_language {
            QueryLanguage::JsonPath => "Parameters",
            QueryLanguage::Jsonata => "Arguments",
        };
        let body = payload(
            &RULE,
            w.parameters.as_ref(),
            w.arguments.as_ref(),
            s.query_language,
            &p,
            &what,
            &mut found,
        );
        match w.resource.as_deref() {
            None if body.is_some() => found.push(
                RULE.at(
                    p.key("Resource"),
                    format!("{what} names an S3 location but has no Resource."),
                )
                .with_hint("Add \"Resource\": \"arn:aws:states:::s3:putObject\"."),
            ),
            None if w.writer_config.is_none() => found.push(RULE.at(
                p.clone(),
                format!(
                    "{what} is empty: AWS accepts it, but the execution fails when the Map state runs."
                ),
            )),
            None => {}
            Some(res) => {
                if s3_action(res) != Some("putObject") {
                    found.push(
                        RULE.at(
                            p.key("Resource"),
                            format!(
                                "{what} uses \"{res}\"; a ResultWriter writes with arn:<partition>:states:::s3:putObject."
                            ),
                        )
                        .with_hint("Use \"Resource\": \"arn:aws:states:::s3:putObject\"."),
                    );
                }
                match body {
                    None => found.push(
                        RULE.at(
                            p.key(field),
                            format!("{what} has a Resource but no {field} naming the Bucket."),
                        )
                        .with_hint(format!(
                            "Add \"{field}\": {{\"Bucket\": ..., \"Prefix\": ...}}."
                        )),
                    ),
                    Some((key, body)) => {
                        if has_key(body, "Bucket") == Some(false) {
                            found.push(
                                RULE.at(
                                    p.key(key).key("Bucket"),
                                    format!("{what} has no Bucket in its {key}."),
                                )
                                .with_hint("Add \"Bucket\" (or \"Bucket.$\" with a path in JSONPath states)."),
                            );
                        }
                    }
                }
            }
        }
        if let Some(c) = &w.writer_config {
            if c.output_type.is_none() {
                found.push(
                    RULE.at(
                        p.key("WriterConfig").key("OutputType"),
                        format!("{what} has a WriterConfig without OutputType."),
                    )
                    .with_hint("Add \"OutputType\": \"JSON\" or \"JSONL\"."),
                );
            }
        }
    }
    for d in found {
        cx.report(d);
    }
}
