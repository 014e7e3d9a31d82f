"""amends: the decision engine for complaint handling in cross-border commerce.

The same compiled Rust core as the ``amends`` crate and the web build: the same decisions
and the same canonical JSON, byte for byte.

>>> import amends
>>> engine = amends.Engine()  # the embedded default policy, compiled once
>>> engine.policy.id
'amends.default'
"""

from __future__ import annotations

from amends._amends import (
    SCHEMAS,
    Engine,
    PolicyInfo,
    __version__,
    check_policy,
    schema,
)
from amends._errors import (
    AmendsError,
    Diagnostic,
    EvaluationError,
    InputError,
    PolicyError,
)

# Journeys (state machines with snapshots) will be exported here as `Machine` once the
# core exposes them; see docs/python.md.

__all__ = [
    "SCHEMAS",
    "AmendsError",
    "Diagnostic",
    "Engine",
    "EvaluationError",
    "InputError",
    "PolicyError",
    "PolicyInfo",
    "__version__",
    "check_policy",
    "schema",
]
