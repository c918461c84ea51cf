"""No import runs back up the layers.

    engines          plain Python: import nothing of ours outside engines (tests/engines/test_no_django.py)
    core, privacy    the kit and the privacy core: no capability app, and core imports no app at all
                     except privacy
    accounts, communities   no capability app, and neither imports the other's views
    capability apps  anything below them

Every import is read from the source, including those inside functions.
"""

import ast
from pathlib import Path

from django.apps import apps

from solidarity.core import capabilities

PACKAGE = Path(__file__).resolve().parent.parent
CORE_LAYERS = ("core", "privacy", "accounts", "communities")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module the source imports, relative imports resolved against `module`."""
    found = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def capability_packages() -> set[str]:
    return {apps.get_app_config(c.app_label).name for c in capabilities.all_capabilities()}


def problems_in(module: str, imported: set[str], capability_apps: set[str]) -> list[str]:
    layer = module.split(".")[1] if module.count(".") else ""
    found = []

    def under(name, package):
        return name == package or name.startswith(package + ".")

    if layer in CORE_LAYERS:
        found += [f"{module} imports capability {name}" for name in imported
                  if any(under(name, app) for app in capability_apps)]
    if layer == "core":
        found += [f"{module} imports app {name}" for name in imported
                  if any(under(name, f"solidarity.{app}") for app in ("accounts", "communities"))]
    if layer == "accounts":
        found += [f"{module} imports {name}" for name in imported if under(name, "solidarity.communities.views")]
    if layer == "communities":
        found += [f"{module} imports {name}" for name in imported if under(name, "solidarity.accounts.views")]
    return found


def test_no_import_runs_back_up():
    capability_apps = capability_packages()
    found = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).parts
        if "tests" in relative or "migrations" in relative:
            continue
        module = module_name(path)
        imported = imports_of(path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py")
        found += problems_in(module, imported, capability_apps)
    assert found == []


def test_the_check_catches_an_import_that_runs_back_up():
    capability_apps = capability_packages()
    lazy = "def f():\n    from solidarity.budgeting.models import Idea\n"
    assert "solidarity.privacy.disclosure imports capability solidarity.budgeting.models" in problems_in(
        "solidarity.privacy.disclosure", imports_of(lazy, "solidarity.privacy.disclosure"), capability_apps)
    relative = "from ..accounts.views import finish_login\n"
    assert problems_in("solidarity.communities.views", imports_of(relative, "solidarity.communities.views"),
                       capability_apps) != []
    assert problems_in("solidarity.core.charts", {"solidarity.communities.models"}, capability_apps) != []
    assert problems_in("solidarity.budgeting.views", {"solidarity.mutualaid.models"}, capability_apps) == []
