"""Wordings of the genre -> concept keys: target indicators, focus industries, program tracks; and the
hand-kept tables of known programs and ministries (``sources/programs.csv``, ``sources/ministries.csv``).

Indicators are matched on the *normalised* wording (spaces, middle dots and brackets removed), by
containment, most specific entry first, and only when the target's unit fits the indicator
("매출증가율" needs %, "매출" needs 원). An unknown wording gives ``None``; the caller keeps the wording.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kgbuild.paths import SOURCES_DIR

COUNTS = frozenset({"개사", "개", "개소", "곳", "건", "종", "회", "편", "개국"})
COMPANIES = frozenset({"개사", "개", "곳", "개소"})
PEOPLE = frozenset({"명"})
JOBS = frozenset({"명", "개"})  # "일자리 1,000개": jobs are counted in people or in posts
PERCENT = frozenset({"%"})
MONEY = frozenset({"원"})

# (key, units the figure may have, normalised wordings contained in the target's wording), most specific first.
INDICATORS: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...] = (
    ("platform-companies", COUNTS, ("플랫폼활용기업", "플랫폼이용기업", "플랫폼참여기업")),
    ("commercialization-rate", PERCENT, ("상용화율", "사업화율", "사업화성공률", "상용화성공률")),
    ("sales-growth-rate", PERCENT, ("매출증가", "매출액증가", "매출성장", "매출액성장", "매출향상", "매출신장")),
    ("employee-increase", PEOPLE, ("종사자수", "종사자증가", "종사자", "고용인원증가")),
    ("overseas-business-support", COUNTS, ("해외비즈니스", "해외사업지원", "맞춤형해외")),
    ("global-expansion-support", COUNTS, ("글로벌진출", "해외진출", "글로벌화지원", "해외시장진출")),
    ("market-development", COUNTS, ("판로개척", "판로개발", "판로확보", "판로")),
    ("companies-converted", COMPANIES, ("융합기업으로전환", "융합기업전환", "기업으로전환", "기업전환")),
    ("companies-grown", COMPANIES, ("강소기업", "스타기업", "유망기업", "선도기업", "기업발굴및육성")),
    ("new-services", COUNTS, ("신서비스", "서비스발굴", "서비스개발", "서비스창출", "신규서비스")),
    ("people-trained", PEOPLE, ("인력양성", "인재양성", "전문인력", "인력육성", "인재육성")),
    ("jobs-created", JOBS, ("고용창출", "일자리창출", "신규고용", "일자리", "고용")),
    ("patents", COUNTS, ("특허출원", "특허등록", "특허")),
    ("revenue", MONEY, ("매출액", "매출")),
    ("companies-supported", COMPANIES, ("기업지원", "지원기업", "기업육성")),
)

# (key, wordings as written); a wording matches with any spacing between its letters.
INDUSTRIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bio-information-services", ("바이오정보 서비스", "바이오정보", "라이프로그")),
    ("smart-logistics", ("스마트 물류서비스", "스마트 물류", "물류서비스", "물류")),
    ("shipbuilding-marine", ("조선해양", "친환경자율운항 선박", "자율운항 선박", "조선", "선박")),
    ("machinery", ("기계설비", "스마트 기계", "기계")),
    ("display", ("디스플레이",)),
    ("automotive", ("자율주행 자동차", "미래 자동차", "미래차", "전기차", "자동차")),
    ("energy", ("신재생 에너지", "에너지")),
    ("healthcare", ("스마트 헬스케어", "헬스케어", "의료기기", "정밀의료", "의료")),
    ("agriculture", ("스마트팜", "농생명", "스마트 농업", "농업")),
    ("tourism", ("스마트 관광", "문화관광", "관광")),
    ("aerospace", ("항공우주", "항공")),
    ("semiconductor", ("시스템 반도체", "반도체")),
)

TRACKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("platform-commercialization", ("플랫폼사업화",)),
    ("specialized-industry", ("특화산업강화", "특화산업")),
)

_NOISE_RE = re.compile(r"[\s·ㆍ・‧,()\[\]{}‘’“”'\"<>「」『』-]")


@dataclass(frozen=True)
class Known:
    """A row of programs.csv or ministries.csv."""

    key: str
    name_ko: str
    name_en: str
    short: str | None = None
    org_code: str | None = None
    aliases: tuple[str, ...] = ()  # other spellings ("SW융합클러스터 2.0"), "|"-separated in the table


@dataclass(frozen=True)
class IndustryMatch:
    key: str
    text: str  # as written in the paragraph
    start: int
    end: int


def normalise_wording(text: str) -> str:
    """The wording without spaces, middle dots, brackets and quotes: "글로벌 진출·지원" -> "글로벌진출지원"."""
    return _NOISE_RE.sub("", text)


def match_indicator(wording: str, unit: str) -> str | None:
    """The indicator key of a target wording whose figure has ``unit``; None when no entry fits."""
    norm = normalise_wording(wording)
    for key, units, terms in INDICATORS:
        if unit in units and any(term in norm for term in terms):
            return key
    return None


@cache
def industry_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per industry wording, letters joined by optional spaces, longest wording first."""
    pairs = [(key, wording) for key, wordings in INDUSTRIES for wording in wordings]
    pairs.sort(key=lambda pair: len(normalise_wording(pair[1])), reverse=True)
    return tuple((key, re.compile(spaced_pattern(wording))) for key, wording in pairs)


