"""The lead: the ministry and its minister, the announcement date, the program and the round's year.

"과학기술정보통신부(장관 유영민, 이하 ‘과기정통부’)는 4월 23일, … ‘2019년 소프트웨어 융합클러스터 2.0’ 사업 …"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kgbuild.extract.records import Ministry, Person, Span
from kgbuild.extract.vocabulary import find_ministry, find_program, search_program

MINISTRY_RE = re.compile(r"(?P<name>[가-힣]{2,}부)\s*(?:\((?P<paren>[^)]*)\))?")
MINISTER_RE = re.compile(r"(?:장관\s+(?P<after>[가-힣]{2,4})(?![가-힣])|(?P<before>[가-힣]{2,4})\s+장관)")
SHORT_RE = re.compile(r"이하\s*(?:[‘'\"“「](?P<short>[^’'\"”」]+)[’'\"”」]|(?P<bare>[가-힣]{2,10})\s*(?:,|$))")
# "4월 23일", "2019년 4월 23일", or the dotted "4. 23." / "4. 23.(화)" (not "2.0" nor a figure "1.5")
DATE_RE = re.compile(
    r"(?:(?P<y>\d{4})\s*년\s*)?(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일"
    r"|(?<![\d.])(?P<m2>\d{1,2})\.\s+(?P<d2>\d{1,2})\.(?!\d)(?:\s*\([월화수목금토일]\))?"
)
QUOTED_RE = re.compile(r"[‘'\"“「『](?P<inner>[^’'\"”」』]{2,60})[’'\"”」』]")
ROUND_RE = re.compile(r"^(?P<y>\d{4})\s*년(?:도)?\s+(?P<name>.+)$")
# "2020년 지역 SW서비스 사업화 지원사업 수행 지역으로": the name between the year and "사업" (not "사업화")
UNQUOTED_ROUND_RE = re.compile(
    r"(?P<y>\d{4})\s*년(?:도)?\s+(?P<name>[^\d\s,.‘’'\"“”(「『][^,.‘’'\"“”(「『]{1,40}?)\s*사업"
    r"(?=\s|의|을|를|에|은|는|이|으로|$)"
)
YEAR_BEFORE_RE = re.compile(r"(?P<y>\d{4})\s*년(?:도)?\s*[‘'\"“「『]?\s*$")
# A quoted name that is not a program: a law, a strategy, a plan, a committee ("'스마트시티 추진전략'에 따라")
NOT_PROGRAM_RE = re.compile(r"(?:법률|법|전략|계획|방안|위원회|대책|선언|협약)$")
# What follows a quoted program name: "사업", "로 지정", "조성지역", "대상지"
AFTER_PROGRAM_RE = re.compile(r"\s*(?:은|는|이|가)?\s*(?:사업|(?:으로|로)(?![가-힣])|조성|지역|대상|공모|선정|지정)")
# An unquoted program named by what the selected become: "… 13곳을 도시재생 선도지역으로 지정했다",
# "2021년 산업단지 대개조 지역으로 예비선정했다", "7곳을 국가첨단전략산업 특화단지로 지정하였다"
BECOME_RE = re.compile(
    r"(?:(?P<y>\d{4})\s*년(?:도)?\s+)?(?P<name>(?:[가-힣A-Za-z][가-힣A-Za-z0-9.·]*\s+){0,2}[가-힣A-Za-z][가-힣A-Za-z0-9.·]*?)"
    r"(?:\s*(?:지역|대상지|사업자|조성지역|대상))?\s*(?:으로|로)\s+(?:[^.]{0,60}?\s)?(?:최종\s*|새로\s*|각각\s*)?"
    r"(?:예비\s*)?(?:선정|지정)"
)
NOT_NAME_WORD_RE = re.compile(r"(?:을|를|은|는|이|가|에|의|와|과|에서|곳|개|도|시)$|^\d")


@dataclass(frozen=True)
class ProgramName:
    """The program as written in the lead, the round's year when the name carries it, and the quoted text."""

    name: str
    year: int | None
    quoted: str  # the text inside the quotation marks, e.g. "2019년 소프트웨어 융합클러스터 2.0"


def read_ministry(span: Span) -> Ministry:
    """The ministry of the lead (its full name, also when the lead writes the short form "과기정통부(장관 …)"),
    its short form ("이하 ‘과기정통부’", else the known short form) and minister."""
    m = MINISTRY_RE.search(span.text)  # after any bullet left on the span ("ㅇ1) 과학기술정보통신부는 …")
    assert m is not None  # the lead was found by a ministry name of this shape
    paren = m["paren"] or ""
    known = find_ministry(m["name"])
    short = SHORT_RE.search(paren)
    minister = MINISTER_RE.search(paren)
    return Ministry(
        name=known.name_ko if known else m["name"],  # "과기정통부(장관 …)는": the full name of the short form
        short=(short["short"] or short["bare"]) if short else (known.short if known else None),
        minister=Person(minister["after"] or minister["before"], "장관") if minister else None,
        span=span,
        key=known.key if known else None,
    )


