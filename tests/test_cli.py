"""The `kgbuild` console script as a user runs it: help, query formats, dumps that parse back, validate."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib

from tests.conftest import SEED, run_cli

COMMANDS = ["build", "extract", "query", "dump", "validate", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "Usage: kgbuild " + command in result.stdout


def test_query_json_is_sparql_results_json(seed_store):
    result = run_cli("query", "jobs-total", "--store", str(seed_store), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["round", "totalJobs", "projects"]
    assert data["results"]["bindings"][0]["totalJobs"]["value"] == "4366"


def test_query_csv_and_table(seed_store):
    result = run_cli("query", "budget-by-region", "--store", str(seed_store), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5
    assert (rows[0]["regionName"], float(rows[0]["budget100m"])) == ("경상남도", 200.0)
    table = run_cli("query", "targets-per-region", "--store", str(seed_store))
    assert "(5 rows)" in table.stdout and "울산광역시" in table.stdout


def test_query_binds_declared_parameters(seed_store):
    result = run_cli(
        "query", "hubs", "--store", str(seed_store), "--format", "csv",
        "-p", "region=https://kgbuild.org/id/region/chungnam",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [r["hubName"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["아산시", "천안시"]
    bad = run_cli("query", "hubs", "--store", str(seed_store), "-p", "nope=1")
    assert bad.returncode == 2 and "takes only region" in bad.stderr


def test_query_of_a_file_with_bad_syntax_names_the_position(seed_store, tmp_path):
    query = tmp_path / "broken.rq"
    query.write_text("#+ title: b\n#+ description: d\nSELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    result = run_cli("query", str(query), "--store", str(seed_store))
    assert result.returncode == 2
    assert "SPARQL syntax error" in result.stderr and "Traceback" not in result.stderr


def test_query_without_a_store_says_how_to_build_one(tmp_path):
    result = run_cli("query", "targets", "--store", str(tmp_path / "none"))
    assert result.returncode == 2
    assert "kgbuild build" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "rdflib_format", "dataset"),
    [("turtle", "turtle", False), ("ntriples", "nt", False), ("jsonld", "json-ld", False),
     ("nquads", "nquads", True), ("trig", "trig", True)],
)  # fmt: skip
def test_dump_parses_back_with_every_triple(seed_store, seed_ox, tmp_path, fmt, rdflib_format, dataset):
    out = tmp_path / f"dump.{fmt}"
    result = run_cli("dump", "--store", str(seed_store), "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    if dataset:
        parsed = rdflib.Dataset()
        parsed.parse(out, format=rdflib_format)
        assert len(list(parsed.quads())) == len(seed_ox)
    else:
        parsed = rdflib.Graph()
        parsed.parse(out, format=rdflib_format)
        assert len(parsed) == len(seed_ox)


def test_validate_reports_conformance(seed_store):
    result = run_cli("validate", "--store", str(seed_store))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout


def test_extract_prints_facts_with_offsets():
    result = run_cli("extract", str(SEED))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    text = SEED.read_text(encoding="utf-8")
    spans = list(find_spans(data))
    assert len(spans) >= 28
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]


def find_spans(node):
    if isinstance(node, dict):
        if {"start", "end", "text", "line"} <= node.keys():
            yield node
        for value in node.values():
            yield from find_spans(value)
    elif isinstance(node, list):
        for value in node:
            yield from find_spans(value)


def test_query_with_its_own_dataset_is_not_widened_to_the_union(seed_store, tmp_path):
    query = tmp_path / "from.rq"
    query.write_text(
        "#+ title: f\n#+ description: d\nSELECT (COUNT(*) AS ?n) FROM <https://kgbuild.org/graph/gazetteer> "
        "WHERE { ?p a <https://kgbuild.org/def/kgbuild#RegionalProject> }\n",
        encoding="utf-8",
    )
    result = run_cli("query", str(query), "--store", str(seed_store), "--format", "csv")
    assert result.stdout.splitlines()[1] == "0"  # projects live in the release graph, not the gazetteer
