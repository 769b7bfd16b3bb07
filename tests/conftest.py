"""Shared fixtures: the seed graph built once per session into a temporary store, and a CLI runner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kgbuild.paths import PROJECT_ROOT

SEED = PROJECT_ROOT / "sources" / "2019-04-23-msit-sw-convergence-cluster-2.0.txt"
FIXTURE_RELEASES = Path(__file__).parent / "fixtures" / "releases"


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed release built into a fresh store (the link path, as `--store` takes it)."""
    from kgbuild.build import build
    from kgbuild.config import DEFAULT_BASE

    store = tmp_path_factory.mktemp("seed") / "store"
    build([SEED], store_path=store, base=DEFAULT_BASE)
    return store


@pytest.fixture(scope="session")
def seed_ox(seed_store: Path):
    """The seed store opened read-only."""
    from kgbuild.store import open_read_only

    return open_read_only(seed_store)


def run_cli(*args: str, cwd: Path | None = None, check: bool = False, env: dict | None = None):
    """Run the real `kgbuild` console script; returns the CompletedProcess (text mode)."""
    exe = Path(sys.executable).with_name("kgbuild")
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, cwd=cwd or PROJECT_ROOT, check=check, env=env, timeout=300
    )
