//! Whether an object belongs to this configuration. AWS answers a CreateStateMachine (and a
//! CreateActivity) that matches an existing object with that object, ignoring the tags (and for
//! machines the role): a second working directory with the same configuration would be handed
//! the first one's machine. An object is this create's only if it did not exist when the create
//! began (checked beforehand where its ARN is known, and by its `creationDate` against the API's
//! clock) and has the tags the create asked for. Otherwise it is someone else's: never recorded.

use std::time::{Duration, SystemTime};

use tf_provider::{AttributePath, Diagnostics};

use crate::aws::api::{format_time, parse_time, ApiError, SfnApi};

/// How far a creation date may sit before the call's start and still be the call's: rounding of
/// the dates, nothing more (the clock floor already errs on the early side).
const ROUNDING: Duration = Duration::from_millis(10);

/// Why the object created at `creation_date` is not this call's, if it was made before the call
/// began at `started` (our clock).
pub fn made_before(api: &dyn SfnApi, creation_date: &str, started: SystemTime) -> Option<String> {
    let created = parse_time(creation_date)?;
    let floor = api.server_time_floor(started);
    (created + ROUNDING < floor).then(|| {
        format!(
            "it was created at {creation_date}, before this create began (at {} or later on the API's clock)",
            format_time(floor)
        )
    })
}

/// Why the object's tags say it is not this call's, if they do.
pub fn other_tags(remote: &[(String, String)], asked: &[(String, String)]) -> Option<String> {
    (!crate::tags::same(remote, asked)).then(|| {
        let shown = |t: &[(String, String)]| {
            if t.is_empty() {
                "none".to_string()
            } else {
                t.iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        format!(
            "its tags are {} (this create asked for {})",
            shown(remote),
            shown(asked)
        )
    })
}

/// SFN042: the name is taken by an object that is not this configuration's.
pub fn name_taken(diags: &mut Diagnostics, noun: &str, name: &str, arn: &str, reasons: &[String]) {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let why = if reasons.is_empty() {
        String::new()
    } else {
        format!(": {}", reasons.join("; "))
    };
    diags.error(
        format!("SFN042 name-taken: {article} {noun} named \"{name}\" already exists and is not this configuration's{why}"),
        format!("It is not recorded in state, and nothing was changed on it. Choose another name, or import it (terraform import <address> {arn}) to manage it from this configuration."),
        AttributePath::new("name"),
    );
}

/// SFN042 name-taken, for an object of the name found before creating: it existed before this
/// create began.
pub fn existed(diags: &mut Diagnostics, noun: &str, name: &str, arn: &str, creation_date: &str) {
    name_taken(
        diags,
        noun,
        name,
        arn,
        &[format!(
            "it existed before this create began (created {creation_date})"
        )],
    );
}

/// SFN041: a create whose answer was lost, and the object it made was found.
pub fn adopted(diags: &mut Diagnostics, op: &str, e: &ApiError, noun: &str, arn: &str) {
    diags.warning(
        format!("SFN041 create-answer-lost: AWS {}: {op}'s answer was lost; the {noun} it created was found and recorded", e.code),
        format!("{} A {noun} with the configured settings, created after this create began and carrying its tags, exists ({arn}): it is saved in state rather than left behind or created twice.", e.message),
        AttributePath::root(),
    );
}
