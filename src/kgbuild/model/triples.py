"""A light triple collector: rdflib terms in a set, cheaper than rdflib.Graph for the build's volume."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

Triple = tuple[URIRef, URIRef, URIRef | Literal]


class Triples:
    """Triples of one named graph. ``add`` skips None objects, so optional facts need no if-statements."""

    def __init__(self) -> None:
        self._triples: set[Triple] = set()

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            self._triples.add((s, p, o))

    def ko(self, s: URIRef, p: URIRef, text: str | None) -> None:
        if text:
            self._triples.add((s, p, Literal(text, lang="ko")))

    def en(self, s: URIRef, p: URIRef, text: str | None) -> None:
        if text:
            self._triples.add((s, p, Literal(text, lang="en")))

    def update(self, other: Triples) -> None:
        self._triples |= other._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


def decimal(value: Decimal) -> Literal:
    """xsd:decimal in canonical form (no exponent, no trailing zeros): 14000000000, 40, 1.5."""
    text = format(value.normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


def xsd_date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def string(value: str) -> Literal:
    return Literal(value, datatype=XSD.string)
