"""The pages' one way to the graph: the served store version, with what is computed from it once per version.

The store handle is the executor's own read-only view of the version it serves (one handle per web process;
it follows rebuilds within ``VERSION_CHECK`` seconds). Page queries are small lookups by IRI, so they run here
rather than in a query worker, and always through ``store.select``/``store.run_query`` with bound variables:
nothing a client sends becomes query text.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

import pyoxigraph as ox
from flask import Flask, current_app

from kgbuild import store as kgstore
from kgbuild.model.namespaces import KG
from kgbuild.web import executor

_EXTENSION = "kgbuild.served"

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
LABELS_QUERY = (
    "SELECT ?x ?p ?label WHERE {\n"
    f"  VALUES ?p {{ {' '.join(f'<{p}>' for p in LABEL_PREDICATES)} }}\n"
    "  ?x ?p ?label .\n"
    "  FILTER (isLiteral(?label))\n"
    "}"
)
GRAPHS_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
CLASSES_QUERY = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
PROPERTIES_QUERY = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
EXAMPLES_QUERY = f"""
SELECT ?x WHERE {{
  {{ SELECT ?x WHERE {{ ?x a <{KG.Sido}> }} ORDER BY ?x LIMIT 1 }}
  UNION {{ SELECT ?x WHERE {{ ?x a <{KG.RegionalProject}> }} ORDER BY ?x LIMIT 1 }}
}}"""


@dataclass(frozen=True)
class Stats:
    """Counts for the dataset description, read once per version."""

    graphs: list[tuple[str, int]]  # named graph, triples
    classes: list[tuple[str, int]]  # class, instances
    properties: list[tuple[str, int]]  # property, triples
    examples: list[str]  # a region and a project, when there are some


@dataclass
class Served:
    """The served store version, opened read-only, with what the pages compute from it once per version."""

    store: ox.Store
    version: str  # directory name of the version: the ETag of every response derived from it
    modified: datetime  # when the build completed
    triples: int
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


@dataclass
class _Current:
    lock: threading.Lock = field(default_factory=threading.Lock)
    served: Served | None = None


def init_app(app: Flask) -> None:
    """Give ``app`` its slot for the served version (filled at the first page that reads the graph)."""
    app.extensions[_EXTENSION] = _Current()


def served() -> Served:
    """The served store version, with what the pages compute from it once per version.

    Raises StoreMissing (503) when nothing was built yet.
    """
    local = executor.current().local()
    current: _Current = current_app.extensions[_EXTENSION]
    with current.lock:
        entry = current.served
        if entry is None or entry.version != local.version.name:
            entry = Served(local.store, local.version.name, kgstore.completed_at(local.version), local.triples)
            current.served = entry
        return entry


def _read_labels(store: ox.Store) -> dict[str, dict[str, str]]:
    rank = {p: i for i, p in enumerate(LABEL_PREDICATES)}
    best: dict[str, dict[str, tuple[int, str]]] = {}
    for row in kgstore.select(store, LABELS_QUERY):
        x, p, label = row["x"], row["p"], row["label"]
        if not isinstance(x, ox.NamedNode):
            continue
        langs = best.setdefault(x.value, {})
        key = label.language or ""
        candidate = (rank[p.value], label.value)
        if key not in langs or candidate < langs[key]:
            langs[key] = candidate
    return {iri: {lang: text for lang, (_, text) in langs.items()} for iri, langs in best.items()}


def _read_stats(store: ox.Store) -> Stats:
    graphs = [(row["g"].value, int(row["n"].value)) for row in kgstore.select(store, GRAPHS_QUERY)]
    classes = [(row["c"].value, int(row["n"].value)) for row in kgstore.select(store, CLASSES_QUERY)]
    properties = [(row["p"].value, int(row["n"].value)) for row in kgstore.select(store, PROPERTIES_QUERY)]
    examples = [row["x"].value for row in kgstore.select(store, EXAMPLES_QUERY)]
    return Stats(graphs, classes, properties, examples)
