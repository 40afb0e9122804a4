//! Arbitrary structured input -> a model (see `FMachine`) -> validate (must not panic) -> emit ->
//! parse: the parse reports nothing from ASL001-ASL005, gives back the model (states in flow
//! order), and emit -> parse -> emit is a fixed point, pretty and compact.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sfn_codegen::{emit, parse_str, validate, Options, WorkflowType};
use sfn_codegen_fuzz::{assert_fixed_point, in_flow_order, FMachine, PARSE_CODES};

fuzz_target!(|input: FMachine| {
    let machine = input.build();
    for t in [
        None,
        Some(WorkflowType::Standard),
        Some(WorkflowType::Express),
    ] {
        let _ = validate(&machine, &Options {
                workflow_type: t,
                ..Options::default()
            });
    }
    let text = emit::to_pretty(&machine);
    let report = parse_str(&text);
    let parse_errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| PARSE_CODES.contains(&d.code()))
        .collect();
    assert!(parse_errors.is_empty(), "{parse_errors:?}\n{text}");
    let parsed = assert_fixed_point(&machine);
    assert_eq!(
        parsed,
        in_flow_order(&machine),
        "emission lost something\n{text}"
    );
});
