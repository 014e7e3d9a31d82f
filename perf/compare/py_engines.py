#!/usr/bin/env python3
"""Python contenders of the comparison harness (docs/performance.md).

  py_engines.py plain         WORK   the 16-row table in plain Python with `decimal`
  py_engines.py amends-batch  WORK   amends' wheel: Engine.assess_batch_json, one call
  py_engines.py amends-loop   WORK   amends' wheel: Engine.assess_json, one call per case
  py_engines.py canon-cli     WORK   canonical lines of the CLI's output (not timed)

Each contender writes WORK/out/<name>.txt (one canonical line per input) and prints one
JSON line of figures. Timed: warm-up pass, then --reps passes; the median is reported.
Loading and compiling are timed separately (load_ms).
"""
import json
import sys
import time
from decimal import Decimal, ROUND_HALF_EVEN, getcontext
from pathlib import Path

NOW = "2026-11-20T12:00:00Z"
BATCH = 1000  # cases per batch call: a batch document is limited to 1 MiB
HERE = Path(__file__).resolve().parent


# ---------------------------------------------------------------- canonical lines
def canon(cid, row, outs):
    return f"{cid}|{row}|{','.join(outs)}"


def canon_assessment(a):
    """The canonical line of an amends assessment (a dict)."""
    r = a["remedy"]
    row = r["rules"][0].split(".", 1)[1]
    opt = r["options"][r.get("recommended", 0) or 0]
    outs = []
    for o in opt["outcomes"]:
        if "amount" in o:
            outs.append(f"{o['kind']}={o['amount']['amount']} {o['amount']['currency']}")
        else:
            outs.append(o["kind"])
    return canon(a["case_id"] if "case_id" in a else a["id"], row, outs)


# ---------------------------------------------------------------- plain Python
TO_USD = {"USD": Decimal("1"), "EUR": Decimal("1.16"), "GBP": Decimal("1.32"),
          "JPY": Decimal("0.0066"), "KWD": Decimal("3.26"), "BRL": Decimal("0.186")}
MINOR = {"USD": 2, "EUR": 2, "GBP": 2, "JPY": 0, "KWD": 3, "BRL": 2}
TIER = {"none": 0, "silver": 1, "gold": 2, "platinum": 3}
CENT = Decimal("0.01")
TEN_DP = Decimal(1).scaleb(-10)
UNIT = {c: Decimal(1).scaleb(-m) for c, m in MINOR.items()}
# A fixed 5 USD in each currency: the cross rate rounded to 10 places, then the amount
# rounded to the minor unit (as the policy's FX table does).
FIVE_USD = {c: (Decimal(5) * (Decimal(1) / r).quantize(TEN_DP, ROUND_HALF_EVEN))
            .quantize(UNIT[c], ROUND_HALF_EVEN) for c, r in TO_USD.items()}


def pct(x, p, unit):
    return (x * p / 100).quantize(unit, ROUND_HALF_EVEN)


def plain_decide(f):
    cid, cat, cur, total, items, delay, tier, risk, market = f
    unit = UNIT[cur]
    usd = (total * TO_USD[cur]).quantize(CENT, ROUND_HALF_EVEN)
    credit_cap = pct(total, 150, unit)

    def credit(p, bonus=None):
        a = pct(total, p, unit)
        if bonus is not None:
            a = a + pct(a, bonus, unit)
        return min(a, credit_cap)

    def m(kind, amount):
        return f"{kind}={amount} {cur}"

    if cat == "delivery_delay" and delay >= 30 and usd >= 200:
        return canon(cid, "r01_long_delay_big_order", [m("full_refund", total)])
    if cat == "delivery_delay" and delay >= 30:
        return canon(cid, "r02_long_delay", [m("partial_refund", pct(total, 50, unit))])
    if cat == "delivery_delay" and delay >= 10 and tier >= 2:
        return canon(cid, "r03_delay_loyal", [m("store_credit", credit(40, 10))])
    if cat == "delivery_delay" and delay >= 3:
        return canon(cid, "r04_delay", ["coupon"])
    if cat == "not_received" and usd >= 500:
        return canon(cid, "r05_not_received_big", ["escalate"])
    if cat == "not_received" and risk >= 70:
        return canon(cid, "r06_not_received_risky", ["request_evidence"])
    if cat == "not_received" and tier == 3:
        return canon(cid, "r07_not_received_platinum", [m("store_credit", credit(160))])
    if cat == "not_received":
        return canon(cid, "r08_not_received", ["reship"])
    if cat == "damaged" and market == "JP":
        return canon(cid, "r09_damaged_japan", ["apology", m("gift", pct(total, 5, unit))])
    if cat == "damaged" and usd >= 100 and risk < 40:
        return canon(cid, "r10_damaged_big_low_risk", [m("partial_refund", pct(total, 35, unit))])
    if cat == "damaged":
        return canon(cid, "r11_damaged", [m("partial_refund", pct(total, 25, unit))])
    if cat == "quality_defect" and tier >= 2:
        return canon(cid, "r12_defect_loyal", [m("store_credit", credit(120, 30))])
    if cat == "quality_defect":
        return canon(cid, "r13_defect", [m("partial_refund", pct(items, 20, unit))])
    if cat == "customs_duties":
        return canon(cid, "r14_customs", [m("coupon", min(FIVE_USD[cur], credit_cap))])
    if market == "BR":
        return canon(cid, "r15_brazil", [m("partial_refund", pct(total, 10, unit))])
    return canon(cid, "r16_fallback", ["apology"])


