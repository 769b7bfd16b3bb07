"""Output is safe, against the real server: the browser-safety headers on every kind of response, RDF/XML with a
DTD refused before parsing (Graph Store and `kgbuild load`), and the Host header kept out of every answer."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from rdflib import Graph, Literal, URIRef

from kgbuild.store import current_version
from kgbuild.web.headers import CSP
from tests.conftest import SEED, run_cli
from tests.http.conftest import AUTH, GRAPH, Server

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
EVIL = "evil.example"

# -- headers on every response -----------------------------------------------------------------------------

RESPONSES = {
    "query page": ("GET", "/", {"Accept": BROWSER}, 200),
    "entity page": ("GET", "/id/region/ulsan", {"Accept": BROWSER}, 200),
    "entity turtle": ("GET", "/id/region/ulsan.ttl", {}, 200),
    "sparql json": ("GET", "/sparql?query=ASK%20%7B%7D", {"Accept": "application/sparql-results+json"}, 200),
    "service description": ("GET", "/sparql", {"Accept": "text/turtle"}, 200),
    "error 404 text": ("GET", "/no/such/page", {}, 404),
    "error 404 page": ("GET", "/id/region/atlantis", {"Accept": BROWSER}, 404),
    "error 400 json": ("GET", "/sparql?query=SELEKT", {"Accept": "application/json"}, 400),
    "error 405": ("DELETE", "/sparql", {}, 405),
    "dump": ("GET", "/dumps/kgbuild.nt", {}, 200),
    "downloads page": ("GET", "/dumps/", {}, 200),
    "void": ("GET", "/void", {}, 200),
    "static js": ("GET", "/static/query.js", {}, 200),
    "static css": ("GET", "/static/kgbuild.css", {}, 200),
    "health": ("GET", "/health", {}, 200),
    "redirect": ("GET", "/dumps", {}, 308),
    "preflight": ("OPTIONS", "/sparql", {"Origin": "https://elsewhere.example"}, 200),
    "head": ("HEAD", "/", {}, 200),
}


@pytest.mark.parametrize("kind", RESPONSES)
def test_every_response_carries_the_browser_safety_headers(endpoint: Server, kind: str) -> None:
    method, path, headers, status = RESPONSES[kind]
    response = requests.request(method, endpoint.url + path, headers=headers, timeout=30, allow_redirects=False)
    assert response.status_code == status, response.text
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives.get("script-src") == ["'self'"], csp
    assert directives.get("object-src") == ["'none'"] and directives.get("base-uri") == ["'none'"], csp
    assert directives.get("frame-ancestors") == ["'none'"], csp
    assert csp == CSP  # one policy, set in one place
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "no-referrer"


# -- RDF/XML with a DTD --------------------------------------------------------------------------------------


def _entities() -> str:
    """Eight levels of ten-fold entities: one literal of 100 MB when expanded."""
    levels = ['<!ENTITY a "aaaaaaaaaa">']
    for name, inner in zip("bcdefgh", "abcdefg", strict=True):
        levels.append(f'<!ENTITY {name} "{("&" + inner + ";") * 10}">')
    return "<!DOCTYPE laughs [\n" + "\n".join(levels) + "\n]>"


ROOT = f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="urn:x:">'
DESCRIPTION = '<rdf:Description rdf:about="urn:x:s"><ex:p>&h;</ex:p></rdf:Description></rdf:RDF>\n'


def billion_laughs() -> str:
    """The report's payload: an XML declaration, the DTD, one statement whose literal is the largest entity."""
    return f'<?xml version="1.0"?>\n{_entities()}\n{ROOT}{DESCRIPTION}'


DTD_PAYLOADS = {
    "billion laughs": billion_laughs().encode(),
    "behind a UTF-8 BOM": b"\xef\xbb\xbf" + billion_laughs().encode(),
    "behind whitespace and comments": ("\n \t<!-- a comment -->\n" + billion_laughs().split("\n", 1)[1]).encode(),
    "lower-case doctype": billion_laughs().replace("DOCTYPE", "doctype").encode(),
    "inside the root element": f"{ROOT}{_entities()}{DESCRIPTION}".encode(),  # pyoxigraph reads it there too
    "UTF-16 with its BOM": billion_laughs().encode("utf-16"),
    "UTF-16 without a BOM": billion_laughs().encode("utf-16-le"),
    "UTF-32 with its BOM": billion_laughs().encode("utf-32"),
    "not UTF-8": b"\xff" + billion_laughs().encode(),
    "external entity": (
        f'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]><rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="urn:x:">'
        '<rdf:Description rdf:about="urn:x:s"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>'
    ).encode(),
}


