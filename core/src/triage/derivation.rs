//! Derived words a stemmer merges with their base. Snowball takes derivational suffixes
//! off as it takes inflections, so a derived word and its base reduce to one form:
//! Spanish "aceptable" (acceptable, mild praise) and "aceptan" (they accept) both become
//! "acept", "mejorable" (could be better) and "mejor" (better) "mejor", Italian
//! "accettabile" and "accettano" "accett". A lexicon's `[morphology] derived_endings`
//! lists such suffixes, each as the family of its written forms (`["able"]`,
//! `["avel", "aveis"]`): a word of the text and a word of an entry that meet through one
//! reduced form are the same word only if what follows that form in each, as written,
//! opens with the same family or with none. "aceptables" still reads "aceptable",
//! "aceptaron" still reads "aceptar", but "no aceptan" no longer reads "aceptable".
//! Suffixes whose derived words mostly keep the sense of their base (Italian "difetto",
//! "difettosa") are left out of the lists: there the shared reading is right.

use super::closest::common_prefix;

/// The family of `families` that the written `word` continues its reduced form `stem`
/// with, if any (the longest ending that opens what follows the stem).
fn family(families: &[Vec<String>], stem: &str, word: &str) -> Option<usize> {
    let shared = common_prefix(stem, word);
    let rest = (word.char_indices().nth(shared))
        .and_then(|(i, _)| word.get(i..))
        .unwrap_or("");
    (families.iter().enumerate())
        .filter_map(|(i, f)| {
            let len = (f.iter())
                .filter(|e| !e.is_empty() && rest.starts_with(e.as_str()))
                .map(String::len)
                .max()?;
            Some((i, len))
        })
        .max_by_key(|&(_, len)| len)
        .map(|(i, _)| i)
}

