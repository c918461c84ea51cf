"""Record pabutools 1.2.3 outcomes on the shared Pabulib files as goldens for the PB engine tests.

Run inside the pabutools virtual environment (see `make goldens`):

    var/pabutools-venv/bin/python scripts/pb_goldens.py [--max-bytes 150000] [--workers 2]
        [--configs greedy,equal-shares,...] [--limit 15] [--files NAME ...] [--write-only]

Every file is parsed once per worker and all configurations run on `profile.as_multiprofile()`
(pabutools' fastest documented form; results are identical to the plain profile). Slow
configurations (add1 and friends, max-welfare) run under a per-file time limit (SIGALRM); a file
that hits the limit is recorded as skipped with the reason, so the tests can say what is uncovered.

Results are cached line by line in var/pb-goldens-cache.jsonl (re-running resumes), then written to
tests/engines/goldens/<config>.json as {"pabutools": ..., "configs": ..., "results": {file: ...}}.
Each result is {"winners": [...], "total_cost": "p/q"} (winners in pabutools' order), or for
max-welfare {"objective": "p/q"}, or {"skipped": "reason"}.
"""

from __future__ import annotations

import argparse
import csv
import json
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = (ROOT / ".." / "shared" / "data" / "pabulib").resolve()
OUT = ROOT / "tests" / "engines" / "goldens"
CACHE = ROOT / "var" / "pb-goldens-cache.jsonl"

# config name -> (needs approval profile, timed)
CONFIGS = {
    "greedy": (False, False),
    "equal-shares": (False, False),
    "equal-shares+utilitarian": (False, False),
    "phragmen": (True, False),
    "equal-shares+add1": (False, True),
    "equal-shares+add1-utilitarian": (False, True),
    "max-welfare": (False, True),
    "greedy-cardinality": (True, False),
    "equal-shares-cardinality": (True, False),
}
DEFAULT_CONFIGS = list(CONFIGS)
REAL_MES = ["Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb", "Poland_Wieliczka_2023_Green_Budget.pb"]


class TimeLimit(Exception):
    pass


def _alarm(signum, frame):
    raise TimeLimit()


def frac_str(x) -> str:
    from gmpy2 import mpq

    q = mpq(x)
    return f"{q.numerator}/{q.denominator}"


def default_sat(vote_type: str):
    from pabutools.election import Additive_Borda_Sat, Additive_Cardinal_Sat, Cost_Sat

    if vote_type in ("approval", "choose-1"):
        return Cost_Sat
    if vote_type in ("cumulative", "scoring"):
        return Additive_Cardinal_Sat
    return Additive_Borda_Sat


def run_config(config: str, instance, profile):
    from pabutools.election import Cardinality_Sat
    from pabutools.rules import (
        completion_by_rule_combination,
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        max_additive_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    sat = default_sat(instance.meta.get("vote_type", "approval"))
    if config.endswith("-cardinality"):
        sat = Cardinality_Sat
        config = config[: -len("-cardinality")]
    if config == "greedy":
        return greedy_utilitarian_welfare(instance, profile, sat_class=sat)
    if config == "equal-shares":
        return method_of_equal_shares(instance, profile, sat_class=sat)
    if config == "equal-shares+utilitarian":
        return completion_by_rule_combination(
            instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat}, {"sat_class": sat}],
        )
    if config == "phragmen":
        return sequential_phragmen(instance, profile)
    if config == "equal-shares+add1":
        return method_of_equal_shares(instance, profile, sat_class=sat, voter_budget_increment=1)
    if config == "equal-shares+add1-utilitarian":
        return completion_by_rule_combination(
            instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat, "voter_budget_increment": 1}, {"sat_class": sat}],
        )
    if config == "equal-shares+add1-official":
        return exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, {"sat_class": sat},
            budget_step=profile.num_ballots(), exhaustive_stop=False,
        )
    if config == "max-welfare":
        return max_additive_utilitarian_welfare(instance, profile, sat_class=sat)
    raise ValueError(config)


