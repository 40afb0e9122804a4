//! "Did you mean ...?": the closest known word to a misspelt one, by edit distance, for state
//! names, field names, operators and function names in diagnostics.

/// The candidate closest to `word`, if any is close enough to be a plausible typo: at most a
/// third of the word's length in edits (at least one), ignoring case (case-only differences are
/// the most likely typo of all, so they win ties). Exact matches are not suggestions.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, bool, &'a str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let c_lower = c.to_lowercase();
        let distance = strsim::damerau_levenshtein(&lower, &c_lower);
        let case_only = distance == 0;
        if distance > limit {
            continue;
        }
        let better = match best {
            None => true,
            Some((d, case, _)) => (distance, !case_only) < (d, !case),
        };
        if better {
            best = Some((distance, case_only, c));
        }
    }
    best.map(|(_, _, c)| c)
}

/// Every candidate at the smallest plausible distance from `word` (by the rules of
/// [`did_you_mean`]), in the order given: more than one when the typo is ambiguous
/// (`Dispense0` for `Dispense10`, `Dispense20`, `Dispense50`).
pub fn closest_all<'a, I>(word: &str, candidates: I) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best = usize::MAX;
    let mut out: Vec<&'a str> = Vec::new();
    for c in candidates {
        if c == word {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&lower, &c.to_lowercase());
        if distance > limit || distance > best {
            continue;
        }
        if distance < best {
            best = distance;
            out.clear();
        }
        out.push(c);
    }
    out
}

/// `" Did you mean \"X\"?"` for a message, or an empty string.
pub fn hint<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(word, candidates)
        .map(|c| format!(" Did you mean \"{c}\"?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let names = ["ChargeCard", "Refund", "Ship", "Done"];
        assert_eq!(did_you_mean("ChargCard", names), Some("ChargeCard"));
        assert_eq!(did_you_mean("chargecard", names), Some("ChargeCard"));
        assert_eq!(did_you_mean("Refnud", names), Some("Refund"));
        assert_eq!(did_you_mean("Nowhere", names), None);
        assert_eq!(did_you_mean("Ship", names), None, "exact is no suggestion");
        assert_eq!(did_you_mean("Shop", names), Some("Ship"));
        assert_eq!(hint("Dnoe", names), " Did you mean \"Done\"?");
        assert_eq!(hint("xyz", names), "");
    }

    #[test]
    fn all_the_closest() {
        let names = ["Dispense50", "Dispense20", "Dispense10", "Dispense1"];
        assert_eq!(
            closest_all("Dispense0", names),
            ["Dispense50", "Dispense20", "Dispense10", "Dispense1"]
        );
        assert_eq!(closest_all("Dispense22", names), ["Dispense20"]);
        assert!(closest_all("Elsewhere", names).is_empty());
    }

    #[test]
    fn case_only_difference_wins_a_tie() {
        assert_eq!(did_you_mean("abcd", ["abce", "ABCD"]), Some("ABCD"));
    }
}
