"""Read and write Pabulib `.pb` files (META, PROJECTS and VOTES sections, `;`-separated).

Parsing follows pabutools 1.2.3's `parse_pabulib` wherever it decides something about the
outcome: ids are stripped in the PROJECTS section but not inside a vote, a value "none" counts as
absent, a decimal comma is read as a point, and a project repeated inside a ballot is kept once
(approval), keeps its last points (cumulative, scoring) or its first position (ordinal). Where
pabutools would crash, we raise `PabulibError` with the line number instead.

Voter metadata (voter_id, age, ...) is not kept: the profile stores each distinct ballot once.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path

from .model import (
    APPROVAL_KINDS,
    CARDINAL_KINDS,
    KINDS,
    ORDINAL,
    Election,
    Profile,
    Project,
    approval_ballot,
    ordinal_ballot,
)


class PabulibError(ValueError):
    """A malformed Pabulib file. `line` is 1-based, or None when the problem is not on one line."""

    def __init__(self, message: str, line: int | None = None, path: str | None = None):
        self.message = message
        self.line = line
        self.path = path
        where = ""
        if path:
            where += f"{path}:"
        if line is not None:
            where += f"{line}:" if path else f"line {line}: "
        if path and line is None:
            where += " "
        elif path:
            where += " "
        super().__init__(f"{where}{message}")


def _number(text: str, what: str, line: int | None) -> Fraction:
    s = text.strip().replace(",", ".")
    try:
        return Fraction(s)
    except (ValueError, ZeroDivisionError):
        raise PabulibError(f"{what} {text.strip()!r} is not a number", line) from None


def read(path: str | Path) -> Election:
    """Parse a .pb file. Raises PabulibError (with the line number) for a malformed file."""
    p = Path(path)
    try:
        with open(p, "r", newline="", encoding="utf-8-sig") as f:
            text = f.read()
    except UnicodeDecodeError as e:
        raise PabulibError(f"not UTF-8 text ({e.reason} at byte {e.start})", None, str(path)) from None
    except OSError as e:
        raise PabulibError(f"cannot read file: {e.strerror or e}", None, str(path)) from None
    try:
        return loads(text)
    except PabulibError as e:
        raise PabulibError(e.message, e.line, str(path)) from None


_DIGITS = frozenset("0123456789")


class _NotPlain(Exception):
    """The votes need the csv module (a quote, or a section after VOTES)."""


def loads(text: str, *, fast: bool = True) -> Election:
    """Parse the text of a .pb file. (`fast=False` reads every line with the csv module; the
    result is the same.)"""
    if fast:
        try:
            return _loads(text, fast=True)
        except _NotPlain:
            pass
    return _loads(text, fast=False)


def _loads(text: str, *, fast: bool) -> Election:
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines()
    reader = csv.reader(lines, delimiter=";")
    section = ""
    header: list[str] = []
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    projects: dict[str, Project] = {}
    vote_type = None
    counts: dict[tuple, int] = {}
    raw: dict[tuple, int] = {}
    raw_line: dict[tuple, int] = {}
    vote_col = points_col = -1

    def tally(row: list[str], number: int) -> None:
        """Count one VOTES row. Identical raw votes are parsed once: counted here, canonicalized
        after (`raw_line` keeps the first line of each, for error messages)."""
        n = len(row)
        key = (row[vote_col] if vote_col < n else None, row[points_col] if 0 <= points_col < n else None)
        seen = raw.get(key)
        if seen is None:
            raw[key] = 1
            raw_line[key] = number
        else:
            raw[key] = seen + 1

    try:
        for row in reader:
            line = reader.line_num
            if len(row) == 0 or (len(row) == 1 and not row[0].strip()):
                continue
            first = row[0].strip().lower()
            if first in ("meta", "projects", "votes"):
                section = first
                try:
                    header = [h.strip() for h in next(reader)]
                except StopIteration:
                    raise PabulibError(f"section {first.upper()} has no header line", line) from None
                hline = reader.line_num
                if section == "projects":
                    if "cost" not in header:
                        raise PabulibError("PROJECTS header has no 'cost' column", hline)
                elif section == "votes":
                    if "vote" not in header:
                        raise PabulibError("VOTES header has no 'vote' column", hline)
                    vote_type = meta.get("vote_type")
                    if vote_type is None:
                        raise PabulibError("META has no vote_type before the VOTES section", hline)
                    if vote_type not in KINDS:
                        raise PabulibError(
                            f"unsupported vote_type {vote_type!r}; expected one of {', '.join(KINDS)}", hline)
                    vote_col = header.index("vote")
                    points_col = header.index("points") if "points" in header else -1
                    start = reader.line_num
                    if fast:
                        # the rest is the votes; without quotes, plain splitting gives the csv rows
                        # (up to the last field needed: the fields after it are never read)
                        last = max(vote_col, points_col) + 1
                        quotes = '"' in text  # checked line by line only if the file has any
                        for number, text_line in enumerate(lines[start:], start + 1):
                            if not text_line or text_line.isspace():
                                continue
                            if quotes and '"' in text_line:
                                raise _NotPlain()
                            row = text_line.split(";", last)
                            first = row[0]
                            if first[:1] not in _DIGITS and first.strip().lower() in ("meta", "projects", "votes"):
                                raise _NotPlain()
                            tally(row, number)
                        break
                continue
            if section == "meta":
                if len(row) < 2:
                    raise PabulibError(f"META line needs a key and a value, got {';'.join(row)!r}", line)
                meta[row[0].strip()] = row[1].strip()
                meta_lines[row[0].strip()] = line
            elif section == "projects":
                _project_row(row, header, projects, line)
            elif section == "votes":
                tally(row, line)
            else:
                raise PabulibError("data before the first META, PROJECTS or VOTES section", line)
    except csv.Error as e:
        raise PabulibError(f"malformed line ({e})", reader.line_num) from None
    # in order of first appearance, so errors name the first bad line
    if vote_type in APPROVAL_KINDS:  # the common case, without the general function's dispatch
        for key, count in raw.items():
            ballot = _approval_ballot(key[0], projects, raw_line[key])
            counts[ballot] = counts.get(ballot, 0) + count
    else:
        for key, count in raw.items():
            ballot = _ballot(key[0], key[1], vote_type, projects, raw_line[key])
            counts[ballot] = counts.get(ballot, 0) + count
    if "budget" not in meta:
        raise PabulibError("META has no budget")
    budget = _number(meta["budget"], "budget", meta_lines.get("budget"))
    if vote_type is None:
        vote_type = meta.get("vote_type")
        if vote_type not in KINDS:
            raise PabulibError(f"unsupported or missing vote_type {vote_type!r}")
    profile = Profile(kind=vote_type, ballots=_sorted_ballots(counts, vote_type, projects))
    if budget < 0:
        raise PabulibError("the budget is negative", meta_lines.get("budget"))
    return Election(budget=budget, projects=tuple(projects.values()), ballots=profile, meta=meta)


def _sorted_ballots(counts: dict, kind: str, ids) -> tuple:
    """The (ballot, count) pairs in the Profile's order (sorted by ballot). Ballots of ids sort
    as their ids joined by a character below every other: the same order, many times faster."""
    if kind in CARDINAL_KINDS or any("\0" in pid for pid in ids):
        return tuple(sorted(counts.items()))
    return tuple(sorted(counts.items(), key=lambda item: "\0".join(item[0])))


def _project_row(row, header, projects, line):
    if len(row) > len(header):
        raise PabulibError(f"project line has {len(row)} fields but the header has {len(header)}", line)
    pid = row[0].strip()
    values = {}
    for key, value in zip(header, row):
        if value.strip().lower() != "none":
            values[key] = value.strip()
    if "cost" not in values:
        raise PabulibError(f"project {pid!r} has no cost", line)
    cost = _number(values["cost"], f"cost of project {pid!r}", line)
    if cost < 0:
        raise PabulibError(f"project {pid!r} has a negative cost", line)
    if pid in projects:
        raise PabulibError(f"project id {pid!r} appears twice", line)
    name = values.pop("name", "")
    values.pop("cost")
    values.pop(header[0], None)
    projects[pid] = Project(id=pid, cost=cost, name=name, meta=values)


def _approval_ballot(vote, projects, line) -> tuple:
    """The canonical approval ballot of a vote field: each project once, sorted."""
    if vote is None or vote.strip().lower() == "none":
        raise PabulibError("ballot has no vote field", line)
    names = vote.strip().split(",")
    distinct = set(names)
    distinct.discard("")
    if not projects.keys() >= distinct:
        unknown = next(n for n in names if n and n not in projects)
        raise PabulibError(f"ballot names unknown project {unknown!r}", line)
    return approval_ballot(distinct)


def _ballot(vote, points, kind, projects, line) -> tuple:
    """The canonical ballot of one VOTES line's vote and points fields (None when absent)."""
    if kind in APPROVAL_KINDS:
        return _approval_ballot(vote, projects, line)
    if vote is None or vote.strip().lower() == "none":
        if kind in CARDINAL_KINDS:
            return ()  # pabutools: a cardinal ballot without points is empty
        raise PabulibError("ballot has no vote field", line)
    vote = vote.strip()
    names = vote.split(",")
    if kind == ORDINAL:
        ids = [n for n in names if n]
        for n in ids:
            if n not in projects:
                raise PabulibError(f"ballot names unknown project {n!r}", line)
        return ordinal_ballot(ids)
    if points is None or points.strip().lower() == "none":
        return ()
    pts = points.strip().split(",")
    if vote == "":
        names = []
    if len(pts) < len(names):
        raise PabulibError(f"ballot has {len(names)} projects but {len(pts)} points", line)
    scores: dict[str, Fraction] = {}
    for i, n in enumerate(names):
        if n not in projects:
            raise PabulibError(f"ballot names unknown project {n!r}", line)
        scores[n] = _number(pts[i], f"points for project {n!r}", line)
    return tuple(sorted(scores.items()))


