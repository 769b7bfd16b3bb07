"""Releases close to the seed (tests/fixtures/genre2/): MSIT program-selection releases of the software
convergence family as republished on news pages, with every fact a careful reader takes from them.

What varies against tests/fixtures/genre: leads "과기정통부(장관 ○○○)는" and "과학기술정보통신부(장관 ○○○)는"
without 이하, the date "4. 20.(화)" / "5. 7." or placed after the program, the call before the program name
("공모·심사를 거쳐 인천·부산 등 2개 지역을 ‘2023년 … 2.0’ … 지역으로 선정"); date lines "2025.05.13",
"입력 2021-04-20 10:30", "기사입력 2022.06.14", "2024.04.16 10:00"; selections "대구·광주·전남 등 3개 지역",
"경북, 전북, 제주 3곳", "대구광역시와 광주광역시 2개 시", "전라남도, 충청남도, 경상북도 등 3개 도"; paragraphs
"ㅇ (대구) 대구광역시는 …", "ㅇ (강원) 원주시 일원에 …", "ㅇ 경북은 …", "ㅇ 대구광역시의 경우 …"; budgets
"약 140억원(국비 70억, 지방비 70억)", "124억 원", "14,000백만원", "약 1,500백만원", "117억 5천만원"; targets
"2천명", "1백명", "1천2백명", "300명의 전문인력 양성", "신규 일자리 300개 창출", "매출 0.5조원 달성",
"투자유치 3억5천만원" (unknown indicator, wording kept), "상용화율 40% 이상" (exact), "800명 내외" (about),
"수출 5,000만 달러" (another currency: unread); national budgets "'20년부터 5년간 국비 총 …",
"2021년~2025년간 국비 약 …"; speakers "장석영 과기정통부 제2차관은", "과기정통부 이종호 장관은",
"최기영 과학기술정보통신부 장관은", a quote of two sentences, a quote continued by "이어 “…”고 덧붙였다", a
speaker after the quote; page chrome with region names and 억원 figures above and below the article.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from kgbuild.extract import extract_release
from kgbuild.extract.amounts import find_amounts
from kgbuild.extract.call import read_call_parts, read_method
from kgbuild.extract.chrome import find_article
from kgbuild.extract.lead import read_announced, read_ministry
from kgbuild.extract.program import read_period
from kgbuild.extract.projects import read_plan
from kgbuild.extract.quotes import read_quote
from kgbuild.extract.records import Person, Release, Span
from kgbuild.extract.release import spans_in
from kgbuild.gazetteer import load_gazetteer
from kgbuild.paths import PROJECT_ROOT
from tests.unit.release_checks import check_call, check_national_budget, check_projects, check_quotes, check_unread

GENRE2 = PROJECT_ROOT / "tests" / "fixtures" / "genre2"

# Per release: header (title, subtitle), dates (page date, announced, round year), program (as written, key),
# minister, call (eligible, eligible count, excluded, method, applicants, selected, selected regions), projects
# (region key and text, industry key and text, hubs (keys, as written, unresolved), budget (value, approximate,
# text), targets (indicator, value, unit, approximate, wording, text)), national budget (value, approximate, text,
# years), quotes (speaker, post, words), unread (line, text, reason).
EXPECTED: dict[str, dict[str, Any]] = {
    "2019-05-07-msit-sw-product-commercialization-daejeon-sejong": {
        "header": (
            "과기정통부, 대전·세종 SW융합 제품상용화 지원 지역 추가 선정",
            "추가 공모 결과, 대전·세종 2개 지역 선정",
        ),
        "dates": (date(2019, 5, 7), date(2019, 5, 7), 2019),
        "program": ("지역 SW융합 제품상용화 지원", None),
        "minister": ("유영민", "장관"),
        "call": ("광역지자체", None, (), "서면 및 발표 평가", 4, 2, ("daejeon", "sejong")),
        "projects": [
            {
                "region": ("daejeon", "대전광역시"),
                "industry": (None, "국방"),
                "hubs": (("yuseong",), ("유성구",), ()),
                "budget": (D("4500000000"), False, "4,500백만원"),
                "targets": [
                    ("companies-supported", D("20"), "개사", False, "국방 소프트웨어 기업 육성", "20개사"),
                    ("new-services", D("15"), "건", False, "신서비스 발굴", "15건"),
                    ("jobs-created", D("100"), "명", False, "고용창출", "1백명"),
                ],
            },
            {
                "region": ("sejong", "세종특별자치시"),
                "industry": ("automotive", "자율주행 자동차"),
                "hubs": ((), (), ()),
                "budget": (D("3800000000"), True, "약 38억 원"),
                "targets": [
                    ("new-services", D("12"), "건", False, "모빌리티 서비스 개발", "12건"),
                    ("people-trained", D("150"), "명", False, "인력양성", "150명"),
                    (None, D("500"), "종", False, "데이터 구축", "500종"),
                ],
            },
        ],
        "national": (D("8000000000"), True, "약 80억원", (2019, 2021)),
        "quotes": [
            ("노경원", "소프트웨어정책관", "대전과 세종이 소프트웨어 융합으로 지역 산업의 새로운 길을 열기를 기대한다")
        ],
        "unread": [],
    },
    "2021-04-20-msit-sw-convergence-new-industry-gyeongbuk-jeonbuk-jeju": {
        "header": (
            "과기정통부, 지역 SW융합 신산업 육성 지역에 경북·전북·제주 선정",
            "2021년~2025년간 국비 약 450억원 지원",
        ),
        "dates": (date(2021, 4, 20), date(2021, 4, 20), 2021),
        "program": ("지역 SW융합 신산업 육성", None),
        "minister": ("최기영", "장관"),
        "call": (
            "광역지자체",
            None,
            ("seoul", "incheon", "gyeonggi"),
            "공모·심사",
            7,
            3,
            ("gyeongbuk", "jeonbuk", "jeju"),
        ),
        "projects": [
            {
                "region": ("gyeongbuk", "경북"),
                "industry": (None, "철강"),
                "hubs": (("pohang", "gyeongju"), ("포항시", "경주시"), ()),
                "budget": (D("14000000000"), False, "14,000백만원"),
                "targets": [
                    ("people-trained", D("300"), "명", False, "전문인력 양성", "300명"),
                    ("new-services", D("40"), "건", False, "신서비스 개발", "40건"),
                    ("jobs-created", D("800"), "명", True, "고용창출", "800명 내외"),
                ],
            },
            {
                "region": ("jeonbuk", "전북"),
                "industry": ("agriculture", "농생명"),
                "hubs": (("wanju", "jeonju"), ("완주군", "전주시"), ()),
                "budget": (D("9500000000"), False, "9,500백만원"),
                "targets": [
                    ("global-expansion-support", D("20"), "개사", False, "글로벌 진출", "20개사"),
                    ("jobs-created", D("450"), "명", False, "고용창출", "450명"),
                    ("commercialization-rate", D("60"), "%", False, "상용화율", "60%"),
                ],
            },
            {
                "region": ("jeju", "제주"),
                "industry": ("tourism", "스마트 관광"),
                "hubs": (("seogwipo",), ("서귀포시",), ()),
                "budget": (D("8000000000"), True, "약 80억원"),
                "targets": [
                    ("new-services", D("25"), "건", False, "관광 서비스 개발", "25건"),
                    ("jobs-created", D("200"), "명", False, "고용창출", "200명"),
                    ("sales-growth-rate", D("15"), "%", False, "매출 증가율", "15%"),
                ],
            },
        ],
        "national": (D("45000000000"), True, "약 450억원", (2021, 2025)),
        "quotes": [
            (
                "장석영",
                "제2차관",
                "지역 SW융합 신산업 육성 사업은 지역 산업 혁신의 핵심 기반이다. "
                "선정된 지역이 가시적인 성과를 낼 수 있도록 적극 지원하겠다",
            )
        ],
        "unread": [],
    },
    "2022-06-14-msit-sw-convergence-cluster-daegu-gwangju": {
        "header": (
            "과기정통부, 대구·광주 소프트웨어 융합클러스터 고도화 지원",
            "2022년 소프트웨어 융합클러스터 2.0 선정 결과 발표 대구광역시와 광주광역시에 3년간 국비 120억원 지원",
        ),
        "dates": (date(2022, 6, 14), date(2022, 6, 14), 2022),
        "program": ("소프트웨어 융합클러스터 2.0", "sw-convergence-cluster-2.0"),
        "minister": ("이종호", "장관"),
        "call": ("광역지자체", None, ("seoul", "gyeonggi"), "서면 및 발표 평가", None, 2, ("daegu", "gwangju")),
        "projects": [
            {
                "region": ("daegu", "대구광역시"),
                "industry": ("healthcare", "의료기기"),
                "hubs": (("dalseo",), ("달서구",), ()),
                "budget": (D("7000000000"), True, "약 70억원"),
                "targets": [
                    ("revenue", D("500000000000"), "원", False, "매출 달성", "0.5조원"),
                    (None, D("350000000"), "원", False, "투자유치", "3억5천만원"),
                    ("companies-supported", D("15"), "개사", False, "의료 소프트웨어 기업 육성", "15개사"),
                ],
            },
            {
                "region": ("gwangju", "광주광역시"),
                "industry": ("automotive", "자동차"),
                "hubs": (("gwangsan",), ("광산구",), ()),
                "budget": (D("6000000000"), True, "약 60억원"),
                "targets": [
                    ("jobs-created", D("150"), "개", False, "신규 일자리 창출", "150개"),
                    ("patents", D("20"), "건", False, "특허 출원", "20건"),
                ],
            },
        ],
        "national": (D("12000000000"), False, "120억원", (2022, 2024)),
        "quotes": [
            ("이종호", "장관", "지역이 주도하는 소프트웨어 융합 생태계가 자리 잡도록 돕겠다"),
            ("이종호", "장관", "선정 지역의 성과가 다른 지역으로 확산되도록 하겠다"),
        ],
        "unread": [
            (19, "총사업비 약 60억원(국비 30억, 시비 30억)을 투입", "share read: 국비 '30억'"),
            (19, "총사업비 약 60억원(국비 30억, 시비 30억)을 투입", "share read: 시비 '30억'"),
        ],
    },
    "2023-05-02-msit-main-industry-sw-convergence-ulsan-chungbuk": {
        "header": (
            "과기정통부, 울산·충북에 주력산업 SW융합 지원 확대",
            "울산·충북 2곳 신규 선정, 5년간 국비 약 200억원 지원",
        ),
        "dates": (date(2023, 5, 2), date(2023, 4, 28), 2023),
        "program": ("지역 주력산업 SW융합 지원", None),
        "minister": ("이종호", "장관"),
        "call": (
            "광역지자체",
            14,
            ("seoul", "incheon", "gyeonggi"),
            "서면평가, 현장실사, 발표평가",
            6,
            2,
            ("ulsan", "chungbuk"),
        ),
        "projects": [
            {
                "region": ("ulsan", "울산"),
                "industry": ("shipbuilding-marine", "조선해양"),
                "hubs": ((), (), ()),
                "budget": (D("11750000000"), False, "117억 5천만원"),
                "targets": [
                    ("companies-grown", D("10"), "개사", False, "스타기업 육성", "10개사"),
                    ("employee-increase", D("1000"), "명", False, "종사자 수 증가", "1,000명"),
                    ("jobs-created", D("500"), "명", True, "고용창출", "약 500명"),
                ],
            },
            {
                "region": ("chungbuk", "충청북도"),
                "industry": (None, "이차전지"),
                "hubs": (("cheongju", "chungju"), ("청주시", "충주시"), ()),
                "budget": (D("9600000000"), True, "약 96억원"),
                "targets": [
                    ("new-services", D("30"), "건", False, "배터리 관리 신서비스 발굴", "30건"),
                    ("people-trained", D("400"), "명", False, "인력양성", "400명"),
                    ("sales-growth-rate", D("25"), "%", False, "매출증가율", "25%"),
                ],
            },
        ],
        "national": (D("20000000000"), True, "약 200억원", (2023, 2027)),
        "quotes": [
            (
                "이종호",
                "장관",
                "지역 주력 산업이 소프트웨어로 새로운 성장 동력을 찾을 것 지역과 함께 성과를 만들어 가겠다",
            )
        ],
        "unread": [
            (20, "스타기업(매출 100억원 이상) 10개사 육성", "second figure '100억원 이상' in the clause is not read")
        ],
    },
    "2023-11-07-msit-sw-convergence-cluster-upgrade-incheon-busan": {
        "header": (
            "과기정통부, 인천·부산 소프트웨어 융합클러스터 고도화 지원",
            "인천·부산 2개 지역 선정…'23년부터 '27년까지 국비 약 200억원",
        ),
        "dates": (date(2023, 11, 7), date(2023, 11, 7), 2023),
        "program": ("소프트웨어 융합클러스터 고도화", None),
        "minister": ("이종호", "장관"),
        "call": (None, None, (), "공모·심사", None, 2, ("incheon", "busan")),
        "projects": [
            {
                "region": ("incheon", "인천광역시"),
                "industry": ("healthcare", "헬스케어"),
                "hubs": ((), (), ()),
                "budget": (D("9850000000"), True, "약 98억 5천만원"),
                "targets": [
                    ("jobs-created", D("1200"), "명", False, "고용창출", "1천2백명"),
                    ("revenue", D("100000000000"), "원", False, "매출액 달성", "1,000억원"),
                    ("companies-supported", D("25"), "개사", False, "바이오 소프트웨어 기업 육성", "25개사"),
                ],
            },
            {
                "region": ("busan", "부산광역시"),
                "industry": ("smart-logistics", "스마트 물류"),
                "hubs": (("haeundae",), ("해운대구",), ()),
                "budget": (D("10200000000"), True, "약 102억원"),
                "targets": [
                    ("new-services", D("35"), "건", False, "물류 신서비스 발굴", "35건"),
                    ("overseas-business-support", D("30"), "건", False, "맞춤형 해외 비즈니스 지원", "30건"),
                    ("jobs-created", D("600"), "명", False, "고용창출", "600명"),
                ],
            },
        ],
        "national": (D("20000000000"), True, "약 200억원", (2023, 2027)),
        "quotes": [
            ("이종호", "장관", "소프트웨어 융합클러스터가 지역 혁신의 거점으로 자리매김하도록 지원을 아끼지 않겠다")
        ],
        "unread": [],
    },
    "2024-04-16-msit-sw-regional-innovation-cluster-gangwon-gyeongnam": {
        "header": ("과기정통부, 강원·경남에 SW융합 지역혁신 클러스터 조성", "2024년~2028년간 국비 약 300억원 지원"),
        "dates": (date(2024, 4, 16), date(2024, 4, 16), 2024),
        "program": ("SW융합 지역혁신 클러스터", None),
        "minister": ("이종호", "장관"),
        "call": ("시·도", None, ("seoul", "incheon", "gyeonggi"), "서면·발표 평가", 8, 2, ("gangwon", "gyeongnam")),
        "projects": [
            {
                "region": ("gangwon", "강원"),
                "industry": ("healthcare", "헬스케어"),
                "hubs": (("wonju",), ("원주시",), ()),
                "budget": (D("15000000000"), True, "약 150억원"),
                "targets": [
                    ("jobs-created", D("400"), "개", False, "신규 일자리 창출", "400개"),
                    ("commercialization-rate", D("50"), "%", False, "상용화율", "50% 이상"),
                ],
            },
            {
                "region": ("gyeongnam", "경남"),
                "industry": (None, "스마트 제조"),
                "hubs": (("changwon", "gimhae"), ("창원시", "김해시"), ()),
                "budget": (D("1500000000"), True, "약 1,500백만원"),
                "targets": [
                    ("revenue", D("30000000000"), "원", False, "제조 소프트웨어 기업 매출 달성", "300억원"),
                    ("people-trained", D("250"), "명", False, "전문인력 양성", "250명"),
                    ("market-development", D("60"), "건", False, "판로개척", "60건"),
                ],
            },
        ],
        "national": (D("30000000000"), True, "약 300억원", (2024, 2028)),
        "quotes": [
            ("박윤규", "제2차관", "SW융합 지역혁신 클러스터가 지역 산업의 체질을 바꾸는 계기가 되기를 기대한다")
        ],
        "unread": [
            (18, "총사업비 약 150억원(국비 75억, 도비 75억)을 투입", "share read: 국비 '75억'"),
            (18, "총사업비 약 150억원(국비 75억, 도비 75억)을 투입", "share read: 도비 '75억'"),
            (18, "수출 1억 달러", "amount in a currency other than won ('1억 달러'): the graph hol"),
        ],
    },
    "2024-09-03-msit-sw-convergence-cluster-3.0-jeonnam-chungnam-gyeongbuk": {
        "header": ("과기정통부, 전남·충남·경북에 소프트웨어 융합클러스터 조성", "3개 도 선정, 5년간 국비 450억원 투입"),
        "dates": (date(2024, 9, 3), date(2024, 9, 3), 2024),
        "program": ("소프트웨어 융합클러스터 3.0", None),
        "minister": ("유상임", "장관"),
        "call": ("광역지자체", None, ("seoul",), "공모·심사", 10, 3, ("jeonnam", "chungnam", "gyeongbuk")),
        "projects": [
            {
                "region": ("jeonnam", "전라남도"),
                "industry": (None, "철강"),
                "hubs": (("gwangyang",), ("광양시",), ()),
                "budget": (D("14000000000"), True, "약 140억원"),
                "targets": [
                    ("new-services", D("40"), "건", False, "스마트 공정 신서비스 발굴", "40건"),
                    ("jobs-created", D("700"), "명", False, "고용창출", "700명"),
                    (None, D("10"), "회", False, "시범 서비스 운영", "10회"),
                ],
            },
            {
                "region": ("chungnam", "충청남도"),
                "industry": ("display", "디스플레이"),
                "hubs": (("asan", "cheonan"), ("아산시", "천안시"), ()),
                "budget": (D("14500000000"), True, "약 145억원"),
                "targets": [
                    ("companies-grown", D("12"), "개사", False, "스타기업 발굴·육성", "12개사"),
                    ("sales-growth-rate", D("20"), "%", False, "매출 증가율", "20%"),
                    ("employee-increase", D("800"), "명", False, "종사자수 증가", "800명"),
                ],
            },
            {
                "region": ("gyeongbuk", "경상북도"),
                "industry": (None, "전자"),
                "hubs": (("gumi", "gimcheon"), ("구미시", "김천시"), ()),
                "budget": (D("16500000000"), True, "약 165억원"),
                "targets": [
                    ("people-trained", D("500"), "명", False, "전문인력 양성", "500명"),
                    ("jobs-created", D("350"), "개", False, "신규 일자리 창출", "350개"),
                ],
            },
        ],
        "national": (D("45000000000"), False, "450억원", (2024, 2028)),
        "quotes": [("유상임", "장관", "세 지역이 소프트웨어 융합으로 지역 경제의 활력을 되찾기를 바란다")],
        "unread": [(26, "수출 2,000만 달러", "amount in a currency other than won ('2,000만 달러'): the graph")],
    },
    "2025-05-13-msit-sw-convergence-cluster-daegu-gwangju-jeonnam": {
        "header": (
            "과기정통부, 대구·광주·전남에 소프트웨어 융합클러스터 조성",
            "2025년 소프트웨어 융합클러스터 2.0 신규 지역 3곳 선정…5년간 국비 450억원 투입",
        ),
        "dates": (date(2025, 5, 13), date(2025, 5, 13), 2025),
        "program": ("소프트웨어 융합클러스터 2.0", "sw-convergence-cluster-2.0"),
        "minister": ("유상임", "장관"),
        "call": ("광역지자체", None, ("seoul",), "서면평가와 발표평가", 9, 3, ("daegu", "gwangju", "jeonnam")),
        "projects": [
            {
                "region": ("daegu", "대구광역시"),
                "industry": ("machinery", "스마트 기계"),
                "hubs": (("suseong",), ("수성구",), ()),
                "budget": (D("14000000000"), True, "약 140억원"),
                "targets": [
                    ("jobs-created", D("2000"), "명", False, "고용창출", "2천명"),
                    ("people-trained", D("1500"), "명", False, "전문인력 양성", "1,500명"),
                    ("commercialization-rate", D("40"), "%", False, "상용화율", "40% 이상"),
                ],
            },
            {
                "region": ("gwangju", "광주광역시"),
                "industry": ("automotive", "미래 자동차"),
                "hubs": (("gwangsan",), ("광산구",), ()),
                "budget": (D("12400000000"), False, "124억 원"),
                "targets": [
                    ("jobs-created", D("300"), "개", False, "신규 일자리 창출", "300개"),
                    ("revenue", D("100000000000"), "원", False, "매출액 달성", "1,000억원"),
                ],
            },
            {
                "region": ("jeonnam", "전라남도"),
                "industry": ("energy", "에너지"),
                "hubs": (("naju", "mokpo"), ("나주시", "목포시"), ()),
                "budget": (D("13000000000"), True, "약 130억원"),
                "targets": [
                    (None, D("5000000000"), "원", False, "투자유치", "50억원"),
                    ("companies-supported", D("30"), "개사", False, "소프트웨어 융합기업 육성", "30개사"),
                ],
            },
        ],
        "national": (D("45000000000"), False, "450억원", (2025, 2029)),
        "quotes": [
            ("유상임", "장관", "소프트웨어 융합클러스터가 지역 산업의 디지털 전환을 이끄는 구심점이 되기를 기대한다")
        ],
        "unread": [
            (22, "총사업비 약 140억원(국비 70억, 지방비 70억)을 투입", "share read: 국비 '70억'"),
            (22, "총사업비 약 140억원(국비 70억, 지방비 70억)을 투입", "share read: 지방비 '70억'"),
            (26, "수출 5,000만 달러", "amount in a currency other than won ('5,000만 달러'): the graph"),
            (30, "총사업비 약 130억원(국비 65억, 지방비 65억)을 투입", "share read: 국비 '65억'"),
            (30, "총사업비 약 130억원(국비 65억, 지방비 65억)을 투입", "share read: 지방비 '65억'"),
        ],
    },
}


def read(stem: str) -> Release:
    return extract_release(GENRE2 / f"{stem}.txt")


@pytest.fixture(params=sorted(EXPECTED), ids=str)
def case(request: pytest.FixtureRequest) -> tuple[Path, Release, dict[str, Any]]:
    path = GENRE2 / f"{request.param}.txt"
    return path, extract_release(path), EXPECTED[request.param]


def test_every_release_has_expectations() -> None:
    assert sorted(p.stem for p in GENRE2.glob("*.txt")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 8


def test_header_dates_program_ministry_and_minister(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    assert (release.title, release.subtitle) == expected["header"]
    assert (release.date, release.announced, release.year) == expected["dates"]
    assert (release.program, release.program_key) == expected["program"]
    ministry = release.ministry
    assert (ministry.name, ministry.short, ministry.key) == ("과학기술정보통신부", "과기정통부", "msit")
    assert ministry.minister is not None
    assert (ministry.minister.name, ministry.minister.post) == expected["minister"]


def test_call(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    check_call(release, expected["call"])


def test_projects(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    check_projects(release, expected["projects"])


def test_national_budget_and_period(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    check_national_budget(release, expected["national"])


def test_quotes(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    check_quotes(release, expected["quotes"])


def test_unread_is_reported_with_line_text_and_reason(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    check_unread(release, expected["unread"])


def test_spans_are_file_text_and_chrome_yields_nothing(case: tuple[Path, Release, dict[str, Any]]) -> None:
    path, release, _ = case
    text = path.read_bytes().decode("utf-8")
    article = find_article(text, path=str(path))
    assert release.title_span is not None
    for span in spans_in(release):
        assert text[span.start : span.end] == span.text
        assert release.title_span.line <= span.line < article.date_line.number
    for unread in release.unread:
        assert release.title_span.line < unread.line < article.date_line.number


def test_genre2_releases_build_into_a_graph_that_conforms(tmp_path: Path) -> None:
    from kgbuild.build import build
    from kgbuild.config import DEFAULT_BASE

    summary = build(sorted(GENRE2.glob("*.txt")), store_path=tmp_path / "store", base=DEFAULT_BASE)
    assert summary.documents == len(EXPECTED)
    assert summary.projects == sum(len(e["projects"]) for e in EXPECTED.values())
    assert summary.targets == sum(len(p["targets"]) for e in EXPECTED.values() for p in e["projects"])


# -- the rules these releases needed, one by one -------------------------------------------------------------


def span(text: str, line: int = 1) -> Span:
    return Span(line, 0, len(text), text)


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("2019-04-23 면", date(2019, 4, 23)),
        ("2020.05.12", date(2020, 5, 12)),
        ("입력 2020-05-12 10:30", date(2020, 5, 12)),
        ("기사입력 2020.05.12", date(2020, 5, 12)),
        ("입력 : 2020.05.12 10:30:15", date(2020, 5, 12)),
        ("2024.04.16 10:00", date(2024, 4, 16)),
        ("2020-05-12(화)", date(2020, 5, 12)),
    ],
)
def test_date_lines_in_other_forms(line: str, when: date) -> None:
    page = f"제목\n\n과학기술정보통신부(장관 최기영)는 5월 12일 ‘2020년 소프트웨어 융합클러스터 2.0’ 사업 …\n\n{line}\n"
    assert find_article(page, path="x.txt").date == when


@pytest.mark.parametrize(
    ("text", "when", "written"),
    [
        ("과기정통부(장관 최기영)는 4. 20.(화) ‘2021년 …’", date(2021, 4, 20), "4. 20.(화)"),
        ("과학기술정보통신부(장관 유영민)는 5. 7. ‘2019년 …’", date(2021, 5, 7), "5. 7."),
        ("… 3곳을 선정하였다고 5월 12일(화) 밝혔다.", date(2021, 5, 12), "5월 12일"),
    ],
)
def test_lead_dates_dotted_or_after_the_program(text: str, when: date, written: str) -> None:
    assert read_announced(span(text), date(2021, 5, 20)) == (when, written)


def test_a_program_version_is_no_dotted_date() -> None:
    assert read_announced(span("‘2019년 소프트웨어 융합클러스터 2.0’ 사업"), date(2019, 4, 23)) is None


def test_a_lead_in_the_short_form_names_the_ministry_in_full() -> None:
    ministry = read_ministry(span("과기정통부(장관 최기영)는 4. 20.(화) …"))
    assert (ministry.name, ministry.short, ministry.key) == ("과학기술정보통신부", "과기정통부", "msit")
    assert ministry.minister == Person("최기영", "장관")


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2021년~2025년간 국비 약 450억원을 지원", (2021, 2025)),
        ("2024년~2028년 동안 국비 약 300억원", (2024, 2028)),
        ("'20년부터 5년간 국비 총 450억원", (2020, 2024)),
        ("2020년부터 10년간 국비 1,000억원", (2020, 2029)),
        ("'19년부터 '23년까지 약 590억원", (2019, 2023)),
    ],
)
def test_periods_with_gan_after_the_range(text: str, years: tuple[int, int]) -> None:
    period = read_period(text, 2020)
    assert period is not None and (period.start_year, period.end_year) == years


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "총사업비 약 140억원(국비 70억, 지방비 70억)을 투입",
            [("14000000000", True), ("7000000000", False), ("7000000000", False)],
        ),
        ("국비 3억5천만을 지원", [("350000000", False)]),
        ("국비 70억 투입", [("7000000000", False)]),
        ("총 14,000백만원", [("14000000000", False)]),
        ("약 1,500백만원", [("1500000000", True)]),
        ("매출 0.5조원 달성", [("500000000000", False)]),
        ("수출 1억 달러", []),
        ("수출 5,000만 달러", []),
        ("인구 5억 명", [("500000000", False)]),
    ],
)
def test_money_without_won_after_eok_and_other_currencies(text: str, found: list[tuple[str, bool]]) -> None:
    got = [(str(f.amount.value), f.amount.approximate) for f in find_amounts(text)]
    assert got[: len(found)] == found
    assert all(f.amount.unit in ("원", "명") for f in find_amounts(text))


def test_shares_without_won_in_brackets_are_read_as_the_budgets_shares() -> None:
    plan = read_plan(
        span("사업계획 : 총사업비 약 140억원(국비 70억, 지방비 70억)을 투입, 고용창출 2천명 등의 목표 제시")
    )
    assert plan.budget is not None and plan.budget.amount.text == "약 140억원"
    assert plan.unread == []
    assert [(s.source, s.amount.text, s.amount.value) for s in plan.shares] == [
        ("national", "70억", D(7_000_000_000)),
        ("local", "70억", D(7_000_000_000)),
    ]
    assert [(t.indicator, t.amount.value) for t in plan.targets] == [("jobs-created", D(2000))]


def test_a_target_in_dollars_is_unread_with_its_currency() -> None:
    plan = read_plan(span("사업계획 : 총사업비 124억 원을 투입, 수출 5,000만 달러, 상용화율 40% 이상 등의 목표 제시"))
    assert [u.text for u in plan.unread] == ["수출 5,000만 달러"]
    assert "currency other than won ('5,000만 달러')" in plan.unread[0].reason
    assert [(t.indicator, t.amount.text, t.amount.approximate) for t in plan.targets] == [
        ("commercialization-rate", "40% 이상", False)
    ]


@pytest.mark.parametrize(
    ("text", "selected", "regions"),
    [
        ("서면 및 발표 평가를 거쳐 대구광역시와 광주광역시 2개 시를 최종 선정하였다.", 2, ("daegu", "gwangju")),
        (
            "공모 결과 전라남도, 충청남도, 경상북도 등 3개 도를 최종 선정했다고 밝혔다.",
            3,
            ("jeonnam", "chungnam", "gyeongbuk"),
        ),
        (
            "공모·심사를 거쳐 인천·부산 등 2개 지역을 ‘2023년 소프트웨어 융합클러스터 2.0’ 지원 지역으로 선정했다",
            2,
            ("incheon", "busan"),
        ),
        ("‘2021년 …’ 사업의 신규 지역으로 경북, 전북, 제주 3곳을 선정하였다.", 3, ("gyeongbuk", "jeonbuk", "jeju")),
        ("2개 시범 서비스를 선정하였다.", None, ()),
    ],
)
def test_selections_counted_in_cities_provinces_and_past_a_program_version(
    text: str, selected: int | None, regions: tuple[str, ...]
) -> None:
    parts = read_call_parts(span(text), load_gazetteer())
    assert (parts.selected, parts.regions) == (selected, regions)


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("비수도권 광역지자체를 대상으로 공모·심사를 진행하였으며, 총 7개 광역지자체가 응모하였다.", "공모·심사"),
        (
            "14개 광역지자체를 대상으로 공모를 진행하여 6개 지자체가 신청하였고, 서면평가, 현장실사, 발표평가를 거쳐",
            "서면평가, 현장실사, 발표평가",
        ),
    ],
)
def test_method_named_by_the_verb_of_the_call(text: str, method: str) -> None:
    assert read_method(text) == method


MINISTRIES = frozenset({"과학기술정보통신부", "과기정통부"})


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("장석영 과기정통부 제2차관은 “핵심 기반이다. 적극 지원하겠다”고 밝혔다.", ("장석영", "제2차관")),
        ("과기정통부 최기영 장관은 “돕겠다”라고 말했다.", ("최기영", "장관")),
        ("최기영 과학기술정보통신부 장관은 “기대한다”라고 말했다.", ("최기영", "장관")),
        ("“지원을 아끼지 않겠다”고 이종호 장관은 밝혔다.", ("이종호", "장관")),
    ],
)
def test_speakers_of_the_genre(text: str, speaker: tuple[str, str]) -> None:
    quote = read_quote(span(text), MINISTRIES)
    assert quote is not None and (quote.speaker.name, quote.speaker.post) == speaker


def test_a_quote_continued_after_a_connective_is_the_previous_speakers() -> None:
    previous = Person("이종호", "장관")
    quote = read_quote(span("이어 “성과가 확산되도록 하겠다”고 덧붙였다."), MINISTRIES, previous)
    assert quote is not None and (quote.speaker, quote.text) == (previous, "성과가 확산되도록 하겠다")
    assert read_quote(span("이어 “성과가 확산되도록 하겠다”고 덧붙였다."), MINISTRIES) is None
    assert read_quote(span("업계는 “환영한다”고 밝혔다."), MINISTRIES, previous) is None
