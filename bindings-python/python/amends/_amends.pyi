"""Type stubs for the native module ``amends._amends`` (checked by ``mypy.stubtest``)."""

import os
from datetime import datetime
from typing import Any, Dict, Final, Iterable, List, Literal, Mapping, Union, final

__all__ = [
    "Engine",
    "JOURNEY_SCHEMAS",
    "Machine",
    "PolicyInfo",
    "SCHEMAS",
    "__version__",
    "check_policy",
    "schema",
]

__version__: Final[str]
SCHEMAS: Final[List[str]]
JOURNEY_SCHEMAS: Final[List[str]]

#: A case: a dict (the JSON document as Python values; amounts may be ``Decimal`` or
#: ``str``, times aware ``datetime`` or RFC 3339 ``str``), or the JSON text as ``str`` or
#: UTF-8 ``bytes`` (the fast path).
_CaseInput = Union[Mapping[str, Any], str, bytes]
#: ``now``: an aware ``datetime`` (any tzinfo) or an RFC 3339 string.
_NowInput = Union[datetime, str]
#: A policy: TOML or JSON text, UTF-8 bytes, a dict, or a path to a file.
_PolicyInput = Union[str, bytes, Mapping[str, Any], "os.PathLike[str]", None]
#: A journey document (start input, snapshot or event): a dict, or its JSON text as
#: ``str`` or UTF-8 ``bytes``. Snapshots returned by ``Machine`` methods can be passed
#: back as they are.
_JourneyInput = Union[Mapping[str, Any], str, bytes]
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
    def assess(
        self, case: _CaseInput, now: _NowInput, *, sections: _Sections = "full"
    ) -> Dict[str, Any]:
        """Assess one case at ``now``; money amounts are ``Decimal``, times aware ``datetime``.
        ``sections="decision"`` returns the decision form (schema ``decision``)."""
    def assess_json(
        self, case: _CaseInput, now: _NowInput, *, sections: _Sections = "full"
    ) -> str:
        """Assess one case at ``now``; the canonical JSON, byte for byte the core's."""
    def assess_batch(
        self,
        cases: Iterable[_CaseInput],
        now: _NowInput,
        *,
        sections: _Sections = "full",
    ) -> List[Dict[str, Any]]:
        """Assess many cases without holding the GIL; one tagged result per case, in order."""
    def assess_batch_json(
        self, cases: Union[str, bytes], now: _NowInput, *, sections: _Sections = "full"
    ) -> str:
        """Assess a JSON array of cases; the core's canonical JSON array of tagged results."""
    def replay_journey_json(self, script: Union[str, bytes, Mapping[str, Any]]) -> str:
        """Replay a journey script (the conformance ``journey`` op); canonical JSON of
        ``{"steps", "snapshot", "clocks"}``."""
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
    def start(self, input: _JourneyInput, now: _NowInput) -> Dict[str, Any]:
        """Start a journey (``{"instance", "context"}``); the step as a dict."""
    def start_json(self, input: _JourneyInput, now: _NowInput) -> str:
        """Like ``start``, as canonical JSON."""
    def step(
        self, snapshot: _JourneyInput, event: _JourneyInput, now: _NowInput
    ) -> Dict[str, Any]:
        """Apply an event (``{"event", "at", "data"?}``); the step as a dict."""
    def step_json(self, snapshot: _JourneyInput, event: _JourneyInput, now: _NowInput) -> str:
        """Like ``step``, as canonical JSON."""
    def tick(self, snapshot: _JourneyInput, now: _NowInput) -> Dict[str, Any]:
        """Fire every timer and clock due at or before ``now``; the step as a dict."""
    def tick_json(self, snapshot: _JourneyInput, now: _NowInput) -> str:
        """Like ``tick``, as canonical JSON."""
    def clocks(self, snapshot: _JourneyInput, now: _NowInput) -> List[Dict[str, Any]]:
        """Each SLA clock's status, elapsed and remaining seconds, due time, breach."""
    def clocks_json(self, snapshot: _JourneyInput, now: _NowInput) -> str:
        """Like ``clocks``, as canonical JSON."""
    def diagram(self, format: str = "mermaid") -> str:
        """The machine as ``"mermaid"`` or ``"dot"`` text."""

def check_policy(policy: Union[str, bytes, Mapping[str, Any], "os.PathLike[str]"]) -> Dict[str, Any]:
    """Validate a policy; ``{"valid", "policy", "diagnostics"}`` with every problem."""

def schema(name: str) -> str:
    """The JSON Schema of ``"case"``, ``"assessment"``, ``"decision"``, ``"policy"`` or a
    journey document."""
