"""One press release -> a Release: find the article, read each line, report what could not be read.

Every line of the article ends up somewhere: in a fact (with its span), in ``Release.narrative``
(a sentence without figures and without facts) or in ``Release.unread`` (a sentence or clause with a
figure or a target the extractor could not interpret). Page chrome yields nothing.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kgbuild.errors import SourceError
from kgbuild.extract.amounts import AmountError, find_amounts
from kgbuild.extract.call import CallParts, merge_call, read_call_parts
from kgbuild.extract.chrome import Article, Line, find_article
from kgbuild.extract.lead import ProgramName, read_announced, read_ministry, read_program
from kgbuild.extract.program import period_texts, read_national_budget, read_track
from kgbuild.extract.projects import (
    Paragraph,
    Plan,
    is_plan_line,
    main_object,
    match_paragraph,
    read_budget,
    read_budget_in,
    read_hubs,
    read_industry,
    read_plan,
    read_prose_targets,
)
from kgbuild.extract.quotes import is_quotation, quotations, read_quote
from kgbuild.extract.records import (
    Call,
    FundingShare,
    Ministry,
    NationalBudget,
    Quote,
    RegionalProject,
    Release,
    Span,
    Track,
    Unread,
)
from kgbuild.extract.sections import TOP_MARKS, Places, mark_of, read_heading, read_table, section_lines
from kgbuild.extract.sentences import span_of_line, split_sentences
from kgbuild.extract.serialize import release_to_json
from kgbuild.extract.vocabulary import find_industry, find_program, load_ministries, spaced_pattern
from kgbuild.gazetteer import Gazetteer, Region, load_gazetteer
from kgbuild.paths import PROJECT_ROOT

__all__ = ["extract_release", "release_to_json"]  # release_to_json is re-exported for the CLI

FIGURE_RE = re.compile(r"\d[\d,.]*\s*[^\s,.()\d]*")
# "4차 산업혁명", "5G를", "3D"
TECH_TERMS_RE = re.compile(r"(?<!\d)\d+\s*차\s*산업\s*혁명|(?<![\w.])\d+[GD](?![A-Za-z0-9])")
COUNT_OF_REGIONS_RE = re.compile(
    r"(?<!\d)(?P<n>\d+)\s*(?:개\s*)?(?:광역\s*)?(?:지자체|광역지자체|지역|시·도|시도|곳)"
    # "3개 도", "2개 시"
    r"|(?<!\d)(?P<m>\d+)\s*개\s*(?:시|도)(?=[\s,.)…]|$|(?:을|를|이|가|은|는|와|과|에|의|로)(?![가-힣]))"
)


@dataclass
class Reading:
    """The state of reading one release: the facts so far and what was not understood."""

    path: str
    gazetteer: Gazetteer
    ministry: Ministry
    program: ProgramName
    year: int
    unread: list[Unread] = field(default_factory=list)
    narrative: list[Span] = field(default_factory=list)
    checks: list[tuple[Span, list[str]]] = field(default_factory=list)  # sentences to scan for stray figures
    call_parts: list[tuple[Span, CallParts]] = field(default_factory=list)
    projects: list[RegionalProject] = field(default_factory=list)
    tracks: list[Track] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    national: NationalBudget | None = None
    pending: Paragraph | None = None
    pending_extra: list[Span] = field(default_factory=list)  # lines between the pending paragraph and its plan
    pending_plans: list[Span] = field(default_factory=list)  # the plan lines of the pending paragraph
    pending_mark: str = ""  # the bullet mark of the pending paragraph's line
    ministry_names: frozenset[str] = frozenset()  # names a speaker's words may carry between name and post

    def __post_init__(self) -> None:
        names = {self.ministry.name, self.ministry.short or self.ministry.name}
        for known in load_ministries():
            names |= {known.name_ko, known.short or known.name_ko}
        self.ministry_names = frozenset(names)


def extract_release(path: Path, *, text: str | None = None) -> Release:
    """Read the release at ``path`` (or ``text``, reported as ``path``) into a Release.

    Raises SourceError (file, 1-based line, offending text, the fix) when the page has no article, no date
    line, a regional paragraph without its "사업계획" budget, or an amount that cannot be read.
    """
    shown = display_path(path)
    text = read_source(path, shown) if text is None else text
    article = find_article(text, path=shown)
    lead = span_of_line(article.body[0])
    announced, written = read_date(lead, article, shown)
    try:
        reading = start_reading(lead, announced, shown)
        read_lead(lead, written, reading)
        read_body(list(article.body[1:]), reading)
        finish_projects(reading)
    except AmountError as err:  # one not reported at its own line above: the first line holding its text
        line = next((line for line in article.body if err.text in line.text), article.body[0])
        raise SourceError(shown, line.number, err.text, err.problem) from err
    call = merge_call(reading.call_parts, lead)
    check_call(call, reading)
    check_figures(reading, call)
    title = span_of_line(article.title)
    release = Release(
        path=shown,
        slug=path.stem,
        title=title.text,
        subtitle=" ".join(span_of_line(s).text for s in article.subtitles) or None,
        date=article.date or announced,
        ministry=reading.ministry,
        program=reading.program.name,
        year=reading.year,
        announced=announced,
        call=call,
        tracks=tuple(reading.tracks),
        national_budget=reading.national,
        projects=tuple(reading.projects),
        quotes=tuple(reading.quotes),
        unread=tuple(reading.unread),
        title_span=title,
        narrative=tuple(reading.narrative),
        program_key=known.key if (known := find_program(reading.program.name)) else None,
    )
    return one_span_per_start(release)


FACT_FIELDS = ("title_span", "ministry", "call", "tracks", "national_budget", "projects", "quotes")


def one_span_per_start(release: Release) -> Release:
    """The facts' spans with one span per start offset: a sentence is named by its line and start offset in the
    graph, so a clause starting where its sentence or paragraph starts ("부산광역시는 … 240억원을 투입하여")
    is traced to the longest of them, which contains it."""
    longest: dict[tuple[int, int], Span] = {}
    clash = False
    for name in FACT_FIELDS:
        for span in spans_in(getattr(release, name)):
            key = (span.line, span.start)
            known = longest.get(key)
            if known is None or span.end > known.end:
                longest[key] = span
            clash = clash or (known is not None and known.end != span.end)
    if not clash:
        return release
    changes: dict[str, Any] = {name: widen(getattr(release, name), longest) for name in FACT_FIELDS}
    return dataclasses.replace(release, **changes)


def spans_in(value: object) -> list[Span]:
    """Every Span inside a fact (a dataclass, a tuple of them, a Span), however deep."""
    if isinstance(value, Span):
        return [value]
    if isinstance(value, tuple):
        return [span for item in value for span in spans_in(item)]
    if hasattr(value, "__dataclass_fields__"):
        return [span for name in value.__dataclass_fields__ for span in spans_in(getattr(value, name))]
    return []


def widen(value: object, longest: dict[tuple[int, int], Span]) -> object:
    """``value`` with each Span replaced by the longest span of its start."""
    if isinstance(value, Span):
        return longest.get((value.line, value.start), value)
    if isinstance(value, tuple):
        return tuple(widen(item, longest) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: widen(getattr(value, f.name), longest) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def display_path(path: Path) -> str:
    """The path as shown in messages and stored in the graph: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT)) if path.is_absolute() else str(path)
    except ValueError:
        return str(path)


