"""A fast SHACL Core validator: every constraint of the shapes is one SPARQL query over a pyoxigraph Store.

pySHACL walks the data focus node by focus node in Python; here each constraint is compiled once
(``load_shapes``) into one query that finds all its violations in the whole store (``validate``), which
is what lets a 500,000-triple build validate in seconds. Queries run over the union of all named graphs,
so load the ontology with the data: ``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf*``.

Supported SHACL Core subset:

- targets: ``sh:targetClass``, ``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``;
- ``sh:property`` with ``sh:path``: an IRI, ``sh:inversePath``, a sequence (RDF list),
  ``sh:alternativePath``, ``sh:zeroOrMorePath``, ``sh:oneOrMorePath``, ``sh:zeroOrOnePath``;
- constraints: ``sh:minCount``, ``sh:maxCount``, ``sh:datatype`` (ill-formed literals fail it),
  ``sh:class``, ``sh:nodeKind``, ``sh:in``, ``sh:minExclusive``, ``sh:minInclusive``, ``sh:maxExclusive``,
  ``sh:maxInclusive``, ``sh:pattern`` (with ``sh:flags``), ``sh:uniqueLang``, ``sh:languageIn``,
  ``sh:hasValue``, ``sh:lessThan`` and ``sh:node`` (nested shapes, not recursive);
- ``sh:message``, ``sh:deactivated``, and the non-validating ``sh:name``, ``sh:description``,
  ``sh:order``, ``sh:group``, ``sh:defaultValue``;
- SHACL-SPARQL constraints on node shapes: ``sh:sparql`` with one ``sh:select`` (which must SELECT
  ``$this``; a projected ``?value`` is reported as the value), ``sh:message``, ``sh:deactivated`` and
  ``sh:prefixes`` (``sh:declare`` of ``sh:prefix`` / ``sh:namespace``). ``$this`` is bound by joining the
  query with the shape's focus nodes rather than by pre-binding: bind ``$this`` in a triple pattern of the
  query's top-level group (as every query of ontology/shapes.ttl does) and the two agree.

Any other SHACL term in the shapes graph (``sh:or``, ``sh:closed``, ``sh:sparql`` on a property shape, a
severity other than ``sh:Violation`` ...) raises ``BadInput`` when the shapes are loaded: a constraint is
never skipped.
``sh:pattern`` is evaluated by SPARQL REGEX, so keep patterns to the syntax XPath, Rust and Python share.

Use: compile once, validate a store holding the ontology graph and the data, print the report::

    shapes = load_shapes(SHAPES_FILE)
    violations = validate(store, shapes)
    print(format_report(violations))
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kgbuild.errors import BadInput
from kgbuild.model.namespaces import PREFIXES, SH, SHAPES, compact
from kgbuild.paths import ONTOLOGY_DIR

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
_REPORT_PREFIXES = {**PREFIXES, "shapes": str(SHAPES)}  # prefixed names in reports and errors

_Term = ox.NamedNode | ox.BlankNode | ox.Literal

# rdf:type/rdfs:subClassOf*: the SHACL instances of a class.
_INSTANCE_OF = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"

# Datatypes whose lexical forms SPARQL checks by casting: "abc"^^xsd:decimal fails sh:datatype xsd:decimal.
_CASTABLE = {
    XSD.string, XSD.boolean, XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.date, XSD.dateTime, XSD.time,
    XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration, XSD.gYear, XSD.gYearMonth,
}  # fmt: skip

_NODE_KINDS: dict[Node, str] = {  # sh:nodeKind -> SPARQL test a good value passes
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}

_RANGES = {  # parameter -> (operator a good value passes against the bound, constraint component)
    SH.minExclusive: (">", SH.MinExclusiveConstraintComponent),
    SH.minInclusive: (">=", SH.MinInclusiveConstraintComponent),
    SH.maxExclusive: ("<", SH.MaxExclusiveConstraintComponent),
    SH.maxInclusive: ("<=", SH.MaxInclusiveConstraintComponent),
}

_PATH_SUFFIXES: dict[Node, str] = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}
_PATH_KINDS = {SH.inversePath, SH.alternativePath, *_PATH_SUFFIXES}

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_PARAMETERS = {
    SH.path, SH.property, SH.node, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH["in"],
    SH.pattern, SH.flags, SH.uniqueLang, SH.languageIn, SH.hasValue, SH.lessThan, *_RANGES, *_TARGETS,
    SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.defaultValue,
    SH.sparql,
}  # fmt: skip
# The terms a SPARQL-based constraint (the object of sh:sparql) may use
_SPARQL_PARAMETERS = {SH.select, SH.message, SH.prefixes, SH.deactivated}
# The projection of a SELECT query: what stands between SELECT and WHERE (or the first brace)
_PROJECTION = re.compile(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Violation:
    """One validation result.

    ``focus``: the focus node, an IRI (``_:id`` for a blank node). ``shape``: the IRI of the shape whose
    constraint fired; for a property constraint the property shape. ``path``: the property IRI, SPARQL path
    syntax (``^(<iri>)``) for other paths, None for a node shape. ``constraint``: the constraint component
    IRI (``http://www.w3.org/ns/shacl#MinCountConstraintComponent`` ...). ``message``: the shape's
    ``sh:message`` (English if given). ``value``: the offending value in N-Triples syntax, or None for
    minCount, maxCount, hasValue and uniqueLang.
    """

    focus: str
    shape: str
    path: str | None
    constraint: str
    message: str
    value: str | None


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a query whose solutions bind ``?this`` and, if any, ``?value``.

    For ``sh:node`` the query lists (focus node, value) pairs and ``nested`` holds the checks of the
    nested shape applied to those values: a pair is a violation when its value fails any nested check.
    """

    shape: str
    path: str | None
    constraint: str
    message: str
    query: str
    nested: tuple[Check, ...] = ()


@dataclass(frozen=True)
class Shapes:
    """A shapes graph compiled to queries: compile once with ``load_shapes``, validate many stores."""

    source: str
    checks: tuple[Check, ...]


def load_shapes(source: Graph | str | Path) -> Shapes:
    """Compile a shapes graph (an rdflib Graph or a Turtle file) into one SPARQL query per constraint.

    Raises BadInput naming the file, the shape and the SHACL term when the shapes use anything this
    validator does not implement, or are malformed (two sh:maxCount, sh:in that is not a list ...).
    """
    if isinstance(source, Graph):
        return Shapes("shapes graph", tuple(_Compiler(source, "shapes graph").compile()))
    path = Path(source)
    if not path.is_file():
        raise BadInput(f"{path}: no such shapes file; pass {SHAPES_FILE} or another Turtle file")
    try:
        graph = Graph().parse(path, format="turtle")
    except SyntaxError as err:  # rdflib's Turtle parser raises BadSyntax, a SyntaxError
        raise BadInput(f"{path}: not valid Turtle: {err}") from None
    return Shapes(str(path), tuple(_Compiler(graph, str(path)).compile()))


def validate(store: ox.Store, shapes: Shapes | Graph | str | Path) -> list[Violation]:
    """Validate the union of all graphs in ``store``; return the violations sorted by focus node.

    An empty list means the store conforms. ``shapes`` is compiled first unless it already is (see
    ``load_shapes``, which also lists the errors raised).
    """
    if not isinstance(shapes, Shapes):
        shapes = load_shapes(shapes)
    # pyoxigraph lets go of the GIL while it evaluates, so the checks run side by side on every core
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(lambda check: (check, list(_run(store, check))), shapes.checks))
    found = {
        Violation(
            focus=_node_text(focus),
            shape=check.shape,
            path=check.path,
            constraint=check.constraint,
            message=check.message,
            value=None if value is None else str(value),
        )
        for check, rows in results
        for focus, value in rows
    }
    return sorted(found, key=lambda v: (v.focus, v.shape, v.constraint, v.value or ""))


