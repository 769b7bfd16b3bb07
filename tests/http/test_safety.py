"""SERVICE, LOAD and FROM of outside IRIs are refused: the tokenizer, then over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from kgbuild.errors import QueryRefused
from kgbuild.sparql_text import add_using, analyze, check
from tests.http.conftest import AUTH, GRAPH, Server, build_fixture_store

EVIL = "PREFIX : <http://evil.example/> PREFIX e: <http://evil.example/> "


def _refused(text: str, *, allow: tuple[str, ...] = (), inside: set[str] = frozenset()) -> str | None:  # type: ignore[assignment]
    try:
        check(analyze(text), allow=allow, endpoint="http://127.0.0.1/sparql", inside=inside.__contains__)
    except QueryRefused as err:
        return err.message
    return None


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://evil.example/sparql> { ?s ?p ?o } }",
        EVIL + "SELECT * { SERVICE e:sparql { ?s ?p ?o } }",
        # pyoxigraph's parser takes keywords glued to what follows; so does the check
        EVIL + "SELECT * { SERVICE:x { ?s ?p ?o } }",
        EVIL + "SELECT * { SERVICESILENT:x { ?s ?p ?o } }",
        "SELECT * { SERVICESILENT<http://evil.example/> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o .SERVICE<http://evil.example/>{ ?s ?p ?o } }",
        "SELECT * { ?s ?p 'x'.SERVICE<http://evil.example/>{} }",
        "PREFIXe:<http://evil.example/> SELECT * { SERVICE e:x {} }",
        "SELECT * { SERVICE <http\\u003A//evil.example/> {} }",  # \\u escapes inside IRIs count
        "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }",
        "BASE <http://evil.example/> SELECT * { SERVICE <sparql> {} }",
        "SELECT * { SERVICE <relative> {} }",
        "SELECT * { # a comment\n SERVICE <http://evil.example/> {} }",
        "LOAD <http://evil.example/data.ttl>",
        "LOAD SILENT <http://evil.example/data.ttl> INTO GRAPH <https://kgbuild.org/graph/x>",
        "LOADSILENT<http://evil.example/x>",
        "INSERT DATA { <http://a> <http://b> 'c' } ; LOAD <http://evil.example/x>",
        "SELECT * FROM <http://elsewhere.example/graph> { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://elsewhere.example/graph> { ?s ?p ?o }",
        "SELECT * FROMNAMED<http://elsewhere.example/graph> { ?s ?p ?o }",
        "INSERT { ?s ?p ?o } USING <http://elsewhere.example/g> WHERE { ?s ?p ?o }",
    ],
)
def test_outside_references_are_refused(text: str) -> None:
    message = _refused(text)
    assert message is not None
    assert "KGBUILD_SERVICE_ALLOW" in message


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ?s ?p 'SERVICE <http://evil.example/>' }",
        'SELECT * { ?s ?p """a "" SERVICE <http://evil.example/> """ }',
        "SELECT * { ?s ?p ?o } # SERVICE <http://evil.example/>",
        "SELECT * { ?s <http://x/SERVICE> ?o }",
        "SELECT ?service ?load ?from { ?service ?load ?from }",
        "PREFIX service: <http://ok.example/> SELECT * { ?s service:load ?o }",
        EVIL + "SELECT * { ?s ?p e:o.SERVICE }",  # one prefixed name, as the grammar reads it
        "SELECT * FROM <https://kgbuild.org/graph/gazetteer> { ?s ?p ?o }",  # under the base
        "SELECT * FROM <http://kasei.us/data1.rdf> { ?s ?p ?o }",  # a graph of the store (see inside=)
    ],
)
def test_inside_references_and_lookalikes_pass(text: str) -> None:
    inside = {"http://kasei.us/data1.rdf"} | {GRAPH + "gazetteer"}
    assert _refused(text, inside=inside) is None


def test_the_allowlist_is_by_prefix() -> None:
    text = "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    assert _refused(text, allow=("https://query.wikidata.org/",)) is None
    assert _refused(text, allow=("https://query.wikidata.org/other",)) is not None


def test_form_and_update_detection() -> None:
    assert analyze("PREFIX a: <x:> SELECT * {}").form == "SELECT"
    assert analyze("ask{}").form == "ASK"
    assert analyze("CLEAR ALL").is_update
    assert analyze("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }").update_dataset
    assert not analyze("INSERT DATA { <a:b> <a:c> 'WITH' }").update_dataset
    assert analyze("SELECT * FROM <g:x> {}").dataset_clause
    assert not analyze("SELECT * { GRAPH <g:x> { ?s ?p ?o } }").dataset_clause


def test_add_using_goes_before_each_modify_where() -> None:
    text = "CLEAR ALL ; INSERT { ?s a ?t } WHERE { { SELECT * WHERE { ?s a ?t } } } ; DELETE WHERE { ?a ?b ?c }"
    out = add_using(text, analyze(text), default=["http://g/1"], named=["http://g/2"])
    assert out == (
        "CLEAR ALL ; INSERT { ?s a ?t } USING <http://g/1> USING NAMED <http://g/2> WHERE "
        "{ { SELECT * WHERE { ?s a ?t } } } ; DELETE WHERE { ?a ?b ?c }"
    )


# -- over HTTP -------------------------------------------------------------------------------------------


def test_service_is_refused_with_403(endpoint: Server) -> None:
    query = "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }"
    response = requests.get(endpoint.sparql, params={"query": query}, timeout=10)
    assert response.status_code == 403
    assert "SERVICE <http://evil.example/sparql> is refused" in response.text


def test_from_outside_is_refused_and_from_inside_runs(endpoint: Server) -> None:
    outside = requests.get(endpoint.sparql, params={"query": "ASK FROM <http://elsewhere.example/g> {}"}, timeout=10)
    assert outside.status_code == 403 and "names no graph of this store" in outside.text
    inside = requests.get(endpoint.sparql, params={"query": f"ASK FROM <{GRAPH}entities> {{ ?s ?p ?o }}"}, timeout=10)
    assert inside.status_code == 200 and inside.json()["boolean"] is True


def test_load_is_refused_at_update(update_endpoint: Server) -> None:
    response = requests.post(
        update_endpoint.url + "/update",
        data={"update": "LOAD <http://evil.example/data.ttl>"},
        headers=AUTH,
        timeout=10,
    )
    assert response.status_code == 403 and "LOAD <http://evil.example/data.ttl> is refused" in response.text


def test_an_allowed_service_gets_through(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "store")
    allowed = "http://127.0.0.1:9/"  # the discard port: nothing answers, SILENT makes that an empty result
    with Server(store, tmp_path / "server.log", service_allow=allowed, service_allow_private="yes") as server:
        query = f"SELECT * WHERE {{ SERVICE SILENT <{allowed}sparql> {{ ?s ?p ?o }} }}"
        response = requests.get(server.sparql, params={"query": query}, timeout=30)
        assert response.status_code == 200, response.text
        failing = requests.get(server.sparql, params={"query": query.replace(" SILENT", "")}, timeout=30)
        assert failing.status_code == 502 and "KGBUILD_SERVICE_ALLOW failed" in failing.text
        refused = requests.get(server.sparql, params={"query": "ASK { SERVICE <http://127.0.0.2/> {} }"}, timeout=10)
        assert refused.status_code == 403 and allowed in refused.text
