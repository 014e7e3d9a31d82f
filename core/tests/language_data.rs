//! Language identification measured on real sentences: the Tatoeba sentences of
//! `../shared/data/multilingual/lid` (the texts `scripts/train_langid.py` held out, for the
//! languages its model reads; every sentence for the languages the script rules name),
//! Olist reviews (pt) and Bitext requests (en) as out-of-domain checks. No hint, no
//! market prior: the text alone.
//!
//! `cargo test -p amends --test language_data -- --nocapture` prints the table kept in
//! docs/triage.md. Without the data the tests print a notice and pass, except under
//! `CI=true`, where missing data fails them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test harness

use std::collections::BTreeMap;
use std::path::Path;

use amends::triage::language::Identifier;
use amends::triage::TriagePolicy;

/// Languages with a lexicon, as the detector names them.
const SUPPORTED: [&str; 16] = [
    "ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "sv", "tr", "zh-Hans",
    "zh-Hant",
];
/// Languages the script rules name: the model never saw their sentences.
const BY_SCRIPT: [&str; 8] = ["ar", "hi", "ja", "ko", "ru", "th", "zh-Hans", "zh-Hant"];
/// The floor per supported language on texts over 20 characters.
const FLOOR: f64 = 0.97;

mod data;
use data::{data_dir, read_csv};

/// The column `name` of a CSV file.
fn column(path: &Path, name: &str) -> Vec<String> {
    let rows = read_csv(&std::fs::read_to_string(path).unwrap());
    let i = rows[0].iter().position(|h| h == name).unwrap();
    rows[1..].iter().filter_map(|r| r.get(i).cloned()).collect()
}

/// The split of scripts/train_langid.py: FNV-1a 64 of the text, 0 modulo 5 is held out.
fn held_out(text: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.trim().bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h % 5 == 0
}

#[derive(Default, Debug, Clone, Copy)]
struct Tally {
    ok: u32,
    n: u32,
}

impl Tally {
    fn add(&mut self, ok: bool) {
        self.ok += u32::from(ok);
        self.n += 1;
    }
    fn rate(self) -> Option<f64> {
        (self.n > 0).then(|| f64::from(self.ok) / f64::from(self.n))
    }
}

/// Accuracy per length bucket: <=20, 21-60, >60, >20, all.
fn measure(id: &Identifier, lang: &str, texts: &[String]) -> [Tally; 5] {
    measure_in(id, lang, texts, "CH")
}

/// The same in a market (ISO country) whose language is a prior.
fn measure_in(id: &Identifier, lang: &str, texts: &[String], market: &str) -> [Tally; 5] {
    let mut t = [Tally::default(); 5];
    for text in texts {
        let n = text.chars().count();
        let ok = id.identify_with(text, None, None, market).0.as_deref() == Some(lang);
        let b = if n <= 20 {
            0
        } else if n <= 60 {
            1
        } else {
            2
        };
        t[b].add(ok);
        if n > 20 {
            t[3].add(ok);
        }
        t[4].add(ok);
    }
    t
}

fn cell(t: Tally) -> String {
    t.rate().map_or("—".to_owned(), |r| format!("{r:.3}"))
}

#[test]
fn language_id_per_language_and_length() {
    let Some(data) = data_dir() else { return };
    let id = Identifier::new(&TriagePolicy::default()).unwrap();
    let mut table: BTreeMap<String, [Tally; 5]> = BTreeMap::new();
    let lid = data.join("multilingual/lid");
    for entry in std::fs::read_dir(&lid).unwrap() {
        let path = entry.unwrap().path();
        let lang = path.file_stem().unwrap().to_string_lossy().into_owned();
        let texts: Vec<String> = column(&path, "text")
            .into_iter()
            .filter(|t| !t.trim().is_empty())
            .filter(|t| BY_SCRIPT.contains(&lang.as_str()) || held_out(t))
            .collect();
        table.insert(lang.clone(), measure(&id, &lang, &texts));
    }
    let olist = data.join("olist/olist_order_reviews_dataset.csv");
    let rows = read_csv(&std::fs::read_to_string(olist).unwrap());
    let texts: Vec<String> = rows[1..]
        .iter()
        .map(|r| {
            [r.get(3), r.get(4)]
                .into_iter()
                .flatten()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|t| !t.is_empty())
        .collect();
    table.insert("pt (Olist reviews)".into(), measure(&id, "pt", &texts));
    table.insert(
        "pt (Olist reviews, market BR)".into(),
        measure_in(&id, "pt", &texts, "BR"),
    );
    let mut bitext = Vec::new();
    for split in ["Training", "Validation"] {
        bitext.extend(column(
            &data.join(format!(
                "bitext/Bitext_Sample_Customer_Service_{split}_Dataset.csv"
            )),
            "utterance",
        ));
    }
    table.insert("en (Bitext requests)".into(), measure(&id, "en", &bitext));
    table.insert(
        "en (Bitext requests, market US)".into(),
        measure_in(&id, "en", &bitext, "US"),
    );

    println!("| language | texts | ≤ 20 chars | 21–60 | > 60 | > 20 | all |");
    println!("|---|---|---|---|---|---|---|");
    for (lang, t) in &table {
        println!(
            "| {lang} | {} | {} | {} | {} | {} | {} |",
            t[4].n,
            cell(t[0]),
            cell(t[1]),
            cell(t[2]),
            cell(t[3]),
            cell(t[4])
        );
    }
    let mut low = Vec::new();
    for lang in SUPPORTED {
        let t = table
            .get(lang)
            .unwrap_or_else(|| panic!("no lid file for {lang}"));
        let r = t[3].rate().unwrap_or(0.0);
        if r < FLOOR {
            low.push(format!("{lang}: {r:.3}"));
        }
    }
    assert!(
        low.is_empty(),
        "below {FLOOR} on texts over 20 characters: {low:?}"
    );
    for (name, floor) in [("pt (Olist reviews)", 0.95), ("en (Bitext requests)", 0.95)] {
        let r = table[name][3].rate().unwrap();
        assert!(r >= floor, "{name}: {r:.3} below {floor}");
    }
}
