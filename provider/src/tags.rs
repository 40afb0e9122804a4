//! AWS's tag rules and the arithmetic of `default_tags` merged under a resource's own `tags`.

use std::collections::BTreeMap;

use tf_provider::{AttributePath, Diagnostics};

use crate::model::{Tags, Value};

/// AWS allows at most this many tags on a resource, `default_tags` included.
pub const MAX_TAGS: usize = 50;

fn allowed(c: char) -> bool {
    c.is_alphanumeric()
        || c == ' '
        || "_.:/=+-@".contains(c)
        || (c.is_whitespace() && !c.is_control())
}

fn bad_char(s: &str) -> Option<String> {
    s.chars().find(|c| !allowed(*c)).map(|c| {
        format!(
            "contains '{}', which AWS does not allow in tags",
            c.escape_debug()
        )
    })
}

/// AWS's rules for each tag: a key of 1 to 128 and a value of up to 256 Unicode letters, digits,
/// spaces and `_ . : / = + - @`; keys starting with `aws:` are reserved. Unknown keys and values
/// are skipped. (The count is checked on the merged set: [`check_count`].)
pub fn check_tags(tags: &Tags, attribute: &str, diags: &mut Diagnostics) {
    let Value::Value(members) = tags else { return };
    let shown = |s: &str| s.escape_debug().to_string();
    for (k, v) in members {
        let at = AttributePath::new(attribute.to_string()).key(k.clone());
        let key_problem = if k.is_empty() {
            Some("is empty".to_string())
        } else if k.chars().count() > 128 {
            Some(format!(
                "has {} characters, more than 128",
                k.chars().count()
            ))
        } else if k.to_ascii_lowercase().starts_with("aws:") {
            Some("starts with aws:, which AWS reserves for its own tags".to_string())
        } else {
            bad_char(k)
        };
        if let Some(p) = key_problem {
            diags.error(
                format!("SFN050 invalid-tag: tag key \"{}\" {p}", shown(k)),
                "Tag keys have 1 to 128 characters (letters, digits, spaces and _ . : / = + - @) and cannot start with aws:.",
                at.clone(),
            );
        }
        if let Some(val) = v.as_ref_option() {
            let value_problem = if val.chars().count() > 256 {
                Some(format!(
                    "has {} characters, more than 256",
                    val.chars().count()
                ))
            } else {
                bad_char(val)
            };
            if let Some(p) = value_problem {
                diags.error(
                    format!("SFN050 invalid-tag: the value of tag \"{}\" {p}", shown(k)),
                    "Tag values have up to 256 characters: letters, digits, spaces and _ . : / = + - @.",
                    at,
                );
            }
        }
    }
}

/// The 50-tag limit on what AWS would get: `default_tags` merged under `tags` (a key in both
/// counts once). Unknown keys cannot be counted: a map that is unknown as a whole is skipped.
pub fn check_count(
    own: &Tags,
    defaults: &[(String, String)],
    attribute: &str,
    diags: &mut Diagnostics,
) {
    let own_keys: Vec<&String> = match own {
        Value::Value(m) => m.keys().collect(),
        Value::Null => Vec::new(),
        Value::Unknown => return,
    };
    let inherited = defaults
        .iter()
        .filter(|(k, _)| !own_keys.contains(&k))
        .count();
    let total = own_keys.len() + inherited;
    if total > MAX_TAGS {
        let what = if defaults.is_empty() {
            format!("{total} tags")
        } else {
            format!(
                "{total} tags ({} in {attribute}, {inherited} more from the provider's default_tags)",
                own_keys.len()
            )
        };
        diags.error(
            format!("SFN050 invalid-tag: {what}, more than the {MAX_TAGS} AWS allows"),
            format!("AWS allows at most {MAX_TAGS} tags on a resource, default_tags included: remove some."),
            AttributePath::new(attribute.to_string()),
        );
    }
}

/// The provider's `default_tags` with the resource's own tags on top, sorted by key.
pub fn merge(defaults: &[(String, String)], own: &[(String, String)]) -> Vec<(String, String)> {
    let mut all: BTreeMap<String, String> = defaults.iter().cloned().collect();
    for (k, v) in own {
        all.insert(k.clone(), v.clone());
    }
    all.into_iter().collect()
}

