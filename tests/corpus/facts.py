"""The corpus expectations (``tests/corpus/<stem>.toml``, see README.md here): load and validate one file, turn
it and what the extractor reads into comparable facts, and tell the missing, extra and wrong ones apart.

Shared by ``tests/corpus/test_corpus.py`` (built releases must read exactly as expected) and ``bench/extract``
(precision and recall over the whole corpus, pending releases included).

A fact is a ``(kind, key, value)`` tuple. Two facts of one kind with the same key are about the same thing;
when their values differ for a figure kind (``FIGURE_KINDS``), the extractor read a *wrong figure*, the worst
defect, so it is counted apart from what is missing or extra. Money is in 원, as integers.
"""

from __future__ import annotations

import datetime
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from kgbuild.extract.records import Release
from kgbuild.extract.vocabulary import find_program
from kgbuild.gazetteer import Gazetteer, load_gazetteer

CORPUS_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = CORPUS_DIR.parents[1]
SOURCES = "sources/"
PENDING = "sources/pending/"

# Every kind of fact, in the order reports list them
KINDS = (
    "date",
    "ministry",
    "minister",
    "program",
    "program_en",
    "round_year",
    "selected",
    "national_budget",
    "project",
    "budget_total",
    "budget_share",
    "target",
    "quote",
)
# Kinds whose value is a figure: the same key with another value is a wrong figure, not a missing + an extra
FIGURE_KINDS = frozenset({"date", "round_year", "national_budget", "budget_total", "budget_share", "target"})

Number = int | Decimal


# --------------------------------------------------------------------------------------------------------------
# The expectation, as typed dataclasses


@dataclass(frozen=True)
class ExpectedNationalBudget:
    value: int  # in 원
    approximate: bool
    text: str  # exactly as written
    start_year: int | None
    end_year: int | None


@dataclass(frozen=True)
class ExpectedBudget:
    total: int  # 총사업비 in 원
    approximate: bool
    text: str
    national: int | None  # the shares, in 원, when stated
    local: int | None
    private: int | None

    def shares(self) -> dict[str, int]:
        """The stated shares by FundingShare.source."""
        stated = {"national": self.national, "local": self.local, "private": self.private}
        return {source: value for source, value in stated.items() if value is not None}


@dataclass(frozen=True)
class ExpectedTarget:
    wording: str  # as written, without the number
    value: Number
    unit: str
    approximate: bool
    baseline: Number | None


@dataclass(frozen=True)
class ExpectedProject:
    regions: tuple[str, ...]  # gazetteer keys
    region_names: tuple[str, ...]  # as the file writes them ("인천")
    industry: str | None
    budget: ExpectedBudget | None
    targets: tuple[ExpectedTarget, ...]


@dataclass(frozen=True)
class ExpectedQuote:
    speaker: str
    post: str


@dataclass(frozen=True)
class Expectation:
    path: Path  # the TOML file
    source: str  # "sources/[pending/]<stem>.txt", relative to the project root
    date: datetime.date
    ministry: str
    minister: str | None
    program: str
    program_en: str  # "" when the release gives no English name
    round_year: int
    selected: tuple[str, ...]  # gazetteer keys
    national_budget: ExpectedNationalBudget | None
    projects: tuple[ExpectedProject, ...]
    quotes: tuple[ExpectedQuote, ...]

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def pending(self) -> bool:
        """True for a release the extractor cannot read yet (``sources/pending/``)."""
        return self.source.startswith(PENDING)

    @property
    def source_path(self) -> Path:
        return PROJECT_ROOT / self.source


# --------------------------------------------------------------------------------------------------------------
# Loading and validating one file


class ExpectationError(ValueError):
    """An expectation file that does not have the README's shape: every problem found, each naming the file and
    the key (``projects[2] (울산).targets[0] (고용창출).value``: tables counted from 0, in the file's order)."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__("\n".join(f"{shown(path)}: {problem}" for problem in problems))


def shown(path: Path) -> str:
    """``path`` relative to the project root when it is inside it."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Shape:
    """What a TOML value must be: a description for messages and a check."""

    description: str
    check: Callable[[object], bool]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return _is_int(value) or isinstance(value, float)


