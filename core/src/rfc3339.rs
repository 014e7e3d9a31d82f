//! How every time in an output is written: RFC 3339 in UTC with `Z`, sub-second digits
//! only when they are not zero (what chrono's own `Serialize` writes), as one string.
//! chrono's `Serialize` goes through `collect_str`, which escapes each fragment of the
//! formatting separately and costs several times the formatting itself.

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};
use serde::Serializer;

/// The text of `t`.
pub(crate) fn text(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// `#[serde(serialize_with = "crate::rfc3339::serialize")]`.
pub(crate) fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0; 30];
    match digits(t, &mut buf) {
        Some(text) => s.serialize_str(text),
        None => s.serialize_str(&text(t)),
    }
}

/// [`text`] formatted on the stack, for years 0 to 9999 without a leap second (every
/// time an assessment holds); `None` for the others, which chrono formats.
fn digits<'b>(t: &DateTime<Utc>, buf: &'b mut [u8; 30]) -> Option<&'b str> {
    let n = t.naive_utc();
    let (date, time) = (n.date(), n.time());
    let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    let nanos = time.nanosecond();
    if nanos >= 1_000_000_000 {
        return None;
    }
    let (frac, width) = match nanos {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (n / 1_000_000, 3),
        n if n % 1_000 == 0 => (n / 1_000, 6),
        n => (n, 9),
    };
    let secs = time.num_seconds_from_midnight();
    let mut len = 0;
    // Writes `n` in `width` digits, then `sep`.
    let mut put = |mut n: u32, width: usize, sep: u8| {
        if let Some(field) = buf.get_mut(len..len + width) {
            for b in field.iter_mut().rev() {
                // A digit is below 10, so the cast cannot truncate.
                #[allow(clippy::cast_possible_truncation)]
                let digit = (n % 10) as u8;
                *b = b'0' + digit;
                n /= 10;
            }
        }
        if let Some(b) = buf.get_mut(len + width) {
            *b = sep;
        }
        len += width + 1;
    };
    put(year, 4, b'-');
    put(date.month(), 2, b'-');
    put(date.day(), 2, b'T');
    put(secs / 3600, 2, b':');
    put(secs / 60 % 60, 2, b':');
    if width == 0 {
        put(secs % 60, 2, b'Z');
    } else {
        put(secs % 60, 2, b'.');
        put(frac, width, b'Z');
    }
    buf.get(..len).and_then(|b| std::str::from_utf8(b).ok())
}

/// `#[serde(serialize_with = "crate::rfc3339::serialize_opt")]`.
pub(crate) fn serialize_opt<S: Serializer>(
    t: &Option<DateTime<Utc>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => serialize(t, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn writes_what_chrono_writes() {
        let base = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 5).unwrap();
        for nanos in [0, 7_000_000, 120_000, 5, 999_999_999] {
            let t = base + chrono::Duration::nanoseconds(nanos);
            let ours = serialize(&t, serde_json::value::Serializer).unwrap();
            assert_eq!(ours, serde_json::to_value(t).unwrap());
        }
        for (y, n) in [(1, 0), (999, 1), (2024, 1_000_000), (9999, 999_999_999)] {
            let t = Utc.with_ymd_and_hms(y, 2, 28, 23, 59, 59).unwrap()
                + chrono::Duration::nanoseconds(n);
            let ours = serialize(&t, serde_json::value::Serializer).unwrap();
            assert_eq!(ours, serde_json::json!(text(&t)));
        }
        let far = Utc.with_ymd_and_hms(12026, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(
            serde_json::json!(text(&far)),
            serde_json::to_value(far).unwrap()
        );
    }
}
