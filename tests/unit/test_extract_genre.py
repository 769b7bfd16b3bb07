"""Releases of the genre written for hardening (tests/fixtures/genre/): MSIT program-selection releases
as republished on news pages, varied the way ministry writers vary them, with every fact a careful reader
takes from them: regions, hubs, budgets (approximate or not), targets, national budget and period,
minister, quotes, the call, and what is reported as not read.

What varies: quote marks (“ ” " ‘ ’ 「 」); bullets (ㅇ ○ □ - ◇ * ① o, or none); plan lines ("사업계획:",
"◇ 사업계획 :", "주요 목표 :", "사업 내용 :", "사업기간/예산 :"); budgets ("국비 70억원, 지방비 40억원 등
총사업비 110억원", "총 110억원(국비 70억원)", "12억 5천만원", "32억 2천5백만원", a "1.5조원" target);
periods ("’20년~’24년", "2021~2025년", "2025년부터 2년간", "올해부터 3년간"); leads with and without
"이하 ‘과기정통부’", one dated "5월 12일(화)"; regions full and short; hubs ("창원시와 김해시를 거점으로",
"포항시 일원", "해운대구를 중심으로"); 2–7 regions; targets in other orders ("300명 신규 고용",
"500억원의 매출 달성"); speakers with the post before or after the name and the ministry between;
further sentences between a paragraph and its plan line; a paragraph without plan line; page chrome
with figures above and below; one file with CRLF line endings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from kgbuild.extract import extract_release
from kgbuild.extract.call import read_call_parts, read_method
from kgbuild.extract.chrome import find_article, split_lines
from kgbuild.extract.lead import read_ministry, read_program
from kgbuild.extract.program import read_national_budget, read_period
from kgbuild.extract.projects import is_plan_line, main_object, match_paragraph, read_hubs, read_industry, read_plan
from kgbuild.extract.quotes import is_quotation, read_quote
from kgbuild.extract.records import Person, Release, Span
from kgbuild.extract.release import spans_in
from kgbuild.extract.sentences import span_of_line
from kgbuild.gazetteer import load_gazetteer
from kgbuild.paths import PROJECT_ROOT
from tests.unit.release_checks import check_call, check_national_budget, check_projects, check_quotes, check_unread

GENRE = PROJECT_ROOT / "tests" / "fixtures" / "genre"
CRLF_RELEASE = "2021-06-08-msit-regional-sw-service"

# Per release: header (title, subtitle), dates (page date, announced, round year), program as written, minister,
# call (eligible, eligible count, excluded, method, applicants, selected, selected regions), projects (region key
# and text, industry key and text, hubs (keys, as written, unresolved), budget (value, approximate, text), targets
# (indicator, value, unit, approximate, wording, text)), national budget (value, approximate, text, years),
# quotes (speaker, post, words), unread (line, text, reason).
EXPECTED: dict[str, dict[str, Any]] = {
    "2019-07-02-msit-regional-sw-hub": {
        "header": (
            "과기정통부, 지역 소프트웨어 진흥 거점 5곳 고도화 지원",
            "< 인천·대전·충남·전남·경북 선정, 5년간 국비 약 250억원 투입 >",
        ),
        "dates": (date(2019, 7, 2), date(2019, 7, 2), 2019),
        "program": "지역 SW진흥 거점 고도화",
        "minister": ("유영민", "장관"),
        "call": (
            "광역지자체",
            15,
            ("seoul", "gyeonggi"),
            "서면 및 발표 평가",
            11,
            5,
            ("incheon", "daejeon", "chungnam", "jeonnam", "gyeongbuk"),
        ),
        "projects": [
            {
                "region": ("incheon", "인천광역시"),
                "industry": ("healthcare", "정밀의료"),
                "hubs": ((), (), ()),
                "budget": (D("6200000000"), True, "약 62억원"),
                "targets": [
                    ("new-services", D("20"), "건", False, "신서비스 발굴", "20건"),
                    ("jobs-created", D("150"), "명", False, "고용창출", "150명"),
                    ("revenue", D("8000000000"), "원", False, "매출", "80억원"),
                ],
            },
            {
                "region": ("daejeon", "대전시"),
                "industry": (None, "국방"),
                "hubs": ((), (), ()),
                "budget": (D("4800000000"), True, "약 48억원"),
                "targets": [
                    ("people-trained", D("300"), "명", False, "인력양성", "300명"),
                    ("patents", D("12"), "건", False, "특허출원", "12건"),
                    (None, D("8"), "건", False, "기술이전", "8건"),
                ],
            },
            {
                "region": ("chungnam", "충청남도"),
                "industry": ("display", "디스플레이"),
                "hubs": (("asan", "cheonan"), ("아산시", "천안시"), ()),
                "budget": (D("5500000000"), True, "약 55억원"),
                "targets": [
                    ("companies-grown", D("8"), "개사", False, "스타기업 발굴·육성", "8개사"),
                    ("sales-growth-rate", D("12"), "%", False, "매출증가율", "12%"),
                    ("employee-increase", D("400"), "명", False, "종사자수 증가", "400명"),
                ],
            },
            {
                "region": ("jeonnam", "전라남도"),
                "industry": ("energy", "에너지"),
                "hubs": (("gwangyang",), ("순천시", "광양시"), ("순천시",)),
                "budget": (D("4500000000"), True, "약 45억원"),
                "targets": [
                    ("jobs-created", D("200"), "명", False, "고용창출", "200명"),
                    ("market-development", D("30"), "건", False, "판로개척", "30건"),
                    ("global-expansion-support", D("10"), "개사", False, "글로벌 진출지원", "10개사"),
                ],
            },
            {
                "region": ("gyeongbuk", "경상북도"),
                "industry": (None, "전자"),
                "hubs": (("gumi",), ("구미시",), ()),
                "budget": (D("4000000000"), True, "약 40억원"),
                "targets": [
                    ("companies-converted", D("25"), "개사", False, "소프트웨어 융합기업으로 전환", "25개사"),
                    ("people-trained", D("250"), "명", False, "인력양성", "250명"),
                ],
            },
        ],
        "national": (D("25000000000"), True, "약 250억원", (2019, 2023)),
        "quotes": [
            ("유영민", "장관", "지역의 소프트웨어 산업이 제조업의 혁신을 이끌 수 있도록 아낌없이 지원하겠다"),
        ],
        "unread": [],
    },
    "2020-05-12-msit-ict-innovation-square": {
        "header": (
            "과기정통부, 지역 AI 교육 거점 ‘ICT 이노베이션 스퀘어’ 3곳 추가 조성",
            "전라북도·강원도·세종특별자치시 선정…’20년~’24년 국비 150억원 지원 "
            "지역 청년 등 AI 전문인력 1,500명 양성 목표",
        ),
        "dates": (date(2020, 5, 12), date(2020, 5, 12), 2020),
        "program": "ICT 이노베이션 스퀘어 조성",
        "minister": ("최기영", "장관"),
        "call": (
            "광역지자체",
            None,
            ("seoul", "busan", "gwangju", "daejeon", "daegu"),
            "서면·발표 평가",
            8,
            3,
            ("jeonbuk", "gangwon", "sejong"),
        ),
        "projects": [
            {
                "region": ("jeonbuk", "전라북도"),
                "industry": ("agriculture", "농생명"),
                "hubs": (("jeonju", "gunsan"), ("전주시", "군산시"), ()),
                "budget": (D("11000000000"), False, "110억원"),
                "targets": [
                    ("people-trained", D("600"), "명", False, "전문인력 양성", "600명"),
                    ("jobs-created", D("300"), "명", False, "신규 고용", "300명"),
                    (None, D("15"), "건", False, "창업", "15건"),
                ],
            },
            {
                "region": ("gangwon", "강원도"),
                "industry": ("healthcare", "스마트 헬스케어"),
                "hubs": (("chuncheon",), ("춘천시",), ()),
                "budget": (D("9500000000"), False, "95억원"),
                "targets": [
                    ("people-trained", D("500"), "명", False, "인공지능 전문인력 양성", "500명"),
                    ("new-services", D("20"), "건", False, "헬스케어 신서비스 발굴", "20건"),
                    ("jobs-created", D("200"), "명", True, "고용창출", "200명 내외"),
                ],
            },
            {
                "region": ("sejong", "세종특별자치시"),
                "industry": ("automotive", "자율주행 자동차"),
                "hubs": ((), (), ()),
                "budget": (D("7500000000"), True, "약 75억원"),
                "targets": [
                    ("people-trained", D("400"), "명", False, "전문인력 양성", "400명"),
                    (None, D("10"), "건", False, "창업", "10건"),
                    ("revenue", D("5000000000"), "원", False, "기업 매출 증대", "50억원"),
                ],
            },
        ],
        "national": (D("15000000000"), False, "150억원", (2020, 2024)),
        "quotes": [
            ("최기영", "장관", "ICT 이노베이션 스퀘어가 지역의 디지털 인재를 키우는 요람이 되기를 기대한다"),
        ],
        "unread": [
            (
                21,
                "ICT 이노베이션 스퀘어 : 2019년 서울 등 5개 권역에 처음 조성",
                "figures that no fact accounts for: 2019년, 5개",
            ),
            (24, "국비 70억원", "share read: 국비 '70억원'"),
            (
                24,
                "지방비 40억원 등 총사업비 110억원 투입",
                "share read: 지방비 '40억원'",
            ),
            (
                27,
                "총 95억원(국비 60억원)을 투입",
                "share read: 국비 '60억원'",
            ),
        ],
    },
    "2021-03-09-msit-regional-5g-platform": {
        "header": ("과기정통부, 부산·경남에 지역 5G 융합 플랫폼 조성", None),
        "dates": (date(2021, 3, 9), date(2021, 3, 9), 2021),
        "program": "지역 5G 융합 플랫폼 구축 지원",
        "minister": ("최기영", "장관"),
        "call": (
            "광역지자체",
            None,
            ("seoul", "incheon", "gyeonggi"),
            "서면 및 현장 평가",
            7,
            2,
            ("busan", "gyeongnam"),
        ),
        "projects": [
            {
                "region": ("busan", "부산"),
                "industry": ("smart-logistics", "물류"),
                "hubs": ((), (), ()),
                "budget": (D("6000000000"), False, "60억원"),
                "targets": [
                    ("jobs-created", D("300"), "명", False, "고용창출", "300명"),
                    ("people-trained", D("200"), "명", False, "인력양성", "200명"),
                    ("sales-growth-rate", D("20"), "%", False, "물류기업 매출 증가", "20%"),
                    ("new-services", D("15"), "건", False, "신서비스 발굴", "15건"),
                ],
            },
            {
                "region": ("gyeongnam", "경상남도"),
                "industry": ("machinery", "기계"),
                "hubs": (("changwon", "jinju"), ("창원시", "진주시"), ()),
                "budget": (D("5500000000"), False, "55억원"),
                "targets": [
                    (None, D("40"), "개사", False, "스마트공장 실증", "40개사"),
                    (None, D("25"), "%", False, "생산성 향상", "25%"),
                    ("people-trained", D("150"), "명", False, "전문인력 양성", "150명"),
                ],
            },
        ],
        "national": (D("7500000000"), False, "75억원", (2021, 2023)),
        "quotes": [
            ("최기영", "장관", "5G 융합 플랫폼이 지역 주력산업 혁신의 발판이 되기를 기대한다"),
            ("최기영", "장관", "지역과 함께 성공 모델을 만들겠다"),
        ],
        "unread": [
            (15, "’21~’23년", "a period of years, not a target (the project's own period is not read)"),
            (15, "총 60억원(국비 40억원)", "share read: 국비 '40억원'"),
            (20, "’21~’23년", "a period of years, not a target (the project's own period is not read)"),
            (20, "총 55억원(국비 35억원)", "share read: 국비 '35억원'"),
        ],
    },
    "2021-06-08-msit-regional-sw-service": {
        "header": (
            "과기정통부, 부산·경남·전북·세종 4곳 ‘지역 SW서비스 사업화’ 지원",
            "광역지자체 13곳 신청…서면·발표평가 거쳐 4곳 선정 2021~2025년 국비 약 320억원 투입",
        ),
        "dates": (date(2021, 6, 8), date(2021, 6, 8), 2021),
        "program": "지역 SW서비스 사업화 지원",
        "minister": ("임혜숙", "장관"),
        "call": (
            "광역지자체",
            None,
            ("seoul", "gyeonggi"),
            "서면평가와 발표평가",
            13,
            4,
            ("busan", "gyeongnam", "jeonbuk", "sejong"),
        ),
        "projects": [
            {
                "region": ("busan", "부산"),
                "industry": ("smart-logistics", "스마트 물류"),
                "hubs": ((), (), ()),
                "budget": (D("11000000000"), False, "110억원"),
                "targets": [
                    ("jobs-created", D("1000"), "개", False, "일자리 창출", "1,000개"),
                    ("revenue", D("50000000000"), "원", False, "기업 매출 증대", "500억원"),
                    (None, D("10"), "개사", False, "해외 수출", "10개사"),
                ],
            },
            {
                "region": ("gyeongnam", "경남"),
                "industry": ("machinery", "스마트 기계"),
                "hubs": (("changwon", "gimhae"), ("창원시", "김해시"), ()),
                "budget": (D("9000000000"), False, "90억원"),
                "targets": [
                    ("jobs-created", D("250"), "명", False, "신규 고용", "250명"),
                    ("revenue", D("30000000000"), "원", False, "기업 매출 증대", "300억원"),
                    ("patents", D("40"), "건", False, "특허 출원", "40건"),
                ],
            },
            {
                "region": ("jeonbuk", "전북"),
                "industry": ("agriculture", "농생명"),
                "hubs": ((), (), ()),
                "budget": (D("7000000000"), False, "70억원"),
                "targets": [
                    ("people-trained", D("200"), "명", False, "전문인력 양성", "200명"),
                    (None, D("15"), "건", False, "창업", "15건"),
                    (None, D("10"), "개사", False, "해외 수출", "10개사"),
                ],
            },
            {
                "region": ("sejong", "세종"),
                "industry": ("automotive", "자율주행 자동차"),
                "hubs": ((), (), ()),
                "budget": (D("5000000000"), False, "50억원"),
                "targets": [
                    ("new-services", D("12"), "건", False, "신서비스 발굴", "12건"),
                    ("jobs-created", D("120"), "명", False, "고용창출", "120명"),
                ],
            },
        ],
        "national": (D("32000000000"), True, "약 320억원", (2021, 2025)),
        "quotes": [
            (
                "김정삼",
                "정보통신산업정책관",
                "지역 소프트웨어 기업이 지역 산업의 디지털 전환을 이끌도록 지원하겠다 "
                "선정된 지역의 성과를 꾸준히 점검하겠다",
            ),
        ],
        "unread": [
            (
                19,
                "총 110억원(국비 70억원)을 투입",
                "share read: 국비 '70억원'",
            ),
            (
                22,
                "총 90억원(국비 55억원)을 투입",
                "share read: 국비 '55억원'",
            ),
            (
                25,
                "총 70억원(국비 45억원)을 투입",
                "share read: 국비 '45억원'",
            ),
            (
                28,
                "총 50억원(국비 30억원)을 투입",
                "share read: 국비 '30억원'",
            ),
        ],
    },
    "2021-09-07-msit-ai-data-hub": {
        "header": ("과기정통부, 비수도권 4곳에 ‘AI 데이터 허브’ 구축", None),
        "dates": (date(2021, 9, 7), date(2021, 9, 7), 2021),
        "program": "AI 데이터 허브 구축",
        "minister": ("임혜숙", "장관"),
        "call": (
            "광역지자체",
            None,
            ("seoul", "incheon", "gyeonggi"),
            "1차 서면평가, 2차 발표평가",
            11,
            4,
            ("busan", "daejeon", "gwangju", "gyeongbuk"),
        ),
        "projects": [
            {
                "region": ("busan", "부산광역시"),
                "industry": (None, "해양 데이터"),
                "hubs": (("haeundae",), ("해운대구",), ()),
                "budget": (D("6000000000"), False, "60억원"),
                "targets": [
                    ("companies-supported", D("50"), "개사", False, "데이터 기업 육성", "50개사"),
                    (None, D("300"), "건", False, "데이터셋 구축", "300건"),
                    ("jobs-created", D("200"), "명", False, "신규 고용", "200명"),
                ],
            },
            {
                "region": ("daejeon", "대전광역시"),
                "industry": (None, "국방 데이터"),
                "hubs": (("yuseong",), ("유성구",), ()),
                "budget": (D("7500000000"), False, "75억원"),
                "targets": [
                    (None, D("100"), "종", False, "인공지능 학습용 데이터 구축", "100종"),
                    ("people-trained", D("300"), "명", False, "전문인력 양성", "300명"),
                    (None, D("12"), "건", False, "창업", "12건"),
                ],
            },
            {
                "region": ("gwangju", "광주광역시"),
                "industry": ("automotive", "자동차"),
                "hubs": ((), (), ()),
                "budget": (D("9000000000"), True, "약 90억원"),
                "targets": [
                    (None, D("500000"), "건", False, "자율주행 데이터 구축", "50만건"),
                ],
            },
            {
                "region": ("gyeongbuk", "경상북도"),
                "industry": (None, "전자"),
                "hubs": (("gumi", "pohang"), ("구미시", "포항시"), ()),
                "budget": (D("8000000000"), False, "80억원"),
                "targets": [
                    (None, D("120"), "개사", False, "제조 데이터 활용 기업", "120개사"),
                    ("revenue", D("15000000000"), "원", False, "매출 증대", "150억원"),
                    ("jobs-created", D("180"), "명", True, "고용창출", "약 180명"),
                ],
            },
        ],
        "national": (D("21000000000"), False, "210억원", (2021, 2023)),
        "quotes": [
            ("임혜숙", "장관", "데이터가 지역 산업의 새로운 경쟁력이 될 것"),
            ("송경희", "인공지능기반정책관", "선정 지역과 긴밀히 협력하겠다"),
        ],
        "unread": [
            (15, "국비 60억원 지원", "only the 국비 share '60억원' is stated; it is taken as the project budget"),
            (
                17,
                "국비 50억원과 시비 25억원 등 총 75억원을 투입한다.",
                "share read: 국비 '50억원'",
            ),
            (
                17,
                "국비 50억원과 시비 25억원 등 총 75억원을 투입한다.",
                "share read: 시비 '25억원'",
            ),
            (
                23,
                "총사업비 80억원(국비 50억원, 도비 30억원) 투입",
                "share read: 국비 '50억원'",
            ),
            (
                23,
                "총사업비 80억원(국비 50억원, 도비 30억원) 투입",
                "share read: 도비 '30억원'",
            ),
        ],
    },
    "2022-07-05-msit-digital-innovation-district": {
        "header": (
            "과기정통부, 7개 지역에 ‘디지털 혁신지구’ 조성…5년간 1,234억원",
            "부산·대구·광주·울산·충북·경북·제주 선정, 지역 주도 디지털 전환 본격화",
        ),
        "dates": (date(2022, 7, 5), date(2022, 7, 5), 2022),
        "program": "디지털 혁신지구 조성",
        "minister": ("이종호", "장관"),
        "call": (
            "시·도",
            17,
            (),
            "서면평가와 현장평가, 발표평가",
            15,
            7,
            ("busan", "daegu", "gwangju", "ulsan", "chungbuk", "gyeongbuk", "jeju"),
        ),
        "projects": [
            {
                "region": ("busan", "부산광역시"),
                "industry": ("smart-logistics", "물류"),
                "hubs": ((), ("강서구",), ("강서구",)),
                "budget": (D("24000000000"), False, "240억원"),
                "targets": [
                    ("jobs-created", D("500"), "명", False, "신규 고용", "500명"),
                    ("revenue", D("100000000000"), "원", False, "기업 매출 증대", "1,000억원"),
                    ("companies-supported", D("100"), "개사", False, "디지털 전환 기업 육성", "100개사"),
                ],
            },
            {
                "region": ("daegu", "대구광역시"),
                "industry": ("healthcare", "의료"),
                "hubs": (("suseong",), ("수성구",), ()),
                "budget": (D("18000000000"), True, "약 180억원"),
                "targets": [
                    ("people-trained", D("1000"), "명", False, "인공지능 전문인력 양성", "1,000명"),
                    ("jobs-created", D("300"), "명", False, "고용창출", "300명"),
                    (None, D("20"), "건", False, "창업", "20건"),
                ],
            },
            {
                "region": ("gwangju", "광주광역시"),
                "industry": ("automotive", "자동차"),
                "hubs": (("gwangsan",), ("광산구",), ()),
                "budget": (D("20000000000"), True, "약 200억원"),
                "targets": [
                    (None, D("50"), "개사", False, "인공지능 기업 유치", "50개사"),
                    ("jobs-created", D("400"), "명", False, "고용창출", "400명"),
                    ("revenue", D("30000000000"), "원", False, "매출 달성", "300억원"),
                ],
            },
            {
                "region": ("ulsan", "울산광역시"),
                "industry": ("shipbuilding-marine", "조선해양"),
                "hubs": ((), ("동구",), ("동구",)),
                "budget": (D("15000000000"), True, "약 150억원"),
                "targets": [
                    ("new-services", D("30"), "건", False, "스마트 조선 신서비스 발굴", "30건"),
                    ("jobs-created", D("250"), "명", False, "고용창출", "250명"),
                    ("global-expansion-support", D("20"), "개사", False, "해외진출 지원", "20개사"),
                ],
            },
            {
                "region": ("chungbuk", "충청북도"),
                "industry": (None, "이차전지"),
                "hubs": (("cheongju", "chungju"), ("청주시", "충주시"), ()),
                "budget": (D("16000000000"), True, "약 160억원"),
                "targets": [
                    ("companies-supported", D("120"), "개사", False, "기업 지원", "120개사"),
                    ("sales-growth-rate", D("15"), "%", False, "매출증가율", "15%"),
                    ("jobs-created", D("350"), "명", False, "고용창출", "350명"),
                ],
            },
            {
                "region": ("gyeongbuk", "경상북도"),
                "industry": (None, "철강"),
                "hubs": (("pohang",), ("포항시",), ()),
                "budget": (D("17000000000"), True, "약 170억원"),
                "targets": [
                    (None, D("80"), "개사", False, "스마트 공장 전환", "80개사"),
                    ("jobs-created", D("300"), "명", False, "신규 고용", "300명"),
                    ("patents", D("25"), "건", False, "특허 출원", "25건"),
                ],
            },
            {
                "region": ("jeju", "제주특별자치도"),
                "industry": ("energy", "신재생 에너지"),
                "hubs": ((), (), ()),
                "budget": (D("13400000000"), True, "약 134억원"),
                "targets": [
                    ("new-services", D("15"), "건", False, "신서비스 개발", "15건"),
                    ("jobs-created", D("150"), "명", False, "고용창출", "150명"),
                    ("revenue", D("20000000000"), "원", False, "기업 매출 증대", "200억원"),
                ],
            },
        ],
        "national": (D("123400000000"), True, "약 1,234억원", (2022, 2026)),
        "quotes": [
            (
                "오태석",
                "제1차관",
                "디지털 혁신지구가 지역 균형발전의 새로운 모델이 될 수 있도록 관계 부처와 함께 적극 지원하겠다.",
            ),
        ],
        "unread": [
            (
                19,
                "부산광역시는 강서구 일원에 총사업비 240억원(국비 160억원)을 투입하여",
                "share read: 국비 '160억원'",
            ),
        ],
    },
    "2022-11-03-msit-5g-convergence-regional": {
        "header": (
            "5G 융합서비스, 울산·충북·전남에서 꽃핀다",
            "과기정통부, ‘5G 융합서비스 지역 확산’ 3개 지역 선정 지역별 3년간 최대 60억원 지원",
        ),
        "dates": (date(2022, 11, 3), date(2022, 11, 3), 2022),
        "program": "5G 융합서비스 지역 확산",
        "minister": ("이종호", "장관"),
        "call": ("광역지자체", None, ("seoul",), "서면·발표 평가", 9, 3, ("ulsan", "chungbuk", "jeonnam")),
        "projects": [
            {
                "region": ("ulsan", "울산광역시"),
                "industry": ("shipbuilding-marine", "조선"),
                "hubs": ((), ("동구",), ("동구",)),
                "budget": (D("6000000000"), True, "약 60억원"),
                "targets": [
                    ("new-services", D("10"), "건", False, "5G 융합서비스 발굴", "10건"),
                    ("jobs-created", D("300"), "명", False, "고용 창출", "300명"),
                    ("revenue", D("10000000000"), "원", True, "조선 기업 매출 증대", "100억원 가량"),
                ],
            },
            {
                "region": ("chungbuk", "충청북도"),
                "industry": ("healthcare", "의료"),
                "hubs": ((), (), ()),
                "budget": (D("5500000000"), True, "약 55억원"),
                "targets": [
                    (None, D("12000"), "명", False, "원격의료 서비스 이용자", "1만 2천명"),
                    (None, D("30"), "곳", False, "의료기관 참여", "30곳"),
                    ("jobs-created", D("150"), "명", True, "고용창출", "150명 내외"),
                ],
            },
            {
                "region": ("jeonnam", "전라남도"),
                "industry": ("energy", "에너지"),
                "hubs": (("naju",), ("나주시",), ()),
                "budget": (D("5000000000"), True, "약 50억원"),
                "targets": [
                    ("new-services", D("8"), "건", False, "에너지 신서비스 개발", "8건"),
                    ("people-trained", D("120"), "명", False, "전문인력 양성", "120명"),
                    ("sales-growth-rate", D("12.5"), "%", False, "매출증가율", "12.5%"),
                ],
            },
        ],
        "national": (D("10500000000"), True, "약 105억원", (2022, 2024)),
        "quotes": [
            ("박윤규", "제2차관", "5G 융합서비스가 지역 산업 현장에 빠르게 확산되도록 하겠다"),
        ],
        "unread": [],
    },
    "2023-04-18-msit-ai-regional-industry": {
        "header": (
            "과기정통부, 인공지능 융합으로 지역 특화산업 키운다",
            "대구·충남·전남 3곳 선정…지역별 최대 60억원 지원 광역지자체 10곳 신청, 경쟁률 3.3대 1",
        ),
        "dates": (date(2023, 4, 18), date(2023, 4, 18), 2023),
        "program": "인공지능 융합 지역특화산업 지원",
        "minister": ("이종호", "장관"),
        "call": ("광역지자체", None, ("seoul",), "서면평가와 발표평가", 10, 3, ("daegu", "chungnam", "jeonnam")),
        "projects": [
            {
                "region": ("daegu", "대구광역시"),
                "industry": (None, "로봇"),
                "hubs": (("dalseo",), ("달서구",), ()),
                "budget": (D("8500000000"), True, "약 85억원"),
                "targets": [
                    ("jobs-created", D("300"), "명", False, "신규 고용", "300명"),
                    ("revenue", D("50000000000"), "원", False, "매출 달성", "500억원"),
                    ("companies-supported", D("10"), "개사", False, "수출 기업 육성", "10개사"),
                    ("patents", D("30"), "건", False, "특허 출원", "30건"),
                ],
            },
            {
                "region": ("chungnam", "충청남도"),
                "industry": ("display", "디스플레이"),
                "hubs": (("cheonan", "asan"), ("천안시", "아산시"), ()),
                "budget": (D("7000000000"), True, "약 70억원"),
                "targets": [
                    (None, D("40"), "건", False, "인공지능 솔루션 실증", "40건"),
                    ("jobs-created", D("200"), "명", False, "고용창출", "200명"),
                    ("commercialization-rate", D("50"), "%", False, "상용화율", "50%"),
                ],
            },
            {
                "region": ("jeonnam", "전라남도"),
                "industry": (None, "석유화학"),
                "hubs": ((), ("여수시",), ("여수시",)),
                "budget": (D("6500000000"), True, "약 65억원"),
                "targets": [
                    (None, D("30"), "%", False, "안전사고 감소율", "30%"),
                    ("people-trained", D("150"), "명", False, "전문인력 양성", "150명"),
                    ("companies-supported", D("25"), "개사", False, "기업 지원", "25개사"),
                ],
            },
        ],
        "national": (D("15000000000"), False, "150억원", (2023, 2025)),
        "quotes": [
            (
                "박윤규",
                "제2차관",
                "인공지능이 지역 특화산업의 경쟁력을 높이는 핵심 수단이 될 것 지역과 함께 성과를 만들어 가겠다",
            ),
        ],
        "unread": [
            (
                32,
                "한편, 과기정통부 관계자는 “올해 하반기에 2개 지역을 추가로 선정할 계획”이라고 전했다.",
                "quotation whose speaker (name and post) is not read",
            ),
        ],
    },
    "2023-09-14-msit-metaverse-hub": {
        "header": (
            "과기정통부, 강원·경남에 ‘지역 메타버스 허브’ 추가 조성",
            "9개 광역지자체 경쟁…강원특별자치도·경상남도 2곳 선정",
        ),
        "dates": (date(2023, 9, 14), date(2023, 9, 14), 2023),
        "program": "지역 메타버스 허브 조성",
        "minister": ("이종호", "장관"),
        "call": (None, None, (), "공모·심사", 9, 2, ("gangwon", "gyeongnam")),
        "projects": [
            {
                "region": ("gangwon", "강원특별자치도"),
                "industry": ("healthcare", "헬스케어"),
                "hubs": (("wonju", "gangneung"), ("원주시", "강릉시"), ()),
                "budget": (D("1250000000"), False, "12억 5천만원"),
                "targets": [
                    ("people-trained", D("12000"), "명", False, "인력양성", "1만 2천명"),
                    ("revenue", D("10000000000"), "원", False, "메타버스 기업 매출 달성", "100억원"),
                    (None, D("25000000"), "원", False, "시제품 제작 지원", "2천5백만원"),
                ],
            },
            {
                "region": ("gyeongnam", "경상남도"),
                "industry": ("shipbuilding-marine", "조선"),
                "hubs": (("changwon",), ("창원시",), ()),
                "budget": (D("3000000000"), True, "약 30억원"),
                "targets": [
                    ("people-trained", D("500"), "명", False, "메타버스 전문인력 양성", "500명"),
                    ("companies-supported", D("40"), "개사", False, "기업 지원", "40개사"),
                    ("commercialization-rate", D("30"), "%", False, "상용화율", "30%"),
                ],
            },
        ],
        "national": (D("6200000000"), True, "약 62억원", (2023, 2025)),
        "quotes": [
            ("이종호", "장관", "메타버스가 지역의 새로운 성장 동력이 되도록 하겠다"),
        ],
        "unread": [],
    },
    "2024-08-20-msit-digital-innovation-cluster": {
        "header": (
            "과기정통부, 비수도권 6개 지역에 ‘디지털 혁신 클러스터’ 조성",
            "부산·대구·광주·전북·경남·강원 선정…'24년~'28년 국비 약 1,200억원",
        ),
        "dates": (date(2024, 8, 20), date(2024, 8, 20), 2024),
        "program": "지역 디지털 혁신 클러스터 조성",
        "minister": ("유상임", "장관"),
        "call": (
            "광역지자체",
            14,
            ("seoul", "incheon", "gyeonggi"),
            "서면평가, 현장실사, 발표평가",
            12,
            6,
            ("busan", "daegu", "gwangju", "jeonbuk", "gyeongnam", "gangwon"),
        ),
        "projects": [
            {
                "region": ("busan", "부산광역시"),
                "industry": (None, "금융"),
                "hubs": (("haeundae",), ("해운대구",), ()),
                "budget": (D("25000000000"), True, "약 250억원"),
                "targets": [
                    ("jobs-created", D("500"), "명", False, "신규 고용", "500명"),
                    ("revenue", D("100000000000"), "원", False, "기업 매출 증대", "1,000억원"),
                    ("people-trained", D("300"), "명", False, "블록체인 전문인력 양성", "300명"),
                ],
            },
            {
                "region": ("daegu", "대구광역시"),
                "industry": ("healthcare", "의료"),
                "hubs": (("suseong",), ("수성구",), ()),
                "budget": (D("20000000000"), True, "약 200억원"),
                "targets": [
                    (None, D("20"), "건", False, "인공지능 의료기기 인허가", "20건"),
                    ("revenue", D("1500000000000"), "원", False, "지역 의료산업 매출 달성", "1.5조원"),
                    ("jobs-created", D("1000"), "개", False, "일자리 창출", "1,000개"),
                ],
            },
            {
                "region": ("gwangju", "광주광역시"),
                "industry": ("automotive", "자동차"),
                "hubs": (("gwangsan",), ("광산구",), ()),
                "budget": (D("18000000000"), True, "약 180억원"),
                "targets": [
                    ("new-services", D("25"), "건", False, "자율주행 신서비스 발굴", "25건"),
                    ("jobs-created", D("400"), "명", False, "고용창출", "400명"),
                    (None, D("10"), "개사", False, "해외 수출", "10개사"),
                ],
            },
            {
                "region": ("jeonbuk", "전북특별자치도"),
                "industry": ("agriculture", "농생명"),
                "hubs": (("jeonju", "iksan"), ("전주시", "익산시"), ()),
                "budget": (D("15000000000"), True, "약 150억원"),
                "targets": [
                    (None, D("300"), "건", False, "스마트팜 솔루션 보급", "300건"),
                    ("jobs-created", D("250"), "명", False, "신규 고용", "250명"),
                    ("sales-growth-rate", D("20"), "%", False, "매출증가율", "20%"),
                ],
            },
            {
                "region": ("gyeongnam", "경상남도"),
                "industry": (None, "스마트 제조"),
                "hubs": (("changwon", "gimhae"), ("창원시", "김해시"), ()),
                "budget": (D("22000000000"), True, "약 220억원"),
                "targets": [
                    (None, D("200"), "개사", False, "스마트공장 구축", "200개사"),
                    ("people-trained", D("200"), "명", False, "전문인력 양성", "200명"),
                    (None, D("15"), "건", False, "창업", "15건"),
                ],
            },
            {
                "region": ("gangwon", "강원특별자치도"),
                "industry": ("healthcare", "헬스케어"),
                "hubs": (("chuncheon", "wonju", "gangneung"), ("춘천시", "원주시", "강릉시"), ()),
                "budget": (D("16000000000"), True, "약 160억원"),
                "targets": [
                    ("new-services", D("30"), "건", False, "헬스케어 신서비스", "30건"),
                    ("jobs-created", D("300"), "명", False, "고용창출", "300명"),
                    ("people-trained", D("500"), "명", False, "인력양성", "500명"),
                ],
            },
        ],
        "national": (D("120000000000"), True, "약 1,200억원", (2024, 2028)),
        "quotes": [
            ("송상훈", "정보통신정책실장", "비수도권 지역이 디지털 혁신의 주역이 되도록 지원을 아끼지 않겠다"),
        ],
        "unread": [
            (
                19,
                "총사업비 약 250억원(국비 200억원)을 투입하여",
                "share read: 국비 '200억원'",
            ),
            (
                36,
                "과기정통부는 '24년~'28년 5년간 국비 약 1,200억원을 투입하고, "
                "지자체와 민간이 약 600억원을 추가로 부담한다.",
                "figures that no fact accounts for: 600억원을",
            ),
        ],
    },
    "2025-03-04-msit-digital-twin-pilot": {
        "header": ("디지털 트윈으로 도시 문제 푼다…세종·제주 선정", None),
        "dates": (date(2025, 3, 4), date(2025, 3, 4), 2025),
        "program": "디지털 트윈 지역 실증",
        "minister": ("유상임", "장관"),
        "call": ("지자체", None, (), "공모·심사", None, 2, ("sejong", "jeju")),
        "projects": [
            {
                "region": ("sejong", "세종시"),
                "industry": (None, "도시 안전관리 서비스"),
                "hubs": ((), (), ()),
                "budget": (D("4000000000"), True, "약 40억원"),
                "targets": [
                    ("new-services", D("10"), "건", False, "디지털 트윈 서비스 발굴", "10건"),
                    ("jobs-created", D("50"), "명", False, "청년 고용", "50명"),
                    ("revenue", D("3000000000"), "원", False, "참여기업 매출 증대", "30억원"),
                    (None, D("80"), "%", False, "시민 체감 만족도 달성", "80%"),
                ],
            },
            {
                "region": ("jeju", "제주특별자치도"),
                "industry": ("tourism", "관광"),
                "hubs": (("seogwipo",), ("서귀포시",), ()),
                "budget": (D("3225000000"), False, "32억 2천5백만원"),
                "targets": [
                    ("new-services", D("15"), "건", False, "관광 신서비스 발굴", "15건"),
                    (None, D("5"), "건", False, "창업", "5건"),
                    ("jobs-created", D("80"), "명", True, "고용창출", "80명 가량"),
                    (None, D("100000000"), "건", False, "관광 데이터 구축", "1억건"),
                ],
            },
        ],
        "national": (D("5000000000"), True, "약 50억원", (2025, 2026)),
        "quotes": [
            ("엄열", "소프트웨어정책관", "디지털 트윈이 지역 문제를 해결하는 도구가 되도록 지원하겠다"),
        ],
        "unread": [
            (
                11,
                "세종시는 정부세종청사 일원에 디지털 트윈 기반 도시 안전관리 서비스를 구축한다.",
                "focus industry not recognised; '도시 안전관리 서비스' kept as its wording",
            ),
        ],
    },
}


def read(stem: str) -> Release:
    return extract_release(GENRE / f"{stem}.txt")


@pytest.fixture(params=sorted(EXPECTED), ids=str)
def case(request: pytest.FixtureRequest) -> tuple[Path, Release, dict[str, Any]]:
    """One genre release, extracted afresh, with what a careful reader takes from it."""
    path = GENRE / f"{request.param}.txt"
    return path, extract_release(path), EXPECTED[request.param]


def test_every_genre_release_has_expectations() -> None:
    assert sorted(p.stem for p in GENRE.glob("*.txt")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 8


def test_header_dates_ministry_and_minister(case: tuple[Path, Release, dict[str, Any]]) -> None:
    _, release, expected = case
    assert (release.title, release.subtitle) == expected["header"]
    assert (release.date, release.announced, release.year) == expected["dates"]
    assert release.program == expected["program"]
    assert (release.ministry.name, release.ministry.short, release.ministry.key) == (
        "과학기술정보통신부",
        "과기정통부",
        "msit",
    )
    minister = release.ministry.minister
    assert minister is not None and (minister.name, minister.post) == expected["minister"]


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
    text = path.read_bytes().decode("utf-8")  # no newline translation: offsets count the CRLF's "\r"
    lines = text.split("\n")
    date_line = max(n for n, line in enumerate(lines, 1) if line.strip().startswith(str(release.date.year)))
    assert release.title_span is not None
    for span in spans_in(release):
        assert text[span.start : span.end] == span.text
        assert "\r" not in span.text
        assert release.title_span.line <= span.line < date_line


def test_one_span_per_start_offset(case: tuple[Path, Release, dict[str, Any]]) -> None:
    """The graph names a sentence by its line and start offset: two facts' spans starting at one offset are one."""
    _, release, _ = case
    facts = (release.title_span, release.ministry, release.call, release.national_budget, release.projects)
    by_start: dict[tuple[int, int], int] = {}
    for span in spans_in((*facts, release.quotes, release.tracks)):
        assert by_start.setdefault((span.line, span.start), span.end) == span.end


