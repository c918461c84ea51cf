"""Server-rendered SVG charts: no script, no request to another host, and always a data table and a
plain-words summary beside them, so a screen reader, a printout and a person who cannot tell colours
apart get the same numbers.

    chart = charts.bars(_("Votes for each project"), [("A", 120), ("B", 3)], marked={"A"})
    {% include "_chart.html" with chart=chart %}

Values are whole numbers (counts, cents); bar lengths are computed in integers, so nothing about a
chart depends on floating point.
"""

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

DARK, LIGHT, INK = "#8a1538", "#b8b2a6", "#1b1b1b"
PALETTE = ("#8a1538", "#1f5f8b", "#5b7f2a", "#6b4e9b", "#a35d00", "#4a4a4a")  # each 4.5:1 or more on white
WIDTH, LABEL_WIDTH, BAR, GAP = 640, 90, 22, 10

_ids = itertools.count(1)  # ids only need to differ within one page; next() on a count is atomic


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString
    summary: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


def _open(height: int, title: str) -> list[str]:
    ident = f"chart-{next(_ids)}"
    return [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{ident}" '
            f'xmlns="http://www.w3.org/2000/svg"><title id="{ident}">{escape(title)}</title>']


def _text(x: int, y: int, text: str, anchor: str = "start") -> str:
    return f'<text x="{x}" y="{y}" font-size="14" fill="{INK}" text-anchor="{anchor}">{escape(text)}</text>'


def _done(parts: list[str]) -> SafeString:
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above (format_html/escape)


def _extremes(pairs: Sequence[tuple[str, int]], show: Callable[[int], str]) -> str:
    if not pairs:
        return _("No data yet.")
    high = max(pairs, key=lambda p: p[1])
    low = min(pairs, key=lambda p: p[1])
    return _("Highest: %(high)s (%(high_value)s). Lowest: %(low)s (%(low_value)s).") % {
        "high": high[0], "high_value": show(high[1]), "low": low[0], "low_value": show(low[1])}


def bars(title: str, pairs: Sequence[tuple[str, int]], *, marked=frozenset(), notes: Mapping[str, str] = None,
         show: Callable[[int], str] = str, value_label: str = "") -> Chart:
    """Horizontal bars, one per (label, value); labels in `marked` are dark, the others light.
    `notes` adds text after a bar's value (a cost, say)."""
    notes = notes or {}
    height = len(pairs) * (BAR + GAP) + 10
    parts = _open(height, title)
    most = max((v for _, v in pairs), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 170
    for i, (label, value) in enumerate(pairs):
        y = 5 + i * (BAR + GAP)
        length = room * value // most
        fill = DARK if label in marked else LIGHT
        after = f"{show(value)} · {notes[label]}" if label in notes else show(value)
        parts.append(_text(0, y + 16, label))
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1)}" height="{BAR}" fill="{fill}"/>')
        parts.append(_text(LABEL_WIDTH + length + 6, y + 16, after))
    return Chart(title=title, svg=_done(parts) if pairs else mark_safe(""), summary=_extremes(pairs, show),
                 columns=(_("Item"), value_label or _("Value")),
                 rows=tuple((label, show(value)) for label, value in pairs))


def stacked_bars(title: str, labels: Sequence[str], series: Mapping[str, Sequence[int]], *,
                 show: Callable[[int], str] = str) -> Chart:
    """One horizontal bar per label, split into the series' parts (for example spending by department,
    split by kind of spending). A legend names each colour, and the table gives every number."""
    names = list(series)
    totals = [sum(series[n][i] for n in names) for i in range(len(labels))]
    height = (len(labels) + 1) * (BAR + GAP) + 10
    parts = _open(height, title)
    most = max(totals, default=0) or 1
    room = WIDTH - LABEL_WIDTH - 120
    for i, label in enumerate(labels):
        y = 5 + i * (BAR + GAP)
        parts.append(_text(0, y + 16, label))
        x, running = LABEL_WIDTH, 0
        for k, name in enumerate(names):
            running += series[name][i]
            end = LABEL_WIDTH + room * running // most
            if end > x:
                parts.append(f'<rect x="{x}" y="{y}" width="{end - x}" height="{BAR}" '
                             f'fill="{PALETTE[k % len(PALETTE)]}"/>')
            x = end
        parts.append(_text(x + 6, y + 16, show(totals[i])))
    _legend(parts, names, 5 + len(labels) * (BAR + GAP))
    summary = _extremes(list(zip(labels, totals)), show)
    return Chart(title=title, svg=_done(parts) if labels else mark_safe(""), summary=summary,
                 columns=(_("Item"), *names, _("Total")),
                 rows=tuple((label, *(show(series[n][i]) for n in names), show(totals[i]))
                            for i, label in enumerate(labels)))


def lines(title: str, points: Sequence[str], series: Mapping[str, Sequence[int]], *,
          show: Callable[[int], str] = str) -> Chart:
    """One line per series over the same points (years, say), each point marked and the series named
    in a legend; the table has a row per point."""
    names = list(series)
    height, top, bottom, left, right = 260, 10, 200, 60, WIDTH - 20
    parts = _open(height + 30, title)
    values = [v for n in names for v in series[n]]
    low, high = min(values, default=0), max(values, default=0)
    low = min(low, 0)
    span = (high - low) or 1
    steps = max(len(points) - 1, 1)
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}"/>')
    parts.append(_text(left - 6, bottom, show(low), "end"))
    parts.append(_text(left - 6, top + 14, show(high), "end"))
    for i, point in enumerate(points):
        parts.append(_text(left + (right - left) * i // steps, bottom + 20, point, "middle"))
    for k, name in enumerate(names):
        colour = PALETTE[k % len(PALETTE)]
        xy = [(left + (right - left) * i // steps, bottom - (bottom - top) * (v - low) // span)
              for i, v in enumerate(series[name])]
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="3" '
                     f'points="{" ".join(f"{x},{y}" for x, y in xy)}"/>')
        parts.extend(f'<circle cx="{x}" cy="{y}" r="4" fill="{colour}"/>' for x, y in xy)
    _legend(parts, names, bottom + 35)
    if names and points:
        first, last = points[0], points[-1]
        summary = " ".join(_("%(name)s: %(first)s in %(start)s, %(last)s in %(end)s.") % {
            "name": n, "first": show(series[n][0]), "start": first, "last": show(series[n][-1]), "end": last}
            for n in names)
    else:
        summary = _("No data yet.")
    return Chart(title=title, svg=_done(parts) if names and points else mark_safe(""), summary=summary,
                 columns=("", *names),
                 rows=tuple((point, *(show(series[n][i]) for n in names)) for i, point in enumerate(points)))


def _legend(parts: list[str], names: Sequence[str], y: int) -> None:
    x = 0
    for k, name in enumerate(names):
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{PALETTE[k % len(PALETTE)]}"/>')
        parts.append(_text(x + 20, y + 12, name))
        x += 30 + 8 * len(name)
