"""Regional projects: the regional paragraph (region, focus industry, hubs) and its plan lines (the budget,
then the targets, ending with "등의 목표 제시" or "등을 목표로 한다").

"ㅇ 충청남도는 아산시와 천안시를 핵심거점으로 … 디스플레이 …"
"사업계획 : 총사업비 약 190억원 투입, 스타기업 10개사 발굴·육성, …, 종사자수 5,000명 증가 등의 목표 제시"

Also: other plan labels ("주요 목표 :", "사업 내용 :", "사업기간/예산 :"), "▲"-separated targets, budgets with
their funding shares ("국비 70억원, 지방비 40억원 등 총사업비 110억원": the total is the budget, the shares are
reported), the budget stated in the paragraph, and, for a paragraph without plan lines, the targets of its prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from kgbuild.extract.amounts import TARGET_UNITS, FoundAmount, find_amounts
from kgbuild.extract.records import Amount, FundingShare, Span, Target, Unread
from kgbuild.extract.sentences import depth_changes, split_clauses, split_sentences, trim_span
from kgbuild.extract.vocabulary import find_industry, match_indicator
from kgbuild.gazetteer import Gazetteer, Region

# "사업계획 :" (the colon optional), or another label of a plan line with its colon: "주요 목표 :", "사업 내용 :",
# "사업비 :", "사업기간 :" (a paragraph may have several plan lines)
PLAN_RE = re.compile(
    r"^[(\[]?\s*(?:사업\s*계획\s*[)\]]?\s*[:：]?"
    r"|(?:(?:주요|사업|핵심|추진|세부)\s*(?:목표|계획|내용)|목표|(?:총\s*)?사업비|(?:사업\s*)?예산|사업\s*규모"
    r"|(?:사업\s*)?기간(?:\s*[/및·ㆍ]\s*(?:예산|사업비))?)\s*[)\]]?\s*[:：])\s*"
)
# "… 등의 목표 제시", "… 등을 목표로 한다.", "… 20%를 목표로 하고 있다": the end of the line, not a target
GOAL_SUFFIX_RE = re.compile(r"\s*(?:등\s*(?:의|을|를)?\s*(?:주요\s*)?목표|(?:을|를)\s*목표로)[가-힣\s]*\.?\s*$")
TRAILING_ETC_RE = re.compile(r"\s*등\s*\.?\s*$")
BUDGET_WORDS_RE = re.compile(r"총\s*사업비|사업비|예산|투입|들여|(?<![가-힣])총\s*(?=(?:약\s*)?\d)")
# Prose: where one action of a sentence ends, and the particles and predicate around a target's figure
PROSE_CUT_RE = re.compile(r"(?:(?<=[가-힣])(?:하여|하며|하고|해|며|고)|(?<![가-힣])들여)\s+|[,，]\s*")
PROSE_PARTICLE_RE = re.compile(r"(?<=\s)(?:을|를|이|가|의)(?=\s)\s*")
PROSE_TAIL_RE = re.compile(
    r"(?:할|하는|한다|했다|하겠다|하고|하며|하여|해)?\s*(?:(?:계획|예정|방침)\s*(?:이다|입니다))?\s*\.?\s*$"
)
# "… 도시 안전관리 서비스를 구축한다": the object (up to three words) of the paragraph's main verb
MAIN_OBJECT_RE = re.compile(
    r"(?P<object>(?:[가-힣A-Za-z0-9·]+\s+){0,2}[가-힣A-Za-z0-9·]+?)(?:을|를)\s*"
    r"(?:구축|조성|육성|개발|추진|지원|확산|실증|도입|운영|고도화|활성화|발굴)"
)
# A funding share of the budget ("국비 70억원", "지방비 40억원"): the project budget is the total
SHARE_WORD_RE = re.compile(
    r"(?P<source>국비|국고|지방비|시·도비|시도비|시비|도비|군비|구비|민자|민간\s*(?:부담금|자금|투자)?)\s*$"
)
SHARE_START_RE = re.compile(r"^\(?\s*(?:국비|국고|지방비|시·도비|시도비|시비|도비|군비|구비|민자|민간)")
# after the region: a topic particle ("인천광역시는"), or a colon or dash ("부산광역시 : …", "부산 – …")
REGION_TOPIC_RE = re.compile(
    r"(?P<suffix>도|시)?\s*(?:\([^)]*\)\s*)?(?:(?:는|은|의|도|에서는)(?![가-힣])|\s*[:：]|\s+[-–—]\s)"
)
LABEL_RE = re.compile(r"^[(\[<【]\s*(?P<name>[^)\]>】]{1,12}?)\s*[)\]>】]\s*")
# Where a paragraph names its 시·군 hubs: "…를 (핵심) 거점으로", "… 일원에", "… 일대", "…를 중심으로"
HUB_MARK_RE = re.compile(r"(?:을|를)\s*(?:핵심|주요|중심)?\s*거점|\s*일원(?!화)|\s*일대|(?:을|를)\s*중심")
HUB_TOKEN_RE = re.compile(r"[가-힣]+|[,·ㆍ]|[^\s가-힣,·ㆍ]+")
HUB_JOINERS = frozenset({",", "·", "ㆍ", "및"})
PLACE_RE = re.compile(r"[가-힣]{1,4}[시군구]")
NOT_PLACE_RE = re.compile(
    r"(?:도시|지구|연구|기구|도구|인구|항구|출구|입구|전시|감시|표시|게시|업군|광역시|특별시|자치시)$"
)
DIRECTIONAL_GU = frozenset({"중구", "동구", "서구", "남구", "북구"})
# "<word> 산업": "로봇 산업", "석유화학 산업단지" (an industrial complex of that industry); a complex written as one
# word ("성서산업단지") is a place name, not an industry
INDUSTRY_WORD_RE = re.compile(r"(?P<word>[가-힣A-Za-z]{2,})(?P<space>\s*)산업(?P<complex>\s*단지)?(?!\s*혁명)")
NOT_INDUSTRY = frozenset(
    {"지역", "핵심", "주력", "특화", "미래", "관련", "해당", "전략", "신", "대표", "기존", "지역의"}
    | {"융합", "기반", "연계", "중심", "활용", "전통", "기간"}
)
DIGIT_RE = re.compile(r"\d")
# "수출 5,000만 달러", "1억 달러", "USD 20 million": money the graph cannot hold (it holds won only)
CURRENCY_RE = re.compile(
    r"(?<!\d)\d[\d,.]*\s*[조억만천백]*\s*(?:미\s*)?(?:달러|불|유로|엔|위안|파운드)(?![가-힣])|US\$|\$\s*\d|USD|EUR|JPY|CNY"
)
# "해양 데이터 산업", "스마트 제조 산업": a generic word, or one after a modifier, keeps the word before it
GENERIC_INDUSTRY_WORDS = frozenset({"데이터", "서비스", "소프트웨어", "플랫폼", "정보", "기술"})
INDUSTRY_MODIFIERS = frozenset({"스마트", "디지털", "첨단", "친환경", "지능형", "미래형", "차세대"})
MODIFIER_BEFORE_RE = re.compile(r"(?P<word>[가-힣A-Za-z]{2,})\s+$")
# Any object of the paragraph ("… 공정 자동화 서비스를 공동 개발할 …"), when its main verb has none: not the
# subject before it ("충청북도는"), not its hubs ("청주시를 거점으로")
ANY_OBJECT_RE = re.compile(
    r"(?:(?<=\s)|^)(?P<object>(?:[가-힣A-Za-z·]+(?<![은는로에의와과])\s+){0,2}[가-힣A-Za-z·]+?)(?:을|를)(?![가-힣])"
    r"(?!\s*(?:핵심|주요|중심)?\s*거점|\s*중심)"
)
PARTICLE_END_RE = re.compile(r"(?:은|는|이|가|을|를|의|인|에|로|과|와|며|고|여|서)$")
JOIN_RE = re.compile(r"\s+및\s+|(?<=[명건%원사])(?:과|와)\s+")
YEARS_ONLY_RE = re.compile(r"^[‘’'`]?\d{2,4}\s*년?\s*(?:부터|~|∼|-|–)\s*[‘’'`]?\d{2,4}\s*년.{0,12}$")


@dataclass(frozen=True)
class Paragraph:
    """A regional paragraph (or section, or table row): the region it opens with, and its span."""

    region: Region
    region_text: str
    span: Span
    partners: tuple[tuple[Region, str], ...] = ()  # the further regions of a consortium, each as written
    industry_text: str = ""  # the focus industry as a heading or a table cell names it
    heading: bool = False  # a section under a heading or a table row: its prose states no targets

    @property
    def regions(self) -> tuple[Region, ...]:
        return (self.region, *(region for region, _ in self.partners))

    @property
    def region_texts(self) -> tuple[str, ...]:
        return (self.region_text, *(text for _, text in self.partners))


@dataclass
class Plan:
    """What a "사업계획 :" line says: the budget and the targets, plus the clauses not understood."""

    budget: FoundAmount | None = None
    budget_span: Span | None = None
    targets: list[Target] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    shares: list[FundingShare] = field(default_factory=list)


def is_plan_line(span: Span) -> bool:
    """True for a "사업계획 :" line."""
    return bool(PLAN_RE.match(span.text))


def match_paragraph(span: Span, gazetteer: Gazetteer) -> Paragraph | None:
    """The regional paragraph opening with a 시도 and a topic particle ("인천광역시는 …", "(경남) 경남도는 …"),
    or with a label naming the 시도 alone ("(부산) 해양 데이터 …"); else None."""
    label = LABEL_RE.match(span.text)
    offset = label.end() if label else 0
    found = gazetteer.find_all(span.text[offset : offset + 20])
    region, m = found[0] if found else (None, None)
    topic = REGION_TOPIC_RE.match(span.text, offset + m.end()) if m else None
    if region is not None and m is not None and m.start() == 0 and region.level == "sido" and topic:
        return Paragraph(region, m.group(0) + (topic["suffix"] or ""), span)
    named = gazetteer.find(label["name"]) if label is not None else None
    if label is not None and named is not None and named.level == "sido" and span.text[offset:].strip():
        return Paragraph(named, label["name"], span)  # "(부산) 해양 데이터 허브를 구축하여 …"
    return None


def read_industry(text: str) -> tuple[str | None, str]:
    """The focus industry key and its wording as written; unknown industries: (None, "<word> 산업")."""
    known = find_industry(text)
    if known:
        return known.key, known.text
    found = [m for m in INDUSTRY_WORD_RE.finditer(text) if m["word"] not in NOT_INDUSTRY]
    plain = [m for m in found if not m["complex"]]
    complexes = [m for m in found if m["complex"] and m["space"]]
    candidates = plain or complexes
    if not candidates:
        return None, ""
    best = candidates[0]
    before = MODIFIER_BEFORE_RE.search(text, 0, best.start("word"))
    if before and keeps_word_before(best["word"], before["word"]):
        return None, text[before.start("word") : best.end("word")]  # "해양 데이터", "스마트 제조"
    return None, best["word"]


def keeps_word_before(word: str, before: str) -> bool:
    """True when an industry word takes the word before it: a generic word ("해양 데이터") or one after a
    modifier ("스마트 제조"); never a word with a particle or one of NOT_INDUSTRY ("융합 콘텐츠")."""
    wanted = word in GENERIC_INDUSTRY_WORDS or before in INDUSTRY_MODIFIERS
    return wanted and before not in NOT_INDUSTRY and not PARTICLE_END_RE.search(before)


def read_hubs(text: str, gazetteer: Gazetteer) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The 시·군·구 hubs of a paragraph ("아산시와 천안시를 핵심거점으로", "포항시 일원에", "해운대구를 중심으로"):
    (gazetteer keys, every hub as written, hubs not in the gazetteer)."""
    keys: list[str] = []
    written: list[str] = []
    unknown: list[str] = []
    for mark in HUB_MARK_RE.finditer(text):
        for name in collect_hub_names(text[: mark.start()]):
            if name in written:
                continue
            region = gazetteer.find(name)
            if region and region.level in ("sigungu", "gu"):
                keys.append(region.key)
                written.append(name)
            elif region is None and looks_like_place(name):
                written.append(name)
                unknown.append(name)
    return tuple(keys), tuple(written), tuple(unknown)


