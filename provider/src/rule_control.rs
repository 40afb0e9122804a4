//! `rules = { ASL302 = "off", ASL413 = "warning" }`: turning validation rules off or down (or up)
//! by code, on `sfn_workflow`, the inline `workflow`, `sfn_state_machine` and the provider block
//! (a default for all of them; the resource's own entries win). The semantics are codegen's
//! [`sfn_codegen::control`]; this module reads the Terraform values and reports bad entries.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use sfn_codegen::control::Overrides;
use tf_provider::{AttributePath, Diagnostics};

use crate::model::Value;
use crate::tfvalue::Tf;

/// The attribute's name, everywhere it is.
pub const ATTR: &str = "rules";

/// The attribute's description.
pub const DOC: &str = "Rule control: a map of rule code (such as `ASL302`, or the rule's name) to `\"off\"`, `\"warning\"` or `\"error\"`. Warnings never fail a plan. Entries here win over the provider block's `rules`. An unknown code is an error at its key, with the closest code suggested; `ASL001` and `ASL003` stay errors. See [the rules](../guides/rules.md).";

/// The provider block's `rules`, shared with every resource and data source. Terraform validates
/// the provider block before the resources that use it in every walk (also `terraform
/// validate`, where the provider is never configured), so it is kept from validation on.
#[derive(Debug, Clone, Default)]
pub struct Defaults(Arc<RwLock<Overrides>>);

impl Defaults {
    pub fn get(&self) -> Overrides {
        self.0.read().map(|o| o.clone()).unwrap_or_default()
    }

    pub fn set(&self, overrides: Overrides) {
        if let Ok(mut o) = self.0.write() {
            *o = overrides;
        }
    }
}

/// Reads `(code, level)` entries, reporting each bad one at `at[code]` (SFN077). Entries whose
/// level is not yet known are left out.
pub fn parse<'a>(
    entries: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    at: &AttributePath,
    diags: &mut Diagnostics,
) -> Overrides {
    let mut out = Overrides::new();
    for (code, level) in entries {
        let Some(level) = level else { continue };
        if let Err(e) = out.set_str(code, level) {
            diags.error(
                format!("SFN077 invalid-rule-override: {}", e.message),
                "Use a rule code from `sfn-asl rules` (or the rules page) and one of \"off\", \"warning\" or \"error\".",
                at.clone().key(code.to_string()),
            );
        }
    }
    out
}

/// [`parse`] of a typed map attribute (a resource's or the provider's `rules`).
pub fn from_map(
    v: &Value<BTreeMap<String, Value<String>>>,
    at: &AttributePath,
    diags: &mut Diagnostics,
) -> Overrides {
    let Value::Value(m) = v else {
        return Overrides::new();
    };
    let entries = m.iter().map(|(k, l)| {
        (
            k.as_str(),
            match l {
                Value::Value(s) => Some(s.as_str()),
                _ => None,
            },
        )
    });
    parse(entries, at, diags)
}

/// [`parse`] of a decoded value (the `rules` of a workflow).
pub fn from_tf(v: &Tf, at: &AttributePath, diags: &mut Diagnostics) -> Overrides {
    let Tf::Object(members) = v else {
        return Overrides::new();
    };
    let entries = members.iter().map(|(k, l)| {
        (
            k.as_str(),
            match l {
                Tf::String(s) => Some(s.as_str()),
                _ => None,
            },
        )
    });
    parse(entries, at, diags)
}

/// `base` with `own` over it.
pub fn layered(base: &Overrides, own: &Overrides) -> Overrides {
    let mut out = base.clone();
    out.extend(own);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tf_provider::AttributePathStep;

    #[test]
    fn bad_entries_are_errors_at_their_key_and_good_ones_apply() {
        let mut d = Diagnostics::default();
        let o = parse(
            [
                ("ASL302", Some("off")),
                ("ASL320", Some("off")),
                ("ASL413", Some("warn")),
                ("ASL110", None),
            ],
            &AttributePath::new(ATTR),
            &mut d,
        );
        assert_eq!(o.get("ASL302"), Some(sfn_codegen::control::Level::Off));
        assert_eq!(o.get("ASL110"), None, "an unknown level is left out");
        assert_eq!(d.errors.len(), 2, "{:?}", d.errors);
        assert!(d.errors[0].summary.contains("Did you mean ASL302"));
        assert_eq!(
            d.errors[0].attribute.steps.last(),
            Some(&AttributePathStep::Key("ASL320".into()))
        );
        let mut fixed = Diagnostics::default();
        parse(
            [("ASL001", Some("off"))],
            &AttributePath::new(ATTR),
            &mut fixed,
        );
        assert_eq!(fixed.errors.len(), 1);
    }

    #[test]
    fn the_resources_own_entries_win() {
        let mut base = Overrides::new();
        let _ = base.set_str("ASL302", "off");
        let _ = base.set_str("ASL413", "warning");
        let mut own = Overrides::new();
        let _ = own.set_str("ASL302", "error");
        let l = layered(&base, &own);
        assert_eq!(l.get("ASL302"), Some(sfn_codegen::control::Level::Error));
        assert_eq!(l.get("ASL413"), Some(sfn_codegen::control::Level::Warning));
        let defaults = Defaults::default();
        defaults.set(l.clone());
        assert_eq!(defaults.get(), l);
    }
}
