"""The store on disk: open a version, build one aside and swap it in atomically, load, query, dump.

On disk, ``data/store`` is a symlink to one complete version under ``data/store.versions/``. A build writes
a new version beside the served one, validates it, marks it COMPLETE and only then swaps the symlink with
an atomic rename. A failed or killed build (kill -9 included) therefore never touches the served store,
and a server that holds the old version open keeps reading it while new requests open the new one.
"""

from __future__ import annotations

import codecs
import fcntl
import gc
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import pyoxigraph as ox

from kgbuild.errors import BadInput, BadPayload, QueryError, StoreMissing
from kgbuild.sparql_text import analyze

log = logging.getLogger(__name__)
T = TypeVar("T")

COMPLETE_MARK = "COMPLETE"  # a file in a version directory: the build finished; it holds the time it did
_COMPLETED_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
KEEP_VERSIONS = 3  # the served version and two before it, for servers still reading them

DUMP_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = {"nquads", "trig"}


def versions_dir(path: Path) -> Path:
    return path.parent / (path.name + ".versions")


def current_version(path: Path) -> Path | None:
    """The complete version ``path`` points to, or None when nothing was built there yet."""
    if path.is_symlink():
        target = path.parent / os.readlink(path)
        return target if (target / COMPLETE_MARK).exists() else None
    return None


def completed_at(version: Path) -> datetime:
    """When the build of ``version`` completed (the time in its COMPLETE mark, else the mark's mtime)."""
    mark = version / COMPLETE_MARK
    try:
        return datetime.strptime(mark.read_text().strip(), _COMPLETED_FORMAT)
    except ValueError:
        return datetime.fromtimestamp(mark.stat().st_mtime, tz=UTC)


def open_version(version: Path) -> ox.Store:
    """Open one version directory read-only. Raises StoreMissing when it cannot be opened (removed meanwhile)."""
    try:
        return ox.Store.read_only(str(version))
    except OSError as err:
        raise StoreMissing(f"store version {version.name} cannot be opened: {err}") from None


def open_read_only(path: Path) -> ox.Store:
    """Open the served version of ``path`` read-only. Raises StoreMissing when it was never built."""
    version = current_version(path)
    if version is None:
        raise StoreMissing.at(path)
    return open_version(version)


class Build:
    """A store being built aside; ``store`` is writable until the build is committed or discarded."""

    def __init__(self, version: Path) -> None:
        self.version = version
        self._store: ox.Store | None = ox.Store(str(version))

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            raise RuntimeError(f"the build of {self.version} is closed")
        return self._store

    def close(self) -> None:
        """Drop the store so RocksDB writes its last files now, not later into a removed directory."""
        self._store = None
        gc.collect()


