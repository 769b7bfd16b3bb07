"""The gazetteer: 17 시도 and the 시·군 that releases mention, with names, short forms, dated renamings and
the VERIFIED identifiers of ``sources/reference/identifiers.csv``.

Hand-kept tables: ``sources/regions.csv`` (keys, names, short forms, parents) and
``sources/region-renamings.csv`` (names and codes that changed, with the date of the change).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from kgbuild.paths import SOURCES_DIR

# identifiers.csv scheme column -> short scheme key used in code and IRIs
SCHEMES = {
    "Wikidata QID": "wikidata",
    "약칭 (short form)": "short",
    "법정동코드 시도 (2-digit)": "bjd2",
    "법정동코드 시군구 (5-digit)": "bjd5",
    "법정동코드 (10-digit)": "bjd10",
    "통계청 한국행정구역분류 시도 (SGIS/KOSIS)": "kostat",
    "통계청 한국행정구역분류 시군구": "kostat",
    "ISO 3166-2": "iso3166_2",
    "GeoNames ID (ADM1)": "geonames",
    "GeoNames ID (ADM2)": "geonames",
}


@dataclass(frozen=True)
class DatedName:
    """An official name in force from ``valid_from`` (None: before any change we record) to ``valid_to``."""

    name_ko: str
    name_en: str
    valid_from: date | None
    valid_to: date | None  # last day in force; None = still in force
    identifiers: dict[str, str] = field(default_factory=dict)  # codes introduced with this name (bjd2, bjd10)


@dataclass(frozen=True)
class Region:
    key: str  # IRI slug: "ulsan", "gyeongnam", "asan"
    level: str  # "sido" | "sigungu" | "gu"
    parent: str | None
    name_ko: str  # official name as of 2019
    name_en: str
    short: str | None
    aliases: tuple[str, ...]
    names: tuple[DatedName, ...]  # the official names through time, oldest first
    identifiers: dict[str, str]  # VERIFIED identifiers of the 2019 entity, by scheme key

    def name_at(self, when: date) -> str:
        """The official Korean name in force on ``when``."""
        for dated in self.names:
            if (dated.valid_from is None or dated.valid_from <= when) and (
                dated.valid_to is None or when <= dated.valid_to
            ):
                return dated.name_ko
        return self.name_ko

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way a release may write this region, longest first."""
        found = {self.name_ko, *self.aliases, *(n.name_ko for n in self.names)}
        if self.short:
            found.add(self.short)
        return tuple(sorted(found, key=len, reverse=True))


class Gazetteer:
    """Lookup of regions by key or by any spelling a release uses."""

    def __init__(self, regions: list[Region]) -> None:
        self.regions = {r.key: r for r in regions}
        self._by_spelling: dict[str, Region] = {}
        for region in regions:  # 시도 first in the table, so '광주' resolves to 광주광역시
            for spelling in region.spellings:
                self._by_spelling.setdefault(spelling, region)
        names = sorted(self._by_spelling, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(n) for n in names))

    def __getitem__(self, key: str) -> Region:
        return self.regions[key]

    def __iter__(self) -> Iterator[Region]:
        return iter(self.regions.values())

    def find(self, text: str) -> Region | None:
        """The region spelled exactly ``text`` (full name, short form, alias or later name), or None."""
        return self._by_spelling.get(text.strip())

    def find_all(self, text: str) -> list[tuple[Region, re.Match[str]]]:
        """Every region named in ``text``, in order, longest spelling winning."""
        return [(self._by_spelling[m.group(0)], m) for m in self.pattern.finditer(text)]

    def by_code(self, scheme: str, code: str) -> Region | None:
        """The region a code of one system (``bjd2``, ``bjd10``, ``kostat``, ``iso3166_2`` …) stands for, with
        the codes of later names too (강원특별자치도 51 -> gangwon). The systems reuse numbers for different
        regions (26 is 부산 in 법정동 but 울산 for 통계청), so the scheme is always part of the question."""
        for region in self.regions.values():
            codes = [region.identifiers, *(name.identifiers for name in region.names)]
            if any(ids.get(scheme) == code for ids in codes):
                return region
        return None

    def sido(self) -> list[Region]:
        return [r for r in self.regions.values() if r.level == "sido"]


def read_identifiers(path: Path) -> list[dict[str, str]]:
    """The VERIFIED rows of identifiers.csv at ``path`` (UNVERIFIED rows are never used as facts)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if row["status"] == "VERIFIED"]


@cache
def load_gazetteer(sources: Path = SOURCES_DIR) -> Gazetteer:
    """Read regions.csv, region-renamings.csv and the VERIFIED identifiers into a Gazetteer."""
    ids: dict[str, dict[str, str]] = {}
    for row in read_identifiers(sources / "reference" / "identifiers.csv"):
        scheme = SCHEMES.get(row["scheme"])
        if scheme:
            ids.setdefault(row["entity_ko"], {})[scheme] = row["identifier"]
    with (sources / "region-renamings.csv").open(encoding="utf-8", newline="") as fh:
        renamings = {row["key"]: row for row in csv.DictReader(fh)}
    regions = []
    with (sources / "regions.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            own = ids.get(row["name_ko"], {})
            names = [DatedName(row["name_ko"], row["name_en"], None, None, {})]
            change = renamings.get(row["key"])
            if change:
                since = date.fromisoformat(change["valid_from"])
                names[0] = DatedName(
                    row["name_ko"],
                    row["name_en"],
                    None,
                    since - timedelta(days=1),
                    {k: v for k, v in own.items() if k in ("bjd2", "bjd10")},
                )
                names.append(
                    DatedName(
                        change["name_ko"],
                        change["name_en"],
                        since,
                        None,
                        ids.get(change["identifiers_entity"], {}),
                    )
                )
            regions.append(
                Region(
                    key=row["key"],
                    level=row["level"],
                    parent=row["parent"] or None,
                    name_ko=row["name_ko"],
                    name_en=row["name_en"],
                    short=row["short"] or own.get("short") or None,
                    aliases=tuple(a for a in row["aliases"].split(";") if a),
                    names=tuple(names),
                    identifiers=own,
                )
            )
    return Gazetteer(regions)
