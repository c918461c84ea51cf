"""Spanish is complete: every message has a translation, and the catalogue is up to date."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
CATALOGUE = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po"


def entries(po_path: Path) -> list[dict]:
    """A small .po reader: each entry's flags, msgid and msgstr forms."""
    found, current, key = [], None, None
    for line in po_path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current and "msgid" in current:
                found.append(current)
            current, key = None, None
            continue
        current = current or {"flags": "", "msgstr": []}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid ", "msgid_plural ", "msgctxt ")):
            key, _, text = line.partition(" ")
            current[key] = ast.literal_eval(text)
        elif line.startswith("msgstr"):
            key = "msgstr"
            current["msgstr"].append(ast.literal_eval(line.partition(" ")[2]))
        elif line.startswith('"'):
            if key == "msgstr":
                current["msgstr"][-1] += ast.literal_eval(line)
            else:
                current[key] += ast.literal_eval(line)
    return [e for e in found if e["msgid"] != ""]


def test_every_spanish_message_is_translated():
    missing = [e["msgid"] for e in entries(CATALOGUE) if not all(e["msgstr"]) or "fuzzy" in e["flags"]]
    assert missing == []


def test_the_compiled_catalogue_is_not_stale():
    mo = CATALOGUE.with_suffix(".mo")
    assert mo.exists()
    assert mo.stat().st_mtime >= CATALOGUE.stat().st_mtime - 1, "run make messages"


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("xgettext (GNU gettext) is needed to check the catalogue")
        pytest.skip("xgettext is not installed")
    copy = tmp_path / "solidarity"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "solidarity.cli", "makemessages", "-l", "es", "--no-obsolete",
         "--ignore", "engines/*", "--ignore", "*/tests/*"],
        cwd=copy, check=True, capture_output=True,
        env={**os.environ, "DATA_DIR": str(tmp_path / "var"), "PYTHONPATH": str(PACKAGE.parent)},
    )
    fresh = {e["msgid"] for e in entries(copy / "locale" / "es" / "LC_MESSAGES" / "django.po")}
    known = {e["msgid"] for e in entries(CATALOGUE)}
    assert sorted(fresh - known) == [], "run make messages, then translate the new strings"
