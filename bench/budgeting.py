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
import http.client
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

    def __init__(self, db: str, root: Path = ROOT):
        self.db, self.root = db, root
        self.data_dir = Path(tempfile.mkdtemp(prefix=f"solidarity-bench-{db}-"))
        self.pg_name = None
        url = ""
        if db == "postgres":
            self.pg_name = f"solidarity_bench_{os.getpid()}_{int(time.time())}"
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", self.pg_name], check=True)
            url = f"{PG}/{self.pg_name}"
        self.env = {**os.environ, "DATA_DIR": str(self.data_dir), "DEMO_MODE": "true", "DATABASE_URL": url,
                    "DEBUG": "false", "USE_X_FORWARDED_FOR": "true",
                    "PYTHONPATH": str(root)}
        self.server = None
        self.port = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args, timeout=1800) -> str:
        result = subprocess.run([*CLI, *args], env=self.env, cwd=self.root, capture_output=True, text=True,
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
                                       cwd=self.root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
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

    def cpu_seconds(self) -> float:
        """User and system CPU time used so far by the server's processes (gunicorn master and workers)."""
        total = 0
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                if os.getpgid(int(pid)) != self.server.pid:
                    continue
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, ProcessLookupError):
                continue
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

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


def client_address(code: str) -> str:
    number = int.from_bytes(code.encode()[-6:], "big") % (1 << 24)
    return f"10.{number >> 16}.{(number >> 8) & 255}.{number & 255}"


def vote(base: str, code: str, rng: random.Random, stop: threading.Event | None = None) -> dict:
    """One code voter's whole flow. Returns what happened: the ballot POST's latency, and the slowest of
    the voter's requests ("wait")."""
    record = {"code": code, "stage": "code page", "status": None, "receipt": None, "latency": None, "wait": 0.0}
    if stop is not None and stop.is_set():
        record["stage"] = "not started"
        return record
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    # Each voter comes from an address of their own, as on a real network, so the per-client limits
    # (privacy.throttle) count each one apart; the server keeps only a keyed hash of it.
    opener.addheaders = [("X-Forwarded-For", client_address(code))]

    def fetch(request):
        start = time.perf_counter()
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        finally:
            record["wait"] = max(record["wait"], time.perf_counter() - start)

    try:
        status, page = fetch(base + VOTE + "code/")
        token = TOKEN.search(page).group(1)
        record["stage"] = "code post"
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": code}).encode()
        status, page = fetch(urllib.request.Request(base + VOTE + "code/", data=form))
        if status != 200:
            record["status"] = status
            return record
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
        record["status"], body = fetch(urllib.request.Request(base + VOTE, data=form))
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


class Ready:
    """A voter who has passed the code step: their cookies and their filled-in ballot, ready to POST."""

    def __init__(self, code, cookie, body):
        self.code, self.cookie, self.body = code, cookie, body


def get_ready(base: str, codes: list[str], clients: int) -> tuple[list[Ready], list[float], float]:
    """The code step for every voter (code page, code POST followed to the ballot page), timed apart.
    Returns the voters, each voter's code-step time, and the wall time."""
    seed = random.Random(2028)
    rngs = [random.Random(seed.random()) for _ in codes]

    def one(i):
        code, jar = codes[i], CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.addheaders = [("X-Forwarded-For", client_address(code))]
        start = time.perf_counter()
        page = opener.open(base + VOTE + "code/", timeout=60).read().decode()
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": TOKEN.search(page).group(1), "code": code}).encode()
        page = opener.open(urllib.request.Request(base + VOTE + "code/", data=form), timeout=60).read().decode()
        took = time.perf_counter() - start
        names = CHOICE.findall(page)
        picked = rngs[i].sample(names, rngs[i].randint(1, min(3, len(names))))
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": TOKEN.search(page).group(1),
                                       "budget": BUDGET.search(page).group(1),
                                       **{name: "on" for name in picked}})
        return Ready(code, "; ".join(f"{c.name}={c.value}" for c in jar), body), took

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        done = list(pool.map(one, range(len(codes))))
    return [ready for ready, _ in done], [took for _, took in done], time.perf_counter() - start


def post_ballot(port: int, ready: Ready) -> dict:
    """One ballot POST on its own connection, as a voter's phone would send it."""
    record = {"status": None, "receipt": None}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", VOTE, body=ready.body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": ready.cookie,
            "X-Forwarded-For": client_address(ready.code)})
        response = connection.getresponse()
        body = response.read().decode(errors="replace")
        record["status"] = response.status
        found = RECEIPT.search(body)
        if response.status == 200 and found:
            record["receipt"] = found.group(1)
    except Exception as error:
        record["error"] = f"{type(error).__name__}: {error}"
    finally:
        connection.close()
    return record