def read_source(path: Path, shown: str) -> str:
    """The file's text, character for character (no newline translation, so offsets match the file)."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise SourceError(shown, 1, "", f"not UTF-8 text ({err.reason}); save the file as UTF-8") from err


def read_date(lead: Span, article: Article, path: str) -> tuple[date, str]:
    """The announcement date of the lead (completed from the page's date) and the date as written ("" when the
    lead states none and the page's date is the announcement's). A page without any date raises SourceError."""
    try:
        found = read_announced(lead, article.date)
    except ValueError as err:
        raise SourceError(path, lead.line, lead.text, f"impossible date in the lead ({err})") from err
    if found:
        return found
    if article.date is not None:
        return article.date, ""
    raise SourceError(
        path,
        lead.line,
        lead.text,
        "no date: no date line ('2019-04-23 면') after the article, no 보도시점 / 입력 / 등록일 header and no year "
        "in the lead's date; add the page's date line after the article",
    )


def start_reading(lead: Span, announced: date, path: str) -> Reading:
    """The ministry and the program of the lead; a lead without a program name raises SourceError."""
    program = read_program(lead.text)
    if program is None:
        raise SourceError(
            path, lead.line, lead.text, "no program name in the lead; quote it as ‘2019년 <program name>’"
        )
    year = program.year or announced.year
    return Reading(path, load_gazetteer(), read_ministry(lead), program, year)


def read_lead(lead: Span, written_date: str, reading: Reading) -> None:
    """The sentences of the lead may also state the call or the national budget."""
    consumed = [written_date] if written_date else []
    try:
        for sentence in split_sentences(lead):
            read_facts(sentence, reading, [*consumed, reading.program.quoted])
    except AmountError as err:
        raise SourceError(reading.path, lead.line, err.text, err.problem) from err


def read_body(lines: list[Line], reading: Reading) -> None:
    """The article after its lead, block by block: a text table of projects, a regional section under a
    heading or row, else one line at a time (paragraphs, plan lines, sentences)."""
    n = 0
    while n < len(lines):
        taken = read_table_at(lines, n, reading) or read_section_at(lines, n, reading)
        if taken:
            n += taken
            continue
        read_line(lines[n], reading)
        n += 1


def read_section_at(lines: list[Line], n: int, reading: Reading) -> int:
    """The regional section whose heading or row is ``lines[n]`` as a project; how many lines it takes (0 when
    the line opens none)."""
    heading = read_heading(lines[n], reading.gazetteer)
    if heading is None or not any(is_selected_place(region, reading) for region in heading.places.regions):
        return 0
    count = section_lines(lines, n, heading, reading.gazetteer)
    finish_projects(reading)
    open_paragraph(section_paragraph(heading.places, heading.span, heading.industry), reading)
    try:
        if heading.body is not None:
            feed_section(heading.body, reading)
        for line in lines[n + 1 : n + 1 + count]:
            feed_section(span_of_line(line), reading)
    except AmountError as err:
        raise SourceError(reading.path, heading.span.line, err.text, err.problem) from err
    finish_projects(reading)
    return 1 + count


def section_paragraph(places: Places, span: Span, industry: str) -> Paragraph:
    """The paragraph a section or table row stands for: its places (a consortium when several), its industry."""
    partners = tuple(zip(places.regions[1:], places.texts[1:], strict=True))
    return Paragraph(places.regions[0], places.texts[0], span, partners, industry, heading=True)


def feed_section(span: Span, reading: Reading) -> None:
    """One line of a section: a plan line, else sentences kept with the section (its budget, hubs, industry)."""
    if is_plan_line(span):
        reading.pending_plans.append(span)
        return
    for sentence in split_sentences(span):
        read_sentence(sentence, reading)
    reading.pending_extra.append(span)


def is_selected_place(region: Region, reading: Reading) -> bool:
    """True when the call names the place, its 시·도, one of its 시·군, or no regions at all."""
    named = {key for _, parts in reading.call_parts for key in parts.regions}
    if not named or region.key in named or region.parent in named:
        return True
    return any(reading.gazetteer[key].parent == region.key for key in named if key in reading.gazetteer)


def read_table_at(lines: list[Line], n: int, reading: Reading) -> int:
    """The text table of projects whose header row is ``lines[n]``, one project per row; how many lines it
    takes (0 when the line opens none). The cells of a row: its places, industry, budget and targets."""
    found = read_table(lines, n, reading.gazetteer)
    if found is None:
        return 0
    table, taken = found
    finish_projects(reading)
    reading.narrative.append(table.header)
    for row, (places, cells) in zip(lines[n + 1 : n + taken], table.rows, strict=False):
        try:
            read_table_row(span_of_line(row), places, cells, table.columns, reading)
        except AmountError as err:
            raise SourceError(reading.path, row.number, err.text, err.problem) from err
    return taken


def read_table_row(
    row: Span, places: Places, cells: tuple[Span, ...], columns: tuple[str, ...], reading: Reading
) -> None:
    """One row of a table of projects -> a RegionalProject (its budget and targets from their cells)."""
    by_kind: dict[str, list[Span]] = {}
    for kind, cell in zip(columns, cells, strict=False):
        if cell.text.strip(" -–—"):
            by_kind.setdefault(kind, []).append(cell)
    industry = " ".join(cell.text for cell in by_kind.get("industry", []))
    paragraph = section_paragraph(places, row, industry)
    plan = Plan()
    for cell in by_kind.get("budget", []):
        if plan.budget is None:
            read_budget(cell, plan, cell=True)
    for cell in by_kind.get("targets", []):
        merge_plan(plan, read_plan(cell))
    consumed = [*places.texts]
    if plan.budget is not None:
        consumed.append(plan.budget.amount.text)
    consumed += [share.amount.text for share in plan.shares] + [t.amount.text for t in plan.targets]
    reading.checks.append((row, consumed))
    reading.pending, reading.pending_extra, reading.pending_plans = paragraph, [], []
    add_project(paragraph, row, plan, reading)


def read_line(line: Line, reading: Reading) -> None:
    """One body line: a plan line, a regional paragraph, or sentences read one by one.

    A regional paragraph collects the lines that follow it: further sentences about the region (even one
    opening with the region again: "대구는 …"), where hubs, focus industry or budget may be stated, then its
    plan lines ("사업계획 :", "사업비 :", "주요 목표 :"). The first other line after the plan lines, the next
    paragraph or the end of the article closes it into a RegionalProject.
    """
    span = span_of_line(line)
    try:
        if is_plan_line(span):
            add_plan_line(span, reading)
            return
        mark = mark_of(line)
        if reading.pending_plans or (mark in TOP_MARKS and mark != reading.pending_mark):
            finish_projects(reading)  # a line marked as a new part of the article ("□ …") ends the paragraph
        paragraph = match_paragraph(span, reading.gazetteer)
        pending = reading.pending
        continues = pending is not None and paragraph is not None and paragraph.region.key == pending.region.key
        if paragraph and not continues and is_selected(paragraph.region.key, reading):
            open_paragraph(paragraph, reading)
            reading.pending_mark = mark
            return
        facts = [read_sentence(sentence, reading) for sentence in split_sentences(span)]
        if pending is not None and not any(facts):
            reading.pending_extra.append(span)
    except AmountError as err:
        raise SourceError(reading.path, line.number, err.text, err.problem) from err


def is_selected(region: str, reading: Reading) -> bool:
    """True when the call names ``region`` among the selected, or names no regions (so any may follow)."""
    named = {key for _, parts in reading.call_parts for key in parts.regions}
    return not named or region in named


def open_paragraph(paragraph: Paragraph, reading: Reading) -> None:
    """Start a regional paragraph, closing the previous one."""
    finish_projects(reading)
    reading.pending = paragraph
    reading.checks.append((paragraph.span, [paragraph.region_text]))


def add_plan_line(span: Span, reading: Reading) -> None:
    """A plan line of the pending regional paragraph; one without a paragraph before it is an error."""
    if reading.pending is None:
        raise SourceError(
            reading.path,
            span.line,
            span.text,
            "'사업계획' line without a regional paragraph before it; add 'ㅇ <시도>는 …' above it",
        )
    reading.pending_plans.append(span)


def finish_projects(reading: Reading) -> None:
    """Close the pending regional paragraph into a RegionalProject.

    The budget comes from its plan lines, else from the paragraph itself ("… 총사업비 110억원을 투입하여 …"):
    a paragraph without plan lines is then a project without targets (the figures of its prose stay reported
    as unread). A paragraph about a region that already has its project is a further sentence about it
    (narrative); any other "ㅇ <시도>는 …" paragraph without a budget is an error in the source. A section under
    a heading may state no budget: it is a project without one.
    """
    paragraph, plans = reading.pending, reading.pending_plans
    if paragraph is None:
        return
    plan = Plan()
    for span in plans:
        merge_plan(plan, read_plan_at(span, reading))
    keys = tuple(region.key for region in paragraph.regions)
    if plan.budget is None and not budget_from_paragraph(paragraph, plan, reading):
        if not plans and any(p.regions == keys for p in reading.projects):
            reading.narrative.append(paragraph.span)
            reading.pending, reading.pending_extra = None, []
            return
        if not paragraph.heading or plans:
            span = plans[0] if plans else paragraph.span
            problem = NO_BUDGET if plans else NO_PLAN_LINE
            raise SourceError(reading.path, span.line, span.text, problem)
    if plan.budget is not None:
        check_budget(plan, reading)
    first = next((p for p in reading.projects if p.regions == keys), None)
    if first is not None:
        span = plans[0] if plans else paragraph.span
        problem = (
            f"a second project of {paragraph.region_text} (its first is read from line {first.span.line}); "
            "a release states one project per region: merge the two paragraphs or remove one"
        )
        raise SourceError(reading.path, paragraph.span.line, paragraph.span.text, problem)
    if not plans and not paragraph.heading:
        prose = [paragraph.span, *reading.pending_extra]
        try:
            for piece in read_prose_targets(prose, plan):
                account_for(piece, [f.amount.text for f in find_amounts(piece.text)], reading)
        except AmountError as err:
            span = next((s for s in prose if err.text in s.text), paragraph.span)
            raise SourceError(reading.path, span.line, err.text, err.problem) from err
    add_project(paragraph, plans[0] if plans else paragraph.span, plan, reading)


def check_budget(plan: Plan, reading: Reading) -> None:
    """A project budget of nothing ("총사업비 0원") is a typo in the source: the graph holds positive budgets."""
    assert plan.budget is not None and plan.budget_span is not None
    if plan.budget.amount.value <= 0:
        span = plan.budget_span
        problem = f"project budget '{plan.budget.amount.text}' is not a positive amount; write the budget in won"
        raise SourceError(reading.path, span.line, span.text, problem)


NO_BUDGET = "'사업계획' line without the budget; begin it with '총사업비 약 N억원을 투입'"
NO_PLAN_LINE = "regional paragraph without its '사업계획 :' line; add '사업계획 : 총사업비 약 N억원을 투입, …' after it"


def read_plan_at(span: Span, reading: Reading) -> Plan:
    """``read_plan`` with a bad amount reported at the plan line's own line."""
    try:
        return read_plan(span)
    except AmountError as err:
        raise SourceError(reading.path, span.line, err.text, err.problem) from err


