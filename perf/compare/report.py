#!/usr/bin/env python3
"""Checks the contenders' outputs and writes the results table (run by run.sh).

  report.py check WORK     every WORK/out/*.txt equals the baseline line for line;
                           every row of the table is hit; exits 1 otherwise
  report.py table WORK ... the markdown results table on stdout
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# (name, what it is, what is timed)
ROWS = [
    ("rust_baseline", "hand-written Rust", "if-chain over typed inputs, `rust_decimal`"),
    ("amends_decide", "amends core: remedy only", "`remedy::Evaluator::decide` on prepared inputs"),
    ("amends_assess", "amends core: full pipeline", "`Engine::assess` on parsed cases (triage, risk, remedy, routing, SLA, trace)"),
    ("amends_batch_json", "amends core: JSON batch", "`Engine::assess_batch_json`: JSON arrays of 1,000 cases in, JSON out"),
    ("amends_cli", "amends CLI end to end", "`amends assess` over the JSONL file: process start, policy, parse, assess, print"),
    ("python_amends_batch", "amends Python: batch", "`Engine.assess_batch_json`, one call per 1,000 cases"),
    ("python_amends_loop", "amends Python: per case", "`Engine.assess_json` per case"),
    ("wasm_node_batch", "amends wasm in Node: batch", "`Engine.assessBatchJson`, one call per 1,000 cases"),
    ("wasm_node_loop", "amends wasm in Node: per case", "`Engine.assessJson` per case"),
    ("zen", "zen-engine (GoRules JDM)", "`Decision::evaluate`: fx table, expressions, 16-row table, amounts"),
    ("node_json_rules_engine", "npm json-rules-engine", "`engine.run` + decimal.js amounts"),
    ("python_plain", "plain Python `decimal`", "if-chain, `decimal` half-even"),
]


def check(work: Path) -> int:
    out = work / "out"
    base = (out / "rust_baseline.txt").read_text().splitlines()
    rows = Counter(line.split("|")[1] for line in base)
    ok = True
    if len(rows) != 16:
        print(f"FAIL: the inputs hit {len(rows)} of 16 rows: {sorted(rows)}")
        ok = False
    for f in sorted(out.glob("*.txt")):
        if f.name == "rust_baseline.txt":
            continue
        got = f.read_text().splitlines()
        diffs = [(b, g) for b, g in zip(base, got) if b != g]
        if len(got) != len(base):
            print(f"FAIL {f.stem}: {len(got)} lines, expected {len(base)}")
            ok = False
        if diffs:
            ok = False
            print(f"FAIL {f.stem}: {len(diffs)} of {len(base)} lines differ; first ones:")
            for b, g in diffs[:5]:
                print(f"  expected {b}\n  got      {g}")
        elif len(got) == len(base):
            print(f"ok   {f.stem}: {len(got)} lines identical")
    print("rows hit: " + ", ".join(f"{k.split('_')[0]}={v}" for k, v in sorted(rows.items())))
    return 0 if ok else 1


def rss_mb(path: Path):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", path.read_text())
    return int(m.group(1)) / 1024 if m else None


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except Exception as e:  # noqa: BLE001 - a version we cannot read is reported as such
        return f"? ({e.__class__.__name__})"


def lock_version(lock: Path, name: str):
    text = lock.read_text()
    m = re.search(r'name = "%s"\nversion = "([^"]+)"' % re.escape(name), text)
    return m.group(1) if m else "?"


def npm_version(name: str):
    lock = json.loads((HERE / "package-lock.json").read_text())
    return lock["packages"].get(f"node_modules/{name}", {}).get("version", "?")


def table(a) -> None:
    work = Path(a.work)
    figs = {}
    n = sum(1 for _ in open(work / "cases.jsonl"))
    for name, _, _ in ROWS:
        rounds = []
        if name == "amends_cli":
            for w in sorted((work / "figures").glob("amends_cli.*.wall")):
                us = int(w.read_text()) / n / 1000
                rounds.append({"us_per_decision": us, "min_us": us, "max_us": us, "load_ms": None})
        else:
            for j in sorted((work / "figures").glob(f"{name}.*.json")):
                rounds.append(json.loads(j.read_text().strip().splitlines()[-1]))
        meds = sorted(r["us_per_decision"] for r in rounds)
        loads = sorted(r["load_ms"] for r in rounds if r.get("load_ms") is not None)
        rss = [rss_mb(t) for t in (work / "figures").glob(f"{name}.*.time")]
        us = meds[len(meds) // 2]
        figs[name] = {
            "us_per_decision": us, "per_second": 1e6 / us if us else 0, "n": n,
            "min_us": min(r["min_us"] for r in rounds), "max_us": max(r["max_us"] for r in rounds),
            "rounds": meds, "load_ms": loads[len(loads) // 2] if loads else None,
            "rss": max((x for x in rss if x is not None), default=None),
            "note": rounds[-1].get("note", ""),
        }
    base = figs["rust_baseline"]["us_per_decision"]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    load_end = " ".join(open("/proc/loadavg").read().split()[:3])
    p = print
    p("# Comparison results\n")
    info = open("/proc/cpuinfo").read()
    vm = " (virtual machine)" if re.search(r"^flags\s*:.*\bhypervisor\b", info, re.M) else ""
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    p(f"- Machine: {cpu}{vm}, {os.cpu_count()} cores, {mem / 1024 / 1024:.0f} GB, Linux {platform.release()}; "
      f"load average {a.load} at start, {load_end} at the end")
    p(f"- Inputs: {n} seeded cases (seed {a.seed}), every row of the table hit; every "
      f"contender's output identical to the baseline's, line for line")
    p(f"- Timing: {a.rounds} rounds, one after the other; in each round every contender runs "
      f"in its own process: one warm-up pass, then {a.reps} passes over all inputs, the "
      f"median pass divided by {n}. Reported: the median of the rounds' medians; the range "
      f"is the fastest and slowest single pass of all rounds. The CLI: one whole run per "
      f"round, wall time. Load and compile: median over the rounds; peak RSS: the largest.")
    p("")
    p("| contender | µs / decision | fastest–slowest pass | decisions / s | × baseline | peak RSS (MB) | load + compile (ms) | timed |")
    p("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, what, timed in ROWS:
        f = figs[name]
        us = f["us_per_decision"]
        ratio = us / base if base else float("nan")
        rss = f"{f['rss']:.0f}" if f["rss"] is not None else "?"
        load = f"{f['load_ms']:.1f}" if f.get("load_ms") is not None else "–"
        def fmt(x):
            return f"{x:.3f}" if x < 10 else f"{x:.1f}"
        spread = f"{fmt(f['min_us'])}–{fmt(f['max_us'])}"
        p(f"| {what} | {fmt(us)} | {spread} | {f['per_second']:,.0f} | {ratio:,.1f} | {rss} | {load} | {timed} |")
    p("")
    p(f"zen-engine, the 16-row table node alone (same graph minus the fx, convert and "
      f"amounts nodes, fed the USD total): {figs['zen']['note'].rsplit(': ', 1)[-1].replace(' us', ' µs')} per "
      f"decision in the last round.\n")
    p("Performance targets (benchmarks, not tests):\n")

    def ratio(x, y):
        d = figs[y]["us_per_decision"]
        return figs[x]["us_per_decision"] / d if d else float("nan")

    checks = [
        ("remedy evaluation within 2× of the hand-written baseline",
         ratio("amends_decide", "rust_baseline"), "<=", 2),
        ("Python batch at least 5× faster than plain Python",
         ratio("python_plain", "python_amends_batch"), ">=", 5),
        ("wasm in Node within 2× of native (JSON batch vs JSON batch)",
         ratio("wasm_node_batch", "amends_batch_json"), "<=", 2),
    ]
    for label, v, op, lim in checks:
        met = v <= lim if op == "<=" else v >= lim
        p(f"- {label}: {v:.2f}× ({'met' if met else 'not met'})")
    p("")
    venv_py = str(Path(a.venv) / "bin" / "python")
    clock = lock_version(HERE / "Cargo.lock", "zen-engine")
    p("Versions:\n")
    p(f"- {sh('rustc', '-V')}; amends {sh(a.amends_bin, '--version').split()[-1]} "
      f"at {sh('git', '-C', str(ROOT), 'rev-parse', '--short', 'HEAD')}; "
      f"rust_decimal {lock_version(HERE / 'Cargo.lock', 'rust_decimal')}")
    p(f"- zen-engine {clock} (pollster {lock_version(HERE / 'Cargo.lock', 'pollster')})")
    p(f"- Node {sh('node', '-v')}; json-rules-engine {npm_version('json-rules-engine')}, "
      f"decimal.js {npm_version('decimal.js')}; wasm-bindgen {sh('wasm-bindgen', '--version').split()[-1]}, "
      f"wasm-opt (binaryen) {npm_version('binaryen')}")
    pyv = sh(venv_py, "-c", "import sys, decimal; print(sys.version.split()[0], decimal.__libmpdec_version__)")
    maturin = sh(venv_py, "-c", "import importlib.metadata as m; print(m.version('maturin'))")
    p(f"- Python {pyv.split()[0]} (libmpdec {pyv.split()[-1]}); amends wheel built from "
      f"bindings-python with maturin {maturin}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["check", "table"])
    ap.add_argument("work")
    ap.add_argument("--load", default="?")
    ap.add_argument("--seed", default="?")
    ap.add_argument("--reps", default="?")
    ap.add_argument("--rounds", default="?")
    ap.add_argument("--amends-bin", default=str(ROOT / "target" / "release" / "amends"))
    ap.add_argument("--venv", default=str(HERE / ".venv"))
    a = ap.parse_args()
    if a.mode == "check":
        sys.exit(check(Path(a.work)))
    table(a)


if __name__ == "__main__":
    main()
