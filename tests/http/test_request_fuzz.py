"""Property: no request a client can send makes the server answer 5xx or show a traceback.

Hypothesis writes requests — methods, paths near and far from the routes, parameters, Accept and Content-Type
headers, bodies of SPARQL fragments, RDF and noise, with and without the update token — and sends them to a
real server. The only 5xx allowed are the documented ones: the time limit, the memory cap, a busy server.

``make test`` sends a few hundred; ``make test-attack`` sets KGBUILD_ATTACK_EXAMPLES for thousands.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.http.conftest import AUTH, Server, build_fixture_store

EXAMPLES = int(os.environ.get("KGBUILD_ATTACK_EXAMPLES", "200"))
ALLOWED_5XX = ("Query timeout", "Query memory limit", "Server busy")

PATHS = st.sampled_from(
    [
        "/", "/query", "/sparql", "/sparql/", "/update", "/store", "/health", "/metrics", "/void",
        "/.well-known/void", "/dumps/", "/dumps/kgbuild.ttl", "/dumps/kgbuild.nq", "/prefixes.json",
        "/id/region/ulsan", "/id/region/ulsan.ttl", "/def/kgbuild", "/static/query.js", "/id/", "/id//x",
        "/id/%00", "/id/..%2f..%2fetc/passwd", "/static/../../pyproject.toml", "/%ff", "/id/한국", "//sparql",
    ]
)  # fmt: skip
FRAGMENTS = st.sampled_from(
    [
        "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "ASK {}", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2",
        "DESCRIBE <https://kgbuild.org/id/region/ulsan>", "SELECT", "{", "}", "PREFIX : <", "SERVICE <http://x/>",
        "INSERT DATA { <a:b> <a:c> 'd' }", "LOAD <http://127.0.0.1:9/>", "DROP ALL", "CLEAR DEFAULT", "\x00",
        "\ud7ff", "'''", '"', "#", "\\u0000", "FILTER(" * 30, "((((", "!!!!!!", "VALUES ?x { 1 2 }", "GRAPH ?g {",
        "BIND(1 AS ?x)", "COUNT(*)", "GROUP BY ?s", "ORDER BY ?s", "OFFSET 1", "@ko", "^^<x:y>", "한국어",
    ]
)  # fmt: skip
TEXT = st.lists(FRAGMENTS, max_size=6).map(" ".join) | st.text(max_size=40)
NAMES = ["query", "update", "format", "default-graph-uri", "named-graph-uri", "graph", "default", "using-graph-uri"]
PARAMS = st.dictionaries(st.sampled_from([*NAMES, "output", "x", "q", "lang"]), TEXT, max_size=3)
MEDIA = st.sampled_from(
    [
        "", "*/*", "text/html", "application/json", "application/sparql-results+json", "text/csv", "text/turtle",
        "application/rdf+xml", "application/ld+json", "application/n-quads", "image/png", "text/html;q=0",
        "application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "text/plain; charset=latin1", "garbage/", ";;;",
    ]
)  # fmt: skip
BODY = st.none() | TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")) | st.binary(max_size=60)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with the update token, on a store of its own (the fuzzer writes to it)."""
    store = build_fixture_store(tmp_path_factory.mktemp("fuzz") / "store")
    log = tmp_path_factory.mktemp("fuzz-log") / "server.log"
    with Server(store, log, update_token="fuzz-token-0123456789", query_timeout=5, client_queries=4) as running:
        yield running


def test_no_request_gets_an_undocumented_5xx(server: Server) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(
        method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "BREW"]),
        path=PATHS,
        params=PARAMS,
        accept=MEDIA,
        content_type=MEDIA,
        body=BODY,
        token=st.sampled_from([None, "fuzz-token-0123456789", "wrong"]),
    )
    def send(
        method: str,
        path: str,
        params: dict[str, str],
        accept: str,
        content_type: str,
        body: bytes | None,
        token: str | None,
    ) -> None:
        headers = {"Accept": accept, "Content-Type": content_type}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        response = requests.request(
            method, server.url + path, params=params, data=body, headers=headers, timeout=30, allow_redirects=False
        )
        assert response.status_code < 500 or any(t in response.text for t in ALLOWED_5XX), (
            method,
            path,
            params,
            headers,
            body,
            response.status_code,
            response.text[:300],
        )
        assert "Traceback" not in response.text

    send()
    assert server.log().count(" q=") >= EXAMPLES  # every example reached the app and was logged
    assert "Traceback" not in server.log()
    assert "worker died" not in server.log()
    assert requests.get(server.url + "/health", headers=AUTH, timeout=10).json()["status"] == "ok"
