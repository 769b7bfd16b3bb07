"""Extracted records -> RDF, following docs/data-model.md. Every fact gets prov:wasDerivedFrom its sentence.

A release maps to two sets of triples: its own named graph (the release, its sentences, round, projects,
budgets, targets, quotes, dated memberships) and shared entities (ministry, program, persons, posts,
minted concepts) that other releases may state too; the build merges the shared ones into one graph so
that each triple is stated once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from kgbuild.extract.records import SHARE_SOURCES, Amount, Quote, RegionalProject, Release, Span, Target
from kgbuild.extract.vocabulary import find_ministry, find_program
from kgbuild.gazetteer import Gazetteer
from kgbuild.model.namespaces import (
    DCTERMS,
    GEONAMES,
    INDICATOR,
    INDUSTRY,
    KG,
    KOGL_TYPE1,
    KOREA_KR,
    ORG,
    OWL,
    PROV,
    QUDT,
    RDF,
    RDFS,
    SCHEMA,
    SCHEME,
    SKOS,
    TIME,
    TRACK,
    UNIT,
    WD,
    XSD,
    Ids,
    Vocabulary,
    slugify,
)
from kgbuild.model.triples import Triples, boolean, decimal, gyear, integer, literal, string, xsd_date

IN_XSD_GYEAR = str(TIME) + "inXSDGYear"  # OWL-Time 2017; rdflib's TIME namespace lacks it
UNITS = {"원": UNIT.CCY_KRW, "%": UNIT.PERCENT, "명": UNIT.NUM, "개사": UNIT.NUM, "건": UNIT.NUM}


@dataclass
class MappedRelease:
    graph: Triples  # the release's own named graph
    entities: Triples  # shared entities, merged across releases by the build
    minted: list[str] = field(default_factory=list)  # IRIs of concepts minted for unknown wordings
    left_out: list[str] = field(default_factory=list)  # facts not mapped, each with its line and the reason


class ReleaseMapper:
    """Maps one Release; holds the IRIs minted so far so each fact is linked to its sentence once."""

    def __init__(
        self,
        release: Release,
        *,
        ids: Ids,
        gazetteer: Gazetteer,
        known_concepts: frozenset[str],
        round_number: int = 1,
    ):
        self.r = release
        self.round_number = round_number
        self.round_id = round_id(release.year, round_number)
        self.ids = ids
        self.gazetteer = gazetteer
        self.known = known_concepts
        self.g = Triples()
        self.e = Triples()
        self.minted: list[str] = []
        self.left_out: list[str] = []
        self.release_iri = ids.release(release.slug)
        self.ministry_ref = find_ministry(release.ministry.name)
        self.ministry_key = self.ministry_ref.key if self.ministry_ref else slugify(release.ministry.name)
        self.program_key = program_key(release)
        self.program_ref = find_program(release.program)

    def map(self) -> MappedRelease:
        self.map_release()
        self.map_ministry()
        self.map_program_and_round()
        for project in self.r.projects:  # every project, with or without a budget or targets
            self.map_project(project)
        for n, quote in enumerate(self.r.quotes, start=1):
            self.map_quote(n, quote)
        return MappedRelease(self.g, self.e, self.minted, self.left_out)

    # -- provenance --------------------------------------------------------------------------------

    def sentence(self, span: Span) -> str:
        iri = self.ids.sentence(self.r.slug, span.line, span.start)
        g = self.g
        g.add(iri, RDF.type, KG.SourceSentence)
        g.add(iri, KG.text, string(span.text))
        g.add(iri, KG.line, integer(span.line))
        g.add(iri, KG.startOffset, integer(span.start))
        g.add(iri, KG.endOffset, integer(span.end))
        g.add(iri, DCTERMS.isPartOf, self.release_iri)
        return iri

    def derive(self, iri: str, span: Span | None) -> None:
        if span is not None:
            self.g.add(iri, PROV.wasDerivedFrom, self.sentence(span))

    # -- the release, ministry, program ------------------------------------------------------------

    def map_release(self) -> None:
        r, g, iri = self.r, self.g, self.release_iri
        g.add(iri, RDF.type, KG.PressRelease)
        g.ko(iri, DCTERMS.title, r.title)
        g.ko(iri, DCTERMS.alternative, r.subtitle)
        g.add(iri, DCTERMS.issued, xsd_date(r.date))
        g.add(iri, DCTERMS.publisher, self.ids.ministry(self.ministry_key))
        g.add(iri, DCTERMS.source, KOREA_KR)
        g.add(iri, DCTERMS.license, KOGL_TYPE1)
        g.add(iri, KG.sourceFile, string(r.path))
        g.add(iri, DCTERMS.language, literal("ko", datatype=str(XSD.language)))
        self.derive(iri, r.title_span)

    def map_ministry(self) -> None:
        m, e = self.r.ministry, self.e
        iri = self.ids.ministry(self.ministry_key)
        e.add(iri, RDF.type, KG.Ministry)
        e.add(iri, RDF.type, ORG.Organization)
        e.add(iri, RDF.type, SCHEMA.GovernmentOrganization)
        e.ko(iri, SKOS.prefLabel, m.name)
        e.ko(iri, RDFS.label, m.name)
        ref = self.ministry_ref
        if ref is not None:
            e.en(iri, SKOS.prefLabel, ref.name_en)
            e.en(iri, RDFS.label, ref.name_en)
            e.ko(iri, SKOS.altLabel, ref.short or None)
            if ref.org_code:
                e.add(iri, KG.orgCode, string(ref.org_code))
        if m.short and (ref is None or m.short != ref.short):
            e.ko(iri, SKOS.altLabel, m.short)
        if m.minister is not None:
            self.map_membership(m.minister.name, m.minister.post, m.span)

    def map_membership(self, name: str, post: str, span: Span) -> tuple[str, str]:
        """Person, post and membership (shared); the dated attestation goes to the release graph."""
        ids, e = self.ids, self.e
        person = ids.person(name)
        e.add(person, RDF.type, SCHEMA.Person)
        e.ko(person, SCHEMA.name, name)
        e.ko(person, RDFS.label, name)
        post_iri = ids.post(self.ministry_key, post)
        e.add(post_iri, RDF.type, ORG.Post)
        e.ko(post_iri, RDFS.label, post)
        e.add(post_iri, ORG.postIn, ids.ministry(self.ministry_key))
        membership = ids.membership(self.ministry_key, post, name)
        e.add(membership, RDF.type, ORG.Membership)
        e.add(membership, ORG.member, person)
        e.add(membership, ORG.organization, ids.ministry(self.ministry_key))
        e.add(membership, KG.post, post_iri)
        self.g.add(membership, KG.attestedOn, xsd_date(self.r.date))
        self.derive(membership, span)
        return person, post_iri

    def map_program_and_round(self) -> None:
        r, ids, e, g = self.r, self.ids, self.e, self.g
        program = ids.program(self.program_key)
        e.add(program, RDF.type, KG.Program)
        e.ko(program, SKOS.prefLabel, r.program)
        e.ko(program, RDFS.label, r.program)
        if self.program_ref is not None:
            e.en(program, SKOS.prefLabel, self.program_ref.name_en)
            e.en(program, RDFS.label, self.program_ref.name_en)
        e.add(program, KG.ministry, ids.ministry(self.ministry_key))

        rnd = ids.round(self.program_key, self.round_id)
        g.add(rnd, RDF.type, KG.SelectionRound)
        g.ko(
            rnd, RDFS.label, f"{r.year}년 {r.program}" + (f" ({self.round_number}차)" if self.round_number > 1 else "")
        )
        if self.program_ref is not None:
            suffix = f" (round {self.round_number})" if self.round_number > 1 else ""
            g.en(rnd, RDFS.label, f"{self.program_ref.name_en} {r.year}{suffix}")
        g.add(rnd, KG.program, program)
        g.add(rnd, KG.year, integer(r.year))
        g.add(rnd, KG.announcedOn, xsd_date(r.announced))
        g.add(rnd, KG.announcedBy, ids.ministry(self.ministry_key))
        g.add(rnd, KG.announcedIn, self.release_iri)
        call = r.call
        g.ko(rnd, KG.eligibleApplicants, call.eligible)
        for key in call.excluded_regions:
            g.add(rnd, KG.excludedRegion, ids.region(key))
        g.ko(rnd, KG.selectionMethod, call.method)
        if call.applicants is not None:
            g.add(rnd, KG.applicantCount, integer(call.applicants))
        selected = call.selected if call.selected is not None else len(r.projects)
        g.add(rnd, KG.regionsSelected, integer(selected))
        for key in call.selected_regions:
            g.add(rnd, KG.selectedRegion, ids.region(key))
        self.derive(rnd, call.span)
        for track in r.tracks:
            g.add(rnd, KG.track, TRACK[track.key])
            self.derive(rnd, track.span)
        if r.national_budget is not None:
            nb = r.national_budget
            budget = ids.national_budget(self.program_key, self.round_id)
            self.map_budget(budget, nb.amount, nb.span)
            g.add(budget, KG.fundingSource, literal("국비", lang="ko"))
            g.add(rnd, KG.nationalBudget, budget)
            if nb.period is not None:
                self.map_period(budget, nb.period.start_year, nb.period.end_year)

    def map_budget(self, iri: str, amount: Amount | None, span: Span | None, *, cls: str = KG.Budget) -> None:
        """A kg:Budget (or kg:FundingShare) in won; without ``amount`` only its type, currency and unit."""
        g = self.g
        g.add(iri, RDF.type, cls)
        g.add(iri, SCHEMA.currency, string("KRW"))
        g.add(iri, QUDT.unit, UNIT.CCY_KRW)
        if amount is not None:
            g.add(iri, SCHEMA.value, decimal(amount.value))
            g.add(iri, KG.approximate, boolean(amount.approximate))
            g.ko(iri, KG.amountText, amount.text)
        self.derive(iri, span)

    def map_period(self, budget: str, start: int, end: int) -> None:
        g = self.g
        period = self.ids.period(budget)
        g.add(budget, KG.period, period)
        g.add(period, RDF.type, TIME.ProperInterval)
        for prop, year, suffix in ((TIME.hasBeginning, start, "start"), (TIME.hasEnd, end, "end")):
            instant = self.ids.period_bound(period, suffix)
            g.add(period, prop, instant)
            g.add(instant, RDF.type, TIME.Instant)
            g.add(instant, IN_XSD_GYEAR, gyear(year))

    # -- regional projects and targets -------------------------------------------------------------

    def map_project(self, p: RegionalProject) -> None:
        """One project resource, linked to each of its regions (two or more for a consortium such as 광주·전남)."""
        r, ids, g = self.r, self.ids, self.g
        keys = tuple(dict.fromkeys(p.regions))  # in the order written, the lead region first
        iri = ids.project(self.program_key, self.round_id, keys)
        regions = [self.gazetteer[key] for key in keys]
        g.add(iri, RDF.type, KG.RegionalProject)
        g.ko(iri, RDFS.label, f"{r.program} {r.year} " + "·".join(region.name_at(r.date) for region in regions))
        if self.program_ref is not None:
            g.en(iri, RDFS.label, f"{self.program_ref.name_en} {r.year}: " + " · ".join(x.name_en for x in regions))
        g.add(iri, KG.round, ids.round(self.program_key, self.round_id))
        for key in keys:
            g.add(iri, KG.region, ids.region(key))
        g.add(
            iri,
            KG.focusIndustry,
            self.concept(INDUSTRY, p.industry, p.industry_text, minted=ids.minted_industry, scheme=SCHEME.industries),
        )
        g.ko(iri, KG.industryText, p.industry_text)
        for hub in p.hubs:
            g.add(iri, KG.hub, ids.region(hub))
        for name in p.unresolved_hubs:  # placed in the lead region (for review): the release does not say which
            g.add(iri, KG.hub, self.minted_sigungu(p.region, name))
        g.ko(iri, KG.planText, p.plan_text)
        self.derive(iri, p.span)
        self.derive(iri, p.plan_span)
        self.map_project_budget(iri, p, keys)
        for n, target in enumerate(p.targets, start=1):
            self.map_target(iri, ids.target(self.program_key, self.round_id, keys, n), target)

    def map_project_budget(self, project: str, p: RegionalProject, keys: tuple[str, ...]) -> None:
        """The project's one budget (총사업비), stated once however many regions, and its funding shares.

        No budget resource when the release states neither a total nor a share. Shares without a total: the
        budget holds only the shares (no schema:value) and is derived from their clauses. Shares whose sum
        exceeds the total contradict it (the shapes forbid it): the total is kept, the shares are left out
        with a warning rather than failing the whole build.
        """
        shares = p.shares
        line = (p.budget_span or p.plan_span).line
        unknown = [s for s in shares if s.source not in SHARE_SOURCES]
        if unknown:
            self.left_out.append(
                f"{self.r.path} line {line}: the {p.region_text} project's funding shares are left out: "
                f"unknown source {unknown[0].source!r} ({unknown[0].source_text!r})"
            )
            shares = ()
        elif p.budget is not None and sum(s.amount.value for s in shares) > p.budget.value:
            self.left_out.append(
                f"{self.r.path} line {line}: the {p.region_text} project's funding shares are left out: they add up "
                f"to more than its total {p.budget.text!r}: "
                + ", ".join(f"{s.source_text} {s.amount.text}" for s in shares)
            )
            shares = ()
        if p.budget is None and not shares:
            return
        g, ids = self.g, self.ids
        budget = ids.project_budget(self.program_key, self.round_id, keys)
        self.map_budget(budget, p.budget, p.budget_span)
        g.add(budget, KG.fundingSource, literal("총사업비", lang="ko"))
        g.add(project, KG.budget, budget)
        seen: Counter[str] = Counter()
        for share in shares:
            seen[share.source] += 1
            iri = ids.funding_share(budget, share.source, seen[share.source])
            g.add(budget, KG.fundingShare, iri)
            self.map_budget(iri, share.amount, share.span, cls=KG.FundingShare)
            g.ko(iri, KG.fundingSource, share.source_text)
            g.add(iri, KG.fundingSourceKey, string(share.source))
            if p.budget is None:  # the budget is known only through its shares
                self.derive(budget, share.span)

    def map_target(self, project: str, iri: str, t: Target) -> None:
        g = self.g
        g.add(project, KG.target, iri)
        g.add(iri, RDF.type, KG.Target)
        g.add(
            iri,
            KG.indicator,
            self.concept(INDICATOR, t.indicator, t.wording, minted=self.ids.minted_indicator, scheme=SCHEME.indicators),
        )
        g.add(iri, SCHEMA.value, decimal(t.amount.value))
        g.add(iri, SCHEMA.unitText, string(t.amount.unit))
        g.add(iri, QUDT.unit, UNITS.get(t.amount.unit, UNIT.NUM))
        g.add(iri, KG.approximate, boolean(t.amount.approximate))
        g.ko(iri, KG.phrase, t.phrase)
        g.ko(iri, KG.wording, t.wording)
        self.derive(iri, t.span)
        if t.baseline is not None:  # "현재 40% 수준인 … 80%까지": the level the target starts from
            baseline = self.ids.baseline(iri)
            g.add(iri, KG.baseline, baseline)
            g.add(baseline, RDF.type, KG.Baseline)
            g.add(baseline, SCHEMA.value, decimal(t.baseline.value))
            g.add(baseline, SCHEMA.unitText, string(t.baseline.unit))
            g.add(baseline, QUDT.unit, UNITS.get(t.baseline.unit, UNIT.NUM))
            g.add(baseline, KG.approximate, boolean(t.baseline.approximate))
            self.derive(baseline, t.span)

    def concept(
        self, namespace: Vocabulary, key: str | None, wording: str, *, minted: Callable[[str], str], scheme: str
    ) -> str:
        """The scheme's concept for ``key``; for an unknown key a concept minted from the wording,
        marked kg:needsReview so a curator can fold it into the scheme."""
        if key is not None and str(namespace[key]) in self.known:
            return namespace[key]
        iri = minted(wording)
        e = self.e
        e.add(iri, RDF.type, SKOS.Concept)
        e.add(iri, SKOS.inScheme, scheme)
        e.ko(iri, SKOS.prefLabel, wording)
        e.add(iri, KG.needsReview, boolean(True))
        self.minted.append(str(iri))
        return iri

    def minted_sigungu(self, parent: str, name: str) -> str:
        """A 시·군 the gazetteer does not list yet: named as written, inside its 시도, marked for review."""
        iri = self.ids.minted_sigungu(parent, name)
        e = self.e
        e.add(iri, RDF.type, KG.Sigungu)
        e.add(iri, RDF.type, SCHEMA.AdministrativeArea)
        e.ko(iri, SKOS.prefLabel, name)
        e.ko(iri, RDFS.label, name)
        e.add(iri, SCHEMA.containedInPlace, self.ids.region(parent))
        e.add(iri, KG.needsReview, boolean(True))
        self.minted.append(iri)
        return iri

    def map_quote(self, n: int, q: Quote) -> None:
        iri = self.ids.quote(self.r.slug, n)
        g = self.g
        person, post = self.map_membership(q.speaker.name, q.speaker.post, q.span)
        g.add(iri, RDF.type, SCHEMA.Quotation)
        g.ko(iri, SCHEMA.text, q.text)
        g.add(iri, SCHEMA.creator, person)
        g.add(iri, KG.speakerPost, post)
        g.add(iri, SCHEMA.isPartOf, self.release_iri)
        self.derive(iri, q.span)


def program_key(release: Release) -> str:
    """The program's IRI slug: its key in sources/programs.csv, else its Korean name slugified."""
    program = find_program(release.program)
    return program.key if program else slugify(release.program)