STRING = Shape("a string", lambda v: isinstance(v, str) and v.strip() != "")
OPTIONAL_STRING = Shape("a string", lambda v: isinstance(v, str))
INTEGER = Shape("an integer", _is_int)
NUMBER = Shape("a number", _is_number)
BOOLEAN = Shape("true or false", lambda v: isinstance(v, bool))
DATE = Shape(
    "a date, unquoted (2019-04-23)",
    lambda v: isinstance(v, datetime.date) and not isinstance(v, datetime.datetime),
)
STRINGS = Shape("a list of strings", lambda v: isinstance(v, list) and all(isinstance(x, str) and x for x in v))
TABLE = Shape("a table ([name])", lambda v: isinstance(v, dict))
TABLES = Shape("an array of tables ([[name]])", lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v))

TOP = {
    "source": (STRING, True),
    "date": (DATE, True),
    "ministry": (STRING, True),
    "minister": (STRING, False),
    "program": (STRING, True),
    "program_en": (OPTIONAL_STRING, False),
    "round_year": (INTEGER, True),
    "selected": (STRINGS, True),
    "national_budget": (TABLE, False),
    "projects": (TABLES, False),
    "quotes": (TABLES, False),
}
NATIONAL_BUDGET = {
    "value": (INTEGER, True),
    "approximate": (BOOLEAN, False),
    "text": (STRING, True),
    "start_year": (INTEGER, False),
    "end_year": (INTEGER, False),
}
PROJECT = {
    "regions": (STRINGS, True),
    "industry": (STRING, False),
    "budget": (TABLE, False),
    "targets": (TABLES, False),
}
BUDGET = {
    "total": (INTEGER, True),
    "approximate": (BOOLEAN, False),
    "text": (STRING, True),
    "national": (INTEGER, False),
    "local": (INTEGER, False),
    "private": (INTEGER, False),
}
TARGET = {
    "wording": (STRING, True),
    "value": (NUMBER, True),
    "unit": (STRING, True),
    "approximate": (BOOLEAN, False),
    "baseline": (NUMBER, False),
}
QUOTE = {"speaker": (STRING, True), "post": (STRING, True)}


class _Checker:
    """Collects the problems of one file, so that one run reports all of them."""

    def __init__(self, path: Path, gazetteer: Gazetteer) -> None:
        self.path = path
        self.gazetteer = gazetteer
        self.problems: list[str] = []

    def fields(self, table: dict[str, Any], where: str, spec: dict[str, tuple[Shape, bool]]) -> dict[str, Any]:
        """The values of ``table`` that have their shape; every unknown, missing or ill-shaped key is noted."""
        good: dict[str, Any] = {}
        prefix = f"{where}." if where else ""
        for key in table:
            if key not in spec:
                known = ", ".join(spec)
                self.problems.append(f"{prefix}{key}: unknown key (known here: {known})")
        for key, (shape, required) in spec.items():
            if key not in table:
                if required:
                    self.problems.append(f"{prefix}{key}: missing (required)")
                continue
            value = table[key]
            if not shape.check(value):
                self.problems.append(f"{prefix}{key}: must be {shape.description}, not {value!r}")
                continue
            good[key] = value
        return good

    def regions(self, names: list[str], where: str) -> tuple[str, ...]:
        """The gazetteer keys of short region names; a name the gazetteer does not know is a problem."""
        keys = []
        for i, name in enumerate(names):
            region = self.gazetteer.find(name)
            if region is None:
                self.problems.append(
                    f"{where}[{i}]: {name!r} is not a region the gazetteer knows (sources/regions.csv): "
                    "write a name it knows, or add the region to the gazetteer"
                )
                continue
            keys.append(region.key)
        return tuple(keys)


