"""Entity pages: every IRI of the graph under ``{base}id/`` and ``https://kgbuild.org/def/``, as an HTML page
for people or, by Accept or a suffix (``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``), as RDF.

A page shows the resource's statements (each with the named graph it is stated in), the hash terms of an
ontology document (``kgbuild#Region`` ...) and the links to it; every IRI links to its own page when this site
describes it, to itself when it is http(s) or mailto, and is shown as text otherwise (``javascript:``, ``data:``,
``urn:`` ...). The IRI in the path is only ever bound as a query variable (``served``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from kgbuild import __version__
from kgbuild import store as kgstore
from kgbuild.config import Config
from kgbuild.errors import NotFound
from kgbuild.model.namespaces import PREFIXES, compact
from kgbuild.web import negotiation
from kgbuild.web.served import LABEL_PREDICATES, Served, served

bp = Blueprint("entities", __name__)
Term = ox.NamedNode | ox.BlankNode | ox.Literal

DEF_NS = "https://kgbuild.org/def/"  # the ontology and concept schemes: fixed, whatever the base
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
ENTITY_OFFERS = (negotiation.HTML, *negotiation.DESCRIPTIONS)
ENTITY_SUFFIXES = {"ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples", "rdf": "rdfxml"}  # /id/x.ttl ...
INCOMING_LIMIT = 1000  # incoming links shown on an entity page; the rest are counted, not listed


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@dataclass(frozen=True)
class TermView:
    """One RDF term as a page shows it."""

    kind: str  # "iri" | "literal" | "bnode"
    value: str
    href: str | None = None  # a page of this site, or the IRI itself when http(s) or mailto; None: shown as text
    local: bool = False
    label: str | None = None
    short: str | None = None  # prefixed name, or the IRI
    lang: str | None = None
    datatype: str | None = None  # prefixed name of a non-string datatype


@dataclass
class PropertyView:
    predicate: TermView
    values: list[tuple[TermView, str]]  # (value, named graph it is stated in)


@dataclass
class ResourceView:
    term: TermView
    anchor: str | None  # fragment id for hash terms shown on their document's page
    labels: dict[str, str]
    types: list[TermView]
    properties: list[PropertyView]


# A variable bound by store.select(substitutions=...) must be in the projection (oxigraph requires it).
OUT_QUERY = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
# For a document under /def/ (the ontology): the document itself and its hash terms (kgbuild#Region ...).
DOC_OUT_QUERY = """
SELECT ?s ?p ?o ?g ?doc ?hash WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER (?s = ?doc || STRSTARTS(STR(?s), ?hash))
}"""
IN_QUERY = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {INCOMING_LIMIT + 1}"
IN_COUNT_QUERY = "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?o"
# The RDF description: the resource's statements and those of the blank nodes it points to. SELECT, not
# CONSTRUCT: oxigraph binds only variables a projection names (?doc and ?hash appear in no triple pattern).
DESCRIBE_QUERY = """
SELECT ?s ?p ?o ?p2 ?o2 WHERE {
  ?s ?p ?o .
  OPTIONAL { FILTER (isBlank(?o)) ?o ?p2 ?o2 }
}"""
DOC_DESCRIBE_QUERY = """
SELECT ?s ?p ?o ?p2 ?o2 ?doc ?hash WHERE {
  ?s ?p ?o .
  FILTER (?s = ?doc || STRSTARTS(STR(?s), ?hash))
  OPTIONAL { FILTER (isBlank(?o)) ?o ?p2 ?o2 }
}"""
DOC_ASK_QUERY = "SELECT ?hash WHERE { ?s ?p ?o FILTER (STRSTARTS(STR(?s), ?hash)) } LIMIT 1"


@bp.get("/id/<path:rest>")
def entity(rest: str) -> BaseResponse:
    """An instance: ``{base}id/<rest>`` as an HTML page or, by Accept or a suffix (.ttl ...), as RDF."""
    config: Config = current_app.config["KGBUILD"]
    return _describe(config.base + "id/", rest, document=False)


@bp.get("/def/<path:rest>")
def term(rest: str) -> BaseResponse:
    """An ontology document or concept under https://kgbuild.org/def/, with its hash terms (#Region ...)."""
    return _describe(DEF_NS, rest, document=True)


