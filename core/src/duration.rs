//! Policy durations written as text: `90s`, `2m`, `4h`, `3d`, `1h30m`.
//!
//! Exact (whole seconds), readable in TOML, and checked when the policy loads.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest duration a policy may state: ten years.
const MAX_SECONDS: i64 = 10 * 366 * 86_400;

/// A non-negative whole number of seconds, spelled with units.
///
/// ```
/// use amends::duration::PolicyDuration;
/// let d: PolicyDuration = "1h30m".parse().unwrap();
/// assert_eq!(d.seconds(), 5400);
/// assert_eq!(d.to_string(), "1h30m");
/// assert!("4 hours".parse::<PolicyDuration>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PolicyDuration(i64);

impl PolicyDuration {
    /// From whole seconds.
    pub fn from_seconds(s: i64) -> PolicyDuration {
        PolicyDuration(s.clamp(0, MAX_SECONDS))
    }

    /// Whole seconds.
    pub fn seconds(self) -> i64 {
        self.0
    }

    /// As a chrono duration.
    pub fn to_chrono(self) -> chrono::Duration {
        chrono::Duration::seconds(self.0)
    }
}

impl std::str::FromStr for PolicyDuration {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "[policy.invalid_duration] `{}` is not a duration like \"90m\", \"4h\" or \"3d\"",
                s.chars().take(32).collect::<String>()
            )
        };
        let mut total: i64 = 0;
        let mut num: Option<i64> = None;
        let mut last_unit = u8::MAX;
        for b in s.bytes() {
            if b.is_ascii_digit() {
                let d = i64::from(b - b'0');
                num = Some(
                    num.unwrap_or(0)
                        .checked_mul(10)
                        .and_then(|n| n.checked_add(d))
                        .ok_or_else(bad)?,
                );
                continue;
            }
            let (rank, unit) = match b {
                b'd' => (0, 86_400),
                b'h' => (1, 3_600),
                b'm' => (2, 60),
                b's' => (3, 1),
                _ => return Err(bad()),
            };
            // Units must come largest first, each once.
            if last_unit != u8::MAX && rank <= last_unit {
                return Err(bad());
            }
            last_unit = rank;
            let n = num.take().ok_or_else(bad)?;
            total = n
                .checked_mul(unit)
                .and_then(|x| total.checked_add(x))
                .ok_or_else(bad)?;
        }
        if num.is_some() || last_unit == u8::MAX {
            return Err(bad());
        }
        if total > MAX_SECONDS {
            return Err(format!(
                "[policy.out_of_range] `{s}` is longer than ten years"
            ));
        }
        Ok(PolicyDuration(total))
    }
}

impl fmt::Display for PolicyDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = self.0;
        if s == 0 {
            return f.write_str("0s");
        }
        for (unit, name) in [(86_400, 'd'), (3_600, 'h'), (60, 'm'), (1, 's')] {
            if s >= unit {
                write!(f, "{}{}", s / unit, name)?;
                s %= unit;
            }
        }
        Ok(())
    }
}

impl Serialize for PolicyDuration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PolicyDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for PolicyDuration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PolicyDuration".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": "^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$", "description": "e.g. 90m, 4h, 3d, 1h30m" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_what_is_not_a_duration() {
        for s in [
            "",
            "4",
            "h",
            "4x",
            "4h4h",
            "30m1h",
            "-4h",
            "4.5h",
            "99999999999999999999d",
        ] {
            assert!(s.parse::<PolicyDuration>().is_err(), "{s}");
        }
    }

    proptest! {
        #[test]
        fn display_round_trips(secs in 0i64..MAX_SECONDS) {
            let d = PolicyDuration::from_seconds(secs);
            prop_assert_eq!(d.to_string().parse::<PolicyDuration>().unwrap(), d);
        }
    }
}