def test_the_crlf_release_has_crlf_line_endings() -> None:
    raw = (GENRE / f"{CRLF_RELEASE}.txt").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 40


def test_genre_releases_build_into_a_graph_that_conforms(tmp_path: Path) -> None:
    from kgbuild.build import build
    from kgbuild.config import DEFAULT_BASE

    summary = build(sorted(GENRE.glob("*.txt")), store_path=tmp_path / "store", base=DEFAULT_BASE)
    assert summary.documents == len(EXPECTED)
    assert summary.projects == sum(len(e["projects"]) for e in EXPECTED.values())
    assert summary.targets == sum(len(p["targets"]) for e in EXPECTED.values() for p in e["projects"])


# -- the rules the genre releases needed, one by one -------------------------------------------------------


def span(text: str, line: int = 1) -> Span:
    return Span(line, 0, len(text), text)


MINISTRIES = frozenset({"과학기술정보통신부", "과기정통부"})


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("총 9개 광역지자체가 신청하여 서면 및 발표 평가를 거쳐 선정하였다.", "서면 및 발표 평가"),
        ("13곳이 신청하였으며, 서면평가와 발표평가 등을 거쳐 최종 4개 지역을 선정하였다.", "서면평가와 발표평가"),
        ("15개 시·도가 신청하여 서면평가와 현장평가, 발표평가를 거쳐", "서면평가와 현장평가, 발표평가"),
        ("12개 지자체가 신청해 서면평가, 현장실사, 발표평가를 거쳐", "서면평가, 현장실사, 발표평가"),
        ("11개 시·도가 공모에 신청하여 1차 서면평가, 2차 발표평가를 거쳐", "1차 서면평가, 2차 발표평가"),
        ("외부 전문가의 서면·발표 평가를 거쳐 3개 지역을 선정하였다.", "서면·발표 평가"),
    ],
)
def test_method_lists(text: str, method: str) -> None:
    assert read_method(text) == method


