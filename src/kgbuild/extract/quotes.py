"""Quotations and their speakers: the post before or after the name, the ministry possibly between them.

"노경원 소프트웨어정책관은 “…”고 밝혔다", "과기정통부 소프트웨어정책관 노경원은 “…”라고 말했다",
"민원기 과학기술정보통신부 제2차관은 “…”며 …"
"""

from __future__ import annotations

import re

from kgbuild.extract.records import Person, Quote, Span

# Double quotes and 「」 mark quotations; single quotes ‘’ / '' also mark program names and emphasis, so
# they count as a quotation only when a quotative ending follows at once ("‘…’라고 말했다", "‘…’고 밝혔다").
QUOTATIVE = r"(?:이?라고|고|이?라며|며|면서|라면서)(?![가-힣])"
QUOTED_RE = re.compile(
    r"[“\"](?P<words>[^”\"]+)[”\"]"
    r"|「(?P<corner>[^」]+)」"
    rf"|[‘'](?P<single>[^’'\n]{{4,}})[’'](?=\s*{QUOTATIVE})"
)
SAID_RE = re.compile(r"(?:라?고|며|면서|라며)?\s*(?:밝혔|말했|강조했|전했|덧붙였|설명했|언급했|당부했|약속했|다짐했)")
# "“…”라고 노경원 소프트웨어정책관은 말했다": the speaker written after the quotation
SPEAKER_AFTER_RE = re.compile(
    r"\s*(?:이?라?고|며|면서|이?라며)\s+(?P<who>[^“”\"「」]+?(?:은|는|이|가))\s+\S*(?:밝혔|말했|강조했|전했|설명했)"
)
NAME_RE = re.compile(r"[가-힣]{2,4}")
POST_SUFFIX_RE = re.compile(
    r"(?:장관|차관|정책관|심의관|기획관|관리관|실장|국장|과장|팀장|단장|본부장|원장|센터장|이사장|위원장|처장|청장"
    r"|대변인|총리|대통령|관|장)$"
)
KNOWN_POSTS = frozenset(
    {"장관", "차관", "제1차관", "제2차관", "차관보", "실장", "국장", "과장", "팀장", "단장", "정책관", "대변인", "총리"}
)
LEADING_WORDS = frozenset(
    {"이날", "한편", "또한", "이에", "아울러", "특히", "끝으로", "그리고", "이어", "이와", "함께", "마지막으로", "또"}
)
PARTICLE_RE = re.compile(r"(?:은|는|이|가)$")
TOPIC_RE = re.compile(r"[가-힣](?:은|는)$")
PRONOUN_RE = re.compile(r"(?:^|\s)(?:그|그녀)(?:는|은|가)?\s*$|(?:^|\s)(?:그|그녀)는\s")


def is_quotation(span: Span) -> bool:
    """True when the sentence reports someone's words ("“…”고 밝혔다")."""
    quoted = list(QUOTED_RE.finditer(span.text))
    return bool(quoted) and bool(SAID_RE.search(span.text, quoted[-1].end()))


def read_quote(span: Span, ministry_names: frozenset[str], previous: Person | None = None) -> Quote | None:
    """The quotation of a sentence and who said it, or None when the sentence has no attributed quote.
    ``previous`` is the speaker of the quote before, for "그는 “…”라고 덧붙였다" and "이어 “…”고 덧붙였다"."""
    quoted = list(QUOTED_RE.finditer(span.text))
    if not quoted or not SAID_RE.search(span.text, quoted[-1].end()):
        return None
    before = span.text[: quoted[0].start()]
    speaker = read_speaker(before, ministry_names)
    if speaker is None:
        after = SPEAKER_AFTER_RE.match(span.text, quoted[-1].end())
        speaker = read_speaker(after["who"], ministry_names) if after else None
    if speaker is None and previous is not None and (PRONOUN_RE.search(before) or only_leading_words(before)):
        speaker = previous  # "그는 “…”", "이어 “…”고 덧붙였다": the quote goes on in the speaker's words
    if speaker is None:
        return None
    words = " ".join(quoted_words(m) for m in quoted)
    return Quote(speaker, words, span)


def only_leading_words(before: str) -> bool:
    """True when the words before a quotation are none or only connectives ("이어", "또한", "아울러")."""
    return all(word.strip(",") in LEADING_WORDS for word in before.split())


def quoted_words(m: re.Match[str]) -> str:
    """The words of one quotation, without its marks."""
    return (m["words"] or m["corner"] or m["single"]).strip()


def quotations(text: str) -> list[str]:
    """The quotations of a sentence, marks included (their figures belong to the speaker's words)."""
    return [m.group(0) for m in QUOTED_RE.finditer(text)]


def read_speaker(phrase: str, ministry_names: frozenset[str]) -> Person | None:
    """The person and post of the words before a quotation ("과기정통부 소프트웨어정책관 노경원은").

    The speaker ends at the word with the topic particle ("장관은"), so words after it ("이번 선정과 관련해")
    are not part of the name or the post.
    """
    tokens = phrase.split(",")[-1].split()
    end = next((i for i in range(len(tokens) - 1, -1, -1) if TOPIC_RE.search(tokens[i])), len(tokens) - 1)
    tokens = tokens[: end + 1]
    if tokens:
        tokens[-1] = PARTICLE_RE.sub("", tokens[-1])
    tokens = [t for t in tokens if t and t not in ministry_names and t not in LEADING_WORDS][-4:]
    if len(tokens) < 2:
        return None
    first, last = tokens[0], tokens[-1]
    if is_name(first) and is_post(last):
        return Person(first, " ".join(tokens[1:]))
    if is_name(last):
        return Person(last, " ".join(tokens[:-1]))
    return None


def is_name(token: str) -> bool:
    """A Korean personal name: two to four Hangul letters that are not a post."""
    return bool(NAME_RE.fullmatch(token)) and token not in KNOWN_POSTS


def is_post(token: str) -> bool:
    """A post as written ("소프트웨어정책관", "제2차관", "장관")."""
    return token in KNOWN_POSTS or (bool(POST_SUFFIX_RE.search(token)) and not NAME_RE.fullmatch(token))
