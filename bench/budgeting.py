"""Participatory budgeting under load: a burst of code voters, then counting and the results page.

    .venv/bin/python bench/budgeting.py [--clients 50] [--ballots 1000] [--db sqlite|postgres|both]

For each database: a fresh DATA_DIR (and, for PostgreSQL, a fresh database on 127.0.0.1:5432 that is
dropped afterwards), `migrate`, `demo`, one voting code per voter for the demo's open vote
`eastside:safety-budget-2027`, then `solidarity serve` (gunicorn, 2 workers x 4 threads by default).

1. The burst: --clients threads, each with its own cookie jar per voter, run the real flow of a code
   voter: GET the code page, POST the code (followed to the ballot), POST 1-3 choices. Only the ballot
   POST is timed. Throughput is acknowledged ballots over the wall time of the whole burst (which also
   includes each voter's code step). Afterwards the ballots stored are counted in the database and every
   acknowledged receipt is looked up.
2. Counting: `do_close_and_count` on an in-database copy of the demo's finished `care-budget-2026`
   (5,300 ballots, two budgets), and a Pabulib city file imported then counted (`pb import` + close and
   count + publish), each followed by GET of the results page (first request, then median of 20).
   While a city file is imported and counted (by a separate process, as `solidarity pb import --count`
   would), one code voter at a time keeps voting in the open process, a second apart: it shows whether
   the site can still write during a long count.

Loopback only; not a test: it asserts nothing. The machine's load average is printed with the figures.
"""

import argparse
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "solidarity.cli"]
PG = "postgres://postgres@127.0.0.1:5432"
COMMUNITY = "eastside"
OPEN = "safety-budget-2027"
VOTE = f"/c/{COMMUNITY}/pb/{OPEN}/vote/"
PABULIB = Path("/work/shared/data/pabulib")
CITY_FILES = [PABULIB / "Poland_Warszawa_2026.pb", PABULIB / "Poland_Warszawa_2021_Wola.pb"]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHOICE = re.compile(r'name="(p_\d+)"')
BUDGET = re.compile(r'name="budget" value="(\d+)"')
RECEIPT = re.compile(r'id="receipt-code">\s*([A-Z0-9]+)\s*<')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load():
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


