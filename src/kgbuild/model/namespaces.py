"""Every IRI in one place: vocabularies reused, the kgbuild ontology, and the minting of instance IRIs.

The ontology and its concept schemes live under the fixed ``https://kgbuild.org/def/`` namespace;
instance data (regions, projects, releases ...) lives under the configurable base (``KGBUILD_BASE``).
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from kgbuild.config import DEFAULT_BASE

KG = Namespace("https://kgbuild.org/def/kgbuild#")  # classes and properties
INDICATOR = Namespace("https://kgbuild.org/def/indicator/")  # SKOS scheme of target indicators
INDUSTRY = Namespace("https://kgbuild.org/def/industry/")  # SKOS scheme of focus industries
TRACK = Namespace("https://kgbuild.org/def/track/")  # SKOS scheme of program tracks
SCHEME = Namespace("https://kgbuild.org/def/scheme/")  # the concept schemes themselves
IDSCHEME = Namespace("https://kgbuild.org/def/idscheme/")  # identifier systems (법정동코드, 통계청, ISO ...)
SHAPES = Namespace("https://kgbuild.org/def/shapes#")

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")
KSIC = Namespace("https://kgbuild.org/def/ksic10/")  # KSIC 10th revision codes as concepts
SH = Namespace("http://www.w3.org/ns/shacl#")

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
        self.ns = Namespace(base + "id/")

    def _iri(self, *parts: str):
        return self.ns["/".join(parts)]

    def region(self, key: str):
        return self._iri("region", key)

    def ministry(self, slug: str):
        return self._iri("ministry", slug)

    def post(self, ministry_slug: str, post: str):
        return self._iri("post", ministry_slug, slugify(post))

    def person(self, name: str):
        return self._iri("person", slugify(name))

    def membership(self, ministry_slug: str, post: str, name: str):
        return self._iri("membership", ministry_slug, slugify(post), slugify(name))

    def program(self, slug: str):
        return self._iri("program", slug)

    def round(self, program_slug: str, year: int):
        return self._iri("round", program_slug, str(year))

    def national_budget(self, program_slug: str, year: int):
        return self._iri("budget", program_slug, str(year), "national")

    def project(self, program_slug: str, year: int, region: str):
        return self._iri("project", program_slug, str(year), region)

    def project_budget(self, program_slug: str, year: int, region: str):
        return self._iri("budget", program_slug, str(year), region)

    def target(self, program_slug: str, year: int, region: str, n: int):
        return self._iri("target", program_slug, str(year), region, str(n))

    def release(self, slug: str):
        return self._iri("release", slug)

    def sentence(self, release_slug: str, line: int, start: int):
        return self._iri("release", release_slug, "sentence", f"{line}-{start}")

    def quote(self, release_slug: str, n: int):
        return self._iri("release", release_slug, "quote", str(n))

    def minted_indicator(self, wording: str):
        """A concept for an indicator the scheme does not know yet, minted from its wording."""
        return self._iri("indicator", slugify(wording))

    def minted_industry(self, wording: str):
        return self._iri("industry", slugify(wording))

    def graph_release(self, slug: str):
        return self.graph("release/" + slug)

    def graph(self, name: str):
        """Named graphs: 'ontology', 'gazetteer', 'entities' (entities shared by releases)."""
        return Namespace(self.base + "graph/")[name]
