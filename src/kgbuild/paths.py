"""Where the project's own files live (sources/, ontology/, queries/), found from the package location."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SOURCES_DIR = PROJECT_ROOT / "sources"
REFERENCE_DIR = SOURCES_DIR / "reference"
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
QUERIES_DIR = PROJECT_ROOT / "queries"
