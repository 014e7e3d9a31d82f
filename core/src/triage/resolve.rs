//! Resolving the raw matches of one text: fixed phrases first, overlaps (longest span
//! wins within each kind of evidence), then negation and intensifiers for what is left.
//!
//! Every step is O(m log m) in the number of matches m (bounded by `triage.max_matches`):
//! accepted spans of a group never overlap, so one ordered-map lookup tells whether a new
//! span clashes, and the nearest cue of each kind is found by binary search.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};

use super::entries::Entries;
use super::lexicon::{Boundary, Kind, LangRules};
use super::matcher::Raw;
use super::question;
use super::turn;
use crate::case::Category;

/// One accepted term in a text.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub entry: usize,
    /// Byte span in the folded text.
    pub span: (usize, usize),
    /// Praise stands in the same clause ("quality is excellent"): a topic word there
    /// names what is praised.
    pub praised: bool,
    /// Praise in the clause of a past-state opener ("at first it worked great").
    pub past: bool,
    pub negated: bool,
    pub factor: Decimal,
    /// Where the term stands against the last word of its language that turns the
    /// message ("but").
    pub side: Side,
    /// A wait's category taken from what is awaited ("still waiting for my refund":
    /// `awaited.rs`).
    pub awaited: Option<Category>,
}

/// Where a term stands against the last contrast cue of its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The text has no contrast cue of the term's language.
    Whole,
    /// Before it: the part the buyer turns away from.
    Before,
    /// After it: what the buyer comes to.
    After,
}

/// Non-overlapping accepted spans, by start.
#[derive(Default)]
struct Spans(BTreeMap<usize, usize>);

impl Spans {
    /// The accepted span overlapping `s..e` other than `s..e` itself, if any.
    fn clashes(&self, s: usize, e: usize) -> bool {
        self.0
            .range(..e)
            .next_back()
            .is_some_and(|(&a, &b)| b > s && (a, b) != (s, e))
    }

    /// Whether an accepted span strictly contains `s..e`.
    fn contains(&self, s: usize, e: usize) -> bool {
        self.0
            .range(..=s)
            .next_back()
            .is_some_and(|(&a, &b)| e <= b && (a, b) != (s, e))
    }

    /// Whether an accepted span contains or equals `s..e`.
    fn covers(&self, s: usize, e: usize) -> bool {
        self.0.range(..=s).next_back().is_some_and(|(_, &b)| e <= b)
    }
}

/// Cue positions of one language, sorted.
#[derive(Default)]
struct Cues {
    /// End, window, and start if it may reach back (`scope.negation_back`), of each
    /// negation placed before what it negates.
    before: Vec<(usize, u32, Option<usize>)>,
    /// Start and window of each negation placed after.
    after: Vec<(usize, u32)>,
    /// Start of each clause break (contrast cues included).
    breaks: Vec<usize>,
    /// Start of the last contrast cue.
    turn: Option<usize>,
    /// End and weight of each intensifier.
    intensifiers: Vec<(usize, Decimal)>,
    /// Start and weight of each intensifier placed after its word (`scope.intensifiers_after`).
    intensifiers_after: Vec<(usize, Decimal)>,
    /// Start and index in `before` of each negation that may reach back, by start.
    back: Vec<(usize, usize)>,
}

impl Cues {
    /// Whether a clause break starts within `from..to`.
    fn break_between(&self, from: usize, to: usize) -> bool {
        let k = self.breaks.partition_point(|&b| b < from);
        self.breaks.get(k).is_some_and(|&b| b < to)
    }
}

