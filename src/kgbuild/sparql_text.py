"""Reading SPARQL text without running it: its form, its dataset clauses, the references that leave the store.

Keep queries inside the store: SERVICE, LOAD and FROM/FROM NAMED/USING of outside IRIs are refused.
pyoxigraph really calls the endpoint of a SERVICE and really fetches the document of a LOAD, so this check is
the guard, not a courtesy. The text is read by a SPARQL tokenizer — strings, IRIs, comments, variables and
prefixed names are whole tokens, so a keyword inside a string or a comment never counts — and then as
leniently as pyoxigraph's parser reads it: that parser accepts keywords glued to what follows
(``SERVICE:x``, ``FROMNAMED<g>``, ``LOADSILENT<x>``), so every word or prefixed name that starts with a
keyword is also read as that keyword followed by the rest. Prefix declarations are collected the same way.
The IRIs checked are therefore a superset of those the engine could reach.

``analyze`` is pure and cached (the same query text is not read twice); ``check`` applies the settings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from kgbuild.errors import QueryError, QueryRefused

_PN_LOCAL_ESC = r"\\[_~.!$&'()*+,;=/?#@%-]"
_PLX = rf"(?:%[0-9A-Fa-f]{{2}}|{_PN_LOCAL_ESC})"
_PN_PREFIX = r"[^\W\d_](?:[\w.\u00B7-]*[\w\u00B7-])?"
_PN_LOCAL = rf"(?:[\w:]|{_PLX})(?:(?:[\w.:\u00B7-]|{_PLX})*(?:[\w:\u00B7-]|{_PLX}))?"

_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][\w\u00B7]+)
  | (?P<bnode>_:[\w](?:[\w.\u00B7-]*[\w\u00B7-])?)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z][A-Za-z0-9_]*)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_OPERATIONS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_GLUED = ("SERVICE", "LOAD", "FROM", "USING", "PREFIX", "BASE", "SILENT", "NAMED", "WITH")


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, var, bnode, pname, lang, word, number, punct
    text: str
    start: int  # offset in the query text


@dataclass(frozen=True)
class Reference:
    """A place where the text names something outside the query: SERVICE, LOAD, FROM, USING (± NAMED)."""

    keyword: str  # "SERVICE", "LOAD", "FROM", "FROM NAMED", "USING", "USING NAMED"
    written: str  # the target as written: <iri>, prefix:local or ?var
    iris: tuple[str, ...]  # the IRIs it can stand for (a prefix may be declared twice); empty for a variable
    relative: bool  # written as a relative IRI: resolved against BASE and the endpoint by ``check``
    start: int


@dataclass(frozen=True)
class Analysis:
    """What the endpoint needs to know about a query or update text before running it."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, or the first update operation; None if unknown
    references: tuple[Reference, ...]
    bases: tuple[str, ...]  # BASE IRIs declared
    dataset_clause: bool  # a query with FROM / FROM NAMED: its own dataset, not the union default graph
    update_dataset: bool  # an update with USING / USING NAMED / WITH
    modify_where: tuple[int, ...]  # offsets of the WHERE of each DELETE/INSERT operation (for using-graph-uri)

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_OPERATIONS

    @property
    def remote(self) -> bool:
        """The text calls out (SERVICE or LOAD); it runs only if KGBUILD_SERVICE_ALLOW allowed every target."""
        return any(ref.keyword in ("SERVICE", "LOAD") for ref in self.references)