class Stack:
    """One DATA_DIR, one database (SQLite in DATA_DIR or a fresh PostgreSQL database) and its server."""

    def __init__(self, db: str):
        self.db = db
        self.data_dir = Path(tempfile.mkdtemp(prefix=f"solidarity-bench-{db}-"))
        self.pg_name = None
        url = ""
        if db == "postgres":
            self.pg_name = f"solidarity_bench_{os.getpid()}_{int(time.time())}"
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", self.pg_name], check=True)
            url = f"{PG}/{self.pg_name}"
        self.env = {**os.environ, "DATA_DIR": str(self.data_dir), "DEMO_MODE": "true", "DATABASE_URL": url,
                    "DEBUG": "false"}
        self.server = None
        self.port = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args, timeout=1800) -> str:
        result = subprocess.run([*CLI, *args], env=self.env, cwd=ROOT, capture_output=True, text=True,
                                timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"solidarity {' '.join(args[:2])} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def shell(self, code: str, timeout=1800) -> dict:
        """Run a Django snippet; it prints one line `RESULT <json>`."""
        out = self.cli("shell", "-c", code, timeout=timeout)
        for line in out.splitlines():
            if line.startswith("RESULT "):
                return json.loads(line[7:])
        raise RuntimeError(f"no RESULT line in:\n{out[-2000:]}")

    def prepare(self):
        self.cli("migrate", "--verbosity", "0")
        self.cli("demo")

    def codes(self, count: int) -> list[str]:
        return self.shell(f"""
import json
from solidarity.budgeting.actions import do_generate_codes
from solidarity.budgeting.models import Process
process = Process.objects.get(community__slug={COMMUNITY!r}, slug={OPEN!r})
print("RESULT " + json.dumps(do_generate_codes(None, process, {count})))
""")

    def start(self, port=None):
        self.port = port or self.port or free_port()
        log = open(self.data_dir / "server.log", "ab")
        # Its own session, so that the gunicorn master and its workers form one process group.
        self.server = subprocess.Popen([*CLI, "serve", "--port", str(self.port), "--no-purge"], env=self.env,
                                       cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(self.base + "/", timeout=5).read()
                return
            except OSError:
                if self.server.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError("the server did not start:\n" + self.log()[-3000:])
                time.sleep(0.3)

    def log(self) -> str:
        path = self.data_dir / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self):
        """SIGKILL the gunicorn master and all its workers at once."""
        if self.server is None:
            return
        try:
            os.killpg(self.server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.server.wait()
        self.server = None

    def stop(self):
        if self.server is None:
            return
        try:
            os.killpg(self.server.pid, signal.SIGTERM)
            self.server.wait(timeout=30)
            self.server = None
        except subprocess.TimeoutExpired:
            self.kill()
        except ProcessLookupError:
            self.server.wait()
            self.server = None

    def close(self):
        self.stop()
        if self.pg_name:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", "--if-exists", self.pg_name],
                           check=False)
        shutil.rmtree(self.data_dir, ignore_errors=True)


# --- The voters ----------------------------------------------------------------------------------


def vote(base: str, code: str, rng: random.Random, stop: threading.Event | None = None) -> dict:
    """One code voter's whole flow. Returns what happened; only the ballot POST is timed."""
    record = {"code": code, "stage": "code page", "status": None, "receipt": None, "latency": None}
    if stop is not None and stop.is_set():
        record["stage"] = "not started"
        return record
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    try:
        page = opener.open(base + VOTE + "code/", timeout=60).read().decode()
        token = TOKEN.search(page).group(1)
        record["stage"] = "code post"
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": code}).encode()
        page = opener.open(urllib.request.Request(base + VOTE + "code/", data=form), timeout=60).read().decode()
        names = CHOICE.findall(page)
        budget = BUDGET.search(page).group(1)
        token = TOKEN.search(page).group(1)
        if stop is not None and stop.is_set():
            record["stage"] = "stopped before ballot"
            return record
        picked = rng.sample(names, rng.randint(1, min(3, len(names))))
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "budget": budget,
                                       **{name: "on" for name in picked}}).encode()
        record["stage"] = "ballot post"
        start = time.perf_counter()
        try:
            with opener.open(urllib.request.Request(base + VOTE, data=form), timeout=60) as response:
                body = response.read().decode()
                record["status"] = response.status
        except urllib.error.HTTPError as error:
            body = error.read().decode(errors="replace")
            record["status"] = error.code
        record["latency"] = time.perf_counter() - start
        found = RECEIPT.search(body)
        if record["status"] == 200 and found:
            record["receipt"] = found.group(1)
            record["stage"] = "acknowledged"
    except Exception as error:  # a refused or cut connection, a timeout, an unexpected page
        record["error"] = f"{type(error).__name__}: {error}"
    return record


def burst(base: str, codes: list[str], clients: int, stop: threading.Event | None = None, on_record=None):
    """All voters through `clients` threads; returns (records, wall seconds)."""
    seed = random.Random(2027)
    rngs = [random.Random(seed.random()) for _ in codes]

    def one(i):
        record = vote(base, codes[i], rngs[i], stop)
        if on_record:
            on_record(record)
        return record

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        records = list(pool.map(one, range(len(codes))))
    return records, time.perf_counter() - start


def percentile(sorted_values, q):
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def stored(stack: Stack, receipts: list[str]) -> dict:
    path = stack.data_dir / "receipts.json"
    path.write_text(json.dumps(receipts))
    return stack.shell(f"""
import json
from solidarity.budgeting.actions import ballot_for_receipt
from solidarity.budgeting.models import Ballot, Process, RollEntry
process = Process.objects.get(community__slug={COMMUNITY!r}, slug={OPEN!r})
receipts = json.load(open({str(path)!r}))
print("RESULT " + json.dumps({{"ballots": Ballot.objects.filter(process=process).count(),
    "roll": RollEntry.objects.filter(process=process).count(),
    "found": sum(ballot_for_receipt(process, r) is not None for r in receipts)}}))
""")


# --- Counting and the results page ---------------------------------------------------------------


