//! Tests of the lexicon compiler.

use super::*;

#[test]
fn builtin_lexicons_compile() {
    let lex = Lexicon::compile(&crate::triage::TriagePolicy::default().match_rules());
    assert!(lex.is_ok(), "{lex:?}");
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
    let (found, _) = lex.find(&text, policy.max_matches, &|_, _, _| true);
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
