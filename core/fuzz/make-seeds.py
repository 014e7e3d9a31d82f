#!/usr/bin/env python3
"""Regenerates the fuzz seed corpora in core/fuzz/seeds/ from the conformance vectors,
the default policy and the audit chain fixtures. Run from anywhere; idempotent."""
import glob, hashlib, json, os

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEEDS = os.path.join(ROOT, "core", "fuzz", "seeds")


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    os.makedirs(os.path.join(SEEDS, target), exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(SEEDS, target, name), "wb") as f:
        f.write(data)


def is_json(s):
    try:
        json.loads(s)
        return True
    except (ValueError, RecursionError):
        return False


cases = []
for f in sorted(glob.glob(os.path.join(ROOT, "tests", "vectors", "**", "*.json"), recursive=True)):
    v = json.load(open(f, encoding="utf-8"))
    text = v["input_text"] if "input_text" in v else json.dumps(v.get("input"), ensure_ascii=False)
    if v.get("op", "assess") == "assess":
        put("case_json", text)
        cases.append(text)
        if isinstance(v.get("policy"), dict):
            put("policy_text", json.dumps(v["policy"], ensure_ascii=False))
    else:
        put("policy_text", text)
put("policy_text", open(os.path.join(ROOT, "core", "policies", "default.toml"), encoding="utf-8").read())
good = [c for c in cases if c.startswith("{") and is_json(c)]
put("batch_jsonl", "[" + ",".join(good[:5]) + "]")
put("batch_jsonl", "\n".join(json.dumps(json.loads(c), ensure_ascii=False) for c in good[:8]) + "\n")
put("batch_jsonl", "[]")
for f in sorted(glob.glob(os.path.join(ROOT, "tests", "audit", "*.jsonl"))):
    put("audit_jsonl", open(f, "rb").read())
# Journeys: MACHINE\0START-OR-SNAPSHOT\0EVENT\0NOW.
snap = open(os.path.join(ROOT, "core", "tests", "golden", "complaint_snapshot.json"), encoding="utf-8").read()
put("journey", "order\0{\"instance\": \"o-1\"}\0{\"event\": \"paid\", \"at\": \"2026-11-02T10:30:00Z\"}\02026-11-02T11:00:00Z")
put("journey", "complaint\0" + snap + "\0{\"event\": \"customer_replied\", \"at\": \"2026-11-03T09:00:00Z\"}\02026-11-03T10:00:00Z")
put("journey", "complaint\0{\"instance\": \"c-1\", \"context\": {\"channel\": \"review\", \"complexity\": \"hard\"}}\0{\"event\": \"request_info\", \"at\": \"2026-11-02T10:00:00Z\"}\09999-12-30T00:00:00Z")
put("journey", "[machines.m]\nversion = \"1\"\ninitial = \"a\"\n[machines.m.states.a]\non = [{ event = \"go\", to = \"b\" }]\ntimers = [{ name = \"t\", after = \"1h\", to = \"b\" }]\n[machines.m.states.b]\nfinal = true\n"
    "\0{\"instance\": \"x\"}\0{\"event\": \"go\", \"at\": \"2026-01-01T00:30:00Z\"}\02026-01-01T00:00:00Z")
# Structure-aware TOML policies: the generator reads any bytes.
for i, b in enumerate([b"\x00" * 8, bytes(range(64)), b"\xff\x10\x03policy.id" * 4]):
    put("policy_toml", b)
# Monitor and simulate history lines.
example = [l for l in open(os.path.join(ROOT, "examples", "cases.jsonl"), encoding="utf-8").read().splitlines() if l.strip()]
hist = [json.dumps({"case": json.loads(l)}, ensure_ascii=False) for l in example[:4]]
hist.append(json.dumps({"outcome": {"case_id": json.loads(example[0])["id"], "resolved_at": "2026-11-22T10:00:00Z", "contacts": 2}}))
hist.append(json.dumps({"volume": {"date": "2026-11-01", "scope": "carrier", "id": "dhl", "count": 3}}))
put("history_jsonl", "\n".join(hist) + "\n")
put("history_jsonl", hist[0] + "\n" + json.dumps({"case": json.loads(example[1]), "now": "2026-12-01T00:00:00Z"}) + "\n")
# The CLI line reader: the first byte is the line limit (byte + 1); then JSON Lines with
# the everyday mistakes (blank and CRLF lines, a byte-order mark, pretty-printed JSON, a
# JSON array, invalid UTF-8, a cut last line, an over-long line).
lines = "\n".join(json.dumps(json.loads(c), ensure_ascii=False) for c in good[:3]) + "\n"
put("cli_lines", b"\xff" + b"\xef\xbb\xbf" + lines.encode() + b"\n  \r\n")
if good:
    put("cli_lines", b"\xff" + json.dumps(json.loads(good[0]), indent=2).encode() + b"\n")
    put("cli_lines", b"\xff[" + good[0].encode() + b"]\n" + good[0][: len(good[0]) // 2].encode())
put("cli_lines", b"\x08{\"a\": 1}\n\xff\xfe\n0123456789abcdef\r\n{}\n\xef\xbb\xbf{}")
put("cli_lines", b"\x00\n\n\r\n")
for t in sorted(os.listdir(SEEDS)):
    print(t, len(os.listdir(os.path.join(SEEDS, t))))