COPY_AND_COUNT = """
import json, time, uuid
from solidarity.budgeting import actions
from solidarity.budgeting.models import Ballot, Budget, Choice, Process, Project
src = Process.objects.get(community__slug="eastside", slug="care-budget-2026")
dst = Process.objects.create(community=src.community, slug="care-copy", title="copy", phase="voting", frozen=True,
                             ballot_type=src.ballot_type, max_choices=src.max_choices, rule=src.rule,
                             completion=src.completion, eligibility=src.eligibility)
budgets = {b.pk: Budget.objects.create(community=src.community, process=dst, name=b.name, amount_cents=b.amount_cents)
           for b in src.budgets.all()}
projects = {p.pk: Project.objects.create(community=src.community, process=dst, budget=budgets[p.budget_id],
                                         code=p.code, title=p.title, cost_cents=p.cost_cents)
            for p in src.projects.all()}
ballots = {b.pk: Ballot(id=uuid.uuid4(), community=src.community, process=dst, budget=budgets[b.budget_id])
           for b in Ballot.objects.filter(process=src)}
Ballot.objects.bulk_create(ballots.values(), batch_size=2000)
Choice.objects.bulk_create([Choice(community=src.community, ballot=ballots[c.ballot_id], project=projects[c.project_id],
                                   value=c.value) for c in Choice.objects.filter(ballot__process=src)], batch_size=5000)
start = time.perf_counter()
actions.do_close_and_count(None, dst)
print("RESULT " + json.dumps({"count": time.perf_counter() - start, "ballots": len(ballots),
                              "budgets": len(budgets)}))
"""

IMPORT_AND_COUNT = """
import json, time
from django.core.management import call_command
from solidarity.budgeting import actions
from solidarity.budgeting.models import Ballot, Process
start = time.perf_counter()
call_command("pb", "import", FILE, "--community", "eastside", "--slug", SLUG)
middle = time.perf_counter()
process = Process.objects.get(community__slug="eastside", slug=SLUG)
actions.do_close_and_count(None, process)
actions.do_publish_results(None, process)
end = time.perf_counter()
print("RESULT " + json.dumps({"import": middle - start, "count": end - middle,
                              "ballots": Ballot.objects.filter(process=process).count(),
                              "projects": process.projects.count()}))
"""


class WriteProbe:
    """While a long import or count runs outside the server, code voters keep voting in the open process,
    one at a time, so we see whether the site can still write (SQLite has one writer at a time)."""

    def __init__(self, base: str, codes: list[str]):
        self.base, self.codes, self.records = base, list(codes), []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        rng = random.Random(7)
        while self.codes and not self.done.is_set():
            start = time.perf_counter()
            record = vote(self.base, self.codes.pop(), rng)
            record["flow"] = time.perf_counter() - start
            self.records.append(record)
            self.done.wait(1)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()

    def summary(self) -> str:
        acked = sum(1 for r in self.records if r["receipt"])
        failed = [r for r in self.records if not r["receipt"]]
        why = dict(Counter(f"{r['stage']}: " + (f"HTTP {r['status']}" if r["status"] else
                                                 (r.get("error") or "").split(": ", 1)[-1][:30]) for r in failed))
        slowest = max((r["flow"] for r in self.records), default=0)
        return (f"{len(self.records)} voters tried, {acked} acknowledged, {len(failed)} failed {why or ''}; "
                f"slowest voter flow {slowest:.1f} s")


def page_times(base: str, path: str, repeat=20) -> dict:
    def get():
        start = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=120) as response:
            body = response.read()
        return time.perf_counter() - start, len(body)

    first, size = get()
    times = [get()[0] for _ in range(repeat)]
    return {"first": first, "median": statistics.median(times), "bytes": size}


