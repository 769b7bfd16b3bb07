"""Assertions shared by the test releases' expectation tables (test_extract_fixtures, _genre, _genre2).

Each table maps a release to what a careful reader takes from it; these functions compare one part of an
extracted Release with its row, so every table is checked the same way.
"""

from __future__ import annotations

import re
from typing import Any

from kgbuild.extract.records import Release


def check_call(release: Release, want: tuple) -> None:
    """``want``: (eligible, eligible_count, excluded, method, applicants, selected, selected_regions)."""
    c = release.call
    got = (c.eligible, c.eligible_count, c.excluded_regions, c.method, c.applicants, c.selected, c.selected_regions)
    assert got == want


def check_projects(release: Release, projects: list[dict[str, Any]]) -> None:
    """Every project: region, industry, hubs, budget and each target as (indicator, value, unit, approximate,
    wording, amount text)."""
    assert [p.region for p in release.projects] == [want["region"][0] for want in projects]
    for project, want in zip(release.projects, projects, strict=True):
        assert (project.region, project.region_text) == want["region"]
        assert (project.industry, project.industry_text) == want["industry"], project.region
        assert (project.hubs, project.hub_texts, project.unresolved_hubs) == want["hubs"], project.region
        assert (project.budget.value, project.budget.approximate, project.budget.text) == want["budget"]
        assert project.budget.unit == "원"
        got = [
            (t.indicator, t.amount.value, t.amount.unit, t.amount.approximate, t.wording, t.amount.text)
            for t in project.targets
        ]
        assert got == want["targets"], project.region


def check_national_budget(release: Release, want: tuple) -> None:
    """``want``: (value, approximate, amount text, (start year, end year))."""
    national = release.national_budget
    assert national is not None and national.period is not None
    value, approximate, text, years = want
    assert (national.amount.value, national.amount.approximate, national.amount.text) == (value, approximate, text)
    assert (national.period.start_year, national.period.end_year) == years


def check_quotes(release: Release, want: list[tuple[str, str, str]]) -> None:
    assert [(q.speaker.name, q.speaker.post, q.text) for q in release.quotes] == want


SHARE_READ_RE = re.compile(r"share read: (?P<source>\S+) '(?P<amount>[^']+)'")


def check_unread(release: Release, want: list[tuple[int, str, str]]) -> None:
    """Each unread clause with its line and text, and a reason containing the expected words. An entry
    "share read: 국비 '70억원'" is a funding share the release states: it must be read as one of a project's
    shares (its clause, source word and amount as written), not reported."""
    shares = [(line, text, SHARE_READ_RE.fullmatch(reason)) for line, text, reason in want]
    read = [(s.span.line, s.source_text, s.amount.text, s.span.text) for p in release.projects for s in p.shares]
    for line, text, m in shares:
        if m:  # the share's clause, or the sentence that starts with it (one span per start offset)
            found = [r for r in read if r[:3] == (line, m["source"], m["amount"]) and text in r[3]]
            assert found, (line, text, read)
    want = [entry for entry, (_, _, m) in zip(want, shares, strict=True) if not m]
    assert [(u.line, u.text) for u in release.unread] == [(line, text) for line, text, _ in want]
    for unread, (_, _, reason) in zip(release.unread, want, strict=True):
        assert reason in unread.reason
