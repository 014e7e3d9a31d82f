"""The type stubs match the native module (mypy.stubtest) and type-check in use (mypy)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy", reason="mypy is installed by bindings-python/test.sh")


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def test_stubtest_finds_no_difference(tmp_path: Path) -> None:
    r = run(["mypy.stubtest", "amends"], tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


def test_typed_usage_checks_with_mypy(tmp_path: Path) -> None:
    (tmp_path / "use.py").write_text(
        """
import datetime as dt
from decimal import Decimal
from pathlib import Path
import amends

engine: amends.Engine = amends.Engine(Path("policy.toml"))
result = engine.assess({"id": "c1"}, dt.datetime.now(dt.timezone.utc))
text: str = engine.assess_json(b"{}", "2026-11-20T12:00:00Z")
batch = engine.assess_batch([{"id": "c1"}, "{}"], "2026-11-20T12:00:00Z")
version: str = engine.policy.version
report = amends.check_policy("[policy]")
try:
    pass
except amends.InputError as e:
    code: str = e.code
    first: amends.Diagnostic = e.diagnostics[0]
""",
        encoding="utf-8",
    )
    (tmp_path / "bad.py").write_text(
        "import amends\namends.Engine().assess_json(42, 'now')\n", encoding="utf-8"
    )
    ok = run(["mypy", "--strict", "--no-incremental", "use.py"], tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = run(["mypy", "--strict", "--no-incremental", "bad.py"], tmp_path)
    assert bad.returncode != 0 and "arg-type" in bad.stdout, bad.stdout