@pytest.mark.parametrize(
    ("text", "selected", "regions"),
    [
        ("신규 지역으로 강원특별자치도와 경상남도를 선정하였다.", None, ("gangwon", "gyeongnam")),
        ("최종 선정된 지역은 울산광역시, 충청북도, 전라남도이다.", None, ("ulsan", "chungbuk", "jeonnam")),
        ("부산, 경남, 전북, 세종 등 4개 지역을 선정했다.", 4, ("busan", "gyeongnam", "jeonbuk", "sejong")),
        ("공모·심사를 거쳐 2곳이 선정되었다.", 2, ()),
        ("지난해 조성된 지역의 성과를 점검하였다.", None, ()),
    ],
)
def test_selection_with_or_without_a_count(text: str, selected: int | None, regions: tuple[str, ...]) -> None:
    parts = read_call_parts(span(text), load_gazetteer())
    assert (parts.selected, parts.regions) == (selected, regions)


@pytest.mark.parametrize(
    ("text", "eligible", "excluded"),
    [
        ("수도권(서울·인천·경기)을 제외한 14개 광역지자체를 대상으로", "광역지자체", ("seoul", "incheon", "gyeonggi")),
        ("수도권을 제외한 광역지자체를 대상으로 진행되었으며", "광역지자체", ("seoul", "incheon", "gyeonggi")),
        ("비수도권 광역지자체를 대상으로 진행되었으며", "광역지자체", ("seoul", "incheon", "gyeonggi")),
        ("이미 조성된 서울, 부산을 제외한 광역지자체를 대상으로", "광역지자체", ("seoul", "busan")),
        ("전국 17개 시·도를 대상으로 실시되었으며", "시·도", ()),
    ],
)
def test_who_could_apply_and_who_was_excluded(text: str, eligible: str, excluded: tuple[str, ...]) -> None:
    parts = read_call_parts(span(text), load_gazetteer())
    assert (parts.eligible, parts.excluded) == (eligible, excluded)


