"""Which months of a period the sources behind a place analysis hold (``methods.md``:
a period with months missing from a source "is never silently compared").

Every place analysis asks :func:`check_period` first. A source with no month of the
period at all is refused (there is nothing to analyse, and zeros would pass for "no
crime"); a source missing some months gives a note that the output carries, in the
table and in the JSON (``coverage``).

>>> # covs, notes = check_period(wh, area, period, [indicator])
"""

from __future__ import annotations

from collections.abc import Iterable

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Hint
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.indicators.registry import Indicator
from saferplaces.places.options import FLAGS
from saferplaces.quality.coverage import Coverage, coverage
from saferplaces.warehouse.connection import Warehouse


class IncompletePeriodError(SaferplacesError):
    """The period has months missing from a source the analysis uses."""

    code = "period.incomplete"


def coverages(
    wh: Warehouse, area: Area, period: Period, indicators: Iterable[Indicator]
) -> list[Coverage]:
    """The coverage of each distinct source of ``indicators`` (in first-use order)."""
    sources = dict.fromkeys(i.source for i in indicators)
    return [coverage(wh, s, area, period) for s in sources]


def incomplete_note(c: Coverage) -> str:
    return f"Incomplete: {c.describe()}; figures cover only the months held."


def check_period(
    wh: Warehouse,
    area: Area,
    period: Period,
    indicators: Iterable[Indicator],
    *,
    allow_incomplete: bool = True,
    what: str = "this analysis",
) -> tuple[list[Coverage], list[str]]:
    """(coverage of each source, a note per incomplete source).

    Raises :class:`IncompletePeriodError` when a source holds no month of the period, or,
    with ``allow_incomplete=False``, when it misses any month.
    """
    covs = coverages(wh, area, period, indicators)
    for c in covs:
        if c.missing and len(c.missing) == period.months:
            raise IncompletePeriodError(
                f"{c.describe()}: no data at all for {what}; choose a period that is loaded "
                "(see `saferplaces quality`)"
            )
    incomplete = [c for c in covs if not c.complete]
    if incomplete and not allow_incomplete:
        raise IncompletePeriodError(
            f"{incomplete[0].describe()}: {what} needs every month; choose a period that is loaded",
            Hint(
                ", or ",
                FLAGS["allow_incomplete"].param(True, "give"),
                " to use the months held",
            ),
            code="period.incomplete",
            data={"coverage": incomplete[0].to_dict()},
        )
    return covs, [incomplete_note(c) for c in incomplete]
