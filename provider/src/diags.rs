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
    push_within(diags, d, attribute, None, location_label)
}

/// [`push`], for a problem deeper inside an attribute's value than Terraform can point at:
/// `within` says where exactly (`At states["X"].retry[0].backoff_rate in the configuration.`),
/// first in the detail.
pub fn push_within(
    diags: &mut Diagnostics,
    d: &Diagnostic,
    attribute: AttributePath,
    within: Option<&str>,
    location_label: &str,
) {
    push_related(diags, d, attribute, within, &[], location_label)
}

/// [`push_within`], with the other places the diagnostic names (`d.related`), each already put
/// in the configuration's terms: `(where, what is there)`.
pub fn push_related(
    diags: &mut Diagnostics,
    d: &Diagnostic,
    attribute: AttributePath,
    within: Option<&str>,
    related: &[(String, String)],
    location_label: &str,
) {
    let summary = format!("{} {}: {}", d.code(), d.rule.name, d.message);
    let mut detail = within_line(within);
    for (place, what) in related {
        detail.push_str(&format!("Also at {place}: {what}.\n"));
    }
    if !related.is_empty() {
        detail.push('\n');
    }
    detail.push_str(d.hint());
    // A location says something only below the root or with a line: "Rule: /" does not.
    if !d.path.segments().is_empty() || d.position.is_some() {
        detail.push_str(&format!("\n\n{location_label}: {}", d.path));
        if let Some(p) = d.position {
            detail.push_str(&format!(" (line {}, column {})", p.line, p.column));
        }
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

fn within_line(within: Option<&str>) -> String {
    within.map(|w| format!("{w}\n\n")).unwrap_or_default()
}

/// An error found by the provider itself (`summary` starts with its `SFNnnn name:` code).
pub fn error_within(
    diags: &mut Diagnostics,
    summary: String,
    hint: &str,
    attribute: AttributePath,
    within: Option<&str>,
) {
    let mut detail = within_line(within);
    detail.push_str(hint);
    diags.add_error(tf_provider::Diagnostic::new(summary, detail, attribute));
}

#[cfg(test)]
mod tests {
    use super::*;
    use sfn_codegen::names::{check_name, NameKind};

    #[test]
    fn a_root_location_without_a_line_is_not_printed() {
        let Some(d) = check_name(NameKind::StateMachine, "has space") else {
            panic!("a name with a space is invalid")
        };
        let mut diags = Diagnostics::default();
        push(&mut diags, &d, AttributePath::new("name"), "Rule");
        let detail = &diags.errors[0].detail;
        assert!(!detail.contains("Rule: /"), "{detail}");
        assert!(
            detail.contains("AWS reports this as InvalidName."),
            "{detail}"
        );
        let report = sfn_codegen::check_str("{", &Default::default());
        let mut diags = Diagnostics::default();
        push(
            &mut diags,
            &report.diagnostics[0],
            AttributePath::new("definition"),
            "Location in the definition",
        );
        assert!(
            diags.errors[0]
                .detail
                .contains("Location in the definition: / (line 1"),
            "{}",
            diags.errors[0].detail
        );
    }
}
