//! How far the cues of a language reach: word boundaries, and the `[scope]` table of a
//! lexicon file (negation that reaches back to the verb of its clause, per-cue negation
//! windows, intensifiers that weigh the word before them).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::normalize::fold;

/// How terms of a language meet the surrounding text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Boundary {
    /// Terms start and end at word boundaries (a trailing `*` lifts the end).
    #[default]
    Word,
    /// Terms match anywhere (scripts written without spaces).
    None,
}

/// The `[scope]` table of a lexicon file. Every list names cues of the same file (as
/// written; they are folded when the lexicon is compiled).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Scope {
    /// `negation_before` cues that, when they negate nothing ahead of them in their
    /// clause, reach back to the verb before them (verb-second order: German
    /// "funktioniert das Kabel nicht", Dutch "werkt helemaal niet", Swedish "fungerar
    /// inte", colloquial French "ça marche pas").
    #[serde(default)]
    pub negation_back: Vec<String>,
    /// Words (or characters) such a cue reaches back.
    #[serde(default)]
    pub negation_back_window: u32,
    /// Words that end the reach back (coordinating conjunctions: in "gut und nicht
    /// teuer" the "nicht" belongs to what follows "und").
    #[serde(default)]
    pub negation_back_stops: Vec<String>,
    /// Finite verbs (copulas) after which a complaint term that opens its clause is
    /// reached by such a cue too: "Schlecht ist es nicht", "Slecht is het niet",
    /// "Dåligt är det inte" (the adjective stands before the verb, the negation after).
    #[serde(default)]
    pub negation_back_copulas: Vec<String>,
    /// Negation cues that reach further (or less far) than `negation_window`: Chinese
    /// 没有 negates a whole comparison ("没有宣传的那么好"), 不 the next word only.
    #[serde(default)]
    pub negation_windows: BTreeMap<String, u32>,
    /// `[intensifiers]` that weigh the sentiment word before them (Arabic "سيء جدا",
    /// Chinese "差极了").
    #[serde(default)]
    pub intensifiers_after: Vec<String>,
    /// How many of the language's `[intensifiers]` or `phrase_fillers` a multi-word
    /// entry may hold between its words ("runs very small" for "runs small"); 0: none.
    #[serde(default)]
    pub phrase_gap: u32,
    /// Words besides the intensifiers a phrase may hold so (short fillers: "just",
    /// "also", "halt").
    #[serde(default)]
    pub phrase_fillers: Vec<String>,
    /// The fillers lowercased with their accents kept, filled when the table is
    /// folded: a word written with another accent is another word ("hält", holds, is
    /// no "halt").
    #[serde(skip)]
    pub phrase_fillers_written: Vec<String>,
    /// Intensifiers a phrase may not hold: they change what the words around them mean
    /// ("bien trop fin", far too thin, is no "bien fini", well finished).
    #[serde(default)]
    pub phrase_gap_not: Vec<String>,
    /// How many words (characters, for `boundary = "none"`) a gapped entry (`"slutade …
    /// fungera"`) may hold at its gap.
    #[serde(default)]
    pub phrase_gap_words: u32,
    /// Words that open a clause about how things were at first ("at first", "anfangs",
    /// "最初は"): praise in that clause is about a past state when a complaint follows
    /// (`triage.past_praise_factor`).
    #[serde(default)]
    pub past_openers: Vec<String>,
    /// Connective endings (Japanese て-form "て", "で") that end a clause for a negation
    /// placed after the word: when one stands between a term and such a negation and a
    /// word of another script follows it (a new predicate: "説明と違って防水ではない",
    /// the negation is about 防水), the negation does not reach back over it. Followed
    /// by the same script it stays in the verb ("壊れてはいない", "届いていない").
    #[serde(default)]
    pub negation_edges: Vec<String>,
    /// A `negation_edges` ending with the start of an auxiliary that keeps it in its verb
    /// when a word of the same script follows (ja "てい", "ては", "てる", "でき":
    /// 壊れているわけではない, 届いてはいない). When the list is not empty, the ending
    /// before any other word of the same script is an edge too: 説明と違ってきれいではない
    /// negates きれい, not 説明と違.
    #[serde(default)]
    pub negation_edge_keeps: Vec<String>,
    /// Negation endings written glued to the word they negate (Korean "지않", "지못":
    /// 좋지않아요, 만족스럽지못해요): found inside the word after the term, they negate the
    /// term as the spaced form does.
    #[serde(default)]
    pub negation_glued: Vec<String>,
    /// Words that join the items of a list a negation reaches ("or", "oder", "ni"): in
    /// "no fading or shrinking" both items are negated (`core/src/triage/coordination.rs`).
    #[serde(default)]
    pub coordinators: Vec<String>,
    /// Words of a fear or an expectation ("was worried", "dachte", "avais peur"): the
    /// terms after one, up to a contrast cue in the same sentence, are not asserted and
    /// count nothing (`core/src/triage/expectation.rs`).
    #[serde(default)]
    pub expectation_cues: Vec<String>,
    /// `clause_breaks` that also turn the message, as a `contrast` cue does, where they
    /// open a clause after a comma, semicolon or dash: Russian "а", Polish "a" ("Красивый,
    /// а через неделю сломался"); elsewhere they stay plain breaks ("чай а также кофе").
    #[serde(default)]
    pub contrast_after_comma: Vec<String>,
    /// `contrast` cues that may stand inside their clause, after its finite verb
    /// (verb-second order: German "sieht gut aus, hält aber nicht lange", Dutch
    /// "houdt het echter niet lang", Swedish "håller dock inte länge"). Standing so,
    /// with clause punctuation at most `contrast_inside_window` words before it, such
    /// a cue turns the message where its clause starts, is no clause break inside
    /// it, and a phrase may hold it between its words as a filler
    /// (`core/src/triage/turn.rs`).
    #[serde(default)]
    pub contrast_inside: Vec<String>,
    /// Words a `contrast_inside` cue may stand after the start of its clause.
    #[serde(default)]
    pub contrast_inside_window: u32,
    /// Words after a lexicon's `evaluated` term within which a negative sentiment term
    /// makes its clause a complaint of the term's category (`evaluated.rs`).
    #[serde(default)]
    pub evaluated_window: u32,
    /// Negation cues written with an accent that count only where the text writes it
    /// (Italian "né", nor, is no "ne", of it: `core/src/triage/written.rs`).
    #[serde(default)]
    pub negation_written: Vec<String>,
    /// Those cues lowercased with their accents kept, filled when the table is folded.
    #[serde(skip)]
    pub negation_written_as: Vec<String>,
    /// Conditional and counterfactual cues ("would have been", "wäre", "sarebbe"):
    /// praise right after one counts as negated when a word of `irrealis_conditions`
    /// follows it in the same sentence (`core/src/triage/irrealis.rs`).
    #[serde(default)]
    pub irrealis_cues: Vec<String>,
    /// The words that open the condition of an `irrealis_cues` praise ("if", "wenn",
    /// "si", "если"): "It would have been great if it worked".
    #[serde(default)]
    pub irrealis_conditions: Vec<String>,
    /// `negation_before` cues of lack ("without", "ohne", "sans"): a complaint term
    /// ending with one ("arrived without") names what is missing by the word after it
    /// (`core/src/triage/privative.rs`).
    #[serde(default)]
    pub privative: Vec<String>,
    /// Negation cues that ask a yes-no question between two copies of the same character
    /// (Chinese A-not-A: 是不是, 有没有, 能不能): they negate nothing there
    /// (`core/src/triage/question.rs`).
    #[serde(default)]
    pub question_negations: Vec<String>,
    /// Words ending in the character before such a cue that keep it a negation
    /// ("还是不是很满意": 还是, then 不是很满意); clause breaks ("但是") do as well.
    #[serde(default)]
    pub question_stops: Vec<String>,
    /// The last character of an entry written as a verb's negative stem and the start of
    /// the negation it takes (Japanese "わな", "わず" of 二度と買わ, "かな" of 一つしか):
    /// that negation placed right after such an entry is its own ending, not a negation
    /// of it (`[negated.*]` entries still need it).
    #[serde(default)]
    pub negative_stems: Vec<String>,
}

