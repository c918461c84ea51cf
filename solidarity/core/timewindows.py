"""Weekly time windows as people type them: "mon 18:00-20:00; sat 09:00-12:00".

One parser for every app: mutual aid's helpers and requests today, a directory's opening hours next.
"""

import re
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WINDOW_RE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
HELP = _("Write times like “mon 18:00-20:00; sat 09:00-12:00” (day, start, end).")


@dataclass(frozen=True)
class Window:
    day: int  # 0 = Monday
    start: int  # minutes after midnight
    end: int


def _parts(text: str) -> list[str]:
    return [p.strip().lower() for p in text.replace(",", ";").split(";") if p.strip()]


def _window(part: str) -> Window | None:
    found = WINDOW_RE.match(part)
    if not found:
        return None
    day, h1, m1, h2, m2 = found.groups()
    window = Window(DAYS.index(day), int(h1) * 60 + int(m1), int(h2) * 60 + int(m2))
    return window if window.start < window.end and window.end <= 24 * 60 else None


def clean(text: str) -> str:
    """The text in its canonical form, or a ValidationError; each window must end after it starts."""
    parts = _parts(text)
    if any(_window(part) is None for part in parts):
        raise forms.ValidationError(HELP)
    return "; ".join(parts)


def parse(text: str) -> tuple[Window, ...]:
    """Windows of a text that clean() accepted (anything else is left out)."""
    return tuple(w for w in (_window(part) for part in _parts(text)) if w is not None)
