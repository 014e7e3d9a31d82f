//! Contrast cues inside their clause (`[scope] contrast_inside`).
//!
//! In verb-second languages a contrast word often stands after the finite verb of the
//! clause it turns to: German "Sieht gut aus, hält aber nicht lange", "funktioniert
//! jedoch nicht", Dutch "houdt het echter niet lang", Swedish "håller dock inte
//! länge". What the buyer comes to starts at the verb, where the clause starts, not at
//! the contrast word. A listed cue that stands so, with clause punctuation at most
//! `contrast_inside_window` words before it, turns the message where its clause starts
//! and is no clause break inside it (a negation after it still reaches the verb before
//! it: "funktioniert aber leider nicht"); [`super::scope::Scope::filler`] lets a phrase
//! hold it between its words ("hält aber nicht lange" reads "hält nicht lange"). At the
//! start of its clause ("…, aber hält nicht lange"), with no punctuation near enough
//! before it ("Sieht gut aus aber hält nicht"), or after a sentiment term, a complaint
//! term or a negation cue of its own clause (a clause with no verb: "kleine Macken aber
//! insgesamt okay", "kein Luxus aber zweckmäßig") the cue turns where it stands.

use super::scope::Scope;

/// Whether a span of `told` (sentiment and complaint terms and negation cues, by start)
/// lies within `from..to`. Reads only the terms starting there.
pub(crate) fn told_between(told: &[(usize, usize)], from: usize, to: usize) -> bool {
    let i = told.partition_point(|t| t.0 < from);
    let j = told.partition_point(|t| t.0 < to);
    (told.get(i..j).unwrap_or_default().iter()).any(|t| t.1 <= to)
}

/// Where the clause of the folded contrast cue `term`, starting at byte `s` of the
/// folded `text`, starts, when the cue is listed in `contrast_inside` and stands inside
/// its clause: the start of the first word after the clause punctuation (`punct`) at
/// most `contrast_inside_window` words before it. `None`: the cue turns where it stands.
/// Reads at most that many words back.
pub(crate) fn clause_start(
    scope: &Scope,
    term: &str,
    text: &str,
    s: usize,
    punct: impl Fn(char) -> bool,
) -> Option<usize> {
    let window = scope.contrast_inside_window;
    if window == 0 || !scope.contrast_inside.iter().any(|t| t == term) {
        return None;
    }
    let (mut words, mut in_word, mut start) = (0u32, false, None);
    for (i, c) in text.get(..s)?.char_indices().rev() {
        if punct(c) {
            return start;
        }
        if c.is_whitespace() {
            in_word = false;
            continue;
        }
        if !in_word {
            words += 1;
            if words > window {
                return None;
            }
            in_word = true;
        }
        start = Some(i);
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test
mod tests {
    use super::super::scope::Scope;
    use super::{clause_start, told_between};

    fn punct(c: char) -> bool {
        matches!(c, ',' | '.' | ';' | '!' | '?')
    }

    #[test]
    fn a_cue_inside_its_clause_turns_where_the_clause_starts() {
        let scope = Scope {
            contrast_inside: vec!["aber".into()],
            contrast_inside_window: 4,
            ..Scope::default()
        }
        .folded();
        let at = |t: &str| {
            let s = t.find("aber").unwrap();
            clause_start(&scope, "aber", t, s, punct)
        };
        let t = "sieht schon aus, halt aber nicht lange";
        assert_eq!(at(t), t.find("halt"));
        let t = "schon. der akku halt aber nicht";
        assert_eq!(at(t), t.find("der"));
        // At the start of its clause, or with no punctuation near enough before it.
        assert_eq!(at("schon, aber halt nicht lange"), None);
        assert_eq!(at("schon,aber halt nicht"), None);
        assert_eq!(at("sieht gut aus aber halt nicht"), None);
        assert_eq!(at("schon, das ding da drüben halt aber nicht"), None);
        // A cue not listed, or no window.
        assert_eq!(
            clause_start(&scope, "jedoch", "a, b jedoch", 5, punct),
            None
        );
        let off = Scope {
            contrast_inside: vec!["aber".into()],
            ..Scope::default()
        };
        assert_eq!(clause_start(&off, "aber", "a, b aber", 5, punct), None);
    }

    #[test]
    fn a_term_told_before_the_cue_in_its_clause_is_found() {
        let told = [(0, 4), (10, 16), (12, 14), (20, 30)];
        assert!(told_between(&told, 10, 18));
        assert!(told_between(&told, 11, 18));
        assert!(!told_between(&told, 16, 25));
        assert!(!told_between(&told, 5, 10));
    }
}