# ---------------------------------------------------------------- timing
def timed(fn, reps):
    fn()  # warm-up
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        fn()
        ts.append(time.perf_counter_ns() - t0)
    ts.sort()
    return ts[len(ts) // 2], ts[0], ts[-1]


def report(name, n, passes, load_ms, extra=""):
    med, lo, hi = passes
    us = med / n / 1000
    print(json.dumps({"contender": name, "n": n, "us_per_decision": us,
                      "min_us": lo / n / 1000, "max_us": hi / n / 1000,
                      "per_second": 1e6 / us if us else 0, "load_ms": load_ms, "note": extra}))


def main():
    mode, work = sys.argv[1], Path(sys.argv[2])
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    (work / "out").mkdir(exist_ok=True)
    if mode == "canon-cli":
        with open(work / "cli_out.jsonl") as src, open(work / "out" / "amends_cli.txt", "w") as dst:
            for line in src:
                dst.write(canon_assessment(json.loads(line)) + "\n")
        return
    if mode == "plain":
        feats = []
        for line in open(work / "features.jsonl"):
            f = json.loads(line)
            feats.append((f["id"], f["category"], f["currency"], Decimal(f["total"]),
                          Decimal(f["items"]), f["delay_days"], TIER[f["tier"]],
                          f["risk_score"], f["market"]))
        load_ms = None  # nothing to load or compile
        lines = [plain_decide(f) for f in feats]
        (work / "out" / "python_plain.txt").write_text("\n".join(lines) + "\n")
        ns = (0, 0, 0) if reps == 0 else timed(lambda: [plain_decide(f) for f in feats], reps)
        report("python_plain", len(feats), ns, load_ms,
               f"decimal prec {getcontext().prec}")
        return
    import amends
    policy = (HERE / "table16.toml").read_text()
    t0 = time.perf_counter()
    engine = amends.Engine(policy)
    load_ms = (time.perf_counter() - t0) * 1000  # compiling the policy (import not counted)
    cases = (work / "cases.jsonl").read_text().splitlines()
    if mode == "amends-batch":
        # A batch document is limited to 1 MiB: arrays of BATCH cases.
        texts = ["[" + ",".join(cases[i:i + BATCH]) + "]" for i in range(0, len(cases), BATCH)]
        lines = []
        for text in texts:
            for r in json.loads(engine.assess_batch_json(text, NOW)):
                assert r["type"] == "success", r
                lines.append(canon_assessment(r["assessment"]))
        (work / "out" / "python_amends_batch.txt").write_text("\n".join(lines) + "\n")
        ns = (0, 0, 0) if reps == 0 else timed(
            lambda: [engine.assess_batch_json(t, NOW) for t in texts], reps)
        report("python_amends_batch", len(cases), ns, load_ms,
               f"assess_batch_json per {BATCH} cases; JSON in and out")
    elif mode == "amends-loop":
        lines = [canon_assessment(json.loads(engine.assess_json(c, NOW))) for c in cases]
        (work / "out" / "python_amends_loop.txt").write_text("\n".join(lines) + "\n")
        ns = (0, 0, 0) if reps == 0 else timed(lambda: [engine.assess_json(c, NOW) for c in cases], reps)
        report("python_amends_loop", len(cases), ns, load_ms,
               "assess_json per case; JSON in and out")
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
