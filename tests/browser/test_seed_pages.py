"""Every kind of page on the real seed graph, in Chromium: query page, entity pages, ontology, downloads, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import ConsoleLog, running_server

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

SEED_REGIONS = {"인천광역시", "부산광역시", "울산광역시", "경상남도", "충청남도"}
ROWS = ".yasr table.dataTable tbody tr"


@pytest.fixture(scope="module")
def seed_url(seed_store: Path, tmp_path_factory: pytest.TempPathFactory):
    with running_server(seed_store, tmp_path_factory.mktemp("seed-log")) as url:
        yield url


def test_regional_projects_example_on_the_seed(seed_url, new_page, console: ConsoleLog, artifacts: Path):
    page = new_page()
    page.goto(seed_url + "/")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click("button.example[data-name=regional-projects]")
    page.click(".yasqe_queryButton")
    page.locator(ROWS).nth(4).wait_for()  # not wait_for_function: it evals a string, which the CSP refuses
    table = page.locator(".yasr table.dataTable").inner_text()
    assert all(name in table for name in SEED_REGIONS), table
    page.screenshot(path=str(artifacts / "seed-query-page.png"))
    assert console.problems == []


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/id/region/ulsan", "울산광역시"),
        ("/id/project/sw-convergence-cluster-2.0/2019/chungnam", "충청남도"),
        ("/id/ministry/msit", "과학기술정보통신부"),
        ("/id/round/sw-convergence-cluster-2.0/2019", "2019년 소프트웨어 융합클러스터 2.0"),
        ("/def/kgbuild", "kgbuild"),
        ("/dumps/", ""),
    ],
)
def test_pages_render_with_korean_and_no_console_errors(seed_url, new_page, console: ConsoleLog, path, heading):
    page = new_page()
    response = page.goto(seed_url + path)
    assert response is not None and response.status == 200
    assert heading in page.locator("h1").first.inner_text()
    # the Korean web font is loaded from the server, so Hangul never falls back to boxes
    loaded = page.evaluate(
        "document.fonts.ready.then(() => [...document.fonts]"
        ".filter(f => f.family.includes('Noto Sans KR') && f.status === 'loaded').length)"
    )
    assert loaded > 0
    assert console.problems == []


def test_a_missing_entity_is_a_404_page(seed_url, new_page, artifacts: Path):
    page = new_page()
    response = page.goto(seed_url + "/id/region/atlantis")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text().startswith("404")
    page.screenshot(path=str(artifacts / "seed-404.png"))
