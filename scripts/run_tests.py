"""Run the test suite in its legs: SQLite, PostgreSQL and a real browser.

    python scripts/run_tests.py [sqlite] [postgres] [browser]
    python scripts/run_tests.py fast     # SQLite without the long sweeps over every shared file (`make test-fast`)

The request legs never collect tests/browser, so they import no browser package.

With CI=true a leg that cannot run (no PostgreSQL server, no /usr/bin/chromium) fails the run;
otherwise it is skipped with a message. The last line sums up every leg that ran.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CI = os.environ.get("CI", "").lower() == "true"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/test"
CHROMIUM = "/usr/bin/chromium"


def postgres_url() -> str | None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return os.environ["DATABASE_URL"]
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
    except OSError:
        return None
    return DEFAULT_POSTGRES


NO_BROWSER = ["-m", "not browser", "--ignore=tests/browser"]


def pytest(label: str, args: list[str], env: dict[str, str], leg: str) -> dict[str, int]:
    print(f"\n=== {label} ===", flush=True)
    with tempfile.TemporaryDirectory(prefix="solidarity-test-") as data_dir:
        full_env = {**os.environ, "DATA_DIR": data_dir, "SOLIDARITY_TEST_LEG": leg, **env}
        proc = subprocess.Popen([sys.executable, "-m", "pytest", *args], cwd=ROOT, env=full_env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        last = ""
        for line in proc.stdout:
            sys.stdout.write(line)
            if line.strip():
                last = line
        proc.wait()
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|errors?|skipped)", last)}
    counts["errors"] = counts.pop("error", 0) + counts.pop("errors", 0)
    if proc.returncode == 5:
        print(f"{label}: no tests were collected", flush=True)
    if proc.returncode != 0 and not counts.get("failed") and not counts["errors"]:
        counts["failed"] = 1  # the run broke before it could count (or collected nothing)
    return counts


def main(legs: list[str]) -> int:
    legs = legs or ["sqlite", "postgres", "browser"]
    totals = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0}
    problems = []
    for leg in legs:
        if leg == "sqlite":
            counts = pytest("unit and request tests on SQLite", NO_BROWSER, {"DATABASE_URL": ""}, leg)
        elif leg == "fast":
            counts = pytest("the fast suite on SQLite (no long sweeps, no browser)",
                            ["-m", "not browser and not slow", "--ignore=tests/browser"], {"DATABASE_URL": ""}, leg)
        elif leg == "postgres":
            url = postgres_url()
            if url is None:
                message = "no PostgreSQL server answers at 127.0.0.1:5432 and DATABASE_URL is not set"
                if CI:
                    problems.append(message)
                else:
                    print(f"\n=== PostgreSQL leg skipped: {message} ===")
                continue
            counts = pytest("unit and request tests on PostgreSQL", [*NO_BROWSER, "solidarity"],
                            {"DATABASE_URL": url}, leg)
        elif leg == "browser":
            if not os.path.exists(CHROMIUM):
                message = f"{CHROMIUM} is missing (apt-get install -y chromium)"
                if CI:
                    problems.append(message)
                else:
                    print(f"\n=== browser leg skipped: {message} ===")
                continue
            counts = pytest("browser and accessibility tests in Chromium", ["-m", "browser", "tests/browser"],
                            {"DATABASE_URL": ""}, leg)
        else:
            print(f"unknown leg {leg!r}: use sqlite, postgres, browser or fast", file=sys.stderr)
            return 2
        print(f"{leg}: {counts.get('passed', 0)} passed, {counts.get('failed', 0)} failed", flush=True)
        for key in totals:
            totals[key] += counts.get(key, 0)
    for message in problems:
        print(f"FAILED: {message}")
    failed = totals["failed"] + totals["errors"] + len(problems)
    print(f"total: {totals['passed']} passed, {failed} failed, {totals['skipped']} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
