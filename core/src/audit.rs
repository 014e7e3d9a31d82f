//! A tamper-evident audit chain of decisions and evidence.
//!
//! Each [`AuditRecord`] carries the SHA-256 of its own canonical JSON (every field but
//! `hash`) and the `hash` of the record before it, so editing, removing, inserting or
//! reordering any record breaks the chain from that point on. The engine does no I/O:
//! the host appends records wherever it keeps them (a JSON Lines file, a database
//! table) and verifies them with [`verify`] or [`verify_jsonl`].
//!
//! A decision record holds the assessment and the SHA-256 of the case it was made on,
//! not the case itself, so the chain keeps no buyer text; the host keeps the case and
//! can prove it is the one decided on. An evidence record holds the evidence item's
//! content hash, never the content.
//!
//! ```
//! use amends::{api, audit::{self, Chain}, Engine};
//! let engine = Engine::default();
//! let case = api::parse_case(r#"{"id": "c1", "received_at": "2026-11-20T09:00:00Z",
//!   "store": {"id": "s1", "marketplace": "ebay", "country": "GB"},
//!   "channel": "chat", "text": "my parcel never arrived"}"#).unwrap();
//! let now = api::parse_now("2026-11-20T09:30:00Z").unwrap();
//! let assessment = engine.assess(&case, now).unwrap();
//!
//! let mut chain = Chain::new();
//! chain.append_decision(&case, &assessment, now).unwrap();
//! let jsonl = chain.to_jsonl();               // store this anywhere
//! let summary = audit::verify_jsonl(&jsonl).unwrap();
//! assert_eq!(summary.records, 1);
//!
//! let forged = jsonl.replace("\"c1\"", "\"c2\"");
//! assert_eq!(audit::verify_jsonl(&forged).unwrap_err().code, "audit.hash_mismatch");
//! ```

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::assessment::Assessment;
use crate::case::{Case, Evidence};
use crate::error::{Diagnostic, Error};

/// The `prev_hash` of the first record: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Longest line [`verify_jsonl`] reads, in bytes (a record holds one assessment).
pub const MAX_RECORD_BYTES: usize = 4 * 1024 * 1024;

/// One link of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    /// Position in the chain, from 0.
    pub seq: u64,
    /// What the record holds: `decision`, `evidence`, or a host's own kind.
    pub kind: String,
    /// The case the record is about.
    pub case_id: String,
    /// When the host recorded it (passed in; the engine reads no clock).
    pub recorded_at: DateTime<Utc>,
    /// The recorded content (see [`AuditRecord::decision`], [`AuditRecord::evidence`]).
    /// Read strictly: a key given twice in any object of it is refused, since the hash
    /// covers one value per key and a reader taking the other copy would see a forgery.
    #[serde(deserialize_with = "crate::strict_json::value")]
    pub payload: Value,
    /// The previous record's `hash`; [`GENESIS`] for the first.
    pub prev_hash: String,
    /// SHA-256, hex, of this record's canonical JSON without `hash`.
    pub hash: String,
}

/// The fields a record's hash covers, in this order.
#[derive(Serialize)]
struct Body<'a> {
    seq: u64,
    kind: &'a str,
    case_id: &'a str,
    recorded_at: &'a DateTime<Utc>,
    payload: &'a Value,
    prev_hash: &'a str,
}

/// SHA-256 of `bytes`, as 64 lower-case hex digits (for evidence content, cases ...).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Canonical JSON of a value: object keys sorted (by UTF-8 bytes) at every level,
/// no white space, strings escaped as serde_json does. Field order in a stored file
/// therefore does not matter; every value and key does.
pub fn canonical_json(value: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut entries: Vec<(&String, &Value)> = m.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect(),
                )
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string(&sorted(value)).unwrap_or_default()
}

fn to_value<T: Serialize>(v: &T) -> Result<Value, Error> {
    serde_json::to_value(v)
        .map_err(|e| Error::Evaluation(vec![Diagnostic::new("audit.serialize", "", e.to_string())]))
}