def closed_loop(port: int, voters: list[Ready], clients: int) -> tuple[list[dict], float]:
    """Every ready voter's ballot POST through `clients` threads, back to back."""
    def one(ready):
        start = time.perf_counter()
        record = post_ballot(port, ready)
        record["latency"] = time.perf_counter() - start
        return record

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        records = list(pool.map(one, voters))
    return records, time.perf_counter() - start


def open_loop(port: int, voters: list[Ready], rate: float) -> tuple[list[dict], float]:
    """Ballot POSTs arriving at `rate` per second whatever the server does (an open loop): voter i is due
    at i / rate seconds. Latency runs from when the ballot was due, so a server that falls behind is
    charged for the queue it builds, not only for the requests it is serving."""
    start = time.perf_counter() + 0.2

    def one(i):
        due = start + i / rate
        time.sleep(max(0.0, due - time.perf_counter()))
        record = post_ballot(port, voters[i])
        record["latency"] = time.perf_counter() - due
        return record

    with ThreadPoolExecutor(min(len(voters), max(8, int(rate * 2)))) as pool:
        records = list(pool.map(one, range(len(voters))))
    return records, time.perf_counter() - start


def latency_text(latencies: list[float]) -> str:
    latencies = sorted(latencies)
    if not latencies:
        return "none"
    return (f"p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
            f"max {latencies[-1] * 1000:.0f} ms")


def outcome_text(records: list[dict]) -> str:
    acked = sum(1 for r in records if r["receipt"])
    why = Counter(f"HTTP {r['status']}" if r["status"] else (r.get("error") or "?")[:40]
                  for r in records if not r["receipt"])
    return f"{acked} acknowledged, {len(records) - acked} failed" + (f" {dict(why)}" if why else "")


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


TIMED_REWRITE = """
import json, time
from solidarity.privacy import storage
_rewrite, rewrites = storage.rewrite, []
def _timed_rewrite(*models):
    begun = time.perf_counter()
    done = _rewrite(*models)
    rewrites.append(time.perf_counter() - begun)
    return done
storage.rewrite = _timed_rewrite  # do_close_and_count calls it after the shuffle: time it apart
"""

COPY_AND_COUNT = TIMED_REWRITE + """
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
ballots = {b.pk: Ballot(community=src.community, process=dst, budget=budgets[b.budget_id])
           for b in Ballot.objects.filter(process=src)}
Ballot.objects.bulk_create(ballots.values(), batch_size=2000)
Choice.objects.bulk_create([Choice(community=src.community, ballot=ballots[c.ballot_id], project=projects[c.project_id],
                                   value=c.value) for c in Choice.objects.filter(ballot__process=src)], batch_size=5000)
start = time.perf_counter()
actions.do_close_and_count(None, dst)
print("RESULT " + json.dumps({"count": time.perf_counter() - start, "ballots": len(ballots),
                              "budgets": len(budgets), "rewrite": sum(rewrites)}))
"""

IMPORT_AND_COUNT = TIMED_REWRITE + """
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
print("RESULT " + json.dumps({"import": middle - start, "count": end - middle, "rewrite": sum(rewrites),
                              "ballots": Ballot.objects.filter(process=process).count(),
                              "projects": process.projects.count()}))
"""


DURABILITY = """
import json, time
from django.db import connection
from solidarity.budgeting import actions
from solidarity.budgeting.models import Process
process = Process.objects.get(community__slug="eastside", slug="safety-budget-2027")
budget = process.budgets.first()
project = process.projects.filter(budget=budget).first()
codes = [actions.find_code(process, code) for code in actions.do_generate_codes(None, process, 8 * N)]
durable = ["PRAGMA synchronous=FULL", "PRAGMA secure_delete=ON"] if connection.vendor == "sqlite" else \\
    ["SET synchronous_commit = on"]
relaxed = ["PRAGMA synchronous=NORMAL", "PRAGMA secure_delete=OFF"] if connection.vendor == "sqlite" else \\
    ["SET synchronous_commit = off"]
spent = {"durable": 0.0, "relaxed": 0.0}
for round in range(8):  # alternate, so that neither setting gets the quieter moments
    name = "durable" if round % 2 == 0 else "relaxed"
    with connection.cursor() as cursor:
        for statement in (durable if name == "durable" else relaxed):
            cursor.execute(statement)
    begun = time.perf_counter()
    for code in codes[round * N:(round + 1) * N]:
        actions.do_cast_ballot(process, budget, chosen={project: 1}, code=code)
    spent[name] += time.perf_counter() - begun
print("RESULT " + json.dumps({name: seconds / (4 * N) * 1000 for name, seconds in spent.items()}
                             | {"durable_settings": durable, "relaxed_settings": relaxed}))
"""