def merge_plan(plan: Plan, more: Plan) -> None:
    """Add the budget, targets and unread clauses of one more plan line of the same paragraph."""
    if more.budget is not None and more.budget_span is not None:
        if plan.budget is None:
            plan.budget, plan.budget_span = more.budget, more.budget_span
        else:
            span = more.budget_span
            reason = f"second budget '{more.budget.amount.text}' of the region is not read"
            plan.unread.append(Unread(span.line, span.text, reason))
    plan.targets += more.targets
    plan.unread += more.unread
    plan.shares += more.shares


def budget_from_paragraph(paragraph: Paragraph, plan: Plan, reading: Reading) -> bool:
    """Find the budget in the paragraph or the lines kept with it. Every amount of the budget clause is then
    accounted for: the budget, and the shares and other figures the plan reports as unread."""
    for span in (paragraph.span, *reading.pending_extra):
        try:
            found = read_budget_in(span, plan)
        except AmountError as err:
            raise SourceError(reading.path, span.line, err.text, err.problem) from err
        if found:
            assert plan.budget_span is not None
            for clause in (plan.budget_span, *(share.span for share in plan.shares)):
                account_for(clause, [f.amount.text for f in find_amounts(clause.text)], reading)
            return True
    return False


def account_for(clause: Span, texts: list[str], reading: Reading) -> None:
    """Mark ``texts`` of a clause as read by a fact, so the figure check does not report them again."""
    for span, consumed in reading.checks:
        if span.line == clause.line and span.start <= clause.start < span.end:
            consumed.extend(texts)
            if span in reading.narrative:
                reading.narrative.remove(span)


