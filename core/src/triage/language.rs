//! Language identification: whatlang's trigram and script detector, mapped to BCP 47,
//! with Chinese split into simplified and traditional by characters only one script uses.

use rust_decimal::Decimal;
use whatlang::Lang;

/// A language guess from the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Guess {
    /// BCP 47 code.
    pub code: String,
    /// whatlang's confidence, 0..1, rounded to 2 decimals.
    pub confidence: Decimal,
    /// whatlang's own reliability verdict.
    pub reliable: bool,
}

/// A detector limited to the given BCP 47 codes (unknown codes are ignored; an empty
/// list means every language whatlang knows).
pub(crate) fn detector(codes: &[String]) -> whatlang::Detector {
    let langs: Vec<Lang> = Lang::all()
        .iter()
        .copied()
        .filter(|l| {
            let b = bcp47(*l);
            codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&b) || (b == "zh" && lexicon_of(c) == "zh"))
        })
        .collect();
    if langs.is_empty() {
        whatlang::Detector::new()
    } else {
        whatlang::Detector::with_allowlist(langs)
    }
}

/// Whether whatlang knows a language by this BCP 47 code.
pub(crate) fn known(code: &str) -> bool {
    Lang::all().iter().any(|l| {
        bcp47(*l).eq_ignore_ascii_case(code) || (*l == Lang::Cmn && lexicon_of(code) == "zh")
    })
}

/// Detects the language of the first `max_chars` of `text`, if whatlang finds any.
/// Scripts that only one allowed language writes (Hangul, kana) decide at once.
pub(crate) fn detect(
    detector: &whatlang::Detector,
    allowed: &[String],
    text: &str,
    max_chars: usize,
) -> Option<Guess> {
    let end = text
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| i);
    let text = text.get(..end).unwrap_or(text);
    let by_script = match whatlang::detect_script(text) {
        Some(whatlang::Script::Hangul) => Some("ko"),
        Some(whatlang::Script::Hiragana | whatlang::Script::Katakana) => Some("ja"),
        _ => None,
    };
    if let Some(code) = by_script.filter(|c| allowed.iter().any(|a| a == c)) {
        return Some(Guess {
            code: code.to_owned(),
            confidence: Decimal::ONE,
            reliable: true,
        });
    }
    let info = detector.detect(text)?;
    let confidence = Decimal::try_from(info.confidence())
        .map(|d| d.round_dp(2))
        .unwrap_or(Decimal::ZERO);
    let code = match info.lang() {
        Lang::Cmn => chinese_script(text).to_owned(),
        other => bcp47(other),
    };
    Some(Guess {
        code,
        confidence,
        reliable: info.is_reliable(),
    })
}

/// The lexicon a BCP 47 code uses (`zh-Hant` -> `zh`, `pt-BR` -> `pt`).
pub(crate) fn lexicon_of(code: &str) -> &str {
    code.split(['-', '_']).next().unwrap_or(code)
}

// Characters that occur in one Chinese script only (common words of complaints).
const HANT_ONLY: &str =
    "們這個來為國說時還沒貨寄錢問題東單貨網購買賣訂號碼變換壞損裝點認證請謝對應該麼廠後發關開讓";
const HANS_ONLY: &str =
    "们这个来为国说时还没货寄钱问题东单货网购买卖订号码变换坏损装点认证请谢对应该么厂后发关开让";

// How many characters the script count reads (enough for a few dozen marker characters).
const SCRIPT_SAMPLE_CHARS: usize = 200;

pub(crate) fn chinese_script(text: &str) -> &'static str {
    let mut hant = 0usize;
    let mut hans = 0usize;
    for c in text.chars().take(SCRIPT_SAMPLE_CHARS) {
        if HANT_ONLY.contains(c) {
            hant += 1;
        } else if HANS_ONLY.contains(c) {
            hans += 1;
        }
    }
    if hant > hans {
        "zh-Hant"
    } else {
        "zh-Hans"
    }
}

fn bcp47(lang: Lang) -> String {
    let code = match lang {
        Lang::Cmn => "zh",
        Lang::Eng => "en",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ita => "it",
        Lang::Nld => "nl",
        Lang::Pol => "pl",
        Lang::Rus => "ru",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Ara => "ar",
        Lang::Tur => "tr",
        Lang::Swe => "sv",
        Lang::Ukr => "uk",
        Lang::Hin => "hi",
        Lang::Heb => "he",
        Lang::Dan => "da",
        Lang::Nob => "nb",
        Lang::Fin => "fi",
        Lang::Ces => "cs",
        Lang::Hun => "hu",
        Lang::Ell => "el",
        Lang::Ron => "ro",
        Lang::Bul => "bg",
        Lang::Vie => "vi",
        Lang::Tha => "th",
        Lang::Ind => "id",
        Lang::Pes => "fa",
        Lang::Urd => "ur",
        Lang::Ben => "bn",
        Lang::Slk => "sk",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Slv => "sl",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        other => return other.code().to_owned(),
    };
    code.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_and_simplified_chinese_are_told_apart() {
        assert_eq!(chinese_script("我的包裹還沒收到"), "zh-Hant");
        assert_eq!(chinese_script("我的包裹还没收到"), "zh-Hans");
    }

    #[test]
    fn region_subtags_share_a_lexicon() {
        assert_eq!(lexicon_of("zh-Hant"), "zh");
        assert_eq!(lexicon_of("pt-BR"), "pt");
        assert_eq!(lexicon_of("de"), "de");
    }
}
