//! codegen diagnostics -> Terraform diagnostics. The protocol has no code field, so the summary
//! starts with the stable code; the detail says how to fix it and where in the generated JSON.

use sfn_codegen::{Diagnostic, Severity};
use tf_provider::{AttributePath, Diagnostics};

pub fn push(
    diags: &mut Diagnostics,
    d: &Diagnostic,
    attribute: AttributePath,
    location_label: &str,
) {
    let summary = format!("{} {}: {}", d.code(), d.rule.name, d.message);
    let mut detail = d.hint().to_string();
    let pointer = d.path.to_string();
    detail.push_str(&format!("\n\n{location_label}: {pointer}"));
    if let Some(p) = d.position {
        detail.push_str(&format!(" (line {}, column {})", p.line, p.column));
    }
    if let Some(aws) = d.rule.aws_code {
        detail.push_str(&format!("\nAWS reports this as {aws}."));
    }
    let diag = tf_provider::Diagnostic::new(summary, detail, attribute);
    match d.severity {
        Severity::Error => diags.add_error(diag),
        Severity::Warning => diags.add_warning(diag),
    }
}
