//! Scoring the terms found in a text: category evidence, sentiment and signals.
//!
//! - A category term counts its weight for its category (unless negated, except in the
//!   `negation_keeps_categories`: "I can't cancel my order") and, when its
//!   weight is positive, `complaint_sentiment` against sentiment; a negated-only entry
//!   ("not arrived") counts only when negated. A term below `topic_below` or listed
//!   under a lexicon's `topics` names a topic ("quality", "客服") and, unless it is also
//!   a negative sentiment word, counts nothing against sentiment when praise stands next
//!   to it in its clause ("качество супер"), or when the message praises and holds no
//!   other complaint ("东西很好，客服回复快").
//! - A term of the `praised_categories` (a refund, a return) with praise in its clause
//!   counts nothing against sentiment either: "Rückerstattung kam schnell, danke".
//! - When a `[resolved]` term ("sorted it out", "gelöst", "解决了") counts as praise after
//!   the message's turn and nothing complains after it, the complaint terms and negative words before it count
//!   nothing against sentiment (their categories still count) and courtesy counts as
//!   in a message without complaint (`resolved.rs`).
//! - In a message without an evaluative word (no sentiment term or fixed phrase counts),
//!   a complaint term that alone reaches `min_category_score` counts
//!   `complaint_sentiment` × `factual_complaint_factor`: "The parcel never arrived".
//!   After the last contrast cue with no evaluative word after it, such a term counts
//!   `complaint_sentiment` × `turned_fact_factor`: "Nice colour, but it broke".
//! - A low star verdict (`stars.rs`) keeps its weight when negated ("doesn't even
//!   deserve one star").
//! - Where a complaint term and a negative sentiment term overlap (Arabic "سيء" is
//!   both), the sentiment weight counts and the complaint `complaint_sentiment` times
//!   `overlap_complaint_factor` (1: both readings count; 0 would count the word once).
//! - A sentiment term counts its weight times its intensifier. Negated, a positive term
//!   counts `negated_sentiment_factor` times ("not happy"), a negative one
//!   `negated_negative_factor` times ("not bad" is no praise).
//! - Around the last contrast cue of a language ("but"), the sentiment and complaint
//!   weight of a term before it counts `contrast_before_factor` times, after it
//!   `contrast_after_factor` times.
//! - Praise in the clause of a past-state opener (`[scope] past_openers`: "at first
//!   it worked great") counts `past_praise_factor` times when a complaint follows it.
//! - Courtesy terms ("thanks") count their positive sentiment only when nothing in the
//!   message complains; otherwise `politeness_factor` times.
//! - A signal is raised unless negated, except the `negation_keeps_signals` ones ("I
//!   can't reach an agent" still asks for one) when their word is no complaint term of
//!   its own: "no complaint", "keine Beschwerde", "没有投诉" negate the complaint itself.
//!   A message whose only complaint is a raised signal counts `complaint_sentiment`
//!   against sentiment once. A phrase listed under the signal `none` takes its span and
//!   raises nothing, so it hides a shorter signal term inside it.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::lexicon::{Kind, Lexicon};
use super::resolve::{Hit, Side};
use super::{EntryKind, MatchedTerm, TriagePolicy};
use crate::case::Category;
use crate::name::Name;

/// What the text's terms add up to.
pub(crate) struct TextEvidence {
    pub categories: BTreeMap<Category, Decimal>,
    pub raw_sentiment: Decimal,
    /// The part of `raw_sentiment` that expletives contributed (at most zero).
    pub expletive_sentiment: Decimal,
    pub signals: BTreeSet<String>,
    pub terms: Vec<MatchedTerm>,
}

