"""Type stubs for the native module ``amends._amends`` (checked by ``mypy.stubtest``)."""

import os
from datetime import datetime
from typing import Any, Dict, Final, Iterable, List, Literal, Mapping, Optional, Union, final, overload

from amends.types import (
    Assessment,
    BatchEntry,
    Case,
    Decision,
    ClockReport,
    JourneyEvent,
    JourneySnapshot,
    JourneyStartInput,
    JourneyStep,
    PolicyCheck,
)

__all__ = [
    "Engine",
    "JOURNEY_SCHEMAS",
    "Machine",
    "PolicyInfo",
    "SCHEMAS",
    "__version__",
    "audit_append",
    "audit_verify",
    "backtest",
    "backtest_html",
    "check_policy",
    "default_policy_toml",
    "monitor",
    "schema",
]

__version__: Final[str]
SCHEMAS: Final[List[str]]
JOURNEY_SCHEMAS: Final[List[str]]

#: A case: a dict (the JSON document as Python values; amounts may be ``Decimal`` or
#: ``str``, times aware ``datetime`` or RFC 3339 ``str``), or the JSON text as ``str`` or
#: UTF-8 ``bytes`` (the fast path).
_CaseInput = Union[Case, Mapping[str, Any], str, bytes]
#: ``now``: an aware ``datetime`` (any tzinfo) or an RFC 3339 string.
_NowInput = Union[datetime, str]
#: A policy: TOML or JSON text, UTF-8 bytes, a dict, or a path to a file.
_PolicyInput = Union[str, bytes, Mapping[str, Any], "os.PathLike[str]", None]
#: A journey document (start input, snapshot or event): a dict, or its JSON text as
#: ``str`` or UTF-8 ``bytes``. Snapshots returned by ``Machine`` methods can be passed
#: back as they are.
_JourneyInput = Union[Mapping[str, Any], str, bytes]
_StartInput = Union[JourneyStartInput, _JourneyInput]
_EventInput = Union[JourneyEvent, _JourneyInput]
_SnapshotInput = Union[JourneySnapshot, _JourneyInput]
#: Which sections of an assessment to return: ``"full"`` (every section and the trace,
#: schema ``assessment``) or ``"decision"`` (what was decided, schema ``decision``).
_Sections = Literal["full", "decision"]

@final
class PolicyInfo:
    """Identity of a compiled policy."""

    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def hash(self) -> str:
        """SHA-256 of the policy's canonical JSON."""
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...

@final
class Engine:
    """A compiled policy. Immutable and thread-safe: compile once, assess many cases."""

    def __new__(cls, policy: _PolicyInput = None) -> "Engine": ...
    @staticmethod
    def default() -> "Engine":
        """The engine on the embedded default policy."""
    @property
    def policy(self) -> PolicyInfo: ...
    def __reduce__(self) -> "tuple[type[Engine], tuple[str]]": ...
    @overload
    def assess(
        self, case: _CaseInput, now: _NowInput, *, sections: Literal["full"] = "full"
    ) -> Assessment:
        """Assess one case at ``now``; money amounts are ``Decimal``, times aware ``datetime``.
        ``sections="decision"`` returns the decision form (schema ``decision``)."""
    @overload
    def assess(
        self, case: _CaseInput, now: _NowInput, *, sections: Literal["decision"]
    ) -> Decision: ...
    def assess_json(
        self, case: _CaseInput, now: _NowInput, *, sections: _Sections = "full"
    ) -> str:
        """Assess one case at ``now``; the canonical JSON, byte for byte the core's."""
    @overload
    def assess_batch(
        self,
        cases: Iterable[_CaseInput],
        now: _NowInput,
        *,
        sections: Literal["full"] = "full",
    ) -> List[BatchEntry]:
        """Assess many cases without holding the GIL; one tagged result per case, in order."""
    @overload
    def assess_batch(
        self,
        cases: Iterable[_CaseInput],
        now: _NowInput,
        *,
        sections: Literal["decision"],
    ) -> List[Dict[str, Any]]: ...
    def assess_batch_json(
        self, cases: Union[str, bytes], now: _NowInput, *, sections: _Sections = "full"
    ) -> str:
        """Assess a JSON array of cases; the core's canonical JSON array of tagged results."""
    def assess_arrow(
        self,
        data: Any,
        now: _NowInput,
        *,
        assessment_json: bool = False,
        threads: Optional[int] = None,
    ) -> Any:
        """Assess every row of Arrow data (anything with ``__arrow_c_stream__`` or
        ``__arrow_c_array__``: pyarrow, Polars, DuckDB) on ``threads`` threads with the GIL
        released. A ``pyarrow.Table`` when pyarrow is installed, else an object exporting
        ``__arrow_c_stream__``; the schema is in ``docs/scale-out.md``."""
    def replay_journey_json(self, script: Union[str, bytes, Mapping[str, Any]]) -> str:
        """Replay a journey script (the conformance ``journey`` op); canonical JSON of
        ``{"steps", "snapshot", "clocks"}``."""
    def replay(self, record: Union[str, bytes, Mapping[str, Any]]) -> Dict[str, Any]:
        """Re-assess a stored decision ``{"case", "now", "assessment"}`` under this
        engine's policy: ``{"case_id", "identical", "differences"?, "error"?}``, each
        difference ``{"section", "path", "stored"?, "current"?}``."""
    def replay_json(self, record: Union[str, bytes, Mapping[str, Any]]) -> str:
        """As :meth:`replay`, as canonical JSON."""
    def machine(self, name: str) -> "Machine":
        """The journey machine ``name`` of this engine's policy."""