def _describe(namespace: str, rest: str, *, document: bool) -> BaseResponse:
    data = served()
    iri, offer = namespace + rest, None
    found = _mentioned(data, iri, document=document)
    suffix = rest.rsplit(".", 1)[-1] if "." in rest else ""
    if not found and suffix in ENTITY_SUFFIXES:  # /id/x.ttl: the Turtle of /id/x (unless x.ttl is itself an IRI)
        iri, offer = namespace + rest[: -len(suffix) - 1], negotiation.GRAPHS_BY_NAME[ENTITY_SUFFIXES[suffix]]
        found = _mentioned(data, iri, document=document)
    if not found:
        raise NotFound(f"<{iri}> is not in the graph; search for it on the query page")
    if offer is None:
        offer = negotiation.choose(ENTITY_OFFERS, accept=request.headers.get("Accept"), what=f"<{iri}>")
    if offer is negotiation.HTML:
        page_url = url_for("entities.term" if document else "entities.entity", rest=iri[len(namespace) :])
        response = Response(render_template("entity.html", **_entity_view(data, iri, page_url, document=document)))
    else:
        body = ox.serialize(_description(data, iri, document=document), format=offer.rdf_format, prefixes=PREFIXES)
        response = Response(body, content_type=offer.content_type)
    response.vary.add("Accept")
    response.set_etag(f"{data.version}-{offer.name}-{__version__}")  # the page also depends on the code
    return response.make_conditional(request)


def _description(data: Served, iri: str, *, document: bool) -> list[ox.Triple]:
    if document:
        rows = kgstore.select(data.store, DOC_DESCRIBE_QUERY, substitutions=_doc_bindings(iri))
    else:
        rows = kgstore.select(data.store, DESCRIBE_QUERY, substitutions={"s": ox.NamedNode(iri)})
    triples: dict[ox.Triple, None] = {}  # ordered and without the repeats the OPTIONAL makes
    for row in rows:
        triples[ox.Triple(row["s"], row["p"], row["o"])] = None
        if row["p2"] is not None:
            triples[ox.Triple(row["o"], row["p2"], row["o2"])] = None
    return list(triples)


def _doc_bindings(iri: str) -> dict[str, object]:
    return {"doc": ox.NamedNode(iri), "hash": ox.Literal(iri + "#")}


