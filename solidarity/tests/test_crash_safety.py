"""An acknowledged ballot survives the server being killed: a real `solidarity serve`, a burst of code
voters, SIGKILL to the whole process group with requests in flight, a restart on the same files, and
every receipt the voters were given is found again (on SQLite and, in its leg, on PostgreSQL).

SIGKILL stops processes, not the machine: this shows that acknowledging waits for the commit. That a
commit survives a power cut is SQLite's synchronous=FULL, which test_settings reads on every connection,
and PostgreSQL's own fsync.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
VOTE = "/c/eastside/pb/safety-budget-2027/vote/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHOICE = re.compile(r'name="(p_\d+)"')
BUDGET = re.compile(r'name="budget" value="(\d+)"')
RECEIPT = re.compile(r'id="receipt-code">\s*([A-Z0-9]+)\s*<')


@pytest.mark.slow
class KilledServerTests(SimpleTestCase):
    VOTERS, KILL_AFTER = 160, 50

    def setUp(self):
        self.data_dir = Path(tempfile.mkdtemp(prefix="solidarity-crash-"))
        self.database, url = None, ""
        if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
            db = settings.DATABASES["default"]
            self.database = f"solidarity_crash_{uuid.uuid4().hex[:10]}"
            self.admin_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            self.psql(f"CREATE DATABASE {self.database}")
            url = self.admin_url.rsplit("/", 1)[0] + "/" + self.database
        self.env = {**os.environ, "DATA_DIR": str(self.data_dir), "DATABASE_URL": url, "DEMO_MODE": "true",
                    "DEBUG": "false", "USE_X_FORWARDED_FOR": "true", "PYTHONPATH": str(ROOT)}
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.server = None

    def tearDown(self):
        self.kill()
        if self.database:
            self.psql(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        subprocess.run(["rm", "-rf", str(self.data_dir)], check=False)

    def psql(self, sql):
        import psycopg
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def cli(self, *args) -> str:
        done = subprocess.run([sys.executable, "-m", "solidarity.cli", *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=600)
        self.assertEqual(done.returncode, 0, done.stderr[-3000:])
        return done.stdout

    def start(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = subprocess.Popen([sys.executable, "-m", "solidarity.cli", "serve", "--port", str(self.port),
                                        "--no-purge"], env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5).read()
                return
            except OSError:
                self.assertIsNone(self.server.poll(), "the server stopped while starting")
                self.assertLess(time.monotonic(), deadline, "the server did not start in 90 s")
                time.sleep(0.3)

    def kill(self):
        if self.server is not None:
            try:
                os.killpg(self.server.pid, signal.SIGKILL)  # gunicorn's master and every worker at once
            except ProcessLookupError:
                pass
            self.server.wait()
            self.server = None

    def vote(self, number: int, code: str, stop: threading.Event) -> str | None:
        """One code voter's flow; their receipt, or None if it was cut or not started."""
        if stop.is_set():
            return None
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        opener.addheaders = [("X-Forwarded-For", f"10.1.{number // 250}.{number % 250}")]
        base = f"http://127.0.0.1:{self.port}"
        try:
            page = opener.open(base + VOTE + "code/", timeout=30).read().decode()
            form = {"csrfmiddlewaretoken": TOKEN.search(page).group(1), "code": code}
            page = opener.open(base + VOTE + "code/", urllib.parse.urlencode(form).encode(), timeout=30).read().decode()
            if stop.is_set():
                return None
            form = {"csrfmiddlewaretoken": TOKEN.search(page).group(1), "budget": BUDGET.search(page).group(1),
                    CHOICE.findall(page)[number % 3]: "on"}
            body = opener.open(base + VOTE, urllib.parse.urlencode(form).encode(), timeout=30).read().decode()
        except (OSError, http.client.HTTPException, AttributeError):  # cut by the kill (HTTPError is an OSError)
            return None
        found = RECEIPT.search(body)
        return found.group(1) if found else None

    def test_every_acknowledged_ballot_is_there_after_a_kill_with_requests_in_flight(self):
        self.cli("migrate", "--verbosity", "0")
        self.cli("demo")
        codes = self.cli("shell", "-c", (
            "from solidarity.budgeting.actions import do_generate_codes\n"
            "from solidarity.budgeting.models import Process\n"
            "p = Process.objects.get(community__slug='eastside', slug='safety-budget-2027')\n"
            f"print(' '.join(do_generate_codes(None, p, {self.VOTERS})))")).splitlines()[-1].split()
        self.assertEqual(len(codes), self.VOTERS)
        self.start()
        stop, lock, acknowledged = threading.Event(), threading.Lock(), []

        def voter(number):
            receipt = self.vote(number, codes[number], stop)
            if receipt:
                with lock:
                    acknowledged.append(receipt)
                    if len(acknowledged) == self.KILL_AFTER:
                        stop.set()
                        self.kill()  # with other voters' requests in flight
            return receipt

        with ThreadPoolExecutor(16) as pool:
            list(pool.map(voter, range(len(codes))))
        self.assertTrue(stop.is_set(), "the burst ended before the kill")
        self.assertGreaterEqual(len(acknowledged), self.KILL_AFTER)

        self.start()
        base = f"http://127.0.0.1:{self.port}/c/eastside/pb/safety-budget-2027/receipt/?"

        def found(number, receipt):  # each lookup from its voter's own address, under the lookup limit
            request = urllib.request.Request(base + urllib.parse.urlencode({"receipt": receipt}),
                                             headers={"X-Forwarded-For": f"10.2.{number // 250}.{number % 250}"})
            return "is in the count" in urllib.request.urlopen(request, timeout=30).read().decode()

        lost = [receipt for number, receipt in enumerate(acknowledged) if not found(number, receipt)]
        self.assertEqual(lost, [], "acknowledged ballots lost by the kill")
        counts = self.cli("shell", "-c", (
            "from solidarity.budgeting.models import Ballot, RollEntry\n"
            "print(Ballot.objects.filter(process__slug='safety-budget-2027').count(),"
            " RollEntry.objects.filter(process__slug='safety-budget-2027').count())")).splitlines()[-1].split()
        ballots, roll = map(int, counts)
        # A ballot whose response the kill cut may be stored or not, but never without its roll entry.
        self.assertGreaterEqual(ballots, len(acknowledged))
        self.assertEqual(ballots, roll)
