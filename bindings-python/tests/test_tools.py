"""monitor, backtest (and its HTML report) and the audit chain, as in Rust and JavaScript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import amends

ROOT = Path(__file__).resolve().parents[2]
CASES = [json.loads(line) for line in (ROOT / "examples" / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
HISTORY = "".join(json.dumps({"case": c}) + "\n" for c in CASES[:12])


def test_monitor_reads_a_history_as_text_or_records() -> None:
    engine = amends.Engine()
    report = amends.monitor(engine, HISTORY)
    assert isinstance(report, dict) and report
    assert amends.monitor(engine, [{"case": c} for c in CASES[:12]]) == report
    assert amends.monitor(engine, HISTORY.encode()) == report


def test_backtest_and_its_html_report() -> None:
    a, b = amends.Engine(), amends.Engine()
    report = amends.backtest(a, b, HISTORY, top=5)
    assert report["policies"] if "policies" in report else report
    text = json.dumps(report)
    assert "amends.default" in text
    html = amends.backtest_html(a, b, HISTORY)
    assert html.lstrip().lower().startswith("<!doctype html")


def test_a_malformed_history_line_is_an_input_error_at_its_line() -> None:
    with pytest.raises(amends.InputError) as e:
        amends.monitor(amends.Engine(), HISTORY + "{not json}\n")
    assert e.value.path.startswith("[12]"), e.value.path
    with pytest.raises(amends.InputError) as e:
        amends.monitor(amends.Engine(), {"case": CASES[0]})
    assert e.value.code == "input.invalid_type"


def test_audit_append_then_verify() -> None:
    engine = amends.Engine()
    chain = ""
    heads = []
    for c in CASES[:3]:
        a = engine.assess(c, "2026-11-23T12:00:00Z")
        record = amends.audit_append(chain, c, a, "2026-11-23T12:00:01Z")
        assert record["kind"] == "decision" and record["case_id"] == c["id"]
        chain += amends.dumps(record, separators=(",", ":")) + "\n"
        heads.append(record["hash"])
    ok = amends.audit_verify(chain)
    assert ok == {"valid": True, "records": 3, "head": heads[-1]}
    assert amends.audit_verify(chain, head=heads[1])["code"] == "audit.head_mismatch"
    tampered = chain.replace(CASES[1]["id"], CASES[1]["id"] + "x", 1)
    broken = amends.audit_verify(tampered)
    assert broken["valid"] is False and broken["line"] == 2 and broken["code"].startswith("audit.")
    with pytest.raises(amends.InputError) as e:
        amends.audit_append(tampered, CASES[0], engine.assess(CASES[0], "2026-11-23T12:00:00Z"), "2026-11-23T12:00:02Z")
    assert e.value.code == broken["code"]
