"""The gazetteer: 17 시도 and the 시·군·구 that releases mention, with names, short forms, dated renamings and
the VERIFIED identifiers of ``sources/reference/identifiers.csv``.

Hand-kept tables: ``sources/regions.csv`` (keys, names, short forms, parents) and
``sources/region-renamings.csv`` (names and codes that changed, with the date of the change).

Shared names. Several regions bear the same name: 고성군 (강원 and 경남), the 중구, 동구, 서구, 남구 and 북구 of the
metropolitan cities, 강서구 (서울 and 부산). Such a spelling never stands for a region on its own: ``find("고성")``
is None. Qualified by a region that contains exactly one of them it resolves: ``find("경남 고성")``,
``find("부산광역시 동구")``, ``find("동구", within="busan")``; ``candidates("동구")`` lists them all. A name a 시도
shares with a lower region resolves to the 시도 ("광주" is 광주광역시). regions.csv holds every region of a shared
name that it names at all (all the directional 구 of the metropolitan cities), so that one row alone never makes
a shared name look unique.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
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


# In running text a short form (a 시·군 name without 시/군/구: "고성", "상주") counts only as a word of its own: not
# right after a Hangul syllable ("최고성능"), and when a Hangul syllable follows, only a particle or a word that
# follows place names ("고성에", "고흥만", "상주지역", "포항산단"), not "고성능", "영광입니다", "상주하는".
SHORT_FOLLOWERS = frozenset("은는이가을를에의와과도로으만서까부랑처보" + "지권형산국일읍면항시군구")


def is_hangul(char: str) -> bool:
    return "가" <= char <= "힣"


class Gazetteer:
    """Lookup of regions by key or by any spelling a release uses."""

    def __init__(self, regions: list[Region]) -> None:
        self.regions = {r.key: r for r in regions}
        self._candidates: dict[str, tuple[Region, ...]] = {}  # every region of each spelling, in table order
        for region in regions:
            for spelling in region.spellings:
                self._candidates[spelling] = (*self._candidates.get(spelling, ()), region)
        self._by_spelling: dict[str, Region] = {}  # the spellings that name one region
        for spelling, found in self._candidates.items():
            sido = [r for r in found if r.level == "sido"]
            if sido:  # '광주' is 광주광역시 even if a 시·군 of that name is added
                self._by_spelling[spelling] = sido[0]
            elif len(found) == 1:
                self._by_spelling[spelling] = found[0]
        full = {s for r in regions for s in (r.name_ko, *r.aliases, *(n.name_ko for n in r.names))}
        self._short_only = {r.short for r in regions if r.short and r.level != "sido"} - full
        names = sorted(self._candidates, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(n) for n in names))

    def __getitem__(self, key: str) -> Region:
        return self.regions[key]

    def __iter__(self) -> Iterator[Region]:
        return iter(self.regions.values())

    def __contains__(self, key: object) -> bool:
        """``"sangju" in gazetteer``: a region key (iteration yields regions, but membership asks for keys)."""
        return key in self.regions

    def find(self, text: str, within: str | None = None) -> Region | None:
        """The region spelled exactly ``text`` (full name, short form, alias or later name), or None.

        A name several regions share is None on its own ("고성", "동구"); written after the region that holds it
        ("경남 고성군", "경상남도 고성", "부산광역시 동구", "충남 천안시") or asked ``within`` a region key
        (``find("동구", within="busan")``) it is the one region of that name inside. With ``within``, a region
        outside it is None (``find("천안시", within="gyeongbuk")``)."""
        text = text.strip()
        if within is not None:
            return self._one_within(text, within) or self._qualified(text, within)
        if text in self._by_spelling:
            return self._by_spelling[text]
        return None if text in self._candidates else self._qualified(text, None)

    def candidates(self, text: str) -> tuple[Region, ...]:
        """Every region spelled exactly ``text``: one for most names, several for a shared name ("고성", "중구")."""
        return self._candidates.get(text.strip(), ())

    def lies_in(self, region: Region, key: str) -> bool:
        """True when ``region`` lies inside the region ``key`` (its parent, or the parent's parent …)."""
        parent = region.parent
        while parent is not None:
            if parent == key:
                return True
            parent = self.regions[parent].parent if parent in self.regions else None
        return False

    def find_all(self, text: str, within: str | None = None) -> list[tuple[Region, re.Match[str]]]:
        """Every region named in ``text``, in order, longest spelling winning.

        A shared name counts when the region written right before it holds exactly one of that name ("부산 동구",
        "경남 고성군": the 시도 and then the 구/군), or else when ``within`` does; otherwise it is left out. A short
        form of a 시·군 counts only as a word of its own (see SHORT_FOLLOWERS)."""
        found: list[tuple[Region, re.Match[str]]] = []
        previous: tuple[Region, int] | None = None  # the last region found and where its spelling ends
        for m in self.pattern.finditer(text):
            spelling = m.group(0)
            after_region = previous is not None and not text[previous[1] : m.start()].strip()
            if spelling in self._short_only and not self._stands_alone(text, m, after_region):
                continue
            region = self._by_spelling.get(spelling)
            if region is None and previous is not None and after_region:
                region = self._one_within(spelling, previous[0].key)
            if region is None and within is not None:
                region = self._one_within(spelling, within)
            if region is None:
                continue
            found.append((region, m))
            previous = (region, m.end())
        return found

    def _stands_alone(self, text: str, m: re.Match[str], after_region: bool) -> bool:
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if is_hangul(before) and not after_region:
            return False
        return not is_hangul(after) or after in SHORT_FOLLOWERS

    def _one_within(self, spelling: str, key: str) -> Region | None:
        inside = [r for r in self._candidates.get(spelling, ()) if self.lies_in(r, key)]
        return inside[0] if len(inside) == 1 else None

    def _qualified(self, text: str, within: str | None) -> Region | None:
        """A name written after the region holding it: "경남 고성군", "부산광역시 동구", "충남 천안시 동남구"."""
        for end in range(len(text) - 1, 0, -1):
            head, rest = text[:end].rstrip(), text[end:].strip()
            outer = self._by_spelling.get(head)
            if outer is None or not rest:
                continue
            if within is not None and outer.key != within and not self.lies_in(outer, within):
                continue
            region = self.find(rest, within=outer.key)
            if region is not None:
                return region
        return None

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
    with (sources / "regions.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names_ko = {row["key"]: row["name_ko"] for row in rows}
    shared = Counter(row["name_ko"] for row in rows)
    regions = []
    for row in rows:
        # identifiers.csv names an entity by its 2019 name; a name several rows share (고성군, 동구) only by its
        # name after its parent's ("경상남도 고성군"), so that no region takes another's codes
        entity = row["name_ko"]
        if shared[entity] > 1:
            entity = f"{names_ko.get(row['parent'], '')} {entity}".strip()
        own = ids.get(entity, {})
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
