//! The `sfn_workflow_test` data source: unit tests for a workflow, run offline at plan time by
//! codegen's interpreter with mocked integrations. A missed expectation fails the plan with
//! `SFN080 workflow-test-failed` at the test case, showing what was expected, what happened
//! and the path taken.
//!
//! Both Terraform calls run the tests: `ValidateDataResourceConfig` (where everything that comes
//! from a variable or another object is still unknown, so only fully literal test cases run) and
//! `ReadDataSource` (every value known). A test case that needs an unknown value is skipped
//! until it is known.

pub mod cases;
pub mod schema;

use async_trait::async_trait;
use tf_provider::schema::Schema;
use tf_provider::{DataSource, Diagnostics};

use crate::tfvalue::{self, Raw, Tf};
use cases::Row;

pub struct WorkflowTestDataSource;

fn decode(diags: &mut Diagnostics, raw: &Raw) -> Option<Tf> {
    let is_dynamic = |path: &[String]| {
        path.last()
            .is_some_and(|l| schema::DYNAMIC.contains(&l.as_str()))
    };
    match tfvalue::decode(&raw.0, &is_dynamic, &mut Vec::new()) {
        Ok(tf) => Some(tf),
        Err(e) => {
            diags.root_error("SFN000 internal: undecodable configuration", e.to_string());
            None
        }
    }
}

fn string_or_null(v: Option<&str>) -> rmpv::Value {
    v.map_or(rmpv::Value::Nil, tfvalue::string)
}

/// One entry of `results`.
fn row_value(row: &Row) -> rmpv::Value {
    let e = row.execution.as_ref();
    let path = match e {
        Some(e) => rmpv::Value::Array(e.path.iter().map(|p| tfvalue::string(p)).collect()),
        None => rmpv::Value::Nil,
    };
    let output = e.and_then(|e| e.output.as_ref()).map(|o| o.to_compact());
    rmpv::Value::Map(vec![
        (
            "cause".into(),
            string_or_null(e.and_then(|e| e.cause.as_deref())),
        ),
        (
            "error".into(),
            string_or_null(e.and_then(|e| e.error.as_deref())),
        ),
        ("output".into(), string_or_null(output.as_deref())),
        ("passed".into(), rmpv::Value::Boolean(row.passed)),
        ("path".into(), path),
        ("skipped".into(), rmpv::Value::Boolean(row.skipped)),
        (
            "status".into(),
            string_or_null(e.map(|e| e.status.as_str())),
        ),
    ])
}

/// The data source's read: the configuration with `results` filled in, or `None` with the
/// failures in `diags`.
pub fn evaluate(diags: &mut Diagnostics, config: Raw) -> Option<Raw> {
    let cfg = decode(diags, &config)?;
    let rows = cases::run_all(&cfg, diags)?;
    if rows.iter().any(|(_, r)| !r.passed && !r.skipped) {
        return None;
    }
    let results = rmpv::Value::Map(
        rows.iter()
            .map(|(name, row)| (tfvalue::string(name), row_value(row)))
            .collect(),
    );
    let mut raw = config.0;
    let rmpv::Value::Map(members) = &mut raw else {
        diags.root_error_short("SFN000 internal: configuration is not an object");
        return None;
    };
    for (k, v) in members.iter_mut() {
        if k.as_str() == Some("results") {
            *v = results.clone();
        }
    }
    Some(Raw(raw))
}

#[async_trait]
impl DataSource for WorkflowTestDataSource {
    type State<'a> = Raw;
    type ProviderMetaState<'a> = Raw;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema::schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Raw) -> Option<()> {
        let cfg = decode(diags, &config)?;
        cases::run_all(&cfg, diags);
        Some(())
    }

    async fn read<'a>(&self, diags: &mut Diagnostics, config: Raw, _meta: Raw) -> Option<Raw> {
        evaluate(diags, config)
    }
}

#[cfg(test)]
mod tests;
