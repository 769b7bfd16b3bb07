"""Content negotiation: the one place that turns an Accept header or a ``format=`` value into a representation.

``negotiate`` honours q-values and wildcards (RFC 9110 §12.5.1): for each offer the most specific matching
media range gives its quality, the offer with the highest quality wins and ties go to the earlier offer, so
the first offer is the documented default for ``*/*`` or no Accept header. Concrete media types are matched
with pyoxigraph's ``QueryResultsFormat.from_media_type`` / ``RdfFormat.from_media_type``, which know the
aliases (``application/json``, ``application/xml``, ``text/plain`` ...), rather than with a hand-kept table.
``choose`` is what a handler calls; when nothing fits, ``unacceptable`` is the one 406 of the endpoint and
the pages, naming what the client asked for and the media types it can have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from kgbuild.errors import NotAcceptable


@dataclass(frozen=True)
class Offer:
    """One representation a response can take."""

    name: str  # the ``format=`` name, e.g. "json", "turtle"
    media_type: str  # canonical media type without parameters
    format: ox.QueryResultsFormat | ox.RdfFormat | None = None  # None: not a SPARQL results or RDF syntax

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text types say their charset)."""
        if self.media_type.startswith("text/") or self.media_type.endswith(("+json", "/json")):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type

    @property
    def rdf_format(self) -> ox.RdfFormat:
        """The RDF syntax of an offer from ``GRAPHS`` (TypeError for any other offer)."""
        if not isinstance(self.format, ox.RdfFormat):
            raise TypeError(f"{self.name} is not an RDF syntax")
        return self.format

    def matches(self, media_type: str) -> bool:
        """True when the concrete ``media_type`` (parameters allowed) names this offer or one of its aliases."""
        if self.format is not None:
            found = type(self.format).from_media_type(media_type)
            if found is not None:
                return found == self.format
        return media_type.split(";", 1)[0].strip().lower() == self.media_type


def _results(fmt: ox.QueryResultsFormat, name: str) -> Offer:
    return Offer(name, fmt.media_type.split(";", 1)[0], fmt)


def _rdf(fmt: ox.RdfFormat, name: str) -> Offer:
    return Offer(name, fmt.media_type, fmt)


# SELECT and ASK results; the first is the default.
RESULTS = (
    _results(ox.QueryResultsFormat.JSON, "json"),
    _results(ox.QueryResultsFormat.XML, "xml"),
    _results(ox.QueryResultsFormat.CSV, "csv"),
    _results(ox.QueryResultsFormat.TSV, "tsv"),
)
# CONSTRUCT and DESCRIBE results, Graph Store responses and the service description; the first is the default.
GRAPHS = (
    _rdf(ox.RdfFormat.TURTLE, "turtle"),
    _rdf(ox.RdfFormat.N_TRIPLES, "ntriples"),
    _rdf(ox.RdfFormat.RDF_XML, "rdfxml"),
    _rdf(ox.RdfFormat.JSON_LD, "jsonld"),
    _rdf(ox.RdfFormat.N_QUADS, "nquads"),
    _rdf(ox.RdfFormat.TRIG, "trig"),
    _rdf(ox.RdfFormat.N3, "n3"),
)
GRAPHS_BY_NAME = {offer.name: offer for offer in GRAPHS}
# The syntaxes a description (an entity, the dataset) is offered in; the first is the default.
DESCRIPTIONS = tuple(GRAPHS_BY_NAME[name] for name in ("turtle", "jsonld", "ntriples", "rdfxml"))
HTML = Offer("html", "text/html")
JSON = Offer("json", "application/json")
TEXT = Offer("text", "text/plain")

# ``format=`` names and their aliases (SPARQLWrapper sends json-ld, rdf+xml, n3 ...). "json" and "xml" mean
# the JSON or XML flavour of whatever the query returns.
_RESULT_NAMES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"}
_GRAPH_NAMES = {
    "turtle": "turtle", "ttl": "turtle", "ntriples": "ntriples", "n-triples": "ntriples", "nt": "ntriples",
    "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "rdf": "rdfxml", "xml": "rdfxml", "jsonld": "jsonld",
    "json-ld": "jsonld", "json": "jsonld", "nquads": "nquads", "n-quads": "nquads", "nq": "nquads",
    "trig": "trig", "n3": "n3",
}  # fmt: skip
FORMAT_NAMES = tuple(dict.fromkeys([*_RESULT_NAMES, *_GRAPH_NAMES]))


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    full: str  # the range as sent, parameters included (pyoxigraph reads charset etc.)
    q: float

    @property
    def specificity(self) -> int:
        return 0 if self.type == "*" else 1 if self.subtype == "*" else 2


