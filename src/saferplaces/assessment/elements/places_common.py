"""What the Places chapter's elements share: the chapter's data, category colours,
source lines and a flags-run note in words for a board."""

from __future__ import annotations

from typing import Any

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.render.palette import GREEN, ORANGE, PALE_GREY, SKY, VERMILLION

FIELDS: dict[str, type | tuple[type, ...]] = {"indicator": str, "id": str, "caption": str}
CATEGORY_ORDER = ("emerging", "sustaining", "preventing", "off")
CATEGORY_COLOURS = {
    "emerging": VERMILLION,
    "sustaining": ORANGE,
    "preventing": GREEN,
    "off": SKY,
    None: PALE_GREY,
}
BOUNDARIES = (
    "boundaries: Office for National Statistics, contains OS data © Crown copyright and "
    "database right 2025"
)
IOD = "English Indices of Deprivation 2025 (Ministry of Housing, Communities and Local Government)"


def places_data(
    ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec
) -> tuple[dict[str, Any] | None, Any]:
    indicator = str(element.options.get("indicator") or "all-crime")
    ind = ctx.indicator(indicator)
    if ind is None:
        ctx.leave_out(chapter.title, f"indicator {indicator!r} is not registered")
        return None, None
    if not ctx.has_data(ind):
        ctx.source_absent(chapter.title, ind.source)
        return None, None
    data, why = ctx.places(ind.id, chapter.get("flags") or None)
    if data is None:
        ctx.leave_out(chapter.title, f"the place-based analysis could not be made: {why}")
        return None, None
    ctx.used_indicators.setdefault(ind.id, ind)
    ctx.use_source(ind.source)
    return data, ind


_BOARD = (
    # The flags library speaks to an analyst at the command line; a board reads these.
    (r" ?Name them with --indicators and --allow-incomplete to rank on the months held\.", ""),
    (r" ?Give --against RUN to propose against one of them\.", ""),
    (r" Ranked with --allow-incomplete\.", " Ranked on the months held."),
    (r", as given with --against\.", ", as the analyst chose."),
    (
        r"For a short list of the places that stand out, raise --min-flags or rank fewer "
        r"--indicators\.",
        "So many wards on the list suggests the rule is too loose for this district: the "
        "analyst can ask for more flags per ward or rank on fewer indicators (the spec's "
        "Places chapter, flags: min_flags and indicators) so that the list names the "
        "places that stand out.",
    ),
    (r"Left out of the default indicators: ", "Not ranked this time: "),
    (r"--top and --min-flags", "share of wards flagged and minimum number of flags"),
    (r"--min-flags", "minimum number of flags"),
    (r"--top", "share of wards flagged"),
)


def board_note(text: str) -> str:
    """A flags-run note in words for a board (no command-line options).

    >>> board_note("Same indicators, measure, --top and --min-flags.")
    'Same indicators, measure, share of wards flagged and minimum number of flags.'
    """
    import re

    for pattern, words in _BOARD:
        text = re.sub(pattern, words, text)
    return text


def places_element_id(
    ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec, what: str
) -> str:
    if element.options.get("id"):
        return ctx.claim_id(str(element.options["id"]))
    return ctx.claim_id(f"{chapter.id}-{what}")


def category_label(c: str | None) -> str:
    return c.capitalize() if c else "Not listed"


def flag_run_source(ctx: BuildContext, data: dict[str, Any]) -> str:
    run = data["flags"]["run"]
    sources = []
    for ident in run["indicators"]:
        ind = ctx.indicator(ident)
        if ind is not None:
            sources.append(ind.source)
    sources = list(dict.fromkeys(sources))
    for source in sources:  # the chapter says so when any of them is illustrative
        ctx.use_source(source)
    return f"saferplaces place flags, run {run['id']}; " + ctx.sources_text(sources)
