"""The query page (``/``): a SPARQL editor with the named queries as examples, and the prefixes it declares.

The page's data (endpoint, prefixes, examples, download formats) travels as one JSON block (``|tojson``), so
nothing a named query says can break out of it; the page itself needs no store.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request, url_for

from kgbuild.config import Config
from kgbuild.errors import BadInput
from kgbuild.model.namespaces import PREFIXES
from kgbuild.paths import QUERIES_DIR
from kgbuild.queries import NamedQuery, load_queries
from kgbuild.web.entities import DEF_NS

log = logging.getLogger(__name__)

bp = Blueprint("pages", __name__)

SELECT_DOWNLOADS = (("json", "JSON"), ("xml", "XML"), ("csv", "CSV"), ("tsv", "TSV"))
GRAPH_DOWNLOADS = (("turtle", "Turtle"), ("ntriples", "N-Triples"), ("jsonld", "JSON-LD"))
_EXTENSION = "kgbuild.query_page"


@dataclass(frozen=True)
class _Parts:
    """What the query page shows that comes from files: read once per app, at the first page view."""

    examples: list[NamedQuery]
    examples_error: str | None  # why the named queries cannot be read, shown on the page
    editor_missing: bool


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("/query")
@bp.get("/")  # the innermost rule is the one url_for builds
def query_page() -> str:
    config: Config = current_app.config["KGBUILD"]
    parts = _parts()
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
            for q in parts.examples
        ],
        "defaultQuery": DEFAULT_QUERY,
    }
    return render_template(
        "query.html",
        page=page,
        examples=parts.examples,
        examples_error=parts.examples_error,
        editor_missing=parts.editor_missing,
    )


def _parts() -> _Parts:
    parts: _Parts | None = current_app.extensions.get(_EXTENSION)
    if parts is None:  # two first requests may both read the files: the same result, no lock needed
        parts = current_app.extensions[_EXTENSION] = _read_parts(Path(current_app.static_folder or ""))
    return parts


def _read_parts(static: Path) -> _Parts:
    """The named queries (or why they cannot be read) and whether the editor is installed; faults are logged."""
    try:
        examples, error = load_queries(QUERIES_DIR), None
    except BadInput as err:
        log.error("named queries unavailable: %s", err)
        examples, error = [], err.message
    editor = static / "vendor" / "yasgui" / "yasgui.min.js"
    if not editor.is_file():
        log.error("query editor missing at %s: run `npm ci && python -m kgbuild.web.vendor`", editor)
    return _Parts(examples, error, not editor.is_file())


DEFAULT_QUERY = "\n".join(
    [
        *(f"PREFIX {prefix}: <{iri}>" for prefix, iri in PREFIXES.items()),
        "",
        "# 17 시도 and their Korean names",
        "SELECT ?region ?name WHERE {",
        "  ?region a kg:Sido ;",
        "          skos:prefLabel ?name .",
        '  FILTER (lang(?name) = "ko")',
        "}",
        "ORDER BY ?name",
        "LIMIT 100",
        "",
    ]
)


@bp.get("/prefixes.json")
def prefixes() -> Response:
    """The project's prefixes, for the editor's prefix autocompletion (typing ``kg:`` declares it)."""
    return jsonify(PREFIXES)
