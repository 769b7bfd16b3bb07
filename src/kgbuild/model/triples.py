"""A light triple collector that holds statements as N-Triples text.

The build maps ~600 triples per release and loads hundreds of thousands: text statements in a set are
cheap to make, to deduplicate and to bulk-load, where rdflib terms and Graphs cost several times more.
Subjects and predicates are IRIs (``str``, including rdflib ``URIRef``); objects are IRIs or ``Lit``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class Lit(str):
    """A literal already written in N-Triples syntax (``"40"^^<…#decimal>``, ``"울산"@ko``)."""

    __slots__ = ()


def literal(text: str, *, datatype: str | None = None, lang: str | None = None) -> Lit:
    quoted = '"' + text.translate(_ESCAPES) + '"'
    if lang:
        return Lit(f"{quoted}@{lang}")
    if datatype and datatype != XSD + "string":
        return Lit(f"{quoted}^^<{datatype}>")
    return Lit(quoted)


def decimal(value: Decimal) -> Lit:
    """xsd:decimal in canonical form (no exponent, no trailing zeros): 14000000000, 40, 1.5."""
    return literal(format(value.normalize(), "f"), datatype=XSD + "decimal")


def integer(value: int) -> Lit:
    return literal(str(value), datatype=XSD + "integer")


def boolean(value: bool) -> Lit:
    return literal("true" if value else "false", datatype=XSD + "boolean")


def xsd_date(value: date) -> Lit:
    return literal(value.isoformat(), datatype=XSD + "date")


def gyear(year: int) -> Lit:
    return literal(f"{year:04d}", datatype=XSD + "gYear")


def string(value: str) -> Lit:
    return literal(value)


class Triples:
    """Statements of one named graph. ``add`` skips None objects, so optional facts need no if-statements."""

    def __init__(self) -> None:
        self._statements: set[str] = set()

    def add(self, s: str, p: str, o: str | None) -> None:
        if o is not None:
            obj = o if isinstance(o, Lit) else f"<{o}>"
            self._statements.add(f"<{s}> <{p}> {obj}")

    def ko(self, s: str, p: str, text: str | None) -> None:
        if text:
            self.add(s, p, literal(text, lang="ko"))

    def en(self, s: str, p: str, text: str | None) -> None:
        if text:
            self.add(s, p, literal(text, lang="en"))

    def update(self, other: Triples) -> None:
        self._statements |= other._statements

    def nquads(self, graph: str) -> str:
        """The statements as N-Quads text in ``graph``, one a line."""
        tail = f" <{graph}> .\n"
        return tail.join(self._statements) + tail if self._statements else ""

    def __iter__(self) -> Iterator[str]:
        return iter(self._statements)

    def __len__(self) -> int:
        return len(self._statements)
