"""Korean amounts: "약 140억원", "12억 3천만원", "2천5백만원", "1.5조원", "1만 2천명", "2,000명", "40%".

``parse_amount`` reads one amount written alone; ``find_amounts`` finds every amount inside a longer text
with its character offsets. Money is normalised to 원 (value in won); counts keep the unit as written
(명, 개사, 건 ...); percentages use "%"; inside a text, money may omit 원 after 억 or 조 ("국비 70억,").
약 (or 대략, and the trailing 내외 / 가량 / 남짓 / 정도 / 여,
which all mean "about") makes a figure approximate; without them it is exact. 규모 ("on the scale of") and
이상 ("at least") do not: the release says 약 when it means an approximate figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, Inexact, InvalidOperation, localcontext

from kgbuild.extract.records import Amount

BIG_UNITS = {"조": Decimal(10) ** 12, "억": Decimal(10) ** 8, "만": Decimal(10) ** 4}
SMALL_UNITS = {"천": Decimal(1000), "백": Decimal(100), "십": Decimal(10)}
# Count units as written; longest first so "개사" wins over "개".
COUNT_UNITS = ("개국", "개사", "개소", "개", "명", "건", "곳", "종", "회", "편")
PERCENT_UNITS = ("%", "％", "퍼센트")
MONEY_UNITS = ("원",)
UNITS = (*COUNT_UNITS, *PERCENT_UNITS, *MONEY_UNITS)
# The units a target may have (the shapes' schema:unitText values): every count unit, percent and won.
TARGET_UNITS = frozenset({*COUNT_UNITS, "%", "원"})

_NUM = r"\d[\d,]*(?:\.\d+)?"
# A figure starts at its first digit, not inside "2,000" (so a long run of digits is scanned once, not per digit)
_NUM_START = r"(?<!\d)(?<!\d,)"
_MULT = r"[조억만천백십]"
_EXPR = rf"{_NUM}(?:\s*{_MULT}+\s*{_NUM})*(?:\s*{_MULT}+)?"
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_BEFORE = r"(?P<before>약|대략|최대|최소)\s*"
_AFTER = r"\s*(?P<after>이상|내외|가량|남짓|정도)"
APPROXIMATE_AFTER = {"내외", "가량", "남짓", "정도"}
AMOUNT_RE = re.compile(
    rf"(?:{_BEFORE})?{_NUM_START}(?P<expr>{_EXPR})\s*(?P<yeo>여)?\s*(?P<unit>{_UNIT})(?:{_AFTER})?(?P<scale>\s*규모)?"
)
# Money written without 원 after 억 or 조 ("(국비 70억, 지방비 70억)", "3억5천만을"): read as won when a break, a
# particle or a budget word ("국비 70억 투입") follows, so "1억 달러" or "5,000만 달러" (another currency) never is
BARE_MONEY_RE = re.compile(
    rf"(?:{_BEFORE})?{_NUM_START}(?P<expr>{_NUM}(?:\s*{_MULT}+\s*{_NUM})*\s*[조억](?:\s*{_NUM}\s*[천백십]*\s*만?)?)"
    r"(?=\s*[,)\]/·ㆍ]|\s*$|(?:을|를|이|가|은|는|의|과|와|으로|로|에|씩|씩을)(?![가-힣])"
    r"|\s*(?:투입|지원|규모|들여|투자|확보|편성|부담|매칭))"
)
# An amount-looking phrase with no digits in it ("약 억원", "약 명"): a source typo to be reported.
BAD_AMOUNT_RE = re.compile(rf"(?<![가-힣])약\s*(?:{_MULT}+\s*(?:{_UNIT})|(?:{_UNIT})(?![가-힣]))")
_TOKEN_RE = re.compile(rf"({_NUM})|({_MULT})|(\s+)")
_GROUPED_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
APPROXIMATE_BEFORE = {"약", "대략"}


class AmountError(ValueError):
    """An amount that cannot be read: ``text`` as written and ``problem`` (what is wrong, how to write it)."""

    def __init__(self, text: str, problem: str) -> None:
        self.text, self.problem = text, problem
        super().__init__(f"{problem}: {text!r}")


@dataclass(frozen=True)
class FoundAmount:
    """An amount found in a longer text, with its offsets [start, end) in that text."""

    amount: Amount
    start: int
    end: int


def parse_number(expr: str) -> Decimal:
    """The value of a Korean numeral expression ("12억 3천만", "2천5백", "1,500", "1.5조").

    Raises AmountError when digits are missing before a unit, units are out of order, commas are misplaced, or
    the figure has more digits than a decimal holds exactly (28: no amount of a release comes near).
    """
    if len(expr) <= 10:  # at most 10 digits, and the units add at most 15 zeros: nothing to round
        return exact_number(expr)
    with localcontext() as ctx:
        ctx.traps[Inexact] = True
        try:
            return exact_number(expr)
        except Inexact as err:
            raise AmountError(expr, "cannot read amount: too many digits (more than 28); check the figure") from err


def exact_number(expr: str) -> Decimal:
    """``parse_number`` in a context where any rounding raises Inexact."""
    total = Decimal(0)
    section = Decimal(0)
    current: Decimal | None = None
    last_big = Decimal("Infinity")
    last_small = Decimal("Infinity")
    for number, mult in tokenize_number(expr):
        if number is not None:
            if current is not None:
                raise AmountError(expr, "cannot read amount: two numbers without a unit between them")
            current = number
        elif mult in SMALL_UNITS:
            factor = SMALL_UNITS[mult]
            if factor >= last_small:
                raise AmountError(expr, "cannot read amount: units out of order (write 2천5백, not 5백2천)")
            section += (Decimal(1) if current is None else current) * factor
            last_small, current = factor, None
        else:
            factor = BIG_UNITS[mult]
            section += current or 0
            if section == 0 or factor >= last_big:
                raise AmountError(expr, f"cannot read amount: no digits before {mult!r} or units out of order")
            total += section * factor
            section, current, last_big, last_small = Decimal(0), None, factor, Decimal("Infinity")
    value = total + section + (current or 0)
    return value.to_integral_value() if value == value.to_integral_value() else value.normalize()


def tokenize_number(expr: str) -> list[tuple[Decimal | None, str]]:
    """Numbers and unit characters of ``expr`` in order: [(Decimal, ""), (None, "억"), ...]."""
    tokens: list[tuple[Decimal | None, str]] = []
    pos = 0
    while pos < len(expr):
        m = _TOKEN_RE.match(expr, pos)
        if not m:
            raise AmountError(expr, f"cannot read amount: unexpected {expr[pos]!r}")
        if m.group(1):
            tokens.append((read_digits(m.group(1)), ""))
        elif m.group(2):
            tokens.append((None, m.group(2)))
        pos = m.end()
    if not tokens:
        raise AmountError(expr, "cannot read amount: no number")
    return tokens


def read_digits(digits: str) -> Decimal:
    """ "2,000" -> 2000; "1.5" -> 1.5; misplaced commas ("1,00,0") raise AmountError."""
    if not _GROUPED_RE.fullmatch(digits):
        raise AmountError(digits, "cannot read amount: misplaced comma (write thousands as 1,000 or 1000)")
    try:
        return +Decimal(digits.replace(",", ""))  # unary plus: rounded to the context (Inexact when too long)
    except InvalidOperation as err:  # pragma: no cover - the pattern above only lets valid numbers through
        raise AmountError(digits, "cannot read amount") from err


def normalise_unit(unit: str) -> str:
    """The unit as stored: money "원", percentages "%", counts as written."""
    return "%" if unit in PERCENT_UNITS else unit


def amount_from_match(m: re.Match[str]) -> Amount:
    """The Amount of one AMOUNT_RE match; the text runs from 약 to the unit or trailing qualifier."""
    value = parse_number(m.group("expr"))
    approximate = bool(
        m.group("before") in APPROXIMATE_BEFORE or m.group("after") in APPROXIMATE_AFTER or m.group("yeo")
    )
    end = m.end("after") if m.group("after") else m.end("unit")
    return Amount(value, normalise_unit(m.group("unit")), approximate, m.string[m.start() : end])


def parse_amount(text: str) -> Amount:
    """Read one amount written alone ("약 140억원" -> 14000000000 원, approximate).

    Raises AmountError naming the text when it is not exactly one readable amount.
    """
    stripped = text.strip()
    m = AMOUNT_RE.fullmatch(stripped)
    if not m:
        raise AmountError(text, "cannot read amount: write digits and a unit, e.g. '약 140억원' or '2,000명'")
    return amount_from_match(m)


def find_amounts(text: str) -> list[FoundAmount]:
    """Every amount in ``text`` with its offsets, in order; raises AmountError on a figure-less one ("약 억원")."""
    bad = BAD_AMOUNT_RE.search(text)
    if bad:
        raise AmountError(bad.group(0), "cannot read amount: write the figure in digits, e.g. '약 140억원'")
    found = []
    for m in AMOUNT_RE.finditer(text):
        _refuse_split_figure(text, m.start("expr"))
        amount = amount_from_match(m)
        found.append(FoundAmount(amount, m.start(), m.start() + len(amount.text)))
    if "억" in text or "조" in text:
        found = with_bare_money(text, found)
    return found


_SPLIT_BEFORE_RE = re.compile(r"\d[,.]\s+$")


def _refuse_split_figure(text: str, start: int) -> None:
    """Raise AmountError when the figure at ``start`` continues one written before it ("12, 850백만원").

    Read from its last group alone it would be a wrong figure (850백만원, not 12,850백만원): never a guess.
    """
    before = text[max(0, start - 8) : start]
    if _SPLIT_BEFORE_RE.search(before):
        head = re.search(r"[\d,.\s]*$", text[:start])
        written = text[head.start() if head else start : start + 12].strip()
        raise AmountError(written, "cannot read amount: its digits are split by a space; write them together (12,850)")


def with_bare_money(text: str, found: list[FoundAmount]) -> list[FoundAmount]:
    """``found`` with the money written without 원 ("국비 70억") that no amount with a unit covers, in order."""
    bare = []
    for m in BARE_MONEY_RE.finditer(text):
        if any(f.start < m.end() and m.start() < f.end for f in found):
            continue
        _refuse_split_figure(text, m.start("expr"))
        value = parse_number(m["expr"].rstrip())
        approximate = m["before"] in APPROXIMATE_BEFORE
        written = m.group(0).rstrip()
        bare.append(FoundAmount(Amount(value, "원", approximate, written), m.start(), m.start() + len(written)))
    return sorted([*found, *bare], key=lambda f: f.start) if bare else found
