"""Regional sections that are not "ㅇ <시도>는 …" paragraphs: headings, rows of the form "<place> : <text>",
and text tables.

"◇ 부산 블록체인 특구"                         a heading: the place, then the focus industry (and the program's word)
"① 경북 상주 : 스마트팜 생산·교육·연구 복합단지"   a heading whose industry follows a colon
"ㅇ 경기 용인·평택 : 메모리 세계 1위를 …한다."     a row: the place, a colon, then the section's own text
"지역 | 거점산단 | 중점 산업 | 주요 목표(3년)"      a table: a header row naming the columns, one row per project

A heading's section is the lines after it that share the bullet mark of its first line (" ○ …", " - …"); a line
with another mark, another heading or a row ends it. The places of a section are the most specific the release
names: "경북 상주" is 상주시, "충남 천안·아산" the consortium of 천안시 and 아산시, "광주·전남" that of two 시·도.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgbuild.extract.chrome import BULLET_MARK, Line
from kgbuild.extract.records import Span
from kgbuild.extract.sentences import span_of_line, trim_span
from kgbuild.gazetteer import Gazetteer, Region

HEADING_MAX = 70  # a heading is a short line; a longer one is a paragraph
MAX_CONSORTIUM = 2  # "광주·전남": more places in a heading are a list of the selected (a title), not one project
# A heading names a place and what it grows; figures or a verb of selection make it a title or a sentence
NOT_HEADING_RE = re.compile(r"\d|선정|지정|확정|발표|[…]")
# The end of a sentence: a heading has none ("… 특구", "… 복합단지"), a paragraph has ("… 조성한다.")
SENTENCE_END_RE = re.compile(r"(?:다|요|음|함|임)\s*[.。]?\s*$|다\.\s")
# What joins the places of a consortium or of one 시·도's 시·군 ("광주·전남", "용인·평택", "천안, 아산")
PLACE_JOINER_RE = re.compile(r"\s*(?:[·‧ㆍ・,、/]|및|와|과)\s*|\s+")
# A topic particle right after the places makes the line a paragraph ("경북은 …", "광주·전남은 …")
PARTICLE_AFTER_RE = re.compile(r"(?:은|는|이|가|의|에서는|에서|에는|도)(?![가-힣])")
COLON_RE = re.compile(r"\s*[:：]\s*")
# The program's own word closing a heading ("부산 블록체인 특구", "… 특화단지"): not part of the industry
PROGRAM_WORD_RE = re.compile(r"\s*(?:규제자유)?(?:특구|특화단지|지구|클러스터|선도지역|거점|혁신밸리|밸리)\s*$")
# The marks of the article's top level ("□ …"): such a line starts a new part, ending a paragraph marked otherwise
TOP_MARKS = frozenset({"□", "■", "◆", "◇", "▣"})
MARK_RE = re.compile(rf"^[\s\ufeff]*(?P<mark>{BULLET_MARK})")
# The header row of a text table names its columns; the region column is one of these
REGION_COLUMN_RE = re.compile(r"^(?:선정\s*)?(?:지역|시\s*[·ㆍ]?\s*도|지자체|대상지|광역\s*지자체|시\s*[·ㆍ]?\s*군)$")
INDUSTRY_COLUMN_RE = re.compile(r"산업|분야|특화|주제|테마|^\s*특구\s*$")
BUDGET_COLUMN_RE = re.compile(r"사업비|예산|국비|투자")
TARGET_COLUMN_RE = re.compile(r"목표|성과|계획")
EMPTY_CELL_RE = re.compile(r"^[\s\-–—·]*$")


@dataclass(frozen=True)
class Places:
    """The places a section names, the most specific kept, each as written, and where the names end."""

    regions: tuple[Region, ...]
    texts: tuple[str, ...]
    end: int  # offset in the text after the last name
    qualifier: str = ""  # a word after the places that is not one ("전북 새만금": "새만금"), kept as a hub


@dataclass(frozen=True)
class Heading:
    """A heading or row opening a regional section."""

    places: Places
    industry: str  # the focus industry as the heading writes it; "" when it names none
    span: Span  # the heading's text (without its bullet)
    mark: str  # its bullet mark ("◇", "1.", "①", "" for none)
    body: Span | None = None  # a row's own text after its colon ("경기 용인·평택 : <body>")


@dataclass(frozen=True)
class Table:
    """A text table of projects: its header row's column kinds and its rows."""

    header: Span
    columns: tuple[str, ...]  # per column: "region", "industry", "budget", "targets" or "other"
    rows: tuple[tuple[Places, tuple[Span, ...]], ...]  # each row's places and cells


def mark_of(line: Line) -> str:
    """The bullet mark opening a line, normalised so that every numbered heading has one mark ("①", "1.")."""
    m = MARK_RE.match(line.text)
    if not m:
        return ""
    mark = m["mark"]
    if "①" <= mark <= "⑳":
        return "①"
    if re.fullmatch(r"\(?\d{1,2}\)", mark):
        return "1)"
    if re.fullmatch(r"\d{1,2}\.", mark):
        return "1."
    return "o" if mark in ("o", "O", "○", "◦", "ㅇ") else mark