impl Scope {
    /// The same table with every cue folded, as entries are matched.
    pub(crate) fn folded(&self) -> Scope {
        let f = |v: &[String]| v.iter().map(|t| fold(t.trim())).collect();
        Scope {
            negation_back: f(&self.negation_back),
            negation_back_window: self.negation_back_window,
            negation_back_stops: f(&self.negation_back_stops),
            negation_back_copulas: f(&self.negation_back_copulas),
            negation_windows: self
                .negation_windows
                .iter()
                .map(|(k, v)| (fold(k.trim()), *v))
                .collect(),
            intensifiers_after: f(&self.intensifiers_after),
            phrase_gap: self.phrase_gap,
            phrase_fillers: f(&self.phrase_fillers),
            phrase_fillers_written: (self.phrase_fillers.iter())
                .map(|t| {
                    super::normalize::fold_accented(t.trim())
                        .1
                        .unwrap_or_else(|| fold(t.trim()))
                })
                .collect(),
            phrase_gap_not: f(&self.phrase_gap_not),
            phrase_gap_words: self.phrase_gap_words,
            past_openers: f(&self.past_openers),
            negation_edges: f(&self.negation_edges),
            negation_edge_keeps: f(&self.negation_edge_keeps),
            negation_glued: f(&self.negation_glued),
            coordinators: f(&self.coordinators),
            expectation_cues: f(&self.expectation_cues),
            contrast_after_comma: f(&self.contrast_after_comma),
            contrast_inside: f(&self.contrast_inside),
            contrast_inside_window: self.contrast_inside_window,
            evaluated_window: self.evaluated_window,
            negation_written: f(&self.negation_written),
            negation_written_as: (self.negation_written.iter())
                .map(|t| {
                    super::normalize::fold_accented(t.trim())
                        .1
                        .unwrap_or_else(|| fold(t.trim()))
                })
                .collect(),
            irrealis_cues: f(&self.irrealis_cues),
            irrealis_conditions: f(&self.irrealis_conditions),
            privative: f(&self.privative),
            question_negations: f(&self.question_negations),
            question_stops: f(&self.question_stops),
            negative_stems: f(&self.negative_stems),
        }
    }

