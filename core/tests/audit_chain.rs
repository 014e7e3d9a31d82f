//! Pins the audit chain format: the committed chain in `tests/audit/` must verify with
//! this build (a record written by one version verifies with every later one), and each
//! tampered copy must report its first broken link.
//!
//! Regenerate deliberately: `AMENDS_BLESS=1 cargo test -p amends --test audit_chain`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test harness

use std::path::{Path, PathBuf};

use amends::audit::{self, sha256_hex, Chain};
use amends::case::{Evidence, EvidenceKind, Party};
use amends::{api, Engine};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("audit")
}

fn build() -> Chain {
    let engine = Engine::default();
    let mut chain = Chain::new();
    let cases = [
        r#"{"id": "c-100", "received_at": "2026-11-20T09:00:00Z",
            "store": {"id": "de-amz-1", "marketplace": "amazon", "country": "DE"},
            "channel": "email", "text": "Mein Paket ist nach drei Wochen immer noch nicht da.",
            "order": {"id": "o-1", "placed_at": "2026-10-28T10:00:00Z",
              "total": {"amount": "59.90", "currency": "EUR"}}}"#,
        r#"{"id": "c-101", "received_at": "2026-11-20T10:00:00Z",
            "store": {"id": "jp-own-1", "marketplace": "own_site", "country": "JP"},
            "channel": "chat", "text": "商品が壊れていました"}"#,
    ];
    for (i, text) in cases.iter().enumerate() {
        let case = api::parse_case(text).unwrap();
        let now = api::parse_now(&format!("2026-11-20T1{i}:30:00Z")).unwrap();
        let ev = Evidence {
            kind: EvidenceKind::Photo,
            from: Party::Buyer,
            sha256: Some(sha256_hex(format!("photo of {}", case.id).as_bytes())),
            received_at: Some(case.received_at),
        };
        chain.append_evidence(&case.id, &ev, now).unwrap();
        let a = engine.assess(&case, now).unwrap();
        chain.append_decision(&case, &a, now).unwrap();
    }
    chain
}

#[test]
fn the_committed_chain_verifies() {
    let path = dir().join("chain.jsonl");
    if std::env::var_os("AMENDS_BLESS").is_some() {
        std::fs::write(&path, build().to_jsonl()).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let s = audit::verify_jsonl(&text).unwrap();
    assert_eq!(s.records, 4);
}

#[test]
fn each_tampered_copy_reports_its_first_broken_link() {
    let text = if std::env::var_os("AMENDS_BLESS").is_some() {
        build().to_jsonl()
    } else {
        std::fs::read_to_string(dir().join("chain.jsonl")).unwrap()
    };
    let lines: Vec<&str> = text.lines().collect();
    let cases: [(&str, String, &str, &str); 4] = [
        (
            "tampered_amount.jsonl",
            text.replacen("59.90", "5.90", 1),
            "audit.hash_mismatch",
            "[1].hash",
        ),
        (
            "tampered_dropped.jsonl",
            [lines[0], lines[2], lines[3]].join("\n"),
            "audit.seq",
            "[1].seq",
        ),
        (
            "tampered_swapped.jsonl",
            [lines[0], lines[1], lines[3], lines[2]].join("\n"),
            "audit.seq",
            "[2].seq",
        ),
        (
            "tampered_garbled.jsonl",
            [lines[0], lines[1], "{\"seq\": 2", lines[3]].join("\n"),
            "audit.malformed",
            "[2]",
        ),
    ];
    for (name, tampered, code, path) in cases {
        let file = dir().join(name);
        if std::env::var_os("AMENDS_BLESS").is_some() {
            std::fs::write(&file, &tampered).unwrap();
        }
        let stored = std::fs::read_to_string(&file).unwrap();
        let d = audit::verify_jsonl(&stored).unwrap_err();
        assert_eq!((d.code.as_str(), d.path.as_str()), (code, path), "{name}");
    }
}
