"""Downloads of the whole graph (``/dumps/``) and the dataset description that lists them (``/void``).

Both are read from the served version: a dump's ETag is the version, so a client that has it is not sent it
again, and the VoID/DCAT description counts the triples, named graphs, classes and properties of that version.
Every URL the description gives is under the public base URL (``public``), never under the ``Host`` header.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, render_template, request, send_file, url_for
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID
from werkzeug.wrappers import Response as BaseResponse

from kgbuild import store as kgstore
from kgbuild.config import Config
from kgbuild.errors import NotFound
from kgbuild.model.namespaces import KOGL_TYPE1, KOREA_KR, PREFIXES, compact
from kgbuild.web import negotiation, public
from kgbuild.web.served import Served, served

bp = Blueprint("dumps", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
VOID_PREFIXES = {"void": str(VOID), "dcat": str(DCAT), "sd": str(SD), "foaf": str(FOAF), **PREFIXES}
MEDIA_TYPES_NS = "https://www.iana.org/assignments/media-types/"


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@dataclass(frozen=True)
class DumpFormat:
    ext: str  # file name suffix: /dumps/kgbuild.<ext>
    name: str  # key of store.DUMP_FORMATS and name of the negotiation offer
    title: str
    note: str

    @property
    def media_type(self) -> str:
        return negotiation.GRAPHS_BY_NAME[self.name].media_type


DUMPS = (
    DumpFormat("ttl", "turtle", "Turtle", "all graphs merged"),
    DumpFormat("nt", "ntriples", "N-Triples", "all graphs merged, one triple a line"),
    DumpFormat("nq", "nquads", "N-Quads", "with the named graphs"),
    DumpFormat("trig", "trig", "TriG", "with the named graphs"),
    DumpFormat("jsonld", "jsonld", "JSON-LD", "all graphs merged"),
)


@bp.get("/dumps/")
def dumps_index() -> str:
    data = served()
    return render_template(
        "dumps.html",
        dumps=DUMPS,
        version=data.version,
        modified=data.modified,
        triples=data.triples,
        graphs=data.stats().graphs,
    )


@bp.get("/dumps/kgbuild.<ext>")
def dump(ext: str) -> BaseResponse:
    """The whole served version in one file; its ETag is the version, so unchanged data is not resent."""
    fmt = next((d for d in DUMPS if d.ext == ext), None)
    if fmt is None:
        raise NotFound(f"no dump kgbuild.{ext}; choose one of {', '.join('kgbuild.' + d.ext for d in DUMPS)}")
    data = served()
    etag = f"{data.version}-{fmt.ext}"
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
        return response
    # Dumped to a temporary file first so a failure is an error response, not a truncated download;
    # the file is then streamed in blocks.
    body = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response when sent)
    kgstore.dump(data.store, body, fmt.name)
    body.seek(0)
    return send_file(
        body,
        mimetype=fmt.media_type,
        as_attachment=True,
        download_name=f"kgbuild.{fmt.ext}",
        etag=etag,
        last_modified=data.modified,
        conditional=True,
        max_age=0,
    )


# -- VoID and DCAT ---------------------------------------------------------------------------------------


@bp.get("/.well-known/void")
@bp.get("/void")  # the innermost rule is the one url_for builds
def void() -> BaseResponse:
    """VoID + DCAT description of the served dataset, in Turtle (default) or another RDF syntax by Accept."""
    offer = negotiation.choose(
        negotiation.DESCRIPTIONS, accept=request.headers.get("Accept"), what="the dataset description"
    )
    data = served()
    graph = void_graph(data)
    dataset = URIRef(_public_url("dumps.void") + "#dataset")
    # Grouped by subject, the dataset first, so the Turtle reads as one block per resource.
    ordered = sorted(graph, key=lambda t: (t[0] != dataset, str(t[0]), str(t[1]), str(t[2])))
    triples = [ox.Triple(_ox_iri(s), _ox_iri(p), _ox_term(o)) for s, p, o in ordered]
    body = ox.serialize(triples, format=offer.rdf_format, prefixes=VOID_PREFIXES)
    response = Response(body, content_type=offer.content_type)
    response.vary.add("Accept")
    # The description names the public URL: a new one (KGBUILD_PUBLIC_URL) is a new representation.
    site = hashlib.sha256(public.base_url().encode()).hexdigest()[:12]
    response.set_etag(f"{data.version}-{offer.name}-{site}")
    response.last_modified = data.modified
    return response.make_conditional(request)


def _public_url(endpoint: str, **values: Any) -> str:
    """``url_for`` as an absolute URL under the public base URL (``public``), never under the Host header."""
    return public.url(url_for(endpoint, **values).removeprefix(request.script_root))


def _ox_iri(term: object) -> ox.NamedNode:
    assert isinstance(term, URIRef), term  # the VoID graph has no blank nodes
    return ox.NamedNode(str(term))


def _ox_term(term: object) -> ox.NamedNode | ox.Literal:
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    return _ox_iri(term)


def void_graph(data: Served) -> Graph:
    """The dataset, its SPARQL service, its dumps and its named graphs, with counts from the served version."""
    config: Config = current_app.config["KGBUILD"]
    stats = data.stats()
    g = Graph()
    void_url = _public_url("dumps.void")
    dataset = URIRef(void_url + "#dataset")
    service = URIRef(void_url + "#sparql")
    endpoint = URIRef(public.url("/sparql"))
    licence = URIRef(KOGL_TYPE1)
    modified = Literal(data.modified.isoformat(timespec="seconds"), datatype=XSD.dateTime)

    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.title, Literal("kgbuild: 정부 보도자료로 본 지역 사업 지식 그래프", lang="ko")))
    g.add((dataset, DCTERMS.title, Literal("kgbuild: knowledge graph of Korean government programmes", lang="en")))
    g.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "과학기술정보통신부 등 정부 부처 보도자료에서 추출한 사업, 선정 지역, 예산, 성과 목표와 그 출처 문장.",
                lang="ko",
            ),
        )
    )
    g.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Programmes, selected regions, budgets and targets announced in Korean ministries' press releases, "
                "each traced to the sentence it was read from.",
                lang="en",
            ),
        )
    )
    g.add((dataset, DCTERMS.license, licence))
    g.add((dataset, DCTERMS.source, URIRef(KOREA_KR)))
    g.add((dataset, DCTERMS.modified, modified))
    g.add((dataset, DCTERMS.hasVersion, Literal(data.version)))
    g.add((dataset, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/ko")))
    for keyword, lang in (("지역 사업", "ko"), ("예산", "ko"), ("regional programmes", "en"), ("budgets", "en")):
        g.add((dataset, DCAT.keyword, Literal(keyword, lang=lang)))
    g.add((dataset, DCAT.landingPage, URIRef(_public_url("pages.query_page"))))
    g.add((dataset, FOAF.homepage, URIRef(_public_url("dumps.dumps_index"))))
    g.add((dataset, VOID.sparqlEndpoint, endpoint))
    g.add((dataset, VOID.uriSpace, Literal(config.base + "id/")))
    g.add((dataset, VOID.triples, Literal(data.triples, datatype=XSD.integer)))
    g.add((dataset, VOID.feature, FORMATS_NS.Turtle))
    g.add((dataset, VOID.feature, FORMATS_NS["JSON-LD"]))
    for example in stats.examples:
        g.add((dataset, VOID.exampleResource, URIRef(example)))

    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, RDF.type, SD.Service))
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, SD.endpoint, endpoint))
    g.add((service, DCAT.servesDataset, dataset))
    g.add((service, DCTERMS.license, licence))
    g.add((dataset, DCAT.accessService, service))

    for fmt in DUMPS:
        url = URIRef(_public_url("dumps.dump", ext=fmt.ext))
        dist = URIRef(_public_url("dumps.dumps_index") + "#" + fmt.ext)
        g.add((dataset, VOID.dataDump, url))
        g.add((dataset, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.mediaType, URIRef(MEDIA_TYPES_NS + fmt.media_type)))
        g.add((dist, DCTERMS.title, Literal(f"{fmt.title} ({fmt.note})", lang="en")))
        g.add((dist, DCTERMS.license, licence))
        g.add((dist, DCTERMS.modified, modified))

    used = {iri for iri, _ in stats.classes} | {iri for iri, _ in stats.properties}
    for namespace in sorted(PREFIXES.values()):
        if any(iri.startswith(namespace) for iri in used):
            g.add((dataset, VOID.vocabulary, URIRef(namespace)))
    for graph_iri, count in stats.graphs:
        subset = URIRef(graph_iri)
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, SD.name, subset))
        g.add((subset, VOID.triples, Literal(count, datatype=XSD.integer)))
    for class_iri, count in stats.classes:
        part = URIRef(f"{void_url}#class:{quote(compact(class_iri), safe=':/')}")
        g.add((dataset, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(class_iri)))
        g.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for property_iri, count in stats.properties:
        part = URIRef(f"{void_url}#property:{quote(compact(property_iri), safe=':/')}")
        g.add((dataset, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(property_iri)))
        g.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    return g
