"""Reading SPARQL text without running it: its form, its dataset clauses, the references that leave the store.

Keep queries inside the store: SERVICE, LOAD and FROM/FROM NAMED/USING of outside IRIs are refused.
pyoxigraph really calls the endpoint of a SERVICE and really fetches the document of a LOAD, so this check is
a guard, not a courtesy (the query workers' sandbox is the second one: without KGBUILD_SERVICE_ALLOW they
cannot open a network socket at all). It **fails closed**: a SERVICE, LOAD, FROM or USING whose target it
cannot read as an IRI it can check — a prefix it did not see declared, a token it does not recognise — is
refused, never let through.

The text is read by a tokenizer that follows the SPARQL 1.1 grammar's character classes exactly (PN_CHARS_BASE,
PN_CHARS, VARNAME …): strings, IRIs, comments, variables and prefixed names are whole tokens, so a keyword
inside a string or a comment never counts. pyoxigraph's parser also accepts keywords glued to what follows
(``SERVICE:x``, ``FROMNAMED<g>``, ``LOADSILENT<x>``), so a word or prefixed name that starts with a keyword
is also read as that keyword followed by the rest, once (a keyword and its qualifier, SILENT or NAMED) —
never recursively, so no text makes the reading deep or exponential.

The same single pass measures what makes the engine recurse: bracket nesting and runs of unary operators
(``depth``) and the number of operators and pattern keywords (``operators``), which build left-deep trees.
Past ``max_depth`` or ``MAX_OPERATORS`` the text is a 400 before any engine sees it (pyoxigraph's parser and
optimizer recurse without a limit and crash the process). Texts are analysed once: a cache bounded in bytes.

``analyze`` is pure; ``check`` applies the settings.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from kgbuild.errors import QueryError, QueryRefused

# The SPARQL 1.1 grammar's character classes (section 19.8), written out: Python's \w is not the same set.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_VARNAME_REST = _PN_CHARS_U + r"0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.!$&'()*+,;=/?#@%-])"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"

_TOKEN = re.compile(
    rf"""
    (?P<space>[\x20\t\r\n]+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][{_PN_CHARS_U}0-9][{_VARNAME_REST}]*)
  | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z][A-Za-z0-9_]*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|[{{}}()\[\];,.*+\-/|^!=<>?])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_OPERATIONS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_CALLS = ("SERVICE", "LOAD")  # keywords that make the engine reach out
_DATASETS = ("FROM", "USING")  # keywords that name graphs of the dataset
_QUALIFIER = {"SERVICE": "SILENT", "LOAD": "SILENT", "FROM": "NAMED", "USING": "NAMED"}
_GLUED = (*_CALLS, *_DATASETS, "PREFIX", "BASE")

_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")
_UNARY = frozenset("!+-")
# Triple separators (. ; ,) are left out: pyoxigraph reads triple lists iteratively, INSERT DATA can be long.
_OPERATORS = frozenset(("||", "&&", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "|", "^", "!"))
_PATTERN_WORDS = frozenset(("UNION", "FILTER", "OPTIONAL", "MINUS", "BIND", "SERVICE", "GRAPH", "VALUES", "IN"))
# How much the engine may be asked to nest. Measured on pyoxigraph 0.5 with a thread's default 8 MiB stack
# (the CLI): 2,000 nested groups and 5,000-long chains (UNION, +, &&, FILTER) run, 7,000-long chains crash.
# The query workers' 256 MiB stack survives 50,000 nested groups and 100,000 FILTERs. A useful query needs
# far less than these limits, and within them the engine is safe on either stack.
MAX_OPERATORS = 4_000
MAX_TOKENS = 200_000
DEFAULT_MAX_DEPTH = 64


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, var, bnode, pname, lang, word, number, punct, other
    text: str
    start: int  # offset in the query text


@dataclass(frozen=True)
class Reference:
    """A place where the text names something outside the query: SERVICE, LOAD, FROM, USING (± NAMED)."""

    keyword: str  # "SERVICE", "LOAD", "FROM", "FROM NAMED", "USING", "USING NAMED"
    written: str  # the target as written: <iri>, prefix:local or ?var
    iris: tuple[str, ...]  # the IRIs it can stand for (a prefix may be declared twice); empty: cannot be checked
    relative: bool  # written as a relative IRI: resolved against BASE and the endpoint by ``check``
    start: int
    problem: str = ""  # why the target cannot be checked (an undeclared prefix, a variable …)


