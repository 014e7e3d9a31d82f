#!/usr/bin/env python3
"""Renders docs/scenarios.md, the support-lead review page, from the scenario vectors in
tests/vectors/scenarios/ (whole assessments under the default policy, checked byte for byte
in Rust, Python and Node), so the page always shows what the engine decides today.

    python3 scripts/gen_scenarios_doc.py           # rewrite the page
    python3 scripts/gen_scenarios_doc.py --check   # fail when it is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "tests" / "vectors" / "scenarios"
OUT = ROOT / "docs" / "scenarios.md"


def money(m: dict | None) -> str:
    return f"{m['amount']} {m['currency']}" if m else ""


def outcome(o: dict) -> str:
    kind = o["kind"].replace("_", " ")
    if "amount" in o:
        return f"{kind} {money(o['amount'])}"
    if "percent" in o:
        return f"{kind} {o['percent']}%"
    return kind


def offer(opt: dict) -> str:
    what = " + ".join(outcome(o) for o in opt["outcomes"])
    if opt["band"] == "blocked":
        return f"~~{what}~~ (blocked: {opt.get('blocked_by', '?')})"
    who = "auto" if opt["band"] == "auto" else "needs approval"
    return f"{what} — {opt.get('approver', '?')}, {who}"


def deadlines(sla: dict) -> str:
    out = []
    for d in sla["deadlines"]:
        mark = " (breached)" if d["breached"] else ""
        out.append(f"{d['name'].replace('_', ' ')} {d['due_at'][5:16].replace('T', ' ')}Z{mark}")
    return "; ".join(out)


def row(v: dict) -> list[str]:
    c, a = v["input"], v["expected"]
    t, r, rem, route = a["triage"], a["risk"], a["remedy"], a["routing"]
    order = c.get("order", {})
    head = f"**{v['description']}** ({c['store']['country']}, {c['store']['marketplace']}, {c['channel'].replace('_', ' ')}, {money(order.get('total'))})"
    text = c.get("text", "")
    if len(text) > 110:
        text = text[:107] + "…"
    options = rem["options"]
    rec = rem.get("recommended")
    lines = []
    for i, o in enumerate(options):
        lines.append(("**→** " if i == rec else "") + offer(o))
    why = ", ".join(rem["rules"]) or rem["status"].replace("_", " ")
    notes = [n["key"].replace("_", " ") for n in rem.get("notes", [])]
    if notes:
        why += "; notes: " + ", ".join(notes)
    reasons = [x["code"].removeprefix("risk.") for x in r["reasons"] if x["points"]]
    triage = f"{t['category'].replace('_', ' ')}, {t['urgency']}, sentiment {t['sentiment']}"
    if t["signals"]:
        triage += ", " + ", ".join(t["signals"])
    risk = f"{r['score']} {r['band']}" + (f" ({', '.join(reasons)})" if reasons else "")
    return [
        f"{head}<br>“{text}”",
        triage,
        risk,
        "<br>".join(lines) or "—",
        f"{route['queue'].replace('_', ' ')} ({route['line']} line)",
        deadlines(a["sla"]),
        why,
    ]


def render() -> str:
    files = sorted(SRC.glob("*.json"))
    out = [
        "# Scenarios: what the default policy decides",
        "",
        f"{len(files)} realistic complaints across markets, languages, channels and marketplaces, each",
        "assessed under the embedded default policy at 2026-11-20 12:00 UTC. The page is",
        "generated from the scenario vectors (`tests/vectors/scenarios/`, compared byte for",
        "byte in Rust, Python and Node) by `python3 scripts/gen_scenarios_doc.py`, and",
        "`make docs-check` fails when it is out of date, so it always shows today's decisions.",
        "",
        "Read a row as a support lead would: is this the offer you would send, is the right",
        "person approving it, are the deadlines the ones that run? **→** marks the recommended",
        "option; struck-through options are blocked, with the reason. Deadlines are UTC.",
        "",
        "| complaint | triage | risk | offers (who approves) | queue | deadlines | why (rules) |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in files:
        v = json.loads(f.read_text(encoding="utf-8"))
        if not isinstance(v.get("expected"), dict) or "triage" not in v["expected"]:
            sys.exit(f"{f.relative_to(ROOT)} has no blessed assessment: run AMENDS_BLESS=1 cargo test -p amends --test vectors")
        cells = [x.replace("|", "\\|") for x in row(v)]
        out.append("| " + " | ".join(cells) + " |")
    out += [
        "",
        "To add a scenario, append it to `tests/vectors/scenarios/make.py`, run the script,",
        "bless the vectors (`AMENDS_BLESS=1 cargo test -p amends --test vectors`), read the",
        "new expectation, and regenerate this page.",
        "",
    ]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    text = render()
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            sys.exit("docs/scenarios.md is out of date: run python3 scripts/gen_scenarios_doc.py")
        return
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
