"""Synthetic releases of the genre, for the benchmark and the round-trip tests.

``generate_release(seed)`` writes a news page holding a program-selection release (2–8 regions among the
17 시도, renamed ones under their later names, amounts in several notations, target wordings in several
orders, optional applicant count, varied quote forms, page chrome with numbers) and returns the facts it
wrote, so a test can check that the extractor reads back exactly those. Deterministic per seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

# (key, full name, short name, later full name, date of the renaming)
SIDO: tuple[tuple[str, str, str, str | None, date | None], ...] = (
    ("seoul", "서울특별시", "서울", None, None),
    ("busan", "부산광역시", "부산", None, None),
    ("daegu", "대구광역시", "대구", None, None),
    ("incheon", "인천광역시", "인천", None, None),
    ("gwangju", "광주광역시", "광주", None, None),
    ("daejeon", "대전광역시", "대전", None, None),
    ("ulsan", "울산광역시", "울산", None, None),
    ("sejong", "세종특별자치시", "세종", None, None),
    ("gyeonggi", "경기도", "경기", None, None),
    ("gangwon", "강원도", "강원", "강원특별자치도", date(2023, 6, 11)),
    ("chungbuk", "충청북도", "충북", None, None),
    ("chungnam", "충청남도", "충남", None, None),
    ("jeonbuk", "전라북도", "전북", "전북특별자치도", date(2024, 1, 18)),
    ("jeonnam", "전라남도", "전남", None, None),
    ("gyeongbuk", "경상북도", "경북", None, None),
    ("gyeongnam", "경상남도", "경남", None, None),
    ("jeju", "제주특별자치도", "제주", None, None),
)
# 시·군 hubs per 시도: (name, gazetteer key or None when the gazetteer does not know it)
HUBS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "chungnam": (("아산시", "asan"), ("천안시", "cheonan"), ("당진시", None)),
    "gyeongnam": (("창원시", "changwon"), ("김해시", "gimhae")),
    "jeonbuk": (("전주시", "jeonju"), ("익산시", "iksan")),
    "chungbuk": (("청주시", "cheongju"), ("충주시", "chungju")),
    "gyeongbuk": (("포항시", "pohang"), ("구미시", "gumi")),
}
INDUSTRIES: tuple[tuple[str | None, str], ...] = (
    ("bio-information-services", "바이오정보 서비스"),
    ("bio-information-services", "라이프로그"),
    ("smart-logistics", "스마트 물류서비스"),
    ("smart-logistics", "물류"),
    ("shipbuilding-marine", "조선해양"),
    ("machinery", "기계설비"),
    ("display", "디스플레이"),
    ("automotive", "미래 자동차"),
    ("energy", "신재생 에너지"),
    ("healthcare", "스마트 헬스케어"),
    ("agriculture", "농생명"),
    ("agriculture", "스마트팜"),
    ("tourism", "문화관광"),
    ("aerospace", "항공우주"),
    ("semiconductor", "시스템 반도체"),
    (None, "수소"),
    (None, "드론"),
    (None, "콘텐츠"),
    (None, "핀테크"),
)
PARAGRAPHS = (
    "{region} {industry} 산업을 특화산업으로 선정, 대·중소기업 간 협력을 통한 신시장을 창출할 계획이다.",
    "{region} 지역 주력 산업인 {industry} 산업을 적극 활용하여, 관련 서비스 상용화 등 지원 사업을 추진할 계획이다.",
    "{region} {industry} 산업의 디지털 전환을 가속화하기 위해 4차 산업혁명 기술을 접목할 계획이다.",
    "{region} {industry} 산업을 중심으로 다양한 신서비스의 창출과 우수기업 발굴육성을 적극 추진할 계획이다.",
)
HUB_PARAGRAPH = (
    "{region} {hubs} 핵심거점으로 소프트웨어 융합 {industry} 산업 클러스터를 조성하여 생태계 조성을 추진할 계획이다."
)
PROGRAMS = (
    "소프트웨어 융합클러스터 2.0",
    "지역 디지털 혁신거점 조성",
    "지역 SW서비스 사업화 지원",
    "소프트웨어 융합클러스터",
)
MINISTERS = {
    "과학기술정보통신부": ("유영민", "최기영", "임혜숙", "이종호", "유상임"),
    "산업통상자원부": ("성윤모", "이창양"),
}
SPEAKERS = ("노경원", "송경희", "김정삼", "민원기", "박윤규", "강도현")
POSTS = ("소프트웨어정책관", "정보통신산업정책관", "제2차관", "정보통신정책실장", "장관")
WORDS = (
    "{program} 사업을 통해 지역이 4차 산업혁명을 주도할 수 있도록 적극 지원하겠다.",
    "지역 특화산업과 소프트웨어의 융합으로 새로운 일자리가 만들어지기를 기대한다.",
    "선정된 지역이 소프트웨어 융합 생태계의 거점이 되도록 5년간 꾸준히 지원하겠다.",
)
CHROME_BEFORE = (
    "도덕적 해이 논란에 “서울 그만 가”",
    "관악, 1억 5000만원 들여 전통시장 키운다",
    "“2024년 이전 창동차량기지, 최첨단 의료단지로 키워보자”",
    "부산시, 2030년까지 청년 일자리 3만 2천개 만든다",
    "경기도 공공기관 30곳 이전 추진…고용창출 2,000명 기대",
    "이천·평택 농업기술센터 연구 결과…벼 재배 노동력 절반으로 절감 효과",
    "울산시, 조선해양 인력 1,100명 양성 약 190억원 투입",
)
CHROME_AFTER = (
    "페이스북 트위터 카카오스토리 밴드 블로그",
    "많이 본 뉴스",
    "Leader’s Today",
    "관악, 1억 5000만원 들여 전통시장 키운다",
    "엄태준 이천시장 ‘직원 화합 콘서트’ 지난 20일 열려",
    "충남도, 2025년 예산 8조 5천억원 편성",
    "자료 제공 : 정책브리핑 korea.kr",
)


@dataclass
class Page:
    """The lines being written and the facts written into them."""

    rng: random.Random
    lines: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines.append(line)
            self.lines.append(self.rng.choice(("", " ")))


def generate_release(seed: int) -> tuple[str, dict[str, Any]]:
    """A synthetic release page and the facts it states, deterministic per ``seed``.

    The facts: ``date`` (page date line), ``announced``, ``year``, ``program``, ``ministry``, ``short``,
    ``minister``; the call: ``excluded``, ``method``, ``applicants`` (None when not stated), ``regions``
    (selected, paragraph order), ``call_regions`` (as listed in the call); ``tracks``; ``national``
    (``value`` in won, ``approximate``, ``period`` (start, end)); ``quote`` (``name``, ``post``, ``text``);
    ``projects``: ``region``, ``region_text``, ``industry`` (None: unknown), ``industry_text``, ``hubs``,
    ``hub_texts``, ``unresolved_hubs``, ``budget`` (value, approximate, text), ``budget_clause`` and
    ``targets`` (``indicator``, ``wording``, ``value``, ``unit``, ``approximate``, ``amount_text``, ``phrase``).
    """
    rng = random.Random(seed)
    page = Page(rng)
    choose_frame(page, seed)
    write_chrome(page, CHROME_BEFORE)
    write_header(page)
    write_lead(page)
    write_call(page)
    write_context(page)
    for project in page.facts["projects"]:
        write_project(page, project)
    closing = [write_national, write_quote]
    rng.shuffle(closing)
    for write in closing:
        write(page)
    page.lines.append(" ")
    page.lines.append(f"{page.facts['date'].isoformat()} 면")
    write_chrome(page, CHROME_AFTER)
    return "\n".join(page.lines) + "\n", page.facts


def has_batchim(word: str) -> bool:
    """True when the last Hangul letter of ``word`` ends in a consonant (은/을/과, not 는/를/와)."""
    last = word[-1]
    return "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0


def topic(word: str) -> str:
    return word + ("은" if has_batchim(word) else "는")


def objective(word: str) -> str:
    return word + ("을" if has_batchim(word) else "를")


def and_(word: str) -> str:
    return word + ("과" if has_batchim(word) else "와")


def sido_name(key: str, when: date) -> tuple[str, str]:
    """(full name in force on ``when``, short name) of a 시도."""
    for k, full, short, later, since in SIDO:
        if k == key:
            return (later if later and since and when >= since else full), short
    raise KeyError(key)


def choose_frame(page: Page, seed: int) -> None:
    """The date, ministry, program, excluded and selected regions, applicants."""
    rng, facts = page.rng, page.facts
    page_date = date(2018, 1, 1) + timedelta(days=rng.randrange(8 * 365))
    msit = rng.random() < 0.8
    excluded = rng.choice(((), ("seoul",), ("seoul",), ("seoul", "gyeonggi")))
    pool = [k for k, *_ in SIDO if k not in excluded]
    regions = rng.sample(pool, rng.randint(2, 8))
    facts.update(
        date=page_date,
        announced=page_date - timedelta(days=rng.choice((0, 0, 1))),
        ministry="과학기술정보통신부" if msit else "산업통상자원부",
        short="과기정통부" if msit else "산업부",
        minister=rng.choice(MINISTERS["과학기술정보통신부" if msit else "산업통상자원부"]),
        # one round per program and year in the graph: the cohort number keeps generated rounds apart
        program=f"{rng.choice(PROGRAMS)} 제{seed + 1}기",
        year_in_name=rng.random() < 0.8,
        excluded=excluded,
        regions=tuple(regions),
        applicants=rng.choice((None, len(regions) + rng.randint(0, 6))),
        projects=[choose_project(rng, key, page_date) for key in regions],
    )
    next_year = facts["year_in_name"] and page_date.month >= 11 and rng.random() < 0.5
    facts["year"] = page_date.year + 1 if next_year else page_date.year


def choose_project(rng: random.Random, key: str, when: date) -> dict[str, Any]:
    """One regional project: region names, industry, hubs, budget, targets."""
    full, short = sido_name(key, when)
    industry, industry_text = rng.choice(INDUSTRIES)
    hubs: tuple[tuple[str, str | None], ...] = ()
    if key in HUBS and rng.random() < 0.6:
        hubs = tuple(rng.sample(HUBS[key], rng.randint(1, len(HUBS[key]))))
    budget_text, budget, approximate = write_money(rng)
    return {
        "region": key,
        "region_text": full if rng.random() < 0.85 else short,
        "short": short,
        "industry": industry,
        "industry_text": industry_text,
        "hubs": tuple(k for _, k in hubs if k),
        "hub_texts": tuple(n for n, _ in hubs),
        "unresolved_hubs": tuple(n for n, k in hubs if not k),
        "budget": (budget, approximate, budget_text),
        "targets": [choose_target(rng) for _ in range(rng.randint(2, 6))],
    }


def write_money(rng: random.Random) -> tuple[str, Decimal, bool]:
    """A budget in one of several notations: (text, value in won, approximate)."""
    eok = rng.randint(10, 400)
    cheonman = rng.randint(1, 9)
    kind = rng.randrange(6)
    if kind == 0:
        text, value = f"{eok}억원", Decimal(eok) * 10**8
    elif kind == 1:
        text, value = f"{eok}억 {cheonman}천만원", Decimal(eok) * 10**8 + Decimal(cheonman) * 10**7
    elif kind == 2:
        text, value = f"{eok * 10:,}억원", Decimal(eok * 10) * 10**8
    elif kind == 3:
        tenths = rng.randint(11, 19)
        text, value = f"{tenths // 10}.{tenths % 10}조원", Decimal(tenths) * 10**11
    elif kind == 4:
        baekman = rng.randint(1, 9)
        text = f"{eok}억 {cheonman}천{baekman}백만원"
        value = Decimal(eok) * 10**8 + Decimal(cheonman * 1000 + baekman * 100) * 10**4
    else:
        text, value = f"{eok}억 원", Decimal(eok) * 10**8
    approximate = rng.random() < 0.6
    return ("약 " + text if approximate else text), value, approximate


# (indicator, clause template with {n}, wording, unit, kind of number)
TARGETS: tuple[tuple[str | None, str, str, str, str], ...] = (
    ("jobs-created", "고용창출 {n}", "고용창출", "명", "people"),
    ("jobs-created", "일자리 창출 {n}", "일자리 창출", "명", "people"),
    ("commercialization-rate", "상용화율 {n}", "상용화율", "%", "percent"),
    ("people-trained", "인력양성 {n}", "인력양성", "명", "people"),
    ("people-trained", "전문인력 {n} 양성", "전문인력 양성", "명", "people"),
    ("new-services", "신서비스 발굴 및 개발 {n}", "신서비스 발굴 및 개발", "건", "count"),
    ("new-services", "소프트웨어 융합신서비스 {n} 발굴", "소프트웨어 융합신서비스 발굴", "건", "count"),
    (
        "platform-companies",
        "소프트웨어 플랫폼을 구축(정보제공·플랫폼 활용기업 수 {n})",
        "정보제공·플랫폼 활용기업 수",
        "개사",
        "count",
    ),
    ("global-expansion-support", "글로벌 진출지원 {n}", "글로벌 진출지원", "개사", "count"),
    ("global-expansion-support", "해외진출 지원 {n}", "해외진출 지원", "개사", "count"),
    ("overseas-business-support", "맞춤형 해외 비즈니스 지원 {n}", "맞춤형 해외 비즈니스 지원", "건", "count"),
    ("market-development", "판로개척 {n}", "판로개척", "건", "count"),
    ("companies-converted", "소프트웨어 융합기업으로 전환 {n}", "소프트웨어 융합기업으로 전환", "개사", "count"),
    ("companies-grown", "스타기업 {n} 발굴·육성", "스타기업 발굴·육성", "개사", "count"),
    (
        "companies-grown",
        "소프트웨어 융합강소기업 {n} 발굴 및 육성",
        "소프트웨어 융합강소기업 발굴 및 육성",
        "개사",
        "count",
    ),
    ("sales-growth-rate", "소프트웨어 융합기업 매출증가율 {n}", "소프트웨어 융합기업 매출증가율", "%", "percent"),
    ("employee-increase", "종사자수 {n} 증가", "종사자수 증가", "명", "people"),
    ("revenue", "매출 {n} 달성", "매출 달성", "원", "money"),
    ("companies-supported", "기업 지원 {n}", "기업 지원", "개사", "count"),
    ("patents", "특허출원 {n}", "특허출원", "건", "count"),
    (None, "기술이전 {n}", "기술이전", "건", "count"),
    (None, "시제품 제작 {n}", "시제품 제작", "건", "count"),
)


def choose_target(rng: random.Random) -> dict[str, Any]:
    """One target clause and its expected reading."""
    indicator, template, wording, unit, kind = rng.choice(TARGETS)
    if kind == "money":
        text, value, approximate = write_money(rng)
    else:
        text, value, approximate = write_number(rng, kind, unit)
    return {
        "indicator": indicator,
        "wording": wording,
        "value": value,
        "unit": unit,
        "approximate": approximate,
        "amount_text": text,
        "phrase": template.format(n=text),
    }


def write_number(rng: random.Random, kind: str, unit: str) -> tuple[str, Decimal, bool]:
    """A count or a percentage in one of several notations: (text, value, approximate)."""
    if kind == "percent":
        value = Decimal(rng.randint(5, 99)) + (Decimal("0.5") if rng.random() < 0.2 else 0)
        approximate = rng.random() < 0.2
        return ("약 " if approximate else "") + f"{value}%", value, approximate
    n = rng.randint(10, 30000) if kind == "people" else rng.randint(5, 400)
    digits = korean_digits(n) if n >= 10000 and rng.random() < 0.5 else rng.choice((f"{n:,}", str(n)))
    style = rng.randrange(5)
    if style == 0:
        return f"약 {digits}{unit}", Decimal(n), True
    if style == 1:
        return f"{digits}{unit} 이상", Decimal(n), False  # a lower bound: only 약 makes a figure approximate
    return f"{digits}{unit}", Decimal(n), False


def korean_digits(n: int) -> str:
    """12000 -> "1만 2천"; 12500 -> "1만 2,500"; 30000 -> "3만"."""
    man, rest = divmod(n, 10000)
    if rest == 0:
        return f"{man}만"
    if rest % 1000 == 0:
        return f"{man}만 {rest // 1000}천"
    return f"{man}만 {rest:,}"


def write_chrome(page: Page, pool: tuple[str, ...]) -> None:
    """Page chrome: headlines with numbers, buttons; never a fact."""
    for line in page.rng.sample(pool, page.rng.randint(2, len(pool))):
        page.lines.append(line)
        page.lines.append("")


def write_header(page: Page) -> None:
    """The title (twice, around the font buttons) and the subtitle."""
    facts, rng = page.facts, page.rng
    title = f"{facts['short']}, 지역 특화산업 연계 소프트웨어 융합 생태계 조성 확대"
    subtitle = f"{facts['program']} 조성, {len(facts['regions'])}개 광역지자체 선정 발표"
    facts.update(title=title, subtitle=subtitle)
    if rng.random() < 0.7:
        page.lines += [title, "", "폰트 확대 폰트 축소 프린트하기", " "]
    page.lines += [title, f"- {subtitle}", " ", " "]


def write_lead(page: Page) -> None:
    """The lead: ministry (minister, short form), date, quoted program name with the round's year."""
    facts, rng = page.facts, page.rng
    minister = rng.choice((f"장관 {facts['minister']}", f"{facts['minister']} 장관"))
    paren = f"{minister}, 이하 ‘{facts['short']}’"
    announced = facts["announced"]
    quoted = f"{facts['year']}년 {facts['program']}" if facts["year_in_name"] else facts["program"]
    page.add(
        f"{facts['ministry']}({paren})는 {announced.month}월 {announced.day}일, 지역 핵심 산업의 미래 성장 동력 확보를"
        f" 위해 지역 특화산업과 연계한 ‘{quoted}’ 사업 지원 지역을 확정하였다."
    )