impl AuditRecord {
    /// The hash this record should carry, recomputed from its other fields.
    pub fn compute_hash(&self) -> String {
        let body = Body {
            seq: self.seq,
            kind: &self.kind,
            case_id: &self.case_id,
            recorded_at: &self.recorded_at,
            payload: &self.payload,
            prev_hash: &self.prev_hash,
        };
        let text = serde_json::to_value(&body)
            .map(|v| canonical_json(&v))
            .unwrap_or_default();
        sha256_hex(text.as_bytes())
    }

    /// A record of any kind, linked after `prev` (`None` starts a chain).
    pub fn new(
        prev: Option<&AuditRecord>,
        kind: &str,
        case_id: &str,
        payload: Value,
        recorded_at: DateTime<Utc>,
    ) -> AuditRecord {
        let (seq, prev_hash) = match prev {
            Some(p) => (p.seq.saturating_add(1), p.hash.clone()),
            None => (0, GENESIS.to_owned()),
        };
        let mut r = AuditRecord {
            seq,
            kind: kind.to_owned(),
            case_id: case_id.to_owned(),
            recorded_at,
            payload,
            prev_hash,
            hash: String::new(),
        };
        r.hash = r.compute_hash();
        r
    }

    /// A decision: `{"case_sha256", "assessment"}`, where `case_sha256` is the
    /// SHA-256 of the case's canonical JSON ([`crate::api::to_canonical`]).
    pub fn decision(
        prev: Option<&AuditRecord>,
        case: &Case,
        assessment: &Assessment,
        recorded_at: DateTime<Utc>,
    ) -> Result<AuditRecord, Error> {
        let payload = serde_json::json!({
            "case_sha256": sha256_hex(crate::api::to_canonical(case).as_bytes()),
            "assessment": to_value(assessment)?,
        });
        Ok(AuditRecord::new(
            prev,
            "decision",
            &assessment.case_id,
            payload,
            recorded_at,
        ))
    }

    /// An evidence item, by its content hash: the item as given in the case (kind,
    /// party, `sha256`, time). The item must carry a valid `sha256`.
    pub fn evidence(
        prev: Option<&AuditRecord>,
        case_id: &str,
        evidence: &Evidence,
        recorded_at: DateTime<Utc>,
    ) -> Result<AuditRecord, Error> {
        let valid = evidence
            .sha256
            .as_deref()
            .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        if !valid {
            return Err(Error::input(
                Diagnostic::new(
                    "input.invalid_hash",
                    "sha256",
                    "an evidence record needs the item's SHA-256 (64 hex digits)",
                )
                .hint("hash the content with audit::sha256_hex"),
            ));
        }
        let mut item = evidence.clone();
        item.sha256 = item.sha256.map(|h| h.to_ascii_lowercase());
        Ok(AuditRecord::new(
            prev,
            "evidence",
            case_id,
            to_value(&item)?,
            recorded_at,
        ))
    }
}

/// What a successful verification saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainSummary {
    /// Records verified.
    pub records: usize,
    /// The last record's hash ([`GENESIS`] for an empty chain): keep it apart from the
    /// chain (a receipt, another database) to detect truncation.
    pub head: String,
}

/// Checks a whole chain from its first record. Returns the first broken link as a
/// diagnostic whose path is `[i].field` (`i` counts from 0; a JSON Lines file's line is
/// `i + 1`). Codes: `audit.seq`, `audit.prev_mismatch`, `audit.hash_mismatch`,
/// `audit.time_order`.
pub fn verify<'a>(
    records: impl IntoIterator<Item = &'a AuditRecord>,
) -> Result<ChainSummary, Diagnostic> {
    let mut v = Verifier::default();
    for (i, r) in records.into_iter().enumerate() {
        v.check(r, i)?;
    }
    Ok(v.summary())
}

/// Checks a chain stored as JSON Lines (one record per line; blank lines are skipped
/// but counted, so `[i]` in a diagnostic is line `i + 1`). A line that is not a record
/// is `audit.malformed`; a key given twice in a record is `audit.duplicate_key`.
pub fn verify_jsonl(text: &str) -> Result<ChainSummary, Diagnostic> {
    let mut v = JsonlVerifier::default();
    for (n, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        v.check_line(n, line)?;
    }
    Ok(v.summary())
}

