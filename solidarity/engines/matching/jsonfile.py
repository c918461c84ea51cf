"""A queue as one JSON document, for the command line and for fixtures:

    {"zones": {"north": ["centre"], "centre": ["south"]},
     "needs": [{"id": "r1", "category": "food", "zone": "north", "urgency": "today",
                "languages": ["es"], "access_needs": ["delivery"], "windows": ["Tue 18:00-20:00"]}],
     "helpers": [{"id": "v1", "categories": ["food"], "zone": "centre", "languages": ["en", "es"],
                  "access_provides": ["delivery"], "windows": [{"day": 1, "start": 1020, "end": 1200}],
                  "capacity": 2, "load": 1}]}

A window is "Tue 18:00-20:00" or {"day": 0-6, "start": minutes, "end": minutes}. Unknown fields are
refused, so that a misspelt field is not silently ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .model import Helper, MatchingError, Need, Window, Zones

NEED_FIELDS = ("id", "category", "zone", "urgency", "languages", "access_needs", "windows")
HELPER_FIELDS = ("id", "categories", "zone", "languages", "access_provides", "windows", "capacity", "load")


@dataclass(frozen=True)
class Queue:
    zones: Zones
    needs: tuple[Need, ...]
    helpers: tuple[Helper, ...]

    def need(self, need_id: str) -> Need:
        for n in self.needs:
            if n.id == need_id:
                return n
        raise MatchingError(f"no need has the id {need_id!r}")


def _window(where: str, value: object) -> Window:
    if isinstance(value, str):
        return Window.parse(value)
    if isinstance(value, dict) and set(value) == {"day", "start", "end"}:
        return Window(value["day"], value["start"], value["end"])
    raise MatchingError(f"{where}: a window is 'Tue 18:00-20:00' or {{\"day\", \"start\", \"end\"}}, not {value!r}")


def _record(kind: str, k: int, value: object, fields: tuple[str, ...]) -> dict:
    where = f"{kind} {k + 1}"
    if not isinstance(value, dict):
        raise MatchingError(f"{where} must be an object, not {value!r}")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise MatchingError(f"{where}: unknown field {unknown[0]!r}; expected some of {', '.join(fields)}")
    if "id" not in value:
        raise MatchingError(f"{where} has no id")
    out = dict(value)
    out.setdefault("zone", "")
    if "windows" in out:
        windows = out["windows"]
        if not isinstance(windows, list):
            raise MatchingError(f"{where}: windows must be a list, not {windows!r}")
        out["windows"] = tuple(_window(where, w) for w in windows)
    return out


def _list(doc: dict, key: str) -> list:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise MatchingError(f"{key!r} must be a list, not {type(value).__name__}")
    return value


def from_dict(doc: object) -> Queue:
    if not isinstance(doc, dict):
        raise MatchingError("the file must hold one JSON object with \"zones\", \"needs\" and \"helpers\"")
    unknown = sorted(set(doc) - {"zones", "needs", "helpers"})
    if unknown:
        raise MatchingError(f"unknown key {unknown[0]!r}; expected zones, needs and helpers")
    zones = doc.get("zones", {})
    if not isinstance(zones, dict):
        raise MatchingError("\"zones\" must map each zone id to a list of its neighbours")
    try:
        needs = []
        for k, item in enumerate(_list(doc, "needs")):
            record = _record("need", k, item, NEED_FIELDS)
            if "category" not in record:
                raise MatchingError(f"need {record['id']!r} has no category")
            needs.append(Need(**record))
        helpers = []
        for k, item in enumerate(_list(doc, "helpers")):
            record = _record("helper", k, item, HELPER_FIELDS)
            if "categories" not in record:
                raise MatchingError(f"helper {record['id']!r} has no categories")
            helpers.append(Helper(**record))
        for kind, items in (("need", needs), ("helper", helpers)):
            seen: set[str] = set()
            for x in items:
                if x.id in seen:
                    raise MatchingError(f"two {kind}s share the id {x.id!r}")
                seen.add(x.id)
        return Queue(zones=Zones(zones), needs=tuple(needs), helpers=tuple(helpers))
    except TypeError as e:  # e.g. an unhashable value inside a list of strings
        raise MatchingError(f"malformed value: {e}") from None


def loads(text: str) -> Queue:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise MatchingError(f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    return from_dict(doc)


def read(path: str | Path) -> Queue:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark is fine
    except OSError as e:
        raise MatchingError(f"cannot read {path}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise MatchingError(f"{path} is not UTF-8 text") from None
    return loads(text)