@dataclass(frozen=True)
class Analysis:
    """What the endpoint needs to know about a query or update text before running it."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, or the first update operation; None if unknown
    references: tuple[Reference, ...]
    bases: tuple[str, ...]  # BASE IRIs declared
    dataset_clause: bool  # a query with FROM / FROM NAMED: its own dataset, not the union default graph
    update_dataset: bool  # an update with USING / USING NAMED / WITH
    modify_where: tuple[int, ...]  # offsets of the WHERE of each DELETE/INSERT operation (for using-graph-uri)
    depth: int = 0  # deepest nesting of brackets and unary operators
    operators: int = 0  # operators and pattern keywords

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_OPERATIONS

    @property
    def remote(self) -> bool:
        """The text calls out (SERVICE or LOAD); it runs only if KGBUILD_SERVICE_ALLOW allowed every target."""
        return any(ref.keyword in _CALLS for ref in self.references)


def tokenize(text: str) -> Iterator[Token]:
    """The significant tokens of a SPARQL text (white space and comments dropped)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), match.start())


def _split_keyword(token: Token, keywords: Sequence[str]) -> tuple[str, list[Token]] | None:
    """``token`` read as one of ``keywords`` glued to what follows: the keyword and the rest's tokens."""
    if token.kind not in ("word", "pname"):
        return None
    upper = token.text.upper()
    for keyword in keywords:
        if upper.startswith(keyword) and len(upper) > len(keyword):
            offset = token.start + len(keyword)
            rest = [Token(t.kind, t.text, offset + t.start) for t in tokenize(token.text[len(keyword) :])]
            return keyword, rest
    return None


def _keyword_uses(tokens: Sequence[Token], keywords: Sequence[str]) -> Iterator[tuple[int, str, list[Token], bool]]:
    """Each place one of ``keywords`` may stand: (index, keyword, the tokens after it, glued?).

    The tokens after it are the rest of a glued token followed by the next few tokens of the text: enough
    for a qualifier, a target and what follows it.
    """
    for i, token in enumerate(tokens):
        if i and tokens[i - 1].kind == "word" and tokens[i - 1].text.upper() == "PREFIX":
            continue  # a prefix label being declared ("service:") is no keyword
        after = list(tokens[i + 1 : i + 4])
        if token.kind == "word" and token.text.upper() in keywords:
            yield i, token.text.upper(), after, False
            continue
        split = _split_keyword(token, keywords)
        if split is not None:
            keyword, rest = split
            yield i, keyword, [*rest, *after], True


def _targets(keyword: str, after: list[Token]) -> list[tuple[Token | None, list[Token]]]:
    """The ways the clause after ``keyword`` may read: (target, what follows it), with and without qualifier."""
    qualifier = _QUALIFIER[keyword]
    readings: list[tuple[Token | None, list[Token]]] = []
    first = after[0] if after else None
    if first is None:
        return [(None, [])]
    if first.kind == "word" and first.text.upper() == qualifier:
        return [(after[1] if len(after) > 1 else None, after[2:])]
    readings.append((first, after[1:]))
    split = _split_keyword(first, (qualifier,))
    if split is not None:
        _, rest = split
        rest_after = [*rest, *after[1:]]
        readings.append((rest_after[0] if rest_after else None, rest_after[1:]))
    return readings


class _Cache:
    """Analyses of recent texts, bounded in the bytes of text held (not in entries); thread-safe."""

    def __init__(self, max_bytes: int, max_text: int) -> None:
        self.max_bytes, self.max_text = max_bytes, max_text
        self._items: OrderedDict[tuple[str, int], Analysis] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int]) -> Analysis | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, int], analysis: Analysis) -> None:
        size = len(key[0])
        if size > self.max_text:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = analysis
            self._bytes += size
            while self._bytes > self.max_bytes:
                old, _ = self._items.popitem(last=False)
                self._bytes -= len(old[0])

    @property
    def bytes(self) -> int:
        return self._bytes


_cache = _Cache(max_bytes=4 * 1024 * 1024, max_text=64 * 1024)


