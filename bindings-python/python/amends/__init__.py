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
    JOURNEY_SCHEMAS,
    SCHEMAS,
    Engine,
    Machine,
    PolicyInfo,
    __version__,
    audit_append,
    audit_verify,
    backtest,
    backtest_html,
    check_policy,
    default_policy_toml,
    monitor,
    schema,
)
from amends._json import JSONEncoder, dumps
from amends.types import (  # every document's TypedDict is in amends.types
    Assessment,
    BatchEntry,
    Case,
    ClockReport,
    JourneyStep,
    PolicyCheck,
)
from amends._errors import (
    AmendsError,
    Diagnostic,
    EvaluationError,
    InputError,
    PolicyError,
)

__all__ = [
    "Assessment",
    "BatchEntry",
    "Case",
    "ClockReport",
    "JourneyStep",
    "PolicyCheck",
    "JOURNEY_SCHEMAS",
    "SCHEMAS",
    "AmendsError",
    "Diagnostic",
    "Engine",
    "EvaluationError",
    "InputError",
    "JSONEncoder",
    "Machine",
    "PolicyError",
    "PolicyInfo",
    "__version__",
    "audit_append",
    "audit_verify",
    "backtest",
    "backtest_html",
    "check_policy",
    "default_policy_toml",
    "dumps",
    "monitor",
    "schema",
]

