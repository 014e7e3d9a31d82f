//! How every time in an output is written: RFC 3339 in UTC with `Z`, sub-second digits
//! only when they are not zero (what chrono's own `Serialize` writes), as one string.
//! chrono's `Serialize` goes through `collect_str`, which escapes each fragment of the
//! formatting separately and costs several times the formatting itself.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serializer;

/// The text of `t`.
pub(crate) fn text(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// `#[serde(serialize_with = "crate::rfc3339::serialize")]`.
pub(crate) fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&text(t))
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
        let far = Utc.with_ymd_and_hms(12026, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(
            serde_json::json!(text(&far)),
            serde_json::to_value(far).unwrap()
        );
    }
}
