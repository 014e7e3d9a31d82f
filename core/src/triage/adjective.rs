//! Inflected forms of adjective endings, derived by rule when a lexicon is built: an
//! entry that ends in one of the language's `[morphology] adjective_endings` (Japanese
//! "…にくい", "…づらい", "…やすい") also reads each form that replaces the part of its
//! ending listed in `adjective_forms` ("い" → "く", "くて", "かった", "さ"): one entry
//! "使いにくい" covers "使いにくく", "使いにくくて", "使いにくかった", "使いにくさ". A
//! negated form ("使いやすくない") is the form and the negation cue after it, so it reads
//! as the entry negated. A form the lexicon lists itself keeps the lexicon's row.

use super::inflection::Morphology;
use super::normalize::fold;

/// The derived forms of `term` (folded, as written in the lexicon) under `m`, without the
/// term itself; empty when it ends in no listed ending, is a prefix (`*`) or a frame.
pub(crate) fn forms(term: &str, m: &Morphology) -> Vec<String> {
    if m.adjective_endings.is_empty() || term.ends_with('*') || term.contains('…') {
        return Vec::new();
    }
    let term = term.trim();
    if !m.adjective_endings.iter().any(|e| {
        let e = fold(e.trim());
        term.ends_with(e.as_str())
    }) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (ending, forms) in &m.adjective_forms {
        let ending = fold(ending.trim());
        let Some(stem) = term.strip_suffix(ending.as_str()) else {
            continue;
        };
        for f in forms {
            let form = format!("{stem}{}", fold(f.trim()));
            if form != term && !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ja() -> Morphology {
        Morphology {
            adjective_endings: vec!["にくい".into(), "やすい".into()],
            adjective_forms: [(
                "い".to_owned(),
                vec!["く".into(), "かった".into(), "さ".into()],
            )]
            .into_iter()
            .collect(),
            ..Morphology::default()
        }
    }

    #[test]
    fn an_entry_with_a_listed_ending_reads_its_forms() {
        assert_eq!(
            forms("使いにくい", &ja()),
            vec!["使いにくく", "使いにくかった", "使いにくさ"]
        );
    }

    #[test]
    fn other_entries_and_prefixes_read_no_form() {
        assert!(forms("高い", &ja()).is_empty());
        assert_eq!(
            forms("にくい", &ja()),
            vec!["にくく", "にくかった", "にくさ"]
        );
        assert!(forms("使いにくい*", &ja()).is_empty());
        assert!(forms("高い", &Morphology::default()).is_empty());
    }
}
