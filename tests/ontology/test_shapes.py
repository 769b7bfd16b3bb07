"""The SHACL shapes and kgbuild.shacl, the SPARQL validator that runs them.

Every example under ontology/examples/ is a test case: conforming examples raise nothing; each
non-conforming example raises exactly the (shape, constraint) pairs its `# expect:` header lists; and on
every example kgbuild.shacl finds the same violations as pySHACL, the reference implementation.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kgbuild.errors import BadInput
from kgbuild.model.namespaces import SH, SHAPES
from kgbuild.paths import ONTOLOGY_DIR
from kgbuild.shacl import SHAPES_FILE, Shapes, Violation, format_report, load_shapes, validate

ONTOLOGY_FILES = [ONTOLOGY_DIR / "kgbuild.ttl", *sorted((ONTOLOGY_DIR / "schemes").glob("*.ttl"))]
CONFORMING = sorted((ONTOLOGY_DIR / "examples" / "conforming").glob("*.ttl"))
NONCONFORMING = sorted((ONTOLOGY_DIR / "examples" / "nonconforming").glob("*.ttl"))
ONTOLOGY_GRAPH = ox.NamedNode("https://kgbuild.org/graph/ontology")
EXPECT = re.compile(r"^# expect: (shapes:[\w-]+) (sh:\w+ConstraintComponent)$")

Result = tuple[str, str, str]  # (focus, shape, constraint); blank nodes as "_:"


@pytest.fixture(scope="session")
def shapes() -> Shapes:
    """The project's shapes, compiled once (Shapes is immutable)."""
    return load_shapes(SHAPES_FILE)


@pytest.fixture(scope="session")
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE)


@pytest.fixture(scope="session")
def ontology_graph() -> Graph:
    graph = Graph()
    for path in ONTOLOGY_FILES:
        graph.parse(path)
    return graph


def store_with(*data: Path) -> ox.Store:
    """A fresh store holding the ontology in its graph and each data file in a graph of its own."""
    store = ox.Store()
    for path in ONTOLOGY_FILES:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    for n, path in enumerate(data):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:kgbuild:test:{n}"))
    return store


def ours(violations: list[Violation]) -> set[Result]:
    return {("_:" if v.focus.startswith("_:") else v.focus, v.shape, v.constraint) for v in violations}


