//! Language identification: script rules, then a hashed character n-gram linear model for
//! the languages written in Latin script, then the case's priors (the hint, the buyer's
//! language, the market's language), which a clear text overrides.
//!
//! This file holds the detector (evidence, priors, the decision), the policy checks and the
//! public `Identifier`; `model` reads the embedded model and `script` classifies scripts.

mod model;
mod script;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use self::model::{Grams, Model, MODEL, MODEL_LANGUAGES, SEEN_MAX, STRIDE};
use self::script::{script, Script, ZhScript, SCRIPT_LANGUAGES, ZH_SCRIPT};
use super::{Source, TriagePolicy};
use crate::error::{Diagnostic, Error};

/// What the text says about its language.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Evidence {
    /// No letters (empty, digits, emoji), or only a script no candidate language writes.
    None,
    /// A script only one candidate language writes.
    Script(&'static str),
    /// The model's scores, one per class (candidates only; others are `i32::MIN`), and
    /// how many Latin letters they rest on.
    Model([i32; STRIDE], u32),
}

/// The decision, with what the trace shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    /// BCP 47 code, if any.
    pub language: Option<String>,
    /// Where it came from.
    pub source: Source,
    /// Trace reason: `language.script`, `language.text`, `language.prior`, `language.unknown`.
    pub rule: &'static str,
    /// The text's own best language, if it has one.
    pub detected: Option<&'static str>,
    /// How far the text's best language leads the runner-up, in nats (model only).
    pub margin: Option<Decimal>,
}

/// What else a text may hold besides its language, for the lexicons its vote reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Others {
    /// The model's languages, the one the text's Latin letters read most like first
    /// (none without Latin letters).
    pub nearest: Vec<&'static str>,
    /// The languages of the other scripts it holds (Cyrillic: `ru`; Han: `zh`, `ja`).
    pub scripts: Vec<&'static str>,
}

/// A prior: a language some fact of the case suggests, with its weight in score units.
#[derive(Debug, Clone)]
pub(crate) struct Prior<'a> {
    pub code: &'a str,
    pub source: Source,
    weight: i64,
}

/// The compiled detector with the policy's knobs in score units.
#[derive(Debug, Clone)]
pub(crate) struct Detector {
    model: Model,
    /// Which model classes are candidates.
    allowed: [bool; STRIDE],
    /// Which script languages are candidates.
    scripts: Vec<&'static str>,
    max_chars: usize,
    cjk_weight: u32,
    full_evidence_letters: u32,
    distinct_words: usize,
    clear_margin: i64,
    min_margin: i64,
    hint_prior: i64,
    buyer_prior: i64,
    market_prior: i64,
    foreign_margin: i64,
    markets: BTreeMap<String, String>,
    zh: ZhScript,
}

/// Whether the detector can name this BCP 47 code (`zh` stands for both Chinese scripts).
pub(crate) fn known(code: &str) -> bool {
    code == "zh" || SCRIPT_LANGUAGES.contains(&code) || MODEL_LANGUAGES.contains(&code)
}

fn units(nats: Decimal, scale: Decimal) -> i64 {
    i64::try_from((nats * scale).round()).unwrap_or(i64::MAX / 4)
}

impl Detector {
    pub(crate) fn new(p: &TriagePolicy) -> Result<Detector, Error> {
        let model = Model::parse(MODEL)?;
        let wanted = |code: &str| {
            p.detect_languages
                .iter()
                .any(|l| l == code || (l == "zh" && lexicon_of(code) == "zh"))
        };
        let mut allowed = [false; STRIDE];
        for (a, c) in allowed.iter_mut().zip(&model.classes) {
            *a = wanted(c);
        }
        let scale = model.scale;
        Ok(Detector {
            allowed,
            scripts: SCRIPT_LANGUAGES
                .iter()
                .copied()
                .filter(|c| wanted(c))
                .collect(),
            max_chars: p.detect_max_chars,
            cjk_weight: p.language_cjk_weight,
            full_evidence_letters: p.language_full_evidence_letters,
            distinct_words: usize::try_from(p.language_distinct_words).unwrap_or(SEEN_MAX),
            clear_margin: units(p.language_clear_margin.0, scale),
            min_margin: units(p.language_min_margin.0, scale),
            hint_prior: units(p.language_hint_prior.0, scale),
            buyer_prior: units(p.language_buyer_prior.0, scale),
            market_prior: units(p.language_market_prior.0, scale),
            foreign_margin: units(p.vote_foreign_margin.0, scale),
            markets: p.market_languages.clone(),
            zh: ZhScript::parse(ZH_SCRIPT),
            model,
        })
    }

