#!/usr/bin/env python3
"""Python binding overhead and batch throughput against the native core, side by side.

    .venv/bin/python benches/python/bench.py [--seconds 1] [--no-native] [--json]

Times, on the same cases and the same `now`:
- the native core (`bindings-python/examples/native_bench.rs`, built with
  `cargo run --release`): `assess` on a parsed case, `assess_json` from JSON text to
  canonical JSON, and `assess_batch_json`;
- for reference, the standard library's `json.loads` on the assessments' JSON (the cost
  of building Python objects of that size, with no Decimal or datetime);
- the Python API: `assess_json` and `assess` from a JSON str and from a dict (also with
  `sections="decision"`),
  `assess_batch` on a list of dicts, `assess_batch_json` on a JSON array, and
  `assess_batch` from two threads (the engine runs without the GIL).

Fixtures: `olist` (1,356 real review comments from the Olist public sample, with their
order when the sample holds it) and `rich` (the fullest conformance vector: order, items,
shipment, buyer, claim). Install the package first (`bindings-python/test.sh` or
`pip install ./bindings-python`); pip builds it in release mode.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List

import amends

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import olist_cases  # noqa: E402

NOW = "2018-10-01T00:00:00Z"


def per_case_us(n: int, fn: Callable[[], Any], seconds: float) -> float:
    """Best of three rounds of µs per case; each round repeats `fn` (one pass over `n`
    cases) until `seconds / 3` have passed."""
    fn()  # warm up
    best = float("inf")
    for _ in range(3):
        passes = 0
        start = time.perf_counter()
        while True:
            fn()
            passes += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / 3 and passes >= 2:
                break
        best = min(best, elapsed * 1e6 / (passes * n))
    return best


def fixtures() -> Dict[str, List[Dict[str, Any]]]:
    rich = json.loads((REPO / "tests/vectors/foundation/whole_email_de_amazon.json").read_text("utf-8"))["input"]
    return {"olist": olist_cases.cases(), "rich": [dict(rich, id=f"r{i}") for i in range(1000)]}


def python_numbers(cases: List[Dict[str, Any]], seconds: float) -> Dict[str, float]:
    engine = amends.Engine.default()
    texts = [engine_json(c) for c in cases]
    batch_text = "[" + ",".join(texts) + "]"
    n = len(cases)
    half = n // 2

    halves_text = ["[" + ",".join(texts[:half]) + "]", "[" + ",".join(texts[half:]) + "]"]

    def two_threads_json() -> None:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda part: engine.assess_batch_json(part, NOW), halves_text))

    def two_threads() -> None:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda part: engine.assess_batch(part, NOW), [cases[:half], cases[half:]]))

    outputs = [engine.assess_json(t, NOW) for t in texts]
    return {
        "json.loads(output), reference": per_case_us(n, lambda: [json.loads(o) for o in outputs], seconds),
        "assess_json(str)": per_case_us(n, lambda: [engine.assess_json(t, NOW) for t in texts], seconds),
        "assess_json(dict)": per_case_us(n, lambda: [engine.assess_json(c, NOW) for c in cases], seconds),
        "assess(str) -> dict": per_case_us(n, lambda: [engine.assess(t, NOW) for t in texts], seconds),
        "assess(dict) -> dict": per_case_us(n, lambda: [engine.assess(c, NOW) for c in cases], seconds),
        "assess_json(str), sections=decision": per_case_us(
            n, lambda: [engine.assess_json(t, NOW, sections="decision") for t in texts], seconds),
        "assess(dict) -> dict, sections=decision": per_case_us(
            n, lambda: [engine.assess(c, NOW, sections="decision") for c in cases], seconds),
        "assess_batch_json(str), sections=decision": per_case_us(
            n, lambda: engine.assess_batch_json(batch_text, NOW, sections="decision"), seconds),
        "assess_batch(dicts)": per_case_us(n, lambda: engine.assess_batch(cases, NOW), seconds),
        "assess_batch(dicts), 2 threads": per_case_us(n, two_threads, seconds),
        "assess_batch_json(str)": per_case_us(n, lambda: engine.assess_batch_json(batch_text, NOW), seconds),
        "assess_batch_json(str), 2 threads": per_case_us(n, two_threads_json, seconds),
    }


def engine_json(case: Dict[str, Any]) -> str:
    """A dict case (with Decimal and aware datetime values) as JSON text."""

    def default(v: Any) -> str:
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, dt.datetime):
            return v.isoformat()
        raise TypeError(type(v).__name__)

    return json.dumps(case, default=default, ensure_ascii=False)


def native_numbers(cases: List[Dict[str, Any]], seconds: float) -> Dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for c in cases:
            f.write(engine_json(c) + "\n")
        path = f.name
    try:
        out = subprocess.run(
            ["cargo", "run", "--quiet", "--release", "-p", "amends-python", "--example", "native_bench",
             "--", path, NOW, str(seconds / 3)],
            cwd=REPO, check=True, capture_output=True, text=True,
        ).stdout
    finally:
        os.unlink(path)
    r = json.loads(out.strip().splitlines()[-1])
    return {
        "assess (parsed case)": r["assess_us"],
        "assess_json(str)": r["assess_json_us"],
        "assess_batch_json(str)": r["assess_batch_json_us"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=1.0, help="time budget per measurement")
    ap.add_argument("--no-native", action="store_true", help="skip the native core")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args()

    results: Dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}",
        "amends": amends.__version__,
        "fixtures": {},
    }
    for name, cases in fixtures().items():
        # Every case must be valid, or we would time error paths.
        failures = [r for r in amends.Engine.default().assess_batch(cases, NOW) if r["type"] != "success"]
        assert not failures, failures[:1]
        entry: Dict[str, Any] = {"cases": len(cases), "python": python_numbers(cases, args.seconds)}
        if not args.no_native:
            entry["native"] = native_numbers(cases, args.seconds)
        results["fixtures"][name] = entry

    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"# {results['machine']}, amends {results['amends']}; µs per case (lower is better)")
    for name, entry in results["fixtures"].items():
        print(f"\n## {name} ({entry['cases']} cases)\n")
        print("| call | µs/case | cases/s | × native assess_json |")
        print("|---|---:|---:|---:|")
        base = entry.get("native", {}).get("assess_json(str)")
        rows = [(f"native {k}", v) for k, v in entry.get("native", {}).items()]
        rows += [(f"python {k}", v) for k, v in entry["python"].items()]
        for label, us in rows:
            ratio = f"{us / base:.2f}" if base else "-"
            print(f"| {label} | {us:.1f} | {1e6 / us:,.0f} | {ratio} |")


if __name__ == "__main__":
    main()