def reference(data: Graph, shapes_graph: Graph) -> set[Result]:
    """pySHACL's top-level results (nested sh:detail results are not results of the data)."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none")
    assert isinstance(report, Graph)
    results = set()
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        results.add(
            (
                "_:" if isinstance(focus, BNode) else str(focus),
                str(report.value(result, SH.sourceShape)),
                str(report.value(result, SH.sourceConstraintComponent)),
            )
        )
    return results


def expectations(path: Path) -> set[tuple[str, str]]:
    """The `# expect: shapes:X sh:YConstraintComponent` lines of a non-conforming example, strictly parsed."""
    expected = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("# expect"):
            match = EXPECT.match(line)
            assert match, f"{path.name} line {n}: write '# expect: shapes:<Shape> sh:<X>ConstraintComponent'"
            shape, component = match.groups()
            expected.add((str(SHAPES) + shape.removeprefix("shapes:"), str(SH) + component.removeprefix("sh:")))
    assert expected, f"{path.name}: a non-conforming example needs at least one '# expect:' line"
    return expected


def test_examples_exist() -> None:
    """A glob that matches nothing would pass every parametrized test below by running none."""
    assert CONFORMING and NONCONFORMING


def test_every_shape_has_an_iri_and_an_english_message(shapes_graph: Graph) -> None:
    nodes = {*shapes_graph.subjects(RDF.type, SH.NodeShape), *shapes_graph.subjects(RDF.type, SH.PropertyShape)}
    nodes |= set(shapes_graph.objects(None, SH.property)) | set(shapes_graph.objects(None, SH.node))
    nodes |= set(shapes_graph.subjects(SH.path, None))
    assert nodes
    for node in nodes:
        assert isinstance(node, URIRef) and str(node).startswith(str(SHAPES)), node
        messages = [m for m in shapes_graph.objects(node, SH.message) if isinstance(m, Literal)]
        assert any(m.language == "en" for m in messages), f"{node} has no sh:message @en"


def test_ontology_and_schemes_conform(shapes: Shapes, shapes_graph: Graph, ontology_graph: Graph) -> None:
    assert validate(store_with(), shapes) == []
    assert reference(ontology_graph, shapes_graph) == set()


@pytest.mark.parametrize("path", CONFORMING, ids=lambda p: p.name)
def test_conforming_example(path: Path, shapes: Shapes, shapes_graph: Graph, ontology_graph: Graph) -> None:
    violations = validate(store_with(path), shapes)
    assert violations == [], format_report(violations)
    assert reference(ontology_graph + Graph().parse(path), shapes_graph) == set()


@pytest.mark.parametrize("path", NONCONFORMING, ids=lambda p: p.name)
def test_nonconforming_example(path: Path, shapes: Shapes, shapes_graph: Graph, ontology_graph: Graph) -> None:
    found = ours(validate(store_with(path), shapes))
    assert {(shape, constraint) for _, shape, constraint in found} == expectations(path)
    assert found == reference(ontology_graph + Graph().parse(path), shapes_graph)


def test_triples_repeated_in_two_graphs_count_once(shapes: Shapes) -> None:
    """The union default graph does not deduplicate; sh:maxCount must count distinct values.

    (An example without blank nodes: each load makes new blank nodes, so a repeated period would be two.)
    """
    example = ONTOLOGY_DIR / "examples" / "conforming" / "minted-indicator.ttl"
    assert validate(store_with(example, example), shapes) == []


def test_violation_names_the_shape_path_value_and_message(shapes: Shapes) -> None:
    [violation] = validate(store_with(ONTOLOGY_DIR / "examples" / "nonconforming" / "budget-negative.ttl"), shapes)
    assert violation == Violation(
        focus="https://kgbuild.org/id/budget/b",
        shape=str(SHAPES["Budget-value"]),
        path="https://schema.org/value",
        constraint=str(SH.MinExclusiveConstraintComponent),
        message="a kg:Budget has at most one schema:value, a positive xsd:decimal in won (e.g. 14000000000)",
        value='"-19400000000"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    )


def test_format_report_has_one_line_per_violation(shapes: Shapes) -> None:
    violations = validate(store_with(ONTOLOGY_DIR / "examples" / "nonconforming" / "budget-wrong-currency.ttl"), shapes)
    lines = format_report(violations).splitlines()
    assert lines[0] == "2 violation(s):"
    assert lines[1:] == [
        "https://kgbuild.org/id/budget/b  sh:HasValueConstraintComponent shapes:Budget-currency: "
        'a kg:Budget has schema:currency "KRW" and no other',
        "https://kgbuild.org/id/budget/b  sh:HasValueConstraintComponent shapes:Budget-unit: "
        "a kg:Budget has qudt:unit unit:CCY_KRW and no other",
    ]
    assert format_report([]) == "Conforms: no violations."


# --- the validator on constructs the project shapes do not use -------------------------------------

PREAMBLE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""

FEATURES = {
    "sequence-path": (
        "ex:S sh:targetClass ex:Person ; sh:property ex:S-p . "
        "ex:S-p sh:path ( ex:address ex:city ) ; sh:minCount 1 ; sh:datatype xsd:string .",
        "ex:a a ex:Person ; ex:address [ ex:city 'Ulsan' ] . ex:b a ex:Person ; ex:address [ ex:city 3 ] . "
        "ex:c a ex:Person .",
    ),
    "alternative-and-star-paths": (
        "ex:S sh:targetNode ex:a , ex:b ; sh:property ex:S-p , ex:S-q . "
        "ex:S-p sh:path [ sh:alternativePath ( ex:p ex:q ) ] ; sh:maxCount 1 . "
        "ex:S-q sh:path [ sh:zeroOrMorePath ex:next ] ; sh:maxInclusive 3 .",
        "ex:a ex:p 1 ; ex:q 2 . ex:b ex:p 1 . ex:b ex:next 5 .",
    ),
    "subclass-targets-and-class": (
        "ex:S sh:targetClass ex:Animal ; sh:property ex:S-p . ex:S-p sh:path ex:owner ; sh:class ex:Person .",
        "ex:Dog rdfs:subClassOf ex:Animal . ex:Student rdfs:subClassOf ex:Person . "
        "ex:rex a ex:Dog ; ex:owner ex:kim , ex:lee , 'park' . ex:kim a ex:Student . ex:lee a ex:Robot .",
    ),
    "objects-of-and-node-kind": (
        "ex:S sh:targetObjectsOf ex:knows ; sh:nodeKind sh:IRI ; sh:property ex:S-p . "
        "ex:S-p sh:path [ sh:inversePath ex:knows ] ; sh:maxExclusive 10 .",
        "ex:a ex:knows ex:b , [ ex:name 'anon' ] . ex:c ex:knows ex:b .",
    ),
    "nested-node-on-node-shape": (
        "ex:S sh:targetSubjectsOf ex:name ; sh:node ex:N . "
        "ex:N sh:property ex:N-p . ex:N-p sh:path ex:name ; sh:pattern '^[a-z]+$' ; sh:flags 'i' .",
        "ex:a ex:name 'Kim' . ex:b ex:name 'Kim Lee' .",
    ),
    "ill-formed-and-incomparable-values": (
        "ex:S sh:targetSubjectsOf ex:when ; sh:property ex:S-p . "
        "ex:S-p sh:path ex:when ; sh:datatype xsd:date ; sh:minInclusive '2019-01-01'^^xsd:date .",
        "ex:a ex:when '2019-04-23'^^xsd:date . ex:b ex:when '2019-02-30'^^xsd:date . ex:c ex:when 'soon' . "
        "ex:d ex:when '2018-12-31'^^xsd:date .",
    ),
    "in-compares-terms-not-values": (
        "ex:S sh:targetSubjectsOf ex:n ; sh:property ex:S-p . ex:S-p sh:path ex:n ; sh:in ( 1 'one' ) .",
        "ex:a ex:n 1 . ex:b ex:n 1.0 . ex:c ex:n 'one'@en . ex:d ex:n 'one' .",
    ),
    "sparql-constraint-with-prefixes": (
        "ex:S sh:targetSubjectsOf ex:part ; sh:sparql ex:S-sum . "
        "ex:S-sum sh:prefixes ex:prefixes ; sh:message 'parts exceed the whole' ; sh:select "
        '"SELECT $this (SUM(?n) AS ?value) WHERE { $this ex:whole ?whole ; ex:part/ex:n ?n } '
        'GROUP BY $this ?whole HAVING (SUM(?n) > ?whole)" . '
        "ex:prefixes sh:declare [ sh:prefix 'ex' ; sh:namespace 'http://example.org/'^^xsd:anyURI ] .",
        "ex:a ex:whole 10 ; ex:part [ ex:n 4 ] , [ ex:n 5 ] . ex:b ex:whole 10 ; ex:part [ ex:n 6 ] , [ ex:n 7 ] . "
        "ex:c ex:part [ ex:n 1 ] .",
    ),
    "sparql-constraint-deactivated": (
        "ex:S sh:targetNode ex:a ; sh:nodeKind sh:BlankNode ; "
        "sh:sparql [ sh:deactivated true ; sh:select 'SELECT $this WHERE { $this ?p ?o }' ] .",
        "ex:a ex:p 1 .",
    ),
    "language-in-and-unique-lang": (
        "ex:S sh:targetSubjectsOf rdfs:label ; sh:property ex:S-p . "
        "ex:S-p sh:path rdfs:label ; sh:languageIn ( 'ko' ) ; sh:uniqueLang true ; sh:minCount 2 .",
        "ex:a rdfs:label '울산'@ko , '울산시'@KO , 'Ulsan'@en-GB . ex:b rdfs:label '울산'@ko-KR , '부산'@ko-kr , 'x' .",
    ),
}


@pytest.mark.parametrize("case", sorted(FEATURES))
def test_feature_agrees_with_pyshacl(case: str) -> None:
    shapes_ttl, data_ttl = FEATURES[case]
    shapes_graph = Graph().parse(data=PREAMBLE + shapes_ttl, format="turtle")
    data = PREAMBLE + data_ttl
    store = ox.Store()
    store.load(input=data.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:kgbuild:test"))
    expected = reference(Graph().parse(data=data, format="turtle"), shapes_graph)
    assert expected, "each case must make pySHACL report something"
    assert ours(validate(store, shapes_graph)) == expected


@pytest.mark.parametrize(
    "shape, refused",
    [
        ("ex:S sh:targetNode ex:a ; sh:or ( ex:T ex:U ) .", "sh:or"),
        ("ex:S sh:targetNode ex:a ; sh:closed true .", "sh:closed"),
        ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxLength 3 ] .", "sh:maxLength"),
        (
            "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:sparql [ sh:select 'SELECT $this {}' ] ] .",
            "node shapes only",
        ),
        ("ex:S sh:targetNode ex:a ; sh:sparql [ sh:select 'SELECT ?x { ?x ?p ?o }' ] .", "must SELECT $this"),
        ("ex:S sh:targetNode ex:a ; sh:sparql [ sh:select 'PREFIX ex: <x:> SELECT $this {}' ] .", "sh:prefixes"),
        ("ex:S sh:targetNode ex:a ; sh:sparql [ sh:ask 'ASK {}' ] .", "sh:ask"),
        ("ex:S sh:targetNode ex:a ; sh:sparql [ sh:message 'm' ] .", "needs one sh:select"),
        ("ex:S sh:targetNode ex:a ; sh:severity sh:Warning ; sh:nodeKind sh:IRI .", "sh:Warning"),
        ("ex:S sh:targetNode ex:a ; sh:node ex:T . ex:T sh:node ex:S .", "recursive"),
        ("ex:S sh:targetNode ex:a ; sh:minCount 1 .", "needs a property shape"),
        ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxCount 1, 2 ] .", "allows one"),
        ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:in ex:x ] .", "RDF list"),
    ],
    ids=lambda value: value if not value.startswith("ex:") else None,
)
def test_unsupported_or_malformed_shapes_are_refused(shape: str, refused: str) -> None:
    with pytest.raises(BadInput, match=re.escape(refused)):
        load_shapes(Graph().parse(data=PREAMBLE + shape, format="turtle"))


def test_missing_shapes_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="no such shapes file"):
        load_shapes(tmp_path / "absent.ttl")


def replicated_release(copies: int) -> bytes:
    """The conforming release example copied ``copies`` times under distinct IRIs, as N-Triples."""
    source = Graph().parse(ONTOLOGY_DIR / "examples" / "conforming" / "release-2019-04-23.ttl")
    text = source.serialize(format="nt")
    return "".join(
        text.replace("<https://kgbuild.org/id/", f"<https://kgbuild.org/id/copy{n}/").replace("_:", f"_:copy{n}x")
        for n in range(copies)
    ).encode()


@pytest.mark.slow
def test_half_a_million_triples_validate_in_seconds(shapes: Shapes) -> None:
    """The size of 1,000 real releases (~500 triples each): the release example copied 2,400 times."""
    store = store_with()
    store.load(input=replicated_release(2400), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:kgbuild:test"))
    # one broken budget among them must still be found
    store.add(
        ox.Quad(
            ox.NamedNode("https://kgbuild.org/id/copy7/budget/sw-convergence-cluster-2.0/2019/ulsan"),
            ox.NamedNode("https://schema.org/currency"),
            ox.Literal("USD"),
            ox.NamedNode("urn:kgbuild:test"),
        )
    )
    assert len(store) > 500_000
    started = time.perf_counter()
    violations = validate(store, shapes)
    elapsed = time.perf_counter() - started
    assert {(v.shape, v.constraint) for v in violations} == {
        (str(SHAPES["Budget-currency"]), str(SH.MaxCountConstraintComponent))
    }
    assert elapsed < 10, f"validating {len(store)} triples took {elapsed:.1f} s"