def write_call(page: Page) -> None:
    """Who could apply, who was excluded, how many applied, how regions were chosen and which."""
    facts, rng = page.facts, page.rng
    listed = list(facts["projects"])
    if rng.random() < 0.3:
        rng.shuffle(listed)
    names = ", ".join(p["short"] if rng.random() < 0.8 else sido_name(p["region"], facts["date"])[0] for p in listed)
    facts["call_regions"] = tuple(p["region"] for p in listed)
    method = rng.choice(("공모·심사", "공모 및 심사", "공모·평가"))
    facts["method"] = method
    excluded = "·".join(sido_name(k, facts["date"])[1] for k in facts["excluded"])
    eligible = f"광역지자체({excluded} 제외)를" if excluded else "광역지자체를"
    n = len(listed)
    applicants = facts["applicants"]
    if applicants is not None and rng.random() < 0.5:
        page.add(f"이번 공모에는 총 {applicants}개 광역지자체가 신청하였다.")
        applicants = None
    applied = f"총 {applicants}개 광역지자체가 신청하여 " if applicants is not None else ""
    page.add(
        f"ㅇ 이번 사업은 {facts['program']} 조성을 희망하는 {eligible} 대상으로 {applied}{method}를 거쳐"
        f" {names} 등 총 {n}개 지역을 최종 선정하였다."
    )


