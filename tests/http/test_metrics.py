"""/metrics in the Prometheus text format: requests, latency, timeouts, 429s, worker deaths, the store."""

from __future__ import annotations

import re
from pathlib import Path

import requests

from tests.http.conftest import Server, build_fixture_store
from tests.http.test_attacks import GREEDY
from tests.http.test_limits import RUNAWAY


def _samples(text: str) -> dict[str, float]:
    """``name{labels}`` -> value, for every sample line; every line is a comment or a sample."""
    found = {}
    for line in text.splitlines():
        if line.startswith("#"):
            assert re.fullmatch(r"# (HELP|TYPE) kgbuild_\w+ .+", line), line
            continue
        match = re.fullmatch(r'(kgbuild_\w+(?:\{(?:\w+="(?:[^"\\]|\\.)*",?)*\})?) (\S+)', line)
        assert match, line
        found[match.group(1)] = float(match.group(2))
    return found


def test_metrics_count_what_happened(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "store")
    settings = {"query_timeout": 3, "query_memory": 300, "client_queries": 2, "client_query_seconds": 0}
    with Server(store, tmp_path / "server.log", **settings) as server:
        for _ in range(3):
            assert requests.get(server.sparql, params={"query": "ASK {}"}, timeout=10).status_code == 200
        assert requests.get(server.url + "/no/such/page", timeout=10).status_code == 404
        assert requests.get(server.url + "/dumps/kgbuild.nq", timeout=10).status_code == 200  # a file, passed through
        assert requests.get(server.url + "/static/kgbuild.css", timeout=10).status_code == 200
        assert requests.get(server.sparql, params={"query": RUNAWAY}, timeout=10).status_code == 503
        assert requests.get(server.sparql, params={"query": GREEDY}, timeout=10).status_code == 503
        response = requests.get(server.url + "/metrics", timeout=10)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        found = _samples(response.text)
    assert found['kgbuild_requests_total{route="/sparql",method="GET",status="200"}'] == 3
    assert found['kgbuild_requests_total{route="unmatched",method="GET",status="404"}'] == 1
    assert sum(v for k, v in found.items() if k.startswith('kgbuild_requests_total{route="/dumps/')) == 1
    assert sum(v for k, v in found.items() if k.startswith('kgbuild_requests_total{route="/static/')) == 1
    assert "GET /dumps/kgbuild.nq 200" in server.log() and "GET /static/kgbuild.css 200" in server.log()
    assert found['kgbuild_request_seconds_bucket{route="/sparql",le="+Inf"}'] == 5
    assert found['kgbuild_request_seconds_bucket{route="/sparql",le="0.5"}'] >= 3
    assert found["kgbuild_query_timeouts_total"] == 1
    assert found["kgbuild_query_memory_caps_total"] == 1
    assert found['kgbuild_worker_deaths_total{cause="timeout"}'] == 1
    assert found['kgbuild_worker_deaths_total{cause="memory cap"}'] == 1
    assert found["kgbuild_workers"] == 2
    assert found["kgbuild_store_triples"] > 50
    assert any(name.startswith("kgbuild_store_info{version=") for name in found)


def test_429s_are_counted(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "store")
    with Server(store, tmp_path / "server.log", client_query_seconds=0.001) as server:
        requests.get(server.sparql, params={"query": "ASK {}"}, timeout=10)
        refused = requests.get(server.sparql, params={"query": "ASK {}"}, timeout=10)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        found = _samples(requests.get(server.url + "/metrics", timeout=10).text)
    assert found["kgbuild_rate_limited_total"] == 1
    assert found['kgbuild_requests_total{route="/sparql",method="GET",status="429"}'] == 1