def test_applicants_who_applied_to_the_call() -> None:
    parts = read_call_parts(span("11개 시·도가 공모에 신청하여 4곳이 선정되었다."), load_gazetteer())
    assert (parts.applicants, parts.selected) == (11, 4)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("과기정통부는 2025년부터 2년간 국비 약 50억원을 지원한다.", (2025, 2026)),
        ("과기정통부는 올해부터 3년간 국비 총 210억원을 지원할 계획이다.", (2021, 2023)),
        ("과기정통부는 5년간 국비 100억원을 지원한다.", (2021, 2025)),
        ("과기정통부는 ’21년부터 ’23년까지 3년간 국비 총 75억원을 지원한다.", (2021, 2023)),
        ("과기정통부는 2020년부터 10년간 국비 1,000억원을 지원한다.", (2020, 2029)),
        ("과기정통부는 지난 5년간의 성과를 바탕으로 국비 100억원을 지원한다.", None),
    ],
)
def test_periods_of_the_national_budget(text: str, years: tuple[int, int] | None) -> None:
    period = read_period(text, 2021)
    assert (None if period is None else (period.start_year, period.end_year)) == years


def test_national_budget_written_after_chong() -> None:
    national = read_national_budget(
        span("과기정통부는 선정된 3개 지역에 국비 총 150억원(지역별 50억원)을 지원한다."), 2023
    )
    assert national is not None and national.amount.text == "150억원"


