#!/usr/bin/env python3
"""Builds a monitoring and backtest history (JSON Lines) from the Olist sample.

    python3 scripts/olist_history.py [--data ../shared/data/olist] [--out FILE]

Writes to standard output unless --out is given. Deterministic: the same data gives the
same file. Each line is one record of the history format read by `amends monitor` and
`amends simulate` (see docs/monitor.md):

- `{"volume": {...}}`: the denominators. Orders per day for the store (by purchase
  time) and parcels per day handed to the carrier and per seller (the seller ships
  its own parcels, so it is the warehouse).
- `{"case": {...}, "outcome": {...}}`: one complaint per order that
    * arrived after its estimated delivery date (`delivery_delay`, raised the day after
      the estimate, resolved when the parcel arrived),
    * was handed to the carrier but never delivered (`not_received`, raised the day
      after the estimate, unresolved),
    * or got a review scored 1 or 2 (raised when the review was answered; triage
      decides its category from the Portuguese comment).
  A review on the same order adds its text and its score (as CSAT on 1-5).

Mapping choices, because Olist is one marketplace and names no carrier or dispute:
- one store, `olist-br` (marketplace `other`, country BR);
- one carrier, `olist_logistics`, for every parcel;
- a one-star review stands in for a platform dispute (kind `other`), opened when the
  review was answered.

Times in Olist are local to America/Sao_Paulo and are converted to UTC.
Data: Olist, Brazilian E-Commerce Public Dataset (CC BY-NC-SA 4.0).
"""

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
STORE = {"id": "olist-br", "marketplace": "other", "country": "BR"}
CARRIER = "olist_logistics"
# The hour (local) a buyer writes after an estimate has passed: the next day at noon.
COMPLAINT_HOUR = 12


def read(data: Path, name: str):
    with open(data / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def utc(s: str):
    if not s:
        return None
    local = datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=SAO_PAULO)
    return local.astimezone(timezone.utc)


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def day_after(estimate: str) -> datetime:
    d = datetime.strptime(estimate, "%Y-%m-%d %H:%M:%S") + timedelta(days=1)
    local = d.replace(hour=COMPLAINT_HOUR, tzinfo=SAO_PAULO)
    return local.astimezone(timezone.utc)


def money(v: Decimal) -> dict:
    return {"amount": str(v.quantize(Decimal("0.01"))), "currency": "BRL"}


