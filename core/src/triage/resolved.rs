//! A problem told as solved: "The parcel was late but your support sorted it out
//! quickly", "Paket kam zu spät, aber der Support hat es schnell gelöst", "包裹晚到了，但是
//! 客服很快就解决了". A lexicon's `[resolved]` table lists praise terms that say a problem
//! was solved, told in the past, each with its sentiment weight. When such a term counts
//! as praise (unnegated) after the message's turn ("but", "aber", "但是": a hope or a
//! request told without one, "Espero que o problema seja resolvido", is no solution)
//! and no complaint term or negative word starts after it, the
//! complaints before it are resolved: they keep their category weight (a support lead
//! still learns what went wrong: a delay, a damaged item), but count nothing against
//! sentiment, and courtesy counts as it does in a message without complaint, so the
//! message reads as the thanks it is and raises no anger. A complaint after the
//! resolution ("they sorted it out, but now it broke again") keeps every weight.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

/// The `[resolved]` table of a lexicon file: term → sentiment weight.
pub(crate) type Resolved = BTreeMap<String, crate::money::PolicyDecimal>;

/// Where the message's problems end as solved: the start of the last counted resolution
/// (`resolutions`: start and counted weight of each resolving term) when no complaint
/// (`complaints`: starts of the complaint terms and negative words) starts after it.
pub(crate) fn solved_at(
    resolutions: impl Iterator<Item = (usize, Decimal)>,
    complaints: impl Iterator<Item = usize>,
) -> Option<usize> {
    let last = resolutions
        .filter(|&(_, w)| w > Decimal::ZERO)
        .map(|(s, _)| s)
        .max()?;
    let after = complaints.max().is_some_and(|c| c > last);
    (!after).then_some(last)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // a test
mod tests {
    use crate::triage::test_support::sentiment_and_category;

    fn read(text: &str) -> (f64, String) {
        sentiment_and_category(text, "CH")
    }

    #[test]
    fn a_problem_solved_keeps_its_category_and_reads_as_thanks() {
        for (text, category) in [
            (
                "The parcel was late but your support sorted it out quickly, thanks a lot.",
                "delivery_delay",
            ),
            (
                "Paket kam zu spät, aber der Support hat es schnell gelöst, danke.",
                "delivery_delay",
            ),
            (
                "Il pacco è arrivato in ritardo, ma l'assistenza ha risolto subito, grazie.",
                "delivery_delay",
            ),
            (
                "Paketet var försenat men kundtjänst löste det snabbt, tack!",
                "delivery_delay",
            ),
            (
                "Посылка опоздала, но поддержка быстро всё решила, спасибо.",
                "delivery_delay",
            ),
            (
                "Paczka się spóźniła, ale obsługa szybko rozwiązała problem, dziękuję.",
                "delivery_delay",
            ),
            ("包裹晚到了，但是客服很快就解决了，谢谢。", "delivery_delay"),
        ] {
            let (s, c) = read(text);
            assert!(s > 0.0, "{text:?} should read as thanks, got {s}");
            assert_eq!(c, category, "{text:?}");
        }
    }

    #[test]
    fn a_remedy_done_promptly_reads_as_thanks() {
        for text in [
            "Le service client a vite réglé le problème, merci.",
            "すぐに対応してくれました。ありがとうございます。",
            "Refunded the same day, great service.",
            "Wurde sofort ersetzt, danke.",
            "Noch am selben Tag erstattet.",
            "J'ai été remboursé le jour même, merci.",
            "Me lo han cambiado enseguida, gracias.",
            "Sono stato rimborsato in giornata.",
            "Trocaram na hora, obrigado.",
            "De verkoper heeft het meteen opgelost.",
            "Сразу заменили, спасибо.",
            "Hemen değiştirdiler, teşekkürler.",
            "马上给换了，谢谢。",
            "바로 교환해 주셨어요.",
            "تم حل المشكلة بسرعة، شكرا",
        ] {
            let (s, _) = read(text);
            assert!(s > 0.0, "{text:?} should read as thanks, got {s}");
        }
        // Not done, or asked for: still a complaint.
        for text in [
            "Ils ne m'ont toujours pas remboursé.",
            "They never dealt with it, useless.",
            "I want it refunded the same day.",
        ] {
            let (s, _) = read(text);
            assert!(s < 0.0, "{text:?} should stay a complaint, got {s}");
        }
    }

    #[test]
    fn a_problem_after_the_resolution_or_one_not_solved_stays_a_complaint() {
        for text in [
            "They sorted it out, but it broke again, useless.",
            "The parcel was late and they never resolved the problem.",
            "Le colis est arrivé en retard et ils n'ont pas réglé le problème.",
            "Paket kam zu spät, das Problem wurde nicht gelöst.",
        ] {
            let (s, _) = read(text);
            assert!(s < 0.0, "{text:?} should stay a complaint, got {s}");
        }
    }
}
