//! The detector's unit tests.

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
    let text = "Entrega rapida";
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
fn text_typed_without_diacritics_keeps_its_language() {
    for (text, lang) in [
        ("siparisim hala gelmedi, cok uzuldum", "tr"),
        ("Urunun kalitesi berbat, paraniza yazik", "tr"),
        ("Paczka przyszla uszkodzona, prosze o zwrot", "pl"),
        ("Varan gick sonder efter tva dagar", "sv"),
        (
            "Die Groesse passt ueberhaupt nicht, schoen ist anders",
            "de",
        ),
        ("El envio tardo muchisimo y llego roto", "es"),
        ("Nao recomendo, veio com defeito", "pt"),
        ("Tres decu, le colis est arrive abime", "fr"),
    ] {
        assert_eq!(alone(text).as_deref(), Some(lang), "{text}");
    }
    // With the hint it is Turkish all the more.
    let d = with("urun bozuk geldi, iade istiyorum", Some("tr"), None, "CH");
    assert_eq!(d.language.as_deref(), Some("tr"), "{d:?}");
}

#[test]
fn short_compounds_read_as_their_language() {
    for (text, lang) in [
        ("Topkwaliteit, razendsnel bezorgd", "nl"),
        ("Klantenservice onbereikbaar", "nl"),
        ("Prisvärd och smidig", "sv"),
        ("Kundtjänsten svarar aldrig", "sv"),
    ] {
        assert_eq!(alone(text).as_deref(), Some(lang), "{text}");
    }
}

#[test]
fn short_english_with_numbers_stays_english() {
    for text in [
        "Would recommend 100%",
        "Love it, 10/10",
        "Broke after 2 days!!",
    ] {
        assert_eq!(alone(text).as_deref(), Some("en"), "{text}");
    }
    // With the buyer's language stated, an unclear short text takes it; a clear one does not.
    let d = with("Would recommend 100%", None, Some("en"), "DE");
    assert_eq!(d.language.as_deref(), Some("en"), "{d:?}");
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

#[test]
fn a_foreign_term_must_read_as_its_own_language() {
    let d = detector();
    // Topic and signal terms count unless they read as the text's language.
    assert!(d.reads_as("refund", "en", "pt", false));
    assert!(d.reads_as("chargeback", "en", "es", false));
    assert!(!d.reads_as("comment", "en", "fr", false));
    // Sentiment words and cues must read as their lexicon's language.
    assert!(!d.reads_as("mal", "es", "de", true));
    assert!(d.reads_as("fake", "en", "it", true));
    // Another script is foreign by itself.
    assert!(d.reads_as("refund", "en", "ja", true));
}

#[test]
fn a_repeated_word_counts_once() {
    let d = detector();
    // The model's scores and the letters they rest on: "TOPP TOPP TOPP" weighs as "topp".
    assert_eq!(d.evidence("TOPP TOPP TOPP"), d.evidence("topp"));
    assert_eq!(d.evidence("bra bra bra!!"), d.evidence("bra"));
    // Not a confident German text: unclear alone, the Swedish market names it.
    assert_ne!(alone("TOPP TOPP TOPP").as_deref(), Some("de"));
    let se = with("TOPP TOPP TOPP", None, None, "SE");
    assert_eq!(se.language.as_deref(), Some("sv"), "{se:?}");
    assert_eq!(se.source, Source::Market);
    // With language_distinct_words = 0 every occurrence counts.
    let every = Detector::new(&TriagePolicy {
        language_distinct_words: 0,
        ..TriagePolicy::default()
    })
    .unwrap_or_else(|e| unreachable!("{e}"));
    assert_ne!(every.evidence("TOPP TOPP TOPP"), every.evidence("topp"));
    // Distinct words still add up.
    let Evidence::Model(_, letters) = d.evidence("Kam nie an, kam nie") else {
        unreachable!("Latin text");
    };
    assert_eq!(letters, 8);
}

#[test]
fn casing_is_folded_before_the_features() {
    let d = detector();
    assert_eq!(d.evidence("ARNAQUE TOTALE"), d.evidence("arnaque totale"));
    assert_eq!(d.evidence("NIE WIEDER"), d.evidence("nie wieder"));
    assert_eq!(alone("ARNAQUE TOTALE").as_deref(), Some("fr"));
}

#[test]
fn short_review_texts_read_as_their_language() {
    for (text, lang) in [
        ("Kam nie an.", "de"),
        ("Nie wieder!", "de"),
        ("Nunca más", "es"),
        ("Jamais reçu", "fr"),
        ("Non arrivato", "it"),
        ("Não chegou", "pt"),
        ("Hiç gelmedi", "tr"),
        ("beklentimi karsilamadi", "tr"),
        ("urun cok kotu", "tr"),
        ("Не пришло", "ru"),
    ] {
        assert_eq!(alone(text).as_deref(), Some(lang), "{text}");
    }
}