@pytest.mark.parametrize(
    ("text", "speaker", "words"),
    [
        (
            "유영민 장관은 「지역이 혁신을 이끌도록 지원하겠다」라고 말했다.",
            ("유영민", "장관"),
            "지역이 혁신을 이끌도록 지원하겠다",
        ),
        ("과기정통부 소프트웨어정책관 엄열은 ‘지원하겠다’라고 설명했다.", ("엄열", "소프트웨어정책관"), "지원하겠다"),
        (
            "최기영 장관은 이번 선정과 관련해 “발판이 되기를 기대한다”고 말했다.",
            ("최기영", "장관"),
            "발판이 되기를 기대한다",
        ),
        (
            "이어 과기정통부 인공지능기반정책관 송경희는 “긴밀히 협력하겠다”고 덧붙였다.",
            ("송경희", "인공지능기반정책관"),
            "긴밀히 협력하겠다",
        ),
        (
            "박윤규 과학기술정보통신부 제2차관은 “될 것”이라며 “만들겠다”고 말했다.",
            ("박윤규", "제2차관"),
            "될 것 만들겠다",
        ),
    ],
)
def test_quotes_in_other_marks_and_speakers(text: str, speaker: tuple[str, str], words: str) -> None:
    quote = read_quote(span(text), MINISTRIES)
    assert quote is not None
    assert ((quote.speaker.name, quote.speaker.post), quote.text) == (speaker, words)


