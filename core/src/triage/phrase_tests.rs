//! Tests of phrases: gaps, frames, labelled fields and word endings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test

use super::split_gap;

/// The terms triage counted in a text, as `(term, target)`.
fn terms(text: &str) -> Vec<(String, String)> {
    crate::triage::test_support::terms_and_targets(text, "DE")
}

fn has(text: &str, term: &str) -> bool {
    terms(text).iter().any(|(t, _)| t == term)
}

#[test]
fn every_phrase_fits_the_window_around_a_skipped_word() {
    for (name, text) in crate::triage::builtin::BUILTIN {
        for line in text.split('"') {
            let words = line.split_whitespace().count();
            assert!(
                words < super::WINDOW || !line.chars().any(char::is_alphabetic) || words > 40,
                "{name}: {line:?} has {words} words"
            );
        }
    }
}

#[test]
fn a_word_ending_is_read_at_the_end_of_a_word_after_its_final_consonant() {
    use super::{ending_pattern, ends_word};
    assert_eq!(ending_pattern("-ㄴ데"), "데");
    assert_eq!(ending_pattern("-\u{1102}데"), "데");
    assert_eq!(ending_pattern("-지만"), "지만");
    let at = |text: &str, ending: &str, pattern: &str| {
        let s = text.find(pattern).unwrap();
        ends_word(text, s, s + pattern.len(), ending)
    };
    // 른, 은, 싼 end in ㄴ; 쁘 has no final.
    assert!(at("배송은 빠른데 품질이", "ㄴ데", "데"));
    assert!(at("좋은데 비싸요", "ㄴ데", "데"));
    assert!(at("가격은 싼데 금방", "ㄴ데", "데"));
    assert!(!at("예쁘데 좋아요", "ㄴ데", "데"));
    // Attached to a word, at its end.
    assert!(!at("데 좋아요", "ㄴ데", "데"));
    assert!(!at("빠른데요 좋아요", "ㄴ데", "데"));
    assert!(at("예쁘지만 작아요", "지만", "지만"));
}

#[test]
fn a_labelled_field_is_written_with_a_colon_or_a_dash() {
    use super::label_forms;
    let forms = label_forms("минусы: нет").unwrap();
    for f in ["минусы: нет", "минусы : нет", "минусы:нет", "минусы - нет"]
    {
        assert!(forms.iter().any(|x| x == f), "{f}");
    }
    assert!(label_forms("缺点：没有")
        .unwrap()
        .iter()
        .any(|x| x == "缺点:没有"));
    let label = label_forms("wady:").unwrap();
    assert!(label.iter().any(|x| x == "wady:") && label.iter().any(|x| x == "wady -"));
    assert!(label.iter().all(|x| !x.ends_with(' ')));
    // Emoticons and plain phrases are no labelled fields.
    for t in [":(", ">:(", ":-d", ":'(", "no problem", "cons:("] {
        assert_eq!(label_forms(t), None, "{t}");
    }
}

#[test]
fn a_labelled_field_reads_cons_none_as_praise() {
    for text in [
        "Минусы: нет",
        "Плюсы: цена. Минусы : нет.",
        "Zalety: cena. Wady: brak",
        "Pros: great sound. Cons - none",
    ] {
        let t = terms(text);
        assert!(
            t.iter().all(|(_, target)| target != "quality_defect"),
            "{text}: {t:?}"
        );
        assert!(!t.is_empty(), "{text}: nothing read");
    }
}

#[test]
fn a_cons_label_keeps_the_complaint_that_follows_it() {
    assert!(terms("Wady: pękła obudowa po tygodniu.")
        .iter()
        .all(|(term, _)| term != "wady"));
    assert!(!has("Cons: none", "cons"));
    // The value must close the field: "defects: missing manual" is no "defects: none".
    assert!(terms("Wady: brak instrukcji")
        .iter()
        .any(|(_, target)| target == "missing_parts"));
    assert!(super::is_field("wady: brak") && super::is_field("cons - none"));
    assert!(!super::is_field("wady:") && !super::is_field(":-(") && !super::is_field(">:("));
    assert!(super::closes_field("cons: none. ok", 10) && super::closes_field("cons: none", 10));
    assert!(
        super::closes_field("cons: none\nbad", 10) && !super::closes_field("cons: none left", 10)
    );
}

#[test]
fn the_gap_marker_splits_a_term_in_two() {
    assert_eq!(split_gap("slut ... funger"), Some(("slut", "funger")));
    assert_eq!(split_gap("slut .... funger"), Some(("slut", "funger")));
    assert_eq!(split_gap("slutade fungera"), None);
}

