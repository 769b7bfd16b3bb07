"""The SPARQL endpoint: /sparql (SPARQL 1.1 Protocol queries and the service description), /health, and —
only when an update token is set — /update (SPARQL 1.1 Update) and /store (Graph Store HTTP Protocol).

This module reads requests and chooses statuses; the work happens in the executor's worker processes, and
every error goes through ``kgbuild.web.errors``. Requests are read strictly: parameters are decoded as UTF-8
(invalid bytes are a 400 naming the parameter), unknown parameters are a 400, a repeated query is a 400, a
body in another media type is a 415, anything over KGBUILD_MAX_REQUEST_BYTES is a 413.
"""

from __future__ import annotations

import hmac
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, jsonify, redirect, request
from werkzeug.http import parse_options_header
from werkzeug.wrappers import Response as BaseResponse

from kgbuild import sparql_text
from kgbuild.config import Config
from kgbuild.errors import (
    BadInput,
    PayloadTooLarge,
    QueryError,
    StoreMissing,
    Unauthorized,
    UnsupportedMediaType,
)
from kgbuild.model.namespaces import Ids
from kgbuild.web import access, executor, fairuse, negotiation, outbound, public
from kgbuild.web.executor import Reply
from kgbuild.web.worker import Job

query_bp = Blueprint("sparql", __name__)
health_bp = Blueprint("health", __name__)
update_bp = Blueprint("update", __name__)

FORMAT_PARAMS = ("format", "output", "results")  # output and results: what SPARQLWrapper and others send
QUERY_PARAMS = ("query", "default-graph-uri", "named-graph-uri", *FORMAT_PARAMS)
UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")
STORE_PARAMS = ("graph", "default", *FORMAT_PARAMS)

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
FORMATS = "http://www.w3.org/ns/formats/"  # W3C "Unique URIs for File Formats": the range of sd:resultFormat
FORMAT_PAGES = "https://www.w3.org/ns/formats/data/"  # where those URIs redirect to: pages about the formats
# The service description in Turtle, RDF/XML, JSON-LD ...; HTML means a person: the query page.
SD_OFFERS = (*negotiation.GRAPHS, negotiation.HTML)


def init_app(app: Flask) -> None:
    """Register the blueprints: /sparql and /health, and /update and /store only with an update token."""
    config: Config = app.config["KGBUILD"]
    app.register_blueprint(query_bp)
    app.register_blueprint(health_bp)
    if config.update_token:
        app.register_blueprint(update_bp)


def _config() -> Config:
    config: Config = current_app.config["KGBUILD"]
    return config


# -- reading requests ------------------------------------------------------------------------------------


@dataclass
class _Params:
    """Decoded request parameters (URL and form body), in order, repeated names kept."""

    pairs: list[tuple[str, str]]

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]

    def names(self) -> set[str]:
        return {key for key, _ in self.pairs}

    def formats(self) -> list[str]:
        return [value for key, value in self.pairs if key in FORMAT_PARAMS and value.strip()]