def run_db(db: str, args) -> list[tuple[str, str]]:
    stack = Stack(db)
    rows = []

    def row(name, value):
        rows.append((name, value))
        print(f"  [{db}] {name}: {value}", flush=True)

    try:
        started = time.perf_counter()
        stack.prepare()
        codes = stack.codes(args.ballots + 500 * len(args.city))
        codes, spare = codes[:args.ballots], codes[args.ballots:]
        stack.start()
        row("setup (migrate, demo, codes, serve)", f"{time.perf_counter() - started:.1f} s")
        urllib.request.urlopen(stack.base + VOTE + "code/", timeout=30).read()  # warm both code paths a little

        row("load before burst", load())
        records, wall = burst(stack.base, codes, args.clients)
        row("load after burst", load())
        acked = [r for r in records if r["receipt"]]
        latencies = sorted(r["latency"] for r in acked)
        failures = [r for r in records if not r["receipt"]]
        row("voters / clients", f"{len(codes)} voters, {args.clients} concurrent clients")
        row("acknowledged ballots", f"{len(acked)} (failed: {len(failures)})")
        for r in failures[:5]:
            row("  failure", f"stage={r['stage']} status={r['status']} {r.get('error', '')}"[:200])
        row("burst wall time", f"{wall:.1f} s (4 requests per voter)")
        row("throughput", f"{len(acked) / wall:.1f} ballots/s")
        if latencies:
            row("ballot POST latency", f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
                                       f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
                                       f"max {latencies[-1] * 1000:.0f} ms")
        check = stored(stack, [r["receipt"] for r in acked])
        row("stored ballots / acknowledged", f"{check['ballots']} / {len(acked)} "
                                             f"({'equal' if check['ballots'] == len(acked) else 'DIFFERENT'}); "
                                             f"roll entries {check['roll']}; receipts found {check['found']}")
        listed = [line for line in stack.cli("pb", "list").splitlines() if f":{OPEN}\t" in line]
        row("`solidarity pb list`", listed[0].replace("\t", "  ") if listed else "?")

        if not args.skip_counts:
            copy = stack.shell(COPY_AND_COUNT)
            row("care-budget-2026 copy: do_close_and_count",
                f"{copy['count']:.2f} s ({copy['ballots']} ballots, {copy['budgets']} budgets)")
            page = page_times(stack.base, f"/c/{COMMUNITY}/pb/care-budget-2026/results/")
            row("care-budget-2026 results page", f"first {page['first'] * 1000:.0f} ms, median of 20 "
                                                 f"{page['median'] * 1000:.0f} ms, {page['bytes'] / 1024:.0f} KB")
            for i, path in enumerate(args.city):
                slug = "city" if i == 0 else f"city{i + 1}"
                row("load before import", load())
                code = f"FILE, SLUG = {str(path)!r}, {slug!r}\n" + IMPORT_AND_COUNT
                with WriteProbe(stack.base, spare[i * 500:(i + 1) * 500]) as probe:
                    city = stack.shell(code)
                row(f"{Path(path).name}: import", f"{city['import']:.1f} s ({city['ballots']} ballots, "
                                                  f"{city['projects']} projects)")
                row(f"{Path(path).name}: close, count and publish", f"{city['count']:.1f} s")
                row(f"{Path(path).name}: votes meanwhile", probe.summary())
                page = page_times(stack.base, f"/c/{COMMUNITY}/pb/{slug}/results/")
                row(f"{Path(path).name}: results page", f"first {page['first'] * 1000:.0f} ms, median of 20 "
                                                        f"{page['median'] * 1000:.0f} ms, "
                                                        f"{page['bytes'] / 1024:.0f} KB")
        row("load at end", load())
    finally:
        stack.close()
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--city", nargs="*", default=[str(p) for p in CITY_FILES],
                        help="Pabulib files to import and count (default: Warszawa 2026 and Warszawa 2021 Wola)")
    parser.add_argument("--skip-counts", action="store_true", help="only the voting burst")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, {os.cpu_count()} CPUs, {load()}, "
          f"gunicorn 2 workers x 4 threads (WEB_WORKERS={os.environ.get('WEB_WORKERS', 2)}, "
          f"WEB_THREADS={os.environ.get('WEB_THREADS', 4)})", flush=True)
    run_and_print(run_db, args)


def run_and_print(run, args):
    """Run one database or both, then print each one's rows as a table."""
    results = {}
    for db in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
        print(f"{db}:", flush=True)
        results[db] = run(db, args)
    for db, rows in results.items():
        print(f"\n=== {db} ===")
        width = max(len(name) for name, _ in rows)
        for name, value in rows:
            print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
