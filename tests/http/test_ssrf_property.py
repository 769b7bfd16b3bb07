"""Property: whatever the text, a query the check lets through calls only allowlisted IRIs.

Hypothesis writes queries with SERVICE clauses in many spellings — Unicode prefix names from every range of
the grammar and outside it, glued keywords, escapes, comments, nesting — aimed at a loopback canary's
``/allowed/`` and ``/forbidden/`` paths. Each query the check passes runs in the real engine with no sandbox,
so the canary sees every call the engine makes; every path it saw must be allowlisted.

``make test`` runs a short version; ``make test-attack`` sets KGBUILD_ATTACK_EXAMPLES for a long one.
"""

from __future__ import annotations

import contextlib
import os

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgbuild.errors import QueryError
from kgbuild.sparql_text import analyze, check
from tests.http.canary import Canary

EXAMPLES = int(os.environ.get("KGBUILD_ATTACK_EXAMPLES", "150"))

# Characters from each range of PN_CHARS_BASE and PN_CHARS, and some outside both.
NAME_CHARS = st.sampled_from(
    [
        *"abzAZ_-.0·",
        "\u00c0",
        "\u00f8",
        "\u0370",
        "\u037f",
        "\u200c",
        "\u200d",
        "\u2070",
        "\u2c00",
        "\u3001",
        "\uf900",
        "\ufdf0",
        "\U00010000",
        "\u0300",
        "\u0301",
        "\u203f",
        "\u2040",
        "\u00d7",
        "\u2190",
        "\u3000",
        "\ufeff",
        *("한", "국", "\\", "%41", ":", "\u00a0"),
    ]
)
PREFIX = st.lists(NAME_CHARS, max_size=5).map("".join)
LOCAL = st.lists(NAME_CHARS, max_size=4).map("".join)
SPACE = st.sampled_from([" ", "", "\n", "\t", " # note\n", "\r\n", "  "])
KEYWORD = st.sampled_from(["SERVICE", "service", "Service", "SERVICE SILENT", "SERVICESILENT", "service silent"])
PATH = st.sampled_from(["allowed/", "forbidden/", "forbidden/allowed/", "allowed/../forbidden/", ""])


@st.composite
def service_queries(draw: st.DrawFn, base: str) -> str:
    """A query declaring a prefix (or not) and calling SERVICE on a prefixed name or an IRI, in some nesting."""
    prefix, local, path = draw(PREFIX), draw(LOCAL), draw(PATH)
    declared = draw(st.booleans())
    escaped = draw(st.booleans())
    iri = (base + path).replace(":", "\\u003A", 1) if escaped else base + path
    prologue = f"PREFIX{draw(SPACE)}{prefix}:{draw(SPACE)}<{iri}>{draw(SPACE)}" if declared else ""
    target = f"{prefix}:{local}" if draw(st.booleans()) else f"<{iri}{local}>"
    depth = draw(st.integers(0, 3))
    keyword = draw(KEYWORD)
    pattern = f"{keyword}{draw(SPACE)}{target}{draw(SPACE)}{{ ?s ?p ?o }}"
    for _ in range(depth):
        pattern = draw(st.sampled_from(["{{ {} }}", "OPTIONAL {{ {} }}", "{{ ?a ?b ?c . {} }}"])).format(pattern)
    return f"{prologue}SELECT * WHERE {{ {pattern} }}"


def test_a_query_the_check_passes_calls_only_allowed_iris() -> None:
    with Canary() as canary:
        allowed = canary.url + "allowed/"
        store = ox.Store()

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
        @given(service_queries(canary.url))
        def run(query: str) -> None:
            try:
                check(analyze(query), allow=(allowed,), endpoint=canary.url + "sparql", inside=lambda iri: False)
            except QueryError:
                return  # refused (403) or unreadable (400): the engine never sees it
            canary.hits.clear()
            # what the engine makes of it does not matter; what it called does
            with contextlib.suppress(SyntaxError, OSError, RuntimeError):
                list(store.query(query, base_iri=canary.url + "sparql"))  # type: ignore[arg-type]
            called = [path for _, path in canary.hits]
            assert all(path.startswith("/allowed/") and "/../" not in path for path in called), (query, called)

        run()