def _decode_params(raw: bytes, where: str) -> list[tuple[str, str]]:
    """``a=1&b=2`` as UTF-8; a 400 names the parameter whose bytes are not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadInput(f"the {where} is not valid UTF-8 (byte {err.start}); send UTF-8, percent-encoded") from None
    pairs = parse_qsl(text, keep_blank_values=True, errors="surrogateescape")
    for key, value in pairs:
        bad = re.search("[\udc80-\udcff]", key + value)
        if bad:
            raise BadInput(
                f"parameter {key!r} in the {where} is not valid UTF-8 once percent-decoded; percent-encode UTF-8 text"
            )
    return pairs


def _check_names(params: _Params, allowed: tuple[str, ...], path: str) -> None:
    unknown = sorted(params.names() - set(allowed))
    if unknown:
        shown = ", ".join(repr(name) for name in unknown)
        known = ", ".join(name for name in allowed if name not in ("output", "results"))
        raise BadInput(f"unknown parameter {shown} for {path}; it takes {known}")


def _url_params() -> list[tuple[str, str]]:
    limit = _config().max_request_bytes
    if len(request.query_string) > limit:
        raise PayloadTooLarge(f"the URL is longer than {limit} bytes (KGBUILD_MAX_REQUEST_BYTES); POST the query")
    return _decode_params(request.query_string, "URL")


def _body() -> bytes:
    limit = _config().max_request_bytes
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(
            f"the request body has {request.content_length} bytes, more than {limit} (KGBUILD_MAX_REQUEST_BYTES)"
        )
    return request.get_data(cache=True)


def _media_type() -> tuple[str, dict[str, str]]:
    header = request.headers.get("Content-Type", "")
    media_type, options = parse_options_header(header)
    charset = options.get("charset")
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the body is declared as {charset}; send it as UTF-8 (charset=utf-8 or none)")
    return media_type.lower(), options


def _read_operation(kind: str) -> tuple[_Params, list[str]]:
    """The parameters and the operation texts (``query`` or ``update``) of a protocol request."""
    direct = SPARQL_QUERY if kind == "query" else SPARQL_UPDATE
    path = request.path
    params = _Params(_url_params())
    texts = params.all(kind)
    if request.method == "POST":
        media_type, _ = _media_type()
        if media_type == FORM:
            body = _Params(_decode_params(_body(), "form body"))
            params.pairs.extend(body.pairs)
            texts = params.all(kind)
        elif media_type == direct:
            raw = _body()
            try:
                texts = [*texts, raw.decode("utf-8")]
            except UnicodeDecodeError as err:
                raise BadInput(f"the {kind} is not valid UTF-8 (byte {err.start}); send it as UTF-8") from None
        elif kind == "query" and media_type == SPARQL_UPDATE:
            raise QueryError(_update_elsewhere())
        elif not media_type:
            raise UnsupportedMediaType(
                f"POST {path} needs a Content-Type: {FORM} (with {kind}=...) or {direct} (the {kind} as the body)"
            )
        else:
            raise UnsupportedMediaType(
                f"POST {path} takes {FORM} or {direct}, not {media_type}; see the SPARQL 1.1 Protocol"
            )
    if kind == "query" and params.all("update"):
        raise QueryError(_update_elsewhere())
    return params, texts


def _update_elsewhere() -> str:
    if _config().update_token:
        return "/sparql answers queries only; send SPARQL Update to POST /update with the update token"
    return "/sparql answers queries only; this server takes no updates (KGBUILD_UPDATE_TOKEN is not set)"


def _one(texts: list[str], kind: str) -> str:
    if not texts:
        raise QueryError(f"missing {kind}: give it as the {kind} parameter or as the POST body")
    if len(texts) > 1:
        raise QueryError(f"{len(texts)} {kind} texts in one request; send exactly one")
    if not texts[0].strip():
        raise QueryError(f"the {kind} is empty")
    return texts[0]


def _iris(params: _Params, name: str) -> tuple[str, ...]:
    values = tuple(params.all(name))
    for value in values:
        try:
            sparql_text.iri_term(value)
        except QueryError:
            raise QueryError(f"{name} {value!r} is not an absolute IRI") from None
    return values


def _endpoint() -> str:
    """This endpoint's public IRI (never from the Host header): the base of relative IRIs in queries and updates."""
    return public.url(request.path)


def _inside(iri: str) -> bool:
    """A graph that is the store's own: under the configured base or a named graph of the served version."""
    return iri.startswith(_config().base) or iri in executor.current().local().graph_set


def _formats(params: _Params) -> list[str]:
    """The ``format=`` values of the request; a 400 for one that names no format the endpoint knows."""
    requested = params.formats()
    for value in requested:
        if not negotiation.is_known_format(value):
            names = ", ".join(negotiation.FORMAT_NAMES)
            raise BadInput(f"unknown format {value!r}; use a media type or one of {names}")
    return requested


