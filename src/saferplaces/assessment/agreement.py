"""The county community safety agreement, built as a :class:`Document`.

In two-tier areas the county strategy group prepares each year a community safety
agreement from the district partnerships' strategic assessments (the Crime and Disorder
(Formulation and Implementation of Strategy) Regulations 2007), and sends it to the
Police and Crime Commissioner. :func:`build_agreement` makes it from the warehouse (the
county's and every district's evidence, each district beside its similar areas) and from
what the partnerships recorded (:class:`DistrictInput`, :class:`CountyInput`: each
district's published priorities, action plan status and place flags; the county's
agreed actions), which the web app reads through its county visibility rule and the CLI
through the same. Sections:

1. about this agreement; 2. summary; 3. shared priorities across districts (priorities
grouped by theme, :data:`THEMES`); 4. county-level evidence (the county's indicators
with honest change, and its districts side by side); 5. what each district contributes
(one section per district of the county); 6. the county's agreed actions; 7. data notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from saferplaces.core.periods import Period
from saferplaces.document.formatting import fmt
from saferplaces.document.model import (
    Cell,
    Column,
    DetailsBox,
    Document,
    ListBlock,
    Narrative,
    Paragraph,
    Run,
    Section,
    Table,
)
from saferplaces.document.tables import cell
from saferplaces.geography.areas import Area
from saferplaces.indicators.benchmarks import Benchmarks, benchmarks
from saferplaces.indicators.registry import headline_indicators
from saferplaces.indicators.side_by_side import SideBySide, side_by_side
from saferplaces.indicators.stats import DECREASE, INCREASE, NOT_COMPARED
from saferplaces.quality.coverage import credit_of
from saferplaces.warehouse.connection import Warehouse

KIND = "community safety agreement"
SHORT = {
    INCREASE: "▲ significant increase",
    DECREASE: "▼ significant decrease",
    NOT_COMPARED: "not compared",
}
ARROW = {INCREASE: "▲", DECREASE: "▼"}

# Themes that priorities worded differently by each district share: a priority belongs to
# the first theme one of whose words or phrases it contains (whole words, any case).
THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Domestic abuse and violence against women and girls",
        ("domestic abuse", "domestic violence", "violence against women", "vawg", "sexual"),
    ),
    ("Serious violence and weapons", ("serious violence", "violence", "knife", "weapon")),
    (
        "Exploitation, county lines and drugs",
        ("exploitation", "county lines", "drug", "drugs", "substance"),
    ),
    ("Anti-social behaviour", ("anti-social", "antisocial", "asb", "nuisance")),
    ("Acquisitive crime", ("burglary", "theft", "shoplifting", "vehicle", "acquisitive")),
    ("Fraud and scams", ("fraud", "scam", "scams", "cyber")),
    ("Hate crime and community cohesion", ("hate", "cohesion", "prevent", "extremism")),
    ("Reducing reoffending", ("reoffending", "offending", "offender", "offenders")),
    ("Road safety", ("road", "speeding", "roads")),
    (
        "Vulnerable people and young people",
        ("vulnerable", "vulnerability", "young people", "youth", "children", "safeguarding"),
    ),
)


@dataclass(frozen=True)
class DistrictInput:
    """What a district's partnership recorded and publishes to the county (empty when the
    district has no partnership here, or publishes nothing of a kind)."""

    code: str  # the district (LAD 2024)
    name: str
    partnership: str | None = None
    plan_year: str | None = None
    priorities: tuple[str, ...] = ()
    rag: tuple[tuple[str, int], ...] = ()  # (status, actions) of its latest plan year
    rag_year: str | None = None
    flags: tuple[tuple[str, str], ...] | None = None  # (ward, category); None: not published
    flags_period: str = ""
    publishes: tuple[str, ...] = ()  # what it publishes to the county, in words


@dataclass(frozen=True)
class CountyAction:
    number: str
    priority: str
    text: str
    lead: str
    timescale: str
    rag: str


@dataclass(frozen=True)
class CountyInput:
    partnership: str | None = None
    plan_year: str | None = None
    priorities: tuple[str, ...] = ()
    actions: tuple[CountyAction, ...] = ()
    sent_to: str = "the Police and Crime Commissioner"


@dataclass
class AgreementContext:
    wh: Warehouse
    county: Area
    period: Period
    baseline: Period
    evidence: SideBySide
    peers: dict[str, Benchmarks] = field(default_factory=dict)
    tables: int = 0

    def table_id(self, stem: str) -> str:
        self.tables += 1
        return f"{stem}-{self.tables}"


def theme_of(title: str) -> str:
    """The theme a priority's title belongs to, or the title itself."""
    text = title.casefold()
    for theme, words in THEMES:
        if any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
            return theme
    return title.strip()