def load_expectation(path: Path, gazetteer: Gazetteer | None = None) -> Expectation:
    """Read and validate one expectation file; raises ExpectationError listing every problem it has."""
    checker = _Checker(path, gazetteer or load_gazetteer())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ExpectationError(path, [f"cannot read it as TOML: {err}"]) from err
    top = checker.fields(data, "", TOP)

    source = top.get("source", "")
    if source:
        allowed = (f"{SOURCES}{path.stem}.txt", f"{PENDING}{path.stem}.txt")
        if source not in allowed:
            checker.problems.append(
                f"source: must be {allowed[0]!r} or {allowed[1]!r} (the file's own stem), not {source!r}"
            )

    national = None
    if "national_budget" in top:
        nb = checker.fields(top["national_budget"], "national_budget", NATIONAL_BUDGET)
        start, end = nb.get("start_year"), nb.get("end_year")
        if ("start_year" in top["national_budget"]) != ("end_year" in top["national_budget"]):
            checker.problems.append("national_budget: give both start_year and end_year, or neither")
        elif start is not None and end is not None and start > end:
            checker.problems.append(f"national_budget: start_year {start} is after end_year {end}")
        national = ExpectedNationalBudget(
            value=nb.get("value", 0),
            approximate=nb.get("approximate", False),
            text=nb.get("text", ""),
            start_year=start,
            end_year=end,
        )

    projects = []
    for i, raw in enumerate(top.get("projects", [])):
        names = raw.get("regions") if isinstance(raw.get("regions"), list) else []
        where = f"projects[{i}]" + (f" ({'·'.join(map(str, names))})" if names else "")
        projects.append(_project(checker, raw, where))

    quotes = []
    for i, raw in enumerate(top.get("quotes", [])):
        speaker = raw.get("speaker")
        q = checker.fields(raw, f"quotes[{i}]" + (f" ({speaker})" if speaker else ""), QUOTE)
        quotes.append(ExpectedQuote(speaker=q.get("speaker", ""), post=q.get("post", "")))

    selected = checker.regions(top.get("selected", []), "selected")
    if checker.problems:
        raise ExpectationError(path, checker.problems)
    return Expectation(
        path=path,
        source=source,
        date=top["date"],
        ministry=top["ministry"],
        minister=top.get("minister"),
        program=top["program"],
        program_en=top.get("program_en", ""),
        round_year=top["round_year"],
        selected=selected,
        national_budget=national,
        projects=tuple(projects),
        quotes=tuple(quotes),
    )


def _project(checker: _Checker, raw: dict[str, Any], where: str) -> ExpectedProject:
    p = checker.fields(raw, where, PROJECT)
    names = p.get("regions", [])
    if "regions" in p and not names:
        checker.problems.append(f"{where}.regions: name at least one region")
    budget = None
    if "budget" in p:
        b = checker.fields(p["budget"], f"{where}.budget", BUDGET)
        budget = ExpectedBudget(
            total=b.get("total", 0),
            approximate=b.get("approximate", False),
            text=b.get("text", ""),
            national=b.get("national"),
            local=b.get("local"),
            private=b.get("private"),
        )
    targets = []
    for j, raw_target in enumerate(p.get("targets", [])):
        wording = raw_target.get("wording")
        t = checker.fields(raw_target, f"{where}.targets[{j}]" + (f" ({wording})" if wording else ""), TARGET)
        targets.append(
            ExpectedTarget(
                wording=t.get("wording", ""),
                value=number(t.get("value", 0)),
                unit=t.get("unit", ""),
                approximate=t.get("approximate", False),
                baseline=number(t["baseline"]) if "baseline" in t else None,
            )
        )
    return ExpectedProject(
        regions=checker.regions(names, f"{where}.regions"),
        region_names=tuple(names),
        industry=p.get("industry"),
        budget=budget,
        targets=tuple(targets),
    )


