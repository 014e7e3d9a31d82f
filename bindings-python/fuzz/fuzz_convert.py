#!/usr/bin/env python3
"""Fuzzes the Python binding's conversion of Python values (atheris, libFuzzer).

Builds arbitrary Python values from the fuzzer's bytes — nested dicts, lists and tuples,
shared references and cycles, str with lone surrogates, huge and negative ints, NaN and
infinite floats, Decimal, naive and aware datetimes, bytes, sets and foreign objects —
and hands them to every entry that converts a Python value: `Engine.assess` (as a case,
and mutated from a real case), `Engine.assess_batch`, `Engine(policy)` with a dict
policy and `check_policy`. Only the package's own errors (`amends.AmendsError`
subclasses) may come back; any other exception, a crash or a hang is a finding.

    .venv/bin/python bindings-python/fuzz/fuzz_convert.py -max_total_time=60
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sys
from pathlib import Path
from typing import Any, List

import atheris

with atheris.instrument_imports():
    import amends

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T12:00:00Z"
ENGINE = amends.Engine()
EXAMPLE = json.loads((ROOT / "examples" / "cases.jsonl").read_text().splitlines()[0])
KEYS = ["id", "received_at", "store", "channel", "text", "order", "items", "amount",
        "currency", "buyer", "claim", "policy", "remedy", "triage", "not", "x", ""]


class Foreign:
    """An object the conversion does not know."""


def value(fdp: atheris.FuzzedDataProvider, depth: int, pool: List[Any]) -> Any:
    kind = fdp.ConsumeIntInRange(0, 16 if depth < 8 else 9)
    if kind == 0:
        return None
    if kind == 1:
        return fdp.ConsumeBool()
    if kind == 2:
        return fdp.ConsumeInt(fdp.ConsumeIntInRange(1, 24))
    if kind == 3:
        return fdp.ConsumeRegularFloat() if fdp.ConsumeBool() else fdp.PickValueInList(
            [float("nan"), float("inf"), -float("inf"), -0.0])
    if kind == 4:
        return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 40))
    if kind == 5:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 8))  # may hold surrogates
    if kind == 6:
        text = fdp.PickValueInList(["1.5", "-0", "NaN", "Infinity", "1e400", "12.345", "7"])
        return decimal.Decimal(text)
    if kind == 7:
        naive = dt.datetime(2026, 11, 20, fdp.ConsumeIntInRange(0, 23))
        return naive if fdp.ConsumeBool() else naive.replace(tzinfo=dt.timezone.utc)
    if kind == 8:
        return fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 16))
    if kind == 9:
        return fdp.PickValueInList([Foreign(), {1, 2}, frozenset(), object, 1j]) if not pool \
            else fdp.PickValueInList(pool)  # a shared reference (or a cycle)
    if kind in (10, 11, 12):
        d: dict = {}
        pool.append(d)
        for _ in range(fdp.ConsumeIntInRange(0, 6)):
            key: Any = fdp.PickValueInList(KEYS) if fdp.ConsumeBool() else value(fdp, depth + 1, pool)
            try:
                d[key] = value(fdp, depth + 1, pool)
            except TypeError:  # an unhashable key
                pass
        return d
    items: List[Any] = []
    pool.append(items)
    for _ in range(fdp.ConsumeIntInRange(0, 6)):
        items.append(value(fdp, depth + 1, pool))
    return tuple(items) if kind == 16 else items


def mutated_case(fdp: atheris.FuzzedDataProvider, pool: List[Any]) -> Any:
    case = json.loads(json.dumps(EXAMPLE))
    node: Any = case
    for _ in range(fdp.ConsumeIntInRange(0, 3)):
        if isinstance(node, dict) and node:
            key = fdp.PickValueInList(sorted(node))
            if fdp.ConsumeBool() or not isinstance(node[key], (dict, list)):
                node[key] = value(fdp, 0, pool)
                return case
            node = node[key]
        elif isinstance(node, list) and node:
            node = node[fdp.ConsumeIntInRange(0, len(node) - 1)]
    return case


def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    pool: List[Any] = []
    entry = fdp.ConsumeIntInRange(0, 4)
    try:
        if entry == 0:
            ENGINE.assess(value(fdp, 0, pool), NOW)
        elif entry == 1:
            ENGINE.assess(mutated_case(fdp, pool), NOW)
        elif entry == 2:
            ENGINE.assess_batch([mutated_case(fdp, pool), value(fdp, 0, pool)], NOW)
        elif entry == 3:
            amends.Engine({"policy": {"id": "fuzz", "version": "1"}, "x": value(fdp, 0, pool)})
        else:
            amends.check_policy(value(fdp, 0, pool))
    except amends.AmendsError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