    /// Whether the folded clause break `term`, starting where `before` (the text before
    /// it) ends, turns the message: one of `contrast_after_comma` right after a comma,
    /// semicolon or dash.
    pub(crate) fn turns_after_comma(&self, term: &str, before: &str) -> bool {
        self.contrast_after_comma.iter().any(|t| t == term)
            && before
                .trim_end()
                .ends_with([',', ';', '-', '\u{2013}', '\u{2014}'])
    }

    /// Whether the folded word `word` is a copula a fronted complaint term may stand
    /// before (see `negation_back_copulas`).
    pub(crate) fn copula(&self, word: &str) -> bool {
        self.negation_back_copulas.iter().any(|t| t == word)
    }

    /// Whether the folded cue `term` reaches back.
    pub(crate) fn reaches_back(&self, term: &str) -> bool {
        self.negation_back_window > 0 && self.negation_back.iter().any(|t| t == term)
    }

    /// How far the folded negation cue `term` reaches.
    pub(crate) fn negation_window(&self, term: &str, default: u32) -> u32 {
        self.negation_windows.get(term).copied().unwrap_or(default)
    }

    /// Whether the folded intensifier `word` may stand inside a phrase.
    pub(crate) fn skippable(&self, word: &str) -> bool {
        !self.phrase_gap_not.iter().any(|t| t == word)
    }

    /// Whether the folded word `word` is a filler a phrase may hold between its words,
    /// and, when the text was written with accents, the word as written (`written`,
    /// lowercased, accents kept) is written as that filler is.
    pub(crate) fn filler(&self, word: &str, written: Option<&str>) -> bool {
        (self.phrase_fillers.iter().zip(&self.phrase_fillers_written))
            .any(|(t, w)| t == word && written.is_none_or(|x| x == w))
            || (self.contrast_inside_window > 0 && self.contrast_inside.iter().any(|t| t == word))
    }

    /// The folded negation cue `term` as written, if it counts only where the text
    /// writes it so (`negation_written`).
    pub(crate) fn written_cue(&self, term: &str) -> Option<&str> {
        (self.negation_written.iter().zip(&self.negation_written_as))
            .find(|(t, _)| *t == term)
            .map(|(_, w)| w.as_str())
    }

    /// Byte spans of the past-state openers in the folded `text`, by start.
    pub(crate) fn openers(&self, text: &str, boundary: Boundary) -> Vec<(usize, usize)> {
        let mut out = cue_spans(&self.past_openers, text, boundary);
        out.sort_unstable();
        out
    }