def number(value: int | float | Decimal) -> Number:
    """A figure in a comparable form: an int when it is whole, else a normalised Decimal (1.5, not 1.50)."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return int(d) if d == d.to_integral_value() else d.normalize()


def expectation_files(corpus: Path = CORPUS_DIR) -> list[Path]:
    """Every expectation file of the corpus, by name."""
    return sorted(corpus.glob("*.toml"))


# --------------------------------------------------------------------------------------------------------------
# Facts


class Fact(NamedTuple):
    """One comparable fact: ``kind`` (one of KINDS), ``key`` (what it is about), ``value`` (what is said)."""

    kind: str
    key: tuple[Any, ...]
    value: Any

    def __str__(self) -> str:
        return describe(self)


# Names of the parts of keys and tuple values, for reports
KEY_NAMES = {
    "selected": ("region",),
    "project": ("project",),
    "budget_total": ("project",),
    "budget_share": ("project", "source"),
    "target": ("project", "value", "unit"),
    "quote": ("speaker",),
}
VALUE_NAMES = {
    "national_budget": ("value", "approximate", "text", "start_year", "end_year"),
    "budget_total": ("total", "approximate", "text"),
    "target": ("wording", "approximate", "baseline"),
    "project": ("industry",),
    "quote": ("post",),
}


def show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def describe_value(kind: str, value: Any) -> str:
    names = VALUE_NAMES.get(kind)
    if names is None:
        return "" if value is None else show(value)
    values = value if len(names) > 1 else (value,)
    return ", ".join(f"{name}={show(v)}" for name, v in zip(names, values, strict=True))


def describe(fact: Fact) -> str:
    """A fact on one line: ``target incheon 2000 명: wording='고용창출', approximate=false, baseline=none``."""
    head = " ".join([fact.kind, *(str(part) for part in fact.key)])
    value = describe_value(fact.kind, fact.value)
    return f"{head}: {value}" if value else head


def expected_facts(expectation: Expectation) -> frozenset[Fact]:
    """The facts an expectation file states."""
    e = expectation
    facts = {
        Fact("date", (), e.date.isoformat()),
        Fact("ministry", (), e.ministry),
        Fact("program", (), e.program),
        Fact("round_year", (), e.round_year),
    }
    if e.minister:
        facts.add(Fact("minister", (), e.minister))
    if e.program_en:
        facts.add(Fact("program_en", (), e.program_en))
    facts.update(Fact("selected", (key,), None) for key in e.selected)
    if e.national_budget is not None:
        nb = e.national_budget
        facts.add(Fact("national_budget", (), (nb.value, nb.approximate, nb.text, nb.start_year, nb.end_year)))
    labels = expected_labels(e.projects)
    for project, label in zip(e.projects, labels, strict=True):
        facts.add(Fact("project", (label,), project.industry))
        if project.budget is not None:
            b = project.budget
            facts.add(Fact("budget_total", (label,), (b.total, b.approximate, b.text)))
            facts.update(Fact("budget_share", (label, source), v) for source, v in b.shares().items())
        for t in project.targets:
            facts.add(Fact("target", (label, t.value, t.unit), (t.wording, t.approximate, t.baseline)))
    facts.update(Fact("quote", (q.speaker,), q.post) for q in e.quotes)
    return frozenset(facts)


def release_facts(release: Release, expectation: Expectation) -> frozenset[Fact]:
    """The facts the extractor read, keyed like the expectation's: projects are aligned with the expected ones
    (by regions, then industry, then order), and the English program name is compared only where the
    expectation gives one (programs.csv names every program in English; the file's ``program_en = ""`` means
    the release gives none)."""
    r = release
    facts = {
        Fact("date", (), r.date.isoformat()),
        Fact("ministry", (), r.ministry.name),
        Fact("program", (), r.program),
        Fact("round_year", (), r.year),
    }
    if r.ministry.minister is not None:
        facts.add(Fact("minister", (), r.ministry.minister.name))
    if expectation.program_en:
        known = find_program(r.program)
        facts.add(Fact("program_en", (), known.name_en if known else ""))
    selected = r.call.selected_regions or tuple(dict.fromkeys(k for p in r.projects for k in p.regions))
    facts.update(Fact("selected", (key,), None) for key in selected)
    if r.national_budget is not None:
        amount, period = r.national_budget.amount, r.national_budget.period
        facts.add(
            Fact(
                "national_budget",
                (),
                (
                    number(amount.value),
                    amount.approximate,
                    amount.text,
                    period.start_year if period else None,
                    period.end_year if period else None,
                ),
            )
        )
    found = [(p.regions, p.industry_text or None) for p in r.projects]
    labels = found_labels(expectation.projects, found)
    for project, label in zip(r.projects, labels, strict=True):
        facts.add(Fact("project", (label,), project.industry_text or None))
        if project.budget is not None:
            b = project.budget
            facts.add(Fact("budget_total", (label,), (number(b.value), b.approximate, b.text)))
        shares: dict[str, Decimal] = defaultdict(Decimal)
        for share in project.shares:  # two 지방비 clauses (시비, 도비) make one local share
            shares[share.source] += share.amount.value
        facts.update(Fact("budget_share", (label, source), number(v)) for source, v in shares.items())
        for t in project.targets:
            baseline = number(t.baseline.value) if t.baseline is not None else None
            facts.add(
                Fact(
                    "target",
                    (label, number(t.amount.value), t.amount.unit),
                    (t.wording, t.amount.approximate, baseline),
                )
            )
    facts.update(Fact("quote", (q.speaker.name,), q.speaker.post) for q in r.quotes)
    return frozenset(facts)


def facts(release: Release, expectation: Expectation) -> tuple[frozenset[Fact], frozenset[Fact]]:
    """(expected, found): the expectation's facts and the release's, comparable."""
    return expected_facts(expectation), release_facts(release, expectation)


def region_label(regions: Iterable[str]) -> str:
    """A project's regions as one key: gazetteer keys, sorted, joined by '+' ("asan+cheonan")."""
    return "+".join(sorted(regions))


