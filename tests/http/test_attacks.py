"""The threat model's attacks on the query path, against the real server (items 1–4 of docs/THREAT_MODEL.md).

A canary HTTP server on loopback counts every request that leaves; workers are killed and starved for real.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kgbuild import store as kgstore
from kgbuild.errors import QueryRefused, SandboxUnavailable
from kgbuild.web.executor import Executor
from kgbuild.web.worker import Job
from tests.http.canary import Canary
from tests.http.conftest import AUTH, Server, build_fixture_store
from tests.http.test_limits import RUNAWAY, _children

BYPASS_CHARS = ["\u203f", "\u0301", "\u200c", "\u3001", "\u2040"]


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A loopback server that records every request reaching it."""
    with Canary() as running:
        yield running


def _get(server: Server, query: str) -> requests.Response:
    return requests.post(
        server.sparql, data=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30
    )


# -- 1. SSRF ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("char", BYPASS_CHARS)
def test_unicode_prefix_names_do_not_smuggle_a_service(endpoint: Server, canary: Canary, char: str) -> None:
    query = f"PREFIX a{char}b: <{canary.url}> SELECT * WHERE {{ SERVICE a{char}b:x {{ ?s ?p ?o }} }}"
    response = _get(endpoint, query)
    assert response.status_code == 403, response.text
    assert f"SERVICE <{canary.url}x> is refused" in response.text
    assert canary.hits == []


def test_the_allowlist_is_not_a_way_around(tmp_path: Path, canary: Canary) -> None:
    store = build_fixture_store(tmp_path / "store")
    with Server(store, tmp_path / "server.log", service_allow="https://query.wikidata.org/") as server:
        for char in BYPASS_CHARS:
            query = f"PREFIX a{char}b: <{canary.url}> SELECT * WHERE {{ SERVICE a{char}b:x {{ ?s ?p ?o }} }}"
            assert _get(server, query).status_code == 403
        # a literal private address inside the allowlist is still refused unless private hosts are allowed
    assert canary.hits == []


def test_load_and_update_where_do_not_smuggle_a_call(update_endpoint: Server, canary: Canary) -> None:
    for char in BYPASS_CHARS:
        for update in (
            f"PREFIX a{char}b: <{canary.url}> LOAD a{char}b:data.ttl",
            f"PREFIX a{char}b: <{canary.url}> INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE a{char}b:x {{ ?s ?p ?o }} }}",
        ):
            response = requests.post(update_endpoint.url + "/update", data={"update": update}, headers=AUTH, timeout=30)
            assert response.status_code == 403, response.text
    assert canary.hits == []


def _version(store: Path) -> str:
    found = kgstore.current_version(store)
    assert found is not None
    return str(found.resolve())


def test_the_sandbox_stops_a_call_the_text_check_missed(tmp_path: Path, canary: Canary) -> None:
    """Defence in depth: the job goes straight to a worker, past the text check, as a bypass would."""
    store = build_fixture_store(tmp_path / "store")
    job = Job(
        "query",
        version=_version(store),
        text=f"SELECT * WHERE {{ SERVICE <{canary.url}sandboxed> {{ ?s ?p ?o }} }}",
        results_format="json",
    )
    confined = Executor(store, workers=1, timeout=20, sandbox=True)
    try:
        with pytest.raises(QueryRefused, match="cannot do"):
            confined.run(job)
    finally:
        confined.close()
    assert canary.hits == []
    # the same job in a worker without the sandbox does reach the canary: the test can see a call
    open_worker = Executor(store, workers=1, timeout=20, sandbox=False)
    try:
        reply = open_worker.run(job)
        assert reply.head.status == 200
        reply.close()
    finally:
        open_worker.close()
    assert [path for _, path in canary.hits] == ["/sandboxed"]


def test_without_seccomp_the_workers_refuse_rather_than_run_unconfined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A system without libseccomp, made by shadowing the package in the workers' import path."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "pyseccomp.py").write_text("raise OSError('libseccomp.so.2: cannot open shared object file')\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(shadow), os.environ.get("PYTHONPATH", "")]))
    store = build_fixture_store(tmp_path / "store")
    job = Job("query", version=_version(store), text="ASK {}", results_format="json")
    confined = Executor(store, workers=1, timeout=20, sandbox=True)
    try:
        with pytest.raises(SandboxUnavailable) as refused:
            confined.run(job)
    finally:
        confined.close()
    assert refused.value.status == 503
    assert "libseccomp" in refused.value.message and "KGBUILD_SANDBOX=no" in refused.value.message
    unconfined = Executor(store, workers=1, timeout=20, sandbox=False)  # the operator's deliberate choice
    try:
        assert unconfined.run(job).head.status == 200
    finally:
        unconfined.close()


