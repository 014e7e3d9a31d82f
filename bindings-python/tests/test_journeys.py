"""The journey machines through Python: the same bytes as the core, dict round trips,
errors as the usual exceptions. The conformance vectors cover behaviour; these pin the
Python surface."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest

import amends
from conftest import compact, to_jsonable

START = "2026-11-02T10:00:00Z"
UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def order() -> amends.Machine:
    return amends.Engine.default().machine("order")


def test_machine_constructor_and_engine_method_agree(order):
    other = amends.Machine(amends.Engine.default(), "order")
    assert (other.id, other.version, other.hash) == (order.id, order.version, order.hash)
    assert order.id == "order" and len(order.hash) == 64
    assert repr(order) == 'Machine(id="order", version="2")'


def test_unknown_machine_is_an_input_error():
    with pytest.raises(amends.InputError) as info:
        amends.Engine.default().machine("nope")
    assert info.value.code == "journey.unknown_machine"
    assert info.value.path == "machine"


def test_dict_results_match_the_canonical_json(order):
    text = order.start_json({"instance": "o-1"}, START)
    step = order.start({"instance": "o-1"}, START)
    assert compact(to_jsonable(step)) == text
    assert step["snapshot"]["entered_at"] == dt.datetime(2026, 11, 2, 10, tzinfo=UTC)
    assert isinstance(step["next_deadline"], dt.datetime)


def test_inputs_as_dict_str_or_bytes_give_the_same_bytes(order):
    start = {"instance": "o-1", "context": {"market": "GB"}}
    as_text = json.dumps(start)
    outs = {order.start_json(x, START) for x in (start, as_text, as_text.encode())}
    assert len(outs) == 1


def test_snapshot_dicts_pass_back_as_returned(order):
    first = order.start({"instance": "o-1"}, START)
    now = dt.datetime(2026, 11, 2, 11, tzinfo=UTC)
    event = {"event": "paid", "at": dt.datetime(2026, 11, 2, 10, 30, tzinfo=UTC)}
    by_dict = order.step(first["snapshot"], event, now)
    snapshot_text = json.loads(order.start_json({"instance": "o-1"}, START))["snapshot"]
    by_text = order.step_json(
        json.dumps(snapshot_text), {"event": "paid", "at": "2026-11-02T10:30:00Z"}, now
    )
    assert compact(to_jsonable(by_dict)) == by_text
    assert by_dict["snapshot"]["state"] == "paid"
    tick = order.tick(by_dict["snapshot"], "2026-11-09T00:00:00Z")
    assert tick["snapshot"]["seq"] == 3
    assert compact(to_jsonable(tick)) == order.tick_json(by_dict["snapshot"], "2026-11-09T00:00:00Z")


def test_clocks_times_are_datetimes():
    m = amends.Engine.default().machine("complaint")
    step = m.start({"instance": "c-1", "context": {"channel": "email"}}, START)
    clocks = m.clocks(step["snapshot"], "2026-11-02T11:00:00Z")
    assert compact(to_jsonable(clocks)) == m.clocks_json(step["snapshot"], "2026-11-02T11:00:00Z")
    for c in clocks:
        if "due_at" in c:
            assert isinstance(c["due_at"], dt.datetime)


def test_malformed_snapshot_and_event_name_their_document(order):
    snapshot = order.start({"instance": "o-1"}, START)["snapshot"]
    with pytest.raises(amends.InputError) as info:
        order.tick({**snapshot, "seq": "x"}, START)
    assert info.value.path.startswith("snapshot")
    with pytest.raises(amends.InputError) as info:
        order.step(snapshot, {"event": "paid", "when": START}, START)
    assert info.value.path.startswith("event")
    with pytest.raises(amends.InputError) as info:
        order.tick(42, START)  # type: ignore[arg-type]
    assert info.value.code == "input.invalid_type"


def test_naive_now_is_refused(order):
    with pytest.raises(amends.InputError) as info:
        order.start({"instance": "o-1"}, dt.datetime(2026, 11, 2, 10))
    assert info.value.code == "input.naive_time"


def test_diagram_formats(order):
    assert order.diagram().startswith("stateDiagram-v2")
    assert order.diagram("dot").startswith("digraph")
    with pytest.raises(amends.AmendsError):
        order.diagram("png")


def test_journey_schemas_are_published():
    assert amends.JOURNEY_SCHEMAS == [
        "journey_start",
        "journey_event",
        "journey_snapshot",
        "journey_step",
        "journey_clocks",
    ]
    for name in amends.JOURNEY_SCHEMAS:
        assert amends.schema(name)


def test_a_machine_is_shared_between_threads(order):
    expected = order.start_json({"instance": "o-1"}, START)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(order.start_json({"instance": "o-1"}, START)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4