def process_file(args):
    name, configs, limit = args
    from pabutools.election import parse_pabulib

    signal.signal(signal.SIGALRM, _alarm)
    out = []
    t0 = time.time()
    instance, profile = parse_pabulib(str(DATA / name))
    profile = profile.as_multiprofile()
    vote_type = instance.meta.get("vote_type")
    for config in configs:
        approval_only, timed = CONFIGS.get(config, (False, True))
        if approval_only and vote_type not in ("approval", "choose-1"):
            continue
        start = time.time()
        try:
            if timed:
                signal.alarm(limit)
            alloc = run_config(config, instance, profile)
            signal.alarm(0)
        except TimeLimit:
            out.append((name, config, {"skipped": f"pabutools exceeded {limit} s"}))
            continue
        except Exception as e:  # recorded, so the tests can report it
            signal.alarm(0)
            out.append((name, config, {"skipped": f"pabutools error: {type(e).__name__}: {e}"}))
            continue
        seconds = round(time.time() - start, 3)
        if config == "max-welfare":
            sat = default_sat(vote_type)
            value = profile.as_sat_profile(sat).total_satisfaction(alloc)
            res = {"objective": frac_str(value), "total_cost": frac_str(sum((p.cost for p in alloc), 0))}
        else:
            res = {"winners": [p.name for p in alloc], "total_cost": frac_str(sum((p.cost for p in alloc), 0))}
        res["seconds"] = seconds
        out.append((name, config, res))
    return name, out, time.time() - t0


def load_cache() -> dict:
    done = {}
    if CACHE.exists():
        for line in CACHE.read_text().splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            done[(row["file"], row["config"])] = row["result"]
    return done


def write_goldens(done: dict, configs: list[str]) -> None:
    import pabutools  # noqa: F401
    from importlib.metadata import version

    OUT.mkdir(parents=True, exist_ok=True)
    for config in sorted({c for _, c in done} | set(configs)):
        timed = CONFIGS.get(config, (False, True))[1]
        # pabutools' time is kept for the slow configurations: the tests pick their quick files by it
        results = {f: {k: v for k, v in r.items() if k != "seconds" or timed}
                   for (f, c), r in sorted(done.items()) if c == config}
        if not results:
            continue
        doc = {"pabutools": version("pabutools"), "config": config, "results": results}
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        # one file per line keeps diffs readable without bloating the repository
        text = text.replace('},"', '},\n"')
        (OUT / f"{config}.json").write_text(text + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-bytes", type=int, default=150_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--configs", default=",".join(DEFAULT_CONFIGS))
    ap.add_argument("--limit", type=int, default=15, help="seconds per file for timed configurations")
    ap.add_argument("--files", nargs="*")
    ap.add_argument("--write-only", action="store_true")
    args = ap.parse_args(argv)
    configs = args.configs.split(",")
    if not DATA.is_dir():
        print(f"data directory {DATA} not found", file=sys.stderr)
        return 2
    with open(DATA / "MANIFEST.tsv", encoding="utf-8") as f:
        manifest = list(csv.DictReader(f, delimiter="\t"))
    if args.files:
        names = args.files
    else:
        names = [r["file"] for r in manifest if int(r["bytes"]) < args.max_bytes]
    done = load_cache()
    jobs = []
    for name in sorted(names, key=lambda n: (DATA / n).stat().st_size):
        todo = [c for c in configs if (name, c) not in done]
        if name in REAL_MES and (name, "equal-shares+add1-official") not in done:
            todo.append("equal-shares+add1-official")
        if todo:
            jobs.append((name, todo, args.limit))
    if not args.write_only and jobs:
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        from multiprocessing import Pool

        with Pool(args.workers, maxtasksperchild=20) as pool, open(CACHE, "a", encoding="utf-8") as cache:
            for i, (name, rows, secs) in enumerate(pool.imap_unordered(process_file, jobs), 1):
                for fname, config, res in rows:
                    done[(fname, config)] = res
                    cache.write(json.dumps({"file": fname, "config": config, "result": res}, ensure_ascii=False) + "\n")
                cache.flush()
                print(f"[{i}/{len(jobs)}] {name} {secs:.1f}s", flush=True)
    write_goldens(done, configs + ["equal-shares+add1-official"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
