//! Tests of the morphology: stems, second readings and readings the lexicon confirms.

use super::super::normalize::fold_accented;
use super::*;

/// The reading of a text as written and its other reading, if any.
fn reads(lang: &str, text: &str) -> (String, Option<String>) {
    let (folded, accented) = fold_accented(text);
    let Some(r) = Reducer::of(lang) else {
        return (folded, None);
    };
    let reduced = r.text_mapped(&folded, accented.as_deref(), 3, &Morphology::default());
    (reduced.text, reduced.alt.map(|a| a.0))
}

#[test]
fn inflected_forms_meet_their_entry() {
    let de = Reducer::of("de").map(|r| r.text("kaputte kaputten kaputt", 3));
    assert_eq!(de.as_deref(), Some("kaputt kaputt kaputt"));
    let en = Reducer::of("en").map(|r| r.text("damaged, damages.", 3));
    assert_eq!(en.as_deref(), Some("damag, damag."));
    let pl = Reducer::of("pl").map(|r| r.text("zepsuty zepsuta zepsute", 2));
    assert_eq!(pl.as_deref(), Some("zepsut zepsut zepsut"));
    let tr = Reducer::of("tr").map(|r| r.text("beden benden", 3));
    assert_eq!(tr.as_deref(), Some("beden benden"));
    assert_eq!(Reducer::of("ja"), None);
    let r = Reducer::Snowball(Algorithm::English).text_mapped(
        "damaged, ok",
        None,
        3,
        &Morphology::default(),
    );
    assert_eq!(r.text, "damag, ok");
    assert_eq!(r.map.len(), r.text.len() + 1);
    // The end of the stem is the end of the word; punctuation keeps its place.
    assert_eq!(r.map.get(5), Some(&7));
    assert_eq!(r.map.get(7), Some(&9));
    assert_eq!(r.map.last(), Some(&11));
    assert_eq!(r.alt, None);
}

#[test]
fn accented_words_are_stemmed_as_written() {
    // Spanish: "rompió" reaches "romper" through its accented stem; the folded
    // "rompio" keeps its own reading, and an unaccented text has no other reading.
    assert_eq!(reads("es", "romper").0, "romp");
    assert_eq!(
        reads("es", "se rompió"),
        ("se rompi".into(), Some("se romp".into()))
    );
    assert_eq!(reads("es", "se rompio"), ("se rompi".into(), None));
    // Portuguese and Italian past forms, French participles, Turkish dotless i.
    assert_eq!(reads("pt", "devolução").1.as_deref(), Some("devolu"));
    assert_eq!(reads("it", "arrivò").1, None);
    assert_eq!(reads("it", "arrivò").0, reads("it", "arrivato").0);
    // A derivational ending the accent marks is no inflection: "responsabilité"
    // does not meet "responsable".
    assert_eq!(reads("fr", "responsabilité").1, None);
    // Offsets of the other reading map to the folded text, word by word.
    let (folded, accented) = fold_accented("¡Se rompió, señor!");
    let r = Reducer::Snowball(Algorithm::Spanish).text_mapped(
        &folded,
        accented.as_deref(),
        3,
        &Morphology::default(),
    );
    let Some((alt, map)) = r.alt else {
        panic!("no other reading")
    };
    assert_eq!(alt.len() + 1, map.len());
    let at = alt.find("romp").unwrap_or_default();
    assert_eq!(folded.get(map[at]..map[at + 4]), Some("rompio"));
    assert_eq!(map.last(), Some(&folded.len()));
}

