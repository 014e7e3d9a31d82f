//! Tests of the canonical writer against serde_json.

#![allow(clippy::unwrap_used)]
use super::*;
use proptest::prelude::*;
use serde::Serialize;
use serde_json::json;

fn ours<T: Serialize + ?Sized>(v: &T) -> Option<String> {
    let mut out = Vec::new();
    write(&mut out, v).ok()?;
    Some(String::from_utf8(out).unwrap())
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Tagged {
    Unit,
    Named { a: u8, b: Option<String> },
    Wrapped(Inner),
}

#[derive(Serialize)]
struct Inner {
    x: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    y: Option<f64>,
}

#[derive(Serialize)]
enum External {
    Unit,
    New(u8),
    Tuple(u8, char),
    Struct { k: bool },
}

#[derive(Serialize)]
struct Empty {}

#[test]
fn writes_what_serde_json_writes() {
    let mut map = std::collections::BTreeMap::new();
    map.insert(3u32, "three");
    map.insert(11u32, "eleven");
    let flags = std::collections::BTreeMap::from([(true, 1), (false, 0)]);
    let cases: Vec<(String, Option<String>)> = vec![
        (
            serde_json::to_string(
                &json!({"a": [1, -2.5, null, true, "x\"\\\n\u{1}\u{7f}é/"], "b": {}}),
            )
            .unwrap(),
            ours(&json!({"a": [1, -2.5, null, true, "x\"\\\n\u{1}\u{7f}é/"], "b": {}})),
        ),
        (
            serde_json::to_string(&vec![
                Tagged::Unit,
                Tagged::Named { a: 1, b: None },
                Tagged::Wrapped(Inner {
                    x: -3,
                    y: Some(0.1),
                }),
            ])
            .unwrap(),
            ours(&vec![
                Tagged::Unit,
                Tagged::Named { a: 1, b: None },
                Tagged::Wrapped(Inner {
                    x: -3,
                    y: Some(0.1),
                }),
            ]),
        ),
        (
            serde_json::to_string(&(
                External::Unit,
                External::New(2),
                External::Tuple(1, 'q'),
                External::Struct { k: false },
            ))
            .unwrap(),
            ours(&(
                External::Unit,
                External::New(2),
                External::Tuple(1, 'q'),
                External::Struct { k: false },
            )),
        ),
        (serde_json::to_string(&map).unwrap(), ours(&map)),
        (serde_json::to_string(&flags).unwrap(), ours(&flags)),
        (serde_json::to_string(&Empty {}).unwrap(), ours(&Empty {})),
        (
            serde_json::to_string(&(f64::NAN, 1e300, u128::MAX, i8::MIN)).unwrap(),
            ours(&(f64::NAN, 1e300, u128::MAX, i8::MIN)),
        ),
        (
            serde_json::to_string(&serde_bytes_like()).unwrap(),
            ours(&serde_bytes_like()),
        ),
    ];
    for (want, got) in cases {
        assert_eq!(got.as_deref(), Some(want.as_str()));
    }
}

fn serde_bytes_like() -> Vec<(char, &'static str)> {
    vec![('\u{8}', "\u{c}\r\t"), ('"', "")]
}

#[test]
fn leaves_raw_values_and_float_keys_to_serde_json() {
    let raw = serde_json::value::RawValue::from_string("{\"a\": 1}".into()).unwrap();
    assert!(ours(&raw).is_none());
    let mut m = serde_json::Map::new();
    m.insert("k".into(), json!(1));
    assert!(ours(&m).is_some());
}

proptest! {
    #[test]
    fn escapes_anywhere_in_a_word_are_found(s in "[a-z\"\\\\\\x00-\\x1f\\x7f é]{0,40}") {
        prop_assert_eq!(ours(&s).unwrap(), serde_json::to_string(&s).unwrap());
    }

    #[test]
    fn any_string_is_escaped_as_serde_json_escapes_it(s in any::<String>(), k in any::<String>()) {
        let v = json!({ k: [s.clone(), s] });
        prop_assert_eq!(ours(&v).unwrap(), serde_json::to_string(&v).unwrap());
    }
}
