"""``board-summary``: what a board member needs in two pages, drafted from the evidence.

1. **Position**: the area's crime rate beside its police force area's, its county's and,
   when their data is held, its similar areas' and England and Wales's.
2. **The changes that matter most**: of the indicators whose change is significant by q
   (the Benjamini–Hochberg q-value across the assessment's indicator table, q < α), the
   largest by the number of extra or fewer records (at most five); for each, when it
   began and what drove it (:mod:`saferplaces.indicators.drivers`: the wards, and for all
   crime the crime types, that together make up at least half of the change).
3. **What the board is asked to decide**: the top of the prioritisation matrix when the
   spec names a workshop sheet (``priorities:``), else the recommendations.

Every number is one the tables print (the indicator table, the ward tables, the
district table); nothing is quoted that the edition hides.
"""

from __future__ import annotations

from pathlib import Path

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.common import ALL_CRIME_ID, per_text
from saferplaces.assessment.formatting import short_period_label
from saferplaces.assessment.registry import SectionKind
from saferplaces.assessment.sections.common import drafted_parts
from saferplaces.assessment.sections.findings import hides_change
from saferplaces.assessment.spec import ChapterSpec, SpecError
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import MONTH_NAMES, format_month
from saferplaces.document.formatting import fmt
from saferplaces.document.model import (
    Callout,
    ListBlock,
    Narrative,
    Paragraph,
    Run,
    Section,
    Subheading,
    anchor,
)
from saferplaces.indicators.drivers import Began, Contribution, began, contributors
from saferplaces.indicators.police import IndicatorRow
from saferplaces.indicators.registry import Indicator, headline_indicators
from saferplaces.indicators.stats import DECREASE, INCREASE

MOST = 5  # changes listed at most


def long_month(month: str) -> str:
    """``2025-05`` -> ``May 2025``."""
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


def crime_types() -> list[Indicator]:
    """The police.uk crime types that make up all crime (ASB is not a crime)."""
    return [
        i
        for i in headline_indicators()
        if i.source == "police-uk" and not i.total and i.id != "anti-social-behaviour"
    ]


def significant_changes(ctx: BuildContext) -> list[IndicatorRow]:
    """The changes that matter most: significant by q (q < α), then the largest by the
    absolute change, at most :data:`MOST`; never one whose counts the edition hides."""
    rows = [
        r
        for r in ctx.master().rows
        if r.classification in (INCREASE, DECREASE)
        and r.q_value is not None
        and r.q_value < ctx.alpha
        and not hides_change(ctx, r)
    ]
    return sorted(rows, key=lambda r: (-abs(r.change), r.q_value, r.indicator))[:MOST]


def ward_contributors(ctx: BuildContext, ind: Indicator) -> tuple[list[Contribution], bool]:
    """(the wards that make up at least half of the change, whether any contributing
    ward was left unnamed because the edition hides its small counts)."""
    if ind.resolution != "lsoa" and not ind.ward_events:
        return [], False
    wards = [r for r in ctx.wards(ind).rows if r.level == "ward"]
    found = contributors({r.name: (r.baseline_count, r.count) for r in wards})
    d = ctx.disclosure
    if not d.applies(sensitive=ind.sensitive, level="ward"):
        return found, False
    shown = [c for c in found if not (d.is_small(c.before) or d.is_small(c.after))]
    return shown, len(shown) < len(found)


def type_contributors(ctx: BuildContext) -> list[tuple[Indicator, Contribution]]:
    """For all crime: the crime types that make up at least half of its change (empty
    when the types do not add up to all crime, e.g. a month missing from one)."""
    total = ctx.indicator(ALL_CRIME_ID)
    types = [t for t in crime_types() if ctx.has_data(t)]
    if total is None or not types:
        return []
    rows = {t.id: ctx.row(t) for t in types}
    whole = ctx.row(total)
    if (
        sum(r.count for r in rows.values()) != whole.count
        or sum(r.baseline_count for r in rows.values()) != whole.baseline_count
    ):
        return []
    by_name = {t.name: t for t in types}
    found = contributors({t.name: (rows[t.id].baseline_count, rows[t.id].count) for t in types})
    return [(by_name[c.part], c) for c in found]


def when_began(ctx: BuildContext, ind: Indicator, r: IndicatorRow) -> Began | None:
    series = ctx.monthly(ind)
    if ctx.missing(ind) or not series:
        return None
    base = sum(1 for m, _ in series if m <= format_month(ctx.baseline.last))
    return began(
        [m for m, _ in series],
        [int(n) for _, n in series],
        base,
        rising=r.change > 0,
        alpha=ctx.alpha,
    )


