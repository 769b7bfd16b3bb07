"""Real clients against the real server: SPARQLWrapper, rdflib's SPARQLStore, curl (the README's examples)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from xml.dom.minidom import Document

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.http.conftest import ID, TOKEN, Server

SELECT = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?r ?label WHERE { ?r skos:altLabel ?label FILTER(STRSTARTS(STR(?r), "https://kgbuild.org/id/region/")) }
ORDER BY ?label"""
CONSTRUCT = """PREFIX kg: <https://kgbuild.org/def/kgbuild#>
CONSTRUCT { ?p kg:region ?r } WHERE { ?p a kg:RegionalProject ; kg:region ?r }"""
LABELS = ["강원", "부산", "울산"]
PROJECTS = {
    (ID + "project/sw-convergence-cluster/2019/ulsan", ID + "region/ulsan"),
    (ID + "project/sw-convergence-cluster/2019/gangwon", ID + "region/gangwon"),
}
KG_REGION = URIRef("https://kgbuild.org/def/kgbuild#region")


def _wrapper(server: Server, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.sparql)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json(endpoint: Server, method: str) -> None:
    sparql = _wrapper(endpoint, SELECT, JSON)
    sparql.setMethod(method)
    rows = sparql.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert [row["label"]["value"] for row in rows] == LABELS


def test_sparqlwrapper_xml(endpoint: Server) -> None:
    document = _wrapper(endpoint, SELECT, XML).query().convert()
    assert isinstance(document, Document)
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == LABELS


def test_sparqlwrapper_csv(endpoint: Server) -> None:
    data = _wrapper(endpoint, SELECT, CSV).query().convert()
    rows = list(csv.reader(io.StringIO(data.decode())))  # type: ignore[union-attr]
    assert rows[0] == ["r", "label"]
    assert [row[1] for row in rows[1:]] == LABELS


def test_sparqlwrapper_tsv(endpoint: Server) -> None:
    data = _wrapper(endpoint, SELECT, TSV).query().convert()
    rows = [line.split("\t") for line in data.decode().splitlines()]  # type: ignore[union-attr]
    assert rows[0] == ["?r", "?label"]
    assert [row[1] for row in rows[1:]] == [f'"{label}"@ko' for label in LABELS]


@pytest.mark.parametrize(("fmt", "rdflib_format"), [(TURTLE, "turtle"), (RDFXML, None), (JSONLD, None), (N3, "n3")])
def test_sparqlwrapper_construct(endpoint: Server, fmt: str, rdflib_format: str | None) -> None:
    result = _wrapper(endpoint, CONSTRUCT, fmt).query().convert()
    graph = result if isinstance(result, Graph) else Graph().parse(data=result, format=rdflib_format)
    assert {(str(s), str(o)) for s, _, o in graph.triples((None, KG_REGION, None))} == PROJECTS


def test_sparqlwrapper_ask(endpoint: Server) -> None:
    assert _wrapper(endpoint, "ASK { ?s ?p ?o }", JSON).query().convert()["boolean"] is True  # type: ignore[index,call-overload]


def test_rdflib_sparqlstore(endpoint: Server) -> None:
    graph = Graph(store=SPARQLStore(query_endpoint=endpoint.sparql, returnFormat="xml"))
    rows = list(graph.query(SELECT))
    assert [str(row[1]) for row in rows] == LABELS  # type: ignore[index]
    assert Literal("울산", lang="ko") in {row[1] for row in rows}  # type: ignore[index]
    labels = set(graph.objects(URIRef(ID + "region/ulsan"), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
    assert labels == {Literal("울산광역시", lang="ko"), Literal("Ulsan", lang="en")}
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True


def _curl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["curl", "--silent", "--show-error", *args], capture_output=True, text=True, timeout=30)


def test_curl_examples(endpoint: Server) -> None:
    """The examples the README shows, with the test server's address."""
    url = endpoint.sparql
    # SELECT as JSON (the default), the query URL-encoded by curl
    out = _curl("--get", url, "--data-urlencode", f"query={SELECT}")
    assert [b["label"]["value"] for b in json.loads(out.stdout)["results"]["bindings"]] == LABELS
    # SELECT as CSV by Accept
    out = _curl("--get", url, "-H", "Accept: text/csv", "--data-urlencode", f"query={SELECT}")
    assert out.stdout.splitlines()[0] == "r,label"
    # POST the query as the body, results as TSV by format=
    out = _curl(f"{url}?format=tsv", "-H", "Content-Type: application/sparql-query", "--data-binary", SELECT)
    assert out.stdout.splitlines()[0] == "?r\t?label"
    # CONSTRUCT as Turtle
    out = _curl("--get", url, "-H", "Accept: text/turtle", "--data-urlencode", f"query={CONSTRUCT}")
    graph = Graph().parse(data=out.stdout, format="turtle")
    assert {(str(s), str(o)) for s, _, o in graph} == PROJECTS
    # the service description
    out = _curl("-H", "Accept: text/turtle", url)
    assert "sd:Service" in out.stdout
    # health
    out = _curl(endpoint.url + "/health")
    assert json.loads(out.stdout)["status"] == "ok"
    # an error: the message says what is wrong and where
    out = _curl("--get", url, "--data-urlencode", "query=SELECT * WHERE { ?s ?p }", "-w", "%{http_code}")
    assert out.stdout.endswith("400") and "error at 1:" in out.stdout


def test_curl_update_examples(update_endpoint: Server, tmp_path: Path) -> None:
    """The README's write examples: SPARQL Update and a Graph Store PUT, with the bearer token."""
    auth = f"Authorization: Bearer {TOKEN}"
    graph = "https://kgbuild.org/graph/notes"
    update = f'INSERT DATA {{ GRAPH <{graph}> {{ <https://kgbuild.org/id/region/ulsan> <urn:note> "메모" }} }}'
    out = _curl(
        "-X",
        "POST",
        update_endpoint.url + "/update",
        "-H",
        auth,
        "-H",
        "Content-Type: application/sparql-update",
        "--data-binary",
        update,
        "-w",
        "%{http_code}",
    )
    assert out.stdout == "204"
    notes = tmp_path / "notes.ttl"
    notes.write_text('<https://kgbuild.org/id/region/busan> <urn:note> "두 번째" .\n', encoding="utf-8")
    out = _curl(
        "-X",
        "PUT",
        f"{update_endpoint.url}/store?graph={graph}",
        "-H",
        auth,
        "-H",
        "Content-Type: text/turtle",
        "--data-binary",
        f"@{notes}",
        "-w",
        "%{http_code}",
    )
    assert out.stdout == "204"
    out = _curl(f"{update_endpoint.url}/store?graph={graph}", "-H", auth, "-H", "Accept: application/n-triples")
    assert out.stdout == '<https://kgbuild.org/id/region/busan> <urn:note> "두 번째" .\n'
