"""The adapter between mutual-aid rows and the matching engine: rows in, engine dataclasses, results back."""

from __future__ import annotations

from solidarity.core import timewindows
from solidarity.engines import matching

from .models import HelpRequest, MatchStatus, Offer, Status, Zone


def windows(text: str) -> tuple[matching.Window, ...]:
    return tuple(matching.Window(day=w.day, start=w.start, end=w.end) for w in timewindows.parse(text))


def _set(text: str) -> frozenset[str]:
    return frozenset(x for x in text.split(",") if x)


def zones_for(community) -> matching.Zones:
    neighbours: dict[str, set[str]] = {}
    for zone in Zone.objects.filter(community=community).prefetch_related("neighbours"):
        neighbours.setdefault(str(zone.pk), set()).update(str(n.pk) for n in zone.neighbours.all())
    return matching.Zones(neighbours={k: frozenset(v) for k, v in neighbours.items()})


def need_for(request: HelpRequest) -> matching.Need:
    return matching.Need(
        id=request.public_id, category=request.category, zone=str(request.zone_id or ""),
        urgency=request.urgency, languages=_set(request.languages), access_needs=_set(request.access_needs),
        windows=windows(request.times),
    )


def helpers_for(community) -> dict[str, tuple[Offer, matching.Helper]]:
    """Active offers with room left, keyed by engine id, with their current load counted in one query."""
    from django.db.models import Count, Q

    rows = (Offer.objects.filter(community=community, active=True)
            .annotate(load=Count("matches", filter=Q(matches__status__in=(MatchStatus.PROPOSED, MatchStatus.ACTIVE)))))
    found = {}
    for offer in rows:
        room = offer.capacity - offer.load
        if room <= 0:
            continue
        found[str(offer.pk)] = (offer, matching.Helper(
            id=str(offer.pk), categories=_set(offer.categories), zone=str(offer.zone_id or ""),
            languages=_set(offer.languages), access_provides=_set(offer.access_provides),
            windows=windows(offer.times), capacity=room, load=offer.load,
        ))
    return found


def suggestions_for(request: HelpRequest, *, limit=5) -> list[tuple[Offer, matching.Score]]:
    helpers = helpers_for(request.community)
    ranked = matching.suggest(need_for(request), [h for _, h in helpers.values()], zones_for(request.community),
                              limit=limit)
    return [(helpers[s.helper_id][0], s.score) for s in ranked]


def plan_for_queue(community, *, method="optimal"):
    """The assignment the engine proposes for every triaged, unmatched request."""
    requests = {r.public_id: r for r in HelpRequest.objects.filter(community=community, status=Status.TRIAGED)}
    helpers = helpers_for(community)
    assignment = matching.assign([need_for(r) for r in requests.values()], [h for _, h in helpers.values()],
                                 zones_for(community), method=method)
    pairs = [(requests[need_id], helpers[helper_id][0]) for need_id, helper_id in assignment.pairs]
    return assignment, pairs