def tokenize(text: str) -> Iterator[Token]:
    """The significant tokens of a SPARQL text (white space and comments dropped)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), match.start())


def _readings(token: Token) -> list[list[Token]]:
    """The ways the engine may read one token: as written, and as a keyword glued to the rest."""
    readings = [[token]]
    if token.kind in ("word", "pname"):
        upper = token.text.upper()
        for keyword in _GLUED:
            if upper.startswith(keyword) and len(upper) > len(keyword):
                offset = token.start + len(keyword)
                rest = [Token(t.kind, t.text, offset + t.start) for t in tokenize(token.text[len(keyword) :])]
                head = Token("word", keyword, token.start)
                if len(rest) == 1:
                    readings.extend([head, *sub] for sub in _readings(rest[0]))
                else:
                    readings.append([head, *rest])
    return readings


def _clauses(tokens: Sequence[Token], keywords: Sequence[str]) -> Iterator[tuple[Token, list[Token]]]:
    """Each ``keywords`` occurrence in any reading, with each way the next two tokens may read."""
    readings = [_readings(token) for token in tokens]
    for i, alternatives in enumerate(readings):
        if i and tokens[i - 1].kind == "word" and tokens[i - 1].text.upper() == "PREFIX":
            alternatives = alternatives[:1]  # a prefix label being declared ("service:") is no keyword
        for reading in alternatives:
            for k, token in enumerate(reading):
                if token.kind == "word" and token.text.upper() in keywords:
                    for tail in _continuations(reading[k + 1 :], readings, i + 1):
                        yield token, tail


def _continuations(head: list[Token], readings: list[list[list[Token]]], j: int) -> Iterator[list[Token]]:
    if len(head) >= 2 or j >= len(readings):
        yield head[:2]
        return
    for reading in readings[j]:
        yield from _continuations([*head, *reading], readings, j + 1)


def _unescape_iri(body: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)), body)


def _is_absolute(iri: str) -> bool:
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri) is not None


@lru_cache(maxsize=1024)
def analyze(text: str) -> Analysis:
    """Read ``text`` (a query or an update) once: its form, what it reaches outside, where USING may go."""
    plain = list(tokenize(text))
    prefixes: dict[str, set[str]] = {}
    bases: list[str] = []
    for head, tail in _clauses(plain, ("PREFIX", "BASE")):
        if head.text.upper() == "BASE" and tail and tail[0].kind == "iri":
            bases.append(_unescape_iri(tail[0].text[1:-1]))
        elif len(tail) == 2 and tail[0].kind == "pname" and tail[0].text.endswith(":") and tail[1].kind == "iri":
            prefixes.setdefault(tail[0].text[:-1], set()).add(_unescape_iri(tail[1].text[1:-1]))

    references: dict[tuple[str, str, int], Reference] = {}
    for token, tail in _clauses(plain, ("SERVICE", "LOAD", "FROM", "USING")):
        keyword = token.text.upper()
        qualifier = "SILENT" if keyword in ("SERVICE", "LOAD") else "NAMED"
        named = False
        if tail and tail[0].kind == "word" and tail[0].text.upper() == qualifier:
            named = qualifier == "NAMED"
            tail = tail[1:]
        if not tail:
            continue
        target, label = tail[0], f"{keyword} NAMED" if named else keyword
        reference = None
        if target.kind == "iri":
            iri = _unescape_iri(target.text[1:-1])
            reference = Reference(label, target.text, (iri,), not _is_absolute(iri), token.start)
        elif target.kind == "pname":
            prefix, _, local = target.text.partition(":")
            local = re.sub(r"\\(.)", r"\1", local)
            iris = tuple(sorted(base + local for base in prefixes.get(prefix, ())))
            if iris:  # an undeclared prefix cannot be resolved: the engine rejects that reading
                relative = not all(_is_absolute(iri) for iri in iris)
                reference = Reference(label, target.text, iris, relative, token.start)
        elif target.kind == "var" and keyword == "SERVICE":
            reference = Reference(label, target.text, (), False, token.start)
        if reference is not None:
            references.setdefault((label, target.text, token.start), reference)

    form = _form(plain)
    first_brace = next((t.start for t in plain if t.text == "{"), len(text))
    return Analysis(
        form=form,
        references=tuple(references.values()),
        bases=tuple(bases),
        dataset_clause=any(r.keyword.startswith("FROM") and r.start < first_brace for r in references.values()),
        update_dataset=any(True for _ in _clauses(plain, ("USING", "WITH"))),
        modify_where=_modify_where(plain) if form in UPDATE_OPERATIONS else (),
    )


def _form(tokens: Sequence[Token]) -> str | None:
    """The query form or first update operation: the first keyword after the prologue."""
    for token in tokens:
        if token.kind == "word":
            upper = token.text.upper()
            if upper in ("PREFIX", "BASE"):
                continue
            return next((k for k in (*QUERY_FORMS, *UPDATE_OPERATIONS) if upper.startswith(k)), None)
    return None


def _modify_where(tokens: Sequence[Token]) -> tuple[int, ...]:
    """Offsets of the top-level WHERE keywords of DELETE/INSERT operations (not of DELETE WHERE)."""
    depth, previous, found = 0, None, []
    for token in tokens:
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif (
            depth == 0
            and token.kind == "word"
            and token.text.upper() == "WHERE"
            and not (previous is not None and previous.kind == "word" and previous.text.upper() == "DELETE")
        ):
            found.append(token.start)
        previous = token
    return tuple(found)


def check(analysis: Analysis, *, allow: Sequence[str], endpoint: str, inside: Callable[[str], bool]) -> None:
    """Raise QueryRefused unless every SERVICE, LOAD, FROM and USING target is allowed.

    ``allow`` holds IRI prefixes (KGBUILD_SERVICE_ALLOW); ``inside(iri)`` says whether a FROM/USING graph is
    the store's own (a graph of the store or under the configured base). SERVICE and LOAD targets are
    allowed only by prefix; a SERVICE whose endpoint is a variable is always refused.
    """
    setting = "KGBUILD_SERVICE_ALLOW"
    listed = f"it lists {', '.join(allow)}" if allow else "it is empty"
    for ref in analysis.references:
        if not ref.iris:
            raise QueryRefused(
                f"{ref.keyword} {ref.written} is refused: write the endpoint IRI in the query so that it can be "
                f"checked against {setting} ({listed})"
            )
        candidates = set(ref.iris)
        if ref.relative:
            candidates = {urljoin(base, iri) for iri in ref.iris for base in (*analysis.bases, endpoint)}
        for iri in sorted(candidates):
            if any(iri.startswith(prefix) for prefix in allow):
                continue
            if ref.keyword in ("SERVICE", "LOAD"):
                action = "call other SPARQL endpoints" if ref.keyword == "SERVICE" else "fetch documents"
                raise QueryRefused(
                    f"{ref.keyword} <{iri}> is refused: this endpoint does not {action} unless {setting} "
                    f"lists a prefix of the IRI ({listed})"
                )
            if not inside(iri):
                raise QueryRefused(
                    f"{ref.keyword} <{iri}> is refused: it names no graph of this store and no prefix in {setting} "
                    f"({listed}); the service description (GET /sparql) lists the named graphs"
                )


def add_using(text: str, analysis: Analysis, *, default: Sequence[str], named: Sequence[str]) -> str:
    """The update with USING / USING NAMED clauses for the protocol's using-graph-uri / using-named-graph-uri.

    pyoxigraph's update() takes no dataset, so the protocol's dataset is written into each DELETE/INSERT
    operation, where the grammar puts USING (just before WHERE). The IRIs must already be validated
    (``iri_term``); the caller refuses texts that carry their own USING or WITH (``analysis.update_dataset``).
    """
    if not (default or named) or not analysis.modify_where:
        return text
    clause = " ".join([*(f"USING {iri_term(g)}" for g in default), *(f"USING NAMED {iri_term(g)}" for g in named)])
    out: list[str] = []
    last = 0
    for offset in analysis.modify_where:
        out.extend((text[last:offset], clause, " "))
        last = offset
    out.append(text[last:])
    return "".join(out)


def iri_term(iri: str) -> str:
    """``<iri>`` for an absolute IRI; raises QueryError for anything else (spaces, '>', relative IRIs)."""
    if not _is_absolute(iri) or re.search(r"[<>\"{}|^`\\\x00-\x20]", iri):
        raise QueryError(f"{iri!r} is not an absolute IRI; give one like https://kgbuild.org/graph/gazetteer")
    return f"<{iri}>"
