//! Language identification: script rules, then a hashed character n-gram linear model for
//! the languages written in Latin script, then the case's priors (the hint, the buyer's
//! language, the market's language), which a clear text overrides.
//!
//! The model (`core/models/langid.bin`, trained by `scripts/train_langid.py`) is embedded
//! in the binary and read in place: a JSON header (version, feature settings, training
//! data provenance), one int32 bias per class, then one row of int8 weights per bucket.
//! Scores are integer sums, so identification is deterministic on every platform; a score
//! difference of `scale` is one nat of log-odds, the unit of the policy's margins and
//! priors.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{Source, TriagePolicy};
use crate::error::{Diagnostic, Error};

/// The embedded model file.
pub(crate) const MODEL: &[u8] = include_bytes!("../../models/langid.bin");
const MAGIC: &[u8; 8] = b"AMLID\x00\x01\x00";
/// Classes a model row holds at most (rows are this wide in the file).
const STRIDE: usize = 16;
/// Longest n-gram a model may use.
const NGRAM_MAX: usize = 4;
const FNV32: u32 = 0x811c_9dc5;
const FNV32_PRIME: u32 = 0x0100_0193;
const WORD_SEED: u32 = 0x9e37_79b9;
const FIB: u32 = 0x9e37_79b1;
const PAD: u32 = 0x20;
/// Rows summed in 16 bits before they are carried into the 32-bit totals: 256 rows of at
/// most 127 stay below `i16::MAX`.
const BLOCK: u32 = 256;

/// Languages a script names on its own, and the classes the model may hold.
const SCRIPT_LANGUAGES: [&str; 8] = ["ar", "hi", "ja", "ko", "ru", "th", "zh-Hans", "zh-Hant"];
const MODEL_LANGUAGES: [&str; 12] = [
    "de", "en", "es", "fr", "it", "nl", "pl", "pt", "sv", "tr", "id", "vi",
];

/// What the model file's header says.
#[derive(Debug, Clone, Deserialize)]
struct Header {
    format: u32,
    version: String,
    classes: Vec<String>,
    stride: usize,
    bucket_bits: u32,
    ngram_min: usize,
    ngram_max: usize,
    word_feature: bool,
    scale: String,
}

/// The parsed model: weights stay in the embedded bytes.
#[derive(Debug, Clone)]
struct Model {
    version: String,
    classes: Vec<&'static str>,
    bias: [i32; STRIDE],
    weights: &'static [u8],
    shift: u32,
    ngram_max: usize,
    word_feature: bool,
    /// Score units per nat.
    scale: Decimal,
}

fn model_error(msg: impl Into<String>) -> Error {
    Error::Policy(vec![Diagnostic::new(
        "policy.language_model",
        "triage",
        format!("the embedded language model is unreadable: {}", msg.into()),
    )])
}

impl Model {
    fn parse(bytes: &'static [u8]) -> Result<Model, Error> {
        let (magic, rest) = bytes
            .split_at_checked(MAGIC.len())
            .ok_or_else(|| model_error("too short"))?;
        if magic != MAGIC {
            return Err(model_error("not a language model"));
        }
        let (len, rest) = rest
            .split_first_chunk::<4>()
            .ok_or_else(|| model_error("no header length"))?;
        let len = usize::try_from(u32::from_le_bytes(*len)).map_err(|_| model_error("header"))?;
        let (header, rest) = rest
            .split_at_checked(len)
            .ok_or_else(|| model_error("header cut short"))?;
        let h: Header =
            serde_json::from_slice(header).map_err(|e| model_error(format!("header: {e}")))?;
        if h.format != 1
            || h.stride != STRIDE
            || h.ngram_min != 1
            || !(1..=NGRAM_MAX).contains(&h.ngram_max)
            || !(8..=20).contains(&h.bucket_bits)
            || h.classes.is_empty()
            || h.classes.len() > STRIDE
            || h.version.is_empty()
        {
            return Err(model_error("unsupported feature settings"));
        }
        let mut classes = Vec::with_capacity(h.classes.len());
        for c in &h.classes {
            let known = MODEL_LANGUAGES
                .iter()
                .find(|k| **k == c.as_str())
                .ok_or_else(|| model_error(format!("unknown class {c:?}")))?;
            classes.push(*known);
        }
        let mut bias = [0i32; STRIDE];
        let (bias_bytes, weights) = rest
            .split_at_checked(4 * STRIDE)
            .ok_or_else(|| model_error("no biases"))?;
        for (b, chunk) in bias.iter_mut().zip(bias_bytes.chunks_exact(4)) {
            let mut le = [0u8; 4];
            le.copy_from_slice(chunk);
            *b = i32::from_le_bytes(le);
        }
        let buckets = 1usize << h.bucket_bits;
        if weights.len() != buckets * STRIDE {
            return Err(model_error("weights do not match the bucket count"));
        }
        let scale = crate::money::parse_decimal(&h.scale)
            .ok()
            .filter(|s| *s > Decimal::ZERO)
            .ok_or_else(|| model_error("scale"))?;
        Ok(Model {
            version: h.version.clone(),
            classes,
            bias,
            weights,
            shift: 32 - h.bucket_bits,
            ngram_max: h.ngram_max,
            word_feature: h.word_feature,
            scale,
        })
    }