def add_project(paragraph: Paragraph, plan_span: Span, plan: Plan, reading: Reading) -> None:
    """One RegionalProject from a paragraph (and the lines kept with it) and its plan."""
    texts = [paragraph.span.text, *(s.text for s in reading.pending_extra)]
    if paragraph.industry_text:  # as a heading or a table cell writes it; the scheme's concept is a link
        known = find_industry(paragraph.industry_text)
        industry, industry_text = (known.key if known else None), paragraph.industry_text
    else:
        industry, industry_text = next((found for found in map(read_industry, texts) if found[1]), (None, ""))
    if not industry_text:
        industry_text = next((found for found in map(main_object, texts) if found), "")  # kept as written
        if not industry_text:
            problem = "regional paragraph without its focus industry; name it, e.g. '… 로봇 산업을 육성할 계획이다'"
            raise SourceError(reading.path, paragraph.span.line, paragraph.span.text, problem)
        reason = "focus industry not recognised" + (f"; '{industry_text}' kept as its wording" if industry_text else "")
        reading.unread.append(Unread(paragraph.span.line, paragraph.span.text, reason))
    hubs, hub_texts, unresolved = next(
        (found for text in texts if (found := read_hubs(text, reading.gazetteer))[1]), ((), (), ())
    )
    reading.projects.append(
        RegionalProject(
            regions=tuple(region.key for region in paragraph.regions),
            region_texts=paragraph.region_texts,
            industry=industry,
            industry_text=industry_text,
            hubs=hubs,
            plan_text=paragraph.span.text,
            budget=plan.budget.amount if plan.budget is not None else None,
            targets=tuple(plan.targets),
            shares=checked_shares(plan, reading),
            span=paragraph.span,
            plan_span=plan_span,
            budget_span=plan.budget_span if plan.budget is not None else None,
            hub_texts=hub_texts,
            unresolved_hubs=unresolved,
        )
    )
    reading.unread += plan.unread
    reading.pending, reading.pending_extra, reading.pending_plans = None, [], []


