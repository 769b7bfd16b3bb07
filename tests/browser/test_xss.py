"""Stored XSS through IRIs, in Chromium: a `javascript:` IRI written through the Graph Store never becomes a link,
on its entity page or on the query page opened from a share link, and the CSP stops what a link would run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from kgbuild import store as kgstore
from tests.browser.conftest import FIXTURE_GRAPHS, ConsoleLog, running_server

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

TOKEN = "xss-test-token-0123456789"
VICTIM = "https://kgbuild.org/id/xss/victim"
SCRIPT_IRIS = [
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "javascript:alert(2)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]
ATTACK = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
<{VICTIM}> rdfs:label "공격 대상"@ko ;
    schema:url <{SCRIPT_IRIS[0]}> ;
    schema:sameAs <{SCRIPT_IRIS[1]}>, <{SCRIPT_IRIS[3]}> ;
    <{SCRIPT_IRIS[2]}> "a property named by a javascript: IRI" ;
    schema:isBasedOn <urn:isbn:9788983920775> ;
    schema:subjectOf <https://example.org/page> ;
    schema:email <mailto:someone@example.org> .
<{SCRIPT_IRIS[0]}> rdfs:label "click me"@en ; schema:about <{VICTIM}> .
"""
ROWS = ".yasr table.dataTable tbody tr"
# Anything a click could run: an href that is not http(s), mailto, a path or a fragment of this site.
BAD_HREFS = """
els => els.map(a => a.getAttribute('href')).filter(h => !/^(https?:|mailto:|\\/|#)/i.test(h.trim()))
"""


