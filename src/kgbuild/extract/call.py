"""The call: who could apply, who was excluded, how regions were chosen, how many applied and were selected.

"… 광역지자체(서울 제외)를 대상으로 공모·심사를 거쳐 인천, 부산, 울산, 경남, 충남 등 총 5개 지역을 최종 선정하였다."
"총 9개 광역지자체가 신청하여 …", "12개 지자체가 응모한 가운데 …"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgbuild.extract.amounts import AmountError
from kgbuild.extract.records import Call, Span
from kgbuild.gazetteer import Gazetteer

# "3개 도를", "2개 시가": 시 / 도 alone count regions only right after "개" and before a particle or a break
_CITY_OR_PROVINCE = r"(?:(?<=개)|(?<=개\s))(?:시|도)(?=[\s,.)]|$|(?:을|를|이|가|은|는|와|과|에|의|로)(?![가-힣]))"
_BODIES = rf"(?:광역\s*)?(?:지자체|지방자치단체|자치단체|광역지자체|시·도|시ㆍ도|시도|지역|곳|{_CITY_OR_PROVINCE})"
ELIGIBLE_RE = re.compile(
    r"(?:(?<!\d)(?P<count>\d+)\s*개\s*)?(?P<eligible>[가-힣·ㆍ]+?)\s*(?:\((?P<paren>[^)]*)\))?\s*(?:을|를)\s*대상으로"
)
# "광역지자체(서울·경기 제외) 11곳이 신청": the body and its exclusions, wherever the sentence puts them
BODY_EXCLUDING_RE = re.compile(
    r"(?P<eligible>광역\s*지자체|지방자치단체|지자체|시·도|시ㆍ도)\s*\((?P<paren>[^)]*제외[^)]*)\)"
)
EXCLUDED_BEFORE_RE = re.compile(r"(?P<regions>[가-힣·ㆍ,\s]+?(?:\([^)]*\))?)\s*(?:을|를)\s*제외한")
# 수도권 (the capital area) is 서울, 인천 and 경기 when the release does not list them
CAPITAL_AREA = ("seoul", "incheon", "gyeonggi")
NON_CAPITAL_RE = re.compile(r"비\s*수도권")
METHOD_END_RE = re.compile(r"(?:\s*(?:과정|절차))?\s*(?:을|를)\s*(?:거쳐|통해)")
# "공모·심사를 진행하였으며": the method named by the verb of the call, when no "…를 거쳐" names it
METHOD_RUN_RE = re.compile(r"(?:\s*(?:과정|절차))?\s*(?:을|를)\s*(?:진행|실시|시행)")
METHOD_WORDS_RE = re.compile(r"공모|심사|평가|심의|실사")
STAGE_RE = re.compile(r"\d+\s*(?:차|단계)")
BARE_METHODS = frozenset({"평가", "심사", "심의"})
ENDS_IN_PARTICLE_RE = re.compile(r"(?:여|고|며|서|는|은|를|을|가|이|에|로)$")
APPLICANTS_RE = re.compile(
    rf"(?:(?:총\s*)?(?<!\d)(?P<n>\d+)\s*(?:개\s*)?{_BODIES}\s*(?:가|이)\s*(?:(?:이번\s*)?(?:공모|사업|모집)에\s*)?"
    r"(?:신청|응모|지원|참여)"
    rf"|(?:신청|응모|지원|참여)한\s*(?:총\s*)?(?P<m>\d+)\s*(?:개\s*)?{_BODIES})"
)
SELECTED_RE = re.compile(
    rf"(?:총\s*)?(?<!\d)(?P<n>\d+)\s*(?:개\s*)?{_BODIES}\s*"
    rf"(?:(?:을|를|이|가)?\s*(?:최종\s*)?|(?:을|를)\s*(?:[^.,]|(?<=\d)\.(?=\d)){{0,40}}?(?:으로|로)\s*(?:최종\s*)?)"
    r"(?:선정|확정)"  # "… 2개 지역을 ‘2023년 … 2.0’ 후속 지원 지역으로 선정": the dot of "2.0" is no sentence end
)
SELECTION_START_RE = re.compile(r"(?:거쳐|통해|결과|대상으로)\s*,?")
# "… 강원특별자치도와 경상남도를 선정하였다": regions named right before the verb, without a count
SELECT_VERB_RE = re.compile(r"(?:을|를|이|가)\s*(?:최종\s*)?(?:선정|확정)")
# "최종 선정된 지역은 울산광역시, 충청북도, 전라남도(이다)": the selected regions after a topic
SELECTED_TOPIC_RE = re.compile(rf"선정\s*(?:된|한)\s*(?:\d+\s*개\s*)?{_BODIES}\s*(?:은|는)\s")
LIST_END_RE = re.compile(rf"\s*(?:\([^)]*\))?\s*(?:등\s*)?(?:(?:총\s*)?\d+\s*(?:개\s*)?{_BODIES})?\s*")
LIST_GAP_RE = re.compile(r"\s*(?:\([^)]*\))?\s*(?:,|와|과|및|·|ㆍ)?\s*")


@dataclass
class CallParts:
    """What one sentence says about the call; the parts of several sentences are merged."""

    eligible: str | None = None
    eligible_count: int | None = None
    excluded: tuple[str, ...] = ()
    method: str | None = None
    applicants: int | None = None
    selected: int | None = None
    regions: tuple[str, ...] = ()
    consumed: list[str] = field(default_factory=list)  # the figures this sentence's reading used

    @property
    def found(self) -> bool:
        return bool(self.eligible or self.method or self.applicants or self.selected or self.regions)


def read_call_parts(span: Span, gazetteer: Gazetteer) -> CallParts:
    """The call facts one sentence states (all optional)."""
    text = span.text
    parts = CallParts()
    read_eligible(text, gazetteer, parts)
    parts.method = read_method(text)
    if parts.method:
        parts.consumed.append(parts.method)  # its stage numbers ("1차 서면평가") are no stray figures
    applicants = APPLICANTS_RE.search(text)
    if applicants:
        parts.applicants = count_of(applicants["n"] or applicants["m"])
        parts.consumed.append(applicants.group(0))
    read_selection(text, gazetteer, parts)
    return parts


def count_of(digits: str) -> int:
    """A count of regions as written ("5", "17"); more than six digits is a typo, raised as AmountError."""
    if len(digits) > 6:
        raise AmountError(digits, "cannot read the count of regions: too many digits; check the figure")
    return int(digits)


def read_method(text: str) -> str | None:
    """How regions were chosen, from the words before "…를 거쳐": "공모·심사", "공모 및 심사",
    "공모와 심사 (과정)", "서면·발표 평가" — a wording naming 공모, 심사, 평가 or 심의; else the words before
    "…를 진행 / 실시" ("공모·심사를 진행하였으며")."""
    for pattern in (METHOD_END_RE, METHOD_RUN_RE):
        for m in pattern.finditer(text):
            method = method_words(text[: m.start()].split())
            if method and METHOD_WORDS_RE.search(method):
                return method
    return None


def method_words(words: list[str]) -> str | None:
    """The words at the end of ``words`` that name the method: a list joined by 및 / 와 / 과 / ","
    ("서면 및 발표 평가", "서면평가와 현장평가, 발표평가"), a trailing "등" dropped."""
    words = words[:-1] if words and words[-1] == "등" else words
    if not words:
        return None
    taken = [words[-1].lstrip("(,")]
    i = len(words) - 2
    while i >= 0:
        word = words[i]
        if word == "및" and i >= 1:
            taken[:0] = [words[i - 1], word]
            i -= 2
        elif word[-1] in "와과," and METHOD_WORDS_RE.search(word):
            taken.insert(0, word)
            i -= 1
        elif STAGE_RE.fullmatch(word):
            taken.insert(0, word)  # "1차 서면평가, 2차 발표평가", "3단계 심사"
            i -= 1
        elif taken[0] in BARE_METHODS and not ENDS_IN_PARTICLE_RE.search(word):
            taken.insert(0, word)  # "발표 평가": the bare word with the noun before it
            i -= 1
        else:
            break
    return " ".join(taken)


def read_eligible(text: str, gazetteer: Gazetteer, parts: CallParts) -> None:
    """Who could apply ("광역지자체") and who was excluded ("(서울 제외)", "서울을 제외한")."""
    m = ELIGIBLE_RE.search(text) if "대상" in text else None  # the keyword first: the pattern is costly
    if m:
        parts.eligible = m["eligible"]
        if NON_CAPITAL_RE.search(text, max(0, m.start() - 8), m.start("eligible")):
            parts.excluded = CAPITAL_AREA  # "비수도권 광역지자체를 대상으로"
        if m["count"]:
            parts.eligible_count = count_of(m["count"])
            parts.consumed.append(m.group(0))
        if m["paren"] and "제외" in m["paren"]:
            parts.excluded = excluded_keys(m["paren"], gazetteer)
    if "제외" not in text:
        return
    body = BODY_EXCLUDING_RE.search(text)
    if body and not parts.excluded:
        parts.eligible = parts.eligible or body["eligible"]
        parts.excluded = excluded_keys(body["paren"], gazetteer)
    before = EXCLUDED_BEFORE_RE.search(text) if not parts.excluded else None
    if before:
        parts.excluded = excluded_keys(before["regions"], gazetteer)


def excluded_keys(text: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The 시도 an exclusion names; "수도권" alone stands for 서울, 인천 and 경기."""
    keys = sido_keys(text, gazetteer)
    return keys or (CAPITAL_AREA if "수도권" in text else ())


