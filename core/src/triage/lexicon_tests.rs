//! Tests of the lexicon compiler.

use super::*;

#[test]
fn builtin_lexicons_compile() {
    let lex = Lexicon::compile(&crate::triage::TriagePolicy::default().match_rules());
    let Ok(lex) = lex else { panic!("{lex:?}") };
    // Every language's entries build, from a file its full reader accepts.
    for (l, rules) in lex.langs.iter().enumerate() {
        let words = lex.entries.words(l, &lex.langs);
        assert!(
            words.is_some_and(|w| !w.entries.is_empty()),
            "{}",
            rules.code
        );
    }
}

/// `Entries::new` counts a language's built-in terms at a bound, so that an engine whose
/// policy adds terms fails when it is built, not on a later text: the bound must hold.
#[test]
fn builtin_terms_fit_their_bound() {
    use super::super::entries::{BUILTIN_TERM_BYTES, BUILTIN_TERM_LONGEST};
    let lex = Lexicon::compile(&crate::triage::TriagePolicy::default().match_rules()).unwrap();
    for (l, rules) in lex.langs.iter().enumerate() {
        let words = lex.entries.words(l, &lex.langs).unwrap();
        let (mut bytes, mut longest) = (0usize, 0usize);
        for e in &words.entries {
            let forms = [
                Some(e.term.as_str()),
                Some(e.text.as_str()),
                e.alt.as_deref(),
            ];
            for t in forms.into_iter().flatten() {
                bytes += t.len();
                longest = longest.max(t.len());
            }
        }
        assert!(
            bytes * 4 < BUILTIN_TERM_BYTES,
            "{}: {bytes} bytes",
            rules.code
        );
        assert!(
            longest * 4 < BUILTIN_TERM_LONGEST,
            "{}: {longest}",
            rules.code
        );
    }
}

#[test]
fn a_policy_too_large_to_match_fails_when_the_engine_is_built() {
    let mut policy = crate::triage::TriagePolicy::default();
    policy.lexicon.push(LexiconEntry {
        language: "en".to_owned(),
        kind: EntryKind::Sentiment,
        target: None,
        term: "x".repeat(1_000_000),
        weight: Some(PolicyDecimal(Decimal::ONE)),
    });
    let err = Lexicon::compile(&policy.match_rules()).unwrap_err();
    assert!(format!("{err:?}").contains("policy.lexicon"), "{err:?}");
}

#[test]
fn the_same_rules_share_one_compiled_lexicon() {
    let default = crate::triage::TriagePolicy::default();
    let mut other = default.clone();
    other.fuzzy_min_chars += 1;
    let (a, b) = (
        Lexicon::shared(&default.match_rules()),
        Lexicon::shared(&default.match_rules()),
    );
    let c = Lexicon::shared(&other.match_rules());
    match (a, b, c) {
        (Ok(a), Ok(b), Ok(c)) => {
            assert!(Arc::ptr_eq(&a, &b));
            assert!(!Arc::ptr_eq(&a, &c));
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn on_the_same_span_the_longer_term_wins() {
    // Korean terms are word prefixes, so both cover the whole word "추천안해요".
    let mut policy = crate::triage::TriagePolicy::default();
    for (term, weight) in [("추천*", "2"), ("추천안해*", "-3")] {
        policy.lexicon.push(LexiconEntry {
            language: "ko".to_owned(),
            kind: EntryKind::Sentiment,
            target: None,
            term: term.to_owned(),
            weight: Some(PolicyDecimal(Decimal::from_str_exact(weight).unwrap())),
        });
    }
    let lex = Lexicon::compile(&policy.match_rules()).unwrap();
    let ko = lex.lang_index("ko").unwrap();
    let text = fold("추천안해요");
    let (found, _) = lex.find(&text, policy.max_matches, (&[ko], &[ko]), &|_, _, _| true);
    let hits = lex.analyse(
        (&text, None),
        &found,
        (&[ko], &[ko]),
        &|_, _, _| true,
        policy.max_matches,
    );
    let terms: Vec<&str> = hits
        .iter()
        .filter_map(|h| lex.entries.get(h.entry))
        .filter(|e| e.kind == Kind::Sentiment)
        .map(|e| e.term.as_str())
        .collect();
    assert_eq!(terms, ["추천안해*"]);
}