def looks_like_place(name: str) -> bool:
    """A name shaped like a 시·군·구 the gazetteer does not know ("구미시", "해운대구"), not a word like "도시"."""
    if len(name) == 2:
        return name in DIRECTIONAL_GU
    return bool(PLACE_RE.fullmatch(name)) and not NOT_PLACE_RE.search(name)


def collect_hub_names(before: str) -> list[str]:
    """The names at the end of ``before``: joined by 와/과/및/,/· ("아산시와 천안시" -> [아산시, 천안시]) or by a
    space when the earlier word is a place ("달서구 성서산업단지" -> [달서구, 성서산업단지])."""
    names: list[str] = []
    joined = True  # the last word is always a candidate
    for token in reversed(HUB_TOKEN_RE.findall(before[-80:])):
        if token in HUB_JOINERS:
            joined = True
        elif not ("가" <= token[0] <= "힣"):
            break
        elif joined:
            names.insert(0, token)
            joined = False
        elif len(token) > 2 and token[-1] in "와과":
            names.insert(0, token[:-1])
        elif looks_like_place(token):
            names.insert(0, token)
        else:
            break
    return names


def read_plan(span: Span) -> Plan:
    """The budget clause and the target clauses of a "사업계획 :" line. Raises AmountError on a bad amount."""
    prefix = PLAN_RE.match(span.text)
    body = trim_span(span, prefix.end() if prefix else 0, len(span.text))
    suffix = GOAL_SUFFIX_RE.search(body.text) or TRAILING_ETC_RE.search(body.text)
    if suffix:
        body = trim_span(body, 0, suffix.start())
    plan = Plan()
    clauses = split_joined(split_clauses(body))
    shares = leading_shares(clauses)
    for clause in clauses[len(shares) :]:
        if plan.budget is None and read_budget(clause, plan):
            continue
        read_target(clause, plan)
    if shares and plan.budget is None:
        add_up_shares(body, shares, plan)
    elif shares:
        first = Plan()
        for clause in shares:
            report_share(clause, money_in(clause.text)[0], first)
        plan.unread[:0] = first.unread  # the shares come first on the line
        plan.shares[:0] = first.shares
    return plan