def format_report(violations: Iterable[Violation]) -> str:
    """Human-readable text, one line per violation: focus node, constraint and shape, message, value."""
    lines = []
    for v in violations:
        value = "" if v.value is None else f" (value: {v.value})"
        lines.append(f"{_compact(v.focus)}  {_compact(v.constraint)} {_compact(v.shape)}: {v.message}{value}")
    if not lines:
        return "Conforms: no violations."
    return "\n".join([f"{len(lines)} violation(s):", *lines])


def _run(store: ox.Store, check: Check) -> Iterator[tuple[_Term, _Term | None]]:
    solutions = store.query(check.query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    rows = [(row["this"], row["value"]) for row in solutions]
    if not check.nested:
        yield from rows
    elif rows:
        failing = {focus for nested in check.nested for focus, _ in _run(store, nested)}
        yield from ((focus, value) for focus, value in rows if value in failing)


def _node_text(term: _Term) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _compact(iri: str) -> str:
    """``sh:MinCountConstraintComponent`` for the full IRI, with the project's prefixes; other text as is."""
    return compact(iri, _REPORT_PREFIXES)


class _ShapeError(Exception):
    """A problem with one shape; the compiler adds the file and the shape's name."""


def _sparql(term: Node) -> str:
    """A term of the shapes graph as SPARQL text. The shapes file is project code, never user input."""
    if isinstance(term, URIRef | Literal):
        return term.n3()
    raise _ShapeError(f"{term!r} is a blank node where an IRI or literal is needed")


@dataclass(frozen=True)
class _Focus:
    """A SPARQL group binding ``?this`` to each focus node of a shape once."""

    pattern: str

    def renamed(self, var: str) -> str:
        """The same group binding ``?<var>`` instead; nested focus patterns use a fresh name per depth."""
        return self.pattern.replace("?this", f"?{var}")


class _Compiler:
    def __init__(self, graph: Graph, source: str) -> None:
        self.g = graph
        self.source = source

    def compile(self) -> Iterator[Check]:
        shapes = {*self.g.subjects(RDF.type, SH.NodeShape), *self.g.subjects(RDF.type, SH.PropertyShape)}
        for target in _TARGETS:
            shapes.update(self.g.subjects(target, None))
        for reference in (SH.property, SH.node):
            shapes.update(self.g.objects(None, reference))
        for shape in sorted(shapes, key=str):
            self.refuse_unsupported(shape)
        for shape in sorted(shapes, key=str):
            focus = self.targets(shape)
            if focus is not None:
                yield from self.shape(shape, focus, stack=())

    def fail(self, shape: Node, problem: str) -> BadInput:
        return BadInput(f"{self.source}: shape {_name(shape)}: {problem}")

    def refuse_unsupported(self, shape: Node) -> None:
        for p, o in self.g.predicate_objects(shape):
            if str(p).startswith(str(SH)) and p not in _PARAMETERS:
                raise self.fail(
                    shape, f"{_compact(str(p))} is not supported by kgbuild.shacl (see its docstring for the subset)"
                )
            if p == SH.severity and o != SH.Violation:
                raise self.fail(shape, f"sh:severity {_compact(str(o))} is not supported; only sh:Violation")

    def targets(self, shape: Node) -> _Focus | None:
        try:
            groups = [f"?this {_INSTANCE_OF} {_sparql(c)} ." for c in self.g.objects(shape, SH.targetClass)]
            nodes = [_sparql(n) for n in self.g.objects(shape, SH.targetNode)]
            groups += [f"VALUES ?this {{ {' '.join(nodes)} }}"] if nodes else []
            groups += [f"?this {_sparql(p)} [] ." for p in self.g.objects(shape, SH.targetSubjectsOf)]
            groups += [f"[] {_sparql(p)} ?this ." for p in self.g.objects(shape, SH.targetObjectsOf)]
        except _ShapeError as err:
            raise self.fail(shape, str(err)) from None
        if not groups:
            return None
        union = " UNION ".join(f"{{ {group} }}" for group in groups)
        return _Focus(f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}")

    def shape(self, shape: Node, focus: _Focus, stack: tuple[Node, ...]) -> list[Check]:
        """The checks of a node or property shape applied to the focus nodes ``focus`` binds."""
        if shape in stack:
            raise self.fail(shape, "is recursive (through sh:node); SHACL leaves recursive shapes undefined")
        if self.g.value(shape, SH.deactivated) == Literal(True):
            return []
        stack = (*stack, shape)
        path_node = self.g.value(shape, SH.path)
        try:
            path = None if path_node is None else self.path(path_node)
            checks = list(_Constraints(self, shape, focus, path, path_node, stack).checks())
        except _ShapeError as err:
            raise self.fail(shape, str(err)) from None
        for prop in sorted(self.g.objects(shape, SH.property), key=str):
            if self.g.value(prop, SH.path) is None:
                raise self.fail(prop, "is the object of sh:property but has no sh:path")
            checks += self.shape(prop, focus, stack)
        return checks

    def path(self, node: Node) -> str:
        """A SHACL property path as a SPARQL property path."""
        if isinstance(node, URIRef):
            return _sparql(node)
        if not isinstance(node, BNode):
            raise _ShapeError(f"sh:path {node!r} is neither an IRI nor a path")
        if self.g.value(node, RDF.first) is not None:
            return "(" + "/".join(self.path(step) for step in Collection(self.g, node)) + ")"
        kinds = [(p, o) for p, o in self.g.predicate_objects(node) if p in _PATH_KINDS]
        if len(kinds) != 1:
            raise _ShapeError(
                "a path node needs exactly one of sh:inversePath, sh:alternativePath, "
                "sh:zeroOrMorePath, sh:oneOrMorePath, sh:zeroOrOnePath"
            )
        kind, inner = kinds[0]
        if kind == SH.alternativePath:
            return "(" + "|".join(self.path(choice) for choice in Collection(self.g, inner)) + ")"
        if kind == SH.inversePath:
            return f"^({self.path(inner)})"
        return f"({self.path(inner)}){_PATH_SUFFIXES[kind]}"

    def one(self, shape: Node, parameter: URIRef) -> Node | None:
        values = list(self.g.objects(shape, parameter))
        if len(values) > 1:
            raise _ShapeError(f"has {len(values)} values of {_compact(str(parameter))}; SHACL allows one")
        return values[0] if values else None

    def count(self, shape: Node, parameter: URIRef) -> int | None:
        value = self.one(shape, parameter)
        if value is not None and not (isinstance(value, Literal) and type(value.toPython()) is int):
            raise _ShapeError(f"{_compact(str(parameter))} must be an xsd:integer, not {value!r}")
        return None if value is None else int(value.toPython())

    def members(self, shape: Node, parameter: URIRef) -> list[Node]:
        head = self.one(shape, parameter)
        if head is None:
            return []
        if head != RDF.nil and self.g.value(head, RDF.first) is None:
            raise _ShapeError(f'{_compact(str(parameter))} must be an RDF list, e.g. ( "ko" "en" )')
        return list(Collection(self.g, head))

    def message(self, shape: Node, component: URIRef) -> str:
        messages = [m for m in self.g.objects(shape, SH.message) if isinstance(m, Literal)]
        for m in messages:
            if m.language == "en":
                return str(m)
        return str(messages[0]) if messages else f"{_compact(str(component))} of {_name(shape)}"


def _name(node: Node) -> str:
    return _compact(str(node)) if isinstance(node, URIRef) else f"_:{node}"


class _Constraints:
    """The constraints of one shape applied to one set of focus nodes, each compiled to a Check."""

    def __init__(
        self,
        compiler: _Compiler,
        shape: Node,
        focus: _Focus,
        path: str | None,
        path_node: Node | None,
        stack: tuple[Node, ...],
    ) -> None:
        self.c, self.g, self.s = compiler, compiler.g, shape
        self.focus, self.path, self.stack = focus, path, stack
        self.path_text = None if path_node is None else (str(path_node) if isinstance(path_node, URIRef) else path)
        # binds ?value to each value node of ?this: the path's objects, or the focus node itself
        self.values = "BIND(?this AS ?value)" if path is None else f"?this {path} ?value ."

    def check(self, component: URIRef, query: str, nested: tuple[Check, ...] = ()) -> Check:
        message = self.c.message(self.s, component)
        return Check(_shape_text(self.s), self.path_text, str(component), message, query, nested)

    def failing_values(self, test: str, *, extra: str = "") -> str:
        """The (focus, value) pairs whose value fails ``test`` (an error, e.g. incomparable, fails too)."""
        return (
            f"SELECT DISTINCT ?this ?value WHERE {{ {self.focus.pattern} {self.values} {extra}"
            f"FILTER(!COALESCE({test}, false)) }}"
        )

    def failing_focus(self, body: str, *, having: str | None = None) -> str:
        """The focus nodes matched by ``body``, or grouped by focus node and filtered by ``having``."""
        if having is None:
            return f"SELECT DISTINCT ?this WHERE {{ {self.focus.pattern} {body} }}"
        return f"SELECT ?this WHERE {{ {self.focus.pattern} {body} }} GROUP BY ?this HAVING ({having})"

    def checks(self) -> Iterator[Check]:
        if self.path is not None:
            yield from self.cardinality()
            yield from self.property_pairs()
        else:
            for parameter in (SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan):
                if self.c.one(self.s, parameter) is not None:
                    raise _ShapeError(f"{_compact(str(parameter))} needs a property shape (sh:path)")
        yield from self.value_types()
        yield from self.value_ranges()
        yield from self.strings()
        yield from self.has_values()
        yield from self.nested_shapes()
        yield from self.sparql_constraints()

    def cardinality(self) -> Iterator[Check]:
        min_count = self.c.count(self.s, SH.minCount)
        if min_count == 1:
            query = self.failing_focus(f"FILTER NOT EXISTS {{ ?this {self.path} ?any }}")
            yield self.check(SH.MinCountConstraintComponent, query)
        elif min_count is not None and min_count > 1:
            query = self.failing_focus(
                f"OPTIONAL {{ ?this {self.path} ?any }}", having=f"COUNT(DISTINCT ?any) < {min_count}"
            )
            yield self.check(SH.MinCountConstraintComponent, query)
        max_count = self.c.count(self.s, SH.maxCount)
        if max_count is not None:
            query = self.failing_focus(f"?this {self.path} ?any .", having=f"COUNT(DISTINCT ?any) > {max_count}")
            yield self.check(SH.MaxCountConstraintComponent, query)

    def property_pairs(self) -> Iterator[Check]:
        for other in self.g.objects(self.s, SH.lessThan):
            if not isinstance(other, URIRef):
                raise _ShapeError("sh:lessThan must be a property IRI")
            query = self.failing_values("?value < ?other", extra=f"?this {_sparql(other)} ?other . ")
            yield self.check(SH.LessThanConstraintComponent, query)

    def value_types(self) -> Iterator[Check]:
        datatype = self.c.one(self.s, SH.datatype)
        if datatype is not None:
            if not isinstance(datatype, URIRef):
                raise _ShapeError("sh:datatype must be an IRI")
            dt = _sparql(datatype)
            test = f"isLiteral(?value) && sameTerm(DATATYPE(?value), {dt})"
            if datatype in _CASTABLE:  # well-formed: the lexical form casts to the datatype
                test += f" && sameTerm(DATATYPE({dt}(STR(?value))), {dt})"
            yield self.check(SH.DatatypeConstraintComponent, self.failing_values(test))
        for cls in self.g.objects(self.s, SH["class"]):
            test = f"EXISTS {{ ?value {_INSTANCE_OF} {_sparql(cls)} }}"
            yield self.check(SH.ClassConstraintComponent, self.failing_values(test))
        kind = self.c.one(self.s, SH.nodeKind)
        if kind is not None:
            if kind not in _NODE_KINDS:
                raise _ShapeError(f"sh:nodeKind {kind!r} is not one of the six SHACL node kinds")
            yield self.check(SH.NodeKindConstraintComponent, self.failing_values(_NODE_KINDS[kind]))
        if self.c.one(self.s, SH["in"]) is not None:
            members = self.c.members(self.s, SH["in"])
            # sameTerm, not IN: SHACL compares terms, so "5"^^xsd:integer is not "5.0"^^xsd:decimal
            test = " || ".join(f"sameTerm(?value, {_sparql(m)})" for m in members) or "false"
            yield self.check(SH.InConstraintComponent, self.failing_values(test))

    def value_ranges(self) -> Iterator[Check]:
        for parameter, (operator, component) in _RANGES.items():
            bound = self.c.one(self.s, parameter)
            if bound is not None:
                yield self.check(component, self.failing_values(f"?value {operator} {_sparql(bound)}"))

    def strings(self) -> Iterator[Check]:
        pattern, flags = self.c.one(self.s, SH.pattern), self.c.one(self.s, SH.flags)
        if pattern is not None:
            args = _sparql(Literal(str(pattern))) + ("" if flags is None else f", {_sparql(Literal(str(flags)))}")
            test = f"!isBlank(?value) && REGEX(STR(?value), {args})"
            yield self.check(SH.PatternConstraintComponent, self.failing_values(test))
        elif flags is not None:
            raise _ShapeError("sh:flags without sh:pattern")
        if self.c.one(self.s, SH.languageIn) is not None:
            tags = [_sparql(Literal(str(t))) for t in self.c.members(self.s, SH.languageIn)]
            test = " || ".join(f"langMatches(LANG(?value), {t})" for t in tags) or "false"
            yield self.check(SH.LanguageInConstraintComponent, self.failing_values(f"isLiteral(?value) && ({test})"))
        unique = self.c.one(self.s, SH.uniqueLang)
        if unique not in (None, Literal(False)):
            if unique != Literal(True):
                raise _ShapeError(f"sh:uniqueLang must be true or false, not {unique!r}")
            # one result per focus node and language used twice, as SHACL asks
            query = (
                f"SELECT ?this WHERE {{ {self.focus.pattern} ?this {self.path} ?any . "
                f'FILTER(isLiteral(?any) && LANG(?any) != "") BIND(LCASE(LANG(?any)) AS ?lang) }} '
                f"GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?any) > 1)"
            )
            yield self.check(SH.UniqueLangConstraintComponent, query)

    def has_values(self) -> Iterator[Check]:
        for value in self.g.objects(self.s, SH.hasValue):
            if self.path is None:
                body = f"FILTER(!sameTerm(?this, {_sparql(value)}))"
            else:
                body = f"FILTER NOT EXISTS {{ ?this {self.path} {_sparql(value)} }}"
            yield self.check(SH.HasValueConstraintComponent, self.failing_focus(body))

    def nested_shapes(self) -> Iterator[Check]:
        for nested in sorted(self.g.objects(self.s, SH.node), key=str):
            if self.path is None:
                nested_focus = self.focus
            else:  # the nested shape's focus nodes are this shape's value nodes
                outer = f"f{len(self.stack)}"
                nested_focus = _Focus(
                    f"{{ SELECT DISTINCT ?this WHERE {{ {self.focus.renamed(outer)} ?{outer} {self.path} ?this . }} }}"
                )
            checks = tuple(self.c.shape(nested, nested_focus, self.stack))
            query = f"SELECT DISTINCT ?this ?value WHERE {{ {self.focus.pattern} {self.values} }}"
            yield self.check(SH.NodeConstraintComponent, query, checks)

    def sparql_constraints(self) -> Iterator[Check]:
        """SHACL-SPARQL: each solution of the constraint's SELECT is a violation of its focus node ``$this``."""
        for constraint in sorted(self.g.objects(self.s, SH.sparql), key=str):
            if self.path is not None:
                raise _ShapeError("sh:sparql is supported on node shapes only, not on a property shape ($PATH)")
            for p, _ in self.g.predicate_objects(constraint):
                if str(p).startswith(str(SH)) and p not in _SPARQL_PARAMETERS:
                    raise _ShapeError(f"{_compact(str(p))} in a sh:sparql constraint is not supported")
            if self.g.value(constraint, SH.deactivated) == Literal(True):
                continue
            select = self.c.one(constraint, SH.select)
            if not isinstance(select, Literal):
                raise _ShapeError("a sh:sparql constraint needs one sh:select, a SPARQL SELECT query as a string")
            text = str(select)
            if re.match(r"\s*(PREFIX|BASE)\b", text, re.IGNORECASE):
                raise _ShapeError("declare the prefixes of a sh:select with sh:prefixes, not in the query")
            projection = _PROJECTION.search(text)
            if projection is None or not re.search(r"[?$]this\b|\*", projection.group(1)):
                raise _ShapeError("the sh:select of a sh:sparql constraint must SELECT $this")
            query = (
                self.prefixes(constraint)
                + f"SELECT DISTINCT ?this ?value WHERE {{ {self.focus.pattern} {{ {text} }} }}"
            )
            messages = [m for m in self.g.objects(constraint, SH.message) if isinstance(m, Literal)]
            message = next((str(m) for m in messages if m.language == "en"), None) or (
                str(messages[0]) if messages else self.c.message(self.s, SH.SPARQLConstraintComponent)
            )
            yield Check(_shape_text(self.s), None, str(SH.SPARQLConstraintComponent), message, query)

    def prefixes(self, constraint: Node) -> str:
        """The PREFIX lines of the constraint's sh:prefixes: every sh:declare of each node named."""
        lines: dict[str, str] = {}
        for node in self.g.objects(constraint, SH.prefixes):
            for declaration in self.g.objects(node, SH.declare):
                prefix, namespace = self.g.value(declaration, SH.prefix), self.g.value(declaration, SH.namespace)
                if not isinstance(prefix, Literal) or not isinstance(namespace, Literal | URIRef):
                    raise _ShapeError("each sh:declare needs one sh:prefix and one sh:namespace")
                lines[str(prefix)] = f"PREFIX {prefix}: <{namespace}>\n"
        return "".join(lines[p] for p in sorted(lines))


def _shape_text(node: Node) -> str:
    return str(node) if isinstance(node, URIRef) else f"_:{node}"