def build(data: Path):
    orders = sorted(read(data, "olist_orders_dataset.csv"), key=lambda r: r["order_id"])
    items = defaultdict(list)
    for r in read(data, "olist_order_items_dataset.csv"):
        items[r["order_id"]].append(r)
    paid = defaultdict(Decimal)
    for r in read(data, "olist_order_payments_dataset.csv"):
        paid[r["order_id"]] += Decimal(r["payment_value"])
    reviews = {}
    for r in sorted(read(data, "olist_order_reviews_dataset.csv"), key=lambda r: r["review_id"]):
        # The latest answered review of an order wins.
        prev = reviews.get(r["order_id"])
        if prev is None or r["review_answer_timestamp"] > prev["review_answer_timestamp"]:
            reviews[r["order_id"]] = r

    store_daily = Counter()
    carrier_daily = Counter()
    seller_daily = Counter()
    records = []
    for o in orders:
        oid = o["order_id"]
        placed = utc(o["order_purchase_timestamp"])
        store_daily[placed.date().isoformat()] += 1
        shipped = utc(o["order_delivered_carrier_date"])
        lines = sorted(items.get(oid, []), key=lambda r: int(r["order_item_id"]))
        seller = lines[0]["seller_id"] if lines else None
        if shipped:
            carrier_daily[shipped.date().isoformat()] += 1
            if seller:
                seller_daily[(seller, shipped.date().isoformat())] += 1

        delivered = utc(o["order_delivered_customer_date"])
        estimate = o["order_estimated_delivery_date"]
        review = reviews.get(oid)
        score = int(review["review_score"]) if review else None
        late = bool(delivered and estimate and delivered.date().isoformat() > estimate[:10])
        lost = bool(shipped and not delivered and estimate)
        unhappy = score is not None and score <= 2
        if not (late or lost or unhappy):
            continue

        if late or lost:
            received = day_after(estimate)
            hint = "delivery_delay" if late else "not_received"
            channel = "marketplace_message"
        else:
            received = utc(review["review_answer_timestamp"])
            hint = None
            channel = "review"
        if received < placed:
            received = placed
        text = ""
        if review:
            text = " ".join(
                x.strip() for x in (review["review_comment_title"], review["review_comment_message"]) if x.strip()
            )

        total = paid.get(oid) or sum(
            (Decimal(r["price"]) + Decimal(r["freight_value"]) for r in lines), Decimal(0)
        )
        order = {"id": oid, "placed_at": iso(placed), "total": money(total)}
        if utc(o["order_approved_at"]):
            order["paid_at"] = iso(max(utc(o["order_approved_at"]), placed))
        if lines:
            order["items"] = []
            for sku, group in sorted(_by_product(lines).items()):
                order["items"].append(
                    {"sku": sku, "quantity": len(group), "unit_price": money(Decimal(group[0]["price"]))}
                )
        shipment = {"carrier": CARRIER, "origin": "BR", "destination": "BR",
                    "status": "delivered" if delivered else ("in_transit" if shipped else "label_created")}
        if shipped:
            shipment["shipped_at"] = iso(max(shipped, placed))
        if estimate:
            shipment["estimated_delivery_at"] = iso(
                datetime.strptime(estimate, "%Y-%m-%d %H:%M:%S").replace(tzinfo=SAO_PAULO).astimezone(timezone.utc)
            )
        if delivered and delivered <= received:
            shipment["delivered_at"] = iso(max(delivered, placed))
        elif delivered:
            # At the time of the complaint the parcel had not arrived yet.
            shipment["status"] = "in_transit" if shipped else "label_created"
        if shipment["status"] == "delivered" and "delivered_at" not in shipment:
            shipment["status"] = "in_transit"
        order["shipment"] = shipment

        case = {"id": f"olist-{oid[:12]}", "received_at": iso(received), "store": STORE,
                "channel": channel, "text": text, "language_hint": "pt", "order": order}
        if hint:
            case["category_hint"] = hint
        if score == 1:
            opened = utc(review["review_answer_timestamp"])
            case["dispute"] = {"kind": "other", "opened_at": iso(max(opened, received))}

        outcome = {"case_id": case["id"]}
        if late and delivered:
            outcome["resolved_at"] = iso(max(delivered, received))
            outcome["resolution"] = "delivered_late"
        if score is not None:
            outcome["csat"] = score
        if seller:
            outcome["warehouse"] = seller
        records.append({"case": case, "outcome": outcome})

    out = []
    for d, n in sorted(store_daily.items()):
        out.append({"volume": {"date": d, "scope": "store", "id": STORE["id"], "count": n}})
    for d, n in sorted(carrier_daily.items()):
        out.append({"volume": {"date": d, "scope": "carrier", "id": CARRIER, "count": n}})
    for (s, d), n in sorted(seller_daily.items()):
        out.append({"volume": {"date": d, "scope": "warehouse", "id": s, "count": n}})
    records.sort(key=lambda r: (r["case"]["received_at"], r["case"]["id"]))
    return out + records


def _by_product(lines):
    g = defaultdict(list)
    for r in lines:
        g[r["product_id"]].append(r)
    return g


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(Path(__file__).parent / ".." / ".." / "shared" / "data" / "olist"),
                    help="folder of the Olist CSV files (default: ../shared/data/olist)")
    ap.add_argument("--out", help="output file (default: standard output)")
    args = ap.parse_args()
    data = Path(args.data)
    if not (data / "olist_orders_dataset.csv").exists():
        sys.exit(f"olist_history.py: no Olist data in {data}")
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=False) for r in build(data)]
    text = "\n".join(lines) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
