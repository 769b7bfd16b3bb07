"""Find the article inside a news page: the title, the subtitles, the body from the lead to its end, the date.

A republished release is surrounded by page chrome (other headlines, font and share buttons, "많이 본 뉴스")
that holds no facts even where it has numbers and years. The article is recognised by its lead
("과학기술정보통신부(장관 …)는 4월 23일, …", "국토교통부는 … 13곳을 … 지정했다고 28일 밝혔다") and ends at the
page's date line ("2019-04-23 면") or at the first line of chrome after it ("많이 본 뉴스", "자료 제공 : …").
The page's date is wherever the genre puts it: a 보도시점 / 배포일시 / 입력 / 등록일 header
("보도시점 : 2021. 6. 15.(화) 11:00", "입력 2019.07.24 11:32"), the date line after the article, or a date row
of the header.
A comment block at the top of the file (lines opening with "#": the public sources of a corpus release) is not
part of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kgbuild.errors import SourceError

# A bullet mark opening a line: "ㅇ", "□", "- ◇", a Latin "o", "①", "1)", "2."
BULLET_MARK = r"(?:[ㅇ○◦●□■▪▫◇◆•※*ㆍ·\-–—ㅡ>▷▶►△▲◎①-⑳]|[oO](?=\s)|\(?\d{1,2}\)|\d{1,2}\.(?=\s))"
# Characters that show nothing: a byte-order mark left by an editor, zero-width spaces and joiners.
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
# A line of bullet marks, spaces and invisible characters alone ("ㅇ", "- ", "\ufeff"): it holds no text.
ORNAMENT_RE = re.compile(rf"[\s{INVISIBLE}]*(?:{BULLET_MARK}[\s{INVISIBLE}]*)*")
# The lead opens with the ministry (or two: "산업통상자원부(장관 …)와 국토교통부는"), its topic particle, and
# says in the same line that it selected: the minister in brackets, a date, or a verb of selection.
LEAD_RE = re.compile(
    rf"^\s*(?:{BULLET_MARK}\s*)*(?P<ministry>[가-힣]{{2,}}부)\s*(?:\((?P<paren>[^)]*)\)\s*)?"
    r"(?:(?:와|과)\s*[가-힣]{2,}부\s*(?:\([^)]*\)\s*)?)?(?:는|은)(?![가-힣])"
)
LEAD_SAYS_RE = re.compile(r"장관|이하|\d{1,2}\s*일|선정|지정|확정|뽑")
# "2019-04-23 면", "2020.05.12", "입력 2020-05-12 10:30", "기사입력 2020.05.12", "2024.04.16 10:00", "수정 …"
DATE_LINE_RE = re.compile(
    r"^\s*(?:(?:기사\s*)?(?:입력|등록|수정|승인)\s*(?:일시?)?\s*:?\s*)?"
    r"(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})\.?"
    r"(?:\s*\([월화수목금토일]\))?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:\d*\s*면)?\s*$"
)
# A date anywhere in a line: "2019-04-23", "2019.07.24", "2021. 6. 15.(화)", "2019년 4월 23일"; a header label
# before it ("보도시점 :", "배포일시", "입력", "등록일", "작성일") makes it the page's date.
ANY_DATE_RE = re.compile(
    r"(?:(?P<label>보도\s*(?:시점|일시|일)|배포\s*(?:일시|일자|일)?|(?:기사\s*)?입력|등록\s*(?:일시?)?|작성\s*(?:일시?)?"
    r"|게재\s*일|발행\s*일)\s*[:：]?\s*)?"
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-./]|년)\s*(?P<m>\d{1,2})\s*(?:[-./]|월)\s*(?P<d>\d{1,2})(?!\d)"
)
TIME_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?|\([월화수목금토일]\)")
COMMENT_RE = re.compile(r"^\s*#")
# Where the article ends when no date line follows it: the page's furniture after the text
ARTICLE_END_RE = re.compile(
    r"^\s*(?:많이\s*본\s*뉴스|관련\s*기사|다른\s*기사|[\[(]?\s*자료\s*제공\s*:|ⓒ|©|Copyright|저작권자|페이스북|공유하기"
    r"|담당\s*부서\s*:|문의\s*:)"
)
# A subtitle line opens with a dash, an angle bracket or a bullet mark ("- …", "< … >", "◇ …", "◆ …").
SUBTITLE_RE = re.compile(r"^\s*[-–—ㅡ<〈《◇◆▷▶►□■○ㅇ●•·ㆍ△▲*※]")
# A date or byline row of the page between the title and the lead ("2020.05.12 과학기술정보통신부",
# "입력 2020-05-12 10:00", "과학기술정보통신부 2020.05.12"): not the title
META_RE = re.compile(
    r"^\s*(?:(?:기사\s*)?입력\s*:?\s*|[가-힣]+부\s+)?\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}\.?(?:\s+[\d:]+)?"
    r"(?:\s+[가-힣]+부)?\s*(?:\d*\s*면)?\s*$"
)
CHROME_RE = re.compile(
    r"^\s*(?:폰트\s*(?:확대|축소)|프린트하기|인쇄하기|페이스북|트위터|카카오스토리|공유하기|URL\s*복사"
    r"|[\[(]?\s*자료\s*제공\s*:|문의\s*:|담당\s*부서\s*:|많이\s*본\s*뉴스|글자\s*크기|목록\s*보기|ⓒ|©|Copyright|저작권자)"
)


@dataclass(frozen=True)
class Line:
    """One line of the file: 1-based number, offset of its first character, text without the line break."""

    number: int
    start: int
    text: str

    @property
    def blank(self) -> bool:
        """True for a line without text: spaces, invisible characters or bullet marks alone."""
        return bool(ORNAMENT_RE.fullmatch(self.text))


@dataclass(frozen=True)
class Article:
    """Where the article is in the file: header lines, body lines (lead first) and the page's date."""

    title: Line
    subtitles: tuple[Line, ...]
    body: tuple[Line, ...]  # non-blank, non-chrome lines from the lead up to the article's end
    date_line: Line | None  # the page's date line after the article ("2019-04-23 면"), if any
    date: date | None  # the page's date; None when the page states none (the lead's own date then decides)
    date_from: Line | None = None  # the line the page's date was read from


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their offsets; "\\r\\n" and "\\n" both end a line."""
    lines = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        lines.append(Line(number, start, raw.removesuffix("\r")))
        start += len(raw) + 1
    return lines


def is_chrome(text: str) -> bool:
    """True for a line of page furniture (font and share buttons, "자료 제공 : 정책브리핑" ...)."""
    return bool(CHROME_RE.match(text))


def skip_comments(lines: list[Line]) -> list[Line]:
    """The lines with the comment block at the top of the file blanked (numbers and offsets kept)."""
    out = list(lines)
    for i, line in enumerate(lines):
        if COMMENT_RE.match(line.text):
            out[i] = Line(line.number, line.start, "")
        elif not line.blank:
            break
    return out


def find_lead(lines: list[Line]) -> int | None:
    """Index of the lead line ("…부(장관 …)는 …", "…부는 … 선정하였다고 밝혔다"), or None."""
    for i, line in enumerate(lines):
        text = line.text.lstrip(INVISIBLE)
        m = LEAD_RE.match(text)
        if m and LEAD_SAYS_RE.search(text, m.start("ministry")):
            return i
    return None


def find_date_line(lines: list[Line], after: int) -> int | None:
    """Index of the first date line ("2019-04-23 면") after line index ``after``, or None."""
    return next((i for i in range(after + 1, len(lines)) if DATE_LINE_RE.match(lines[i].text)), None)


def find_end(lines: list[Line], lead: int) -> int:
    """Index of the line after the article: its date line, else the first line of chrome that ends a page."""
    date_line = find_date_line(lines, lead)
    if date_line is not None:
        return date_line
    return next((i for i in range(lead + 1, len(lines)) if ARTICLE_END_RE.match(lines[i].text)), len(lines))


def find_header(lines: list[Line], lead: int) -> tuple[Line | None, tuple[Line, ...]]:
    """The title and the subtitles written above the lead (blank, chrome and date / byline rows skipped)."""
    subtitles: list[Line] = []
    for line in reversed(lines[:lead]):
        if line.blank or is_chrome(line.text) or META_RE.match(line.text) or is_header_row(line.text):
            continue
        if SUBTITLE_RE.match(line.text):
            subtitles.insert(0, line)
            continue
        return line, tuple(subtitles)
    return None, tuple(subtitles)


def is_header_row(text: str) -> bool:
    """A row of the release's letterhead: "국토교통부 | 보도자료", "보도시점 : 2018. 1. 29.(월) 배포 즉시"."""
    m = ANY_DATE_RE.search(text)
    return bool(m and m["label"]) or bool(re.search(r"보도\s*자료|보도\s*참고\s*자료", text) and len(text) < 60)


