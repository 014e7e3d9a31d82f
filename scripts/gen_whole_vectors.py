#!/usr/bin/env python3
"""Writes the whole-assessment conformance vectors (tests/vectors/whole/).

Every case of examples/cases.jsonl, plus inputs taken from the section vectors of each
stage (remedy, risk, triage, foundation), each compared as a whole assessment: every
section, byte for byte, in Rust, Python and Node. The picks are deterministic (evenly
spaced over each folder's sorted files); the expectations are left empty here and filled
by the Rust runner:

    python3 scripts/gen_whole_vectors.py
    AMENDS_BLESS=1 cargo test -p amends --test vectors
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VECTORS = ROOT / "tests" / "vectors"
OUT = VECTORS / "whole"
EXAMPLES_NOW = "2026-11-23T12:00:00Z"
# How many inputs to take from the section vectors of each folder.
PICKS = {"remedy": 30, "risk": 30, "triage": 30, "foundation": 10}


def write(name: str, vector: dict) -> None:
    path = OUT / f"{name}.json"
    old = json.loads(path.read_text()) if path.exists() else {}
    vector["expected"] = old.get("expected")
    path.write_text(json.dumps(vector, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for line in (ROOT / "examples" / "cases.jsonl").read_text().splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        write(
            f"example_{case['id']}",
            {
                "name": f"whole.example.{case['id']}",
                "description": f"The whole assessment of example case {case['id']} (examples/cases.jsonl).",
                "policy": "default",
                "input": case,
                "now": EXAMPLES_NOW,
            },
        )
    for folder, count in PICKS.items():
        candidates = []
        for f in sorted((VECTORS / folder).glob("*.json")):
            v = json.loads(f.read_text())
            if v.get("op", "assess") != "assess" or "select" not in v or "input" not in v:
                continue
            if isinstance(v.get("expected"), dict) and "error" in v["expected"]:
                continue
            candidates.append((f.stem, v))
        step = max(1, len(candidates) / count)
        picked = [candidates[int(i * step)] for i in range(min(count, len(candidates)))]
        for stem, v in picked:
            write(
                f"{folder}_{stem}",
                {
                    "name": f"whole.{folder}.{v['name']}",
                    "description": f"The whole assessment of {folder}/{stem}: {v.get('description', '')}",
                    "policy": v["policy"],
                    "input": v["input"],
                    "now": v["now"],
                },
            )


if __name__ == "__main__":
    main()
