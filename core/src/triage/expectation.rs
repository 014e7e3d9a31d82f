//! What a buyer feared or expected before a turn is not asserted: "I was worried it
//! would be flimsy, but it's really solid", "dachte erst, es wäre billig verarbeitet,
//! aber …", "j'avais peur que ce soit fragile mais …". The terms after a cue of the
//! language's `[scope] expectation_cues`, up to the next contrast cue of the language in
//! the same sentence, count nothing; without a contrast after it the cue changes nothing
//! ("I expected better, it broke after a day").

use rust_decimal::Decimal;

use super::entries::Entries;
use super::lexicon::{Boundary, Kind, LangRules};
use super::resolve::Hit;

/// Whether `ch` ends a sentence (an expectation reaches over commas, not over this).
fn sentence_end(ch: char) -> bool {
    matches!(ch, '.' | '!' | '?' | '\n' | '。' | '！' | '？' | '؟')
}

/// Byte spans of the folded `cues` in the folded `text`, at word boundaries.
fn spans(cues: &[String], text: &str, boundary: Boundary) -> Vec<(usize, usize)> {
    let edge =
        |c: Option<char>| boundary == Boundary::None || !c.is_some_and(char::is_alphanumeric);
    (cues.iter())
        .filter(|t| !t.is_empty())
        .flat_map(|t| {
            text.match_indices(t.as_str())
                .map(|(s, m)| (s, s + m.len()))
        })
        .filter(|&(s, e)| {
            edge(text.get(..s).and_then(|b| b.chars().next_back()))
                && edge(text.get(e..).and_then(|a| a.chars().next()))
        })
        .collect()
}

/// Removes the complaint and sentiment terms a buyer only feared or expected (see the
/// module notes). `hits` are by start; `raw` holds every match of the text, contrast
/// cues included.
pub(crate) fn drop_unasserted(
    text: &str,
    hits: &mut Vec<(usize, usize, Hit)>,
    raw: &[(usize, usize, usize)],
    entries: &Entries,
    langs: &[LangRules],
) {
    let mut regions: Vec<(usize, usize, usize)> = Vec::new();
    for (lang, rules) in langs.iter().enumerate() {
        let cues = &rules.scope.expectation_cues;
        if cues.is_empty() {
            continue;
        }
        let mut turns: Vec<usize> = (raw.iter())
            .filter(|r| {
                entries
                    .get(r.2)
                    .is_some_and(|x| x.kind == Kind::Contrast && x.lang == lang)
            })
            .map(|r| r.0)
            .collect();
        if turns.is_empty() {
            continue;
        }
        turns.sort_unstable();
        for (cs, ce) in spans(cues, text, rules.boundary) {
            let k = turns.partition_point(|&t| t < ce);
            let Some(&t) = turns.get(k) else { continue };
            if !text.get(cs..t).is_some_and(|g| g.chars().any(sentence_end)) {
                regions.push((lang, ce, t));
            }
        }
    }
    if regions.is_empty() {
        return;
    }
    hits.retain(|(s, e, h)| {
        let Some(x) = entries.get(h.entry) else {
            return true;
        };
        let content = match x.kind {
            Kind::Category(_) | Kind::Sentiment => x.weight != Decimal::ZERO,
            Kind::Negated(_) => true,
            _ => false,
        };
        !(content && (regions.iter()).any(|&(l, from, to)| l == x.lang && from <= *s && *e <= to))
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test
mod tests {
    use crate::{api, Engine};

    /// Triage of a text: sentiment and the terms counted.
    fn triage(text: &str) -> (f64, Vec<String>) {
        let case = serde_json::json!({
            "id": "t", "received_at": "2026-11-20T09:00:00Z",
            "store": {"id": "s1", "marketplace": "own_site", "country": "CH"},
            "channel": "email", "text": text
        });
        let case = api::parse_case(&case.to_string()).unwrap();
        let now = api::parse_now("2026-11-20T10:00:00Z").unwrap();
        let a = Engine::default().assess(&case, now).unwrap();
        let t = serde_json::to_value(&a.triage).unwrap();
        let list = t["terms"].as_array().cloned().unwrap_or_default();
        let terms = (list.iter())
            .map(|x| x["term"].as_str().unwrap_or_default().to_owned())
            .collect();
        (t["sentiment"].as_str().unwrap().parse().unwrap(), terms)
    }

    #[test]
    fn a_fear_before_a_turn_is_not_asserted() {
        for (text, feared) in [
            (
                "I was worried it would be flimsy, but it's really solid.",
                "flimsy",
            ),
            (
                "Ich dachte erst, es wäre billig verarbeitet, aber es ist sehr stabil.",
                "billig verarbeitet",
            ),
            (
                "J'avais peur que ce soit fragile mais c'est très solide.",
                "fragile",
            ),
        ] {
            let (s, terms) = triage(text);
            assert!(!terms.iter().any(|t| t == feared), "{text:?}: {terms:?}");
            assert!(s > 0.0, "{text:?} should read as praise, got {s}");
        }
        // An expectation the product did not meet: the praise expected counts nothing.
        let (s, terms) = triage("I thought it would be great but it broke after a week.");
        assert!(!terms.iter().any(|t| t == "great"), "{terms:?}");
        assert!(s < 0.0);
    }

    #[test]
    fn without_a_turn_the_cue_changes_nothing() {
        // No contrast after the cue: what follows stands.
        let (s, terms) = triage("I expected better, it broke after a day.");
        assert!(terms.iter().any(|t| t == "broke after"), "{terms:?}");
        assert!(s < 0.0);
        // A sentence end stops the cue before the turn.
        let (_, terms) = triage("I was worried. It arrived broken, but the seller replaced it.");
        assert!(terms.iter().any(|t| t.contains("broken")), "{terms:?}");
    }
}
