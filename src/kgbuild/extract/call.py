"""The call: who could apply, who was excluded, how regions were chosen, how many applied and were selected.

"… 광역지자체(서울 제외)를 대상으로 공모·심사를 거쳐 인천, 부산, 울산, 경남, 충남 등 총 5개 지역을 최종 선정하였다."
"총 9개 광역지자체가 신청하여 …", "12개 지자체가 응모한 가운데 …"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgbuild.extract.records import Call, Span
from kgbuild.gazetteer import Gazetteer

_BODIES = r"(?:광역\s*)?(?:지자체|지방자치단체|자치단체|광역지자체|시·도|시ㆍ도|시도|지역|곳)"
ELIGIBLE_RE = re.compile(
    r"(?:(?P<count>\d+)\s*개\s*)?(?P<eligible>[가-힣·ㆍ]+?)\s*(?:\((?P<paren>[^)]*)\))?\s*(?:을|를)\s*대상으로"
)
# "광역지자체(서울·경기 제외) 11곳이 신청": the body and its exclusions, wherever the sentence puts them
BODY_EXCLUDING_RE = re.compile(
    r"(?P<eligible>광역\s*지자체|지방자치단체|지자체|시·도|시ㆍ도)\s*\((?P<paren>[^)]*제외[^)]*)\)"
)
EXCLUDED_BEFORE_RE = re.compile(r"(?P<regions>[가-힣·ㆍ,\s]+?)\s*(?:을|를)\s*제외한")
METHOD_END_RE = re.compile(r"(?:\s*(?:과정|절차))?\s*(?:을|를)\s*(?:거쳐|통해)")
METHOD_WORDS_RE = re.compile(r"공모|심사|평가|심의")
BARE_METHODS = frozenset({"평가", "심사", "심의"})
ENDS_IN_PARTICLE_RE = re.compile(r"(?:여|고|며|서|는|은|를|을|가|이|에|로)$")
APPLICANTS_RE = re.compile(
    rf"(?:(?:총\s*)?(?P<n>\d+)\s*(?:개\s*)?{_BODIES}\s*(?:가|이)\s*(?:신청|응모|지원|참여)"
    rf"|(?:신청|응모|지원|참여)한\s*(?:총\s*)?(?P<m>\d+)\s*(?:개\s*)?{_BODIES})"
)
SELECTED_RE = re.compile(
    rf"(?:총\s*)?(?P<n>\d+)\s*(?:개\s*)?{_BODIES}\s*"
    rf"(?:(?:을|를|이|가)?\s*(?:최종\s*)?|(?:을|를)\s*[^.,]{{0,40}}?(?:으로|로)\s*(?:최종\s*)?)(?:선정|확정)"
)
SELECTION_START_RE = re.compile(r"(?:거쳐|통해|결과|대상으로)\s*,?")


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
    applicants = APPLICANTS_RE.search(text)
    if applicants:
        parts.applicants = int(applicants["n"] or applicants["m"])
        parts.consumed.append(applicants.group(0))
    read_selection(text, gazetteer, parts)
    return parts


def read_method(text: str) -> str | None:
    """How regions were chosen, from the words before "…를 거쳐": "공모·심사", "공모 및 심사",
    "공모와 심사 (과정)", "서면·발표 평가" — a wording naming 공모, 심사, 평가 or 심의."""
    for m in METHOD_END_RE.finditer(text):
        method = method_words(text[: m.start()].split())
        if method and METHOD_WORDS_RE.search(method):
            return method
    return None


def method_words(words: list[str]) -> str | None:
    """The last one to three words of ``words`` that name the method."""
    if not words:
        return None
    last = words[-1].lstrip("(,")
    if len(words) >= 3 and words[-2] == "및":
        return f"{words[-3]} 및 {last}"
    if len(words) >= 2 and words[-2][-1] in "와과" and METHOD_WORDS_RE.search(words[-2]):
        return f"{words[-2]} {last}"
    if len(words) >= 2 and last in BARE_METHODS and not ENDS_IN_PARTICLE_RE.search(words[-2]):
        return f"{words[-2]} {last}"
    return last


def read_eligible(text: str, gazetteer: Gazetteer, parts: CallParts) -> None:
    """Who could apply ("광역지자체") and who was excluded ("(서울 제외)", "서울을 제외한")."""
    m = ELIGIBLE_RE.search(text)
    if m:
        parts.eligible = m["eligible"]
        if m["count"]:
            parts.eligible_count = int(m["count"])
            parts.consumed.append(m.group(0))
        if m["paren"] and "제외" in m["paren"]:
            parts.excluded = sido_keys(m["paren"], gazetteer)
    body = BODY_EXCLUDING_RE.search(text)
    if body and not parts.excluded:
        parts.eligible = parts.eligible or body["eligible"]
        parts.excluded = sido_keys(body["paren"], gazetteer)
    before = EXCLUDED_BEFORE_RE.search(text)
    if before and not parts.excluded:
        parts.excluded = sido_keys(before["regions"], gazetteer)


def read_selection(text: str, gazetteer: Gazetteer, parts: CallParts) -> None:
    """How many were selected ("총 5개 지역을 최종 선정") and which, in the order written."""
    m = SELECTED_RE.search(text)
    if not m:
        return
    parts.selected = int(m["n"])
    parts.consumed.append(m.group(0))
    starts = [s.end() for s in SELECTION_START_RE.finditer(text, 0, m.start())]
    segment = re.sub(r"\([^)]*\)", " ", text[(starts[-1] if starts else 0) : m.start()])
    parts.regions = tuple(k for k in sido_keys(segment, gazetteer) if k not in parts.excluded)


def sido_keys(text: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    """Keys of the 시도 named in ``text``, in order, without repeats."""
    keys: list[str] = []
    for region, _ in gazetteer.find_all(text):
        if region.level == "sido" and region.key not in keys:
            keys.append(region.key)
    return tuple(keys)


def merge_call(readings: list[tuple[Span, CallParts]], fallback: Span) -> Call:
    """One Call from the parts of several sentences; its span is the sentence naming the selection."""
    parts = [p for _, p in readings]
    main = next((s for s, p in readings if p.selected or p.regions), None)
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
