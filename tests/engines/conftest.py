"""Shared fixtures for the engine tests. Nothing here imports Django."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = (ROOT / ".." / "shared" / "data" / "pabulib").resolve()
GOLDENS = Path(__file__).resolve().parent / "goldens"


def require_data() -> Path:
    """The shared Pabulib directory. Missing data skips the test locally but fails it in CI."""
    if DATA.is_dir():
        return DATA
    if os.environ.get("CI") == "true":
        pytest.fail(f"shared Pabulib data not found at {DATA} (CI=true, so this is an error)")
    pytest.skip(f"shared Pabulib data not found at {DATA}")


@lru_cache(maxsize=None)
def election(name: str):
    from solidarity.engines import pb

    return pb.read(require_data() / name)


@pytest.fixture
def data_dir() -> Path:
    return require_data()
