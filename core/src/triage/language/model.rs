//! The embedded n-gram model (`core/models/langid.bin`, trained by
//! `scripts/train_langid.py`): header parsing, the weights read in place, and the hashed
//! character n-grams a text adds up to.
//!
//! The file is a JSON header (version, feature settings, training data provenance), one
//! int32 bias per class, then one row of int8 weights per bucket. Scores are integer sums,
//! so identification is deterministic on every platform; a score difference of `scale` is
//! one nat of log-odds, the unit of the policy's margins and priors.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::error::{Diagnostic, Error};

/// The embedded model file.
pub(super) const MODEL: &[u8] = include_bytes!("../../../models/langid.bin");
const MAGIC: &[u8; 8] = b"AMLID\x00\x01\x00";
/// Classes a model row holds at most (rows are this wide in the file).
pub(super) const STRIDE: usize = 16;
/// Longest n-gram a model may use.
const NGRAM_MAX: usize = 4;
const FNV32: u32 = 0x811c_9dc5;
const FNV32_PRIME: u32 = 0x0100_0193;
const WORD_SEED: u32 = 0x9e37_79b9;
const FIB: u32 = 0x9e37_79b1;
const PAD: u32 = 0x20;
/// Distinct words a text's reader can remember (`language_distinct_words` at most).
pub(super) const SEEN_MAX: usize = 64;
/// Rows summed in 16 bits before they are carried into the 32-bit totals: 256 rows of at
/// most 127 stay below `i16::MAX`.
const BLOCK: u32 = 256;

/// The classes the model may hold.
pub(super) const MODEL_LANGUAGES: [&str; 12] = [
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
pub(super) struct Model {
    pub(super) version: String,
    pub(super) classes: Vec<&'static str>,
    bias: [i32; STRIDE],
    weights: &'static [u8],
    shift: u32,
    ngram_max: usize,
    word_feature: bool,
    /// Score units per nat.
    pub(super) scale: Decimal,
}

fn model_error(msg: impl Into<String>) -> Error {
    Error::Policy(vec![Diagnostic::new(
        "policy.language_model",
        "triage",
        format!("the embedded language model is unreadable: {}", msg.into()),
    )])
}

impl Model {
    pub(super) fn parse(bytes: &'static [u8]) -> Result<Model, Error> {
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
/// The model's running sums over the words of a text: every 1- to `ngram_max`-gram of
/// each space-padded word (never a lone pad) and the whole padded word. With `distinct`
/// (the policy's `language_distinct_words`), a word among the first `distinct` distinct
/// words of the text adds nothing when it comes again ("TOPP TOPP TOPP" weighs as "topp"):
/// its rows are summed, then dropped at its end.
pub(super) struct Grams<'m> {
    m: &'m Model,
    pub(super) acc: [i32; STRIDE],
    block: [i16; STRIDE],
    in_block: u32,
    /// FNV-1a states of the n-grams ending at the last code point, by length - 1.
    part: [u32; NGRAM_MAX],
    filled: usize,
    word: u32,
    in_word: bool,
    /// The totals before the current word, to drop it if it repeats.
    mark: [i32; STRIDE],
    /// Whole-word hashes of the distinct words so far (the first `distinct_words`).
    seen: [u32; SEEN_MAX],
    n_seen: usize,
    distinct: usize,
    word_letters: u32,
    /// Letters of the words counted (a repeated word's letters count once).
    pub(super) letters: u32,
}

impl<'m> Grams<'m> {
    pub(super) fn new(m: &'m Model, distinct: usize) -> Grams<'m> {
        Grams {
            m,
            acc: m.bias,
            block: [0; STRIDE],
            in_block: 0,
            part: [0; NGRAM_MAX],
            filled: 0,
            word: WORD_SEED,
            in_word: false,
            mark: m.bias,
            seen: [0; SEEN_MAX],
            n_seen: 0,
            distinct: distinct.min(SEEN_MAX),
            word_letters: 0,
            letters: 0,
        }
    }

    /// Carries the 16-bit block into the totals.
    pub(super) fn flush(&mut self) {
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
    pub(super) fn letter(&mut self, cp: u32) {
        if !self.in_word {
            self.in_word = true;
            self.filled = 0;
            self.word_letters = 0;
            if self.distinct > 0 {
                self.flush();
                self.mark = self.acc;
            }
            self.word = (WORD_SEED ^ PAD).wrapping_mul(FNV32_PRIME);
            self.push(PAD, true);
        }
        self.word = (self.word ^ cp).wrapping_mul(FNV32_PRIME);
        self.word_letters = self.word_letters.saturating_add(1);
        self.push(cp, false);
    }

    #[inline]
    pub(super) fn end(&mut self) {
        if self.in_word {
            self.in_word = false;
            self.push(PAD, true);
            let h = (self.word ^ PAD).wrapping_mul(FNV32_PRIME);
            if self.distinct > 0 {
                let seen = self.seen.get(..self.n_seen).unwrap_or_default();
                if seen.contains(&h) {
                    // A repeated word: back to the totals before it.
                    self.flush();
                    self.acc = self.mark;
                    return;
                }
                if let Some(slot) = self.seen.get_mut(self.n_seen) {
                    if self.n_seen < self.distinct {
                        *slot = h;
                        self.n_seen += 1;
                    }
                }
            }
            self.letters = self.letters.saturating_add(self.word_letters);
            if self.m.word_feature {
                self.add(h);
            }
        }
    }
}
