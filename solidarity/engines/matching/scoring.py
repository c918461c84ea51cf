"""How well one helper fits one need: an integer score, its parts, and reasons a coordinator reads
(codes and figures, `reasons.py`; `Score.explanations` in English).

The weights are documented in docs/matching-engine.md. `table.py` computes the same totals for a
whole queue at once with numpy; a property test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import MINUTES_PER_DAY, Helper, Need, Score, Suggestion, Window, Zones
from .reasons import ACCESS_MET, ACCESS_UNMET, LANGUAGE_NAMES, language_name, reason  # noqa: F401 (re-exported)

# The category is a hard requirement. The base makes every ordinary fit worth assigning, so that the
# optimum first serves as many needs as it can and only then prefers better fits.
CATEGORY = 100
# Folded into every pair of a need, so that when not every need can be served the urgent ones are.
URGENCY = {"today": 60, "days": 30, "week": 10, "anytime": 0}
DISTANCE = (30, 20, 10, 5)  # by hops: same zone, neighbouring, 2 away, 3 away; farther or unknown: FAR
FAR = 0
LANGUAGE_SHARED = 15
LANGUAGE_MISSING = -40  # the requester lists languages and the helper speaks none of them
TIME_ANY = 10  # either side gave no windows
TIME_NONE = -30  # both gave windows and they never meet
TIME_CAP = 120  # minutes of overlap worth counting: enough for most tasks
TIME_STEP = 6  # one point per 6 minutes of overlap, so up to 20 points
# Per access need the helper cannot provide: more than any pair can otherwise score, so such a pair is
# never assigned automatically and ranks below every helper who meets the need. It is still scored,
# so that a coordinator sees it in suggestions with the reason (they may know a way around it).
ACCESS_MISSING = -250
LOAD_STEP = -3  # per need the helper already carries...
LOAD_CAP = 5  # ...counting at most this many

def distance_points(hops: int | None) -> int:
    return DISTANCE[hops] if hops is not None and hops < len(DISTANCE) else FAR


def time_points(need_minutes: int, helper_minutes: int, overlap: int) -> int:
    """Points for time: `*_minutes` are each side's total windowed minutes (0 = any time)."""
    if need_minutes == 0 or helper_minutes == 0:
        return TIME_ANY
    if overlap == 0:
        return TIME_NONE
    return min(overlap, TIME_CAP) // TIME_STEP


def load_points(load: int) -> int:
    return LOAD_STEP * min(load, LOAD_CAP)


def merged(windows: Iterable[Window]) -> list[tuple[int, int]]:
    """The union of weekly windows as sorted, disjoint (start, end) minutes of the week."""
    spans = sorted((w.day * MINUTES_PER_DAY + w.start, w.day * MINUTES_PER_DAY + w.end) for w in windows)
    out: list[list[int]] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _two(keys: list[str]) -> dict[str, str]:
    """The first two language keys as the figures language and language2 ("" when there is one)."""
    return {"language": keys[0], "language2": keys[1] if len(keys) > 1 else ""}


def score(need: Need, helper: Helper, zones: Zones) -> Score | None:
    """How well `helper` fits `need`; None when it cannot serve it at all (wrong category, no capacity)."""
    if need.category not in helper.categories or helper.capacity <= 0:
        return None
    # Reasons say what tells helpers apart, so nothing about the need alone (its category, urgency,
    # or that any time suits the requester), which would repeat on every suggestion.
    parts = {"category": CATEGORY, "urgency": URGENCY[need.urgency]}
    reasons = []

    hops = zones.distance(need.zone, helper.zone)
    parts["distance"] = distance_points(hops)
    if hops is None:
        reasons.append(reason("match.zone.unknown"))
    elif hops == 0:
        reasons.append(reason("match.zone.same"))
    elif hops == 1:
        reasons.append(reason("match.zone.neighbour"))
    else:
        reasons.append(reason("match.zone.hops", hops=hops))

    parts["language"] = 0
    if need.languages:
        shared = sorted(need.languages & helper.languages)
        if shared:
            parts["language"] = LANGUAGE_SHARED
            reasons.append(reason("match.language.shared", **_two(shared)))
        else:
            parts["language"] = LANGUAGE_MISSING
            wanted = _two(sorted(need.languages))
            reasons.append(reason("match.language.missing" if helper.languages else "match.language.unknown",
                                  **wanted))

    mine, theirs = merged(need.windows), merged(helper.windows)
    common = overlaps(mine, theirs)
    parts["time"] = time_points(sum(e - s for s, e in mine), sum(e - s for s, e in theirs), sum(e - s for s, e in common))
    if mine and not theirs:
        reasons.append(reason("match.time.any"))
    elif mine and not common:
        reasons.append(reason("match.time.none"))
    elif mine:
        start, end = common[0]
        day = start // MINUTES_PER_DAY
        reasons.append(reason("match.time.common", day=day, start=start - day * MINUTES_PER_DAY,
                              end=end - day * MINUTES_PER_DAY, more=len(common) - 1))

    missing = sorted(need.access_needs - helper.access_provides)
    parts["access"] = ACCESS_MISSING * len(missing)
    reasons.extend(reason("match.access.met", access=x) for x in sorted(need.access_needs & helper.access_provides))
    reasons.extend(reason("match.access.unmet", access=x) for x in missing)

    parts["load"] = load_points(helper.load)
    if helper.load:
        reasons.append(reason("match.load", load=helper.load))
    return Score(total=sum(parts.values()), parts=parts, reasons=tuple(reasons))


def suggest(need: Need, helpers: Iterable[Helper], zones: Zones, *, limit: int = 5) -> tuple[Suggestion, ...]:
    """The `limit` helpers that fit `need` best, best first; equal totals in helper id order.
    Poor fits (a missing language or access need) are kept: their reasons say what is missing."""
    found = [(s, h.id) for h in helpers if (s := score(need, h, zones)) is not None]
    found.sort(key=lambda x: (-x[0].total, x[1]))
    return tuple(Suggestion(helper_id=hid, score=s) for s, hid in found[:max(limit, 0)])

