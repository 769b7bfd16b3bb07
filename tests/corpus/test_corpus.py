"""The corpus and its hand-read expectations (README.md here).

Every release has an expectation file, every file has the README's shape, and every built release
(``sources/*.txt``) reads exactly as its file says. Pending releases (``sources/pending/``) are not asserted:
``bench/extract`` measures them.
"""

from __future__ import annotations

import dataclasses
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from kgbuild.extract.records import Amount, Release
from kgbuild.extract.release import extract_release
from tests.corpus.facts import (
    CORPUS_DIR,
    PENDING,
    PROJECT_ROOT,
    SOURCES,
    Expectation,
    ExpectationError,
    Fact,
    diff_facts,
    expectation_files,
    facts,
    load_expectation,
    report,
)

BUILT = sorted((PROJECT_ROOT / "sources").glob("*.txt"))
PENDING_RELEASES = sorted((PROJECT_ROOT / "sources" / "pending").glob("*.txt"))
EXPECTATIONS = expectation_files()
SEED = "2019-04-23-msit-sw-convergence-cluster-2.0"


def raw_source(toml: Path) -> str | None:
    """The ``source`` a file names, read without validating the rest (None when it cannot be read)."""
    try:
        source = tomllib.loads(toml.read_text(encoding="utf-8")).get("source")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return source if isinstance(source, str) else None


def test_every_release_has_an_expectation_file() -> None:
    missing = [
        str(path.relative_to(PROJECT_ROOT))
        for path in [*BUILT, *PENDING_RELEASES]
        if not (CORPUS_DIR / f"{path.stem}.toml").is_file()
    ]
    assert not missing, "releases without tests/corpus/<stem>.toml: " + ", ".join(missing)


def test_every_expectation_names_a_source_that_exists() -> None:
    problems = []
    for toml in EXPECTATIONS:
        source = raw_source(toml)
        if source is None:
            problems.append(f"{toml.name}: no readable 'source'")
        elif not (PROJECT_ROOT / source).is_file():
            problems.append(f"{toml.name}: source {source!r} does not exist")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("toml", EXPECTATIONS, ids=[t.stem for t in EXPECTATIONS])
def test_expectation_file_is_valid(toml: Path) -> None:
    problems = ""
    try:
        load_expectation(toml)
    except ExpectationError as err:
        problems = str(err)
    if problems and "sources/pending/" in toml.read_text(encoding="utf-8"):
        # a pending release may name a place the gazetteer does not hold yet (순천시: the gazetteer gains it
        # with the release); every other problem of its file still fails
        unknown = "is not a region the gazetteer knows"
        problems = "\n".join(line for line in problems.splitlines() if unknown not in line and line.strip())
    if problems:
        pytest.fail(problems, pytrace=False)


def test_pending_and_built_releases_are_where_their_files_say() -> None:
    built = {path.stem for path in BUILT}
    pending = {path.stem for path in PENDING_RELEASES}
    problems = [f"{stem}: both in sources/ and in sources/pending/" for stem in sorted(built & pending)]
    for toml in EXPECTATIONS:
        source = raw_source(toml) or ""
        if toml.stem in built and source != f"{SOURCES}{toml.stem}.txt":
            problems.append(f"{toml.name}: the release is built (sources/), but the file says {source!r}")
        if toml.stem in pending and source != f"{PENDING}{toml.stem}.txt":
            problems.append(f"{toml.name}: the release is pending (sources/pending/), but the file says {source!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stem", [path.stem for path in BUILT])
def test_built_release_reads_as_expected(stem: str) -> None:
    toml = CORPUS_DIR / f"{stem}.toml"
    if not toml.is_file():
        pytest.fail(f"no expectation file {toml.name}", pytrace=False)
    expectation = load_expectation(toml)
    expected, found = facts(extract_release(expectation.source_path), expectation)
    diff = diff_facts(expected, found)
    if diff:
        lines = [f"{stem}: the extractor's facts differ from tests/corpus/{toml.name}", *report(diff)]
        pytest.fail("\n".join(lines), pytrace=False)


# --------------------------------------------------------------------------------------------------------------
# The comparison itself


@pytest.fixture(scope="module")
def seed() -> tuple[Release, Expectation]:
    expectation = load_expectation(CORPUS_DIR / f"{SEED}.toml")
    return extract_release(expectation.source_path), expectation


def write(tmp_path: Path, text: str, stem: str = SEED) -> Path:
    path = tmp_path / f"{stem}.toml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = f"""source = "sources/{SEED}.txt"
