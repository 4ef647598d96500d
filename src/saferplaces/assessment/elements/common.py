"""What element builders share: which indicators an element is about, and its id."""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
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
