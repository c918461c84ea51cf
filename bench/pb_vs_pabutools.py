"""Time the PB engine against pabutools 1.2.3 on the shared Pabulib files and print the ratios.

    .venv/bin/python bench/pb_vs_pabutools.py                       # five largest approval files
    .venv/bin/python bench/pb_vs_pabutools.py --files Poland_Lodz_2022.pb --rules equal-shares+add1
    .venv/bin/python bench/pb_vs_pabutools.py --sweep                # our engine, every shared file, in-process
    options: --limit SECONDS (pabutools time limit, default 600), --largest N, --all, --no-pabutools, --json

Every measurement runs in a fresh subprocess, so the peak memory (ru_maxrss) belongs to that one
measurement. Times are CPU seconds (process_time), which stay meaningful on a busy 2-core machine;
for a pabutools run that hits the wall-clock limit, the CPU time it used before being stopped
gives the lower bound. Our engine runs with this interpreter; pabutools runs with var/pabutools-venv/bin/python
(created by `make goldens`), on `profile.as_multiprofile()`, its fastest documented form. When
pabutools does not finish within --limit, the ratio printed is a lower bound (limit / our time),
marked with ">". Times include parsing (ours: pb.read; pabutools: parse_pabulib + as_multiprofile),
and the rule time alone is printed too.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = (ROOT / ".." / "shared" / "data" / "pabulib").resolve()
PABUTOOLS_PY = ROOT / "var" / "pabutools-venv" / "bin" / "python"

RULES = {
    # name: (our rule, completion, pabutools expression)
    "greedy": ("greedy", "none", "greedy_utilitarian_welfare(inst, prof, sat_class=sat)"),
    "equal-shares": ("equal-shares", "none", "method_of_equal_shares(inst, prof, sat_class=sat)"),
    "phragmen": ("phragmen", "none", "sequential_phragmen(inst, prof)"),
    "max-welfare": ("max-welfare", "none", "max_additive_utilitarian_welfare(inst, prof, sat_class=sat)"),
    "equal-shares+add1": ("equal-shares", "add1",
                          "method_of_equal_shares(inst, prof, sat_class=sat, voter_budget_increment=1)"),
}
SINGLE_RUN = ("greedy", "equal-shares", "phragmen")

OURS = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
t0 = time.process_time()
from solidarity.engines import pb
e = pb.read({path!r})
t1 = time.process_time()
out = pb.count({rule!r}, e, completion={completion!r})
t2 = time.process_time()
print(json.dumps({{"parse": t1 - t0, "rule": t2 - t1, "winners": list(out.winners),
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

THEIRS = r"""
import json, resource, sys, time
t0 = time.process_time()
from pabutools.election import parse_pabulib, Cost_Sat, Additive_Cardinal_Sat, Additive_Borda_Sat
from pabutools.rules import (greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen,
                             max_additive_utilitarian_welfare)
inst, prof = parse_pabulib({path!r})
prof = prof.as_multiprofile()
vt = inst.meta.get("vote_type")
sat = Cost_Sat if vt in ("approval", "choose-1") else (Additive_Cardinal_Sat if vt in ("cumulative", "scoring")
                                                          else Additive_Borda_Sat)
