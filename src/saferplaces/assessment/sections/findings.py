"""``key-findings``: drafted from the significant changes until the analyst writes them.

A change is a key finding only when it is significant after allowing for the number of
indicators tested: its Benjamini–Hochberg q-value across the assessment's indicator table
(every indicator the spec uses) is below α. With thirty indicators, one in twenty would
pass p < 0.05 by chance alone; a board should not be asked to act on those."""

from __future__ import annotations

from saferplaces.assessment.context import ILLUSTRATIVE, BuildContext
from saferplaces.assessment.elements.common import ALL_CRIME_ID
from saferplaces.assessment.formatting import short_period_label
from saferplaces.assessment.registry import SectionKind
from saferplaces.assessment.sections.common import slot
from saferplaces.assessment.spec import ChapterSpec
from saferplaces.document.formatting import fmt
from saferplaces.document.model import Callout, ListBlock, Narrative, Paragraph, Run, Section
from saferplaces.indicators.police import IndicatorRow
from saferplaces.indicators.stats import DECREASE, INCREASE, NOT_COMPARED


def _p(p: float | None, name: str = "p") -> str:
    if p is None:
        return "not tested"
    return f"{name} < 0.001" if p < 0.001 else f"{name} = {p:.3f}"


def is_key_finding(r: IndicatorRow, alpha: float) -> bool:
    """A significant change by p whose q-value (across the table's rows) is below α."""
    return r.classification in (INCREASE, DECREASE) and r.q_value is not None and r.q_value < alpha


def _finding(ctx: BuildContext, r: IndicatorRow) -> list[Run]:
    ind = ctx.indicator(r.indicator_id)
    P, B = short_period_label(ctx.period), short_period_label(ctx.baseline)

    def count(n: int) -> str:
        return ctx.disclosure.count_text(n, sensitive=r.sensitive, level=ctx.area.level)

    key = is_key_finding(r, ctx.alpha)
    # A significant change's direction is that of the rates (periods may differ in length).
    rising = r.classification == INCREASE if key else r.change > 0
    verb = "rose" if rising else "fell"
    if r.change == 0:
        verb = "was unchanged"
    pct = "" if r.change_pct is None else f", {fmt(r.change_pct, 'pct')}"
    unit = ind.unit if ind else "records"
    if key:
        tail = (
            "a significant increase" if r.classification == INCREASE else "a significant decrease"
        )
        tested = f"{_p(r.p_value)}, {_p(r.q_value, 'q')}"
    elif r.classification in (INCREASE, DECREASE):
        # Significant alone, but not once the other indicators tested are allowed for.
        tail = "not significant once the number of indicators tested is allowed for"
        tested = f"{_p(r.p_value)}, {_p(r.q_value, 'q')}"
    else:
        tail = r.classification
        tested = _p(r.p_value)
    runs = [
        Run(r.indicator, bold=True),
        Run(
            f" {verb} from {count(r.baseline_count)} {unit} in {B} to {count(r.count)} in {P} "
            f"({fmt(r.change, 'signed')}{pct}): {tail} ({tested})."
        ),
    ]
    if ind is not None and ind.source in ctx.illustrative_sources():
        runs.append(Run(f" [{ILLUSTRATIVE}]", italic=True))
    return runs


def hides_change(ctx: BuildContext, r: IndicatorRow) -> bool:
    d = ctx.disclosure
    return d.applies(sensitive=r.sensitive, level=ctx.area.level) and (
        d.is_small(r.count) or d.is_small(r.baseline_count)
    )


def drafted_findings(ctx: BuildContext) -> list[list[Run]]:
    """All crime first, then every change with q < α, most significant first (police.uk
    and agency indicators alike), then the indicators that could not be compared."""
    master = ctx.master()
    items: list[list[Run]] = []
    total = next((r for r in master.rows if r.indicator_id == ALL_CRIME_ID), None)
    if total is not None:
        items.append(_finding(ctx, total))
    significant = sorted(
        (r for r in master.rows if is_key_finding(r, ctx.alpha) and r.indicator_id != ALL_CRIME_ID),
        key=lambda r: (r.q_value, r.p_value, r.indicator),
    )
    # A finding quotes both counts and the change: one on a count the edition hides
    # would give it away (only possible for an area below district level).
    significant = [r for r in significant if not hides_change(ctx, r)]
    items += [_finding(ctx, r) for r in significant]
    not_compared = [r.indicator for r in master.rows if r.classification == NOT_COMPARED]
    if not_compared:
        items.append(
            [
                Run(
                    "Not compared, because months are missing from their data (see Data "
                    "notes): " + ", ".join(not_compared) + "."
                )
            ]
        )
    if not significant:
        items.append(
            [
                Run(
                    f"No other indicator changed significantly between {ctx.baseline.label} and "
                    f"{ctx.period.label} once the number of indicators tested is allowed for "
                    f"(q < {ctx.alpha:g})."
                )
            ]
        )
    return items


def build_key_findings(ctx: BuildContext, chapter: ChapterSpec) -> Section:
    found = ctx.narrative.get(chapter.id)
    if found is not None and found[2]:  # the analyst has written them
        return Section(chapter.id, chapter.title, blocks=[slot(chapter.id)], kind="key-findings")
    tested = sum(1 for r in ctx.master().rows if r.p_value is not None)
    body = Narrative(
        [
            Paragraph(
                [
                    Run(
                        "Drafted automatically from the changes between "
                        f"{ctx.baseline.label} and {ctx.period.label} that are statistically "
                        f"significant (exact conditional test, p < {ctx.alpha:g}) once the "
                        "number of indicators tested is allowed for (Benjamini–Hochberg "
                        f"q-value across the {tested} indicators tested, "
                        f"q < {ctx.alpha:g}). Replace this list with your own by writing "
                        f"{chapter.id}.md in the narrative folder."
                    )
                ]
            ),
            ListBlock(drafted_findings(ctx)),
        ],
        origin="drafted",
        draft=True,
    )
    return Section(
        chapter.id,
        chapter.title,
        blocks=[Callout("Draft key findings", body, kind="draft")],
        kind="key-findings",
    )


# The kinds this module adds (see the assessment plugin).
KINDS = (
    SectionKind(
        "key-findings",
        build_key_findings,
        help="Key findings: the analyst's, or a draft list from the significant changes.",
    ),
)
