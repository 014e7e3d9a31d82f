"""Python-specific behaviour: conversions, time zones, errors, hostile inputs, threads."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import sys
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict

import pytest

import amends
from conftest import DEFAULT_POLICY, NOW, compact, to_jsonable

UTC = dt.timezone.utc


def set_path(case: Dict[str, Any], path: str, value: Any) -> Dict[str, Any]:
    """A copy of `case` with `a.b.c` set to `value`."""
    out = copy.deepcopy(case)
    node = out
    *parents, last = path.split(".")
    for p in parents:
        node = node[p]
    node[last] = value
    return out


def raises(code: str, path: str, fn: Any, *args: Any, cls: type = amends.InputError) -> Any:
    with pytest.raises(cls) as info:
        fn(*args)
    assert info.value.code == code, str(info.value)
    assert info.value.path == path, str(info.value)
    return info.value


# --- results as Python values -------------------------------------------------------


class TestResultTypes:
    def test_money_amounts_are_decimals_with_their_exact_digits(self, engine, case):
        a = engine.assess(case, NOW)
        total = a["facts"]["order_total_base"]
        assert total["from"]["amount"] == Decimal("59.90")
        assert str(total["from"]["amount"]) == "59.90"  # trailing zero kept
        assert isinstance(total["to"]["amount"], Decimal)

    def test_no_float_anywhere_in_a_result(self, engine, case):
        def walk(v: Any) -> None:
            assert not isinstance(v, float), v
            if isinstance(v, dict):
                for x in v.values():
                    walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)

        walk(engine.assess(case, NOW))

    def test_every_money_amount_and_time_is_converted(self, engine, case):
        # Every Money object ({"amount", "currency"}) holds a Decimal and every `*_at`
        # field a datetime, wherever the schema puts them (the values a rule saw are
        # excepted: in the trace, why_not, the urgency changes and the buyer messages'
        # parameters they are free-form JSON).
        seen = {"money": 0, "time": 0}

        def walk(v: Any, key: str = "") -> None:
            if isinstance(v, dict):
                if set(v) == {"amount", "currency"}:
                    assert isinstance(v["amount"], Decimal), v
                    seen["money"] += 1
                for k, x in v.items():
                    if k in ("trace", "why_not", "buyer_summary") or (
                        key == "what_would_change" and k == "urgency"
                    ):
                        continue
                    if k.endswith("_at") and x is not None:
                        assert isinstance(x, dt.datetime), (k, x)
                        seen["time"] += 1
                    walk(x, k)
            elif isinstance(v, list):
                for x in v:
                    walk(x, key)

        walk(engine.assess(case, NOW))
        assert seen["money"] >= 2 and seen["time"] >= 4, seen

    def test_three_decimal_currency_keeps_its_minor_units(self, engine, case):
        kwd = set_path(case, "claim.amount", {"amount": "12.345", "currency": "KWD"})
        kwd = set_path(kwd, "order.total", {"amount": "12.345", "currency": "KWD"})
        kwd["order"]["items"][0]["unit_price"] = {"amount": "12.345", "currency": "KWD"}
        a = engine.assess(kwd, NOW)
        assert a["facts"]["order_total_base"]["from"]["amount"] == Decimal("12.345")

    def test_decimal_input_equals_string_input(self, engine, case):
        as_decimal = set_path(case, "claim.amount.amount", Decimal("59.90"))
        assert engine.assess_json(as_decimal, NOW) == engine.assess_json(case, NOW)

    def test_times_are_aware_utc_datetimes(self, engine, case):
        a = engine.assess(case, NOW)
        assert a["assessed_at"] == dt.datetime(2026, 11, 20, 12, tzinfo=UTC)
        assert a["assessed_at"].tzinfo is not None
        for d in a["sla"]["deadlines"]:
            assert isinstance(d["due_at"], dt.datetime)
            assert d["due_at"].utcoffset() == dt.timedelta(0)

    def test_dict_result_round_trips_to_the_canonical_json(self, engine, case):
        assert compact(to_jsonable(engine.assess(case, NOW))) == engine.assess_json(case, NOW)

    def test_result_can_be_fed_back_as_input_types(self, engine, case):
        # Decimal and datetime values, as results hold them, are accepted in inputs.
        a = engine.assess(case, NOW)
        fed = set_path(case, "claim.amount.amount", a["facts"]["order_total_base"]["from"]["amount"])
        fed["received_at"] = dt.datetime(2026, 11, 20, 9, tzinfo=UTC)
        assert engine.assess_json(fed, a["assessed_at"]) == engine.assess_json(case, NOW)


# --- inputs in every form -------------------------------------------------------------


class TestInputForms:
    def test_dict_str_and_bytes_give_the_same_bytes(self, engine, case):
        text = json.dumps(case, ensure_ascii=False)
        out = engine.assess_json(case, NOW)
        assert engine.assess_json(text, NOW) == out
        assert engine.assess_json(text.encode("utf-8"), NOW) == out

    def test_integer_like_objects_count_as_ints(self, engine, case):
        class Int64:  # what numpy and pandas integers look like to amends
            def __index__(self) -> int:
                return 1

        numpyish = copy.deepcopy(case)
        numpyish["order"]["items"][0]["quantity"] = Int64()
        assert engine.assess_json(numpyish, NOW) == engine.assess_json(case, NOW)

    def test_any_mapping_counts_as_a_dict(self, engine, case):
        import types

        frozen = types.MappingProxyType(dict(case, store=types.MappingProxyType(case["store"])))
        assert engine.assess_json(frozen, NOW) == engine.assess_json(case, NOW)

    def test_tuples_count_as_lists(self, engine, case):
        as_tuple = copy.deepcopy(case)
        as_tuple["order"]["items"] = tuple(as_tuple["order"]["items"])
        assert engine.assess_json(as_tuple, NOW) == engine.assess_json(case, NOW)

    def test_now_as_zoneinfo_datetime_is_the_same_instant(self, engine, case):
        zoneinfo = pytest.importorskip("zoneinfo")
        paris = dt.datetime(2026, 11, 20, 13, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
        assert engine.assess_json(case, paris) == engine.assess_json(case, NOW)

    def test_now_with_fixed_offset(self, engine, case):
        tokyo = dt.datetime(2026, 11, 20, 21, tzinfo=dt.timezone(dt.timedelta(hours=9)))
        assert engine.assess_json(case, tokyo) == engine.assess_json(case, NOW)
        assert engine.assess_json(case, "2026-11-20T21:00:00+09:00") == engine.assess_json(case, NOW)

    def test_case_times_may_be_aware_datetimes_in_any_zone(self, engine, case):
        zoneinfo = pytest.importorskip("zoneinfo")
        berlin = zoneinfo.ZoneInfo("Europe/Berlin")
        moved = dict(case, received_at=dt.datetime(2026, 11, 20, 10, tzinfo=berlin))
        assert engine.assess_json(moved, NOW) == engine.assess_json(case, NOW)

    def test_sub_second_now_is_kept(self, engine, case):
        now = dt.datetime(2026, 11, 20, 12, 0, 0, 250000, tzinfo=UTC)
        a = engine.assess(case, now)
        assert a["assessed_at"] == now
        assert json.loads(engine.assess_json(case, now))["assessed_at"] == "2026-11-20T12:00:00.250Z"


# --- errors -----------------------------------------------------------------------------


class TestErrors:
    def test_hierarchy_derives_from_value_error(self):
        for cls in (amends.PolicyError, amends.InputError, amends.EvaluationError):
            assert issubclass(cls, amends.AmendsError)
        assert issubclass(amends.AmendsError, ValueError)

    def test_input_error_carries_code_path_and_diagnostics(self, engine, case):
        bad = set_path(case, "claim.amount.currency", "XXX")
        e = raises("money.unknown_currency", "claim.amount.currency", engine.assess, bad, NOW)
        assert e.diagnostics[0]["code"] == e.code
        assert e.diagnostics[0]["path"] == e.path
        assert e.diagnostics[0]["message"]
        assert isinstance(e, ValueError)

    def test_policy_error_lists_every_problem(self):
        with pytest.raises(amends.PolicyError) as info:
            amends.Engine({"policy": {"id": "", "version": ""}})
        assert len(info.value.diagnostics) >= 2
        assert info.value.code == info.value.diagnostics[0]["code"]

    def test_errors_pickle(self, engine):
        with pytest.raises(amends.InputError) as info:
            engine.assess("{", NOW)
        back = pickle.loads(pickle.dumps(info.value))
        assert type(back) is amends.InputError
        assert (back.code, back.path, back.diagnostics, str(back)) == (
            info.value.code,
            info.value.path,
            info.value.diagnostics,
            str(info.value),
        )

    def test_public_names_in_reprs(self):
        assert amends.InputError.__module__ == "amends"


# --- hostile inputs ---------------------------------------------------------------------


class TestHostileInputs:
    @pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
    def test_non_finite_floats_are_refused_with_their_path(self, engine, case, value):
        bad = copy.deepcopy(case)
        bad["order"]["items"][0]["quantity"] = value
        raises("input.not_finite", "order.items[0].quantity", engine.assess, bad, NOW)

    @pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")])
    def test_non_finite_decimals_are_refused(self, engine, case, value):
        bad = set_path(case, "claim.amount.amount", value)
        raises("input.not_finite", "claim.amount.amount", engine.assess, bad, NOW)

    def test_float_amounts_are_refused_not_rounded(self, engine, case):
        bad = set_path(case, "claim.amount.amount", 59.9)
        raises("input.invalid_type", "claim.amount.amount", engine.assess, bad, NOW)

    def test_huge_ints_are_refused(self, engine, case):
        bad = set_path(case, "buyer.history.orders", 10**40)
        raises("input.number_out_of_range", "buyer.history.orders", engine.assess, bad, NOW)
        bad = set_path(case, "buyer.history.orders", -(10**40))
        raises("input.number_out_of_range", "buyer.history.orders", engine.assess, bad, NOW)

    def test_bool_is_not_a_number(self, engine, case):
        bad = set_path(case, "buyer.history.orders", True)
        raises("input.invalid_type", "buyer.history.orders", engine.assess, bad, NOW)

    @pytest.mark.parametrize("value", [{1, 2}, object(), b"bytes", dt.date(2026, 1, 1), 1j])
    def test_non_json_values_are_refused_with_their_path(self, engine, case, value):
        bad = set_path(case, "store.group", value)
        raises("input.invalid_type", "store.group", engine.assess, bad, NOW)

    def test_non_string_keys_are_refused(self, engine, case):
        bad = set_path(case, "buyer.history", {1: 2})
        raises("input.invalid_key", "buyer.history", engine.assess, bad, NOW)

    @pytest.mark.parametrize("value", [42, None, 4.2, ["a"], object()])
    def test_wrong_case_types_are_input_errors(self, engine, value):
        raises("input.invalid_type", "", engine.assess, value, NOW)

    @pytest.mark.parametrize("value", [42, None, dt.date(2026, 11, 20), b"2026-11-20T12:00:00Z"])
    def test_wrong_now_types_are_input_errors(self, engine, case, value):
        raises("input.invalid_type", "now", engine.assess, case, value)

    def test_naive_now_is_refused(self, engine, case):
        raises("input.naive_time", "now", engine.assess, case, dt.datetime(2026, 11, 20, 12))

    def test_naive_case_time_is_refused(self, engine, case):
        bad = dict(case, received_at=dt.datetime(2026, 11, 20, 9))
        raises("input.naive_time", "received_at", engine.assess, bad, NOW)

    def test_deep_nesting_is_refused_without_recursion_error(self, engine, case):
        deep: Any = "x"
        for _ in range(100_000):
            deep = [deep]
        bad = dict(case, text=deep)
        with pytest.raises(amends.InputError) as info:
            engine.assess(bad, NOW)
        assert info.value.code == "input.too_deep"
        assert info.value.path.startswith("text[0][0]")

    def test_deeply_nested_json_text_is_an_input_error(self, engine):
        for text in ["[" * 200_000, '{"id":' + "[" * 200_000, '{"store":' * 200_000]:
            with pytest.raises(amends.InputError):
                engine.assess(text, NOW)

    def test_shared_references_fail_fast_with_a_clear_error(self, engine, case):
        # [x, x] nested 22 deep expands to 2^23 values: it once took 93 s and 2.5 GB,
        # and as a policy it aborted the interpreter.
        import time

        x: Any = "a"
        for _ in range(22):
            x = [x, x]
        began = time.perf_counter()
        bad = dict(case, order=dict(case["order"], items=[{}, {}, {"note": x}]))
        with pytest.raises(amends.InputError) as info:
            engine.assess(bad, NOW)
        err = info.value
        assert err.code == "input.too_large"
        assert err.path.startswith("order.items[2].note[0]"), err.path
        assert "repeated references" in str(err)
        assert "[x, x]" in err.diagnostics[0]["hint"]
        with pytest.raises(amends.PolicyError) as info:
            amends.Engine({"policy": {"id": "x", "version": "1"}, "fx": {"notes": x}})
        assert info.value.code == "policy.too_large"
        assert info.value.path.startswith("fx.notes[0]"), info.value.path
        with pytest.raises(amends.PolicyError) as info:
            amends.check_policy({"policy": {"id": "x", "version": "1"}, "notes": x})
        assert info.value.code == "policy.too_large"
        assert time.perf_counter() - began < 2.0
        # A few shared references stay fine: each is copied out.
        price = {"amount": "10", "currency": "EUR"}
        ok = dict(case, claim={"kind": "refund", "amount": price})
        assert engine.assess(ok, NOW)["case_id"] == case["id"]

    def test_cycles_and_wide_values_are_refused_with_their_path(self, engine, case):
        loop: Dict[str, Any] = {}
        loop["self"] = {"back": loop}
        raises("input.too_deep", "order.self.back", engine.assess,
               dict(case, order=loop), NOW)
        wide = list(range(600_000))
        raises("input.too_large", "buyer.linked_accounts", engine.assess,
               dict(case, buyer={"linked_accounts": wide}), NOW)
        deep: Any = 1
        for _ in range(100_000):
            deep = {"not": deep}
        with pytest.raises(amends.PolicyError) as info:
            amends.Engine(deep)
        assert info.value.code == "policy.too_deep"

    def test_invalid_utf8_bytes(self, engine):
        raises("input.invalid_utf8", "", engine.assess, b'{"id": "\xff\xfe"}', NOW)

    def test_lone_surrogates(self, engine, case):
        raises("input.invalid_utf8", "text", engine.assess, dict(case, text="\ud800"), NOW)
        raises("input.invalid_utf8", "", engine.assess, '{"id": "\udfff"}', NOW)

    def test_oversized_documents(self, engine, case):
        raises("input.too_large", "", engine.assess, " " * (2 * 1024 * 1024), NOW)
        raises("input.too_large", "text", engine.assess, dict(case, text="é" * 40_000), NOW)

    def test_unknown_fields_are_refused(self, engine, case):
        raises("input.unknown_field", "surprise", engine.assess, dict(case, surprise=1), NOW)

    def test_engine_survives_every_refusal(self, engine, case):
        for bad in ["", "null", "[]", "{}", "\x00", "{" * 10]:
            with pytest.raises(amends.InputError):
                engine.assess(bad, NOW)
        assert engine.assess(case, NOW)["case_id"] == "c-001"


# --- policies -----------------------------------------------------------------------------


class TestPolicies:
    def test_every_policy_form_compiles_to_the_same_hash(self):
        text = DEFAULT_POLICY.read_text(encoding="utf-8")
        expected = amends.Engine.default().policy
        assert amends.Engine().policy == expected
        assert amends.Engine(None).policy == expected
        assert amends.Engine(text).policy == expected
        assert amends.Engine(text.encode("utf-8")).policy == expected
        assert amends.Engine(DEFAULT_POLICY).policy == expected

    def test_a_str_is_policy_text_not_a_path(self):
        with pytest.raises(amends.PolicyError) as info:
            amends.Engine(str(DEFAULT_POLICY))
        assert "pathlib.Path" in info.value.diagnostics[0]["hint"]

    def test_dict_policy(self):
        tomllib = pytest.importorskip("tomllib")
        doc = tomllib.loads(DEFAULT_POLICY.read_text(encoding="utf-8"))
        assert amends.Engine(doc).policy == amends.Engine.default().policy

    def test_policy_info(self):
        info = amends.Engine.default().policy
        assert info.id == "amends.default"
        assert len(info.hash) == 64
        assert "amends.default" in repr(info)

    def test_engine_pickles_with_its_policy(self, case):
        tomllib = pytest.importorskip("tomllib")
        doc = tomllib.loads(DEFAULT_POLICY.read_text(encoding="utf-8"))
        doc["policy"]["id"] = "acme.custom"
        engine = amends.Engine(doc)
        back = pickle.loads(pickle.dumps(engine))
        assert back.policy == engine.policy
        assert back.assess_json(case, NOW) == engine.assess_json(case, NOW)

    def test_missing_policy_file_is_an_os_error(self, tmp_path: Path):
        with pytest.raises(FileNotFoundError):
            amends.Engine(tmp_path / "nope.toml")

    def test_wrong_policy_type(self):
        raises("policy.invalid_type", "", amends.Engine, 42, cls=amends.PolicyError)

    def test_check_policy_reports_every_problem(self):
        report = amends.check_policy('[policy]\nid = ""\nversion = ""\n')
        assert report["valid"] is False
        assert [d["path"] for d in report["diagnostics"]][:2] == ["policy.id", "policy.version"]

    def test_dotted_key_policy_is_refused_not_a_crash(self):
        # A 12 KB policy of `not.not.not... = { ... }` keys nests about 3,000 tables
        # without brackets; it once overflowed the stack and killed the interpreter, so
        # it runs in a child process: a crash fails the test instead of the suite.
        import subprocess

        key = ".".join(["not"] * 78)
        text = '[policy]\nid = "x"\nversion = "1"\n[fx]\n' + (key + " = {") * 40
        text += "z = 1" + "}" * 40 + "\n"
        script = (
            "import sys, amends\n"
            "text = sys.stdin.read()\n"
            "codes = []\n"
            "for load in (amends.Engine, lambda t: amends.Engine(t.encode())):\n"
            "    try:\n"
            "        load(text)\n"
            "    except amends.PolicyError as e:\n"
            "        codes.append(e.code)\n"
            "codes.append(amends.check_policy(text)['diagnostics'][0]['code'])\n"
            "print(' '.join(codes))\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", script], input=text, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.split() == ["policy.too_deep"] * 3

    def test_check_policy_accepts_text_bytes_and_path(self):
        text = DEFAULT_POLICY.read_text(encoding="utf-8")
        for form in (text, text.encode("utf-8"), DEFAULT_POLICY):
            report = amends.check_policy(form)
            assert report["valid"] is True
            assert report["policy"]["hash"] == amends.Engine.default().policy.hash
            assert report["diagnostics"] == []


# --- batches and threads ----------------------------------------------------------------------


class TestBatch:
    def test_batch_matches_single_calls_in_order(self, engine, case):
        other = dict(case, id="c-002", channel="chat")
        out = engine.assess_batch([case, other], NOW)
        assert [r["type"] for r in out] == ["success", "success"]
        assert out[0]["assessment"] == engine.assess(case, NOW)
        assert out[1]["assessment"] == engine.assess(other, NOW)

    def test_one_bad_case_does_not_stop_the_rest(self, engine, case):
        out = engine.assess_batch([case, "{", 42, float("nan"), dict(case, id="z")], NOW)
        assert [r["type"] for r in out] == ["success", "failure", "failure", "failure", "success"]
        err = out[1]["error"]
        assert set(err) == {"kind", "code", "path", "message", "diagnostics"}
        assert err["kind"] == "input"

    def test_batch_accepts_any_iterable(self, engine, case):
        out = engine.assess_batch((c for c in [case, case]), NOW)
        assert len(out) == 2

    def test_batch_refuses_a_string(self, engine):
        raises("input.invalid_type", "", engine.assess_batch, "[]", NOW)

    def test_batch_json_is_the_core_bytes(self, engine, case):
        text = json.dumps([case, {"id": ""}])
        out = json.loads(engine.assess_batch_json(text, NOW))
        assert out[0] == {"type": "success", "assessment": json.loads(engine.assess_json(case, NOW))}
        assert out[1]["type"] == "failure"
        assert engine.assess_batch_json(text.encode(), NOW) == engine.assess_batch_json(text, NOW)

    def test_decision_sections_in_every_call(self, engine, case):
        decision = engine.assess(case, NOW, sections="decision")
        assert set(decision) == {
            "case_id", "assessed_at", "policy", "category", "urgency", "risk", "remedy",
            "queue", "deadlines",
        }
        full = engine.assess(case, NOW)
        assert decision["category"] == full["triage"]["category"]
        assert decision["queue"] == full["routing"]["queue"]
        assert isinstance(decision["assessed_at"], dt.datetime)
        assert [d["name"] for d in decision["deadlines"]] == [d["name"] for d in full["sla"]["deadlines"]]
        assert all(isinstance(d["due_at"], dt.datetime) for d in decision["deadlines"])
        rec = decision["remedy"]["recommended"]
        if rec is not None and "value" in rec:
            assert isinstance(rec["value"]["amount"], Decimal)
        assert compact(to_jsonable(decision)) == engine.assess_json(case, NOW, sections="decision")
        out = engine.assess_batch([case, "{"], NOW, sections="decision")
        assert out[0] == {"type": "success", "assessment": decision}
        assert out[1]["type"] == "failure"
        text = json.dumps([case])
        assert json.loads(engine.assess_batch_json(text, NOW, sections="decision"))[0] == {
            "type": "success",
            "assessment": json.loads(engine.assess_json(case, NOW, sections="decision")),
        }
        assert engine.assess_json(case, NOW, sections="full") == engine.assess_json(case, NOW)

    def test_unknown_sections_are_refused(self, engine, case):
        for fn in (engine.assess, engine.assess_json):
            with pytest.raises(amends.InputError) as info:
                fn(case, NOW, sections="trace")
            assert (info.value.code, info.value.path) == ("input.unknown_sections", "sections")
        with pytest.raises(amends.InputError):
            engine.assess_batch([case], NOW, sections="")
        with pytest.raises(TypeError):
            engine.assess(case, NOW, "decision")  # keyword only

    def test_engine_is_shared_across_threads(self, engine, case):
        expected = engine.assess_json(case, NOW)
        results: list = []

        def work() -> None:
            for _ in range(20):
                results.append(engine.assess_batch([case] * 5, NOW)[0]["assessment"])
                results.append(engine.assess(case, NOW))

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(results) == 160
        assert all(compact(to_jsonable(r)) == expected for r in results)


# --- schemas -------------------------------------------------------------------------------


class TestSchema:
    @pytest.mark.parametrize("name", amends.SCHEMAS)
    def test_schemas_are_json(self, name):
        assert isinstance(amends.schema(name), dict)

    def test_unknown_schema(self):
        raises("input.unknown_schema", "name", amends.schema, "nope")


def test_default_policy_toml_is_the_default_policy():
    text = amends.default_policy_toml()
    assert text.lstrip().startswith(("#", "["))
    assert amends.Engine(text).policy == amends.Engine().policy


def test_version_is_exposed():
    assert amends.__version__
    assert sys.modules["amends"] is amends


def test_replay_reports_identical_or_the_exact_differences() -> None:
    engine = amends.Engine()
    case = json.loads(Path(__file__).parents[2].joinpath("examples/cases.jsonl").read_text().splitlines()[0])
    stored = json.loads(engine.assess_json(case, NOW))
    record = {"case": case, "now": NOW, "assessment": stored}
    assert engine.replay(record) == {"case_id": case["id"], "identical": True}
    stored["risk"]["score"] = 99
    r = engine.replay(json.dumps(record))
    assert r["identical"] is False
    assert r["differences"][0]["section"] == "risk"
    assert r["differences"][0]["path"] == "risk.score"
    assert r["differences"][0]["stored"] == 99
    assert json.loads(engine.replay_json(record)) == r


def test_protected_attributes_are_rejected() -> None:
    case = json.loads(Path(__file__).parents[2].joinpath("examples/cases.jsonl").read_text().splitlines()[0])
    case["buyer"]["gender"] = "f"
    raises("input.protected_attribute", "buyer.gender", amends.Engine().assess, case, NOW)
