"""The engines are plain Python: no Django import anywhere under solidarity/engines."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT

ENGINES = ROOT / "solidarity" / "engines"


def _django_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "import_module", "__import__"):
            names = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        else:
            continue
        for name in names:
            if name == "django" or name.startswith("django."):
                yield node.lineno, name


def test_it_finds_python_files_to_scan():
    assert len(list(ENGINES.rglob("*.py"))) >= 5


def test_it_has_no_django_import_in_any_engine_file():
    found = [f"{p.relative_to(ROOT)}:{line} imports {name}"
             for p in sorted(ENGINES.rglob("*.py")) for line, name in _django_imports(p)]
    assert found == []


def test_it_imports_the_engine_without_loading_django():
    code = (
        "import sys, runpy\n"
        "import solidarity.engines, solidarity.engines.pb, solidarity.engines.pb.cli\n"
        "import pkgutil, importlib\n"
        "for m in pkgutil.walk_packages(solidarity.engines.__path__, 'solidarity.engines.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
