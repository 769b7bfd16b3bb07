"""The real server process for the HTTP tests: a fixture store, `kgbuild serve`, helpers.

``build_fixture_store`` is the one place that decides what the tests query; switch its body to the seed graph
(``kgbuild build`` of the seed release) when that is wanted — the tests only rely on the names below.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kgbuild import store as kgstore

DATA = Path(__file__).parent / "data"
GRAPH = "https://kgbuild.org/graph/"
ID = "https://kgbuild.org/id/"
TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
KGBUILD = Path(sys.executable).with_name("kgbuild")


def build_fixture_store(store: Path, *, extra: str = "") -> Path:
    """Build tests/http/data/*.ttl into a new version of ``store``, each file in graph {GRAPH}<name>.

    A file ``release--x.ttl`` goes to graph ``{GRAPH}release/x``. ``extra`` (Turtle) goes to graph
    ``{GRAPH}extra`` — the rebuild test uses it to tell versions apart.
    """
    with kgstore.build_aside(store) as build:
        for path in sorted(DATA.glob("*.ttl")):
            kgstore.load_file(build.store, path, GRAPH + path.stem.replace("--", "/"))
        if extra:
            import pyoxigraph as ox

            build.store.load(extra.encode(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(GRAPH + "extra"))
    return store


class Server:
    """``kgbuild serve`` on a free port (``--port 0``), its log in a file; a context manager."""

    def __init__(self, store: Path, log: Path, **settings: object) -> None:
        self.store = store
        self.log_path = log
        env = {k: v for k, v in os.environ.items() if not k.startswith("KGBUILD_")}
        env.update({f"KGBUILD_{k.upper()}": str(v) for k, v in settings.items()})
        env["PYTHONUNBUFFERED"] = "1"
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            [str(KGBUILD), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
        )
        self.url = self._wait_for_address()
        self._wait_for_health()

    def _wait_for_address(self) -> str:
        assert self.process.stdout is not None
        found: list[str] = []

        def read() -> None:
            assert self.process.stdout is not None
            for raw in self.process.stdout:
                match = re.search(rb"at (http://\S+?)/ ", raw)
                if match and not found:
                    found.append(match.group(1).decode())

        self._reader = threading.Thread(target=read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + 30
        while not found:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start:\n{self.log()}")
            time.sleep(0.02)
        return found[0]

    def _wait_for_health(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=5).status_code in (200, 503):
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"/health did not answer:\n{self.log()}")

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture store (link path), built once for the read-only server."""
    return build_fixture_store(tmp_path_factory.mktemp("store") / "store")


@pytest.fixture(scope="session")
def endpoint(fixture_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The read-only server on the fixture store; a row cap of 50 so that truncation can be seen."""
    with Server(fixture_store, tmp_path_factory.mktemp("log") / "server.log", max_rows=50) as server:
        yield server


@pytest.fixture(scope="session")
def update_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with KGBUILD_UPDATE_TOKEN set, on its own store: tests set up the graphs they need."""
    store = build_fixture_store(tmp_path_factory.mktemp("store-rw") / "store")
    with Server(store, tmp_path_factory.mktemp("log") / "server.log", update_token=TOKEN) as server:
        yield server


def select(server: Server, query: str, **params: str) -> list[dict[str, str]]:
    """Run a SELECT through the endpoint; rows as {variable: value}."""
    response = requests.get(
        server.sparql,
        params={"query": query, **params},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]