def shared_priorities(districts: list[DistrictInput]) -> list[tuple[str, dict[str, str]]]:
    """[(theme, {district name: its priority title})], the themes most districts share
    first (then A to Z)."""
    themes: dict[str, dict[str, str]] = {}
    for d in districts:
        for title in d.priorities:
            themes.setdefault(theme_of(title), {}).setdefault(d.name, title)
    return sorted(themes.items(), key=lambda kv: (-len(kv[1]), kv[0]))


# ------------------------------------------------------------------------------ helpers


def place(county: Area) -> str:
    """The county as a place ("Cambridgeshire"), not its council."""
    return county.name.removesuffix(" County Council")


def _p(*parts: str | Run) -> Paragraph:
    return Paragraph([p if isinstance(p, Run) else Run(p) for p in parts])


def _prose(*paragraphs: Paragraph | ListBlock) -> Narrative:
    return Narrative(list(paragraphs), origin="drafted")


def _bullets(items: list[str]) -> ListBlock:
    return ListBlock([[Run(i)] for i in items])


def _table(
    ctx,
    stem: str,
    caption: str,
    columns: list[Column],
    rows: list[list[Cell]],
    source: str = "",
    notes: list[str] | None = None,
) -> Table:
    return Table(ctx.table_id(stem), caption, columns, rows, source=source, notes=notes or [])


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _change(row) -> str:
    return SHORT.get(row.classification, "no significant change")


# ----------------------------------------------------------------------------- sections


def _about(ctx: AgreementContext, county: CountyInput, districts: list[DistrictInput]) -> Section:
    with_partnership = [d for d in districts if d.partnership]
    body = _prose(
        _p(
            f"This is the community safety agreement of "
            f"{county.partnership or place(ctx.county) + ' county strategy group'} for "
            f"{place(ctx.county)}. In two-tier areas the county strategy group prepares it "
            "each year from the district partnerships' strategic assessments (the Crime and "
            "Disorder (Formulation and Implementation of Strategy) Regulations 2007), to agree "
            "the priorities the county and its districts share and how they will work on them "
            f"together, and sends it to {county.sent_to}."
        ),
        _p(
            f"It covers the {len(districts)} districts of {place(ctx.county)}: "
            + ", ".join(d.name for d in districts)
            + f". The evidence is for {ctx.period.label}, compared with {ctx.baseline.label}. "
            f"{len(with_partnership)} of the districts' partnerships use saferplaces and "
            "publish to the county what this agreement shows of them; a record restricted to a "
            "district is never in it."
        ),
    )
    return Section("about", "About this agreement", [body])


def _summary(ctx: AgreementContext, districts: list[DistrictInput], county: CountyInput) -> Section:
    items = []
    ev = ctx.evidence
    all_crime = ev.cell("all-crime", ctx.county.code)
    items.append(
        f"All crime in {ctx.county.name}: {fmt(all_crime.count, 'int')} recorded crimes in "
        f"{ctx.period.label} against {fmt(all_crime.baseline_count, 'int')} in "
        f"{ctx.baseline.label} ({fmt(all_crime.change, 'signed')}; {_change(all_crime)})."
    )
    for kind, word in ((INCREASE, "rose significantly"), (DECREASE, "fell significantly")):
        moved = [
            f"{ind.name} in {a.name}"
            for ind in ev.indicators
            for a in ev.districts
            if ev.cell(ind.id, a.code).classification == kind and not ind.total
        ]
        if moved:
            shown = "; ".join(moved[:8]) + ("; and others" if len(moved) > 8 else "")
            items.append(f"{word.capitalize()} (district by district): {shown}.")
    shared = [(t, ds) for t, ds in shared_priorities(districts) if len(ds) > 1]
    if shared:
        items.append(
            "Priorities shared by more than one district: "
            + "; ".join(f"{t} ({len(ds)} districts)" for t, ds in shared)
            + "."
        )
    else:
        items.append("No priority is shared by two or more districts' published priorities.")
    if county.actions:
        items.append(f"The county has agreed {len(county.actions)} actions (section 6).")
    return Section("summary", "Summary", [_prose(_bullets(items))])


