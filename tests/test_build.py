"""The build end to end: summary, stable IRIs, merging releases, and a store that survives failed builds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgbuild.build import build
from kgbuild.config import DEFAULT_BASE
from kgbuild.errors import ValidationFailed
from kgbuild.store import current_version, open_read_only, versions_dir
from tests.conftest import FIXTURE_RELEASES, SEED, run_cli


def count(store_path: Path, sparql: str) -> int:
    store = open_read_only(store_path)
    return int(next(iter(store.query(sparql, use_default_graph_as_union=True)))[0].value)


def test_seed_build_prints_the_summary(tmp_path):
    result = run_cli("build", str(SEED), "--store", str(tmp_path / "store"))
    assert result.returncode == 0, result.stderr
    summary = dict(
        line.split(":", 1) for line in result.stdout.splitlines() if ":" in line and not line.startswith(" ")
    )
    assert int(summary["documents"]) == 1
    assert int(summary["regions"]) == 5
    assert int(summary["projects"]) == 5
    assert int(summary["targets"]) == 22
    assert int(summary["triples"]) > 1000


def test_iris_and_triples_are_identical_across_builds(tmp_path):
    dumps = []
    for name in ("a", "b"):
        store = tmp_path / name
        build([SEED], store_path=store, base=DEFAULT_BASE)
        dumps.append(set(open_read_only(store)))
    assert dumps[0] == dumps[1]


def test_the_base_is_configurable(tmp_path):
    store = tmp_path / "store"
    build([SEED], store_path=store, base="https://example.org/kg/")
    assert count(store, "SELECT (COUNT(*) AS ?n) { <https://example.org/kg/id/region/ulsan> ?p ?o }") > 5
    assert count(store, "SELECT (COUNT(*) AS ?n) { <https://kgbuild.org/id/region/ulsan> ?p ?o }") == 0


def test_each_triple_is_stated_in_one_graph_only(seed_store):
    store = open_read_only(seed_store)
    triples = [(q.subject, q.predicate, q.object) for q in store]
    assert len(triples) == len(set(triples))


def test_bad_source_names_file_line_and_text_and_keeps_the_store(tmp_path):
    store = tmp_path / "store"
    build([SEED], store_path=store, base=DEFAULT_BASE)
    before = current_version(store)
    text = SEED.read_text(encoding="utf-8").replace("총사업비 약 194억원을 투입", "총사업비 약 억원을 투입")
    bad = tmp_path / "bad-release.txt"
    bad.write_text(text, encoding="utf-8")
    result = run_cli("build", str(SEED), str(bad), "--store", str(store))
    assert result.returncode == 1
    line = next(n for n, t in enumerate(text.split("\n"), 1) if "약 억원" in t)
    assert f"bad-release.txt line {line}" in result.stderr
    assert "약 억원" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert current_version(store) == before
    assert count(store, "SELECT (COUNT(*) AS ?n) { ?p a <https://kgbuild.org/def/kgbuild#RegionalProject> }") == 5


def test_missing_source_is_bad_input(tmp_path):
    result = run_cli("build", str(tmp_path / "nope.txt"), "--store", str(tmp_path / "store"))
    assert result.returncode == 2
    assert "nope.txt" in result.stderr and "Traceback" not in result.stderr


def test_a_build_that_fails_validation_leaves_the_previous_store(tmp_path):
    store = tmp_path / "store"
    build([SEED], store_path=store, base=DEFAULT_BASE)
    before = current_version(store)
    strict = tmp_path / "strict-shapes.ttl"
    strict.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://kgbuild.org/def/kgbuild#> .
<urn:shape:many-targets> a sh:NodeShape ; sh:targetClass kg:RegionalProject ;
  sh:property <urn:shape:many-targets-p> .
<urn:shape:many-targets-p> sh:path kg:target ; sh:minCount 6 ; sh:message "at least 6 targets"@en .
""",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed, match="5 violations"):
        build([SEED], store_path=store, base=DEFAULT_BASE, shapes_path=strict)
    assert current_version(store) == before
    assert sorted(p.name for p in versions_dir(store).iterdir()) == [before.name]