def read_announced(span: Span, page_date: date | None) -> tuple[date, str] | None:
    """The announcement date of the lead and the date as written, with the year (and month) of the page's date.

    The date said to be when the ministry announced ("… 지정하였다고 24일 밝혔다") wins over an earlier date of
    the lead (the committee's "7월 23일"); else the lead's first full date ("4월 23일", "4. 23."); else a day alone
    right after the ministry ("중소벤처기업부는 11일 …"). A month after the page's month means the previous year
    (a January page about 12월 30일); a day alone after the page's day, the previous month. Without the page's
    date only a date with its year is read. Raises ValueError for an impossible date.
    """
    found = [(m, False) for m in DATE_RE.finditer(span.text)]
    found += [(m, True) for m in DAY_RE.finditer(span.text) if not overlaps(m, [f for f, _ in found])]
    found.sort(key=lambda pair: pair[0].start())
    said = [pair for pair in found if ANNOUNCED_AFTER_RE.match(span.text, pair[0].end())]
    opening = [pair for pair in found if pair[1] and OPENING_RE.search(span.text, 0, pair[0].start())]
    full = [pair for pair in found if not pair[1]]
    for m, day_only in (*said, *full, *opening):
        when = date_of(m, day_only, page_date)
        if when is not None:
            return when, m.group(0)
    return None


# A day alone ("24일"), not part of "4월 24일", "2일간", "1박 2일"; and what says the date is the announcement's
DAY_RE = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\s*일(?![가-힣])(?:\s*\([월화수목금토일]\))?")
ANNOUNCED_AFTER_RE = re.compile(r"\s*(?:\([월화수목금토일]\)\s*)?(?:오전|오후)?\s*(?:밝혔|발표|전했|알렸|공개)")
OPENING_RE = re.compile(r"^\s*\S*\s*[가-힣]{2,}부\s*(?:\([^)]*\))?\s*(?:와|과)?\s*(?:[가-힣]{2,}부\s*)?(?:는|은)\s*$")


def overlaps(m: re.Match[str], others: list[re.Match[str]]) -> bool:
    return any(o.start() < m.end() and m.start() < o.end() for o in others)


def date_of(m: re.Match[str], day_only: bool, page_date: date | None) -> date | None:
    """The date a match stands for, completed from the page's date; None when the page's date is needed and
    unknown. Raises ValueError for an impossible date."""
    if day_only:
        if page_date is None:
            return None
        day = int(m["d"])
        year, month = page_date.year, page_date.month
        if day > page_date.day:
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return date(year, month, day)
    month, day = int(m["m"] or m["m2"]), int(m["d"] or m["d2"])
    if m["y"]:
        return date(int(m["y"]), month, day)
    if page_date is None:
        return None
    year = page_date.year
    if month > page_date.month + 1:
        year -= 1
    return date(year, month, day)


def read_program(text: str) -> ProgramName | None:
    """The program of the lead: the quoted name with a year ("‘2019년 …’"), else a quoted known program or a
    quoted name followed by "사업", "로 지정" and the like, else a known program of sources/programs.csv written
    without quotes (any spelling), else an unquoted "2020년 <name> 사업", else what the selected become
    ("… 선도지역으로 지정")."""
    quoted = [m for m in QUOTED_RE.finditer(text) if not NOT_PROGRAM_RE.search(m["inner"].strip())]
    for m in quoted:
        round_ = ROUND_RE.match(m["inner"].strip())
        if round_:
            return ProgramName(round_["name"].strip(), int(round_["y"]), m["inner"])
    for m in quoted:
        if find_program(m["inner"]) or AFTER_PROGRAM_RE.match(text, m.end()):
            return program_with_year_before(text, m)
    known = search_program(text)
    if known:
        program, where = known
        year = YEAR_BEFORE_RE.search(text, 0, where.start())
        written = text[year.start() if year else where.start() : where.end()]
        return ProgramName(program.name_ko, int(year["y"]) if year else None, written)
    bare = UNQUOTED_ROUND_RE.search(text)
    if bare:
        return ProgramName(bare["name"].strip(), int(bare["y"]), text[bare.start() : bare.end("name")])
    return program_by_what_selected_become(text)


def program_by_what_selected_become(text: str) -> ProgramName | None:
    """The program named by what the selected become ("전국 13곳을 도시재생 선도지역으로 지정했다"): the words
    before "(으)로 … 선정/지정", without particles or figures, else None."""
    for m in BECOME_RE.finditer(text):
        words = m["name"].split()
        if len(words) > 1 and words[-1] in ("지역", "대상지", "사업자", "조성지역", "대상"):
            words.pop()
        while words and NOT_NAME_WORD_RE.search(words[0]):
            words.pop(0)
        if words and not any(NOT_NAME_WORD_RE.search(word) for word in words):
            name = " ".join(words)
            return ProgramName(name, int(m["y"]) if m["y"] else None, text[m.start() : m.end("name")])
    return None


def program_with_year_before(text: str, m: re.Match[str]) -> ProgramName:
    """A quoted program name, with the year written just before the quotation ("2022년 'SW융합클러스터 2.0'")."""
    year = YEAR_BEFORE_RE.search(text, 0, m.start())
    if year:
        return ProgramName(m["inner"].strip(), int(year["y"]), text[year.start() : m.end()])
    return ProgramName(m["inner"].strip(), None, m["inner"])
