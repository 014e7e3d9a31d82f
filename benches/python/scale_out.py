#!/usr/bin/env python3
"""Scale-out throughput: the Arrow API against the CLI and a Python loop, same cases.

    .venv/bin/python benches/python/scale_out.py [--cases 100000] [--spark 1000000]

On N cases from scripts/gen_cases.py, with the buyer's text and without it (structured
cases), prints cases per second for:
- `Engine.assess_arrow` on one thread (per core) and on every core, typed columns only
  and with the `assessment_json` column;
- a Python loop over `Engine.assess_json` (one thread);
- the CLI (`amends assess --jobs 1` and `--jobs <cores>`, release build, output to
  /dev/null; process start and file reading included);
- with `--spark N`: `amends.spark.assess` on N cases in a local Spark session with one
  executor thread per core, and the peak resident memory of the executor (the JVM) and
  of its Python workers.
Install the package first (`bindings-python/test.sh`), and pyspark for `--spark`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Dict, List

import pyarrow as pa

import amends

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T12:00:00Z"
CORES = os.cpu_count() or 1


def generate(n: int, text: bool, path: Path) -> List[str]:
    args = [sys.executable, str(ROOT / "scripts/gen_cases.py"), str(n)] + ([] if text else ["--no-text"])
    with path.open("wb") as out:
        subprocess.run(args, stdout=out, check=True)
    return path.read_text().splitlines()


def rate(n: int, run: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return n / best


def cli_binary() -> str:
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "amends-cli"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return str(target / "release" / "amends")


def peak_rss_mb(pids: List[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def children(pid: int) -> List[int]:
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(proc.name))
            except (OSError, ValueError, IndexError):
                pass
    return out


def descendants(pid: int) -> List[int]:
    found, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def spark_run(n: int, path: Path) -> Dict[str, float]:
    import amends.spark
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(f"local[{CORES}]")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    peaks = {"jvm": 0.0, "python_workers": 0.0}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            procs = descendants(os.getpid())
            jvm = [p for p in procs if "java" in Path(f"/proc/{p}/comm").read_text(errors="ignore")]
            workers = [p for p in procs if p not in jvm]
            peaks["jvm"] = max(peaks["jvm"], peak_rss_mb(jvm))
            peaks["python_workers"] = max(peaks["python_workers"], peak_rss_mb(workers))
            time.sleep(0.5)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    df = spark.read.text(str(path)).withColumnRenamed("value", "case")
    start = time.perf_counter()
    count = amends.spark.assess(df, NOW).filter("error_code is null").count()
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    spark.stop()
    assert count == n, count
    return {"cases_per_s": n / seconds, "seconds": seconds, **peaks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--spark", type=int, default=0, help="also N cases through local Spark")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    engine = amends.Engine()
    binary = cli_binary()
    results: Dict[str, Dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for text in (False, True):
            name = "with text" if text else "structured, no text"
            path = Path(tmp) / f"cases-{text}.jsonl"
            lines = generate(args.cases, text, path)
            table = pa.table({"case": lines})
            n = len(lines)
            r: Dict[str, float] = {}
            r["arrow, 1 thread"] = rate(n, lambda: engine.assess_arrow(table, NOW, threads=1))
            r[f"arrow, {CORES} threads"] = rate(n, lambda: engine.assess_arrow(table, NOW))
            r["arrow + assessment_json, 1 thread"] = rate(
                n, lambda: engine.assess_arrow(table, NOW, assessment_json=True, threads=1)
            )
            r["python loop over assess_json"] = rate(n, lambda: [engine.assess_json(l, NOW) for l in lines], 1)
            for jobs in (1, CORES):
                run = [binary, "assess", "--now", NOW, "--jobs", str(jobs), str(path)]
                r[f"cli --jobs {jobs}"] = rate(
                    n, lambda: subprocess.run(run, stdout=subprocess.DEVNULL, check=True), 1
                )
            results[name] = r
        if args.spark:
            path = Path(tmp) / "spark.jsonl"
            generate(args.spark, True, path)
            results["spark"] = spark_run(args.spark, path)
    load = os.getloadavg()
    if args.json:
        print(json.dumps({"cores": CORES, "load": load, "results": results}, indent=2))
        return
    print(f"{args.cases} cases, {CORES} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    for name, r in results.items():
        print(f"\n{name}")
        for k, v in r.items():
            print(f"  {k:40s} {v:>14,.0f}")


if __name__ == "__main__":
    main()
