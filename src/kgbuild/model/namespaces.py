"""Every IRI in one place: vocabularies reused, the kgbuild ontology, and the minting of instance IRIs.

The ontology and its concept schemes live under the fixed ``https://kgbuild.org/def/`` namespace;
instance data (regions, projects, releases ...) lives under the configurable base (``KGBUILD_BASE``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from rdflib import Namespace, URIRef
from rdflib import namespace as rdflib_ns

from kgbuild.config import DEFAULT_BASE

_TERMS: dict[str, URIRef] = {}


class Vocabulary(Namespace):
    """An rdflib Namespace that makes each term once: rdflib re-validates the IRI on every attribute
    access, which the build does millions of times."""

    def term(self, name: str) -> URIRef:
        iri = str(self) + name
        found = _TERMS.get(iri)
        if found is None:
            found = _TERMS[iri] = URIRef(iri)
        return found


KG = Vocabulary("https://kgbuild.org/def/kgbuild#")  # classes and properties
INDICATOR = Vocabulary("https://kgbuild.org/def/indicator/")  # SKOS scheme of target indicators
INDUSTRY = Vocabulary("https://kgbuild.org/def/industry/")  # SKOS scheme of focus industries
TRACK = Vocabulary("https://kgbuild.org/def/track/")  # SKOS scheme of program tracks
SCHEME = Vocabulary("https://kgbuild.org/def/scheme/")  # the concept schemes themselves
IDSCHEME = Vocabulary("https://kgbuild.org/def/idscheme/")  # identifier systems (법정동코드, 통계청, ISO ...)
SHAPES = Vocabulary("https://kgbuild.org/def/shapes#")

SCHEMA = Vocabulary("https://schema.org/")
ORG = Vocabulary("http://www.w3.org/ns/org#")
QUDT = Vocabulary("http://qudt.org/schema/qudt/")
QB = Vocabulary("http://purl.org/linked-data/cube#")
DCAT = Vocabulary("http://www.w3.org/ns/dcat#")
SDMX_DIMENSION = Vocabulary("http://purl.org/linked-data/sdmx/2009/dimension#")
UNIT = Vocabulary("http://qudt.org/vocab/unit/")
WD = Vocabulary("http://www.wikidata.org/entity/")
GEONAMES = Vocabulary("https://sws.geonames.org/")
KSIC = Vocabulary("https://kgbuild.org/def/ksic10/")  # KSIC 10th revision codes as concepts
SH = Vocabulary("http://www.w3.org/ns/shacl#")

RDF = Vocabulary(str(rdflib_ns.RDF))
RDFS = Vocabulary(str(rdflib_ns.RDFS))
OWL = Vocabulary(str(rdflib_ns.OWL))
XSD = Vocabulary(str(rdflib_ns.XSD))
SKOS = Vocabulary(str(rdflib_ns.SKOS))
DCTERMS = Vocabulary(str(rdflib_ns.DCTERMS))
PROV = Vocabulary(str(rdflib_ns.PROV))
TIME = Vocabulary(str(rdflib_ns.TIME))

KOGL_TYPE1 = "https://www.kogl.or.kr/info/licenseType1.do"
KOREA_KR = "https://www.korea.kr/"  # 정책브리핑, the source the releases are republished from

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "indicator": str(INDICATOR),
    "industry": str(INDUSTRY),
    "track": str(TRACK),
    "scheme": str(SCHEME),
    "idscheme": str(IDSCHEME),
    "ksic": str(KSIC),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "qudt": str(QUDT),
    "qb": str(QB),
    "dcat": str(DCAT),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "unit": str(UNIT),
    "wd": str(WD),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "time": str(TIME),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
}


def compact(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """The prefixed name of ``iri`` (``kg:Region``) when a namespace of ``prefixes`` holds it, else ``iri``."""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def slugify(text: str) -> str:
    """A readable IRI segment: ASCII kept lower-case, Hangul kept as is, everything else a hyphen.

    >>> slugify("소프트웨어 융합클러스터 2.0")
    '소프트웨어-융합클러스터-2.0'
    """
    text = unicodedata.normalize("NFC", text).strip().lower()
    text = re.sub(r"[^0-9a-z.\uac00-\ud7a3]+", "-", text)
    return text.strip("-.") or "unnamed"


class Ids:
    """Mints the stable instance IRIs under one base; the same inputs give the same IRI in every build."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base
        self.prefix = base + "id/"

    def _iri(self, *parts: str) -> str:
        return self.prefix + "/".join(parts)

    def region(self, key: str) -> str:
        return self._iri("region", key)

    def dated_name(self, region_key: str, name_ko: str) -> str:
        """One official name of a region through time (``id/region/gangwon/name/강원특별자치도``)."""
        return self._iri("region", region_key, "name", slugify(name_ko))

    def minted_sigungu(self, sido_key: str, name: str) -> str:
        """A 시·군 the gazetteer does not list yet, inside its 시도 (``id/region/chungnam/아산시``)."""
        return self._iri("region", sido_key, slugify(name))

    def ministry(self, slug: str) -> str:
        return self._iri("ministry", slug)

    def post(self, ministry_slug: str, post: str) -> str:
        return self._iri("post", ministry_slug, slugify(post))

    def person(self, name: str) -> str:
        return self._iri("person", slugify(name))

    def membership(self, ministry_slug: str, post: str, name: str) -> str:
        return self._iri("membership", ministry_slug, slugify(post), slugify(name))

    def program(self, slug: str) -> str:
        return self._iri("program", slug)

    def round(self, program_slug: str, round_id: str) -> str:
        """``round_id`` is the year ("2019"), or "2019-2" for a program's second round announced that year."""
        return self._iri("round", program_slug, round_id)

    def national_budget(self, program_slug: str, round_id: str) -> str:
        return self._iri("budget", program_slug, round_id, "national")

    def period(self, budget: str) -> str:
        """The time:ProperInterval a budget covers, under the budget's IRI (``…/national/period``)."""
        return f"{budget}/period"

    def period_bound(self, period: str, bound: str) -> str:
        """The time:Instant that begins (``bound="start"``) or ends (``"end"``) a period."""
        return f"{period}/{bound}"

    @staticmethod
    def regions_segment(regions: str | Sequence[str]) -> str:
        """The IRI segment of a project's regions: the region key (``ulsan``), or for a consortium the keys
        joined with ``-`` in the order the release writes them (광주·전남 -> ``gwangju-jeonnam``)."""
        if isinstance(regions, str):
            return regions
        if not regions:
            raise ValueError("a project needs at least one region")
        return "-".join(dict.fromkeys(regions))

    def project(self, program_slug: str, round_id: str, regions: str | Sequence[str]) -> str:
        """``id/project/<program>/<round>/<regions>``: one region (``…/2019/ulsan``) or a consortium
        (``…/2023/gwangju-jeonnam``), see ``regions_segment``."""
        return self._iri("project", program_slug, round_id, self.regions_segment(regions))

    def project_budget(self, program_slug: str, round_id: str, regions: str | Sequence[str]) -> str:
        return self._iri("budget", program_slug, round_id, self.regions_segment(regions))

    def funding_share(self, budget: str, source: str, n: int = 1) -> str:
        """A funding share of a budget, under the budget's IRI by source (``…/ulsan/share/national``);
        a second share of the same source (시비 and 도비, both local) is ``…/share/local-2``."""
        return f"{budget}/share/{source}" + (f"-{n}" if n > 1 else "")

    def target(self, program_slug: str, round_id: str, regions: str | Sequence[str], n: int) -> str:
        return self._iri("target", program_slug, round_id, self.regions_segment(regions), str(n))

    def baseline(self, target: str) -> str:
        """The level a target starts from ("현재 40% 수준"), under the target's IRI (``…/ulsan/3/baseline``)."""
        return f"{target}/baseline"

    def release(self, slug: str) -> str:
        return self._iri("release", slug)

    def sentence(self, release_slug: str, line: int, start: int) -> str:
        return self._iri("release", release_slug, "sentence", f"{line}-{start}")

    def quote(self, release_slug: str, n: int) -> str:
        return self._iri("release", release_slug, "quote", str(n))

    def minted_indicator(self, wording: str) -> str:
        """A concept for an indicator the scheme does not know yet, minted from its wording."""
        return self._iri("indicator", slugify(wording))

    def minted_industry(self, wording: str) -> str:
        return self._iri("industry", slugify(wording))

    def graph_release(self, slug: str) -> str:
        return self.graph("release/" + slug)

    def dataset(self, slug: str) -> str:
        """An external dataset loaded beside ours (``id/dataset/population-by-sido-2019``)."""
        return self._iri("dataset", slug)

    def observation(self, dataset_slug: str, region: str) -> str:
        return self._iri("dataset", dataset_slug, region)

    def country(self, code: str) -> str:
        return self._iri("country", code)

    def graph(self, name: str) -> str:
        """Named graphs: 'ontology', 'gazetteer', 'entities' (entities shared by releases)."""
        return f"{self.base}graph/{name}"