class WriteProbe:
    """While a long import or count runs outside the server, code voters keep arriving in the open
    process (`rate` a second, each on their own thread), so we see whether the site can still write
    (SQLite has one writer at a time) and how long any one of their requests waits."""

    def __init__(self, base: str, codes: list[str], rate: float = 2.0):
        self.base, self.codes, self.rate, self.records = base, list(codes), rate, []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.voters = []

    def one(self, code, rng):
        start = time.perf_counter()
        record = vote(self.base, code, rng)
        record["flow"] = time.perf_counter() - start
        self.records.append(record)

    def run(self):
        rng = random.Random(7)
        while self.codes and not self.done.is_set():
            voter = threading.Thread(target=self.one, args=(self.codes.pop(), random.Random(rng.random())))
            voter.start()
            self.voters.append(voter)
            self.done.wait(1 / self.rate)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()
        for voter in self.voters:
            voter.join()

    def summary(self) -> str:
        acked = sum(1 for r in self.records if r["receipt"])
        failed = [r for r in self.records if not r["receipt"]]
        why = dict(Counter(f"{r['stage']}: " + (f"HTTP {r['status']}" if r["status"] else
                                                 (r.get("error") or "").split(": ", 1)[-1][:30]) for r in failed))
        waits = sorted(r["wait"] for r in self.records)
        over = sum(1 for w in waits if w > 1)
        return (f"{len(self.records)} voters ({self.rate:g}/s), {acked} acknowledged, {len(failed)} failed "
                f"{why or ''}; longest wait for one request {waits[-1] if waits else 0:.2f} s, "
                f"{over} waits over 1 s; slowest whole flow {max((r['flow'] for r in self.records), default=0):.1f} s")


def page_times(base: str, path: str, repeat=20) -> dict:
    def get():
        start = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=120) as response:
            body = response.read()
        return time.perf_counter() - start, len(body)

    first, size = get()
    times = [get()[0] for _ in range(repeat)]
    return {"first": first, "median": statistics.median(times), "bytes": size}