#[test]
fn arabic_proclitics_are_stripped_in_the_other_reading() {
    let stem = |w: &str| reads("ar", w).0;
    assert_eq!(reads("ar", "والمنتج").1, Some(stem("المنتج")));
    assert_eq!(reads("ar", "وانكسر").1, Some(stem("انكسر")));
    assert_eq!(reads("ar", "فالمنتج").1, Some(stem("المنتج")));
    let (text, alt) = reads("ar", "وبالمنتج");
    assert!(text == stem("المنتج") || alt == Some(stem("المنتج")));
    // A word's own first letter stays when too little would remain.
    assert_eq!(reads("ar", "وصل").1, None);
    assert_eq!(reads("ar", "بطل").1, None);
    assert_eq!(reads("ar", "لطيف").1, None);
    assert_eq!(reads("ar", "منتج").1, None);
    assert_eq!(reads("ar", "بالغة").1, None);
    // No second letter goes with the conjunction: "فوزبال" (football) is no "زبال".
    assert_eq!(reads("ar", "فوزبال").1, None);
    // "كل" is a word, not ك and لل: "وكلمتهم" is "كلمتهم"; "للمنتج" is ل and the article.
    assert_eq!(arabic_proclitic("وكلمتهم", 3), Some("كلمتهم"));
    assert_eq!(arabic_proclitic("بلدهم", 3), None);
    assert_eq!(arabic_proclitic("للمنتج", 3), Some("لمنتج"));
    assert_eq!(arabic_proclitic("كالمنتج", 3), Some("المنتج"));
    // The Gulf demonstrative: "هالمهزلة" (this farce) is "المهزلة"; "هالك" stays.
    assert_eq!(arabic_proclitic("وهالمهزله", 3), Some("المهزله"));
    assert_eq!(arabic_proclitic("هالك", 3), None);
    assert_eq!(arabic_proclitic("هاله", 3), None);
}

#[test]
fn arabic_entries_keep_their_first_letter() {
    // An entry is written without a conjunction: "فاخر" (luxurious) is read whole and
    // has no other reading, so it does not meet "وآخر" (and another), nor "ودود"
    // (friendly) "دود" (worms); the text still loses its conjunction.
    let ar = Reducer::Snowball(Algorithm::Arabic);
    for entry in ["فاخر", "ودود", "وعود"] {
        assert_eq!(ar.forms(entry, None, 3).1, None, "{entry}");
    }
    let (text, alt) = reads("ar", "وآخر");
    let entry = ar.forms("فاخر", None, 3).0;
    assert!(text != entry && alt != Some(entry));
    assert_eq!(reads("ar", "وانكسر").1, Some(reads("ar", "انكسر").0));
}

#[test]
fn arabic_feminine_and_plural_forms_meet_the_bare_adjective() {
    let entries = [
        "ممتاز",
        "مكسور",
        "جميل",
        "وجه",
        "انتباه",
        "ضاع",
        "جودة",
        "الجودة",
    ];
    for (form, entry) in [
        ("الممتازة", "ممتاز"),
        ("الممتازه", "ممتاز"),
        ("والممتازة", "ممتاز"),
        ("بالجميلة", "جميل"),
        ("مكسورات", "مكسور"),
        ("ممتازات", "ممتاز"),
        ("المكسورات", "مكسور"),
        ("ممتازا", "ممتاز"),
    ] {
        assert!(confirmed("ar", &entries, form, entry), "{form} / {entry}");
    }
    // Only to a word of the entries: "الوجه" (the face) and "الانتباه" (attention) keep
    // their own ه; "السيارة" (the car) is no "سيار" when no entry says so, and a word
    // with a pronoun (رجعته, I returned it) is no feminine.
    assert!(confirmed("ar", &entries, "الوجه", "وجه"));
    assert!(confirmed("ar", &entries, "الانتباه", "انتباه"));
    let morph = table("ar", &entries);
    let ar = Reducer::Snowball(Algorithm::Arabic);
    for word in ["السياره", "الشركه", "رجعته"] {
        assert_eq!(ar.text_mapped(word, None, 3, &morph).alt, None, "{word}");
    }
    assert!(!confirmed("ar", &entries, "الوجه", "وج"));
    // The shorter word keeps its first letter: "البضاعة" (the goods) is no "ضاع" (lost).
    assert!(!confirmed("ar", &entries, "البضاعة", "ضاع"));
    // A stem that is a word of the entries stays: "والجودة" meets "الجودة", not "جودة".
    assert!(confirmed("ar", &entries, "والجودة", "الجودة"));
    assert!(!confirmed("ar", &entries, "والجودة", "جودة"));
}

