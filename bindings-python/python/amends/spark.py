"""Spark: assess a DataFrame of cases on the executors with ``mapInArrow``.

>>> import amends.spark
>>> decisions = amends.spark.assess(cases_df, now="2026-11-23T12:00:00Z")  # doctest: +SKIP

``cases_df`` holds either a ``case`` column of JSON text or the case's fields as columns.
Each executor's Python worker compiles the policy once and keeps the engine for every
batch it is given (``spark.python.worker.reuse``, on by default, keeps the worker). The
output's Spark schema is generated from the engine's Arrow schema
(:func:`output_ddl`); timestamps follow the session time zone.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any, Dict, Iterator, Optional, Tuple, Union

from amends._amends import Engine

# pyarrow is imported when used (on the driver and in the workers), so `import amends`
# never needs it; its objects and Spark's are typed `Any` here.
def _pyarrow() -> Any:
    return importlib.import_module("pyarrow")


__all__ = ["assess", "output_ddl"]

# One engine per (policy text) in each Python worker process.
_ENGINES: Dict[Optional[str], Engine] = {}


def _engine(policy: Optional[str]) -> Engine:
    engine = _ENGINES.get(policy)
    if engine is None:
        engine = Engine(policy) if policy is not None else Engine()
        _ENGINES[policy] = engine
    return engine


def _arrow_schema(assessment_json: bool) -> Any:
    pa = _pyarrow()
    empty = pa.table({"case": pa.array([], pa.string())})
    table = _engine(None).assess_arrow(empty, "2026-01-01T00:00:00Z", assessment_json=assessment_json)
    return table.schema


def _ddl_type(t: Any) -> str:
    pa = _pyarrow()
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "STRING"
    if pa.types.is_int32(t):
        return "INT"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision},{t.scale})"
    if pa.types.is_timestamp(t):
        return "TIMESTAMP"
    raise TypeError(f"no Spark type for Arrow type {t}")


def output_ddl(assessment_json: bool = False) -> str:
    """The Spark DDL of the output, generated from the engine's Arrow output schema."""
    fields = _arrow_schema(assessment_json)
    return ", ".join(f"`{f.name}` {_ddl_type(f.type)}" for f in fields)


def _assess_batches(
    batches: Iterator[Any],
    policy: Optional[str],
    now: str,
    assessment_json: bool,
    time_zone: str,
) -> Iterator[Any]:
    pa = _pyarrow()
    engine = _engine(policy)
    for batch in batches:
        table = engine.assess_arrow(batch, now, assessment_json=assessment_json, threads=1)
        # Spark reads TIMESTAMP columns in the session's time zone; the instant is the same.
        schema = pa.schema(
            [
                f.with_type(pa.timestamp("us", tz=time_zone)) if pa.types.is_timestamp(f.type) else f
                for f in table.schema
            ]
        )
        yield from table.cast(schema).to_batches()


def assess(
    df: Any,
    now: Union[str, datetime],
    *,
    policy: Optional[str] = None,
    assessment_json: bool = False,
) -> Any:
    """Assesses every row of ``df`` at ``now`` under ``policy`` (TOML text; default: the
    embedded default policy). Lazy, like any Spark transformation."""
    now_text = now if isinstance(now, str) else now.isoformat()
    time_zone = df.sparkSession.conf.get("spark.sql.session.timeZone") or "UTC"
    args: Tuple[Any, ...] = (policy, now_text, assessment_json, time_zone)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        return _assess_batches(batches, *args)

    return df.mapInArrow(run, output_ddl(assessment_json))
