"""What the Places chapter's elements share: the flags run the chapter shows and the
element's indicator, category colours and source lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.core.messages import Note
from saferplaces.core.options import Options
from saferplaces.document.palette import CATEGORIES
from saferplaces.indicators.registry import Indicator
from saferplaces.places.categories import LISTED, OFF
from saferplaces.places.options import INDICATOR

if TYPE_CHECKING:
    from saferplaces.places.chapter import ChapterFlags
    from saferplaces.places.flags import WardFlags

# Every place element takes the indicator of the chapter's analyses (all crime by default).
FIELDS: dict[str, object] = {"indicator": INDICATOR, "id": str, "caption": str}
# One colour per category, as on every map and web tag (document/palette.py).
CATEGORY_COLOURS = {k: c.colour for k, c in CATEGORIES.items()}
BOUNDARIES = (
    "boundaries: Office for National Statistics, contains OS data © Crown copyright and "
    "database right 2025"
)
IOD = "English Indices of Deprivation 2025 (Ministry of Housing, Communities and Local Government)"


def fields_of(options: Options) -> dict[str, object]:
    """An element's spec fields: the analysis options the spec offers, an id and a
    caption (the spec checks each option's value as the library does)."""
    return {**{o.name: o for o in options.on("spec")}, "id": str, "caption": str}


def option(element: ElementSpec, options: Options, name: str):
    """The element's value of an analysis option, or the option's default."""
    value = element.options.get(name)
    return options[name].default if value is None else value


def place_inputs(
    ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec
) -> tuple[ChapterFlags | None, Indicator | None]:
    """The flags run the chapter shows and the element's indicator; (None, None) after
    saying why the element is left out. Without a stored flags run with the chapter's
    settings the whole chapter is left out: the assessment reads runs, never makes one."""
    indicator = str(element.options.get("indicator") or INDICATOR.default)
    ind = ctx.indicator(indicator)
    if ind is None:
        ctx.leave_out(chapter.title, f"indicator {indicator!r} is not registered")
        return None, None
    if not ctx.has_data(ind):
        ctx.source_absent(chapter.title, ind.source)
        return None, None
    flags, why = ctx.place_flags(chapter.get("flags") or None)
    if flags is None:
        ctx.leave_out(chapter.title, why)
        return None, None
    ctx.used_indicators.setdefault(ind.id, ind)
    ctx.use_source(ind.source)
    return flags, ind


def analysis_failed(ctx: BuildContext, chapter: ChapterSpec, what: str, why: Note) -> list:
    """Leave an analysis out, saying why; an element with nothing to show returns []."""
    ctx.leave_out(chapter.title, Note(f"{what}: ", why, code="places.analysis-left-out"))
    return []


def listed_wards(flags: ChapterFlags) -> list[WardFlags]:
    """The wards on the list in the run (emerging, sustaining, preventing) and those that
    came off it, most flags first."""
    return [w for w in flags.run.wards if w.category in LISTED or w.category == OFF]


def indicator_names(flags: ChapterFlags, ids: list[str]) -> list[str]:
    """Indicator ids of the run as names (an id no longer registered as it is)."""
    names = {i.id: i.name for i in flags.run.indicators}
    return [names.get(x, x) for x in ids]


def places_element_id(
    ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec, what: str
) -> str:
    if element.options.get("id"):
        return ctx.claim_id(str(element.options["id"]))
    return ctx.claim_id(f"{chapter.id}-{what}")


def category_label(c: str | None) -> str:
    return c.capitalize() if c else "Not listed"


def flag_run_source(ctx: BuildContext, flags: ChapterFlags) -> str:
    sources = list(dict.fromkeys(i.source for i in flags.run.indicators))
    for source in sources:  # the chapter says so when any of them is illustrative
        ctx.use_source(source)
    return f"saferplaces place flags, run {flags.run.id}; " + ctx.sources_text(sources)
