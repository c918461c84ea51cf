"""First-load weight and latency of the home page, served by `solidarity serve` on SQLite with the demo.

    .venv/bin/python bench/home_page.py [--requests 1000] [--concurrency 1]

Prints the bytes a first visit downloads (the page and every asset it references, as sent, i.e.
compressed where the server compresses) and the median and p95 latency of the page itself.
Not a test: it asserts nothing.
"""

import argparse
import gzip
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, gzip_ok=True):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip" if gzip_ok else "identity"})
    with urllib.request.urlopen(request) as response:
        return response.read(), response.headers


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="solidarity-bench-")
    port = free_port()
    env = {**os.environ, "DATA_DIR": data_dir, "DEMO_MODE": "true", "DATABASE_URL": "", "DEBUG": "false"}
    cli = [sys.executable, "-m", "solidarity.cli"]
    subprocess.run([*cli, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*cli, "demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([*cli, "serve", "--port", str(port), "--no-purge"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        html, headers = fetch(base + "/", gzip_ok=False)
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html.decode())
        sent = {"/": len(html)}
        for asset in assets:
            body, asset_headers = fetch(base + asset)
            sent[asset] = len(body)
        html_gzip = len(gzip.compress(html))
        print("first load of / (bytes as sent; the page is not compressed by the app):")
        for path, size in sent.items():
            print(f"  {path:60} {size / 1024:7.1f} KB")
        print(f"  total: {sum(sent.values()) / 1024:.1f} KB"
              f"  (with the page gzipped by a proxy: {(sum(sent.values()) - len(html) + html_gzip) / 1024:.1f} KB)")

        def one(_):
            start = time.perf_counter()
            fetch(base + "/", gzip_ok=False)
            return (time.perf_counter() - start) * 1000

        for _ in range(20):
            one(0)
        with ThreadPoolExecutor(args.concurrency) as pool:
            times = sorted(pool.map(one, range(args.requests)))
        print(f"/ latency over {args.requests} requests, concurrency {args.concurrency}: "
              f"median {statistics.median(times):.2f} ms, p95 {times[int(len(times) * 0.95)]:.2f} ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
