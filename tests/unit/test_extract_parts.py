"""The pieces of the extractor: chrome, sentences and clauses, vocabulary, lead, call, quotes, projects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kgbuild.extract.call import read_call_parts, read_method
from kgbuild.extract.chrome import find_article, is_chrome, split_lines
from kgbuild.extract.lead import read_announced, read_ministry, read_program
from kgbuild.extract.program import read_national_budget, read_period, read_track
from kgbuild.extract.projects import match_paragraph, read_hubs, read_industry, read_plan
from kgbuild.extract.quotes import read_quote, read_speaker
from kgbuild.extract.records import Span
from kgbuild.extract.sentences import span_of_line, split_clauses, split_sentences
from kgbuild.extract.vocabulary import find_program, match_indicator, match_track, normalise_wording
from kgbuild.gazetteer import load_gazetteer

MINISTRIES = frozenset({"과학기술정보통신부", "과기정통부"})


def span(text: str, line: int = 1, start: int = 0) -> Span:
    return Span(line, start, start + len(text), text)


def test_lines_keep_file_offsets_with_crlf() -> None:
    text = "첫째 줄\r\n둘째 줄\n"
    lines = split_lines(text)
    assert [(line.number, line.text) for line in lines] == [(1, "첫째 줄"), (2, "둘째 줄"), (3, "")]
    assert text[lines[1].start : lines[1].start + len(lines[1].text)] == "둘째 줄"


@pytest.mark.parametrize(
    "line",
    ["폰트 확대 폰트 축소 프린트하기", "페이스북 트위터 카카오스토리 밴드 블로그", "자료 제공 : 정책브리핑 korea.kr"],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


def test_article_is_found_between_title_and_date_line() -> None:
    lead = "과학기술정보통신부(장관 유영민)는 4월 23일, 발표했다."
    page = "\n".join(["다른 기사 2024년 1억원", "", "제목", "- 부제", lead, "본문", "2019.04.23", "뒤 2025년"])
    article = find_article(page, path="x.txt")
    assert (article.title.number, article.title.text) == (3, "제목")
    assert [s.text for s in article.subtitles] == ["- 부제"]
    assert [line.number for line in article.body] == [5, 6]
    assert article.date == date(2019, 4, 23)


def test_span_of_line_drops_the_bullet() -> None:
    text = "xx\n ㅇ 인천광역시는 계획이다.\n"
    line = split_lines(text)[1]
    s = span_of_line(line)
    assert s.text == "인천광역시는 계획이다." and text[s.start : s.end] == s.text


def test_sentences_split_after_da_outside_quotes() -> None:
    s = span("첫 문장이다. 그는 “좋다. 정말이다.”고 밝혔다. 끝이다.", start=10)
    parts = split_sentences(s)
    assert [p.text for p in parts] == ["첫 문장이다.", "그는 “좋다. 정말이다.”고 밝혔다.", "끝이다."]
    assert parts[1].start == 10 + s.text.index("그는")


def test_clauses_split_at_top_level_commas_only() -> None:
    s = span("총사업비 약 140억원을 투입, 플랫폼 구축(정보제공·플랫폼 활용기업 수 37개사, 90건), 고용창출 2,000명")
    assert [c.text for c in split_clauses(s)] == [
        "총사업비 약 140억원을 투입",
        "플랫폼 구축(정보제공·플랫폼 활용기업 수 37개사, 90건)",
        "고용창출 2,000명",
    ]


@pytest.mark.parametrize(
    ("wording", "unit", "key"),
    [
        ("고용창출", "명", "jobs-created"),
        ("일자리 창출", "명", "jobs-created"),
        ("상용화율", "%", "commercialization-rate"),
        ("인력양성", "명", "people-trained"),
        ("전문인력 양성", "명", "people-trained"),
        ("신서비스 발굴 및 개발", "건", "new-services"),
        ("소프트웨어 융합신서비스 발굴", "건", "new-services"),
        ("신서비스 창출", "건", "new-services"),
        ("정보제공·플랫폼 활용기업 수", "개사", "platform-companies"),
        ("글로벌 진출지원", "개사", "global-expansion-support"),
        ("해외진출 지원", "개사", "global-expansion-support"),
        ("맞춤형 해외 비즈니스 지원", "건", "overseas-business-support"),
        ("판로개척", "건", "market-development"),
        ("소프트웨어 융합기업으로 전환", "개사", "companies-converted"),
        ("강소기업 발굴 및 육성", "개사", "companies-grown"),
        ("소프트웨어 융합강소기업 발굴 및 육성", "개사", "companies-grown"),
        ("스타기업 발굴·육성", "개사", "companies-grown"),
        ("소프트웨어 융합기업 매출증가율", "%", "sales-growth-rate"),
        ("종사자수 증가", "명", "employee-increase"),
        ("매출", "원", "revenue"),
        ("매출액 달성", "원", "revenue"),
        ("기업 지원", "개사", "companies-supported"),
        ("특허 출원", "건", "patents"),
        ("특허출원", "건", "patents"),
    ],
)
def test_indicator_wordings(wording: str, unit: str, key: str) -> None:
    assert match_indicator(wording, unit) == key


@pytest.mark.parametrize(
    ("wording", "unit"), [("기술이전", "건"), ("투자유치", "원"), ("매출", "%"), ("상용화율", "건"), ("", "명")]
)
def test_unknown_or_misfit_wordings_have_no_indicator(wording: str, unit: str) -> None:
    assert match_indicator(wording, unit) is None


def test_wordings_are_normalised_without_spaces_and_dots() -> None:
    assert normalise_wording("글로벌 진출·지원 (해외)") == "글로벌진출지원해외"


def test_tracks_and_programs() -> None:
    assert match_track("플랫폼 사업화 분야") == "platform-commercialization"
    assert match_track("특화산업 강화 분야") == "specialized-industry"
    assert match_track("글로벌 진출 분야") is None
    assert find_program("SW융합클러스터 2.0") is not None
    assert find_program("소프트웨어융합클러스터2.0") is not None
    track = read_track(span("글로벌 진출 분야는 해외 진출을 지원한다."))
    assert track is not None and (track.key, track.name) == ("글로벌진출", "글로벌 진출 분야")


@pytest.mark.parametrize(
    ("text", "key", "written"),
    [
        ("인천광역시는 바이오정보 서비스의 라이프로그를 중심으로", "bio-information-services", "바이오정보 서비스"),
        ("부산광역시는 스마트 물류서비스 선도도시로서", "smart-logistics", "스마트 물류서비스"),
        ("울산광역시는 지역 주력 산업인 조선해양 산업을", "shipbuilding-marine", "조선해양"),
        ("충청남도는 아산시와 천안시를 핵심거점으로 소프트웨어 융합 디스플레이 클러스터", "display", "디스플레이"),
        ("전라남도는 지역 주력 산업인 수소 산업을 육성할", None, "수소"),
    ],
)
def test_industries(text: str, key: str | None, written: str) -> None:
    assert read_industry(text) == (key, written)


@pytest.mark.parametrize(
    ("text", "hubs", "written", "unknown"),
    [
        ("충청남도는 아산시와 천안시를 핵심거점으로", ("asan", "cheonan"), ("아산시", "천안시"), ()),
        ("충청남도는 아산·천안을 거점으로", ("asan", "cheonan"), ("아산", "천안"), ()),
        ("경상남도는 창원시, 김해시를 주요 거점으로", ("changwon", "gimhae"), ("창원시", "김해시"), ()),
        ("전라북도는 전주시를 중심 거점으로", ("jeonju",), ("전주시",), ()),
        ("대구는 SW진흥단지를 핵심 거점으로", (), (), ()),
        ("경상남도는 기계설비 산업에", (), (), ()),
    ],
)
def test_hubs(text: str, hubs: tuple[str, ...], written: tuple[str, ...], unknown: tuple[str, ...]) -> None:
    assert read_hubs(text, load_gazetteer()) == (hubs, written, unknown)


@pytest.mark.parametrize(
    ("text", "key", "written"),
    [
        ("인천광역시는 바이오정보", "incheon", "인천광역시"),
        ("경남은 기계설비", "gyeongnam", "경남"),
        ("(충남) 충청남도는 디스플레이", "chungnam", "충청남도"),
        ("강원특별자치도는 관광", "gangwon", "강원특별자치도"),
        ("세종특별자치시는 자율주행", "sejong", "세종특별자치시"),
    ],
)
def test_regional_paragraph_opens_with_a_sido(text: str, key: str, written: str) -> None:
    paragraph = match_paragraph(span(text), load_gazetteer())
    assert paragraph is not None and (paragraph.region.key, paragraph.region_text) == (key, written)


@pytest.mark.parametrize("text", ["이번에 선정된 5개 광역지자체는", "아산시는 거점이다", "인천광역시와 부산광역시는"])
def test_other_sentences_are_not_regional_paragraphs(text: str) -> None:
    assert match_paragraph(span(text), load_gazetteer()) is None


def test_plan_with_number_before_and_after_the_verb() -> None:
    plan = read_plan(
        span("사업계획 : 약 190억원 투입, 스타기업 10개사 발굴·육성, 종사자수 5,000명 증가 등의 목표 제시")
    )
    assert plan.budget is not None and plan.budget.amount.value == Decimal(19000000000)
    assert plan.budget_span is not None and plan.budget_span.text == "약 190억원 투입"
    assert [(t.indicator, t.wording, t.amount.value) for t in plan.targets] == [
        ("companies-grown", "스타기업 발굴·육성", Decimal(10)),
        ("employee-increase", "종사자수 증가", Decimal(5000)),
    ]
    assert plan.unread == []


def test_plan_splits_targets_joined_by_mit() -> None:
    plan = read_plan(span("사업계획 : 총사업비 50억원 투입, 고용창출 100명 및 인력양성 50명 등 목표 제시"))
    assert [(t.indicator, t.amount.value) for t in plan.targets] == [
        ("jobs-created", Decimal(100)),
        ("people-trained", Decimal(50)),
    ]
    assert read_plan(span("사업계획 : 총사업비 50억원 투입, 신서비스 발굴 및 개발 72건")).targets[0].wording == (
        "신서비스 발굴 및 개발"
    )


def test_lead_ministry_minister_and_short_form() -> None:
    lead = span(
        "과학기술정보통신부(장관 유영민, 이하 ‘과기정통부’)는 4월 23일, ‘2019년 소프트웨어 융합클러스터 2.0’ 사업"
    )
    ministry = read_ministry(lead)
    assert (ministry.name, ministry.short, ministry.key) == ("과학기술정보통신부", "과기정통부", "msit")
    assert ministry.minister is not None and (ministry.minister.name, ministry.minister.post) == ("유영민", "장관")
    other = read_ministry(span("산업통상자원부(성윤모 장관)는 5월 1일"))
    assert (other.short, other.key) == ("산업부", "motie")
    assert other.minister is not None and other.minister.name == "성윤모"
    unknown = read_ministry(span("가상자원부(장관 홍길동)는 5월 1일"))
    assert (unknown.name, unknown.short, unknown.key) == ("가상자원부", None, None)


def test_lead_program_and_round_year() -> None:
    program = read_program("… ‘2019년 소프트웨어 융합클러스터 2.0’ 사업 지원 지역을 확정하였다.")
    assert program is not None and (program.name, program.year) == ("소프트웨어 융합클러스터 2.0", 2019)
    outside = read_program("과학기술정보통신부(장관 임혜숙)는 2022년 'SW융합클러스터 2.0' 사업 지원 대상에")
    assert outside is not None and (outside.name, outside.year) == ("SW융합클러스터 2.0", 2022)
    no_year = read_program("(이하 ‘과기정통부’)는 ‘지역 혁신거점’ 사업 지역을")
    assert no_year is not None and (no_year.name, no_year.year) == ("지역 혁신거점", None)
    assert read_program("(이하 ‘과기정통부’)는 지역을 확정하였다.") is None


def test_lead_date_takes_the_year_of_the_page() -> None:
    lead = span("과기정통부는 12월 30일, 발표")
    assert read_announced(lead, date(2020, 1, 2)) == (date(2019, 12, 30), "12월 30일")
    assert read_announced(span("과기정통부는 4월 23일"), date(2019, 4, 23)) == (date(2019, 4, 23), "4월 23일")
    assert read_announced(span("과기정통부는 발표"), date(2019, 4, 23)) is None


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("광역지자체를 대상으로 공모·심사를 거쳐", "공모·심사"),
        ("대상으로 공모 및 심사를 거쳐", "공모 및 심사"),
        ("광역지자체를 대상으로 공모와 심사 과정을 거쳐", "공모와 심사"),
        ("총 6개 광역지자체가 신청하여 서면·발표 평가를 거쳐", "서면·발표 평가"),
        ("생태계 조성을 통해", None),
    ],
)
def test_selection_method(text: str, method: str | None) -> None:
    assert read_method(text) == method


def test_call_parts_of_the_seed_sentence() -> None:
    parts = read_call_parts(
        span(
            "이번 사업은 … 광역지자체(서울 제외)를 대상으로 공모·심사를 거쳐 인천, 부산, 울산, 경남, 충남 등 "
            "총 5개 지역을 최종 선정하였다."
        ),
        load_gazetteer(),
    )
    assert (parts.eligible, parts.excluded, parts.method, parts.applicants, parts.selected) == (
        "광역지자체",
        ("seoul",),
        "공모·심사",
        None,
        5,
    )
    assert parts.regions == ("incheon", "busan", "ulsan", "gyeongnam", "chungnam")


@pytest.mark.parametrize(
    ("text", "applicants", "selected", "regions", "excluded"),
    [
        (
            "총 9개 광역지자체가 신청하여 공모·심사를 거쳐 강원, 충북 등 2개 지역을 선정했다.",
            9,
            2,
            ("gangwon", "chungbuk"),
            (),
        ),
        ("12개 지자체가 응모한 가운데 대구와 제주 2곳이 선정됐다.", 12, 2, ("daegu", "jeju"), ()),
        (
            "서울을 제외한 광역지자체를 대상으로 공모와 심사 과정을 거쳐 5개 지역이 최종 선정됐다.",
            None,
            5,
            (),
            ("seoul",),
        ),
        ("과기정통부는 23일 인천·부산 등 2개 지역을 사업 지원 지역으로 선정했다.", None, 2, ("incheon", "busan"), ()),
    ],
)
def test_call_wordings(
    text: str, applicants: int | None, selected: int, regions: tuple[str, ...], excluded: tuple[str, ...]
) -> None:
    parts = read_call_parts(span(text), load_gazetteer())
    assert (parts.applicants, parts.selected, parts.regions, parts.excluded) == (
        applicants,
        selected,
        regions,
        excluded,
    )


@pytest.mark.parametrize(
    ("phrase", "name", "post"),
    [
        ("노경원 소프트웨어정책관은 ", "노경원", "소프트웨어정책관"),
        ("과기정통부 소프트웨어정책관 노경원은 ", "노경원", "소프트웨어정책관"),
        ("민원기 과학기술정보통신부 제2차관은 ", "민원기", "제2차관"),
        ("과기정통부 장관 유영민은 ", "유영민", "장관"),
        ("이날 허원석 과기정통부 SW정책관은 ", "허원석", "SW정책관"),
    ],
)
def test_speaker_with_post_before_or_after_the_name(phrase: str, name: str, post: str) -> None:
    speaker = read_speaker(phrase, MINISTRIES)
    assert speaker is not None and (speaker.name, speaker.post) == (name, post)


def test_quote_text_without_marks_and_unattributed_quotes() -> None:
    quote = read_quote(span("노경원 소프트웨어정책관은 “지원하겠다.”며 “노력하겠다.”고 밝혔다."), MINISTRIES)
    assert quote is not None and quote.text == "지원하겠다. 노력하겠다."
    straight = read_quote(span('허원석 과기정통부 소프트웨어정책관은 "지원하겠다"고 밝혔다.'), MINISTRIES)
    assert straight is not None and (straight.speaker.name, straight.text) == ("허원석", "지원하겠다")
    assert read_quote(span("관계자는 “지켜보겠다.”고 말했다."), MINISTRIES) is None
    assert read_quote(span("‘소프트웨어 융합클러스터 2.0’은 사업이다."), MINISTRIES) is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("‘19년부터 ’23년까지 약 590억원", (2019, 2023)),
        ("2019년부터 2023년까지", (2019, 2023)),
        ("'19년부터 '23년까지", (2019, 2023)),
        ("’19~’23년", (2019, 2023)),
        ("2022~2026년", (2022, 2026)),
        ("5년(‘20~’24년)간", (2020, 2024)),
        ("향후 5년간", (2021, 2025)),
    ],
)
def test_periods(text: str, years: tuple[int, int]) -> None:
    period = read_period(text, 2021)
    assert period is not None and (period.start_year, period.end_year) == years


def test_national_budget_prefers_the_amount_called_guk_bi() -> None:
    national = read_national_budget(
        span("2022년부터 2026년까지 5년 간 총 180억 원(국비 90억 원, 지방비 90억 원)이 지원될 계획이다."), 2022
    )
    assert national is not None and national.amount.value == Decimal(9000000000)
    assert national.period is not None and (national.period.start_year, national.period.end_year) == (2022, 2026)
    assert read_national_budget(span("국비 지원을 확대할 계획이다."), 2022) is None