    /// Reads the first `detect_max_chars` characters: script counts and model scores in
    /// one pass.
    pub(crate) fn evidence(&self, text: &str) -> Evidence {
        self.read(text).0
    }

    /// The evidence, and what else the text may hold besides its language.
    fn read(&self, text: &str) -> (Evidence, Others) {
        let mut g = Grams::new(&self.model, self.distinct_words);
        let mut counts = [0u32; 9];
        let mut tally = |s: Script| {
            if let Some(k) = counts.get_mut(s as usize) {
                *k += 1;
            }
        };
        for ch in text.chars().take(self.max_chars) {
            match script(ch) {
                Script::Latin if ch.is_ascii() => {
                    tally(Script::Latin);
                    g.letter(u32::from(ch.to_ascii_lowercase()));
                }
                Script::Latin => {
                    if !ch.is_alphabetic() {
                        g.end();
                        continue;
                    }
                    tally(Script::Latin);
                    if ch == '\u{130}' {
                        // Turkish dotted capital I: lower-case i, without the combining dot.
                        g.letter(u32::from('i'));
                        continue;
                    }
                    for c in ch.to_lowercase() {
                        if script(c) == Script::Latin && c.is_alphabetic() {
                            g.letter(u32::from(c));
                        } else {
                            g.end();
                        }
                    }
                }
                Script::Other => {
                    g.end();
                    if !ch.is_ascii() && ch.is_alphabetic() {
                        tally(Script::Other);
                    }
                }
                other => {
                    g.end();
                    tally(other);
                }
            }
        }
        g.end();
        g.flush();
        let (acc, letters) = (g.acc, g.letters);
        let count = |s: Script| counts.get(s as usize).copied().unwrap_or(0);
        let mut others = Others::default();
        if count(Script::Latin) > 0 {
            let mut ranked: Vec<(i32, usize)> = acc
                .iter()
                .zip(self.allowed)
                .enumerate()
                .filter(|(_, (_, ok))| *ok)
                .map(|(i, (s, _))| (*s, i))
                .collect();
            // Best first; on a tie, the class listed first.
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let classes = &self.model.classes;
            others.nearest = ranked
                .iter()
                .filter_map(|(_, i)| classes.get(*i).copied())
                .collect();
        }
        for (s, langs) in [
            (Script::Cyrillic, &["ru"][..]),
            (Script::Arabic, &["ar"]),
            (Script::Han, &["zh", "ja"]),
            (Script::Kana, &["ja"]),
            (Script::Hangul, &["ko"]),
        ] {
            for l in langs.iter().filter(|_| count(s) > 0) {
                if !others.scripts.contains(l) {
                    others.scripts.push(l);
                }
            }
        }
        (self.classify(acc, letters, count), others)
    }

    /// The evidence from the model's scores (resting on `letters` Latin letters, a repeated
    /// word's counted once) and the script counts.
    fn classify(
        &self,
        acc: [i32; STRIDE],
        letters: u32,
        count: impl Fn(Script) -> u32,
    ) -> Evidence {
        let cjk = |s: Script| count(s).saturating_mul(self.cjk_weight);
        let groups = [
            (Script::Latin, count(Script::Latin)),
            (Script::Cyrillic, count(Script::Cyrillic)),
            (Script::Arabic, count(Script::Arabic)),
            (
                Script::Han,
                cjk(Script::Han).saturating_add(cjk(Script::Kana)),
            ),
            (Script::Hangul, cjk(Script::Hangul)),
            (Script::Devanagari, count(Script::Devanagari)),
            (Script::Thai, count(Script::Thai)),
            (Script::Other, count(Script::Other)),
        ];
        // The dominant script; ties go to the one listed first.
        let mut best = (Script::Other, 0u32);
        for g in groups {
            if g.1 > best.1 {
                best = g;
            }
        }
        let code = match best.0 {
            _ if best.1 == 0 => return Evidence::None,
            Script::Latin => {
                let mut scores = [i32::MIN; STRIDE];
                let mut any = false;
                for ((s, a), ok) in scores.iter_mut().zip(acc).zip(self.allowed) {
                    if ok {
                        *s = a;
                        any = true;
                    }
                }
                return if any {
                    Evidence::Model(scores, letters.max(1))
                } else {
                    Evidence::None
                };
            }
            Script::Cyrillic => "ru",
            Script::Arabic => "ar",
            Script::Han if count(Script::Kana) > 0 => "ja",
            Script::Han => "zh",
            Script::Hangul => "ko",
            Script::Devanagari => "hi",
            Script::Thai => "th",
            Script::Kana | Script::Other => return Evidence::None,
        };
        if self.scripts.iter().any(|s| lexicon_of(s) == code) {
            Evidence::Script(code)
        } else {
            Evidence::None
        }
    }

