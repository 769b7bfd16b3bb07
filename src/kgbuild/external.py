"""External datasets loaded beside ours, each in a named graph of its own, joined to the graph through the
gazetteer's regions.

``sources/external/`` holds them. RDF files (.ttl, .nt, .nq, .trig, .jsonld, .rdf) load as they are. A CSV of
one figure per 시도 (a statistics table such as 주민등록인구) is described by a row of
``sources/external/datasets.csv`` — title, measure, which column holds the region code and in which code system
(법정동 ``bjd2``, 통계청 ``kostat``, ISO ``iso3166_2``): the systems reuse numbers for different regions, so
the system is never guessed — and becomes an RDF Data Cube data set whose observations point at our regions
(sdmx-dimension:refArea).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kgbuild import store as kgstore
from kgbuild.errors import BadInput, SourceError
from kgbuild.gazetteer import SCHEMES, Gazetteer
from kgbuild.model.namespaces import DCAT, DCTERMS, KG, QB, RDF, RDFS, SCHEMA, SDMX_DIMENSION, Ids, slugify
from kgbuild.model.triples import Triples, decimal, literal, string, xsd_date
from kgbuild.paths import SOURCES_DIR

EXTERNAL_DIR = SOURCES_DIR / "external"
RDF_SUFFIXES = {".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf"}
CODE_SYSTEMS = set(SCHEMES.values()) - {"short", "wikidata", "geonames"}


@dataclass(frozen=True)
class TableDescription:
    """One row of datasets.csv: how to read one statistics table."""

    file: str
    title_ko: str
    title_en: str
    measure_ko: str
    measure_en: str
    code_column: str
    code_system: str
    value_column: str
    unit_column: str
    date_column: str
    publisher: str
    source_url: str
    credit: str


def external_files(directory: Path = EXTERNAL_DIR) -> list[Path]:
    """The datasets to load: RDF files and the CSV tables that datasets.csv describes, in a stable order."""
    if not directory.is_dir():
        return []
    described = set(read_descriptions(directory))
    return sorted(p for p in directory.iterdir() if p.suffix in RDF_SUFFIXES or p.name in described)


def read_descriptions(directory: Path = EXTERNAL_DIR) -> dict[str, TableDescription]:
    path = directory / "datasets.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [TableDescription(**row) for row in csv.DictReader(fh)]
    for row in rows:
        if row.code_system not in CODE_SYSTEMS:
            raise SourceError(str(path), 1, row.code_system, f"code_system must be one of {sorted(CODE_SYSTEMS)}")
    return {row.file: row for row in rows}


def graph_name(path: Path, *, ids: Ids) -> str:
    """The named graph of an external dataset: ``{base}graph/external/<file stem>``."""
    return ids.graph(f"external/{slugify(path.stem)}")


def map_table(path: Path, description: TableDescription, *, ids: Ids, gazetteer: Gazetteer) -> Triples:
    """A statistics table by 시도 -> a qb:DataSet with one qb:Observation per row, each linked to its region.

    Raises SourceError naming the file, the line and the fix for a missing column, an unknown code or a value
    that is not a number.
    """
    t = Triples()
    slug = slugify(path.stem)
    dataset = ids.dataset(slug)
    t.add(dataset, RDF.type, QB.DataSet)
    t.add(dataset, RDF.type, DCAT.Dataset)
    for lang, title in (("ko", description.title_ko), ("en", description.title_en)):
        t.add(dataset, DCTERMS.title, literal(title, lang=lang))
        t.add(dataset, RDFS.label, literal(title, lang=lang))
    t.ko(dataset, KG.measure, description.measure_ko)
    t.en(dataset, KG.measure, description.measure_en)
    t.ko(dataset, DCTERMS.publisher, description.publisher)
    t.add(dataset, DCTERMS.source, description.source_url or None)
    t.ko(dataset, DCTERMS.bibliographicCitation, description.credit)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = (description.code_column, description.value_column, description.unit_column, description.date_column)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(str(path), 1, ",".join(reader.fieldnames or []), f"missing column(s) {missing}; "
                              "fix the table or its row in datasets.csv")  # fmt: skip
        for line, row in enumerate(reader, start=2):
            code = row[description.code_column].strip()
            region = gazetteer.by_code(description.code_system, code)
            if region is None:
                raise SourceError(str(path), line, code, f"no region has {description.code_system} code {code!r}")
            try:
                value = Decimal(row[description.value_column].replace(",", ""))
            except InvalidOperation:
                raise SourceError(str(path), line, row[description.value_column], "the value is not a number") from None
            obs = ids.observation(slug, region.key)
            t.add(obs, RDF.type, QB.Observation)
            t.add(obs, QB.dataSet, dataset)
            t.add(obs, SDMX_DIMENSION.refArea, ids.region(region.key))
            t.add(obs, SCHEMA.value, decimal(value))
            t.add(obs, SCHEMA.unitText, string(row[description.unit_column]))
            t.add(obs, DCTERMS.date, xsd_date_or_text(row[description.date_column]))
            t.add(obs, KG.sourceCode, string(code))
    return t


def load_external_file(
    store, path: Path, *, ids: Ids, gazetteer: Gazetteer, descriptions: dict[str, TableDescription] | None = None
) -> str:
    """Load one dataset into its own named graph, replacing what that graph held; returns the graph's IRI.

    Raises BadInput for a CSV that datasets.csv does not describe, SourceError for a table that cannot be read.
    """
    graph = graph_name(path, ids=ids)
    kgstore.clear_graph(store, graph)
    if path.suffix == ".csv":
        description = (read_descriptions(path.parent) if descriptions is None else descriptions).get(path.name)
        if description is None:
            raise BadInput(f"{path}: a CSV table needs its row in {path.parent / 'datasets.csv'} (title, measure, "
                           "code column and code system, value, unit and date columns)")  # fmt: skip
        kgstore.load_nquads(store, map_table(path, description, ids=ids, gazetteer=gazetteer).nquads(graph))
    elif path.suffix in RDF_SUFFIXES:
        kgstore.load_file(store, path, graph)
    else:
        raise BadInput(f"{path}: give an RDF file ({', '.join(sorted(RDF_SUFFIXES))}) or a described CSV table")
    return graph


def xsd_date_or_text(text: str):
    from datetime import date

    try:
        return xsd_date(date.fromisoformat(text.strip()))
    except ValueError:
        return string(text)
