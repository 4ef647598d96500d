"""What element builders share: which indicators an element is about, and its id."""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.document.formatting import fmt
from saferplaces.indicators.registry import Indicator

INDICATOR_FIELDS: dict[str, type | tuple[type, ...]] = {
    "indicator": str,
    "indicators": list,
    "id": str,
    "caption": str,
}


def indicators_for(
    ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec
) -> list[Indicator]:
    """The element's indicators (``indicator``/``indicators``, else the chapter's) that
    hold data; absent ones are noted."""
    opts = element.options
    if "indicator" in opts:
        ids = [str(opts["indicator"])]
    elif "indicators" in opts:
        ids = [str(i) for i in opts["indicators"]]
    else:
        ids = [str(i) for i in chapter.get("indicators") or []]
    return ctx.available(ids, chapter.title)


def first_indicator(
    ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec
) -> Indicator | None:
    found = indicators_for(ctx, chapter, element)
    return found[0] if found else None


def element_id(
    ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec, ind: Indicator | None
) -> str:
    """``id`` from the spec, else ``<chapter>-<element>``, plus ``-<indicator>`` when the
    chapter has several indicators (``acquisitive-trend-burglary``)."""
    if element.options.get("id"):
        return ctx.claim_id(str(element.options["id"]))
    wanted = f"{chapter.id}-{element.kind}"
    if ind is not None and len(chapter.get("indicators") or []) > 1:
        wanted += f"-{ind.id}"
    return ctx.claim_id(wanted)


def lower_name(ind: Indicator) -> str:
    """The indicator's name inside a sentence: "anti-social behaviour", "burglary"."""
    name = ind.name
    return name if name.isupper() or name[:2].isupper() else name[0].lower() + name[1:]


def per_text(ind: Indicator) -> str:
    return {"households": "per 1,000 households", "residents": "per 1,000 residents"}.get(
        ind.denominator or "", ""
    )


ALL_CRIME_ID = "all-crime"


def caption_of(ctx: BuildContext, element: ElementSpec) -> str | None:
    """The spec's caption for an element, with values substituted, or None."""
    from saferplaces.assessment.values import resolve_plain

    text = element.options.get("caption")
    return resolve_plain(ctx, str(text), ctx.spec.file, element.line) if text else None


CI_NOTE = (
    "95% CI: the exact (Garwood) 95% confidence interval of the rate, from the Poisson "
    "interval of the count (methods.md); the smaller the count, the wider the interval."
)


def rate_ci_text(low: float | None, high: float | None) -> str | None:
    """A rate's 95% confidence interval as table text, ``"12.30 to 15.61"``; None when
    there is none (no denominator, a weighted sum)."""
    if low is None or high is None:
        return None
    return f"{fmt(low, 'rate')} to {fmt(high, 'rate')}"