/// Resolves the raw matches found in `text` (see the module notes).
pub(crate) fn resolve(text: &str, raw: &[Raw], entries: &Entries, langs: &[LangRules]) -> Vec<Hit> {
    if raw.is_empty() {
        return Vec::new();
    }
    let entry = |ei: usize| entries.get(ei);
    // Longest first; of two as long, the stronger weight ("届かん", not received, 3
    // over "まだ届", late, 2, in "まだ届かん"), then the leftmost. Each entry's weight
    // is looked up once and ranked among the text's entries, so the sort compares
    // integers, not decimals (a long text's matches are sorted in thousands of steps).
    let strength = |ei: usize| entry(ei).map_or(Decimal::ZERO, |x| x.weight.abs());
    let mut rank: FxHashMap<usize, u32> = raw.iter().map(|r| (r.2, 0)).collect();
    let mut weights: Vec<(Decimal, usize)> = rank.keys().map(|&ei| (strength(ei), ei)).collect();
    weights.sort_unstable_by_key(|a| a.0);
    let (mut level, mut last) = (0u32, None);
    for (w, ei) in weights {
        if last.is_some_and(|l| l != w) {
            level += 1;
        }
        last = Some(w);
        rank.insert(ei, level);
    }
    let rank = |ei: usize| rank.get(&ei).copied().unwrap_or_default();
    let mut keyed: Vec<_> = (raw.iter())
        .map(|&(s, e, ei)| ((Reverse(e - s), Reverse(rank(ei)), s, ei), e))
        .collect();
    keyed.sort_unstable_by_key(|a| a.0);
    let order: Vec<Raw> = keyed
        .into_iter()
        .map(|((_, _, s, ei), e)| (s, e, ei))
        .collect();

    // Fixed phrases take their span from everything else.
    let mut fixed = Spans::default();
    for &(s, e, ei) in &order {
        if entry(ei).is_some_and(|x| x.kind == Kind::Fixed) && !fixed.clashes(s, e) {
            fixed.0.insert(s, e);
        }
    }
    // A fixed phrase also hides an entry of the same span: "no problem" counts once.
    let free = |s: usize, e: usize| !fixed.clashes(s, e) && !fixed.covers(s, e);

    // Overlaps within each group: longest span first, then leftmost.
    let mut groups: [Spans; 3] = Default::default();
    let mut complaints = Spans::default();
    let mut accepted: Vec<Raw> = Vec::new();
    for &(s, e, ei) in &order {
        let Some(x) = entry(ei) else { continue };
        if x.kind == Kind::Fixed {
            if fixed.0.get(&s) == Some(&e) {
                accepted.push((s, e, ei));
            }
            continue;
        }
        let Some(spans) = x.kind.group().and_then(|g| groups.get_mut(usize::from(g))) else {
            continue;
        };
        if free(s, e) && !spans.clashes(s, e) {
            spans.0.insert(s, e);
            accepted.push((s, e, ei));
            if matches!(x.kind, Kind::Category(_)) && x.weight > Decimal::ZERO {
                complaints.0.insert(s, e);
            }
        }
    }
    // A zero-weight entry (a guard) claims its words from the other groups too: in
    // "grille-pain" (a toaster) there is no "grillé" (burnt).
    let guards: Vec<(usize, usize)> = (accepted.iter())
        .filter(|r| entry(r.2).is_some_and(|x| x.weight.is_zero()))
        .map(|r| (r.0, r.1))
        .collect();
    if !guards.is_empty() {
        let inside =
            |s: usize, e: usize| (guards.iter()).any(|&(a, b)| a <= s && e <= b && b - a > e - s);
        accepted.retain(|&(s, e, _)| !inside(s, e));
        let claimed: Vec<usize> = (complaints.0.iter())
            .filter(|&(&s, &e)| inside(s, e))
            .map(|(&s, _)| s)
            .collect();
        for s in claimed {
            complaints.0.remove(&s);
        }
    }
    // Complaint phrases that hold their own negation ("pas conforme", "مش اصلي").
    let mut negating = Spans::default();
    for &(s, e, ei) in raw {
        if entry(ei).is_some_and(|x| matches!(x.kind, Kind::NegationBefore | Kind::NegationAfter)) {
            if let Some((&a, &b)) = complaints.0.range(..=s).next_back() {
                if e <= b {
                    negating.0.insert(a, b);
                }
            }
        }
    }
    // Praise inside a longer complaint phrase is part of the complaint ("مش اصلي", "not
    // original": the phrase holds its own negation, so "اصلي" would read as praise), and
    // so is praise overlapping a complaint phrase that holds its own negation: in "pas
    // conforme à la description" the negation of "pas conforme" also turns "conforme à
    // la description". A word that is both (pt "atendeu" / "atendimento") keeps both
    // readings.
    accepted.retain(|&(s, e, ei)| {
        !entry(ei).is_some_and(|x| x.kind == Kind::Sentiment && x.weight > Decimal::ZERO)
            || !(complaints.contains(s, e) || negating.clashes(s, e))
    });

    // Cues that are not part of a longer accepted term, except a negation ending a
    // complaint term ("arrived without": `privative.rs`).
    let mut cues: BTreeMap<usize, Cues> = BTreeMap::new();
    let mut told: Vec<(usize, usize)> = (accepted.iter())
        .filter(|r| {
            entry(r.2).is_some_and(|x| matches!(x.kind, Kind::Sentiment | Kind::Category(_)))
        })
        .chain(
            raw.iter()
                .filter(|r| entry(r.2).is_some_and(|x| x.kind == Kind::NegationBefore)),
        )
        .map(|r| (r.0, r.1))
        .collect();
    told.sort_unstable();
    let mut privative: Vec<(usize, usize)> = Vec::new();
    let break_ends: FxHashSet<usize> = (raw.iter())
        .filter(|r| {
            entry(r.2).is_some_and(|x| matches!(x.kind, Kind::ClauseBreak | Kind::Contrast))
        })
        .map(|r| r.1)
        .collect();
    for &(s, e, ei) in raw {
        let Some(x) = entry(ei) else { continue };
        // A word ending ("-지만", "-ㄴ데") ends its clause where its word ends, also when
        // a term reads that word.
        let ending = x.term.starts_with('-');
        let lack = x.kind == Kind::NegationBefore
            && langs
                .get(x.lang)
                .is_some_and(|l| l.scope.privative.iter().any(|t| **t == *x.term));
        let ends_complaint = lack
            .then(|| complaints.0.range(..s).next_back())
            .flatten()
            .filter(|&(_, &b)| b == e)
            .map(|(&a, &b)| (a, b));
        if let Some(span) = ends_complaint {
            privative.push(span);
        }
        // A contrast cue inside its clause (and the clause break of the same word)
        // breaks and turns where the clause starts (`turn.rs`), also inside a phrase
        // that holds it ("hält aber nicht lange").
        let inside = matches!(x.kind, Kind::Contrast | Kind::ClauseBreak)
            .then(|| langs.get(x.lang))
            .flatten()
            .and_then(|l| turn::clause_start(&l.scope, &x.term, text, s, clause_punct))
            .filter(|&cs| !turn::told_between(&told, cs, s));
        if x.kind.group().is_some()
            || x.kind == Kind::Fixed
            || !free(s, e)
            || (!ending
                && ends_complaint.is_none()
                && inside.is_none()
                && groups.iter().any(|g| g.contains(s, e)))
        {
            continue;
        }
        let at = if ending { e } else { s };
        let Some(scope) = langs.get(x.lang).map(|l| (&l.scope, l.negation_window)) else {
            continue;
        };
        let c = cues.entry(x.lang).or_default();
        let window = scope.0.negation_window(&x.term, scope.1);
        match x.kind {
            // A question (是不是坏了, 有没有问题) negates nothing.
            Kind::NegationBefore | Kind::NegationAfter
                if question::a_not_a(scope.0, text, s, break_ends.contains(&s)) => {}
            Kind::NegationBefore => {
                let back = scope.0.reaches_back(&x.term).then_some(s);
                c.before.push((e, window, back));
            }
            Kind::NegationAfter => c.after.push((s, window)),
            Kind::ClauseBreak => {
                let at = inside.unwrap_or(at);
                c.breaks.push(at);
                // Russian "а", Polish "a" after a comma turn the message as "но" does.
                if scope
                    .0
                    .turns_after_comma(&x.term, text.get(..s).unwrap_or_default())
                {
                    c.turn = c.turn.max(Some(at));
                }
            }
            Kind::Contrast => {
                let at = inside.unwrap_or(at);
                c.breaks.push(at);
                c.turn = c.turn.max(Some(at));
            }
            Kind::Intensifier if scope.0.after(&x.term) => {
                c.intensifiers_after.push((s, x.weight));
            }
            Kind::Intensifier => c.intensifiers.push((e, x.weight)),
            _ => {}
        }
    }
    for c in cues.values_mut() {
        c.before.sort_unstable();
        c.after.sort_unstable();
        c.breaks.sort_unstable();
        c.intensifiers.sort_unstable_by_key(|i| i.0);
        c.intensifiers_after.sort_unstable_by_key(|i| i.0);
        c.back = (c.before.iter().enumerate())
            .filter_map(|(i, &(_, _, back))| back.map(|cs| (cs, i)))
            .collect();
        c.back.sort_unstable();
    }

    let gaps = Gaps::new(text);
    let none = Cues::default();
    accepted.sort_unstable_by_key(|&(s, _, ei)| (s, ei));
    let mut hits: Vec<(usize, usize, Hit)> = Vec::with_capacity(accepted.len());
    // Cues that reach back (language, index in `before`) and negate a term ahead.
    let mut used: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (s, e, ei) in accepted {
        let Some(x) = entry(ei) else { continue };
        let Some(rules) = langs.get(x.lang) else {
            continue;
        };
        let c = cues.get(&x.lang).unwrap_or(&none);
        let broken = |from: usize, to: usize| {
            gaps.punctuation(from, to) || {
                let i = c.breaks.partition_point(|&b| b < from);
                c.breaks.get(i).is_some_and(|&b| b < to)
            }
        };
        let reach =
            |from: usize, to: usize, window: u32| gaps.within(from, to, rules.boundary, window);
        let negated = x.kind != Kind::Fixed && {
            let i = c.before.partition_point(|&(ce, _, _)| ce <= s);
            let before = i.checked_sub(1).is_some_and(|i| {
                c.before.get(i).is_some_and(|&(ce, w, back)| {
                    let hit = reach(ce, s, w) && !broken(ce, s);
                    if hit && back.is_some() {
                        used.insert((x.lang, i));
                    }
                    hit
                })
            });
            let j = c.after.partition_point(|&(cs, _)| cs < e);
            let after = c.after.get(j).is_some_and(|&(cs, w)| {
                reach(e, cs, w)
                    && !broken(e, cs)
                    && !text.get(e..cs).is_some_and(|g| rules.scope.edge_in(g))
                    // An entry written as a negative stem owns the negation after it.
                    && (cs != e
                        || matches!(x.kind, Kind::Negated(_))
                        || !question::negative_stem(
                            &rules.scope,
                            &x.term,
                            text.get(cs..).unwrap_or_default(),
                        ))
            });
            // A negation glued into the word after the term ("좋지않아요").
            let topic = matches!(x.kind, Kind::Category(_) | Kind::Negated(_));
            before || after || rules.scope.glued(text, (s, e), &x.term, topic)
        };
        let mut factor = Decimal::ONE;
        if x.kind == Kind::Sentiment {
            let i = c.intensifiers.partition_point(|&(ce, _)| ce <= s);
            let j = c.intensifiers_after.partition_point(|&(cs, _)| cs < e);
            if let Some(&(ce, w)) = i.checked_sub(1).and_then(|i| c.intensifiers.get(i)) {
                if reach(ce, s, rules.intensifier_window) {
                    factor = w;
                }
            }
            // An intensifier written as the first part of the word: "jättedålig".
            if let Some(w) = rules.morphology.prefix_factor(text, s) {
                factor = w;
            }
            if let Some(&(cs, w)) = c.intensifiers_after.get(j) {
                if factor == Decimal::ONE
                    && reach(e, cs, rules.intensifier_window)
                    && !broken(e, cs)
                {
                    factor = w;
                }
            }
        }
        let side = match c.turn {
            None => Side::Whole,
            Some(t) if e <= t => Side::Before,
            Some(_) => Side::After,
        };
        hits.push((
            s,
            e,
            Hit {
                entry: ei,
                span: (s, e),
                praised: false,
                past: false,
                negated,
                factor,
                side,
                awaited: None,
            },
        ));
    }
    // A negation that negates nothing ahead of it in its clause and may reach back
    // negates the praise and negated-only terms (verbs: "funktioniert", "werkt") before
    // it, within `scope.negation_back_window`: "funktioniert das Kabel nicht mehr". A
    // negative word before it is its object, an adverb or a curse ("ich verstehe diese
    // Scheiße nicht", "leider nicht"), not what it negates.
    // A complaint term that opens its clause before a copula is reached too, where the
    // language lists copulas: "Schlecht ist es nicht" (`scope.negation_back_copulas`).
    let fronted = |s: usize, e: usize, scope: &super::scope::Scope| {
        let opens = text
            .get(..s)
            .map(str::trim_end)
            .is_some_and(|b| b.chars().next_back().is_none_or(clause_punct));
        let next = text.get(e..).and_then(|t| t.split_whitespace().next());
        opens
            && next
                .is_some_and(|w| scope.copula(w.trim_end_matches(|c: char| !c.is_alphanumeric())))
    };
    let mut reached: Vec<(usize, usize)> = Vec::new();
    for (s, e, h) in &mut hits {
        let Some(x) = entry(h.entry) else { continue };
        let Some(scope) = langs.get(x.lang).map(|l| &l.scope) else {
            continue;
        };
        let complaint = matches!(x.kind, Kind::Category(_)) && x.weight > Decimal::ZERO;
        let verb = match x.kind {
            Kind::Negated(_) => true,
            Kind::Sentiment => x.weight > Decimal::ZERO,
            _ => complaint && fronted(*s, *e, scope),
        };
        if h.negated || !verb {
            continue;
        }
        let (Some(rules), Some(c)) = (langs.get(x.lang), cues.get(&x.lang)) else {
            continue;
        };
        let first = c.back.partition_point(|&(cs, _)| cs < *e);
        if let Some(&(cs, i)) = c.back.get(first) {
            let window = rules.scope.negation_back_window;
            let stops = &rules.scope.negation_back_stops;
            let clear = !gaps.punctuation(*e, cs)
                && !c.break_between(*e, cs)
                && !text.get(*e..cs).is_some_and(|gap| {
                    gap.split_whitespace().any(|w| stops.iter().any(|t| t == w))
                });
            if !used.contains(&(x.lang, i)) && clear && gaps.within(*e, cs, rules.boundary, window)
            {
                h.negated = true;
                if complaint {
                    reached.push((*s, *e));
                }
            }
        }
    }
    // Items coordinated after a negated term: "no fading or shrinking".
    let breaks = |lang: usize, from: usize, to: usize| {
        cues.get(&lang).is_some_and(|c| c.break_between(from, to))
    };
    super::coordination::negate_coordinated(
        text,
        &mut hits,
        raw,
        entries,
        langs,
        &breaks,
        clause_punct,
    );
    // An intensifier that is also a sentiment word is one or the other ("pretty").
    super::intensifier_word::drop_intensifying(
        text,
        &mut hits,
        raw,
        entries,
        langs,
        &breaks,
        clause_punct,
    );
    // A topic counts only where a negative word follows it: "la consegna è stata lenta".
    super::evaluated::drop_unevaluated(text, &mut hits, entries, langs, &breaks, clause_punct);
    // What the buyer only feared or expected before a turn counts nothing.
    super::expectation::drop_unasserted(text, &mut hits, raw, entries, langs);
    // Praise only wished for under a condition: "would have been great if it worked".
    super::irrealis::negate_conditional_praise(text, &mut hits, entries, langs, clause_punct);
    // "arrived without damage" names no missing part.
    privative.sort_unstable();
    privative.dedup();
    super::privative::drop_answered(&mut hits, &privative, entries);
    // A negative word within a reached complaint goes with it ("schlecht*").
    for (s, e, h) in &mut hits {
        let negative =
            entry(h.entry).is_some_and(|x| x.kind == Kind::Sentiment && x.weight < Decimal::ZERO);
        h.negated |= negative && reached.iter().any(|&(a, b)| a <= *s && *e <= b);
    }
    // Praise next to a term: the nearest unnegated praise before and after it, within
    // the language's negation window and with no punctuation or clause break between.
    let praise: Vec<(usize, usize, usize)> = (hits.iter())
        .filter(|(_, _, h)| {
            !h.negated
                && entry(h.entry).is_some_and(|x| {
                    x.kind == Kind::Sentiment && x.weight > Decimal::ZERO && !x.polite
                })
        })
        .map(|(s, e, h)| (*s, *e, entry(h.entry).map_or(0, |x| x.lang)))
        .collect();
    for (s, e, h) in &mut hits {
        let Some(lang) = entry(h.entry).map(|x| x.lang) else {
            continue;
        };
        let (Some(rules), c) = (langs.get(lang), cues.get(&lang).unwrap_or(&none)) else {
            continue;
        };
        let clause = |from: usize, to: usize| {
            // Overlapping spans ("good quality" over "quality") share their clause.
            from >= to
                || gaps.within(from, to, rules.boundary, rules.negation_window)
                    && !gaps.punctuation(from, to)
                    && !c.break_between(from, to)
        };
        let i = praise.partition_point(|&(ps, _, _)| ps < *s);
        let before = i
            .checked_sub(1)
            .and_then(|i| praise.get(i))
            .is_some_and(|&(_, pe, pl)| pl == lang && clause(pe, *s));
        let after = praise
            .get(i)
            .is_some_and(|&(ps, _, pl)| pl == lang && clause(*e, ps));
        h.praised = before || after;
    }
    // A wait names what is awaited: "still waiting for my refund".
    let same_clause = |lang: usize, from: usize, to: usize, window: u32| {
        let (Some(rules), c) = (langs.get(lang), cues.get(&lang).unwrap_or(&none)) else {
            return false;
        };
        from >= to
            || gaps.within(from, to, rules.boundary, window)
                && !gaps.punctuation(from, to)
                && !c.break_between(from, to)
    };
    super::awaited::redirect(&mut hits, entries, &same_clause);
    // Praise in the clause of a past-state opener ("at first it worked great"): the
    // opener and the praise with no punctuation or clause break between them.
    let mut openers: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (s, e, h) in &mut hits {
        let Some(x) = entry(h.entry) else { continue };
        if x.kind != Kind::Sentiment || x.weight <= Decimal::ZERO || x.polite {
            continue;
        }
        let Some(rules) = langs.get(x.lang) else {
            continue;
        };
        let c = cues.get(&x.lang).unwrap_or(&none);
        let found = openers
            .entry(x.lang)
            .or_insert_with(|| rules.scope.openers(text, rules.boundary));
        let apart =
            |from: usize, to: usize| gaps.punctuation(from, to) || c.break_between(from, to);
        h.past = found.iter().any(|&(os, oe)| {
            if oe <= *s {
                !apart(oe, *s)
            } else {
                *e <= os && !apart(*e, os)
            }
        });
    }
    // Terms of one kind on the same span count once: the reading that takes effect wins
    // (a negated-only entry when negated), then the longer term, the more specific one
    // (Korean prefixes cover the whole word: "추천안해*", don't recommend, wins over
    // "추천*" on "추천안해요").
    let key = |h: &Hit| {
        let kind = entry(h.entry).map(|x| x.kind.clone());
        let effective = match entry(h.entry).map(|x| &x.kind) {
            Some(Kind::Negated(_)) => h.negated,
            _ => !h.negated,
        };
        let chars = entry(h.entry).map_or(0, |x| x.chars);
        (
            kind.map(|k| k.sort_key()),
            !effective,
            Reverse(chars),
            h.entry,
        )
    };
    hits.sort_by_cached_key(|(s, e, h)| (*s, *e, key(h)));
    hits.dedup_by(|b, a| {
        a.0 == b.0
            && a.1 == b.1
            && entry(a.2.entry).map(|x| &x.kind) == entry(b.2.entry).map(|x| &x.kind)
    });
    hits.into_iter().map(|(_, _, h)| h).collect()
}