def read_places(text: str, gazetteer: Gazetteer) -> Places | None:
    """The places at the start of ``text`` ("광주·전남", "경기 용인·평택", "경남 고성"), or None."""
    regions: list[Region] = []
    texts: list[str] = []
    pos = 0
    while True:
        found = gazetteer.find_all(text[pos : pos + 24])
        if not found or found[0][1].start() != 0:
            break
        region, m = found[0]
        regions.append(region)
        texts.append(m.group(0))
        pos += m.end()
        joiner = PLACE_JOINER_RE.match(text, pos)
        if joiner is None or not gazetteer.find_all(text[joiner.end() : joiner.end() + 24]):
            break
        following = gazetteer.find_all(text[joiner.end() : joiner.end() + 24])
        if following[0][1].start() != 0:
            break
        pos = joiner.end()
    if not regions:
        return None
    return most_specific(regions, texts, pos)


def most_specific(regions: list[Region], texts: list[str], end: int) -> Places:
    """The places without a 시·도 whose own 시·군 follow it ("경북 상주" -> 상주시)."""
    parents = {region.parent for region in regions if region.parent}
    kept = [(r, t) for r, t in zip(regions, texts, strict=True) if r.key not in parents]
    return Places(tuple(r for r, _ in kept), tuple(t for _, t in kept), end)


def read_heading(line: Line, gazetteer: Gazetteer) -> Heading | None:
    """The heading or row a line is, or None: it opens with places, then the focus industry ("부산 블록체인
    특구"), a colon and the industry ("경북 상주 : 스마트팜 …") or a colon and the section's text."""
    span = span_of_line(line)
    text = span.text
    places = read_places(text, gazetteer)
    if places is None or PARTICLE_AFTER_RE.match(text, places.end) or len(places.regions) > MAX_CONSORTIUM:
        return None
    mark = mark_of(line)
    colon = COLON_RE.match(text, places.end)
    before_colon = ""
    if colon is None:
        qualified = re.match(r"\s+(?P<word>[가-힣]{2,5})\s*[:：]\s*", text[places.end :])
        if qualified:  # "전북 새만금 : …": a place the gazetteer does not know, then the colon
            before_colon, colon = qualified["word"], re.compile(r"[:：]\s*").search(text, places.end)
    if colon is not None:
        rest = trim_span(span, colon.end(), len(text))
        if not rest.text:
            return None
        places = Places(places.regions, places.texts, places.end, before_colon)
        if len(text) <= HEADING_MAX and not SENTENCE_END_RE.search(rest.text):
            return Heading(places, rest.text, span, mark)
        return Heading(places, "", span, mark, body=rest)
    if len(text) > HEADING_MAX or SENTENCE_END_RE.search(text) or "|" in text or NOT_HEADING_RE.search(text):
        return None
    industry = PROGRAM_WORD_RE.sub("", text[places.end :]).strip(" -–—()")
    return Heading(places, industry, span, mark)


def split_row(span: Span) -> tuple[Span, ...]:
    """The cells of a "|"-separated row, each a span of the file."""
    cells = []
    start = 0
    for i, ch in enumerate(span.text + "|"):
        if ch == "|":
            cells.append(trim_span(span, start, i))
            start = i + 1
    return tuple(cells)


def column_kind(name: str) -> str:
    """What a header cell names: "region", "industry", "budget", "targets" or "other"."""
    if REGION_COLUMN_RE.match(name.strip()):
        return "region"
    kinds = (("budget", BUDGET_COLUMN_RE), ("targets", TARGET_COLUMN_RE), ("industry", INDUSTRY_COLUMN_RE))
    return next((kind for kind, pattern in kinds if pattern.search(name)), "other")


def read_table(lines: list[Line], start: int, gazetteer: Gazetteer) -> tuple[Table, int] | None:
    """The text table whose header row is ``lines[start]``, and how many lines it takes; None when the line is
    not the header of a table of regions."""
    header = span_of_line(lines[start])
    if header.text.count("|") < 1:
        return None
    columns = tuple(column_kind(cell.text) for cell in split_row(header))
    if "region" not in columns:
        return None
    rows = []
    n = start + 1
    while n < len(lines) and "|" in lines[n].text:
        cells = split_row(span_of_line(lines[n]))
        if all(EMPTY_CELL_RE.match(cell.text) for cell in cells):  # "---|---" under the header
            n += 1
            continue
        region_cell = cells[columns.index("region")] if len(cells) == len(columns) else None
        places = read_places(region_cell.text, gazetteer) if region_cell else None
        if places is None:
            break
        rows.append((places, cells))
        n += 1
    if not rows:
        return None
    return Table(header, columns, tuple(rows)), n - start


def section_lines(lines: list[Line], start: int, heading: Heading, gazetteer: Gazetteer) -> int:
    """How many lines after the heading at ``start`` belong to its section: those with the mark of the first
    of them, up to another heading, a row, a table or a line with another mark. A row ("<place> : <text>")
    keeps only lines marked unlike it (its sub-items)."""
    n = start + 1
    if n >= len(lines):
        return 0
    body_mark = mark_of(lines[n])
    if heading.body is not None and body_mark == heading.mark:
        return 0
    count = 0
    while n < len(lines):
        line = lines[n]
        if mark_of(line) != body_mark or read_heading(line, gazetteer) or "|" in line.text:
            break
        count += 1
        n += 1
    return count