def find_page_date(lines: list[Line], lead: int, end: int, path: str) -> tuple[date, Line] | None:
    """The page's date and its line: a labelled header date first ("보도시점 : 2018. 1. 29.(월)"), else the date
    line after the article, else a date row of the header ("해양수산부 보도자료 | 2019-08-23"). An impossible
    date raises SourceError."""
    header = [line for line in lines[:lead] if not line.blank]
    labelled = [(line, m) for line in header for m in ANY_DATE_RE.finditer(line.text) if m["label"]]
    trailing = [(lines[end], m)] if end < len(lines) and (m := ANY_DATE_RE.search(lines[end].text)) else []
    rows = [(line, m) for line in header if (m := ANY_DATE_RE.search(line.text)) and is_date_row(line.text)]
    for line, m in (*labelled, *trailing, *rows):
        try:
            return date(int(m["y"]), int(m["m"]), int(m["d"])), line
        except ValueError as err:
            raise SourceError(path, line.number, line.text, f"impossible date ({err}); fix the date line") from err
    return None


def is_date_row(text: str) -> bool:
    """A header row holding a date and little else ("2019.12.12", "2020-07-06 | 중소벤처기업부 보도자료",
    "경제 | 2023/04/11 16:00")."""
    rest = TIME_RE.sub(" ", ANY_DATE_RE.sub(" ", text, count=1))
    return bool(META_RE.match(text) or is_header_row(text) or DATE_LINE_RE.match(text)) or len(rest.strip()) <= 24


def find_article(text: str, *, path: str) -> Article:
    """Locate the article in the page ``text``.

    Raises SourceError when there is no lead (no article) or no title above it.
    """
    lines = skip_comments(split_lines(text))
    lead = find_lead(lines)
    if lead is None:
        first = next((line for line in lines if not line.blank), lines[0])
        raise SourceError(
            path,
            first.number,
            first.text,
            "no article found: no lead naming the ministry ('과학기술정보통신부(장관 …)는 4월 23일, …'); "
            "is this a 정책브리핑 release page?",
        )
    title, subtitles = find_header(lines, lead)
    if title is None:
        raise SourceError(path, lines[lead].number, lines[lead].text, "no title above the lead; add the title line")
    end = find_end(lines, lead)
    body = tuple(line for line in lines[lead:end] if not line.blank and not is_chrome(line.text))
    date_line = lines[end] if end < len(lines) and DATE_LINE_RE.match(lines[end].text) else None
    found = find_page_date(lines, lead, end, path)
    when, date_from = found if found else (None, None)
    return Article(title, subtitles, body, date_line, when, date_from)
