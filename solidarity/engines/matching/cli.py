"""Command line: `python -m solidarity.engines.matching assign|suggest FILE.json ...`.

    assign FILE.json [--method optimal|greedy] [--json]    match the whole queue
    suggest FILE.json NEED_ID [--limit 5] [--json]         rank the helpers for one need

The file format is described in jsonfile.py. Exit codes: 0 success, 2 bad input (unreadable or
malformed file, unknown need, unknown method). Errors go to stderr as one plain sentence; there is
never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import METHODS, assign, score, suggest
from .jsonfile import read
from .model import MatchingError

PROG = "solidarity matching"


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=PROG, description="Match mutual-aid needs with helpers.")
    sub = ap.add_subparsers(dest="command", required=True, metavar="{assign,suggest}")
    a = sub.add_parser("assign", help="assign the whole queue", prog=f"{PROG} assign")
    a.add_argument("file", metavar="FILE.json")
    a.add_argument("--method", default="optimal", choices=sorted(METHODS))
    a.add_argument("--json", action="store_true", help="print one JSON object")
    s = sub.add_parser("suggest", help="rank the helpers for one need", prog=f"{PROG} suggest")
    s.add_argument("file", metavar="FILE.json")
    s.add_argument("need", metavar="NEED_ID")
    s.add_argument("--limit", type=int, default=5)
    s.add_argument("--json", action="store_true", help="print one JSON object")
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = _parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:  # argparse already printed the usage and the problem
        return int(e.code or 0)
    try:
        queue = read(args.file)
        if args.command == "assign":
            return _assign(args, queue)
        return _suggest(args, queue)
    except MatchingError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into `head`
        return 0


def _assign(args, queue) -> int:
    out = assign(queue.needs, queue.helpers, queue.zones, method=args.method)
    needs = {n.id: n for n in queue.needs}
    helpers = {h.id: h for h in queue.helpers}
    if args.json:
        doc = {"method": out.method, "total": out.total,
               "pairs": [{"need": n, "helper": h} for n, h in out.pairs], "unmatched": list(out.unmatched)}
        print(json.dumps(doc, ensure_ascii=False, indent=1))
        return 0
    print(f"Matched {len(out.pairs)} of {len(queue.needs)} needs, total score {out.total} ({out.method}).")
    for n, h in out.pairs:
        need = needs[n]
        s = score(need, helpers[h], queue.zones)
        print(f"  {n} ({need.category}, {need.urgency}) -> {h}  {s.total:4}  {', '.join(s.explanations)}")
    if out.unmatched:
        print("Still open: " + ", ".join(out.unmatched))
    return 0


def _suggest(args, queue) -> int:
    need = queue.need(args.need)
    found = suggest(need, queue.helpers, queue.zones, limit=args.limit)
    if args.json:
        doc = {"need": need.id, "suggestions": [
            {"helper": s.helper_id, "total": s.score.total, "parts": dict(s.score.parts),
             "reasons": list(s.score.explanations),
             "reason_codes": [r.as_json() for r in s.score.reasons]} for s in found]}
        print(json.dumps(doc, ensure_ascii=False, indent=1))
        return 0
    if not found:
        print(f"No helper offers {need.category} with room left for {need.id}.")
        return 0
    print(f"Best helpers for {need.id} ({need.category}, {need.urgency}):")
    for k, s in enumerate(found, 1):
        print(f"{k:3}. {s.helper_id}  {s.score.total:4}  {', '.join(s.score.explanations)}")
    return 0
