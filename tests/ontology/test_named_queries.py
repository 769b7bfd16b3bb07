"""Every named query run on the seed graph, with its exact answer."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
import pytest

from kgbuild.queries import find_query, load_queries
from kgbuild.store import run_query
from tests.conftest import SEED

ID = "https://kgbuild.org/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
INDICATOR = "https://kgbuild.org/def/indicator/"
CONVERT = {
    XSD + "decimal": Decimal,
    XSD + "integer": int,
    XSD + "boolean": lambda v: v == "true",
    XSD + "date": date.fromisoformat,
}


def py(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return CONVERT.get(term.datatype.value, str)(term.value)
    return term.value


def rows(store, name, **params):
    query = find_query(name)
    bindings = {k: ox.NamedNode(v) for k, v in params.items()}
    results = run_query(store, query.text, substitutions=bindings)
    names = [v.value for v in results.variables]
    return names, [{n: py(s[n]) for n in names} for s in results]


def datatypes(store, name):
    results = run_query(store, find_query(name).text)
    return {
        (v.value, s[v.value].datatype.value)
        for s in results
        for v in results.variables
        if isinstance(s[v.value], ox.Literal)
    }


REGIONS = {
    "incheon": "인천광역시",
    "busan": "부산광역시",
    "ulsan": "울산광역시",
    "gyeongnam": "경상남도",
    "chungnam": "충청남도",
}
BUDGETS = {"인천광역시": 140, "부산광역시": 124, "울산광역시": 194, "경상남도": 200, "충청남도": 190}
E8 = Decimal(100_000_000)


def test_every_named_query_runs_on_the_seed(seed_ox):
    for query in load_queries():
        results = run_query(seed_ox, query.text)
        list(results) if not isinstance(results, ox.QueryBoolean) else bool(results)


def test_announcements(seed_ox):
    names, found = rows(seed_ox, "announcements")
    assert names == ["release", "date", "ministryName", "ministerName", "program", "round", "regionsSelected"]
    assert found == [
        {
            "release": ID + "release/" + SEED.stem,
            "date": date(2019, 4, 23),
            "ministryName": "과학기술정보통신부",
            "ministerName": "유영민",
            "program": ID + "program/sw-convergence-cluster-2.0",
            "round": ID + "round/sw-convergence-cluster-2.0/2019",
            "regionsSelected": 5,
        }
    ]
    assert ("date", XSD + "date") in datatypes(seed_ox, "announcements")


def test_national_budgets(seed_ox):
    names, found = rows(seed_ox, "national-budgets")
    assert names == ["program", "round", "amount", "approximate", "startYear", "endYear"]
    assert found == [
        {
            "program": ID + "program/sw-convergence-cluster-2.0",
            "round": ID + "round/sw-convergence-cluster-2.0/2019",
            "amount": Decimal(59_000_000_000),
            "approximate": True,
            "startYear": 2019,
            "endYear": 2023,
        }
    ]
    types = datatypes(seed_ox, "national-budgets")
    assert {("amount", XSD + "decimal"), ("startYear", XSD + "integer"), ("approximate", XSD + "boolean")} <= types


def test_regional_projects(seed_ox):
    names, found = rows(seed_ox, "regional-projects")
    assert names == ["project", "region", "regionName", "round", "industry", "budget", "approximate"]
    assert {r["region"]: r["regionName"] for r in found} == {ID + "region/" + k: v for k, v in REGIONS.items()}
    assert {r["regionName"]: r["budget"] for r in found} == {k: v * E8 for k, v in BUDGETS.items()}
    assert all(r["approximate"] is True for r in found)
    assert all(r["round"] == ID + "round/sw-convergence-cluster-2.0/2019" for r in found)
    assert len({r["industry"] for r in found}) == 5 and all(r["industry"] for r in found)
    assert {r["project"] for r in found} == {ID + f"project/sw-convergence-cluster-2.0/2019/{k}" for k in REGIONS}


SEED_TARGETS = Counter(
    {
        ("인천광역시", "platform-companies", Decimal(37), "개사"): 1,
        ("인천광역시", "commercialization-rate", Decimal(40), "%"): 1,
        ("인천광역시", "jobs-created", Decimal(2000), "명"): 1,
        ("인천광역시", "global-expansion-support", Decimal(50), "개사"): 1,
        ("부산광역시", "platform-companies", Decimal(90), "개사"): 1,
        ("부산광역시", "new-services", Decimal(72), "건"): 1,
        ("부산광역시", "overseas-business-support", Decimal(25), "건"): 1,
        ("부산광역시", "jobs-created", Decimal(650), "명"): 1,
        ("울산광역시", "jobs-created", Decimal(1100), "명"): 1,
        ("울산광역시", "new-services", Decimal(50), "건"): 1,
        ("울산광역시", "commercialization-rate", Decimal(95), "%"): 1,
        ("울산광역시", "people-trained", Decimal(350), "명"): 1,
        ("울산광역시", "market-development", Decimal(150), "건"): 1,
        ("경상남도", "jobs-created", Decimal(366), "명"): 1,
        ("경상남도", "new-services", Decimal(48), "건"): 1,
        ("경상남도", "people-trained", Decimal(500), "명"): 1,
        ("경상남도", "companies-converted", Decimal(50), "개사"): 1,
        ("경상남도", "companies-grown", Decimal(20), "개사"): 1,
        ("충청남도", "companies-grown", Decimal(10), "개사"): 1,
        ("충청남도", "sales-growth-rate", Decimal(20), "%"): 1,
        ("충청남도", "jobs-created", Decimal(250), "명"): 1,
        ("충청남도", "employee-increase", Decimal(5000), "명"): 1,
    }
)


def test_targets(seed_ox):
    names, found = rows(seed_ox, "targets")
    assert names == ["project", "regionName", "indicator", "indicatorLabel", "value", "unit", "phrase"]
    assert len(found) == 22
    got = Counter((r["regionName"], r["indicator"].removeprefix(INDICATOR), r["value"], r["unit"]) for r in found)
    assert got == SEED_TARGETS
    jobs = next(r for r in found if r["regionName"] == "울산광역시" and r["indicator"].endswith("jobs-created"))
    assert jobs["indicatorLabel"] == "Jobs created"
    assert jobs["phrase"] == "고용창출 1,100명"
    text = SEED.read_text(encoding="utf-8")
    assert all(r["phrase"] in text for r in found)


def test_quotes(seed_ox):
    names, found = rows(seed_ox, "quotes")
    assert names == ["speakerName", "post", "text"]
    assert found == [
        {
            "speakerName": "노경원",
            "post": "소프트웨어정책관",
            "text": "소프트웨어 융합클러스터 2.0 사업을 통해 지역에 소프트웨어 융합 생태계를 조성하여 지역이 "
            "4차 산업혁명을 주도하고 앞장설 수 있도록 적극 지원하겠다.",
        }
    ]


def test_budget_total(seed_ox):
    assert rows(seed_ox, "budget-total")[1] == [
        {"round": ID + "round/sw-convergence-cluster-2.0/2019", "total": Decimal(84_800_000_000), "projects": 5}
    ]


def test_jobs_by_region_and_total(seed_ox):
    found = rows(seed_ox, "jobs-by-region")[1]
    assert [(r["regionName"], r["jobs"]) for r in found] == [
        ("인천광역시", 2000),
        ("울산광역시", 1100),
        ("부산광역시", 650),
        ("경상남도", 366),
        ("충청남도", 250),
    ]
    total = rows(seed_ox, "jobs-total")[1]
    assert [(r["totalJobs"], r["projects"]) for r in total] == [(4366, 5)]


def test_budget_per_job_ranked(seed_ox):
    found = rows(seed_ox, "budget-per-job")[1]
    assert [(r["regionName"], r["budgetPerJob"]) for r in found] == [
        ("인천광역시", 7_000_000),
        ("울산광역시", 17_636_364),
        ("부산광역시", 19_076_923),
        ("경상남도", 54_644_809),
        ("충청남도", 76_000_000),
    ]


def test_one_indicator_across_regions(seed_ox):
    found = rows(seed_ox, "indicator-across-regions", indicator=INDICATOR + "people-trained")[1]
    assert [(r["regionName"], r["value"], r["unit"]) for r in found] == [
        ("경상남도", 500, "명"),
        ("울산광역시", 350, "명"),
    ]
    assert len(rows(seed_ox, "indicator-across-regions")[1]) == 22


def test_commercialization_rate_regions(seed_ox):
    found = rows(seed_ox, "commercialization-rate-regions")[1]
    assert [(r["regionName"], r["rate"]) for r in found] == [("울산광역시", 95), ("인천광역시", 40)]


def test_hubs(seed_ox):
    found = rows(seed_ox, "hubs")[1]
    assert [(r["regionName"], r["hubName"], r["hubLegalDongCode"]) for r in found] == [
        ("충청남도", "아산시", "44200"),
        ("충청남도", "천안시", "44130"),
    ]
    assert rows(seed_ox, "hubs", region=ID + "region/ulsan")[1] == []


def test_every_figure_reaches_its_sentence(seed_ox):
    found = rows(seed_ox, "figure-sources")[1]
    assert len(found) == 22 + 5 + 1  # targets, regional budgets, national budget
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    for r in found:
        assert text[r["startOffset"] : r["endOffset"]] == r["sentence"]
        assert r["sentence"] in lines[r["line"] - 1]


def test_industries_with_ksic_codes(seed_ox):
    found = rows(seed_ox, "industries-ksic")[1]
    codes = {}
    for r in found:
        codes.setdefault(r["industry"].rsplit("/", 1)[-1], set()).add(r["ksicCode"])
    assert set(codes) == {"bio-information-services", "smart-logistics", "shipbuilding-marine", "machinery", "display"}
    assert "31111" in codes["shipbuilding-marine"]
    assert "2621" in codes["display"]
    assert all(r["ksicLabel"] for r in found if r["ksicCode"])


def test_targets_per_region(seed_ox):
    found = rows(seed_ox, "targets-per-region")[1]
    assert [(r["regionName"], r["targets"]) for r in found] == [
        ("경상남도", 5),
        ("울산광역시", 5),
        ("부산광역시", 4),
        ("인천광역시", 4),
        ("충청남도", 4),
    ]


def test_regions_never_selected(seed_ox):
    found = rows(seed_ox, "regions-never-selected")[1]
    assert {r["regionName"] for r in found} == {
        "서울특별시",
        "대구광역시",
        "광주광역시",
        "대전광역시",
        "세종특별자치시",
        "경기도",
        "강원도",
        "충청북도",
        "전라북도",
        "전라남도",
        "경상북도",
        "제주특별자치도",
    }


def test_region_identifiers(seed_ox):
    found = {r["regionName"]: r for r in rows(seed_ox, "region-identifiers")[1]}
    assert len(found) == 17
    ulsan = found["울산광역시"]
    assert (ulsan["legalDongCode"], ulsan["kostatCode"], ulsan["iso3166_2"], ulsan["wikidata"]) == (
        "3100000000",
        "26",
        "KR-31",
        "http://www.wikidata.org/entity/Q41278",
    )


def test_no_concepts_to_review_on_the_seed(seed_ox):
    assert rows(seed_ox, "concepts-to-review")[1] == []


def test_budget_by_region(seed_ox):
    found = rows(seed_ox, "budget-by-region")[1]
    assert [(r["regionName"], r["budget100m"]) for r in found] == sorted(BUDGETS.items(), key=lambda kv: -kv[1])


@pytest.mark.parametrize("query", load_queries(), ids=lambda q: q.name)
def test_each_query_has_a_title_and_description(query):
    assert query.title and query.description