def _fmt(x: Fraction) -> str:
    """Exact decimal text for a Fraction ('1250', '2458488.22'); 'p/q' when no finite decimal exists."""
    if x.denominator == 1:
        return str(x.numerator)
    d = x.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{x.numerator}/{x.denominator}"
    places = max(twos, fives)
    scaled = x * 10**places
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def dumps(election: Election) -> str:
    """The .pb text of an election; `loads(dumps(e)) == e`."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    kind = election.kind
    meta = dict(election.meta)
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(election.num_voters)
    meta["budget"] = _fmt(election.budget)
    meta["vote_type"] = kind
    out.write("META\n")
    w.writerow(["key", "value"])
    for k, v in meta.items():
        w.writerow([k, v])
    extra: list[str] = []
    for p in election.projects:
        if "," in p.id or ";" in p.id or p.id != p.id.strip() or not p.id:
            raise PabulibError(f"project id {p.id!r} cannot be written in Pabulib format")
        for k in p.meta:
            if k not in extra:
                extra.append(k)
    out.write("PROJECTS\n")
    w.writerow(["project_id", "cost", "name", *extra])
    for p in election.projects:
        w.writerow([p.id, _fmt(p.cost), p.name or "none",
                    *[p.meta.get(k, "none") for k in extra]])
    out.write("VOTES\n")
    cardinal = kind in CARDINAL_KINDS
    w.writerow(["voter_id", "vote", "points"] if cardinal else ["voter_id", "vote"])
    voter = 0
    for ballot, count in election.ballots.ballots:
        if cardinal:
            row = [",".join(pid for pid, _ in ballot), ",".join(_fmt(v) for _, v in ballot)]
            if not ballot:
                row = ["", "none"]
        else:
            row = [",".join(ballot)]
        for _ in range(count):
            voter += 1
            w.writerow([str(voter), *row])
    return out.getvalue()


def write(election: Election, path: str | Path) -> None:
    Path(path).write_text(dumps(election), encoding="utf-8")
