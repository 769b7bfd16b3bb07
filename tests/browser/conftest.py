"""Browser fixtures: the fixture graph served over real HTTP, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kgbuild import store as kgstore
from kgbuild.paths import PROJECT_ROOT

HERE = Path(__file__).parent
SERVING = re.compile(r"kgbuild serving .* at (http://127\.0\.0\.1:\d+)/")
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
# As root in a sandbox with no outside network: no sandboxing, no GPU, and no background calls home.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
FIXTURE_GRAPHS = {
    "https://kgbuild.org/graph/gazetteer": HERE / "fixture-gazetteer.ttl",
    "https://kgbuild.org/graph/release/2019-04-23-msit-sw-convergence-cluster-2.0": HERE / "fixture-release.ttl",
}


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five 2019 regions and their projects, built into a fresh store (the link path)."""
    path = tmp_path_factory.mktemp("browser") / "store"
    with kgstore.build_aside(path) as build:
        for graph, file in FIXTURE_GRAPHS.items():
            kgstore.load_file(build.store, file, graph)
    return path


@contextmanager
def running_server(store: Path, log_dir: Path, **settings: object) -> Iterator[str]:
    """Run the real server (``python -m kgbuild.web.server``: gunicorn and the query worker processes) for
    ``store`` on a free port, with ``settings`` as KGBUILD_* variables; yields its base URL.

    The one place that starts a server for the browser tests. Its output goes to a log in ``log_dir``.
    """
    env = {name: value for name, value in os.environ.items() if not name.startswith("KGBUILD_")}
    env.update({f"KGBUILD_{name.upper()}": str(value) for name, value in settings.items()})
    log_path = log_dir / f"server-{len(list(log_dir.glob('server-*.log')))}.log"
    command = [sys.executable, "-m", "kgbuild.web.server", "--store", str(store), "--host", "127.0.0.1", "--port", "0"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=PROJECT_ROOT)
    try:
        yield _wait_for_address(process, log_path)
    finally:
        process.terminate()  # gunicorn stops its worker, which stops the query processes
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_address(process: subprocess.Popen[bytes], log_path: Path, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = SERVING.search(log_path.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise AssertionError(f"the server did not start; its output:\n{log_path.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def server_url(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture store served with the default settings."""
    with running_server(store_path, tmp_path_factory.mktemp("server")) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium under Playwright (Playwright's own browser download does not work here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make .stamp-browser` (apt-get install chromium fonts-noto-cjk)")
    if not (PROJECT_ROOT / "src/kgbuild/web/static/vendor/yasgui/yasgui.min.js").exists():
        pytest.fail("the query editor is not vendored: run `npm ci && python -m kgbuild.web.vendor`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class ConsoleLog:
    """Console errors, uncaught exceptions, failed requests and requests leaving the machine (the pages use no
    CDN: everything they load comes from the server) of the pages of one test."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def watch(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.problems.append(f"console: {msg.text}"))
        page.on("pageerror", lambda err: self.problems.append(f"uncaught: {err}"))
        page.on("requestfailed", lambda req: self.problems.append(f"request failed: {req.url} {req.failure}"))
        page.on("request", lambda req: self._check_local(req.url))

    def _check_local(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("data", "blob") and parts.hostname != "127.0.0.1":
            self.problems.append(f"request outside the server: {url}")


@pytest.fixture
def console() -> ConsoleLog:
    """What went wrong in the pages' JavaScript; each test asserts it stayed empty."""
    return ConsoleLog()


@pytest.fixture
def new_page(browser, console: ConsoleLog) -> Iterator[Callable[[], object]]:
    """Opens pages in one fresh browser context (downloads allowed), each watched by ``console``."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000}, locale="ko-KR")

    def open_page():
        page = context.new_page()
        page.set_default_timeout(15_000)
        console.watch(page)
        return page

    yield open_page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """tests/artifacts/, emptied once per run, for screenshots to look at."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS
