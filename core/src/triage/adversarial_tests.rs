//! Adversarial text: every signal, category and sentiment term of every built-in lexicon
//! is still found when it is hidden with invisible characters, compatibility forms or
//! look-alike letters of another script. (When two entries of one kind read the same
//! word, as `defectuos*` and `defectuoso` do once stemmed, one of them stands for both.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use proptest::prelude::*;

use super::lexicon::{fold, Kind, Lexicon};

const INVISIBLE: &[char] = &[
    '\u{200b}', '\u{200c}', '\u{200d}', '\u{ad}', '\u{2060}', '\u{feff}', '\u{180e}',
];

fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'c' => 'с',
        'x' => 'х',
        'y' => 'у',
        'i' => 'і',
        's' => 'ѕ',
        _ => return None,
    })
}

fn greek_lookalike(c: char) -> Option<char> {
    Some(match c {
        'o' => 'ο',
        'v' => 'ν',
        'i' => 'ι',
        'k' => 'κ',
        'u' => 'υ',
        _ => return None,
    })
}

fn cyrillic_lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'х' => 'x',
        'у' => 'y',
        _ => return None,
    })
}

/// One way of hiding a term; `seed` picks the positions.
fn disguise(term: &str, how: u8, seed: u64) -> String {
    let chars: Vec<char> = term.chars().collect();
    let n = chars.len().max(1) as u64;
    match how {
        // Invisible characters between letters and around the term.
        0 => {
            let mut out = String::new();
            out.push(INVISIBLE[(seed % 7) as usize]);
            for (i, c) in chars.iter().enumerate() {
                out.push(*c);
                if (i as u64 + seed) % 2 == 0 && i + 1 < chars.len() {
                    out.push(INVISIBLE[((seed + i as u64) % 7) as usize]);
                }
            }
            out.push(INVISIBLE[((seed + 3) % 7) as usize]);
            out
        }
        // Full-width or mathematical bold letters.
        1 => chars
            .iter()
            .map(|&c| match c {
                'a'..='z' if seed % 2 == 0 => char::from_u32(c as u32 - 97 + 0xff41).unwrap(),
                'a'..='z' => char::from_u32(c as u32 - 97 + 0x1d41a).unwrap(),
                'A'..='Z' => char::from_u32(c as u32 - 65 + 0xff21).unwrap(),
                c => c,
            })
            .collect(),
        // One look-alike letter of another script in each word of three or more letters.
        _ => {
            let mut out = String::new();
            for word in term.split(' ') {
                if !out.is_empty() {
                    out.push(' ');
                }
                let w: Vec<char> = word.chars().collect();
                let letters = w.iter().filter(|c| c.is_alphabetic()).count();
                let start = (seed % n) as usize;
                let mut swapped = None;
                for i in 0..w.len() {
                    if letters < 3 {
                        break;
                    }
                    let j = (start + i) % w.len();
                    let swap = if how == 2 {
                        latin_lookalike(w[j]).or_else(|| cyrillic_lookalike(w[j]))
                    } else {
                        greek_lookalike(w[j]).or_else(|| cyrillic_lookalike(w[j]))
                    };
                    if let Some(s) = swap {
                        let mut v = w.clone();
                        v[j] = s;
                        swapped = Some(v.into_iter().collect::<String>());
                        break;
                    }
                }
                out.push_str(swapped.as_deref().unwrap_or(word));
            }
            out
        }
    }
}

fn hidden_terms_are_found(seed: u64) {
    let policy = super::TriagePolicy::default();
    let lex = Lexicon::compile(&policy.match_rules()).unwrap();
    for (ei, e) in lex.entries.all(&lex.langs) {
        if !matches!(
            e.kind,
            Kind::Category(_) | Kind::Signal(_) | Kind::Sentiment | Kind::Negated(_)
        ) {
            continue;
        }
        // A gapped phrase ("akku ist … leer", "充電が…持たな") is found with a word at
        // its gap, written in the phrase's script (a Latin "x" between Cyrillic words
        // folds to Cyrillic "х", as a look-alike should), and a word after it: a frame
        // that ends in a privative cue ("прислали … без") names what is missing there.
        let written = e.term.as_str().trim_end_matches('*');
        let cyrillic = written
            .chars()
            .any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
        let word = if cyrillic { "х" } else { "x" };
        let gapped = if written.contains(" ... ") {
            format!("{} {word}", written.replace(" ... ", &format!(" {word} ")))
        } else {
            written.replace("...", "一")
        };
        let term = gapped.as_str();
        // One of the four disguises per entry and case, chosen by the seed: the cases
        // together cover every disguise of every entry at a quarter of the cost.
        let entry_seed = seed.wrapping_add(ei as u64);
        let how = (entry_seed % 4) as u8;
        let text = format!("> {} <", disguise(term, how, entry_seed));
        let folded = fold(&text);
        assert_eq!(
            folded,
            format!("> {term} <"),
            "{:?} disguised as {text:?} ({how})",
            e.term.as_str()
        );
        let (found, _) = lex.find(
            &folded,
            policy.max_matches,
            (&[e.lang], &[e.lang]),
            &|_, _, _| true,
        );
        assert!(found.contains(ei), "{:?} not found in {text:?}", e.term);
        // An `evaluated` term is read only with a negative word after it (`evaluated.rs`).
        if e.evaluated {
            continue;
        }
        let hits = lex.analyse(
            (&folded, None),
            &found,
            (&[e.lang], &[e.lang]),
            &|_, _, _| true,
            policy.max_matches,
        );
        // A fixed phrase of the same span reads the term whole ("لا بأس").
        let reads = |x: &super::lexicon::Entry| x.kind == e.kind || x.kind == Kind::Fixed;
        assert!(
            hits.iter()
                .any(|h| h.entry == ei || lex.entries.get(h.entry).is_some_and(reads)),
            "{:?} not read in {text:?}",
            e.term
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]
    #[test]
    fn disguised_lexicon_terms_are_still_found(seed in any::<u64>()) {
        hidden_terms_are_found(seed);
    }
}

/// A policy of heavily overlapping terms ("好", "好好", ... 80 of them) against 4,000
/// characters of "好" makes 320,000 raw matches: they are bounded by `max_matches`.
/// (Resolution is O(m log m); its cost is measured in the `triage` bench, not here.)
#[test]
fn overlapping_lexicon_terms_are_bounded() {
    use super::lexicon::{EntryKind, LexiconEntry};
    use crate::money::PolicyDecimal;
    let mut policy = super::TriagePolicy::default();
    for n in 1..=80 {
        for kind in [EntryKind::Sentiment, EntryKind::NegationBefore] {
            policy.lexicon.push(LexiconEntry {
                language: "zh".into(),
                kind,
                target: None,
                term: "好".repeat(n),
                weight: Some(PolicyDecimal(rust_decimal::Decimal::ONE)),
            });
        }
    }
    let lex = Lexicon::compile(&policy.match_rules()).unwrap();
    let zh = lex.lang_index("zh").unwrap();
    let text = "好".repeat(4000);
    // The language's entries are built on its first text, outside the bound.
    assert!(lex.entries.words(zh, &lex.langs).is_some());
    let (found, _) = lex.find(&text, policy.max_matches, (&[zh], &[zh]), &|_, _, _| true);
    assert!(found.len() <= policy.max_matches);
    let hits = lex.analyse(
        (&text, None),
        &found,
        (&[zh], &[zh]),
        &|_, _, _| true,
        policy.max_matches,
    );
    assert!(!hits.is_empty());
    assert!(hits.len() <= policy.max_matches);
}
