"""Exceptions raised by amends.

Every error the engine reports is data: a stable dotted ``code`` (``money.unknown_currency``),
the JSON ``path`` of the offending field (``order.items[0].unit_price.amount``), a message,
and the full list of ``diagnostics`` (policy validation reports every problem at once).
All derive from :class:`ValueError`.
"""

from __future__ import annotations

from typing import List, TypedDict


class _DiagnosticFields(TypedDict):
    code: str
    path: str
    message: str


class Diagnostic(_DiagnosticFields, total=False):
    """One problem: ``code``, ``path``, ``message`` and, when there is one, a ``hint``."""

    hint: str


__all__ = [
    "Diagnostic",
    "AmendsError",
    "PolicyError",
    "InputError",
    "EvaluationError",
]


class AmendsError(ValueError):
    """Base class of every error amends raises.

    ``code`` and ``path`` are those of the first diagnostic; ``diagnostics`` lists all.
    """

    kind: str = "error"

    code: str
    path: str
    diagnostics: List[Diagnostic]

    def __init__(
        self,
        message: str,
        *,
        code: str = "error",
        path: str = "",
        diagnostics: List[Diagnostic] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.path = path
        self.diagnostics = list(diagnostics) if diagnostics is not None else []

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (
            _rebuild,
            (type(self), str(self), self.code, self.path, self.diagnostics),
        )


def _rebuild(
    cls: type[AmendsError],
    message: str,
    code: str,
    path: str,
    diagnostics: List[Diagnostic],
) -> AmendsError:
    return cls(message, code=code, path=path, diagnostics=diagnostics)


class PolicyError(AmendsError):
    """The policy does not load or does not validate; every problem is listed."""

    kind = "policy"


class InputError(AmendsError):
    """An input (case, ``now``) is malformed, of the wrong type, or inconsistent."""

    kind = "input"


class EvaluationError(AmendsError):
    """Evaluation failed on valid input (e.g. an amount overflowed)."""

    kind = "evaluation"


# Show the public names in tracebacks and reprs (`amends.InputError`).
for _cls in (AmendsError, PolicyError, InputError, EvaluationError):
    _cls.__module__ = "amends"
del _cls
