"""One log line per request: method, path, status, time in ms and a sha256 prefix of the query."""

from __future__ import annotations

import hashlib
import re
import time

import requests

from tests.http.conftest import Server


def _wait_for(server: Server, pattern: str) -> re.Match[str]:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        match = re.search(pattern, server.log())
        if match:
            return match
        time.sleep(0.05)
    raise AssertionError(f"no log line matching {pattern!r} in:\n{server.log()[-2000:]}")


def test_each_request_logs_one_line(endpoint: Server) -> None:
    query = f"ASK {{ <urn:log-test-{time.time_ns()}> ?p ?o }}"
    digest = hashlib.sha256(query.encode()).hexdigest()[:12]
    requests.get(endpoint.sparql, params={"query": query}, timeout=10)
    line = _wait_for(endpoint, rf"GET /sparql 200 (\d+\.\d)ms q={digest}")
    assert float(line.group(1)) < 10_000
    assert len(re.findall(rf"q={digest}", endpoint.log())) == 1
    requests.get(endpoint.url + "/health", timeout=10)
    _wait_for(endpoint, r"GET /health 200 \d+\.\dms q=-")


def test_a_failed_request_is_logged_without_a_stack_trace(endpoint: Server) -> None:
    query = f"SELECT * WHERE {{ ?s ?p }} # {time.time_ns()}"
    digest = hashlib.sha256(query.encode()).hexdigest()[:12]
    requests.get(endpoint.sparql, params={"query": query}, timeout=10)
    _wait_for(endpoint, rf"GET /sparql 400 \d+\.\dms q={digest}")
    assert "Traceback" not in endpoint.log()
