"""Spans of the file: a line without its bullet, its sentences, the clauses of a list.

Every span keeps the 1-based line and the character offsets [start, end) in the whole file, so
``file_text[span.start:span.end] == span.text`` holds for every span made here.
"""

from __future__ import annotations

import re
from itertools import pairwise

from kgbuild.extract.chrome import BULLET_MARK, INVISIBLE, Line
from kgbuild.extract.records import Span

# One or more bullet marks ("ㅇ ", "- ◇ ", "o ", "① ", "1) ", "2. ") before the text of a line; invisible
# characters (a byte-order mark left by an editor, a zero-width space) are no part of the text either.
BULLET_RE = re.compile(rf"^[\s{INVISIBLE}]*(?:{BULLET_MARK}(?![\d.])[\s{INVISIBLE}]*)*")
SENTENCE_END_RE = re.compile(r"다\.(?=\s+\S)")
CLAUSE_SEPARATORS = ",，、▲△"  # "▲신규 고용 500명 ▲기업 매출 …": the triangles open the items of a list
OPENERS = {"(": ")", "“": "”", "[": "]", "「": "」", "『": "』"}


def trim_span(span: Span, start: int, end: int) -> Span:
    """The part [start, end) of ``span`` (offsets relative to its text) without surrounding spaces."""
    part = span.text[start:end]
    lead = len(part) - len(part.lstrip())
    stripped = part.strip()
    begin = span.start + start + lead
    return Span(span.line, begin, begin + len(stripped), stripped)


def span_of_line(line: Line) -> Span:
    """The line as a span, without its bullet ("ㅇ ", "- ") and surrounding spaces."""
    whole = Span(line.number, line.start, line.start + len(line.text), line.text)
    bullet = BULLET_RE.match(line.text)
    return trim_span(whole, bullet.end() if bullet else 0, len(line.text))


def depth_changes(text: str) -> list[int]:
    """The bracket and double-quote nesting depth before each character of ``text``."""
    depths = []
    stack: list[str] = []
    for ch in text:
        depths.append(len(stack))
        if stack and ch == stack[-1]:
            stack.pop()
        elif ch in OPENERS:
            stack.append(OPENERS[ch])
        elif ch == '"':
            stack.append('"')
    return depths


def split_sentences(span: Span) -> list[Span]:
    """The sentences of a line: cut after "다." outside brackets and quotations."""
    depths = depth_changes(span.text)
    cuts = [m.end() for m in SENTENCE_END_RE.finditer(span.text) if depths[m.start()] == 0]
    bounds = [0, *cuts, len(span.text)]
    parts = (trim_span(span, a, b) for a, b in pairwise(bounds))
    return [part for part in parts if part.text]


def split_clauses(span: Span) -> list[Span]:
    """The clauses of a list at top-level commas (not inside brackets, not "2,000")."""
    depths = depth_changes(span.text)
    cuts = []
    for i, ch in enumerate(span.text):
        if ch in CLAUSE_SEPARATORS and depths[i] == 0 and not is_digit_comma(span.text, i):
            cuts.append(i)
    bounds = [-1, *cuts, len(span.text)]
    parts = (trim_span(span, a + 1, b) for a, b in pairwise(bounds))
    return [part for part in parts if part.text]


def is_digit_comma(text: str, i: int) -> bool:
    """True for the comma of a number ("2,000"): a digit on both sides — also with spaces after it
    ("12, 850백만원"), so that a figure split by a typo stays in one clause and is reported whole, never read
    from its last group alone."""
    if not (0 < i < len(text) - 1 and text[i - 1].isdigit()):
        return False
    rest = text[i + 1 : i + 4].lstrip(" ")
    return bool(rest) and rest[0].isdigit()