def analyze(text: str, *, max_depth: int = DEFAULT_MAX_DEPTH) -> Analysis:
    """Read ``text`` (a query or an update) once: its form, what it reaches outside, where USING may go.

    Raises QueryError (400) when the text nests deeper than ``max_depth`` or has more than MAX_OPERATORS
    operators or MAX_TOKENS tokens: the engine would recurse past its stack.
    """
    key = (text, max_depth)
    found = _cache.get(key)
    if found is None:
        found = _analyze(text, max_depth)
        _cache.put(key, found)
    return found


def _measure(tokens: list[Token], max_depth: int) -> tuple[int, int]:
    """The nesting depth and operator count of ``tokens``; a QueryError past the limits."""
    depth = deepest = operators = unary = 0
    previous: Token | None = None
    for token in tokens:
        text = token.text
        if token.kind == "punct" and text in _OPEN:
            depth += 1
        elif token.kind == "punct" and text in _CLOSE:
            depth = max(0, depth - 1)
        if (token.kind == "punct" and text in _OPERATORS) or (token.kind == "word" and text.upper() in _PATTERN_WORDS):
            operators += 1
        # A run of operators where an operand should be ("!!!x", "- - 1") nests one level each.
        prefix_position = previous is None or (previous.kind == "punct" and previous.text not in _CLOSE)
        unary = unary + 1 if token.kind == "punct" and text in _UNARY and prefix_position else 0
        level = depth + unary
        if level > deepest:
            deepest = level
            if deepest > max_depth:
                raise QueryError(
                    f"the query nests deeper than {max_depth} levels of brackets and operators (at offset "
                    f"{token.start}); flatten it, e.g. with VALUES or IN instead of nested groups "
                    "(KGBUILD_MAX_QUERY_DEPTH)"
                )
        if operators > MAX_OPERATORS:
            raise QueryError(
                f"the query has more than {MAX_OPERATORS} operators and pattern keywords (at offset {token.start});"
                " use VALUES or IN for long lists of alternatives, or split it into several queries"
            )
        previous = token
    return deepest, operators


def _analyze(text: str, max_depth: int) -> Analysis:
    plain: list[Token] = []
    for token in tokenize(text):
        plain.append(token)
        if len(plain) > MAX_TOKENS:
            raise QueryError(f"the query has more than {MAX_TOKENS} tokens; split it into several queries")
    depth, operators = _measure(plain, max_depth)

    prefixes: dict[str, set[str]] = {}
    bases: list[str] = []
    unread_prologue = False
    for _, keyword, after, glued in _keyword_uses(plain, ("PREFIX", "BASE")):
        if keyword == "BASE" and after and after[0].kind == "iri":
            bases.append(_unescape_iri(after[0].text[1:-1]))
        elif (
            keyword == "PREFIX"
            and len(after) >= 2
            and after[0].kind == "pname"
            and after[0].text.endswith(":")
            and after[1].kind == "iri"
        ):
            prefixes.setdefault(after[0].text[:-1], set()).add(_unescape_iri(after[1].text[1:-1]))
        elif not glued:  # the word PREFIX or BASE without what must follow: the declarations are not all known
            unread_prologue = True

    references: dict[tuple[str, str, int], Reference] = {}
    first_brace = next((t.start for t in plain if t.text == "{"), len(text))
    for i, keyword, after, glued in _keyword_uses(plain, (*_CALLS, *_DATASETS)):
        start = plain[i].start
        for target, rest in _targets(keyword, after):
            named = keyword in _DATASETS and _is_qualified(after)
            label = f"{keyword} NAMED" if named and target is not after[0] else keyword
            if glued and not _plausible(keyword, target, rest, start, first_brace):
                continue  # e.g. the prefixed name service:x in "?s ?p service:x": no SERVICE clause follows
            reference = _reference(label, target, prefixes, start, unread_prologue)
            references.setdefault((label, reference.written, start), reference)

    form = _form(plain)
    return Analysis(
        form=form,
        references=tuple(references.values()),
        bases=tuple(bases),
        dataset_clause=any(r.keyword.startswith("FROM") and r.start < first_brace for r in references.values()),
        update_dataset=any(True for _ in _keyword_uses(plain, ("USING", "WITH"))),
        modify_where=_modify_where(plain) if form in UPDATE_OPERATIONS else (),
        depth=depth,
        operators=operators,
    )


def _is_qualified(after: list[Token]) -> bool:
    return bool(after) and after[0].kind in ("word", "pname") and after[0].text.upper().startswith("NAMED")