def checked_shares(plan: Plan, reading: Reading) -> tuple[FundingShare, ...]:
    """The plan's funding shares when they fit in its total; shares adding up to more than the total are
    dropped with a warning naming them (never a guessed split)."""
    shares = tuple(plan.shares)
    if plan.budget is None or not shares:
        return shares
    total = plan.budget.amount.value
    if sum(share.amount.value for share in shares) > total:
        first = shares[0].span
        written = ", ".join(f"{share.source_text} {share.amount.text}" for share in shares)
        reason = f"budget shares ({written}) add up to more than the total '{plan.budget.amount.text}'; not read"
        reading.unread.append(Unread(first.line, first.text, reason))
        return ()
    return shares


def read_sentence(span: Span, reading: Reading) -> bool:
    """A sentence outside the regional paragraphs: a quote, else whatever facts it states, else narrative.
    True when it states a fact (a quote, the national budget, a track, the call)."""
    previous = reading.quotes[-1].speaker if reading.quotes else None
    quote = read_quote(span, reading.ministry_names, previous)
    if quote:
        reading.quotes.append(quote)
        reading.checks.append((span, [quote.speaker.name, quote.speaker.post, *quotations(span.text)]))
        return True
    if is_quotation(span):
        reading.unread.append(Unread(span.line, span.text, "quotation whose speaker (name and post) is not read"))
        return False
    if read_facts(span, reading, []):
        return True
    reading.narrative.append(span)
    return False


