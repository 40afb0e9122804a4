//! `fragment` of `sfn_workflow`: a workflow made to be composed (a Parallel branch or a Map item
//! processor given as `json` elsewhere), checked in that place rather than as a machine.
//!
//! It is validated inside a machine of one Parallel (or Map) state holding it, whose own scope is
//! open (partial knowledge): so variables the enclosing machine assigns are not reported as
//! undefined, and what only a branch or processor may do is allowed. Diagnostics inside the
//! fragment are moved back to its own locations; the wrapper's own are dropped. The composing
//! workflow checks the fragment again in its real place.

use sfn_codegen::diagnostic::{Diagnostic, Path, Seg};
use sfn_codegen::model::{ProcessorConfig, State, StateType, Workflow};
use sfn_codegen::Options;
use tf_provider::{AttributePath, Diagnostics};

use crate::tfvalue::Tf;

pub const ATTR: &str = "fragment";
pub const INVALID: &str = "SFN074 invalid-fragment";

/// Where a fragment will be composed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Branch,
    ItemProcessor,
}

/// The `fragment` setting, or the problem with it (`Err` after reporting it).
pub(crate) fn place(cfg: &Tf, diags: &mut Diagnostics) -> Result<Option<Place>, ()> {
    let place = match cfg.get(ATTR) {
        Tf::Null | Tf::Unknown => return Ok(None),
        Tf::String(s) if s.eq_ignore_ascii_case("branch") => Place::Branch,
        Tf::String(s) if s.eq_ignore_ascii_case("item_processor") => Place::ItemProcessor,
        other => {
            let given = other.as_str().unwrap_or("a value of another type");
            diags.error(
                format!("{INVALID}: \"{given}\" is not a place a fragment is composed in"),
                "Use \"branch\" (a Parallel branch) or \"item_processor\" (a Map item processor), or leave fragment out to check a whole state machine.",
                AttributePath::new(ATTR),
            );
            return Err(());
        }
    };
    let mut ok = true;
    for field in ["timeout_seconds", "version"] {
        if !cfg.get(field).is_null() {
            ok = false;
            diags.error(
                format!("{INVALID}: {field} belongs to a whole state machine, not to a fragment"),
                format!("A Parallel branch or Map item processor has no {field}: set it on the machine that composes this fragment, or remove fragment."),
                AttributePath::new(field),
            );
        }
    }
    if ok {
        Ok(Some(place))
    } else {
        Err(())
    }
}

/// The name of the wrapper's one state: a control character keeps it from meeting a state name.
const WRAPPER: &str = "\u{1}fragment";

/// The machine a fragment is checked in.
fn wrapper(fragment: &Workflow, place: Place) -> Workflow {
    let mut inner = fragment.clone();
    let query_language = inner.query_language.take();
    let mut state = State {
        end: Some(true),
        ..State::new(match place {
            Place::Branch => StateType::Parallel,
            Place::ItemProcessor => StateType::Map,
        })
    };
    match place {
        Place::Branch => state.branches = Some(vec![inner]),
        Place::ItemProcessor => {
            inner.processor_config.get_or_insert(ProcessorConfig {
                mode: Some("INLINE".into()),
                ..ProcessorConfig::default()
            });
            state.item_processor = Some(inner);
        }
    }
    Workflow {
        start_at: Some(WRAPPER.into()),
        states: vec![(WRAPPER.into(), state)],
        query_language,
        open: true,
        ..Workflow::default()
    }
}

/// Validates a fragment in its place: the diagnostics inside it, at the fragment's own paths.
pub fn validate(fragment: &Workflow, place: Place, options: &Options) -> Vec<Diagnostic> {
    let machine = wrapper(fragment, place);
    let inner = match place {
        Place::Branch => Path::root()
            .key("States")
            .key(WRAPPER)
            .key("Branches")
            .index(0),
        Place::ItemProcessor => Path::root().key("States").key(WRAPPER).key("ItemProcessor"),
    };
    let strip = |p: &Path| -> Option<Path> {
        let rest = p.segments().strip_prefix(inner.segments())?;
        Some(rest.iter().fold(Path::root(), |acc, s| match s {
            Seg::Key(k) => acc.key(k),
            Seg::Index(i) => acc.index(*i),
        }))
    };
    sfn_codegen::validate(&machine, options)
        .into_iter()
        .filter_map(|mut d| {
            d.path = strip(&d.path)?;
            d.related.retain_mut(|r| match strip(&r.path) {
                Some(p) => {
                    r.path = p;
                    true
                }
                None => false,
            });
            Some(d)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Workflow {
        sfn_codegen::parse_str(text).machine.unwrap_or_default()
    }

    fn codes(found: &[Diagnostic]) -> Vec<(String, String)> {
        found
            .iter()
            .map(|d| (d.code().to_string(), d.path.to_string()))
            .collect()
    }

    #[test]
    fn variables_from_the_enclosing_machine_are_not_undefined_in_a_fragment() {
        let f = parse(
            r#"{"StartAt": "Use", "States": {"Use": {"Type": "Pass", "Parameters": {"id.$": "$orderId"}, "Next": "Nowhere"}}}"#,
        );
        // As a machine: the variable is undefined.
        let whole = sfn_codegen::validate(&f, &Options::default());
        assert!(
            whole.iter().any(|d| d.code() == "ASL413"),
            "{:?}",
            codes(&whole)
        );
        for place in [Place::Branch, Place::ItemProcessor] {
            let found = validate(&f, place, &Options::default());
            assert!(
                !found.iter().any(|d| d.code() == "ASL413"),
                "{:?}",
                codes(&found)
            );
            // Its own errors are still there, at its own paths.
            assert!(
                codes(&found).contains(&("ASL102".into(), "/States/Use/Next".into())),
                "{:?}",
                codes(&found)
            );
        }
    }

    #[test]
    fn a_jsonata_fragment_is_checked_as_composed() {
        let f = parse(
            r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}}"#,
        );
        let found = validate(&f, Place::ItemProcessor, &Options::default());
        assert!(found.is_empty(), "{:?}", codes(&found));
    }
}