    /// Adds the row of `hash` to 16-bit sums (at most `BLOCK` rows before a flush).
    #[inline]
    fn add(&self, acc: &mut [i16; STRIDE], hash: u32) {
        let b = (hash.wrapping_mul(FIB) >> self.shift) as usize * STRIDE;
        if let Some(row) = self.weights.get(b..b + STRIDE) {
            for (a, w) in acc.iter_mut().zip(row) {
                *a = a.wrapping_add(i16::from(i8::from_le_bytes([*w])));
            }
        }
    }
}

/// The scripts the rules tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Han,
    Kana,
    Hangul,
    Devanagari,
    Thai,
    Other,
}

fn script(c: char) -> Script {
    match u32::from(c) {
        0x41..=0x5a | 0x61..=0x7a | 0xc0..=0x24f | 0x1e00..=0x1eff => Script::Latin,
        0x400..=0x52f => Script::Cyrillic,
        0x600..=0x6ff | 0x750..=0x77f | 0x8a0..=0x8ff | 0xfb50..=0xfdff | 0xfe70..=0xfeff => {
            Script::Arabic
        }
        0x3040..=0x30ff | 0x31f0..=0x31ff | 0xff66..=0xff9f => Script::Kana,
        0x1100..=0x11ff | 0x3130..=0x318f | 0xac00..=0xd7af => Script::Hangul,
        0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x2ffff => Script::Han,
        0x900..=0x97f => Script::Devanagari,
        0xe00..=0xe7f => Script::Thai,
        _ => Script::Other,
    }
}

/// The model's running sums over the words of a text: every 1- to `ngram_max`-gram of
/// each space-padded word (never a lone pad) and the whole padded word.
struct Grams<'m> {
    m: &'m Model,
    acc: [i32; STRIDE],
    block: [i16; STRIDE],
    in_block: u32,
    /// FNV-1a states of the n-grams ending at the last code point, by length - 1.
    part: [u32; NGRAM_MAX],
    filled: usize,
    word: u32,
    in_word: bool,
}