def _graph_triples(server: Server, graph: str) -> set[tuple[str, str, str]]:
    got = requests.get(
        server.url + "/store", params={"graph": graph}, headers={**AUTH, "Accept": "text/turtle"}, timeout=30
    )
    assert got.status_code == 200, got.text
    return {(str(s), str(p), str(o)) for s, p, o in Graph().parse(data=got.text, format="turtle")}


@pytest.fixture
def before_graph(update_endpoint: Server) -> str:
    """A graph holding one known triple, for checking that a refused write leaves it as it was."""
    graph = GRAPH + "dtd-target"
    put = requests.put(
        update_endpoint.url + "/store",
        params={"graph": graph},
        data=b'<urn:x:s> <urn:x:p> "before" .',
        headers={**AUTH, "Content-Type": "text/turtle"},
        timeout=30,
    )
    assert put.status_code in (201, 204), put.text
    return graph


def _assert_bad_rdf_payload(response: requests.Response) -> None:
    assert response.status_code == 400, response.text[:500]
    body = response.json()
    assert body["title"] == "Bad RDF payload"
    assert "send " in body["message"] and "RDF/XML without a DOCTYPE; entities are not expanded" in body["message"]
    for echoed in ("laughs", "aaaa", "&a;", "hostname"):  # nothing of the payload comes back
        assert echoed not in response.text


@pytest.mark.parametrize("kind", DTD_PAYLOADS)
@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_rdf_xml_with_a_dtd_is_refused_and_the_store_unchanged(
    update_endpoint: Server, before_graph: str, kind: str, method: str
) -> None:
    before = _graph_triples(update_endpoint, before_graph)
    response = requests.request(
        method,
        update_endpoint.url + "/store",
        params={"graph": before_graph},
        data=DTD_PAYLOADS[kind],
        headers={**AUTH, "Content-Type": "application/rdf+xml", "Accept": "application/json"},
        timeout=30,
    )
    _assert_bad_rdf_payload(response)
    assert _graph_triples(update_endpoint, before_graph) == before == {("urn:x:s", "urn:x:p", "before")}


def test_the_payload_is_as_small_as_the_reports() -> None:
    assert len(billion_laughs().encode()) < 700


@pytest.mark.parametrize("media_type", ["application/xml", "text/xml"])
def test_other_xml_media_types_are_checked_too(update_endpoint: Server, before_graph: str, media_type: str) -> None:
    response = requests.put(
        update_endpoint.url + "/store",
        params={"graph": before_graph},
        data=billion_laughs().encode(),
        headers={**AUTH, "Content-Type": media_type, "Accept": "application/json"},
        timeout=30,
    )
    _assert_bad_rdf_payload(response)
    assert _graph_triples(update_endpoint, before_graph) == {("urn:x:s", "urn:x:p", "before")}


def test_a_multipart_part_with_a_dtd_refuses_the_whole_post(update_endpoint: Server, before_graph: str) -> None:
    files = [
        ("a", ("good.ttl", b'<urn:x:s> <urn:x:p> "good" .', "text/turtle")),
        ("b", ("bad.rdf", billion_laughs().encode(), "application/rdf+xml")),
    ]
    response = requests.post(
        update_endpoint.url + "/store",
        params={"graph": before_graph},
        files=files,
        headers={**AUTH, "Accept": "application/json"},
        timeout=30,
    )
    _assert_bad_rdf_payload(response)
    assert _graph_triples(update_endpoint, before_graph) == {("urn:x:s", "urn:x:p", "before")}


def test_rdf_xml_without_a_dtd_is_stored(update_endpoint: Server) -> None:
    graph = GRAPH + "dtd-free"
    document = (
        '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- comments and CDATA are fine -->\n'
        f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="urn:x:"><rdf:Description rdf:about="urn:x:s">'
        "<ex:p><![CDATA[<b>굵게</b> &amp; 그대로]]></ex:p></rdf:Description></rdf:RDF>\n"
    )
    response = requests.put(
        update_endpoint.url + "/store",
        params={"graph": graph},
        data=document.encode(),
        headers={**AUTH, "Content-Type": "application/rdf+xml"},
        timeout=30,
    )
    assert response.status_code in (201, 204), response.text
    assert _graph_triples(update_endpoint, graph) == {("urn:x:s", "urn:x:p", "<b>굵게</b> &amp; 그대로")}


