"""Server-rendered SVG charts: no script, no external request, and always shown beside a data table."""

from django.utils.html import escape
from django.utils.translation import gettext as _

from solidarity.core.money import cents_text


def bars(rows, *, budget_cents: int) -> str:
    """Horizontal bars of votes per project, funded ones dark; the cost is written beside each bar.

    rows: (project, votes, funded, greedy_funded, explanation) as the results view builds them.
    """
    if not rows:
        return ""
    most = max(votes for _, votes, *_ in rows) or 1
    bar_height, gap, label_width, width = 22, 10, 90, 640
    height = len(rows) * (bar_height + gap) + 10
    title = escape(_("Votes for each project; funded projects are dark"))
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="chart-title">{title}</title>']
    for i, (project, votes, funded, _greedy, _why) in enumerate(rows):
        y = 5 + i * (bar_height + gap)
        length = int((width - label_width - 170) * votes / most)
        fill = "#8a1538" if funded else "#b8b2a6"
        parts.append(f'<text x="0" y="{y + 16}" font-size="14" fill="#1b1b1b">{escape(project.code)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{max(length, 1)}" height="{bar_height}" '
                     f'fill="{fill}"/>')
        parts.append(f'<text x="{label_width + length + 6}" y="{y + 16}" font-size="14" fill="#1b1b1b">'
                     f'{votes} · {escape(cents_text(project.cost_cents))}</text>')
    parts.append("</svg>")
    return "".join(parts)