/// Whether `ch` ends a clause for negation, intensifiers and praise.
fn clause_punct(ch: char) -> bool {
    matches!(
        ch,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '\n'
            | '。'
            | '、'
            | '；'
            | '，'
            | '！'
            | '？'
            | '،'
            | '؟'
            | '؛'
            | '—'
            | '–'
    )
}

/// Prefix counts over a text, so distance and punctuation checks between two positions
/// cost O(1).
struct Gaps {
    /// Words started before each byte.
    words: Vec<u32>,
    /// Non-space characters before each byte.
    chars: Vec<u32>,
    /// Clause punctuation before each byte.
    punct: Vec<u32>,
}

impl Gaps {
    fn new(text: &str) -> Gaps {
        let n = text.len() + 1;
        let (mut words, mut chars, mut punct) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let (mut w, mut c, mut p) = (0u32, 0u32, 0u32);
        let mut prev_space = true;
        for ch in text.chars() {
            let space = ch.is_whitespace();
            for _ in 0..ch.len_utf8() {
                words.push(w);
                chars.push(c);
                punct.push(p);
            }
            if !space && prev_space {
                w += 1;
            }
            if !space {
                c += 1;
            }
            if clause_punct(ch) {
                p += 1;
            }
            prev_space = space;
        }
        words.push(w);
        chars.push(c);
        punct.push(p);
        Gaps {
            words,
            chars,
            punct,
        }
    }

    fn count(v: &[u32], from: usize, to: usize) -> u32 {
        match (v.get(from), v.get(to)) {
            (Some(a), Some(b)) => b.saturating_sub(*a),
            _ => u32::MAX,
        }
    }

    /// Whether `from..to` spans at most `window` words (or non-space characters).
    fn within(&self, from: usize, to: usize, boundary: Boundary, window: u32) -> bool {
        let n = match boundary {
            // A word that starts exactly at `from` belongs to the gap too.
            Boundary::Word => Gaps::count(&self.words, from, to),
            Boundary::None => Gaps::count(&self.chars, from, to),
        };
        n <= window
    }

    fn punctuation(&self, from: usize, to: usize) -> bool {
        Gaps::count(&self.punct, from, to) > 0
    }
}