    /// Whether `gap` (the text between a term and a negation placed after it) holds a
    /// `negation_edges` ending followed by a letter of another script.
    pub(crate) fn edge_in(&self, gap: &str) -> bool {
        self.negation_edges
            .iter()
            .filter(|t| !t.is_empty())
            .any(|t| {
                gap.match_indices(t.as_str()).any(|(i, m)| {
                    let last = m.chars().next_back();
                    let rest = gap.get(i + m.len()..).unwrap_or_default();
                    let next = rest.chars().next();
                    let from = gap.get(i..).unwrap_or_default();
                    let keeps = self.negation_edge_keeps.is_empty()
                        || (self.negation_edge_keeps.iter()).any(|k| from.starts_with(k.as_str()));
                    next.is_some_and(|n| {
                        n.is_alphanumeric() && (last.map(script) != Some(script(n)) || !keeps)
                    })
                })
            })
    }

    /// Whether the word in which the term `term` (as written) matched at `text[s..e]`
    /// ends holds a `negation_glued` ending after the term's last word.
    /// Endings written with a leading `-` count only for a `topic` term (a category
    /// or negated-only term: 연락없음), not for sentiment words and verdicts, whose
    /// glued forms are entries of their own (재미없*) or another idiom (100점없나).
    pub(crate) fn glued(
        &self,
        text: &str,
        (s, e): (usize, usize),
        term: &str,
        topic: bool,
    ) -> bool {
        if self.negation_glued.is_empty() {
            return false;
        }
        let span = text.get(s..e).unwrap_or_default();
        // The start of the span's last word, and the length of the term's last word.
        let start = span
            .char_indices()
            .rfind(|&(_, c)| !c.is_alphanumeric())
            .map_or(s, |(i, c)| s + i + c.len_utf8());
        let last =
            (term.trim_end_matches('*').split_whitespace().last()).map_or(0, |w| w.chars().count());
        let word = text.get(start..).unwrap_or_default();
        (word.char_indices().nth(last))
            .and_then(|(i, _)| word.get(i..))
            .is_some_and(|rest| self.glued_in(rest, topic))
    }

    /// Whether `rest` (the rest of the word a term starts, after the term) holds a
    /// `negation_glued` ending; one written with a leading `-` ("-없") only right after
    /// the term (연락없음, not 재미더럽게없네).
    pub(crate) fn glued_in(&self, rest: &str, topic: bool) -> bool {
        let word = rest.split(|c: char| !c.is_alphanumeric()).next();
        (self.negation_glued.iter()).any(|t| match t.strip_prefix('-') {
            Some(next) => topic && !next.is_empty() && word.is_some_and(|w| w.starts_with(next)),
            None => !t.is_empty() && word.is_some_and(|w| w.contains(t.as_str())),
        })
    }

    /// Whether the folded intensifier `term` weighs the word before it.
    pub(crate) fn after(&self, term: &str) -> bool {
        self.intensifiers_after.iter().any(|t| t == term)
    }
}

/// A coarse script class of a letter: hiragana, katakana, or any other (0).
fn script(c: char) -> u8 {
    match c {
        '\u{3041}'..='\u{309F}' => 1,
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => 2,
        _ => 0,
    }
}

