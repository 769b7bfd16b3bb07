"""Fair use against the real server: one client's runaway queries cannot starve another's small ones (item 5)."""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import requests

from tests.http.conftest import Server, build_fixture_store
from tests.http.test_limits import RUNAWAY


def _ask(server: Server, client: str, query: str = "ASK { ?s ?p ?o }") -> requests.Response:
    return requests.get(server.sparql, params={"query": query}, headers={"X-Forwarded-For": client}, timeout=30)


def test_runaways_of_one_client_leave_a_worker_for_everyone_else(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "store")
    settings = {"query_timeout": 4, "client_header": "X-Forwarded-For", "client_query_seconds": 3}
    with Server(store, tmp_path / "server.log", **settings) as server:
        outcome: list[requests.Response] = []
        first = threading.Thread(target=lambda: outcome.append(_ask(server, "203.0.113.7", RUNAWAY)))
        first.start()
        time.sleep(0.5)
        # the same client's second runaway is refused at once: two workers, one client may hold one
        second = _ask(server, "proxy.example, 203.0.113.7", RUNAWAY)
        assert second.status_code == 429, second.text
        assert second.headers["Retry-After"] == "1" and "KGBUILD_CLIENT_QUERIES" in second.text
        # meanwhile a small query from someone else is answered quickly, every time
        waits = []
        while first.is_alive():
            started = time.monotonic()
            response = _ask(server, "198.51.100.2")
            waits.append(time.monotonic() - started)
            assert response.status_code == 200 and response.json()["boolean"]
            time.sleep(0.05)
        first.join()
        assert outcome[0].status_code == 503  # stopped at its time limit
        assert len(waits) >= 10 and max(waits) < 1.0 and statistics.median(waits) < 0.2
        # 4 s of query time spent, over its 3 s a minute: the runaway client waits, the other does not
        over = _ask(server, "203.0.113.7")
        assert over.status_code == 429 and "KGBUILD_CLIENT_QUERY_SECONDS" in over.text
        assert 50 <= int(over.headers["Retry-After"]) <= 60
        assert _ask(server, "198.51.100.2").status_code == 200