#[test]
fn german_and_dutch_verb_endings_meet_the_infinitive() {
    // The present form's other reading is the infinitive's stem.
    let meets = |lang: &str, form: &str, entry: &str| {
        let (text, alt) = reads(lang, form);
        let entry = reads(lang, entry).0;
        text == entry || alt == Some(entry)
    };
    for (a, b) in [
        ("klemmt", "klemmen"),
        ("funktioniert", "funktionieren"),
        ("arbeitet", "arbeiten"),
        ("liefert", "liefern"),
        ("passt", "passen"),
        ("kommt", "kommen"),
        ("meldet", "melden"),
        ("gefällt", "gefallen"),
    ] {
        assert!(meets("de", a, b), "{a} / {b}");
    }
    // Nouns keep their reading: "Fehler" is no "fehlt"; short words keep their -t.
    assert!(!meets("de", "Fehler", "fehlt"));
    assert!(!meets("de", "wert", "wer"));
    assert_eq!(reads("de", "Zeit"), ("zeit".into(), None));
    for (a, b) in [
        ("werkt", "werken"),
        ("klemt", "klemmen"),
        ("breekt", "breken"),
        ("stinkt", "stinken"),
        ("reageert", "reageren"),
    ] {
        assert!(meets("nl", a, b), "{a} / {b}");
    }
    assert_eq!(reads("nl", "niet"), ("niet".into(), None));
    assert!(!meets("nl", "wat", "was"));
}

/// A `[morphology]` table as a lexicon file gives it, knowing the words of `entries`.
fn table(lang: &str, entries: &[&str]) -> Morphology {
    let file = match lang {
        "sv" => r#"{"definite_endings": {"et": "", "an": "a"}}"#,
        "ar" => r#"{"definite_endings": {"ة": "", "ا": ""}}"#,
        "de" => {
            r#"{"participle_prefix": "ge", "infinitive_endings": ["en", "ern", "eln"],
            "separable_prefixes": ["an", "kaputt", "zu", "zurück"]}"#
        }
        "nl" => {
            r#"{"participle_prefix": "ge", "infinitive_endings": ["en"],
            "separable_prefixes": ["aan", "af", "terug"]}"#
        }
        _ => "{}",
    };
    let Ok(table) = serde_json::from_str::<Morphology>(file) else {
        panic!("table parses")
    };
    let Some(r) = Reducer::of(lang) else {
        return table;
    };
    let terms: Vec<(String, String, Option<String>)> = (entries.iter())
        .map(|e| {
            let (folded, accented) = fold_accented(e);
            let (text, alt) = r.forms(&folded, accented.as_deref(), 3);
            (folded, text, alt)
        })
        .collect();
    table.compiled(
        terms
            .iter()
            .map(|(f, t, a)| (f.as_str(), t.as_str(), a.as_deref())),
    )
}

/// Whether the text form meets the entry under the lexicon `entries`.
fn confirmed(lang: &str, entries: &[&str], form: &str, entry: &str) -> bool {
    let morph = table(lang, entries);
    let (folded, accented) = fold_accented(form);
    let Some(r) = Reducer::of(lang) else {
        return false;
    };
    let reduced = r.text_mapped(&folded, accented.as_deref(), 3, &morph);
    let (e, _) = r.forms(&fold_accented(entry).0, None, 3);
    reduced.text == e || reduced.alt.is_some_and(|a| a.0 == e)
}