def _parts(found: list[Contribution], lower: bool = False) -> str:
    def one(c: Contribution) -> str:
        name = c.part[:1].lower() + c.part[1:] if lower else c.part
        return f"{name} ({fmt(c.change, 'signed')}, {100 * c.share:.0f}% of the change)"

    names = [one(c) for c in found]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _began_text(b: Began | None, r: IndicatorRow, baseline: str) -> str:
    if b is None:
        return "No month the change began stands out: it is spread across the year."
    side = "above" if r.change > 0 else "below"
    verb = "rise" if r.change > 0 else "fall"
    if b.how == "shift":
        return (
            f"The {verb} began in {long_month(b.month)}: from then, seven or more months in a "
            f"row were {side} the {baseline} average."
        )
    p = "p < 0.001" if (b.p_value or 0) < 0.001 else f"p = {b.p_value:.3f}"
    return (
        f"The {verb} began in {long_month(b.month)}: one rate before and one after that "
        f"month fit the months better than one rate throughout ({p})."
    )


def change_item(ctx: BuildContext, r: IndicatorRow) -> list[Run]:
    """One change that matters: the counts, when it began and what drove it."""
    ind = ctx.indicator(r.indicator_id)
    assert ind is not None
    P, B = short_period_label(ctx.period), short_period_label(ctx.baseline)

    def count(n: int) -> str:
        return ctx.disclosure.count_text(n, sensitive=r.sensitive, level=ctx.area.level)

    verb = "rose" if r.change > 0 else "fell"
    pct = "" if r.change_pct is None else f", {fmt(r.change_pct, 'pct')}"
    q = "q < 0.001" if r.q_value < 0.001 else f"q = {r.q_value:.3f}"
    text = (
        f" {verb} from {count(r.baseline_count)} {ind.unit} in {B} to {count(r.count)} in {P} "
        f"({fmt(r.change, 'signed')}{pct}; {q}). " + _began_text(when_began(ctx, ind, r), r, B)
    )
    if ind.id == ALL_CRIME_ID:
        types = type_contributors(ctx)
        if types:
            text += (
                " The crime types that make up at least half of it: "
                + _parts([c for _, c in types], lower=True)
                + "."
            )
    wards, unnamed = ward_contributors(ctx, ind)
    if wards:
        text += " The wards that make up at least half of it: " + _parts(wards) + "."
    if unnamed:
        text += " Wards with small numbers are not named in this edition."
    return [Run(ind.name, bold=True), Run(text)]


def position(ctx: BuildContext) -> Paragraph | None:
    """The area's crime rate beside its force's, its county's and its peers'."""
    total = ctx.indicator(ALL_CRIME_ID)
    if total is None or not ctx.has_data(total):
        return None
    r = ctx.row(total)
    if r.rate_per_1000 is None:
        return None
    P = short_period_label(ctx.period)
    per = per_text(total)
    beside = []
    districts = ctx.districts(total)
    force = (
        next((x for x in districts.rows if x.level == "force total"), None) if districts else None
    )
    if force is not None and force.rate_per_1000 is not None:
        beside.append(f"{ctx.force.name} police force area {fmt(force.rate_per_1000, 'rate')}")
    county = _county_rate(ctx, total)
    if county:
        beside.append(county)
    beside += _peer_rates(ctx, total)
    facts = drafted_parts(ctx, total)
    text = (
        f"In {P}, {ctx.area.name} had {r.count:,} crimes recorded by the police, "
        f"{fmt(r.rate_per_1000, 'rate')} {per}, against {facts['baseline']} in {facts['B']} "
        f"({facts['change']}: {facts['class']})"
    )
    if beside:
        text += "; beside it, " + "; ".join(beside) + f" {per}"
    text += "."
    return Paragraph([Run(text)])


def _county_rate(ctx: BuildContext, total: Indicator) -> str:
    from saferplaces.geography.areas import resolve_area
    from saferplaces.indicators.police import indicator_table
    from saferplaces.planning.queries import county_of

    name = county_of(ctx.wh, ctx.area)
    if not name:
        return ""
    county = resolve_area(ctx.wh, name, ("county",))
    row = indicator_table(ctx.wh, county, ctx.period, ctx.baseline, [total], alpha=ctx.alpha).rows[
        0
    ]
    return f"{name} {fmt(row.rate_per_1000, 'rate')}" if row.rate_per_1000 is not None else ""


