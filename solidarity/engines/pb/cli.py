"""Command line: `solidarity pb count|compare|validate FILE.pb` (also `python -m solidarity.engines.pb`).

Exit codes: 0 success, 2 bad input (unreadable or malformed file, unknown rule or option).
Errors go to stderr as one plain sentence; there is never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

from . import COMPLETIONS, RULES, SATISFACTIONS, TIE_BREAKS, UnknownOption, count, read
from .model import APPROVAL_KINDS, Election
from .pabulib import PabulibError

PROG = "solidarity pb"


def _frac(x: Fraction) -> str:
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=PROG, description="Count participatory budgeting elections in Pabulib format.")
    sub = ap.add_subparsers(dest="command", required=True, metavar="{count,compare,validate}")
    c = sub.add_parser("count", help="count one election under one rule", prog=f"{PROG} count")
    c.add_argument("file", metavar="FILE.pb")
    c.add_argument("--rule", required=True, choices=sorted(RULES))
    c.add_argument("--sat", choices=SATISFACTIONS, help="satisfaction measure (default: cost for approval, "
                   "points for cumulative and scoring, borda for ordinal)")
    c.add_argument("--completion", default="none",
                   choices=sorted({x for v in COMPLETIONS.values() for x in v}))
    c.add_argument("--tie-break", default="lexico", choices=TIE_BREAKS)
    c.add_argument("--json", action="store_true", help="print one JSON object")
    m = sub.add_parser("compare", help="every rule side by side", prog=f"{PROG} compare")
    m.add_argument("file", metavar="FILE.pb")
    m.add_argument("--json", action="store_true")
    m.add_argument("--tie-break", default="lexico", choices=TIE_BREAKS)
    v = sub.add_parser("validate", help="report problems without counting", prog=f"{PROG} validate")
    v.add_argument("file", metavar="FILE.pb")
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = _parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:  # argparse already printed the usage and the problem
        return int(e.code or 0)
    try:
        if args.command == "validate":
            return _validate(args)
        election = read(args.file)
        if args.command == "count":
            return _count(args, election)
        return _compare(args, election)
    except PabulibError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except UnknownOption as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into `head`
        return 0


def _count(args, election: Election) -> int:
    out = count(args.rule, election, sat=args.sat, completion=args.completion, tie_break=args.tie_break)
    if args.json:
        doc = {
            "rule": out.rule,
            "sat": out.sat,
            "completion": out.completion,
            "tie_break": out.tie_break,
            "winners": list(out.winners),
            "total_cost": _frac(out.total_cost),
            "budget": _frac(election.budget),
            "explanations": dict(out.explanations),
            "reasons": {pid: r.as_json() for pid, r in out.reasons.items()},
            "details": {k: (_frac(v) if isinstance(v, Fraction) else v) for k, v in out.details.items()},
        }
        print(json.dumps(doc, ensure_ascii=False, indent=1))
        return 0
    label = out.rule + ("" if out.completion == "none" else f" ({out.completion})")
    print(f"{label}, satisfaction {out.sat}, ties by {out.tie_break}")
    print(f"Funded {len(out.winners)} of {len(election.projects)} projects for {_frac(out.total_cost)} "
          f"of {_frac(election.budget)}.")
    names = {p.id: p.name for p in election.projects}
    for i, pid in enumerate(out.winners, 1):
        print(f"{i:3}. {pid}  {names.get(pid, '')}".rstrip())
    print()
    print("Why:")
    for p in election.projects:
        print(f"  {p.id}: {out.explanations[p.id]}")
    return 0


def _configs(election: Election):
    yield "greedy", "none"
    yield "equal-shares", "none"
    yield "equal-shares", "utilitarian"
    yield "equal-shares", "add1"
    yield "equal-shares", "add1-utilitarian"
    if election.kind in APPROVAL_KINDS:
        yield "phragmen", "none"
    yield "max-welfare", "none"


def _compare(args, election: Election) -> int:
    rows = []
    n = election.num_voters
    for rule, completion in _configs(election):
        out = count(rule, election, completion=completion, tie_break=args.tie_break)
        won = set(out.winners)
        unfunded = 0
        funded_total = 0
        for ballot, c in election.ballots.ballots:
            k = sum(1 for pid in election.ballots.ids(ballot) if pid in won)
            funded_total += k * c
            if k == 0:
                unfunded += c
        rows.append({
            "rule": rule if completion == "none" else f"{rule}+{completion}",
            "winners": list(out.winners),
            "total_cost": _frac(out.total_cost),
            "budget_share": float(out.total_cost / election.budget) if election.budget else 0.0,
            "voters_without_funded_project": unfunded,
            "avg_funded_projects_per_voter": funded_total / n if n else 0.0,
        })
    if args.json:
        print(json.dumps({"budget": _frac(election.budget), "voters": n, "rules": rows}, ensure_ascii=False, indent=1))
        return 0
    print(f"{len(election.projects)} projects, {n:,} voters, budget {_frac(election.budget)}")
    head = f"{'rule':32} {'funded':>6} {'cost':>14} {'spent':>7} {'no funded':>10} {'avg/voter':>9}"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['rule']:32} {len(r['winners']):6} {r['total_cost']:>14} {r['budget_share']:7.1%} "
              f"{r['voters_without_funded_project']:10,} {r['avg_funded_projects_per_voter']:9.2f}")
    print()
    for r in rows:
        print(f"{r['rule']}: {', '.join(r['winners']) or '(none)'}")
    return 0


def _validate(args) -> int:
    election = read(args.file)  # raises PabulibError with a line number when malformed
    problems: list[str] = []
    meta = election.meta
    n = election.num_voters
    if meta.get("num_votes", "").strip() and meta["num_votes"] != str(n):
        problems.append(f"META num_votes is {meta['num_votes']} but the file has {n} ballots")
    if meta.get("num_projects", "").strip() and meta["num_projects"] != str(len(election.projects)):
        problems.append(f"META num_projects is {meta['num_projects']} but the file has {len(election.projects)} projects")
    support = election.ballots.supporters()
    for p in election.projects:
        if p.cost > election.budget:
            problems.append(f"project {p.id} costs {_frac(p.cost)}, more than the budget {_frac(election.budget)}")
        if not support.get(p.id):
            problems.append(f"project {p.id} has no votes")
    empty = sum(c for b, c in election.ballots.ballots if not b)
    if empty:
        problems.append(f"{empty} empty ballots (they still count for the per-voter share in Equal Shares)")
    for key, test in (("max_length", lambda k: k > int(meta["max_length"])),
                      ("min_length", lambda k: k < int(meta["min_length"]))):
        if meta.get(key, "").strip().isdigit():
            bad = sum(c for b, c in election.ballots.ballots if test(len(b)))
            if bad:
                problems.append(f"{bad} ballots break {key} {meta[key]}")
    if sum((p.cost for p in election.projects), Fraction(0)) <= election.budget:
        problems.append("every project fits in the budget together: every rule funds them all")
    print(f"{args.file}: {election.kind}, {len(election.projects)} projects, {n:,} voters, "
          f"{len(election.ballots.ballots):,} distinct ballots, budget {_frac(election.budget)}")
    if problems:
        for msg in problems:
            print(f"warning: {msg}")
    else:
        print("no problems found")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
