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

#[test]
fn a_misplaced_wildcard_or_gap_is_refused() {
    // Mid-phrase `*`, an unjoined or doubled gap: refused with a lexicon error.
    for (term, code) in [
        ("nie * działa", "policy.inner_wildcard"),
        ("przestał* działać", "policy.inner_wildcard"),
        ("*działa", "policy.inner_wildcard"),
        ("… działa", "policy.misplaced_gap"),
        ("nie działa ...", "policy.misplaced_gap"),
        ("a … b … c", "policy.misplaced_gap"),
    ] {
        let entry = LexiconEntry {
            language: "pl".into(),
            kind: EntryKind::Category,
            target: Some("quality_defect".into()),
            term: term.into(),
            weight: Some(PolicyDecimal(Decimal::ONE)),
        };
        let mut out = Vec::new();
        entry.validate("triage.lexicon[0]", &mut out);
        assert!(out.iter().any(|d| d.code == code), "{term:?}: {out:?}");
        assert!(misplaced_mark(&fold(term)).is_some());
    }
    // A trailing `*`, a gap between two parts: accepted.
    for term in [
        "nie dział*",
        "slutade … fungera",
        "charged ... twice",
        "充電が…持たな",
    ] {
        assert!(misplaced_mark(&fold(term)).is_none(), "{term:?}");
    }
    // No built-in term holds a misplaced mark.
    let lex = Lexicon::compile(&crate::triage::TriagePolicy::default().match_rules()).unwrap();
    for (l, rules) in lex.langs.iter().enumerate() {
        for e in &lex.entries.words(l, &lex.langs).unwrap().entries {
            assert!(
                misplaced_mark(&e.term).is_none(),
                "{}: {}",
                rules.code,
                e.term
            );
        }
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

/// Every string of a lexicon file (terms and table keys), by its folded form: the term
/// as written, accents and all.
fn written_terms(json: &str) -> BTreeMap<String, String> {
    fn add(t: &str, out: &mut BTreeMap<String, String>) {
        let (folded, _) = super::super::normalize::fold_accented(t.trim());
        out.entry(folded).or_insert_with(|| t.trim().to_owned());
    }
    fn walk(v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
        match v {
            serde_json::Value::String(s) => add(s, out),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => {
                for (k, x) in o {
                    add(k, out);
                    walk(x, out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(json) {
        walk(&v, &mut out);
    }
    out
}

/// Entries of a stemmed language that reduce to one form but weigh with different signs
/// (or are of different kinds): a word written as one of them reaches no other entry of
/// its group, except a category beside a sentiment or signal entry (they do not
/// compete) or an entry of another kind written alike it (the policy's
/// `stem_shared_percent`: "harto" reads the signal "harta"; "sıkıntı" does not read
/// the signal "siktir").
#[test]
fn a_word_written_as_an_entry_reaches_no_other_entry_of_its_stem() {
    let policy = crate::triage::TriagePolicy::default();
    let lex = Lexicon::compile(&policy.match_rules()).unwrap();
    let mut groups_seen = 0;
    let mut wrong: Vec<String> = Vec::new();
    for (l, rules) in lex.langs.iter().enumerate() {
        let Some(reducer) = rules.reducer else {
            continue;
        };
        let Some((_, json)) = BUILTIN.iter().find(|(n, _)| *n == rules.code.as_str()) else {
            continue;
        };
        let written = written_terms(json);
        let words = lex.entries.words(l, &lex.langs).unwrap();
        let mut by_form: BTreeMap<&str, Vec<(usize, &Entry)>> = BTreeMap::new();
        for (i, e) in words.entries.iter().enumerate() {
            if e.kind.group().is_some() && reducer.reads(&e.term, e.prefix) {
                by_form
                    .entry(e.text.as_str())
                    .or_default()
                    .push((words.base + i, e));
            }
        }
        let class = |e: &Entry| (e.kind.group(), e.weight.cmp(&Decimal::ZERO));
        for (form, group) in &by_form {
            let mut classes: Vec<_> = group.iter().map(|(_, e)| class(e)).collect();
            classes.sort_unstable();
            classes.dedup();
            if classes.len() < 2 {
                continue;
            }
            groups_seen += 1;
            for (_, m) in group {
                let as_written = written.get(&*m.term).map_or(&*m.term, String::as_str);
                let (text, accented) = super::super::normalize::fold_accented(as_written);
                let (found, _) = lex.find(&text, policy.max_matches, (&[l], &[l]), &|_, _, _| true);
                let hits = lex.analyse(
                    (&text, accented.as_deref()),
                    &found,
                    (&[l], &[l]),
                    &|_, _, _| true,
                    policy.max_matches,
                );
                for h in &hits {
                    let Some(x) = group.iter().find(|(ei, _)| *ei == h.entry).map(|g| g.1) else {
                        continue;
                    };
                    let category = x.kind.category().is_some() || m.kind.category().is_some();
                    let kind = super::super::closest::kind;
                    let kin = kind(&x.kind) != kind(&m.kind)
                        && (category
                            || super::super::closest::kin(
                                &text,
                                &x.term,
                                policy.stem_shared_percent,
                            ));
                    let same = x.term.trim_end_matches('*') == m.term.trim_end_matches('*');
                    if !same && class(x) != class(m) && !kin {
                        wrong.push(format!(
                            "{} {form}: \"{as_written}\" reaches {} ({})",
                            rules.code, x.term, x.weight
                        ));
                    }
                }
            }
        }
    }
    assert!(groups_seen > 0);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn builtin_lexicon_files_read_fully() {
    // The full reader runs lazily, on a language's first text: a file it refuses would
    // leave that language without entries, so each is read here, error and all.
    for (code, text) in crate::triage::builtin::BUILTIN {
        let read = serde_json::from_str::<crate::triage::entries::LexiconFile>(text);
        assert!(read.is_ok(), "{code}: {:?}", read.err());
    }
}

#[test]
fn builtin_headers_read_as_their_whole_files() {
    use crate::triage::builtin::{BUILTIN, HEADERS};
    use crate::triage::entries::Header;
    assert_eq!(BUILTIN.len(), HEADERS.len());
    for ((code, text), (name, header)) in BUILTIN.iter().zip(HEADERS) {
        assert_eq!(code, name);
        let whole = format!("{:?}", Header::read(code, text).unwrap());
        assert_eq!(whole, format!("{:?}", Header::read(name, header).unwrap()));
        assert!(
            header.len() * 4 < text.len(),
            "{code}: the header holds terms"
        );
    }
}

#[test]
fn an_empty_text_builds_no_language() {
    let policy = crate::triage::TriagePolicy::default();
    let lex = Lexicon::compile(&policy.match_rules()).unwrap();
    let de = lex.lang_index("de").unwrap();
    let (found, votes) = lex.find("", policy.max_matches, (&[de], &[de]), &|_, _, _| true);
    assert!(found.len() == 0 && votes.is_empty());
    let hits = lex.analyse(("", None), &found, (&[de], &[de]), &|_, _, _| true, 20);
    assert!(hits.is_empty());
    assert!(!lex.entries.is_built(de));
    lex.find("kaputt", policy.max_matches, (&[de], &[de]), &|_, _, _| {
        true
    });
    assert!(lex.entries.is_built(de));
}
