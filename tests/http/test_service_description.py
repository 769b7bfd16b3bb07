"""GET /sparql without a query: the SPARQL 1.1 Service Description, by content negotiation."""

from __future__ import annotations

import pytest
import requests
from rdflib import RDF, Graph, Namespace, URIRef

from tests.http.conftest import GRAPH, Server

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


def _description(server: Server, accept: str | None, rdflib_format: str) -> Graph:
    headers = {"Accept": accept} if accept else {}
    response = requests.get(server.sparql, headers=headers, timeout=10, allow_redirects=False)
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.content, format=rdflib_format)


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [(None, "turtle"), ("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")],
)
def test_service_description_in_each_format(endpoint: Server, accept: str | None, rdflib_format: str) -> None:
    graph = _description(endpoint, accept, rdflib_format)
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert service is not None
    assert graph.value(service, SD.endpoint) == URIRef(endpoint.sparql)
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}  # no update token here
    assert SD.UnionDefaultGraph in set(graph.objects(service, SD.feature))
    formats = set(graph.objects(service, SD.resultFormat))
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.Turtle, FORMATS.RDF_XML} <= formats
    dataset = graph.value(service, SD.defaultDataset)
    assert graph.value(dataset, SD.defaultGraph) is not None
    names = {graph.value(named, SD.name) for named in graph.objects(dataset, SD.namedGraph)}
    assert names == {URIRef(GRAPH + "gazetteer"), URIRef(GRAPH + "entities"), URIRef(GRAPH + "release/2019-04-23-msit")}


def test_format_parameter_picks_the_description_format(endpoint: Server) -> None:
    response = requests.get(endpoint.sparql, params={"format": "jsonld"}, timeout=10)
    assert response.headers["Content-Type"].startswith("application/ld+json")


def test_update_is_described_when_enabled(update_endpoint: Server) -> None:
    graph = _description(update_endpoint, "text/turtle", "turtle")
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query, SD.SPARQL11Update}


def test_a_browser_is_sent_to_the_query_page(endpoint: Server) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = requests.get(endpoint.sparql, headers={"Accept": browser}, timeout=10, allow_redirects=False)
    assert response.status_code == 303
    assert response.headers["Location"] in ("/", endpoint.url + "/")


def test_unacceptable_description_is_406(endpoint: Server) -> None:
    response = requests.get(endpoint.sparql, headers={"Accept": "image/png"}, timeout=10)
    assert response.status_code == 406 and "text/turtle" in response.text
