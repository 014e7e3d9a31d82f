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
