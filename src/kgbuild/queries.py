"""Named queries: one ``queries/<name>.rq`` file per question, opening with a strict ``#+`` header.

Header lines look like ``#+ title: Regional projects`` / ``#+ description: …`` / ``#+ params: region``
(params comma-separated, each a variable the caller may bind). ``title`` and ``description`` are required;
an unknown key or a malformed header line is an error, never skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kgbuild.errors import BadInput
from kgbuild.paths import QUERIES_DIR

HEADER_KEYS = {"title", "description", "params"}
_HEADER_LINE = re.compile(r"^#\+\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*?)\s*$")


@dataclass(frozen=True)
class NamedQuery:
    name: str  # file stem, e.g. "regional-projects"
    title: str
    description: str
    params: tuple[str, ...]
    text: str
    path: Path


def parse_query_file(path: Path) -> NamedQuery:
    """Read one .rq file. Raises BadInput naming the file and line when the header is malformed."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            break
        match = _HEADER_LINE.match(line)
        if match is None:
            raise BadInput(f"{path} line {number}: malformed header {line!r}; write '#+ key: value'")
        key = match["key"]
        if key not in HEADER_KEYS:
            raise BadInput(f"{path} line {number}: unknown header key {key!r}; use one of {sorted(HEADER_KEYS)}")
        header[key] = match["value"]
    for required in ("title", "description"):
        if not header.get(required):
            raise BadInput(f"{path}: the '#+ {required}:' header line is missing")
    params = tuple(p.strip().lstrip("?$") for p in header.get("params", "").split(",") if p.strip())
    return NamedQuery(path.stem, header["title"], header["description"], params, text, path)


def load_queries(directory: Path = QUERIES_DIR) -> list[NamedQuery]:
    """All named queries, sorted by name. Raises BadInput when the directory has none."""
    files = sorted(directory.glob("*.rq"))
    if not files:
        raise BadInput(f"no named queries (*.rq) in {directory}")
    return [parse_query_file(path) for path in files]


def find_query(name_or_path: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    """A named query by name ("targets") or a path to a .rq file."""
    path = Path(name_or_path)
    if path.suffix == ".rq" or path.exists():
        if not path.is_file():
            raise BadInput(f"query file {path} does not exist")
        return parse_query_file(path)
    candidate = directory / f"{name_or_path}.rq"
    if not candidate.is_file():
        known = ", ".join(q.stem for q in sorted(directory.glob("*.rq")))
        raise BadInput(f"no named query {name_or_path!r}; known: {known}")
    return parse_query_file(candidate)