def _mentioned(data: Served, iri: str, *, document: bool) -> bool:
    """True when the graph states something about ``iri`` or links to it (for a document: or its hash terms)."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # not an IRI at all (a space, '>' ...): nothing can be said about it
        return False
    if kgstore.run_query(data.store, "ASK { { ?s ?p ?o } UNION { ?o ?p ?s } }", substitutions={"s": node}):
        return True
    if document:
        found = kgstore.select(data.store, DOC_ASK_QUERY, substitutions={"hash": ox.Literal(iri + "#")})
        return any(True for _ in found)
    return False


def _entity_view(data: Served, iri: str, page_url: str, *, document: bool) -> dict[str, object]:
    labels = data.labels()
    view = TermMaker(labels)
    by_subject: dict[str, list[tuple[str, Term, str]]] = {iri: []}
    if document:
        for row in kgstore.select(data.store, DOC_OUT_QUERY, substitutions=_doc_bindings(iri)):
            by_subject.setdefault(row["s"].value, []).append((row["p"].value, row["o"], row["g"].value))
    else:
        for row in kgstore.select(data.store, OUT_QUERY, substitutions={"s": ox.NamedNode(iri)}):
            by_subject[iri].append((row["p"].value, row["o"], row["g"].value))
    resources = [
        _resource_view(view, subject, rows, anchor=None if subject == iri else subject.split("#", 1)[1])
        for subject, rows in sorted(by_subject.items(), key=lambda item: (item[0] != iri, item[0]))
    ]
    incoming_rows = list(kgstore.select(data.store, IN_QUERY, substitutions={"o": ox.NamedNode(iri)}))
    incoming_total = len(incoming_rows)
    if incoming_total > INCOMING_LIMIT:
        count = kgstore.select(data.store, IN_COUNT_QUERY, substitutions={"o": ox.NamedNode(iri)})
        incoming_total = int(next(iter(count))["n"].value)
    incoming: dict[str, PropertyView] = {}
    for row in incoming_rows[:INCOMING_LIMIT]:
        p = row["p"].value
        group = incoming.setdefault(p, PropertyView(view.iri(p), []))
        group.values.append((view.term(row["s"]), row["g"].value))
    main = resources[0]
    return {
        "main": main,
        "hash_terms": resources[1:],
        "incoming": sorted(incoming.values(), key=lambda pv: pv.predicate.short or ""),
        "incoming_total": incoming_total,
        "incoming_shown": min(incoming_total, INCOMING_LIMIT),
        "alternates": [
            (negotiation.GRAPHS_BY_NAME[name].media_type, f"{page_url}.{suffix}")
            for suffix, name in ENTITY_SUFFIXES.items()
        ],
        "query_link": url_for("pages.query_page") + "#query=" + quote(_explore_query(iri), safe=""),
    }


def _explore_query(iri: str) -> str:
    # The IRI comes from the graph (it was just found there) and is written as an IRI reference.
    return f"SELECT ?p ?o WHERE {{\n  <{ox.NamedNode(iri).value}> ?p ?o .\n}}\nORDER BY ?p ?o\n"


def _resource_view(
    view: TermMaker, subject: str, rows: list[tuple[str, Term, str]], *, anchor: str | None
) -> ResourceView:
    grouped: dict[str, PropertyView] = {}
    types: list[TermView] = []
    for p, o, g in sorted(rows, key=lambda r: (r[0], str(r[1]))):
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            types.append(view.term(o))
        grouped.setdefault(p, PropertyView(view.iri(p), [])).values.append((view.term(o), g))
    label_rank = {p: i for i, p in enumerate(LABEL_PREDICATES)}
    ordered = sorted(
        grouped.values(),
        key=lambda pv: (
            pv.predicate.value != RDF_TYPE,
            label_rank.get(pv.predicate.value, 99),
            pv.predicate.short or pv.predicate.value,
        ),
    )
    return ResourceView(view.iri(subject), anchor, view.labels.get(subject, {}), types, ordered)


class TermMaker:
    """Turns pyoxigraph terms into TermViews: labels from the graph, links to this site's pages."""

    def __init__(self, labels: dict[str, dict[str, str]]) -> None:
        self.labels = labels
        config: Config = current_app.config["KGBUILD"]
        self.base = config.base
        self.instance_ns = config.base + "id/"

    def term(self, node: Term) -> TermView:
        if isinstance(node, ox.NamedNode):
            return self.iri(node.value)
        if isinstance(node, ox.Literal):
            datatype = node.datatype.value
            shown = None
            if not node.language and datatype != XSD_STRING:
                shown = compact(datatype)
            return TermView("literal", node.value, lang=node.language or None, datatype=shown)
        return TermView("bnode", str(node))

    def iri(self, iri: str) -> TermView:
        href = local_href(iri, self.instance_ns)
        short = compact(iri)
        if short == iri and iri.startswith(self.base):
            short = iri[len(self.base) :]  # id/region/ulsan: the base is the same on every page
        return TermView(
            "iri",
            iri,
            href=href or linkable(iri),
            local=href is not None,
            label=pick_label(self.labels, iri),
            short=short,
        )


LINK_SCHEMES = re.compile(r"(?:https?|mailto):", re.ASCII | re.IGNORECASE)


def linkable(iri: str) -> str | None:
    """``iri`` when a page may link to it (http, https, mailto), else None: the graph may hold any IRI, and
    ``javascript:`` or ``data:`` in an href would run or show what whoever wrote it chose (query.js agrees)."""
    return iri if LINK_SCHEMES.match(iri) else None


def local_href(iri: str, instance_ns: str) -> str | None:
    """The page of this site showing ``iri``, or None when the IRI is not one this site describes."""
    if iri.startswith(instance_ns) and len(iri) > len(instance_ns):
        return url_for("entities.entity", rest=iri[len(instance_ns) :])
    if iri.startswith(DEF_NS) and len(iri) > len(DEF_NS):
        doc, _, fragment = iri[len(DEF_NS) :].partition("#")
        return url_for("entities.term", rest=doc) + ("#" + quote(fragment, safe="") if fragment else "")
    return None


def pick_label(labels: dict[str, dict[str, str]], iri: str) -> str | None:
    by_lang = labels.get(iri)
    if not by_lang:
        return None
    for lang in ("ko", "", "en"):
        if lang in by_lang:
            return by_lang[lang]
    return next(iter(by_lang.values()))
