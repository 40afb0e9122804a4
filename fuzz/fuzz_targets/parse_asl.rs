//! Arbitrary bytes as a definition: `check_str` must never panic (STANDARD, EXPRESS and unknown
//! workflow type), and whatever model it reads must survive emit -> parse -> emit unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sfn_codegen::{check_str, Options, WorkflowType};
use sfn_codegen_fuzz::{assert_fixed_point, PARSE_CODES};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report = check_str(text, &Options::default());
    for t in [WorkflowType::Standard, WorkflowType::Express] {
        let _ = check_str(
            text,
            &Options {
                workflow_type: Some(t),
                ..Options::default()
            },
        );
    }
    // Every diagnostic of a text is located.
    for d in &report.diagnostics {
        assert!(d.position.is_some(), "diagnostic without position: {d:?}");
    }
    let Some(machine) = &report.machine else {
        return;
    };
    let clean = !report
        .diagnostics
        .iter()
        .any(|d| PARSE_CODES.contains(&d.code()));
    if clean {
        assert_fixed_point(machine);
    }
});
