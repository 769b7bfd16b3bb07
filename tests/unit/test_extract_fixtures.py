"""Hand-written releases of the genre (tests/fixtures/releases/): other regions, numbers and wordings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kgbuild.extract import extract_release
from kgbuild.extract.records import Release
from kgbuild.extract.release import spans_in
from kgbuild.paths import PROJECT_ROOT
from tests.unit.release_checks import check_projects, check_quotes, check_unread

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "releases"
D = Decimal

EXPECTED: dict[str, dict[str, Any]] = {
    "2020-05-12-msit-sw-convergence-cluster-gangwon-chungbuk": {
        "dates": (date(2020, 5, 12), date(2020, 5, 12), 2020),
        "minister": ("최기영", "장관"),
        "call": ("광역지자체", ("seoul",), "서면 및 발표평가", 7, 2, ("gangwon", "chungbuk")),
        "tracks": (),
        "projects": [
            {
                "region": ("gangwon", "강원도"),
                "industry": ("healthcare", "스마트 헬스케어"),
                "hubs": (("wonju", "chuncheon"), ("원주시", "춘천시"), ()),
                "budget": (D(9550000000), True, "약 95억 5천만원"),
                "targets": [
                    ("people-trained", D(12000), "명", False, "인력양성", "1만 2천명"),
                    ("new-services", D(30), "건", False, "헬스케어 신서비스 발굴", "30건"),
                    ("patents", D(30), "건", False, "특허출원", "30건"),
                    (None, D(15), "건", False, "기술이전", "15건"),
                ],
            },
            {
                "region": ("chungbuk", "충청북도"),
                "industry": ("healthcare", "정밀의료"),
                "hubs": (("cheongju", "chungju"), ("청주시", "충주시"), ()),
                "budget": (D(1230000000), False, "12억 3천만원"),
                "targets": [
                    ("companies-grown", D(10), "개사", False, "스타기업 발굴·육성", "10개사"),
                    ("revenue", D(10000000000), "원", False, "매출", "100억원"),
                    ("jobs-created", D(250), "명", True, "일자리 창출", "약 250명"),
                    ("commercialization-rate", D("35.5"), "%", False, "상용화율", "35.5%"),
                ],
            },
        ],
        "national": (D(15000000000), True, (2020, 2024)),
        "quotes": [
            (
                "송경희",
                "소프트웨어정책관",
                "지역의 특화산업과 소프트웨어가 만나 새로운 일자리를 만들 수 있도록 지원하겠다.",
            )
        ],
        "unread": [],
    },
    "2021-03-30-msit-sw-convergence-cluster-jeonbuk-sejong-daegu": {
        "dates": (date(2021, 3, 30), date(2021, 3, 30), 2021),
        "minister": ("최기영", "장관"),
        "call": ("광역지자체", ("seoul", "gyeonggi"), "공모·심사", 12, 3, ("jeonbuk", "sejong", "daegu")),
        "tracks": ("platform-commercialization", "specialized-industry"),
        "projects": [
            {
                "region": ("jeonbuk", "전라북도"),
                "industry": ("agriculture", "농생명"),
                "hubs": (("jeonju",), ("전주시",), ()),
                "budget": (D(120000000000), True, "약 1,200억원"),
                "targets": [
                    ("new-services", D(40), "건", False, "신서비스 창출", "40건"),
                    ("people-trained", D(2000), "명", False, "전문인력 양성", "2,000명"),
                    ("revenue", D(5000000000), "원", False, "매출액 달성", "50억원"),
                ],
            },
            {
                "region": ("sejong", "세종특별자치시"),
                "industry": ("automotive", "자율주행 자동차"),
                "hubs": ((), (), ()),
                "budget": (D(8000000000), True, "약 80억원"),
                "targets": [
                    ("jobs-created", D(1500), "명", True, "고용창출", "약 1,500명"),
                    ("global-expansion-support", D(20), "개사", False, "해외진출 지원", "20개사"),
                    (None, D(120), "종", False, "데이터셋 구축", "120종"),
                ],
            },
            {
                "region": ("daegu", "대구광역시"),
                "industry": ("machinery", "기계"),
                "hubs": ((), (), ()),
                "budget": (D(9000000000), True, "약 90억원"),
                "targets": [
                    ("platform-companies", D(45), "개사", False, "정보제공·플랫폼 활용기업 수", "45개사"),
                    ("sales-growth-rate", D(15), "%", False, "매출증가율", "15%"),
                    ("employee-increase", D(300), "명", False, "종사자수 증가", "300명"),
                    ("market-development", D(60), "건", False, "판로개척", "60건"),
                ],
            },
        ],
        "national": (D(30000000000), True, (2021, 2025)),
        "quotes": [
            (
                "민원기",
                "제2차관",
                "지역 주도의 소프트웨어 융합 생태계가 자리 잡도록 하겠다. 선정된 지역의 성과를 적극 확산하겠다.",
            )
        ],
        "unread": [],
    },
    "2023-06-20-msit-sw-convergence-cluster-gwangju-gyeongbuk": {
        "dates": (date(2023, 6, 20), date(2023, 6, 20), 2023),
        "minister": ("이종호", "장관"),
        "call": ("광역지자체", ("seoul",), "공모·심사", 9, 2, ("gwangju", "gyeongbuk")),
        "tracks": (),
        "projects": [
            {
                "region": ("gwangju", "광주광역시"),
                "industry": ("automotive", "자동차"),
                "hubs": ((), (), ()),
                "budget": (D(14000000000), True, "약 140억원"),
                "targets": [("jobs-created", D(200), "명", False, "고용창출", "200명")],
            },
            {
                "region": ("gyeongbuk", "경상북도"),
                "industry": (None, "드론"),
                "hubs": (("pohang", "gumi"), ("포항시", "구미시"), ()),
                "budget": (D(6000000000), True, "약 60억원"),
                "targets": [
                    ("companies-grown", D(15), "개사", False, "강소기업 발굴 및 육성", "15개사"),
                    ("companies-supported", D(100), "개사", False, "기업 지원", "100개사"),
                ],
            },
        ],
        "national": (D(20000000000), True, (2023, 2027)),
        "quotes": [("노경원", "소프트웨어정책관", "광주와 경북이 소프트웨어 융합의 거점이 되도록 지원하겠다.")],
        "unread": [
            (16, "이번 사업에는 총 48개 기업이 컨소시엄으로 참여한다.", "48개"),
            (20, "광주광역시는 2026년까지 인공지능 기반 자동차 부품 산업의 고도화를 추진할 계획이다.", "2026년까지"),
            (22, "총사업비 약 140억원(국비 70억원, 지방비 70억원)을 투입", "share read: 국비 '70억원'"),
            (22, "총사업비 약 140억원(국비 70억원, 지방비 70억원)을 투입", "share read: 지방비 '70억원'"),
            (22, "고용창출 200명(청년 50명 포함)", "'50명'"),
            (22, "데이터 100TB 구축", "without a known unit"),
            (22, "지역 혁신 생태계 조성", "without a figure"),
            (30, "관계자는 “선정된 지역의 성과를 지켜보겠다.”고 말했다.", "speaker"),
        ],
    },
    "2024-03-15-msit-sw-convergence-cluster-gangwon-jeonbuk-jeju": {
        "dates": (date(2024, 3, 15), date(2024, 3, 14), 2024),
        "minister": ("이종호", "장관"),
        "call": ("광역지자체", ("seoul", "gyeonggi"), "서면·발표 평가", 6, 3, ("gangwon", "jeonbuk", "jeju")),
        "tracks": (),
        "projects": [
            {
                "region": ("gangwon", "강원특별자치도"),
                "industry": ("tourism", "스마트 관광"),
                "hubs": (("chuncheon",), ("춘천시",), ()),
                "budget": (D(11000000000), True, "약 110억원"),
                "targets": [
                    ("new-services", D(25), "건", False, "신서비스 발굴 및 개발", "25건"),
                    ("jobs-created", D(300), "명", False, "고용창출", "300명"),
                    (None, D(25000000), "원", False, "투자유치", "2천5백만원"),
                ],
            },
            {
                "region": ("jeonbuk", "전북특별자치도"),
                "industry": (None, "탄소소재"),
                "hubs": (("jeonju",), ("전주시",), ()),
                "budget": (D(10000000000), True, "약 100억원"),
                "targets": [
                    ("companies-converted", D(30), "개사", False, "소프트웨어 융합기업으로 전환", "30개사"),
                    ("sales-growth-rate", D(10), "%", True, "매출증가율", "약 10%"),
                    ("patents", D(20), "건", False, "특허 출원", "20건"),
                ],
            },
            {
                "region": ("jeju", "제주특별자치도"),
                "industry": ("energy", "신재생 에너지"),
                "hubs": ((), (), ()),
                "budget": (D(10500000000), False, "105억 원"),
                "targets": [
                    ("global-expansion-support", D(12), "개사", False, "글로벌 진출지원", "12개사"),
                    ("jobs-created", D(12500), "명", False, "일자리 창출", "1만 2,500명 이상"),  # 이상: a bound
                    ("revenue", D(1500000000000), "원", False, "매출액 달성", "1.5조원"),
                ],
            },
        ],
        "national": (D(27000000000), True, (2024, 2028)),
        "quotes": [("송상훈", "정보통신정책실장", "특별자치도가 소프트웨어 융합의 새로운 거점이 되기를 기대한다.")],
        "unread": [],
    },
}


@pytest.fixture(params=sorted(EXPECTED), ids=str)
def case(request: pytest.FixtureRequest) -> tuple[Path, Release, dict[str, Any]]:
    """One fixture release, extracted afresh, with what it must say."""
    path = FIXTURES / f"{request.param}.txt"
    return path, extract_release(path), EXPECTED[request.param]


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.txt")) == sorted(EXPECTED)


def test_dates_ministry_and_program(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    assert (release.date, release.announced, release.year) == expected["dates"]
    assert release.program == "소프트웨어 융합클러스터 2.0"
    assert release.program_key == "sw-convergence-cluster-2.0"
    assert (release.ministry.name, release.ministry.short, release.ministry.key) == (
        "과학기술정보통신부",
        "과기정통부",
        "msit",
    )
    assert release.ministry.minister is not None
    assert (release.ministry.minister.name, release.ministry.minister.post) == expected["minister"]


def test_call(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    c = release.call
    assert (c.eligible, c.excluded_regions, c.method, c.applicants, c.selected, c.selected_regions) == expected["call"]


def test_projects(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    check_projects(release, expected["projects"])


def test_tracks_national_budget_and_quotes(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    assert tuple(t.key for t in release.tracks) == expected["tracks"]
    national = release.national_budget
    assert national is not None and national.period is not None
    value, approximate, years = expected["national"]
    assert (national.amount.value, national.amount.approximate) == (value, approximate)
    assert (national.period.start_year, national.period.end_year) == years
    check_quotes(release, expected["quotes"])


def test_unread_is_reported_with_line_text_and_reason(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    check_unread(release, expected["unread"])


def test_spans_are_file_text_and_chrome_yields_nothing(case: tuple[Path, Release, dict[str, Any]]) -> None:
    path, release, _ = case
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    date_line = next(n for n, line in enumerate(lines, 1) if line.strip().startswith(str(release.date.year)))
    assert release.title_span is not None
    for span in spans_in(release):
        assert text[span.start : span.end] == span.text
        assert release.title_span.line <= span.line < date_line