def _plausible(keyword: str, target: Token | None, rest: list[Token], start: int, first_brace: int) -> bool:
    """Whether a keyword glued inside a name can be the engine's reading: SERVICE needs a group after its
    target; FROM comes before the query's first brace; LOAD and USING are update words and always checked."""
    if keyword == "SERVICE":
        return bool(rest) and rest[0].text == "{"
    if keyword == "FROM":
        return start < first_brace
    return target is not None


def _reference(
    label: str, target: Token | None, prefixes: dict[str, set[str]], start: int, unread_prologue: bool
) -> Reference:
    """The reference ``label`` ``target`` makes: its IRIs, or why they cannot be known (then it is refused)."""
    if target is None:
        return Reference(label, "(nothing)", (), False, start, "nothing readable follows it")
    if target.kind == "iri":
        iri = _unescape_iri(target.text[1:-1])
        return Reference(label, target.text, (iri,), not _is_absolute(iri), start)
    if target.kind == "pname":
        prefix, _, local = target.text.partition(":")
        local = re.sub(r"\\(.)", r"\1", local)
        if unread_prologue:
            return Reference(label, target.text, (), False, start, "the query has a PREFIX or BASE it cannot read")
        declared = prefixes.get(prefix)
        if not declared:
            return Reference(label, target.text, (), False, start, f"the prefix {prefix}: is not declared")
        iris = tuple(sorted(base + local for base in declared))
        return Reference(label, target.text, iris, not all(_is_absolute(iri) for iri in iris), start)
    if target.kind == "var":
        return Reference(label, target.text, (), False, start, "its target is a variable")
    return Reference(label, target.text, (), False, start, "its target is not an IRI it can read")


def _unescape_iri(body: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)), body)


def _is_absolute(iri: str) -> bool:
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri) is not None


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
    allowed only by prefix; a target that cannot be read as an IRI (a variable, an undeclared prefix,
    anything unrecognised) is always refused.
    """
    setting = "KGBUILD_SERVICE_ALLOW"
    listed = f"it lists {', '.join(allow)}" if allow else "it is empty"
    for ref in analysis.references:
        if not ref.iris:
            raise QueryRefused(
                f"{ref.keyword} {_shown(ref.written)} is refused: {ref.problem}; write the target as a full IRI "
                f"(<http://…>) so that it can be checked against {setting} ({listed})"
            )
        candidates = set(ref.iris)
        if ref.relative:
            candidates = {urljoin(base, iri) for iri in ref.iris for base in (*analysis.bases, endpoint)}
        for iri in sorted(candidates):
            if ref.keyword in _CALLS and _allowed_call(iri, allow):
                continue
            if ref.keyword not in _CALLS and any(iri.startswith(prefix) for prefix in allow):
                continue
            if ref.keyword in _CALLS:
                action = "call other SPARQL endpoints" if ref.keyword == "SERVICE" else "fetch documents"
                raise QueryRefused(
                    f"{ref.keyword} <{_shown(iri)}> is refused: this endpoint does not {action} unless {setting} "
                    f"lists a prefix of the IRI ({listed})"
                )
            if not inside(iri):
                raise QueryRefused(
                    f"{ref.keyword} <{_shown(iri)}> is refused: it names no graph of this store and no prefix in "
                    f"{setting} ({listed}); the service description (GET /sparql) lists the named graphs"
                )


def _allowed_call(iri: str, allow: Sequence[str]) -> bool:
    """Whether the SERVICE or LOAD target ``iri`` is under an allowed prefix, host for host.

    The host and port must be the prefix's own (``http://ok.example`` does not allow
    ``http://ok.example.evil.test/`` nor ``http://ok.example@evil.test/``), and a path with dot segments
    (``/ok/../private/``, also percent-encoded) is never allowed: the server at the other end resolves them.
    """
    parts = urlsplit(iri)
    if re.search(r"(^|/)(\.|%2e){1,2}(/|$)", parts.path, re.IGNORECASE):
        return False
    return any(iri.startswith(prefix) and urlsplit(prefix).netloc == parts.netloc for prefix in allow)


def _shown(written: str, limit: int = 200) -> str:
    """A target as the message shows it: at most ``limit`` characters, control characters escaped."""
    text = written if len(written) <= limit else written[:limit] + "…"
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text


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
