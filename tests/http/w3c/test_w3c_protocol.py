"""The W3C SPARQL 1.1 Protocol tests (manifest.ttl beside this file), run against the real server process.

Each test of the manifest is one case keyed by its IRI's local name, read from the manifest's mf:entries with
rdflib, so none can be skipped silently. The manifest's requests all go to "/sparql/"; as the manifest allows,
update requests go to the token-protected /update here and queries to /sparql. Tests that declare
ut:graphData get exactly those graphs first (DROP ALL through /update, then one Graph Store PUT per graph).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import requests
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

from tests.http.conftest import AUTH, Server

HERE = Path(__file__).parent
MANIFEST = HERE / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
STATUS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_TYPES = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}


@dataclass
class ProtocolRequest:
    method: str
    path: str  # as in the manifest, starting with /sparql/
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # "2xx", "3xx", "4xx"
    boolean: bool | None
    format: str | None  # "boolean", "tabular", "RDF"


@dataclass
class ProtocolTest:
    iri: str
    name: str
    requests: list[ProtocolRequest]
    graphs: list[tuple[str, str]] = field(default_factory=list)  # (data file, graph IRI)

    @property
    def id(self) -> str:
        return self.iri.rsplit("#", 1)[-1]


def _read_manifest() -> tuple[list[ProtocolTest], int]:
    graph = Graph().parse(
        MANIFEST,
        format="turtle",
        publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl",
    )
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    entries = list(Collection(graph, graph.value(manifest, MF.entries)))
    tests = []
    for entry in entries:
        action = graph.value(entry, MF.action)
        items = []
        for node in Collection(graph, graph.value(action, HT.requests)):
            headers = {}
            header_list = graph.value(node, HT.headers)
            if header_list is not None:
                for header in Collection(graph, header_list):
                    headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
            body = None
            content = graph.value(node, HT.body)
            if content is not None:
                encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(content, CNT.chars)).encode(encoding)
            response = graph.value(node, HT.resp)
            boolean = graph.value(response, MF.expectedBoolean)
            fmt = graph.value(response, MF.expectedFormat)
            items.append(
                ProtocolRequest(
                    method=str(graph.value(node, HT.methodName)),
                    path=str(graph.value(node, HT.absolutePath)),
                    headers=headers,
                    body=body,
                    statuses={str(s).removeprefix(STATUS) for s in graph.objects(response, MF.expectedStatus)},
                    boolean=None if boolean is None else boolean.toPython(),
                    format=None if fmt is None else str(fmt),
                )
            )
        graphs = [
            (Path(urlsplit(str(graph.value(data, UT.graph))).path).name, str(graph.value(data, RDFS.label)))
            for data in graph.objects(entry, UT.graphData)
        ]
        tests.append(ProtocolTest(str(entry), str(graph.value(entry, MF.name)), items, sorted(graphs)))
    declared = len(set(graph.subjects(RDF.type, MF.ProtocolTest)))
    return tests, declared


TESTS, DECLARED = _read_manifest()


def test_the_manifest_has_all_34_protocol_tests() -> None:
    assert len(TESTS) == 34
    assert DECLARED == 34
    assert len({test.id for test in TESTS}) == 34


def _endpoint(server: Server, test: ProtocolTest, request: ProtocolRequest) -> tuple[str, bool]:
    """Where a request of the manifest goes here, and whether it is an update."""
    content_type = request.headers.get("content-type", "")
    text = request.path + (request.body or b"").decode("utf-8", "replace")
    is_query = content_type.startswith("application/sparql-query") or "query=" in text
    is_update = not is_query and (test.id.startswith(("update_", "bad_update")) or "update" in content_type)
    rest = request.path.removeprefix("/sparql/")
    return f"{server.url}/{'update' if is_update else 'sparql'}{rest}", is_update


def _reset(server: Server, graphs: list[tuple[str, str]]) -> None:
    response = requests.post(server.url + "/update", data={"update": "DROP ALL"}, headers=AUTH, timeout=30)
    assert response.status_code == 204, response.text
    for filename, iri in graphs:
        response = requests.put(
            server.url + "/store",
            params={"graph": iri},
            data=(HERE / filename).read_bytes(),
            headers={**AUTH, "Content-Type": "application/n-triples"},
            timeout=30,
        )
        assert response.status_code in (201, 204), response.text


def _check_body(request: ProtocolRequest, response: requests.Response) -> None:
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    if request.format == "boolean" or request.boolean is not None:
        assert media_type in BOOLEAN, media_type
        fmt = ox.QueryResultsFormat.from_media_type(media_type)
        result = ox.parse_query_results(response.content, fmt)
        assert isinstance(result, ox.QueryBoolean)
        if request.boolean is not None:
            assert bool(result) is request.boolean
    elif request.format == "tabular":
        assert media_type in TABULAR, media_type
        fmt = ox.QueryResultsFormat.from_media_type(media_type)
        if fmt != ox.QueryResultsFormat.CSV:  # pyoxigraph reads JSON, XML and TSV results
            assert list(ox.parse_query_results(response.content, fmt)) is not None
    elif request.format == "RDF":
        assert media_type in RDF_TYPES, media_type
        Graph().parse(data=response.content, format=RDF_TYPES[media_type])


@pytest.mark.parametrize("test", TESTS, ids=[test.id for test in TESTS])
def test_w3c_protocol(test: ProtocolTest, update_endpoint: Server) -> None:
    if test.graphs:
        _reset(update_endpoint, test.graphs)
    for number, request in enumerate(test.requests, start=1):
        url, is_update = _endpoint(update_endpoint, test, request)
        headers = {**request.headers, **(AUTH if is_update else {})}
        response = requests.request(
            request.method, url, data=request.body, headers=headers, timeout=30, allow_redirects=False
        )
        status_class = f"{response.status_code // 100}xx"
        assert status_class in request.statuses, (
            f"{test.name}, request {number}: {request.method} {url} gave {response.status_code}, "
            f"expected {sorted(request.statuses)}: {response.text[:500]}"
        )
        if status_class == "2xx":
            _check_body(request, response)
        if status_class == "4xx":
            assert "Traceback" not in response.text
            assert response.text.strip(), "a 4xx says what is wrong"


def test_every_manifest_graph_file_is_here() -> None:
    files = {filename for test in TESTS for filename, _ in test.graphs}
    assert files == {"data1.nt", "data2.nt", "data3.nt"}
    assert all((HERE / name).is_file() for name in files)