def test_kill_9_during_a_build_leaves_the_previous_store(tmp_path):
    store = tmp_path / "store"
    build([SEED], store_path=store, base=DEFAULT_BASE)
    before = current_version(store)
    triples = len(open_read_only(store))
    releases = tmp_path / "many"
    releases.mkdir()
    from kgbuild.extract.generate import generate_release

    for seed in range(400):
        (releases / f"r{seed:04d}.txt").write_text(generate_release(seed)[0], encoding="utf-8")
    exe = Path(sys.executable).with_name("kgbuild")
    proc = subprocess.Popen(
        [str(exe), "-q", "build", *map(str, sorted(releases.iterdir())), "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(versions_dir(store).iterdir())) < 2:
        time.sleep(0.02)
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert current_version(store) == before
    assert len(open_read_only(store)) == triples
    build([SEED], store_path=store, base=DEFAULT_BASE)  # the next build clears what the killed one left
    assert all((v / "COMPLETE").exists() for v in versions_dir(store).iterdir())


def test_releases_of_the_genre_merge_with_the_seed(tmp_path):
    fixtures = sorted(FIXTURE_RELEASES.glob("*.txt"))
    assert len(fixtures) >= 4
    store = tmp_path / "store"
    summary = build([SEED, *fixtures], store_path=store, base=DEFAULT_BASE)
    assert summary.documents == 1 + len(fixtures)
    kg = "https://kgbuild.org/def/kgbuild#"
    assert count(store, f"SELECT (COUNT(DISTINCT ?m) AS ?n) {{ ?m a <{kg}Ministry> }}") >= 1
    assert count(store, f"SELECT (COUNT(*) AS ?n) {{ <https://kgbuild.org/id/ministry/msit> a <{kg}Ministry> }}") == 1
    assert count(store, f"SELECT (COUNT(DISTINCT ?r) AS ?n) {{ ?r a <{kg}SelectionRound> }}") >= 2
    # every project's region is a gazetteer region: shared, not minted per release
    assert (
        count(store, f"SELECT (COUNT(*) AS ?n) {{ ?p <{kg}region> ?r FILTER NOT EXISTS {{ ?r a <{kg}Sido> }} }}") == 0
    )
    graphs = {q.graph_name.value for q in open_read_only(store).quads_for_pattern(None, None, None)}
    assert sum("/graph/release/" in g for g in graphs) == 1 + len(fixtures)
    triples = [(q.subject, q.predicate, q.object) for q in open_read_only(store)]
    assert len(triples) == len(set(triples))
    assert isinstance(open_read_only(store), ox.Store)


def test_merged_releases_answer_the_named_queries(tmp_path):
    from tests.ontology.test_named_queries import rows

    fixtures = sorted(FIXTURE_RELEASES.glob("*.txt"))
    store = tmp_path / "store"
    summary = build([SEED, *fixtures], store_path=store, base=DEFAULT_BASE)
    minted = [iri for iri in summary.review if iri.endswith("/id/indicator/기술이전")]
    assert minted, summary.review
    graph = open_read_only(store)
    review = rows(graph, "concepts-to-review")[1]
    assert {"concept": minted[0], "label": "기술이전", "uses": 1} in review
    # the same province in 2020 and 2024: one resource, named as it was at each release
    projects = rows(graph, "regional-projects")[1]
    gangwon = sorted(
        (r["round"].rsplit("/", 1)[-1], r["regionName"]) for r in projects if r["region"].endswith("/gangwon")
    )
    assert gangwon == [("2020", "강원도"), ("2024", "강원특별자치도")]
    announcements = rows(graph, "announcements")[1]
    assert len(announcements) == 1 + len(fixtures)
    assert {r["ministryName"] for r in announcements} == {"과학기술정보통신부"}


def test_another_program_builds_beside_the_seed(tmp_path):
    from tests.ontology.test_named_queries import rows

    other = FIXTURE_RELEASES.parent / "other-programs" / "2022-02-10-msit-digital-hub.txt"
    store = tmp_path / "store"
    summary = build([SEED, other], store_path=store, base=DEFAULT_BASE)
    graph = open_read_only(store)
    programs = {r["program"] for r in rows(graph, "announcements")[1]}
    assert len(programs) == 2
    hubs = {r["hubName"]: r["hub"] for r in rows(graph, "hubs")[1] if r["regionName"] == "전라남도"}
    assert hubs == {
        "순천시": "https://kgbuild.org/id/region/jeonnam/순천시",
        "여수시": "https://kgbuild.org/id/region/jeonnam/여수시",
    }
    assert set(hubs.values()) <= set(summary.review)


def test_a_project_without_a_readable_target_is_kept_without_targets(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace(
        "고용창출 366명, 소프트웨어 융합신서비스 48건 발굴, 인력양성 500명, 소프트웨어 융합기업으로 전환 50개사, "
        "소프트웨어 융합강소기업 20개사 발굴 및 육성 등의 목표 제시",
        "지역 기업과 협력하는 등의 목표 제시",
    )
    release = tmp_path / "2019-04-23-no-targets.txt"
    release.write_text(text, encoding="utf-8")
    summary = build([release], store_path=tmp_path / "store", base=DEFAULT_BASE)
    assert (summary.projects, summary.targets) == (5, 17)
    assert not [w for w in summary.warnings if "project is left out" in w]
    from tests.ontology.test_named_queries import rows

    graph = open_read_only(tmp_path / "store")
    projects = {r["regionName"] for r in rows(graph, "regional-projects")[1]}
    assert "경상남도" in projects


def test_a_second_round_of_a_program_in_one_year_gets_its_own_iris(tmp_path):
    from tests.ontology.test_named_queries import rows

    later = tmp_path / "2019-10-15-msit-sw-convergence-cluster-2.0-second.txt"
    later.write_text(
        SEED.read_text(encoding="utf-8").replace("4월 23일", "10월 15일").replace("2019-04-23 면", "2019-10-15 면"),
        encoding="utf-8",
    )
    rounds = {}
    for name, order in (("ab", [SEED, later]), ("ba", [later, SEED])):
        summary = build(order, store_path=tmp_path / name / "store", base=DEFAULT_BASE)
        assert summary.projects == 10
        assert any("numbered 2019-2" in w for w in summary.warnings)
        found = rows(open_read_only(tmp_path / name / "store"), "announcements")[1]
        rounds[name] = {(str(r["date"]), r["round"]) for r in found}
    base = "https://kgbuild.org/id/round/sw-convergence-cluster-2.0/"
    assert rounds["ab"] == rounds["ba"] == {("2019-04-23", base + "2019"), ("2019-10-15", base + "2019-2")}
