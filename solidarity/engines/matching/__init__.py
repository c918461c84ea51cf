"""Mutual-aid matching engine: needs and helpers in, ranked suggestions and a whole-queue assignment out.

    from solidarity.engines import matching as m
    zones = m.Zones({"north": {"centre"}, "centre": {"south"}})
    need = m.Need(id="r1", category="food", zone="north", urgency="today", languages={"es"})
    helpers = [m.Helper(id="v1", categories={"food", "transport"}, zone="centre", languages={"en", "es"})]
    m.suggest(need, helpers, zones)           # (Suggestion("v1", Score(total=..., reasons=(...))),)
    m.assign([need], helpers, zones)          # Assignment(pairs=(("r1", "v1"),), total=..., method="optimal")

`score` and `suggest` are standard-library Python. `assign` uses numpy for the score matrices and
SciPy's sparse assignment solver for the exact optimum. Never imports Django.
"""

from __future__ import annotations

from .methods import METHODS, assign
from .model import (CATEGORIES, URGENCIES, Assignment, Helper, MatchingError, Need, Score, Suggestion, UnknownMethod,
                    Window, Zones)
from .scoring import score, suggest

__all__ = [
    "Assignment", "CATEGORIES", "Helper", "METHODS", "MatchingError", "Need", "Score", "Suggestion", "URGENCIES",
    "UnknownMethod", "Window", "Zones", "assign", "score", "suggest",
]
