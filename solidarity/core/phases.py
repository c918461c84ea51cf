"""Phases (or statuses) as data: the states in order, and the moves allowed between them.

Budgeting's process phases and mutual aid's request statuses are both written this way, so every
workflow checks a move the same way and a refusal says, translated, what cannot become what.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .workflow import NotAllowed


@dataclass(frozen=True)
class Phases:
    choices: type  # a TextChoices class; its order is the states' order
    moves: Mapping[str, frozenset[str]]  # state -> the states it may become

    def __post_init__(self):
        known = set(self.choices.values)
        for state, targets in self.moves.items():
            if state not in known or not set(targets) <= known:
                raise ValueError(f"unknown state in the moves of {self.choices.__name__}: {state} -> {targets}")

    def order(self, state: str) -> int:
        return list(self.choices.values).index(state)

    def reached(self, current: str, state: str) -> bool:
        """Whether `current` is `state` or after it."""
        return self.order(current) >= self.order(state)

    def allows(self, current: str, new: str) -> bool:
        return new in self.moves.get(current, ())

    def check(self, current: str, new: str, *, refusal: str | None = None) -> None:
        """NotAllowed unless `current` may become `new`; `refusal` replaces the general message."""
        if new not in self.choices.values:
            raise NotAllowed(_("Unknown phase."))
        if not self.allows(current, new):
            raise NotAllowed(refusal or _("“%(old)s” cannot become “%(new)s”.") % {
                "old": self.choices(current).label, "new": self.choices(new).label})

