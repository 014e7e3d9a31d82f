"""Builds amends cases from the Olist public e-commerce sample (real Brazilian orders and
review comments), for benchmarks and examples.

Data: Brazilian E-Commerce Public Dataset by Olist, CC BY-NC-SA 4.0 (olistbr/brazilian-ecommerce).
Only the standard library is used. Times in the data are local to America/Sao_Paulo.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

try:
    from zoneinfo import ZoneInfo

    SAO_PAULO: dt.tzinfo = ZoneInfo("America/Sao_Paulo")
except Exception:  # pragma: no cover - no tz database
    SAO_PAULO = dt.timezone(dt.timedelta(hours=-3))

# The shared data folder sits next to the repository.
DEFAULT_DIR = Path(
    os.environ.get("AMENDS_OLIST_DIR", Path(__file__).resolve().parents[3] / "shared" / "data" / "olist")
)


def _time(s: str) -> Optional[dt.datetime]:
    s = (s or "").strip()
    if not s:
        return None
    return dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=SAO_PAULO)


def _rows(path: Path) -> Iterator[Dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def cases(data_dir: Path = DEFAULT_DIR, limit: Optional[int] = None) -> List[Dict[str, Any]]:
    """One case per review with a comment, as dicts holding aware datetimes and Decimal
    amounts (the types amends accepts and returns). The order, its lines and its shipment
    are attached when the sample holds them (the tables are sampled independently)."""
    orders = {r["order_id"]: r for r in _rows(data_dir / "olist_orders_dataset.csv")}
    items: Dict[str, List[Dict[str, str]]] = defaultdict(list)
    for r in _rows(data_dir / "olist_order_items_dataset.csv"):
        items[r["order_id"]].append(r)
    out: List[Dict[str, Any]] = []
    for r in _rows(data_dir / "olist_order_reviews_dataset.csv"):
        text = " ".join(x.strip() for x in (r["review_comment_title"], r["review_comment_message"]) if x.strip())
        received = _time(r["review_creation_date"])
        if not text or received is None:
            continue
        case: Dict[str, Any] = {
            "id": r["review_id"],
            "received_at": received,
            "store": {"id": "olist", "marketplace": "other", "country": "BR"},
            "channel": "review",
            "text": text,
            "language_hint": "pt",
        }
        order = _order(orders.get(r["order_id"]), items.get(r["order_id"]))
        if order is not None:
            case["order"] = order
        out.append(case)
        if limit is not None and len(out) >= limit:
            break
    return out


def _order(order: Optional[Dict[str, str]], lines: Optional[List[Dict[str, str]]]) -> Optional[Dict[str, Any]]:
    if order is None or not lines:
        return None
    placed = _time(order["order_purchase_timestamp"])
    if placed is None:
        return None
    total = sum(Decimal(x["price"]) + Decimal(x["freight_value"]) for x in lines)
    shipment: Dict[str, Any] = {"origin": "BR", "destination": "BR", "status": "in_transit"}
    for key, column in (
        ("shipped_at", "order_delivered_carrier_date"),
        ("estimated_delivery_at", "order_estimated_delivery_date"),
        ("delivered_at", "order_delivered_customer_date"),
    ):
        t = _time(order[column])
        if t is not None:
            shipment[key] = t
    if "delivered_at" in shipment:
        shipment["status"] = "delivered"
    out: Dict[str, Any] = {
        "id": order["order_id"],
        "placed_at": placed,
        "total": {"amount": total, "currency": "BRL"},
        "items": [
            {"sku": x["product_id"], "quantity": 1, "unit_price": {"amount": Decimal(x["price"]), "currency": "BRL"}}
            for x in lines
        ],
        "shipment": shipment,
    }
    paid = _time(order["order_approved_at"])
    if paid is not None:
        out["paid_at"] = paid
    return out