def test_a_quote_by_he_is_the_previous_speakers() -> None:
    quote = read_quote(span("그는 “성공 모델을 만들겠다”라고 덧붙였다."), MINISTRIES, Person("최기영", "장관"))
    assert quote is not None and quote.speaker == Person("최기영", "장관")
    assert read_quote(span("그는 “성공 모델을 만들겠다”라고 덧붙였다."), MINISTRIES) is None


def test_single_quotes_around_a_program_name_are_no_quotation() -> None:
    text = "과기정통부는 ‘디지털 혁신지구’ 사업을 통해 지역을 지원하겠다고 밝혔다."
    assert read_quote(span(text), MINISTRIES) is None and not is_quotation(span(text))


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        ("사업계획: 총사업비 110억원 투입", True),
        ("사업계획 : 총 110억원(국비 70억원)을 투입", True),
        ("주요 목표 : 신규 고용 500명", True),
        ("사업 내용 : 국비 60억원 지원", True),
        ("사업기간/예산 : ’21~’23년, 총 60억원(국비 40억원)", True),
        ("목표는 지역 일자리를 늘리는 것이다.", False),
        ("주요 목표로 일자리 창출을 내세웠다.", False),
    ],
)
def test_plan_line_labels(text: str, plan: bool) -> None:
    assert is_plan_line(span(text)) is plan


