"""Type stubs for the native module ``amends._amends`` (checked by ``mypy.stubtest``)."""

import os
from datetime import datetime
from typing import Any, Dict, Final, Iterable, List, Mapping, Union, final

__all__ = ["Engine", "PolicyInfo", "SCHEMAS", "__version__", "check_policy", "schema"]

__version__: Final[str]
SCHEMAS: Final[List[str]]

#: A case: a dict (the JSON document as Python values; amounts may be ``Decimal`` or
#: ``str``, times aware ``datetime`` or RFC 3339 ``str``), or the JSON text as ``str`` or
#: UTF-8 ``bytes`` (the fast path).
_CaseInput = Union[Mapping[str, Any], str, bytes]
#: ``now``: an aware ``datetime`` (any tzinfo) or an RFC 3339 string.
_NowInput = Union[datetime, str]
#: A policy: TOML or JSON text, UTF-8 bytes, a dict, or a path to a file.
_PolicyInput = Union[str, bytes, Mapping[str, Any], "os.PathLike[str]", None]

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
    def assess(self, case: _CaseInput, now: _NowInput) -> Dict[str, Any]:
        """Assess one case at ``now``; money amounts are ``Decimal``, times aware ``datetime``."""
    def assess_json(self, case: _CaseInput, now: _NowInput) -> str:
        """Assess one case at ``now``; the canonical JSON, byte for byte the core's."""
    def assess_batch(
        self, cases: Iterable[_CaseInput], now: _NowInput
    ) -> List[Dict[str, Any]]:
        """Assess many cases without holding the GIL; one tagged result per case, in order."""
    def assess_batch_json(self, cases: Union[str, bytes], now: _NowInput) -> str:
        """Assess a JSON array of cases; the core's canonical JSON array of tagged results."""

def check_policy(policy: Union[str, bytes, Mapping[str, Any], "os.PathLike[str]"]) -> Dict[str, Any]:
    """Validate a policy; ``{"valid", "policy", "diagnostics"}`` with every problem."""

def schema(name: str) -> str:
    """The JSON Schema of ``"case"``, ``"assessment"`` or ``"policy"``."""
