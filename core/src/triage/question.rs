//! Negation cues that negate nothing where they stand (`[scope]` of a lexicon file):
//!
//! - **A-not-A questions** (`question_negations`): Chinese asks a yes-no question by
//!   a word, its negation and the word again (是不是坏了, "is it broken?"; 有没有货,
//!   能不能退, 会不会坏): a cue between two copies of the same character asks, and the
//!   complaint after it keeps its reading. Not where the first copy ends a word of
//!   `question_stops` or a clause break ("但是不是很好用": 但是, then 不是很好用).
//! - **Negative stems** (`negative_stems`): an entry written as a verb's negative stem
//!   (Japanese 二度と買わ, 一つしか, whose ない completes it: 二度と買わない, 一つしかない)
//!   is not negated by the negation that stem takes placed right after it: that negation
//!   is its own ending (a copular じゃない after 静か still negates it).
//!   Negated-only entries (`[negated.*]`: 動か, 届か) still need it to count.

use super::scope::Scope;

/// Whether the negation cue at `text[s..]` stands between two copies of one character
/// (an A-not-A question), the first of which ends no word of `question_stops` and no
/// clause break (`break_end(s)`).
pub(crate) fn a_not_a(scope: &Scope, text: &str, s: usize, break_end: bool) -> bool {
    if scope.question_negations.is_empty() || break_end {
        return false;
    }
    let head = text.get(..s).unwrap_or_default();
    let Some(a) = head.chars().next_back().filter(|c| c.is_alphanumeric()) else {
        return false;
    };
    let asks = scope.question_negations.iter().any(|q| {
        !q.is_empty()
            && text
                .get(s..)
                .and_then(|r| r.strip_prefix(q.as_str()))
                .is_some_and(|r| r.starts_with(a))
    });
    asks && !scope
        .question_stops
        .iter()
        .any(|w| !w.is_empty() && head.ends_with(w.as_str()))
}

/// Whether an entry `term` (as folded) ends in a `negative_stems` ending and the text
/// after it (`after`) goes on with the negation that ending takes: each item is the
/// stem's last character and the start of its negation ("かな": 一つしか + ない,
/// "わず": 二度と買わ + ず), so a negation right after it is its own ending.
pub(crate) fn negative_stem(scope: &Scope, term: &str, after: &str) -> bool {
    let term = term.trim_end_matches('*');
    scope.negative_stems.iter().any(|t| {
        let mut c = t.chars();
        c.next().is_some_and(|last| {
            term.ends_with(last) && !c.as_str().is_empty() && after.starts_with(c.as_str())
        })
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test
mod tests {
    use super::super::scope::Scope;
    use super::{a_not_a, negative_stem};

    fn zh() -> Scope {
        Scope {
            question_negations: vec!["不".into(), "没".into()],
            question_stops: vec!["还是".into(), "可能".into()],
            ..Scope::default()
        }
        .folded()
    }

    /// Whether triage read `term` in `text` (sent from `country`) negated.
    fn negated(text: &str, country: &str, term: &str) -> Option<bool> {
        let t = crate::triage::test_support::triage_of(text, country);
        let list = t["terms"].as_array().cloned().unwrap_or_default();
        (list.iter())
            .find(|x| x["term"].as_str() == Some(term))
            .map(|x| x["negated"].as_bool().unwrap_or(false))
    }

    #[test]
    fn triage_reads_the_complaint_of_a_question_and_of_a_negative_stem() {
        assert_eq!(negated("这个是不是坏了？", "CN", "坏了"), Some(false));
        assert_eq!(negated("质量是不是有问题", "CN", "有问题"), Some(false));
        assert_eq!(negated("但是不是很好用", "CN", "很好用"), Some(true));
        assert_eq!(
            negated("もう二度と買わなかった", "JP", "二度と買わ"),
            Some(false)
        );
        assert_eq!(negated("部品が片方しかない", "JP", "片方しか"), Some(false));
        assert_eq!(
            negated("説明と違ってきれいではない", "JP", "説明と違"),
            Some(false)
        );
        assert_eq!(negated("壊れているわけではない", "JP", "壊れ"), Some(true));
    }

    fn at(text: &str, cue: &str) -> usize {
        text.find(cue).unwrap()
    }

    #[test]
    fn a_cue_between_two_copies_of_a_character_asks() {
        let z = zh();
        for (text, cue) in [
            ("是不是坏了", "不"),
            ("有没有货", "没"),
            ("能不能退款", "不"),
            ("会不会坏", "不"),
            ("这个可不可以退", "不"),
        ] {
            assert!(a_not_a(&z, text, at(text, cue), false), "{text}");
        }
        for (text, cue) in [
            ("但是不是很好用", "不"),
            ("还是不是很满意", "不"),
            ("可能不能用了", "不"),
            ("是不好", "不"),
            ("不是坏的", "不"),
        ] {
            let brk = text.starts_with("但是");
            assert!(!a_not_a(&z, text, at(text, cue), brk), "{text}");
        }
        assert!(!a_not_a(&Scope::default(), "是不是坏了", 3, false));
    }

    #[test]
    fn an_entry_ending_in_a_negative_stem_owns_the_negation_after_it() {
        let ja = Scope {
            negative_stems: vec!["わな".into(), "わず".into(), "かな".into()],
            ..Scope::default()
        }
        .folded();
        assert!(negative_stem(&ja, "二度と買わ", "なかった"));
        assert!(negative_stem(&ja, "二度と買わ", "ず、"));
        assert!(negative_stem(&ja, "一つしか", "ない"));
        assert!(!negative_stem(&ja, "壊れ", "ない"));
        // A copular negation does not follow a negative stem: 静かじゃない negates 静か.
        assert!(!negative_stem(&ja, "静か", "じゃない"));
    }
}
