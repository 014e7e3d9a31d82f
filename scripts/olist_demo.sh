#!/bin/sh
# Reproduces the worked example of docs/monitor.md from the Olist sample:
#   sh scripts/olist_demo.sh [DATA_DIR]
# Writes target/olist/{history.jsonl,monitor.json,monitor-strict.json,backtest.json,backtest.html}
# and prints the figures the page quotes.
set -eu
DATA="${1:-../shared/data/olist}"
OUT=target/olist
mkdir -p "$OUT"
python3 scripts/olist_history.py --data "$DATA" --out "$OUT/history.jsonl"
AMENDS="cargo run -q -p amends-cli --"
$AMENDS monitor "$OUT/history.jsonl" > "$OUT/monitor.json"
$AMENDS monitor "$OUT/history.jsonl" --policy tests/policies/strict.toml > "$OUT/monitor-strict.json"
$AMENDS simulate "$OUT/history.jsonl" --policy core/policies/default.toml \
  --vs tests/policies/strict.toml --html "$OUT/backtest.html" --top 5 > "$OUT/backtest.json"
python3 - "$OUT" <<'PY'
import json, sys, collections
out = sys.argv[1]
m = json.load(open(f"{out}/monitor.json"))
s = json.load(open(f"{out}/monitor-strict.json"))
b = json.load(open(f"{out}/backtest.json"))
k = m["kpis"]
print(f"cases {k['cases']}, heat-map cells {len(m['heat_map'])}")
print(f"resolution: n={k['resolution']['count']} mean={k['resolution']['mean_seconds']}s median={k['resolution']['median_seconds']}s")
print(f"csat {k['csat']['numerator']}/{k['csat']['denominator']} = {k['csat']['rate']}")
print(f"sla achievement {k['sla_achievement']['numerator']}/{k['sla_achievement']['denominator']} = {k['sla_achievement']['rate']}")
for name, r in (("default", m), ("strict", s)):
    c = collections.Counter(a["rule"] for a in r["alarms"])
    print(f"alarms ({name}): {len(r['alarms'])} {dict(sorted(c.items()))}")
for a in m["alarms"]:
    figs = "; ".join(f"{f['to']} {f['events']}/{f['volume']}={f['rate']}" for f in a["figures"])
    print(f"  {a['raised_on']} {a['rule']} {a['scope']}={a['subject']} -> {a['action']} [{figs}]")
print(f"backtest: {b['cases']} cases, {b['cases_changed']} changed, {b['offers_changed']} offers changed")
for r in b["sla"]:
    print(f"  {r['deadline']}: A {r['a']['numerator']}/{r['a']['denominator']}  B {r['b']['numerator']}/{r['b']['denominator']}")
print(f"report: {out}/backtest.html")
PY