t1 = time.process_time()
out = {expr}
t2 = time.process_time()
print(json.dumps({{"parse": t1 - t0, "rule": t2 - t1, "winners": [p.name for p in out],
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _run(python: str, code: str, limit: float | None):
    """The child's JSON report, or {"timeout": cpu seconds used} when it hit the wall-clock limit."""
    before = _children_cpu()
    try:
        r = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"timeout": _children_cpu() - before}
    if r.returncode != 0:
        return {"error": r.stderr.strip().splitlines()[-1] if r.stderr.strip() else f"exit {r.returncode}"}
    return json.loads(r.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", nargs="*", help="file names in the shared data directory")
    ap.add_argument("--rules", default=",".join(["greedy", "equal-shares", "phragmen", "equal-shares+add1"]),
                    help=f"comma-separated, from {', '.join(RULES)}")
    ap.add_argument("--limit", type=float, default=600.0, help="pabutools time limit per measurement (s)")
    ap.add_argument("--all", action="store_true", help="every shared file (use with --no-pabutools)")
    ap.add_argument("--largest", type=int, default=5, help="how many of the largest approval files by default")
    ap.add_argument("--no-pabutools", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--sweep", action="store_true",
                    help="our engine only, in this process: every shared file (or --files) under every single-run "
                         "rule, CPU time including parsing; prints the slowest and any at or over 2 s")
    args = ap.parse_args(argv)
    if args.sweep:
        return _sweep(args)
    if not DATA.is_dir():
        print(f"data directory {DATA} not found", file=sys.stderr)
        return 2
    with open(DATA / "MANIFEST.tsv", encoding="utf-8") as f:
        manifest = {r["file"]: r for r in csv.DictReader(f, delimiter="\t")}
    if args.files:
        files = args.files
    elif args.all:
        files = sorted(manifest, key=lambda n: int(manifest[n]["bytes"]))
    else:
        approval = [n for n, r in manifest.items() if r["vote_type"] == "approval"]
        files = sorted(approval, key=lambda n: -int(manifest[n]["num_votes"]))[: args.largest]
    rules = args.rules.split(",")
    use_pabutools = not args.no_pabutools
    if use_pabutools and not PABUTOOLS_PY.exists():
        print(f"{PABUTOOLS_PY} not found: run `make goldens` first, or pass --no-pabutools", file=sys.stderr)
        return 2
    # pabutools' modules were byte-compiled when pip installed them; ours are compiled here too, so
    # that neither side pays for compiling its source at import (PYTHONDONTWRITEBYTECODE may be set)
    compileall.compile_dir(ROOT / "solidarity" / "engines", quiet=1)
    rows = []
    head = (f"{'file':44} {'rule':18} {'ours s':>8} {'rule s':>8} {'MB':>6} {'pabutools s':>12} {'ratio':>9}"
            f" {'rule ratio':>10}  same")
    print(head)
    print("-" * len(head), flush=True)
    for name in files:
        kind = manifest[name]["vote_type"] if name in manifest else "approval"
        for rule in rules:
            ours_rule, completion, expr = RULES[rule]
            if rule == "phragmen" and kind not in ("approval", "choose-1"):
                continue
            path = str(DATA / name)
            ours = _run(sys.executable, OURS.format(root=str(ROOT), path=path, rule=ours_rule,
                                                    completion=completion), None)
            row = {"file": name, "rule": rule, "ours": ours}
            theirs = None
            if use_pabutools:
                theirs = _run(str(PABUTOOLS_PY), THEIRS.format(path=path, expr=expr), args.limit)
                row["pabutools"] = theirs
            ot = ours["parse"] + ours["rule"] if ours and "parse" in ours else None
            text_t = f"{ot:8.2f} {ours['rule']:8.2f} {ours['maxrss_mb']:6.0f}" if ot is not None else f"{'error':>24}"
            ratio = rule_ratio = ""
            same = ""
            if use_pabutools and ot is not None:
                if "timeout" in theirs:
                    tt = theirs["timeout"]
                    ratio = f">{tt / ot:.0f}x"
                    rule_ratio = f">{tt / max(ours['rule'], 1e-3):.0f}x"
                    row["ratio"] = {"lower_bound": tt / ot, "rule_lower_bound": tt / max(ours["rule"], 1e-3)}
                    text_p = f">{tt:.0f}"
                elif "error" in theirs:
                    text_p = "error"
                else:
                    tt = theirs["parse"] + theirs["rule"]
                    ratio = f"{tt / ot:.0f}x"
                    rule_ratio = f"{theirs['rule'] / max(ours['rule'], 1e-3):.0f}x"
                    row["ratio"] = {"total": tt / ot, "rule": theirs["rule"] / max(ours["rule"], 1e-3)}
                    text_p = f"{tt:.1f}"
                    w1, w2 = ours["winners"], theirs["winners"]
                    if rule == "max-welfare":  # optimal sets may differ; the tests compare objectives
                        same = "-"
                    else:
                        same = "yes" if (sorted(w1) == sorted(w2) if rule == "phragmen" else w1 == w2) else "NO"
            else:
                text_p = "-"
            print(f"{name[:44]:44} {rule:18} {text_t} {text_p:>12} {ratio:>9} {rule_ratio:>10}  {same}", flush=True)
            rows.append(row)
    if use_pabutools:
        print()
        for label, group in (("single-run rules", SINGLE_RUN), ("add1", ("equal-shares+add1",))):
            ratios = [r["ratio"].get("total", r["ratio"].get("lower_bound")) for r in rows
                      if r["rule"] in group and "ratio" in r]
            counting = [r["ratio"].get("rule", r["ratio"].get("rule_lower_bound")) for r in rows
                        if r["rule"] in group and "ratio" in r]
            bounded = any("lower_bound" in r.get("ratio", {}) for r in rows if r["rule"] in group)
            if ratios:
                print(f"median speed-up, {label}: {'>=' if bounded else ''}{statistics.median(ratios):.0f}x "
                      f"parse included, {'>=' if bounded else ''}{statistics.median(counting):.0f}x counting "
                      f"alone, over {len(ratios)} measurements{' (some are lower bounds)' if bounded else ''}")
    slow = [r for r in rows if r["ours"] and "parse" in r["ours"] and r["ours"]["parse"] + r["ours"]["rule"] >= 2]
    print(f"our measurements at or over 2 s (parse included): {len(slow)}"
          + "".join(f"\n  {r['file']} {r['rule']} {r['ours']['parse'] + r['ours']['rule']:.2f}s" for r in slow))
    if args.json:
        print(json.dumps(rows))
    return 0


def _sweep(args) -> int:
    sys.path.insert(0, str(ROOT))
    from solidarity.engines import pb

    names = args.files or sorted(p.name for p in DATA.glob("*.pb"))
    configs = [("greedy", "none"), ("equal-shares", "none"), ("equal-shares", "utilitarian"),
               ("phragmen", "none"), ("max-welfare", "none")]
    worst = []
    for name in names:
        t0 = time.process_time()
        e = pb.read(DATA / name)
        parse = time.process_time() - t0
        for rule, completion in configs:
            if rule == "phragmen" and e.kind not in ("approval", "choose-1"):
                continue
            t1 = time.process_time()
            pb.count(rule, e, completion=completion)
            worst.append((parse + time.process_time() - t1, name, rule if completion == "none" else f"{rule}+{completion}"))
    worst.sort(reverse=True)
    print(f"{len(names)} files, {len(worst)} measurements; slowest (CPU s, parse included):")
    for secs, name, rule in worst[:10]:
        print(f"  {secs:6.2f}  {name}  {rule}")
    over = [w for w in worst if w[0] >= 2]
    print(f"at or over 2 s: {len(over)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