/// Byte spans of the folded `cues` in the folded `text`, at word boundaries (anywhere when
/// the language writes no spaces).
pub(crate) fn cue_spans(cues: &[String], text: &str, boundary: Boundary) -> Vec<(usize, usize)> {
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::super::builtin::BUILTIN;
    use super::super::normalize::fold;
    use super::{Boundary, Scope};

    /// The parts of a lexicon file a `[scope]` table refers to.
    #[derive(Deserialize)]
    struct Cues {
        #[serde(default)]
        negation_before: Vec<String>,
        #[serde(default)]
        negation_after: Vec<String>,
        #[serde(default)]
        intensifiers: BTreeMap<String, serde_json::Value>,
        #[serde(default)]
        scope: Scope,
    }

    #[test]
    fn past_openers_are_found_at_word_boundaries() {
        let scope = Scope {
            past_openers: vec!["at first".into(), "最初は".into()],
            ..Scope::default()
        }
        .folded();
        let text = "at first fine, then broke; that first one, flat firstly";
        assert_eq!(scope.openers(text, Boundary::Word), vec![(0, 8)]);
        assert!(scope.openers("what first", Boundary::Word).is_empty());
        assert!(scope.openers("cat firsts", Boundary::Word).is_empty());
        let ja = "最初は良かった";
        assert_eq!(scope.openers(ja, Boundary::None), vec![(0, "最初は".len())]);
    }

    #[test]
    fn a_clause_break_turns_the_message_only_after_a_comma() {
        let scope = Scope {
            contrast_after_comma: vec!["А".into()],
            ..Scope::default()
        }
        .folded();
        assert!(scope.turns_after_comma("а", "красивый,"));
        assert!(scope.turns_after_comma("а", "красивый, "));
        assert!(scope.turns_after_comma("а", "красивый \u{2014} "));
        assert!(!scope.turns_after_comma("а", "чай "));
        assert!(!scope.turns_after_comma("а", ""));
        assert!(!scope.turns_after_comma("но", "красивый, "));
        assert!(!Scope::default().turns_after_comma("а", "красивый, "));
    }

    #[test]
    fn a_te_form_is_an_edge_before_another_script_only() {
        let scope = Scope {
            negation_edges: vec!["て".into(), "で".into()],
            ..Scope::default()
        }
        .folded();
        assert!(scope.edge_in("って防水"));
        assert!(scope.edge_in("てカバー"));
        assert!(!scope.edge_in("てはい"));
        assert!(!scope.edge_in("てい"));
        assert!(!scope.edge_in("て"));
        assert!(!Scope::default().edge_in("って防水"));
        // With the auxiliaries declared, another word of the same script is an edge too.
        let keeps = Scope {
            negation_edges: vec!["て".into(), "で".into()],
            negation_edge_keeps: vec!["てい".into(), "ては".into()],
            ..Scope::default()
        }
        .folded();
        assert!(keeps.edge_in("ってきれい"));
        assert!(keeps.edge_in("って防水"));
        assert!(!keeps.edge_in("ているわけ"));
        assert!(!keeps.edge_in("てはい"));
        assert!(!keeps.edge_in("て"));
    }

    #[test]
    fn a_glued_negation_is_found_in_the_rest_of_its_word_only() {
        let scope = Scope {
            negation_glued: vec!["지않".into(), "지못".into()],
            ..Scope::default()
        }
        .folded();
        assert!(scope.glued_in("지않아요", false));
        assert!(scope.glued_in("스럽지못해요", false));
        assert!(!scope.glued_in("아요 지않", false));
        assert!(!scope.glued_in("지 않아요", false));
        assert!(!scope.glued_in("", false));
        assert!(scope.glued(
            "배송이 빠르지않아요",
            (0, "배송이 빠르".len()),
            "배송이 빠르*",
            false
        ));
        assert!(scope.glued(
            "배송이 빠르지않아요",
            (0, "배송이 빠르지않아요".len()),
            "배송이 빠르*",
            false
        ));
        assert!(!scope.glued("좋지않아요", (0, "좋지않아요".len()), "좋지않*", false));
        assert!(!scope.glued("좋아요 지않", (0, "좋".len()), "좋*", false));
        // An ending written "-없" counts right after a topic term only.
        let ko = Scope {
            negation_glued: vec!["-없".into()],
            ..Scope::default()
        }
        .folded();
        assert!(ko.glued_in("없음", true));
        assert!(!ko.glued_in("없음", false));
        assert!(!ko.glued_in("더럽게없네", true));
    }

    #[test]
    fn every_scope_table_names_cues_of_its_own_file() {
        for (name, text) in BUILTIN {
            let file: Cues = serde_json::from_str(text).expect("lexicon parses");
            let folded = |v: &[String]| v.iter().map(|t| fold(t)).collect::<Vec<_>>();
            let before = folded(&file.negation_before);
            let mut negations = before.clone();
            negations.extend(folded(&file.negation_after));
            let intensifiers: Vec<String> = file.intensifiers.keys().map(|t| fold(t)).collect();
            let scope = file.scope.folded();
            for t in &scope.negation_back {
                assert!(
                    before.contains(t),
                    "{name}: negation_back {t:?} is no negation_before cue"
                );
            }
            for t in scope.negation_windows.keys() {
                assert!(
                    negations.contains(t),
                    "{name}: negation_windows {t:?} is no negation cue"
                );
            }
            for t in scope.intensifiers_after.iter().chain(&scope.phrase_gap_not) {
                assert!(
                    intensifiers.contains(t),
                    "{name}: intensifiers_after or phrase_gap_not {t:?} is no intensifier"
                );
            }
            assert!(
                scope.negation_back.is_empty() || scope.negation_back_window > 0,
                "{name}: negation_back needs a negation_back_window"
            );
        }
    }
}