#[test]
fn swedish_definite_forms_meet_the_indefinite_entry() {
    let entries = ["fel", "batteri", "paket", "låda", "fina", "kval"];
    for (form, entry) in [
        ("felet", "fel"),
        ("batteriet", "batteri"),
        ("paketet", "paket"),
        ("paketets", "paket"),
        ("lådan", "låda"),
    ] {
        assert!(confirmed("sv", &entries, form, entry), "{form} / {entry}");
    }
    // Only to a word of the lexicon, and only the listed endings: "paket" keeps its
    // "-et", "finns" its "-n" (no vowel before it), "kvalitet" is no "kval".
    assert_eq!(reads("sv", "paket").1, None);
    let morph = table("sv", &entries);
    let sv = Reducer::Snowball(Algorithm::Swedish);
    for word in ["paket", "finns", "kvalitet", "säkerhet"] {
        assert_eq!(sv.text_mapped(word, None, 3, &morph).alt, None, "{word}");
    }
    assert!(!confirmed("sv", &entries, "finns", "fina"));
}

#[test]
fn participles_meet_the_verb_entry() {
    let de = [
        "liefern",
        "kaufen",
        "zurückschicken",
        "ankommen",
        "öffnen",
        "danken",
    ];
    for (form, entry) in [
        ("geliefert", "liefern"),
        ("gekauft", "kaufen"),
        ("zurückgeschickt", "zurückschicken"),
        ("angekommen", "ankommen"),
        ("geöffnet", "öffnen"),
    ] {
        assert!(confirmed("de", &de, form, entry), "{form} / {entry}");
    }
    // A word that only looks like a participle: "Gedanken" (no separable prefix
    // before a strong ending), "Geschenk" (no participle ending).
    assert!(!confirmed("de", &de, "Gedanken", "danken"));
    assert!(!confirmed("de", &["schenken"], "Geschenk", "schenken"));
    let nl = ["leveren", "terugsturen", "aankomen", "afwerking"];
    for (form, entry) in [
        ("geleverd", "leveren"),
        ("teruggestuurd", "terugsturen"),
        ("aangekomen", "aankomen"),
    ] {
        assert!(confirmed("nl", &nl, form, entry), "{form} / {entry}");
    }
    // A participle reaches verbs only: "afgewerkt" (finished) is no "afwerking".
    assert!(!confirmed("nl", &nl, "afgewerkt", "afwerking"));
}

#[test]
fn prefix_entries_read_words_without_their_prefix() {
    let ar = Reducer::Snowball(Algorithm::Arabic);
    let (folded, _) = fold_accented("المنتج ومزيف");
    let r = ar.text_mapped(&folded, None, 3, &Morphology::default());
    let Some((surface, map)) = r.surface.as_ref() else {
        panic!("no surface reading")
    };
    assert_eq!(surface, "المنتج مزيف");
    assert_eq!(map.len(), surface.len() + 1);
    let at = surface.find("مزيف").unwrap_or_default();
    assert!(r.surface_starts(map[at]));
    assert_eq!(folded.get(map[at]..), Some("ومزيف"));
    // "وصل" keeps its first letter: too little would remain.
    let plain = ar.text_mapped("وصل", None, 3, &Morphology::default());
    assert_eq!(plain.surface, None);
    let de = table("de", &["zurückschicken"]);
    let r = Reducer::Snowball(Algorithm::German).text_mapped("zuruckgeschickt", None, 3, &de);
    assert_eq!(r.surface.map(|s| s.0).as_deref(), Some("zuruckschickt"));
}

#[test]
fn turkish_one_letter_differences_are_other_words() {
    let tr = Reducer::Snowball(Algorithm::Turkish);
    // Negation infix and consonant alternation: other words.
    assert!(tr.other_word("calisiyor", "calismiyor"));
    assert!(tr.other_word("cekmiyor", "cekiyor"));
    assert!(tr.other_word("sigiyor", "sikiyor"));
    // A dropped or doubled letter elsewhere stays a misspelling.
    assert!(!tr.other_word("kirilmis", "kirlmis"));
    assert!(!tr.other_word("gecikme", "gecikmee"));
    assert!(!Reducer::Snowball(Algorithm::German).other_word("kaput", "kaputm"));
}

