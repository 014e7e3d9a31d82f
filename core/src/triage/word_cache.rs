//! The readings of words met in earlier texts, kept per compiled language (see
//! `super::per_language`) and shared by every later text and thread. A word's readings
//! (`super::morphology::Reducer::text_mapped_with`) are a function of the word, its
//! language's reducer, its morphology and the shortest stem alone, so a word met again
//! costs a lookup instead of a Snowball run, whichever text met it first.

use std::sync::{RwLock, RwLockReadGuard};

use rustc_hash::FxHashMap;

/// A word's readings: its stem, its other reading, its reading without a prefix.
pub(crate) type Owned = (String, Option<String>, Option<String>);

/// By word as folded: the word as written (accents kept) and its readings.
type Held = FxHashMap<String, Vec<(Option<String>, Owned)>>;

/// One language's kept readings, at most [`WordCache::WORDS`] words.
#[derive(Debug, Default)]
pub(crate) struct WordCache(RwLock<Held>);

/// The kept readings, read by one text.
pub(crate) struct Reader<'c>(Option<RwLockReadGuard<'c, Held>>);

impl WordCache {
    /// Words kept at most (a few megabytes per language at most).
    const WORDS: usize = 20_000;

    /// The kept readings, for one text to read.
    pub(crate) fn reader(&self) -> Reader<'_> {
        Reader(self.0.read().ok())
    }

    /// Keeps the readings of words not kept yet, while there is room.
    pub(crate) fn keep<'a>(&self, words: impl Iterator<Item = (&'a str, Option<&'a str>, Owned)>) {
        let Ok(mut held) = self.0.write() else {
            return;
        };
        for (word, written, readings) in words {
            if held.len() >= Self::WORDS && !held.contains_key(word) {
                break;
            }
            let list = held.entry(word.to_owned()).or_default();
            if !list.iter().any(|k| k.0.as_deref() == written) {
                list.push((written.map(str::to_owned), readings));
            }
        }
    }
}

impl Clone for WordCache {
    /// A new, empty cache: what it holds can always be computed again.
    fn clone(&self) -> Self {
        WordCache::default()
    }
}

impl Reader<'_> {
    /// The kept readings of a word as folded and as written.
    pub(crate) fn get(&self, word: &str, written: Option<&str>) -> Option<&Owned> {
        let list = self.0.as_ref()?.get(word)?;
        list.iter()
            .find(|k| k.0.as_deref() == written)
            .map(|k| &k.1)
    }
}