def round_id(year: int, number: int) -> str:
    """The round's IRI segment: the year, or "2019-2" for the second round of a program announced that year."""
    return str(year) if number == 1 else f"{year}-{number}"


def number_rounds(releases: list[Release]) -> list[int]:
    """Each release's round number within its program and year: 1 for the earliest announced, then 2, 3 …

    Deterministic for a given set of releases (ties broken by file name), so IRIs are stable across builds;
    a later release of the same program and year never renames an earlier round.
    """
    order = sorted(range(len(releases)), key=lambda i: (releases[i].announced, releases[i].slug))
    seen: dict[tuple[str, int], int] = {}
    numbers = [1] * len(releases)
    for i in order:
        key = (program_key(releases[i]), releases[i].year)
        seen[key] = numbers[i] = seen.get(key, 0) + 1
    return numbers


def map_release(
    release: Release, *, ids: Ids, gazetteer: Gazetteer, known_concepts: frozenset[str], round_number: int = 1
) -> MappedRelease:
    """Map one extracted release to its named graph plus the shared entities it mentions."""
    mapper = ReleaseMapper(
        release, ids=ids, gazetteer=gazetteer, known_concepts=known_concepts, round_number=round_number
    )
    return mapper.map()


def map_gazetteer(gazetteer: Gazetteer, *, ids: Ids) -> Triples:
    """The regions with their names through time, codes and links (VERIFIED identifiers only)."""
    t = Triples()
    country = ids.country("kr")
    t.add(country, RDF.type, SCHEMA.Country)
    t.ko(country, SKOS.prefLabel, "대한민국")
    t.en(country, SKOS.prefLabel, "South Korea")
    t.ko(country, RDFS.label, "대한민국")
    t.en(country, RDFS.label, "South Korea")
    t.add(country, OWL.sameAs, WD.Q884)
    t.add(country, KG.iso3166_1, string("KR"))
    classes = {"sido": KG.Sido, "sigungu": KG.Sigungu, "gu": KG.Gu}
    for region in gazetteer:
        iri = ids.region(region.key)
        t.add(iri, RDF.type, classes[region.level])
        t.add(iri, RDF.type, SCHEMA.AdministrativeArea)
        for prop in (SKOS.prefLabel, RDFS.label):
            t.ko(iri, prop, region.name_ko)
            t.en(iri, prop, region.name_en)
        for alt in {region.short, *region.aliases} - {None, ""}:
            t.ko(iri, SKOS.altLabel, alt)
        t.add(iri, SCHEMA.containedInPlace, ids.region(region.parent) if region.parent else country)
        add_codes(t, iri, region.identifiers)
        for dated in region.names:
            name = ids.dated_name(region.key, dated.name_ko)
            t.add(iri, KG.officialName, name)
            t.add(name, RDF.type, KG.DatedName)
            t.ko(name, KG.name, dated.name_ko)
            t.en(name, KG.nameEn, dated.name_en)
            t.add(name, KG.validFrom, xsd_date(dated.valid_from) if dated.valid_from else None)
            t.add(name, KG.validUntil, xsd_date(dated.valid_to) if dated.valid_to else None)
            add_codes(t, name, dated.identifiers)
    return t


CODE_PROPERTIES = {
    "bjd10": KG.legalDongCode,
    "bjd2": KG.legalDongSidoCode,
    "bjd5": KG.legalDongSigunguCode,
    "kostat": KG.kostatCode,
    "iso3166_2": KG.iso3166_2,
}


def add_codes(t: Triples, iri: str, identifiers: dict[str, str]) -> None:
    for scheme, value in identifiers.items():
        if scheme in CODE_PROPERTIES:
            t.add(iri, CODE_PROPERTIES[scheme], string(value))
        elif scheme == "wikidata":
            t.add(iri, OWL.sameAs, WD[value])
        elif scheme == "geonames":
            t.add(iri, SCHEMA.sameAs, GEONAMES[f"{value}/"])


__all__ = ["MappedRelease", "map_gazetteer", "map_release"]
