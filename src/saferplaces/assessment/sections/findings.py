"""``key-findings``: drafted from the significant changes until the analyst writes them."""

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


def _p(p: float | None) -> str:
    if p is None:
        return "not tested"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _finding(ctx: BuildContext, r: IndicatorRow) -> list[Run]:
    ind = ctx.indicator(r.indicator_id)
    P, B = short_period_label(ctx.period), short_period_label(ctx.baseline)

    def count(n: int) -> str:
        return ctx.disclosure.count_text(n, sensitive=r.sensitive, level=ctx.area.level)

    verb = {INCREASE: "rose", DECREASE: "fell"}.get(r.classification, "changed")
    if r.change == 0:
        verb = "was unchanged"
    pct = "" if r.change_pct is None else f", {fmt(r.change_pct, 'pct')}"
    unit = ind.unit if ind else "records"
    tail = {
        INCREASE: "a significant increase",
        DECREASE: "a significant decrease",
    }.get(r.classification, r.classification)
    runs = [
        Run(r.indicator, bold=True),
        Run(
            f" {verb} from {count(r.baseline_count)} {unit} in {B} to {count(r.count)} in {P} "
            f"({fmt(r.change, 'signed')}{pct}): {tail} ({_p(r.p_value)})."
        ),
    ]
    if ind is not None and ind.source in ctx.illustrative_sources():
        runs.append(Run(f" [{ILLUSTRATIVE}]", italic=True))
    return runs


def _hides(ctx: BuildContext, r: IndicatorRow) -> bool:
    d = ctx.disclosure
    return d.applies(sensitive=r.sensitive, level=ctx.area.level) and (
        d.is_small(r.count) or d.is_small(r.baseline_count)
    )


def drafted_findings(ctx: BuildContext) -> list[list[Run]]:
    """All crime first, then every significant change, most significant first (police.uk
    and agency indicators alike), then the indicators that could not be compared."""
    master = ctx.master()
    items: list[list[Run]] = []
    total = next((r for r in master.rows if r.indicator_id == ALL_CRIME_ID), None)
    if total is not None:
        items.append(_finding(ctx, total))
    significant = sorted(
        (
            r
            for r in master.rows
            if r.classification in (INCREASE, DECREASE) and r.indicator_id != ALL_CRIME_ID
        ),
        key=lambda r: (r.p_value, r.indicator),
    )
    # A finding quotes both counts and the change: one on a count the edition hides
    # would give it away (only possible for an area below district level).
    significant = [r for r in significant if not _hides(ctx, r)]
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
                    f"{ctx.period.label}."
                )
            ]
        )
    return items


def build_key_findings(ctx: BuildContext, chapter: ChapterSpec) -> Section:
    found = ctx.narrative.get(chapter.id)
    if found is not None and found[2]:  # the analyst has written them
        return Section(chapter.id, chapter.title, blocks=[slot(chapter.id)], kind="key-findings")
    body = Narrative(
        [
            Paragraph(
                [
                    Run(
                        "Drafted automatically from the changes between "
                        f"{ctx.baseline.label} and {ctx.period.label} that are statistically "
                        f"significant (exact conditional test, p < {ctx.alpha:g}). Replace "
                        f"this list with your own by writing {chapter.id}.md in the narrative "
                        "folder."
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