@contextmanager
def build_aside(path: Path, *, from_current: bool = False) -> Iterator[Build]:
    """Yield a new store beside ``path``; on a clean exit swap it in, on an error discard it.

    The new store is empty, or with ``from_current`` a copy of the served version (a RocksDB checkpoint of
    hard-linked files, cheap even for a large store; used by writes through the endpoint). Builds and writes
    on one store path take turns (a lock file); versions left by killed builds are removed.
    Raises StoreMissing when ``from_current`` is asked of a store never built.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not path.is_symlink():
        raise BadInput(f"{path} is a directory, not a kgbuild store link: move it away or pick another --store")
    versions = versions_dir(path)
    versions.mkdir(exist_ok=True)
    with (path.parent / (path.name + ".lock")).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _remove_stale_versions(path)
        version = versions / f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**9:09d}-{os.getpid()}"
        if from_current:
            current = current_version(path)
            if current is None:
                raise StoreMissing.at(path)
            open_version(current).backup(str(version))
        build = Build(version)
        try:
            yield build
            build.store.flush()
            if not from_current:
                build.store.optimize()
            build.close()
            (version / COMPLETE_MARK).write_text(time.strftime(_COMPLETED_FORMAT) + "\n")
            _swap_link(path, version)
            log.info("store %s now serves %s", path, version.name)
        except BaseException:
            build.close()  # before removing the files: RocksDB writes on close and would recreate them
            shutil.rmtree(version, ignore_errors=True)
            raise
        _remove_stale_versions(path)


def write_aside(path: Path, apply: Callable[[ox.Store], T]) -> tuple[Path, T]:
    """Copy the served version of ``path``, ``apply`` a change to the copy and swap it in: (version, result).

    The served version is never written in place; if ``apply`` raises, the served version stays as it was.
    """
    with build_aside(path, from_current=True) as build:
        result = apply(build.store)
    return build.version, result


def _swap_link(path: Path, version: Path) -> None:
    tmp = path.parent / f".{path.name}.tmp-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(version, path.parent), tmp)
    os.replace(tmp, path)  # atomic on POSIX: readers see the old link or the new one, never none


def _remove_stale_versions(path: Path) -> None:
    """Drop incomplete versions (killed builds) and complete ones older than the newest KEEP_VERSIONS."""
    current = current_version(path)
    complete = []
    for version in sorted(versions_dir(path).iterdir()):
        if current is not None and version.resolve() == current.resolve():
            continue
        if (version / COMPLETE_MARK).exists():
            complete.append(version)
        else:
            shutil.rmtree(version, ignore_errors=True)
    for version in complete[: max(0, len(complete) - (KEEP_VERSIONS - 1))]:
        shutil.rmtree(version, ignore_errors=True)


# -- loading ---------------------------------------------------------------------------------------


class BulkLoader:
    """Collects N-Quads text and bulk-loads it in chunks: memory stays flat however many releases come."""

    def __init__(self, store: ox.Store, *, chunk_chars: int = 8_000_000) -> None:
        self.store = store
        self.chunk_chars = chunk_chars
        self._parts: list[str] = []
        self._size = 0

    def add(self, nquads: str) -> None:
        self._parts.append(nquads)
        self._size += len(nquads)
        if self._size >= self.chunk_chars:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            data = "".join(self._parts).encode("utf-8")
            self._parts, self._size = [], 0
            self.store.bulk_load(data, ox.RdfFormat.N_QUADS)


def load_nquads(store: ox.Store, nquads: str) -> None:
    """Add N-Quads text (a few thousand statements; the build uses BulkLoader for more)."""
    store.load(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS)


def clear_graph(store: ox.Store, graph_name: str) -> None:
    """Remove the named graph ``graph_name`` and its triples, if it is there."""
    name = ox.NamedNode(graph_name)
    if store.contains_named_graph(name):
        store.remove_graph(name)


def load_file(store: ox.Store, path: Path, graph_name: str) -> None:
    """Parse an RDF file (format from its extension) into the named graph ``graph_name``.

    Raises BadInput for an unknown extension or a file the parser cannot read, BadPayload for RDF/XML with a DTD.
    """
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if fmt is None:
        raise BadInput(f"{path}: unknown RDF file extension; use .ttl, .nt, .nq, .trig, .rdf or .jsonld")
    try:
        if fmt == ox.RdfFormat.RDF_XML:  # read whole, to be checked before the parser sees it
            load_document(store, path.read_bytes(), fmt, to_graph=ox.NamedNode(graph_name), bulk=True, source=str(path))
        else:
            store.bulk_load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph_name))
    except SyntaxError as err:
        raise BadInput(f"{path}: {err}") from None


def load_document(
    store: ox.Store,
    data: bytes,
    fmt: ox.RdfFormat,
    *,
    base_iri: str | None = None,
    to_graph: ox.NamedNode | ox.DefaultGraph | None = None,
    bulk: bool = False,
    source: str = "",
) -> None:
    """Parse one RDF document held in memory into ``store`` (``to_graph``, default the default graph): Graph
    Store payloads, RDF/XML files of ``kgbuild load`` and of a build's external datasets (``load_file``).

    RDF/XML is first checked by ``refuse_dtd``. ``bulk``: pyoxigraph's bulk loader (faster, not transactional).
    ``source`` names the document in messages (a file path). Raises BadPayload for RDF/XML with a DTD, the
    parser's SyntaxError for a document it cannot read.
    """
    if fmt == ox.RdfFormat.RDF_XML:
        refuse_dtd(data, source=source)
    if bulk:
        store.bulk_load(data, fmt, base_iri=base_iri, to_graph=to_graph)
    else:
        store.load(data, fmt, base_iri=base_iri, to_graph=to_graph)


DTD_FIX = "send RDF/XML without a DOCTYPE; entities are not expanded"
# Markup that opens with '<!' and is not a comment or a CDATA section: a DOCTYPE or a declaration.
_DECLARATION = re.compile(r"<!(?!--|\[CDATA\[)")
_WIDE_BOMS = (  # UTF-32 before UTF-16: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)


def refuse_dtd(data: bytes, *, source: str = "") -> None:
    """Raise BadPayload unless the RDF/XML ``data`` is plainly free of a DTD.

    The parser (pyoxigraph 0.5) expands the entities a DTD declares — a billion-laughs document of 642 bytes
    stores a literal of 100 MB — and accepts a DOCTYPE anywhere, in any letter case. So the document is read
    as the parser reads it (UTF-8, a BOM skipped; UTF-16 or UTF-32 with a BOM decoded, so nothing hides in
    them either) and every '<!' in it must open a comment or a CDATA section, inside those too: a parser may
    end a comment where this check would not. A document that is not valid in its encoding, or has zero bytes
    (UTF-16 without its BOM), is not plainly free of a DTD and is refused too.
    """
    where = f"{source}: " if source else ""
    codec = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)
    try:
        text = data.decode(codec).removeprefix("\ufeff") if codec else data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        encoding = (codec or "utf-8").upper()
        raise BadPayload(
            f"{where}the RDF/XML is not valid {encoding} (byte {err.start}), so it cannot be checked for a DTD; "
            f"send UTF-8 RDF/XML without a DOCTYPE; entities are not expanded"
        ) from None
    if "\x00" in text:
        raise BadPayload(
            f"{where}the RDF/XML has zero bytes (UTF-16 without its byte-order mark?), so it cannot be checked "
            "for a DTD; send UTF-8 RDF/XML without a DOCTYPE; entities are not expanded"
        )
    found = _DECLARATION.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        raise BadPayload(
            f"{where}RDF/XML with a DTD is refused: line {line} opens a DOCTYPE or another declaration "
            f"with '<!'; {DTD_FIX}"
        )


# -- reading ---------------------------------------------------------------------------------------


def run_query(
    store: ox.Store, sparql: str, *, substitutions: dict[str, Any] | None = None
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a SPARQL query. The default graph is the union of all named graphs unless the query itself says
    otherwise (FROM / FROM NAMED). ``substitutions`` binds variables (name -> pyoxigraph term): values never
    become query text. Raises QueryError with the parser's message and position.
    """
    kwargs: dict[str, Any] = {}
    if not analyze(sparql).dataset_clause:
        kwargs["use_default_graph_as_union"] = True
    if substitutions:
        kwargs["substitutions"] = {ox.Variable(k): v for k, v in substitutions.items()}
    try:
        return store.query(sparql, **kwargs)
    except SyntaxError as err:
        raise QueryError(f"SPARQL syntax error: {err}") from None


def select(store: ox.Store, sparql: str, *, substitutions: dict[str, Any] | None = None) -> ox.QuerySolutions:
    """``run_query`` for a SELECT query: its solutions. Raises QueryError as ``run_query`` does."""
    results = run_query(store, sparql, substitutions=substitutions)
    if not isinstance(results, ox.QuerySolutions):  # a fault of the caller, not of the query's author
        raise TypeError(f"select() runs SELECT queries; this one gave {type(results).__name__}")
    return results


def dump(store: ox.Store, output: BinaryIO, fmt: str) -> None:
    """Stream the whole store to ``output``. Quad formats keep the named graphs; triple formats write
    the union (each triple is stated in exactly one graph, so the union has no duplicates)."""
    rdf_format = DUMP_FORMATS.get(fmt)
    if rdf_format is None:
        raise BadInput(f"unknown dump format {fmt!r}; choose one of {', '.join(DUMP_FORMATS)}")
    if fmt in QUAD_FORMATS:
        store.dump(output, rdf_format)
        return
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    triples.serialize(output, rdf_format)  # type: ignore[union-attr,arg-type]


def count_quads(store: ox.Store) -> int:
    return len(store)
