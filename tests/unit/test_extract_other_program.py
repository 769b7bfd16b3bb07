"""Another program of the same genre: other wording, regions outside the seed, hubs the gazetteer lacks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from kgbuild.extract.release import extract_release
from kgbuild.paths import PROJECT_ROOT

RELEASE = PROJECT_ROOT / "tests" / "fixtures" / "other-programs" / "2022-02-10-msit-digital-hub.txt"


def test_program_round_and_call() -> None:
    release = extract_release(RELEASE)
    assert (release.program, release.year, release.announced) == ("지역 디지털 혁신거점 조성", 2022, date(2022, 2, 10))
    assert release.ministry.minister is not None and release.ministry.minister.name == "임혜숙"
    call = release.call
    assert (call.eligible, call.excluded_regions, call.applicants, call.selected) == (
        "광역지자체",
        ("seoul", "gyeonggi"),
        11,
        3,
    )
    assert call.selected_regions == ("jeonnam", "gyeongbuk", "jeju")
    assert release.unread == ()


def test_projects_targets_and_unknown_indicator() -> None:
    release = extract_release(RELEASE)
    got = {
        p.region: (p.industry, p.budget.value, p.budget.approximate, [(t.indicator, t.amount.value) for t in p.targets])
        for p in release.projects
    }
    assert got == {
        "jeonnam": ("energy", D(18_000_000_000), False, [("jobs-created", 800), ("companies-supported", 120),
                                                         ("revenue", D(30_000_000_000))]),
        "gyeongbuk": ("automotive", D(15_000_000_000), True, [("people-trained", 1200), ("commercialization-rate", 60),
                                                              ("patents", 45)]),
        "jeju": ("tourism", D(12_000_000_000), True, [("new-services", 25), ("jobs-created", 300), (None, 15)]),
    }  # fmt: skip
    jeonnam = release.projects[0]
    assert jeonnam.unresolved_hubs == ("순천시", "여수시")
    national = release.national_budget
    assert national is not None
    assert (national.amount.value, national.amount.approximate) == (D(30_000_000_000), True)
    assert national.period is not None and (national.period.start_year, national.period.end_year) == (2022, 2024)
    (quote,) = release.quotes
    assert (quote.speaker.name, quote.speaker.post) == ("김정삼", "소프트웨어정책관")
