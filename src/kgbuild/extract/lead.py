"""The lead: the ministry and its minister, the announcement date, the program and the round's year.

"과학기술정보통신부(장관 유영민, 이하 ‘과기정통부’)는 4월 23일, … ‘2019년 소프트웨어 융합클러스터 2.0’ 사업 …"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kgbuild.extract.records import Ministry, Person, Span
from kgbuild.extract.vocabulary import find_ministry, find_program

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
YEAR_BEFORE_RE = re.compile(r"(?P<y>\d{4})\s*년(?:도)?\s*$")


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


def read_announced(span: Span, page_date: date) -> tuple[date, str] | None:
    """The date in the lead ("4월 23일", "4. 23.") with the year of the page's date line, and the date as written.

    A month after the page's month means the previous year (a January page about 12월 30일).
    Raises ValueError for an impossible date.
    """
    m = DATE_RE.search(span.text)
    if not m:
        return None
    year = int(m["y"]) if m["y"] else page_date.year
    month, day = int(m["m"] or m["m2"]), int(m["d"] or m["d2"])
    if not m["y"] and month > page_date.month + 1:
        year -= 1
    return date(year, month, day), m.group(0)


def read_program(text: str) -> ProgramName | None:
    """The program of the lead: the quoted name with a year ("‘2019년 …’"), else a quoted known program,
    else a quoted name followed by "사업", else an unquoted "2020년 <name> 사업"."""
    quoted = list(QUOTED_RE.finditer(text))
    for m in quoted:
        round_ = ROUND_RE.match(m["inner"].strip())
        if round_:
            return ProgramName(round_["name"].strip(), int(round_["y"]), m["inner"])
    for m in quoted:
        if find_program(m["inner"]) or re.match(r"\s*(?:은|는|이|가)?\s*사업", text[m.end() :]):
            return program_with_year_before(text, m)
    bare = UNQUOTED_ROUND_RE.search(text)
    if bare:
        return ProgramName(bare["name"].strip(), int(bare["y"]), text[bare.start() : bare.end("name")])
    return None


def program_with_year_before(text: str, m: re.Match[str]) -> ProgramName:
    """A quoted program name, with the year written just before the quotation ("2022년 'SW융합클러스터 2.0'")."""
    year = YEAR_BEFORE_RE.search(text, 0, m.start())
    if year:
        return ProgramName(m["inner"].strip(), int(year["y"]), text[year.start() : m.end()])
    return ProgramName(m["inner"].strip(), None, m["inner"])
