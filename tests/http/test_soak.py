"""Soak (``make test-attack``): thousands of mixed requests, hostile ones among them; memory stays flat."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
import requests

from tests.http.conftest import Server, build_fixture_store
from tests.http.test_limits import _children

pytestmark = pytest.mark.attack

ROUNDS = int(os.environ.get("KGBUILD_SOAK_ROUNDS", "3000"))


def _rss(pid: int) -> int:
    """Resident bytes of ``pid``."""
    pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def test_memory_is_flat_under_a_mixed_hostile_load(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "store")
    with Server(store, tmp_path / "server.log", client_query_seconds=0) as server:
        (web,) = _children(server.process.pid)
        big = "SELECT * WHERE { BIND(" + "SERVICE" * 100_000 + " AS ?x) }"
        calls = [
            lambda: requests.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 20"}, timeout=30),
            lambda: requests.get(server.url + "/id/region/ulsan", headers={"Accept": "text/html"}, timeout=30),
            lambda: requests.get(server.url + "/health", timeout=30),
            lambda: requests.post(server.sparql, data={"query": big}, timeout=30),
            lambda: requests.get(server.sparql, params={"query": "ASK " + "{" * 3000 + "}" * 3000}, timeout=30),
            lambda: requests.get(server.sparql, params={"query": f"ASK {{ ?s ?p '{random.random()}' }}"}, timeout=30),
        ]
        for call in calls * 20:  # warm up: caches fill to their bounds
            call()
        before = _rss(web)
        for n in range(ROUNDS):
            response = calls[n % len(calls)]()
            assert response.status_code < 500, response.text
        grown = _rss(web) - before
        assert grown < 64 * 1024 * 1024, f"the HTTP process grew {grown >> 20} MiB over {ROUNDS} requests"
        assert "Traceback" not in server.log()
