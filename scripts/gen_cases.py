#!/usr/bin/env python3
"""Writes N seeded cases as JSON Lines, varied from examples/cases.jsonl.

Case i is example i mod 52 with its own id, every amount scaled by one seeded factor
(rounded to the currency's minor units) and its dates shifted by whole hours, so the
set spans categories, markets, currencies, languages and remedy bands. Used by the
scale-out tests and benchmarks; the same seed always gives the same bytes.

    python3 scripts/gen_cases.py 100000 > cases.jsonl
    python3 scripts/gen_cases.py 100000 --no-text   # structured cases only
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ISO 4217 minor units of the currencies the examples use that do not have two.
MINOR_UNITS = {"JPY": 0, "KRW": 0, "CLP": 0, "KWD": 3, "BHD": 3, "OMR": 3}
TIME_KEYS = ("received_at", "placed_at", "shipped_at", "estimated_delivery_at",
             "delivered_at", "account_created_at", "at")


def _scale_money(value: object, factor: Decimal) -> None:
    if isinstance(value, dict):
        if set(value) == {"amount", "currency"} and isinstance(value["amount"], str):
            units = MINOR_UNITS.get(value["currency"], 2)
            quantum = Decimal(1).scaleb(-units)
            amount = (Decimal(value["amount"]) * factor).quantize(quantum, ROUND_HALF_EVEN)
            value["amount"] = str(amount)
            return
        for key, child in value.items():
            if key in TIME_KEYS and isinstance(child, str):
                continue
            _scale_money(child, factor)
    elif isinstance(value, list):
        for child in value:
            _scale_money(child, factor)


def _shift_times(value: object, hours: int) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            if key in TIME_KEYS and isinstance(child, str):
                t = datetime.fromisoformat(child.replace("Z", "+00:00")) - timedelta(hours=hours)
                value[key] = t.strftime("%Y-%m-%dT%H:%M:%SZ")
            else:
                _shift_times(child, hours)
    elif isinstance(value, list):
        for child in value:
            _shift_times(child, hours)


def cases(n: int, seed: int = 20261129, text: bool = True):
    examples = [json.loads(l) for l in (ROOT / "examples/cases.jsonl").read_text().splitlines() if l.strip()]
    rng = random.Random(seed)
    for i in range(n):
        case = json.loads(json.dumps(examples[i % len(examples)]))
        case["id"] = f"gen-{i:07d}"
        _scale_money(case, Decimal(rng.randrange(25, 400)) / 100)
        _shift_times(case, rng.randrange(0, 72))
        if not text:
            case.pop("text", None)
        yield case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--no-text", action="store_true", help="drop the buyer's text")
    args = parser.parse_args()
    out = sys.stdout
    for case in cases(args.n, args.seed, not args.no_text):
        out.write(json.dumps(case, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