def test_allowed_services_may_not_reach_private_addresses(tmp_path: Path, canary: Canary) -> None:
    store = build_fixture_store(tmp_path / "store")
    query = f"SELECT * WHERE {{ SERVICE <{canary.url}sparql> {{ ?s ?p ?o }} }}"
    with Server(store, tmp_path / "closed.log", service_allow=canary.url) as server:
        response = _get(server, query)
        assert response.status_code == 403 and "KGBUILD_SERVICE_ALLOW_PRIVATE" in response.text
    assert canary.hits == []
    with Server(store, tmp_path / "open.log", service_allow=canary.url, service_allow_private="yes") as server:
        response = _get(server, query)
        assert response.status_code == 200, response.text
    assert [path for _, path in canary.hits] == ["/sparql"]


# -- 2, 3. Deep and huge queries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "ASK " + "{" * 5000 + "}" * 5000,
        "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 3000 + "}" * 3000 + "}",
        "SELECT * WHERE { FILTER(" + "(" * 50_000 + "1" + ")" * 50_000 + ") }",
        "SELECT * WHERE { FILTER(" + "!" * 100_000 + "true) }",
        "SELECT * WHERE { ?s ?p ?o " + "FILTER(true) " * 36_000 + "}",
    ],
    ids=["braces", "optionals", "parentheses", "negations", "filters"],
)
def test_deep_queries_are_a_400_and_no_worker_dies(endpoint: Server, query: str) -> None:
    response = _get(endpoint, query)
    assert response.status_code == 400, response.text
    assert "deeper than 64" in response.text or "operators" in response.text
    assert "worker died" not in endpoint.log()


def test_huge_glued_keywords_cost_the_server_little(endpoint: Server) -> None:
    started = time.monotonic()
    assert _get(endpoint, "ASK { ?s ?p " + "FROMNAMED" * 500 + " }").status_code == 400  # a syntax error
    assert _get(endpoint, "SELECT * WHERE { BIND(" + "SERVICE" * 120_000 + " AS ?x) }").status_code == 400
    assert time.monotonic() - started < 10  # was 23 s of CPU in the HTTP process
    assert "Traceback" not in endpoint.log()


# -- 4. Memory, crashes, retries -------------------------------------------------------------------------

GREEDY = "SELECT * WHERE { ?a0 ?b0 ?c0 " + "".join(f"OPTIONAL {{ ?a{i} ?b{i} ?c{i} " for i in range(1, 50))
GREEDY += "}" * 49 + "}"  # 1.3 kB; grows by hundreds of MB a second on the fixture store


def test_a_query_past_the_memory_cap_is_a_503_and_not_run_again(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "store")
    with Server(store, tmp_path / "server.log", query_memory=300, query_timeout=20) as server:
        response = _get(server, GREEDY)
        assert response.status_code == 503
        assert "300 MiB" in response.text and "KGBUILD_QUERY_MEMORY" in response.text
        assert requests.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=10).json()["boolean"]
        log = server.log()
        assert log.count("query worker died") == 1  # the second worker never ran it
        assert "past KGBUILD_QUERY_MEMORY" in log


def test_a_query_that_crashed_its_worker_is_not_retried(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "store")
    with Server(store, tmp_path / "server.log", query_timeout=20) as server:
        (web,) = _children(server.process.pid)
        outcome: dict[str, requests.Response] = {}
        client = threading.Thread(target=lambda: outcome.setdefault("r", _get(server, RUNAWAY)))
        client.start()
        deadline = time.monotonic() + 10
        busy: list[int] = []
        while not busy and time.monotonic() < deadline:  # the worker whose CPU time grows runs the query
            before = {pid: _cpu(pid) for pid in _children(web)}
            time.sleep(0.3)
            busy = [pid for pid, cpu in before.items() if _cpu(pid) - cpu > 0.15]
        assert busy, "no worker picked up the query"
        os.kill(busy[0], signal.SIGSEGV)  # as an engine bug would
        client.join(timeout=30)
        response = outcome["r"]
        assert response.status_code == 400
        assert "crash" in response.text and "SIGSEGV" in response.text
        log = server.log()
        assert log.count("query worker died") == 1
        assert "SIGSEGV" in log and "q=" in log
        assert requests.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=10).json()["boolean"]


def _cpu(pid: int) -> float:
    """Seconds of CPU ``pid`` has used (user + system)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