def _pick(offers: tuple[negotiation.Offer, ...], params: _Params) -> negotiation.Offer | None:
    """The offer ``format=`` or else Accept asks for; None when nothing fits."""
    return negotiation.pick(offers, accept=request.headers.get("Accept"), requested=_formats(params))


def _choose(offers: tuple[negotiation.Offer, ...], params: _Params, *, what: str) -> negotiation.Offer:
    """The offer ``format=`` or else Accept asks for; a 406 naming ``what`` when nothing fits."""
    return negotiation.choose(offers, accept=request.headers.get("Accept"), requested=_formats(params), what=what)


# -- /sparql ------------------------------------------------------------------------------------------


@query_bp.route("/sparql", methods=["GET", "POST"], strict_slashes=False)
def sparql() -> BaseResponse:
    """SPARQL 1.1 Protocol query operation; GET without a query: the service description."""
    params, texts = _read_operation("query")
    _check_names(params, QUERY_PARAMS, "/sparql")
    if request.method == "GET" and not texts and not (params.names() - set(FORMAT_PARAMS)):
        return _service_description(params)
    text = _one(texts, "query")
    access.note_query(text)
    fairuse.admit()
    analysis = sparql_text.analyze(text, max_depth=_config().max_query_depth)
    if analysis.is_update:
        raise QueryError(_update_elsewhere())
    config = _config()
    run = executor.current()
    version = run.version()
    defaults, named = _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri")
    endpoint = _endpoint()
    sparql_text.check(analysis, allow=config.service_allow, endpoint=endpoint, inside=_inside)
    outbound.check_addresses(analysis, allow_private=config.service_allow_private)
    # Both offers are chosen: when the form cannot be read here, the worker learns it and picks one.
    results = _pick(negotiation.RESULTS, params)
    graphs = _pick(negotiation.GRAPHS, params)
    solutions = analysis.form in ("SELECT", "ASK")
    refusal = negotiation.unacceptable(
        "a SELECT/ASK result" if solutions else "a CONSTRUCT/DESCRIBE result",
        negotiation.RESULTS if solutions else negotiation.GRAPHS,
        accept=request.headers.get("Accept"),
        requested=params.formats(),
    )
    if analysis.form is not None and (results if solutions else graphs) is None:
        raise refusal
    protocol_dataset = bool(defaults or named)
    job = Job(
        "query",
        version=str(version),
        text=text,
        base_iri=endpoint,
        union=not analysis.dataset_clause,
        default_graphs=defaults if protocol_dataset else None,
        named_graphs=named if protocol_dataset else None,
        results_format=results.name if results else None,
        graph_format=graphs.name if graphs else None,
        not_acceptable=refusal.message,
        max_rows=config.max_rows,
        remote=analysis.remote,
    )
    reply = run.run(job, started=access.started())
    return _respond(reply, version=version)


def _respond(reply: Reply, *, version: Path | None = None) -> Response:
    head = reply.head
    if reply.rest is None:
        response = Response(reply.first, status=head.status)
    else:
        response = Response(_Body(reply), status=head.status, direct_passthrough=True)
    if head.media_type:
        response.headers["Content-Type"] = head.media_type
    else:
        response.headers.pop("Content-Type", None)
    response.headers["Vary"] = "Accept"
    if head.truncated:
        response.headers["X-KGBuild-Truncated"] = "true"
        response.headers["X-KGBuild-Max-Rows"] = str(_config().max_rows)
    if version is not None:
        response.headers["X-KGBuild-Version"] = version.name
    return response


class _Body:
    """A response body that gives the worker back when the server closes it (even unread: HEAD, disconnects)."""

    def __init__(self, reply: Reply) -> None:
        self._reply = reply

    def __iter__(self) -> Iterator[bytes]:
        return self._reply.chunks()

    def close(self) -> None:
        self._reply.close()