# Headers and format= values are the client's text: only short ones are cached, so the caches stay small in
# bytes (at most CACHED_TEXT characters a key) whatever clients send.
CACHED_TEXT = 512


def parse_accept(header: str) -> tuple[_Range, ...]:
    """The media ranges of an Accept header; entries that cannot be read are skipped, as RFC 9110 allows."""
    return _parse_accept_cached(header) if len(header) <= CACHED_TEXT else _parse_accept(header)


@lru_cache(maxsize=512)
def _parse_accept_cached(header: str) -> tuple[_Range, ...]:
    return _parse_accept(header)


def _parse_accept(header: str) -> tuple[_Range, ...]:
    ranges = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        if media == "*":  # a common client shorthand for */*
            media = "*/*"
        kind, _, sub = media.lower().partition("/")
        if not kind or not sub:
            continue
        q = 1.0
        kept = []
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
            else:
                kept.append(param)
        ranges.append(_Range(kind, sub, "; ".join([media, *kept]), q))
    return tuple(ranges)


def _quality(offer: Offer, ranges: Sequence[_Range]) -> float:
    best_specificity, q = -1, 0.0
    kind = offer.media_type.split("/", 1)[0]
    for media_range in ranges:
        if media_range.specificity == 0:
            hit = True
        elif media_range.specificity == 1:
            hit = media_range.type == kind
        else:
            hit = offer.matches(media_range.full)
        if hit and media_range.specificity > best_specificity:
            best_specificity, q = media_range.specificity, media_range.q
    return q


def negotiate(accept: str | None, offers: Sequence[Offer]) -> Offer | None:
    """The offer the client prefers, the first offer when it states no preference, None when none is acceptable.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULTS).name
    'xml'
    >>> negotiate("*/*", RESULTS).name
    'json'
    >>> negotiate("image/png", RESULTS) is None
    True
    """
    if accept is None or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best


def pick(offers: tuple[Offer, ...], *, accept: str | None, requested: Sequence[str] = ()) -> Offer | None:
    """Apply ``format=`` values (names or media types, first usable one wins) before the Accept header.

    Returns None when nothing fits: the caller answers 406 and names ``describe(offers)``.
    """
    key = tuple(requested)
    if len(accept or "") + sum(len(value) for value in key) > CACHED_TEXT:
        return _pick(offers, accept, key)
    return _pick_cached(offers, accept, key)


@lru_cache(maxsize=1024)
def _pick_cached(offers: tuple[Offer, ...], accept: str | None, requested: tuple[str, ...]) -> Offer | None:
    return _pick(offers, accept, requested)


def _pick(offers: tuple[Offer, ...], accept: str | None, requested: tuple[str, ...]) -> Offer | None:
    if requested:
        results = any(isinstance(offer.format, ox.QueryResultsFormat) for offer in offers)
        names = _RESULT_NAMES if results else _GRAPH_NAMES
        by_name = {offer.name: offer for offer in offers}
        for value in requested:
            value = value.strip()
            found = negotiate(value, offers) if "/" in value else by_name.get(names.get(value.lower(), ""))
            if found is not None:
                return found
        return None
    return negotiate(accept, offers)


def is_known_format(value: str) -> bool:
    """True for a format name or for a media type some offer of the endpoint serves."""
    value = value.strip()
    if "/" in value:
        return negotiate(value, RESULTS + GRAPHS) is not None
    return value.lower() in FORMAT_NAMES


def describe(offers: Sequence[Offer]) -> str:
    """The media types of ``offers`` for an error message, e.g. 'text/turtle, application/n-triples'."""
    return ", ".join(offer.media_type for offer in offers)


def choose(offers: tuple[Offer, ...], *, accept: str | None, requested: Sequence[str] = (), what: str) -> Offer:
    """``pick``, raising ``unacceptable(what, ...)`` (406) when nothing fits."""
    offer = pick(offers, accept=accept, requested=requested)
    if offer is None:
        raise unacceptable(what, offers, accept=accept, requested=requested)
    return offer


def unacceptable(
    what: str, offers: Sequence[Offer], *, accept: str | None, requested: Sequence[str] = ()
) -> NotAcceptable:
    """The 406 for ``what`` ("a SELECT/ASK result", "this page" ...) when the ``format=`` values, or else the
    Accept header, fit none of ``offers``."""
    asked = ", ".join(requested) or accept or ""
    return NotAcceptable(f"nothing in {asked!r} fits {what}; ask for one of: {describe(offers)}")