def run_db(db: str, args, root: Path = ROOT) -> list[tuple[str, str]]:
    stack = Stack(db, root)
    rows = []

    def row(name, value):
        rows.append((name, value))
        print(f"  [{db}{'' if root == ROOT else ' before'}] {name}: {value}", flush=True)

    try:
        started = time.perf_counter()
        stack.prepare()
        wanted = [args.ballots, args.alone, int(args.rate * args.seconds)]
        codes = stack.codes(sum(wanted) + 500 * len(args.city))
        flow, codes = codes[:wanted[0]], codes[wanted[0]:]
        alone, codes = codes[:wanted[1]], codes[wanted[1]:]
        arriving, spare = codes[:wanted[2]], codes[wanted[2]:]
        stack.start()
        row("setup (migrate, demo, codes, serve)", f"{time.perf_counter() - started:.1f} s")
        urllib.request.urlopen(stack.base + VOTE + "code/", timeout=30).read()  # warm both code paths a little

        # 1. Whole voter flows, back to back.
        row("load before burst", load())
        records, wall = burst(stack.base, flow, args.clients)
        acked = [r for r in records if r["receipt"]]
        failures = [r for r in records if not r["receipt"]]
        row("1. whole flows: voters / clients", f"{len(flow)} voters, {args.clients} concurrent clients")
        row("   acknowledged ballots", f"{len(acked)} (failed: {len(failures)})")
        for r in failures[:5]:
            row("     failure", f"stage={r['stage']} status={r['status']} {r.get('error', '')}"[:200])
        row("   burst wall time", f"{wall:.1f} s (4 requests per voter)")
        row("   throughput", f"{len(acked) / wall:.1f} ballots/s")
        row("   ballot POST latency", latency_text([r["latency"] for r in acked]))
        check = stored(stack, [r["receipt"] for r in acked])
        row("   stored ballots / acknowledged", f"{check['ballots']} / {len(acked)} "
                                                f"({'equal' if check['ballots'] == len(acked) else 'DIFFERENT'}); "
                                                f"roll entries {check['roll']}; receipts found {check['found']}")

        # 2. The code step for everyone first, then ballot POSTs alone.
        ready, steps, wall = get_ready(stack.base, alone, args.clients)
        row("2. code step (code page + code POST)", f"{len(ready)} voters in {wall:.1f} s "
                                                    f"({len(ready) / wall:.1f}/s); {latency_text(steps)}")
        cpu = stack.cpu_seconds()
        records, wall = closed_loop(stack.port, ready, args.clients)
        cpu = stack.cpu_seconds() - cpu
        row("   ballot POSTs alone", f"{outcome_text(records)} in {wall:.2f} s: "
                                     f"{sum(1 for r in records if r['receipt']) / wall:.1f} ballots/s")
        row("   server CPU per ballot POST", f"{cpu / len(records) * 1000:.1f} ms "
                                             f"({cpu / wall * 100:.0f}% of one core on average)")
        row("   ballot POST latency", latency_text([r["latency"] for r in records if r["receipt"]]))

        # 3. Ballots arriving at a steady rate, whatever the server does.
        ready, _steps, _wall = get_ready(stack.base, arriving, args.clients)
        row("load before open loop", load())
        records, wall = open_loop(stack.port, ready, args.rate)
        row(f"3. open loop at {args.rate:g} ballots/s", f"{outcome_text(records)} over {wall:.1f} s")
        row("   ballot POST latency (from when due)",
            latency_text([r["latency"] for r in records if r["receipt"]]))
        every = stored(stack, [])
        row("   ballots stored in all", f"{every['ballots']}; roll entries {every['roll']}")

        # 4. What durability costs: one writer casting ballots in a row, with our settings and without.
        cost = stack.shell("N = 250\n" + DURABILITY)
        row("4. one writer, ms per ballot", f"{cost['durable']:.2f} ms with {'; '.join(cost['durable_settings'])}; "
                                           f"{cost['relaxed']:.2f} ms with {'; '.join(cost['relaxed_settings'])}")

        listed = [line for line in stack.cli("pb", "list").splitlines() if f":{OPEN}\t" in line]
        row("`solidarity pb list`", listed[0].replace("\t", "  ") if listed else "?")

        if not args.skip_counts:
            copy = stack.shell(COPY_AND_COUNT)
            row("care-budget-2026 copy: do_close_and_count",
                f"{copy['count']:.2f} s ({copy['ballots']} ballots, {copy['budgets']} budgets), of which "
                f"rewriting the ballot tables after the shuffle {copy.get('rewrite', 0):.2f} s")
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
                row(f"{Path(path).name}: close, count and publish", f"{city['count']:.1f} s, of which rewriting "
                                                                    f"the ballot tables {city.get('rewrite', 0):.1f} s")
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
    parser.add_argument("--ballots", type=int, default=1000, help="whole voter flows in step 1")
    parser.add_argument("--alone", type=int, default=1000, help="ballot POSTs timed alone in step 2")
    parser.add_argument("--rate", type=float, default=50, help="open-loop arrivals per second in step 3")
    parser.add_argument("--seconds", type=float, default=20, help="how long the open loop lasts")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--city", nargs="*", default=[str(p) for p in CITY_FILES],
                        help="Pabulib files to import and count (default: Warszawa 2026 and Warszawa 2021 Wola)")
    parser.add_argument("--skip-counts", action="store_true", help="only the voting steps")
    parser.add_argument("--before", metavar="REV", help="also run the server of this commit (a git worktree), "
                                                        "before the working tree, and print both")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, {os.cpu_count()} CPUs, {load()}, "
          f"gunicorn 2 workers x 4 threads (WEB_WORKERS={os.environ.get('WEB_WORKERS', 2)}, "
          f"WEB_THREADS={os.environ.get('WEB_THREADS', 4)})", flush=True)
    if not args.before:
        run_and_print(run_db, args)
        return
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    worktree = Path(tempfile.mkdtemp(prefix="solidarity-before-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(worktree), args.before], cwd=ROOT, check=True,
                   capture_output=True)
    try:
        results = {}
        for db in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
            print(f"{db}, before ({args.before}):", flush=True)
            before = run_db(db, args, root=worktree)
            print(f"{db}, after ({head.strip()} and the working tree):", flush=True)
            results[db] = (before, run_db(db, args))
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, check=False)
    for db, (before, after) in results.items():
        print(f"\n=== {db} ===")
        width = max(len(name) for name, _ in before + after)
        for (name, old), (_name, new) in zip(before, after):
            print(f"{name:<{width}}  before: {old}\n{'':<{width}}  after:  {new}")


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
