"""The pages for people: entity pages and their RDF, dumps, VoID and the query page, through the Flask client."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS, VOID, XSD

from kgbuild import store as kgstore
from kgbuild.config import Config
from kgbuild.model.namespaces import KG, KOGL_TYPE1, PREFIXES
from kgbuild.queries import load_queries
from kgbuild.web import create_app, pages

ID = Namespace("https://kgbuild.org/id/")
SCHEMA = Namespace("https://schema.org/")
ULSAN = ID["region/ulsan"]
PROJECT = ID["project/sw-convergence-cluster-2.0/2019/ulsan"]
BUDGET = ID["budget/sw-convergence-cluster-2.0/2019/ulsan"]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

GRAPHS = {
    "https://kgbuild.org/graph/ontology": """
        @prefix kg: <https://kgbuild.org/def/kgbuild#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://kgbuild.org/def/kgbuild> a owl:Ontology ; rdfs:label "kgbuild 온톨로지"@ko .
        kg:Region a owl:Class ; rdfs:label "행정구역"@ko, "administrative region"@en ;
            rdfs:isDefinedBy <https://kgbuild.org/def/kgbuild> .
        kg:Sido a owl:Class ; rdfs:subClassOf kg:Region ; rdfs:label "시도"@ko, "province-level region"@en .
    """,
    "https://kgbuild.org/graph/gazetteer": """
        @prefix kg: <https://kgbuild.org/def/kgbuild#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://kgbuild.org/id/region/ulsan> a kg:Sido ;
            skos:prefLabel "울산광역시"@ko, "Ulsan"@en ; skos:altLabel "울산"@ko ; kg:iso3166_2 "KR-31" ;
            kg:officialName <https://kgbuild.org/id/region/ulsan/name/울산광역시> .
        <https://kgbuild.org/id/region/ulsan/name/울산광역시> kg:name "울산광역시"@ko .
    """,
    "https://kgbuild.org/graph/release/2019-04-23-msit-sw-convergence-cluster-2.0": """
        @prefix kg: <https://kgbuild.org/def/kgbuild#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix schema: <https://schema.org/> .
        <https://kgbuild.org/id/project/sw-convergence-cluster-2.0/2019/ulsan> a kg:RegionalProject ;
            rdfs:label "울산 소프트웨어 융합클러스터 2.0"@ko ;
            kg:region <https://kgbuild.org/id/region/ulsan> ;
            kg:budget <https://kgbuild.org/id/budget/sw-convergence-cluster-2.0/2019/ulsan> .
        <https://kgbuild.org/id/budget/sw-convergence-cluster-2.0/2019/ulsan> a kg:Budget ;
            schema:value 12000000000.0 ; schema:currency "KRW" ; kg:amountText "약 120억원"@ko .
    """,
}


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A fresh store (the link path) holding the three fixture graphs."""
    path = tmp_path / "store"
    with kgstore.build_aside(path) as build:
        for n, (name, turtle) in enumerate(GRAPHS.items()):
            file = tmp_path / f"graph-{n}.ttl"
            file.write_text(turtle, encoding="utf-8")
            kgstore.load_file(build.store, file, name)
    return path


@pytest.fixture
def app(store_path: Path) -> Flask:
    """The app serving the fixture store."""
    app = create_app(Config(store=store_path))
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


def parse(data: bytes, rdflib_format: str) -> Graph:
    """The triples in ``data``, read by rdflib."""
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses rdflib's own deprecated ConjunctiveGraph
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        return Graph().parse(data=data, format=rdflib_format)


def parse_quads(data: bytes, rdflib_format: str) -> dict[str, int]:
    """Named graph -> number of triples in ``data`` (N-Quads or TriG), read by rdflib."""
    with warnings.catch_warnings():  # rdflib's Dataset calls its own deprecated API while parsing
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        dataset = Dataset()
        dataset.parse(data=data, format=rdflib_format)
        return {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}


def quad_count(store_path: Path) -> int:
    return kgstore.count_quads(kgstore.open_read_only(store_path))


# -- entity pages --------------------------------------------------------------------------------------------


