"""What the extractor reads from one release: plain typed dataclasses (no rdflib, no flask).

Every fact carries the ``Span`` of the sentence it was read from, so the graph can trace each
figure back to its text. Keys (``region``, ``indicator``, ``industry``) are gazetteer / concept-scheme
keys; ``None`` means "not in the scheme", and the wording as written is always kept beside it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    """A sentence (or clause) in the source file: 1-based line, character offsets [start, end) in the file."""

    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Amount:
    """A number as written: ``value`` in base units (원, 명, 개사, 건, %), ``text`` exactly as in the source."""

    value: Decimal
    unit: str  # one of "원", "명", "개사", "건", "%" (the unit as written, normalised: 억원 -> 원)
    approximate: bool  # True when the source says 약 (or 대략 / 내외 / 가량 …); without it: exact
    text: str


@dataclass(frozen=True)
class Period:
    """A span of years, e.g. '19년부터 '23년까지 -> Period(2019, 2023)."""

    start_year: int
    end_year: int
    text: str


@dataclass(frozen=True)
class Target:
    """One numeric target of a regional project ("고용창출 2,000명")."""

    indicator: str | None  # key in the indicator scheme (e.g. "jobs-created"); None = not known yet
    wording: str  # the indicator as written, without the number ("고용창출", "소프트웨어 융합신서비스 발굴")
    amount: Amount
    phrase: str  # the whole target clause as written
    span: Span
    baseline: Amount | None = None  # "현재 40% 수준인 … 80%까지": the level today (40 %), when stated


@dataclass(frozen=True)
class Person:
    name: str  # Korean name as written ("유영민")
    post: str  # post as written ("장관", "소프트웨어정책관")


@dataclass(frozen=True)
class Quote:
    speaker: Person
    text: str  # the words said, without the quotation marks
    span: Span


@dataclass(frozen=True)
class Ministry:
    name: str  # full name ("과학기술정보통신부")
    short: str | None  # short form from "이하 '과기정통부'"
    minister: Person | None
    span: Span
    key: str | None = None  # key in sources/ministries.csv ("msit"); None = not in the table


@dataclass(frozen=True)
class Call:
    """How the round was run: who could apply, who was excluded, how regions were chosen, how many."""

    eligible: str | None  # as written, e.g. "광역지자체"
    excluded_regions: tuple[str, ...]  # gazetteer keys, e.g. ("seoul",)
    method: str | None  # e.g. "공모·심사"
    applicants: int | None  # how many applied, when the release says so
    selected: int | None  # how many were selected ("총 5개 지역")
    selected_regions: tuple[str, ...]  # gazetteer keys in the order written
    span: Span
    applicants_span: Span | None = None  # the sentence stating ``applicants`` when it is not ``span``
    eligible_count: int | None = None  # how many could apply, when stated ("16개 광역지자체를 대상으로")


@dataclass(frozen=True)
class NationalBudget:
    amount: Amount
    period: Period | None
    span: Span


@dataclass(frozen=True)
class Track:
    key: str  # "platform-commercialization" | "specialized-industry" (or a minted key)
    name: str  # as written ("플랫폼 사업화 분야")
    description: str
    span: Span


# The sources of a budget's funding shares: the keys of FundingShare.source
SHARE_SOURCES = ("national", "local", "private")


@dataclass(frozen=True)
class FundingShare:
    """One funding share of a project's budget ("국비 70억원"), traced to its own clause."""

    source: str  # one of SHARE_SOURCES: "national" (국비), "local" (지방비, 시비, 도비 …), "private" (민자, 민간)
    source_text: str  # as written ("국비", "시·도비", "민자")
    amount: Amount
    span: Span


@dataclass(frozen=True)
class RegionalProject:
    """One selected project: a region (or a consortium of regions), its focus industry, budget and targets."""

    regions: tuple[str, ...]  # gazetteer keys, the lead region first ("gwangju", "jeonnam" for 광주·전남)
    region_texts: tuple[str, ...]  # each region as written ("울산광역시")
    industry: str | None  # industry scheme key ("shipbuilding-marine"); None = not known
    industry_text: str  # the focus industry as written
    hubs: tuple[str, ...]  # gazetteer keys of 시·군 hubs ("asan", "cheonan")
    plan_text: str  # the regional paragraph (ko)
    budget: Amount | None  # the total budget (총사업비); None when the release states none
    targets: tuple[Target, ...]
    span: Span  # the regional paragraph (or heading, or table row)
    plan_span: Span  # the "사업계획 :" line, else the paragraph itself
    budget_span: Span | None  # the clause stating the budget
    hub_texts: tuple[str, ...] = ()  # every hub as written ("아산시", "천안시"), known or not
    unresolved_hubs: tuple[str, ...] = ()  # hubs as written that the gazetteer does not know (kept, not dropped)
    shares: tuple[FundingShare, ...] = ()  # the budget's funding shares, each with its clause

    @property
    def region(self) -> str:
        """The lead region's key: the only one outside a consortium."""
        return self.regions[0]

    @property
    def region_text(self) -> str:
        """The regions as written, joined as the genre joins a consortium ("광주·전남")."""
        return "·".join(self.region_texts)


@dataclass(frozen=True)
class Unread:
    """A sentence or clause inside the article that the extractor could not interpret."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Release:
    """Everything read from one press release."""

    path: str  # as given on the command line / relative to the project
    slug: str  # file stem, used in IRIs ("2019-04-23-msit-sw-convergence-cluster-2.0")
    title: str
    subtitle: str | None
    date: datetime.date  # the release date (from the page's date line / lead)
    ministry: Ministry
    program: str  # program name as written ("소프트웨어 융합클러스터 2.0")
    year: int  # the round's year ("2019년 소프트웨어 융합클러스터 2.0")
    announced: datetime.date  # the date in the lead ("4월 23일" + year of the date line)
    call: Call
    tracks: tuple[Track, ...]
    national_budget: NationalBudget | None
    projects: tuple[RegionalProject, ...]
    quotes: tuple[Quote, ...]
    unread: tuple[Unread, ...] = field(default=())
    title_span: Span | None = None
    narrative: tuple[Span, ...] = ()  # article sentences read as narrative: no figure, no fact
    program_key: str | None = None  # key in sources/programs.csv; None = not in the table
