"""Pieces section builders share: narrative slots filled after numbering, and drafted
sentences about indicators."""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.common import ALL_CRIME_ID, lower_name, per_text
from saferplaces.assessment.formatting import (
    classification_phrase,
    missing_phrase,
    short_period_label,
)
from saferplaces.document.formatting import fmt
from saferplaces.document.model import ListBlock, Narrative, Paragraph, Run
from saferplaces.indicators.registry import Indicator
from saferplaces.indicators.stats import NOT_COMPARED

PENDING = "pending:"


def slot(section_id: str, prompt: str | None = None) -> Narrative:
    """Where the narrative of ``section_id`` goes. Filled after tables and figures are
    numbered (so text can say "Table 4"); if no text exists, ``prompt`` becomes a draft
    placeholder, and without a prompt the slot is dropped."""
    blocks = [Paragraph([Run(prompt)])] if prompt else []
    return Narrative(blocks, origin=f"{PENDING}{section_id}", draft=prompt is not None)


def drafted_parts(ctx: BuildContext, ind: Indicator) -> dict[str, str]:
    """The pieces drafted sentences quote: count, baseline, rate, change, class, P, B."""
    r = ctx.row(ind)
    level = ctx.area.level

    def count(n: int) -> str:
        return ctx.disclosure.count_text(n, sensitive=ind.sensitive, level=level)

    per = per_text(ind)
    phrase = classification_phrase(r.classification)
    if r.classification == NOT_COMPARED:
        # Eleven months against twelve is not a fall: no change is given at all.
        change = f"{missing_phrase(ctx.missing(ind))} from the data"
        phrase = "the two periods are not compared"
    else:
        change = fmt(r.change, "signed") + (
            "" if r.change_pct is None else f", {fmt(r.change_pct, 'pct')}"
        )
    if ctx.disclosure.applies(sensitive=ind.sensitive, level=level) and (
        ctx.disclosure.is_small(r.count) or ctx.disclosure.is_small(r.baseline_count)
    ):
        change, phrase = "change not shown: small numbers", "not shown"
    if r.kind == "proportion":
        # A share of people (completions of those in treatment): the percentage is the
        # figure, with its numbers beside it; its change is in percentage points.
        def share(pct, n, base) -> str:
            return (
                f"{pct:.1f}% ({count(n)} of {count(base or 0)})"
                if pct is not None
                else f"{count(n)} of {count(base or 0)} (too few to give a percentage)"
            )

        if r.classification != NOT_COMPARED and r.change_points is not None:
            change = f"{r.change_points:+.1f} percentage points"
        return {
            "count": share(r.percent, r.count, r.base),
            "baseline": share(r.baseline_percent, r.baseline_count, r.baseline_base),
            "rate": "",
            "change": change,
            "class": phrase,
            "P": short_period_label(ctx.period),
            "B": short_period_label(ctx.baseline),
        }
    return {
        "count": count(r.count),
        "baseline": count(r.baseline_count),
        "rate": f" ({fmt(r.rate_per_1000, 'rate')} {per})"
        if per and r.rate_per_1000 is not None
        else "",
        "change": change,
        "class": phrase,
        "P": short_period_label(ctx.period),
        "B": short_period_label(ctx.baseline),
    }


def indicator_sentence(ctx: BuildContext, ind: Indicator) -> list[Run]:
    """ "Burglary: 412 crimes in 2025 (...), against 380 in 2024 (+32, +8.4%): ..."."""
    p = drafted_parts(ctx, ind)
    unit = "" if ctx.row(ind).kind == "proportion" else f" {ind.unit}"
    return [
        Run(ind.name, bold=True),
        Run(
            f": {p['count']}{unit} in {p['P']}{p['rate']}, against {p['baseline']} in "
            f"{p['B']} ({p['change']}): {p['class']}."
        ),
    ]


def drafted_facts(ctx: BuildContext, inds: list[Indicator]) -> Narrative | None:
    """The facts of the chapter's indicators, drafted from the data (always current)."""
    if not inds:
        return None
    if len(inds) == 1:
        ind = inds[0]
        p = drafted_parts(ctx, ind)
        by = " by the police" if ind.source == "police-uk" else ""
        what = ind.unit if ind.id == ALL_CRIME_ID else f"{ind.unit} of {lower_name(ind)}"
        if lower_name(ind).endswith(ind.unit):
            what = lower_name(ind)  # "91 hate crimes", never "91 crimes of hate crimes"
        elif ind.source == "police-uk" and ind.id != ALL_CRIME_ID:
            # "272 crimes of drugs" reads badly; police.uk types are categories.
            what = f"{ind.unit} in the {lower_name(ind)} category"
        if ctx.row(ind).kind == "proportion":
            return Narrative([Paragraph(indicator_sentence(ctx, ind))], origin="drafted")
        text = (
            f"{ctx.area.name} had {p['count']} {what} recorded{by} in "
            f"{p['P']}{p['rate']}, against {p['baseline']} in {p['B']} ({p['change']}): "
            f"{p['class']}."
        )
        return Narrative([Paragraph([Run(text)])], origin="drafted")
    return Narrative([ListBlock([indicator_sentence(ctx, i) for i in inds])], origin="drafted")
