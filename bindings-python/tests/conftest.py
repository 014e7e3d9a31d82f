"""Shared helpers for the amends Python suite."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from pathlib import Path
from typing import Any

import pytest

import amends

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"
POLICIES = REPO / "tests" / "policies"
DEFAULT_POLICY = REPO / "core" / "policies" / "default.toml"


def compact(value: Any) -> str:
    """Canonical JSON of a parsed JSON value, as `tests/vectors/README.md` defines it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def rfc3339(t: dt.datetime) -> str:
    """An aware datetime the way the core writes it: UTC, `Z`, 0/3/6 fraction digits."""
    t = t.astimezone(dt.timezone.utc)
    base = t.strftime("%Y-%m-%dT%H:%M:%S")
    if t.microsecond == 0:
        return base + "Z"
    if t.microsecond % 1000 == 0:
        return f"{base}.{t.microsecond // 1000:03d}Z"
    return f"{base}.{t.microsecond:06d}Z"


def to_jsonable(value: Any) -> Any:
    """Undoes the dict conversion: Decimal -> str, datetime -> RFC 3339."""
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return rfc3339(value)
    return value


@pytest.fixture(scope="session")
def engine() -> amends.Engine:
    return amends.Engine.default()


@pytest.fixture
def case() -> dict[str, Any]:
    """A complete, valid case (fresh copy per test)."""
    return {
        "id": "c-001",
        "received_at": "2026-11-20T09:00:00Z",
        "store": {"id": "de-amz-1", "marketplace": "amazon", "country": "DE", "group": "acme"},
        "channel": "email",
        "text": "Mein Paket ist nach drei Wochen immer noch nicht da.",
        "claim": {"kind": "refund", "amount": {"amount": "59.90", "currency": "EUR"}},
        "order": {
            "id": "o-1",
            "placed_at": "2026-10-28T10:00:00Z",
            "paid_at": "2026-10-28T10:05:00Z",
            "total": {"amount": "59.90", "currency": "EUR"},
            "items": [
                {
                    "sku": "SOFA-COVER-L",
                    "quantity": 1,
                    "unit_price": {"amount": "54.90", "currency": "EUR"},
                    "product_category": "home_textiles",
                }
            ],
            "shipment": {
                "carrier": "yanwen",
                "origin": "CN",
                "destination": "DE",
                "shipped_at": "2026-10-29T08:00:00Z",
                "estimated_delivery_at": "2026-11-12T00:00:00Z",
                "status": "in_transit",
            },
        },
        "buyer": {
            "id": "b-9",
            "tier": "silver",
            "country": "DE",
            "language": "de",
            "history": {"orders": 1},
        },
    }


NOW = "2026-11-20T12:00:00Z"