date = 2019-04-23
ministry = "과학기술정보통신부"
program = "소프트웨어 융합클러스터 2.0"
round_year = 2019
selected = ["인천"]
"""


def problems_of(path: Path) -> tuple[str, ...]:
    with pytest.raises(ExpectationError) as caught:
        load_expectation(path)
    assert all(line.startswith(f"{path}: ") for line in str(caught.value).splitlines())
    return caught.value.problems


def test_a_minimal_file_loads(tmp_path: Path) -> None:
    expectation = load_expectation(write(tmp_path, MINIMAL))
    assert expectation.selected == ("incheon",)
    assert (expectation.minister, expectation.program_en, expectation.projects) == (None, "", ())
    assert not expectation.pending


def test_missing_source_unknown_keys_and_wrong_types_are_all_reported(tmp_path: Path) -> None:
    text = MINIMAL.replace(f'source = "sources/{SEED}.txt"\n', "").replace("round_year = 2019", 'round_year = "2019"')
    text += '\nquote = "x"\n\n[[projects]]\nregions = ["인천"]\n\n[[projects.targets]]\nwording = "고용창출"\n'
    text += 'value = true\nunit = "명"\nnote = "x"\n'
    problems = problems_of(write(tmp_path, text))
    assert "source: missing (required)" in problems
    assert any(p.startswith("quote: unknown key") for p in problems)
    assert "round_year: must be an integer, not '2019'" in problems
    assert "projects[0] (인천).targets[0] (고용창출).value: must be a number, not True" in problems
    assert any(p.startswith("projects[0] (인천).targets[0] (고용창출).note: unknown key") for p in problems)


def test_a_region_the_gazetteer_does_not_know_is_an_error_of_the_file(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, MINIMAL.replace('["인천"]', '["인천", "아틀란티스"]')))
    assert problems == (
        "selected[1]: '아틀란티스' is not a region the gazetteer knows (sources/regions.csv): "
        "write a name it knows, or add the region to the gazetteer",
    )


def test_the_source_must_be_the_files_own_release(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, MINIMAL.replace(f"sources/{SEED}", "sources/pending/other")))
    assert problem.startswith("source: must be ")


def test_a_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, MINIMAL + "[[projects]\n"))
    assert problem.startswith("cannot read it as TOML")


def replace_target(release: Release, project: int, target: int, value: str, wording: str | None = None) -> Release:
    """The release with one target's figure (and wording) changed."""
    projects = list(release.projects)
    targets = list(projects[project].targets)
    old = targets[target]
    amount = Amount(Decimal(value), old.amount.unit, old.amount.approximate, value)
    targets[target] = dataclasses.replace(old, amount=amount, wording=wording or old.wording)
    projects[project] = dataclasses.replace(projects[project], targets=tuple(targets))
    return dataclasses.replace(release, projects=tuple(projects))


def test_a_wrong_figure_is_wrong_not_missing_and_extra(seed: tuple[Release, Expectation]) -> None:
    release, expectation = seed
    changed = replace_target(release, 0, 2, "200")  # 인천 고용창출 2,000명 read as 200
    diff = diff_facts(*facts(changed, expectation))
    assert (diff.missing, diff.extra) == ((), ())
    ((want, got),) = diff.wrong
    assert want == Fact("target", ("incheon", 2000, "명"), ("고용창출", False, None))
    assert got == Fact("target", ("incheon", 200, "명"), ("고용창출", False, None))
    assert str(want) == "target incheon 2000 명: wording='고용창출', approximate=false, baseline=none"


def test_a_target_with_another_wording_and_figure_is_missing_and_extra(seed: tuple[Release, Expectation]) -> None:
    release, expectation = seed
    diff = diff_facts(*facts(replace_target(release, 0, 2, "200", "인력양성"), expectation))
    assert [f.key for f in diff.missing] == [("incheon", 2000, "명")]
    assert [f.key for f in diff.extra] == [("incheon", 200, "명")]
    assert diff.wrong == ()


def test_a_wrong_budget_and_a_missing_project(seed: tuple[Release, Expectation]) -> None:
    release, expectation = seed
    ulsan = release.projects[2]
    assert ulsan.budget is not None
    budget = dataclasses.replace(ulsan.budget, value=Decimal(1940000000))
    projects = (*release.projects[:2], dataclasses.replace(ulsan, budget=budget), *release.projects[4:])
    diff = diff_facts(*facts(dataclasses.replace(release, projects=projects), expectation))
    assert [(w.key, w.value, g.value) for w, g in diff.wrong] == [
        (("ulsan",), (19400000000, True, "약 194억원"), (1940000000, True, "약 194억원"))
    ]
    missing = {(f.kind, f.key[0]) for f in diff.missing}
    assert ("project", "gyeongnam") in missing and ("budget_total", "gyeongnam") in missing
    assert len(diff.missing) == 1 + 1 + 5  # the project, its budget and its 5 targets
    assert diff.extra == ()