/// The words of a text or term (letters and digits), in order.
fn words(s: &str) -> impl Iterator<Item = &str> + Clone {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Whether a span of the text written `written` (folded), reduced to `reduced`, is the
/// same word as an entry written `term` (folded, as written) that it met through that
/// reduced form: word by word, both continue their reduced form with the same family of
/// `families` or with none. Spans whose words do not line up (a phrase over a filler)
/// are left as they are.
pub(crate) fn same_derivation(
    families: &[Vec<String>],
    reduced: &str,
    written: &str,
    term: &str,
) -> bool {
    word_by_word(families, (reduced, written, term), |text, entry| {
        text == entry
    })
}

/// Whether a span of the text is the word an entry written with a bound ending asks
/// for (`[morphology] bound_endings`): word by word, where the entry continues its
/// reduced form with a family of `families`, the text's word continues it with the same
/// one. "zamanımı" (my time) is no "zamanında" (on time); "zamanındaydı" is, and an
/// entry without such an ending ("kargo") meets every form ("kargoda").
pub(crate) fn bound_kept(
    families: &[Vec<String>],
    reduced: &str,
    written: &str,
    term: &str,
) -> bool {
    word_by_word(families, (reduced, written, term), |text, entry| {
        entry.is_none_or(|f| text == Some(f))
    })
}

/// `agree(text's family, entry's family)` for every word of the span; true when there
/// are no families or the span's words do not line up.
fn word_by_word(
    families: &[Vec<String>],
    (reduced, written, term): (&str, &str, &str),
    agree: impl Fn(Option<usize>, Option<usize>) -> bool,
) -> bool {
    if families.is_empty() {
        return true;
    }
    let term = term.trim_end_matches('*');
    let (r, w, t) = (words(reduced), words(written), words(term));
    if r.clone().count() != w.clone().count() || w.clone().count() != t.clone().count() {
        return true;
    }
    r.zip(w)
        .zip(t)
        .all(|((stem, w), t)| agree(family(families, stem, w), family(families, stem, t)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test
mod tests {
    use super::*;

    fn fams(list: &[&[&str]]) -> Vec<Vec<String>> {
        list.iter()
            .map(|f| f.iter().map(|e| (*e).to_owned()).collect())
            .collect()
    }

    #[test]
    fn a_bound_ending_of_an_entry_is_asked_of_the_word() {
        let tr = fams(&[&["inda", "inde", "unda", "unde"]]);
        assert!(!bound_kept(&tr, "zaman", "zamanimi", "zamaninda"));
        assert!(bound_kept(&tr, "zaman", "zamanindaydi", "zamaninda"));
        assert!(bound_kept(&tr, "zaman", "zaman", "zaman"));
        // An entry without the ending meets the word that has it.
        assert!(bound_kept(&tr, "kargo", "kargonda", "kargo"));
        assert!(bound_kept(&[], "zaman", "zamanimi", "zamaninda"));
    }

    #[test]
    fn a_derived_word_is_not_its_base() {
        let es = fams(&[&["oso", "osa"], &["able"], &["ible"]]);
        // The base does not read the derived entry, nor the derived word the base.
        assert!(!same_derivation(&es, "preci", "precio", "preciosas"));
        assert!(!same_derivation(&es, "preci", "preciosas", "precio"));
        assert!(!same_derivation(&es, "acept", "aceptan", "aceptable"));
        assert!(!same_derivation(&es, "mejor", "mejor", "mejorable"));
        // Inflections of either still meet.
        assert!(same_derivation(&es, "preci", "preciosas", "precioso"));
        assert!(same_derivation(&es, "preci", "precios", "precio"));
        assert!(same_derivation(&es, "acept", "aceptables", "aceptable"));
        assert!(same_derivation(&es, "romp", "rompio", "romper"));
        // Word by word in a phrase; a span that does not line up is left alone.
        assert!(!same_derivation(
            &es,
            "muy preci",
            "muy precio",
            "muy preciosa"
        ));
        assert!(same_derivation(&es, "muy preci", "muy precio", "preciosa"));
        // No families: every match stands.
        assert!(same_derivation(&[], "preci", "precio", "preciosas"));
    }

    /// The terms the default engine counts in `text` (a store in `country`).
    fn terms(text: &str, country: &str) -> Vec<String> {
        crate::triage::test_support::sentiment_and_terms(text, country).1
    }

    #[test]
    fn the_lexicons_keep_derived_words_apart_from_their_base() {
        for (text, country, term) in [
            ("No aceptan devoluciones de ningún tipo.", "ES", "aceptable"),
            ("Me pasa lo mismo con todos los pedidos.", "ES", "pasable"),
            (
                "Es mejor que el anterior, lo recomiendo.",
                "ES",
                "mejorable",
            ),
            ("Non accettano resi, vergognoso.", "IT", "accettabile"),
            // Russian "-нный" adjectives are not the noun or verb of their stem.
            ("Отменный товар, рекомендую!", "RU", "отмене"),
            ("Отменные наушники.", "RU", "отмене"),
        ] {
            let found = terms(text, country);
            assert!(!found.iter().any(|t| t == term), "{text:?}: {found:?}");
        }
        for (text, country, term) in [
            ("Calidad aceptable para lo que cuesta.", "ES", "aceptable"),
            ("Qualità accettabile per il prezzo.", "IT", "accettabile"),
            ("Заказ отменён без объяснений.", "RU", "отменен"),
            ("Отменили заказ.", "RU", "отменили"),
        ] {
            let found = terms(text, country);
            assert!(found.iter().any(|t| t == term), "{text:?}: {found:?}");
        }
    }

    #[test]
    fn a_russian_praise_adjective_is_no_cancellation() {
        for text in [
            "Отменный товар, рекомендую!",
            "Отменная вещь, всем советую.",
        ] {
            let t = crate::triage::test_support::triage_of(text, "RU");
            assert_ne!(t["category"], "cancellation", "{text:?}");
            let s: f64 = t["sentiment"].as_str().unwrap().parse().unwrap();
            assert!(s > 0.0, "{text:?}: {s}");
        }
        let t = crate::triage::test_support::triage_of("Заказ отменили без объяснений.", "RU");
        assert_eq!(t["category"], "cancellation");
    }
}