def expected_labels(projects: Iterable[ExpectedProject]) -> list[str]:
    """A label per expected project: its regions, numbered (``jeonnam#2``) when several share them."""
    projects = list(projects)
    count: dict[str, int] = defaultdict(int)
    for p in projects:
        count[region_label(p.regions)] += 1
    seen: dict[str, int] = defaultdict(int)
    labels = []
    for p in projects:
        base = region_label(p.regions)
        seen[base] += 1
        labels.append(base if count[base] == 1 else f"{base}#{seen[base]}")
    return labels


def found_labels(expected: Iterable[ExpectedProject], found: list[tuple[tuple[str, ...], str | None]]) -> list[str]:
    """A label per extracted project (regions, industry): the label of the expected project it stands for (same
    regions; the same industry first, then in order), or a new one after the expected labels."""
    expected = list(expected)
    by_base: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for p, label in zip(expected, expected_labels(expected), strict=True):
        by_base[region_label(p.regions)].append((label, p.industry))
    labels: list[str | None] = [None] * len(found)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (regions, _industry) in enumerate(found):
        groups[region_label(regions)].append(i)
    for base, members in groups.items():
        free = list(by_base.get(base, []))
        for i in members:  # the same industry first
            match = next((c for c in free if c[1] == found[i][1]), None)
            if match is not None:
                labels[i] = match[0]
                free.remove(match)
        left = [i for i in members if labels[i] is None]
        for i, candidate in zip(left, free, strict=False):  # then in order
            labels[i] = candidate[0]
        n = len(by_base.get(base, []))
        for i in (i for i in left if labels[i] is None):  # more projects than expected
            n += 1
            labels[i] = base if n == 1 else f"{base}#{n}"
    return [label or "" for label in labels]


# --------------------------------------------------------------------------------------------------------------
# Comparing


class Diff(NamedTuple):
    """What differs between the expected and the found facts."""

    missing: tuple[Fact, ...]  # expected, not found
    extra: tuple[Fact, ...]  # found, not expected
    wrong: tuple[tuple[Fact, Fact], ...]  # (expected, got): the same figure with another value

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.wrong)


def _order(fact: Fact) -> tuple[int, str]:
    return (KINDS.index(fact.kind) if fact.kind in KINDS else len(KINDS), describe(fact))


def diff_facts(expected: Iterable[Fact], found: Iterable[Fact]) -> Diff:
    """(missing, extra, wrong). A figure fact (FIGURE_KINDS) found with the same kind and key as an expected one
    but another value is *wrong*, and neither missing nor extra. A target is keyed by (project, value, unit), so a
    target of the same project and wording with another value or unit is wrong too."""
    expected, found = frozenset(expected), frozenset(found)
    missing = sorted(expected - found, key=_order)
    extra = sorted(found - expected, key=_order)
    wrong: list[tuple[Fact, Fact]] = []

    def pair(kinds: Iterable[str], same: Callable[[Fact], Any]) -> None:
        for want in [f for f in missing if f.kind in kinds]:
            got = next((f for f in extra if f.kind == want.kind and same(f) == same(want)), None)
            if got is not None:
                wrong.append((want, got))
                missing.remove(want)
                extra.remove(got)

    pair(FIGURE_KINDS, lambda f: f.key)
    pair(("target",), lambda f: (f.key[0], f.value[0]))  # the same project and wording
    wrong.sort(key=lambda w: _order(w[0]))
    return Diff(tuple(missing), tuple(extra), tuple(wrong))


def by_kind(facts: Iterable[Fact]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for fact in facts:
        counts[fact.kind] += 1
    return counts


def report(diff: Diff) -> Iterator[str]:
    """The lines of a readable report of a Diff (nothing when there is no difference)."""
    if diff.wrong:
        yield f"wrong figures ({len(diff.wrong)}):"
        for want, got in diff.wrong:
            yield f"  {describe(want)}"
            yield f"    got {describe(got)}"
    if diff.missing:
        yield f"missing ({len(diff.missing)}):"
        yield from (f"  {describe(fact)}" for fact in diff.missing)
    if diff.extra:
        yield f"extra ({len(diff.extra)}):"
        yield from (f"  {describe(fact)}" for fact in diff.extra)
