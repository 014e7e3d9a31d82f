#!/usr/bin/env bash
# The comparison harness (docs/performance.md): the same seeded inputs through every
# contender, every output checked against the hand-written Rust baseline, then one table
# of figures. On demand only (not part of `make test`): the cold build of zen-engine takes
# about ten minutes on two cores.
#
#   perf/compare/run.sh [--n N] [--seed S] [--reps R] [--rounds K] [--check] [--no-build]
#
#   --n N       inputs (default 20000)          --seed S   generator seed (default 11)
#   --reps R    timed passes per contender and round (default 7)
#   --rounds K  every contender runs once per round, rounds one after the other, so that
#               each is measured at several moments of a noisy machine; the median of
#               the rounds' medians is reported (default 3)
#   --check     smoke mode: N=200, no timing; checks only that every output matches
#   --no-build  reuse the builds of a previous run
#
# Writes perf/compare/work/ (inputs, outputs, raw figures; not committed) and, unless
# --check, perf/compare/results.md (also printed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$here/work"
n=20000 seed=11 reps=7 rounds=3 check=0 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --check) check=1; n=200; reps=0; rounds=1; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
NOW=2026-11-20T12:00:00Z
step() { printf '\n==> %s\n' "$*" >&2; }

mkdir -p "$work"
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- builds (each once, in turn)
venv="$here/.venv"
if [ "$build" = 1 ]; then
  step "build: Rust contenders (own workspace, release: hand-written, amends core, zen-engine)"
  cargo build --release --locked --manifest-path "$here/Cargo.toml"
  step "build: amends CLI (release)"
  (cd "$root" && cargo build --release --locked -p amends-cli)
  step "build: amends wasm for Node (profile wasm-release-speed, wasm-bindgen, wasm-opt -O3)"
  (cd "$here" && npm ci --no-audit --no-fund --silent)
  (cd "$root" && cargo build --locked -p amends-wasm --target wasm32-unknown-unknown --profile wasm-release-speed)
  rm -rf "$work/wasm-node"
  wasm-bindgen --target nodejs --out-dir "$work/wasm-node" \
    "$root/target/wasm32-unknown-unknown/wasm-release-speed/amends_wasm.wasm"
  "$here/node_modules/.bin/wasm-opt" -O3 "$work/wasm-node/amends_wasm_bg.wasm" -o "$work/wasm-node/amends_wasm_bg.wasm"
  printf '{"type": "commonjs"}\n' > "$work/wasm-node/package.json"
  step "build: amends Python wheel into $venv (release)"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv" "$venv/bin/pip" install --quiet --disable-pip-version-check \
    --no-build-isolation --force-reinstall --no-deps "$root/bindings-python"
fi
amends_bin="$root/target/release/amends"
compare_bin="$here/target/release/compare"

# ---------------------------------------------------------------- inputs
step "inputs: $n cases, seed $seed"
rm -rf "$work/out" "$work/figures" && mkdir -p "$work/out" "$work/figures"
python3 "$here/gen.py" --n "$n" --seed "$seed" --out "$work"

# ---------------------------------------------------------------- contenders
# Each runs in its own process under /usr/bin/time -v (peak RSS of that process).
contend() {
  local name="$1"; shift
  step "round $round/$rounds: $name"
  /usr/bin/time -v -o "$work/figures/$name.$round.time" "$@" > "$work/figures/$name.$round.json"
  cat "$work/figures/$name.$round.json"
}
for round in $(seq "$rounds"); do
  contend rust_baseline "$compare_bin" rust_baseline "$work" "$reps"
  contend amends_decide "$compare_bin" amends_decide "$work" "$reps"
  contend amends_assess "$compare_bin" amends_assess "$work" "$reps"
  contend amends_batch_json "$compare_bin" amends_batch_json "$work" "$reps"
  contend zen "$compare_bin" zen "$work" "$reps"
  contend python_plain python3 "$here/py_engines.py" plain "$work" "$reps"
  contend python_amends_batch "$venv/bin/python" "$here/py_engines.py" amends-batch "$work" "$reps"
  contend python_amends_loop "$venv/bin/python" "$here/py_engines.py" amends-loop "$work" "$reps"
  contend wasm_node_batch node "$here/node_engines.mjs" wasm-batch "$work" "$reps"
  contend wasm_node_loop node "$here/node_engines.mjs" wasm-loop "$work" "$reps"
  contend node_json_rules_engine node "$here/node_engines.mjs" jre "$work" "$reps"
  # The CLI end to end: wall time of the whole process (start, policy, JSON parse and print).
  step "round $round/$rounds: amends_cli ($amends_bin assess)"
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$work/figures/amends_cli.$round.time" \
    "$amends_bin" assess --policy "$here/table16.toml" --now "$NOW" "$work/cases.jsonl" > "$work/cli_out.jsonl"
  echo $(( $(date +%s%N) - t0 )) > "$work/figures/amends_cli.$round.wall"
done
python3 "$here/py_engines.py" canon-cli "$work"

# ---------------------------------------------------------------- every output must match
step "check: every output against the hand-written baseline"
python3 "$here/report.py" check "$work"
[ "$check" = 1 ] && { step "smoke check passed ($n inputs)"; exit 0; }

# ---------------------------------------------------------------- results
step "results"
python3 "$here/report.py" table "$work" --load "$load_at_start" --seed "$seed" --reps "$reps" --rounds "$rounds" \
  --amends-bin "$amends_bin" --venv "$venv" | tee "$here/results.md"
