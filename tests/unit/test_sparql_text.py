"""The SPARQL text check fails closed and stays cheap: the bypasses of the threat model, its limits, its cache."""

from __future__ import annotations

import pytest

from kgbuild import sparql_text
from kgbuild.errors import QueryError, QueryRefused
from kgbuild.sparql_text import MAX_OPERATORS, analyze, check, tokenize

CANARY = "http://127.0.0.1:9/"


def _verdict(text: str, *, allow: tuple[str, ...] = ()) -> str:
    """ "pass", "403: message" or "400: message" for ``text`` under ``allow``."""
    try:
        check(analyze(text), allow=allow, endpoint="http://127.0.0.1/sparql", inside=lambda iri: False)
    except QueryRefused as err:
        return f"403: {err.message}"
    except QueryError as err:
        return f"400: {err.message}"
    return "pass"


# Characters the SPARQL grammar allows in a prefix name that Python's \w does not match: each once hid the
# PREFIX declaration from the check, which then let the SERVICE through (threat model, item 1).
@pytest.mark.parametrize("char", ["\u203f", "\u0301", "\u200c", "\u3001", "\u2040", "\u00b7", "\u200d"])
def test_prefix_names_with_any_grammar_character_are_resolved(char: str) -> None:
    text = f"PREFIX a{char}b: <{CANARY}> SELECT * WHERE {{ SERVICE a{char}b:x {{ ?s ?p ?o }} }}"
    verdict = _verdict(text)
    assert verdict.startswith("403: SERVICE <http://127.0.0.1:9/x> is refused")
    assert _verdict(text, allow=(CANARY,)) == "pass"  # read right, not just refused: the allowlist applies


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE undeclared:x { ?s ?p ?o } }",  # no declaration seen: refused, not skipped
        "SELECT * WHERE { SERVICE a\u2190b:x { ?s ?p ?o } }",  # a character outside the grammar
        "SELECT * WHERE { SERVICE 'http://127.0.0.1:9/' { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE }",
        "SELECT * WHERE { SERVICE SILENT }",
        "SELECT * WHERE { SERVICE SILENT ?x { } }",
        "PREFIX ns <http://127.0.0.1:9/> SELECT * WHERE { SERVICE ns:x { } }",  # a PREFIX it cannot read
        "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICESILENT:x { } }",
        f"PREFIX p: <{CANARY}> INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE p:x {{ ?s ?p ?o }} }}",
        f"PREFIX p: <{CANARY}> LOAD p:data",
        "LOAD nothing:declared",
    ],
)
def test_a_target_that_cannot_be_read_is_refused(text: str) -> None:
    verdict = _verdict(text, allow=("https://query.wikidata.org/",))
    assert verdict.startswith("403:"), verdict
    assert "KGBUILD_SERVICE_ALLOW" in verdict


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
        "PREFIX wd: <https://query.wikidata.org/> SELECT * WHERE { SERVICE wd:sparql { ?s ?p ?o } }",
        "PREFIX service: <https://kgbuild.org/x/> SELECT * WHERE { ?s service:p ?o }",  # a name, not a clause
        "PREFIX fromage: <https://kgbuild.org/x/> SELECT * WHERE { ?s ?p fromage:brie }",
    ],
)
def test_readable_allowed_targets_and_lookalikes_pass(text: str) -> None:
    assert _verdict(text, allow=("https://query.wikidata.org/",)) == "pass"


def test_glued_keywords_do_not_recurse() -> None:
    # 500 glued FROMNAMED once raised RecursionError in the HTTP process (item 3)
    assert _verdict("ASK { ?s ?p " + "FROMNAMED" * 500 + " }") == "pass"
    assert _verdict("SELECT * FROM" + "NAMED" * 2000 + "<http://elsewhere.example/g> {}").startswith("403:")


def test_a_megabyte_of_glued_keywords_is_read_in_one_pass() -> None:
    text = "SELECT * WHERE { BIND(" + "SERVICE" * 128_000 + " AS ?x) }"  # 896 kB: once 23 s of CPU
    analysis = analyze(text)
    assert analysis.references == ()


@pytest.mark.parametrize(
    "text",
    [
        "ASK " + "{" * 5000 + "}" * 5000,
        "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 3000 + "}" * 3000 + "}",
        "SELECT * WHERE { FILTER(" + "(" * 50_000 + "1" + ")" * 50_000 + ") }",
        "SELECT * WHERE { FILTER(" + "!" * 100_000 + "true) }",
        "SELECT * WHERE { BIND(" + "- " * 100 + "1 AS ?x) }",
        "SELECT * WHERE { ?s " + "(" * 100 + "<http://p>" + ")" * 100 + " ?o }",
    ],
)
def test_deep_nesting_is_a_400_before_the_engine(text: str) -> None:
    with pytest.raises(QueryError, match="nests deeper than 64 levels") as raised:
        analyze(text)
    assert "KGBUILD_MAX_QUERY_DEPTH" in raised.value.message


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o " + "FILTER(true) " * 36_000 + "}",
        "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * (MAX_OPERATORS + 1)) + " }",
        "SELECT * WHERE { BIND(" + "+".join(["1"] * (MAX_OPERATORS + 2)) + " AS ?x) }",
    ],
)
def test_long_operator_chains_are_a_400(text: str) -> None:
    with pytest.raises(QueryError, match=f"more than {MAX_OPERATORS} operators"):
        analyze(text)


def test_the_depth_limit_is_a_setting() -> None:
    text = "ASK " + "{" * 100 + "}" * 100
    with pytest.raises(QueryError):
        analyze(text)
    assert analyze(text, max_depth=200).depth == 100


def test_plain_queries_are_far_below_the_limits() -> None:
    from kgbuild.queries import load_queries

    for named in load_queries():
        analysis = analyze(named.text)
        assert analysis.depth < 16 and analysis.operators < 200, named.name


def test_big_flat_data_is_not_counted_as_operators() -> None:
    triples = " ".join(f"<http://s/{i}> <http://p> {i} ." for i in range(30_000))
    assert analyze(f"INSERT DATA {{ {triples} }}").operators == 0
    values = " ".join(str(i) for i in range(100_000))
    assert analyze(f"SELECT * WHERE {{ VALUES ?x {{ {values} }} }}").depth == 2


def test_the_cache_is_bounded_in_bytes() -> None:
    cache = sparql_text._cache
    for n in range(200):  # 200 texts of 60 kB: 12 MB, three times the bound
        analyze(f"SELECT * WHERE {{ ?s ?p '{n}{'x' * 60_000}' }}")
    assert cache.bytes <= cache.max_bytes
    analyze("ASK { ?s ?p '" + "y" * 200_000 + "' }")  # larger than any entry may be: not kept
    assert cache.bytes <= cache.max_bytes


def test_the_tokenizer_keeps_grammar_names_whole() -> None:
    kinds = [(t.kind, t.text) for t in tokenize("?v\u203fw a\u0301:b\u00b7c _:n\u2040m")]
    assert kinds == [("var", "?v\u203fw"), ("pname", "a\u0301:b\u00b7c"), ("bnode", "_:n\u2040m")]