def test_entity_page_shows_labels_properties_and_incoming_links(client: FlaskClient) -> None:
    response = client.get("/id/region/ulsan", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<span lang="ko">울산광역시</span>' in html  # the heading
    assert "Ulsan" in html and "KR-31" in html
    assert 'href="/def/kgbuild#Sido"' in html  # the type, on this site's ontology page
    assert 'href="/id/project/sw-convergence-cluster-2.0/2019/ulsan"' in html  # incoming kg:region link
    assert "울산 소프트웨어 융합클러스터 2.0" in html  # ... shown by its label
    assert 'href="/id/region/ulsan.ttl"' in html  # the alternate descriptions


def test_entity_page_links_objects_to_their_pages(client: FlaskClient) -> None:
    html = client.get("/id/project/sw-convergence-cluster-2.0/2019/ulsan").get_data(as_text=True)
    assert 'href="/id/region/ulsan"' in html
    assert 'href="/id/budget/sw-convergence-cluster-2.0/2019/ulsan"' in html


def test_entity_with_korean_path(client: FlaskClient) -> None:
    response = client.get("/id/region/ulsan/name/%EC%9A%B8%EC%82%B0%EA%B4%91%EC%97%AD%EC%8B%9C")
    assert response.status_code == 200
    assert "울산광역시" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "accept", "rdflib_format", "media_type"),
    [
        ("/id/region/ulsan", "text/turtle", "turtle", "text/turtle"),
        ("/id/region/ulsan", "application/ld+json", "json-ld", "application/ld+json"),
        ("/id/region/ulsan", "application/n-triples", "nt", "application/n-triples"),
        ("/id/region/ulsan", "application/rdf+xml", "xml", "application/rdf+xml"),
        ("/id/region/ulsan", "text/turtle;q=0.5, application/ld+json;q=0.9", "json-ld", "application/ld+json"),
        ("/id/region/ulsan.ttl", BROWSER, "turtle", "text/turtle"),
        ("/id/region/ulsan.jsonld", None, "json-ld", "application/ld+json"),
        ("/id/region/ulsan.nt", None, "nt", "application/n-triples"),
    ],
)
def test_entity_rdf_by_accept_or_suffix(
    client: FlaskClient, path: str, accept: str | None, rdflib_format: str, media_type: str
) -> None:
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.vary
    graph = parse(response.get_data(), rdflib_format)
    assert (ULSAN, SKOS.prefLabel, Literal("울산광역시", lang="ko")) in graph
    assert (ULSAN, SKOS.prefLabel, Literal("Ulsan", lang="en")) in graph
    assert (ULSAN, RDF.type, KG.Sido) in graph
    assert (ULSAN, KG.iso3166_2, Literal("KR-31")) in graph
    assert set(graph.subjects()) == {ULSAN}  # its own description, not its neighbours'


def test_entity_turtle_uses_the_project_prefixes(client: FlaskClient) -> None:
    text = client.get("/id/project/sw-convergence-cluster-2.0/2019/ulsan.ttl").get_data(as_text=True)
    assert "@prefix kg: <https://kgbuild.org/def/kgbuild#>" in text
    graph = Graph().parse(data=text, format="turtle")
    assert (PROJECT, KG.budget, BUDGET) in graph
    assert (PROJECT, KG.region, ULSAN) in graph


def test_entity_without_accept_is_html(client: FlaskClient) -> None:
    assert client.get("/id/region/ulsan").mimetype == "text/html"


