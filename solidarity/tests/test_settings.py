"""Settings come from the environment, fail loudly on bad values, and are all documented."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SOLIDARITY_PRODUCTION": "true",
    "SECRET_KEY": "x" * 20 + "-a-production-secret-key-of-decent-length-0123456789",
    "ENCRYPTION_KEYS": "k1:" + "A" * 43 + "=",
    "ALLOWED_HOSTS": "aid.example.org",
}


def run(args, env, tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k not in ("DEBUG", "DEMO_MODE")}
    clean.update({"DATA_DIR": str(tmp_path), "DATABASE_URL": "", **env})
    return subprocess.run([sys.executable, "-m", "solidarity.cli", *args], env=clean, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def settings_value(name, env, tmp_path):
    code = f"import django.conf as c; from solidarity import settings as s; print(repr(s.{name}))"
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    clean.update({"DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "solidarity.settings", **env})
    return subprocess.run([sys.executable, "-c", code], env=clean, cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DEBUG": "maybe"}, "DEBUG must be true or false, not 'maybe'."),
        ({"PORT": "eighty"}, "PORT must be a whole number, not 'eighty'."),
        ({"PORT": "70000"}, "PORT must be between 1 and 65535"),
        ({"DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL must be a postgres:// or sqlite:/// address."),
        ({"ENCRYPTION_KEYS": "k1:c2hvcnQ="}, "must be 32 bytes"),
        ({"TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE 'Mars/Olympus' is not a known time zone"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL must be"),
        ({"SOLIDARITY_PRODUCTION": "true"}, "SECRET_KEY (or SECRET_KEY_FILE) must be set"),
        ({**PRODUCTION, "DEBUG": "true"}, "DEBUG cannot be on when SOLIDARITY_PRODUCTION is on."),
        ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must name this site's host name"),
        ({"SECRET_KEY_FILE": "/nonexistent/key"}, "SECRET_KEY_FILE: cannot read /nonexistent/key"),
    ],
)
def test_a_bad_value_stops_start_up_with_a_clear_message(env, message, tmp_path):
    result = run(["check"], env, tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_is_off_unless_set(tmp_path):
    assert settings_value("DEBUG", {"DEBUG": ""}, tmp_path).stdout.strip() == "False"
    os.environ.pop("DEBUG", None)
    result = settings_value("DEBUG", {}, tmp_path)
    assert result.stdout.strip() == "False", result.stderr


def test_local_secrets_are_generated_once_into_the_data_dir(tmp_path):
    first = settings_value("SECRET_KEY", {}, tmp_path).stdout
    second = settings_value("SECRET_KEY", {}, tmp_path).stdout
    assert first == second and len(first) > 50
    assert (tmp_path / "secrets" / "secret_key").stat().st_mode & 0o077 == 0
    assert (tmp_path / "secrets" / "encryption_keys").exists()


def test_sqlite_is_the_default_with_wal_and_immediate_transactions(tmp_path):
    env = {"DATABASE_URL": ""}
    result = settings_value("DATABASES['default']", env, tmp_path).stdout
    assert "sqlite3" in result and "IMMEDIATE" in result and "journal_mode=WAL" in result
    assert "'timeout': 20" in result


def test_database_url_selects_postgresql(tmp_path):
    result = settings_value("DATABASES['default']['ENGINE']", {"DATABASE_URL": "postgres://u@h:5432/db"}, tmp_path)
    assert "postgresql" in result.stdout


def test_every_variable_is_documented_and_nothing_else():
    from django.conf import settings

    doc = (ROOT / "docs" / "configuration.md").read_text()
    documented = set(re.findall(r"^### `([A-Z_]+)`", doc, flags=re.M))
    assert documented == settings.ENV_VARIABLES


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = run(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_demo_is_refused_in_production(tmp_path):
    result = run(["demo"], PRODUCTION, tmp_path)
    assert result.returncode != 0
    assert "The demo is refused when SOLIDARITY_PRODUCTION is on." in result.stderr


def test_the_request_legs_load_no_browser_package():
    """scripts/run_tests.py keeps tests/browser out of the SQLite and PostgreSQL legs."""
    import os
    import sys

    import pytest

    if os.environ.get("SOLIDARITY_TEST_LEG") not in ("sqlite", "postgres", "fast"):
        pytest.skip("only the legs of scripts/run_tests.py promise this")
    assert not [name for name in sys.modules if name.startswith(("playwright", "axe_playwright_python"))]


@pytest.mark.django_db(transaction=True)
def test_every_sqlite_connection_is_durable_and_erases_what_it_deletes():
    """synchronous=FULL on every connection: an acknowledged ballot survives a power cut."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "sqlite":
        pytest.skip("a SQLite setting")
    found = []

    def read():
        with connections["default"].cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            synchronous = cursor.fetchone()[0]
            cursor.execute("PRAGMA secure_delete")
            found.append((synchronous, cursor.fetchone()[0]))
        connections["default"].close()

    read()
    thread = threading.Thread(target=read)  # a new thread opens a new connection
    thread.start()
    thread.join()
    assert found == [(2, 1), (2, 1)]  # 2 is FULL
