//! The built-in lexicon files (`core/lexicons/<lang>.toml`), embedded at compile time as
//! the JSON the build script converts them to (`core/build.rs`).

/// A built-in lexicon file, as JSON converted from its TOML by the build script.
macro_rules! lexicon {
    ($lang:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/lexicons/", $lang, ".json"))
    };
}

/// The built-in lexicon files (`core/lexicons/<lang>.toml`), embedded at compile time.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("common", lexicon!("common")),
    ("en", lexicon!("en")),
    ("zh", lexicon!("zh")),
    ("es", lexicon!("es")),
    ("pt", lexicon!("pt")),
    ("fr", lexicon!("fr")),
    ("de", lexicon!("de")),
    ("it", lexicon!("it")),
    ("nl", lexicon!("nl")),
    ("pl", lexicon!("pl")),
    ("ru", lexicon!("ru")),
    ("ja", lexicon!("ja")),
    ("ko", lexicon!("ko")),
    ("ar", lexicon!("ar")),
    ("tr", lexicon!("tr")),
    ("sv", lexicon!("sv")),
];
