"""Regional projects: the regional paragraph (region, focus industry, hubs) and its "사업계획 :" line
(the budget, then the targets, ending with "등의 목표 제시").

"ㅇ 충청남도는 아산시와 천안시를 핵심거점으로 … 디스플레이 …"
"사업계획 : 총사업비 약 190억원 투입, 스타기업 10개사 발굴·육성, …, 종사자수 5,000명 증가 등의 목표 제시"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgbuild.extract.amounts import TARGET_UNITS, FoundAmount, find_amounts
from kgbuild.extract.records import Span, Target, Unread
from kgbuild.extract.sentences import split_clauses, trim_span
from kgbuild.extract.vocabulary import find_industry, match_indicator
from kgbuild.gazetteer import Gazetteer, Region

PLAN_RE = re.compile(r"^[(\[]?\s*사업\s*계획\s*[)\]]?\s*[:：]?\s*")
GOAL_SUFFIX_RE = re.compile(r"\s*등(?:의|을)?\s*목표(?:를|로|치를)?\s*(?:제시|설정|수립)(?:하였다|했다|함)?\s*\.?\s*$")
BUDGET_WORDS_RE = re.compile(r"총\s*사업비|사업비|예산|투입")
REGION_TOPIC_RE = re.compile(r"(?P<suffix>도|시)?\s*(?:\([^)]*\)\s*)?(?:는|은|의|도|에서는)(?![가-힣])")
LABEL_RE = re.compile(r"^[(\[<【]\s*[^)\]>】]{1,12}\s*[)\]>】]\s*")
HUB_RE = re.compile(r"(?:을|를)\s*(?:핵심|주요|중심)?\s*거점")
HUB_JOIN_RE = re.compile(r"(?P<name>[가-힣]+?)\s*(?:와|과|및|,|·|ㆍ)\s*$")
HUB_LAST_RE = re.compile(r"(?P<name>[가-힣]+)\s*$")
HUB_SPLIT_RE = re.compile(r"[·ㆍ]")
INDUSTRY_WORD_RE = re.compile(r"(?P<word>[가-힣A-Za-z]{2,})\s*산업(?!\s*혁명)")
NOT_INDUSTRY = frozenset(
    {"지역", "핵심", "주력", "특화", "미래", "관련", "해당", "전략", "신", "대표", "기존", "지역의"}
)
DIGIT_RE = re.compile(r"\d")


@dataclass(frozen=True)
class Paragraph:
    """A regional paragraph: the region it opens with, and its span."""

    region: Region
    region_text: str
    span: Span


@dataclass
class Plan:
    """What a "사업계획 :" line says: the budget and the targets, plus the clauses not understood."""

    budget: FoundAmount | None = None
    budget_span: Span | None = None
    targets: list[Target] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)


def is_plan_line(span: Span) -> bool:
    """True for a "사업계획 :" line."""
    return bool(PLAN_RE.match(span.text))


def match_paragraph(span: Span, gazetteer: Gazetteer) -> Paragraph | None:
    """The regional paragraph opening with a 시도 and a topic particle ("인천광역시는 …"), or None."""
    label = LABEL_RE.match(span.text)
    offset = label.end() if label else 0
    found = gazetteer.find_all(span.text[offset : offset + 20])
    if not found:
        return None
    region, m = found[0]
    topic = REGION_TOPIC_RE.match(span.text, offset + m.end())
    if m.start() != 0 or region.level != "sido" or not topic:
        return None
    return Paragraph(region, m.group(0) + (topic["suffix"] or ""), span)


def read_industry(text: str) -> tuple[str | None, str]:
    """The focus industry key and its wording as written; unknown industries: (None, "<word> 산업")."""
    known = find_industry(text)
    if known:
        return known.key, known.text
    for m in INDUSTRY_WORD_RE.finditer(text):
        if m["word"] not in NOT_INDUSTRY:
            return None, m["word"]
    return None, ""


def read_hubs(text: str, gazetteer: Gazetteer) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The 시·군 hubs before "…를 핵심거점으로": (gazetteer keys, every hub as written, hubs not in the gazetteer)."""
    m = HUB_RE.search(text)
    if not m:
        return (), (), ()
    names = collect_hub_names(text[: m.start()])
    keys: list[str] = []
    written: list[str] = []
    unknown: list[str] = []
    for name in names:
        region = gazetteer.find(name)
        if region and region.level in ("sigungu", "gu"):
            keys.append(region.key)
            written.append(name)
        elif re.search(r"[시군구]$", name):
            written.append(name)
            unknown.append(name)
    return tuple(keys), tuple(written), tuple(unknown)