def read_facts(span: Span, reading: Reading, consumed: list[str]) -> bool:
    """The national budget, a track and the call facts one sentence states; False when it states none.

    Inside a regional paragraph only a sentence whose subject is the ministry or the government states the
    national budget ("과기정통부는 … 국비 …"); the region's own "국비 70억원" is a share of its budget.
    """
    found = False
    national = None
    if not reading.national and (reading.pending is None or by_ministry(span.text, reading)):
        national = read_national_budget(span, reading.year)
    if national:
        reading.national, found = national, True
        consumed = [*consumed, national.amount.text, *period_texts(span.text, national.period)]
    track = read_track(span)
    if track:
        reading.tracks.append(track)
        found = True
    in_call = not reading.projects and reading.pending is None  # the call is stated before the regions
    parts = read_call_parts(span, reading.gazetteer) if in_call else CallParts()
    if parts.found:
        reading.call_parts.append((span, parts))
        consumed, found = [*consumed, *parts.consumed], True
    reading.checks.append((span, consumed))
    return found


def by_ministry(text: str, reading: Reading) -> bool:
    """True when the sentence's subject is a ministry or the government ("과기정통부는 …", "정부는 …")."""
    subject = re.match(r"([가-힣]+?)(?:은|는|이|가|에서는)?(?![가-힣])", text)
    return subject is not None and (subject[1] in reading.ministry_names or subject[1] == "정부")


