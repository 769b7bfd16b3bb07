"""The seed release (sources/2019-04-23-…txt): every fact it states, with exact values and offsets."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from kgbuild.extract import extract_release, release_to_json
from kgbuild.extract.records import Release
from kgbuild.extract.release import spans_in
from kgbuild.paths import SOURCES_DIR

SEED = SOURCES_DIR / "2019-04-23-msit-sw-convergence-cluster-2.0.txt"
ARTICLE_LINES = range(13, 58)  # lines 13–57 are the article; 59 is the date line; the rest is chrome

EXPECTED_TARGETS = {
    "incheon": [
        ("platform-companies", 37, "개사", "정보제공·플랫폼 활용기업 수"),
        ("commercialization-rate", 40, "%", "상용화율"),
        ("jobs-created", 2000, "명", "고용창출"),
        ("global-expansion-support", 50, "개사", "글로벌 진출지원"),
    ],
    "busan": [
        ("platform-companies", 90, "개사", "정보제공·플랫폼 활용기업 수"),
        ("new-services", 72, "건", "신서비스 발굴 및 개발"),
        ("overseas-business-support", 25, "건", "맞춤형 해외 비즈니스 지원"),
        ("jobs-created", 650, "명", "고용창출"),
    ],
    "ulsan": [
        ("jobs-created", 1100, "명", "고용창출"),
        ("new-services", 50, "건", "소프트웨어 융합신서비스 발굴"),
        ("commercialization-rate", 95, "%", "상용화율"),
        ("people-trained", 350, "명", "인력양성"),
        ("market-development", 150, "건", "판로개척"),
    ],
    "gyeongnam": [
        ("jobs-created", 366, "명", "고용창출"),
        ("new-services", 48, "건", "소프트웨어 융합신서비스 발굴"),
        ("people-trained", 500, "명", "인력양성"),
        ("companies-converted", 50, "개사", "소프트웨어 융합기업으로 전환"),
        ("companies-grown", 20, "개사", "소프트웨어 융합강소기업 발굴 및 육성"),
    ],
    "chungnam": [
        ("companies-grown", 10, "개사", "스타기업 발굴·육성"),
        ("sales-growth-rate", 20, "%", "소프트웨어 융합기업 매출증가율"),
        ("jobs-created", 250, "명", "고용창출"),
        ("employee-increase", 5000, "명", "종사자수 증가"),
    ],
}


@pytest.fixture
def release() -> Release:
    """The seed, extracted afresh."""
    return extract_release(SEED)


@pytest.fixture
def file_text() -> str:
    return SEED.read_bytes().decode("utf-8")


def test_header_and_dates(release: Release) -> None:
    assert release.slug == "2019-04-23-msit-sw-convergence-cluster-2.0"
    assert release.path == "sources/2019-04-23-msit-sw-convergence-cluster-2.0.txt"
    assert release.title == "과기정통부, 지역 특화산업 연계 소프트웨어 융합 생태계 조성 확대"
    assert release.subtitle == "소프트웨어 융합클러스터 2.0 조성 , 5개 광역지자체 선정 발표"
    assert release.date == date(2019, 4, 23)
    assert release.announced == date(2019, 4, 23)
    assert release.year == 2019
    assert release.program == "소프트웨어 융합클러스터 2.0"
    assert release.program_key == "sw-convergence-cluster-2.0"


def test_ministry_and_minister(release: Release) -> None:
    ministry = release.ministry
    assert (ministry.name, ministry.short, ministry.key) == ("과학기술정보통신부", "과기정통부", "msit")
    assert ministry.minister is not None
    assert (ministry.minister.name, ministry.minister.post) == ("유영민", "장관")
    assert ministry.span.line == 21


def test_call(release: Release) -> None:
    call = release.call
    assert call.eligible == "광역지자체"
    assert call.excluded_regions == ("seoul",)
    assert call.method == "공모·심사"
    assert call.applicants is None
    assert call.selected == 5
    assert call.selected_regions == ("incheon", "busan", "ulsan", "gyeongnam", "chungnam")
    assert call.span.line == 23


def test_five_projects_in_order_with_industries_and_hubs(release: Release) -> None:
    got = [(p.region, p.region_text, p.industry, p.industry_text, p.hubs) for p in release.projects]
    assert got == [
        ("incheon", "인천광역시", "bio-information-services", "바이오정보 서비스", ()),
        ("busan", "부산광역시", "smart-logistics", "스마트 물류서비스", ()),
        ("ulsan", "울산광역시", "shipbuilding-marine", "조선해양", ()),
        ("gyeongnam", "경상남도", "machinery", "기계설비", ()),
        ("chungnam", "충청남도", "display", "디스플레이", ("asan", "cheonan")),
    ]
    chungnam = release.projects[-1]
    assert chungnam.hub_texts == ("아산시", "천안시")
    assert chungnam.unresolved_hubs == ()
    assert [(p.span.line, p.plan_span.line) for p in release.projects] == [
        (34, 36),
        (38, 40),
        (42, 44),
        (46, 48),
        (50, 52),
    ]


def test_budgets_are_approximate_and_sum_to_848_eok(release: Release) -> None:
    budgets = [(p.budget.value, p.budget.approximate, p.budget.unit, p.budget.text) for p in release.projects]
    assert budgets == [
        (Decimal(14000000000), True, "원", "약 140억원"),
        (Decimal(12400000000), True, "원", "약 124억원"),
        (Decimal(19400000000), True, "원", "약 194억원"),
        (Decimal(20000000000), True, "원", "약 200억원"),
        (Decimal(19000000000), True, "원", "약 190억원"),
    ]
    assert sum(p.budget.value for p in release.projects) == Decimal(84800000000)
    assert release.projects[0].budget_span.text == "총사업비 약 140억원을 투입"
    assert release.projects[-1].budget_span.text == "총사업비 약 190억원 투입"


def test_22_targets_with_indicator_value_unit_wording(release: Release) -> None:
    for project in release.projects:
        got = [(t.indicator, t.amount.value, t.amount.unit, t.wording) for t in project.targets]
        expected = [(key, Decimal(v), unit, wording) for key, v, unit, wording in EXPECTED_TARGETS[project.region]]
        assert got == expected, project.region
        assert all(t.amount.approximate is False for t in project.targets)
    assert sum(len(p.targets) for p in release.projects) == 22


def test_jobs_created_sum_to_4366(release: Release) -> None:
    jobs = [t.amount.value for p in release.projects for t in p.targets if t.indicator == "jobs-created"]
    assert sum(jobs) == Decimal(4366)


def test_target_phrases_are_the_clauses_as_written(release: Release) -> None:
    incheon = release.projects[0].targets
    assert incheon[0].phrase == "소프트웨어 플랫폼을 구축(정보제공·플랫폼 활용기업 수 37개사)"
    assert incheon[0].amount.text == "37개사"
    assert release.projects[2].targets[1].phrase == "소프트웨어 융합신서비스 50건 발굴"
    assert release.projects[4].targets[3].phrase == "종사자수 5,000명 증가"
    assert all(t.span.text == t.phrase for p in release.projects for t in p.targets)


def test_tracks(release: Release) -> None:
    assert [(t.key, t.name, t.span.line) for t in release.tracks] == [
        ("platform-commercialization", "플랫폼 사업화 분야", 27),
        ("specialized-industry", "특화산업 강화 분야", 30),
    ]
    assert release.tracks[1].description.startswith("특화산업 강화 분야는 소프트웨어 융합클러스터 미조성 지역을")


def test_national_budget_with_period(release: Release) -> None:
    national = release.national_budget
    assert national is not None
    assert national.amount.value == Decimal(59000000000)
    assert national.amount.approximate is True
    assert national.amount.unit == "원"
    assert national.period is not None
    assert (national.period.start_year, national.period.end_year) == (2019, 2023)
    assert national.period.text == "‘19년부터 ’23년까지"
    assert national.span.line == 54


def test_quote(release: Release) -> None:
    (quote,) = release.quotes
    assert (quote.speaker.name, quote.speaker.post) == ("노경원", "소프트웨어정책관")
    assert quote.text == (
        "소프트웨어 융합클러스터 2.0 사업을 통해 지역에 소프트웨어 융합 생태계를 조성하여 지역이 "
        "4차 산업혁명을 주도하고 앞장설 수 있도록 적극 지원하겠다."
    )
    assert quote.span.line == 56


def test_every_span_is_the_file_text_at_its_offsets(release: Release, file_text: str) -> None:
    spans = list(spans_in(release))
    assert len(spans) >= 40
    lines = file_text.split("\n")
    for span in spans:
        assert file_text[span.start : span.end] == span.text
        assert span.text in lines[span.line - 1]


def test_page_chrome_yields_nothing(release: Release) -> None:
    assert {span.line for span in spans_in(release)} <= set(ARTICLE_LINES)
    values = {t.amount.value for p in release.projects for t in p.targets} | {p.budget.value for p in release.projects}
    assert Decimal(150000000) not in values  # "관악, 1억 5000만원 들여 …" (line 78)
    assert release.year != 2024 and release.national_budget is not None
    assert 2024 not in (release.national_budget.period.start_year, release.national_budget.period.end_year)
    assert all(u.line in ARTICLE_LINES for u in release.unread)


def test_nothing_unread_and_narrative_kept(release: Release) -> None:
    assert release.unread == ()
    assert [s.line for s in release.narrative] == [25, 32]


def test_release_to_json_is_json_with_spans_and_string_decimals(release: Release, file_text: str) -> None:
    data = json.loads(json.dumps(release_to_json(release), ensure_ascii=False))
    assert data["date"] == "2019-04-23"
    assert data["projects"][0]["budget"] == {
        "value": "14000000000",
        "unit": "원",
        "approximate": True,
        "text": "약 140억원",
    }
    target = data["projects"][4]["targets"][3]
    assert (target["indicator"], target["amount"]["value"], target["wording"]) == (
        "employee-increase",
        "5000",
        "종사자수 증가",
    )
    span = target["span"]
    assert file_text[span["start"] : span["end"]] == span["text"] == "종사자수 5,000명 증가"
    assert data["unread"] == []
    assert data["call"]["selected_regions"] == ["incheon", "busan", "ulsan", "gyeongnam", "chungnam"]