/// What changed between two tag sets: (to set, to remove).
pub fn changes(
    old: &[(String, String)],
    new: &[(String, String)],
) -> (Vec<(String, String)>, Vec<String>) {
    let set = new.iter().filter(|t| !old.contains(t)).cloned().collect();
    let remove = old
        .iter()
        .filter(|(k, _)| !new.iter().any(|(k2, _)| k2 == k))
        .map(|(k, _)| k.clone())
        .collect();
    (set, remove)
}

/// The tags the configuration owns, from what AWS reports: defaults that the configuration does
/// not override are left out, so they never show as drift in `tags`.
pub fn own(
    remote: &[(String, String)],
    defaults: &[(String, String)],
    prior_own: &[(String, String)],
) -> Vec<(String, String)> {
    remote
        .iter()
        .filter(|(k, v)| {
            prior_own.iter().any(|(pk, _)| pk == k)
                || !defaults.iter().any(|(dk, dv)| dk == k && dv == v)
        })
        .cloned()
        .collect()
}

/// Two tag sets hold the same pairs (in any order).
pub fn same(a: &[(String, String)], b: &[(String, String)]) -> bool {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort();
    b.sort();
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tags_value;

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        tags_value(
            &pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>(),
        )
    }

    fn only_error(d: &Diagnostics) -> &tf_provider::Diagnostic {
        assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
        &d.errors[0]
    }

    #[test]
    fn tags_follow_the_aws_rules() {
        let mut d = Diagnostics::default();
        check_tags(
            &tags(&[
                ("team", "payments"),
                ("café ü", "naïve: a/b=c+d-e@f_g."),
                ("Owner", ""),
            ]),
            "tags",
            &mut d,
        );
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        for (k, v, what) in [
            ("bell\u{7}", "v", "contains '\\u{7}'"),
            ("aws:owner", "v", "starts with aws:"),
            ("AWS:Owner", "v", "starts with aws:"),
            ("", "v", "is empty"),
            ("k", "line\nbreak", "contains '\\n'"),
            ("k", "semi;colon", "contains ';'"),
        ] {
            let mut d = Diagnostics::default();
            check_tags(&tags(&[(k, v)]), "tags", &mut d);
            let e = only_error(&d);
            assert!(e.summary.starts_with("SFN050 invalid-tag"), "{}", e.summary);
            assert!(e.summary.contains(what), "{}", e.summary);
            assert_eq!(e.attribute, AttributePath::new("tags").key(k.to_string()));
        }
        let long = "k".repeat(129);
        let mut d = Diagnostics::default();
        check_tags(
            &tags(&[(&long, "v"), ("v", &"x".repeat(257))]),
            "tags",
            &mut d,
        );
        assert_eq!(d.errors.len(), 2, "{:?}", d.errors);
        // Unknown values are skipped.
        let mut d = Diagnostics::default();
        let unknown: Tags = Value::Value([("k".to_string(), Value::Unknown)].into());
        check_tags(&unknown, "tags", &mut d);
        assert!(d.errors.is_empty());
    }

    #[test]
    fn the_limit_applies_to_the_merged_set() {
        let n = |prefix: &str, count: usize| -> Vec<(String, String)> {
            (0..count)
                .map(|i| (format!("{prefix}{i}"), "v".into()))
                .collect()
        };
        // 30 defaults and 25 own tags: 55 on the resource.
        let mut d = Diagnostics::default();
        check_count(
            &tags_value(&n("own", 25)),
            &n("default", 30),
            "tags",
            &mut d,
        );
        let e = only_error(&d);
        assert!(
            e.summary
                .contains("55 tags (25 in tags, 30 more from the provider's default_tags)"),
            "{}",
            e.summary
        );
        assert_eq!(e.attribute, AttributePath::new("tags"));
        // Keys in both count once: 30 defaults overridden by 30 own tags of the same keys, plus 20.
        let mut own = n("default", 30);
        own.extend(n("x", 20));
        let mut d = Diagnostics::default();
        check_count(&tags_value(&own), &n("default", 30), "tags", &mut d);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let mut d = Diagnostics::default();
        check_count(&tags_value(&n("own", 51)), &[], "default_tags", &mut d);
        assert!(only_error(&d).summary.contains("51 tags, more than"));
        let mut d = Diagnostics::default();
        check_count(&Value::Unknown, &n("default", 60), "tags", &mut d);
        assert!(d.errors.is_empty());
    }
}
