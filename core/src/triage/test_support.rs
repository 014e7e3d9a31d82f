//! What the triage unit tests share: a text assessed by the default engine.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a test

/// The triage section of the default engine's assessment of `text`, sent by email to an
/// own-site store in `country` (the market's language is a prior of language detection).
#[cfg(test)]
pub(crate) fn triage_of(text: &str, country: &str) -> serde_json::Value {
    triage_by(&crate::Engine::default(), text, country)
}

/// [`triage_of`], by the given engine.
#[cfg(test)]
pub(crate) fn triage_by(engine: &crate::Engine, text: &str, country: &str) -> serde_json::Value {
    use crate::api;
    let case = serde_json::json!({
        "id": "t", "received_at": "2026-11-20T09:00:00Z",
        "store": {"id": "s1", "marketplace": "own_site", "country": country},
        "channel": "email", "text": text
    });
    let case = api::parse_case(&case.to_string()).unwrap();
    let now = api::parse_now("2026-11-20T10:00:00Z").unwrap();
    let a = engine.assess(&case, now).unwrap();
    serde_json::to_value(&a.triage).unwrap()
}

/// The sentiment and the terms counted ([`triage_of`]).
#[cfg(test)]
pub(crate) fn sentiment_and_terms(text: &str, country: &str) -> (f64, Vec<String>) {
    let t = triage_of(text, country);
    let list = t["terms"].as_array().cloned().unwrap_or_default();
    let terms = (list.iter())
        .map(|x| x["term"].as_str().unwrap_or_default().to_owned())
        .collect();
    (t["sentiment"].as_str().unwrap().parse().unwrap(), terms)
}

/// The sentiment and the category ([`triage_of`]).
#[cfg(test)]
pub(crate) fn sentiment_and_category(text: &str, country: &str) -> (f64, String) {
    let t = triage_of(text, country);
    let s = t["sentiment"].as_str().unwrap().parse().unwrap();
    (s, t["category"].as_str().unwrap_or_default().to_owned())
}

/// The terms counted ([`triage_of`]), as `(term, target)`.
#[cfg(test)]
pub(crate) fn terms_and_targets(text: &str, country: &str) -> Vec<(String, String)> {
    let t = triage_of(text, country);
    let list = t["terms"].as_array().cloned().unwrap_or_default();
    (list.iter())
        .map(|x| {
            let s = |k: &str| x[k].as_str().unwrap_or_default().to_owned();
            (s("term"), s("target"))
        })
        .collect()
}
