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


ROOT = Path(__file__).resolve().parents[2]


def test_stubtest_finds_no_difference(tmp_path: Path) -> None:
    # amends.types holds only TypedDicts and Literal aliases (declarations for the type
    # checker, plain dicts and strs at run time), which stubtest cannot compare.
    (tmp_path / "allow.txt").write_text("amends\\.types\\..*\n", encoding="utf-8")
    r = run(["mypy.stubtest", "amends", "--allowlist", "allow.txt"], tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


def test_generated_types_are_up_to_date() -> None:
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_python_types.py"), "--check"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


NESTED_READS = """
import datetime as dt
from decimal import Decimal
from typing import List, Optional
import amends
from amends.types import Assessment, Offer, Urgency

engine = amends.Engine()
a: Assessment = engine.assess({"id": "c1"}, "2026-11-20T12:00:00Z")
urgency: Urgency = a["triage"]["urgency"]
queue: str = a["routing"]["queue"]
score: int = a["risk"]["score"]
due: dt.datetime = a["sla"]["deadlines"][0]["due_at"]
offers: List[Offer] = a["remedy"]["options"]
for offer in offers:
    for outcome in offer["outcomes"]:
        money = outcome.get("amount")
        if money is not None:
            amount: Decimal = money["amount"]
            currency: str = money["currency"]
for entry in engine.assess_batch([{"id": "c1"}], "2026-11-20T12:00:00Z"):
    if entry["type"] == "success":
        case_id: str = entry["assessment"]["case_id"]
    else:
        code: str = entry["error"]["code"]
step = engine.machine("order").start({"instance": "o-1"}, "2026-11-20T12:00:00Z")
state: str = step["snapshot"]["state"]
nxt: Optional[dt.datetime] = step.get("next_deadline")
check = amends.check_policy("[policy]")
valid: bool = check["valid"]
text: str = amends.dumps(a, indent=2)
"""


def test_nested_result_reads_check_with_mypy_strict(tmp_path: Path) -> None:
    (tmp_path / "reads.py").write_text(NESTED_READS, encoding="utf-8")
    r = run(["mypy", "--strict", "--no-incremental", "reads.py"], tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("typo", ['a["triage"]["urgence"]', 'a["remedy"]["option"]',
                                  'a["sla"]["deadlines"][0]["due"]'])
def test_a_misspelt_key_fails_mypy_strict(tmp_path: Path, typo: str) -> None:
    (tmp_path / "typo.py").write_text(
        f"import amends\na = amends.Engine().assess({{'id': 'c1'}}, 'now')\nprint({typo})\n",
        encoding="utf-8")
    r = run(["mypy", "--strict", "--no-incremental", "typo.py"], tmp_path)
    assert r.returncode != 0 and "typeddict-item" in r.stdout, r.stdout


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