#[test]
fn polish_instrumental_meets_the_nominative() {
    let pl = Reducer::of("pl").map(|r| r.text("kierownikiem kierownika kierownik", 3));
    assert_eq!(pl.as_deref(), Some("kierownik kierownik kierownik"));
    // "wiem" (I know) keeps its letters: too little would remain.
    let pl = Reducer::of("pl").map(|r| r.text("wiem", 3));
    assert_eq!(pl.as_deref(), Some("wiem"));
}

#[test]
fn korean_syllables_split_into_open_syllable_and_final_consonant() {
    let ko = Reducer::Korean;
    assert_eq!(Reducer::of("ko"), Some(ko));
    // 남길게요: 남 = 나 + ᆷ, 길 = 기 + ᆯ; 게, 요 are open.
    let (text, alt) = ko.forms("남길게요, 남긴", None, 3);
    assert_eq!(text, "나\u{11B7}기\u{11AF}게요, 나\u{11B7}기\u{11AB}");
    assert_eq!(alt, None);
    // The term 남기 is a prefix of both forms; a one-syllable word is split too.
    let (term, _) = ko.forms("남기", None, 3);
    assert!(text.starts_with(&term));
    assert_eq!(ko.forms("안", None, 3).0, "아\u{11AB}");
    // Other characters stay as they are.
    assert_eq!(ko.forms("ㅋㅋ abc 12", None, 3).0, "ㅋㅋ abc 12");
}

#[test]
fn korean_matches_map_back_to_whole_syllables() {
    let folded = "꼭 남길게요";
    let r = Reducer::Korean.text_mapped(folded, None, 3, &Morphology::default());
    assert_eq!(r.map.len(), r.text.len() + 1);
    let term = Reducer::Korean.forms("남기", None, 3).0;
    let s = r.text.find(&term).unwrap_or_default();
    let e = s + term.len();
    // The match ends before the final consonant of 길: mapped, it ends after 길.
    assert_eq!(folded.get(r.map[s]..r.map[e]), Some("남길"));
    assert_eq!(r.map[r.text.len()], folded.len());
}

#[test]
fn a_korean_one_syllable_term_keeps_its_syllable() {
    let ko = Reducer::Korean;
    let text = ko.forms("감 가요 나가", None, 3).0;
    let ga = ko.forms("가", None, 3).0;
    // 가 does not reach 감 (another syllable), but starts 가요.
    assert!(ko.other_syllable(&text, 0, &ga));
    let at = text.find("가요").unwrap_or_default();
    assert!(!ko.other_syllable(&text, at, &ga));
    // A longer term reaches the forms that add a final consonant: 나가 -> 나간.
    let text = ko.forms("나간", None, 3).0;
    assert!(!ko.other_syllable(&text, 0, &ko.forms("나가", None, 3).0));
    // Other reducers never say so.
    assert!(!Reducer::Polish.other_syllable(&text, 0, "나"));
    // Word-ending cues read the folded text; every other Korean term the split one.
    assert!(!ko.reads("-ㄴ데", false));
    assert!(ko.reads("남기*", true));
    assert!(!Reducer::Polish.reads("zepsu*", true));
    // Closed-class cues are read as written in every Snowball and Polish language; Korean
    // reads its cues split as before.
    let sv = Reducer::Snowball(Algorithm::Swedish);
    assert!(sv.reads_entry("docka", false, false));
    assert!(!sv.reads_entry("dock", false, true));
    assert!(!Reducer::Polish.reads_entry("nie", false, true));
    assert!(ko.reads_entry("안", false, true));
}