@pytest.fixture(scope="module")
def attacked_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture graph plus the attack, written through PUT /store with the update token, served."""
    store = tmp_path_factory.mktemp("xss") / "store"
    with kgstore.build_aside(store) as build:
        for graph, file in FIXTURE_GRAPHS.items():
            kgstore.load_file(build.store, file, graph)
    with running_server(store, tmp_path_factory.mktemp("xss-log"), update_token=TOKEN) as url:
        put = requests.put(
            url + "/store",
            params={"graph": "https://kgbuild.org/graph/xss"},
            data=ATTACK.encode(),
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"},
            timeout=30,
        )
        assert put.status_code == 201, put.text
        yield url


def watch_dialogs(page) -> list[str]:
    """The messages of every alert/confirm/prompt the page opens (each dismissed)."""
    dialogs: list[str] = []

    def seen(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", seen)
    return dialogs


def click_each(page, locator) -> None:
    """Click every element of ``locator`` and give whatever it would start a moment to happen."""
    where = page.url
    for i in range(locator.count()):
        locator.nth(i).click()
        page.wait_for_timeout(150)
        assert page.url == where, f"clicking {locator.nth(i).inner_text()!r} navigated to {page.url}"


def test_an_entity_page_shows_script_iris_as_text(
    attacked_url: str, new_page, console: ConsoleLog, artifacts: Path
) -> None:
    page = new_page()
    dialogs = watch_dialogs(page)
    response = page.goto(attacked_url + "/id/xss/victim")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # each script IRI is on the page (as an object, a predicate, an incoming link's subject) ...
    shown = page.locator(", ".join(f'[title="{iri}"]' for iri in SCRIPT_IRIS))
    assert shown.count() >= 5
    assert set(shown.evaluate_all("els => els.map(e => e.title)")) == set(SCRIPT_IRIS)
    # ... as text: no link anywhere on the page leads to a script, and the labelled one is a span too
    assert page.locator("a[href]").evaluate_all(BAD_HREFS) == []
    assert shown.evaluate_all("els => els.filter(e => e.closest('a')).length") == 0
    assert page.locator("span.iri.unlinked", has_text="click me").count() == 2  # the object and the incoming link
    click_each(page, shown)
    assert dialogs == []
    # what may link still does: https and mailto to themselves, urn: as text
    assert page.locator('a.iri.external[href="https://example.org/page"]').count() == 1
    assert page.locator('a.iri.external[href="mailto:someone@example.org"]').count() == 1
    assert page.locator('span.iri.unlinked[title="urn:isbn:9788983920775"]').count() == 1
    page.screenshot(path=str(artifacts / "xss-entity-page.png"), full_page=True)
    assert console.problems == []


def test_the_query_page_from_the_entity_pages_share_link_shows_them_as_text(
    attacked_url: str, new_page, console: ConsoleLog, artifacts: Path
) -> None:
    page = new_page()
    dialogs = watch_dialogs(page)
    page.goto(attacked_url + "/id/xss/victim")
    page.get_by_role("link", name="open in the query editor").click()  # a share link: /#query=…
    page.wait_for_url("**/#query=*")
    page.locator(ROWS).nth(6).wait_for()  # the victim's seven statements, run at once
    results = page.locator(".yasr .yasr_results")
    for iri in SCRIPT_IRIS[:3]:
        assert iri in results.inner_text()
    assert page.locator(".yasr a[href]").evaluate_all(BAD_HREFS) == []
    unlinked = page.locator(".yasr span.iri.unlinked")
    assert unlinked.count() >= 4  # three script IRIs and the urn:
    click_each(page, unlinked)
    assert dialogs == []
    assert page.locator('.yasr a.iri[href="https://example.org/page"]').count() == 1
    page.screenshot(path=str(artifacts / "xss-query-page.png"), full_page=True)
    assert console.problems == []


def test_a_crafted_share_link_shows_script_iris_as_text(attacked_url: str, new_page, console: ConsoleLog) -> None:
    """No write needed: a query can make a javascript: IRI itself, as a value or as a literal's datatype."""
    query = (
        'SELECT ?x ?typed ?n WHERE { VALUES ?x { <javascript:alert(document.domain)> } BIND(STRDT("x", '
        "<javascript:alert(3)>) AS ?typed) BIND(7 AS ?n) }"
    )
    page = new_page()
    dialogs = watch_dialogs(page)
    page.goto(attacked_url + "/#query=" + quote(query, safe=""))
    page.locator(ROWS).first.wait_for()
    assert page.locator(".yasr a[href]").evaluate_all(BAD_HREFS) == []
    unlinked = page.locator(".yasr span.iri.unlinked")
    assert unlinked.count() == 2  # the value and the datatype
    click_each(page, unlinked)
    # the chart labels the bar with the IRI's text, and links nothing
    page.click(".yasr .select_chart")
    page.wait_for_selector(".kg-chart svg rect.bar")
    assert page.locator(".kg-chart a").count() == 0
    click_each(page, page.locator(".kg-chart rect.bar"))
    assert dialogs == []
    assert console.problems == []


def test_the_csp_stops_a_script_link_or_inline_handler_that_got_in(
    attacked_url: str, new_page, console: ConsoleLog
) -> None:
    """The second line: were a javascript: link or an inline handler on a page, the browser would not run it."""
    for path in ("/id/xss/victim", "/"):
        page = new_page()
        dialogs = watch_dialogs(page)
        page.goto(attacked_url + path)
        page.evaluate(
            """() => {
                const a = document.createElement('a');
                a.id = 'planted'; a.textContent = 'planted'; a.href = 'javascript:alert("planted link")';
                document.body.prepend(a);
                document.body.insertAdjacentHTML('beforeend', '<img src="/nowhere.png" onerror="alert(1)">');
                document.body.insertAdjacentHTML('beforeend', '<button id="b" onclick="alert(2)">b</button>');
            }"""
        )
        assert page.locator("a[href]").evaluate_all(BAD_HREFS) == ['javascript:alert("planted link")']  # seen
        page.click("#planted")
        page.click("#b")
        page.wait_for_timeout(300)
        assert dialogs == [], path
    refused = [p for p in console.problems if "Content Security Policy" in p]
    assert len(refused) >= 4, console.problems  # the browser says why it ran none of them