def test_kgbuild_load_refuses_an_rdf_xml_file_with_a_dtd(tmp_path: Path) -> None:
    from kgbuild.build import build
    from kgbuild.config import DEFAULT_BASE

    store = tmp_path / "store"
    build([SEED], store_path=store, base=DEFAULT_BASE)
    before = current_version(store)
    evil = tmp_path / "laughs.rdf"
    evil.write_bytes(b"\xef\xbb\xbf" + billion_laughs().encode())
    refused = run_cli("load", str(evil), "--store", str(store))
    assert refused.returncode == 2, refused.stderr
    assert str(evil) in refused.stderr and "entities are not expanded" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert current_version(store) == before
    good = tmp_path / "notes.rdf"
    good.write_text(
        f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
        '<rdf:Description rdf:about="https://kgbuild.org/id/region/ulsan"><rdfs:comment xml:lang="ko">조선해양'
        "</rdfs:comment></rdf:Description></rdf:RDF>\n",
        encoding="utf-8",
    )
    loaded = run_cli("load", str(good), "--store", str(store))
    assert loaded.returncode == 0, loaded.stderr
    assert current_version(store) != before


# -- the Host header never reaches output --------------------------------------------------------------------

HOST_PATHS = {
    "service description": ("/sparql", "text/turtle"),
    "service description json-ld": ("/sparql", "application/ld+json"),
    "void": ("/void", "text/turtle"),
    "well-known void": ("/.well-known/void", "application/ld+json"),
    "entity page": ("/id/region/ulsan", BROWSER),
    "entity turtle": ("/id/region/ulsan", "text/turtle"),
    "query page": ("/", BROWSER),
    "downloads page": ("/dumps/", BROWSER),
    "dump": ("/dumps/kgbuild.ttl", "*/*"),
    "redirect": ("/dumps", "*/*"),
    "merged slashes": ("/id//region/ulsan", "*/*"),
    "error page": ("/nowhere", BROWSER),
}


@pytest.mark.parametrize("kind", HOST_PATHS)
def test_the_host_header_never_reaches_output(endpoint: Server, kind: str) -> None:
    path, accept = HOST_PATHS[kind]
    response = requests.get(
        endpoint.url + path, headers={"Host": EVIL, "Accept": accept}, timeout=30, allow_redirects=False
    )
    assert response.status_code in (200, 308, 404), response.text
    assert EVIL not in response.text
    assert not [name for name, value in response.headers.items() if EVIL in value], response.headers


def test_void_and_service_description_name_the_servers_own_address(endpoint: Server) -> None:
    void = requests.get(endpoint.url + "/void", headers={"Host": EVIL, "Accept": "text/turtle"}, timeout=30)
    graph = Graph().parse(data=void.text, format="turtle")
    sparql = URIRef(endpoint.url + "/sparql")
    assert (None, URIRef("http://rdfs.org/ns/void#sparqlEndpoint"), sparql) in graph
    assert (None, URIRef("http://rdfs.org/ns/void#dataDump"), URIRef(endpoint.url + "/dumps/kgbuild.ttl")) in graph
    plain = requests.get(endpoint.url + "/void", headers={"Accept": "text/turtle"}, timeout=30)
    assert plain.headers["ETag"] == void.headers["ETag"]  # the ETag no longer varies with Host
    sd = requests.get(endpoint.sparql, headers={"Host": EVIL, "Accept": "text/turtle"}, timeout=30)
    described = Graph().parse(data=sd.text, format="turtle")
    assert (None, URIRef("http://www.w3.org/ns/sparql-service-description#endpoint"), sparql) in described


def test_the_public_url_setting_names_the_endpoint(fixture_store: Path, tmp_path: Path) -> None:
    public = "https://kg.example.org/"
    with Server(fixture_store, tmp_path / "server.log", public_url=public) as server:
        void = requests.get(server.url + "/void", headers={"Host": EVIL, "Accept": "text/turtle"}, timeout=30)
        graph = Graph().parse(data=void.text, format="turtle")
        assert (None, URIRef("http://rdfs.org/ns/void#sparqlEndpoint"), URIRef(public + "sparql")) in graph
        assert (None, URIRef("http://www.w3.org/ns/dcat#landingPage"), URIRef(public)) in graph
        assert EVIL not in void.text and server.url not in void.text
        titles = set(graph.objects(None, URIRef("http://purl.org/dc/terms/title")))
        assert Literal("kgbuild: knowledge graph of Korean government programmes", lang="en") in titles
