//! Script classification: which script a character belongs to, the languages a script
//! names on its own, and the table telling simplified from traditional Chinese.

/// Languages a script names on its own.
pub(super) const SCRIPT_LANGUAGES: [&str; 8] =
    ["ar", "hi", "ja", "ko", "ru", "th", "zh-Hans", "zh-Hant"];

/// The scripts the rules tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
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

pub(super) fn script(c: char) -> Script {
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

/// The Chinese characters only one script uses (`scripts/gen_zh_script_chars.py`).
pub(super) const ZH_SCRIPT: &str = include_str!("../../../models/zh_script.txt");

// How many characters the script count reads (enough for a few dozen marker characters).
const SCRIPT_SAMPLE_CHARS: usize = 200;

/// The CJK block the lookup table covers directly (others are searched).
const ZH_TABLE: std::ops::RangeInclusive<u32> = 0x3400..=0x9fff;

/// Sorted simplified-only and traditional-only characters, and a table over the main
/// CJK block (1 = simplified only, 2 = traditional only).
#[derive(Debug, Clone, Default)]
pub(super) struct ZhScript {
    hans: Vec<char>,
    hant: Vec<char>,
    table: Vec<u8>,
}

impl ZhScript {
    pub(super) fn parse(text: &str) -> ZhScript {
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
    pub(super) fn of(&self, text: &str) -> Option<&'static str> {
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
}
