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