def spaced_pattern(wording: str) -> str:
    """A regex for ``wording`` that allows any spacing between its letters."""
    return r"\s*".join(re.escape(ch) for ch in normalise_wording(wording))


def find_industry(text: str) -> IndustryMatch | None:
    """The industry wording that occurs first in ``text`` (longest wins at the same place), or None."""
    best: IndustryMatch | None = None
    for key, pattern in industry_patterns():
        m = pattern.search(text)
        if m and (best is None or m.start() < best.start):
            best = IndustryMatch(key, m.group(0), m.start(), m.end())
    return best


def match_track(name: str) -> str | None:
    """The track key of a track name as written ("플랫폼 사업화 분야"), or None."""
    norm = normalise_wording(name)
    for key, terms in TRACKS:
        if any(term in norm for term in terms):
            return key
    return None


def read_known(path: Path) -> tuple[Known, ...]:
    """Rows of a key,name_ko,name_en[,short,org_code,aliases] table."""
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Known(
                key=row["key"],
                name_ko=row["name_ko"],
                name_en=row["name_en"],
                short=row.get("short") or None,
                org_code=row.get("org_code") or None,
                aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
            )
            for row in csv.DictReader(fh)
        )


@cache
def load_programs(sources: Path = SOURCES_DIR) -> tuple[Known, ...]:
    """The programs of ``sources/programs.csv``."""
    return read_known(sources / "programs.csv")


@cache
def load_ministries(sources: Path = SOURCES_DIR) -> tuple[Known, ...]:
    """The ministries of ``sources/ministries.csv``."""
    return read_known(sources / "ministries.csv")


def find_ministry(name: str) -> Known | None:
    """The known ministry whose full or short name is ``name``."""
    for ministry in load_ministries():
        if name in (ministry.name_ko, ministry.short):
            return ministry
    return None


def find_program(name: str) -> Known | None:
    """The known program whose Korean name or alias is ``name`` (spacing ignored, "SW" read as "소프트웨어")."""
    norm = normalise_program(name)
    for program in load_programs():
        if any(normalise_program(spelling) == norm for spelling in (program.name_ko, *program.aliases)):
            return program
    return None


@cache
def program_patterns() -> tuple[tuple[Known, re.Pattern[str]], ...]:
    """A pattern per spelling of every known program (any spacing), the longest spelling first."""
    pairs = [(program, spelling) for program in load_programs() for spelling in (program.name_ko, *program.aliases)]
    pairs.sort(key=lambda pair: len(normalise_wording(pair[1])), reverse=True)
    return tuple((program, re.compile(spaced_pattern(spelling))) for program, spelling in pairs)


def search_program(text: str) -> tuple[Known, re.Match[str]] | None:
    """The known program named first in ``text`` (the longest spelling at one place), with where it is."""
    best: tuple[Known, re.Match[str]] | None = None
    for program, pattern in program_patterns():
        m = pattern.search(text)
        if m and (best is None or m.start() < best[1].start()):
            best = (program, m)
    return best


def normalise_program(name: str) -> str:
    """A program name for comparison: normalised wording with the abbreviation SW spelled out."""
    return normalise_wording(name).replace("SW", "소프트웨어")