def _shared(ctx: AgreementContext, districts: list[DistrictInput]) -> Section:
    themes = shared_priorities(districts)
    publishing = [d for d in districts if d.priorities]
    blocks: list = [
        _prose(
            _p(
                "Each district's published priorities, grouped by theme: a priority belongs to "
                "a theme when its title names it (domestic abuse, violence, drugs, anti-social "
                "behaviour...). A theme held by two or more districts is shared; the county's "
                "own priorities follow."
            )
        )
    ]
    if themes:
        cols = [Column("theme", "Theme", row_header=True), Column("n", "Districts", "int")]
        cols += [Column(f"d{i}", d.name) for i, d in enumerate(publishing)]
        rows = []
        for theme, holders in themes:
            line = [Cell(theme, theme), cell(len(holders), "int")]
            line += [Cell(holders.get(d.name, "–"), holders.get(d.name)) for d in publishing]
            rows.append(line)
        blocks.append(
            _table(
                ctx,
                "shared-priorities",
                f"Priorities of the districts of {ctx.county.name} by theme",
                cols,
                rows,
                source="The district partnerships' priorities as each publishes them to the "
                "county.",
            )
        )
    silent = [d.name for d in districts if not d.priorities]
    if silent:
        blocks.append(
            _prose(_p("No priorities published to the county by: " + ", ".join(silent) + "."))
        )
    return Section("shared-priorities", "Shared priorities across districts", blocks)


def _county_evidence(ctx: AgreementContext) -> Section:
    ev = ctx.evidence
    me = ev.tables[ctx.county.code]
    credit = credit_of(ctx.wh, "police-uk")
    cols = [
        Column("indicator", "Indicator", row_header=True),
        Column("count", "Count", "int"),
        Column("baseline", "Baseline", "int"),
        Column("change", "Change", "signed"),
        Column("change_pct", "Change %", "pct"),
        Column("rate", "Rate per 1,000", "rate"),
        Column("p", "p", "p"),
        Column("change_is", "Is the change real?"),
    ]
    rows = [
        [
            Cell(r.indicator, r.indicator),
            cell(r.count, "int"),
            cell(r.baseline_count, "int"),
            cell(r.change, "signed") if r.classification != NOT_COMPARED else cell(None),
            cell(r.change_pct, "pct") if r.classification != NOT_COMPARED else cell(None),
            cell(r.rate_per_1000, "rate"),
            cell(r.p_value, "p"),
            Cell(_change(r), r.classification),
        ]
        for r in me.rows
    ]
    county_table = _table(
        ctx,
        "county-indicators",
        f"Crime and anti-social behaviour in {ctx.county.name}, {ctx.period.label} compared "
        f"with {ctx.baseline.label}",
        cols,
        rows,
        source=credit,
        notes=[n for n in me.notes if not n.startswith("Force totals")],
    )
    dcols = [Column("indicator", "Indicator", row_header=True)]
    dcols += [Column(a.code, f"{a.name}: rate per 1,000", "text") for a in ev.columns]
    drows = []
    for ind in ev.indicators:
        line = [Cell(ind.name, ind.name)]
        for a in ev.columns:
            r = ev.cell(ind.id, a.code)
            text = fmt(r.rate_per_1000, "rate")
            if r.classification in ARROW:
                text += f" {ARROW[r.classification]}"
            line.append(Cell(text, r.rate_per_1000))
        drows.append(line)
    districts_table = _table(
        ctx,
        "districts-side-by-side",
        f"The districts of {ctx.county.name} side by side: rate per 1,000 residents "
        f"(households for burglary), {ctx.period.label}",
        dcols,
        drows,
        source=credit,
        notes=[
            "▲ a significant increase, ▼ a significant decrease on the baseline (exact "
            "conditional test at the 5% level, each district on its own figures); no mark: no "
            "significant change or not compared.",
            *ev.notes,
        ],
    )
    return Section(
        "county-evidence",
        "County-level evidence",
        [
            _prose(
                _p(
                    "The county's figures are its districts' together. Rates are per 1,000 "
                    "usual residents (Census 2021), households for burglary; a change is "
                    "called significant only when the exact test says so, and the absolute "
                    "change is always shown beside the percentage."
                )
            ),
            county_table,
            districts_table,
        ],
    )


