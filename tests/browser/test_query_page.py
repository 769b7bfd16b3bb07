"""The query page and an entity page in a real browser: examples, results, chart, downloads, share links."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import quote

import pytest

from kgbuild.queries import find_query
from tests.browser.conftest import ConsoleLog, running_server

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

REGIONS = ["부산광역시", "인천광역시", "울산광역시", "경상남도", "충청남도"]  # by budget, largest first
ROWS = ".yasr table.dataTable tbody tr"


def editor_text(page) -> str:
    return page.evaluate("window.kgbuild.yasqe.getValue()")


def test_example_query_table_chart_download_and_share(
    server_url: str,
    new_page,
    console: ConsoleLog,
    artifacts: Path,
) -> None:
    page = new_page()
    page.goto(server_url + "/")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert "PREFIX kg: <https://kgbuild.org/def/kgbuild#>" in editor_text(page)  # the project's prefixes

    # choose the example: its text goes into the editor
    page.click("button.example[data-name=budget-by-region]")
    query = editor_text(page)
    assert query == find_query("budget-by-region").text

    # run it: five regions with their Korean names, largest budget first
    page.click(".yasqe_queryButton")
    page.locator(ROWS).nth(4).wait_for()  # not wait_for_function: it evals a string, which the CSP refuses
    rows = page.locator(ROWS).all_inner_texts()
    assert [next(name for name in REGIONS if name in row) for row in rows] == REGIONS
    assert page.locator("#truncated-note").is_hidden()

    # the chart: one bar per region, labelled in Korean, longest for the largest budget
    page.click(".yasr .select_chart")
    page.wait_for_selector(".kg-chart svg rect.bar")
    assert page.locator(".kg-chart text.label").all_text_contents() == REGIONS
    widths = [
        float(w)
        for w in page.locator(".kg-chart rect.bar").evaluate_all("bars => bars.map(b => b.getAttribute('width'))")
    ]
    assert len(widths) == 5 and widths == sorted(widths, reverse=True) and widths[-1] > 0
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(artifacts / "query-page.png"), full_page=True)

    # CSV download from the endpoint: the same five rows
    with page.expect_download() as download_info:
        page.click("#download-links a[data-format=csv]")
    download = download_info.value
    assert download.suggested_filename == "kgbuild-results.csv"
    table = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert table[0] == ["regionName", "budget100m"]
    assert [row[0] for row in table[1:]] == REGIONS
    assert [float(row[1]) for row in table[1:]] == [155, 140, 120, 100, 90]

    # the share link reopens the same query (and runs it) in a new page
    share = page.get_attribute("#share-link", "href")
    assert share and "#query=" in share
    shared = new_page()
    shared.goto(share)
    shared.locator(ROWS).nth(4).wait_for()
    assert editor_text(shared) == query
    assert console.problems == []


def test_results_link_to_entity_pages(server_url: str, new_page, console: ConsoleLog, artifacts: Path) -> None:
    page = new_page()
    page.goto(server_url + "/?example=region-identifiers")
    assert editor_text(page) == find_query("region-identifiers").text
    page.click(".yasqe_queryButton")
    page.locator(ROWS).nth(4).wait_for()
    link = page.locator(".yasr a.iri.local", has_text="region/ulsan").first
    assert link.get_attribute("href") == "/id/region/ulsan"
    link.click()
    page.wait_for_url(server_url + "/id/region/ulsan")
    assert page.locator("h1").inner_text().startswith("울산광역시")
    page.get_by_role("link", name="울산 소프트웨어 융합클러스터 2.0").click()  # an incoming link
    page.wait_for_url("**/id/project/sw-convergence-cluster-2.0/2019/ulsan")
    page.screenshot(path=str(artifacts / "entity-page.png"), full_page=True)
    assert console.problems == []


def test_truncated_results_say_so(store_path: Path, tmp_path: Path, new_page, console: ConsoleLog) -> None:
    with running_server(store_path, tmp_path, max_rows=2) as url:
        page = new_page()
        page.goto(url + "/?example=region-identifiers")
        page.click(".yasqe_queryButton")
        note = page.locator("#truncated-note")
        note.wait_for(state="visible")
        assert "first 2 rows" in note.inner_text()
        assert page.locator(ROWS).count() == 2
    assert console.problems == []


def test_a_bad_query_shows_the_endpoint_message(server_url: str, new_page, console: ConsoleLog) -> None:
    page = new_page()
    page.goto(server_url + "/#query=" + quote("SELECT * WHERE { ?s ?p }", safe=""))
    error = page.locator(".yasr .query-error")
    error.wait_for()
    assert error.locator("strong").inner_text() == "400 Bad query"
    assert "SPARQL syntax error" in error.locator("pre").inner_text()
    # the browser reports the 400 itself; nothing else may go wrong
    assert [p for p in console.problems if "status of 400" not in p] == []
