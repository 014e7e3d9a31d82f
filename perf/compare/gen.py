#!/usr/bin/env python3
"""Seeded inputs for the 16-row comparison table (docs/performance.md).

Writes, for N inputs, the same claims twice:
  cases.jsonl     full amends cases (the case schema), one per line
  features.jsonl  the flat features the other engines read:
                  id, category, currency, total, items, delay_days, tier, risk_score, market
Amounts are strings with the currency's minor units (JPY 0, KWD 3, others 2).
The risk score (0, 40 or 80) is carried in the case as buyer history: one chargeback
adds 40 and one dispute adds 40 under perf/compare/table16.toml.
"""
import argparse
import datetime as dt
import json
import random
from decimal import Decimal, ROUND_HALF_EVEN
from pathlib import Path

NOW = dt.datetime(2026, 11, 20, 12, 0, 0, tzinfo=dt.timezone.utc)
# Units of USD per unit, as in the policy's [fx] table.
TO_USD = {"USD": Decimal("1"), "EUR": Decimal("1.16"), "GBP": Decimal("1.32"),
          "JPY": Decimal("0.0066"), "KWD": Decimal("3.26"), "BRL": Decimal("0.186")}
MINOR = {"USD": 2, "EUR": 2, "GBP": 2, "JPY": 0, "KWD": 3, "BRL": 2}
# (currency, market): mostly domestic, a few cross-border.
PAIRS = [("USD", "US")] * 4 + [("EUR", "FR"), ("EUR", "DE")] * 2 + [("GBP", "GB")] * 2 + \
        [("JPY", "JP")] * 3 + [("KWD", "KW")] * 2 + [("BRL", "BR")] * 3 + \
        [("USD", "BR"), ("EUR", "JP"), ("USD", "JP"), ("GBP", "BR")]
CATEGORIES = ["delivery_delay"] * 30 + ["not_received"] * 25 + ["damaged"] * 15 + \
             ["quality_defect"] * 12 + ["customs_duties"] * 8 + ["service"] * 5 + ["other"] * 5
TIERS = ["none"] * 20 + ["silver"] * 40 + ["gold"] * 25 + ["platinum"] * 15
RISKS = [0] * 60 + [40] * 15 + [80] * 25
DELAY_EDGES = [0, 2, 3, 9, 10, 29, 30, 31]
USD_EDGES = [Decimal(100), Decimal(200), Decimal(500)]


def q(x: Decimal, cur: str) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-MINOR[cur]), rounding=ROUND_HALF_EVEN)


def total_for(r: random.Random, cur: str) -> Decimal:
    unit = Decimal(1).scaleb(-MINOR[cur])
    p = r.random()
    if p < 0.15:  # just around a threshold of the table, in USD after conversion
        usd = r.choice(USD_EDGES)
        t = q(usd / TO_USD[cur], cur) + unit * r.randint(-3, 3)
    elif p < 0.25:  # tiny orders, where the caps bind on fixed amounts
        t = q(Decimal(r.randint(50, 500)) / 100 / TO_USD[cur], cur)
    else:  # log-uniform 5 .. 1500 USD
        usd = Decimal(str(round(5 * (300 ** r.random()), 4)))
        t = q(usd / TO_USD[cur], cur)
    return max(t, unit)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    r = random.Random(a.seed)
    a.out.mkdir(parents=True, exist_ok=True)
    with open(a.out / "cases.jsonl", "w") as fc, open(a.out / "features.jsonl", "w") as ff:
        for i in range(a.n):
            cur, market = r.choice(PAIRS)
            cat = r.choice(CATEGORIES)
            total = total_for(r, cur)
            items = total
            if r.random() < 0.4:  # some shipping on top of the items
                items = max(total - q(total * Decimal(r.randint(1, 20)) / 100, cur), Decimal(0))
                items = q(items, cur)
            delay = r.choice(DELAY_EDGES) if r.random() < 0.4 else r.randint(0, 60)
            tier = r.choice(TIERS)
            risk = r.choice(RISKS)
            cid = f"c{i:06d}"
            f = {"id": cid, "category": cat, "currency": cur, "total": str(total),
                 "items": str(items), "delay_days": delay, "tier": tier,
                 "risk_score": risk, "market": market}
            est = NOW - dt.timedelta(days=delay, hours=r.randint(0, 23))
            case = {
                "id": cid,
                "received_at": "2026-11-20T09:00:00Z",
                "store": {"id": "s-1", "marketplace": "amazon", "country": market, "group": "g"},
                "channel": "email",
                "category_hint": cat,
                "order": {
                    "id": "o-" + cid,
                    "placed_at": "2026-09-01T00:00:00Z",
                    "total": {"amount": str(total), "currency": cur},
                    "items": [{"sku": "SKU-1", "quantity": 1,
                               "unit_price": {"amount": str(items), "currency": cur}}],
                    "shipment": {"origin": "CN", "destination": market, "status": "in_transit",
                                 "estimated_delivery_at": est.strftime("%Y-%m-%dT%H:%M:%SZ")},
                },
                "buyer": {"id": "b-" + cid, "tier": tier,
                          "history": {"orders": 5, "chargebacks": 1 if risk >= 40 else 0,
                                      "disputes": 1 if risk >= 80 else 0}},
            }
            fc.write(json.dumps(case, separators=(",", ":")) + "\n")
            ff.write(json.dumps(f, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