/// Verifies a chain one line at a time, holding only the last record: for a host that
/// streams a chain file of any length in bounded memory (`amends audit verify` and
/// `append`). Feed it the non-blank lines with their 0-based index.
#[derive(Debug, Default)]
pub struct JsonlVerifier {
    v: Verifier,
    last: Option<AuditRecord>,
}

impl JsonlVerifier {
    /// A verifier at the start of a chain.
    pub fn new() -> JsonlVerifier {
        JsonlVerifier::default()
    }

    /// Checks the line of index `n` (line `n + 1`, line end removed) as the next record.
    pub fn check_line(&mut self, n: usize, line: &str) -> Result<&AuditRecord, Diagnostic> {
        let r = parse_line(line, n)?;
        self.v.check(&r, n)?;
        Ok(self.last.insert(r))
    }

    /// The last record verified.
    pub fn last(&self) -> Option<&AuditRecord> {
        self.last.as_ref()
    }

    /// The records verified and the head.
    pub fn summary(&self) -> ChainSummary {
        self.v.summary()
    }
}

fn parse_line(line: &str, n: usize) -> Result<AuditRecord, Diagnostic> {
    let malformed = |msg: String| {
        Diagnostic::new("audit.malformed", format!("[{n}]"), msg)
            .hint(format!("line {} is not an audit record", n + 1))
    };
    if line.len() > MAX_RECORD_BYTES {
        return Err(malformed(format!(
            "the line is {} bytes; the limit is {MAX_RECORD_BYTES}",
            line.len()
        )));
    }
    crate::limits::check_depth(line, crate::limits::Syntax::Json, 128, "audit")
        .map_err(|d| malformed(d.message))?;
    serde_json::from_str(line).map_err(|e| {
        let msg = e.to_string();
        if msg.starts_with("duplicate key") || msg.starts_with("duplicate field") {
            Diagnostic::new("audit.duplicate_key", format!("[{n}]"), msg).hint(format!(
                "line {} gives a key twice; the hash covers one copy, so the other may be \
                 forged: restore the record from a trusted copy",
                n + 1
            ))
        } else {
            malformed(msg)
        }
    })
}

#[derive(Debug, Default)]
struct Verifier {
    count: usize,
    prev: Option<(u64, String, DateTime<Utc>)>,
}

impl Verifier {
    fn check(&mut self, r: &AuditRecord, at: usize) -> Result<(), Diagnostic> {
        let broken = |field: &str, code: &str, msg: String| {
            Diagnostic::new(code, format!("[{at}].{field}"), msg)
                .hint(format!("the chain is intact up to record {at} (exclusive)"))
        };
        let (want_seq, want_prev) = match &self.prev {
            Some((seq, hash, _)) => (seq.saturating_add(1), hash.as_str()),
            None => (0, GENESIS),
        };
        if r.seq != want_seq {
            return Err(broken(
                "seq",
                "audit.seq",
                format!("seq is {}; expected {want_seq}", r.seq),
            ));
        }
        if r.prev_hash != want_prev {
            return Err(broken(
                "prev_hash",
                "audit.prev_mismatch",
                "prev_hash is not the previous record's hash".into(),
            ));
        }
        let computed = r.compute_hash();
        if r.hash != computed {
            return Err(broken(
                "hash",
                "audit.hash_mismatch",
                "the record's content does not match its hash".into(),
            ));
        }
        if let Some((_, _, t)) = &self.prev {
            if r.recorded_at < *t {
                return Err(broken(
                    "recorded_at",
                    "audit.time_order",
                    "recorded before the previous record".into(),
                ));
            }
        }
        self.prev = Some((r.seq, r.hash.clone(), r.recorded_at));
        self.count += 1;
        Ok(())
    }

    fn summary(&self) -> ChainSummary {
        ChainSummary {
            records: self.count,
            head: self
                .prev
                .as_ref()
                .map_or_else(|| GENESIS.to_owned(), |p| p.1.clone()),
        }
    }
}

