"""Pages for people: the query page, entity pages (HTML or RDF by content negotiation), dumps and VoID.

Every read of the graph goes through ``served()`` (the one place that gets the store, with what is computed
once per version) and through ``store.run_query`` with bound variables: nothing a client sends becomes query
text. Content negotiation is the endpoint's (``web/negotiation.py``).
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request, send_file, url_for
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID
from werkzeug.wrappers import Response as BaseResponse

from kgbuild import __version__
from kgbuild import store as kgstore
from kgbuild.config import Config
from kgbuild.errors import BadInput, NotAcceptable, NotFound
from kgbuild.model.namespaces import KG, KOGL_TYPE1, KOREA_KR, PREFIXES
from kgbuild.paths import QUERIES_DIR
from kgbuild.queries import NamedQuery, load_queries
from kgbuild.web import negotiation
from kgbuild.web.sparql import executor

log = logging.getLogger(__name__)

bp = Blueprint("pages", __name__)
Term = ox.NamedNode | ox.BlankNode | ox.Literal

DEF_NS = "https://kgbuild.org/def/"  # the ontology and concept schemes: fixed, whatever the base
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
VOID_PREFIXES = {"void": str(VOID), "dcat": str(DCAT), "sd": str(SD), "foaf": str(FOAF), **PREFIXES}
MEDIA_TYPES_NS = "https://www.iana.org/assignments/media-types/"

_GRAPH_OFFERS = {offer.name: offer for offer in negotiation.GRAPHS}
# The syntaxes an entity or VoID description is offered in; the first is the default for */* or no Accept.
RDF_OFFERS = tuple(_GRAPH_OFFERS[name] for name in ("turtle", "jsonld", "ntriples", "rdfxml"))
ENTITY_OFFERS = (negotiation.HTML, *RDF_OFFERS)
ENTITY_SUFFIXES = {"ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples", "rdf": "rdfxml"}  # /id/x.ttl ...


@dataclass(frozen=True)
class DumpFormat:
    ext: str  # file name suffix: /dumps/kgbuild.<ext>
    name: str  # key of store.DUMP_FORMATS and name of the negotiation offer
    title: str
    note: str

    @property
    def media_type(self) -> str:
        return _GRAPH_OFFERS[self.name].media_type


DUMPS = (
    DumpFormat("ttl", "turtle", "Turtle", "all graphs merged"),
    DumpFormat("nt", "ntriples", "N-Triples", "all graphs merged, one triple a line"),
    DumpFormat("nq", "nquads", "N-Quads", "with the named graphs"),
    DumpFormat("trig", "trig", "TriG", "with the named graphs"),
    DumpFormat("jsonld", "jsonld", "JSON-LD", "all graphs merged"),
)
SELECT_DOWNLOADS = (("json", "JSON"), ("xml", "XML"), ("csv", "CSV"), ("tsv", "TSV"))
GRAPH_DOWNLOADS = (("turtle", "Turtle"), ("ntriples", "N-Triples"), ("jsonld", "JSON-LD"))

INCOMING_LIMIT = 1000  # incoming links shown on an entity page; the rest are counted, not listed
LABEL_PREDICATES = (  # in order of preference for a display label
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "https://schema.org/name",
    "http://purl.org/dc/terms/title",
    str(KG.name),
    str(KG.amountText),  # budgets ("약 140억원") and targets have no label but say what they are
    str(KG.phrase),
    str(KG.text),  # source sentences: their text (pages shorten long labels)
)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


# -- the store ---------------------------------------------------------------------------------------


@dataclass
class Served:
    """The served store version, opened read-only, with what the pages compute from it once per version."""

    store: ox.Store
    version: str  # directory name of the version: the ETag of every response derived from it
    modified: datetime  # when the build completed
    _labels: dict[str, dict[str, str]] | None = None
    _stats: Stats | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def labels(self) -> dict[str, dict[str, str]]:
        """IRI -> {language tag ("" for none): label}, the most preferred label predicate winning."""
        with self._lock:
            if self._labels is None:
                self._labels = _read_labels(self.store)
            return self._labels

    def stats(self) -> Stats:
        with self._lock:
            if self._stats is None:
                self._stats = _read_stats(self.store)
            return self._stats


_served_lock = threading.Lock()


def served() -> Served:
    """The served store version, with what the pages compute from it once per version.

    The single door from the pages to the graph. The store handle is the endpoint executor's own read-only
    view of the version it serves (one handle per web process; it follows rebuilds within VERSION_CHECK s).
    Page queries are small lookups by IRI, so they run here rather than in a query worker.
    Raises StoreMissing (503) when nothing was built yet.
    """
    local = executor().local()
    cache = current_app.extensions.setdefault("kgbuild.pages", {})
    with _served_lock:
        entry: Served | None = cache.get("served")
        if entry is None or entry.version != local.version.name:
            entry = Served(local.store, local.version.name, _completed_at(local.version))
            cache["served"] = entry
        return entry


def _completed_at(version: Path) -> datetime:
    mark = version / kgstore.COMPLETE_MARK
    try:
        return datetime.strptime(mark.read_text().strip(), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return datetime.fromtimestamp(mark.stat().st_mtime, tz=UTC)


LABELS_QUERY = (
    "SELECT ?x ?p ?label WHERE {\n"
    f"  VALUES ?p {{ {' '.join(f'<{p}>' for p in LABEL_PREDICATES)} }}\n"
    "  ?x ?p ?label .\n"
    "  FILTER (isLiteral(?label))\n"
    "}"
)


def _read_labels(store: ox.Store) -> dict[str, dict[str, str]]:
    rank = {p: i for i, p in enumerate(LABEL_PREDICATES)}
    best: dict[str, dict[str, tuple[int, str]]] = {}
    for row in kgstore.run_query(store, LABELS_QUERY):
        x, p, label = row["x"], row["p"], row["label"]
        if not isinstance(x, ox.NamedNode):
            continue
        langs = best.setdefault(x.value, {})
        key = label.language or ""
        candidate = (rank[p.value], label.value)
        if key not in langs or candidate < langs[key]:
            langs[key] = candidate
    return {iri: {lang: text for lang, (_, text) in langs.items()} for iri, langs in best.items()}


@dataclass(frozen=True)
class Stats:
    """Counts for the dataset description, read once per version."""

    triples: int
    graphs: list[tuple[str, int]]  # named graph, triples
    classes: list[tuple[str, int]]  # class, instances
    properties: list[tuple[str, int]]  # property, triples
    examples: list[str]  # a region and a project, when there are some


def _read_stats(store: ox.Store) -> Stats:
    graphs = [(row["g"].value, int(row["n"].value)) for row in kgstore.run_query(store, GRAPHS_QUERY)]
    classes = [(row["c"].value, int(row["n"].value)) for row in kgstore.run_query(store, CLASSES_QUERY)]
    properties = [(row["p"].value, int(row["n"].value)) for row in kgstore.run_query(store, PROPERTIES_QUERY)]
    examples = [row["x"].value for row in kgstore.run_query(store, EXAMPLES_QUERY)]
    return Stats(kgstore.count_quads(store), graphs, classes, properties, examples)


GRAPHS_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
CLASSES_QUERY = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
PROPERTIES_QUERY = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
EXAMPLES_QUERY = f"""
SELECT ?x WHERE {{
  {{ SELECT ?x WHERE {{ ?x a <{KG.Sido}> }} ORDER BY ?x LIMIT 1 }}
  UNION {{ SELECT ?x WHERE {{ ?x a <{KG.RegionalProject}> }} ORDER BY ?x LIMIT 1 }}
}}"""


# -- content negotiation -------------------------------------------------------------------------------


def negotiate(offers: Sequence[negotiation.Offer]) -> negotiation.Offer:
    """The offer the client prefers by its Accept header (the endpoint's rules: q-values, wildcards, first
    offer by default). Raises NotAcceptable (406) naming the offers when none fits."""
    offer = negotiation.negotiate(request.headers.get("Accept"), offers)
    if offer is None:
        raise NotAcceptable(
            f"cannot answer with {request.headers.get('Accept')!r}; ask for one of: {negotiation.describe(offers)}"
        )
    return offer


def rdf_format(offer: negotiation.Offer) -> ox.RdfFormat:
    assert isinstance(offer.format, ox.RdfFormat), offer  # RDF_OFFERS holds only RDF syntaxes
    return offer.format


# -- the query page --------------------------------------------------------------------------------------


@bp.get("/query")
@bp.get("/")  # the innermost rule is the one url_for builds
def query_page() -> str:
    config: Config = current_app.config["KGBUILD"]
    examples, examples_error = _named_queries()
    vendor = Path(current_app.static_folder or "") / "vendor" / "yasgui" / "yasgui.min.js"
    if not vendor.is_file():
        log.error("query editor missing at %s: run `npm ci && python -m kgbuild.web.vendor`", vendor)
    page = {
        "root": request.script_root,
        "endpoint": request.script_root + "/sparql",
        "prefixes": PREFIXES,
        "prefixesUrl": url_for("pages.prefixes"),
        "base": config.base,
        "defNs": DEF_NS,
        "maxRows": config.max_rows,
        "selectDownloads": SELECT_DOWNLOADS,
        "graphDownloads": GRAPH_DOWNLOADS,
        "examples": [
            {"name": q.name, "title": q.title, "description": q.description, "params": list(q.params), "text": q.text}
            for q in examples
        ],
        "defaultQuery": default_query(),
    }
    return render_template(
        "query.html",
        page=page,
        examples=examples,
        examples_error=examples_error,
        editor_missing=not vendor.is_file(),
    )


def _named_queries() -> tuple[list[NamedQuery], str | None]:
    """The named queries shown as examples, and the reason when they cannot be read (shown on the page)."""
    try:
        return load_queries(QUERIES_DIR), None
    except BadInput as err:
        log.error("named queries unavailable: %s", err)
        return [], err.message


def default_query() -> str:
    lines = [f"PREFIX {prefix}: <{iri}>" for prefix, iri in PREFIXES.items()]
    lines += [
        "",
        "# 17 시도 and their Korean names",
        "SELECT ?region ?name WHERE {",
        "  ?region a kg:Sido ;",
        "          skos:prefLabel ?name .",
        '  FILTER (lang(?name) = "ko")',
        "}",
        "ORDER BY ?name",
        "LIMIT 100",
    ]
    return "\n".join(lines) + "\n"


@bp.get("/prefixes.json")
def prefixes() -> Response:
    """The project's prefixes, for the editor's prefix autocompletion (typing ``kg:`` declares it)."""
    return jsonify(PREFIXES)


# -- entity pages ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermView:
    """One RDF term as a page shows it."""

    kind: str  # "iri" | "literal" | "bnode"
    value: str
    href: str | None = None  # a page of this site, or the IRI itself when external
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


# A variable bound by run_query(substitutions=...) must be in the projection (oxigraph requires it).
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
    suffix = rest.rsplit(".", 1)[-1] if "." in rest else ""
    if suffix in ENTITY_SUFFIXES and not _mentioned(data, iri, document=document):
        iri, offer = namespace + rest[: -len(suffix) - 1], _GRAPH_OFFERS[ENTITY_SUFFIXES[suffix]]
    if not _mentioned(data, iri, document=document):
        raise NotFound(f"<{iri}> is not in the graph; search for it on the query page")
    if offer is None:
        offer = negotiate(ENTITY_OFFERS)
    if offer is negotiation.HTML:
        page_url = url_for("pages.term" if document else "pages.entity", rest=iri[len(namespace) :])
        response = Response(render_template("entity.html", **_entity_view(data, iri, page_url, document=document)))
    else:
        body = ox.serialize(_description(data, iri, document=document), format=rdf_format(offer), prefixes=PREFIXES)
        response = Response(body, content_type=offer.content_type)
    response.vary.add("Accept")
    response.set_etag(f"{data.version}-{offer.name}-{__version__}")  # the page also depends on the code
    return response.make_conditional(request)


def _description(data: Served, iri: str, *, document: bool) -> list[ox.Triple]:
    if document:
        rows = kgstore.run_query(data.store, DOC_DESCRIBE_QUERY, substitutions=_doc_bindings(iri))
    else:
        rows = kgstore.run_query(data.store, DESCRIBE_QUERY, substitutions={"s": ox.NamedNode(iri)})
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
        found = kgstore.run_query(data.store, DOC_ASK_QUERY, substitutions={"hash": ox.Literal(iri + "#")})
        return any(True for _ in found)
    return False


def _entity_view(data: Served, iri: str, page_url: str, *, document: bool) -> dict[str, object]:
    labels = data.labels()
    view = TermMaker(labels)
    by_subject: dict[str, list[tuple[str, Term, str]]] = {iri: []}
    if document:
        for row in kgstore.run_query(data.store, DOC_OUT_QUERY, substitutions=_doc_bindings(iri)):
            by_subject.setdefault(row["s"].value, []).append((row["p"].value, row["o"], row["g"].value))
    else:
        for row in kgstore.run_query(data.store, OUT_QUERY, substitutions={"s": ox.NamedNode(iri)}):
            by_subject[iri].append((row["p"].value, row["o"], row["g"].value))
    resources = [
        _resource_view(view, subject, rows, anchor=None if subject == iri else subject.split("#", 1)[1])
        for subject, rows in sorted(by_subject.items(), key=lambda item: (item[0] != iri, item[0]))
    ]
    incoming_rows = list(kgstore.run_query(data.store, IN_QUERY, substitutions={"o": ox.NamedNode(iri)}))
    incoming_total = len(incoming_rows)
    if incoming_total > INCOMING_LIMIT:
        count = kgstore.run_query(data.store, IN_COUNT_QUERY, substitutions={"o": ox.NamedNode(iri)})
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
            (_GRAPH_OFFERS[name].media_type, f"{page_url}.{suffix}") for suffix, name in ENTITY_SUFFIXES.items()
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
        if p == str(RDF.type) and isinstance(o, ox.NamedNode):
            types.append(view.term(o))
        grouped.setdefault(p, PropertyView(view.iri(p), [])).values.append((view.term(o), g))
    label_rank = {p: i for i, p in enumerate(LABEL_PREDICATES)}
    ordered = sorted(
        grouped.values(),
        key=lambda pv: (
            pv.predicate.value != str(RDF.type),
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
            if not node.language and datatype != str(XSD.string):
                shown = compact(datatype)
            return TermView("literal", node.value, lang=node.language or None, datatype=shown)
        return TermView("bnode", str(node))

    def iri(self, iri: str) -> TermView:
        href = local_href(iri, self.instance_ns)
        short = compact(iri)
        if short == iri and iri.startswith(self.base):
            short = iri[len(self.base) :]  # id/region/ulsan: the base is the same on every page
        return TermView(
            "iri", iri, href=href or iri, local=href is not None, label=pick_label(self.labels, iri), short=short
        )


def local_href(iri: str, instance_ns: str) -> str | None:
    """The page of this site showing ``iri``, or None when the IRI is not one this site describes."""
    if iri.startswith(instance_ns) and len(iri) > len(instance_ns):
        return url_for("pages.entity", rest=iri[len(instance_ns) :])
    if iri.startswith(DEF_NS) and len(iri) > len(DEF_NS):
        doc, _, fragment = iri[len(DEF_NS) :].partition("#")
        return url_for("pages.term", rest=doc) + ("#" + quote(fragment, safe="") if fragment else "")
    return None


def compact(iri: str) -> str:
    """``kg:Region`` for a known namespace, else the IRI itself."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def pick_label(labels: dict[str, dict[str, str]], iri: str) -> str | None:
    by_lang = labels.get(iri)
    if not by_lang:
        return None
    for lang in ("ko", "", "en"):
        if lang in by_lang:
            return by_lang[lang]
    return next(iter(by_lang.values()))


