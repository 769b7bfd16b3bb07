"""Synthetic releases: what generate_release wrote is what extract_release reads back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kgbuild.extract import extract_release
from kgbuild.extract.generate import generate_release
from kgbuild.extract.records import Release
from kgbuild.extract.release import spans_in

SEEDS = range(200)


def read_back(seed: int) -> tuple[str, dict[str, Any], Release]:
    text, facts = generate_release(seed)
    return text, facts, extract_release(Path(f"generated-{seed}.txt"), text=text)


def target_facts(facts: dict[str, Any]) -> list[list[tuple[Any, ...]]]:
    keys = ("indicator", "wording", "value", "unit", "approximate", "amount_text", "phrase")
    return [[tuple(t[k] for k in keys) for t in p["targets"]] for p in facts["projects"]]


def target_readings(release: Release) -> list[list[tuple[Any, ...]]]:
    return [
        [
            (t.indicator, t.wording, t.amount.value, t.amount.unit, t.amount.approximate, t.amount.text, t.phrase)
            for t in p.targets
        ]
        for p in release.projects
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_round_trip(seed: int) -> None:
    text, facts, release = read_back(seed)
    assert (release.date, release.announced, release.year) == (facts["date"], facts["announced"], facts["year"])
    assert (release.program, release.ministry.name, release.ministry.short) == (
        facts["program"],
        facts["ministry"],
        facts["short"],
    )
    assert release.ministry.minister is not None and release.ministry.minister.name == facts["minister"]
    call = release.call
    assert (call.eligible, call.excluded_regions, call.method) == ("광역지자체", facts["excluded"], facts["method"])
    assert (call.applicants, call.selected, call.selected_regions) == (
        facts["applicants"],
        len(facts["regions"]),
        facts["call_regions"],
    )
    assert tuple(t.key for t in release.tracks) == facts["tracks"]
    projects = [
        (
            p.region,
            p.region_text,
            p.industry,
            p.industry_text,
            p.hubs,
            p.hub_texts,
            p.unresolved_hubs,
            (p.budget.value, p.budget.approximate, p.budget.text),
            p.budget_span.text,
        )
        for p in release.projects
    ]
    assert projects == [
        (
            p["region"],
            p["region_text"],
            p["industry"],
            p["industry_text"],
            p["hubs"],
            p["hub_texts"],
            p["unresolved_hubs"],
            p["budget"],
            p["budget_clause"],
        )
        for p in facts["projects"]
    ]
    assert target_readings(release) == target_facts(facts)
    national = release.national_budget
    assert national is not None and national.period is not None
    assert (national.amount.value, national.amount.approximate) == (
        facts["national"]["value"],
        facts["national"]["approximate"],
    )
    assert (national.period.start_year, national.period.end_year) == facts["national"]["period"]
    assert [(q.speaker.name, q.speaker.post, q.text) for q in release.quotes] == [
        (facts["quote"]["name"], facts["quote"]["post"], facts["quote"]["text"])
    ]
    assert release.unread == ()
    for span in spans_in(release):
        assert text[span.start : span.end] == span.text


def test_generation_is_deterministic_per_seed() -> None:
    assert generate_release(7) == generate_release(7)
    assert generate_release(7)[0] != generate_release(8)[0]


def test_generated_releases_vary_over_the_genre() -> None:
    texts, facts = zip(*(generate_release(seed) for seed in SEEDS), strict=True)
    counts = {len(f["regions"]) for f in facts}
    assert counts == set(range(2, 9))
    regions = {r for f in facts for r in f["regions"]}
    assert len(regions) == 17
    assert any("강원특별자치도" in t for t in texts) and any("강원도는" in t for t in texts)
    assert any("전북특별자치도" in t for t in texts)
    assert any(f["applicants"] is None for f in facts) and any(f["applicants"] for f in facts)
    assert any(p["unresolved_hubs"] for f in facts for p in f["projects"])
    assert any(p["industry"] is None for f in facts for p in f["projects"])
    targets = [t for f in facts for p in f["projects"] for t in p["targets"]]
    assert any(t["indicator"] is None for t in targets)
    assert any("만 " in t["amount_text"] for t in targets)
    assert any(t["amount_text"].endswith("이상") for t in targets)
    budgets = [p["budget"][2] for f in facts for p in f["projects"]]
    assert any("천만원" in b for b in budgets) and any("조원" in b for b in budgets)
    chrome = [t.split(f"{f['date'].isoformat()} 면", 1)[1] for t, f in zip(texts, facts, strict=True)]
    assert any(re.search(r"\d+억|\d{4}년", c) for c in chrome)  # chrome after the date line carries figures