def leading_shares(clauses: list[Span]) -> list[Span]:
    """The clauses opening the line that each state one funding share ("국비 70억원", "지방비 40억원 등 …")
    before the total; a clause that also names the total ("지방비 40억원 등 총사업비 110억원") is not a share."""
    shares: list[Span] = []
    for clause in clauses:
        if not SHARE_START_RE.match(clause.text) or len(money_in(clause.text)) != 1:
            break
        shares.append(clause)
    return shares


def money_in(text: str) -> list[FoundAmount]:
    """The money amounts of a text, in order."""
    return [f for f in find_amounts(text) if f.amount.unit == "원"]


def add_up_shares(body: Span, shares: list[Span], plan: Plan) -> None:
    """A budget stated only by its shares ("국비 70억원, 지방비 40억원 투입"): the total is their sum.
    A single share ("국비 60억원 지원") is taken as the budget and reported, as the total is not stated."""
    found = [money_in(clause.text)[0] for clause in shares]
    first, last = shares[0], shares[-1]
    start = first.start - body.start + found[0].start
    end = last.start - body.start + found[-1].end
    text = body.text[start:end]
    total = Amount(
        sum((f.amount.value for f in found), Decimal(0)), "원", any(f.amount.approximate for f in found), text
    )
    plan.budget = FoundAmount(total, start, end)
    plan.budget_span = trim_span(body, first.start - body.start, last.end - body.start)
    if len(shares) == 1:
        source = share_of(first.text, found[0]) or "share"
        reason = f"only the {source} share '{text}' is stated; it is taken as the project budget"
        plan.unread.append(Unread(first.line, first.text, reason))


