"""The columnar API: Arrow, Polars and DuckDB give the same bytes as the row API."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from decimal import Decimal
from typing import List

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson
import pytest

import amends
import amends.polars

from conftest import REPO

NOW = "2026-11-23T12:00:00Z"
EXAMPLES = [l for l in (REPO / "examples" / "cases.jsonl").read_text().splitlines() if l.strip()]


def generated(n: int, text: bool = True) -> List[str]:
    spec = importlib.util.spec_from_file_location("gen_cases", REPO / "scripts" / "gen_cases.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_cases"] = module
    spec.loader.exec_module(module)
    return [json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in module.cases(n, text=text)]


@pytest.fixture(scope="module")
def engine() -> amends.Engine:
    return amends.Engine()


def row_api(engine: amends.Engine, lines: List[str]) -> List[str]:
    return [engine.assess_json(line, NOW) for line in lines]


def test_a_case_column_gives_the_row_api_bytes(engine: amends.Engine) -> None:
    out = engine.assess_arrow(pa.table({"case": EXAMPLES}), NOW, assessment_json=True)
    assert isinstance(out, pa.Table)
    assert out.column("assessment_json").to_pylist() == row_api(engine, EXAMPLES)
    assert out.column("error_code").null_count == len(EXAMPLES)


def test_field_columns_give_the_same_table_as_a_case_column(engine: amends.Engine) -> None:
    fields = pa.Table.from_struct_array(pa.array([json.loads(l) for l in EXAMPLES]))
    a = engine.assess_arrow(fields, NOW, assessment_json=True)
    b = engine.assess_arrow(pa.table({"case": EXAMPLES}), NOW, assessment_json=True)
    assert a.equals(b)


def test_utc_timestamp_columns_are_read_as_times(engine: amends.Engine) -> None:
    table = pajson.read_json(io.BytesIO("\n".join(EXAMPLES).encode()))
    # pyarrow reads the "…Z" strings as timestamps without a zone: say they are UTC.
    def utc(column: pa.ChunkedArray) -> pa.ChunkedArray:
        return pc.assume_timezone(column, "UTC") if pa.types.is_timestamp(column.type) else column
    with pytest.raises(amends.InputError) as naive:
        engine.assess_arrow(table, NOW)
    assert naive.value.code == "input.arrow_schema"
    fixed = table.set_column(
        table.schema.get_field_index("received_at"), "received_at", utc(table.column("received_at"))
    )
    out = engine.assess_arrow(fixed.select(["id", "received_at", "store", "channel", "text"]), NOW)
    assert out.column("error_code").null_count == len(EXAMPLES)


def test_typed_columns(engine: amends.Engine) -> None:
    out = engine.assess_arrow(pa.table({"case": EXAMPLES[:1]}), NOW, assessment_json=True)
    row = out.to_pylist()[0]
    full = json.loads(row["assessment_json"])
    offer = full["remedy"]["options"][full["remedy"]["recommended"]]
    assert row["case_id"] == full["case_id"]
    assert row["category"] == full["triage"]["category"]
    assert row["sentiment"] == Decimal(full["triage"]["sentiment"])
    assert row["risk_score"] == full["risk"]["score"]
    assert row["amount"] == Decimal(offer["value"]["amount"])
    assert row["currency"] == offer["value"]["currency"]
    assert row["approver"] == offer["approver"]
    assert row["queue"] == full["routing"]["queue"]
    assert row["next_deadline"].isoformat().replace("+00:00", "Z") == full["sla"]["deadlines"][0]["due_at"]
    assert row["policy_hash"] == engine.policy.hash
    assert out.schema.field("amount").type == pa.decimal128(38, 4)


def test_polars_and_duckdb(engine: amends.Engine) -> None:
    want = engine.assess_arrow(pa.table({"case": EXAMPLES}), NOW, assessment_json=True)
    df = amends.polars.assess(pl.DataFrame({"case": EXAMPLES}), NOW, assessment_json=True)
    assert isinstance(df, pl.DataFrame)
    assert df["assessment_json"].to_list() == want.column("assessment_json").to_pylist()
    cases = pa.table({"case": EXAMPLES})  # noqa: F841 (read by DuckDB by name)
    rel = duckdb.sql("select \"case\" from cases")
    out = engine.assess_arrow(rel.arrow(), NOW, assessment_json=True)
    assert out.column("assessment_json").to_pylist() == want.column("assessment_json").to_pylist()


def test_100k_generated_cases_row_api_arrow_and_polars_agree(engine: amends.Engine) -> None:
    lines = generated(100_000)
    arrow = engine.assess_arrow(pa.table({"case": lines}), NOW, assessment_json=True)
    got = arrow.column("assessment_json").to_pylist()
    assert got == row_api(engine, lines)
    frame = amends.polars.assess(pl.DataFrame({"case": lines}), NOW, assessment_json=True)
    assert frame["assessment_json"].to_list() == got


def test_hostile_rows_never_fail_a_large_batch(engine: amends.Engine) -> None:
    good = generated(20_000)
    hostile = ["", "{", "null", "[]", '{"id": 5}', "[" * 5000 + "]" * 5000, "\ufeff{}", None]
    cells = list(good)
    for i in range(0, len(cells), 100):
        cells[i] = hostile[(i // 100) % len(hostile)]
    out = engine.assess_arrow(pa.table({"case": pa.array(cells, pa.string())}), NOW, assessment_json=True)
    assert out.num_rows == len(cells)
    codes = out.column("error_code").to_pylist()
    json_out = out.column("assessment_json").to_pylist()
    for i, (cell, code, got) in enumerate(zip(cells, codes, json_out)):
        if i % 100 == 0:
            assert code is not None and got is None, i
        else:
            assert code is None and got == engine.assess_json(cell, NOW), i
    one = engine.assess_arrow(pa.table({"case": pa.array(cells, pa.string())}), NOW, threads=1)
    two = engine.assess_arrow(pa.table({"case": pa.array(cells, pa.string())}), NOW, threads=2)
    assert one.equals(two)


def test_a_stream_of_batches(engine: amends.Engine) -> None:
    table = pa.table({"case": generated(10_000)})
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=777))
    a = engine.assess_arrow(reader, NOW)
    b = engine.assess_arrow(table, NOW)
    assert a.equals(b)


def test_the_scale_out_recipes_run_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Python block of docs/scale-out.md but Spark's (run by tests_spark) runs."""
    import re

    doc = (REPO / "docs" / "scale-out.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
    local = [b for b in blocks if "pyspark" not in b]
    assert len(local) == 3 and len(blocks) == 4
    monkeypatch.chdir(REPO)
    for block in local:
        exec(compile(block, "docs/scale-out.md", "exec"), {})
