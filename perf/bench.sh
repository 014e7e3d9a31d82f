#!/usr/bin/env bash
# `make bench`: the criterion suite of the core and the cross-language comparison, in
# quick mode by default, printed as one table and appended with the machine's load to
# perf/history/<commit>.md (one file per commit; several runs of a commit append).
#
#   perf/bench.sh                    # quick: criterion 1 s warm-up / 2 s per bench, comparison 2,000 inputs, 1 round
#   perf/bench.sh --full             # criterion defaults and the comparison's defaults (20,000 inputs, 3 rounds)
#   perf/bench.sh --no-compare       # the criterion suite only
#   BENCH=assess perf/bench.sh       # one criterion bench (and no comparison)
#   BENCH_ARGS='--measurement-time 5' perf/bench.sh   # criterion options instead of the quick ones
#
# The machine's load is read with `uptime` before and after: figures taken on a busy
# machine are not comparable with a quiet one; compare runs of one session, not across days.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"

quick=1
compare=1
for a in "$@"; do
  case "$a" in
    --full) quick=0 ;;
    --no-compare) compare=0 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done
bench="${BENCH:-*}"
[ "$bench" != "*" ] && compare=0

load="$(uptime | sed 's/.*load average: //')"
echo "load before: $load" >&2

target="${CARGO_TARGET_DIR:-$root/target}"
# Only this run's figures go in the table.
rm -rf "$target/criterion"
args=()
[ "$quick" = 1 ] && args=(--warm-up-time 1 --measurement-time 2 --sample-size 20)
# BENCH_ARGS (criterion's options) replaces the quick settings.
[ -n "${BENCH_ARGS:-}" ] && read -ra args <<< "$BENCH_ARGS"
cargo bench -p amends --features arrow --bench "$bench" -- "${args[@]}" >&2

ran=()
if [ "$compare" = 1 ]; then
  if [ "$quick" = 1 ]; then
    perf/compare/run.sh --n 2000 --reps 3 --rounds 1 >&2
  else
    perf/compare/run.sh >&2
  fi
  ran=(--compare-ran)
fi

python3 "$here/bench_table.py" --criterion "$target/criterion" "${ran[@]}" --record --load "$load"