def write_context(page: Page) -> None:
    """The program description, the tracks and the selected regions' plan (no facts beyond the tracks)."""
    facts, rng = page.facts, page.rng
    page.add(
        f"‘{facts['program']}’은 기업 연합 플랫폼을 통한 비즈니스 주도의 소프트웨어 융합 생태계로"
        " 개편하기 위한 사업이다."
    )
    facts["tracks"] = ()
    if rng.random() < 0.6:
        facts["tracks"] = ("platform-commercialization", "specialized-industry")
        page.add(
            "플랫폼 사업화 분야는 이미 구축된 생태계를 기반으로 소프트웨어 융합 서비스 사업화, 인력양성 등을 지원하며,",
            "특화산업 강화 분야는 지역 핵심 산업과 소프트웨어 융합을 통한 산업 경쟁력 강화에 주력할 예정이다.",
        )
    if rng.random() < 0.5:
        page.add(
            f"이번에 선정된 {len(facts['regions'])}개 광역지자체는 지역 여건에 최적화된 사업을 추진해나갈 계획이다."
        )


def write_project(page: Page, project: dict[str, Any]) -> None:
    """The regional paragraph and its "사업계획" line."""
    rng = page.rng
    region = topic(project["region_text"])
    if project["hub_texts"]:
        hubs = [and_(h) for h in project["hub_texts"][:-1]] + [objective(project["hub_texts"][-1])]
        text = HUB_PARAGRAPH.format(region=region, hubs=" ".join(hubs), industry=project["industry_text"])
    else:
        text = rng.choice(PARAGRAPHS).format(region=region, industry=project["industry_text"])
    budget_text = project["budget"][2]
    budget = rng.choice(
        (f"총사업비 {objective(budget_text)} 투입", f"총사업비 {budget_text} 투입", f"{budget_text} 투입")
    )
    project["budget_clause"] = budget
    clauses = ", ".join(t["phrase"] for t in project["targets"])
    suffix = rng.choice(("등의 목표 제시", "등 목표 제시"))
    page.add(f"ㅇ {text}", f"사업계획 : {budget}, {clauses} {suffix}")


