"""The row cap (with its truncation headers) and the time limit that really stops a runaway query."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph

from tests.http.conftest import Server, build_fixture_store

ROWS = "SELECT ?a ?b WHERE {{ ?a ?p ?x . ?b ?q ?y }} LIMIT {limit}"  # the fixture has > 60 triples: > 3600 pairs
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_rows_past_the_cap_are_cut_and_say_so(endpoint: Server, fmt: str) -> None:
    response = requests.get(endpoint.sparql, params={"query": ROWS.format(limit=1000), "format": fmt}, timeout=10)
    assert response.status_code == 200
    assert response.headers["X-KGBuild-Truncated"] == "true"
    assert response.headers["X-KGBuild-Max-Rows"] == "50"
    if fmt == "csv":
        assert len(response.text.splitlines()) == 51
    else:
        media = ox.QueryResultsFormat.from_media_type(response.headers["Content-Type"])
        assert len(list(ox.parse_query_results(response.content, media))) == 50  # type: ignore[arg-type]


def test_results_within_the_cap_are_whole(endpoint: Server) -> None:
    response = requests.get(endpoint.sparql, params={"query": ROWS.format(limit=50)}, timeout=10)
    assert "X-KGBuild-Truncated" not in response.headers
    assert len(response.json()["results"]["bindings"]) == 50


def test_construct_is_capped_in_triples(endpoint: Server) -> None:
    query = "CONSTRUCT { ?a <urn:pair> ?b } WHERE { ?a ?p ?x . ?b ?q ?y }"
    response = requests.get(endpoint.sparql, params={"query": query, "format": "ntriples"}, timeout=10)
    assert response.headers["X-KGBuild-Truncated"] == "true"
    assert len(Graph().parse(data=response.text, format="nt")) == 50


def test_a_runaway_query_is_stopped_while_others_are_answered(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "store")
    # one client here runs the runaway and the small queries: its share may hold both workers (test_fair_use
    # checks that shares keep clients apart)
    with Server(store, tmp_path / "server.log", query_timeout=2, client_queries=2) as server:
        outcome: dict[str, object] = {}

        def runaway() -> None:
            started = time.monotonic()
            response = requests.get(server.sparql, params={"query": RUNAWAY}, timeout=30)
            outcome["status"], outcome["text"] = response.status_code, response.text
            outcome["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.3)
        slowest = 0.0
        while thread.is_alive():
            for call in (
                lambda: requests.get(server.url + "/health", timeout=5),
                lambda: requests.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=5),
            ):
                started = time.monotonic()
                assert call().status_code == 200
                slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.05)
        thread.join()
        assert outcome["status"] == 503
        assert "stopped after 2 s" in str(outcome["text"]) and "KGBUILD_QUERY_TIMEOUT" in str(outcome["text"])
        assert float(outcome["seconds"]) < 3.0  # type: ignore[arg-type]
        assert slowest < 0.5
        # the killed worker was replaced: the pool keeps answering, twice over
        for _ in range(6):
            assert requests.get(server.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200
        assert "Traceback" not in server.log()


def test_large_results_stream_in_chunks(endpoint: Server) -> None:
    big = "한" * 3000  # 9 kB of UTF-8 a row, 50 rows: several 64 kB chunks
    values = " ".join(f'("{big}{n}")' for n in range(50))
    query = f"SELECT ?text WHERE {{ VALUES (?text) {{ {values} }} }}"
    headers = {"Content-Type": "application/sparql-query"}
    with requests.post(endpoint.sparql, data=query.encode(), headers=headers, stream=True, timeout=30) as response:
        assert response.status_code == 200
        assert "Content-Length" not in response.headers
        assert response.headers["Transfer-Encoding"] == "chunked"
        body = b"".join(response.iter_content(chunk_size=None))
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) == 50 and rows[49]["text"]["value"] == big + "49"
    assert requests.get(endpoint.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; the kernel's parent-death signal")
def test_query_processes_end_with_their_web_process(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "store")
    with Server(store, tmp_path / "server.log") as server:
        (web,) = _children(server.process.pid)
        workers = _children(web)
        assert len(workers) == 2

        def runaway() -> None:
            with contextlib.suppress(requests.ConnectionError):  # its web process is about to be killed
                requests.get(server.sparql, params={"query": RUNAWAY}, timeout=30)

        client = threading.Thread(target=runaway)
        client.start()
        time.sleep(0.3)
        os.kill(web, signal.SIGKILL)  # gunicorn starts a new web process; the runaway query must not live on
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if requests.get(server.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        assert requests.get(server.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200
        client.join()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_query_worker_that_died_is_replaced(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "store")
    with Server(store, tmp_path / "server.log") as server:
        (web,) = _children(server.process.pid)
        for pid in _children(web):
            os.kill(pid, signal.SIGKILL)  # as the kernel's OOM killer would
        for _ in range(4):
            assert requests.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=10).json()["boolean"]
        assert "had died" in server.log()
