"""The seed rewritten in other wordings of the genre: the same facts must come out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from kgbuild.extract import extract_release
from kgbuild.extract.records import Release
from kgbuild.paths import SOURCES_DIR

SEED = SOURCES_DIR / "2019-04-23-msit-sw-convergence-cluster-2.0.txt"

REWRITES = [
    ("(장관 유영민, 이하 ‘과기정통부’)는 4월 23일,", "(유영민 장관)는 4월 23일"),
    (
        "광역지자체(서울 제외)를 대상으로 공모·심사를 거쳐 인천, 부산, 울산, 경남, 충남 등 총 5개 지역을 "
        "최종 선정하였다.",
        "서울을 제외한 16개 광역지자체를 대상으로 공모와 심사 과정을 거쳐 인천광역시, 부산광역시, 울산광역시, "
        "경상남도, 충청남도 5곳이 최종 선정됐다.",
    ),
    ("ㅇ 경상남도는 기계설비", "□ (경남) 경남도는 기계설비"),
    ("사업계획 : 총사업비 약 200억원을 투입,", " - 사업계획: 총사업비 약 200억원을 투입,"),
    ("발굴 및 육성 등의 목표 제시", "발굴 및 육성 등의 목표를 제시하였다."),
    ("고용창출 2,000명", "고용창출 약 2천명"),
    ("상용화율 95%", "상용화율 95% 이상"),
    ("‘19년부터 ’23년까지 약 590억원 규모의 국비를", "2019~2023년 국비 약 590억원을"),
    (
        "ㅇ 노경원 소프트웨어정책관은 “소프트웨어",
        "“소프트웨어",
    ),
    ("적극 지원하겠다.”고 밝혔다.", "적극 지원하겠다.”라고 과기정통부 노경원 소프트웨어정책관은 말했다."),
]


def rewritten() -> str:
    text = SEED.read_text(encoding="utf-8")
    for old, new in REWRITES:
        assert old in text, old
        text = text.replace(old, new)
    return text


def read() -> tuple[str, Release]:
    text = rewritten()
    return text, extract_release(Path("sources/variant.txt"), text=text)


def test_rewritten_lead_and_call() -> None:
    _, release = read()
    assert release.ministry.short == "과기정통부"  # from sources/ministries.csv, the lead no longer says it
    assert release.ministry.minister is not None and release.ministry.minister.name == "유영민"
    call = release.call
    assert (call.eligible, call.eligible_count, call.excluded_regions, call.method) == (
        "광역지자체",
        16,
        ("seoul",),
        "공모와 심사",
    )
    assert call.selected == 5
    assert call.selected_regions == ("incheon", "busan", "ulsan", "gyeongnam", "chungnam")


def test_rewritten_projects_keep_their_facts() -> None:
    _, release = read()
    assert [p.region for p in release.projects] == ["incheon", "busan", "ulsan", "gyeongnam", "chungnam"]
    gyeongnam = release.projects[3]
    assert gyeongnam.region_text == "경남도"
    assert [t.indicator for t in gyeongnam.targets] == [
        "jobs-created",
        "new-services",
        "people-trained",
        "companies-converted",
        "companies-grown",
    ]
    assert gyeongnam.targets[-1].phrase == "소프트웨어 융합강소기업 20개사 발굴 및 육성"
    jobs = release.projects[0].targets[2]
    assert (jobs.amount.value, jobs.amount.approximate, jobs.amount.text) == (Decimal(2000), True, "약 2천명")
    rate = release.projects[2].targets[2]
    # "95% 이상" is a lower bound, not an approximation
    assert (rate.indicator, rate.amount.value, rate.amount.approximate) == (
        "commercialization-rate",
        Decimal(95),
        False,
    )
    assert sum(len(p.targets) for p in release.projects) == 22


def test_rewritten_national_budget_and_quote() -> None:
    text, release = read()
    national = release.national_budget
    assert national is not None and national.period is not None
    assert (national.amount.value, national.amount.approximate) == (Decimal(59000000000), True)
    assert (national.period.start_year, national.period.end_year) == (2019, 2023)
    (quote,) = release.quotes
    assert (quote.speaker.name, quote.speaker.post) == ("노경원", "소프트웨어정책관")
    assert quote.text.startswith("소프트웨어 융합클러스터 2.0 사업을 통해")
    assert release.unread == ()
    assert text[quote.span.start : quote.span.end] == quote.span.text


def seed_with(old: str, new: str) -> Release:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    return extract_release(Path("sources/variant.txt"), text=text.replace(old, new))


def test_call_disagreeing_with_the_paragraphs_is_reported() -> None:
    release = seed_with("경남, 충남 등 총 5개 지역을", "경남, 충남, 전남 등 총 6개 지역을")
    assert release.call.selected == 6
    assert [(u.line, u.reason) for u in release.unread] == [
        (
            23,
            "selected regions ('incheon', 'busan', 'ulsan', 'gyeongnam', 'chungnam', 'jeonnam') differ from the "
            "regional paragraphs ('incheon', 'busan', 'ulsan', 'gyeongnam', 'chungnam')",
        ),
        (23, "6 regions selected but 5 regional paragraphs"),
    ]


def test_stray_figure_in_a_narrative_sentence_is_reported_not_dropped() -> None:
    release = seed_with("개편하기 위한 사업이다.", "개편하기 위해 2024년까지 3곳을 추가하는 사업이다.")
    (unread,) = release.unread
    assert unread.line == 25
    assert unread.reason == "figures that no fact accounts for: 2024년까지, 3곳을"
    assert 25 not in [s.line for s in release.narrative]


def test_unknown_industry_and_unknown_indicator_are_kept_as_written() -> None:
    release = seed_with("상용화율 40%, 고용창출 2,000명", "기술이전 40건, 고용창출 2,000명")
    target = release.projects[0].targets[1]
    assert (target.indicator, target.wording, target.amount.value, target.amount.unit) == (None, "기술이전", 40, "건")
    drone = seed_with("바이오정보 서비스의 라이프로그를 중심으로", "드론 산업을 중심으로")
    assert (drone.projects[0].industry, drone.projects[0].industry_text) == (None, "드론")


def test_sentence_about_a_region_not_selected_is_not_a_project() -> None:
    release = seed_with(
        "이번에 선정된 5개 광역지자체는", "서울특별시는 이번 공모 대상에서 제외되었다. 이번에 선정된 5개 광역지자체는"
    )
    assert [p.region for p in release.projects] == ["incheon", "busan", "ulsan", "gyeongnam", "chungnam"]
    assert [s.text for s in release.narrative if s.line == 32] == [
        "서울특별시는 이번 공모 대상에서 제외되었다.",
        "이번에 선정된 5개 광역지자체는 지역 핵심 산업 관련 SW 플랫폼을 통한 지역 핵심 산업의 비즈니스 영역 확장 및 "
        "지역 여건과 특화 산업에 최적화된 사업을 추진해나갈 계획이다.",
    ]
    assert release.unread == ()
