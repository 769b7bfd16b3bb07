"""A rebuild while the server runs: no failed request, and the new version is served without a restart."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import requests

from tests.http.conftest import Server, build_fixture_store

MARKER = "SELECT ?v WHERE { <urn:marker> <urn:is> ?v }"


def test_a_rebuild_is_picked_up_without_a_failed_request(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "store", extra='<urn:marker> <urn:is> "v1" .')
    # four concurrent clients from one address: a share as large as the load (fair use is test_fair_use's)
    with Server(store, tmp_path / "server.log", client_queries=8) as server:
        failures: list[tuple[int, str]] = []
        seen: list[str] = []
        stop = threading.Event()

        def client() -> None:
            with requests.Session() as session:
                while not stop.is_set():
                    response = session.get(server.sparql, params={"query": MARKER}, timeout=10)
                    if response.status_code != 200:
                        failures.append((response.status_code, response.text))
                        continue
                    seen.extend(row["v"]["value"] for row in response.json()["results"]["bindings"])

        clients = [threading.Thread(target=client) for _ in range(4)]
        for thread in clients:
            thread.start()
        time.sleep(0.3)
        for version in ("v2", "v3"):
            build_fixture_store(store, extra=f'<urn:marker> <urn:is> "{version}" .')
            time.sleep(0.5)
        stop.set()
        for thread in clients:
            thread.join()

        assert failures == []
        assert {"v1", "v2", "v3"} <= set(seen)
        assert seen[-1] == "v3"
        response = requests.get(server.sparql, params={"query": MARKER}, timeout=10)
        assert [row["v"]["value"] for row in response.json()["results"]["bindings"]] == ["v3"]
        health = requests.get(server.url + "/health", timeout=10).json()
        assert health["version"] == store.resolve().name
        assert response.headers["X-KGBuild-Version"] == health["version"]