# -- dumps ---------------------------------------------------------------------------------------------


@bp.get("/dumps/")
def dumps_index() -> str:
    data = served()
    return render_template(
        "dumps.html",
        dumps=DUMPS,
        version=data.version,
        modified=data.modified,
        triples=data.stats().triples,
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
    response = send_file(
        body,
        mimetype=fmt.media_type,
        as_attachment=True,
        download_name=f"kgbuild.{fmt.ext}",
        etag=etag,
        last_modified=data.modified,
        conditional=True,
        max_age=0,
    )
    return response


# -- VoID and DCAT ---------------------------------------------------------------------------------------


@bp.get("/.well-known/void")
@bp.get("/void")  # the innermost rule is the one url_for builds
def void() -> BaseResponse:
    """VoID + DCAT description of the served dataset, in Turtle (default) or another RDF syntax by Accept."""
    offer = negotiate(RDF_OFFERS)
    data = served()
    graph = void_graph(data)
    dataset = URIRef(url_for("pages.void", _external=True) + "#dataset")
    # Grouped by subject, the dataset first, so the Turtle reads as one block per resource.
    ordered = sorted(graph, key=lambda t: (t[0] != dataset, str(t[0]), str(t[1]), str(t[2])))
    triples = [ox.Triple(_ox_iri(s), _ox_iri(p), _ox_term(o)) for s, p, o in ordered]
    body = ox.serialize(triples, format=rdf_format(offer), prefixes=VOID_PREFIXES)
    response = Response(body, content_type=offer.content_type)
    response.vary.add("Accept")
    response.set_etag(f"{data.version}-{offer.name}-{request.host}")
    response.last_modified = data.modified
    return response.make_conditional(request)


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
    void_url = url_for("pages.void", _external=True)
    dataset = URIRef(void_url + "#dataset")
    service = URIRef(void_url + "#sparql")
    endpoint = URIRef(request.host_url.rstrip("/") + request.script_root + "/sparql")
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
    g.add((dataset, DCAT.landingPage, URIRef(url_for("pages.query_page", _external=True))))
    g.add((dataset, FOAF.homepage, URIRef(url_for("pages.dumps_index", _external=True))))
    g.add((dataset, VOID.sparqlEndpoint, endpoint))
    g.add((dataset, VOID.uriSpace, Literal(config.base + "id/")))
    g.add((dataset, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
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
        url = URIRef(url_for("pages.dump", ext=fmt.ext, _external=True))
        dist = URIRef(url_for("pages.dumps_index", _external=True) + "#" + fmt.ext)
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
