//! `tags` and `tags_all` of the resources that have them: planning, applying and refreshing.

use tf_provider::{AttributePath, Diagnostics};

use crate::aws::api::SfnApi;
use crate::model::{has_unknown, known_pairs, tags_value, Tags, Value};
use crate::tags;

/// The planned `tags_all`: `default_tags` with the configured tags on top, unknown while any
/// configured tag is. Reports a merged set over AWS's limit on `tags`.
pub fn plan(own: &Tags, defaults: &[(String, String)], diags: &mut Diagnostics) -> Tags {
    tags::check_count(own, defaults, "tags", diags);
    if has_unknown(own) {
        return Value::Unknown;
    }
    tags_value(&tags::merge(defaults, &known_pairs(own)))
}

/// What AWS gets: `default_tags` merged under the configured tags.
pub fn merged(own: &Tags, defaults: &[(String, String)]) -> Vec<(String, String)> {
    tags::merge(defaults, &known_pairs(own))
}

/// Brings the tags on `arn` from `old` to `new`: removals first, then additions. Returns false
/// (after reporting on `tags`) when a call fails; the tags are then only partly applied.
pub async fn sync(
    api: &dyn SfnApi,
    arn: &str,
    old: &[(String, String)],
    new: &[(String, String)],
    diags: &mut Diagnostics,
) -> bool {
    let (set, remove) = tags::changes(old, new);
    if !remove.is_empty() {
        if let Err(e) = api.untag(arn, &remove).await {
            crate::errors::aws_error(diags, "UntagResource", &e, Some(AttributePath::new("tags")));
            return false;
        }
    }
    if !set.is_empty() {
        if let Err(e) = api.tag(arn, &set).await {
            crate::errors::aws_error(diags, "TagResource", &e, Some(AttributePath::new("tags")));
            return false;
        }
    }
    true
}

/// The tags on `arn`, or `None` after reporting the failure on `tags`.
pub async fn read(
    api: &dyn SfnApi,
    arn: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<(String, String)>> {
    match api.list_tags(arn).await {
        Ok(t) => Some(t),
        Err(e) => {
            crate::errors::aws_error(
                diags,
                "ListTagsForResource",
                &e,
                Some(AttributePath::new("tags")),
            );
            None
        }
    }
}

/// `(tags, tags_all)` from the tags AWS reports: `tags` holds what the configuration owns
/// (defaults it does not override are left out), null when it was null and owns nothing.
pub fn refreshed(
    remote: &[(String, String)],
    defaults: &[(String, String)],
    prior: &Tags,
) -> (Tags, Tags) {
    let own = tags::own(remote, defaults, &known_pairs(prior));
    let own = if own.is_empty() && prior.is_null() {
        Value::Null
    } else {
        tags_value(&own)
    };
    (own, tags_value(remote))
}