@final
class Machine:
    """A journey state machine of a compiled policy. Pure and thread-safe: the host keeps
    the snapshots, passes events in and calls ``tick`` at ``next_deadline``."""

    def __new__(cls, engine: Engine, name: str) -> "Machine": ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def hash(self) -> str:
        """SHA-256 of the machine's definition and the calendars it uses."""
    def start(self, input: _StartInput, now: _NowInput) -> JourneyStep:
        """Start a journey (``{"instance", "context"}``); the step as a dict."""
    def start_json(self, input: _StartInput, now: _NowInput) -> str:
        """Like ``start``, as canonical JSON."""
    def step(
        self, snapshot: _SnapshotInput, event: _EventInput, now: _NowInput
    ) -> JourneyStep:
        """Apply an event (``{"event", "at", "data"?}``); the step as a dict."""
    def step_json(self, snapshot: _SnapshotInput, event: _EventInput, now: _NowInput) -> str:
        """Like ``step``, as canonical JSON."""
    def tick(self, snapshot: _SnapshotInput, now: _NowInput) -> JourneyStep:
        """Fire every timer and clock due at or before ``now``; the step as a dict."""
    def tick_json(self, snapshot: _SnapshotInput, now: _NowInput) -> str:
        """Like ``tick``, as canonical JSON."""
    def clocks(self, snapshot: _SnapshotInput, now: _NowInput) -> List[ClockReport]:
        """Each SLA clock's status, elapsed and remaining seconds, due time, breach."""
    def clocks_json(self, snapshot: _SnapshotInput, now: _NowInput) -> str:
        """Like ``clocks``, as canonical JSON."""
    def diagram(self, format: str = "mermaid") -> str:
        """The machine as ``"mermaid"`` or ``"dot"`` text."""

def check_policy(policy: Union[str, bytes, Mapping[str, Any], "os.PathLike[str]"]) -> PolicyCheck:
    """Validate a policy; ``{"valid", "policy", "diagnostics"}`` with every problem."""

def schema(name: str) -> Dict[str, Any]:
    """The JSON Schema of ``"case"``, ``"assessment"``, ``"decision"``, ``"policy"`` or a
    journey document."""

def default_policy_toml() -> str:
    """The embedded default policy as TOML text: the starting point for your own."""

#: A history (``monitor``, ``backtest``) or an audit chain: JSON Lines as ``str`` or UTF-8
#: ``bytes``, or an iterable of records (dicts or JSON texts).
_Lines = Union[str, bytes, Iterable[Union[Mapping[str, Any], str]]]

def monitor(engine: Engine, history: _Lines) -> Dict[str, Any]:
    """Heat map, KPIs and alarms over a history (what ``amends monitor`` prints)."""

def backtest(
    baseline: Engine, candidate: Engine, history: _Lines, top: int = 20
) -> Dict[str, Any]:
    """Replays a history under two policies; what would have been different."""

def backtest_html(baseline: Engine, candidate: Engine, history: _Lines, top: int = 20) -> str:
    """``backtest`` as the self-contained HTML report (``amends simulate --html``)."""

def audit_verify(chain: _Lines, head: Union[str, None] = None) -> Dict[str, Any]:
    """``{"valid": True, "records", "head"}`` or ``{"valid": False, "line", "code", "path",
    "message"}``."""

def audit_append(
    chain: _Lines, case: _CaseInput, assessment: Mapping[str, Any], recorded_at: _NowInput
) -> Dict[str, Any]:
    """The decision record that follows ``chain``; append its JSON as the next line."""
