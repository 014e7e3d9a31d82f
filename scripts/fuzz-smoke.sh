#!/usr/bin/env bash
# Fuzz smoke run: every cargo-fuzz target under core/fuzz for N seconds each.
#
#   scripts/fuzz-smoke.sh            # 20 s per target (CI)
#   scripts/fuzz-smoke.sh 600        # 10 min per target (a local long run)
#   FUZZ_TARGETS="case_json" scripts/fuzz-smoke.sh 60
#
# Installs the nightly toolchain and cargo-fuzz when they are missing. Each target starts
# from the committed seeds (core/fuzz/seeds/<target>) plus its local corpus
# (core/fuzz/corpus/<target>, git-ignored). Exits non-zero on the first crash, leak,
# timeout or out-of-memory; libFuzzer leaves the input in core/fuzz/artifacts/<target>/.
# Prints one summary line per target: runs, seconds, corpus size.
set -euo pipefail

SECS="${1:-${FUZZ_SECONDS:-20}}"
MAX_LEN="${FUZZ_MAX_LEN:-16384}"
cd "$(dirname "$0")/../core"

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz   # ~1 min; the registry has no --locked issues here
fi

# Release code with debug assertions and overflow checks: an arithmetic overflow in the
# core is a finding, as it would be in a debug build. No sanitizer by default: the crates
# forbid unsafe code, so AddressSanitizer would only watch the dependencies, and its
# instrumentation with one codegen unit made the build the slowest step of `make test`
# (9.5 min). FUZZ_SANITIZER=address brings it back for a long local run.
FLAGS=(-O -a -s "${FUZZ_SANITIZER:-none}" --codegen-units 16)
TARGETS="${FUZZ_TARGETS:-$(cargo +nightly fuzz list) python_convert}"
cargo +nightly fuzz build "${FLAGS[@]}"

status=0
for t in $TARGETS; do
  if [ "$t" = python_convert ]; then
    # The Python binding's conversion of Python values (atheris), on the package that
    # `make test-python` installed into .venv.
    py=../.venv/bin/python
    [ -x "$py" ] || { echo "fuzz $t: FAILED (no .venv: run make test-python first)"; status=1; break; }
    "$py" -m pip install --quiet --disable-pip-version-check "atheris>=2.3"
    mkdir -p "fuzz/corpus/$t" fuzz/artifacts
    log="fuzz/artifacts/$t.log"
    if "$py" ../bindings-python/fuzz/fuzz_convert.py "fuzz/corpus/$t" \
        -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="fuzz/artifacts/" >"$log" 2>&1; then
      runs=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
      echo "fuzz $t: ok, ${runs:-no summary}, corpus $(ls "fuzz/corpus/$t" | wc -l) files"
      continue
    fi
    echo "fuzz $t: FAILED (log: core/$log)"
    grep -E 'ERROR|Error|Traceback|Test unit written' "$log" | head -20 || true
    status=1
    break
  fi
  mkdir -p "fuzz/corpus/$t"
  log="fuzz/artifacts/$t.log"
  mkdir -p fuzz/artifacts
  if cargo +nightly fuzz run "${FLAGS[@]}" "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
      -max_total_time="$SECS" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 >"$log" 2>&1; then
    runs=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
    echo "fuzz $t: ok, ${runs:-no summary}, corpus $(ls "fuzz/corpus/$t" | wc -l) files"
  else
    echo "fuzz $t: FAILED (log: core/$log)"
    grep -E 'ERROR|panicked|SUMMARY|Test unit written' "$log" | head -20 || true
    status=1
    break
  fi
done
exit "$status"