def plan_of(text: str) -> tuple[tuple[D, str] | None, list[tuple[str | None, D, str]], list[str]]:
    plan = read_plan(span(text))
    budget = (plan.budget.amount.value, plan.budget.amount.text) if plan.budget else None
    targets = [(t.indicator, t.amount.value, t.wording) for t in plan.targets]
    return budget, targets, [u.reason for u in plan.unread]


def test_budget_after_its_shares_is_the_total() -> None:
    budget, targets, unread = plan_of(
        "사업계획: 국비 70억원, 지방비 40억원 등 총사업비 110억원 투입, 창업 15건 등의 목표 제시"
    )
    assert budget == (D(11_000_000_000), "110억원")
    assert targets == [(None, D(15), "창업")]
    assert unread == []
    shares = read_plan(
        span("사업계획: 국비 70억원, 지방비 40억원 등 총사업비 110억원 투입, 창업 15건 등의 목표 제시")
    ).shares
    assert [(s.source, s.source_text, s.amount.value, s.span.text) for s in shares] == [
        ("national", "국비", D(7_000_000_000), "국비 70억원"),
        ("local", "지방비", D(4_000_000_000), "지방비 40억원 등 총사업비 110억원 투입"),
    ]


def test_budget_stated_by_its_shares_only_is_their_sum() -> None:
    budget, _, unread = plan_of("사업계획 : 국비 70억원, 지방비 40억원 투입, 고용창출 100명")
    assert budget == (D(11_000_000_000), "70억원, 지방비 40억원")
    assert unread == []
    budget, _, unread = plan_of("사업 내용 : 국비 60억원 지원, 고용창출 100명")
    assert budget == (D(6_000_000_000), "60억원") and "only the 국비 share" in unread[0]


def test_targets_after_triangles_and_joined_by_gwa() -> None:
    text = (
        "사업계획 : 총사업비 약 250억원을 투입하여 ▲신규 고용 500명 ▲고용창출 300명과 인력양성 200명 "
        "▲매출 20% 증가 등을 목표로 한다."
    )
    budget, targets, unread = plan_of(text)
    assert budget == (D(25_000_000_000), "약 250억원") and unread == []
    assert targets == [
        ("jobs-created", D(500), "신규 고용"),
        ("jobs-created", D(300), "고용창출"),
        ("people-trained", D(200), "인력양성"),
        ("sales-growth-rate", D(20), "매출 증가"),
    ]


def test_figure_before_the_wording_and_a_period_in_a_plan_line() -> None:
    _, targets, unread = plan_of("사업계획 : 총사업비 85억원 투입, 300명 신규 고용, 500억원의 매출 달성, ’21~’23년")
    assert targets == [("jobs-created", D(300), "신규 고용"), ("revenue", D(50_000_000_000), "매출 달성")]
    assert unread == ["a period of years, not a target (the project's own period is not read)"]


