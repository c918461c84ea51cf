"""Crash safety of ballots: SIGKILL the whole server in the middle of a voting burst, restart, check receipts.

    .venv/bin/python bench/budgeting_kill.py [--clients 50] [--ballots 600] [--kill-after 200]
        [--db sqlite|postgres|both]

For each database: a fresh DATA_DIR (and database), `migrate`, `demo`, one voting code per voter for
`eastside:safety-budget-2027`, `solidarity serve` started in its own session. The same code-voter flow
as bench/budgeting.py runs with --clients threads; once --kill-after ballots are acknowledged (HTTP 200
with `id="receipt-code"`), the server's process group (gunicorn master and workers) gets SIGKILL, with
requests in flight. Voters that had not started stop. The server is restarted on the same DATA_DIR and:

- every acknowledged receipt is looked up on the public receipt page ("is in the count");
- the ballots stored must be at least the acknowledged ones (a ballot whose response was cut by the
  kill may be stored or not, but never half: its roll entry and ballot are one transaction);
- then every voter without a receipt tries again on the restarted server.

SIGKILL stops processes, not the machine: it checks that an acknowledged ballot is committed, not that it
survives a power cut (SQLite runs WAL with synchronous=NORMAL). Loopback only; asserts nothing.
"""

import argparse
import os
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from budgeting import COMMUNITY, OPEN, Stack, burst, load, run_and_print, stored  # noqa: E402

FOUND = "is in the count"


def receipt_found(base: str, receipt: str) -> bool:
    query = urllib.parse.urlencode({"receipt": receipt})
    with urllib.request.urlopen(f"{base}/c/{COMMUNITY}/pb/{OPEN}/receipt/?{query}", timeout=60) as response:
        return FOUND in response.read().decode()


def run_db(db: str, args) -> list[tuple[str, str]]:
    stack = Stack(db)
    rows = []

    def row(name, value):
        rows.append((name, value))
        print(f"  [{db}] {name}: {value}", flush=True)

    try:
        stack.prepare()
        codes = stack.codes(args.ballots)
        stack.start()
        stop = threading.Event()
        reached = threading.Event()
        lock = threading.Lock()
        acked = []
        killed_at = {}

        def on_record(record):
            with lock:
                if record["receipt"]:
                    acked.append(record["receipt"])
                    if len(acked) >= args.kill_after:
                        reached.set()

        def killer():
            reached.wait()
            killed_at["acked"] = len(acked)
            killed_at["time"] = time.perf_counter()
            stop.set()  # voters that have not reached their ballot stop here
            stack.kill()  # SIGKILL to the process group: gunicorn master and workers

        row("load before burst", load())
        watcher = threading.Thread(target=killer, daemon=True)
        watcher.start()
        records, wall = burst(stack.base, codes, args.clients, stop=stop, on_record=on_record)
        if not reached.is_set():
            row("note", "the burst ended before --kill-after ballots; the server is killed now")
            reached.set()
        watcher.join()
        row("load after burst", load())
        acknowledged = [r["receipt"] for r in records if r["receipt"]]
        in_flight = [r for r in records
                     if not r["receipt"] and r["stage"] not in ("not started", "stopped before ballot")]
        ballot_cut = [r for r in in_flight if r["stage"] == "ballot post"]
        row("voters / clients", f"{len(codes)} voters, {args.clients} concurrent clients, "
                                f"SIGKILL after {killed_at.get('acked')} acknowledged")
        row("acknowledged (HTTP 200 + receipt)", str(len(acknowledged)))
        stages = Counter(r["stage"] for r in in_flight)
        row("in-flight failures", f"{len(in_flight)} (of which ballot POST cut: {len(ballot_cut)}; "
                                  f"by stage: {dict(stages)})")
        row("voters stopped before their ballot", str(len(records) - len(acknowledged) - len(in_flight)))
        errors = Counter((r.get("error") or f"HTTP {r['status']}").split(":")[0] for r in in_flight)
        row("in-flight errors", str(dict(errors)))

        started = time.perf_counter()
        stack.start()
        row("restart on the same DATA_DIR", f"{time.perf_counter() - started:.1f} s")
        with ThreadPoolExecutor(args.clients) as pool:
            found = list(pool.map(lambda r: receipt_found(stack.base, r), acknowledged))
        check = stored(stack, acknowledged)
        row("receipts found on the receipt page", f"{sum(found)} / {len(acknowledged)}")
        row("LOST (acknowledged, not found)", str(len(acknowledged) - sum(found)))
        row("ballots stored / acknowledged", f"{check['ballots']} / {len(acknowledged)} "
                                             f"({'>=' if check['ballots'] >= len(acknowledged) else 'FEWER'}; "
                                             f"{check['ballots'] - len(acknowledged)} stored without a response); "
                                             f"roll entries {check['roll']}")

        retry = [r["code"] for r in records if not r["receipt"]]
        again, wall = burst(stack.base, retry, args.clients)
        def result_of(r):
            if r["receipt"]:
                return "acknowledged"
            why = f"HTTP {r['status']}" if r["status"] else (r.get("error") or "").split(": ", 1)[-1][:40]
            return f"no receipt at {r['stage']} ({why})"

        outcome = Counter(result_of(r) for r in again)
        row("retry of voters without a receipt", f"{len(retry)} voters: {dict(outcome)}")
        final = stored(stack, acknowledged + [r["receipt"] for r in again if r["receipt"]])
        row("final ballots / roll entries / receipts found",
            f"{final['ballots']} / {final['roll']} / {final['found']} of "
            f"{len(acknowledged) + sum(1 for r in again if r['receipt'])}")
        row("load at end", load())
    finally:
        stack.close()
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--ballots", type=int, default=600)
    parser.add_argument("--kill-after", type=int, default=200, help="acknowledged ballots before SIGKILL")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, {os.cpu_count()} CPUs, {load()}", flush=True)
    run_and_print(run_db, args)


if __name__ == "__main__":
    main()
