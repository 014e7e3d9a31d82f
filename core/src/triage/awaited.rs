//! A wait names what is awaited: "Still waiting for my refund", "Ich warte immer noch
//! auf meine Rückerstattung", "我还在等退款", "Hâlâ iademi bekliyorum". A category term
//! listed in a lexicon's `[waiting] terms` ("still waiting", "warte immer noch", "还在等")
//! says that the buyer waits, not for what: alone it reads as a delivery delay (what a
//! buyer most often waits for), but when a complaint term of another category stands in
//! its clause within `[waiting] after` words after it (characters, for `boundary =
//! "none"`), its weight counts for that term's category instead ("waiting for my
//! refund"). Else the nearest such term within `[waiting] before` words before it is
//! taken, where the object may come first (Turkish, Japanese, Korean: "iademi
//! bekliyorum", "返金をずっと待って"; Chinese and Russian topics: "退款等了好久"). Terms of
//! the wait's own category are passed over ("Ik wacht al drie weken op mijn geld
//! terug": "weken" is no thing awaited).

use rust_decimal::Decimal;
use serde::Deserialize;

use super::entries::Entries;
use super::lexicon::Kind;
use super::resolve::Hit;
use crate::case::Category;

/// The `[waiting]` table of a lexicon file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Waiting {
    /// Category terms (as written in the file) that name a wait.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Words (characters, for `boundary = "none"`) between a wait and what is awaited
    /// after it ("waiting for my refund"); 0: the wait reaches nothing after it.
    #[serde(default)]
    pub after: u32,
    /// The same before it, where the object comes first ("iademi bekliyorum"); 0: the
    /// wait reaches nothing before it.
    #[serde(default)]
    pub before: u32,
}

/// Whether `from..to` lies in one clause of language `lang` within `window` words.
pub(crate) type Clause<'a> = dyn Fn(usize, usize, usize, u32) -> bool + 'a;

/// Gives every wait with an awaited complaint of another category in its clause that
/// category (`Hit::awaited`). `hits` is sorted by start.
pub(crate) fn redirect(hits: &mut [(usize, usize, Hit)], entries: &Entries, clause: &Clause) {
    // Unnegated complaint terms: (start, end, category).
    let complaints: Vec<(usize, usize, Category)> = (hits.iter())
        .filter_map(|(s, e, h)| {
            let x = entries.get(h.entry)?;
            match x.kind {
                Kind::Category(c) if !h.negated && x.weight > Decimal::ZERO => Some((*s, *e, c)),
                Kind::Negated(c) if h.negated => Some((*s, *e, c)),
                _ => None,
            }
        })
        .collect();
    for (s, e, h) in hits.iter_mut() {
        let Some(x) = entries.get(h.entry) else {
            continue;
        };
        let (Kind::Category(own), Some((ahead, back))) = (&x.kind, x.wait_window) else {
            continue;
        };
        if h.negated {
            continue;
        }
        let other = |&&(_, _, c): &&(usize, usize, Category)| c != *own;
        let k = complaints.partition_point(|&(cs, _, _)| cs < *e);
        // After the wait: the first term of another category while still in the clause.
        let after = (complaints.get(k..).unwrap_or_default().iter())
            .take_while(|&&(cs, _, _)| ahead > 0 && clause(x.lang, *e, cs, ahead))
            .find(other);
        // Before it: the last such term ending in the clause.
        let j = complaints.partition_point(|&(cs, _, _)| cs < *s);
        let before = || {
            (complaints.get(..j).unwrap_or_default().iter().rev())
                .take_while(|&&(_, ce, _)| back > 0 && clause(x.lang, ce, *s, back))
                .find(other)
        };
        h.awaited = after.or_else(before).map(|&(_, _, c)| c);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a test
mod tests {
    use crate::triage::test_support::triage_of;

    fn category(text: &str) -> String {
        triage_of(text, "CH")["category"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    #[test]
    fn a_wait_takes_the_category_of_what_is_awaited() {
        for text in [
            "Still waiting for my refund, it has been three weeks.",
            "Ich warte immer noch auf meine Rückerstattung.",
            "Ik wacht nog steeds op mijn terugbetaling.",
            "Jag väntar fortfarande på min återbetalning.",
            "Я до сих пор жду возврат денег.",
            "Hâlâ iademi bekliyorum.",
            "我还在等退款。",
            "ما زلت أنتظر استرداد المبلغ.",
            // The object first: the wait reaches back where the language allows it.
            "Возврат денег жду уже месяц.",
            "退款等了好久。",
            "返金をずっと待っています。",
        ] {
            assert_eq!(category(text), "refund_status", "{text:?}");
        }
        for text in [
            "Still waiting for customer service to call me back.",
            "Ich warte seit Tagen auf den Kundenservice.",
        ] {
            assert_eq!(category(text), "service", "{text:?}");
        }
    }

    #[test]
    fn a_wait_for_nothing_else_stays_a_delay() {
        for text in [
            "Still waiting for my parcel, it has been three weeks.",
            "Ich warte immer noch auf mein Paket.",
            "Я до сих пор жду свою посылку.",
            "我还在等我的包裹。",
            // Another clause: the refund is not what is awaited.
            "Still waiting for my parcel. A refund would be nice.",
            // English puts the object after the wait: nothing before it is awaited.
            "Refund denied so still waiting for the parcel.",
        ] {
            assert_eq!(category(text), "delivery_delay", "{text:?}");
        }
    }
}