    /// Whether `words`, a term of `candidate`'s lexicon found in a text of language
    /// `primary`, counts there: with `strict`, the model must read the words at least
    /// `vote_foreign_margin` more like `candidate`; otherwise they must not read that much
    /// more like `primary`. Always when either is not a model language (another script
    /// is foreign by itself).
    pub(crate) fn reads_as(
        &self,
        words: &str,
        candidate: &str,
        primary: &str,
        strict: bool,
    ) -> bool {
        let class = |code: &str| {
            self.model
                .classes
                .iter()
                .position(|c| *c == lexicon_of(code))
        };
        let (Some(c), Some(p)) = (class(candidate), class(primary)) else {
            return true;
        };
        let Evidence::Model(scores, _) = self.evidence(words) else {
            return true;
        };
        let (Some(&c), Some(&p)) = (scores.get(c), scores.get(p)) else {
            return false;
        };
        let lead = i64::from(c) - i64::from(p);
        if strict {
            lead >= self.foreign_margin
        } else {
            -lead < self.foreign_margin
        }
    }

    /// The priors of a case, strongest first: the hint, the buyer's language, the
    /// market's language (a market without one adds nothing).
    pub(crate) fn priors<'a>(
        &'a self,
        hint: Option<&'a str>,
        buyer: Option<&'a str>,
        market: &str,
    ) -> Vec<Prior<'a>> {
        let mut out = Vec::with_capacity(3);
        if let Some(code) = hint {
            out.push(Prior {
                code,
                source: Source::Hint,
                weight: self.hint_prior,
            });
        }
        if let Some(code) = buyer {
            out.push(Prior {
                code,
                source: Source::Buyer,
                weight: self.buyer_prior,
            });
        }
        if let Some(code) = self.markets.get(market) {
            out.push(Prior {
                code,
                source: Source::Market,
                weight: self.market_prior,
            });
        }
        out.sort_by_key(|p| std::cmp::Reverse(p.weight));
        out
    }

    /// The language of `text` given the case's priors.
    pub(crate) fn decide(&self, text: &str, priors: &[Prior<'_>]) -> Decision {
        self.decide_others(text, priors).0
    }

    /// The language of `text` given the case's priors, and what else it may hold.
    pub(crate) fn decide_others(&self, text: &str, priors: &[Prior<'_>]) -> (Decision, Others) {
        let (evidence, others) = self.read(text);
        (self.decide_evidence(evidence, text, priors), others)
    }

    fn decide_evidence(&self, evidence: Evidence, text: &str, priors: &[Prior<'_>]) -> Decision {
        match evidence {
            Evidence::None => {
                // Nothing in the text: a stated language (hint, buyer) names it; the
                // market alone does not, as it says where the store sells, not who writes.
                match priors.iter().find(|p| p.source != Source::Market) {
                    Some(p) => Decision {
                        language: Some(p.code.to_owned()),
                        source: p.source,
                        rule: "language.prior",
                        detected: None,
                        margin: None,
                    },
                    None => Decision {
                        language: None,
                        source: Source::None,
                        rule: "language.unknown",
                        detected: None,
                        margin: None,
                    },
                }
            }
            Evidence::Script(code) => {
                if code != "zh" {
                    return Decision {
                        language: Some(code.to_owned()),
                        source: Source::Text,
                        rule: "language.script",
                        detected: Some(code),
                        margin: None,
                    };
                }
                // Chinese: the characters only one script uses, else a prior naming a
                // script, else simplified.
                if let Some(s) = self.zh.of(text) {
                    return Decision {
                        language: Some(s.to_owned()),
                        source: Source::Text,
                        rule: "language.script",
                        detected: Some(s),
                        margin: None,
                    };
                }
                let hant = priors
                    .iter()
                    .find(|p| lexicon_of(p.code) == "zh")
                    .filter(|p| p.code.eq_ignore_ascii_case("zh-Hant"));
                match hant {
                    Some(p) => Decision {
                        language: Some("zh-Hant".to_owned()),
                        source: p.source,
                        rule: "language.prior",
                        detected: Some("zh-Hans"),
                        margin: None,
                    },
                    None => Decision {
                        language: Some("zh-Hans".to_owned()),
                        source: Source::Text,
                        rule: "language.script",
                        detected: Some("zh-Hans"),
                        margin: None,
                    },
                }
            }
            Evidence::Model(scores, letters) => self.decide_model(&scores, letters, priors),
        }
    }

    fn decide_model(&self, scores: &[i32; STRIDE], letters: u32, priors: &[Prior<'_>]) -> Decision {
        // A text shorter than `full_evidence_letters` counts its evidence in proportion:
        // the margin it needs and the priors it weighs against grow by full / letters.
        let full = i64::from(self.full_evidence_letters.max(1));
        let have = i64::from(letters.max(1)).min(full);
        let grow = |units: i64| units.saturating_mul(full) / have;
        let classes = &self.model.classes;
        let ranked = |extra: &dyn Fn(usize) -> i64| {
            let mut best: Option<(usize, i64)> = None;
            let mut second = i64::MIN;
            for (i, s) in scores.iter().enumerate().take(classes.len()) {
                if *s == i32::MIN {
                    continue;
                }
                let v = i64::from(*s) + extra(i);
                match best {
                    Some((_, b)) if v <= b => second = second.max(v),
                    Some((_, b)) => {
                        second = b;
                        best = Some((i, v));
                    }
                    None => best = Some((i, v)),
                }
            }
            best.map(|(i, v)| (i, v, second))
        };
        let Some((top, top_score, second)) = ranked(&|_| 0) else {
            return Decision {
                language: None,
                source: Source::None,
                rule: "language.unknown",
                detected: None,
                margin: None,
            };
        };
        let detected = classes.get(top).copied();
        let margin_units = if second == i64::MIN {
            i64::MAX
        } else {
            top_score - second
        };
        let margin = (margin_units != i64::MAX).then(|| {
            (Decimal::from(margin_units) / self.model.scale)
                .round_dp(2)
                .normalize()
        });
        let text = |rule| Decision {
            language: detected.map(str::to_owned),
            source: Source::Text,
            rule,
            detected,
            margin,
        };
        if margin_units >= grow(self.clear_margin) {
            return text("language.text");
        }
        // Not clear: each prior adds its weight to its language.
        let prior_of = |i: usize| -> i64 {
            let code = classes.get(i).copied().unwrap_or_default();
            priors
                .iter()
                .filter(|p| lexicon_of(p.code).eq_ignore_ascii_case(code))
                .map(|p| grow(p.weight))
                .sum()
        };
        // Too close to call and no prior: the text names no language.
        let guess = || {
            if margin_units >= grow(self.min_margin) {
                text("language.text")
            } else {
                Decision {
                    language: None,
                    source: Source::None,
                    rule: "language.unknown",
                    detected,
                    margin,
                }
            }
        };
        let Some((winner, _, _)) = ranked(&prior_of) else {
            return guess();
        };
        // The strongest prior naming the winner settled it; without one the text's own
        // (unclear) best guess stands.
        let code = classes.get(winner).copied().unwrap_or_default();
        match priors
            .iter()
            .find(|p| lexicon_of(p.code).eq_ignore_ascii_case(code))
        {
            Some(p) => Decision {
                language: Some(p.code.to_owned()),
                source: p.source,
                rule: "language.prior",
                detected,
                margin,
            },
            None => guess(),
        }
    }
}

/// The default `market_languages`: markets where one language is written by most buyers.
pub(crate) const DEFAULT_MARKETS: [(&str, &str); 42] = [
    ("AE", "ar"),
    ("AR", "es"),
    ("AT", "de"),
    ("AU", "en"),
    ("BH", "ar"),
    ("BR", "pt"),
    ("CL", "es"),
    ("CN", "zh-Hans"),
    ("CO", "es"),
    ("DE", "de"),
    ("EG", "ar"),
    ("ES", "es"),
    ("FR", "fr"),
    ("GB", "en"),
    ("HK", "zh-Hant"),
    ("ID", "id"),
    ("IE", "en"),
    ("IT", "it"),
    ("JO", "ar"),
    ("JP", "ja"),
    ("KR", "ko"),
    ("KW", "ar"),
    ("MA", "ar"),
    ("MX", "es"),
    ("NL", "nl"),
    ("NZ", "en"),
    ("OM", "ar"),
    ("PE", "es"),
    ("PL", "pl"),
    ("PT", "pt"),
    ("QA", "ar"),
    ("RU", "ru"),
    ("SA", "ar"),
    ("SE", "sv"),
    ("TH", "th"),
    ("TR", "tr"),
    ("TW", "zh-Hant"),
    ("US", "en"),
    ("VN", "vi"),
    ("DZ", "ar"),
    ("TN", "ar"),
    ("MO", "zh-Hant"),
];

/// Checks the language fields of the triage policy.
pub(crate) fn validate(p: &TriagePolicy, path: &str, out: &mut Vec<Diagnostic>) {
    for (name, v) in [
        ("language_clear_margin", p.language_clear_margin),
        ("language_min_margin", p.language_min_margin),
        ("language_hint_prior", p.language_hint_prior),
        ("language_buyer_prior", p.language_buyer_prior),
        ("language_market_prior", p.language_market_prior),
        ("vote_foreign_margin", p.vote_foreign_margin),
    ] {
        if v.0 < Decimal::ZERO || v.0 > Decimal::from(1000) {
            out.push(Diagnostic::new(
                "policy.out_of_range",
                format!("{path}.{name}"),
                "must be between 0 and 1000 (nats of log-odds)",
            ));
        }
    }
    if p.language_full_evidence_letters == 0 {
        out.push(Diagnostic::new(
            "policy.out_of_range",
            format!("{path}.language_full_evidence_letters"),
            "must be positive",
        ));
    }
    if !usize::try_from(p.language_distinct_words).is_ok_and(|n| n <= SEEN_MAX) {
        out.push(Diagnostic::new(
            "policy.out_of_range",
            format!("{path}.language_distinct_words"),
            format!("must be between 0 and {SEEN_MAX}"),
        ));
    }
    if p.language_cjk_weight == 0 {
        out.push(Diagnostic::new(
            "policy.out_of_range",
            format!("{path}.language_cjk_weight"),
            "must be positive",
        ));
    }
    if p.detect_max_chars == 0 {
        out.push(Diagnostic::new(
            "policy.out_of_range",
            format!("{path}.detect_max_chars"),
            "must be positive",
        ));
    }
    for (i, l) in p.detect_languages.iter().enumerate() {
        if !known(l) {
            out.push(Diagnostic::new(
                "policy.unknown_language",
                format!("{path}.detect_languages[{i}]"),
                format!("the detector does not know {l:?}"),
            ));
        }
    }
    for (country, l) in &p.market_languages {
        let ok_country = country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase());
        if !ok_country {
            out.push(Diagnostic::new(
                "policy.invalid_country",
                format!("{path}.market_languages.{country}"),
                "must be an ISO 3166-1 alpha-2 code in upper case",
            ));
        }
        if l.is_empty() || l.len() > 35 {
            out.push(Diagnostic::new(
                "policy.unknown_language",
                format!("{path}.market_languages.{country}"),
                format!("not a BCP 47 code: {l:?}"),
            ));
        }
    }
}

/// A language identifier compiled from a triage policy's language fields, for hosts and
/// benchmarks that want the language alone: `Identifier::new(&TriagePolicy::default())`.
#[derive(Debug, Clone)]
pub struct Identifier {
    detector: Detector,
}

impl Identifier {
    /// Reads the embedded model with the policy's settings.
    pub fn new(policy: &TriagePolicy) -> Result<Identifier, Error> {
        Ok(Identifier {
            detector: Detector::new(policy)?,
        })
    }

    /// The language of `text` from the text alone (no priors), if it has one.
    pub fn identify(&self, text: &str) -> Option<String> {
        self.detector.decide(text, &[]).language
    }

    /// The language with the priors a case would give: a hint, the buyer's language and
    /// the market (ISO country), and where the answer came from.
    pub fn identify_with(
        &self,
        text: &str,
        hint: Option<&str>,
        buyer: Option<&str>,
        market: &str,
    ) -> (Option<String>, Source) {
        let priors = self.detector.priors(hint, buyer, market);
        let d = self.detector.decide(text, &priors);
        (d.language, d.source)
    }

    /// The embedded model's version.
    pub fn model_version(&self) -> &str {
        &self.detector.model.version
    }
}

/// The lexicon a BCP 47 code uses (`zh-Hant` -> `zh`, `pt-BR` -> `pt`).
pub(crate) fn lexicon_of(code: &str) -> &str {
    code.split(['-', '_']).next().unwrap_or(code)
}
