"""Query results for the terminal: a text table, SPARQL 1.1 Results JSON, or CSV."""

from __future__ import annotations

import io
import unicodedata
from typing import TextIO

import pyoxigraph as ox


def term_text(term: object) -> str:
    """A term as a person reads it: IRIs bare, literals by their lexical value, unbound empty."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal | ox.NamedNode | ox.BlankNode):
        return term.value
    return str(term)


def write_results(results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, out: TextIO, fmt: str) -> None:
    """Write SELECT/ASK results in ``fmt`` (table, json, csv); CONSTRUCT/DESCRIBE triples as Turtle for
    ``table``, else as N-Triples."""
    if isinstance(results, ox.QuerySolutions | ox.QueryBoolean):
        if fmt in ("json", "csv"):
            buffer = io.BytesIO()
            kind = ox.QueryResultsFormat.JSON if fmt == "json" else ox.QueryResultsFormat.CSV
            results.serialize(buffer, kind)
            out.write(buffer.getvalue().decode("utf-8"))
            if fmt == "json":
                out.write("\n")
            return
        if isinstance(results, ox.QueryBoolean):
            out.write(f"{bool(results)}\n")
            return
        names = [v.value for v in results.variables]
        rows = [[term_text(solution[name]) for name in names] for solution in results]
        write_table(names, rows, out)
        return
    buffer = io.BytesIO()
    results.serialize(buffer, ox.RdfFormat.N_TRIPLES if fmt != "table" else ox.RdfFormat.TURTLE)
    out.write(buffer.getvalue().decode("utf-8"))


def display_width(text: str) -> int:
    """Terminal columns: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_table(names: list[str], rows: list[list[str]], out: TextIO) -> None:
    """Columns padded to their widest cell (in terminal columns), a rule under the header, then a row count."""
    widths = [max([display_width(n)] + [display_width(r[i]) for r in rows]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return " | ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    out.write(line(names) + "\n")
    out.write("-+-".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write(line(row) + "\n")
    out.write(f"({len(rows)} rows)\n")
