"""Every curl line of the README, run as written (host and port swapped) against a real server on the seed graph."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kgbuild.paths import PROJECT_ROOT
from tests.http.conftest import TOKEN, Server

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
EXAMPLES = [line for block in BLOCKS for line in block.splitlines() if line.startswith("curl ")]
WRITES = [line for line in EXAMPLES if "KGBUILD_UPDATE_TOKEN" in line]
READS = [line for line in EXAMPLES if line not in WRITES]


@pytest.fixture(scope="module")
def seed_server(seed_store: Path, tmp_path_factory: pytest.TempPathFactory):
    with Server(seed_store, tmp_path_factory.mktemp("log") / "server.log") as server:
        yield server


@pytest.fixture(scope="module")
def writable_server(seed_store: Path, tmp_path_factory: pytest.TempPathFactory):
    own = tmp_path_factory.mktemp("rw")
    shutil.copytree(seed_store.parent, own, dirs_exist_ok=True, symlinks=True)
    with Server(own / seed_store.name, own / "server.log", update_token=TOKEN) as server:
        yield server


def run_example(line: str, server: Server, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = line.replace("http://127.0.0.1:8000", server.url).replace(
        "curl ", "curl --silent --show-error --fail ", 1
    )
    return subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=30,
        env={"PATH": "/usr/bin:/bin", "KGBUILD_UPDATE_TOKEN": TOKEN},
    )


def test_the_readme_has_curl_examples_for_each_format():
    assert len(READS) >= 12 and len(WRITES) >= 2
    for media in ("text/csv", "format=tsv", "sparql-results+xml", "text/turtle", "n-triples", "rdf+xml", "ld+json"):
        assert any(media in line for line in READS), media


@pytest.mark.parametrize("line", READS)
def test_read_example(line, seed_server, tmp_path):
    (tmp_path / "queries").symlink_to(PROJECT_ROOT / "queries")
    result = run_example(line, seed_server, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout or (tmp_path / "kgbuild.nq").stat().st_size > 0


def test_write_examples_in_order(writable_server, tmp_path):
    (tmp_path / "notes.ttl").write_text(
        '<https://kgbuild.org/id/region/busan> <http://www.w3.org/2000/01/rdf-schema#comment> "note"@en .\n',
        encoding="utf-8",
    )
    outputs = []
    for line in WRITES:
        result = run_example(line, writable_server, tmp_path)
        assert result.returncode == 0, (line, result.stderr)
        outputs.append(result.stdout)
    assert "note" in outputs[-1] and "busan" in outputs[-1]