def split_joined(clauses: list[Span]) -> list[Span]:
    """Clauses with two targets joined by "및" or by 과/와 after a unit ("고용창출 100명 및 인력양성 50명",
    "고용창출 300명과 인력양성 200명") split in two."""
    out = []
    for clause in clauses:
        cut = next(
            (
                m
                for m in JOIN_RE.finditer(clause.text)
                if find_amounts(clause.text[: m.start()]) and find_amounts(clause.text[m.end() :])
            ),
            None,
        )
        if cut is None:
            out.append(clause)
            continue
        rest = trim_span(clause, cut.end(), len(clause.text))
        out += [trim_span(clause, 0, cut.start()), *split_joined([rest])]
    return out


def read_budget(clause: Span, plan: Plan, *, cell: bool = False) -> bool:
    """Take ``clause`` as the budget when it states money with 총사업비 / 총 / 투입 (or is a table's budget
    ``cell``); True when taken.

    The budget is the total: the first money figure that is neither a funding share ("국비 70억원") nor in
    brackets; the shares are kept as the budget's shares, any other figure of the clause is reported.
    """
    if not cell and not BUDGET_WORDS_RE.search(clause.text):
        return False
    found = find_amounts(clause.text)
    money = [f for f in found if f.amount.unit == "원"]
    totals = [f for f in money if not share_of(clause.text, f) and not inside_brackets(clause.text, f.start)]
    if not totals:
        return False
    plan.budget, plan.budget_span = totals[0], clause
    for extra in found:
        if extra is totals[0]:
            continue
        if extra in money and share_of(clause.text, extra):
            report_share(clause, extra, plan)
        else:
            plan.unread.append(
                Unread(clause.line, clause.text, f"second figure '{extra.amount.text}' in the clause is not read")
            )
    return True


