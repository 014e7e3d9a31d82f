"""JSON for results: ``Decimal`` and ``datetime`` written the way the engine writes them.

>>> import amends, datetime, decimal
>>> amends.dumps({"amount": decimal.Decimal("49.90"),
...               "due_at": datetime.datetime(2026, 11, 20, 13, tzinfo=datetime.timezone.utc)})
'{"amount": "49.90", "due_at": "2026-11-20T13:00:00Z"}'
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

__all__ = ["JSONEncoder", "dumps"]


class JSONEncoder(json.JSONEncoder):
    """A :class:`json.JSONEncoder` for amends results.

    ``Decimal`` becomes its exact decimal string (``"49.90"``, never a float, as in the
    engine's own JSON); an aware ``datetime`` becomes RFC 3339 in UTC with a ``Z``
    (``"2026-11-20T13:00:00Z"``); a naive one is refused, as the engine refuses it.
    """

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return format(o, "f")  # never an exponent: the decimal pattern of the schemas
        if isinstance(o, datetime):
            if o.tzinfo is None or o.utcoffset() is None:
                raise TypeError(f"a naive datetime has no place in amends JSON: {o!r}")
            return o.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
        if isinstance(o, date):
            return o.isoformat()
        return super().default(o)


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps`` with :class:`JSONEncoder`: a result (or any part of it) as JSON text.

    ``json.loads`` of the text and ``engine.assess(...)`` of it read the same values back.
    For the engine's canonical bytes use the ``*_json`` methods instead.
    """
    kwargs.setdefault("cls", JSONEncoder)
    return json.dumps(obj, **kwargs)
