"""Find the article inside a news page: the title, the subtitles, the body from the lead to the date line.

A republished release is surrounded by page chrome (other headlines, font and share buttons, "많이 본 뉴스")
that holds no facts even where it has numbers and years. The article is recognised by its lead
("과학기술정보통신부(장관 …)는 4월 23일, …") and ends at the page's date line ("2019-04-23 면").
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
LEAD_RE = re.compile(
    rf"^\s*(?:{BULLET_MARK}\s*)*(?P<ministry>[가-힣]{{2,}}부)\s*"
    r"(?:\((?P<paren>[^)]*(?:장관|이하)[^)]*)\)\s*(?:는|은)"
    r"|(?:는|은)\s*(?:\d{4}년\s*)?\d{1,2}월\s*\d{1,2}일)"
)
# "2019-04-23 면", "2020.05.12", "입력 2020-05-12 10:30", "기사입력 2020.05.12", "2024.04.16 10:00", "수정 …"
DATE_LINE_RE = re.compile(
    r"^\s*(?:(?:기사\s*)?(?:입력|등록|수정|승인)\s*(?:일시?)?\s*:?\s*)?"
    r"(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})\.?"
    r"(?:\s*\([월화수목금토일]\))?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:\d*\s*면)?\s*$"
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
    body: tuple[Line, ...]  # non-blank, non-chrome lines from the lead up to the date line
    date_line: Line
    date: date


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


def find_lead(lines: list[Line]) -> int | None:
    """Index of the lead line ("…부(장관 …)는 …"), or None."""
    return next((i for i, line in enumerate(lines) if LEAD_RE.match(line.text.lstrip(INVISIBLE))), None)


def find_date_line(lines: list[Line], after: int) -> int | None:
    """Index of the first date line ("2019-04-23 면") after line index ``after``, or None."""
    return next((i for i in range(after + 1, len(lines)) if DATE_LINE_RE.match(lines[i].text)), None)


def find_header(lines: list[Line], lead: int) -> tuple[Line | None, tuple[Line, ...]]:
    """The title and the subtitles written above the lead (blank, chrome and date / byline rows skipped)."""
    subtitles: list[Line] = []
    for line in reversed(lines[:lead]):
        if line.blank or is_chrome(line.text) or META_RE.match(line.text):
            continue
        if SUBTITLE_RE.match(line.text):
            subtitles.insert(0, line)
            continue
        return line, tuple(subtitles)
    return None, tuple(subtitles)


def read_page_date(line: Line, path: str) -> date:
    """The date of a date line; an impossible date raises SourceError."""
    m = DATE_LINE_RE.match(line.text)
    assert m is not None  # only called on lines DATE_LINE_RE matched
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError as err:
        raise SourceError(path, line.number, line.text, f"impossible date ({err}); fix the date line") from err


def find_article(text: str, *, path: str) -> Article:
    """Locate the article in the page ``text``.

    Raises SourceError when there is no lead (no article), no title above it, or no date line after it.
    """
    lines = split_lines(text)
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
    end = find_date_line(lines, lead)
    if end is None:
        raise SourceError(
            path,
            lines[lead].number,
            lines[lead].text,
            "no date line ('2019-04-23 면') after the article, so the year of the lead's date is unknown; "
            "add the page's date line after the article",
        )
    body = tuple(line for line in lines[lead:end] if not line.blank and not is_chrome(line.text))
    return Article(title, subtitles, body, lines[end], read_page_date(lines[end], path))
