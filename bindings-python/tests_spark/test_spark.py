"""Spark (local[2], mapInArrow) gives byte for byte the CLI's assessments."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import amends.spark

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T12:00:00Z"
GENERATED = int(os.environ.get("AMENDS_SPARK_CASES", "100000"))


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = (
        SparkSession.builder.master("local[2]")
        .appName("amends-test")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spark") / "cases.jsonl"
    with path.open("wb") as out:
        out.write((REPO / "examples" / "cases.jsonl").read_bytes())
        subprocess.run(
            [sys.executable, str(REPO / "scripts" / "gen_cases.py"), str(GENERATED)],
            stdout=out,
            check=True,
        )
    return path


def cli(path: Path) -> Dict[str, str]:
    """The SHA-256 of the CLI's canonical assessment of each case, by case id."""
    binary = os.environ["AMENDS_BIN"]
    run = subprocess.run(
        [binary, "assess", "--now", NOW, str(path)], capture_output=True, check=True
    )
    lines: List[str] = run.stdout.decode().splitlines()
    return {json.loads(line)["case_id"]: sha256(line) for line in lines}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_spark_rows_are_the_cli_bytes(spark: SparkSession, cases: Path) -> None:
    want = cli(cases)
    df = spark.read.text(str(cases)).withColumnRenamed("value", "case")
    out = amends.spark.assess(df, NOW, assessment_json=True)
    # Hashes, not the ~6 KB assessments, travel to the driver.
    digest = F.sha2(F.col("assessment_json"), 256).alias("sha256")
    rows = out.select("case_id", digest, "error_code").collect()
    assert len(rows) == len(want) == GENERATED + 52
    for row in rows:
        assert row["error_code"] is None
        assert row["sha256"] == want[row["case_id"]], row["case_id"]


def test_spark_field_columns(spark: SparkSession) -> None:
    examples = REPO / "examples" / "cases.jsonl"
    want = cli(examples)
    df = spark.read.json(str(examples))
    rows = amends.spark.assess(df, NOW, assessment_json=True).collect()
    assert len(rows) == len(want)
    for row in rows:
        assert row["error_code"] is None, row["error_message"]
        assert sha256(row["assessment_json"]) == want[row["case_id"]]


def test_spark_typed_columns_and_bad_rows(spark: SparkSession) -> None:
    df = spark.createDataFrame([("{",), (None,)], "`case` STRING")
    rows = amends.spark.assess(df, NOW).collect()
    assert [r["error_code"] for r in rows] == ["input.truncated", "input.missing_field"]
    assert amends.spark.output_ddl().startswith("`case_id` STRING, `language` STRING")


def test_the_spark_recipe_runs_as_written(spark: SparkSession) -> None:
    import re

    doc = (REPO / "docs" / "scale-out.md").read_text()
    [block] = [b for b in re.findall(r"```python\n(.*?)```", doc, re.S) if "pyspark" in b]
    # The JVM started elsewhere resolves relative paths against its own directory.
    block = block.replace('"examples/', f'"{REPO}/examples/')
    exec(compile(block, "docs/scale-out.md", "exec"), {})