/// Scores the resolved terms of a text (see the module notes).
pub(crate) fn text_evidence(p: &TriagePolicy, lexicon: &Lexicon, hits: &[Hit]) -> TextEvidence {
    let entry = |h: &Hit| lexicon.entries.get(h.entry);
    let sentiment = |h: &Hit| {
        entry(h).filter(|e| e.kind == Kind::Sentiment).map(|e| {
            let w = e.weight * h.factor;
            match (h.negated, e.weight < Decimal::ZERO) {
                (false, _) => w,
                // "doesn't even deserve one star" still gives one star.
                (true, true) if e.low_star => w,
                (true, true) => w * p.negated_negative_factor.0,
                (true, false) => w * p.negated_sentiment_factor.0,
            }
        })
    };
    let negative = Spans::new(
        (hits.iter())
            .filter(|h| sentiment(h).is_some_and(|w| w < Decimal::ZERO))
            .map(|h| h.span),
    );
    let negated_topics = Spans::new(
        (hits.iter())
            .filter(|h| h.negated && entry(h).is_some_and(|e| matches!(e.kind, Kind::Category(_))))
            .map(|h| h.span),
    );
    // "Nice colour, but it broke": the part after the turn weighs more.
    let turn = |h: &Hit| match h.side {
        Side::Whole => Decimal::ONE,
        Side::Before => p.contrast_before_factor.0,
        Side::After => p.contrast_after_factor.0,
    };
    // A category term that names a topic: a weak one, or one the lexicon lists.
    let topic = |h: &Hit| {
        entry(h).is_some_and(|e| {
            matches!(e.kind, Kind::Category(_)) && (e.weight < p.topic_below.0 || e.topic)
        })
    };
    // Whether the message evaluates at all, and whether it praises: a sentiment term
    // or fixed phrase that counts (courtesy aside).
    let weighs = |h: &Hit| {
        entry(h).and_then(|e| match e.kind {
            Kind::Sentiment if !e.polite => sentiment(h).map(|w| w * turn(h)),
            Kind::Fixed => Some(e.weight),
            _ => None,
        })
    };
    let evaluative = hits.iter().any(|h| weighs(h).is_some_and(|w| !w.is_zero()));
    // What the buyer comes to after a turn is told on its own: "Nice colour, but it
    // broke after a day" tells its complaint as a fact, whatever it praised before.
    let evaluative_after = hits
        .iter()
        .any(|h| h.side != Side::Before && weighs(h).is_some_and(|w| !w.is_zero()));
    let told_after_turn = |h: &Hit| h.side == Side::After && evaluative && !evaluative_after;
    let praise = hits
        .iter()
        .any(|h| weighs(h).is_some_and(|w| w > Decimal::ZERO));
    let counts_category =
        |h: &Hit, c: &Category| !h.negated || p.negation_keeps_categories.contains(c);
    // Unnegated praise (courtesy aside), and the complaint terms it is about: a term
    // inside a praise term ("wie beschrieben" holds "beschrieben"), or a term listed as
    // a topic with praise in its clause ("Die Größe passt perfekt"; a weak hint is no
    // such topic: "auf den Fotos hochwertig" compares the photo). They count
    // `affirmed_category_factor` times their category weight and complain of nothing.
    let praised_spans = Spans::new(
        (hits.iter())
            .filter(|h| {
                !h.negated
                    && entry(h).is_some_and(|e| {
                        e.kind == Kind::Sentiment && !e.polite && e.weight > Decimal::ZERO
                    })
            })
            .map(|h| h.span),
    );
    let affirmed = |h: &Hit| {
        !h.negated
            && !negative.overlaps(h.span)
            && entry(h)
                .is_some_and(|e| matches!(e.kind, Kind::Category(_)) && e.weight > Decimal::ZERO)
            && (praised_spans.covers(h.span) || h.praised && entry(h).is_some_and(|e| e.topic))
    };
    // Whether a term complains: a counted category term of positive weight (negative
    // weights are counter-evidence, "on time"), a negated-only entry when negated, a
    // negative sentiment word.
    let complains = |h: &Hit| {
        entry(h).is_some_and(|e| match &e.kind {
            Kind::Category(c) => e.weight > Decimal::ZERO && counts_category(h, c) && !affirmed(h),
            Kind::Negated(_) => h.negated,
            Kind::Sentiment => sentiment(h).is_some_and(|w| w * turn(h) < Decimal::ZERO),
            _ => false,
        })
    };
    // "The parcel was late but your support sorted it out": the complaints before the
    // last resolution after the turn, when nothing complains after it, are resolved
    // (`resolved.rs`).
    let resolves = |h: &Hit| entry(h).is_some_and(|e| e.resolves);
    let solved = super::resolved::solved_at(
        (hits.iter())
            .filter(|h| resolves(h) && h.side == Side::After)
            .map(|h| (h.span.0, weighs(h).unwrap_or_default())),
        (hits.iter())
            .filter(|h| complains(h) && !resolves(h))
            .map(|h| h.span.0),
    );
    let resolved = |h: &Hit| solved.is_some_and(|r| h.span.0 < r);
    // Where the last complaint starts: praise of a past state counts less before one.
    let last_complaint = (hits.iter())
        .filter(|h| complains(h))
        .map(|h| h.span.0)
        .max();
    // Praise with no complaint but topic words: the topics are what is praised
    // ("东西很好，客服回复快", "Me encanta, la batería dura mucho").
    let praised_message = praise && !hits.iter().any(|h| complains(h) && !topic(h));
    // A refund or a return praised in its clause, in a message with no other complaint:
    // "Rückerstattung kam schnell" ("veio com defeito, devolvi conforme informado" keeps
    // its return a complaint).
    let service = |h: &Hit| {
        entry(h)
            .and_then(|e| e.kind.category())
            .is_some_and(|c| p.praised_categories.contains(&c))
    };
    let other_complaint = hits.iter().any(|h| complains(h) && !service(h));
    let praised_service = |h: &Hit| h.praised && service(h) && !other_complaint;
    // What a complaint term counts against sentiment.
    let penalty = |h: &Hit, weight: Decimal, turn: Decimal| {
        if resolved(h) {
            Decimal::ZERO
        } else if negative.overlaps(h.span) {
            p.complaint_sentiment.0 * p.overlap_complaint_factor.0 * turn
        } else if topic(h) && (h.praised || praised_message) || praised_service(h) {
            Decimal::ZERO
        } else if !evaluative && weight >= p.min_category_score.0 && !topic(h) {
            // "The parcel never arrived": a fact told without a verdict.
            p.complaint_sentiment.0 * p.factual_complaint_factor.0 * turn
        } else if told_after_turn(h) && weight >= p.min_category_score.0 && !topic(h) {
            // "Nice colour, but it broke after a day".
            p.complaint_sentiment.0 * p.turned_fact_factor.0 * turn
        } else {
            p.complaint_sentiment.0 * turn
        }
    };
    let mut categories: BTreeMap<Category, Decimal> = BTreeMap::new();
    let mut raw = Decimal::ZERO;
    let mut polite = Decimal::ZERO;
    let mut expletive = Decimal::ZERO;
    let mut complaint = false;
    let mut signals: BTreeSet<String> = BTreeSet::new();
    let mut terms = Vec::new();
    for h in hits {
        let Some(e) = lexicon.entries.get(h.entry) else {
            continue;
        };
        let turn = turn(h);
        let complains = complains(h);
        complaint |= complains && !resolved(h);
        let counted = match &e.kind {
            Kind::Category(c) if counts_category(h, c) => {
                // A wait counts for what is awaited ("still waiting for my refund").
                let c = h.awaited.unwrap_or(*c);
                let weight = if affirmed(h) {
                    e.weight * p.affirmed_category_factor.0
                } else {
                    e.weight
                };
                if !weight.is_zero() {
                    *categories.entry(c).or_default() += weight;
                }
                if complains {
                    raw -= penalty(h, e.weight, turn);
                }
                Some((EntryKind::Category, Some(Name::Static(c.as_str()))))
            }
            Kind::Negated(c) if h.negated => {
                *categories.entry(*c).or_default() += e.weight;
                raw -= penalty(h, e.weight, turn);
                Some((EntryKind::Negated, Some(Name::Static(c.as_str()))))
            }
            Kind::Category(c) => Some((EntryKind::Category, Some(Name::Static(c.as_str())))),
            Kind::Sentiment => {
                let mut w = sentiment(h).unwrap_or_default() * turn;
                // A negative word about a problem since solved counts nothing.
                if w < Decimal::ZERO && resolved(h) {
                    w = Decimal::ZERO;
                }
                // "At first it worked great, then it stopped working".
                if h.past && w > Decimal::ZERO && last_complaint.is_some_and(|c| c >= h.span.1) {
                    w *= p.past_praise_factor.0;
                }
                if e.polite && w > Decimal::ZERO {
                    polite += w;
                } else {
                    raw += w;
                    if e.expletive && w < Decimal::ZERO {
                        expletive += w;
                    }
                }
                Some((EntryKind::Sentiment, None))
            }
            Kind::Fixed => {
                raw += e.weight;
                Some((EntryKind::FixedPhrase, None))
            }
            Kind::Signal(s) if **s == *"none" => None,
            Kind::Signal(s) => {
                let kept = p.negation_keeps_signals.iter().any(|k| **k == **s)
                    && !negated_topics.overlaps(h.span);
                if !h.negated || kept {
                    signals.insert(s.to_string());
                }
                Some((EntryKind::Signal, Some(s.clone())))
            }
            _ => None,
        };
        if let Some((kind, target)) = counted {
            if terms.len() < p.max_reported_terms {
                terms.push(MatchedTerm {
                    term: e.term.clone(),
                    lexicon: lexicon
                        .langs
                        .get(e.lang)
                        .map(|l| l.code.clone())
                        .unwrap_or_default(),
                    kind,
                    target,
                    weight: e.weight_text.clone(),
                    negated: h.negated,
                });
            }
        }
    }
    // A threat, an accusation or a call for a manager is a complaint even when no other
    // word complains; where one does, the signal adds nothing more to sentiment (it
    // already raises urgency and risk on its own).
    if !complaint && !signals.is_empty() {
        raw -= p.complaint_sentiment.0;
        complaint = true;
    }
    raw += if complaint {
        polite * p.politeness_factor.0
    } else {
        polite
    };
    TextEvidence {
        categories,
        raw_sentiment: raw,
        expletive_sentiment: expletive,
        signals,
        terms,
    }
}