def read_selection(text: str, gazetteer: Gazetteer, parts: CallParts) -> None:
    """How many were selected ("총 5개 지역을 최종 선정") and which, in the order written."""
    m = SELECTED_RE.search(text)
    if not m:
        parts.regions = tuple(k for k in named_selection(text, gazetteer) if k not in parts.excluded)
        return
    parts.selected = count_of(m["n"])
    parts.consumed.append(m.group(0))
    starts = [s.end() for s in SELECTION_START_RE.finditer(text, 0, m.start())]
    segment = re.sub(r"\([^)]*\)", " ", text[(starts[-1] if starts else 0) : m.start()])
    parts.regions = tuple(k for k in sido_keys(segment, gazetteer) if k not in parts.excluded)


def named_selection(text: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The regions of a selection stated without a count: "부산과 울산을 선정", "선정된 지역은 A, B, C이다"."""
    topic = SELECTED_TOPIC_RE.search(text)
    if topic:
        return sido_keys(re.sub(r"\([^)]*\)", " ", text[topic.end() :]), gazetteer)
    for verb in SELECT_VERB_RE.finditer(text):
        keys = regions_listed_before(text, verb.start(), gazetteer)
        if keys:
            return keys
    return ()


def regions_listed_before(text: str, end: int, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The 시도 listed right before ``end`` ("강원, 충북 등", "부산광역시와 울산광역시"), in order."""
    named = [(region, m) for region, m in gazetteer.find_all(text[:end]) if region.level == "sido"]
    keys: list[str] = []
    pos = end
    for region, m in reversed(named):
        gap = LIST_END_RE if not keys else LIST_GAP_RE
        if not gap.fullmatch(text, m.end(), pos):
            break
        if region.key not in keys:
            keys.insert(0, region.key)
        pos = m.start()
    return tuple(keys)


def sido_keys(text: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    """Keys of the 시도 named in ``text``, in order, without repeats."""
    keys: list[str] = []
    for region, _ in gazetteer.find_all(text):
        if region.level == "sido" and region.key not in keys:
            keys.append(region.key)
    return tuple(keys)


def merge_call(readings: list[tuple[Span, CallParts]], fallback: Span) -> Call:
    """One Call from the parts of several sentences; its span is the sentence stating how many were selected,
    else the one naming the selected regions."""
    parts = [p for _, p in readings]
    main = next((s for s, p in readings if p.selected is not None), None)  # "총 5개 지역을 최종 선정"
    main = main or next((s for s, p in readings if p.regions), None)
    main = main or next((s for s, p in readings if p.found), fallback)
    applicants_span = next((s for s, p in readings if p.applicants is not None), None)
    return Call(
        eligible=next((p.eligible for p in parts if p.eligible), None),
        excluded_regions=next((p.excluded for p in parts if p.excluded), ()),
        method=next((p.method for p in parts if p.method), None),
        applicants=next((p.applicants for p in parts if p.applicants is not None), None),
        selected=next((p.selected for p in parts if p.selected is not None), None),
        selected_regions=next((p.regions for p in parts if p.regions), ()),
        span=main,
        applicants_span=applicants_span if applicants_span != main else None,
        eligible_count=next((p.eligible_count for p in parts if p.eligible_count is not None), None),
    )