def _peer_rates(ctx: BuildContext, total: Indicator) -> list[str]:
    """Similar areas' and England and Wales's rates, when their data is held."""
    from saferplaces.indicators.benchmarks import benchmarks

    try:
        b = benchmarks(ctx.wh, ctx.area, ctx.period, [total]).row(total.id)
    except SaferplacesError:
        return []
    out = []
    if b and b.similar_rate_per_1000 and b.similar_held:
        rate = fmt(b.similar_rate_per_1000, "rate")
        out.append(f"its similar areas ({b.similar_held} held) {rate}")
    if b and b.england_wales_rate_per_1000:
        out.append(f"England and Wales {fmt(b.england_wales_rate_per_1000, 'rate')}")
    return out


def decision(ctx: BuildContext, chapter: ChapterSpec) -> list:
    """What the board is asked to decide: the matrix's top issues, else the
    recommendations (or where they will be)."""
    sheet = chapter.get("priorities")
    if sheet:
        return [_matrix(ctx, chapter, Path(str(sheet)))]
    found = ctx.narrative.get("recommendations")
    if found is not None and found[2]:
        return [
            Paragraph(
                [
                    Run("The board is asked to agree the "),
                    Run("recommendations", href="#" + anchor("recommendations")),
                    Run(" as the partnership's priorities for the coming year."),
                ]
            )
        ]
    return [
        Paragraph(
            [
                Run(
                    "The board is asked to agree the partnership's priorities for the coming "
                    "year from the changes above. The analyst's recommendations are not yet "
                    "written: they are listed on the page "
                ),
                Run("For the analyst", href="#" + anchor("for-the-analyst")),
                Run(
                    " (recommendations.md), or a prioritisation workshop's scores can rank the "
                    "issues (the spec's "
                ),
                Run("priorities:", code=True),
                Run(")."),
            ]
        )
    ]


def _matrix(ctx: BuildContext, chapter: ChapterSpec, path: Path) -> Paragraph | ListBlock:
    from saferplaces.priorities.prioritise import prioritise
    from saferplaces.priorities.sheet import read_sheet

    if not path.is_absolute() and chapter.file:
        path = Path(chapter.file).parent / path
    try:
        result = prioritise(
            ctx.wh, ctx.area, ctx.period, ctx.baseline, read_sheet(path), alpha=ctx.alpha
        )
    except SaferplacesError as e:
        raise SpecError(f"{chapter.file}, line {chapter.line}, field 'priorities': {e}") from None
    top = result.scored[:MOST]
    if not top:
        return Paragraph([Run(f"The prioritisation workshop sheet {path.name} scores no issue.")])
    return ListBlock(
        [
            [
                Run(i.candidate.name, bold=True),
                Run(
                    f": priority score {float(i.score.score):.1f} (rank {i.rank}; impact "
                    f"{float(i.score.impact):.2f}, likelihood {float(i.score.likelihood):.2f}, "
                    f"confidence {i.score.confidence})."
                ),
            ]
            for i in top
        ],
        ordered=True,
    )


def build_board_summary(ctx: BuildContext, chapter: ChapterSpec) -> Section | None:
    blocks: list = []
    where = position(ctx)
    if where is not None:
        blocks += [Subheading("Where the area stands"), where]
    changes = significant_changes(ctx)
    blocks.append(Subheading("The changes that matter most"))
    P, B = short_period_label(ctx.period), short_period_label(ctx.baseline)
    if changes:
        blocks += [
            Paragraph(
                [
                    Run(
                        f"The largest of the changes between {B} and {P} that are significant "
                        f"across the assessment's indicators (q < {ctx.alpha:g}), with when each "
                        "began and what drove it:"
                    )
                ]
            ),
            ListBlock([change_item(ctx, r) for r in changes]),
        ]
    else:
        blocks.append(
            Paragraph(
                [
                    Run(
                        f"No indicator changed significantly between {B} and {P} "
                        f"(q < {ctx.alpha:g})."
                    )
                ]
            )
        )
    blocks += [Subheading("What the board is asked to decide"), *decision(ctx, chapter)]
    body = Narrative(blocks, origin="drafted", draft=True)
    return Section(
        chapter.id,
        chapter.title,
        blocks=[Callout("Draft board summary", body, kind="draft")],
        kind="board-summary",
        in_contents=bool(chapter.get("in_contents", True)),
    )


# The kinds this module adds (see the assessment plugin).
KINDS = (
    SectionKind(
        "board-summary",
        build_board_summary,
        {"priorities": str, "in_contents": bool},
        help="Board summary: the area's position, the changes that matter most (when each "
        "began, what drove it), what the board is asked to decide (`priorities`: a "
        "prioritisation workshop sheet).",
        late=True,
    ),
)