def _district(ctx: AgreementContext, d: DistrictInput) -> Section:
    ev = ctx.evidence
    blocks: list = []
    who = d.partnership or f"{d.name} has no partnership recorded in saferplaces"
    publishes = ", ".join(d.publishes) if d.publishes else "nothing beyond the evidence"
    blocks.append(_prose(_p(f"{who}. Publishes to the county: {publishes}.")))
    bm = ctx.peers.get(d.code)
    cols = [
        Column("indicator", "Indicator", row_header=True),
        Column("count", "Count", "int"),
        Column("change", "Change", "signed"),
        Column("change_is", "Is the change real?"),
        Column("rate", "Rate per 1,000", "rate"),
        Column("similar", "Similar areas' average", "rate"),
    ]
    rows = []
    for ind in ev.indicators:
        r = ev.cell(ind.id, d.code)
        b = bm.row(ind.id) if bm else None
        rows.append(
            [
                Cell(ind.name, ind.name),
                cell(r.count, "int"),
                cell(r.change, "signed") if r.classification != NOT_COMPARED else cell(None),
                Cell(_change(r), r.classification),
                cell(r.rate_per_1000, "rate"),
                cell(b.similar_rate_per_1000 if b else None, "rate"),
            ]
        )
    notes = list(bm.notes) if bm else []
    blocks.append(
        _table(
            ctx,
            f"district-{d.code}",
            f"{d.name}: crime and anti-social behaviour, {ctx.period.label} compared with "
            f"{ctx.baseline.label}, beside its similar areas",
            cols,
            rows,
            source=credit_of(ctx.wh, "police-uk"),
            notes=notes,
        )
    )
    if d.priorities:
        blocks.append(
            _prose(
                _p(f"Priorities ({d.plan_year or 'latest plan year'}):"),
                ListBlock([[Run(t)] for t in d.priorities], ordered=True),
            )
        )
    else:
        blocks.append(_prose(_p("Priorities: none published to the county.")))
    if d.rag:
        total = sum(n for _, n in d.rag)
        parts = ", ".join(f"{n} {label.lower()}" for label, n in d.rag if n)
        blocks.append(
            _prose(
                _p(
                    f"Action plan {d.rag_year or ''}: {total} actions ({parts or 'none'}).".replace(
                        "  ", " "
                    )
                )
            )
        )
    if d.flags is not None:
        if d.flags:
            blocks.append(
                _prose(
                    _p(f"Place flags ({d.flags_period}): wards on the partnership's list:"),
                    _bullets([f"{ward}: {category}" for ward, category in d.flags]),
                )
            )
        else:
            blocks.append(
                _prose(_p(f"Place flags ({d.flags_period or 'no run yet'}): no ward listed."))
            )
    return Section(f"district-{d.code.lower()}", d.name, blocks)


def _county_actions(ctx: AgreementContext, county: CountyInput) -> Section:
    blocks: list = []
    if county.priorities:
        blocks.append(
            _prose(
                _p(f"The county's priorities ({county.plan_year or 'latest plan year'}):"),
                ListBlock([[Run(t)] for t in county.priorities], ordered=True),
            )
        )
    if county.actions:
        cols = [
            Column("number", "No.", row_header=True),
            Column("priority", "Priority"),
            Column("action", "Action"),
            Column("lead", "Lead"),
            Column("timescale", "Timescale"),
            Column("rag", "Status"),
        ]
        rows = [
            [
                Cell(a.number, a.number),
                Cell(a.priority, a.priority),
                Cell(a.text, a.text),
                Cell(a.lead or "–", a.lead),
                Cell(a.timescale or "–", a.timescale),
                Cell(a.rag or "Not yet rated", a.rag),
            ]
            for a in county.actions
        ]
        blocks.append(
            _table(
                ctx,
                "county-actions",
                f"The county's agreed actions ({county.plan_year or 'latest plan year'})",
                cols,
                rows,
                source=f"{county.partnership or 'The county partnership'}: its action plan.",
            )
        )
    else:
        blocks.append(
            _prose(
                _p(
                    "No county actions are recorded yet: the county partnership records them in "
                    "its action plan (saferplaces web app, Action plan)."
                )
            )
        )
    return Section("county-actions", "The county's agreed actions", blocks)


