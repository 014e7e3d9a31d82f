"""amends.dumps / amends.JSONEncoder: results as JSON with exact money and RFC 3339 times."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

import amends

CASE = {
    "id": "c1", "received_at": "2026-11-20T09:00:00Z", "channel": "chat",
    "store": {"id": "s1", "marketplace": "ebay", "country": "GB"},
    "text": "My parcel never arrived, I want my money back.",
    "order": {"id": "o1", "placed_at": "2026-11-01T10:00:00Z",
              "total": {"amount": "49.90", "currency": "GBP"}},
}


def test_a_result_round_trips_through_dumps() -> None:
    engine = amends.Engine()
    a = engine.assess(CASE, "2026-11-23T12:00:00Z")
    text = amends.dumps(a)
    # The same document as the engine's canonical JSON, value for value.
    assert json.loads(text) == json.loads(engine.assess_json(CASE, "2026-11-23T12:00:00Z"))


def test_decimal_and_datetime_are_written_exactly() -> None:
    t = dt.datetime(2026, 11, 20, 14, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert amends.dumps({"a": Decimal("0.10"), "t": t}) == '{"a": "0.10", "t": "2026-11-20T13:00:00Z"}'
    assert json.dumps([Decimal("1E+2")], cls=amends.JSONEncoder) == '["100"]'


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(TypeError, match="naive"):
        amends.dumps(dt.datetime(2026, 11, 20))
