"""One press release -> a Release: find the article, read each line, report what could not be read.

Every line of the article ends up somewhere: in a fact (with its span), in ``Release.narrative``
(a sentence without figures and without facts) or in ``Release.unread`` (a sentence or clause with a
figure or a target the extractor could not interpret). Page chrome yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kgbuild.errors import SourceError
from kgbuild.extract.amounts import AmountError
from kgbuild.extract.call import CallParts, merge_call, read_call_parts
from kgbuild.extract.chrome import Article, Line, find_article
from kgbuild.extract.lead import ProgramName, read_announced, read_ministry, read_program
from kgbuild.extract.program import period_texts, read_national_budget, read_track
from kgbuild.extract.projects import Paragraph, is_plan_line, match_paragraph, read_hubs, read_industry, read_plan
from kgbuild.extract.quotes import is_quotation, read_quote
from kgbuild.extract.records import (
    Call,
    Ministry,
    NationalBudget,
    Quote,
    RegionalProject,
    Release,
    Span,
    Track,
    Unread,
)
from kgbuild.extract.sentences import span_of_line, split_sentences
from kgbuild.extract.serialize import release_to_json
from kgbuild.extract.vocabulary import find_program, load_ministries, spaced_pattern
from kgbuild.gazetteer import Gazetteer, load_gazetteer
from kgbuild.paths import PROJECT_ROOT

__all__ = ["extract_release", "release_to_json"]  # release_to_json is re-exported for the CLI

FIGURE_RE = re.compile(r"\d[\d,.]*\s*[^\s,.()\d]*")
TECH_TERMS_RE = re.compile(r"\d+\s*차\s*산업\s*혁명|\b\d+[GD]\b")
COUNT_OF_REGIONS_RE = re.compile(r"(?P<n>\d+)\s*(?:개\s*)?(?:광역\s*)?(?:지자체|광역지자체|지역|시·도|시도|곳)")


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
    reading = start_reading(lead, article, shown)
    announced = read_lead(lead, article.date, reading)
    for line in article.body[1:]:
        read_line(line, reading)
    finish_projects(reading)
    call = merge_call(reading.call_parts, lead)
    check_call(call, reading)
    check_figures(reading, call)
    title = span_of_line(article.title)
    return Release(
        path=shown,
        slug=path.stem,
        title=title.text,
        subtitle=" ".join(span_of_line(s).text for s in article.subtitles) or None,
        date=article.date,
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


def start_reading(lead: Span, article: Article, path: str) -> Reading:
    """The ministry and the program of the lead; a lead without a program name raises SourceError."""
    program = read_program(lead.text)
    if program is None:
        raise SourceError(
            path, lead.line, lead.text, "no program name in the lead; quote it as ‘2019년 <program name>’"
        )
    year = program.year or article.date.year
    return Reading(path, load_gazetteer(), read_ministry(lead), program, year)


def read_lead(lead: Span, page_date: date, reading: Reading) -> date:
    """The announcement date of the lead; its sentences may also state the call or the national budget."""
    try:
        found = read_announced(lead, page_date)
    except ValueError as err:
        raise SourceError(reading.path, lead.line, lead.text, f"impossible date in the lead ({err})") from err
    consumed = [found[1]] if found else []
    try:
        for sentence in split_sentences(lead):
            read_facts(sentence, reading, [*consumed, reading.program.quoted])
    except AmountError as err:
        raise SourceError(reading.path, lead.line, err.text, err.problem) from err
    return found[0] if found else page_date


def read_line(line: Line, reading: Reading) -> None:
    """One body line: a "사업계획" line, a regional paragraph, or sentences read one by one."""
    span = span_of_line(line)
    try:
        if is_plan_line(span):
            read_plan_line(span, reading)
            return
        paragraph = match_paragraph(span, reading.gazetteer)
        if paragraph and is_selected(paragraph.region.key, reading):
            open_paragraph(paragraph, reading)
            return
        for sentence in split_sentences(span):
            read_sentence(sentence, reading)
    except AmountError as err:
        raise SourceError(reading.path, line.number, err.text, err.problem) from err


def is_selected(region: str, reading: Reading) -> bool:
    """True when the call names ``region`` among the selected, or names no regions (so any may follow)."""
    named = {key for _, parts in reading.call_parts for key in parts.regions}
    return not named or region in named


def open_paragraph(paragraph: Paragraph, reading: Reading) -> None:
    """Start a regional paragraph; the previous one must have had its "사업계획" line."""
    finish_projects(reading)
    reading.pending = paragraph
    reading.checks.append((paragraph.span, [paragraph.region_text]))


def finish_projects(reading: Reading) -> None:
    """A regional paragraph still waiting for its "사업계획" line is an error in the source."""
    if reading.pending is not None:
        span = reading.pending.span
        raise SourceError(
            reading.path,
            span.line,
            span.text,
            "regional paragraph without its '사업계획 :' line; add '사업계획 : 총사업비 약 N억원을 투입, …' after it",
        )


def read_plan_line(span: Span, reading: Reading) -> None:
    """The "사업계획" line of the pending regional paragraph -> one RegionalProject."""
    paragraph = reading.pending
    if paragraph is None:
        raise SourceError(
            reading.path,
            span.line,
            span.text,
            "'사업계획' line without a regional paragraph before it; add 'ㅇ <시도>는 …' above it",
        )
    plan = read_plan(span)
    if plan.budget is None or plan.budget_span is None:
        raise SourceError(
            reading.path,
            span.line,
            span.text,
            "'사업계획' line without the budget; begin it with '총사업비 약 N억원을 투입'",
        )
    industry, industry_text = read_industry(paragraph.span.text)
    if not industry_text:
        reading.unread.append(Unread(paragraph.span.line, paragraph.span.text, "focus industry not recognised"))
    hubs, hub_texts, unresolved = read_hubs(paragraph.span.text, reading.gazetteer)
    reading.projects.append(
        RegionalProject(
            region=paragraph.region.key,
            region_text=paragraph.region_text,
            industry=industry,
            industry_text=industry_text,
            hubs=hubs,
            plan_text=paragraph.span.text,
            budget=plan.budget.amount,
            targets=tuple(plan.targets),
            span=paragraph.span,
            plan_span=span,
            budget_span=plan.budget_span,
            hub_texts=hub_texts,
            unresolved_hubs=unresolved,
        )
    )
    reading.unread += plan.unread
    reading.pending = None


def read_sentence(span: Span, reading: Reading) -> None:
    """A sentence outside the regional paragraphs: a quote, else whatever facts it states, else narrative."""
    quote = read_quote(span, reading.ministry_names)
    if quote:
        reading.quotes.append(quote)
        reading.checks.append((span, [quote.speaker.name, quote.speaker.post, *quoted_parts(span.text)]))
        return
    if is_quotation(span):
        reading.unread.append(Unread(span.line, span.text, "quotation whose speaker (name and post) is not read"))
        return
    if not read_facts(span, reading, []):
        reading.narrative.append(span)


def read_facts(span: Span, reading: Reading, consumed: list[str]) -> bool:
    """The national budget, a track and the call facts one sentence states; False when it states none."""
    found = False
    national = None if reading.national else read_national_budget(span, reading.year)
    if national:
        reading.national, found = national, True
        consumed = [*consumed, national.amount.text, *period_texts(span.text, national.period)]
    track = read_track(span)
    if track:
        reading.tracks.append(track)
        found = True
    parts = read_call_parts(span, reading.gazetteer) if not reading.projects else CallParts()
    if parts.found:
        reading.call_parts.append((span, parts))
        consumed, found = [*consumed, *parts.consumed], True
    reading.checks.append((span, consumed))
    return found


def quoted_parts(text: str) -> list[str]:
    """The quotations of a sentence, marks included (their figures belong to the speaker's words)."""
    return re.findall(r"[“\"][^”\"]*[”\"]", text)


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


def stray_figures(text: str, consumed: list[str], program: re.Pattern[str], counts: set[int | None]) -> list[str]:
    """The figures of ``text`` left once the facts' own texts, the program name and the like are removed."""
    for part in consumed:
        if part:
            text = text.replace(part, " ", 1)
    text = TECH_TERMS_RE.sub(" ", program.sub(" ", text))
    text = COUNT_OF_REGIONS_RE.sub(lambda m: " " if int(m["n"]) in counts else m.group(0), text)
    return [m.group(0).strip() for m in FIGURE_RE.finditer(text)]