def collect_hub_names(before: str) -> list[str]:
    """The names joined by 와/과/및/,/· at the end of ``before`` ("아산시와 천안시" -> [아산시, 천안시])."""
    last = HUB_LAST_RE.search(before)
    if not last:
        return []
    names = [last["name"]]
    rest = before[: last.start()]
    while (joined := HUB_JOIN_RE.search(rest)) is not None:
        names.insert(0, joined["name"])
        rest = rest[: joined.start()]
    return [part for name in names for part in HUB_SPLIT_RE.split(name) if part]


def read_plan(span: Span) -> Plan:
    """The budget clause and the target clauses of a "사업계획 :" line. Raises AmountError on a bad amount."""
    prefix = PLAN_RE.match(span.text)
    body = trim_span(span, prefix.end() if prefix else 0, len(span.text))
    suffix = GOAL_SUFFIX_RE.search(body.text)
    if suffix:
        body = trim_span(body, 0, suffix.start())
    plan = Plan()
    for clause in split_joined(split_clauses(body)):
        if plan.budget is None and read_budget(clause, plan):
            continue
        read_target(clause, plan)
    return plan


def split_joined(clauses: list[Span]) -> list[Span]:
    """Clauses with two targets joined by "및" ("고용창출 100명 및 인력양성 50명") split in two."""
    out = []
    for clause in clauses:
        cut = clause.text.find(" 및 ")
        if cut > 0 and find_amounts(clause.text[:cut]) and find_amounts(clause.text[cut + 3 :]):
            out += [trim_span(clause, 0, cut), trim_span(clause, cut + 3, len(clause.text))]
        else:
            out.append(clause)
    return out


def read_budget(clause: Span, plan: Plan) -> bool:
    """Take ``clause`` as the budget when it states money with 총사업비/투입; True when taken."""
    if not BUDGET_WORDS_RE.search(clause.text):
        return False
    found = find_amounts(clause.text)
    money = [f for f in found if f.amount.unit == "원"]
    if not money:
        return False
    plan.budget, plan.budget_span = money[0], clause
    for extra in found:
        if extra is not money[0]:
            plan.unread.append(
                Unread(clause.line, clause.text, f"second figure '{extra.amount.text}' in the clause is not read")
            )
    return True


def read_target(clause: Span, plan: Plan) -> None:
    """One target clause -> a Target (figure before or after the verb, or inside brackets), else Unread."""
    found = find_amounts(clause.text)
    outside = [f for f in found if not inside_brackets(clause.text, f.start)]
    if len(outside) == 1:
        main = outside[0]
        wording = remove_figure(clause.text, main, drop_brackets=True)
    elif not outside and len(found) == 1:
        main = found[0]
        open_, close = enclosing_brackets(clause.text, main.start)
        wording = remove_figure(clause.text[open_ + 1 : close], main, offset=open_ + 1)
    else:
        plan.unread.append(Unread(clause.line, clause.text, target_problem(clause.text, found)))
        return
    if main.amount.unit not in TARGET_UNITS:
        reason = f"unit '{main.amount.unit}' of '{main.amount.text}' is not a target unit (명, 개사, 건, %, 원)"
        plan.unread.append(Unread(clause.line, clause.text, reason))
        return
    for extra in found:
        if extra is not main:
            plan.unread.append(
                Unread(clause.line, clause.text, f"second figure '{extra.amount.text}' in the clause is not read")
            )
    indicator = match_indicator(wording, main.amount.unit)
    plan.targets.append(Target(indicator, wording, main.amount, clause.text, clause))


def target_problem(text: str, found: list[FoundAmount]) -> str:
    """Why a target clause could not be read."""
    if found:
        return "several figures in one target clause; separate the targets with ', '"
    if DIGIT_RE.search(text):
        return "figure without a known unit (명, 개사, 건, %, 원 …)"
    return "target clause without a figure"


def inside_brackets(text: str, pos: int) -> bool:
    """True when ``pos`` is inside round brackets."""
    return text.count("(", 0, pos) > text.count(")", 0, pos)


def enclosing_brackets(text: str, pos: int) -> tuple[int, int]:
    """Offsets of the "(" and ")" around ``pos``."""
    open_ = text.rfind("(", 0, pos)
    close = text.find(")", pos)
    return open_, close if close >= 0 else len(text)


def remove_figure(text: str, figure: FoundAmount, *, offset: int = 0, drop_brackets: bool = False) -> str:
    """The wording of a target: its clause without the figure (and without asides in brackets)."""
    start, end = figure.start - offset, figure.end - offset
    wording = f"{text[:start]} {text[end:]}"
    if drop_brackets:
        wording = re.sub(r"\([^)]*\)", " ", wording)
    wording = re.sub(r"\s+", " ", wording).strip()
    return re.sub(r"^(?:총|약)\s+|\s+(?:총|약)$", "", wording)
