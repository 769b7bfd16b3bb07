"""The README keeps up with the code: every command, setting, named query and exit code is documented."""

from __future__ import annotations

from dataclasses import fields

import pytest

from kgbuild.cli import cli
from kgbuild.config import Config
from kgbuild.paths import PROJECT_ROOT
from kgbuild.queries import load_queries

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_two_commands_are_shown():
    assert "make run" in README and "make test" in README


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_cli_command_is_documented(command):
    assert f"kgbuild {command}" in README


@pytest.mark.parametrize("setting", [f.name for f in fields(Config)])
def test_every_setting_is_documented(setting):
    assert f"KGBUILD_{setting.upper()}" in README


@pytest.mark.parametrize("query", [q.name for q in load_queries()])
def test_every_named_query_is_documented(query):
    assert f"`{query}`" in README


def test_ci_calls_the_readme_test_command():
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_sparql_examples_run_on_the_seed(seed_ox):
    import re

    from kgbuild.store import run_query

    examples = re.findall(r"```sparql\n(.*?)```", README, flags=re.S)
    assert examples
    for example in examples:
        rows = list(run_query(seed_ox, example))
        assert len(rows) == 5, example  # one per region of the seed
    first = [(r["regionName"].value, int(r["jobs"].value)) for r in run_query(seed_ox, examples[0])]
    assert first[0] == ("인천광역시", 2000)
