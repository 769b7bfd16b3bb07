"""The W3C SPARQL 1.1 Service Description tests (tests/http/w3c/service-description/), run on the real server.

The manifest names three tests and no actions; they are the conformance criteria of the Service Description
spec (§4), as the W3C validator (kasei/sparql11-sdvalidator) runs them on GET of the endpoint URL:

* returns-rdf — GET on the endpoint returns RDF;
* has-endpoint-triple — the RDF has a triple ``?service sd:endpoint <U>`` for the URL <U> that was fetched;
* conforms-to-schema — the RDF uses the Service Description vocabulary as specified (§3): here every sd: term
  exists, each sd: property has a subject and object of its domain and range (sd:Service, sd:Dataset,
  sd:Graph, sd:NamedGraph, sd:Language, sd:Feature, formats:Format, IRIs where an IRI is due), every
  sd:NamedGraph has exactly one sd:name (the one check the W3C validator makes), and the validator's
  best-practice checks (typed nodes, a recognised sd:supportedLanguage, datasets with a graph) hold.

Each runs on the description in Turtle and in RDF/XML, from the read-only server and from the one with the
update token (whose description adds SPARQL 1.1 Update). The tests after them check that the description is
true of the endpoint: its named graphs, its default graph, the result formats it lists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from tests.http.conftest import AUTH, Server, select

MANIFEST = Path(__file__).parent / "w3c" / "service-description" / "manifest.ttl"
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/service-description/manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = "http://www.w3.org/ns/formats/"
VOID = Namespace("http://rdfs.org/ns/void#")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

SYNTAXES = {"turtle": ("text/turtle", "turtle"), "rdfxml": ("application/rdf+xml", "xml")}
SERVERS = {"read-only": "endpoint", "updates": "update_endpoint"}


def _read_manifest() -> tuple[list[str], int, int]:
    graph = Graph().parse(MANIFEST, format="turtle", publicID=BASE)
    entries = list(Collection(graph, graph.value(URIRef(BASE), MF.entries)))
    declared = set(graph.subjects(RDF.type, MF.ServiceDescriptionTest))
    approved = sum((entry, DAWGT.approval, DAWGT.Approved) in graph for entry in entries)
    assert set(entries) == declared
    return [str(entry).rsplit("#", 1)[-1] for entry in entries], len(declared), approved


TESTS, DECLARED, APPROVED = _read_manifest()


# -- the vocabulary (SPARQL 1.1 Service Description §3) -----------------------------------------------------

CLASSES = {
    "Service", "Language", "Function", "Aggregate", "EntailmentRegime", "EntailmentProfile", "GraphCollection",
    "Dataset", "Graph", "NamedGraph", "Feature",
}  # fmt: skip
LANGUAGES = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
FEATURES = {SD.DereferencesURIs, SD.UnionDefaultGraph, SD.RequiresDataset, SD.EmptyGraphs, SD.BasicFederatedQuery}
IRI = "IRI"  # a range: any IRI
FORMAT = "formats:Format"  # a range: a format of http://www.w3.org/ns/formats/
# property: (domain, range)
PROPERTIES: dict[str, tuple[str, str]] = {
    "endpoint": ("Service", IRI),
    "feature": ("Service", "Feature"),
    "defaultEntailmentRegime": ("Service", "EntailmentRegime"),
    "entailmentRegime": ("NamedGraph", "EntailmentRegime"),
    "defaultSupportedEntailmentProfile": ("Service", "EntailmentProfile"),
    "supportedEntailmentProfile": ("NamedGraph", "EntailmentProfile"),
    "extensionFunction": ("Service", "Function"),
    "extensionAggregate": ("Service", "Aggregate"),
    "languageExtension": ("Service", "Feature"),
    "supportedLanguage": ("Service", "Language"),
    "propertyFeature": ("Service", "Feature"),
    "defaultDataset": ("Service", "Dataset"),
    "availableGraphs": ("Service", "GraphCollection"),
    "resultFormat": ("Service", FORMAT),
    "inputFormat": ("Service", FORMAT),
    "defaultGraph": ("Dataset", "Graph"),
    "namedGraph": ("GraphCollection", "NamedGraph"),
    "name": ("NamedGraph", IRI),
    "graph": ("NamedGraph", "Graph"),
}
SUBCLASSES = {"GraphCollection": {"GraphCollection", "Dataset"}}  # sd:Dataset is a sd:GraphCollection
INSTANCES = {"Language": LANGUAGES, "Feature": FEATURES}  # typed by the vocabulary itself
# The W3C registry of format IRIs (http://www.w3.org/ns/formats/), with the media types of those a SPARQL
# endpoint can answer in.
REGISTERED = {
    "JSON-LD": "application/ld+json", "N3": "text/n3", "N-Quads": "application/n-quads",
    "N-Triples": "application/n-triples", "RDF_XML": "application/rdf+xml", "Turtle": "text/turtle",
    "TriG": "application/trig", "SPARQL_Results_JSON": "application/sparql-results+json",
    "SPARQL_Results_XML": "application/sparql-results+xml", "SPARQL_Results_CSV": "text/csv",
    "SPARQL_Results_TSV": "text/tab-separated-values", "LD_Patch": None, "microdata": None, "OWL_Functional": None,
    "OWL_Manchester": None, "OWL_XML": None, "POWDER": None, "POWDER-S": None, "PROV-N": None, "PROV-XML": None,
    "RDFa": None, "RDF_JSON": None, "RIF_XML": None,
}  # fmt: skip


# -- fetching the description ---------------------------------------------------------------------------------


def _fetch(url: str, syntax: str) -> tuple[requests.Response, Graph]:
    media_type, rdflib_format = SYNTAXES[syntax]
    response = requests.get(url, headers={"Accept": media_type}, timeout=10, allow_redirects=False)
    assert response.status_code == 200, f"GET {url}: {response.status_code} {response.text[:300]}"
    return response, Graph().parse(data=response.content, format=rdflib_format, publicID=url)


# -- the three tests --------------------------------------------------------------------------------------------


def returns_rdf(server: Server, syntax: str) -> None:
    """GET on the endpoint returns RDF, in the syntax asked for."""
    media_type, _ = SYNTAXES[syntax]
    response, graph = _fetch(server.sparql, syntax)
    assert response.headers["Content-Type"].split(";")[0].strip() == media_type
    assert len(graph) > 0
    assert (None, RDF.type, SD.Service) in graph


def has_endpoint_triple(server: Server, syntax: str) -> None:
    """``?service sd:endpoint <U>`` for the URL <U> fetched — /sparql and /sparql/ alike."""
    for url in (server.sparql, server.sparql + "/"):
        _, graph = _fetch(url, syntax)
        services = set(graph.subjects(SD.endpoint, URIRef(url)))
        assert services, f"no ?service sd:endpoint <{url}> in {sorted(graph.objects(None, SD.endpoint))}"
        assert all((service, RDF.type, SD.Service) in graph for service in services)


def _typed(graph: Graph, node: object, kind: str) -> bool:
    if kind == IRI:
        return isinstance(node, URIRef)
    if kind == FORMAT:
        return isinstance(node, URIRef) and str(node).removeprefix(FORMATS) in REGISTERED and str(node) != FORMATS
    if node in INSTANCES.get(kind, ()):
        return True
    return any((node, RDF.type, SD[name]) in graph for name in SUBCLASSES.get(kind, {kind}))


def conforms_to_schema(server: Server, syntax: str) -> None:
    """The description uses the Service Description vocabulary as §3 specifies it."""
    _, graph = _fetch(server.sparql, syntax)
    problems = []
    for subject, predicate, obj in graph:
        if predicate == RDF.type and str(obj).startswith(str(SD)) and str(obj).removeprefix(str(SD)) not in CLASSES:
            problems.append(f"{subject} has type {obj}, not a class of the vocabulary")
        if not str(predicate).startswith(str(SD)):
            continue
        name = str(predicate).removeprefix(str(SD))
        if name not in PROPERTIES:
            problems.append(f"sd:{name} is not a property of the vocabulary")
            continue
        domain, range_ = PROPERTIES[name]
        if not _typed(graph, subject, domain):
            problems.append(f"subject {subject} of sd:{name} is not a sd:{domain}")
        if not _typed(graph, obj, range_):
            problems.append(f"object {obj} of sd:{name} is not {range_ if range_ in (IRI, FORMAT) else 'sd:' + range_}")
    # The W3C validator's check: every sd:NamedGraph has a sd:name (here: exactly one, unique in its dataset).
    for named in graph.subjects(RDF.type, SD.NamedGraph):
        if len(list(graph.objects(named, SD.name))) != 1:
            problems.append(f"{named} has {len(list(graph.objects(named, SD.name)))} sd:name values")
    for dataset in graph.subjects(RDF.type, SD.Dataset):
        names = [graph.value(named, SD.name) for named in graph.objects(dataset, SD.namedGraph)]
        if len(names) != len(set(names)):
            problems.append(f"dataset {dataset} names a graph twice")
        if not names and graph.value(dataset, SD.defaultGraph) is None:
            problems.append(f"dataset {dataset} has neither a default graph nor named graphs")
    # Best practices of the validator: a recognised language; void:triples a non-negative integer.
    if not set(graph.objects(None, SD.supportedLanguage)) & LANGUAGES:
        problems.append("no recognised sd:supportedLanguage")
    for count in graph.objects(None, VOID.triples):
        if not (isinstance(count, Literal) and count.datatype == XSD_INTEGER and count.toPython() >= 0):
            problems.append(f"void:triples {count!r} is not a non-negative xsd:integer")
    assert not problems, "\n".join(problems)


CHECKS: dict[str, Callable[[Server, str], None]] = {
    "returns-rdf": returns_rdf,
    "has-endpoint-triple": has_endpoint_triple,
    "conforms-to-schema": conforms_to_schema,
}


def test_the_manifest_has_the_3_service_description_tests() -> None:
    assert TESTS == ["has-endpoint-triple", "returns-rdf", "conforms-to-schema"]
    assert DECLARED == APPROVED == 3
    assert set(CHECKS) == set(TESTS)  # each one implemented here


@pytest.mark.parametrize("server_kind", list(SERVERS))
@pytest.mark.parametrize("syntax", list(SYNTAXES))
@pytest.mark.parametrize("test", TESTS)
def test_w3c_service_description(test: str, syntax: str, server_kind: str, request: pytest.FixtureRequest) -> None:
    CHECKS[test](request.getfixturevalue(SERVERS[server_kind]), syntax)


# -- the description is true of the endpoint -----------------------------------------------------------------


def _service(graph: Graph, server: Server) -> URIRef | BNode:
    service = graph.value(predicate=SD.endpoint, object=URIRef(server.sparql))
    assert service is not None
    return service


def test_the_languages_are_query_and_with_the_token_update(endpoint: Server, update_endpoint: Server) -> None:
    for server, languages in ((endpoint, {SD.SPARQL11Query}), (update_endpoint, {SD.SPARQL11Query, SD.SPARQL11Update})):
        _, graph = _fetch(server.sparql, "turtle")
        assert set(graph.objects(_service(graph, server), SD.supportedLanguage)) == languages


DISTINCT_DEFAULT = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
DISTINCT_NAMED = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"


def test_the_dataset_described_is_the_one_queried(endpoint: Server) -> None:
    _, graph = _fetch(endpoint.sparql, "turtle")
    service = _service(graph, endpoint)
    dataset = graph.value(service, SD.defaultDataset)
    names = {str(graph.value(named, SD.name)) for named in graph.objects(dataset, SD.namedGraph)}
    assert names == {row["g"] for row in select(endpoint, "SELECT DISTINCT ?g { GRAPH ?g {} }")}
    # sd:UnionDefaultGraph: the default graph is the merge of the named graphs; void:triples counts it.
    assert SD.UnionDefaultGraph in set(graph.objects(service, SD.feature))
    assert select(endpoint, DISTINCT_DEFAULT) == select(endpoint, DISTINCT_NAMED)
    triples = graph.value(graph.value(dataset, SD.defaultGraph), VOID.triples)
    assert triples is not None
    assert str(triples.toPython()) == select(endpoint, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0]["n"]


def test_union_default_graph_is_claimed_only_while_true(update_endpoint: Server) -> None:
    """Triples in the store's own default graph (/store?default) are in the default graph of a query but in no
    named graph: the description must not claim sd:UnionDefaultGraph then."""
    store = update_endpoint.url + "/store?default"
    turtle = {**AUTH, "Content-Type": "text/turtle"}
    put = requests.put(store, data=b"<urn:sd:s> <urn:sd:p> <urn:sd:o> .", headers=turtle, timeout=10)
    assert put.status_code in (201, 204), put.text
    try:
        assert select(update_endpoint, DISTINCT_DEFAULT) != select(update_endpoint, DISTINCT_NAMED)
        _, graph = _fetch(update_endpoint.sparql, "turtle")
        assert SD.UnionDefaultGraph not in set(graph.objects(_service(graph, update_endpoint), SD.feature))
    finally:
        assert requests.delete(store, headers=AUTH, timeout=10).status_code == 204
    assert select(update_endpoint, DISTINCT_DEFAULT) == select(update_endpoint, DISTINCT_NAMED)
    _, graph = _fetch(update_endpoint.sparql, "turtle")
    assert SD.UnionDefaultGraph in set(graph.objects(_service(graph, update_endpoint), SD.feature))


def test_every_result_format_listed_is_served(endpoint: Server) -> None:
    _, graph = _fetch(endpoint.sparql, "turtle")
    listed = {str(f).removeprefix(FORMATS) for f in graph.objects(_service(graph, endpoint), SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "Turtle", "RDF_XML", "JSON-LD"} <= listed
    for name in sorted(listed):
        media_type = REGISTERED[name]
        assert media_type is not None, f"{name} is listed but no SPARQL result can take that format"
        query = (
            "SELECT * { ?s ?p ?o } LIMIT 1"
            if name.startswith("SPARQL_Results")
            else "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"
        )
        response = requests.get(endpoint.sparql, params={"query": query}, headers={"Accept": media_type}, timeout=10)
        assert response.status_code == 200, f"{name}: {response.status_code} {response.text[:200]}"
        assert response.headers["Content-Type"].split(";")[0].strip() == media_type, name
