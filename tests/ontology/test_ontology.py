"""The ontology and its concept schemes: they parse, every term is labelled and defined in Korean and
English, the ontology declares exactly the contract of docs/data-model.md, and every KSIC code is a
VERIFIED row of sources/reference/identifiers.csv."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kgbuild.model.namespaces import INDICATOR, INDUSTRY, KG, KSIC, PREFIXES, SCHEME, TRACK
from kgbuild.paths import ONTOLOGY_DIR, PROJECT_ROOT, REFERENCE_DIR

ONTOLOGY_FILE = ONTOLOGY_DIR / "kgbuild.ttl"
SCHEME_FILES = sorted((ONTOLOGY_DIR / "schemes").glob("*.ttl"))
DATA_MODEL = PROJECT_ROOT / "docs" / "data-model.md"
ONTOLOGY_IRI = URIRef("https://kgbuild.org/def/kgbuild")

# The keys the extractor maps wordings to (kgbuild.extract); renaming one breaks the extractor.
INDICATOR_KEYS = {
    "jobs-created", "commercialization-rate", "people-trained", "new-services", "platform-companies",
    "global-expansion-support", "overseas-business-support", "market-development", "companies-converted",
    "companies-grown", "sales-growth-rate", "employee-increase", "revenue", "companies-supported", "patents",
}  # fmt: skip
INDUSTRY_KEYS = {
    "bio-information-services", "smart-logistics", "shipbuilding-marine", "machinery", "display", "automotive",
    "energy", "healthcare", "agriculture", "tourism", "aerospace", "semiconductor",
}  # fmt: skip
TRACK_KEYS = {"platform-commercialization", "specialized-industry"}
UNIT_TEXTS = {"명", "개사", "건", "%", "원"}
REUSED = {name: PREFIXES[name] for name in ("schema", "org", "prov", "skos", "dct", "time", "qudt", "owl")}

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """kgbuild.ttl alone."""
    return Graph().parse(ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def schemes() -> Graph:
    """All concept schemes together."""
    graph = Graph()
    for path in SCHEME_FILES:
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def verified_ksic() -> dict[str, tuple[str, str]]:
    """KSIC code -> (Korean name, English name), VERIFIED rows of identifiers.csv only."""
    with open(REFERENCE_DIR / "identifiers.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        row["identifier"]: (row["entity_ko"], row["entity_en"])
        for row in rows
        if row["scheme"] == "KSIC 10th rev." and row["status"] == "VERIFIED"
    }


def declared_terms(graph: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)}


def languages(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str | None]:
    return [o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)]


def contract_terms() -> set[str]:
    """The kg: local names docs/data-model.md uses."""
    return set(re.findall(r"\bkg:([A-Za-z_][A-Za-z0-9_]*)", DATA_MODEL.read_text(encoding="utf-8")))


def contract_superclasses() -> dict[str, set[str]]:
    """'**kg:X** ⊑ a, b' lines of docs/data-model.md -> {X: {a, b}}, as prefixed names."""
    found = {}
    for name, supers in re.findall(
        r"\*\*kg:(\w+)\*\* ⊑ ([^—;]+?)(?: —|;|$)", DATA_MODEL.read_text(encoding="utf-8"), re.M
    ):
        found[name] = {s.strip() for s in supers.split(",")}
    return found


def expand(prefixed: str) -> URIRef:
    prefix, local = prefixed.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, *SCHEME_FILES], ids=lambda p: p.name)
def test_file_parses_as_turtle(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 0


def test_ontology_header_has_titles_version_and_licence(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert sorted(languages(ontology, ONTOLOGY_IRI, DCTERMS.title)) == ["en", "ko"]
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://www.kogl.or.kr/info/licenseType1.do")


def test_every_term_has_korean_and_english_label_and_definition(ontology: Graph) -> None:
    missing = []
    for term in sorted(declared_terms(ontology)):
        for predicate in (RDFS.label, SKOS.definition):
            if sorted(languages(ontology, term, predicate)) != ["en", "ko"]:
                missing.append(f"{term} {predicate}")
    assert not missing, "need exactly one @ko and one @en:\n" + "\n".join(missing)


def test_every_term_of_the_data_model_is_declared(ontology: Graph) -> None:
    declared = {str(t).removeprefix(str(KG)) for t in declared_terms(ontology)}
    assert contract_terms() - declared == set()


def test_only_kg_terms_are_declared(ontology: Graph) -> None:
    """Reused vocabularies are referenced, never redefined."""
    redefined = [s for s in ontology.subjects() if any(str(s).startswith(ns) for ns in REUSED.values())]
    assert redefined == []
    assert all(str(t).startswith(str(KG)) for t in declared_terms(ontology))


@pytest.mark.parametrize("name, supers", sorted(contract_superclasses().items()))
def test_superclasses_follow_the_data_model(ontology: Graph, name: str, supers: set[str]) -> None:
    declared = set(ontology.objects(KG[name], RDFS.subClassOf))
    assert {expand(s) for s in supers} <= declared


def test_kg_terms_used_anywhere_are_declared(ontology: Graph, schemes: Graph) -> None:
    """A typo in a scheme, shape or example (kg:ksicCod) fails here rather than silently never matching."""
    used = Graph()
    for path in [*SCHEME_FILES, ONTOLOGY_DIR / "shapes.ttl", *(ONTOLOGY_DIR / "examples").rglob("*.ttl")]:
        used.parse(path)
    terms = {t for triple in used for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KG))}
    assert terms - declared_terms(ontology) == set()


@pytest.mark.parametrize(
    "scheme, namespace, keys",
    [
        (SCHEME.indicators, INDICATOR, INDICATOR_KEYS),
        (SCHEME.industries, INDUSTRY, INDUSTRY_KEYS),
        (SCHEME.tracks, TRACK, TRACK_KEYS),
    ],
    ids=["indicators", "industries", "tracks"],
)
def test_scheme_has_exactly_the_agreed_keys(schemes: Graph, scheme: URIRef, namespace, keys: set[str]) -> None:
    concepts = set(schemes.subjects(SKOS.inScheme, scheme))
    assert {str(c).removeprefix(str(namespace)) for c in concepts} == keys
    assert set(schemes.objects(scheme, SKOS.hasTopConcept)) == concepts
    assert set(schemes.subjects(SKOS.topConceptOf, scheme)) == concepts


def test_every_concept_and_scheme_has_one_korean_and_one_english_label(schemes: Graph) -> None:
    nodes = {*schemes.subjects(RDF.type, SKOS.Concept), *schemes.subjects(RDF.type, SKOS.ConceptScheme)}
    bad = [str(n) for n in nodes if sorted(languages(schemes, n, SKOS.prefLabel)) != ["en", "ko"]]
    assert bad == []


@pytest.mark.parametrize("scheme", [SCHEME.indicators, SCHEME.industries, SCHEME.tracks], ids=str)
def test_every_concept_is_defined_in_korean_and_english(schemes: Graph, scheme: URIRef) -> None:
    bad = [
        str(c)
        for c in schemes.subjects(SKOS.inScheme, scheme)
        if sorted(languages(schemes, c, SKOS.definition)) != ["en", "ko"]
    ]
    assert bad == []


@pytest.mark.parametrize("scheme", [SCHEME.indicators, SCHEME.industries, SCHEME.tracks], ids=str)
def test_each_korean_wording_names_one_concept(schemes: Graph, scheme: URIRef) -> None:
    """The extractor looks wordings up in prefLabel@ko and altLabel@ko: one wording, one concept."""
    owner: dict[str, URIRef] = {}
    clashes = []
    for concept in schemes.subjects(SKOS.inScheme, scheme):
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for label in schemes.objects(concept, predicate):
                assert isinstance(label, Literal)
                if label.language != "ko":
                    assert predicate == SKOS.prefLabel, f"{concept} altLabel {label!r} is not @ko"
                    continue
                if owner.setdefault(str(label), concept) != concept or (
                    predicate == SKOS.altLabel and (concept, SKOS.prefLabel, label) in schemes
                ):
                    clashes.append(f"{label} ({owner[str(label)]}, {concept})")
    assert clashes == []


def test_release_wordings_are_labels_of_their_indicator(schemes: Graph) -> None:
    """Wordings of the seed release (sources/2019-04-23-…txt) reach the agreed indicator."""
    wordings = {
        "고용창출": "jobs-created",
        "상용화율": "commercialization-rate",
        "인력양성": "people-trained",
        "신서비스 발굴 및 개발": "new-services",
        "소프트웨어 융합신서비스 발굴": "new-services",
        "정보제공·플랫폼 활용기업 수": "platform-companies",
        "글로벌 진출지원": "global-expansion-support",
        "맞춤형 해외 비즈니스 지원": "overseas-business-support",
        "판로개척": "market-development",
        "소프트웨어 융합기업으로 전환": "companies-converted",
        "소프트웨어 융합강소기업 발굴 및 육성": "companies-grown",
        "스타기업 발굴·육성": "companies-grown",
        "소프트웨어 융합기업 매출증가율": "sales-growth-rate",
        "종사자수 증가": "employee-increase",
    }
    for wording, key in wordings.items():
        label = Literal(wording, lang="ko")
        assert {*schemes.subjects(SKOS.prefLabel, label), *schemes.subjects(SKOS.altLabel, label)} == {
            INDICATOR[key]
        }, wording


def test_unit_hints_are_target_units(schemes: Graph) -> None:
    hints = {str(o) for o in schemes.objects(None, KG.unitHint)}
    assert hints and hints <= UNIT_TEXTS


def test_industry_ksic_codes_are_verified(schemes: Graph, verified_ksic: dict[str, tuple[str, str]]) -> None:
    for industry in schemes.subjects(SKOS.inScheme, SCHEME.industries):
        codes = {str(c) for c in schemes.objects(industry, KG.ksicCode)}
        assert codes <= verified_ksic.keys(), industry
        assert set(schemes.objects(industry, SKOS.closeMatch)) == {KSIC[c] for c in codes}, industry


def test_industries_without_verified_code_have_none(schemes: Graph) -> None:
    coded = {str(s).removeprefix(str(INDUSTRY)) for s in schemes.subjects(KG.ksicCode, None)}
    assert coded == {"bio-information-services", "smart-logistics", "shipbuilding-marine", "machinery", "display"}


def test_ksic_concepts_are_the_verified_rows(schemes: Graph, verified_ksic: dict[str, tuple[str, str]]) -> None:
    described = set(schemes.subjects(SKOS.inScheme, SCHEME.ksic10))
    linked = {o for p in (SKOS.closeMatch, SKOS.relatedMatch, SKOS.broader) for o in schemes.objects(None, p)}
    assert linked <= described, "every KSIC code linked to is described in scheme:ksic10"
    for concept in described:
        code = str(concept).removeprefix(str(KSIC))
        assert code in verified_ksic, f"{code} is not a VERIFIED KSIC row of identifiers.csv"
        assert str(schemes.value(concept, SKOS.notation)) == code
        ko, en = verified_ksic[code]
        assert set(schemes.objects(concept, SKOS.prefLabel)) == {Literal(ko, lang="ko"), Literal(en, lang="en")}
        for parent in schemes.objects(concept, SKOS.broader):
            parent_code = str(parent).removeprefix(str(KSIC))
            assert code.startswith(parent_code) and len(code) == len(parent_code) + 1