def _notes(ctx: AgreementContext) -> Section:
    return Section(
        "data-notes",
        "Data notes",
        [
            _prose(
                _bullets(
                    [
                        credit_of(ctx.wh, "police-uk")
                        + ": street-level crime and anti-social behaviour records, located by "
                        "LSOA (2021) and placed in districts through the ONS best-fit lookup.",
                        "Rates: Census 2021 usual residents (households for burglary).",
                        "Change: the exact conditional test (C-test) at the 5% level; a period "
                        "with months missing is not compared.",
                        "Similar areas: each district's 15 nearest districts of England and "
                        "Wales over seven standardised open variables (saferplaces' similar "
                        "areas, not the Home Office's most similar groups); their average is "
                        "made only of those whose data is held.",
                        "Contains public sector information licensed under the Open "
                        "Government Licence v3.0.",
                    ]
                )
            )
        ],
        appendix=True,
    )


def build_agreement(
    wh: Warehouse,
    county: Area,
    period: Period,
    baseline: Period | None = None,
    *,
    districts: list[DistrictInput] | None = None,
    county_input: CountyInput | None = None,
    produced: date | None = None,
) -> Document:
    """The community safety agreement of ``county`` for ``period``: one section for every
    district of the county (those not in ``districts`` with their evidence only)."""
    from saferplaces.geography.areas import districts_of

    if county.level != "county":
        raise ValueError(f"{county.describe} is not a county")
    baseline = baseline or period.previous()
    ev = side_by_side(wh, county, period, baseline, headline_indicators())
    given = {d.code: d for d in districts or []}
    every = [
        given.get(code) or DistrictInput(code, name) for code, name in districts_of(wh, county)
    ]
    county_input = county_input or CountyInput()
    ctx = AgreementContext(wh, county, period, baseline, ev)
    for a in ev.districts:
        ctx.peers[a.code] = benchmarks(wh, a, period, ev.indicators)
    produced = produced or date.today()
    sections = [
        Section(
            "details",
            "Document details",
            [
                DetailsBox(
                    [
                        ("Document", "Community safety agreement"),
                        ("County", f"{place(county)} ({county.code})"),
                        (
                            "Prepared by",
                            county_input.partnership or f"{place(county)} county strategy group",
                        ),
                        ("Period", f"{period.label}, compared with {baseline.label}"),
                        ("Districts", ", ".join(d.name for d in every)),
                        ("For", _upper_first(county_input.sent_to.removeprefix("the "))),
                        ("Produced", f"{produced:%-d %B %Y}"),
                    ]
                )
            ],
            in_contents=False,
        ),
        _about(ctx, county_input, every),
        _summary(ctx, every, county_input),
        _shared(ctx, every),
        _county_evidence(ctx),
        Section(
            "districts",
            "What each district contributes",
            [
                _prose(
                    _p(
                        "For each district: its evidence beside its similar areas, and what its "
                        "partnership publishes to the county."
                    )
                )
            ],
            children=[_district(ctx, d) for d in every],
        ),
        _county_actions(ctx, county_input),
        _notes(ctx),
    ]
    doc = Document(
        title="Community safety agreement",
        subtitle=f"{place(county)}, {period.label}",
        area=place(county),
        sections=sections,
        edition="public",
        attribution=[
            "Contains public sector information licensed under the Open Government Licence v3.0."
        ],
        created=produced.isoformat(),
        meta={"county": county.code, "period": period.spec, "baseline": baseline.spec},
    )
    doc.number()
    return doc