/// An in-memory chain: a convenience over [`AuditRecord`] for hosts that keep the
/// chain in one place. Hosts that store records elsewhere keep only the last record
/// and call [`AuditRecord::new`] and friends with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chain {
    records: Vec<AuditRecord>,
}

impl Chain {
    /// An empty chain.
    pub fn new() -> Chain {
        Chain::default()
    }

    /// Reads a chain from JSON Lines, verifying it.
    pub fn from_jsonl(text: &str) -> Result<Chain, Diagnostic> {
        verify_jsonl(text)?;
        let records = text
            .split('\n')
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| parse_line(l.strip_suffix('\r').unwrap_or(l), n))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Chain { records })
    }

    /// The records, oldest first.
    pub fn records(&self) -> &[AuditRecord] {
        &self.records
    }

    /// The last record.
    pub fn last(&self) -> Option<&AuditRecord> {
        self.records.last()
    }

    /// Appends a decision; returns the new record.
    pub fn append_decision(
        &mut self,
        case: &Case,
        assessment: &Assessment,
        recorded_at: DateTime<Utc>,
    ) -> Result<&AuditRecord, Error> {
        let r = AuditRecord::decision(self.last(), case, assessment, recorded_at)?;
        Ok(self.push(r))
    }

    /// Appends an evidence item by its hash; returns the new record.
    pub fn append_evidence(
        &mut self,
        case_id: &str,
        evidence: &Evidence,
        recorded_at: DateTime<Utc>,
    ) -> Result<&AuditRecord, Error> {
        let r = AuditRecord::evidence(self.last(), case_id, evidence, recorded_at)?;
        Ok(self.push(r))
    }

    /// Appends a record of the host's own kind; returns it.
    pub fn append(
        &mut self,
        kind: &str,
        case_id: &str,
        payload: Value,
        recorded_at: DateTime<Utc>,
    ) -> &AuditRecord {
        let r = AuditRecord::new(self.last(), kind, case_id, payload, recorded_at);
        self.push(r)
    }

    fn push(&mut self, r: AuditRecord) -> &AuditRecord {
        self.records.push(r);
        #[allow(clippy::indexing_slicing)] // just pushed
        &self.records[self.records.len() - 1]
    }

    /// Verifies the chain.
    pub fn verify(&self) -> Result<ChainSummary, Diagnostic> {
        verify(&self.records)
    }

    /// The chain as JSON Lines: one record's canonical JSON per line.
    pub fn to_jsonl(&self) -> String {
        let mut s = String::new();
        for r in &self.records {
            s.push_str(&crate::api::to_canonical(r));
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::case::{EvidenceKind, Party};

    fn t(s: &str) -> DateTime<Utc> {
        crate::api::parse_now(s).unwrap()
    }

    fn sample() -> Chain {
        let engine = crate::Engine::default();
        let case = crate::api::parse_case(
            r#"{"id": "c1", "received_at": "2026-11-20T09:00:00Z",
              "store": {"id": "s1", "marketplace": "ebay", "country": "GB"},
              "channel": "chat", "text": "never arrived"}"#,
        )
        .unwrap();
        let now = t("2026-11-20T09:30:00Z");
        let a = engine.assess(&case, now).unwrap();
        let mut c = Chain::new();
        let ev = Evidence {
            kind: EvidenceKind::Photo,
            from: Party::Buyer,
            sha256: Some(sha256_hex(b"photo bytes")),
            received_at: None,
        };
        c.append_evidence("c1", &ev, now).unwrap();
        c.append_decision(&case, &a, now).unwrap();
        c.append("note", "c1", serde_json::json!({"b": 1, "a": "x"}), now);
        c
    }

    #[test]
    fn an_untouched_chain_verifies_and_reports_its_head() {
        let c = sample();
        let s = c.verify().unwrap();
        assert_eq!(s.records, 3);
        assert_eq!(s.head, c.last().unwrap().hash);
        assert_eq!(verify_jsonl(&c.to_jsonl()).unwrap(), s);
        assert_eq!(Chain::from_jsonl(&c.to_jsonl()).unwrap(), c);
    }

    #[test]
    fn the_empty_chain_is_valid_with_the_genesis_head() {
        assert_eq!(verify_jsonl("").unwrap().head, GENESIS);
    }

    #[test]
    fn editing_a_payload_breaks_that_record() {
        let mut c = sample();
        c.records[1].payload["assessment"]["case_id"] = "c9".into();
        let d = c.verify().unwrap_err();
        assert_eq!(
            (d.code.as_str(), d.path.as_str()),
            ("audit.hash_mismatch", "[1].hash")
        );
    }

    #[test]
    fn rehashing_an_edit_breaks_the_next_link() {
        let mut c = sample();
        c.records[0].case_id = "c9".into();
        c.records[0].hash = c.records[0].compute_hash();
        let d = c.verify().unwrap_err();
        assert_eq!(
            (d.code.as_str(), d.path.as_str()),
            ("audit.prev_mismatch", "[1].prev_hash")
        );
    }

    #[test]
    fn removing_or_reordering_records_is_detected() {
        let c = sample();
        let text = c.to_jsonl();
        let lines: Vec<&str> = text.lines().collect();
        let dropped = format!("{}\n{}\n", lines[0], lines[2]);
        assert_eq!(verify_jsonl(&dropped).unwrap_err().code, "audit.seq");
        let swapped = format!("{}\n{}\n{}\n", lines[1], lines[0], lines[2]);
        assert_eq!(verify_jsonl(&swapped).unwrap_err().path, "[0].seq");
    }

    #[test]
    fn key_order_in_storage_does_not_matter() {
        let c = sample();
        let line = crate::api::to_canonical(&c.records[2]);
        let reordered = line.replace(r#"{"b":1,"a":"x"}"#, r#"{"a":"x","b":1}"#);
        assert_ne!(line, reordered);
        let text = c.to_jsonl().replace(&line, &reordered);
        assert_eq!(verify_jsonl(&text).unwrap().records, 3);
    }

    #[test]
    fn a_garbled_line_is_malformed_at_its_index() {
        let c = sample();
        let mut text = c.to_jsonl();
        text.push_str("{not json\n");
        let d = verify_jsonl(&text).unwrap_err();
        assert_eq!(
            (d.code.as_str(), d.path.as_str()),
            ("audit.malformed", "[3]")
        );
    }

    #[test]
    fn a_key_given_twice_is_refused_at_every_depth() {
        let text = sample().to_jsonl();
        let line = text.lines().nth(1).unwrap();
        let at = line.find("\"payload\":").unwrap();
        let (head, tail) = line.split_at(at);
        let nested = |key: &str, forged: &str| {
            let k = format!("\"{key}\":");
            format!(
                "{head}{}",
                tail.replacen(&k, &format!("{k}{forged},{k}"), 1)
            )
        };
        let forgeries = [
            nested("case_sha256", "\"0000\""),
            nested("case_id", "\"c9\""),
            line.replacen("\"case_id\":", "\"case_id\":\"c9\",\"case_id\":", 1),
        ];
        for forged in forgeries {
            assert_ne!(forged, line);
            let chain = text.replace(line, &forged);
            let d = verify_jsonl(&chain).unwrap_err();
            assert_eq!(
                (d.code.as_str(), d.path.as_str()),
                ("audit.duplicate_key", "[1]"),
                "{}",
                d.message
            );
            assert!(Chain::from_jsonl(&chain).is_err());
        }
    }

    #[test]
    fn evidence_needs_a_content_hash() {
        let ev = Evidence {
            kind: EvidenceKind::Video,
            from: Party::Buyer,
            sha256: None,
            received_at: None,
        };
        let e = AuditRecord::evidence(None, "c1", &ev, t("2026-11-20T09:00:00Z")).unwrap_err();
        assert_eq!(e.code(), "input.invalid_hash");
    }

    #[test]
    fn records_out_of_time_order_are_detected() {
        let mut c = Chain::new();
        c.append("note", "c1", Value::Null, t("2026-11-20T10:00:00Z"));
        c.append("note", "c1", Value::Null, t("2026-11-20T09:00:00Z"));
        assert_eq!(c.verify().unwrap_err().code, "audit.time_order");
    }
}