#[test]
fn a_korean_b_irregular_form_reaches_its_dictionary_stem() {
    let ko = Reducer::Korean;
    // 아까워요 is read 아깝 워요: the stem 아깝 (아깝다) and the form 아까워 both reach it.
    let text = ko.forms("돈 아까워요", None, 3).0;
    assert!(text.contains(&ko.forms("아깝", None, 3).0));
    assert!(text.contains(&ko.forms("아까워", None, 3).0));
    assert!(ko
        .forms("시끄러워서", None, 3)
        .0
        .starts_with(&ko.forms("시끄럽", None, 3).0));
    // No 워 after it: the open syllable stays open (아까 is no 아깝).
    assert_eq!(ko.forms("아까", None, 3).0, "아까");
    // A match on the stem maps back to the written syllables.
    let folded = "너무 시끄러워요";
    let r = ko.text_mapped(folded, None, 3, &Morphology::default());
    assert_eq!(r.map.len(), r.text.len() + 1);
    let term = ko.forms("시끄럽", None, 3).0;
    let s = r.text.find(&term).unwrap_or_default();
    assert_eq!(folded.get(r.map[s]..r.map[s + term.len()]), Some("시끄러"));
}

#[test]
fn a_korean_contracted_form_reaches_its_stem() {
    let ko = Reducer::Korean;
    let reaches = |form: &str, stem: &str| {
        let text = ko.forms(form, None, 3).0;
        text.starts_with(&ko.forms(stem, None, 3).0)
    };
    // 하였 -> 했, 하여 -> 해; 되어 -> 돼, 되었 -> 됐; 오아 -> 와; 보았 -> 봤; 주어 -> 줘;
    // 지어 -> 져; 기어 -> 겨.
    for (form, stem) in [
        ("실망했어요", "실망하"),
        ("실망해요", "실망하"),
        ("안돼요", "안되"),
        ("안됐어요", "안되"),
        ("안와요", "안오"),
        ("왔어요", "오"),
        ("써봤는데", "써보"),
        ("환불해줘요", "환불해주"),
        ("망가졌어요", "망가지"),
        ("끊겨요", "끊기"),
        // A term written contracted reaches the uncontracted form.
        ("실망하였습니다", "실망했"),
        ("되었어요", "됐"),
    ] {
        assert!(reaches(form, stem), "{form} / {stem}");
    }
    // 여 is the ending itself, and ㅐ is 하 + 여 only after ㅎ: no other stem is read.
    assert_eq!(ko.forms("여기", None, 3).0, "여기");
    assert!(!reaches("배송", "바"));
    // A match on the stem maps back to the written syllable.
    let folded = "정말 실망했어요";
    let r = ko.text_mapped(folded, None, 3, &Morphology::default());
    assert_eq!(r.map.len(), r.text.len() + 1);
    let term = ko.forms("실망하", None, 3).0;
    let s = r.text.find(&term).unwrap_or_default();
    assert_eq!(folded.get(r.map[s]..r.map[s + term.len()]), Some("실망했"));
}

#[test]
fn a_korean_reu_irregular_form_reaches_its_stem() {
    let ko = Reducer::Korean;
    let reaches = |form: &str, stem: &str| {
        let text = ko.forms(form, None, 3).0;
        text.starts_with(&ko.forms(stem, None, 3).0)
    };
    for (form, stem) in [
        ("빨라요", "빠르"),
        ("배송빨라요", "배송빠르"),
        ("몰라요", "모르"),
        ("달라요", "다르"),
        ("달랐어요", "다르"),
        ("불러서", "부르"),
        ("달라", "달라"),
    ] {
        assert!(reaches(form, stem), "{form} / {stem}");
    }
    // Vowel harmony: 달러 (a dollar) is no form of 다르; 컬러 keeps 러 after ㅓ only.
    assert!(!reaches("달러", "다르"));
    assert!(!reaches("빨래", "빠르"));
    let folded = "색이 달라요";
    let r = ko.text_mapped(folded, None, 3, &Morphology::default());
    assert_eq!(r.map.len(), r.text.len() + 1);
    let term = ko.forms("다르", None, 3).0;
    let s = r.text.find(&term).unwrap_or_default();
    assert_eq!(folded.get(r.map[s]..r.map[s + term.len()]), Some("달라"));
}
