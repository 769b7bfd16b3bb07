"""External datasets beside ours: the 2019 population table joined to the regions through the right code system."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kgbuild.config import DEFAULT_BASE
from kgbuild.errors import SourceError
from kgbuild.external import EXTERNAL_DIR, TableDescription, map_table, read_descriptions
from kgbuild.gazetteer import load_gazetteer
from kgbuild.model.namespaces import Ids
from tests.ontology.test_named_queries import rows

TABLE = EXTERNAL_DIR / "population-by-sido-2019.csv"


def test_population_table_becomes_one_observation_per_province():
    description = read_descriptions()[TABLE.name]
    triples = map_table(TABLE, description, ids=Ids(DEFAULT_BASE), gazetteer=load_gazetteer())
    text = "\n".join(triples)
    assert text.count("<http://purl.org/linked-data/cube#Observation>") == 17
    # 26 is 부산 in the 법정동 system the table uses (울산 in the 통계청 numbering)
    assert '<https://kgbuild.org/id/dataset/population-by-sido-2019/busan> <https://schema.org/value> "3413841"' in text


def test_the_code_system_decides_the_region(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("code,value,unit,date\n26,1,persons,2019-12-31\n", encoding="utf-8")
    as_kostat = TableDescription(
        "t.csv", "t", "t", "m", "m", "code", "kostat", "value", "unit", "date", "p", "", ""
    )  # fmt: skip
    text = "\n".join(map_table(table, as_kostat, ids=Ids(DEFAULT_BASE), gazetteer=load_gazetteer()))
    assert "/id/dataset/t/ulsan>" in text and "/busan>" not in text


def test_an_unknown_code_names_file_and_line(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("code,value,unit,date\n11,1,persons,2019-12-31\n99,2,persons,2019-12-31\n", encoding="utf-8")
    description = TableDescription("t.csv", "t", "t", "m", "m", "code", "bjd2", "value", "unit", "date", "p", "", "")
    with pytest.raises(SourceError, match=r"t.csv line 3: no region has bjd2 code '99'"):
        map_table(table, description, ids=Ids(DEFAULT_BASE), gazetteer=load_gazetteer())


def test_budget_per_resident_joins_the_population_table(seed_ox):
    found = rows(seed_ox, "budget-per-capita")[1]
    assert [(r["regionName"], r["population"], r["budgetPerResident"]) for r in found] == [
        ("울산광역시", 1148019, 16899),
        ("충청남도", 2123709, 8947),
        ("경상남도", 3362553, 5948),
        ("인천광역시", 2957026, 4734),
        ("부산광역시", 3413841, 3632),
    ]
    assert all(isinstance(r["budget"], Decimal) for r in found)


def test_each_external_dataset_has_a_graph_of_its_own(seed_ox):
    graphs = {g.value for g in seed_ox.named_graphs()}
    assert "https://kgbuild.org/graph/external/population-by-sido-2019" in graphs


def test_load_adds_a_dataset_as_a_new_version(tmp_path):
    from kgbuild.build import build
    from kgbuild.store import current_version, open_read_only
    from tests.conftest import SEED, run_cli

    store = tmp_path / "store"
    build([SEED], store_path=store, base=DEFAULT_BASE)
    before = current_version(store)
    extra = tmp_path / "notes.ttl"
    extra.write_text(
        '<https://kgbuild.org/id/region/ulsan> <http://www.w3.org/2000/01/rdf-schema#comment> "조선해양"@ko .\n',
        encoding="utf-8",
    )
    result = run_cli("load", str(extra), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert current_version(store) != before
    graphs = {g.value for g in open_read_only(store).named_graphs()}
    assert "https://kgbuild.org/graph/external/notes" in graphs
    # a file that is not RDF and not a described table: refused, the store unchanged
    after = current_version(store)
    bad = tmp_path / "table.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    refused = run_cli("load", str(bad), "--store", str(store))
    assert refused.returncode == 2 and "datasets.csv" in refused.stderr and "Traceback" not in refused.stderr
    assert current_version(store) == after
