"""/update and /store: absent without a token, token-protected with one, each write a new store version."""

from __future__ import annotations

import os
import time

import pytest
import requests
from rdflib import Graph, Literal, URIRef

from kgbuild import store as kgstore
from tests.http.conftest import AUTH, GRAPH, Server, select

SCRATCH = GRAPH + "scratch"
TURTLE = {"Content-Type": "text/turtle"}


def _update(server: Server, text: str, **params: str) -> requests.Response:
    return requests.post(server.url + "/update", data={"update": text, **params}, headers=AUTH, timeout=30)


def _version(server: Server) -> str:
    return os.readlink(server.store).rsplit("/", 1)[-1]


@pytest.mark.parametrize("path", ["/update", "/store?default"])
def test_without_a_token_there_is_no_update_and_no_store(endpoint: Server, path: str) -> None:
    for method in ("GET", "POST", "PUT", "DELETE"):
        assert requests.request(method, endpoint.url + path, headers=AUTH, timeout=10).status_code in (404, 405)
    assert requests.post(endpoint.url + path, data={"update": "CLEAR ALL"}, timeout=10).status_code == 404


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "Basic dXNlcjpwYXNz", "Bearer"])
def test_writes_need_the_bearer_token(update_endpoint: Server, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    before = _version(update_endpoint)
    for response in (
        requests.post(update_endpoint.url + "/update", data={"update": "CLEAR ALL"}, headers=headers, timeout=10),
        requests.get(update_endpoint.url + "/store", params={"default": ""}, headers=headers, timeout=10),
        requests.delete(update_endpoint.url + "/store", params={"graph": SCRATCH}, headers=headers, timeout=10),
    ):
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert "Authorization: Bearer" in response.text
    assert _version(update_endpoint) == before


def test_an_update_is_seen_by_the_next_query(update_endpoint: Server) -> None:
    before = _version(update_endpoint)
    response = _update(update_endpoint, f'INSERT DATA {{ GRAPH <{SCRATCH}> {{ <urn:a> <urn:says> "안녕" }} }}')
    assert response.status_code == 204, response.text
    assert response.headers["X-KGBuild-Version"] == _version(update_endpoint) != before
    assert select(update_endpoint, "SELECT ?o WHERE { <urn:a> <urn:says> ?o }") == [{"o": "안녕"}]
    direct = requests.post(
        update_endpoint.url + "/update",
        data=f"DELETE DATA {{ GRAPH <{SCRATCH}> {{ <urn:a> <urn:says> '안녕' }} }}".encode(),
        headers={**AUTH, "Content-Type": "application/sparql-update"},
        timeout=30,
    )
    assert direct.status_code == 204, direct.text
    assert select(update_endpoint, "SELECT ?o WHERE { <urn:a> <urn:says> ?o }") == []
    health = requests.get(update_endpoint.url + "/health", timeout=10).json()
    assert health["version"] == _version(update_endpoint) and health["updates"] is True


def test_a_bad_update_changes_nothing(update_endpoint: Server) -> None:
    before = _version(update_endpoint)
    versions = set(kgstore.versions_dir(update_endpoint.store).iterdir())
    response = _update(update_endpoint, "INSERT DATA { <urn:a> <urn:b> }")
    assert response.status_code == 400 and "error at 1:" in response.text
    assert _version(update_endpoint) == before
    time.sleep(0.2)  # nothing is written late into a removed copy
    assert set(kgstore.versions_dir(update_endpoint.store).iterdir()) == versions


def test_update_dataset_from_the_protocol_and_conflicts(update_endpoint: Server) -> None:
    _update(update_endpoint, f"DROP SILENT GRAPH <{SCRATCH}>")
    _update(update_endpoint, f"INSERT DATA {{ GRAPH <{SCRATCH}> {{ <urn:x> a <urn:Thing> }} }}")
    copy = f"INSERT {{ GRAPH <{SCRATCH}-copy> {{ ?s a <urn:Copied> }} }} WHERE {{ ?s a <urn:Thing> }}"
    assert _update(update_endpoint, copy, **{"using-graph-uri": SCRATCH}).status_code == 204
    assert select(update_endpoint, "SELECT ?s WHERE { ?s a <urn:Copied> }") == [{"s": "urn:x"}]
    conflict = _update(
        update_endpoint, f"WITH <{SCRATCH}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", **{"using-graph-uri": SCRATCH}
    )
    assert conflict.status_code == 400 and "USING or WITH" in conflict.text


def test_unknown_update_parameters_are_400(update_endpoint: Server) -> None:
    response = _update(update_endpoint, "CLEAR SILENT GRAPH <urn:none>", query="ASK {}")
    assert response.status_code == 400 and "unknown parameter 'query'" in response.text


def test_graph_store_put_get_post_delete(update_endpoint: Server) -> None:
    store = update_endpoint.url + "/store"
    target = {"graph": GRAPH + "gsp"}
    requests.delete(store, params=target, headers=AUTH, timeout=10)
    created = requests.put(
        store, params=target, data='<urn:s> <urn:p> "하나" .'.encode(), headers={**AUTH, **TURTLE}, timeout=10
    )
    assert created.status_code == 201, created.text
    replaced = requests.put(
        store, params=target, data=b'<urn:s> <urn:p> "two" .', headers={**AUTH, **TURTLE}, timeout=10
    )
    assert replaced.status_code == 204
    added = requests.post(
        store,
        params=target,
        data=b'<urn:s> <urn:p> "three" .',
        headers={**AUTH, "Content-Type": "application/n-triples"},
        timeout=10,
    )
    assert added.status_code == 204
    got = requests.get(store, params=target, headers={**AUTH, "Accept": "text/turtle"}, timeout=10)
    assert got.status_code == 200 and got.headers["Content-Type"].startswith("text/turtle")
    assert set(Graph().parse(data=got.text, format="turtle").objects(URIRef("urn:s"), URIRef("urn:p"))) == {
        Literal("two"),
        Literal("three"),
    }
    head = requests.head(store, params=target, headers=AUTH, timeout=10)
    assert head.status_code == 200 and head.content == b""
    assert requests.delete(store, params=target, headers=AUTH, timeout=10).status_code == 204
    gone = requests.get(store, params=target, headers=AUTH, timeout=10)
    assert gone.status_code == 404 and "no graph" in gone.text
    assert requests.delete(store, params=target, headers=AUTH, timeout=10).status_code == 404


def test_graph_store_default_graph_is_the_stores_own(update_endpoint: Server) -> None:
    store = update_endpoint.url + "/store"
    requests.put(
        store, params={"default": ""}, data=b"<urn:d> <urn:p> <urn:o> .", headers={**AUTH, **TURTLE}, timeout=10
    )
    got = requests.get(store, params={"default": ""}, headers={**AUTH, "Accept": "application/n-triples"}, timeout=10)
    assert got.text == "<urn:d> <urn:p> <urn:o> .\n"
    assert requests.delete(store, params={"default": ""}, headers=AUTH, timeout=10).status_code == 204


@pytest.mark.parametrize(
    ("params", "data", "content_type", "status", "fragment"),
    [
        ({"graph": GRAPH + "bad"}, b"<urn:s> <urn:p> .", "text/turtle", 400, "cannot be read"),
        ({"graph": GRAPH + "bad"}, b"whatever", "text/plain; charset=latin-1", 415, "UTF-8"),
        ({"graph": GRAPH + "bad"}, b"{}", "application/json-patch+json", 415, "takes RDF"),
        ({}, b"<urn:s> <urn:p> <urn:o> .", "text/turtle", 400, "name one graph"),
        ({"graph": "relative", "default": ""}, b"", "text/turtle", 400, "name one graph"),
        ({"graph": "relative"}, b"", "text/turtle", 400, "not an absolute IRI"),
    ],
)
def test_graph_store_mistakes(
    update_endpoint: Server, params: dict, data: bytes, content_type: str, status: int, fragment: str
) -> None:
    response = requests.put(
        update_endpoint.url + "/store",
        params=params,
        data=data,
        headers={**AUTH, "Content-Type": content_type},
        timeout=10,
    )
    assert response.status_code == status, response.text
    assert fragment in response.text


def test_old_versions_are_pruned(update_endpoint: Server) -> None:
    for n in range(5):
        assert (
            _update(update_endpoint, f"INSERT DATA {{ GRAPH <{SCRATCH}> {{ <urn:n> <urn:is> {n} }} }}").status_code
            == 204
        )
    versions = [v for v in kgstore.versions_dir(update_endpoint.store).iterdir() if v.is_dir()]
    assert len(versions) <= kgstore.KEEP_VERSIONS
