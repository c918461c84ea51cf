"""The result of counting an election under one rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

from ..reasons import Reason, Rendered


@dataclass(frozen=True)
class Outcome:
    rule: str
    winners: tuple[str, ...]  # selection order
    total_cost: Fraction
    explanations: Mapping[str, str]  # project id -> why it was or was not funded, in plain English
    sat: str = ""
    completion: str = "none"
    tie_break: str = "lexico"
    details: Mapping[str, object] = field(default_factory=dict)
    # project id -> why, as a code and exact figures (`pb/reasons.py`); `explanations` is their English
    reasons: Mapping[str, Reason] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "winners", tuple(self.winners))
        object.__setattr__(self, "reasons", MappingProxyType(dict(self.reasons)))
        if not isinstance(self.explanations, Rendered):  # the engine's own is read-only and lazy
            object.__setattr__(self, "explanations", MappingProxyType(dict(self.explanations)))
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))