#[test]
fn a_phrase_holds_an_intensifier_or_a_filler_between_its_words() {
    assert!(has("The shoes run small.", "runs small") || has("It runs small.", "runs small"));
    assert!(has("Careful, it runs very small.", "runs small"));
    assert!(has("Careful, it runs just small.", "runs small"));
    assert!(has(
        "The lamp stopped completely working after a week.",
        "stopped working"
    ));
}

#[test]
fn a_phrase_does_not_hold_an_arbitrary_word_or_two_intensifiers() {
    assert!(!has("Careful, it runs on small batteries.", "runs small"));
    assert!(!has("Careful, it runs very very small.", "runs small"));
    assert!(!has("It runs very. Small parts are loose.", "runs small"));
}

#[test]
fn a_gapped_phrase_holds_its_subject_in_one_clause() {
    assert!(has(
        "Efter en vecka slutade laddkabeln fungera.",
        "slutade ... fungera"
    ));
    assert!(has(
        "Nach zwei Tagen hörte das Gerät auf zu funktionieren.",
        "hort ... auf zu funktionieren"
    ));
    assert!(has(
        "Der Akku ist nach einer halben Stunde leer.",
        "akku ist ... leer"
    ));
    assert!(has("Na twee dagen ging de lamp kapot.", "ging ... kapot"));
    assert!(has(
        "They charged my credit card twice.",
        "charged ... twice"
    ));
}

#[test]
fn a_negation_in_the_gap_undoes_the_phrase() {
    assert!(has("Der Akku ist schon leer.", "akku ist ... leer"));
    assert!(!has("Der Akku ist noch nicht leer.", "akku ist ... leer"));
    assert!(has("Na een week ging de lamp kapot.", "ging ... kapot"));
    assert!(!has(
        "Na een week ging de lamp niet kapot.",
        "ging ... kapot"
    ));
    assert!(!has(
        "Efter en vecka slutade den aldrig fungera.",
        "slutade ... fungera"
    ));
}

#[test]
fn a_gapped_prefix_reads_the_whole_word_it_starts() {
    use crate::money::PolicyDecimal;
    use crate::triage::lexicon::{fold, EntryKind, Lexicon, LexiconEntry};
    let term = "ostatni raz ... zamawia*";
    let mut policy = crate::triage::TriagePolicy::default();
    policy.lexicon.push(LexiconEntry {
        language: "pl".into(),
        kind: EntryKind::Sentiment,
        target: None,
        term: term.into(),
        weight: Some(PolicyDecimal(rust_decimal::Decimal::NEGATIVE_ONE)),
    });
    let lex = Lexicon::compile(&policy.match_rules()).unwrap();
    let pl = lex.lang_index("pl").unwrap();
    let found = |text: &str| {
        let text = fold(text);
        let (found, _) = lex.find(&text, policy.max_matches, (&[pl], &[pl]), &|_, _, _| true);
        let all = lex.entries.all(&lex.langs);
        all.filter(|(ei, _)| found.contains(*ei))
            .any(|(_, e)| e.term.as_str() == term)
    };
    assert!(found("ostatni raz u nich zamawiałam"));
    assert!(found("ostatni raz tu zamawiam"));
    assert!(!found("ostatni raz u nich kupiłam"));
    assert!(!found("ostatni raz u nich nazamawiałam"));
}

#[test]
fn a_gapped_phrase_does_not_reach_over_a_clause_or_too_many_words() {
    assert!(!has(
        "Han slutade, men laddkabeln kan fungera.",
        "slutade ... fungera"
    ));
    assert!(!has(
        "Der Akku ist nach einer halben Stunde im Auto wieder voll, der Tank leer.",
        "akku ist ... leer"
    ));
    assert!(!has(
        "Ich ging mit dem Hund raus und kaufte ein neues, weil das alte kaputt war.",
        "ging ... kaputt"
    ));
}

#[test]
fn a_verb_second_frame_holds_a_time_of_five_words() {
    // Dutch, German and Swedish put a whole adverbial between the verb and its particle.
    assert!(has(
        "Het apparaat hield er na drie of vier keer mee op.",
        "hield er ... mee op"
    ));
}

#[test]
fn a_filler_is_read_as_written_where_the_text_has_accents() {
    // "halt" (just) is a filler; "hält" (holds) folds to it but is another word, so the
    // intensifier after it is the one skipped: "hält wirklich lange" reads "hält lange".
    assert!(has("Der Akku hält wirklich lange.", "halt lange"));
    assert!(has("Ist halt Mist.", "ist mist"));
}
