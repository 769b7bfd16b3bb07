"""Content negotiation: the negotiate() function, then every result format over HTTP, parsed back."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
import requests
from rdflib import Dataset, Graph, Literal, URIRef

from kgbuild.web import negotiation
from kgbuild.web.negotiation import GRAPHS, RESULTS, negotiate, pick
from tests.http.conftest import ID, Server

SELECT = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?r ?label WHERE { ?r skos:altLabel ?label } ORDER BY ?label"""
CONSTRUCT = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?r skos:altLabel ?label } WHERE { ?r skos:altLabel ?label }"""
ALT_LABELS = {
    ("region/busan", "부산"),
    ("region/gangwon", "강원"),
    ("region/ulsan", "울산"),
    ("ministry/msit", "과기정통부"),
}


# -- the function ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "json"),
        ("", "json"),
        ("*/*", "json"),
        ("*", "json"),
        ("application/sparql-results+xml", "xml"),
        ("application/xml", "xml"),  # an alias pyoxigraph knows
        ("application/json", "json"),
        ("text/csv;q=0.5, text/tab-separated-values", "tsv"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "xml"),
        ("text/*", "csv"),  # the first text/ offer
        ("text/*;q=0.2, application/sparql-results+json;q=0.1", "csv"),
        ("application/sparql-results+json;q=0, */*", "xml"),  # q=0 rules a type out
        ("image/png, */*;q=0.1", "json"),
        ("text/csv; charset=utf-8", "csv"),
        ("text/csv;q=oops, application/sparql-results+xml", "xml"),  # a bad q-value counts as 0
    ],
)
def test_negotiate_results(accept: str | None, expected: str) -> None:
    offer = negotiate(accept, RESULTS)
    assert offer is not None and offer.name == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "turtle"),
        ("*/*", "turtle"),
        ("application/rdf+xml", "rdfxml"),
        ("application/xml", "rdfxml"),
        ("application/ld+json", "jsonld"),
        ("application/json", "jsonld"),
        ("text/plain", "ntriples"),
        ("application/n-triples;q=0.5, text/turtle;q=0.4", "ntriples"),
        ("application/*", "ntriples"),
        ("application/trig", "trig"),
        ("application/n-quads", "nquads"),
    ],
)
def test_negotiate_graphs(accept: str | None, expected: str) -> None:
    offer = negotiate(accept, GRAPHS)
    assert offer is not None and offer.name == expected


def test_negotiate_says_none_when_nothing_fits() -> None:
    assert negotiate("image/png", RESULTS) is None
    assert negotiate("text/turtle", RESULTS) is None
    assert negotiate("application/sparql-results+json", GRAPHS) is None


def test_pick_prefers_format_values_in_order() -> None:
    assert pick(RESULTS, accept="text/csv", requested=["xml"]).name == "xml"  # type: ignore[union-attr]
    assert pick(RESULTS, accept=None, requested=["turtle", "tsv"]).name == "tsv"  # type: ignore[union-attr]
    assert pick(RESULTS, accept=None, requested=["text/tab-separated-values"]).name == "tsv"  # type: ignore[union-attr]
    assert pick(GRAPHS, accept=None, requested=["xml"]).name == "rdfxml"  # type: ignore[union-attr]
    assert pick(GRAPHS, accept=None, requested=["json-ld"]).name == "jsonld"  # type: ignore[union-attr]
    assert pick(GRAPHS, accept=None, requested=["csv"]) is None


def test_every_offer_serializes_through_pyoxigraph() -> None:
    assert all(isinstance(o.format, ox.QueryResultsFormat) for o in RESULTS)
    assert all(isinstance(o.format, ox.RdfFormat) for o in GRAPHS)
    assert negotiation.describe(RESULTS).startswith("application/sparql-results+json, ")


# -- over HTTP ------------------------------------------------------------------------------------------


def _get(server: Server, query: str, accept: str | None = None, **params: str) -> requests.Response:
    headers = {"Accept": accept} if accept is not None else {}
    response = requests.get(server.sparql, params={"query": query, **params}, headers=headers, timeout=10)
    return response


def _pairs(rows: list[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(r.removeprefix(ID), label) for r, label in rows}


def _rows_of(response: requests.Response) -> set[tuple[str, str]]:
    media_type = response.headers["Content-Type"].split(";")[0]
    if media_type == "text/csv":
        reader = csv.DictReader(io.StringIO(response.text))
        return _pairs([(row["r"], row["label"]) for row in reader])
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    assert fmt is not None, media_type
    solutions = ox.parse_query_results(response.content, fmt)
    return _pairs([(s["r"].value, s["label"].value) for s in solutions])  # type: ignore[union-attr,index]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, application/sparql-results+xml;q=0.95", "application/sparql-results+xml"),
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_in_every_results_format(endpoint: Server, accept: str | None, media_type: str) -> None:
    response = _get(endpoint, SELECT, accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert "Accept" in response.headers["Vary"]
    assert _rows_of(response) == ALT_LABELS


@pytest.mark.parametrize(
    ("value", "media_type"),
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_format_parameter_wins_over_accept(endpoint: Server, value: str, media_type: str) -> None:
    response = _get(endpoint, SELECT, "application/sparql-results+json", format=value)
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert _rows_of(response) == ALT_LABELS


def _graph_of(response: requests.Response) -> Graph:
    media_type = response.headers["Content-Type"].split(";")[0]
    rdflib_format = {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/rdf+xml": "xml",
        "application/ld+json": "json-ld",
        "application/n-quads": "nquads",
        "application/trig": "trig",
        "text/n3": "n3",
    }[media_type]
    if rdflib_format in ("nquads", "trig"):
        dataset = Dataset()
        dataset.parse(data=response.content, format=rdflib_format)
        graph = Graph()
        for s, p, o, _ in dataset.quads():
            graph.add((s, p, o))
        return graph
    return Graph().parse(data=response.content, format=rdflib_format)


@pytest.mark.parametrize(
    ("ask", "expected"),
    [
        ("turtle", "text/turtle"),
        ("ntriples", "application/n-triples"),
        ("rdfxml", "application/rdf+xml"),
        ("jsonld", "application/ld+json"),
        ("nquads", "application/n-quads"),
        ("trig", "application/trig"),
        ("n3", "text/n3"),
    ],
)
def test_construct_in_every_rdf_format(endpoint: Server, ask: str, expected: str) -> None:
    by_accept = _get(endpoint, CONSTRUCT, expected)
    by_name = _get(endpoint, CONSTRUCT, format=ask)
    for response in (by_accept, by_name):
        assert response.status_code == 200
        assert response.headers["Content-Type"].split(";")[0] == expected
        graph = _graph_of(response)
        skos_alt = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
        assert {(str(s).removeprefix(ID), str(o)) for s, _, o in graph.triples((None, skos_alt, None))} == ALT_LABELS
        assert Literal("울산", lang="ko") in set(graph.objects())


def test_construct_defaults_to_turtle(endpoint: Server) -> None:
    for accept in (None, "*/*"):
        response = _get(endpoint, CONSTRUCT, accept)
        assert response.headers["Content-Type"].startswith("text/turtle")


def test_ask_in_json_and_xml(endpoint: Server) -> None:
    as_json = _get(endpoint, "ASK { ?s ?p ?o }")
    assert json.loads(as_json.content) == {"head": {}, "boolean": True}
    as_xml = _get(endpoint, "ASK { ?s <urn:nothing> ?o }", "application/sparql-results+xml")
    assert bool(ox.parse_query_results(as_xml.content, ox.QueryResultsFormat.XML)) is False


def test_406_names_what_is_supported(endpoint: Server) -> None:
    response = _get(endpoint, SELECT, "image/png")
    assert response.status_code == 406
    for offer in RESULTS:
        assert offer.media_type in response.text
    graph = _get(endpoint, CONSTRUCT, "application/sparql-results+json")
    assert graph.status_code == 406 and "text/turtle" in graph.text
    named = _get(endpoint, SELECT, format="turtle")
    assert named.status_code == 406 and "SELECT/ASK" in named.text