def _service_description(params: _Params) -> BaseResponse:
    """SPARQL 1.1 Service Description of this endpoint; a browser is sent to the query page."""
    offer = _choose(SD_OFFERS, params, what="the service description")
    if offer is negotiation.HTML:
        return redirect(request.script_root + "/", code=303)
    config = _config()
    local = executor.current().local()
    endpoint = ox.NamedNode(_endpoint())
    service = ox.BlankNode()
    dataset, default = ox.BlankNode(), ox.BlankNode()

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    a = ox.NamedNode(RDF_TYPE)
    triples = [
        ox.Triple(service, a, sd("Service")),
        ox.Triple(service, sd("endpoint"), endpoint),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, a, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, a, sd("Graph")),
        ox.Triple(default, ox.NamedNode(VOID + "triples"), ox.Literal(str(local.triples), datatype=XSD_INTEGER)),
    ]
    if not local.own_default:
        # Only then is the default graph of a query the union of the named graphs: pyoxigraph's union takes in
        # the store's own default graph too, which /store?default and updates without GRAPH write to.
        triples.append(ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")))
    if config.update_token:
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    for fmt in (*negotiation.RESULTS, *negotiation.GRAPHS):
        if fmt.format is not None:
            triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(_format_iri(fmt.format))))
    for graph in local.graphs:
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, a, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(graph)),
        ]
    body = ox.serialize(triples, format=offer.rdf_format, prefixes={"sd": SD, "void": VOID})
    response = Response(body, content_type=offer.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["X-KGBuild-Version"] = local.version.name
    return response


def _format_iri(fmt: ox.QueryResultsFormat | ox.RdfFormat) -> str:
    """The W3C IRI of ``fmt``: pyoxigraph names JSON-LD by its description page (…/ns/formats/data/JSON-LD),
    not by the format IRI http://www.w3.org/ns/formats/JSON-LD."""
    iri = fmt.iri
    return FORMATS + iri.removeprefix(FORMAT_PAGES) if iri.startswith(FORMAT_PAGES) else iri


# -- /health ------------------------------------------------------------------------------------------


@health_bp.route("/health", methods=["GET"])
def health() -> Response:
    """JSON: status, the served store version and its size; 503 while no store is built."""
    run = executor.current()
    try:
        local = run.local()
    except StoreMissing as err:
        response = jsonify(status="no store", message=err.message)
        response.status_code = 503
    else:
        response = jsonify(
            status="ok",
            version=local.version.name,
            triples=local.triples,
            named_graphs=len(local.graphs),
            workers=run.size,
            busy_workers=run.busy,
            updates=bool(_config().update_token),
        )
    response.headers["Cache-Control"] = "no-store"
    return response


# -- /update and /store (only with KGBUILD_UPDATE_TOKEN) -------------------------------------------------


@update_bp.before_request
def _authorize() -> None:
    if request.method == "OPTIONS":
        return
    token = _config().update_token
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise Unauthorized(f"{request.path} needs the header 'Authorization: Bearer <token>' (KGBUILD_UPDATE_TOKEN)")


@update_bp.route("/update", methods=["POST"])
def update() -> Response:
    """SPARQL 1.1 Protocol update operation; each update makes a new store version."""
    params, texts = _read_operation("update")
    _check_names(params, UPDATE_PARAMS, "/update")
    text = _one(texts, "update")
    access.note_query(text)
    fairuse.admit()
    analysis = sparql_text.analyze(text, max_depth=_config().max_query_depth)
    using, using_named = _iris(params, "using-graph-uri"), _iris(params, "using-named-graph-uri")
    if (using or using_named) and analysis.update_dataset:
        raise QueryError(
            "the update names its dataset with USING or WITH and the request with using-graph-uri or "
            "using-named-graph-uri; give one or the other"
        )
    endpoint = _endpoint()
    sparql_text.check(analysis, allow=_config().service_allow, endpoint=endpoint, inside=_inside)
    outbound.check_addresses(analysis, allow_private=_config().service_allow_private)
    text = sparql_text.add_using(text, analysis, default=using, named=using_named)
    return _write(Job("update", text=text, base_iri=endpoint, remote=analysis.remote))


@update_bp.route("/store", methods=["GET", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    """Graph Store HTTP Protocol on ?graph=IRI or ?default (the store's own default graph, not the union);
    POST to /store alone makes a new graph (201, its IRI in Location)."""
    params = _Params(_url_params())
    _check_names(params, STORE_PARAMS, "/store")
    graphs, default = params.all("graph"), params.all("default")
    new_graph = request.method == "POST" and not graphs and not default
    if len(graphs) + len(default) != 1 and not new_graph:
        raise BadInput("name one graph: ?graph=<absolute IRI> or ?default (or POST to /store alone for a new graph)")
    graph = _iris(params, "graph")[0] if graphs else None
    fairuse.admit()
    run = executor.current()
    if request.method in ("GET", "HEAD"):
        offer = _choose(negotiation.GRAPHS, params, what="a graph")
        version = run.version()
        job = Job("graph_get", version=str(version), graph=graph, graph_format=offer.name)
        return _respond(run.run(job, started=access.started()), version=version)
    if request.method == "DELETE":
        return _write(Job("graph_delete", graph=graph))
    if new_graph:
        graph = Ids(_config().base).graph(f"store/{uuid.uuid4()}")
    op = "graph_put" if request.method == "PUT" else "graph_post"
    response = _write(Job(op, graph=graph, payloads=_payloads(), base_iri=graph or _endpoint()))
    if new_graph:
        response.headers["Location"] = graph
    return response


def _payloads() -> tuple[tuple[bytes, str], ...]:
    """The RDF documents of a PUT or POST: the body, or each part of a multipart/form-data POST."""
    media_type, _ = _media_type()
    body = _body()  # checks the size limit; the multipart parser reads the body kept here
    if media_type != MULTIPART or request.method != "POST":
        also = f" or {MULTIPART} (one RDF document a part)" if request.method == "POST" else ""
        return ((body, _rdf_media_type(media_type, f"{request.method} /store", also)),)
    if request.form:
        names = ", ".join(repr(name) for name in request.form)
        raise BadInput(f"multipart part {names} is not a file; send each RDF document as a part with a filename")
    parts = []
    for _, part in request.files.items(multi=True):  # every part, also those sharing a name
        part_type, options = parse_options_header(part.content_type or "")
        charset = options.get("charset")
        if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"part {part.filename!r} is declared as {charset}; send it as UTF-8")
        parts.append((part.read(), _rdf_media_type(part_type.lower(), f"part {part.filename!r} of POST /store")))
    if not parts:
        raise BadInput(f"the {MULTIPART} body has no parts; send one RDF document a part")
    return tuple(parts)


def _rdf_media_type(media_type: str, what: str, also: str = "") -> str:
    """The RDF syntax ``media_type`` names, as pyoxigraph spells it; a 415 naming ``what`` otherwise."""
    fmt = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if fmt is None:
        raise UnsupportedMediaType(
            f"{what} takes RDF as {negotiation.describe(negotiation.GRAPHS)}{also}, "
            f"not {media_type or 'a body without Content-Type'}"
        )
    return fmt.media_type


def _write(job: Job) -> Response:
    run = executor.current()
    version = run.version()
    job = replace(job, version=str(version), store=str(_config().store))
    reply = run.run(job, started=access.started())
    if reply.head.version:
        run.note_version(Path(reply.head.version))
    response = _respond(reply)
    if reply.head.version:
        response.headers["X-KGBuild-Version"] = Path(reply.head.version).name
    return response