def share_of(text: str, found: FoundAmount) -> str | None:
    """The funding source written just before an amount ("국비", "지방비"), or None."""
    m = SHARE_WORD_RE.search(text, 0, found.start)
    return m["source"] if m else None


# The funding source a share's word stands for
SHARE_SOURCES = {
    "national": ("국비", "국고"),
    "local": ("지방비", "시·도비", "시도비", "시비", "도비", "군비", "구비"),
    "private": ("민자", "민간"),
}


def share_source(word: str) -> str | None:
    """ "national" / "local" / "private" for a share's word as written ("시·도비" -> "local")."""
    return next((key for key, words in SHARE_SOURCES.items() if any(word.startswith(w) for w in words)), None)


def report_share(clause: Span, found: FoundAmount, plan: Plan) -> None:
    """A funding share of the budget ("국비 70억원") becomes one of the plan's shares, traced to its clause;
    a share whose source is not one of 국비 / 지방비 / 민자 is reported."""
    word = share_of(clause.text, found)
    source = share_source(word) if word else None
    if word is None or source is None:
        reason = f"budget share '{found.amount.text}' ({word or 'share'}) is not read: its source is not known"
        plan.unread.append(Unread(clause.line, clause.text, reason))
        return
    plan.shares.append(FundingShare(source, word, found.amount, clause))


def read_budget_in(span: Span, plan: Plan) -> bool:
    """The budget stated in a paragraph rather than on its plan line ("… 총사업비 240억원을 투입하여 …")."""
    for sentence in split_sentences(span):
        pieces = prose_pieces(sentence)
        for i, piece in enumerate(pieces):
            if read_budget(piece, plan):
                read_shares_after(pieces[i + 1 :], plan)
                return True
    return False


