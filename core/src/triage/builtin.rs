//! The built-in lexicon files (`core/lexicons/<lang>.toml`), embedded at compile time as
//! the JSON the build script converts them to (`core/build.rs`).

macro_rules! builtins {
    ($($lang:literal),* $(,)?) => {
        /// The built-in lexicon files, as JSON converted from their TOML by the build
        /// script.
        pub(crate) const BUILTIN: &[(&str, &str)] = &[$((
            $lang,
            include_str!(concat!(env!("OUT_DIR"), "/lexicons/", $lang, ".json")),
        )),*];

        /// The matching rules of each built-in file alone, without its terms (what
        /// `Engine::new` reads), in the same order.
        pub(crate) const HEADERS: &[(&str, &str)] = &[$((
            $lang,
            include_str!(concat!(env!("OUT_DIR"), "/lexicons/", $lang, ".header.json")),
        )),*];
    };
}

builtins!(
    "common", "en", "zh", "es", "pt", "fr", "de", "it", "nl", "pl", "ru", "ja", "ko", "ar", "tr",
    "sv"
);
