"""The build: releases -> extracted records -> RDF -> a new store version, validated, then swapped in."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kgbuild import store as kgstore
from kgbuild.errors import ValidationFailed
from kgbuild.external import external_files, load_external_file, read_descriptions
from kgbuild.extract.records import Release, Unread
from kgbuild.extract.release import extract_release
from kgbuild.gazetteer import load_gazetteer
from kgbuild.model.mapping import map_gazetteer, map_release, number_rounds, round_id
from kgbuild.model.namespaces import Ids
from kgbuild.model.triples import Triples
from kgbuild.paths import ONTOLOGY_DIR
from kgbuild.shacl import SHAPES_FILE, format_report, load_shapes, validate

log = logging.getLogger(__name__)


@dataclass
class BuildSummary:
    documents: int = 0
    triples: int = 0
    regions: int = 0
    projects: int = 0
    targets: int = 0
    warnings: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # concepts minted for unknown wordings
    seconds: float = 0.0
    version: str = ""

    def lines(self) -> list[str]:
        out = [
            f"documents: {self.documents}",
            f"triples:   {self.triples}",
            f"regions:   {self.regions}",
            f"projects:  {self.projects}",
            f"targets:   {self.targets}",
            f"warnings:  {len(self.warnings)}",
        ]
        out += [f"  - {w}" for w in self.warnings]
        if self.review:
            out.append(f"concepts to review (minted from unknown wordings): {len(self.review)}")
            out += [f"  - {iri}" for iri in self.review]
        out.append(f"built in {self.seconds:.2f} s -> {self.version}")
        return out


def ontology_files(directory: Path = ONTOLOGY_DIR) -> list[Path]:
    """The ontology and its concept schemes (not the shapes and examples), in a stable order."""
    return [directory / "kgbuild.ttl", *sorted((directory / "schemes").glob("*.ttl"))]


def scheme_concepts(files: list[Path]) -> frozenset[str]:
    graph = Graph()
    for path in files:
        graph.parse(path)
    return frozenset(str(s) for s in graph.subjects(RDF.type, SKOS.Concept))


def describe_unread(release: Release, unread: Unread) -> str:
    return f"{release.path} line {unread.line}: not interpreted ({unread.reason}): {unread.text!r}"


def build(
    sources: list[Path],
    *,
    store_path: Path,
    base: str,
    progress: Callable[[int, int], None] | None = None,
    shapes_path: Path | None = None,
) -> BuildSummary:
    """Build ``sources`` into a new version of the store at ``store_path``.

    Raises SourceError (a release cannot be read) before the store is touched, and ValidationFailed
    (SHACL violations) after building aside, in which case the served version is left as it was.
    """
    started = time.perf_counter()
    ids = Ids(base)
    gazetteer = load_gazetteer()
    onto_files = ontology_files()
    known = scheme_concepts(onto_files)
    shapes = load_shapes(shapes_path or SHAPES_FILE)
    summary = BuildSummary(documents=len(sources))
    entities = Triples()
    regions: set[str] = set()
    review: dict[str, None] = {}  # insertion-ordered set of minted concepts
    with kgstore.build_aside(store_path) as new:
        loader = kgstore.BulkLoader(new.store)
        for path in onto_files:
            kgstore.load_file(new.store, path, ids.graph("ontology"))
        loader.add(map_gazetteer(gazetteer, ids=ids).nquads(ids.graph("gazetteer")))
        descriptions = read_descriptions()
        for path in external_files():
            load_external_file(new.store, path, ids=ids, gazetteer=gazetteer, descriptions=descriptions)
        releases = []
        for n, path in enumerate(sources, start=1):
            releases.append(extract_release(path))
            if progress:
                progress(n, len(sources))
        for release, number in zip(releases, number_rounds(releases), strict=True):
            result = map_release(release, ids=ids, gazetteer=gazetteer, known_concepts=known, round_number=number)
            loader.add(result.graph.nquads(ids.graph_release(release.slug)))
            entities.update(result.entities)
            review.update(dict.fromkeys(result.minted))
            summary.warnings += [describe_unread(release, u) for u in release.unread] + result.left_out
            if number > 1:
                summary.warnings.append(
                    f"{release.path}: a further {release.program} round in {release.year}, "
                    f"numbered {round_id(release.year, number)}"
                )
            # every project is mapped, with or without a budget or targets; a consortium counts each of its regions
            summary.projects += len(release.projects)
            summary.targets += sum(len(p.targets) for p in release.projects)
            regions.update(key for p in release.projects for key in p.regions)
        loader.add(entities.nquads(ids.graph("entities")))
        loader.flush()
        summary.regions = len(regions)
        summary.review = list(review)
        violations = validate(new.store, shapes)
        if violations:
            raise ValidationFailed(
                f"the graph does not conform to {shapes_path or 'ontology/shapes.ttl'} "
                f"({len(violations)} violations); the served store was left unchanged\n" + format_report(violations),
                violations,
            )
        summary.triples = kgstore.count_quads(new.store)
        summary.version = new.version.name
    summary.seconds = time.perf_counter() - started
    log.info("built %d documents, %d triples into %s", summary.documents, summary.triples, summary.version)
    return summary