@pytest.mark.parametrize(
    ("text", "hubs", "written", "unknown"),
    [
        ("경상북도는 포항시 일원에 총사업비 약 170억원을 투입하여", ("pohang",), ("포항시",), ()),
        ("부산광역시는 해운대구를 중심으로 블록체인 금융 산업을 육성한다.", ("haeundae",), ("해운대구",), ()),
        ("대구광역시는 달서구 성서산업단지를 핵심거점으로", ("dalseo",), ("달서구",), ()),
        ("울산광역시는 동구 일원에서 실증한다.", (), ("동구",), ("동구",)),
        (
            "강원특별자치도는 춘천시·원주시·강릉시를 핵심거점으로",
            ("chuncheon", "wonju", "gangneung"),
            ("춘천시", "원주시", "강릉시"),
            (),
        ),
        ("전라남도는 순천시와 여수시를 핵심거점으로", (), ("순천시", "여수시"), ("순천시", "여수시")),
        ("강원도는 스마트 헬스케어 산업을 중심으로", (), (), ()),
        ("부산시를 중심으로 스마트도시를 중심으로 혁신지구를 중심으로", (), (), ()),
        ("충청북도는 오송 바이오밸리를 중심으로", (), (), ()),
        ("데이터 일원화를 추진한다", (), (), ()),
    ],
)
def test_hub_markers(text: str, hubs: tuple[str, ...], written: tuple[str, ...], unknown: tuple[str, ...]) -> None:
    assert read_hubs(text, load_gazetteer()) == (hubs, written, unknown)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("대구광역시는 달서구 성서산업단지를 핵심거점으로 인공지능 기반 로봇 산업을 육성한다.", "로봇"),
        ("전라남도는 여수시 일원의 석유화학 산업단지에 안전관리 서비스를 도입한다.", "석유화학"),
        ("부산광역시는 해운대구 센텀시티 일원에 해양 데이터 산업 허브를 구축한다.", "해양 데이터"),
        ("경상남도는 창원시와 김해시를 거점으로 스마트 제조 산업을 고도화한다.", "스마트 제조"),
        ("충청남도는 당진시를 핵심거점으로 소프트웨어 융합 콘텐츠 산업 클러스터를 조성한다.", "콘텐츠"),
    ],
)
def test_unknown_industries_as_written(text: str, written: str) -> None:
    assert read_industry(text) == (None, written)


def test_the_object_is_kept_when_no_industry_is_named() -> None:
    assert (
        main_object("세종시는 정부세종청사 일원에 디지털 트윈 기반 도시 안전관리 서비스를 구축한다.")
        == "도시 안전관리 서비스"
    )


@pytest.mark.parametrize(
    ("text", "region", "written"),
    [
        ("(부산) 북항 일대에 5G 기반 스마트 항만 물류 플랫폼을 구축한다.", "busan", "부산"),
        ("경상남도 : 창원시와 진주시를 거점으로 5G 스마트 공장 실증을 추진한다.", "gyeongnam", "경상남도"),
        ("(경남) 경남도는 기계설비 산업에", "gyeongnam", "경남도"),
    ],
)
def test_regional_paragraphs_named_by_a_label_or_a_colon(text: str, region: str, written: str) -> None:
    paragraph = match_paragraph(span(text), load_gazetteer())
    assert paragraph is not None and (paragraph.region.key, paragraph.region_text) == (region, written)
    assert match_paragraph(span("(참고) 선정 지역 현황"), load_gazetteer()) is None


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("  - ◇ 사업계획 : 총 110억원", "사업계획 : 총 110억원"),
        ("o 이번 공모는 광역지자체를 대상으로", "이번 공모는 광역지자체를 대상으로"),
        ("① 부산광역시는 해운대구에", "부산광역시는 해운대구에"),
        ("1) 부산광역시는 해운대구에", "부산광역시는 해운대구에"),
        ("2. 대전광역시는 유성구를", "대전광역시는 유성구를"),
        ("1.5조원 규모의 매출", "1.5조원 규모의 매출"),
    ],
)
def test_bullets_however_many(line: str, text: str) -> None:
    assert span_of_line(split_lines(line)[0]).text == text


def test_byline_row_and_bullet_subtitles_around_the_title() -> None:
    lead = "과학기술정보통신부(장관 이종호)는 4월 23일 ‘2023년 시범사업’ 지원 지역을 선정했다."
    page = "\n".join(
        ["다른 기사 2024년 1억원", "제목", "◆ 부제 하나", "입력 2023.04.23 10:30", lead, "본문", "2023-04-23 면"]
    )
    article = find_article(page, path="x.txt")
    assert article.title.text == "제목"
    assert [s.text for s in article.subtitles] == ["◆ 부제 하나"]


@pytest.mark.parametrize(
    ("lead", "name", "year"),
    [
        ("과기정통부(장관 임혜숙)는 2021년 9월 7일 「AI 데이터 허브 구축」 사업 대상으로", "AI 데이터 허브 구축", None),
        ("과기정통부(장관 최기영)는 「2020년 ICT 이노베이션 스퀘어 조성」 사업의", "ICT 이노베이션 스퀘어 조성", 2020),
        (
            "과기정통부는 3월 9일 2021년 지역 5G 융합 플랫폼 구축 지원사업 수행 지역으로",
            "지역 5G 융합 플랫폼 구축 지원",
            2021,
        ),
    ],
)
def test_program_names_in_corner_brackets_or_unquoted(lead: str, name: str, year: int | None) -> None:
    program = read_program(lead)
    assert program is not None and (program.name, program.year) == (name, year)


def test_short_form_without_quotation_marks() -> None:
    ministry = read_ministry(span("과학기술정보통신부(장관 이종호, 이하 과기정통부)는 9월 14일 발표했다."))
    assert (ministry.short, ministry.minister) == ("과기정통부", Person("이종호", "장관"))


def test_a_paragraph_opening_again_with_its_region_continues_it() -> None:
    project = read("2023-04-18-msit-ai-regional-industry").projects[0]
    assert (project.region, project.span.line, project.plan_span.line) == ("daegu", 17, 19)


def test_a_region_sentence_after_the_plan_lines_is_narrative() -> None:
    release = read("2021-03-09-msit-regional-5g-platform")
    assert [p.region for p in release.projects] == ["busan", "gyeongnam"]
    assert [s.line for s in release.narrative if s.text.startswith("부산시는")] == [17]


def test_a_paragraph_budget_is_traced_to_the_paragraph() -> None:
    busan = read("2022-07-05-msit-digital-innovation-district").projects[0]
    assert busan.budget_span == busan.span  # the clause starts where the paragraph does: one sentence in the graph
    assert busan.plan_span.text.startswith("주요 목표 :")


def test_a_paragraph_without_plan_line_reads_its_prose() -> None:
    gwangju = read("2021-09-07-msit-ai-data-hub").projects[2]
    assert (gwangju.region, gwangju.budget.text, gwangju.plan_span) == ("gwangju", "약 90억원", gwangju.span)
    (target,) = gwangju.targets
    assert (target.wording, target.amount.text, target.phrase) == (
        "자율주행 데이터 구축",
        "50만건",
        "자율주행 데이터 50만건을 구축할 계획이다.",
    )
