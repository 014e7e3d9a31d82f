#!/usr/bin/env python3
"""Reads criterion's results (target/criterion/**/new/) and the comparison harness's
table (perf/compare/results.md, when it ran) and prints one table; with --record, also
appends the figures to perf/history/<commit>.md with the machine's load, so a regression
shows from one commit to the next.

    python3 perf/bench_table.py [--criterion DIR] [--compare FILE] [--record] [--load TEXT]

Per benchmark: the median time of one iteration and, when the bench declares a
throughput in elements, the median time per element (per case, per decision).
"""
import argparse
import datetime
import json
import os
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def fmt(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def criterion_rows(base):
    rows = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        if os.path.basename(dirpath) != "new" or "estimates.json" not in filenames:
            continue
        try:
            with open(os.path.join(dirpath, "estimates.json")) as f:
                est = json.load(f)
            with open(os.path.join(dirpath, "benchmark.json")) as f:
                meta = json.load(f)
        except (OSError, ValueError):
            continue
        median = est["median"]["point_estimate"]
        lo = est["median"]["confidence_interval"]["lower_bound"]
        hi = est["median"]["confidence_interval"]["upper_bound"]
        elements = (meta.get("throughput") or {}).get("Elements")
        per = median / elements if elements else None
        rows.append((meta.get("full_id") or meta.get("title"), median, lo, hi, elements, per))
    rows.sort(key=lambda r: r[0])
    return rows


def git(*args):
    try:
        return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True,
                              text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--criterion", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "criterion"))
    ap.add_argument("--compare", default=os.path.join(ROOT, "perf", "compare", "results.md"))
    ap.add_argument("--compare-ran", action="store_true",
                    help="the comparison ran in this run: include its table")
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--load", default="", help="the load before the run (uptime)")
    args = ap.parse_args()

    rows = criterion_rows(args.criterion)
    out = ["| benchmark | median / iteration | 95% interval | elements | median / element |",
           "|---|---:|---:|---:|---:|"]
    for name, median, lo, hi, elements, per in rows:
        out.append(f"| `{name}` | {fmt(median)} | {fmt(lo)}–{fmt(hi)} | {elements or ''} | "
                   f"{fmt(per) if per is not None else ''} |")
    table = "\n".join(out)
    compare = ""
    if args.compare_ran and os.path.exists(args.compare):
        with open(args.compare, encoding="utf-8") as f:
            compare = f.read().strip()
    print(table)
    if compare:
        print("\nComparison harness (perf/compare):\n")
        print(compare)
    if not rows and not compare:
        sys.exit("no results: run `make bench` first")
    if args.record:
        commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
        dirty = " (uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else ""
        hist = os.path.join(ROOT, "perf", "history")
        os.makedirs(hist, exist_ok=True)
        path = os.path.join(hist, f"{commit}.md")
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        after = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else []
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"## {now}: {commit}{dirty}\n\n")
            f.write(f"- load before (uptime): {args.load or 'unknown'}\n")
            f.write(f"- load after (1, 5, 15 min): {', '.join(after) or 'unknown'}\n")
            f.write(f"- {git('log', '-1', '--format=%s') or ''}\n\n")
            f.write(table + "\n\n")
            if compare:
                f.write(compare + "\n\n")
        print(f"\nrecorded in {os.path.relpath(path, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
