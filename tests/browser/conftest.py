"""A real server (`solidarity serve` on a fresh SQLite database with the demo) and a real Chromium."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    def __init__(self, data_dir: Path):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATA_DIR": str(data_dir), "DEMO_MODE": "true", "DATABASE_URL": "",
                    "DEBUG": "false", "PORT": str(self.port)}

    def cli(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "solidarity.cli", *args], env=self.env, cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def url(self, path: str) -> str:
        return self.base_url + path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("site"))
    site.cli("migrate", "--verbosity", "0")
    site.cli("demo")
    site.log_path = Path(site.env["DATA_DIR"]) / "server.log"
    log = site.log_path.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "solidarity.cli", "serve", "--port", str(site.port), "--workers", "2", "--no-purge"],
        env={**site.env, "LOG_LEVEL": "DEBUG"}, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(site.url("/"), timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"the server did not start: {site.log()[-2000:]}")
            time.sleep(0.3)
    yield site
    server.terminate()
    server.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
