"""Program-wide sentences: the national budget with its period, and the tracks (분야) of the program.

"과기정통부는 … ‘19년부터 ’23년까지 약 590억원 규모의 국비를 투입하여 …"
"플랫폼 사업화 분야는 이미 구축된 생태계를 기반으로 …"
"""

from __future__ import annotations

import re

from kgbuild.extract.amounts import FoundAmount, find_amounts
from kgbuild.extract.records import NationalBudget, Period, Span, Track
from kgbuild.extract.vocabulary import match_track, normalise_wording

NATIONAL_RE = re.compile(r"국비|국고|정부\s*예산|정부\s*출연")
# "‘19년부터 ’23년까지", "2019~2023년", "2021년~2025년간" (a length "’20년부터 5년간" is START_LENGTH_RE's:
# an end year before the first year is a length, not a year)
PERIOD_RE = re.compile(
    r"(?<!\d)[‘’'`]?(?P<a>\d{4}|\d{2})\s*년?\s*(?P<sep>부터|~|∼|-|–)\s*(?P<mark>[‘’'`])?(?P<b>\d{4}|\d{2})\s*년"
    r"(?:\s*까지|(?P<length>(?=\s*(?:간|동안))))?"
)
# "2025년부터 2년간", "’24년부터 5년 동안", "올해부터 3년간": a first year and a length
START_LENGTH_RE = re.compile(r"(?:[‘’'`]?(?P<a>\d{4}|\d{2})\s*년|올해)\s*부터\s*(?P<n>\d{1,2})\s*년\s*(?:간|동안)")
NATIONAL_BEFORE_RE = re.compile(r"(?:국비|국고)\s*(?:총\s*)?$")
NATIONAL_AFTER_RE = re.compile(r"\s*(?:규모\s*)?(?:의\s*)?(?:국비|국고)")
LENGTH_RE = re.compile(r"(?P<n>\d{1,2})\s*년(?=\s*(?:간|동안|\())")
YEARS_RE = re.compile(r"(?<!지난)(?<!지난\s)(?:(?:향후|앞으로)\s*)?(?<!\d)(?P<n>\d{1,2})\s*년\s*(?:간|동안)")
TRACK_RE = re.compile(r"^(?P<name>[가-힣A-Za-z·ㆍ\s]{2,30}?분야)\s*(?:는|은|에서는|의\s*경우)(?![가-힣])")


def full_year(digits: str) -> int:
    """'19 -> 2019; 2019 -> 2019."""
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def read_period(text: str, round_year: int) -> Period | None:
    """The years of "‘19년부터 ’23년까지", "2019~2023년", "2025년부터 2년간" or "(향후) 5년간" (counted from the
    round's year; "지난 5년간" looks back and is no period of the budget)."""
    for m in PERIOD_RE.finditer(text):
        a_length = m["sep"] == "부터" and m["length"] is not None and not m["mark"] and len(m["b"]) == 2
        if full_year(m["b"]) >= full_year(m["a"]) and not a_length:  # not "2020년부터 10년간"
            return Period(full_year(m["a"]), full_year(m["b"]), m.group(0))
    for start in START_LENGTH_RE.finditer(text):
        if int(start["n"]) > 0:  # "0년간" is no length
            first = full_year(start["a"]) if start["a"] else round_year
            return Period(first, first + int(start["n"]) - 1, start.group(0))
    for years in YEARS_RE.finditer(text):
        if int(years["n"]) > 0:
            return Period(round_year, round_year + int(years["n"]) - 1, years.group(0))
    return None


def period_texts(text: str, period: Period | None) -> list[str]:
    """The texts that state ``period``: its years and a matching length ("5년간", "5년(")."""
    if period is None:
        return []
    length = period.end_year - period.start_year + 1
    lengths = [m.group(0) for m in LENGTH_RE.finditer(text) if int(m["n"]) == length]
    return [period.text, *lengths]


def read_national_budget(span: Span, round_year: int) -> NationalBudget | None:
    """The national budget of a sentence naming 국비 with a money amount, or None."""
    if not NATIONAL_RE.search(span.text):
        return None
    money = [f for f in find_amounts(span.text) if f.amount.unit == "원"]
    if not money:
        return None
    national = next((f for f in money if names_national(span.text, f)), money[0])
    if national.amount.value <= 0:
        return None  # "국비 0원" is no budget: its figure is reported as not accounted for
    return NationalBudget(national.amount, read_period(span.text, round_year), span)


def names_national(text: str, found: FoundAmount) -> bool:
    """True when the amount is the one called 국비: "국비 90억원" or "약 590억원 규모의 국비"."""
    before = NATIONAL_BEFORE_RE.search(text, 0, found.start)
    return bool(before) or bool(NATIONAL_AFTER_RE.match(text, found.end))


def read_track(span: Span) -> Track | None:
    """A track sentence ("플랫폼 사업화 분야는 …"): key (known or minted from the name), name, description."""
    m = TRACK_RE.match(span.text)
    if not m:
        return None
    name = re.sub(r"\s+", " ", m["name"]).strip()
    key = match_track(name) or normalise_wording(name).removesuffix("분야")
    return Track(key, name, span.text, span)