/// Byte spans asked "does any of you overlap this one?" in O(log n) per question, so
/// scoring stays O(m log m) in a text's matches however many of them overlap.
struct Spans {
    /// (start, end) sorted by start, each end raised to the largest end so far.
    sorted: Vec<(usize, usize)>,
}

impl Spans {
    fn new(spans: impl Iterator<Item = (usize, usize)>) -> Self {
        let mut sorted: Vec<(usize, usize)> = spans.collect();
        sorted.sort_unstable();
        let mut reach = 0;
        for s in &mut sorted {
            reach = reach.max(s.1);
            s.1 = reach;
        }
        Spans { sorted }
    }

    /// Whether one span starts at or before `span` and ends at or after its end.
    fn covers(&self, span: (usize, usize)) -> bool {
        let from = self.sorted.partition_point(|s| s.0 <= span.0);
        from.checked_sub(1)
            .and_then(|i| self.sorted.get(i))
            .is_some_and(|s| s.1 >= span.1)
    }

    /// Whether a span starting before `span` ends reaches past its start.
    fn overlaps(&self, span: (usize, usize)) -> bool {
        let before = self.sorted.partition_point(|s| s.0 < span.1);
        before
            .checked_sub(1)
            .and_then(|i| self.sorted.get(i))
            .is_some_and(|s| s.1 > span.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a test
mod tests {
    use super::Spans;
    use crate::triage::test_support::sentiment_and_category;

    /// Sentiment and category of a text.
    fn read(text: &str) -> (f64, String) {
        sentiment_and_category(text, "CH")
    }

    #[test]
    fn a_complaint_told_after_a_turn_outweighs_the_praise_before_it() {
        use crate::Engine;
        let text = crate::policy::DEFAULT_POLICY_TOML
            .replace("turned_fact_factor = \"1\"", "turned_fact_factor = \"2\"");
        let engine = Engine::from_policy_text(&text).unwrap();
        let read = |text: &str| {
            let t = crate::triage::test_support::triage_by(&engine, text, "CH");
            let s: f64 = t["sentiment"].as_str().unwrap().parse().unwrap();
            (s, t["category"].as_str().unwrap_or_default().to_owned())
        };
        // By default (1) the praise before the turn still outweighs the fact after it.
        assert!(self::read("Nice colour, but it broke after a day.").0 > 0.0);
        for text in [
            "Nice colour, but it broke after a day.",
            "Love the design, but it stopped working after a week.",
            "Красивый цвет, но сломался через день.",
        ] {
            let (s, _) = read(text);
            assert!(s <= -0.2, "{text:?} should read clearly negative, got {s}");
        }
        // Praise after the turn still wins, and the complaint keeps its category.
        let (s, c) = read("Arrived late, but the product is great.");
        assert!(s > 0.0, "{s}");
        assert_eq!(c, "delivery_delay");
        // An evaluative word after the turn keeps the usual weights.
        let (s, _) = read("A bit small, but it works perfectly.");
        assert!(s > 0.0, "{s}");
    }

    #[test]
    fn a_review_promised_in_praise_is_no_service_complaint() {
        let (s, c) = read("Great product, I will leave a good review.");
        assert!(s > 0.5, "{s}");
        assert_eq!(c, "other");
        // A review threatened stays a complaint.
        let (s, _) = read("I will leave a 1 star review");
        assert!(s < 0.0, "{s}");
    }

    #[test]
    fn a_refund_praised_in_its_clause_is_no_complaint() {
        for text in [
            "Rückerstattung kam schnell, danke!",
            "Refund was quick and easy, thanks.",
            "Remboursement rapide, merci !",
            "Återbetalningen kom snabbt, tack!",
            "Возврат денег быстрый, спасибо!",
        ] {
            let (s, c) = read(text);
            assert!(s > 0.0, "{text:?} should read as praise, got {s}");
            assert_eq!(c, "refund_status", "{text:?}");
        }
        // A refund asked for or still awaited stays a complaint, told as a fact.
        for text in [
            "I want my refund.",
            "Ich warte immer noch auf meine Rückerstattung.",
        ] {
            let (s, _) = read(text);
            assert!(s <= -0.4, "{text:?} should read as a complaint, got {s}");
        }
    }

    #[test]
    fn a_term_the_praise_is_about_sets_no_complaint_category() {
        // Inside a praise term, or a topic praised in its clause: no complaint category.
        for text in [
            "Wie beschrieben, schnelle Lieferung, alles bestens.",
            "Die Größe passt perfekt.",
            "Produit conforme à la description, livraison rapide.",
            "Arrivato in tempo, prodotto come da descrizione.",
            "La taille est parfaite.",
            "Размер подошёл идеально.",
            "Storleken passar perfekt.",
            "Customer service was excellent.",
        ] {
            let (s, c) = read(text);
            assert!(s > 0.0, "{text:?} should read as praise, got {s}");
            assert_eq!(c, "other", "{text:?}");
        }
        // A complaint about the same topic still names it.
        for (text, category) in [
            ("Nicht wie beschrieben.", "not_as_described"),
            ("Passt nicht.", "size_fit"),
            ("La taille ne correspond pas, trop petit.", "size_fit"),
            ("Размер маломерит, пришлось вернуть.", "size_fit"),
            ("The customer service is useless.", "service"),
        ] {
            let (s, c) = read(text);
            assert!(s < 0.0, "{text:?} should read as a complaint, got {s}");
            assert_eq!(c, category, "{text:?}");
        }
        // A weak hint next to praise is no praised topic: the photo is compared.
        let (_, c) = read("Sieht auf den Fotos viel hochwertiger aus. In echt billiger Kram.");
        assert_ne!(c, "other");
    }

    #[test]
    fn spans_cover_as_intervals() {
        let spans = Spans::new([(10, 12), (0, 30), (40, 45)].into_iter());
        assert!(spans.covers((20, 25)));
        assert!(spans.covers((0, 30)), "a span covers itself");
        assert!(!spans.covers((25, 35)));
        assert!(!spans.covers((39, 44)));
        let list = [(3, 5), (8, 20), (9, 10), (25, 26)];
        let index = Spans::new(list.into_iter());
        for a in 0..30 {
            for b in a + 1..31 {
                let pairwise = list.iter().any(|n| n.0 <= a && b <= n.1);
                assert_eq!(index.covers((a, b)), pairwise, "{a}..{b}");
            }
        }
    }

    #[test]
    fn spans_overlap_as_intervals() {
        let spans = Spans::new([(10, 12), (0, 30), (40, 45)].into_iter());
        assert!(spans.overlaps((20, 25)), "inside the long span");
        assert!(spans.overlaps((44, 50)));
        assert!(!spans.overlaps((30, 40)), "touching ends do not overlap");
        assert!(!spans.overlaps((50, 60)));
        assert!(!Spans::new([].into_iter()).overlaps((0, 1)));
        // The same answers as comparing every pair.
        let list = [(3, 5), (8, 20), (9, 10), (25, 26)];
        let index = Spans::new(list.into_iter());
        for a in 0..30 {
            for b in a + 1..31 {
                let pairwise = list.iter().any(|n| n.0 < b && a < n.1);
                assert_eq!(index.overlaps((a, b)), pairwise, "{a}..{b}");
            }
        }
    }
}
