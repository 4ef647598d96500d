"""How documents word the library's notes: for a board and the public, settings named
in words ("minimum number of flags"), and no hint meant for whoever runs the analysis
(:mod:`saferplaces.core.messages`). A few notes have sentences of their own here, where a
reader of the document needs something said differently, not just less.

>>> from saferplaces.core.messages import Hint, Note, Param
>>> document_text(Note("Same ", Param("min_flags", "minimum number of flags"), ".",
...                    Hint(" Give ", Param("against", "previous run", "RUN"), ".")))
'Same minimum number of flags.'
"""

from __future__ import annotations

from typing import Any

from saferplaces.core.messages import Note, Phrasing, phrase


def _default_left_out(n: Note) -> str:
    d = n.data
    return f"Not ranked this time: {d['indicators']} ({d['coverage']})."


def _previous_chosen(n: Note) -> str:
    d = n.data
    return (
        f"Categories are proposed against run {d['run_id']} ({d['start']} to {d['end']}), as "
        "the analyst chose."
    )


def _too_many(n: Note) -> str:
    d = n.data
    return (
        f"{d['emerging']} of {d['wards']} wards are proposed emerging: with {d['indicators']} "
        f"indicators, {d['min_flags']} flags are easily reached. So many wards on the list "
        "suggests the rule is too loose for this district: the analyst can ask for more flags "
        "per ward or rank on fewer indicators (the spec's Places chapter, flags: min_flags and "
        "indicators) so that the list names the places that stand out."
    )


def _no_flags_run(n: Note) -> str:
    d = n.data
    return (
        f"no place-flags run is held for {d['period_label']} with the chapter's settings "
        f"({len(d['indicators'])} indicators ranked, the top {d['top']:.0%} of wards flagged "
        f"on each, {d['min_flags']} or more flags to be listed); the chapter is shown once the "
        "partnership's place flags for the period have been run with these settings"
    )


def _outside_area(n: Note) -> str:
    d = n.data
    return (
        f"The table counts records in {d['area']} only: {d['rows']:,} records elsewhere, or "
        "with no known location, are not in it."
    )


def _spanning(n: Note) -> str:
    d = n.data
    return (
        f"{d['rows']:,} records that span months both inside and outside {d['period']} cannot "
        "be split, so they are not counted here."
    )


DOCUMENT = Phrasing(
    sentences={
        "flags.default-left-out": _default_left_out,
        "flags.previous-run.chosen": _previous_chosen,
        "flags.too-many": _too_many,
        "places.no-flags-run": _no_flags_run,
        "crosstab.outside-area": _outside_area,
        "crosstab.spanning-months": _spanning,
    }
)


def document_text(text: Any) -> str:
    """A note or any text as a document says it."""
    return phrase(text, DOCUMENT) or "" if isinstance(text, Note) else str(text)
