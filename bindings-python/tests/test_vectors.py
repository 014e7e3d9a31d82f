"""Runs every conformance vector in `tests/vectors/**/*.json` (format in its README).

Each vector must reproduce the expected canonical JSON byte for byte, exactly as the Rust
runner (`core/tests/vectors.rs`) does. An `op` this runner does not know fails: a new
capability needs its Python path before its vectors pass here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import amends
from conftest import POLICIES, VECTORS, compact, to_jsonable

FILES = sorted(VECTORS.rglob("*.json"))


def load(path: Path) -> Dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def engine_for(policy: Any) -> amends.Engine:
    if policy == "default":
        return amends.Engine.default()
    if isinstance(policy, str):
        return amends.Engine(POLICIES / f"{policy}.toml")
    return amends.Engine(policy)


def error_json(e: amends.AmendsError) -> str:
    return compact({"error": {"code": e.code, "path": e.path}})


def select(v: Dict[str, Any], out: str) -> str:
    section = v.get("select")
    if section is None:
        return out
    return compact(json.loads(out)[section])


def case_inputs(v: Dict[str, Any]) -> Dict[str, Any]:
    """The case in every form the API accepts: text, UTF-8 bytes, and (when the vector
    has a JSON value) the dict."""
    if "input_text" in v:
        text = v["input_text"]
        return {"str": text, "bytes": text.encode("utf-8")}
    text = json.dumps(v["input"], ensure_ascii=False)
    return {"str": text, "bytes": text.encode("utf-8"), "dict": v["input"]}


def run_assess(v: Dict[str, Any]) -> Dict[str, str]:
    """Actual canonical results of an `assess` vector, one per input form and API."""
    try:
        engine = engine_for(v["policy"])
    except amends.AmendsError as e:
        return {"policy": error_json(e)}
    out: Dict[str, str] = {}
    # `sections` is passed only when the vector names it, so the default is tested too.
    kw = {"sections": v["sections"]} if "sections" in v else {}
    for form, case in case_inputs(v).items():
        try:
            out[f"assess_json[{form}]"] = select(v, engine.assess_json(case, v["now"], **kw))
        except amends.AmendsError as e:
            out[f"assess_json[{form}]"] = error_json(e)
        try:
            result = engine.assess(case, v["now"], **kw)
            out[f"assess[{form}]"] = select(v, compact(to_jsonable(result)))
        except amends.AmendsError as e:
            out[f"assess[{form}]"] = error_json(e)
    return out


def run_policy_check(v: Dict[str, Any]) -> Dict[str, str]:
    text = v["input_text"] if "input_text" in v else json.dumps(v["input"])
    report = amends.check_policy(text)
    if report["valid"]:
        return {"check_policy": compact({"valid": True, "hash": report["policy"]["hash"]})}
    first = report["diagnostics"][0]
    return {"check_policy": compact({"error": {"code": first["code"], "path": first["path"]}})}


def run_journey(v: Dict[str, Any]) -> Dict[str, str]:
    """The `journey` op through the core's shared replay (`Engine.replay_journey_json`),
    with the script given as a dict and as JSON text."""
    out: Dict[str, str] = {}
    for form, script in (("dict", v["input"]), ("str", json.dumps(v["input"]))):
        try:
            out[f"replay_journey_json[{form}]"] = engine_for(v["policy"]).replay_journey_json(
                script
            )
        except amends.AmendsError as e:
            out[f"replay_journey_json[{form}]"] = error_json(e)
    return out


OPS: Dict[str, Callable[[Dict[str, Any]], Dict[str, str]]] = {
    "assess": run_assess,
    "policy_check": run_policy_check,
    "journey": run_journey,
}


def test_vectors_exist() -> None:
    assert FILES, f"no vectors under {VECTORS}"


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(VECTORS)) for p in FILES])
def test_vector(path: Path) -> None:
    v = load(path)
    op = v.get("op", "assess")
    if op not in OPS:
        pytest.fail(f"{path.name}: op {op!r} is not implemented by the Python runner")
    expected = compact(v["expected"])
    actual = OPS[op](v)
    assert actual, "the runner produced nothing"
    wrong = {k: a for k, a in actual.items() if a != expected}
    assert not wrong, f"expected {expected}\n" + "\n".join(f"{k}: {a}" for k, a in wrong.items())