def write_national(page: Page) -> None:
    """The national budget with its period."""
    facts, rng = page.facts, page.rng
    start = facts["year"]
    end = start + rng.randint(2, 4)
    period = rng.choice(
        (
            f"‘{start % 100:02d}년부터 ’{end % 100:02d}년까지",
            f"{start}년부터 {end}년까지",
            f"{start}~{end}년",
        )
    )
    eok = rng.randint(50, 900)
    about, scale = rng.random() < 0.6, rng.random() < 0.6
    amount = ("약 " if about else "") + f"{eok}억원" + (" 규모" if scale else "")
    # only 약 makes the figure approximate; 규모 ("on the scale of") alone does not
    facts["national"] = {"value": Decimal(eok) * 10**8, "approximate": about, "period": (start, end)}
    page.add(
        f"{topic(facts['short'])} 이번에 선정된 {len(facts['regions'])}개 지역에 {period} {amount}의 국비를"
        " 투입하여 지역 핵심산업의 소프트웨어 융합 지원 및 글로벌 비즈니스로 연계될 수 있도록 할 계획이다."
    )


def write_quote(page: Page) -> None:
    """A quotation with the speaker's post before or after the name, the ministry possibly between them."""
    facts, rng = page.facts, page.rng
    name, post = rng.choice(SPEAKERS), rng.choice(POSTS)
    words = rng.choice(WORDS).format(program=facts["program"])
    form = rng.randrange(3)
    if form == 0:
        speaker = f"{name} {topic(post)}"
    elif form == 1:
        speaker = f"{facts['short']} {post} {topic(name)}"
    else:
        speaker = f"{name} {facts['ministry']} {topic(post)}"
    said = rng.choice(("”고 밝혔다.", "”라고 말했다.", "”라고 강조했다."))
    facts["quote"] = {"name": name, "post": post, "text": words}
    page.add(f"ㅇ {speaker} “{words}{said}")