impl<'m> Grams<'m> {
    fn new(m: &'m Model) -> Grams<'m> {
        Grams {
            m,
            acc: m.bias,
            block: [0; STRIDE],
            in_block: 0,
            part: [0; NGRAM_MAX],
            filled: 0,
            word: WORD_SEED,
            in_word: false,
        }
    }

    /// Carries the 16-bit block into the totals.
    fn flush(&mut self) {
        for (a, b) in self.acc.iter_mut().zip(&mut self.block) {
            *a = a.saturating_add(i32::from(*b));
            *b = 0;
        }
        self.in_block = 0;
    }

    #[inline]
    fn add(&mut self, h: u32) {
        if self.in_block >= BLOCK {
            self.flush();
        }
        self.m.add(&mut self.block, h);
        self.in_block += 1;
    }

    #[inline]
    fn push(&mut self, cp: u32, lone_pad: bool) {
        self.filled = (self.filled + 1).min(self.m.ngram_max);
        self.part.copy_within(0..NGRAM_MAX - 1, 1);
        if let Some(first) = self.part.first_mut() {
            *first = FNV32;
        }
        let mut hashes = [0u32; NGRAM_MAX];
        for ((h, out), _) in self.part.iter_mut().zip(&mut hashes).zip(0..self.filled) {
            *h = (*h ^ cp).wrapping_mul(FNV32_PRIME);
            *out = *h;
        }
        let skip = usize::from(lone_pad);
        for h in hashes.iter().take(self.filled).skip(skip) {
            self.add(*h);
        }
    }

    #[inline]
    fn letter(&mut self, cp: u32) {
        if !self.in_word {
            self.in_word = true;
            self.filled = 0;
            self.word = (WORD_SEED ^ PAD).wrapping_mul(FNV32_PRIME);
            self.push(PAD, true);
        }
        self.word = (self.word ^ cp).wrapping_mul(FNV32_PRIME);
        self.push(cp, false);
    }

    #[inline]
    fn end(&mut self) {
        if self.in_word {
            self.in_word = false;
            self.push(PAD, true);
            if self.m.word_feature {
                let h = (self.word ^ PAD).wrapping_mul(FNV32_PRIME);
                self.add(h);
            }
        }
    }
}

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
    clear_margin: i64,
    min_margin: i64,
    hint_prior: i64,
    buyer_prior: i64,
    market_prior: i64,
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
            clear_margin: units(p.language_clear_margin.0, scale),
            min_margin: units(p.language_min_margin.0, scale),
            hint_prior: units(p.language_hint_prior.0, scale),
            buyer_prior: units(p.language_buyer_prior.0, scale),
            market_prior: units(p.language_market_prior.0, scale),
            markets: p.market_languages.clone(),
            zh: ZhScript::parse(ZH_SCRIPT),
            model,
        })
    }

    /// Reads the first `detect_max_chars` characters: script counts and model scores in
    /// one pass.
    pub(crate) fn evidence(&self, text: &str) -> Evidence {
        let mut g = Grams::new(&self.model);
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
        let acc = g.acc;
        let count = |s: Script| counts.get(s as usize).copied().unwrap_or(0);
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
                    Evidence::Model(scores, best.1)
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
        match self.evidence(text) {
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

/// The Chinese characters only one script uses (`scripts/gen_zh_script_chars.py`).
const ZH_SCRIPT: &str = include_str!("../../models/zh_script.txt");

// How many characters the script count reads (enough for a few dozen marker characters).
const SCRIPT_SAMPLE_CHARS: usize = 200;

/// The CJK block the lookup table covers directly (others are searched).
const ZH_TABLE: std::ops::RangeInclusive<u32> = 0x3400..=0x9fff;

/// Sorted simplified-only and traditional-only characters, and a table over the main
/// CJK block (1 = simplified only, 2 = traditional only).
#[derive(Debug, Clone, Default)]
struct ZhScript {
    hans: Vec<char>,
    hant: Vec<char>,
    table: Vec<u8>,
}

impl ZhScript {
    fn parse(text: &str) -> ZhScript {
        let mut z = ZhScript::default();
        for line in text.lines() {
            let (kind, chars) = line.split_once(' ').unwrap_or_default();
            let set = match kind {
                "hans" => &mut z.hans,
                "hant" => &mut z.hant,
                _ => continue,
            };
            set.extend(chars.chars());
            set.sort_unstable();
        }
        z.table = vec![0; ZH_TABLE.clone().count()];
        for (set, mark) in [(&z.hans, 1u8), (&z.hant, 2u8)] {
            for c in set {
                let i = u32::from(*c).wrapping_sub(*ZH_TABLE.start()) as usize;
                if let Some(t) = z.table.get_mut(i) {
                    *t = mark;
                }
            }
        }
        z
    }

    fn kind(&self, c: char) -> u8 {
        let cp = u32::from(c);
        if ZH_TABLE.contains(&cp) {
            let i = (cp - ZH_TABLE.start()) as usize;
            return self.table.get(i).copied().unwrap_or(0);
        }
        if self.hant.binary_search(&c).is_ok() {
            2
        } else if self.hans.binary_search(&c).is_ok() {
            1
        } else {
            0
        }
    }

    /// `zh-Hans` or `zh-Hant` by the characters only one script uses; `None` on a tie.
    fn of(&self, text: &str) -> Option<&'static str> {
        let mut hant = 0usize;
        let mut hans = 0usize;
        for c in text.chars().take(SCRIPT_SAMPLE_CHARS) {
            if u32::from(c) < 0x3400 {
                continue;
            }
            match self.kind(c) {
                1 => hans += 1,
                2 => hant += 1,
                _ => {}
            }
        }
        match hant.cmp(&hans) {
            std::cmp::Ordering::Greater => Some("zh-Hant"),
            std::cmp::Ordering::Less => Some("zh-Hans"),
            std::cmp::Ordering::Equal => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detector() -> Detector {
        Detector::new(&TriagePolicy::default()).unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn alone(text: &str) -> Option<String> {
        detector().decide(text, &[]).language
    }

    fn with(text: &str, hint: Option<&str>, buyer: Option<&str>, market: &str) -> Decision {
        let d = detector();
        let priors = d.priors(hint, buyer, market);
        d.decide(text, &priors)
    }

    #[test]
    fn the_embedded_model_reads() {
        let m = Model::parse(MODEL).unwrap_or_else(|e| unreachable!("{e}"));
        assert!(!m.version.is_empty());
        assert!(m.classes.contains(&"en") && m.classes.contains(&"pt"));
        assert!(Model::parse(b"AMLID").is_err());
        assert!(Model::parse(b"not a model at all, not at all").is_err());
    }

    #[test]
    fn scripts_decide_their_languages() {
        assert_eq!(alone("荷物がまだ届きません").as_deref(), Some("ja"));
        assert_eq!(alone("택배가 아직 안 왔어요").as_deref(), Some("ko"));
        assert_eq!(alone("لم يصل الطلب بعد").as_deref(), Some("ar"));
        assert_eq!(alone("Посылка до сих пор не пришла").as_deref(), Some("ru"));
        assert_eq!(alone("我的包裹还没收到").as_deref(), Some("zh-Hans"));
        assert_eq!(alone("我的包裹還沒收到").as_deref(), Some("zh-Hant"));
        assert_eq!(alone("मेरा पार्सल नहीं आया").as_deref(), Some("hi"));
        assert_eq!(alone("พัสดุยังไม่มาถึง").as_deref(), Some("th"));
        // A script no candidate writes names nothing.
        assert_eq!(alone("Το δέμα δεν έφτασε ακόμα"), None);
        assert_eq!(alone(""), None);
        assert_eq!(alone("12345 !!! 😡"), None);
    }

    #[test]
    fn kana_weighs_more_than_a_latin_brand_name() {
        assert_eq!(alone("iPhoneが壊れた").as_deref(), Some("ja"));
        assert_eq!(alone("Amazonの荷物").as_deref(), Some("ja"));
        // Han without kana is Chinese.
        assert_eq!(alone("iPhone屏幕坏了").as_deref(), Some("zh-Hans"));
    }

    #[test]
    fn the_model_reads_latin_script_languages() {
        for (text, lang) in [
            (
                "My parcel never arrived and nobody answers my emails.",
                "en",
            ),
            ("Mein Paket ist leider nicht angekommen.", "de"),
            ("Mi paquete todavía no ha llegado.", "es"),
            ("Meu pedido ainda não chegou.", "pt"),
            ("Mon colis n'est toujours pas arrivé.", "fr"),
            ("Il mio pacco non è ancora arrivato.", "it"),
            ("Mijn pakket is nog steeds niet aangekomen.", "nl"),
            ("Moja paczka jeszcze nie dotarła.", "pl"),
            ("Mitt paket har fortfarande inte kommit.", "sv"),
            ("Kargom hâlâ gelmedi, çok kızgınım.", "tr"),
        ] {
            assert_eq!(alone(text).as_deref(), Some(lang), "{text}");
        }
    }

    #[test]
    fn a_clear_text_overrides_every_prior() {
        let d = with(
            "Mein Paket ist leider nicht angekommen, bitte helfen Sie mir.",
            Some("fr"),
            Some("it"),
            "ES",
        );
        assert_eq!(d.language.as_deref(), Some("de"));
        assert_eq!(d.source, Source::Text);
        assert_eq!(d.rule, "language.text");
    }

    #[test]
    fn an_unclear_text_yields_to_the_strongest_prior() {
        let d = with("ok", None, Some("it"), "US");
        assert_eq!(d.language.as_deref(), Some("it"));
        assert_eq!(d.source, Source::Buyer);
        let d = with("ok", Some("es"), Some("it"), "US");
        assert_eq!(d.language.as_deref(), Some("es"));
        assert_eq!(d.source, Source::Hint);
        // The hint's own code is kept (region subtag included).
        let d = with("ok", Some("pt-BR"), None, "US");
        assert_eq!(d.language.as_deref(), Some("pt-BR"));
    }

    #[test]
    fn the_market_tips_an_unclear_text_between_neighbours() {
        let text = "Entrega rápida";
        let br = with(text, None, None, "BR");
        let es = with(text, None, None, "ES");
        assert_eq!(br.language.as_deref(), Some("pt"), "{br:?}");
        assert_eq!(es.language.as_deref(), Some("es"), "{es:?}");
        assert!(br.margin.is_some_and(|m| m < Decimal::from(4)));
        // A market without a language adds nothing: too close to call.
        let ch = with(text, None, None, "CH");
        assert_eq!((ch.language, ch.source), (None, Source::None));
        assert_eq!(ch.rule, "language.unknown");
    }

    #[test]
    fn the_market_alone_does_not_name_the_language_of_an_empty_text() {
        let d = with("", None, None, "DE");
        assert_eq!(d.language, None);
        assert_eq!(d.source, Source::None);
        let d = with("😡😡", Some("fr"), None, "DE");
        assert_eq!(d.language.as_deref(), Some("fr"));
        assert_eq!(d.source, Source::Hint);
    }

    #[test]
    fn a_prior_names_the_chinese_script_when_the_characters_do_not() {
        let d = with("我的包裹", None, None, "TW");
        assert_eq!(d.language.as_deref(), Some("zh-Hant"));
        assert_eq!(d.source, Source::Market);
        let d = with("我的包裹", None, None, "CN");
        assert_eq!(d.language.as_deref(), Some("zh-Hans"));
        assert_eq!(d.source, Source::Text);
    }

    #[test]
    fn a_short_sentence_is_not_taken_for_english_by_one_stem() {
        // "refund" is English, the rest is Portuguese.
        assert_eq!(
            alone("quero meu refund, o produto veio quebrado").as_deref(),
            Some("pt")
        );
        assert_eq!(alone("Ich will ein refund").as_deref(), Some("de"));
    }

    #[test]
    fn detect_languages_limits_the_candidates() {
        let p = TriagePolicy {
            detect_languages: vec!["de".into(), "en".into()],
            ..TriagePolicy::default()
        };
        let d = Detector::new(&p).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(d.decide("荷物がまだ届きません", &[]).language, None);
        assert_eq!(
            d.decide("Mi paquete todavía no ha llegado.", &[])
                .language
                .map(|l| l == "de" || l == "en"),
            Some(true)
        );
    }

    #[test]
    fn unsupported_latin_languages_are_named() {
        assert_eq!(
            alone("Paket saya belum sampai juga sampai sekarang.").as_deref(),
            Some("id")
        );
        assert_eq!(
            alone("Gói hàng của tôi vẫn chưa được giao.").as_deref(),
            Some("vi")
        );
    }

    #[test]
    fn traditional_and_simplified_chinese_are_told_apart() {
        let z = ZhScript::parse(ZH_SCRIPT);
        assert!(z.hans.len() > 1000 && z.hant.len() > 1000);
        assert_eq!(z.of("我的包裹還沒收到"), Some("zh-Hant"));
        assert_eq!(z.of("我的包裹还没收到"), Some("zh-Hans"));
        assert_eq!(z.of("我的包裹"), None);
        assert_eq!(z.of("退款"), None);
        assert_eq!(z.of("請退款"), Some("zh-Hant"));
        assert_eq!(z.of("请退款"), Some("zh-Hans"));
    }

    #[test]
    fn region_subtags_share_a_lexicon() {
        assert_eq!(lexicon_of("zh-Hant"), "zh");
        assert_eq!(lexicon_of("pt-BR"), "pt");
        assert_eq!(lexicon_of("de"), "de");
    }

    #[test]
    fn default_markets_match_the_policy_file() {
        let p = crate::policy::Policy::default_policy().unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            p.triage.market_languages,
            TriagePolicy::default().market_languages
        );
    }
}