def read_shares_after(pieces: list[Span], plan: Plan) -> None:
    """The funding shares stated after the total in its sentence ("총사업비는 1,600억원으로, 국비 1,048억원과
    지방비 357억원으로 마련한다"): each money figure with a share's word before it."""
    for piece in pieces:
        for found in money_in(piece.text):
            if share_of(piece.text, found):
                report_share(piece, found, plan)


def prose_pieces(sentence: Span) -> list[Span]:
    """A sentence of prose cut where one action ends ("…을 투입하여 ", "…을 들여 ", "…하며, "), brackets kept whole:
    each piece states at most the budget or one target."""
    depths = depth_changes(sentence.text)
    cuts = [m.end() for m in PROSE_CUT_RE.finditer(sentence.text) if depths[m.start()] == 0]
    bounds = [0, *cuts, len(sentence.text)]
    pieces = (trim_span(sentence, a, b) for a, b in pairwise(bounds))
    return [piece for piece in pieces if piece.text.strip(", ")]


def read_prose_targets(spans: list[Span], plan: Plan) -> list[Span]:
    """The targets stated in the prose of a paragraph without plan lines ("… 데이터 기업 50개사를 육성할
    계획이다"); returns the pieces read (their figures are then accounted for), the budget's piece excepted."""
    read: list[Span] = []
    budget = plan.budget_span
    for span in spans:
        for sentence in split_sentences(span):
            for piece in prose_pieces(sentence):
                if budget is not None and (piece.line, piece.start) == (budget.line, budget.start):
                    continue
                if find_amounts(piece.text):
                    read_target(piece, plan, prose=True)
                    read.append(piece)
    return read


def main_object(text: str) -> str:
    """The object of the paragraph's main verb ("… 도시 안전관리 서비스를 구축한다" -> "도시 안전관리 서비스"),
    the wording kept for a focus industry that is not recognised; else its last object without figures
    ("… 서비스를 공동 개발할 예정이다" -> "서비스"); "" when there is none."""
    m = MAIN_OBJECT_RE.search(text)
    if m:
        return m["object"]
    objects = [found["object"] for found in ANY_OBJECT_RE.finditer(text)]
    return objects[-1] if objects else ""


def read_target(clause: Span, plan: Plan, *, prose: bool = False) -> None:
    """One target clause -> a Target (figure before or after the verb, or inside brackets), else Unread.
    A ``prose`` clause loses its particles and predicate ("50개사를 육성할 계획이다" -> "육성")."""
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
    if prose:
        wording = PROSE_TAIL_RE.sub("", PROSE_PARTICLE_RE.sub("", wording)).strip()
    if not wording.strip(" .,:;·ㆍ-–—()[]"):
        reason = f"figure '{main.amount.text}' without the wording of its target (e.g. '고용창출 2,000명')"
        plan.unread.append(Unread(clause.line, clause.text, reason))
        return
    indicator = match_indicator(wording, main.amount.unit)
    plan.targets.append(Target(indicator, wording, main.amount, clause.text, clause))


def target_problem(text: str, found: list[FoundAmount]) -> str:
    """Why a target clause could not be read."""
    if found:
        return "several figures in one target clause; separate the targets with ', '"
    if YEARS_ONLY_RE.match(text):
        return "a period of years, not a target (the project's own period is not read)"
    currency = CURRENCY_RE.search(text)
    if currency:
        return (
            f"amount in a currency other than won ('{currency.group(0)}'): the graph holds money in KRW only, "
            "and the figure is not converted"
        )
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
    wording = re.sub(r"^(?:의|을|를|이|가)\s+", "", wording)  # "500억원의 매출 달성" -> "매출 달성"
    return re.sub(r"^(?:총|약)\s+|\s+(?:총|약)$", "", wording)
