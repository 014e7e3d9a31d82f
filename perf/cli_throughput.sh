#!/usr/bin/env bash
# CLI throughput: N cases (default 1,000,000) through `amends assess` end to end (read,
# parse, assess, write JSON Lines), on one thread and on every core, with wall time and
# peak RSS; then a run of N/100 cases, to show that memory does not grow with the input.
#
#   perf/cli_throughput.sh [N]
#
# The cases are examples/cases.jsonl repeated, each with its own id. Run on demand (it
# writes about 1 GB of input under target/); not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
NOW=2026-11-23T12:00:00Z
BIN=target/release/amends
DIR=target/cli-throughput
mkdir -p "$DIR"

cargo build --release -q -p amends-cli

make_input() { # n file
  python3 - "$1" "$2" <<'PY'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
lines = [l for l in open("examples/cases.jsonl", encoding="utf-8") if l.strip()]
heads = [json.dumps(json.loads(l)["id"]) for l in lines]
with open(path, "w", encoding="utf-8") as out:
    for i in range(n):
        k = i % len(lines)
        out.write(lines[k].replace(heads[k], json.dumps(f"{json.loads(heads[k])}-{i}"), 1))
PY
}

run() { # file jobs -> "seconds peak_kb lines"
  local t
  t=$( { /usr/bin/time -f "%e %M" "$BIN" assess "$1" --now "$NOW" -j "$2" | wc -l > "$DIR/lines"; } 2>&1 | tail -1)
  echo "$t $(cat "$DIR/lines")"
}

[ -s "$DIR/cases_$N.jsonl" ] || make_input "$N" "$DIR/cases_$N.jsonl"
SMALL=$((N / 100))
[ -s "$DIR/cases_$SMALL.jsonl" ] || make_input "$SMALL" "$DIR/cases_$SMALL.jsonl"
CORES=$(nproc)

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $CORES cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $N cases, $(du -h "$DIR/cases_$N.jsonl" | cut -f1)"
echo
echo "| cases | threads | wall s | cases/s | µs/case (wall) | peak RSS MB | lines out |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for spec in "$N 1" "$N $CORES" "$SMALL $CORES"; do
  set -- $spec
  read -r secs kb lines < <(run "$DIR/cases_$1.jsonl" "$2")
  [ "$lines" -eq "$1" ] || { echo "expected $1 lines, got $lines" >&2; exit 1; }
  python3 -c "
n, j, s, kb = $1, $2, $secs, $kb
print(f'| {n:,} | {j} | {s:.1f} | {n / s:,.0f} | {s / n * 1e6:.1f} | {kb / 1024:.1f} | {n:,} |')"
done
