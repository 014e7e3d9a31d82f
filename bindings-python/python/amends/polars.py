"""Polars: assess a DataFrame of cases and get a DataFrame of decisions.

>>> import polars as pl, amends.polars
>>> decisions = amends.polars.assess(cases_df, now="2026-11-23T12:00:00Z")  # doctest: +SKIP

``cases_df`` holds either a ``case`` column of JSON text or the case's fields as columns
(structs for nested objects). The data crosses into the engine through the Arrow
PyCapsule interface without a copy; the output schema is in ``docs/scale-out.md``.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any, Optional, Union

from amends._amends import Engine

__all__ = ["assess"]

_DEFAULT: Optional[Engine] = None


def _default_engine() -> Engine:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Engine()
    return _DEFAULT


def assess(
    df: Any,
    now: Union[str, datetime],
    *,
    engine: Optional[Engine] = None,
    assessment_json: bool = False,
    threads: Optional[int] = None,
) -> Any:
    """Assesses every row of ``df`` at ``now`` with ``engine`` (default: the embedded
    default policy, compiled once per process). Rows keep their order; bad rows fill
    ``error_code``, ``error_path`` and ``error_message``."""
    engine = engine if engine is not None else _default_engine()
    out = engine.assess_arrow(df, now, assessment_json=assessment_json, threads=threads)
    return importlib.import_module("polars").DataFrame(out)