def check_call(call: Call, reading: Reading) -> None:
    """Report a call whose count or regions disagree with the regional paragraphs; no paragraphs is an error."""
    if not reading.projects:
        raise SourceError(
            reading.path,
            call.span.line,
            call.span.text,
            "no regional project: expected 'ㅇ <시도>는 …' paragraphs each followed by a '사업계획 :' line",
        )
    regions = tuple(p.region for p in reading.projects)
    if call.selected_regions and set(call.selected_regions) != set(regions):
        reason = f"selected regions {call.selected_regions} differ from the regional paragraphs {regions}"
        reading.unread.append(Unread(call.span.line, call.span.text, reason))
    if call.selected is not None and call.selected != len(regions):
        reason = f"{call.selected} regions selected but {len(regions)} regional paragraphs"
        reading.unread.append(Unread(call.span.line, call.span.text, reason))


def check_figures(reading: Reading, call: Call) -> None:
    """Report every sentence holding a figure no fact accounts for; figure-free sentences stay narrative."""
    program = re.compile(spaced_pattern(reading.program.name))
    counts = {call.selected, len(reading.projects)}
    for span, consumed in reading.checks:
        stray = stray_figures(span.text, consumed, program, counts)
        if stray:
            reading.unread.append(
                Unread(span.line, span.text, "figures that no fact accounts for: " + ", ".join(stray))
            )
            if span in reading.narrative:
                reading.narrative.remove(span)
    reading.unread.sort(key=lambda u: u.line)


def is_count(digits: str, counts: set[int | None]) -> bool:
    """True when ``digits`` is one of ``counts`` (a run too long for an int is none of them)."""
    return len(digits) <= 6 and int(digits) in counts


def stray_figures(text: str, consumed: list[str], program: re.Pattern[str], counts: set[int | None]) -> list[str]:
    """The figures of ``text`` left once the facts' own texts, the program name and the like are removed."""
    for part in consumed:
        if part:
            text = text.replace(part, " ", 1)
    text = TECH_TERMS_RE.sub(" ", program.sub(" ", text))
    text = COUNT_OF_REGIONS_RE.sub(lambda m: " " if is_count(m["n"] or m["m"], counts) else m.group(0), text)
    return [m.group(0).strip() for m in FIGURE_RE.finditer(text)]