@pytest.mark.parametrize(
    "path",
    [
        "/id/region/atlantis",
        "/id/region/atlantis.ttl",
        "/id/region/ulsan%3E%20%3Fp%20%3Fo",  # not an IRI: no query is built from it
        "/def/nothing-here",
    ],
)
def test_unknown_iri_is_404(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 404
    assert "is not in the graph" in response.get_data(as_text=True)


def test_unacceptable_media_type_is_406(client: FlaskClient) -> None:
    response = client.get("/id/region/ulsan", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.get_data(as_text=True)


def test_entity_etag_follows_the_store_version(client: FlaskClient, store_path: Path) -> None:
    first = client.get("/id/region/ulsan.ttl")
    version = kgstore.current_version(store_path)
    assert version is not None and version.name in (first.get_etag()[0] or "")
    again = client.get("/id/region/ulsan.ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_ontology_document_shows_its_hash_terms(client: FlaskClient) -> None:
    html = client.get("/def/kgbuild", headers={"Accept": BROWSER}).get_data(as_text=True)
    assert 'id="Region"' in html and 'id="Sido"' in html
    assert "행정구역" in html
    graph = Graph().parse(data=client.get("/def/kgbuild.ttl").get_data(), format="turtle")
    assert (KG.Region, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in graph
    assert (KG.Sido, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), KG.Region) in graph


def test_entity_page_without_a_store_is_503(tmp_path: Path) -> None:
    client = create_app(Config(store=tmp_path / "never-built")).test_client()
    response = client.get("/id/region/ulsan")
    assert response.status_code == 503
    assert "kgbuild build" in response.get_data(as_text=True)


# -- dumps ---------------------------------------------------------------------------------------------------

DUMP_FORMATS = [("ttl", "turtle", False), ("nt", "nt", False), ("jsonld", "json-ld", False),
                ("nq", "nquads", True), ("trig", "trig", True)]  # fmt: skip


@pytest.mark.parametrize(("ext", "rdflib_format", "quads"), DUMP_FORMATS)
def test_dump_parses_back_with_every_triple(
    client: FlaskClient, store_path: Path, ext: str, rdflib_format: str, quads: bool
) -> None:
    response = client.get(f"/dumps/kgbuild.{ext}", buffered=True)
    assert response.status_code == 200
    version = kgstore.current_version(store_path)
    assert version is not None
    assert response.get_etag()[0] == f"{version.name}-{ext}"
    body = response.get_data()
    if quads:
        graphs = parse_quads(body, rdflib_format)
        assert graphs == {name: len(Graph().parse(data=t, format="turtle")) for name, t in GRAPHS.items()}
        count = sum(graphs.values())
    else:
        count = len(parse(body, rdflib_format))
    assert count == quad_count(store_path)


def test_dump_is_not_resent_to_a_client_that_has_it(client: FlaskClient) -> None:
    etag = client.get("/dumps/kgbuild.nt", buffered=True).headers["ETag"]
    assert client.get("/dumps/kgbuild.nt", headers={"If-None-Match": etag}).status_code == 304


def test_unknown_dump_is_404(client: FlaskClient) -> None:
    assert client.get("/dumps/kgbuild.xlsx").status_code == 404


def test_dumps_page_lists_every_download(client: FlaskClient, store_path: Path) -> None:
    html = client.get("/dumps/").get_data(as_text=True)
    for ext, _, _ in DUMP_FORMATS:
        assert f'href="/dumps/kgbuild.{ext}"' in html
    assert f"{quad_count(store_path):,} triples" in html


# -- VoID ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "accept", "rdflib_format"),
    [("/void", None, "turtle"), ("/.well-known/void", "text/turtle", "turtle"),
     ("/.well-known/void", "application/ld+json", "json-ld")],
)  # fmt: skip
def test_void_describes_the_dataset(
    client: FlaskClient, store_path: Path, path: str, accept: str | None, rdflib_format: str
) -> None:
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    graph = parse(response.get_data(), rdflib_format)
    dataset = URIRef("http://localhost/void#dataset")
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, DCTERMS.license, URIRef(KOGL_TYPE1)) in graph
    titles = {t.language for t in graph.objects(dataset, DCTERMS.title) if isinstance(t, Literal)}
    assert titles == {"ko", "en"}
    assert (dataset, VOID.sparqlEndpoint, URIRef("http://localhost/sparql")) in graph
    assert graph.value(dataset, VOID.triples) == Literal(quad_count(store_path), datatype=XSD.integer)
    dumps = set(graph.objects(dataset, VOID.dataDump))
    assert dumps == {URIRef(f"http://localhost/dumps/kgbuild.{ext}") for ext, _, _ in DUMP_FORMATS}
    assert set(graph.objects(dataset, VOID.subset)) == {URIRef(name) for name in GRAPHS}
    assert {URIRef(PREFIXES["kg"]), URIRef(PREFIXES["skos"]), URIRef(PREFIXES["schema"])} <= set(
        graph.objects(dataset, VOID.vocabulary)
    )
    modified = graph.value(dataset, DCTERMS.modified)
    assert isinstance(modified, Literal) and modified.datatype == XSD.dateTime
    for dist in graph.objects(dataset, DCAT.distribution):
        assert (dist, DCTERMS.license, URIRef(KOGL_TYPE1)) in graph


# -- the query page ------------------------------------------------------------------------------------------


def page_data(html: str) -> dict:
    match = re.search(r'<script id="page-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the query page carries its data in a JSON block"
    return json.loads(match.group(1))


@pytest.mark.parametrize("path", ["/", "/query"])
def test_query_page_lists_every_named_query(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    data = page_data(html)
    named = load_queries()
    assert [q["name"] for q in data["examples"]] == [q.name for q in named]
    for query in named:
        assert f'data-name="{query.name}"' in html
        assert query.title in html
    assert data["prefixes"] == PREFIXES
    assert data["endpoint"] == "/sparql"
    for prefix, namespace in PREFIXES.items():
        assert f"PREFIX {prefix}: <{namespace}>" in data["defaultQuery"]


def test_query_page_escapes_named_queries(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "regions.rq").write_text(
        "#+ title: 지역 목록 </script><b>\n#+ description: regions\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8"
    )
    monkeypatch.setattr(pages, "QUERIES_DIR", folder)
    html = app.test_client().get("/").get_data(as_text=True)
    assert "지역 목록 &lt;/script&gt;&lt;b&gt;" in html  # escaped in the list ...
    assert page_data(html)["examples"][0]["title"] == "지역 목록 </script><b>"  # ... and intact in the data


def test_query_page_says_when_named_queries_cannot_be_read(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "QUERIES_DIR", tmp_path)  # no .rq files
    response = app.test_client().get("/")
    assert response.status_code == 200
    assert "Named queries could not be read: no named queries" in response.get_data(as_text=True)


def test_prefixes_for_the_editor(client: FlaskClient) -> None:
    assert client.get("/prefixes.json").get_json() == PREFIXES


def test_query_page_does_not_need_the_store(tmp_path: Path) -> None:
    client = create_app(Config(store=tmp_path / "never-built")).test_client()
    assert client.get("/").status_code == 200
