"""/sparql and /health over real HTTP: the SPARQL 1.1 Protocol's ways in, datasets, errors, HEAD, OPTIONS, CORS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from kgbuild import store as kgstore
from tests.http.conftest import GRAPH, ID, Server, select

REGIONS = """PREFIX kg: <https://kgbuild.org/def/kgbuild#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE {
  VALUES ?type { kg:Sido kg:Sigungu } ?r a ?type ; skos:prefLabel ?label FILTER(lang(?label) = 'en')
} ORDER BY ?label"""
PROJECT_REGIONS = """PREFIX kg: <https://kgbuild.org/def/kgbuild#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name WHERE { ?p a kg:RegionalProject ; kg:region ?r . ?r skos:prefLabel ?name FILTER(lang(?name) = 'en') }
ORDER BY ?name"""


def test_health_names_the_served_version_and_its_size(endpoint: Server) -> None:
    response = requests.get(endpoint.url + "/health", timeout=10)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"] == os.readlink(endpoint.store).rsplit("/", 1)[-1]
    assert body["triples"] == len(kgstore.open_read_only(endpoint.store))
    assert body["named_graphs"] == 3
    assert body["updates"] is False


def test_get_post_form_and_post_direct_give_the_same_rows(endpoint: Server) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    get = requests.get(endpoint.sparql, params={"query": REGIONS}, headers=accept, timeout=10)
    form = requests.post(endpoint.sparql, data={"query": REGIONS}, headers=accept, timeout=10)
    direct = requests.post(
        endpoint.sparql,
        data=REGIONS.encode(),
        headers={**accept, "Content-Type": "application/sparql-query; charset=utf-8"},
        timeout=10,
    )
    rows = [[b["label"]["value"] for b in r.json()["results"]["bindings"]] for r in (get, form, direct)]
    assert rows[0] == ["Busan", "Gangwon", "Jung-gu", "Ulsan"]
    assert rows[0] == rows[1] == rows[2]


def test_the_default_graph_is_the_union_of_the_named_graphs(endpoint: Server) -> None:
    # Projects live in the release graph, region names in the gazetteer: one pattern spans both.
    assert [row["name"] for row in select(endpoint, PROJECT_REGIONS)] == ["Gangwon", "Ulsan"]


def test_default_graph_uri_makes_the_default_graph(endpoint: Server) -> None:
    rows = select(endpoint, PROJECT_REGIONS, **{"default-graph-uri": GRAPH + "gazetteer"})
    assert rows == []
    assert len(select(endpoint, REGIONS, **{"default-graph-uri": GRAPH + "gazetteer"})) == 4


def test_named_graph_uri_limits_graph_patterns(endpoint: Server) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert {r["g"] for r in select(endpoint, query)} == {
        GRAPH + "gazetteer",
        GRAPH + "entities",
        GRAPH + "release/2019-04-23-msit",
    }
    assert [r["g"] for r in select(endpoint, query, **{"named-graph-uri": GRAPH + "entities"})] == [GRAPH + "entities"]


def test_from_in_the_query_replaces_the_union(endpoint: Server) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}entities> WHERE {{ ?s ?p ?o }}"
    entities = len(list(kgstore.open_read_only(endpoint.store).quads_for_pattern(None, None, None, _graph("entities"))))
    assert select(endpoint, query) == [{"n": str(entities)}]


def test_relative_iris_resolve_against_the_endpoint(endpoint: Server) -> None:
    response = requests.get(
        endpoint.sparql,
        params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
        headers={"Accept": "application/n-triples"},
        timeout=10,
    )
    assert response.text.startswith(f"<{endpoint.url}/s> <{endpoint.url}/p> ")


def test_korean_text_round_trips(endpoint: Server) -> None:
    query = 'PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?r WHERE { ?r skos:altLabel "울산"@ko }'
    assert select(endpoint, query) == [{"r": ID + "region/ulsan"}]


def _graph(name: str):
    import pyoxigraph as ox

    return ox.NamedNode(GRAPH + name)


# -- errors: each a 4xx with a message, never a stack trace -----------------------------------------------

ASK = "ASK {}"
ERRORS = [
    ("missing query", "POST", {}, {"data": {"format": "json"}}, 400, "missing query"),
    ("empty query", "GET", {"query": " "}, {}, 400, "empty"),
    ("repeated query", "GET", {"query": [ASK, "SELECT * {}"]}, {}, 400, "send exactly one"),
    (
        "query in URL and body",
        "POST",
        {"query": ASK},
        {"data": ASK, "ctype": "application/sparql-query"},
        400,
        "exactly one",
    ),
    ("wrong method", "PUT", {"query": ASK}, {}, 405, "PUT is not allowed on /sparql"),
    ("wrong media type", "POST", {}, {"data": ASK, "ctype": "text/plain"}, 415, "application/sparql-query"),
    ("no media type", "POST", {}, {"data": "query=ASK%20%7B%7D"}, 415, "needs a Content-Type"),
    (
        "not UTF-8 charset",
        "POST",
        {},
        {"data": ASK.encode("utf-16"), "ctype": "application/sparql-query; charset=UTF-16"},
        415,
        "UTF-8",
    ),
    ("syntax error", "GET", {"query": "SELECT * WHERE { ?s ?p }"}, {}, 400, "error at 1:"),
    ("update to /sparql", "POST", {}, {"data": {"update": "CLEAR ALL"}}, 400, "answers queries only"),
    ("update as query", "GET", {"query": "CLEAR ALL"}, {}, 400, "answers queries only"),
    (
        "update media type",
        "POST",
        {},
        {"data": "CLEAR ALL", "ctype": "application/sparql-update"},
        400,
        "answers queries only",
    ),
    ("unknown parameter", "GET", {"query": ASK, "limit": "3"}, {}, 400, "unknown parameter 'limit'"),
    ("unknown format", "GET", {"query": ASK, "format": "yaml"}, {}, 400, "unknown format 'yaml'"),
    ("relative graph", "GET", {"query": ASK, "default-graph-uri": "gazetteer"}, {}, 400, "not an absolute IRI"),
    ("no query, a dataset", "GET", {"named-graph-uri": GRAPH + "entities"}, {}, 400, "missing query"),
]


def _send(server: Server, method: str, params: dict, spec: dict, accept: str | None = None) -> requests.Response:
    headers = {}
    if "ctype" in spec:
        headers["Content-Type"] = spec["ctype"]
    if accept:
        headers["Accept"] = accept
    data = spec.get("data")
    if isinstance(data, str):
        data = data.encode()
    return requests.request(method, server.sparql, params=params, data=data, headers=headers, timeout=10)


@pytest.mark.parametrize(("case", "method", "params", "spec", "status", "fragment"), ERRORS, ids=[e[0] for e in ERRORS])
def test_client_mistakes_are_4xx_with_a_message(
    endpoint: Server, case: str, method: str, params: dict, spec: dict, status: int, fragment: str
) -> None:
    response = _send(endpoint, method, params, spec)
    assert response.status_code == status, response.text
    assert fragment in response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "Traceback" not in response.text


@pytest.mark.parametrize(("case", "method", "params", "spec", "status", "fragment"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_have_one_shape_in_json_and_html(
    endpoint: Server, case: str, method: str, params: dict, spec: dict, status: int, fragment: str
) -> None:
    as_json = _send(endpoint, method, params, spec, accept="application/json")
    assert as_json.status_code == status
    body = as_json.json()
    assert body["status"] == status and body["title"] and fragment in body["message"]
    as_html = _send(endpoint, method, params, spec, accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert as_html.status_code == status
    assert as_html.headers["Content-Type"].startswith("text/html")
    assert f"<h1>{status} " in as_html.text
    assert "<script" not in as_html.text


def test_405_names_the_allowed_methods(endpoint: Server) -> None:
    response = requests.delete(endpoint.sparql, timeout=10)
    assert response.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_html_error_pages_escape_the_query(endpoint: Server) -> None:
    response = requests.get(
        endpoint.sparql,
        params={"query": "SELECT <script>alert(1)</script>"},
        headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
        timeout=10,
    )
    assert response.status_code == 400
    assert "<script>alert" not in response.text


def test_invalid_utf8_is_a_400_naming_the_parameter(endpoint: Server) -> None:
    in_url = requests.get(endpoint.sparql + "?query=ASK%20%7B%7D%FF", timeout=10)
    assert in_url.status_code == 400 and "'query'" in in_url.text and "UTF-8" in in_url.text
    in_form = requests.post(
        endpoint.sparql,
        data=b"query=%C3%28",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert in_form.status_code == 400 and "UTF-8" in in_form.text
    direct = requests.post(
        endpoint.sparql, data=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}, timeout=10
    )
    assert direct.status_code == 400 and "UTF-8" in direct.text


def test_requests_over_the_size_limit_are_413(endpoint: Server) -> None:
    big = "ASK {}" + " " * 1_100_000
    body = requests.post(
        endpoint.sparql, data=big.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert body.status_code == 413 and "KGBUILD_MAX_REQUEST_BYTES" in body.text
    url = requests.get(endpoint.sparql, params={"query": big}, timeout=30)
    assert url.status_code == 413 and "KGBUILD_MAX_REQUEST_BYTES" in url.text
    assert requests.get(endpoint.sparql, params={"query": ASK}, timeout=10).status_code == 200


def test_head_answers_like_get_without_a_body(endpoint: Server) -> None:
    get = requests.get(endpoint.sparql, params={"query": REGIONS}, timeout=10)
    head = requests.head(endpoint.sparql, params={"query": REGIONS}, timeout=10)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    bad = requests.head(endpoint.sparql, params={"query": "SELECT"}, timeout=10)
    assert bad.status_code == 400
    for _ in range(4):  # the workers that served HEAD are free again
        assert requests.get(endpoint.sparql, params={"query": ASK}, timeout=10).status_code == 200


def test_options_preflight_and_cors(endpoint: Server) -> None:
    preflight = requests.options(
        endpoint.sparql,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=10,
    )
    assert preflight.status_code in (200, 204)
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    assert {"GET", "POST"} <= {m.strip() for m in preflight.headers["Allow"].split(",")}
    origin = {"Origin": "https://example.org"}
    get = requests.get(endpoint.sparql, params={"query": ASK}, headers=origin, timeout=10)
    post = requests.post(endpoint.sparql, data={"query": ASK}, headers=origin, timeout=10)
    for response in (get, post):
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "X-KGBuild-Truncated" in response.headers["Access-Control-Expose-Headers"]


def test_without_a_built_store_the_endpoint_says_how_to_build_one(tmp_path: Path) -> None:
    with Server(tmp_path / "store", tmp_path / "server.log") as server:
        health = requests.get(server.url + "/health", timeout=10)
        assert health.status_code == 503 and health.json()["status"] == "no store"
        query = requests.get(server.sparql, params={"query": ASK}, timeout=10)
        assert query.status_code == 503 and "kgbuild build" in query.text
        assert "Traceback" not in server.log()
